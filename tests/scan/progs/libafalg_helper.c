// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A shared library that uses AF_ALG ("aead"), for the indirect-user test. */
#include <sys/socket.h>

int afalg_helper_open(void);

int afalg_helper_open(void)
{
	return socket(38, SOCK_SEQPACKET, 0);
}
