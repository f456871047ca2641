// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The control.tar reader of a .deb (issue #15): the input is the
 * control.tar member itself (any compression libarchive knows, or none),
 * wrapped here into a .deb with a small valid data.tar behind it, so that
 * every mutation lands in control.tar: its entries read through and
 * counted, the "control" file's Package/Version, and the bounds (decompressed
 * bytes and entries per archive, fuzz_scan.c's smaller limits) that stop a
 * decompression bomb or a flood of headers before data.tar is reached.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_scan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define AR_HDR 60

/* data.tar: one shell script running a libkcapi tool (a finding when reached). */
static unsigned char data_tar[512 * 4];

static void tar_header(unsigned char *h, const char *name, size_t size)
{
	unsigned sum = 0;

	memset(h, 0, 512);
	snprintf((char *)h, 100, "%s", name);
	memcpy(h + 100, "0000755", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	snprintf((char *)h + 124, 12, "%011o", (unsigned)size);
	memcpy(h + 136, "00000000000", 12);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char script[] = "#!/bin/sh\nsha512hmac -c /boot/.vmlinuz.hmac\n";

	(void)argc;
	(void)argv;
	fuzz_scan_global_init();
	tar_header(data_tar, "./usr/lib/dracut/fips.sh", sizeof(script) - 1);
	memcpy(data_tar + 512, script, sizeof(script) - 1);
	return 0;
}

static size_t ar_member(unsigned char *out, const char *name, const void *body, size_t n)
{
	char h[AR_HDR + 1];

	snprintf(h, sizeof(h), "%-16s%-12u%-6u%-6u%-8s%-10zu`\n", name, 0u, 0u, 0u, "100644", n);
	memcpy(out, h, AR_HDR);
	memcpy(out + AR_HDR, body, n);
	if (n & 1)
		out[AR_HDR + n++] = '\n';
	return AR_HDR + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = 8 + 3 * (AR_HDR + 1) + 4 + size + sizeof(data_tar), n = 8;
	unsigned char *deb;
	struct scan_ctx ctx;
	struct mapping m;

	if (size > (64u << 20) || !(deb = malloc(cap)))
		return 0;
	memcpy(deb, "!<arch>\n", 8);
	n += ar_member(deb + n, "debian-binary", "2.0\n", 4);
	n += ar_member(deb + n, "control.tar", data, size);
	n += ar_member(deb + n, "data.tar", data_tar, sizeof(data_tar));
	if (fuzz_map(deb, n, &m) == 0) {
		fuzz_scan_begin(&ctx);
		archive_scan(&ctx, "/fuzz/input.deb", m.data, m.size, ARCHIVE_DEB);
		unmap_file(&m);
		fuzz_scan_end(&ctx);
	}
	free(deb);
	return 0;
}
