/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Big archive members go to disk, not to memory: an unlinked temporary file
 * (O_TMPFILE) in $TMPDIR or /var/tmp, written, mapped and analysed like an
 * installed file, then closed.  No name ever exists for it, so nothing is
 * left behind whatever ends the scan (SIGINT, SIGKILL, a crash).  Each file
 * holds one member (at most --max-member bytes), one per worker at a time.
 */
#ifndef AFALG_SPOOL_H
#define AFALG_SPOOL_H

#include <stddef.h>

struct scan_ctx;

/* The directory used: $TMPDIR if set and not empty, else /var/tmp. */
const char *spool_dir(void);
/*
 * A new empty unlinked temporary file, read-write, or -1.  On failure the
 * first time, one warning line says big members are analysed in memory.
 */
int spool_open(struct scan_ctx *ctx);
/* All of buf appended to fd: 0 or -errno. */
int spool_write(int fd, const void *buf, size_t n);

#endif /* AFALG_SPOOL_H */
