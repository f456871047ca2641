// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* An AF_ALG user linked with a 32-byte build-id (test_report_build_id.c). */
#include <sys/socket.h>

int main(void)
{
	return socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0) < 0;
}
