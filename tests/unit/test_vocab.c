// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The domain's name tables (common/afalg_vocab.c): every id has its name and
 * back, no two ids share one, anything else is refused, and the strings are
 * the ones the JSON formats have always used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "afalg_vocab.h"

struct table {
	const char *(*name)(unsigned int id);
	int (*from_name)(const char *name);
	unsigned int first, end; /* the ids: first .. end - 1 */
	bool sparse;		 /* some ids have no name of this kind */
};

static const struct table tables[] = {
	{afalg_type_name, afalg_type_from_name, 0, AFALG_TYPE_COUNT, false},
	{afalg_feature_name, afalg_feature_from_name, 0, AFALG_FEAT_COUNT, false},
	{afalg_io_mode_name, afalg_io_mode_from_name, 0, AFALG_FEAT_COUNT, true},
	{afalg_op_name, afalg_op_from_name, AFALG_OP_SOCKET, AFALG_OP_MAX, false},
};

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		const struct table *tb = &tables[t];

		for (unsigned int id = tb->first; id < tb->end; id++) {
			const char *name = tb->name(id);

			if (!name) {
				assert_true(tb->sparse);
				continue;
			}
			assert_true(name[0]);
			assert_int_equal(tb->from_name(name), (int)id);
		}
	}
}

static void test_names_unique(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		const struct table *tb = &tables[t];

		for (unsigned int a = tb->first; a < tb->end; a++)
			for (unsigned int b = a + 1; b < tb->end; b++)
				if (tb->name(a) && tb->name(b))
					assert_string_not_equal(tb->name(a), tb->name(b));
	}
}

static void test_out_of_range_ids(void **state)
{
	static const unsigned int bad[] = {AFALG_OP_MAX, 64, 9999, 0x7fffffffu, 0xffffffffu};

	(void)state;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		assert_null(tables[t].name(tables[t].end));
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			assert_null(tables[t].name(bad[i]));
	}
	assert_null(afalg_op_name(0)); /* no operation */
	assert_null(afalg_io_mode_name(AFALG_FEAT_DRBG_ENTROPY));
}

static void test_unknown_names(void **state)
{
	/* Near misses too: names compare exactly. */
	static const char *const bad[] = {"",	      "HASH",	  "hash ",   " aead",	"zerocopy",
					  "splice\n", "io-uring", "unknown", "sendmsg", "drbg",
					  "recvmsg",  "aio\x01",  "\xff"};

	(void)state;
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		assert_int_equal(tables[t].from_name(NULL), -1);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			assert_int_equal(tables[t].from_name(bad[i]), -1);
	}
	/* Each kind has its own words. */
	assert_int_equal(afalg_feature_from_name("splice"), -1);
	assert_int_equal(afalg_io_mode_from_name("zero-copy"), -1);
	assert_int_equal(afalg_io_mode_from_name("drbg-entropy"), -1);
	assert_int_equal(afalg_type_from_name("bind"), -1);
}

/* The strings are part of scan-v1, trace-v1 and report-v1: pinned here. */
static void test_format_strings(void **state)
{
	static const char *const types[AFALG_TYPE_COUNT] = {"hash", "skcipher", "aead",
							    "rng",  "akcipher", "kpp"};
	static const char *const ops[AFALG_OP_MAX] = {
		[AFALG_OP_SOCKET] = "socket", [AFALG_OP_BIND] = "bind",
		[AFALG_OP_ACCEPT] = "accept", [AFALG_OP_SETSOCKOPT] = "setsockopt",
		[AFALG_OP_SEND] = "send",     [AFALG_OP_RECV] = "recv",
	};

	(void)state;
	for (unsigned int id = 0; id < AFALG_TYPE_COUNT; id++)
		assert_string_equal(afalg_type_name(id), types[id]);
	for (unsigned int id = AFALG_OP_SOCKET; id < AFALG_OP_MAX; id++)
		assert_string_equal(afalg_op_name(id), ops[id]);
	assert_int_equal(AFALG_OP_SOCKET, 1); /* 0 is a zeroed key: no operation */
	assert_string_equal(afalg_feature_name(AFALG_FEAT_AIO), "aio");
	assert_string_equal(afalg_feature_name(AFALG_FEAT_ZEROCOPY), "zero-copy");
	assert_string_equal(afalg_feature_name(AFALG_FEAT_IO_URING), "io_uring");
	assert_string_equal(afalg_feature_name(AFALG_FEAT_DRBG_ENTROPY), "drbg-entropy");
	assert_string_equal(afalg_io_mode_name(AFALG_FEAT_AIO), "aio");
	assert_string_equal(afalg_io_mode_name(AFALG_FEAT_ZEROCOPY), "splice");
	assert_string_equal(afalg_io_mode_name(AFALG_FEAT_IO_URING), "io_uring");
}

/* Feature bits are stored in scan link files (analyzer/linkfile.c): fixed. */
static void test_bits(void **state)
{
	(void)state;
	assert_int_equal(AFALG_BIT(AFALG_FEAT_AIO), 1);
	assert_int_equal(AFALG_BIT(AFALG_FEAT_ZEROCOPY), 2);
	assert_int_equal(AFALG_BIT(AFALG_FEAT_IO_URING), 4);
	assert_int_equal(AFALG_BIT(AFALG_FEAT_DRBG_ENTROPY), 8);
	assert_int_equal(AFALG_BIT(AFALG_TYPE_HASH), 1);
	assert_int_equal(AFALG_BIT(AFALG_TYPE_KPP), 32);
	/* The I/O modes are exactly the features with an I/O-mode name. */
	for (unsigned int id = 0; id < AFALG_FEAT_COUNT; id++)
		assert_int_equal(!!(AFALG_IO_MODES & AFALG_BIT(id)),
				 afalg_io_mode_name(id) != NULL);
	/* The kernel's types are the first four. */
	assert_int_equal(AFALG_KERNEL_TYPES, 0xf);
	/* A mask from a name: the id's bit, or nothing. */
	for (unsigned int id = 0; id < AFALG_TYPE_COUNT; id++)
		assert_int_equal(afalg_type_bit(afalg_type_name(id)), AFALG_BIT(id));
	assert_int_equal(afalg_type_bit(NULL), 0);
	assert_int_equal(afalg_type_bit("hashes"), 0);
	/* Every mask of types or features fits the link files' 8 bits. */
	assert_true(AFALG_TYPE_COUNT <= 8 && AFALG_FEAT_COUNT <= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),	 cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_out_of_range_ids), cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_format_strings),	 cmocka_unit_test(test_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
