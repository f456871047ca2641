/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the static analyzer knows about one file, shared by every part of
 * `afalg-audit scan`.  A file_result is filled by exactly one analyzer
 * (elf_scan.c, script_scan.c), possibly refined later by resolve.c (indirect
 * users through libraries), then written by scan_output.c.
 */
#ifndef AFALG_SCAN_H
#define AFALG_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "afalg_vocab.h"
#include "buildid.h"

/*
 * A file's AF_ALG types and features are masks of the domain's ids
 * (common/afalg_vocab.h): AFALG_BIT(AFALG_TYPE_HASH), ...  Scan finds the
 * features a file's code shows, how it moves data (SCAN_FEATURES); DRBG
 * entropy is for the report to find in the evidence.
 */
#define SCAN_TYPES (AFALG_BIT(AFALG_TYPE_COUNT) - 1)
#define SCAN_FEATURES AFALG_IO_MODES

enum scan_class {
	CLASS_NONE = 0,
	CLASS_CAPABLE, /* exposes AF_ALG to others (a runtime's constant) */
	CLASS_USES,    /* opens AF_ALG sockets, itself or through a library */
	/*
	 * Information, never blockers (issue #16): links a user library but
	 * imports none of its AF_ALG entry points; holds AF_ALG call sites that
	 * nothing in the file reaches.
	 */
	CLASS_LINKS,
	CLASS_UNREACHABLE,
};

enum file_kind { KIND_ELF, KIND_SHELL, KIND_PYTHON };

enum file_role { ROLE_UNKNOWN, ROLE_PROGRAM, ROLE_LIBRARY, ROLE_PLUGIN, ROLE_SCRIPT };

enum confidence { CONF_LOW, CONF_MEDIUM, CONF_HIGH };

enum evidence_kind {
	EV_NEEDED_KCAPI,   /* DT_NEEDED libkcapi.so.N */
	EV_KCAPI_IMPORT,   /* an imported kcapi_* function */
	EV_SOCKET_CALL,	   /* socket(AF_ALG, ...) call site */
	EV_SYSCALL_CALL,   /* syscall(SYS_socket, AF_ALG, ...) call site */
	EV_RAW_SYSCALL,	   /* syscall / svc instruction creating an AF_ALG socket */
	EV_LINKED_LIBRARY, /* links a library that uses AF_ALG */
	EV_TYPE_STRING,	   /* "hash", "skcipher", ... in read-only data */
	EV_ALG_STRING,	   /* "cbc(aes)", "hmac(sha512)", ... in read-only data */
	EV_IMPORT,	   /* splice, vmsplice, io_submit, io_uring_* */
	EV_SCRIPT_TOOL,	   /* a shell script runs a libkcapi tool */
	EV_PYTHON_AF_ALG,  /* Python source using socket.AF_ALG */
	EV_RUNTIME,	   /* language runtime exposing AF_ALG (capable) */
	EV_ENTRY_IMPORT,   /* imports a user library's entry point: "needed: name" */
	EV_LINK_LEVEL,	   /* why the function-level answer is not available */
	EV_UNREACHED_SITE, /* an AF_ALG call site no entry of the file reaches */
};

#define NO_OFFSET UINT64_MAX

struct evidence {
	enum evidence_kind kind;
	enum confidence confidence;
	char *detail;	  /* symbol, string, tool name, library... */
	uint64_t offset;  /* file offset, NO_OFFSET if none */
	uint64_t address; /* virtual address, NO_OFFSET if none */
	char *function;	  /* enclosing function, or NULL */
	char *src_file;	  /* from debug info, or NULL */
	int src_line;	  /* line in src_file, or 0; for scripts the script's line */
};

struct strlist {
	char **v;
	size_t n, cap;
};

/* One library a file goes through: scan JSON "via" (trace JSON's "via" is I/O modes). */
struct via_library {
	char *needed;	     /* DT_NEEDED name */
	char *path;	     /* where it was found */
	const char *package; /* its package (interned), or NULL */
	bool on_host;	     /* found on this system, not in the scanned inputs */
	/* The imported entry points leading to AF_ALG ("name" or "name@VERSION"). */
	bool functions_known; /* false: link-level answer (JSON null) */
	struct strlist functions;
	unsigned types; /* AF_ALG types reached through it */
};

struct imports;

/*
 * A library's AF_ALG entry points (issue #16): its exported functions that
 * can reach one of its AF_ALG call sites (reach.h).  Unknown (known false,
 * why says why) when the analysis was bounded or AF_ALG is reached on load
 * or from code no export accounts for: importers then keep the link-level
 * answer.  Names in strings.
 */
struct afalg_entry {
	const char *name, *version; /* version NULL: unversioned */
	bool default_version;
};

struct afalg_entries {
	bool known;
	const char *why; /* static string, when !known */
	struct afalg_entry *v;
	size_t n;
	char *strings;
};

struct file_result {
	char *path;    /* file path, or member path inside an archive ("/usr/bin/x") */
	char *archive; /* the .deb/.rpm holding it, or NULL */
	const char *package, *version; /* interned (common/intern.h), or NULL */
	const char *source_package;    /* its source package (interned), or NULL */
	dev_t dev;		       /* on-disk files: identity for library resolution */
	ino_t ino;
	char build_id[AFALG_BUILD_ID_HEX_SIZE]; /* common/buildid.h; "" if none */
	enum file_kind kind;
	enum file_role role;
	int elf_class;	 /* 32 or 64 (ELF only) */
	int elf_machine; /* EM_* */
	bool big_endian;
	enum scan_class cls;
	bool direct;	     /* its own code (or kcapi imports) opens AF_ALG sockets */
	bool kcapi_imports;  /* types come from its own kcapi_* imports */
	const char *runtime; /* "python", "go" for CLASS_CAPABLE */
	unsigned types;	     /* enum alg_type bits */
	unsigned features;   /* enum alg_feature bits */
	struct strlist algorithms;
	struct evidence *ev;
	size_t nev, capev;
	struct via_library *via_libs;
	size_t nvia_libs;
	/* For resolve.c: what the dynamic linker would load. */
	struct strlist needed;
	char *soname, *runpath, *rpath;
	bool has_interp;
	struct imports *imports; /* imports.h: what it imports, for linkrec.c; NULL if not read */
	struct afalg_entries entries; /* direct users: their AF_ALG entry points (reach_scan.c) */
	char *error;		      /* why this file could not be analysed, or NULL */
	/* resolve.c bookkeeping */
	int resolve_state;
	bool from_host; /* analysed only to resolve a library, not a scanned input */
};

/* Limits protecting against hostile inputs; set by scan.c options. */
struct scan_limits {
	uint64_t max_member;	/* largest archive member analysed */
	uint64_t max_in_memory; /* bigger ELF members are spooled to disk (spool.h) */
	uint64_t max_expansion; /* decompressed bytes read from one archive */
	uint64_t max_script;	/* largest script read */
	uint64_t max_entries;	/* entries (tar/cpio headers) read from one archive */
};

/* ---- result.c: building file_result ---- */
struct file_result *result_new(const char *path, const char *archive);
void result_free(struct file_result *r);
/* Add evidence; strings are copied.  Caps the list so hostile files stay small. */
struct evidence *result_add_evidence(struct file_result *r, enum evidence_kind kind,
				     enum confidence conf, const char *detail, uint64_t offset);
void result_add_algorithm(struct file_result *r, const char *alg);
void result_set_error(struct file_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Drop what only matters for a positive, keep what resolve.c needs. */
void result_trim(struct file_result *r);
bool strlist_add(struct strlist *l, const char *s);
void entries_free(struct afalg_entries *e);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/* ---- classify.c: tables (pure logic, unit-tested) ---- */
/* kcapi_* symbol → type bits; features set in *feat.  0 for generic API. */
unsigned classify_kcapi_symbol(const char *name, unsigned *feat);
/* An algorithm name such as "hmac(sha512)" or "cbc(aes)" → type bit, 0 if not one. */
unsigned classify_algorithm(const char *s);
/* Imported function → feature bits (splice, vmsplice, io_submit, io_uring_*). */
unsigned classify_import_feature(const char *name);
/* libkcapi command-line tool name → type bits, 0 if not a libkcapi tool. */
unsigned classify_kcapi_tool(const char *name, const char **alg);
const char *class_name(enum scan_class c);
const char *evidence_kind_name(enum evidence_kind k);
const char *confidence_name(enum confidence c);
const char *role_name(enum file_role r);
const char *elf_machine_name(int machine);
/* Shard membership: FNV-1a 64 of the key, index 1..count. */
uint64_t shard_hash(const char *key);
bool shard_selects(const char *key, unsigned index, unsigned count);

/* ---- elf_scan.c ---- */
struct scan_ctx;
/* Analyse an ELF image in memory (file mapping or archive member). */
/*
 * file_mapping: data is a mapping of the file (pages may be handed back to
 * the kernel once read); false for heap buffers (archive members), which
 * must never be.
 */
void elf_scan(struct scan_ctx *ctx, const unsigned char *data, size_t size, bool file_mapping,
	      struct file_result *r);

/* ---- script_scan.c ---- */
/* Is this a script worth reading?  head: the first bytes of the file. */
bool script_candidate(const char *path, const unsigned char *head, size_t n, enum file_kind *kind);
void script_scan(const unsigned char *data, size_t size, enum file_kind kind,
		 struct file_result *r);

#endif /* AFALG_SCAN_H */
