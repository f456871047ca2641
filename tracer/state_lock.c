// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The state file's lock: one tracer per state file (state_lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afalg.h"
#include "state_lock.h"

/*
 * Open the lock file: made private if new (O_EXCL), else the existing one
 * if it is a regular file of ours, looked at with O_PATH (which opens
 * nothing) before it is opened, and the same file once opened.  A lock file
 * of another user (planted in a shared directory) would let that user hold
 * the lock and keep the tracer from starting: refused.  -1 with *why set
 * (errno too when *why says "cannot open").
 */
static int open_lock(const char *lock, const char **why)
{
	for (int tries = 0; tries < 3; tries++) {
		struct stat st, st2;
		int fd, pfd;

		fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
			  0600);
		if (fd >= 0 || errno != EEXIST) {
			*why = "cannot create the state file's lock";
			return fd;
		}
		pfd = open(lock, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (pfd < 0 && errno == ENOENT)
			continue; /* removed meanwhile: create it */
		if (pfd < 0) {
			*why = "cannot open the state file's lock";
			return -1;
		}
		if (fstat(pfd, &st) < 0) {
			close(pfd);
			*why = "cannot open the state file's lock";
			return -1;
		}
		close(pfd);
		errno = 0;
		if (S_ISLNK(st.st_mode)) {
			*why = "the state file's lock is a symbolic link";
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			*why = "the state file's lock is not a regular file";
			return -1;
		}
		if (st.st_uid != geteuid()) {
			*why = "the state file's lock belongs to another user";
			return -1;
		}
		fd = open(lock, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0) {
			*why = "cannot open the state file's lock";
			return -1;
		}
		if (fstat(fd, &st2) < 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
			close(fd);
			errno = 0;
			*why = "the state file's lock was replaced while it was opened";
			return -1;
		}
		return fd;
	}
	errno = 0;
	*why = "the state file's lock keeps disappearing";
	return -1;
}

int trace_state_lock(const char *state_path)
{
	char lock[PATH_MAX], buf[24];
	const char *why;
	ssize_t n;
	long pid;
	int fd, len;

	if (snprintf(lock, sizeof(lock), "%s.lock", state_path) >= (int)sizeof(lock)) {
		afalg_err("trace", "%s: state file path too long for its lock file", state_path);
		return -1;
	}
	fd = open_lock(lock, &why);
	if (fd < 0) {
		if (errno)
			afalg_errno("trace", errno, "%s: %s", lock, why);
		else
			afalg_err("trace", "%s: %s", lock, why);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		/* Who holds it, for the message of the next one (best effort). */
		len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)len, 0) != len) {
			/* the lock holds without it */
		}
		return fd;
	}
	if (errno != EWOULDBLOCK) {
		afalg_errno("trace", errno, "%s: cannot lock the state file", lock);
		close(fd);
		return -1;
	}
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid > 0 && pid <= INT_MAX)
		afalg_err("trace",
			  "%s: in use by another tracer (pid %ld): one tracer per state file",
			  state_path, pid);
	else
		afalg_err("trace", "%s: in use by another tracer: one tracer per state file",
			  state_path);
	close(fd);
	return -1;
}

void trace_state_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}
