/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What an ELF file imports from the libraries it links (issue #16, second
 * part): each dynamic symbol it needs from elsewhere, with the version it
 * asks for and the file that version is required from (.gnu.version_r), so
 * that a program is `uses` only when it imports a library export that
 * reaches AF_ALG (reach.h gives those, per library).
 *
 * Three steps, so that the per-file work runs in the scan's worker threads
 * and only the compacting runs under the link table's lock:
 *   imports_read()  an Elf * → struct imports, self-contained (owns its
 *                   strings), no shared state;
 *   imports_pack()  struct imports → struct imports_packed in an arena, names
 *                   as 32-bit ids of a shared struct import_names;
 *   imports_match() does a packed file import any of a library's exports?
 *
 * Hostile files: every index read from the file (versym values, vna_other,
 * sh_link, string offsets, vn_aux/vn_next/vna_next) is checked; when
 * something cannot be read, or a bound below is exceeded, the answer is
 * "imports unknown" (unknown set, reason says why) and the caller keeps the
 * link-level answer (the file is a user if it links a user library).
 */
#ifndef AFALG_IMPORTS_H
#define AFALG_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gelf.h>

struct arena; /* linkrec.h */
struct import_names_chunk;

/*
 * Imports per file.  The biggest seen on Debian are C++ programs and
 * libraries with a few thousand; 256 Ki is far above, and keeps the
 * temporary struct imports of one file under 4 MiB.
 */
#define IMPORTS_MAX_SYMS (256u * 1024)
/*
 * Required versions per file (vernaux entries): 7 bits of the packed byte,
 * 0 = none.  qemu-system-x86_64 and gdb on Debian 12 require 51.
 */
#define IMPORTS_MAX_VERSIONS 127u
/* Verneed + vernaux entries walked per file, whatever their links say. */
#define IMPORTS_MAX_VERNEED_WALK 4096u

enum import_kind {
	IMPORT_FUNC,   /* STT_FUNC */
	IMPORT_NOTYPE, /* STT_NOTYPE: assembler symbols, old toolchains */
	IMPORT_IFUNC,  /* STT_GNU_IFUNC */
	IMPORT_OBJECT, /* STT_OBJECT, STT_TLS, STT_COMMON: data (an ops table, errno) */
};

/* A required version: "GLIBC_2.2.5" from "libc.so.6" (a vernaux and its verneed). */
struct import_version {
	const char *name, *file;
};

struct import_sym {
	const char *name;
	uint8_t version; /* 0: unversioned; else versions[version - 1] */
	uint8_t kind;	 /* enum import_kind */
};

struct imports {
	bool unknown;	    /* the list is not complete: match nothing, keep link level */
	const char *reason; /* why (static string), when unknown */
	struct import_sym *syms;
	size_t nsyms;
	struct import_version *versions;
	size_t nversions;
	char *strings; /* owns every name above */
};

/*
 * The imports of an ELF image already opened with libelf (32- or 64-bit,
 * either byte order): undefined dynsym entries (global or weak; FUNC,
 * NOTYPE, IFUNC, OBJECT, TLS, COMMON), and defined ones whose version is a
 * required one (data copied into an executable by a COPY relocation keeps
 * its library's version).  In dynsym order.  Files without .dynsym import
 * nothing.  Returns false when the answer is unknown (out->reason) or
 * memory ran out; out is always safe to imports_free().
 */
bool imports_read(Elf *e, struct imports *out);
void imports_free(struct imports *im);

/*
 * Symbol, version and file names as dense 32-bit ids, each string stored
 * once (a mirror has millions of files importing the same few thousand
 * names).  Not thread-safe: the link table's lock covers it.
 */
struct import_names {
	uint32_t *slots; /* open addressing: id + 1, 0 = free; nslots a power of two */
	size_t nslots;
	const char **names; /* by id */
	size_t n, cap;
	struct import_names_chunk *chunks; /* the bytes, at addresses that never move */
	size_t bytes;
};

#define IMPORT_NO_ID UINT32_MAX

void import_names_init(struct import_names *t);
void import_names_free(struct import_names *t);
/* s's id, adding it; IMPORT_NO_ID when out of memory or past 2^32 - 2 names. */
uint32_t import_names_add(struct import_names *t, const char *s);
/* s's id, or IMPORT_NO_ID when no file imports or requires it. */
uint32_t import_names_find(const struct import_names *t, const char *s);
const char *import_names_get(const struct import_names *t, uint32_t id);
/* Bytes held: slots, id table, strings (for the record). */
size_t import_names_bytes(const struct import_names *t);

/*
 * One file's imports, compact: 8 bytes of header, 5 bytes per distinct
 * import (a 4-byte name id, a byte of version index << 1 | data), 8 bytes per
 * required version (name id, file id).  Imports are sorted by name id, so a
 * look-up is a binary search.  Laid out in one block:
 *   uint32_t sym[nsyms]; uint32_t ver[2 * nversions]; uint8_t vk[nsyms].
 */
struct imports_packed {
	uint32_t nsyms;
	uint8_t nversions;
	uint8_t reserved[3];
	uint32_t data[];
};

/*
 * im packed into the arena, names added to t.  NULL when im is unknown or
 * memory ran out: a NULL record means "imports unknown".  A file that
 * imports nothing gets a shared empty record (no arena bytes).
 */
const struct imports_packed *imports_pack(const struct imports *im, struct import_names *t,
					  struct arena *a);
/* Bytes a packed record takes in the arena (0 for the shared empty one). */
size_t imports_packed_bytes(const struct imports_packed *p);
/*
 * The i-th import (sorted by name id): name, version and file (NULL when
 * unversioned).  The packed form keeps code or data only: kind is
 * IMPORT_FUNC (FUNC, NOTYPE, IFUNC) or IMPORT_OBJECT.
 */
void imports_packed_get(const struct import_names *t, const struct imports_packed *p, size_t i,
			const char **name, const char **version, const char **file,
			enum import_kind *kind);

/* An export of a library (reach.h's struct reach_export has these fields). */
struct import_export {
	const char *name;
	const char *version;  /* NULL: unversioned (or the base version) */
	bool default_version; /* name@@version (true) or name@version */
};

enum import_answer {
	IMPORTS_NONE,	 /* imports none of the exports */
	IMPORTS_SOME,	 /* imports at least one (hit[] says which) */
	IMPORTS_UNKNOWN, /* no import list (p is NULL): keep the link-level answer */
};

/*
 * Does a file (its packed imports p) import any of exports[0..n) of the
 * library it links by the name `needed` (the DT_NEEDED entry that resolved
 * to the library: its SONAME, normally)?  hit (may be NULL) gets, per
 * export, whether it is imported.  As ld.so binds, conservatively:
 *   - name@V required from file F binds to the export name@V or name@@V, or
 *     an unversioned export of that name, of the library F names (ld.so
 *     checks versions by name, and takes an unversioned definition for a
 *     versioned reference).  Interposition (another library in the search
 *     order defining name@V first) is not considered: the verneed entry
 *     names F, and only F defines V in a working installation.
 *   - an unversioned import binds to an export of that name whatever its
 *     version: ld.so takes the base or oldest version (index 1 or 2, hidden
 *     or not) or the one default version, which only the library's version
 *     table tells.  And to the first library in search order defining it:
 *     here, to any library the caller asks about, which should be those
 *     the file loads.  So the matcher may say "imports" more, never less.
 */
enum import_answer imports_match(const struct import_names *t, const struct imports_packed *p,
				 const char *needed, const struct import_export *exports, size_t n,
				 bool *hit);

#endif /* AFALG_IMPORTS_H */
