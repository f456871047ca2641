// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* JSON output: byte strings that are not UTF-8 stay correct and reversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
	json_add_bytes(o, "p", "/usr/bin/caf\xc3\xa9 \\ x\n");
	assert_string_equal(get(o, "p"), "/usr/bin/caf\xc3\xa9 \\ x\n");
	assert_false(escaped(o, "p"));
	json_add_bytes(o, "n", NULL);
	assert_null(get(o, "n"));
	json_object_put(o);
}

static void test_invalid_utf8_escaped(void **state)
{
	struct json_object *o = json_object_new_object();
	const char *s;

	(void)state;
	json_add_bytes(o, "p",
		       "/tmp/bad\xff\xfe"
		       "name\\x\xc3\xa9\xed\xa0\x80");
	s = get(o, "p");
	assert_string_equal(s, "/tmp/bad\\xff\\xfename\\\\x\xc3\xa9\\xed\\xa0\\x80");
	assert_true(escaped(o, "p"));
	/* The document itself is valid JSON text in UTF-8. */
	s = json_object_to_json_string(o);
	assert_true(utf8_valid(s, strlen(s)));
	json_object_put(o);
}

static void test_utf8_validator(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("\xc2\x9b", 2)); /* C1 control: valid UTF-8 */
	assert_false(utf8_valid("\xc0\xaf", 2));
	assert_false(utf8_valid("\xe2\x82", 2));
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8_verbatim),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_utf8_validator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
