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

/* A name, or a prefix of names, that means one AF_ALG type. */
struct prefix_map {
	const char *prefix;
	enum afalg_type type;
};

/* libkcapi's public API (lib/kcapi.h), by family. */
static const struct prefix_map kcapi_prefixes[] = {
	{"kcapi_md_", AFALG_TYPE_HASH},		  {"kcapi_pbkdf", AFALG_TYPE_HASH},
	{"kcapi_hkdf", AFALG_TYPE_HASH},	  {"kcapi_cipher_", AFALG_TYPE_SKCIPHER},
	{"kcapi_aead_", AFALG_TYPE_AEAD},	  {"kcapi_rng_", AFALG_TYPE_RNG},
	{"kcapi_akcipher_", AFALG_TYPE_AKCIPHER}, {"kcapi_kpp_", AFALG_TYPE_KPP},
};

unsigned classify_kcapi_symbol(const char *name, unsigned *feat)
{
	unsigned types = 0;

	if (strncmp(name, "kcapi_", 6))
		return 0;
	for (size_t i = 0; i < sizeof(kcapi_prefixes) / sizeof(kcapi_prefixes[0]); i++)
		if (!strncmp(name, kcapi_prefixes[i].prefix, strlen(kcapi_prefixes[i].prefix)))
			types = AFALG_BIT(kcapi_prefixes[i].type);
	/* kcapi_*_aio: the AIO interface (io_submit on the op socket). */
	if (strstr(name, "_aio"))
		*feat |= AFALG_BIT(AFALG_FEAT_AIO);
	/* Stream API and splice size knobs: vmsplice/splice into the socket. */
	if (strstr(name, "_stream") || strstr(name, "splice"))
		*feat |= AFALG_BIT(AFALG_FEAT_ZEROCOPY);
	return types;
}

/* Kernel crypto templates: the outermost one decides the AF_ALG type. */
static const struct prefix_map templates[] = {
	{"hmac", AFALG_TYPE_HASH},	  {"cmac", AFALG_TYPE_HASH},
	{"xcbc", AFALG_TYPE_HASH},	  {"vmac64", AFALG_TYPE_HASH},
	{"vmac", AFALG_TYPE_HASH},	  {"cbc", AFALG_TYPE_SKCIPHER},
	{"ecb", AFALG_TYPE_SKCIPHER},	  {"ctr", AFALG_TYPE_SKCIPHER},
	{"xctr", AFALG_TYPE_SKCIPHER},	  {"xts", AFALG_TYPE_SKCIPHER},
	{"lrw", AFALG_TYPE_SKCIPHER},	  {"cts", AFALG_TYPE_SKCIPHER},
	{"pcbc", AFALG_TYPE_SKCIPHER},	  {"ofb", AFALG_TYPE_SKCIPHER},
	{"cfb", AFALG_TYPE_SKCIPHER},	  {"adiantum", AFALG_TYPE_SKCIPHER},
	{"hctr2", AFALG_TYPE_SKCIPHER},	  {"essiv", AFALG_TYPE_SKCIPHER},
	{"rfc3686", AFALG_TYPE_SKCIPHER}, {"gcm", AFALG_TYPE_AEAD},
	{"gcm_base", AFALG_TYPE_AEAD},	  {"ccm", AFALG_TYPE_AEAD},
	{"ccm_base", AFALG_TYPE_AEAD},	  {"rfc4106", AFALG_TYPE_AEAD},
	{"rfc4309", AFALG_TYPE_AEAD},	  {"rfc4543", AFALG_TYPE_AEAD},
	{"authenc", AFALG_TYPE_AEAD},	  {"authencesn", AFALG_TYPE_AEAD},
	{"rfc7539", AFALG_TYPE_AEAD},	  {"rfc7539esp", AFALG_TYPE_AEAD},
	{"echainiv", AFALG_TYPE_AEAD},	  {"seqiv", AFALG_TYPE_AEAD},
};

/* Algorithms bound by their plain name. */
static const struct prefix_map plain_algs[] = {
	{"md4", AFALG_TYPE_HASH},
	{"md5", AFALG_TYPE_HASH},
	{"sha1", AFALG_TYPE_HASH},
	{"sha224", AFALG_TYPE_HASH},
	{"sha256", AFALG_TYPE_HASH},
	{"sha384", AFALG_TYPE_HASH},
	{"sha512", AFALG_TYPE_HASH},
	{"sha3-224", AFALG_TYPE_HASH},
	{"sha3-256", AFALG_TYPE_HASH},
	{"sha3-384", AFALG_TYPE_HASH},
	{"sha3-512", AFALG_TYPE_HASH},
	{"sm3", AFALG_TYPE_HASH},
	{"rmd160", AFALG_TYPE_HASH},
	{"wp512", AFALG_TYPE_HASH},
	{"streebog256", AFALG_TYPE_HASH},
	{"streebog512", AFALG_TYPE_HASH},
	{"blake2b-256", AFALG_TYPE_HASH},
	{"blake2b-512", AFALG_TYPE_HASH},
	{"crc32c", AFALG_TYPE_HASH},
	{"ghash", AFALG_TYPE_HASH},
	{"poly1305", AFALG_TYPE_HASH},
	{"xxhash64", AFALG_TYPE_HASH},
	{"chacha20", AFALG_TYPE_SKCIPHER},
	{"xchacha20", AFALG_TYPE_SKCIPHER},
	{"xchacha12", AFALG_TYPE_SKCIPHER},
	{"aegis128", AFALG_TYPE_AEAD},
	{"stdrng", AFALG_TYPE_RNG},
	{"ansi_cprng", AFALG_TYPE_RNG},
	{"jitterentropy_rng", AFALG_TYPE_RNG},
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
				return AFALG_BIT(plain_algs[i].type);
		/* DRBGs: drbg_nopr_hmac_sha256, drbg_pr_ctr_aes128, ... */
		if (!strncmp(s, "drbg_pr_", 8) || !strncmp(s, "drbg_nopr_", 10))
			return AFALG_BIT(AFALG_TYPE_RNG);
		return 0;
	}
	n = (size_t)(paren - s);
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (strlen(templates[i].prefix) == n && !strncmp(s, templates[i].prefix, n))
			return AFALG_BIT(templates[i].type);
	return 0;
}

unsigned classify_import_feature(const char *name)
{
	if (!strcmp(name, "splice") || !strcmp(name, "vmsplice") || !strcmp(name, "sendfile") ||
	    !strcmp(name, "sendfile64"))
		return AFALG_BIT(AFALG_FEAT_ZEROCOPY);
	if (!strcmp(name, "io_submit"))
		return AFALG_BIT(AFALG_FEAT_AIO);
	if (!strncmp(name, "io_uring_", 9) || !strncmp(name, "__io_uring_", 11))
		return AFALG_BIT(AFALG_FEAT_IO_URING);
	return 0;
}

/* libkcapi's command-line tools (apps/ and the kcapi-hasher links). */
static const struct {
	const char *name;
	unsigned types;
	const char *alg;
} kcapi_tools[] = {
	{"sha1hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sha1)"},
	{"sha224hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sha224)"},
	{"sha256hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sha256)"},
	{"sha384hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sha384)"},
	{"sha512hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sha512)"},
	{"sm3hmac", AFALG_BIT(AFALG_TYPE_HASH), "hmac(sm3)"},
	{"fipshmac", AFALG_BIT(AFALG_TYPE_HASH), NULL},
	{"fipscheck", AFALG_BIT(AFALG_TYPE_HASH), NULL},
	{"kcapi-hasher", AFALG_BIT(AFALG_TYPE_HASH), NULL},
	{"kcapi-dgst", AFALG_BIT(AFALG_TYPE_HASH), NULL},
	{"kcapi-enc", AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_AEAD), NULL},
	{"kcapi-rng", AFALG_BIT(AFALG_TYPE_RNG), NULL},
	{"kcapi-speed", AFALG_KERNEL_TYPES, NULL},
	{"kcapi-convenience", AFALG_KERNEL_TYPES, NULL},
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
	case CLASS_LINKS:
		return "links";
	case CLASS_UNREACHABLE:
		return "unreachable";
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
		[EV_ENTRY_IMPORT] = "entry-import",
		[EV_LINK_LEVEL] = "link-level",
		[EV_UNREACHED_SITE] = "unreached-site",
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
