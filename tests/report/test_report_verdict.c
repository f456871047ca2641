// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The verdict rules on programs built through the model API, with the shipped data files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <json-c/json.h>

#include "afalg_measure.h"
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
	p->types |= afalg_type_bit(type);
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
	assert_true(v.breaks[AFALG_M_NO_AIO]);
	assert_false(v.brk[AFALG_M_NO_AIO].hard);
	assert_non_null(strstr(v.brk[AFALG_M_NO_AIO].why, "io_submit"));
	assert_true(v.blocks & (1u << RO_SKCIPHER));
	assert_false(v.blocks & (1u << RO_HASH));
	assert_false(v.breaks[AFALG_M_ALLOWLIST]); /* cbc(aes) is on the list, run as root */
	assert_true(v.breaks[AFALG_M_OPTION_OFF] && v.brk[AFALG_M_OPTION_OFF].hard);
	assert_true(v.breaks[AFALG_M_AF_ALG_OFF] && v.brk[AFALG_M_AF_ALG_OFF].hard);
}

static void virtio_hardware_software_only(void **state)
{
	struct mprog *p =
		traced("/usr/bin/kcapi-enc", "skcipher", "cbc(aes)", "virtio_crypto_aes_cbc", 1, 1);
	struct pverdict v;

	(void)state;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[AFALG_M_SOFTWARE_ONLY]);
	assert_false(v.brk[AFALG_M_SOFTWARE_ONLY].hard);
	assert_non_null(strstr(v.brk[AFALG_M_SOFTWARE_ONLY].why, "virtio_crypto_aes_cbc"));
	assert_false(v.breaks[AFALG_M_NO_ZEROCOPY]); /* no splice */
	p->rt_splice_skaead = true;
	verdict_program(p, &data, &v);
	assert_true(v.breaks[AFALG_M_NO_ZEROCOPY]);
	assert_false(v.brk[AFALG_M_NO_ZEROCOPY].hard);
}

static void software_driver_no_m3(void **state)
{
	struct mprog *p = traced("/usr/bin/kcapi-dgst", "hash", "sha256", "sha256-generic", 0, 0);
	struct pverdict v;

	(void)state;
	verdict_program(p, &data, &v);
	assert_false(v.breaks[AFALG_M_SOFTWARE_ONLY]);
	assert_false(v.breaks[AFALG_M_ALLOWLIST]);
	assert_false(v.breaks[AFALG_M_CAPABILITY]);
}

static void driver_name_allowlist(void **state)
{
	struct mprog *p =
		traced("/opt/x/bin/tool", "hash", "sha256-generic", "sha256-generic", 0, 0);
	struct pverdict v;

	(void)state;
	/* the kernel records cra_name sha256 for this driver: the bind named a driver */
	verdict_program(p, &data, &v);
	assert_true(v.breaks[AFALG_M_ALLOWLIST]);
	assert_true(v.brk[AFALG_M_ALLOWLIST].hard);
	assert_non_null(strstr(v.brk[AFALG_M_ALLOWLIST].why, "sha256-generic (a driver name)"));
	assert_true(v.breaks[AFALG_M_SOFTWARE_ONLY]);
	assert_true(v.brk[AFALG_M_SOFTWARE_ONLY].hard);
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
	assert_true(v.breaks[AFALG_M_CAPABILITY]);
	assert_true(v.brk[AFALG_M_CAPABILITY].hard);
	assert_non_null(strstr(v.brk[AFALG_M_CAPABILITY].why, "uid 1000"));
	q->algs[0].nonroot = true;
	q->algs[0].nonroot_uid = 65534;
	verdict_program(q, &data, &v);
	assert_false(v.breaks[AFALG_M_CAPABILITY]); /* sha1 is open to everyone */
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
	assert_true(v.breaks[AFALG_M_ALLOWLIST] && v.brk[AFALG_M_ALLOWLIST].hard);
	assert_true(v.breaks[AFALG_M_SOFTWARE_ONLY] && v.brk[AFALG_M_SOFTWARE_ONLY].hard);
	p->features |= AFALG_BIT(AFALG_FEAT_DRBG_ENTROPY);
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
	p->types = AFALG_BIT(AFALG_TYPE_SKCIPHER);
	model_alg(&m, p, NULL, "ecb(arc4)");
	verdict_program(p, &data, &v);
	assert_true(v.blocks & (1u << RO_OBSOLETE));
	assert_true(v.blocks & (1u << RO_SKCIPHER));
	assert_false(v.blocks & (1u << RO_HASH));
	assert_false(v.breaks[AFALG_M_SOFTWARE_ONLY]); /* no driver known statically */
	assert_true(v.breaks[AFALG_M_ALLOWLIST]);      /* a name in the file, not on the list */
	assert_non_null(strstr(v.brk[AFALG_M_ALLOWLIST].why, "static analysis"));
	assert_non_null(strstr(v.brk[AFALG_M_ALLOWLIST].why, "binding it would fail"));
	/* the name right after the words, no empty one before a comma (issue #17: stress-ng's
	 * "names the obsolete algorithm , ecb(arc4)") */
	assert_string_equal(v.block_why[RO_OBSOLETE], "names the obsolete algorithm ecb(arc4)");
}

/* Several obsolete names, others between them: the first after the words, the rest after commas. */
static void obsolete_names_listed(void **state)
{
	struct mprog *p = model_prog(&m, "/usr/bin/stress-ng", NULL);
	struct pverdict v;
	struct malg *a;

	(void)state;
	p->uses = p->in_scan = true;
	p->use = "direct";
	p->types = AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_HASH);
	model_alg(&m, p, "hash", "sha256");
	model_alg(&m, p, "skcipher", "ecb(arc4)");
	model_alg(&m, p, "skcipher", "cbc(aes)");
	model_alg(&m, p, "skcipher", "ecb(khazad)");
	verdict_program(p, &data, &v);
	assert_true(v.blocks & (1u << RO_OBSOLETE));
	assert_string_equal(v.block_why[RO_OBSOLETE],
			    "names the obsolete algorithm ecb(arc4), ecb(khazad)");
	assert_non_null(strstr(v.brk[AFALG_M_ALLOWLIST].why, "binding them would fail"));
	/* bound at run time: the words say so */
	p = model_prog(&m, "/usr/bin/old-tool", NULL);
	p->uses = p->in_trace = true;
	p->types = AFALG_BIT(AFALG_TYPE_SKCIPHER);
	a = model_alg(&m, p, "skcipher", "ecb(arc4)");
	a->runtime = true;
	verdict_program(p, &data, &v);
	assert_string_equal(v.block_why[RO_OBSOLETE], "binds the obsolete algorithm ecb(arc4)");
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
	assert_true(v.breaks[AFALG_M_AF_ALG_OFF]);
	c->capable = c->in_scan = true;
	verdict_program(c, &data, &v);
	assert_int_equal(v.blocks, 0);
	for (int i = 0; i < AFALG_M_COUNT; i++)
		assert_false(v.breaks[i]);
}

static void enforced_here(void **state)
{
	int enf[AFALG_M_COUNT];
	char why[AFALG_M_COUNT][200];
	struct kinfo k;

	(void)state;
	memset(&k, 0, sizeof(k));
	verdict_enforced(&k, enf, why); /* nothing known */
	assert_int_equal(enf[AFALG_M_OPTION_OFF], -1);
	assert_int_equal(enf[AFALG_M_SOFTWARE_ONLY], -1);
	memset(k.opt, 'n', sizeof(k.opt)); /* AF_ALG off */
	verdict_enforced(&k, enf, why);
	for (int i = 0; i < AFALG_M_COUNT; i++)
		assert_int_equal(enf[i], 1);
	k.opt[KOPT_API] = k.opt[KOPT_HASH] = 'm';
	k.has_restrict = true;
	k.restrict_val = 1;
	verdict_enforced(&k, enf, why);
	assert_int_equal(enf[AFALG_M_OPTION_OFF], 0);
	assert_int_equal(enf[AFALG_M_ALLOWLIST], 1);
	assert_int_equal(enf[AFALG_M_CAPABILITY], 1);
	assert_int_equal(enf[AFALG_M_AF_ALG_OFF], 0);
	assert_int_equal(enf[AFALG_M_NO_AIO], -1);
	k.mod[KMOD_HASH].blacklisted = true; /* the only type left is blocked */
	verdict_enforced(&k, enf, why);
	assert_int_equal(enf[AFALG_M_OPTION_OFF], 1);
}

/* A data directory: the shipped files, with measures.json's array edited by edit(). */
static char *data_dir_with(void (*edit)(struct json_object *measures))
{
	static const char *const same[] = {"advice.json", "allowlist.json", "libraries.json"};
	char *dir = strdup("/tmp/afalg-test-data-XXXXXX"), src[512], dst[512];
	struct json_object *doc;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		snprintf(src, sizeof(src), "%s/%s", SRC_DATADIR, same[i]);
		snprintf(dst, sizeof(dst), "%s/%s", dir, same[i]);
		doc = json_object_from_file(src);
		assert_non_null(doc);
		assert_int_equal(json_object_to_file(dst, doc), 0);
		json_object_put(doc);
	}
	snprintf(src, sizeof(src), "%s/measures.json", SRC_DATADIR);
	snprintf(dst, sizeof(dst), "%s/measures.json", dir);
	doc = json_object_from_file(src);
	assert_non_null(doc);
	edit(json_object_object_get(doc, "measures"));
	assert_int_equal(json_object_to_file(dst, doc), 0);
	json_object_put(doc);
	return dir;
}

static void remove_data_dir(char *dir)
{
	static const char *const files[] = {"advice.json", "allowlist.json", "libraries.json",
					    "measures.json"};
	char path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	free(dir);
}

static void reverse(struct json_object *a)
{
	size_t n = json_object_array_length(a);
	struct json_object *r = json_object_new_array();

	for (size_t i = n; i-- > 0;)
		json_object_array_add(r, json_object_get(json_object_array_get_idx(a, i)));
	json_object_array_del_idx(a, 0, n);
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_get(json_object_array_get_idx(r, i)));
	json_object_put(r);
}

static void drop_m3(struct json_object *a)
{
	json_object_array_del_idx(a, AFALG_M_SOFTWARE_ONLY, 1);
}

static void rename_m3_to_m7(struct json_object *a)
{
	json_object_object_add(json_object_array_get_idx(a, AFALG_M_SOFTWARE_ONLY), "id",
			       json_object_new_string("M7"));
}

static void duplicate_m0(struct json_object *a)
{
	json_object_array_add(a, json_object_get(json_object_array_get_idx(a, 0)));
}

/*
 * The measures are resolved by id: the file in another order gives the same
 * descriptions under the same ids and the same verdicts for every program
 * the tests above built; a file missing one, naming an unknown one or one
 * twice is refused.
 */
static void measures_by_id(void **state)
{
	char *dir = data_dir_with(reverse);
	struct rdata d2;
	struct pverdict v1, v2;

	(void)state;
	assert_int_equal(rdata_load(&d2, dir, NULL), 0);
	for (unsigned int i = 0; i < AFALG_M_COUNT; i++) {
		assert_string_equal(d2.measures[i].id, afalg_measure_name(i));
		assert_string_equal(d2.measures[i].title, data.measures[i].title);
		assert_string_equal(d2.measures[i].description, data.measures[i].description);
	}
	assert_true(m.nprogs > 5);
	for (size_t i = 0; i < m.nprogs; i++) {
		verdict_program(m.progs[i], &data, &v1);
		verdict_program(m.progs[i], &d2, &v2);
		assert_memory_equal(&v1, &v2, sizeof(v1));
	}
	rdata_free(&d2);
	remove_data_dir(dir);

	dir = data_dir_with(drop_m3);
	assert_int_equal(rdata_load(&d2, dir, NULL), -1);
	remove_data_dir(dir);
	dir = data_dir_with(rename_m3_to_m7);
	assert_int_equal(rdata_load(&d2, dir, NULL), -1);
	remove_data_dir(dir);
	dir = data_dir_with(duplicate_m0);
	assert_int_equal(rdata_load(&d2, dir, NULL), -1);
	remove_data_dir(dir);
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
		cmocka_unit_test(obsolete_names_listed),
		cmocka_unit_test(unknown_types_and_capable),
		cmocka_unit_test(enforced_here),
		cmocka_unit_test(measures_by_id), /* last: it uses the programs made above */
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
