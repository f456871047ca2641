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
 * path as seen from inside root (an open directory), opened O_PATH: every
 * symlink on the way, absolute ones included, resolved inside root the way
 * a chroot would, ".." never above it; the last component followed only if
 * follow_last.  openat2(RESOLVE_IN_ROOT); on kernels before 5.6 (or where a
 * seccomp filter refuses openat2) open_in_root_compat(), which does the same
 * one component at a time (O_NOFOLLOW, symlinks read and expanded here, at
 * most 40).  An fd, or -1 with errno set.
 */
int open_in_root(int rootfd, const char *path, bool follow_last);
int open_in_root_compat(int rootfd, const char *path, bool follow_last);

/*
 * The path on this system of path as seen from inside root (open_in_root,
 * named through /proc/self/fd).  malloc'd; NULL with errno set if it does
 * not exist.  root_path is unused (kept for the callers).
 */
char *path_in_root(int rootfd, const char *root_path, const char *path, bool follow_last);

/*
 * Open a regular file for reading, never anything else (the file is looked
 * up O_PATH, its type checked, and only then opened, through
 * /proc/self/fd): name relative to dirfd (final symlink followed only if
 * follow), or path inside the root at rootfd (open_in_root).  An fd with *st
 * filled, or -1 with *why a static reason (errno set when it has one).
 */
int open_regular_at(int dirfd, const char *name, bool follow, struct stat *st, const char **why);
int open_regular_in_root(int rootfd, const char *path, struct stat *st, const char **why);
/*
 * A directory opened for reading (fdopendir): path inside the root at rootfd
 * (open_in_root), or, rootfd < 0, on this system.  -1 with errno set.
 */
int open_dir_in_root(int rootfd, const char *path);

#endif /* AFALG_FILEIO_H */
