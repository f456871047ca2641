// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Positive: socket(AF_ALG, ...) then bind "hash"/"sha256" (built -static too). */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

int main(void)
{
	struct sockaddr_alg sa = {.salg_family = AF_ALG};
	int fd = socket(AF_ALG, SOCK_SEQPACKET, 0);

	if (fd < 0) {
		perror("socket");
		return 1;
	}
	strcpy((char *)sa.salg_type, "hash");
	strcpy((char *)sa.salg_name, "sha256");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		perror("bind");
	close(fd);
	return 0;
}
