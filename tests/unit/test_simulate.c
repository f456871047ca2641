// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * simulate's pure logic (issue #18): which call each measure denies, with
 * the kernel's error, and the verdict from the normal runs and the measured
 * one.  The runs themselves need a kernel: tests/simulate (this machine, no
 * AF_ALG) and tests/vm/simulate-18 (four kernels).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim_policy.h"
#include "sim_verdict.h"

static const struct sim_allow_entry entries[] = {
	{"hash", "sha1", false},
	{"hash", "sha256", true},
	{"skcipher", "xts(aes)", false},
};
static const struct sim_allowlist al = {entries, 3};

static int deny(int m, bool bind, const char *type, const char *name, bool priv, bool *applies)
{
	struct sim_call c = {.is_bind = bind, .type = type, .name = name, .privileged_proc = priv};

	return sim_policy(m, &al, &c, applies);
}

static void test_policy(void **state)
{
	bool ap;

	(void)state;
	/* M0 per type: only binds of that type, ENOENT */
	assert_int_equal(deny(SIM_M0_HASH, true, "hash", "sha256", true, &ap), ENOENT);
	assert_true(ap);
	assert_int_equal(deny(SIM_M0_HASH, true, "skcipher", "cbc(aes)", true, &ap), 0);
	assert_false(ap);
	assert_int_equal(deny(SIM_M0_AEAD, true, "aead", "gcm(aes)", true, &ap), ENOENT);
	assert_int_equal(deny(SIM_M0_RNG, false, NULL, NULL, true, &ap), 0);
	assert_false(ap);
	/* M6: socket only, EAFNOSUPPORT */
	assert_int_equal(deny(SIM_M6, false, NULL, NULL, true, &ap), EAFNOSUPPORT);
	assert_true(ap);
	assert_int_equal(deny(SIM_M6, true, "hash", "sha1", true, &ap), 0);
	assert_false(ap);
	/* M4: exact (type, name); a driver name or another type is not on it */
	assert_int_equal(deny(SIM_M4, true, "hash", "sha256", false, &ap), 0);
	assert_true(ap);
	assert_int_equal(deny(SIM_M4, true, "hash", "sha256-generic", true, &ap), ENOENT);
	assert_int_equal(deny(SIM_M4, true, "skcipher", "sha256", true, &ap), ENOENT);
	assert_int_equal(deny(SIM_M4, false, NULL, NULL, true, &ap), 0);
	assert_false(ap);
	/* M5: privileged entries need the capability; other names are M4's business */
	assert_int_equal(deny(SIM_M5, true, "hash", "sha256", false, &ap), ENOENT);
	assert_true(ap);
	assert_int_equal(deny(SIM_M5, true, "hash", "sha256", true, &ap), 0);
	assert_true(ap);
	assert_int_equal(deny(SIM_M5, true, "hash", "sha1", false, &ap), 0);
	assert_false(ap);
	assert_int_equal(deny(SIM_M5, true, "aead", "gcm(aes)", false, &ap), 0);
	assert_false(ap);
	/* M1..M3 are never denied */
	for (int m = SIM_M1; m <= SIM_M3; m++) {
		assert_int_equal(deny(m, true, "hash", "sha256", false, &ap), 0);
		assert_false(ap);
		assert_false(sim_measure_simulated(m));
	}
}

static void test_measure_names(void **state)
{
	unsigned mask = 0;

	(void)state;
	for (int m = 0; m < SIM_COUNT; m++) {
		unsigned one = 0;

		assert_non_null(sim_measure_name(m));
		assert_true(sim_measure_parse(sim_measure_name(m), &one));
		assert_int_equal(one, 1u << m);
	}
	assert_true(sim_measure_parse("M0", &mask));
	assert_int_equal(mask, 0xfu);
	assert_false(sim_measure_parse("M7", &mask));
	assert_false(sim_measure_parse("m4", &mask));
	assert_false(sim_measure_parse("M0:", &mask));
	assert_false(sim_measure_parse(NULL, &mask));
	assert_null(sim_measure_name(SIM_COUNT));
	assert_null(sim_measure_name(-1));
}

/* Kept text lives in these (the runs here are never freed). */
static char texts[16][256];
static unsigned ntexts;

static char *text(const char *s, bool nl)
{
	char *t = texts[ntexts++ % 16];

	snprintf(t, 256, "%s%s", s, nl ? "\n" : "");
	return t;
}

static void run_init(struct sim_result *r, int m, int status, const char *out, const char *err_line)
{
	memset(r, 0, sizeof(*r));
	r->out.kept = text(out, true);
	r->out.kept_len = strlen(r->out.kept);
	r->measure = m;
	r->exited = true;
	r->status = status;
	r->wall_s = 0.1;
	r->out.bytes = strlen(out);
	memcpy(r->out.sha256, out, strlen(out) < 32 ? strlen(out) : 32);
	if (err_line) {
		strcpy(r->error_lines[0], err_line);
		r->nerror_lines = 1;
		r->err.bytes = strlen(err_line) + 1;
		r->err.sha256[0] = 1;
		r->err.kept = text(err_line, true);
		r->err.kept_len = r->err.bytes;
	}
}

static void deny_one(struct sim_result *r)
{
	r->n_socket = r->n_bind = 1;
	r->applied = r->denied_total = r->ndenied = 1;
	r->denied[0].is_bind = true;
	strcpy(r->denied[0].type, "hash");
	strcpy(r->denied[0].name, "sha256");
}

static void test_verdicts(void **state)
{
	struct sim_result n1, n2, r;
	struct sim_baseline b = {0};
	char why[512];

	(void)state;
	run_init(&n1, -1, 0, "same", NULL);
	run_init(&n2, -1, 0, "same", NULL);
	sim_baseline_init(&b, &n1, &n2);
	assert_false(b.out_varies);

	/* nothing the measure acts on */
	run_init(&r, SIM_M0_HASH, 0, "same", NULL);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_NOT_REACHED);
	/* acted on, none denied */
	r.applied = 2;
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_SURVIVES);
	/* denied, same end and output */
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_SURVIVES);
	/* denied, another exit status: breaks, with the new error line */
	run_init(&r, SIM_M0_HASH, 1, "same", "kcapi_md_init() failed: -2");
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_BREAKS);
	assert_non_null(strstr(why, "exit 1 instead of exit 0"));
	assert_non_null(strstr(why, "kcapi_md_init() failed: -2"));
	/* a signal breaks */
	run_init(&r, SIM_M0_HASH, 0, "same", NULL);
	deny_one(&r);
	r.exited = false;
	r.status = 11;
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_BREAKS);
	assert_non_null(strstr(why, "SEGV"));
	/* same exit, a new error line: degrades (hardlink's fallback) */
	run_init(&r, SIM_M0_HASH, 0, "same",
		 "hardlink: cannot initialize sha256 method, use 'memcmp' fallback");
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_DEGRADES);
	assert_non_null(strstr(why, "'memcmp' fallback"));
	/* other stdout, when stdout does not change by itself: degrades */
	run_init(&r, SIM_M0_HASH, 0, "other", NULL);
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_DEGRADES);
	/* ... but not when the two normal runs differ there already, and the
	 * measured run's lines are theirs but for numbers */
	run_init(&n1, -1, 0, "tick 1", NULL);
	run_init(&n2, -1, 0, "tick 22", NULL);
	sim_baseline_free(&b);
	sim_baseline_init(&b, &n1, &n2);
	assert_true(b.out_varies);
	run_init(&r, SIM_M0_HASH, 0, "tick 333", NULL);
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_SURVIVES);
	/* a new stdout line while stdout varies (hardlink -v: timings, then its
	 * fallback on stdout); numbers alone make no new line */
	run_init(&n1, -1, 0, "Method: sha256\nDuration: 0.000649 seconds", NULL);
	run_init(&n2, -1, 0, "Method: sha256\nDuration: 0.001201 seconds", NULL);
	n2.out.sha256[0] ^= 1;
	sim_baseline_free(&b);
	sim_baseline_init(&b, &n1, &n2);
	assert_true(b.out_varies);
	run_init(&r, SIM_M0_HASH, 0, "Method: sha256\nDuration: 0.093361 seconds", NULL);
	r.out.sha256[0] ^= 2;
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_SURVIVES);
	run_init(&r, SIM_M0_HASH, 0,
		 "cannot initialize sha256 method, use 'memcmp' fallback\nMethod: memcmp\n"
		 "Duration: 0.1 seconds",
		 NULL);
	deny_one(&r);
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_DEGRADES);
	assert_non_null(strstr(why, "use 'memcmp' fallback"));
	/* much slower: degrades */
	run_init(&r, SIM_M0_HASH, 0, "same", NULL);
	deny_one(&r);
	r.wall_s = 5.0;
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_DEGRADES);
	/* a time-out breaks */
	r.wall_s = 0.1;
	r.timed_out = true;
	assert_int_equal(sim_verdict(&b, &r, true, why, sizeof(why)), SIM_BREAKS);
	sim_baseline_free(&b);
}

static void test_no_af_alg_kernel(void **state)
{
	struct sim_result n1, r;
	struct sim_baseline b;
	char why[512];

	(void)state;
	run_init(&n1, -1, 0, "x", NULL);
	n1.n_socket = 1;
	sim_baseline_init(&b, &n1, NULL);
	/* M0 cannot act: socket() already failed */
	run_init(&r, SIM_M0_HASH, 0, "x", NULL);
	r.n_socket = 1;
	assert_int_equal(sim_verdict(&b, &r, false, why, sizeof(why)), SIM_NOT_REACHED);
	assert_non_null(strstr(why, "no AF_ALG"));
	/* M6 equals the normal run, and says so */
	run_init(&r, SIM_M6, 0, "y", NULL);
	r.n_socket = r.applied = r.denied_total = 1;
	assert_int_equal(sim_verdict(&b, &r, false, why, sizeof(why)), SIM_SURVIVES);
	assert_non_null(strstr(why, "already ran under M6"));
	sim_baseline_free(&b);
}

static void test_observed(void **state)
{
	struct sim_result n;
	char why[512];

	(void)state;
	memset(&n, 0, sizeof(n));
	assert_int_equal(sim_verdict_observed(SIM_M1, &n, why, sizeof(why)), SIM_NOT_REACHED);
	assert_int_equal(sim_verdict_observed(SIM_M2, &n, why, sizeof(why)), SIM_NOT_REACHED);
	assert_int_equal(sim_verdict_observed(SIM_M3, &n, why, sizeof(why)), SIM_NOT_REACHED);
	n.splice = 3;
	n.io_submit = 1;
	n.n_bind = 1;
	assert_int_equal(sim_verdict_observed(SIM_M1, &n, why, sizeof(why)), SIM_NOT_SIMULATED);
	assert_non_null(strstr(why, "copies"));
	assert_int_equal(sim_verdict_observed(SIM_M2, &n, why, sizeof(why)), SIM_NOT_SIMULATED);
	assert_int_equal(sim_verdict_observed(SIM_M3, &n, why, sizeof(why)), SIM_NOT_SIMULATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy),	 cmocka_unit_test(test_measure_names),
		cmocka_unit_test(test_verdicts), cmocka_unit_test(test_no_af_alg_kernel),
		cmocka_unit_test(test_observed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
