/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What library resolution (resolve.c) needs of each ELF file that links or
 * may be linked, kept compactly until the end of the scan: a whole mirror
 * has millions of them.  Names (DT_NEEDED, SONAME, RUNPATH, directories) are
 * interned once in a shared string table, everything else lives in a bump
 * arena, and the full file_result of a file that is not a finding is freed
 * as soon as its record is made; resolve.c rebuilds one only for the few
 * files that turn out to be indirect users.
 */
#ifndef AFALG_LINKREC_H
#define AFALG_LINKREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imports.h"
#include "scan.h"
#include "intern.h"
#include "strmap.h"

/* Allocation without per-object overhead; freed all at once. */
struct arena {
	struct arena_chunk *chunks;
	char *cur;
	size_t left;
	size_t total; /* bytes handed out, for the record */
};

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

/* Which archive a member comes from, and its package (one per archive). */
struct link_origin {
	const char *archive, *package, *version;
	const char *source; /* source package, or NULL */
};

struct link_rec {
	const char *dir;  /* interned: the path up to its last '/', NULL if none */
	const char *base; /* arena: the rest */
	const char *soname, *runpath, *rpath; /* interned, or NULL */
	const struct link_origin *origin;     /* archive members; NULL for files on disk */
	const char **needed;		      /* nneeded interned DT_NEEDED names */
	const char *build_id;		      /* arena, or NULL */
	struct file_result *full;	      /* the finding this file also is, or NULL */
	/* imports.h, names in link_table.import_names; NULL: unknown (read from a link file,
	 * bounded) */
	const struct imports_packed *imports;
	/*
	 * Its AF_ALG entry points (scan.h struct afalg_entries), when it uses
	 * AF_ALG itself: names interned.  entries_known false: importers keep
	 * the link-level answer, entries_why says why (static or interned).
	 */
	const struct import_export *entries;
	const char *entries_why;
	uint32_t nentries;
	uint64_t dev, ino; /* files on disk: identity */
	uint16_t nneeded, machine;
	uint8_t elf_class, role, types, features;
	uint8_t big_endian : 1, uses : 1, state : 2;
	uint8_t from_host : 1; /* analysed on demand by resolve.c: never written out */
	uint8_t in_inputs : 1; /* ... but below an input (another shard has it) */
	uint8_t foreign : 1;   /* another shard's archive (--links-from): never written out */
	uint8_t entries_known : 1;
	uint8_t links : 1; /* resolve.c: links a user library, calls none of its AF_ALG code */
};

struct link_table {
	struct arena arena;
	struct afalg_intern names;	  /* DT_NEEDED, SONAME, RUNPATH, directories */
	struct import_names import_names; /* imported symbols, versions, their files */
	struct strmap origins;		  /* archive path (arena) → struct link_origin */
	struct link_rec **recs;
	size_t n, cap;
};

void linktab_init(struct link_table *t);
void linktab_free(struct link_table *t);
/*
 * The record of an analysed ELF file (not thread-safe: the caller locks).
 * full: r itself when r is kept (a finding), else NULL and r may be freed.
 */
struct link_rec *linktab_add(struct link_table *t, const struct file_result *r,
			     struct file_result *full);
/* The file's path ("dir/base"), into buf; false if it does not fit. */
bool linkrec_path(const struct link_rec *l, char *buf, size_t size);
/* Is l at path p? */
bool linkrec_is_at(const struct link_rec *l, const char *p);
/* Hash of the path, as strmap_hash(path) would give it. */
uint64_t linkrec_path_hash(const struct link_rec *l);
/* Is image (an ELF file read again) the one l records?  By build-id, when l has one. */
bool linkrec_is_image(const struct link_rec *l, unsigned char *image, size_t size);

#endif /* AFALG_LINKREC_H */
