// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * elf_scan on hostile images: every truncation of a real ELF file, header
 * fields pointing past the end, and deterministic byte flips must end in a
 * result or one error, never a crash (the ASan build runs this).
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libelf.h>

#include "scan_ctx.h"

static unsigned char *self;
static size_t self_size;

static int setup(void **state)
{
	FILE *f = fopen("/proc/self/exe", "rb");

	(void)state;
	elf_version(EV_CURRENT);
	if (!f)
		return -1;
	self = malloc(64u << 20);
	self_size = fread(self, 1, 64u << 20, f);
	fclose(f);
	return self_size > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(self);
	return 0;
}

static struct file_result *scan(const unsigned char *d, size_t n)
{
	struct scan_ctx ctx;
	struct file_result *r = result_new("/test/image", NULL);
	unsigned char *copy = malloc(n ? n : 1);

	ctx_init(&ctx);
	memcpy(copy, d, n);
	elf_scan(&ctx, copy, n, false, r);
	free(copy);
	ctx_free(&ctx);
	return r;
}

static void test_self_is_fine(void **state)
{
	struct file_result *r = scan(self, self_size);

	(void)state;
	assert_null(r->error);
	assert_int_equal(r->elf_class, 64);
	assert_true(r->build_id[0] != '\0');
	assert_true(r->needed.n > 0);
	result_free(r);
}

static void test_truncations(void **state)
{
	(void)state;
	for (size_t n = 0; n < self_size; n += n < 256 ? 1 : 997)
		result_free(scan(self, n));
}

static void test_header_fields_past_end(void **state)
{
	unsigned char *img = malloc(self_size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	struct file_result *r;

	(void)state;
	memcpy(img, self, self_size);
	eh->e_shoff = self_size - 10;
	result_free(scan(img, self_size));
	memcpy(img, self, self_size);
	eh->e_shnum = 0xffff;
	result_free(scan(img, self_size));
	memcpy(img, self, self_size);
	eh->e_phoff = (Elf64_Off)-64;
	eh->e_phnum = 0xffff;
	result_free(scan(img, self_size));
	memcpy(img, self, self_size);
	img[EI_CLASS] = 7;
	r = scan(img, self_size);
	assert_non_null(r->error);
	result_free(r);
	memcpy(img, self, self_size);
	img[EI_DATA] = 9;
	r = scan(img, self_size);
	assert_non_null(r->error);
	result_free(r);
	free(img);
}

static void test_byte_flips_in_tables(void **state)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)self;
	unsigned char *img = malloc(self_size);
	uint64_t x = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (int round = 0; round < 300; round++) {
		memcpy(img, self, self_size);
		for (int k = 0; k < 8; k++) {
			size_t at;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* Hit the section header table, ELF header or program headers. */
			if (k % 2 && eh->e_shoff < self_size)
				at = eh->e_shoff + (size_t)(x % (self_size - eh->e_shoff));
			else
				at = (size_t)(x % 1024);
			img[at % self_size] ^= (unsigned char)(x >> 32);
		}
		result_free(scan(img, self_size));
	}
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_is_fine),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_header_fields_past_end),
		cmocka_unit_test(test_byte_flips_in_tables),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
