// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Untrusted bytes must reach a terminal inert: afalg_escape_text(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "afalg.h"

static void check(const char *in, size_t inlen, const char *want)
{
	char out[256];
	size_t n = afalg_escape_text(out, sizeof(out), in, inlen);

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_plain_ascii_passes(void **state)
{
	(void)state;
	check("/usr/bin/kcapi-dgst", 19, "/usr/bin/kcapi-dgst");
}

static void test_control_bytes_escaped(void **state)
{
	(void)state;
	check("a\nb\x1b[31mc\x7f", 10, "a\\x0ab\\x1b[31mc\\x7f");
	check("nul\0x", 5, "nul\\x00x");
}

static void test_backslash_doubled(void **state)
{
	(void)state;
	check("a\\x41", 5, "a\\\\x41");
}

static void test_valid_utf8_passes(void **state)
{
	(void)state;
	check("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91", 14,
	      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91");
}

static void test_invalid_utf8_escaped(void **state)
{
	(void)state;
	check("\xc3", 1, "\\xc3");			      /* truncated */
	check("\xc0\xaf", 2, "\\xc0\\xaf");		      /* overlong '/' */
	check("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");	      /* surrogate */
	check("\xc2\x9b", 2, "\\xc2\\x9b");		      /* C1 CSI */
	check("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
}

static void test_truncation_reports_full_length(void **state)
{
	char out[4];
	size_t n;

	(void)state;
	n = afalg_escape_text(out, sizeof(out), "abcdef", 6);
	assert_int_equal(n, 6);
	assert_string_equal(out, "abc");
	n = afalg_escape_text(NULL, 0, "\n", 1);
	assert_int_equal(n, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ascii_passes),
		cmocka_unit_test(test_control_bytes_escaped),
		cmocka_unit_test(test_backslash_doubled),
		cmocka_unit_test(test_valid_utf8_passes),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_truncation_reports_full_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
