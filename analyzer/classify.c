// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * What names mean for AF_ALG: libkcapi's API, the kernel's type and
 * algorithm names, the libkcapi tools.  Pure functions over tables, so the
 * unit tests can pin every mapping down.
 */
#include <elf.h>
#include <string.h>

#include "fnv.h"
#include "scan.h"

struct prefix_map {
	const char *prefix;
	unsigned types;
};

/* libkcapi's public API (lib/kcapi.h), by family. */
static const struct prefix_map kcapi_prefixes[] = {
	{"kcapi_md_", ALG_T_HASH},	     {"kcapi_pbkdf", ALG_T_HASH},
	{"kcapi_hkdf", ALG_T_HASH},	     {"kcapi_cipher_", ALG_T_SKCIPHER},
	{"kcapi_aead_", ALG_T_AEAD},	     {"kcapi_rng_", ALG_T_RNG},
	{"kcapi_akcipher_", ALG_T_AKCIPHER}, {"kcapi_kpp_", ALG_T_KPP},
};

unsigned classify_kcapi_symbol(const char *name, unsigned *feat)
{
	unsigned types = 0;

	if (strncmp(name, "kcapi_", 6))
		return 0;
	for (size_t i = 0; i < sizeof(kcapi_prefixes) / sizeof(kcapi_prefixes[0]); i++)
		if (!strncmp(name, kcapi_prefixes[i].prefix, strlen(kcapi_prefixes[i].prefix)))
			types = kcapi_prefixes[i].types;
	/* kcapi_*_aio: the AIO interface (io_submit on the op socket). */
	if (strstr(name, "_aio"))
		*feat |= ALG_F_AIO;
	/* Stream API and splice size knobs: vmsplice/splice into the socket. */
	if (strstr(name, "_stream") || strstr(name, "splice"))
		*feat |= ALG_F_ZEROCOPY;
	return types;
}

static const char *const type_names[ALG_T_COUNT] = {"hash", "skcipher", "aead",
						    "rng",  "akcipher", "kpp"};

unsigned classify_type_name(const char *s)
{
	for (unsigned i = 0; i < ALG_T_COUNT; i++)
		if (!strcmp(s, type_names[i]))
			return 1u << i;
	return 0;
}

const char *alg_type_name(unsigned bit)
{
	for (unsigned i = 0; i < ALG_T_COUNT; i++)
		if (bit == 1u << i)
			return type_names[i];
	return "?";
}

static const char *const feature_names[ALG_F_COUNT] = {"aio", "zero-copy", "io_uring"};

const char *alg_feature_name(unsigned bit)
{
	for (unsigned i = 0; i < ALG_F_COUNT; i++)
		if (bit == 1u << i)
			return feature_names[i];
	return "?";
}

/* Kernel crypto templates: the outermost one decides the AF_ALG type. */
static const struct prefix_map templates[] = {
	{"hmac", ALG_T_HASH},	      {"cmac", ALG_T_HASH},	 {"xcbc", ALG_T_HASH},
	{"vmac64", ALG_T_HASH},	      {"vmac", ALG_T_HASH},	 {"cbc", ALG_T_SKCIPHER},
	{"ecb", ALG_T_SKCIPHER},      {"ctr", ALG_T_SKCIPHER},	 {"xctr", ALG_T_SKCIPHER},
	{"xts", ALG_T_SKCIPHER},      {"lrw", ALG_T_SKCIPHER},	 {"cts", ALG_T_SKCIPHER},
	{"pcbc", ALG_T_SKCIPHER},     {"ofb", ALG_T_SKCIPHER},	 {"cfb", ALG_T_SKCIPHER},
	{"adiantum", ALG_T_SKCIPHER}, {"hctr2", ALG_T_SKCIPHER}, {"essiv", ALG_T_SKCIPHER},
	{"rfc3686", ALG_T_SKCIPHER},  {"gcm", ALG_T_AEAD},	 {"gcm_base", ALG_T_AEAD},
	{"ccm", ALG_T_AEAD},	      {"ccm_base", ALG_T_AEAD},	 {"rfc4106", ALG_T_AEAD},
	{"rfc4309", ALG_T_AEAD},      {"rfc4543", ALG_T_AEAD},	 {"authenc", ALG_T_AEAD},
	{"authencesn", ALG_T_AEAD},   {"rfc7539", ALG_T_AEAD},	 {"rfc7539esp", ALG_T_AEAD},
	{"echainiv", ALG_T_AEAD},     {"seqiv", ALG_T_AEAD},
};

/* Algorithms bound by their plain name. */
static const struct prefix_map plain_algs[] = {
	{"md4", ALG_T_HASH},
	{"md5", ALG_T_HASH},
	{"sha1", ALG_T_HASH},
	{"sha224", ALG_T_HASH},
	{"sha256", ALG_T_HASH},
	{"sha384", ALG_T_HASH},
	{"sha512", ALG_T_HASH},
	{"sha3-224", ALG_T_HASH},
	{"sha3-256", ALG_T_HASH},
	{"sha3-384", ALG_T_HASH},
	{"sha3-512", ALG_T_HASH},
	{"sm3", ALG_T_HASH},
	{"rmd160", ALG_T_HASH},
	{"wp512", ALG_T_HASH},
	{"streebog256", ALG_T_HASH},
	{"streebog512", ALG_T_HASH},
	{"blake2b-256", ALG_T_HASH},
	{"blake2b-512", ALG_T_HASH},
	{"crc32c", ALG_T_HASH},
	{"ghash", ALG_T_HASH},
	{"poly1305", ALG_T_HASH},
	{"xxhash64", ALG_T_HASH},
	{"chacha20", ALG_T_SKCIPHER},
	{"xchacha20", ALG_T_SKCIPHER},
	{"xchacha12", ALG_T_SKCIPHER},
	{"aegis128", ALG_T_AEAD},
	{"stdrng", ALG_T_RNG},
	{"ansi_cprng", ALG_T_RNG},
	{"jitterentropy_rng", ALG_T_RNG},
};

static bool alg_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Shape check: name or name(args) with balanced parentheses, args made of
 * names, commas, nested templates, or a printf "%s" (a template filled at
 * run time, as in ell's "hmac(%s)").
 */
static bool alg_shape(const char *s)
{
	int depth = 0;
	size_t len = strlen(s);

	if (len < 2 || len > 96 || !alg_char(s[0]))
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '(') {
			if (p == s || !(alg_char(p[-1])))
				return false;
			depth++;
		} else if (*p == ')') {
			if (--depth < 0 || p[-1] == '(' || p[-1] == ',')
				return false;
		} else if (*p == ',') {
			if (depth == 0)
				return false;
		} else if (*p == '%') {
			if (p[1] != 's' || depth == 0)
				return false;
			p++;
		} else if (!alg_char(*p)) {
			return false;
		}
	}
	return depth == 0;
}

unsigned classify_algorithm(const char *s)
{
	const char *paren;
	size_t n;

	if (!alg_shape(s))
		return 0;
	paren = strchr(s, '(');
	if (!paren) {
		for (size_t i = 0; i < sizeof(plain_algs) / sizeof(plain_algs[0]); i++)
			if (!strcmp(s, plain_algs[i].prefix))
				return plain_algs[i].types;
		/* DRBGs: drbg_nopr_hmac_sha256, drbg_pr_ctr_aes128, ... */
		if (!strncmp(s, "drbg_pr_", 8) || !strncmp(s, "drbg_nopr_", 10))
			return ALG_T_RNG;
		return 0;
	}
	n = (size_t)(paren - s);
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (strlen(templates[i].prefix) == n && !strncmp(s, templates[i].prefix, n))
			return templates[i].types;
	return 0;
}

unsigned classify_import_feature(const char *name)
{
	if (!strcmp(name, "splice") || !strcmp(name, "vmsplice") || !strcmp(name, "sendfile") ||
	    !strcmp(name, "sendfile64"))
		return ALG_F_ZEROCOPY;
	if (!strcmp(name, "io_submit"))
		return ALG_F_AIO;
	if (!strncmp(name, "io_uring_", 9) || !strncmp(name, "__io_uring_", 11))
		return ALG_F_IO_URING;
	return 0;
}

/* libkcapi's command-line tools (apps/ and the kcapi-hasher links). */
static const struct {
	const char *name;
	unsigned types;
	const char *alg;
} kcapi_tools[] = {
	{"sha1hmac", ALG_T_HASH, "hmac(sha1)"},
	{"sha224hmac", ALG_T_HASH, "hmac(sha224)"},
	{"sha256hmac", ALG_T_HASH, "hmac(sha256)"},
	{"sha384hmac", ALG_T_HASH, "hmac(sha384)"},
	{"sha512hmac", ALG_T_HASH, "hmac(sha512)"},
	{"sm3hmac", ALG_T_HASH, "hmac(sm3)"},
	{"fipshmac", ALG_T_HASH, NULL},
	{"fipscheck", ALG_T_HASH, NULL},
	{"kcapi-hasher", ALG_T_HASH, NULL},
	{"kcapi-dgst", ALG_T_HASH, NULL},
	{"kcapi-enc", ALG_T_SKCIPHER | ALG_T_AEAD, NULL},
	{"kcapi-rng", ALG_T_RNG, NULL},
	{"kcapi-speed", ALG_T_HASH | ALG_T_SKCIPHER | ALG_T_AEAD | ALG_T_RNG, NULL},
	{"kcapi-convenience", ALG_T_HASH | ALG_T_SKCIPHER | ALG_T_AEAD | ALG_T_RNG, NULL},
};

unsigned classify_kcapi_tool(const char *name, const char **alg)
{
	for (size_t i = 0; i < sizeof(kcapi_tools) / sizeof(kcapi_tools[0]); i++)
		if (!strcmp(name, kcapi_tools[i].name)) {
			if (alg)
				*alg = kcapi_tools[i].alg;
			return kcapi_tools[i].types;
		}
	return 0;
}

const char *class_name(enum scan_class c)
{
	switch (c) {
	case CLASS_USES:
		return "uses";
	case CLASS_CAPABLE:
		return "capable";
	default:
		return "none";
	}
}

const char *evidence_kind_name(enum evidence_kind k)
{
	static const char *const names[] = {
		[EV_NEEDED_KCAPI] = "needed-libkcapi",
		[EV_KCAPI_IMPORT] = "kcapi-import",
		[EV_SOCKET_CALL] = "socket-call",
		[EV_SYSCALL_CALL] = "syscall-call",
		[EV_RAW_SYSCALL] = "raw-syscall",
		[EV_LINKED_LIBRARY] = "linked-library",
		[EV_TYPE_STRING] = "type-string",
		[EV_ALG_STRING] = "algorithm-string",
		[EV_IMPORT] = "import",
		[EV_SCRIPT_TOOL] = "script-tool",
		[EV_PYTHON_AF_ALG] = "python-af_alg",
		[EV_RUNTIME] = "runtime-constant",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) && names[k] ? names[k] : "?";
}

const char *confidence_name(enum confidence c)
{
	return c == CONF_HIGH ? "high" : c == CONF_MEDIUM ? "medium" : "low";
}

const char *role_name(enum file_role r)
{
	switch (r) {
	case ROLE_PROGRAM:
		return "program";
	case ROLE_LIBRARY:
		return "library";
	case ROLE_PLUGIN:
		return "plugin";
	case ROLE_SCRIPT:
		return "script";
	default:
		return "unknown";
	}
}

const char *elf_machine_name(int machine)
{
	switch (machine) {
	case EM_X86_64:
		return "x86_64";
	case EM_AARCH64:
		return "aarch64";
	case EM_386:
		return "i386";
	case EM_ARM:
		return "arm";
	case EM_PPC64:
		return "ppc64";
	case EM_PPC:
		return "ppc";
	case EM_S390:
		return "s390";
	case EM_MIPS:
		return "mips";
	case EM_RISCV:
		return "riscv";
	case 258: /* EM_LOONGARCH, newer than some elf.h */
		return "loongarch";
	case EM_SPARCV9:
		return "sparc64";
	default:
		return "other";
	}
}

uint64_t shard_hash(const char *key)
{
	/* Stable across hosts and versions: shards run elsewhere must agree. */
	return afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, key);
}

bool shard_selects(const char *key, unsigned index, unsigned count)
{
	if (count <= 1)
		return true;
	return shard_hash(key) % count == (uint64_t)(index - 1);
}
