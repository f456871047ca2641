// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fileio.h"

int open_regular(const char *path, const struct stat *expect, struct stat *st, const char **why)
{
	struct stat lst;
	int fd;

	*why = NULL;
	if (!expect) {
		if (lstat(path, &lst) < 0) {
			*why = "cannot stat";
			return -1;
		}
		expect = &lst;
	}
	if (!S_ISREG(expect->st_mode)) {
		*why = "not a regular file";
		errno = 0;
		return -1;
	}
	/* O_NONBLOCK: should the file be swapped for a FIFO after lstat, open won't hang. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*why = "cannot open";
		return -1;
	}
	if (fstat(fd, st) < 0) {
		*why = "cannot stat";
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode) || st->st_dev != expect->st_dev || st->st_ino != expect->st_ino) {
		*why = "file replaced while being scanned";
		errno = 0;
		close(fd);
		return -1;
	}
	return fd;
}

int map_file(int fd, size_t size, struct mapping *m)
{
	void *p;

	m->data = NULL;
	m->size = 0;
	if (size == 0)
		return 0;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->data = p;
	m->size = size;
	return 0;
}

void unmap_file(struct mapping *m)
{
	if (m->data)
		munmap(m->data, m->size);
	m->data = NULL;
	m->size = 0;
}

long read_at(int fd, void *buf, size_t n, off_t offset)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, offset + (off_t)done);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}
