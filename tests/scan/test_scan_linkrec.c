// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Link records (analyzer/linkrec.c): what library resolution keeps of every
 * ELF file must say the same as the result it was made from, its path hash
 * must be strmap_hash of the path (member lookups depend on it), and the
 * arena must really pack small objects (a mirror has millions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linkrec.h"

static void test_arena_packs(void **state)
{
	struct arena a = {0};
	char *prev = NULL;
	size_t jumps = 0, n = 200000;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char *p = arena_alloc(&a, 16);

		assert_non_null(p);
		memset(p, 0xa5, 16);
		if (prev && p != prev + 16)
			jumps++;
		prev = p;
	}
	/* 3.2 MB of 16-byte objects: a new 1 MiB chunk now and then, nothing more. */
	assert_true(jumps <= n * 16 / (1u << 20) + 1);
	assert_int_equal(a.total, n * 16);
	/* A big allocation gets its own chunk without wasting the current one. */
	prev = arena_alloc(&a, 16);
	assert_non_null(arena_alloc(&a, 3u << 20));
	assert_ptr_equal(arena_alloc(&a, 16), prev + 16);
	assert_string_equal(arena_strdup(&a, "libc.so.6"), "libc.so.6");
	arena_free(&a);
	assert_null(a.chunks);
}

static struct file_result *elf_result(const char *path, const char *archive)
{
	struct file_result *r = result_new(path, archive);

	assert_non_null(r);
	r->kind = KIND_ELF;
	r->role = ROLE_PROGRAM;
	r->elf_class = 64;
	r->elf_machine = 62;
	return r;
}

static void test_record(void **state)
{
	struct link_table t;
	struct file_result *r = elf_result("/usr/bin/iwctl", "/debs/iwd_2.3-1_amd64.deb");
	struct file_result *r2 = elf_result("/usr/libexec/iwd", "/debs/iwd_2.3-1_amd64.deb");
	struct link_rec *l, *l2;
	char buf[64];

	(void)state;
	linktab_init(&t);
	r->package = r2->package = "iwd";
	r->version = r2->version = "2.3-1";
	strlist_add(&r->needed, "libell.so.0");
	strlist_add(&r->needed, "libc.so.6");
	strlist_add(&r2->needed, "libc.so.6");
	r->runpath = strdup("$ORIGIN/../lib");
	snprintf(r->build_id, sizeof(r->build_id), "%s", "0123abcd");
	r->types = 3;
	r->cls = CLASS_USES;
	l = linktab_add(&t, r, r);
	l2 = linktab_add(&t, r2, NULL);
	assert_non_null(l);
	assert_non_null(l2);
	assert_int_equal(t.n, 2);
	assert_true(linkrec_path(l, buf, sizeof(buf)));
	assert_string_equal(buf, "/usr/bin/iwctl");
	assert_false(linkrec_path(l, buf, 8)); /* does not fit: said so */
	assert_int_equal(linkrec_path_hash(l), strmap_hash("/usr/bin/iwctl"));
	assert_true(linkrec_is_at(l, "/usr/bin/iwctl"));
	assert_false(linkrec_is_at(l, "/usr/bin/iwct"));
	assert_false(linkrec_is_at(l, "/usr/sbin/iwctl"));
	assert_false(linkrec_is_at(l, "iwctl"));
	assert_int_equal(l->nneeded, 2);
	assert_string_equal(l->needed[0], "libell.so.0");
	/* Interned once: the same name is the same pointer in every record. */
	assert_ptr_equal(l->needed[1], l2->needed[0]);
	assert_string_equal(l->runpath, "$ORIGIN/../lib");
	assert_string_equal(l->build_id, "0123abcd");
	assert_null(l2->build_id);
	assert_true(l->uses);
	assert_false(l2->uses);
	assert_int_equal(l->types, 3);
	assert_ptr_equal(l->full, r);
	assert_null(l2->full);
	/* One origin per archive, shared. */
	assert_ptr_equal(l->origin, l2->origin);
	assert_string_equal(l->origin->archive, "/debs/iwd_2.3-1_amd64.deb");
	assert_string_equal(l->origin->package, "iwd");
	result_free(r2); /* the record outlives the result it was made from */
	assert_string_equal(l2->needed[0], "libc.so.6");
	assert_string_equal(l2->base, "iwd");
	assert_string_equal(l2->dir, "/usr/libexec");

	/* No directory, and a file at the top. */
	r2 = elf_result("a.out", NULL);
	l2 = linktab_add(&t, r2, NULL);
	assert_null(l2->dir);
	assert_null(l2->origin);
	assert_true(linkrec_path(l2, buf, sizeof(buf)));
	assert_string_equal(buf, "a.out");
	assert_int_equal(linkrec_path_hash(l2), strmap_hash("a.out"));
	assert_true(linkrec_is_at(l2, "a.out"));
	assert_false(linkrec_is_at(l2, "/a.out"));
	result_free(r2);
	r2 = elf_result("/init", NULL);
	l2 = linktab_add(&t, r2, NULL);
	assert_true(linkrec_path(l2, buf, sizeof(buf)));
	assert_string_equal(buf, "/init");
	assert_int_equal(linkrec_path_hash(l2), strmap_hash("/init"));
	assert_true(linkrec_is_at(l2, "/init"));
	result_free(r2);
	result_free(r);
	linktab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_packs),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
