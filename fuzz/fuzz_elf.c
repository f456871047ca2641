// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The ELF analyzer on one file: the input is mapped like a file on disk and
 * analysed by scan_buffer, the entry point scan_path uses once it has opened
 * and mapped a file (ELF headers, dynamic section, symbols, relocations,
 * Capstone call-site windows, strings, DWARF function and line names).
 */
#include <stdint.h>

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
	struct scan_ctx ctx;
	struct mapping m;
	struct file_result *r;

	if (fuzz_map(data, size, &m) < 0)
		return 0;
	fuzz_scan_begin(&ctx);
	/* A library path: no shebang needed, and resolve.c may link to it. */
	r = result_new("/usr/lib/x86_64-linux-gnu/libfuzz.so.1", NULL);
	if (r) {
		scan_buffer(&ctx, m.data, m.size, true, r);
		ctx_submit(&ctx, r);
	}
	unmap_file(&m);
	fuzz_scan_end(&ctx);
	return 0;
}
