/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Live imports of archive members, fetched in one pass per archive (issue
 * #16 performance).  resolve.c asks, for a program that imports AF_ALG entry
 * points, whether code it can run calls them (reach_imports_live()), which
 * needs the program's bytes again.  For an archive member that means
 * decompressing its archive again up to the member: once per program, that
 * was a tenth of an archive survey's time (systemd's .deb alone has seven
 * such programs).  Before resolution, live_prefetch() reads each archive
 * once for all its members that import any entry point some scanned library
 * exports, in worker threads, and keeps only the answers.
 *
 * A member the prefetch did not answer for a name (a library found only on
 * the host during resolution, a fetch that failed) is the caller's to read
 * again, as before.
 */
#ifndef AFALG_LIVE_PREFETCH_H
#define AFALG_LIVE_PREFETCH_H

#include <stdbool.h>

#include "linkrec.h"

struct scan_ctx;
struct live_cache;

/*
 * The answers for the archive members (not other shards') of t that import
 * an entry point of a library in t, in jobs threads.  NULL when there is
 * nothing to answer or no memory: every lookup then says "not answered".
 */
struct live_cache *live_prefetch(struct scan_ctx *ctx, const struct link_table *t, unsigned jobs);
/*
 * Is import name of l called by live code?  true and *live set when the
 * prefetch answered it; false when it did not (read the member again).
 */
bool live_lookup(const struct live_cache *c, const struct link_rec *l, const char *name,
		 bool *live);
void live_cache_free(struct live_cache *c);

#endif /* AFALG_LIVE_PREFETCH_H */
