// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Workloads for bench/fallback-bench: prints ns per operation.
 *   fallback_bench getppid N     N getppid() calls: a system call none of
 *                                the hooks selects (pure slow-path cost)
 *   fallback_bench sockpair N    N send+recv of 64 bytes on a UNIX
 *                                socketpair: socket system calls of another
 *                                family
 *   fallback_bench afalg-socket N  N socket(AF_ALG, SOCK_SEQPACKET, 0)
 *                                attempts (EAFNOSUPPORT where AF_ALG is
 *                                off; closed again where it works): the
 *                                call both tracers record
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc == 3 ? atol(argv[2]) : 0;
	char buf[64] = {0};
	double t0, t1;

	if (n <= 0) {
		fprintf(stderr, "usage: fallback_bench getppid|sockpair|afalg-socket N\n");
		return 2;
	}
	if (!strcmp(argv[1], "getppid")) {
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			getppid();
		t1 = now_ns();
	} else if (!strcmp(argv[1], "sockpair")) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
			perror("socketpair");
			return 1;
		}
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			if (send(sv[0], buf, sizeof(buf), 0) != sizeof(buf) ||
			    recv(sv[1], buf, sizeof(buf), 0) != sizeof(buf)) {
				perror("send/recv");
				return 1;
			}
		t1 = now_ns();
	} else if (!strcmp(argv[1], "afalg-socket")) {
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			int fd = socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0);

			if (fd >= 0)
				close(fd);
			else if (errno != EAFNOSUPPORT) {
				perror("socket(AF_ALG)");
				return 1;
			}
		}
		t1 = now_ns();
	} else {
		fprintf(stderr, "fallback_bench: unknown workload '%s'\n", argv[1]);
		return 2;
	}
	printf("%.1f\n", (t1 - t0) / (double)n);
	return 0;
}
