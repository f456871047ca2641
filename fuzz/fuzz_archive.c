// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The archive reader: a .deb (ar, control.tar.*, data.tar.* through
 * libarchive) or an .rpm (lead, headers, cpio payload), detected from its
 * first bytes and read in place from a mapping, as scan_path does; every
 * member that looks like ELF or a script is analysed too.
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
	enum archive_kind kind = archive_detect(data, size < 512 ? size : 512);

	if (kind == ARCHIVE_NONE || fuzz_map(data, size, &m) < 0)
		return 0;
	fuzz_scan_begin(&ctx);
	archive_scan(&ctx, kind == ARCHIVE_DEB ? "/fuzz/input.deb" : "/fuzz/input.rpm", m.data,
		     m.size, kind);
	unmap_file(&m);
	fuzz_scan_end(&ctx);
	return 0;
}
