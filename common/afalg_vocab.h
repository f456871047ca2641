/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The words of the AF_ALG domain, one set for every component: the socket
 * types a program binds, the features it uses (how it moves data, what it
 * asks of the kernel), and the operations the tracer records.
 *
 * Each is an enum of small ids.  A set of them is a bit mask with bit
 * AFALG_BIT(id) set, so a mask means the same thing wherever it is built;
 * never index one by a position in some other array.  Each enum has one
 * name table (afalg_vocab.c) holding the strings the JSON formats use; those
 * strings are part of the formats and must never change.
 *
 * This header is also the BPF programs' (through bpf/afalg_trace.h, where
 * there is no libc): plain enums and macros only, no includes.  The name
 * lookups are user-space functions; declaring them costs BPF C nothing.
 */
#ifndef AFALG_VOCAB_H
#define AFALG_VOCAB_H

/* The bit of id in a mask of ids. */
#define AFALG_BIT(id) (1u << (id))

/*
 * AF_ALG socket types (struct sockaddr_alg .salg_type): which
 * CONFIG_CRYPTO_USER_API_* a program needs.  Names: "hash", "skcipher",
 * "aead", "rng", "akcipher", "kpp".
 */
enum afalg_type {
	AFALG_TYPE_HASH,
	AFALG_TYPE_SKCIPHER,
	AFALG_TYPE_AEAD,
	AFALG_TYPE_RNG,
	AFALG_TYPE_AKCIPHER, /* libkcapi API for an out-of-tree kernel type */
	AFALG_TYPE_KPP,	     /* likewise */
	AFALG_TYPE_COUNT,
};

/* The types upstream Linux has (CONFIG_CRYPTO_USER_API_HASH, _SKCIPHER, _AEAD, _RNG). */
#define AFALG_KERNEL_TYPES                                                                         \
	(AFALG_BIT(AFALG_TYPE_HASH) | AFALG_BIT(AFALG_TYPE_SKCIPHER) |                             \
	 AFALG_BIT(AFALG_TYPE_AEAD) | AFALG_BIT(AFALG_TYPE_RNG))

/*
 * Features: what a program uses beyond plain read/write on an operation
 * socket, which the kernel's AF_ALG hardening changes affect.  The first
 * three are I/O modes, the ways data reaches the operation socket; they have
 * a second name, the one trace JSON lists per send/recv in its "via" array
 * (afalg_io_mode_name()).
 *
 *   id                      feature name     I/O mode name
 *   AFALG_FEAT_AIO          "aio"            "aio"       io_submit, kcapi *_aio
 *   AFALG_FEAT_ZEROCOPY     "zero-copy"      "splice"    splice/sendfile/vmsplice
 *   AFALG_FEAT_IO_URING     "io_uring"       "io_uring"  io_uring submission
 *   AFALG_FEAT_DRBG_ENTROPY "drbg-entropy"   -           ALG_SET_DRBG_ENTROPY
 *
 * The ids are also the bits of the scan link files (analyzer/linkfile.c):
 * append new features, never renumber.
 */
enum afalg_feature {
	AFALG_FEAT_AIO,
	AFALG_FEAT_ZEROCOPY,
	AFALG_FEAT_IO_URING,
	AFALG_FEAT_DRBG_ENTROPY,
	AFALG_FEAT_COUNT,
};

/* The features that are I/O modes: those with an afalg_io_mode_name(). */
#define AFALG_IO_MODES                                                                             \
	(AFALG_BIT(AFALG_FEAT_AIO) | AFALG_BIT(AFALG_FEAT_ZEROCOPY) |                              \
	 AFALG_BIT(AFALG_FEAT_IO_URING))

/*
 * What the tracer records of a program (the op of a key): ids 1 up to
 * AFALG_OP_MAX (excluded); 0 is no operation.  Names: "socket", "bind",
 * "accept", "setsockopt", "send", "recv".
 */
enum afalg_op {
	AFALG_OP_SOCKET = 1, /* socket(AF_ALG, ...) attempt, err = its result */
	AFALG_OP_BIND,	     /* bind(): salg_type, salg_name, driver if it succeeded */
	AFALG_OP_ACCEPT,     /* accept() on a bound socket (attempt) */
	AFALG_OP_SETSOCKOPT, /* arg = optname (ALG_SET_*), arg2 = optlen */
	AFALG_OP_SEND,	     /* data into an operation socket; arg = its I/O modes */
	AFALG_OP_RECV,	     /* results out of an operation socket; arg = its I/O modes */
	AFALG_OP_MAX,
};

/*
 * Lookups, bounded and total: an id out of range, or one without a name of
 * that kind, gives NULL; a name that is none of the table's (NULL included)
 * gives -1.  Names compare exactly (case and all).
 */
const char *afalg_type_name(unsigned int id);
int afalg_type_from_name(const char *name);
/* For masks: AFALG_BIT() of the type named name, 0 when it names none. */
unsigned int afalg_type_bit(const char *name);
const char *afalg_feature_name(unsigned int id);
int afalg_feature_from_name(const char *name);
/* A feature's name as an I/O mode (trace "via"): NULL when it is not one. */
const char *afalg_io_mode_name(unsigned int id);
int afalg_io_mode_from_name(const char *name);
const char *afalg_op_name(unsigned int id);
int afalg_op_from_name(const char *name);

#endif /* AFALG_VOCAB_H */
