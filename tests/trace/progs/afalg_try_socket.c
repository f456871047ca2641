// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Try socket(AF_ALG, SOCK_SEQPACKET, 0) once; print the errno seen (0 = it worked). */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int fd = socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0);

	printf("errno=%d\n", fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	return 0;
}
