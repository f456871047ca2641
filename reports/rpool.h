/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A set of strings with stable addresses: interning (each distinct string
 * stored once, in arena chunks) and counting distinct values (hosts).
 */
#ifndef AFALG_REPORT_RPOOL_H
#define AFALG_REPORT_RPOOL_H

#include <stddef.h>

struct rpool;

struct rpool *rpool_new(void);
void rpool_free(struct rpool *p);
/* The pooled copy of s (NULL stays NULL); NULL when out of memory. */
const char *rpool_intern(struct rpool *p, const char *s);
/* Like intern; *added tells whether s was new. */
const char *rpool_add(struct rpool *p, const char *s, int *added);
size_t rpool_count(const struct rpool *p);
/* The i-th distinct string in insertion order (i < count). */
const char *rpool_get(const struct rpool *p, size_t i);
/* Bytes held (for the bench). */
size_t rpool_bytes(const struct rpool *p);

#endif /* AFALG_REPORT_RPOOL_H */
