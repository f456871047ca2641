// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Positive: the socket created through syscall(SYS_socket, 38, ...), no socket() call. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long fd = syscall(SYS_socket, 38, 5 /* SOCK_SEQPACKET */, 0);

	if (fd < 0) {
		perror("syscall(SYS_socket)");
		return 1;
	}
	printf("skcipher cbc(aes)\n");
	close((int)fd);
	return 0;
}
