// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * reach.c on test-built files (tests/scan/progs/libreach.c, reach_prog.c),
 * x86-64 and aarch64, with .symtab and stripped (bounds from .eh_frame):
 * exact answers per export (with versions) and per call site, including
 * function-pointer tables and a table of tables (data objects).  The call
 * sites come from elf_scan(), as they will in the scan.  Then truncated and
 * corrupted copies: an answer or a bound, never a crash (ASan build too).
 * reach_imports_live() on live_prog.c (PLT, -fno-plt, ET_EXEC) and on the
 * library: exactly which imports live code calls, jumps to or takes.
 *
 * Usage: test_scan_reach REACH_TREE (x86_64/ and aarch64/ below it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libelf.h>

#include "reach.h"
#include "scan_ctx.h"

static const char *tree;

static unsigned char *slurp(const char *arch, const char *name, size_t *n)
{
	char path[4096];
	unsigned char *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s/%s", tree, arch, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open (built by scan/build-progs)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* The AF_ALG call sites elf_scan() reports, by address. */
static size_t call_sites(const unsigned char *img, size_t n, uint64_t *sites, size_t max)
{
	struct scan_ctx ctx;
	struct file_result *r = result_new("/test/reach", NULL);
	unsigned char *copy = malloc(n);
	size_t ns = 0;

	assert_non_null(copy);
	memcpy(copy, img, n);
	assert_int_equal(ctx_init(&ctx), 0);
	elf_scan(&ctx, copy, n, false, r);
	for (size_t i = 0; i < r->nev && ns < max; i++)
		if (r->ev[i].kind == EV_SOCKET_CALL || r->ev[i].kind == EV_SYSCALL_CALL ||
		    r->ev[i].kind == EV_RAW_SYSCALL || r->ev[i].kind == EV_UNREACHED_SITE)
			sites[ns++] = r->ev[i].address;
	result_free(r);
	ctx_free(&ctx);
	free(copy);
	return ns;
}

static bool analyse_image(const unsigned char *img, size_t n, const uint64_t *sites, size_t ns,
			  struct reach_result *r)
{
	unsigned char *copy = malloc(n ? n : 1);
	bool ok;

	assert_non_null(copy);
	memcpy(copy, img, n);
	ok = reach_analyze(copy, n, sites, ns, r);
	free(copy); /* the result must not need the image */
	return ok;
}

static void analyse(const char *arch, const char *name, size_t expect, struct reach_result *r)
{
	uint64_t sites[REACH_MAX_SITES];
	size_t n, ns;
	unsigned char *img = slurp(arch, name, &n);

	ns = call_sites(img, n, sites, REACH_MAX_SITES);
	assert_int_equal(ns, expect);
	if (!analyse_image(img, n, sites, ns, r))
		fail_msg("%s/%s: bounded: %s", arch, name, r->reason);
	assert_false(r->bounded);
	assert_int_equal(r->nsites, expect);
	free(img);
}

static const struct reach_export *export(const struct reach_result *r, const char *name,
					 const char *version, bool dflt)
{
	for (size_t i = 0; i < r->nexports; i++) {
		const struct reach_export *x = &r->exports[i];

		if (!strcmp(x->name, name) && x->version && !strcmp(x->version, version) &&
		    x->default_version == dflt)
			return x;
	}
	fail_msg("no export %s%s%s", name, dflt ? "@@" : "@", version);
	return NULL;
}

/* Index of the site in a function of this name (in the file with .symtab). */
static size_t site_in(const struct reach_result *r, const char *function)
{
	for (size_t i = 0; i < r->nsites; i++)
		if (r->sites[i].function && !strcmp(r->sites[i].function, function))
			return i;
	fail_msg("no call site in %s", function);
	return 0;
}

static size_t site_at(const struct reach_result *r, uint64_t addr)
{
	for (size_t i = 0; i < r->nsites; i++)
		if (r->sites[i].addr == addr)
			return i;
	fail_msg("no call site at %#llx", (unsigned long long)addr);
	return 0;
}

static void check_export(const struct reach_result *r, const char *name, const char *version,
			 bool dflt, uint64_t reaches, uint64_t may_reach)
{
	const struct reach_export *x = export(r, name, version, dflt);

	if (x->reaches != reaches || x->may_reach != may_reach)
		fail_msg("%s%s%s: reaches %#llx, may reach %#llx; expected %#llx, %#llx", name,
			 dflt ? "@@" : "@", version, (unsigned long long)x->reaches,
			 (unsigned long long)x->may_reach, (unsigned long long)reaches,
			 (unsigned long long)may_reach);
}

static void check_site(const struct reach_site *s, bool reachable, bool from_export,
		       bool from_taken)
{
	assert_true(s->in_function);
	assert_int_equal(s->reachable, reachable);
	assert_int_equal(s->from_export, from_export);
	assert_int_equal(s->from_taken, from_taken);
}

/* The indexes of the call sites in open_alg, table_alg, cb_alg, inner_alg. */
struct lib_sites {
	size_t open, table, cb, inner;
};

/* The library's answers. */
static void check_library(const struct reach_result *r, const struct lib_sites *ls)
{
	uint64_t a = (uint64_t)1 << ls->open, t = (uint64_t)1 << ls->table;
	uint64_t cb = (uint64_t)1 << ls->cb, in = (uint64_t)1 << ls->inner;

	assert_int_equal(r->nexports, 8);
	check_export(r, "reach_open", "REACH_1", true, a, a);  /* tail call to a static helper */
	check_export(r, "reach_open", "REACH_0", false, 0, 0); /* the old version */
	check_export(r, "reach_plt", "REACH_2", true, a, a);   /* through its own PLT */
	check_export(r, "reach_none", "REACH_1", true, 0, 0);
	/* Through the exported table it reads (via its GOT slot). */
	check_export(r, "reach_table", "REACH_2", true, t, t);
	/*
	 * Through the static tables each reads, and no other: their indirect
	 * calls may also reach what the exported table holds (anyone may read
	 * it), never what another static table holds.
	 */
	check_export(r, "reach_cb", "REACH_3", true, cb, cb | t);
	check_export(r, "reach_other", "REACH_3", true, 0, t);
	check_export(r, "reach_nested", "REACH_3", true, in, in | t); /* a table of tables */
	check_site(&r->sites[ls->open], true, true, false);
	check_site(&r->sites[ls->table], true, true, true);
	check_site(&r->sites[ls->cb], true, true, true);
	check_site(&r->sites[ls->inner], true, true, true);
	assert_int_equal(r->taken_reaches, t | cb | in);
	assert_int_equal(r->free_reaches, t);
}

/* The same sites in the stripped copy, found by address. */
static struct lib_sites same_sites(const struct reach_result *full, const struct lib_sites *ls,
				   const struct reach_result *stripped)
{
	struct lib_sites s = {
		.open = site_at(stripped, full->sites[ls->open].addr),
		.table = site_at(stripped, full->sites[ls->table].addr),
		.cb = site_at(stripped, full->sites[ls->cb].addr),
		.inner = site_at(stripped, full->sites[ls->inner].addr),
	};

	return s;
}

static void test_library(void **state)
{
	const char *arch = *state;
	struct reach_result full, stripped;
	struct lib_sites ls, ss;

	analyse(arch, "libreach.so", 4, &full);
	assert_true(full.stats.symtab);
	ls.open = site_in(&full, "open_alg");
	ls.table = site_in(&full, "table_alg");
	ls.cb = site_in(&full, "cb_alg");
	ls.inner = site_in(&full, "inner_alg");
	check_library(&full, &ls);

	/* No .symtab: data objects end where code or a relocation forms the next address. */
	analyse(arch, "libreach.stripped.so", 4, &stripped);
	assert_false(stripped.stats.symtab);
	assert_null(stripped.sites[0].function);
	ss = same_sites(&full, &ls, &stripped);
	check_library(&stripped, &ss);
	assert_int_equal(stripped.sites[ss.open].func_start, full.sites[ls.open].func_start);
	reach_free(&full);
	reach_free(&stripped);
}

static void check_program(const struct reach_result *r, size_t live, size_t dead)
{
	assert_int_equal(r->nexports, 0);
	assert_true(r->sites[live].reachable); /* main -> live_alg */
	check_site(&r->sites[dead], false, false, false);
}

static void test_program(void **state)
{
	const char *arch = *state;
	struct reach_result full, stripped;
	size_t live, dead;

	analyse(arch, "reach_prog", 2, &full);
	assert_true(full.stats.symtab);
	live = site_in(&full, "live_alg");
	dead = site_in(&full, "dead_alg");
	check_program(&full, live, dead);

	analyse(arch, "reach_prog.stripped", 2, &stripped);
	assert_false(stripped.stats.symtab);
	check_program(&stripped, site_at(&stripped, full.sites[live].addr),
		      site_at(&stripped, full.sites[dead].addr));
	reach_free(&full);
	reach_free(&stripped);
}

static bool imports_live(const unsigned char *img, size_t n, const char *const *names, size_t nn,
			 bool *live, const char **why)
{
	unsigned char *copy = malloc(n ? n : 1);
	bool ok;

	assert_non_null(copy);
	memcpy(copy, img, n);
	ok = reach_imports_live(copy, n, names, nn, live, why);
	free(copy);
	return ok;
}

/* live_prog.c's imports and what its comment says of each. */
static const char *const live_names[] = {
	"reach_none", "reach_plt",    "reach_table", "reach_other",  "reach_open",
	"reach_cb",   "reach_nested", "getpid",	     "reach_absent", /* not imported */
	"reach_open", /* asked twice: the same answer */
};
static const bool live_expect[] = {true, true, true, true, false, false, false, true, false, false};

static void check_imports(const char *arch, const char *name)
{
	size_t n, nn = sizeof(live_names) / sizeof(live_names[0]);
	unsigned char *img = slurp(arch, name, &n);
	bool live[sizeof(live_names) / sizeof(live_names[0])];
	const char *why = "unset";

	if (!imports_live(img, n, live_names, nn, live, &why))
		fail_msg("%s/%s: bounded: %s", arch, name, why);
	assert_null(why);
	for (size_t i = 0; i < nn; i++)
		if (live[i] != live_expect[i])
			fail_msg("%s/%s: %s is %s, expected %s", arch, name, live_names[i],
				 live[i] ? "live" : "dead", live_expect[i] ? "live" : "dead");
	free(img);
}

static void test_imports(void **state)
{
	const char *arch = *state;

	check_imports(arch, "live_prog");
	check_imports(arch, "live_prog.stripped");
	check_imports(arch, "live_prog_noplt");
	check_imports(arch, "live_prog_noplt.stripped");
	check_imports(arch, "live_prog_exec");
	check_imports(arch, "live_prog_exec.stripped");
}

/* A library's roots are its exports: socket is called from open_alg, reached from reach_open. */
static void test_library_imports(void **state)
{
	const char *arch = *state;
	const char *const names[] = {"socket", NULL, "reach_none"};
	bool live[3] = {false, false, true};
	const char *why;
	size_t n;
	unsigned char *img = slurp(arch, "libreach.stripped.so", &n);

	assert_true(imports_live(img, n, names, 3, live, &why));
	assert_true(live[0]);
	assert_true(live[1]);  /* no name: nothing known */
	assert_false(live[2]); /* defined here, not imported */
	assert_true(imports_live(img, n, names, 0, live, &why));
	free(img);
}

/* Truncations and byte flips: an answer or a bound, never a crash or a leak. */
static void test_hostile(void **state)
{
	const char *arch = *state;
	uint64_t sites[REACH_MAX_SITES];
	size_t n, ns;
	unsigned char *img = slurp(arch, "libreach.stripped.so", &n), *bad = malloc(n);
	uint32_t x = 2463534242u;

	assert_non_null(bad);
	ns = call_sites(img, n, sites, REACH_MAX_SITES);
	for (size_t len = 0; len < n; len += len < 128 ? 1 : 61) {
		struct reach_result r;

		analyse_image(img, len, sites, ns, &r);
		reach_free(&r);
	}
	for (int round = 0; round < 400; round++) {
		struct reach_result r;

		memcpy(bad, img, n);
		for (int k = 0; k < 8; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32: reproducible */
			bad[x % n] = (unsigned char)(x >> 24);
		}
		analyse_image(bad, n, sites, ns, &r);
		reach_free(&r);
	}
	free(bad);
	free(img);
}

/* The same for reach_imports_live on a stripped program; a bound leaves everything live. */
static void test_imports_hostile(void **state)
{
	const char *arch = *state;
	size_t n, nn = sizeof(live_names) / sizeof(live_names[0]);
	unsigned char *img = slurp(arch, "live_prog_noplt.stripped", &n), *bad = malloc(n);
	bool live[sizeof(live_names) / sizeof(live_names[0])];
	const char *why;
	uint32_t x = 88675123u;

	assert_non_null(bad);
	for (size_t len = 0; len < n; len += len < 128 ? 1 : 37)
		if (!imports_live(img, len, live_names, nn, live, &why)) {
			assert_non_null(why);
			for (size_t i = 0; i < nn; i++)
				assert_true(live[i]);
		}
	for (int round = 0; round < 400; round++) {
		memcpy(bad, img, n);
		for (int k = 0; k < 8; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			bad[x % n] = (unsigned char)(x >> 24);
		}
		if (!imports_live(bad, n, live_names, nn, live, &why))
			assert_non_null(why);
	}
	free(bad);
	free(img);
}

static void test_limits(void **state)
{
	uint64_t sites[REACH_MAX_SITES + 1] = {0};
	struct reach_result r;
	unsigned char junk[64] = "not an ELF file";

	(void)state;
	assert_false(reach_analyze(junk, sizeof(junk), sites, REACH_MAX_SITES + 1, &r));
	assert_true(r.bounded);
	assert_string_equal(r.reason, "more call sites than REACH_MAX_SITES");
	reach_free(&r);
	assert_false(reach_analyze(junk, sizeof(junk), sites, 1, &r));
	assert_true(r.bounded);
	assert_non_null(r.reason);
	assert_true(r.sites[0].reachable);
	assert_int_equal(r.nexports, 0);
	reach_free(&r);
	{
		const char *const names[] = {"a", "b"};
		bool live[2] = {false, false};
		const char *why = NULL;

		assert_false(reach_imports_live(junk, sizeof(junk), names, 2, live, &why));
		assert_non_null(why);
		assert_true(live[0] && live[1]);
	}
}

int main(int argc, char **argv)
{
	static const char *x86 = "x86_64", *a64 = "aarch64";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(test_library, (void *)x86),
		cmocka_unit_test_prestate(test_program, (void *)x86),
		cmocka_unit_test_prestate(test_hostile, (void *)x86),
		cmocka_unit_test_prestate(test_imports, (void *)x86),
		cmocka_unit_test_prestate(test_library_imports, (void *)x86),
		cmocka_unit_test_prestate(test_imports_hostile, (void *)x86),
		cmocka_unit_test_prestate(test_library, (void *)a64),
		cmocka_unit_test_prestate(test_program, (void *)a64),
		cmocka_unit_test_prestate(test_hostile, (void *)a64),
		cmocka_unit_test_prestate(test_imports, (void *)a64),
		cmocka_unit_test_prestate(test_library_imports, (void *)a64),
		cmocka_unit_test_prestate(test_imports_hostile, (void *)a64),
		cmocka_unit_test(test_limits),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_scan_reach REACH_TREE\n");
		return 2;
	}
	tree = argv[1];
	elf_version(EV_CURRENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
