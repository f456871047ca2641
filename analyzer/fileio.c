// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "fileio.h"
#include "mapguard.h"

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
	mapguard_add(p, size);
	return 0;
}

void unmap_file(struct mapping *m)
{
	if (m->data) {
		mapguard_remove(m->data);
		munmap(m->data, m->size);
	}
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

char *path_in_root(int rootfd, const char *root_path, const char *path, bool follow_last)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char proc[64], buf[PATH_MAX], *out;
	long fd;
	ssize_t n;

	while (*path == '/')
		path++;
	fd = syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		struct stat st;

		if (asprintf(&out, "%s/%s", root_path, path) < 0)
			return NULL;
		if ((follow_last ? stat : lstat)(out, &st) < 0) {
			free(out);
			return NULL;
		}
		return out;
	}
	if (fd < 0)
		return NULL;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%ld", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	close((int)fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}
