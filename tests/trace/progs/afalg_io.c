// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Test workload for the tracer: moves data into AF_ALG operation sockets the
 * three ways the hardening measures care about, and checks each result:
 *   splice    vmsplice() into a pipe, splice() into a hash op socket (zero-copy),
 *             and the same into an skcipher op socket (one 16-byte block of
 *             ecb(aes), after a control-only sendmsg() choosing encryption)
 *   aio       io_submit() IOCB_CMD_PREAD on a skcipher op socket
 *   io_uring  IORING_OP_READ on a hash op socket, through liburing
 * Usage: afalg_io splice|aio|io_uring|all.  Exit 0 when every asked-for mode
 * produced the right bytes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/if_alg.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static const char sha256_abc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

static int fail(const char *what)
{
	fprintf(stderr, "afalg_io: %s: %s\n", what, strerror(errno));
	return 1;
}

/* Bound parent socket → accepted operation socket, or -1. */
static int op_socket(const char *type, const char *name, const void *key, int keylen)
{
	struct sockaddr_alg sa = {.salg_family = AF_ALG};
	int tfm, op;

	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0)
		return -1;
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (key && setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, keylen) < 0)) {
		close(tfm);
		return -1;
	}
	op = accept(tfm, NULL, 0);
	close(tfm);
	return op;
}

static int check_digest(const unsigned char *d, const char *want, const char *mode)
{
	char hex[65];

	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	if (strcmp(hex, want)) {
		fprintf(stderr, "afalg_io: %s: digest %s, expected %s\n", mode, hex, want);
		return 1;
	}
	printf("%s ok %s\n", mode, hex);
	return 0;
}

static int do_splice(void)
{
	char buf[] = "abc";
	struct iovec iov = {.iov_base = buf, .iov_len = 3};
	unsigned char d[32];
	int p[2], op = op_socket("hash", "sha256", NULL, 0);

	if (op < 0)
		return fail("splice: hash socket");
	if (pipe(p) < 0)
		return fail("pipe");
	if (vmsplice(p[1], &iov, 1, 0) != 3)
		return fail("vmsplice");
	if (splice(p[0], NULL, op, NULL, 3, 0) != 3)
		return fail("splice");
	if (read(op, d, sizeof(d)) != 32)
		return fail("splice: read digest");
	close(p[0]);
	close(p[1]);
	close(op);
	return check_digest(d, sha256_abc, "splice");
}

/* AES-128-ECB of a zero block under a zero key (FIPS-197 known answer). */
static const char aes128_zero[] = "66e94bd4ef8a2c3b884cfa59ca342b2e";

static int do_splice_skcipher(void)
{
	static const unsigned char key[16], block[16];
	char cbuf[CMSG_SPACE(sizeof(int))] = {0}, hex[33];
	struct msghdr msg = {.msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct iovec iov = {.iov_base = (void *)block, .iov_len = sizeof(block)};
	unsigned char out[16];
	struct cmsghdr *c;
	int p[2], op = op_socket("skcipher", "ecb(aes)", key, sizeof(key));

	if (op < 0)
		return fail("splice: skcipher socket");
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)(void *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
	if (sendmsg(op, &msg, MSG_MORE) < 0)
		return fail("splice: skcipher: set op");
	if (pipe(p) < 0)
		return fail("pipe");
	if (vmsplice(p[1], &iov, 1, 0) != 16)
		return fail("vmsplice");
	if (splice(p[0], NULL, op, NULL, 16, 0) != 16)
		return fail("splice: skcipher");
	if (read(op, out, sizeof(out)) != 16)
		return fail("splice: skcipher: read");
	close(p[0]);
	close(p[1]);
	close(op);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	if (strcmp(hex, aes128_zero)) {
		fprintf(stderr, "afalg_io: splice: skcipher: %s, expected %s\n", hex, aes128_zero);
		return 1;
	}
	printf("splice skcipher ok %s\n", hex);
	return 0;
}

static int do_aio(void)
{
	static const unsigned char key[16], iv[16];
	unsigned char in[32] = {0}, out[32];
	char cbuf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct af_alg_iv) + 16)] = {0};
	struct iovec iov = {.iov_base = in, .iov_len = sizeof(in)};
	struct msghdr msg = {.msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf),
			     .msg_iov = &iov,
			     .msg_iovlen = 1};
	struct cmsghdr *c;
	struct af_alg_iv *aiv;
	aio_context_t ctx = 0;
	struct iocb cb = {0}, *cbs[1] = {&cb};
	struct io_event ev;
	int op = op_socket("skcipher", "cbc(aes)", key, sizeof(key));

	if (op < 0)
		return fail("aio: skcipher socket");
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_OP;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = ALG_SET_IV;
	c->cmsg_len = CMSG_LEN(sizeof(*aiv) + 16);
	aiv = (void *)CMSG_DATA(c);
	aiv->ivlen = 16;
	memcpy(aiv->iv, iv, 16);
	if (sendmsg(op, &msg, 0) != sizeof(in))
		return fail("aio: sendmsg");
	if (syscall(SYS_io_setup, 1, &ctx) < 0)
		return fail("io_setup");
	cb.aio_fildes = (unsigned)op;
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_buf = (unsigned long)out;
	cb.aio_nbytes = sizeof(out);
	if (syscall(SYS_io_submit, ctx, 1, cbs) != 1)
		return fail("io_submit");
	if (syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL) != 1)
		return fail("io_getevents");
	syscall(SYS_io_destroy, ctx);
	close(op);
	if (ev.res != sizeof(out)) {
		fprintf(stderr, "afalg_io: aio: result %lld\n", (long long)ev.res);
		return 1;
	}
	/* AES-128-CBC, zero key, zero IV, first zero block: 66e94bd4ef8a2c3b884cfa59ca342b2e */
	if (out[0] != 0x66 || out[1] != 0xe9 || out[15] != 0x2e) {
		fprintf(stderr, "afalg_io: aio: wrong ciphertext\n");
		return 1;
	}
	printf("aio ok\n");
	return 0;
}

static int do_io_uring(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned char d[32];
	int op = op_socket("hash", "sha256", NULL, 0), ret;

	if (op < 0)
		return fail("io_uring: hash socket");
	if (write(op, "abc", 3) != 3)
		return fail("io_uring: write");
	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0) {
		errno = -ret;
		return fail("io_uring_queue_init");
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, op, d, sizeof(d), 0);
	io_uring_submit(&ring);
	ret = io_uring_wait_cqe(&ring, &cqe);
	if (ret < 0 || cqe->res != 32) {
		errno = ret < 0 ? -ret : (cqe->res < 0 ? -cqe->res : EIO);
		return fail("io_uring: read");
	}
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	close(op);
	return check_digest(d, sha256_abc, "io_uring");
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "all";
	int rc = 0;

	if (!strcmp(m, "splice") || !strcmp(m, "all"))
		rc |= do_splice() | do_splice_skcipher();
	if (!strcmp(m, "aio") || !strcmp(m, "all"))
		rc |= do_aio();
	if (!strcmp(m, "io_uring") || !strcmp(m, "all"))
		rc |= do_io_uring();
	return rc;
}
