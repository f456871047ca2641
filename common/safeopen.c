// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "safeopen.h"

/* fd (filled into *st) is the regular file that was found as *found. */
static bool same_file(int fd, const struct stat *found, struct stat *st)
{
	return fstat(fd, st) == 0 && S_ISREG(st->st_mode) && st->st_dev == found->st_dev &&
	       st->st_ino == found->st_ino;
}

int afalg_reopen_ro(int pfd, off_t max, struct stat *st, const char **why)
{
	struct stat pst;
	char proc[64];
	int fd;

	*why = "cannot open";
	if (fstat(pfd, &pst) < 0)
		return -1;
	if (!S_ISREG(pst.st_mode)) {
		*why = S_ISLNK(pst.st_mode) ? "a symbolic link (not followed)"
					    : "not a regular file";
		errno = 0;
		return -1;
	}
	if (max > 0 && pst.st_size > max) {
		*why = "too large";
		errno = 0;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (!same_file(fd, &pst, st)) {
		*why = "replaced while being opened";
		close(fd);
		errno = 0;
		return -1;
	}
	return fd;
}

int afalg_open_ro(int dirfd, const char *path, unsigned flags, off_t max, struct stat *st,
		  const char **why)
{
	int nofollow = (flags & AFALG_RO_NOFOLLOW) ? O_NOFOLLOW : 0;
	struct stat pst;
	int pfd, fd, err;

	*why = "cannot open";
	pfd = openat(dirfd, path, O_PATH | O_CLOEXEC | nofollow);
	if (pfd < 0)
		return -1;
	fd = afalg_reopen_ro(pfd, max, st, why);
	if (fd < 0 && errno == ENOENT && fstat(pfd, &pst) == 0 && S_ISREG(pst.st_mode)) {
		/* no /proc: by the path again, compared with what O_PATH found */
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | nofollow);
		if (fd >= 0 && !same_file(fd, &pst, st)) {
			*why = "replaced while being opened";
			close(fd);
			fd = -1;
			errno = 0;
		}
	}
	err = errno;
	close(pfd);
	errno = err;
	return fd;
}
