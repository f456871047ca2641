// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * reports/data/advice.json against the algorithms it advises on (issue #17):
 * every call that names an algorithm names the one of the kernel name --
 * its digest, cipher and mode, AES and Camellia key sizes as the mode takes
 * them -- and no other (the hmac(sha1) row once named EVP_sha512 and
 * GCRY_MAC_HMAC_SHA512); every algorithm the corpus and the tests meet has
 * an entry of its own, not a type fallback; an entry with '*' that no listed
 * name reaches names no digest or cipher at all.
 *
 * A kernel name is cut into atoms ("authenc(hmac(sha256),cbc(aes))" is
 * authenc, hmac, sha256, cbc, aes; "drbg_pr_ctr_aes128" is ctr, aes with
 * 128-bit keys); each atom has the spellings libraries use for it (sha1:
 * SHA1, SHA-1, EVP_sha1, GCRY_MD_SHA1, sha1_init).  A spelling is matched
 * case-insensitively as a word: no letter before or after a spelling that
 * starts or ends with a letter, no digit next to one that starts or ends with
 * a digit ("aes" in GCRY_CIPHER_AES128, not in aesni), and not a header's
 * name (nettle/des.h).  A call's text from
 * "better: move to" on recommends another algorithm and is not checked.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <json-c/json.h>

#include "rdata.h"

static struct rdata data;

enum cat { HASH, CIPHER, MODE, WRAP };

struct fam {
	const char *atom;
	enum cat cat;
	bool sized; /* key sizes spelled after the name: AES-128, GCRY_CIPHER_CAMELLIA256 */
	const char *spell[6];
};

static const struct fam fams[] = {
	/* digests, MACs and checksums bound as hashes */
	{"md4", HASH, false, {"md4"}},
	{"md5", HASH, false, {"md5"}},
	{"sha1", HASH, false, {"sha1", "sha-1"}},
	{"sha224", HASH, false, {"sha224", "sha-224"}},
	{"sha256", HASH, false, {"sha256", "sha-256"}},
	{"sha384", HASH, false, {"sha384", "sha-384"}},
	{"sha512", HASH, false, {"sha512", "sha-512"}},
	{"sha3-224", HASH, false, {"sha3-224", "sha3_224"}},
	{"sha3-256", HASH, false, {"sha3-256", "sha3_256"}},
	{"sha3-384", HASH, false, {"sha3-384", "sha3_384"}},
	{"sha3-512", HASH, false, {"sha3-512", "sha3_512"}},
	{"sm3", HASH, false, {"sm3"}},
	{"rmd160", HASH, false, {"rmd160", "ripemd160", "ripemd-160"}},
	{"wp512", HASH, false, {"wp512", "whirlpool"}},
	{"streebog256", HASH, false, {"streebog256", "stribog256"}},
	{"streebog512", HASH, false, {"streebog512", "stribog512"}},
	{"blake2b-256", HASH, false, {"blake2b-256", "blake2b_256", "blake2b256"}},
	{"blake2b-512", HASH, false, {"blake2b-512", "blake2b_512", "blake2b512"}},
	{"crc32c", HASH, false, {"crc32c", "crc-32c"}},
	{"ghash", HASH, false, {"ghash"}},
	{"poly1305", HASH, false, {"poly1305"}},
	{"xxhash64", HASH, false, {"xxhash64", "xxh64"}},
	/* ciphers */
	{"aes", CIPHER, true, {"aes"}},
	{"camellia", CIPHER, true, {"camellia"}},
	{"des", CIPHER, false, {"des"}},
	{"des3_ede", CIPHER, false, {"des3_ede", "des-ede3", "des3", "3des"}},
	{"serpent", CIPHER, false, {"serpent"}},
	{"twofish", CIPHER, false, {"twofish"}},
	{"cast5", CIPHER, false, {"cast5", "cast128", "cast-128"}},
	{"cast6", CIPHER, false, {"cast6", "cast256", "cast-256"}},
	{"blowfish", CIPHER, false, {"blowfish", "bf"}},
	{"sm4", CIPHER, false, {"sm4"}},
	{"arc4", CIPHER, false, {"arc4", "rc4", "arcfour"}},
	{"cipher_null", CIPHER, false, {"cipher_null"}},
	{"chacha20", CIPHER, false, {"chacha20", "chacha"}},
	{"xchacha20", CIPHER, false, {"xchacha20"}},
	{"xchacha12", CIPHER, false, {"xchacha12"}},
	{"aegis128", CIPHER, false, {"aegis128", "aegis-128"}},
	{"anubis", CIPHER, false, {"anubis"}},
	{"khazad", CIPHER, false, {"khazad"}},
	{"seed", CIPHER, false, {"seed"}},
	{"tea", CIPHER, false, {"tea"}},
	{"xtea", CIPHER, false, {"xtea"}},
	{"xeta", CIPHER, false, {"xeta"}},
	/* modes and MAC constructions */
	{"cbc", MODE, false, {"cbc"}},
	{"ecb", MODE, false, {"ecb"}},
	{"ctr", MODE, false, {"ctr"}},
	{"xts", MODE, false, {"xts"}},
	{"gcm", MODE, false, {"gcm"}},
	{"ccm", MODE, false, {"ccm"}},
	{"cmac", MODE, false, {"cmac"}},
	{"xcbc", MODE, false, {"xcbc"}},
	{"hmac", MODE, false, {"hmac"}},
	{"ofb", MODE, false, {"ofb"}},
	{"cfb", MODE, false, {"cfb"}},
	{"cts", MODE, false, {"cts"}},
	{"lrw", MODE, false, {"lrw"}},
	{"pcbc", MODE, false, {"pcbc"}},
	/* wrappers and generators: neither required nor forbidden in the text */
	{"rfc3686", WRAP, false, {"rfc3686"}},
	{"rfc4106", WRAP, false, {"rfc4106"}},
	{"rfc4309", WRAP, false, {"rfc4309"}},
	{"rfc4543", WRAP, false, {"rfc4543"}},
	{"rfc7539", WRAP, false, {"rfc7539"}},
	{"authenc", WRAP, false, {"authenc"}},
	{"authencesn", WRAP, false, {"authencesn"}},
	{"adiantum", WRAP, false, {"adiantum"}},
	{"hctr2", WRAP, false, {"hctr2"}},
	{"stdrng", WRAP, false, {"stdrng"}},
	{"ansi_cprng", WRAP, false, {"ansi_cprng"}},
	{"jitterentropy_rng", WRAP, false, {"jitterentropy_rng"}},
};
#define NFAMS (sizeof(fams) / sizeof(fams[0]))

/*
 * What a construction's advice may name besides its own atoms: OpenSSL's
 * CMAC takes a CBC cipher name, XCBC-MAC is built on the ECB block function,
 * BLAKE2b-256 is OpenSSL's BLAKE2B-512 with a 32-byte size parameter.
 */
static const struct {
	const char *atom, *also;
} also_allowed[] = {
	{"cmac", "cbc"},
	{"xcbc", "ecb"},
	{"blake2b-256", "blake2b-512"},
};

/* key sizes as a mask */
enum { K128 = 1, K192 = 2, K256 = 4, KALL = 7 };

struct parsed {
	bool has[NFAMS], extra[NFAMS], cats[WRAP + 1];
	unsigned ksize_need, ksize_ok;
	char why[160];
};

static int fam_of(const char *atom, size_t len)
{
	for (size_t f = 0; f < NFAMS; f++)
		if (strlen(fams[f].atom) == len && !strncmp(fams[f].atom, atom, len))
			return (int)f;
	return -1;
}

static bool add_atom(struct parsed *p, const char *atom, size_t len)
{
	static const char generic[] = "-generic";
	size_t gl = sizeof(generic) - 1;
	int f;

	if (len > gl && !strncmp(atom + len - gl, generic, gl))
		len -= gl; /* a driver name: sha256-generic is sha256 */
	f = fam_of(atom, len);
	if (f < 0) {
		snprintf(p->why, sizeof(p->why), "atom \"%.*s\" unknown to the test", (int)len,
			 atom);
		return false;
	}
	p->has[f] = true;
	p->cats[fams[f].cat] = true;
	return true;
}

/*
 * drbg_pr_ctr_aes128, drbg_nopr_hmac_sha256, drbg_pr_sha512: the DRBG type
 * (CTR, HMAC, Hash) and what it is built on.
 */
static bool parse_drbg(struct parsed *p, const char *s)
{
	unsigned bits;

	s += strlen("drbg_");
	if (!strncmp(s, "nopr_", 5))
		s += 5;
	else if (!strncmp(s, "pr_", 3))
		s += 3;
	else
		return false;
	if (!strncmp(s, "ctr_aes", 7) && sscanf(s + 7, "%u", &bits) == 1) {
		p->ksize_need = p->ksize_ok = bits == 128 ? K128 : bits == 192 ? K192 : K256;
		return add_atom(p, "ctr", 3) && add_atom(p, "aes", 3);
	}
	if (!strncmp(s, "hmac_", 5)) {
		if (!add_atom(p, "hmac", 4))
			return false;
		s += 5;
	}
	return add_atom(p, s, strlen(s));
}

static bool parse(const char *name, struct parsed *p)
{
	memset(p, 0, sizeof(*p));
	p->ksize_need = p->ksize_ok = KALL;
	if (!strncmp(name, "drbg_", 5)) {
		if (!parse_drbg(p, name))
			return false;
	} else {
		for (const char *s = name; *s;) {
			size_t n = strcspn(s, "(),");

			if (n && !add_atom(p, s, n))
				return false;
			s += n;
			s += !!*s;
		}
	}
	/* XTS takes two keys of one size; Adiantum and HCTR2 are AES-256 only */
	if (p->has[fam_of("xts", 3)]) {
		p->ksize_need = K128 | K256;
		p->ksize_ok = KALL;
	}
	if (p->has[fam_of("adiantum", 8)] || p->has[fam_of("hctr2", 5)])
		p->ksize_need = p->ksize_ok = K256;
	for (size_t i = 0; i < sizeof(also_allowed) / sizeof(also_allowed[0]); i++)
		if (p->has[fam_of(also_allowed[i].atom, strlen(also_allowed[i].atom))])
			p->extra[fam_of(also_allowed[i].also, strlen(also_allowed[i].also))] = true;
	return true;
}

/* The next match of spelling sp in t[from, len) as a word (see the top), or -1. */
static long find_word(const char *t, size_t len, size_t from, const char *sp)
{
	size_t n = strlen(sp);

	for (size_t i = from; i + n <= len; i++) {
		if (strncasecmp(t + i, sp, n))
			continue;
		if (i > 0 && (isalpha((unsigned char)sp[0]) ? isalpha((unsigned char)t[i - 1])
							    : isdigit((unsigned char)t[i - 1])))
			continue;
		if (i + n + 1 < len && t[i + n] == '.' && t[i + n + 1] == 'h')
			continue; /* a header's name (nettle/des.h holds 3DES too) */
		if (i + n < len &&
		    (isalpha((unsigned char)sp[n - 1]) ? isalpha((unsigned char)t[i + n])
						       : isdigit((unsigned char)t[i + n])))
			continue;
		return (long)i;
	}
	return -1;
}

struct span {
	size_t a, b;
};

/* Key sizes spelled after a sized cipher's name: AES-128, aes192_, AES-128/192/256. */
static unsigned sizes_after(const char *t, size_t len, size_t at)
{
	unsigned m = 0;

	if (at < len && (t[at] == '-' || t[at] == '_'))
		at++;
	for (;;) {
		unsigned v;

		if (at + 3 > len || !isdigit((unsigned char)t[at]) ||
		    !isdigit((unsigned char)t[at + 1]) || !isdigit((unsigned char)t[at + 2]) ||
		    (at + 3 < len && isdigit((unsigned char)t[at + 3])))
			break;
		v = (unsigned)((t[at] - '0') * 100 + (t[at + 1] - '0') * 10 + (t[at + 2] - '0'));
		m |= v == 128 ? K128 : v == 192 ? K192 : v == 256 ? K256 : 0;
		at += 3;
		if (at < len && t[at] == '/')
			at++;
		else
			break;
	}
	return m;
}

/*
 * One call's text against the parsed name: NULL when it is right, else why.
 * A call that names no digest, cipher or mode at all (getrandom(2), "keep it
 * in fscrypt") is a generic alternative and passes; *named says which it was.
 */
static const char *check_call(const struct parsed *p, const char *text, bool *named, char *why,
			      size_t whysz)
{
	const char *cut = strcasestr(text, "better: move to");
	size_t len = cut ? (size_t)(cut - text) : strlen(text);
	struct span exp[64];
	size_t nexp = 0;
	unsigned sizes[NFAMS] = {0};

	*named = false;
	for (size_t f = 0; f < NFAMS; f++)
		for (size_t k = 0; fams[f].spell[k]; k++) {
			long at;

			for (size_t from = 0;
			     (at = find_word(text, len, from, fams[f].spell[k])) >= 0;
			     from = (size_t)at + 1) {
				size_t end = (size_t)at + strlen(fams[f].spell[k]);

				if (fams[f].cat != WRAP)
					*named = true;
				if ((p->has[f] || p->extra[f]) && nexp < 64)
					exp[nexp++] = (struct span){(size_t)at, end};
				if (p->has[f] && fams[f].sized)
					sizes[f] |= sizes_after(text, len, end);
			}
		}
	if (!*named)
		return NULL;
	for (size_t f = 0; f < NFAMS; f++) {
		bool seen = false;

		if (fams[f].cat == WRAP)
			continue;
		for (size_t k = 0; fams[f].spell[k]; k++) {
			long at;

			for (size_t from = 0;
			     (at = find_word(text, len, from, fams[f].spell[k])) >= 0;
			     from = (size_t)at + 1) {
				size_t end = (size_t)at + strlen(fams[f].spell[k]);
				bool inside = false;

				seen = true;
				if (p->has[f] || p->extra[f] || !p->cats[fams[f].cat])
					continue;
				for (size_t e = 0; e < nexp && !inside; e++)
					inside = exp[e].a <= (size_t)at && end <= exp[e].b;
				if (!inside) {
					snprintf(why, whysz, "names %s (\"%.*s\" at %ld)",
						 fams[f].atom, (int)(end - (size_t)at), text + at,
						 at);
					return why;
				}
			}
		}
		if (p->has[f] && !seen) {
			snprintf(why, whysz, "does not name %s", fams[f].atom);
			return why;
		}
		if (p->has[f] && fams[f].sized) {
			if (sizes[f] & ~p->ksize_ok) {
				snprintf(why, whysz,
					 "names a %s key size the algorithm does not take",
					 fams[f].atom);
				return why;
			}
			if ((sizes[f] & p->ksize_need) != p->ksize_need) {
				snprintf(why, whysz, "does not name every %s key size (%s%s%s)",
					 fams[f].atom, p->ksize_need & K128 ? "128 " : "",
					 p->ksize_need & K192 ? "192 " : "",
					 p->ksize_need & K256 ? "256" : "");
				return why;
			}
		}
	}
	return NULL;
}

/* An advice array against a kernel name: NULL when right, else why (in why). */
static const char *check_advice(const char *name, struct json_object *adv, char *why, size_t whysz)
{
	struct parsed p;
	bool exact = false;

	if (!parse(name, &p)) {
		snprintf(why, whysz, "%s: %s", name, p.why);
		return why;
	}
	for (size_t i = 0; i < json_object_array_length(adv); i++) {
		struct json_object *e = json_object_array_get_idx(adv, i), *c, *l;
		char w[200];
		bool named;

		if (!json_object_object_get_ex(e, "call", &c) ||
		    !json_object_object_get_ex(e, "library", &l)) {
			snprintf(why, whysz, "%s: advice %zu has no library or call", name, i);
			return why;
		}
		if (check_call(&p, json_object_get_string(c), &named, w, sizeof(w))) {
			snprintf(why, whysz, "%s: %s's call %s: %s", name,
				 json_object_get_string(l), w, json_object_get_string(c));
			return why;
		}
		exact |= named;
	}
	/* stdrng, jitterentropy_rng: nothing in the name a call could spell */
	if (!exact && (p.cats[HASH] || p.cats[CIPHER] || p.cats[MODE])) {
		snprintf(why, whysz, "%s: no call names the algorithm", name);
		return why;
	}
	return NULL;
}

/*
 * Every algorithm name the corpus and the tests meet, and where it comes
 * from (collected with a grep over tests/, reports/data, docs/, common/ and
 * analyzer/ for kernel template and algorithm names, issue #17):
 *  - the scan's algorithm tables: analyzer/classify.c (plain_algs),
 *    analyzer/callsite.c (imm_algorithms), tests/scan/test_scan_classify.c;
 *  - stress-ng's af-alg stressor list as scanned in the golden package
 *    report (tests/golden/expected/packages-report.*);
 *  - the trace and report fixtures (tests/report/data, tests/golden/inputs,
 *    tests/trace), driver names bound as algorithms included (sha256-generic);
 *  - reports/data: allowlist.json's entries, advice.json's obsolete list;
 *  - every SP 800-90A DRBG name of the kernel's crypto/drbg.c (the corpus has
 *    drbg_nopr_hmac_sha256, drbg_nopr_hmac_sha512 and drbg_pr_ctr_aes128).
 */
static const char *const corpus[] = {
	"adiantum(xchacha12,aes)",
	"adiantum(xchacha20,aes)",
	"aegis128",
	"ansi_cprng",
	"anubis",
	"arc4",
	"authencesn(hmac(sha256),cbc(aes))",
	"blake2b-256",
	"blake2b-512",
	"cbc(aes)",
	"cbc(anubis)",
	"cbc(blowfish)",
	"cbc(camellia)",
	"cbc(cast5)",
	"cbc(cast6)",
	"cbc(des)",
	"cbc(des3_ede)",
	"cbc(seed)",
	"cbc(serpent)",
	"cbc(sm4)",
	"cbc(twofish)",
	"ccm(aes)",
	"chacha20",
	"cmac(aes)",
	"crc32c",
	"ctr(aes)",
	"ctr(blowfish)",
	"ctr(camellia)",
	"ctr(cast5)",
	"ctr(cast6)",
	"ctr(des3_ede)",
	"ctr(serpent)",
	"ctr(sm4)",
	"ctr(twofish)",
	"ecb(aes)",
	"ecb(anubis)",
	"ecb(arc4)",
	"ecb(blowfish)",
	"ecb(camellia)",
	"ecb(cast5)",
	"ecb(cast6)",
	"ecb(cipher_null)",
	"ecb(des)",
	"ecb(des3_ede)",
	"ecb(khazad)",
	"ecb(seed)",
	"ecb(serpent)",
	"ecb(tea)",
	"ecb(twofish)",
	"ecb(xeta)",
	"ecb(xtea)",
	"gcm(aes)",
	"ghash",
	"hctr2(aes)",
	"hmac(md4)",
	"hmac(md5)",
	"hmac(sha1)",
	"hmac(sha224)",
	"hmac(sha256)",
	"hmac(sha384)",
	"hmac(sha512)",
	"hmac(sha512-generic)",
	"hmac(sm3)",
	"jitterentropy_rng",
	"khazad",
	"md4",
	"md5",
	"poly1305",
	"rfc3686(ctr(aes))",
	"rfc3686(ctr(camellia))",
	"rfc4106(gcm(aes))",
	"rfc7539(chacha20,poly1305)",
	"rmd160",
	"seed",
	"sha1",
	"sha1-generic",
	"sha224",
	"sha256",
	"sha256-generic",
	"sha3-224",
	"sha3-256",
	"sha3-384",
	"sha3-512",
	"sha384",
	"sha512",
	"sm3",
	"stdrng",
	"streebog256",
	"streebog512",
	"tea",
	"wp512",
	"xcbc(aes)",
	"xcbc(camellia)",
	"xchacha12",
	"xchacha20",
	"xeta",
	"xtea",
	"xts(aes)",
	"xts(camellia)",
	"xts(cast6)",
	"xts(serpent)",
	"xts(twofish)",
	"xxhash64",
	/* crypto/drbg.c */
	"drbg_pr_ctr_aes128",
	"drbg_pr_ctr_aes192",
	"drbg_pr_ctr_aes256",
	"drbg_nopr_ctr_aes128",
	"drbg_nopr_ctr_aes192",
	"drbg_nopr_ctr_aes256",
	"drbg_pr_sha1",
	"drbg_pr_sha256",
	"drbg_pr_sha384",
	"drbg_pr_sha512",
	"drbg_nopr_sha1",
	"drbg_nopr_sha256",
	"drbg_nopr_sha384",
	"drbg_nopr_sha512",
	"drbg_pr_hmac_sha1",
	"drbg_pr_hmac_sha256",
	"drbg_pr_hmac_sha384",
	"drbg_pr_hmac_sha512",
	"drbg_nopr_hmac_sha1",
	"drbg_nopr_hmac_sha256",
	"drbg_nopr_hmac_sha384",
	"drbg_nopr_hmac_sha512",
};
#define NCORPUS (sizeof(corpus) / sizeof(corpus[0]))

static int setup(void **state)
{
	(void)state;
	return rdata_load(&data, SRC_DATADIR, NULL) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	rdata_free(&data);
	return 0;
}

/* Every listed algorithm has an entry of its own (not a type fallback), and it is exact. */
static void every_corpus_algorithm_exact(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < NCORPUS; i++) {
		struct json_object *adv = rdata_advice(&data, NULL, corpus[i]);
		char why[1024];

		if (!adv) {
			print_error("%s: no advice entry (only the type fallback)\n", corpus[i]);
			bad++;
		} else if (check_advice(corpus[i], adv, why, sizeof(why))) {
			print_error("%s\n", why);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * Every entry of advice.json: one without '*' is checked against its own
 * name; one with '*' against the listed names it is the first match for, or,
 * when it is none's, must name no digest or cipher (a last resort such as
 * hmac(*) may not name SHA512).
 */
static void every_entry_consistent(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < json_object_array_length(data.advice_algs); i++) {
		struct json_object *e = json_object_array_get_idx(data.advice_algs, i), *m, *adv;
		const char *match;
		char why[1024];
		bool reached = false;

		assert_true(json_object_object_get_ex(e, "match", &m));
		assert_true(json_object_object_get_ex(e, "advice", &adv));
		match = json_object_get_string(m);
		if (!strchr(match, '*')) {
			if (check_advice(match, adv, why, sizeof(why))) {
				print_error("%s\n", why);
				bad++;
			}
			continue;
		}
		for (size_t c = 0; c < NCORPUS; c++)
			reached |= rdata_advice(&data, NULL, corpus[c]) == adv;
		if (reached)
			continue; /* checked with the names above */
		for (size_t j = 0; j < json_object_array_length(adv); j++) {
			struct json_object *c;
			struct parsed none;
			bool named;
			char w[200];

			memset(&none, 0, sizeof(none));
			for (int cat = HASH; cat <= MODE; cat++)
				none.cats[cat] = cat != MODE;
			json_object_object_get_ex(json_object_array_get_idx(adv, j), "call", &c);
			if (check_call(&none, json_object_get_string(c), &named, w, sizeof(w))) {
				print_error("%s (a last resort) %s: %s\n", match, w,
					    json_object_get_string(c));
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

static struct json_object *advice_of(const char *lib1, const char *call1, const char *lib2,
				     const char *call2)
{
	struct json_object *a = json_object_new_array(), *e;

	e = json_object_new_object();
	json_object_object_add(e, "library", json_object_new_string(lib1));
	json_object_object_add(e, "call", json_object_new_string(call1));
	json_object_array_add(a, e);
	if (lib2) {
		e = json_object_new_object();
		json_object_object_add(e, "library", json_object_new_string(lib2));
		json_object_object_add(e, "call", json_object_new_string(call2));
		json_object_array_add(a, e);
	}
	return a;
}

/* The check itself: it rejects the advice the data files once gave, and the near misses. */
static void checker_catches_mistakes(void **state)
{
	static const struct {
		const char *name, *call;
	} wrong[] = {
		/* the hmac(*) row that hmac(sha1) got before issue #17 */
		{"hmac(sha1)",
		 "EVP_MAC_fetch(NULL, \"HMAC\", NULL) with OSSL_MAC_PARAM_DIGEST set to "
		 "the hash (e.g. \"SHA512\"), or the one-shot HMAC(EVP_sha512(), key, "
		 "keylen, data, len, md, &mdlen)"},
		{"hmac(sha1)",
		 "gcry_mac_open(&h, GCRY_MAC_HMAC_SHA512, 0, NULL) (GCRY_MAC_HMAC_<hash>)"},
		{"hmac(sha1)", "gcry_mac_open(&h, GCRY_MAC_HMAC_<hash>, 0, NULL)"},
		{"sha384", "sha3_384_init/sha3_384_update/sha3_384_digest"},
		{"sha3-384", "EVP_sha384()"},
		{"cbc(aes)", "EVP_CIPHER_fetch(NULL, \"AES-128-CTR\", NULL)"},
		{"cbc(aes)", "gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 0)"},
		{"xts(aes)", "EVP_CIPHER_fetch(NULL, \"AES-128-XTS\", NULL)"},
		{"drbg_pr_ctr_aes128",
		 "EVP_RAND_fetch(NULL, \"CTR-DRBG\", NULL), OSSL_DRBG_PARAM_CIPHER "
		 "\"AES-256-CTR\""},
		{"cbc(des)", "EVP_CIPHER_fetch(NULL, \"DES-EDE3-CBC\", NULL)"},
		{"cbc(des3_ede)", "EVP_CIPHER_fetch(NULL, \"DES-CBC\", NULL)"},
		{"ecb(arc4)", "EVP_CIPHER_fetch(NULL, \"RC4\", NULL)"}, /* no ECB named */
		{"xchacha12", "crypto_stream_xchacha20_xor_ic"},
		{"blake2b-512", "crypto_generichash (BLAKE2b-256)"},
	};
	static const struct {
		const char *name, *call;
	} right[] = {
		{"hmac(sha1)", "HMAC(EVP_sha1(), key, keylen, data, len, md, &mdlen)"},
		{"cbc(des3_ede)", "EVP_CIPHER_fetch(NULL, \"DES-EDE3-CBC\", NULL)"},
		{"sha384", "EVP_sha384(); better: move to SHA3-512"},
		{"stdrng", "getrandom(2)"},
		{"cmac(aes)", "CMAC with \"AES-128-CBC\", \"AES-192-CBC\" or \"AES-256-CBC\""},
	};
	char why[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		struct json_object *a = advice_of("X", wrong[i].call, NULL, NULL);

		if (!check_advice(wrong[i].name, a, why, sizeof(why)))
			fail_msg("accepted for %s: %s", wrong[i].name, wrong[i].call);
		json_object_put(a);
	}
	for (size_t i = 0; i < sizeof(right) / sizeof(right[0]); i++) {
		struct json_object *a = advice_of("X", right[i].call, NULL, NULL);
		const char *w = check_advice(right[i].name, a, why, sizeof(why));

		if (w)
			fail_msg("rejected: %s", w);
		json_object_put(a);
	}
}

/* The rows issue #17 named: exact, and found through the report's lookup. */
static void named_rows(void **state)
{
	static const struct {
		const char *type, *name, *needle;
	} rows[] = {
		{"hash", "hmac(sha1)", "GCRY_MAC_HMAC_SHA1"},
		{"hash", "hmac(sha1)", "OSSL_MAC_PARAM_DIGEST \"SHA1\""},
		{"hash", "hmac(sha512-generic)", "GCRY_MAC_HMAC_SHA512"},
		{"hash", "poly1305", "\"POLY1305\""},
		{"hash", "poly1305", "crypto_onetimeauth"},
		{"hash", "xxhash64", "XXH64("},
		{"hash", "blake2b-512", "EVP_blake2b512()"},
		{"hash", "blake2b-512", "GCRY_MD_BLAKE2B_512"},
		{"hash", "blake2b-512", "crypto_generichash(out, 64,"},
		{"skcipher", "ecb(arc4)", "RC4 is broken"},
		{"hash", "md4", "MD4 is broken"},
		{"hash", "sha256-generic", "GCRY_MD_SHA256"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct json_object *adv = rdata_advice(&data, rows[i].type, rows[i].name);
		bool found = false;

		assert_non_null(adv);
		for (size_t j = 0; j < json_object_array_length(adv); j++) {
			struct json_object *c;

			json_object_object_get_ex(json_object_array_get_idx(adv, j), "call", &c);
			found |= strstr(json_object_get_string(c), rows[i].needle) != NULL;
		}
		if (!found)
			fail_msg("%s: no call with %s", rows[i].name, rows[i].needle);
		if (!strcmp(rows[i].name, "hmac(sha1)"))
			for (size_t j = 0; j < json_object_array_length(adv); j++) {
				struct json_object *c;

				json_object_object_get_ex(json_object_array_get_idx(adv, j), "call",
							  &c);
				assert_null(strcasestr(json_object_get_string(c), "sha512"));
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checker_catches_mistakes),
		cmocka_unit_test(named_rows),
		cmocka_unit_test(every_corpus_algorithm_exact),
		cmocka_unit_test(every_entry_consistent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
