/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Indirect users: a program or library that links (DT_NEEDED, transitively)
 * a library that uses AF_ALG uses it too, through that library.  Libraries
 * are found the way ld.so would: RPATH/RUNPATH (with $ORIGIN), then the
 * default directories; first among the scanned inputs (archives form one
 * overlay, like an installed system), then by soname among the scanned
 * inputs, then on this system (analysed on demand) unless disabled.
 */
#ifndef AFALG_RESOLVE_H
#define AFALG_RESOLVE_H

#include <stdbool.h>

struct scan_ctx;

/*
 * Runs after every worker finished, single-threaded, but for the archive
 * members it reads again (live_prefetch.h), in jobs threads.
 */
void resolve_indirect(struct scan_ctx *ctx, bool use_host, unsigned jobs);

/* Expand $ORIGIN / ${ORIGIN} in one RPATH/RUNPATH entry; malloc'd. */
char *resolve_expand_origin(const char *entry, const char *origin_dir);

#endif /* AFALG_RESOLVE_H */
