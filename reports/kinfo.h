/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * This machine's kernel, as far as it concerns AF_ALG: the
 * CONFIG_CRYPTO_USER_API* options (read like bpftool does: /proc/config.gz,
 * else /boot/config-RELEASE), the algif_* modules (loaded, or blocked in
 * modprobe.d) and the af_alg_restrict sysctl.
 */
#ifndef AFALG_REPORT_KINFO_H
#define AFALG_REPORT_KINFO_H

#include <stdbool.h>
#include <stddef.h>

enum kopt {
	KOPT_API, /* CONFIG_CRYPTO_USER_API (af_alg) */
	KOPT_HASH,
	KOPT_SKCIPHER,
	KOPT_AEAD,
	KOPT_RNG,
	KOPT_RNG_CAVP,
	KOPT_OBSOLETE,
	KOPT_N,
};

enum kmod_id { KMOD_AF_ALG, KMOD_HASH, KMOD_SKCIPHER, KMOD_AEAD, KMOD_RNG, KMOD_N };

struct kmodule {
	int loaded;	  /* 1, 0, or -1 when /proc/modules is missing */
	bool blacklisted; /* 'blacklist NAME' or 'install NAME /bin/false|true' */
	bool install;	  /* the install form (also stops an explicit modprobe) */
	char source[300]; /* FILE:LINE */
};

struct kinfo {
	char release[128];
	char config_source[160]; /* empty: no config read */
	char opt[KOPT_N];	 /* 'y', 'm', 'n'; 0 when no config */
	struct kmodule mod[KMOD_N];
	int modprobe_files;
	bool has_restrict;
	int restrict_val;
};

extern const char *const kopt_names[KOPT_N];
extern const char *const kmod_names[KMOD_N];

/* Gather everything from the running system (root paths overridable for tests: NULL = "/"). */
void kinfo_read(struct kinfo *k, const char *root);

/* Pure parsers (unit-tested). */
/* Value of option in a kernel .config text: 'y', 'm', or 'n' (not set, or absent). */
char kconfig_value(const char *buf, size_t len, const char *option);
/* Apply one modprobe.d file's text to k->mod (blacklist / install NAME /bin/false). */
void modprobe_parse(struct kinfo *k, const char *file, const char *buf, size_t len);
/* Mark loaded modules from /proc/modules text. */
void proc_modules_parse(struct kinfo *k, const char *buf, size_t len);

/* AF_ALG state: 1 on, 0 off (every option n), -1 unknown (no config). */
int kinfo_af_alg(const struct kinfo *k);
/* A type's module can be neither built in nor loaded: option n, or not loaded and blacklisted. */
bool kinfo_type_off(const struct kinfo *k, enum kopt opt);

#endif /* AFALG_REPORT_KINFO_H */
