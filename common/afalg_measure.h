/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The AF_ALG hardening measures the report evaluates (the 2026 kernel
 * patches), as ids.  Their descriptions are data (reports/data/measures.json,
 * whose entries name them by these ids); which program each one breaks is
 * code (reports/verdict.c).  The two meet here: the data file is resolved by
 * name into an array indexed by these ids, so the order of its entries means
 * nothing, and code never uses a bare number for a measure.
 *
 * The names ("M0".."M6") are part of the report format and of the data
 * file: they never change, and the ids keep their order (the report lists
 * the measures in id order).
 */
#ifndef AFALG_MEASURE_H
#define AFALG_MEASURE_H

enum afalg_measure {
	AFALG_M_OPTION_OFF,    /* M0: a CONFIG_CRYPTO_USER_API_* option off, algif module blocked */
	AFALG_M_NO_ZEROCOPY,   /* M1: zero-copy removed for skcipher and aead */
	AFALG_M_NO_AIO,	       /* M2: AIO removed */
	AFALG_M_SOFTWARE_ONLY, /* M3: only synchronous software implementations offered */
	AFALG_M_ALLOWLIST,     /* M4: af_alg_restrict=1, the algorithm allowlist */
	AFALG_M_CAPABILITY,    /* M5: privileged allowlist entries need a capability */
	AFALG_M_AF_ALG_OFF,    /* M6: af_alg_restrict=2, or no AF_ALG at all */
	AFALG_M_COUNT,
};

/*
 * Bounded and total, as in afalg_vocab.h: an id out of range gives NULL; a
 * name that is none of the measures' (NULL included) gives -1.
 */
const char *afalg_measure_name(unsigned int id);
int afalg_measure_from_name(const char *name);

#endif /* AFALG_MEASURE_H */
