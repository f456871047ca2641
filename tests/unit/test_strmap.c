// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * common/fnv.h, common/strmap.h and common/intern.h: the hash values that
 * reach output (shard choice, SARIF fingerprints) pinned; the map and the
 * interner through many growths; keys that collide in the table (same slot bits, as an
 * untrusted package's names can be made to) found, each with its own value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fnv.h"
#include "intern.h"
#include "strmap.h"

static void fnv_values_are_fixed(void **state)
{
	(void)state;
	/* The published FNV-1a 64 test vectors. */
	assert_true(afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, "") == 0xcbf29ce484222325ull);
	assert_true(afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, "a") == 0xaf63dc4c8601ec8cull);
	assert_true(afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, "foobar") == 0x85944171f73967e8ull);
	/* Bytes and strings agree, and a hash continues where it stopped. */
	assert_true(afalg_fnv1a64(AFALG_FNV1A64_BASIS, "foobar", 6) ==
		    afalg_fnv1a64_str(afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, "foo"), "bar"));
	assert_true(strmap_hash("foobar") == 0x85944171f73967e8ull);
}

static void map_grows_and_keeps_everything(void **state)
{
	enum { N = 20000 };
	static char keys[N][16];
	struct strmap m;
	size_t seen = 0;

	(void)state;
	strmap_init(&m);
	assert_null(strmap_get(&m, "absent")); /* empty: no table yet */
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		assert_true(strmap_put(&m, keys[i], (void *)(intptr_t)(i + 1)));
	}
	assert_int_equal(m.n, N);
	assert_true(m.cap >= 2 * N && (m.cap & (m.cap - 1)) == 0);
	for (int i = 0; i < N; i++)
		assert_int_equal((intptr_t)strmap_get(&m, keys[i]), i + 1);
	assert_null(strmap_get(&m, "k20000"));
	/* put replaces: the count stays, the value changes */
	assert_true(strmap_put(&m, keys[7], (void *)(intptr_t)-7));
	assert_int_equal(m.n, N);
	assert_int_equal((intptr_t)strmap_get(&m, "k7"), -7);
	for (size_t i = 0; i < m.cap; i++)
		seen += m.slots[i].key != NULL;
	assert_int_equal(seen, N);
	strmap_free(&m);
}

static bool count_each(const char *key, void *value, void *arg)
{
	(void)key;
	(void)value;
	return ++*(size_t *)arg < 100; /* stop early at 100 */
}

static void each_stops_when_asked(void **state)
{
	struct strmap m;
	char keys[300][8];
	size_t n = 0;

	(void)state;
	strmap_init(&m);
	for (int i = 0; i < 300; i++) {
		snprintf(keys[i], sizeof(keys[i]), "%d", i);
		assert_true(strmap_put(&m, keys[i], keys[i]));
	}
	strmap_each(&m, count_each, &n);
	assert_int_equal(n, 100);
	strmap_free(&m);
}

/*
 * Keys whose hashes share their low 12 bits: one probe run in every table
 * up to 4096 slots (600 keys fill 2048).  Found by search, as someone shaping a package's
 * file names would.
 */
static void colliding_keys_are_each_found(void **state)
{
	enum { N = 600 };
	char(*keys)[24] = calloc(N, sizeof(*keys));
	uint64_t want = strmap_hash("c0") & 0xfff;
	struct strmap m;
	int n = 0;

	(void)state;
	assert_non_null(keys);
	for (unsigned long i = 0; n < N; i++) {
		char k[24];

		snprintf(k, sizeof(k), "c%lu", i);
		if ((strmap_hash(k) & 0xfff) == want)
			memcpy(keys[n++], k, sizeof(k));
	}
	strmap_init(&m);
	for (int i = 0; i < N; i++)
		assert_true(strmap_put(&m, keys[i], (void *)(intptr_t)(i + 1)));
	assert_int_equal(m.n, N);
	for (int i = 0; i < N; i++)
		assert_int_equal((intptr_t)strmap_get(&m, keys[i]), i + 1);
	/* A key in the same run that is not there ends the probe at a hole. */
	assert_null(strmap_get(&m, "c-absent"));
	strmap_free(&m);
	free(keys);
}

static void interner_keeps_one_copy(void **state)
{
	enum { N = 5000 };
	struct afalg_intern p;
	const char *first[N];
	char k[16];
	int added;

	(void)state;
	afalg_intern_init(&p);
	assert_null(afalg_intern_find(&p, "s0")); /* empty: no table yet */
	assert_null(afalg_intern(&p, NULL));
	for (int i = 0; i < N; i++) {
		snprintf(k, sizeof(k), "s%d", i);
		assert_non_null(first[i] = afalg_intern_add(&p, k, &added));
		assert_true(added);
		assert_ptr_not_equal(first[i], k); /* the interner's own copy */
	}
	for (int i = 0; i < N; i++) {
		snprintf(k, sizeof(k), "s%d", i);
		/* the same address after every growth */
		assert_ptr_equal(afalg_intern_add(&p, k, &added), first[i]);
		assert_false(added);
		assert_ptr_equal(afalg_intern_find(&p, k), first[i]);
		assert_ptr_equal(afalg_intern_get(&p, (size_t)i), first[i]); /* insertion order */
	}
	assert_int_equal(afalg_intern_count(&p), N);
	assert_null(afalg_intern_get(&p, N));
	assert_null(afalg_intern_find(&p, "s5000"));
	afalg_intern_free(&p); /* frees the copies: ASan checks */
}

/* Strings past the arena's 64 KiB chunk, and the heap-held form. */
static void interner_long_strings(void **state)
{
	struct afalg_intern *p = afalg_intern_new();
	size_t n = 200000;
	char *big = malloc(n + 1);

	(void)state;
	assert_non_null(p);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	assert_string_equal(afalg_intern(p, big), big);
	assert_string_equal(afalg_intern(p, "small"), "small");
	big[0] = 'y';
	assert_null(afalg_intern_find(p, big));
	big[0] = 'x';
	assert_ptr_equal(afalg_intern_find(p, big), afalg_intern_get(p, 0));
	free(big);
	afalg_intern_destroy(p);
	afalg_intern_destroy(NULL);
}

/* The interner's set on keys that share their low 12 hash bits. */
static void interner_colliding_keys(void **state)
{
	enum { N = 600 };
	uint64_t want = strmap_hash("c0") & 0xfff;
	struct afalg_intern p;
	const char *got[N];
	int n = 0;

	(void)state;
	afalg_intern_init(&p);
	for (unsigned long i = 0; n < N; i++) {
		char k[24];

		snprintf(k, sizeof(k), "c%lu", i);
		if ((strmap_hash(k) & 0xfff) == want)
			assert_non_null(got[n++] = afalg_intern(&p, k));
	}
	for (int i = 0; i < N; i++)
		assert_ptr_equal(afalg_intern_find(&p, got[i]), got[i]);
	assert_int_equal(afalg_intern_count(&p), N);
	afalg_intern_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fnv_values_are_fixed),
		cmocka_unit_test(map_grows_and_keeps_everything),
		cmocka_unit_test(each_stops_when_asked),
		cmocka_unit_test(colliding_keys_are_each_found),
		cmocka_unit_test(interner_keeps_one_copy),
		cmocka_unit_test(interner_long_strings),
		cmocka_unit_test(interner_colliding_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
