/* afalg_sha256 — VM smoke test: SHA-256 of "abc" through the kernel's AF_ALG
 * interface, printed as 64 lowercase hex digits and a newline.
 *
 * Uses only libc: socket(AF_ALG, SOCK_SEQPACKET, 0), bind {"hash","sha256"},
 * accept, write, read 32 bytes. Every failing step prints
 * "afalg_sha256: <step>: <strerror>" on stderr and exits 1.
 *
 * Expected output: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

#define DIGEST_LEN 32

static void die(const char *what)
{
	int err = errno;

	fprintf(stderr, "afalg_sha256: %s: %s\n", what, strerror(err));
	exit(1);
}

int main(void)
{
	static const char msg[] = "abc";
	struct sockaddr_alg sa;
	unsigned char digest[DIGEST_LEN];
	ssize_t n;
	int tfm, op;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	memcpy(sa.salg_type, "hash", sizeof("hash"));
	memcpy(sa.salg_name, "sha256", sizeof("sha256"));

	tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0)
		die("socket");
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	op = accept(tfm, NULL, NULL);
	if (op < 0)
		die("accept");

	n = write(op, msg, sizeof(msg) - 1);
	if (n < 0)
		die("write");
	if (n != (ssize_t)(sizeof(msg) - 1)) {
		fprintf(stderr, "afalg_sha256: write: short write (%zd of %zu bytes)\n", n,
			sizeof(msg) - 1);
		return 1;
	}

	n = read(op, digest, sizeof(digest));
	if (n < 0)
		die("read");
	if (n != DIGEST_LEN) {
		fprintf(stderr, "afalg_sha256: read: short digest (%zd of %d bytes)\n", n,
			DIGEST_LEN);
		return 1;
	}

	for (int i = 0; i < DIGEST_LEN; i++)
		printf("%02x", digest[i]);
	putchar('\n');

	if (close(op) < 0)
		die("close");
	if (close(tfm) < 0)
		die("close");
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write stdout");
	return 0;
}
