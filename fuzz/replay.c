// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A main() for the fuzz targets without libFuzzer: each argument, a file or a
 * directory of files, is read and handed to LLVMFuzzerTestOneInput() once.
 *
 * Why: the targets are built with libFuzzer only in the clang build
 * (AFALG_FUZZ=ON), which a developer rarely runs.  Built with this driver in
 * every test build, the harnesses compile against today's APIs (a changed
 * signature breaks the gcc -Werror build, not only CI's clang step) and the
 * seed corpus — which holds the inputs that once crashed the readers — is
 * replayed under the ASan+UBSan build as a regression test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The largest seed is a few hundred KiB; libFuzzer's own default is 1 MiB. */
#define REPLAY_MAX_INPUT (16u << 20)

static int replay_file(const char *path, unsigned *count)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(REPLAY_MAX_INPUT + 1);
	if (!buf) {
		fclose(f);
		fprintf(stderr, "replay: %s: out of memory\n", path);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX_INPUT + 1, f);
	if (ferror(f) || n > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: %s: %s\n", path,
			ferror(f) ? "read error" : "larger than 16 MiB");
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	(*count)++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay_dir(const char *dir, unsigned *count)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, by_name), rc = 0;

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (ents[i]->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name) <
			    (int)sizeof(path) &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode) && replay_file(path, count))
			rc = -1;
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = 2;
		} else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count)
					       : replay_file(argv[i], &count)) {
			rc = 2;
		}
	}
	/* An empty corpus would make the test pass having run nothing. */
	if (!count) {
		fprintf(stderr, "replay: no input found\n");
		return 2;
	}
	printf("replayed %u inputs\n", count);
	return rc;
}
