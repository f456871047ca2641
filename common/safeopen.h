/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Opening a file someone else may control, for reading, without side
 * effects: never a FIFO (open would wait for a writer), never a device (an
 * open alone can arm a watchdog or rewind a tape), never blocking on a lease,
 * bounded in size.  docs/security.md lists who uses it.
 */
#ifndef AFALG_SAFEOPEN_H
#define AFALG_SAFEOPEN_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The final component must not be a symbolic link (directories on the way may be). */
#define AFALG_RO_NOFOLLOW 1u

/*
 * Open path (relative to dirfd, or AT_FDCWD) read-only if it is a regular
 * file of at most max bytes (0: any size).  The file is first looked up with
 * O_PATH, which opens nothing, its type checked on that descriptor, and only
 * then opened, through /proc/self/fd (the same inode whatever happened to
 * the path meanwhile; without /proc, by its path again, and compared), with
 * O_NONBLOCK|O_NOCTTY.  Returns the fd with *st filled, or -1 with *why a
 * static reason (when it is "cannot open", errno says why).
 */
int afalg_open_ro(int dirfd, const char *path, unsigned flags, off_t max, struct stat *st,
		  const char **why);

/*
 * The same for a file already looked up: pfd is an O_PATH descriptor (or
 * any descriptor of the file), which stays open.  Used where the lookup has
 * its own rules (analyzer/fileio.c: inside a --root).  On failure, errno
 * ENOENT with *why "cannot open" means /proc is not mounted.
 */
int afalg_reopen_ro(int pfd, off_t max, struct stat *st, const char **why);

#endif /* AFALG_SAFEOPEN_H */
