// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Workloads for bench/trace-bench and bench/fallback-bench: prints ns per
 * operation.
 *   afalg_bench getppid N   N getppid() calls: pure system-call cost
 *   afalg_bench sockpair N  N send+recv of 64 bytes on a UNIX socketpair:
 *                           the socket LSM hooks the tracer uses fire, for a
 *                           family that is not AF_ALG
 *   afalg_bench hash N      N SHA-256 operations of 64 bytes through one
 *                           AF_ALG op socket (write + read)
 *   afalg_bench hash N AT S the same, pausing S seconds after AT operations
 *                           (tests: the tracer's data path switches while
 *                           the socket lives)
 *   afalg_bench afalg-socket N
 *                           N socket(AF_ALG) calls, each closed; where the
 *                           kernel has no AF_ALG (EAFNOSUPPORT) N attempts:
 *                           what both tracers of fallback-bench record
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_alg.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int die(const char *what)
{
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;
	long pause_at = argc == 5 ? atol(argv[3]) : -1;
	unsigned pause_s = argc == 5 ? (unsigned)atoi(argv[4]) : 0;
	char buf[64] = {0};
	double t0, t1;

	if ((argc != 3 && argc != 5) || n <= 0) {
		fprintf(stderr, "usage: afalg_bench getppid|sockpair|hash|afalg-socket N [PAUSE_AT "
				"SECONDS]\n");
		return 2;
	}
	if (!strcmp(argv[1], "getppid")) {
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			getppid();
		t1 = now_ns();
	} else if (!strcmp(argv[1], "sockpair")) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
			return die("socketpair");
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			if (send(sv[0], buf, sizeof(buf), 0) != sizeof(buf) ||
			    recv(sv[1], buf, sizeof(buf), 0) != sizeof(buf))
				return die("send/recv");
		t1 = now_ns();
	} else if (!strcmp(argv[1], "hash")) {
		struct sockaddr_alg sa = {
			.salg_family = 38, .salg_type = "hash", .salg_name = "sha256"};
		unsigned char d[32];
		int tfm = socket(38, SOCK_SEQPACKET, 0), op;

		if (tfm < 0 || bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			return die("AF_ALG socket/bind");
		op = accept(tfm, NULL, 0);
		if (op < 0)
			return die("accept");
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			if (i == pause_at)
				sleep(pause_s);
			if (write(op, buf, sizeof(buf)) != sizeof(buf) || read(op, d, 32) != 32)
				return die("hash write/read");
		}
		t1 = now_ns();
	} else if (!strcmp(argv[1], "afalg-socket")) {
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			int fd = socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0);

			if (fd >= 0)
				close(fd);
			else if (errno != EAFNOSUPPORT)
				return die("socket(AF_ALG)");
		}
		t1 = now_ns();
	} else {
		fprintf(stderr, "afalg_bench: unknown workload %s\n", argv[1]);
		return 2;
	}
	printf("%.1f\n", (t1 - t0) / (double)n);
	return 0;
}
