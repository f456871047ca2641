// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The common JSON reader: the file bounds of jsonin.c (size, depth, not a
 * regular file, symbolic links, missing, owner) and the typed getters of
 * jread.c (limits, wrong types, missing keys, overlong strings, the path and
 * reason of the first failure).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "jread.h"
#include "jsonin.h"

static char dir[] = "/tmp/afalg-jsonread-XXXXXX";

static void put(const char *name, const char *text, char *path, size_t sz)
{
	FILE *f;

	snprintf(path, sz, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void read_bounds(void **state)
{
	struct jsonin_limits small = {64, 0},
			     state_like = {1u << 20,
					   JSONIN_NOFOLLOW | JSONIN_MISSING_OK | JSONIN_OWN};
	struct json_object *o;
	char path[256], link[300], big[200];

	(void)state;
	put("ok.json", "{\"a\": [1, 2]}\n", path, sizeof(path));
	assert_int_equal(jsonin_read_limits(path, &small, &o), 0);
	assert_int_equal(json_object_array_length(jget_arr(o, "a")), 2);
	json_object_put(o);
	/* over the size bound */
	memset(big, ' ', sizeof(big) - 1);
	big[0] = '{';
	big[sizeof(big) - 2] = '}';
	big[sizeof(big) - 1] = '\0';
	put("big.json", big, path, sizeof(path));
	assert_int_equal(jsonin_read_limits(path, &small, &o), -1);
	assert_null(o);
	assert_int_equal(jsonin_read_limits(path, &jsonin_input, &o), 0);
	json_object_put(o);
	/* a symbolic link: followed for inputs, refused under NOFOLLOW */
	snprintf(link, sizeof(link), "%s/link.json", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(jsonin_read_limits(link, &jsonin_input, &o), 0);
	json_object_put(o);
	assert_int_equal(jsonin_read_limits(link, &state_like, &o), -1);
	/* missing: 1 when allowed, else an error */
	snprintf(path, sizeof(path), "%s/none.json", dir);
	assert_int_equal(jsonin_read_limits(path, &state_like, &o), 1);
	assert_int_equal(jsonin_read_limits(path, &jsonin_input, &o), -1);
	/* not a regular file: a directory, a FIFO (never opened: no wait for a writer) */
	assert_int_equal(jsonin_read_limits(dir, &jsonin_input, &o), -1);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(jsonin_read_limits(path, &jsonin_input, &o), -1);
	assert_int_equal(jsonin_read_limits("/dev/null", &jsonin_input, &o), -1);
	/* ours: accepted under OWN (the test runs as the file's owner) */
	put("own.json", "{}", path, sizeof(path));
	assert_int_equal(jsonin_read_limits(path, &state_like, &o), 0);
	json_object_put(o);
}

static void parse_strict(void **state)
{
	struct json_object *o;
	char deep[80];

	(void)state;
	assert_int_equal(jsonin_parse("t", "{\"a\":1,\"a\":2}", 13, &o), -1);
	assert_int_equal(jsonin_parse("t", "{\"a\":\"x\\u0000y\"}", 16, &o), -1);
	assert_int_equal(jsonin_parse("t", "{} {}", 5, &o), -1);
	assert_int_equal(jsonin_parse("t", "{\"a\":", 5, &o), -1);
	memset(deep, '[', JSONIN_MAX_DEPTH + 1);
	memset(deep + JSONIN_MAX_DEPTH + 1, ']', JSONIN_MAX_DEPTH + 1);
	assert_int_equal(jsonin_parse("t", deep, 2 * (JSONIN_MAX_DEPTH + 1), &o), -1);
	assert_int_equal(jsonin_parse("t", deep + 1, 2 * JSONIN_MAX_DEPTH, &o), 0);
	json_object_put(o);
}

static struct json_object *doc(const char *text)
{
	struct json_object *o;

	assert_int_equal(jsonin_parse("t", text, strlen(text), &o), 0);
	return o;
}

/* The walk failed at where, for a reason that starts with why. */
static void failed(const struct jread *r, const char *where, const char *why)
{
	assert_true(r->failed);
	assert_string_equal(r->where, where);
	if (strncmp(r->why, why, strlen(why)))
		fail_msg("why '%s', want '%s...'", r->why, why);
}

static void getters_strings(void **state)
{
	struct json_object *o = doc("{\"s\":\"abcd\",\"n\":null,\"i\":5,\"k\":\"a\\u00e9\"}");
	const char *s;
	struct jread r;

	(void)state;
	jread_init(&r);
	assert_true(jread_str(&r, o, "s", JREAD_REQUIRED, 4, &s));
	assert_string_equal(s, "abcd");
	assert_true(jread_str(&r, o, "absent", 0, JREAD_ANY, &s));
	assert_null(s);
	assert_true(jread_str(&r, o, "n", JREAD_NULL, JREAD_ANY, &s));
	assert_null(s);
	assert_false(r.failed);
	assert_string_equal(r.where, "");
	/* overlong */
	assert_false(jread_str(&r, o, "s", 0, 3, &s));
	failed(&r, "s", "longer than 3 bytes");
	/* missing */
	jread_init(&r);
	assert_false(jread_str(&r, o, "absent", JREAD_REQUIRED, JREAD_ANY, &s));
	failed(&r, "absent", "missing");
	/* null where a string must be, and null taken as absent but required */
	jread_init(&r);
	assert_false(jread_str(&r, o, "n", 0, JREAD_ANY, &s));
	failed(&r, "n", "not a string");
	jread_init(&r);
	assert_false(jread_str(&r, o, "n", JREAD_NULL | JREAD_REQUIRED, JREAD_ANY, &s));
	failed(&r, "n", "missing");
	/* wrong type */
	jread_init(&r);
	assert_false(jread_str(&r, o, "i", JREAD_NULL, JREAD_ANY, &s));
	failed(&r, "i", "not a string or null");
	json_object_put(o);
	/* a NUL in a string of a document built otherwise than by jsonin_parse */
	o = json_object_new_object();
	json_object_object_add(o, "k", json_object_new_string_len("a\0b", 3));
	jread_init(&r);
	assert_true(jread_str(&r, o, "k", 0, JREAD_ANY, &s));
	assert_false(jread_str(&r, o, "k", JREAD_NO_NUL, JREAD_ANY, &s));
	failed(&r, "k", "contains a NUL byte");
	json_object_put(o);
}

static void getters_numbers(void **state)
{
	struct json_object *o = doc("{\"u\":4294967295,\"big\":18446744073709551615,\"neg\":-3,"
				    "\"f\":1.0,\"s\":\"1\",\"b\":true,\"n\":null}");
	uint64_t u = 7;
	int64_t i = 0;
	bool b = false;
	struct jread r;

	(void)state;
	jread_init(&r);
	assert_true(jread_u64(&r, o, "u", JREAD_REQUIRED, UINT32_MAX, &u));
	assert_int_equal(u, UINT32_MAX);
	assert_true(jread_u64(&r, o, "big", 0, UINT64_MAX, &u));
	assert_true(u == UINT64_MAX);
	u = 7;
	assert_true(jread_u64(&r, o, "absent", 0, UINT64_MAX, &u));
	assert_int_equal(u, 7); /* absent: left as it was */
	assert_true(jread_int(&r, o, "neg", 0, -5, 5, NULL, &i));
	assert_int_equal(i, -3);
	assert_true(jread_bool(&r, o, "b", JREAD_REQUIRED, &b));
	assert_true(b);
	assert_false(r.failed);

	jread_init(&r);
	assert_false(jread_u64(&r, o, "u", 0, UINT32_MAX - 1, &u));
	failed(&r, "u", "not an integer in 0..4294967294");
	jread_init(&r);
	assert_false(jread_u64(&r, o, "neg", 0, UINT64_MAX, &u));
	failed(&r, "neg", "not a non-negative integer");
	jread_init(&r);
	assert_false(jread_u64(&r, o, "f", 0, UINT64_MAX, &u)); /* 1.0 is not an integer */
	failed(&r, "f", "not a non-negative integer");
	jread_init(&r);
	assert_false(jread_u64(&r, o, "s", 0, UINT64_MAX, &u)); /* nor "1" */
	failed(&r, "s", "not a non-negative integer");
	jread_init(&r);
	assert_false(jread_int(&r, o, "neg", 0, 0, INT32_MAX, "an errno", &i));
	failed(&r, "neg", "not an errno (an integer in 0..2147483647)");
	jread_init(&r);
	assert_false(jread_int(&r, o, "big", 0, INT64_MIN, INT64_MAX, NULL, &i));
	failed(&r, "big", "not an integer in");
	jread_init(&r);
	assert_false(jread_bool(&r, o, "u", 0, &b));
	failed(&r, "u", "not true or false");
	jread_init(&r);
	assert_true(jread_u64(&r, o, "n", JREAD_NULL, UINT64_MAX, &u));
	assert_false(jread_u64(&r, o, "n", 0, UINT64_MAX, &u));
	failed(&r, "n", "not a non-negative integer");
	json_object_put(o);
}

static bool is_small_obj(struct jread *r, struct json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_u64(r, v, "x", JREAD_REQUIRED, 9, NULL);
}

static void getters_containers(void **state)
{
	struct json_object *o = doc("{\"a\":[{\"x\":1},{\"x\":2},{\"x\":10}],\"o\":{\"x\":1},"
				    "\"e\":[],\"s\":\"x\"}");
	struct json_object *v;
	struct jread r;

	(void)state;
	jread_init(&r);
	assert_true(jread_arr(&r, o, "a", JREAD_REQUIRED, 3, &v));
	assert_non_null(v);
	assert_true(jread_obj(&r, o, "o", JREAD_REQUIRED, &v));
	assert_non_null(v);
	assert_true(jread_list(&r, o, "e", 0, 0, is_small_obj));
	assert_true(jread_arr(&r, o, "absent", 0, 3, &v));
	assert_null(v);
	assert_false(r.failed);
	/* more elements than allowed */
	assert_false(jread_arr(&r, o, "a", 0, 2, &v));
	failed(&r, "a", "too many elements (at most 2)");
	/* the first bad element, by its path */
	jread_init(&r);
	assert_false(jread_list(&r, o, "a", 0, JREAD_ANY, is_small_obj));
	failed(&r, "a[2].x", "not an integer in 0..9");
	/* wrong types */
	jread_init(&r);
	assert_false(jread_arr(&r, o, "o", 0, JREAD_ANY, &v));
	failed(&r, "o", "not an array");
	jread_init(&r);
	assert_false(jread_obj(&r, o, "s", JREAD_NULL, &v));
	failed(&r, "s", "not an object or null");
	jread_init(&r);
	assert_false(jread_list(&r, o, "absent", JREAD_REQUIRED, JREAD_ANY, is_small_obj));
	failed(&r, "absent", "missing");
	json_object_put(o);
}

static void path_bounded(void **state)
{
	struct jread r;
	char key[100];

	(void)state;
	jread_init(&r);
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	/* A path longer than the buffer is cut, never overrun; leaving restores it. */
	for (int i = 0; i < 10; i++)
		jread_enter(&r, key);
	assert_int_equal(strlen(r.where), sizeof(r.where) - 1);
	jread_leave(&r, 0);
	assert_string_equal(r.where, "");
	jread_leave(&r, jread_enter_idx(&r, 3));
	assert_string_equal(r.where, "");
	jread_enter(&r, "a");
	jread_enter_idx(&r, 3);
	jread_enter(&r, "b");
	assert_string_equal(r.where, "a[3].b");
	/* only the first failure is kept */
	jread_fail(&r, "first %d", 1);
	jread_fail(&r, "second");
	assert_string_equal(r.why, "first 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_bounds),	      cmocka_unit_test(parse_strict),
		cmocka_unit_test(getters_strings),    cmocka_unit_test(getters_numbers),
		cmocka_unit_test(getters_containers), cmocka_unit_test(path_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
