// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The name tables behind classification: libkcapi API, kernel names, tools, shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "resolve.h"
#include "scan.h"
#include "strmap.h"

static void test_kcapi_symbols_map_to_types(void **state)
{
	unsigned f = 0;

	(void)state;
	assert_int_equal(classify_kcapi_symbol("kcapi_md_init", &f), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_kcapi_symbol("kcapi_md_sha256", &f), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_kcapi_symbol("kcapi_pbkdf", &f), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_kcapi_symbol("kcapi_cipher_encrypt", &f),
			 AFALG_BIT(AFALG_TYPE_SKCIPHER));
	assert_int_equal(classify_kcapi_symbol("kcapi_aead_decrypt", &f),
			 AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(classify_kcapi_symbol("kcapi_rng_generate", &f),
			 AFALG_BIT(AFALG_TYPE_RNG));
	assert_int_equal(f, 0);
	assert_int_equal(classify_kcapi_symbol("kcapi_handle_destroy", &f), 0);
	assert_int_equal(classify_kcapi_symbol("not_kcapi_md_init", &f), 0);
	assert_int_equal(f, 0);
}

static void test_kcapi_aio_and_stream_features(void **state)
{
	unsigned f = 0;

	(void)state;
	assert_int_equal(classify_kcapi_symbol("kcapi_cipher_encrypt_aio", &f),
			 AFALG_BIT(AFALG_TYPE_SKCIPHER));
	assert_int_equal(f, AFALG_BIT(AFALG_FEAT_AIO));
	f = 0;
	assert_int_equal(classify_kcapi_symbol("kcapi_aead_stream_update", &f),
			 AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(f, AFALG_BIT(AFALG_FEAT_ZEROCOPY));
	f = 0;
	classify_kcapi_symbol("kcapi_set_maxsplicesize", &f);
	assert_int_equal(f, AFALG_BIT(AFALG_FEAT_ZEROCOPY));
}

static void test_algorithm_names(void **state)
{
	(void)state;
	assert_int_equal(classify_algorithm("hmac(sha512)"), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_algorithm("cmac(aes)"), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_algorithm("cbc(aes)"), AFALG_BIT(AFALG_TYPE_SKCIPHER));
	assert_int_equal(classify_algorithm("xts(aes)"), AFALG_BIT(AFALG_TYPE_SKCIPHER));
	assert_int_equal(classify_algorithm("gcm(aes)"), AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(classify_algorithm("ccm(aes)"), AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(classify_algorithm("authencesn(hmac(sha256),cbc(aes))"),
			 AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(classify_algorithm("rfc7539(%s,%s)"), AFALG_BIT(AFALG_TYPE_AEAD));
	assert_int_equal(classify_algorithm("hmac(%s)"), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_algorithm("sha256"), AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(classify_algorithm("stdrng"), AFALG_BIT(AFALG_TYPE_RNG));
	assert_int_equal(classify_algorithm("drbg_nopr_hmac_sha256"), AFALG_BIT(AFALG_TYPE_RNG));
	/* Not names: unbalanced, upper case, prose, unknown template. */
	assert_int_equal(classify_algorithm("cbc(aes"), 0);
	assert_int_equal(classify_algorithm("CBC(AES)"), 0);
	assert_int_equal(classify_algorithm("cbc (aes)"), 0);
	assert_int_equal(classify_algorithm("foo(aes)"), 0);
	assert_int_equal(classify_algorithm("cbc()"), 0);
	assert_int_equal(classify_algorithm("(aes)"), 0);
	assert_int_equal(classify_algorithm("aes,cbc"), 0);
	assert_int_equal(classify_algorithm(""), 0);
}

static void test_import_features(void **state)
{
	(void)state;
	assert_int_equal(classify_import_feature("splice"), AFALG_BIT(AFALG_FEAT_ZEROCOPY));
	assert_int_equal(classify_import_feature("vmsplice"), AFALG_BIT(AFALG_FEAT_ZEROCOPY));
	assert_int_equal(classify_import_feature("io_submit"), AFALG_BIT(AFALG_FEAT_AIO));
	assert_int_equal(classify_import_feature("io_uring_submit"),
			 AFALG_BIT(AFALG_FEAT_IO_URING));
	assert_int_equal(classify_import_feature("read"), 0);
}

static void test_kcapi_tools(void **state)
{
	const char *alg = NULL;

	(void)state;
	assert_int_equal(classify_kcapi_tool("sha512hmac", &alg), AFALG_BIT(AFALG_TYPE_HASH));
	assert_string_equal(alg, "hmac(sha512)");
	assert_int_equal(classify_kcapi_tool("kcapi-rng", &alg), AFALG_BIT(AFALG_TYPE_RNG));
	assert_int_equal(classify_kcapi_tool("kcapi-enc", NULL),
			 AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_AEAD));
	/* coreutils' checksum tools share names with kcapi-hasher links: not counted. */
	assert_int_equal(classify_kcapi_tool("sha256sum", NULL), 0);
	assert_int_equal(classify_kcapi_tool("sha512hmacx", NULL), 0);
}

static void test_shards_partition_and_are_stable(void **state)
{
	char key[32];
	unsigned counts[4] = {0};

	(void)state;
	/* FNV-1a 64 of "" and "a": fixed forever, results merge across hosts. */
	assert_true(shard_hash("") == 0xcbf29ce484222325ull);
	assert_true(shard_hash("a") == 0xaf63dc4c8601ec8cull);
	for (int i = 0; i < 1000; i++) {
		int hit = 0;

		snprintf(key, sizeof(key), "usr/bin/prog%d", i);
		for (unsigned k = 1; k <= 4; k++)
			if (shard_selects(key, k, 4)) {
				hit++;
				counts[k - 1]++;
			}
		assert_int_equal(hit, 1);
		assert_true(shard_selects(key, 1, 1));
	}
	for (int k = 0; k < 4; k++)
		assert_true(counts[k] > 150);
}

static void test_origin_expansion(void **state)
{
	char *s;

	(void)state;
	s = resolve_expand_origin("$ORIGIN/../lib", "/opt/app/bin");
	assert_string_equal(s, "/opt/app/bin/../lib");
	free(s);
	s = resolve_expand_origin("${ORIGIN}:/x", "/a");
	assert_string_equal(s, "/a:/x");
	free(s);
	s = resolve_expand_origin("/usr/lib", "/a");
	assert_string_equal(s, "/usr/lib");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kcapi_symbols_map_to_types),
		cmocka_unit_test(test_kcapi_aio_and_stream_features),
		cmocka_unit_test(test_algorithm_names),
		cmocka_unit_test(test_import_features),
		cmocka_unit_test(test_kcapi_tools),
		cmocka_unit_test(test_shards_partition_and_are_stable),
		cmocka_unit_test(test_origin_expansion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
