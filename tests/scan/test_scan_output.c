// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* JSON output: byte strings that are not UTF-8 stay correct and reversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json_bytes.h"
#include "scan_output.h"

static const char *get(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static bool escaped(struct json_object *o, const char *k)
{
	char kk[64];
	struct json_object *v;

	snprintf(kk, sizeof(kk), "%s_escaped", k);
	return json_object_object_get_ex(o, kk, &v) && json_object_get_boolean(v);
}

static void test_valid_utf8_verbatim(void **state)
{
	struct json_object *o = json_object_new_object();

	(void)state;
	afalg_json_add_bytes(o, "p", "/usr/bin/caf\xc3\xa9 \\ x\n");
	assert_string_equal(get(o, "p"), "/usr/bin/caf\xc3\xa9 \\ x\n");
	assert_false(escaped(o, "p"));
	afalg_json_add_bytes(o, "n", NULL);
	assert_null(get(o, "n"));
	json_object_put(o);
}

static void test_invalid_utf8_escaped(void **state)
{
	struct json_object *o = json_object_new_object();
	const char *s;

	(void)state;
	afalg_json_add_bytes(o, "p",
			     "/tmp/bad\xff\xfe"
			     "name\\x\xc3\xa9\xed\xa0\x80");
	s = get(o, "p");
	assert_string_equal(s, "/tmp/bad\\xff\\xfename\\\\x\xc3\xa9\\xed\\xa0\\x80");
	assert_true(escaped(o, "p"));
	/* The document itself is valid JSON text in UTF-8. */
	s = json_object_to_json_string(o);
	assert_true(afalg_utf8_valid(s, strlen(s)));
	json_object_put(o);
}

/* What the writer wrote, the reader gives back byte for byte. */
static void test_bytes_round_trip(void **state)
{
	static const char *const in[] = {
		"/usr/bin/plain",
		"/tmp/a\\xffb", /* the seven characters \xffb: valid UTF-8 */
		"/tmp/a\xff"
		"b",
		"/tmp/bad\xff\xfe"
		"name\\x\xc3\xa9\xed\xa0\x80",
		"\x01\x7f\x80\xc2\x9b \\\\ \xff",
		"\\",
		"\\x",
		"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct json_object *o = json_object_new_object(), *back;
		char *out = NULL;

		assert_true(afalg_json_add_bytes(o, "p", in[i]));
		back = json_tokener_parse(json_object_to_json_string(o));
		assert_non_null(back);
		assert_int_equal(afalg_json_get_bytes(back, "p", &out), AFALG_BYTES_OK);
		assert_string_equal(out, in[i]);
		free(out);
		json_object_put(back);
		json_object_put(o);
	}
}

/* Two files whose escaped spellings are the same text stay two files. */
static void test_bytes_identity(void **state)
{
	struct json_object *raw = json_object_new_object(), *lit = json_object_new_object();
	char *a = NULL, *b = NULL;

	(void)state;
	afalg_json_add_bytes(raw, "path",
			     "/tmp/a\xff"
			     "b");			       /* the byte 0xff */
	afalg_json_add_bytes(lit, "path", "/tmp/a\\xffb");     /* backslash, x, f, f */
	assert_string_equal(get(raw, "path"), "/tmp/a\\xffb"); /* the same text ... */
	assert_string_equal(get(lit, "path"), "/tmp/a\\xffb");
	assert_true(escaped(raw, "path")); /* ... told apart by the flag */
	assert_false(escaped(lit, "path"));
	assert_int_equal(afalg_json_get_bytes(raw, "path", &a), AFALG_BYTES_OK);
	assert_int_equal(afalg_json_get_bytes(lit, "path", &b), AFALG_BYTES_OK);
	assert_string_not_equal(a, b);
	assert_string_equal(a, "/tmp/a\xff"
			       "b");
	free(a);
	free(b);
	json_object_put(raw);
	json_object_put(lit);
}

/* Spellings the writer never makes are refused, not guessed at. */
static void test_bytes_reader_refuses(void **state)
{
	static const char *const bad[] = {
		"{\"p\":\"a\\\\q\",\"p_escaped\":true}",     /* \q */
		"{\"p\":\"a\\\\x0\",\"p_escaped\":true}",    /* short */
		"{\"p\":\"a\\\\\",\"p_escaped\":true}",	     /* trailing backslash */
		"{\"p\":\"a\\\\x00b\",\"p_escaped\":true}",  /* NUL byte */
		"{\"p\":\"a\\\\xFFb\",\"p_escaped\":true}",  /* upper case: not ours */
		"{\"p\":\"a\\\\xffb\",\"p_escaped\":1}",     /* flag not a boolean */
		"{\"p\":\"a\\\\xffb\",\"p_escaped\":false}", /* the writer never says false */
		"{\"p\":\"a\\u0000b\"}",		     /* NUL in a plain string */
	};
	struct json_object *o;
	char *out = (char *)1;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = json_tokener_parse(bad[i]);
		assert_non_null(o);
		assert_int_equal(afalg_json_get_bytes(o, "p", &out), AFALG_BYTES_BAD_ESCAPE);
		assert_null(out);
		json_object_put(o);
	}
	o = json_tokener_parse("{\"p\":3,\"q\":null}");
	assert_int_equal(afalg_json_get_bytes(o, "p", &out), AFALG_BYTES_NOT_STRING);
	assert_int_equal(afalg_json_get_bytes(o, "q", &out), AFALG_BYTES_ABSENT);
	assert_int_equal(afalg_json_get_bytes(o, "r", &out), AFALG_BYTES_ABSENT);
	json_object_put(o);
}

static void test_utf8_validator(void **state)
{
	(void)state;
	assert_true(afalg_utf8_valid("plain", 5));
	assert_true(afalg_utf8_valid("\xc2\x9b", 2)); /* C1 control: valid UTF-8 */
	assert_false(afalg_utf8_valid("\xc0\xaf", 2));
	assert_false(afalg_utf8_valid("\xe2\x82", 2));
	assert_false(afalg_utf8_valid("\xf4\x90\x80\x80", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8_verbatim),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_utf8_validator),
		cmocka_unit_test(test_bytes_round_trip),
		cmocka_unit_test(test_bytes_identity),
		cmocka_unit_test(test_bytes_reader_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
