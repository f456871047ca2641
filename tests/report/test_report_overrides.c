// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* check --overrides and --fail-on (reports/overrides.c): the line parser, matching, the list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "overrides.h"

static void parsed(const char *line, enum check_kind kind, const char *target, bool pkg,
		   const char *qual, const char *reason)
{
	struct override ov;
	char why[256] = "";

	if (override_parse_line(line, &ov, why, sizeof(why)) != 1)
		fail_msg("'%s': refused (%s), want an override", line, why);
	assert_int_equal(ov.kind, kind);
	assert_string_equal(ov.target, target);
	assert_int_equal(ov.is_package, pkg);
	if (qual)
		assert_string_equal(ov.qualifier, qual);
	else
		assert_null(ov.qualifier);
	assert_string_equal(ov.reason, reason);
	override_clear(&ov);
}

static void refused(const char *line, const char *why_has)
{
	struct override ov;
	char why[256] = "";

	if (override_parse_line(line, &ov, why, sizeof(why)) != -1)
		fail_msg("'%s': accepted, want an error", line);
	if (!strstr(why, why_has))
		fail_msg("'%s': '%s' does not say '%s'", line, why, why_has);
}

static void test_lines(void **state)
{
	struct override ov;
	char why[64];

	(void)state;
	parsed("new-user /usr/bin/foo -- known", CK_NEW_USER, "/usr/bin/foo", false, NULL, "known");
	parsed("  new-break\t*/kcapi-*  M4  --  on the list soon  ", CK_NEW_BREAK, "*/kcapi-*",
	       false, "M4", "on the list soon");
	parsed("new-algorithm libell0 hmac(sha256) -- reason -- with dashes # and hash",
	       CK_NEW_ALGORITHM, "libell0", true, "hmac(sha256)",
	       "reason -- with dashes # and hash");
	parsed("new-type kcapi-tools rng -- x\r", CK_NEW_TYPE, "kcapi-tools", true, "rng", "x");
	parsed("allowlist libcrypt* M5 -- y", CK_ALLOWLIST, "libcrypt*", true, "M5", "y");
	assert_int_equal(override_parse_line("", &ov, why, sizeof(why)), 0);
	assert_int_equal(override_parse_line("   ", &ov, why, sizeof(why)), 0);
	assert_int_equal(override_parse_line("  # new-user foo", &ov, why, sizeof(why)), 0);
}

static void test_bad_lines(void **state)
{
	(void)state;
	refused("new-user /usr/bin/foo", "no reason");
	refused("new-user /usr/bin/foo --", "empty reason");
	refused("new-user /usr/bin/foo --   \t ", "empty reason");
	refused("new-user /usr/bin/foo--x", "no reason"); /* "--" is a word of its own */
	refused("new-user -- reason", "expected KIND TARGET");
	refused("new-usr foo -- r", "unknown finding kind 'new-usr'");
	refused("new-user foo M4 -- r", "takes no measure");
	refused("new-break foo sha256 -- r", "not a measure");
	refused("new-break foo M7 -- r", "not a measure");
	refused("allowlist foo M -- r", "not a measure");
	refused("new-type foo sha256 -- r", "not an AF_ALG type");
	refused("new-algorithm foo M2 -- r", "not a measure");
	refused("new-user /usr/bin/my prog x -- r", "too many words");
}

static struct json_object *finding(const char *kind, const char *path, const char *identity,
				   const char *pkg, const char *key, const char *val)
{
	struct json_object *f = json_object_new_object();

	json_object_object_add(f, "kind", json_object_new_string(kind));
	json_object_object_add(f, "path", json_object_new_string(path));
	if (identity)
		json_object_object_add(f, "identity", json_object_new_string(identity));
	json_object_object_add(f, "package", pkg ? json_object_new_string(pkg) : NULL);
	if (key)
		json_object_object_add(f, key, json_object_new_string(val));
	return f;
}

static void test_load_and_match(void **state)
{
	char path[] = "/tmp/test-overrides-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct overrides o;
	struct json_object *a, *b, *c, *d, *e;
	struct override *m;

	(void)state;
	assert_non_null(f);
	fputs("# comment\n\n"
	      "new-user /usr/bin/kcapi-* -- kcapi tools are fine\n"
	      "new-break libell0 M4 -- ell goes on the list\n"
	      "new-algorithm */libcryptsetup.so.* xxhash* -- cryptsetup\n"
	      "new-type /nowhere -- unused\n",
	      f);
	fclose(f);
	assert_int_equal(overrides_load(&o, path), 0);
	assert_int_equal(o.n, 4);
	assert_int_equal(o.v[0].line, 3);
	assert_int_equal(o.v[3].line, 6);
	/* by identity when the scanned path is elsewhere */
	a = finding("new-user", "stage/usr/bin/kcapi-enc", "/usr/bin/kcapi-enc", "kcapi-tools",
		    NULL, NULL);
	m = overrides_match(&o, a);
	assert_non_null(m);
	assert_string_equal(m->reason, "kcapi tools are fine");
	/* another kind of the same program: no */
	b = finding("new-type", "/usr/bin/kcapi-enc", NULL, "kcapi-tools", "type", "rng");
	assert_null(overrides_match(&o, b));
	/* a package, with the measure */
	c = finding("new-break", "/usr/lib/libell.so.0", NULL, "libell0", "measure", "M4");
	assert_non_null(overrides_match(&o, c));
	json_object_object_add(c, "measure", json_object_new_string("M3"));
	assert_null(overrides_match(&o, c));
	/* an algorithm glob, by path (no identity) */
	d = finding("new-algorithm", "/lib/x86_64-linux-gnu/libcryptsetup.so.12.9.0", NULL,
		    "libcryptsetup12", "algorithm", "xxhash64");
	assert_non_null(overrides_match(&o, d));
	/* no package: a package override does not match */
	e = finding("new-break", "/usr/bin/x", NULL, NULL, "measure", "M4");
	assert_null(overrides_match(&o, e));
	assert_int_equal(o.v[0].used, 1);
	assert_int_equal(o.v[3].used, 0);
	assert_int_equal(overrides_warn_unused(&o), 1);
	overrides_free(&o);
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
	json_object_put(d);
	json_object_put(e);

	/* the first bad line fails the load */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("new-user /a -- ok\nnew-user /b\n", f);
	fclose(f);
	assert_int_equal(overrides_load(&o, path), -1);
	assert_int_equal(o.n, 0);
	unlink(path);
	assert_int_equal(overrides_load(&o, path), -1);
}

static void test_fail_on(void **state)
{
	unsigned mask = 0;
	char bad[64];
	struct json_object *u = finding("new-user", "/a", NULL, NULL, NULL, NULL);
	struct json_object *brk = finding("new-break", "/a", NULL, NULL, "measure", "M4");

	(void)state;
	assert_int_equal(failon_parse("new-break", &mask, bad, sizeof(bad)), 0);
	assert_false(failon_selects(mask, u));
	assert_true(failon_selects(mask, brk));
	mask = 0;
	assert_int_equal(failon_parse("hard", &mask, bad, sizeof(bad)), 0);
	assert_false(failon_selects(mask, u));
	json_object_object_add(u, "hard", json_object_new_boolean(1));
	assert_true(failon_selects(mask, u));
	json_object_object_add(brk, "hard", json_object_new_boolean(0));
	assert_false(failon_selects(mask, brk));
	mask = 0;
	assert_int_equal(failon_parse("any", &mask, bad, sizeof(bad)), 0);
	assert_int_equal(mask, FAILON_ANY);
	assert_true(failon_selects(mask, brk));
	mask = 0;
	assert_int_equal(failon_parse("new-user,allowlist,hard", &mask, bad, sizeof(bad)), 0);
	assert_int_equal(mask, (1u << CK_NEW_USER) | (1u << CK_ALLOWLIST) | FAILON_HARD);
	assert_int_equal(failon_parse("new-user,bogus", &mask, bad, sizeof(bad)), -1);
	assert_string_equal(bad, "bogus");
	assert_int_equal(failon_parse("new-user,", &mask, bad, sizeof(bad)), -1);
	assert_string_equal(bad, "");
	assert_int_equal(failon_parse("", &mask, bad, sizeof(bad)), -1);
	assert_int_equal(failon_parse("New-User", &mask, bad, sizeof(bad)), -1);
	json_object_put(u);
	json_object_put(brk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_load_and_match),
		cmocka_unit_test(test_fail_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
