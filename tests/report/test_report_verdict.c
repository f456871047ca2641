// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The verdict rules on programs built through the model API, with the shipped data files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <json-c/json.h>

#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "verdict.h"

static struct rdata data;
static struct model m;

static int setup(void **state)
{
	(void)state;
	if (rdata_load(&data, SRC_DATADIR, NULL) || model_init(&m, &data))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	model_free(&m);
	rdata_free(&data);
	return 0;
}

/* A program seen at run time binding type/name on driver (async, hardware). */
static struct mprog *traced(const char *path, const char *type, const char *name,
			    const char *driver, int async, int hw)
{
	struct mprog *p = model_prog(&m, path, NULL);
	struct malg *a;

	assert_non_null(p);
	p->uses = p->in_trace = true;
	p->types |= model_type_bit(type);
	a = model_alg(&m, p, type, name);
	assert_non_null(a);
	a->runtime = true;
	a->count = 1;
	if (driver) {
		model_add_driver(&m, a, driver, NULL, async, hw);
		if (!strcmp(driver, name))
			a->driver_name_bound = true;
	}
	return p;
}

static void data_files(void **state)
{
	const struct rallow *a;

	(void)state;
	assert_int_equal(data.nallow, 25);
	a = rdata_allowed(&data, "hash", "sha1");
	assert_non_null(a);
	assert_false(a->privileged);
	a = rdata_allowed(&data, "skcipher", "cbc(aes)");
	assert_non_null(a);
	assert_true(a->privileged);
	assert_null(rdata_allowed(&data, "hash", "sha256-generic"));
	assert_null(rdata_allowed(&data, "rng", "stdrng"));
	assert_string_equal(verdict_allow_status(&data, "skcipher", "xts(aes)"), "unprivileged");
	assert_true(rdata_obsolete(&data, "ecb(arc4)"));
	assert_false(rdata_obsolete(&data, "cbc(aes)"));
	assert_non_null(rdata_advice(&data, "hash", "hmac(sha512)"));
	assert_non_null(strstr(json_object_get_string(json_object_array_get_idx(
				       rdata_advice(&data, "hash", "hmac(sha512)"), 0)),
			       "EVP_MAC"));
	assert_string_equal(
		rdata_library_file(&data, "/usr/lib/x86_64-linux-gnu/libkcapi.so.1")->name,
		"libkcapi");
	assert_string_equal(
		rdata_library_file(&data, "/usr/lib/x86_64-linux-gnu/engines-3/afalg.so")->name,
		"OpenSSL afalg engine");
	assert_string_equal(rdata_library_function(&data, "afalg_buffer")->name, "gnulib af_alg");
	assert_null(rdata_library_file(&data, "/usr/bin/true"));
	assert_true(rdata_glob("hmac(*)", "hmac(sha256)"));
	assert_false(rdata_glob("hmac(*)", "cmac(aes)"));
	assert_true(rdata_glob("*af-alg*.so", "libstrongswan-af-alg.so"));
}

static void openssl_engine_aio(void **state)
{
	struct mprog *p = traced("/usr/bin/openssl", "skcipher", "cbc(aes)", "cbc-aes-aesni", 1, 0);
	struct pverdict v;

	(void)state;
	p->rt_aio = true;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[2]);
	assert_false(v.brk[2].hard);
	assert_non_null(strstr(v.brk[2].why, "io_submit"));
	assert_true(v.blocks & (1u << RO_SKCIPHER));
	assert_false(v.blocks & (1u << RO_HASH));
	assert_false(v.breaks[4]); /* cbc(aes) is on the list, run as root */
	assert_true(v.breaks[0] && v.brk[0].hard);
	assert_true(v.breaks[6] && v.brk[6].hard);
}

static void virtio_hardware_software_only(void **state)
{
	struct mprog *p =
		traced("/usr/bin/kcapi-enc", "skcipher", "cbc(aes)", "virtio_crypto_aes_cbc", 1, 1);
	struct pverdict v;

	(void)state;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[3]);
	assert_false(v.brk[3].hard);
	assert_non_null(strstr(v.brk[3].why, "virtio_crypto_aes_cbc"));
	assert_false(v.breaks[1]); /* no splice */
	p->rt_splice_skaead = true;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[1]);
	assert_false(v.brk[1].hard);
}

static void software_driver_no_m3(void **state)
{
	struct mprog *p = traced("/usr/bin/kcapi-dgst", "hash", "sha256", "sha256-generic", 0, 0);
	struct pverdict v;

	(void)state;
	verdict_program(p, &data, &v);
	assert_false(v.breaks[3]);
	assert_false(v.breaks[4]);
	assert_false(v.breaks[5]);
}

static void driver_name_allowlist(void **state)
{
	struct mprog *p =
		traced("/opt/x/bin/tool", "hash", "sha256-generic", "sha256-generic", 0, 0);
	struct pverdict v;

	(void)state;
	/* the kernel records cra_name sha256 for this driver: the bind named a driver */
	verdict_program(p, &data, &v);
	assert_true(v.breaks[4]);
	assert_true(v.brk[4].hard);
	assert_non_null(strstr(v.brk[4].why, "sha256-generic (a driver name)"));
	assert_true(v.breaks[3]);
	assert_true(v.brk[3].hard);
}

static void nonroot_privileged(void **state)
{
	struct mprog *p = traced("/usr/bin/unpriv", "hash", "sha256", "sha256-generic", 0, 0);
	struct mprog *q = traced("/usr/bin/unpriv-sha1", "hash", "sha1", "sha1-generic", 0, 0);
	struct pverdict v;

	(void)state;
	p->algs[0].nonroot = true;
	p->algs[0].nonroot_uid = 1000;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[5]);
	assert_true(v.brk[5].hard);
	assert_non_null(strstr(v.brk[5].why, "uid 1000"));
	q->algs[0].nonroot = true;
	q->algs[0].nonroot_uid = 65534;
	verdict_program(q, &data, &v);
	assert_false(v.breaks[5]); /* sha1 is open to everyone */
}

static void rng_and_cavp(void **state)
{
	struct mprog *p =
		traced("/usr/bin/kcapi-rng", "rng", "stdrng", "drbg_nopr_hmac_sha512", 0, 0);
	struct pverdict v;

	(void)state;
	verdict_program(p, &data, &v);
	assert_true(v.blocks & (1u << RO_RNG));
	assert_false(v.blocks & (1u << RO_RNG_CAVP));
	assert_true(v.breaks[4] && v.brk[4].hard);
	assert_true(v.breaks[3] && v.brk[3].hard);
	p->features |= F_DRBG;
	verdict_program(p, &data, &v);
	assert_true(v.blocks & (1u << RO_RNG_CAVP));
}

static void obsolete_and_static(void **state)
{
	struct mprog *p = model_prog(&m, "/usr/lib/libold.so", "abcd");
	struct pverdict v;

	(void)state;
	p->uses = p->in_scan = true;
	p->use = "direct";
	p->types = T_SKCIPHER;
	model_alg(&m, p, NULL, "ecb(arc4)");
	verdict_program(p, &data, &v);
	assert_true(v.blocks & (1u << RO_OBSOLETE));
	assert_true(v.blocks & (1u << RO_SKCIPHER));
	assert_false(v.blocks & (1u << RO_HASH));
	assert_false(v.breaks[3]); /* no driver known statically */
	assert_true(v.breaks[4]);  /* a name in the file, not on the list */
	assert_non_null(strstr(v.brk[4].why, "static analysis"));
}

static void unknown_types_and_capable(void **state)
{
	struct mprog *p = model_prog(&m, "/usr/bin/mystery", NULL);
	struct mprog *c = model_prog(&m, "/usr/bin/python3.11", NULL);
	struct pverdict v;

	(void)state;
	p->uses = p->in_trace = true; /* socket() only, e.g. EAFNOSUPPORT */
	verdict_program(p, &data, &v);
	assert_int_equal(v.blocks & 0xf, 0xf);
	assert_true(v.breaks[6]);
	c->capable = c->in_scan = true;
	verdict_program(c, &data, &v);
	assert_int_equal(v.blocks, 0);
	for (int i = 0; i < RMEASURES; i++)
		assert_false(v.breaks[i]);
}

static void enforced_here(void **state)
{
	int enf[RMEASURES];
	char why[RMEASURES][200];
	struct kinfo k;

	(void)state;
	memset(&k, 0, sizeof(k));
	verdict_enforced(&k, enf, why); /* nothing known */
	assert_int_equal(enf[0], -1);
	assert_int_equal(enf[3], -1);
	memset(k.opt, 'n', sizeof(k.opt)); /* AF_ALG off */
	verdict_enforced(&k, enf, why);
	for (int i = 0; i < RMEASURES; i++)
		assert_int_equal(enf[i], 1);
	k.opt[KOPT_API] = k.opt[KOPT_HASH] = 'm';
	k.has_restrict = true;
	k.restrict_val = 1;
	verdict_enforced(&k, enf, why);
	assert_int_equal(enf[0], 0);
	assert_int_equal(enf[4], 1);
	assert_int_equal(enf[5], 1);
	assert_int_equal(enf[6], 0);
	assert_int_equal(enf[2], -1);
	k.mod[KMOD_HASH].blacklisted = true; /* the only type left is blocked */
	verdict_enforced(&k, enf, why);
	assert_int_equal(enf[0], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_files),
		cmocka_unit_test(openssl_engine_aio),
		cmocka_unit_test(virtio_hardware_software_only),
		cmocka_unit_test(software_driver_no_m3),
		cmocka_unit_test(driver_name_allowlist),
		cmocka_unit_test(nonroot_privileged),
		cmocka_unit_test(rng_and_cavp),
		cmocka_unit_test(obsolete_and_static),
		cmocka_unit_test(unknown_types_and_capable),
		cmocka_unit_test(enforced_here),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
