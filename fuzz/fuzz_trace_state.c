// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The trace state loader (`trace --state FILE` merges the previous run's
 * JSON on restart): the input is written to a file, its shape checked
 * (tracer/trace_read.c), merged into an empty result by trace_result_load,
 * and the merged result written back as JSON.  What the loader accepts and
 * the tracer writes back must be accepted again and come back the same (a
 * state the tracer saved and then refused, or changed at each restart, is a
 * bug): the JSON is saved and loaded a second time, and compared.
 * trace_result_load takes a path and opens it with O_NOFOLLOW, so the input
 * goes to a real file (in $TMPDIR) rather than /proc/self/fd.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_output.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];

static void remove_state(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("TMPDIR");

	snprintf(path, sizeof(path), "%s/afalg-fuzz-state.%d.json", dir && *dir ? dir : "/tmp",
		 (int)getpid());
	atexit(remove_state);
	return 0;
}

static void write_state(const void *data, size_t size)
{
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		abort();
	while (done < size) {
		ssize_t n = write(fd, (const char *)data + done, size - done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_result r, r2;
	json_object *doc, *doc2;
	const char *text, *text2;

	write_state(data, size);
	trace_result_init(&r, NULL);
	if (trace_result_load(&r, path) == 0) {
		doc = trace_result_json(&r);
		text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
		if (!text)
			abort();
		/* Saved, then merged on the next start: accepted, and unchanged. */
		write_state(text, strlen(text));
		trace_result_init(&r2, NULL);
		if (trace_result_load(&r2, path) != 0) {
			fprintf(stderr, "the loader refused what the tracer wrote: %s\n", text);
			abort();
		}
		doc2 = trace_result_json(&r2);
		text2 = json_object_to_json_string_ext(doc2, JSON_C_TO_STRING_PLAIN);
		if (!text2 || strcmp(text, text2)) {
			fprintf(stderr, "a saved state came back changed:\n%s\n%s\n", text, text2);
			abort();
		}
		json_object_put(doc2);
		trace_result_free(&r2);
		json_object_put(doc);
	}
	trace_result_free(&r);
	return 0;
}
