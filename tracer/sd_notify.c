// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * sd_notify(3)'s wire protocol, which is all the tracer needs of it: one
 * datagram to the AF_UNIX socket named by $NOTIFY_SOCKET.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sd_notify.h"

static struct sockaddr_un notify_addr;
static socklen_t notify_len;

void afalg_sd_notify_init(void)
{
	const char *p = getenv("NOTIFY_SOCKET");
	size_t n;

	notify_len = 0;
	if (!p)
		return;
	n = strlen(p);
	/* a path or "@abstract"; anything else is not the protocol */
	if ((p[0] == '/' || p[0] == '@') && n >= 2 && n < sizeof(notify_addr.sun_path)) {
		memset(&notify_addr, 0, sizeof(notify_addr));
		notify_addr.sun_family = AF_UNIX;
		memcpy(notify_addr.sun_path, p, n);
		if (p[0] == '@')
			notify_addr.sun_path[0] = '\0';
		notify_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
					 (p[0] == '/' ? 1 : 0));
	}
	unsetenv("NOTIFY_SOCKET");
}

int afalg_sd_notify(const char *msg)
{
	ssize_t w;
	int fd, err = 0;

	if (!notify_len)
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	w = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (const struct sockaddr *)&notify_addr,
		   notify_len);
	if (w < 0)
		err = -errno;
	else if ((size_t)w != strlen(msg))
		err = -EMSGSIZE;
	close(fd);
	return err;
}
