// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The script scanner: the input, read into memory as scan_path reads
 * scripts, analysed under three names — a shell script by suffix, a Python
 * source by suffix, and a file that is a script only if its shebang says so.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_scan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_scan_global_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"/usr/lib/dracut/modules.d/01fips/fips.sh",
		"/usr/lib/python3/dist-packages/afalg.py",
		"/usr/bin/tool",
	};
	struct scan_ctx ctx;
	/* An exact-size heap copy, so reading one byte too far is caught. */
	unsigned char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	fuzz_scan_begin(&ctx);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct file_result *r = result_new(names[i], NULL);

		if (!r)
			break;
		scan_buffer(&ctx, buf, size, false, r);
		ctx_submit(&ctx, r);
	}
	fuzz_scan_end(&ctx);
	free(buf);
	return 0;
}
