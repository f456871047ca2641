// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afalg.h"
#include "scan_ctx.h"
#include "spool.h"

const char *spool_dir(void)
{
	const char *d = getenv("TMPDIR");

	return d && *d ? d : "/var/tmp";
}

int spool_open(struct scan_ctx *ctx)
{
	const char *dir = spool_dir();
	char *tmpl = NULL;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	/*
	 * File systems without O_TMPFILE: a named file, unlinked at once (a kill
	 * between the two system calls is the only way it can stay behind).
	 */
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) &&
	    asprintf(&tmpl, "%s/afalg-audit-member.XXXXXX", dir) >= 0) {
		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0 && unlink(tmpl) < 0) {
			close(fd);
			fd = -1;
		}
		free(tmpl);
	}
	if (fd < 0 && !atomic_exchange(&ctx->spool_warned, true) && ctx->print_errors) {
		int err = errno;

		pthread_mutex_lock(&ctx->lock);
		if (ctx->progress_active)
			fputs("\r\033[K", stderr);
		afalg_warn(dir,
			   "cannot create a temporary file: %s; archive members over %llu MiB "
			   "are analysed in memory",
			   strerror(err), (unsigned long long)(ctx->lim.max_in_memory >> 20));
		pthread_mutex_unlock(&ctx->lock);
	}
	return fd;
}

int spool_write(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -ENOSPC;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
