// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * bind() with a struct sockaddr_alg ("hash", "sha256") on sockets that are
 * not AF_ALG (a UNIX datagram socket, an IPv4 one): the tracer must not
 * record these; then socket(AF_ALG), and where that works, the real bind,
 * which it must record.  Prints the errno of each call (0 = it worked):
 *   unix_bind=E inet_bind=E alg_socket=E [alg_bind=E]
 * socket(AF_ALG) comes last: once the tracer has it, it has seen the binds.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_alg.h>

static int try_bind(int family, int type)
{
	struct sockaddr_alg sa = {.salg_family = 38, .salg_type = "hash", .salg_name = "sha256"};
	int fd = socket(family, type, 0), err;

	if (fd < 0)
		return -errno; /* the socket, not the bind, failed */
	err = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? errno : 0;
	close(fd);
	return err;
}

int main(void)
{
	int unix_err = try_bind(AF_UNIX, SOCK_DGRAM);
	int inet_err = try_bind(AF_INET, SOCK_DGRAM);
	/* The flag must not reach the recorded type (__sock_create() gets it without). */
	int alg_err = try_bind(38 /* AF_ALG */, SOCK_SEQPACKET | SOCK_CLOEXEC);

	printf("unix_bind=%d inet_bind=%d ", unix_err, inet_err);
	if (alg_err < 0)
		printf("alg_socket=%d\n", -alg_err);
	else
		printf("alg_socket=0 alg_bind=%d\n", alg_err);
	return unix_err < 0 || inet_err < 0;
}
