// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Function-level reachability (reach.c): a program with a live AF_ALG call
 * site (main -> live_alg) and a dead copy (dead_alg: nothing calls it and its
 * address is never taken; "used" keeps it in the binary).  It links
 * libreach.so and imports only reach_none, which does not reach AF_ALG.
 */
#include <sys/socket.h>

int reach_none(int x);

static __attribute__((used, noinline)) int dead_alg(int n)
{
	int fd = socket(38, SOCK_SEQPACKET, 0);

	return fd < 0 ? n : fd * n;
}

static __attribute__((noinline)) int live_alg(void)
{
	int fd = socket(38, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	return fd < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 5)
		return live_alg();
	return reach_none(argc);
}
