// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The trace state loader (`trace --state FILE` merges the previous run's
 * JSON on restart): the input is written to a file, merged into an empty
 * result by trace_result_load, and the merged result written back as JSON.
 * trace_result_load takes a path and opens it with O_NOFOLLOW, so the input
 * goes to a real file (in $TMPDIR) rather than /proc/self/fd.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_result r;
	json_object *doc;
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		abort();
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	close(fd);
	trace_result_init(&r, NULL);
	if (trace_result_load(&r, path) == 0) {
		doc = trace_result_json(&r);
		if (!json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN))
			abort();
		json_object_put(doc);
	}
	trace_result_free(&r);
	return 0;
}
