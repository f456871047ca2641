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
#include "safeopen.h"

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

/* Longest path the compat resolver builds while expanding symlinks. */
#define RESOLVE_MAX (64u << 10)
/* Symlinks followed per resolution, as the kernel (MAXSYMLINKS). */
#define RESOLVE_LINKS 40

static bool same_inode(int fd, const struct stat *st)
{
	struct stat s;

	return fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino;
}

int open_in_root_compat(int rootfd, const char *path, bool follow_last)
{
	struct stat root_st, st;
	char *rest, target[PATH_MAX];
	size_t len = strlen(path);
	int cur, links = 0, err = 0;

	if (len >= RESOLVE_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (fstat(rootfd, &root_st) < 0 || !(rest = malloc(RESOLVE_MAX)))
		return -1;
	memcpy(rest, path, len + 1);
	if ((cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 0)) < 0) {
		free(rest);
		return -1;
	}
	for (;;) {
		char *p = rest, *comp;
		size_t clen;
		bool last;
		int next;
		ssize_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		while (*p && *p != '/')
			p++;
		clen = (size_t)(p - comp);
		while (*p == '/')
			p++;
		last = !*p;
		if (clen == 1 && comp[0] == '.') {
			memmove(rest, p, strlen(p) + 1);
			continue;
		}
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			/* Never above the root, as in a chroot. */
			if (!same_inode(cur, &root_st)) {
				next = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
				if (next < 0) {
					err = errno;
					break;
				}
				close(cur);
				cur = next;
			}
			memmove(rest, p, strlen(p) + 1);
			continue;
		}
		comp[clen] = '\0';
		next = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 || fstat(next, &st) < 0) {
			err = errno;
			if (next >= 0)
				close(next);
			break;
		}
		if (!S_ISLNK(st.st_mode) || (last && !follow_last)) {
			close(cur);
			cur = next;
			memmove(rest, p, strlen(p) + 1);
			continue;
		}
		/* A symlink: its target, then what was left, resolved from here or the root. */
		n = readlinkat(next, "", target, sizeof(target) - 1);
		close(next);
		if (n < 0 || ++links > RESOLVE_LINKS) {
			err = n < 0 ? errno : ELOOP;
			break;
		}
		target[n] = '\0';
		len = strlen(p);
		if ((size_t)n + 1 + len >= RESOLVE_MAX) {
			err = ENAMETOOLONG;
			break;
		}
		memmove(rest + n + 1, p, len + 1);
		memcpy(rest, target, (size_t)n);
		rest[n] = '/';
		if (target[0] == '/') {
			next = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
			if (next < 0) {
				err = errno;
				break;
			}
			close(cur);
			cur = next;
		}
	}
	free(rest);
	if (err) {
		close(cur);
		errno = err;
		return -1;
	}
	return cur;
}

int open_in_root(int rootfd, const char *path, bool follow_last)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = -1;

	while (*path == '/')
		path++;
	/* EAGAIN: a rename elsewhere raced with ".." (the kernel asks to retry). */
	for (int i = 0; i < 8; i++) {
		fd = syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	/* Before 5.6, or a seccomp filter that does not know the call. */
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		return open_in_root_compat(rootfd, path, follow_last);
	return (int)fd;
}

char *path_in_root(int rootfd, const char *root_path, const char *path, bool follow_last)
{
	char proc[64], buf[PATH_MAX];
	int fd = open_in_root(rootfd, path, follow_last), err;
	ssize_t n;

	(void)root_path;
	if (fd < 0)
		return NULL;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0) {
		errno = err;
		return NULL;
	}
	buf[n] = '\0';
	return strdup(buf);
}

/* Open the regular file pfd (O_PATH, closed here) names: common/safeopen.h. */
static int reopen_regular(int pfd, struct stat *st, const char **why)
{
	int fd = afalg_reopen_ro(pfd, 0, st, why), err = errno;

	close(pfd);
	errno = err;
	return fd;
}

int open_regular_at(int dirfd, const char *name, bool follow, struct stat *st, const char **why)
{
	int pfd = openat(dirfd, name, O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));

	*why = "cannot open";
	return pfd < 0 ? -1 : reopen_regular(pfd, st, why);
}

int open_regular_in_root(int rootfd, const char *path, struct stat *st, const char **why)
{
	int pfd = open_in_root(rootfd, path, true);

	*why = "cannot open";
	return pfd < 0 ? -1 : reopen_regular(pfd, st, why);
}

int open_dir_in_root(int rootfd, const char *path)
{
	int pfd = rootfd >= 0 ? open_in_root(rootfd, path, true)
			      : open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int fd, err;

	if (pfd < 0)
		return -1;
	fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = errno;
	close(pfd);
	errno = err;
	return fd;
}
