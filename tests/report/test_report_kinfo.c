// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* This machine's kernel: kconfig values, modprobe.d blocks, /proc/modules, a fake root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "kinfo.h"

static const char config[] = "#\n# Automatically generated file; DO NOT EDIT.\n"
			     "CONFIG_CRYPTO_USER_API=m\n"
			     "CONFIG_CRYPTO_USER_API_HASH=m\n"
			     "# CONFIG_CRYPTO_USER_API_SKCIPHER is not set\n"
			     "CONFIG_CRYPTO_USER_API_SKCIPHER_X=y\n"
			     "CONFIG_CRYPTO_USER_API_AEAD=y\n"
			     "CONFIG_CRYPTO_USER_API_ENABLE_OBSOLETE=y";

static void kconfig_values(void **state)
{
	size_t n = strlen(config);

	(void)state;
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API"), 'm');
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API_HASH"), 'm');
	/* "is not set", and a longer option with the same prefix does not count */
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API_SKCIPHER"), 'n');
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API_AEAD"), 'y');
	/* absent means n; the last line has no newline */
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API_RNG"), 'n');
	assert_int_equal(kconfig_value(config, n, "CONFIG_CRYPTO_USER_API_ENABLE_OBSOLETE"), 'y');
	assert_int_equal(kconfig_value("", 0, "CONFIG_X"), 'n');
}

static void modprobe_lines(void **state)
{
	struct kinfo k;
	const char *conf = "# blacklist algif_hash\n"
			   "blacklist algif-skcipher   # dash or underscore\n"
			   "install algif_aead /bin/false\n"
			   "install algif_rng /sbin/modprobe --ignore-install algif_rng\n"
			   "install af_alg \\\n   /usr/bin/true\n"
			   "options algif_hash foo=1\n"
			   "blacklist algif_hash_extra\n";

	(void)state;
	memset(&k, 0, sizeof(k));
	modprobe_parse(&k, "/etc/modprobe.d/x.conf", conf, strlen(conf));
	assert_false(k.mod[KMOD_HASH].blacklisted); /* commented out; a longer name */
	assert_true(k.mod[KMOD_SKCIPHER].blacklisted);
	assert_false(k.mod[KMOD_SKCIPHER].install);
	assert_string_equal(k.mod[KMOD_SKCIPHER].source, "/etc/modprobe.d/x.conf:2");
	assert_true(k.mod[KMOD_AEAD].blacklisted);
	assert_true(k.mod[KMOD_AEAD].install);
	assert_string_equal(k.mod[KMOD_AEAD].source, "/etc/modprobe.d/x.conf:3");
	assert_false(k.mod[KMOD_RNG].blacklisted); /* install that still loads it */
	assert_true(k.mod[KMOD_AF_ALG].install);   /* continuation line */
	assert_string_equal(k.mod[KMOD_AF_ALG].source, "/etc/modprobe.d/x.conf:5");
}

static void proc_modules(void **state)
{
	struct kinfo k;
	const char *mods = "algif_aead 16384 0 - Live 0x0\naf_alg 36864 1 algif_aead, Live 0x0\n"
			   "algif_hashx 1 0 - Live 0x0\n";

	(void)state;
	memset(&k, 0, sizeof(k));
	proc_modules_parse(&k, mods, strlen(mods));
	assert_int_equal(k.mod[KMOD_AEAD].loaded, 1);
	assert_int_equal(k.mod[KMOD_AF_ALG].loaded, 1);
	assert_int_equal(k.mod[KMOD_HASH].loaded, 0);
}

static void af_alg_state(void **state)
{
	struct kinfo k;

	(void)state;
	memset(&k, 0, sizeof(k));
	assert_int_equal(kinfo_af_alg(&k), -1); /* no config */
	memset(k.opt, 'n', sizeof(k.opt));
	assert_int_equal(kinfo_af_alg(&k), 0);
	assert_true(kinfo_type_off(&k, KOPT_AEAD));
	k.opt[KOPT_API] = 'm';
	k.opt[KOPT_AEAD] = 'm';
	assert_int_equal(kinfo_af_alg(&k), 1);
	assert_false(kinfo_type_off(&k, KOPT_AEAD));
	k.mod[KMOD_AEAD].blacklisted = true; /* blocked and not loaded: off */
	assert_true(kinfo_type_off(&k, KOPT_AEAD));
	k.mod[KMOD_AEAD].loaded = 1; /* loaded anyway: still usable */
	assert_false(kinfo_type_off(&k, KOPT_AEAD));
	k.opt[KOPT_AEAD] = 'y'; /* built in: a blacklist does nothing */
	k.mod[KMOD_AEAD].loaded = 0;
	assert_false(kinfo_type_off(&k, KOPT_AEAD));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void fake_root(void **state)
{
	char root[] = "/tmp/afalg-kinfo-XXXXXX", p[512], cmd[600];
	struct kinfo k;
	gzFile gz;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/proc/sys/crypto %s/etc/modprobe.d %s/lib/modprobe.d "
		 "%s/usr/lib/modprobe.d",
		 root, root, root, root);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/proc/config.gz", root);
	gz = gzopen(p, "wb");
	assert_non_null(gz);
	gzputs(gz, config);
	gzclose(gz);
	snprintf(p, sizeof(p), "%s/proc/modules", root);
	write_file(p, "algif_hash 16384 0 - Live 0x0\n");
	snprintf(p, sizeof(p), "%s/proc/sys/crypto/af_alg_restrict", root);
	write_file(p, "1\n");
	/* /etc hides the same file name in /usr/lib; /lib is read too */
	snprintf(p, sizeof(p), "%s/usr/lib/modprobe.d/afalg.conf", root);
	write_file(p, "install algif_hash /bin/false\n");
	snprintf(p, sizeof(p), "%s/etc/modprobe.d/afalg.conf", root);
	write_file(p, "# nothing\n");
	snprintf(p, sizeof(p), "%s/lib/modprobe.d/copy-fail.conf", root);
	write_file(p, "install algif_aead /bin/false\n");

	kinfo_read(&k, root);
	assert_string_equal(k.config_source, "/proc/config.gz");
	assert_int_equal(k.opt[KOPT_API], 'm');
	assert_int_equal(k.opt[KOPT_SKCIPHER], 'n');
	assert_int_equal(k.mod[KMOD_HASH].loaded, 1);
	assert_false(k.mod[KMOD_HASH].blacklisted);
	assert_true(k.mod[KMOD_AEAD].blacklisted);
	assert_string_equal(k.mod[KMOD_AEAD].source, "/lib/modprobe.d/copy-fail.conf:1");
	assert_int_equal(k.modprobe_files, 2);
	assert_true(k.has_restrict);
	assert_int_equal(k.restrict_val, 1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);

	/* nothing readable: unknown, never an error */
	kinfo_read(&k, "/nonexistent-root");
	assert_string_equal(k.config_source, "");
	assert_int_equal(kinfo_af_alg(&k), -1);
	assert_int_equal(k.mod[KMOD_HASH].loaded, -1);
	assert_false(k.has_restrict);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kconfig_values), cmocka_unit_test(modprobe_lines),
		cmocka_unit_test(proc_modules),	  cmocka_unit_test(af_alg_state),
		cmocka_unit_test(fake_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
