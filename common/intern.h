/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The string interner: each distinct string stored once, in 64 KiB arena
 * chunks, at an address that never moves, so interned strings compare by
 * pointer.  Also a set that remembers insertion order (report counts
 * hosts and lists kernels with it).  Hashed with FNV-1a (fnv.h), open
 * addressing, load at most 3/4; not thread-safe.
 */
#ifndef AFALG_INTERN_H
#define AFALG_INTERN_H

#include <stddef.h>

struct afalg_intern_chunk;

struct afalg_intern {
	const char **slots; /* the set: open addressing, nslots a power of two (or 0) */
	size_t nslots;
	const char **order; /* insertion order */
	size_t count, corder;
	struct afalg_intern_chunk *chunks;
};

/* An empty interner (allocates nothing until the first string). */
void afalg_intern_init(struct afalg_intern *p);
/* Frees every interned string. */
void afalg_intern_free(struct afalg_intern *p);
/* The same on the heap, for holders that keep a pointer; NULL when out of memory. */
struct afalg_intern *afalg_intern_new(void);
void afalg_intern_destroy(struct afalg_intern *p); /* NULL: nothing */
/* The interned copy of s (NULL stays NULL); NULL when out of memory. */
const char *afalg_intern(struct afalg_intern *p, const char *s);
/* Like afalg_intern; *added (may be NULL) tells whether s was new. */
const char *afalg_intern_add(struct afalg_intern *p, const char *s, int *added);
/* The interned copy of s, or NULL if s was never interned. */
const char *afalg_intern_find(const struct afalg_intern *p, const char *s);
size_t afalg_intern_count(const struct afalg_intern *p);
/* The i-th distinct string in insertion order (NULL past the end). */
const char *afalg_intern_get(const struct afalg_intern *p, size_t i);

#endif /* AFALG_INTERN_H */
