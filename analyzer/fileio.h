/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Opening and mapping untrusted files safely: never a FIFO or a device
 * (lstat first, O_NOFOLLOW|O_NONBLOCK, fstat after open and compare), never
 * through a final symlink, never writing through the mapping.
 */
#ifndef AFALG_FILEIO_H
#define AFALG_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/*
 * Open path read-only if it is a regular file.  expect: what the caller's
 * lstat saw (a tree walk already has it), or NULL to lstat here.  Returns an
 * fd, or -1 with *why set to a static reason (errno-based reasons use errno).
 */
int open_regular(const char *path, const struct stat *expect, struct stat *st, const char **why);

struct mapping {
	unsigned char *data;
	size_t size;
};

/*
 * Map the whole file privately (copy-on-write: libelf may convert data in
 * place, and that must never reach the file).  0 or -errno.
 */
int map_file(int fd, size_t size, struct mapping *m);
void unmap_file(struct mapping *m);

/* Read up to n bytes at offset into buf; returns bytes read or -errno. */
long read_at(int fd, void *buf, size_t n, off_t offset);

/*
 * The path on this system of path as seen from inside root (an open
 * directory): every symlink on the way, absolute ones included, resolved
 * inside root the way a chroot would (openat2 RESOLVE_IN_ROOT), the last
 * component only if follow_last.  malloc'd; NULL with errno set if it does
 * not exist.  Kernels before 5.6 have no openat2: then root's path is simply
 * prefixed (root_path), so absolute symlinks inside the root would lead out.
 */
char *path_in_root(int rootfd, const char *root_path, const char *path, bool follow_last);

#endif /* AFALG_FILEIO_H */
