// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Issue #15 item 14: the one parser of command-line numbers (common/numopt.c)
 * at its edges: overflow at every step, negative numbers, empty strings,
 * trailing junk, 0 where it is not allowed, and the wrap-arounds that used to
 * pass (--shard 1/-1 as 1/4294967295, --max-member 17179869184G as 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "numopt.h"

#define U64MAX UINT64_MAX

static void test_count(void **state)
{
	uint64_t v = 77;

	(void)state;
	assert_int_equal(numopt_count("0", 0, 10, &v), NUMOPT_OK);
	assert_int_equal(v, 0);
	assert_int_equal(numopt_count("0010", 0, 10, &v), NUMOPT_OK);
	assert_int_equal(v, 10);
	assert_int_equal(numopt_count("18446744073709551615", 0, U64MAX, &v), NUMOPT_OK);
	assert_true(v == U64MAX);
	v = 77;
	/* one past UINT64_MAX, and far past it */
	assert_int_equal(numopt_count("18446744073709551616", 0, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_count("99999999999999999999999999", 0, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_count("99999999999999999999999999x", 0, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("", 0, 10, &v), NUMOPT_EMPTY);
	assert_int_equal(numopt_count("-1", 0, 10, &v), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_count("-0", 0, 10, &v), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_count("+1", 0, 10, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count(" 1", 0, 10, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("1 ", 0, 10, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("1x", 0, 10, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("0x10", 0, 100, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("1e3", 0, 10000, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_count("1.0", 0, 10, &v), NUMOPT_SYNTAX);
	/* 0 where not allowed, and the top of the range */
	assert_int_equal(numopt_count("0", 1, 64, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_count("64", 1, 64, &v), NUMOPT_OK);
	assert_int_equal(numopt_count("65", 1, 64, &v), NUMOPT_RANGE);
	/* what atoi() made of these: 4294967297 -> 1 */
	assert_int_equal(numopt_count("4294967297", 1, 64, &v), NUMOPT_RANGE);
	assert_int_equal(v, 64); /* untouched by every failure */
}

static void test_size(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(numopt_size("4096", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 4096);
	assert_int_equal(numopt_size("128M", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 128ull << 20);
	assert_int_equal(numopt_size("8g", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 8ull << 30);
	assert_int_equal(numopt_size("1k", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 1024);
	assert_int_equal(numopt_size("3T", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 3ull << 40);
	assert_int_equal(numopt_size("15E", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == 15ull << 60);
	/* the shift overflows: used to wrap to 0 (17179869184G = 2^64) */
	assert_int_equal(numopt_size("17179869184G", 1, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("17179869183G", 1, U64MAX, &v), NUMOPT_OK);
	assert_true(v == (17179869183ull << 30));
	assert_int_equal(numopt_size("16E", 1, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("18446744073709551616", 1, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("18446744073709551616K", 1, U64MAX, &v), NUMOPT_RANGE);
	/* junk, empty, negative, 0 */
	assert_int_equal(numopt_size("", 1, U64MAX, &v), NUMOPT_EMPTY);
	assert_int_equal(numopt_size("M", 1, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_size("-1M", 1, U64MAX, &v), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_size("1MB", 1, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_size("1Q", 1, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_size("1 M", 1, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_size("1.5G", 1, U64MAX, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_size("0", 1, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("0K", 1, U64MAX, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("2P", 1, 1ull << 50, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_size("1P", 1, 1ull << 50, &v), NUMOPT_OK);
}

static void test_shard(void **state)
{
	uint32_t k = 9, n = 9;

	(void)state;
	assert_int_equal(numopt_shard("1/1", 1u << 20, &k, &n), NUMOPT_OK);
	assert_int_equal(k, 1);
	assert_int_equal(n, 1);
	assert_int_equal(numopt_shard("3/16", 1u << 20, &k, &n), NUMOPT_OK);
	assert_int_equal(k, 3);
	assert_int_equal(n, 16);
	assert_int_equal(numopt_shard("16/16", 1u << 20, &k, &n), NUMOPT_OK);
	/* used to be accepted as 1/4294967295 */
	assert_int_equal(numopt_shard("1/-1", 1u << 20, &k, &n), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_shard("-1/4", 1u << 20, &k, &n), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_shard("1/4294967296", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("1/99999999999999999999999", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("99999999999999999999999999999999999/2", 1u << 20, &k, &n),
			 NUMOPT_RANGE);
	assert_int_equal(numopt_shard("1/1048577", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("0/4", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("1/0", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("5/4", 1u << 20, &k, &n), NUMOPT_RANGE);
	assert_int_equal(numopt_shard("", 1u << 20, &k, &n), NUMOPT_EMPTY);
	assert_int_equal(numopt_shard("/", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("1/", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("/4", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("4", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("1/4x", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("1/4/8", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard(" 1/4", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("1 /4", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(numopt_shard("1/ 4", 1u << 20, &k, &n), NUMOPT_SYNTAX);
	assert_int_equal(k, 16); /* untouched by every failure */
	assert_int_equal(n, 16);
}

static void test_duration(void **state)
{
	double v = -1;

	(void)state;
	assert_int_equal(numopt_duration("10", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 10);
	assert_int_equal(numopt_duration("10s", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 10);
	assert_int_equal(numopt_duration("5m", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 300);
	assert_int_equal(numopt_duration("1h", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 3600);
	assert_int_equal(numopt_duration("0.5", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 0.5);
	assert_int_equal(numopt_duration("0.1", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v > 0.0999 && v < 0.1001);
	assert_int_equal(numopt_duration("1.5m", 0.001, 1e9, &v), NUMOPT_OK);
	assert_true(v == 90);
	assert_int_equal(numopt_duration("1000000000", 0.001, 1e9, &v), NUMOPT_OK);
	/* 0 is not a duration here, nor is anything out of range */
	assert_int_equal(numopt_duration("0", 0.001, 1e9, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_duration("0s", 0.001, 1e9, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_duration("0.0000001", 0.001, 1e9, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_duration("1000000001", 0.001, 1e9, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_duration("300000h", 0.001, 1e9, &v), NUMOPT_RANGE);
	assert_int_equal(numopt_duration("99999999999999999999999999h", 0.001, 1e9, &v),
			 NUMOPT_RANGE);
	/* junk, signs, empty, exponents, inf/nan, two units */
	assert_int_equal(numopt_duration("", 0.001, 1e9, &v), NUMOPT_EMPTY);
	assert_int_equal(numopt_duration("-5", 0.001, 1e9, &v), NUMOPT_NEGATIVE);
	assert_int_equal(numopt_duration("+5", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("5x", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("5ms", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("5 s", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("1e3", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("inf", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("nan", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration(".5", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("5.", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("1.2.3", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_int_equal(numopt_duration("s", 0.001, 1e9, &v), NUMOPT_SYNTAX);
	assert_true(v == 1e9); /* untouched by every failure */
}

/* The printed line: one line, naming the command, the option and the range. */
static void test_error_line(void **state)
{
	char buf[1024] = "";
	int fds[2], saved;
	uint32_t k, n;
	uint64_t v;
	ssize_t got;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	dup2(fds[1], STDERR_FILENO);
	assert_int_equal(afalg_opt_shard("scan", "--shard", "1/-1", 1u << 20, &k, &n), -1);
	assert_int_equal(afalg_opt_size("scan", "--max-member", "17179869184G", 1, 1ull << 40, &v),
			 -1);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	got = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_true(got > 0);
	buf[got] = '\0';
	assert_string_equal(buf, "afalg-audit: scan: --shard '1/-1': negative (accepted: K/N with "
				 "1 <= K <= N <= 1048576)\n"
				 "afalg-audit: scan: --max-member '17179869184G': out of range "
				 "(accepted: 1 to 1T bytes, with an optional suffix K, M, G, T, P "
				 "or E)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),	   cmocka_unit_test(test_size),
		cmocka_unit_test(test_shard),	   cmocka_unit_test(test_duration),
		cmocka_unit_test(test_error_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
