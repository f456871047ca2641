// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Positive through libkcapi: a hash (kcapi_md_*) and an AIO cipher (kcapi_cipher_*_aio). */
#include <kcapi.h>
#include <stdio.h>
#include <sys/uio.h>

int main(void)
{
	struct kcapi_handle *h;
	uint8_t out[32], buf[16] = {0}, key[16] = {0}, iv[16] = {0};
	struct iovec io = {.iov_base = buf, .iov_len = sizeof(buf)};

	if (kcapi_md_init(&h, "sha256", 0) == 0) {
		kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, sizeof(out));
		kcapi_md_destroy(h);
	}
	if (kcapi_cipher_init(&h, "cbc(aes)", KCAPI_INIT_AIO) == 0) {
		kcapi_cipher_setkey(h, key, sizeof(key));
		kcapi_cipher_encrypt_aio(h, &io, &io, 1, iv, KCAPI_ACCESS_HEURISTIC);
		kcapi_cipher_destroy(h);
	}
	puts("done");
	return 0;
}
