// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A program carrying a dead copy of AF_ALG code (check-reach): dead_alg is
 * never called and its address never taken ("used" keeps it in the
 * binary), as a bundled library's unused functions are.  `unreachable`.
 */
#include <stdio.h>
#include <sys/socket.h>

static __attribute__((used, noinline)) int dead_alg(int n)
{
	int fd = socket(38, SOCK_SEQPACKET, 0);

	return fd < 0 ? n : fd * n;
}

int main(int argc, char **argv)
{
	(void)argv;
	return printf("%d\n", argc) < 0;
}
