/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A string -> pointer hash map (open addressing, linear probing, load at
 * most 1/2).  Keys are not copied (the caller owns them: intern.h's copies,
 * an arena's).  Not thread-safe: build first, then share read-only, or
 * lock.
 *
 * Hashed with FNV-1a (fnv.h), not keyed: the order of strmap_each() is
 * the same on every run (scan --links-out is written in it).  Keys made to
 * collide (the scanned names are untrusted) cost linear probes, never a
 * wrong answer; each slot keeps the full 64-bit hash, so only keys with the
 * same full hash are compared as strings.
 */
#ifndef AFALG_STRMAP_H
#define AFALG_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key;
	void *value;
	uint64_t hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n; /* cap is a power of two (or 0) */
};

uint64_t strmap_hash(const char *s);
void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Insert or replace; false on allocation failure. */
bool strmap_put(struct strmap *m, const char *key, void *value);
void *strmap_get(const struct strmap *m, const char *key);
/* Visit every entry; stops early when fn returns false. */
void strmap_each(const struct strmap *m, bool (*fn)(const char *key, void *value, void *arg),
		 void *arg);

#endif /* AFALG_STRMAP_H */
