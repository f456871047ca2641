// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "safeopen.h"

int afalg_open_ro(int dirfd, const char *path, unsigned flags, off_t max, struct stat *st,
		  const char **why)
{
	int nofollow = (flags & AFALG_RO_NOFOLLOW) ? O_NOFOLLOW : 0;
	struct stat pst;
	char proc[64];
	int pfd, fd, err;

	*why = "cannot open";
	pfd = openat(dirfd, path, O_PATH | O_CLOEXEC | nofollow);
	if (pfd < 0)
		return -1;
	if (fstat(pfd, &pst) < 0) {
		err = errno;
		close(pfd);
		errno = err;
		return -1;
	}
	if (!S_ISREG(pst.st_mode)) {
		*why = S_ISLNK(pst.st_mode) ? "a symbolic link (not followed)"
					    : "not a regular file";
		close(pfd);
		errno = 0;
		return -1;
	}
	if (max > 0 && pst.st_size > max) {
		*why = "too large";
		close(pfd);
		errno = 0;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT) /* no /proc: by the path again, compared below */
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | nofollow);
	err = errno;
	close(pfd);
	if (fd < 0) {
		errno = err;
		return -1;
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_dev != pst.st_dev ||
	    st->st_ino != pst.st_ino) {
		*why = "replaced while being opened";
		close(fd);
		errno = 0;
		return -1;
	}
	return fd;
}
