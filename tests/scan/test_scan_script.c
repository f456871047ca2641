// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Scripts: libkcapi tools in shell, socket.AF_ALG in Python; comments and lookalikes don't count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scan.h"

static struct file_result *run(const char *path, const char *text)
{
	struct file_result *r = result_new(path, NULL);
	enum file_kind kind;

	assert_non_null(r);
	if (script_candidate(path, (const unsigned char *)text, strlen(text), &kind))
		script_scan((const unsigned char *)text, strlen(text), kind, r);
	return r;
}

static void test_dracut_fips_like(void **state)
{
	struct file_result *r = run("fips.sh", "#!/bin/sh\n# uses sha512hmac\n"
					       "    sha512hmac -c \"$f\" || return 1\n");

	(void)state;
	assert_int_equal(r->cls, CLASS_USES);
	assert_int_equal(r->types, AFALG_BIT(AFALG_TYPE_HASH));
	assert_int_equal(r->nev, 1);
	assert_int_equal(r->ev[0].src_line, 3);
	assert_true(strlist_has(&r->algorithms, "hmac(sha512)"));
	result_free(r);
}

static void test_shell_lookalikes_do_not_count(void **state)
{
	struct file_result *r;

	(void)state;
	r = run("a.sh", "sha256sum x\n# sha512hmac\necho mysha512hmac sha512hmac.txt\n");
	assert_int_equal(r->cls, CLASS_NONE);
	result_free(r);
	r = run("b", "#!/usr/bin/env bash\n/usr/bin/kcapi-rng -b 32 | xxd\n");
	assert_int_equal(r->cls, CLASS_USES);
	assert_int_equal(r->types, AFALG_BIT(AFALG_TYPE_RNG));
	result_free(r);
	/* Not a script at all: no shebang, no extension. */
	r = run("README", "sha512hmac\n");
	assert_int_equal(r->cls, CLASS_NONE);
	result_free(r);
}

static void test_python(void **state)
{
	struct file_result *r;

	(void)state;
	r = run("x.py", "import socket\ns = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET)\n"
			"s.bind(('aead', 'gcm(aes)'))\n");
	assert_int_equal(r->cls, CLASS_USES);
	assert_true(r->direct);
	assert_int_equal(r->types, AFALG_BIT(AFALG_TYPE_AEAD));
	assert_true(strlist_has(&r->algorithms, "gcm(aes)"));
	result_free(r);
	r = run("y.py", "# socket.AF_ALG is family 38\nAF_ALGORITHM = 1\n");
	assert_int_equal(r->cls, CLASS_NONE);
	result_free(r);
	r = run("tool", "#!/usr/bin/python3 -u\nfrom socket import AF_ALG\n");
	assert_int_equal(r->cls, CLASS_USES);
	result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dracut_fips_like),
		cmocka_unit_test(test_shell_lookalikes_do_not_count),
		cmocka_unit_test(test_python),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
