/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the analyzer fuzz targets share: a scan context set up the way
 * `afalg-audit scan` sets it up (smaller limits, so one input cannot take
 * seconds), and the stages after analysis — library resolution among the
 * inputs, sorting, JSON and text output — run over whatever the input
 * produced, so hostile strings reach the writers too.
 */
#ifndef AFALG_FUZZ_SCAN_H
#define AFALG_FUZZ_SCAN_H

#include <stddef.h>

#include "fileio.h"
#include "scan_ctx.h"

/* Once per process (LLVMFuzzerInitialize). */
void fuzz_scan_global_init(void);
void fuzz_scan_begin(struct scan_ctx *ctx);
/* Resolve, sort, write JSON and text (to /dev/null), free the context. */
void fuzz_scan_end(struct scan_ctx *ctx);
/*
 * Put data in a memory-backed file and map it the way scan_path maps a file
 * on disk (private, writable copy-on-write).  Returns 0 or -1.
 */
int fuzz_map(const unsigned char *data, size_t size, struct mapping *m);

#endif /* AFALG_FUZZ_SCAN_H */
