// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Negative: mentions AF_ALG algorithm and type names and even the number 38,
 * but only opens an AF_INET socket.  Strings alone must not make a user.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const names[] = {"cbc(aes)", "hmac(sha512)", "skcipher", "aead", "hash"};

int main(int argc, char **argv)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)argv;
	printf("%s %d\n", names[argc % 5], 38);
	if (fd >= 0)
		close(fd);
	return 0;
}
