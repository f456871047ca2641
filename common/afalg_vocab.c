// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The name tables of afalg_vocab.h: one per kind, indexed by id with
 * designated initializers, so a table cannot drift from its enum.  Every
 * lookup checks the bound first; the tables are tiny, so name -> id is a
 * linear scan.
 */
#include <string.h>

#include "afalg_vocab.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const type_names[AFALG_TYPE_COUNT] = {
	[AFALG_TYPE_HASH] = "hash", [AFALG_TYPE_SKCIPHER] = "skcipher", [AFALG_TYPE_AEAD] = "aead",
	[AFALG_TYPE_RNG] = "rng",   [AFALG_TYPE_AKCIPHER] = "akcipher", [AFALG_TYPE_KPP] = "kpp",
};

/* scan-v1 "features", report-v1 "features". */
static const char *const feature_names[AFALG_FEAT_COUNT] = {
	[AFALG_FEAT_AIO] = "aio",
	[AFALG_FEAT_ZEROCOPY] = "zero-copy",
	[AFALG_FEAT_IO_URING] = "io_uring",
	[AFALG_FEAT_DRBG_ENTROPY] = "drbg-entropy",
};

/* trace-v1 activities' "via": how one send/recv moved its data. */
static const char *const io_mode_names[AFALG_FEAT_COUNT] = {
	[AFALG_FEAT_AIO] = "aio",
	[AFALG_FEAT_ZEROCOPY] = "splice",
	[AFALG_FEAT_IO_URING] = "io_uring",
};

/* trace-v1 activities' "op". */
static const char *const op_names[AFALG_OP_MAX] = {
	[AFALG_OP_SOCKET] = "socket", [AFALG_OP_BIND] = "bind",
	[AFALG_OP_ACCEPT] = "accept", [AFALG_OP_SETSOCKOPT] = "setsockopt",
	[AFALG_OP_SEND] = "send",     [AFALG_OP_RECV] = "recv",
};

static const char *name_of(const char *const *names, size_t n, unsigned int id)
{
	return id < n ? names[id] : NULL;
}

static int id_of(const char *const *names, size_t n, const char *name)
{
	if (!name)
		return -1;
	for (size_t id = 0; id < n; id++)
		if (names[id] && !strcmp(name, names[id]))
			return (int)id;
	return -1;
}

const char *afalg_type_name(unsigned int id)
{
	return name_of(type_names, NELEM(type_names), id);
}

int afalg_type_from_name(const char *name)
{
	return id_of(type_names, NELEM(type_names), name);
}

unsigned int afalg_type_bit(const char *name)
{
	int id = afalg_type_from_name(name);

	return id < 0 ? 0 : AFALG_BIT(id);
}

const char *afalg_feature_name(unsigned int id)
{
	return name_of(feature_names, NELEM(feature_names), id);
}

int afalg_feature_from_name(const char *name)
{
	return id_of(feature_names, NELEM(feature_names), name);
}

const char *afalg_io_mode_name(unsigned int id)
{
	return name_of(io_mode_names, NELEM(io_mode_names), id);
}

int afalg_io_mode_from_name(const char *name)
{
	return id_of(io_mode_names, NELEM(io_mode_names), name);
}

const char *afalg_op_name(unsigned int id)
{
	return name_of(op_names, NELEM(op_names), id);
}

int afalg_op_from_name(const char *name)
{
	return id_of(op_names, NELEM(op_names), name);
}
