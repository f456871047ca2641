// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A small AF_ALG user for the check tests: binds hash sha256; built with
 * -DSECOND it also binds skcipher cbc(aes) (a "new type" for check).
 */
#include <linux/if_alg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

static int use(const char *type, const char *name)
{
	struct sockaddr_alg sa = {.salg_family = AF_ALG};
	int fd = socket(AF_ALG, SOCK_SEQPACKET, 0), ret;

	if (fd < 0)
		return -1;
	strncpy((char *)sa.salg_type, type, sizeof(sa.salg_type) - 1);
	strncpy((char *)sa.salg_name, name, sizeof(sa.salg_name) - 1);
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return ret;
}

int main(void)
{
	int ret = use("hash", "sha256");

#ifdef SECOND
	ret |= use("skcipher", "cbc(aes)");
#endif
	return ret ? 1 : 0;
}
