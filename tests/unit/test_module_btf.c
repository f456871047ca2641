// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Finding a module function's BTF id in split BTF (tracer/module_btf.c), on
 * blobs laid out as the kernel writes /sys/kernel/btf/MODULE: ids after the
 * base's, names offset by the base's string section.  (The real thing is
 * exercised by the vm tests: a wrong id makes the fentry switch fail.)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/btf.h>

#include "module_btf.h"

static const struct btf_base_info base = {.type_cnt = 1000, .str_len = 5000};

struct blob {
	unsigned char b[1024];
	size_t types, ntypes; /* bytes of the type section */
	char strs[256];
	size_t nstrs;
};

static uint32_t str(struct blob *bl, const char *s)
{
	uint32_t off = (uint32_t)bl->nstrs;

	memcpy(bl->strs + bl->nstrs, s, strlen(s) + 1);
	bl->nstrs += strlen(s) + 1;
	return base.str_len + off;
}

static void type(struct blob *bl, uint32_t name_off, int kind, int vlen, size_t extra)
{
	struct btf_type t = {.name_off = name_off, .info = ((uint32_t)kind << 24) | (uint32_t)vlen};

	memcpy(bl->b + sizeof(struct btf_header) + bl->ntypes, &t, sizeof(t));
	bl->ntypes += sizeof(t);
	memset(bl->b + sizeof(struct btf_header) + bl->ntypes, 0, extra);
	bl->ntypes += extra;
}

/* hdr, then types, then strings; returns the size. */
static size_t finish(struct blob *bl)
{
	struct btf_header h = {.magic = BTF_MAGIC,
			       .version = 1,
			       .hdr_len = sizeof(h),
			       .type_off = 0,
			       .type_len = (uint32_t)bl->ntypes,
			       .str_off = (uint32_t)bl->ntypes,
			       .str_len = (uint32_t)bl->nstrs};

	memcpy(bl->b, &h, sizeof(h));
	memcpy(bl->b + sizeof(h) + bl->ntypes, bl->strs, bl->nstrs);
	return sizeof(h) + bl->ntypes + bl->nstrs;
}

/* The shape of algif_hash's BTF, in miniature. */
static size_t module_blob(struct blob *bl)
{
	memset(bl, 0, sizeof(*bl));
	bl->strs[0] = '\0';
	bl->nstrs = 1;
	type(bl, str(bl, "hash_ctx"), BTF_KIND_STRUCT, 2, 2 * sizeof(struct btf_member)); /* 1000 */
	type(bl, 0, BTF_KIND_FUNC_PROTO, 3, 3 * sizeof(struct btf_param));		  /* 1001 */
	type(bl, str(bl, "hash_recvmsg"), BTF_KIND_FUNC, 0, 0);				  /* 1002 */
	type(bl, 17, BTF_KIND_FUNC, 0, 0);		    /* 1003: a name in vmlinux's strings */
	type(bl, 0, BTF_KIND_INT, 0, 4);		    /* 1004 */
	type(bl, str(bl, "hash_send"), BTF_KIND_VAR, 0, 4); /* 1005 */
	type(bl, 0, BTF_KIND_ENUM, 2, 2 * sizeof(struct btf_enum));			 /* 1006 */
	type(bl, str(bl, "hash_sendmsg"), BTF_KIND_FUNC, 0, 0);				 /* 1007 */
	type(bl, str(bl, ".data"), BTF_KIND_DATASEC, 1, sizeof(struct btf_var_secinfo)); /* 1008 */
	return finish(bl);
}

static void finds_functions_by_name(void **state)
{
	struct blob bl;
	size_t n = module_blob(&bl);

	(void)state;
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_recvmsg"), 1002);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), 1007);
	/* a VAR of a matching prefix, a prefix, and an absent name are not functions */
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_send"), -ENOENT);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg2"), -ENOENT);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "rng_recvmsg"), -ENOENT);
}

static void rejects_malformed_blobs(void **state)
{
	struct blob bl;
	size_t n = module_blob(&bl);
	struct btf_header h;

	(void)state;
	/* every truncation: an error or not found, never a read past the end */
	for (size_t cut = 0; cut < n; cut++) {
		int r = module_btf_func_id(bl.b, cut, &base, "hash_sendmsg");

		assert_true(r == -EINVAL || r == -ENOENT);
	}
	memcpy(&h, bl.b, sizeof(h));
	h.magic = 0x1234;
	memcpy(bl.b, &h, sizeof(h));
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), -EINVAL);

	n = module_blob(&bl);
	memcpy(&h, bl.b, sizeof(h));
	h.str_len = 0xfffffff0u; /* section beyond the data */
	memcpy(bl.b, &h, sizeof(h));
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), -EINVAL);

	/* an unknown kind cannot be stepped over */
	memset(&bl, 0, sizeof(bl));
	bl.nstrs = 1;
	type(&bl, 0, 31, 0, 0);
	type(&bl, str(&bl, "hash_sendmsg"), BTF_KIND_FUNC, 0, 0);
	n = finish(&bl);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), -EINVAL);

	/* a name offset past the module's strings */
	memset(&bl, 0, sizeof(bl));
	bl.nstrs = 1;
	type(&bl, base.str_len + 200, BTF_KIND_FUNC, 0, 0);
	n = finish(&bl);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), -EINVAL);

	/* a vlen whose members run past the type section */
	memset(&bl, 0, sizeof(bl));
	bl.nstrs = 1;
	type(&bl, 0, BTF_KIND_STRUCT, 60000, 0);
	n = finish(&bl);
	assert_int_equal(module_btf_func_id(bl.b, n, &base, "hash_sendmsg"), -EINVAL);
	assert_int_equal(module_btf_func_id(NULL, 0, &base, "x"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_functions_by_name),
		cmocka_unit_test(rejects_malformed_blobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
