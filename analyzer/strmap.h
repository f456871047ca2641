/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A string → pointer hash map (open addressing) and a string pool built on
 * it.  Keys are not copied by strmap (the caller owns them); strpool owns
 * its strings.  Not thread-safe: build first, then share read-only, or lock.
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

struct strpool {
	struct strmap map; /* value == key (owned) */
};

void strpool_init(struct strpool *p);
void strpool_free(struct strpool *p);
/* The pool's copy of s (one per distinct string), NULL on allocation failure. */
const char *strpool_intern(struct strpool *p, const char *s);

#endif /* AFALG_STRMAP_H */
