// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Open-addressing hash set of strings (FNV-1a), strings in 64 KiB chunks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "rpool.h"

#define CHUNK (64u << 10)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct rpool {
	const char **slots; /* hash table */
	size_t nslots;
	const char **order; /* insertion order */
	size_t count, corder;
	struct chunk *chunks;
	size_t bytes;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

struct rpool *rpool_new(void)
{
	struct rpool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->nslots = 256;
	p->slots = calloc(p->nslots, sizeof(*p->slots));
	if (!p->slots) {
		free(p);
		return NULL;
	}
	return p;
}

void rpool_free(struct rpool *p)
{
	if (!p)
		return;
	for (struct chunk *c = p->chunks, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(p->slots);
	free(p->order);
	free(p);
}

static char *store(struct rpool *p, const char *s)
{
	size_t len = strlen(s) + 1;
	struct chunk *c = p->chunks;
	char *dst;

	if (!c || c->size - c->used < len) {
		size_t size = len > CHUNK ? len : CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = p->chunks;
		p->chunks = c;
		p->bytes += sizeof(*c) + size;
	}
	dst = c->data + c->used;
	memcpy(dst, s, len);
	c->used += len;
	return dst;
}

static int rehash(struct rpool *p)
{
	size_t n = p->nslots * 2;
	const char **slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i])
			continue;
		for (size_t j = fnv1a(p->slots[i]) & (n - 1);; j = (j + 1) & (n - 1))
			if (!slots[j]) {
				slots[j] = p->slots[i];
				break;
			}
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
	return 0;
}

const char *rpool_add(struct rpool *p, const char *s, int *added)
{
	size_t i;
	char *dst;

	if (added)
		*added = 0;
	if (!s)
		return NULL;
	if ((p->count + 1) * 4 > p->nslots * 3 && rehash(p))
		return NULL;
	for (i = fnv1a(s) & (p->nslots - 1); p->slots[i]; i = (i + 1) & (p->nslots - 1))
		if (!strcmp(p->slots[i], s))
			return p->slots[i];
	if (afalg_grow(&p->order, &p->corder, p->count, sizeof(*p->order), 64))
		return NULL;
	dst = store(p, s);
	if (!dst)
		return NULL;
	p->slots[i] = dst;
	p->order[p->count++] = dst;
	if (added)
		*added = 1;
	return dst;
}

const char *rpool_intern(struct rpool *p, const char *s)
{
	return rpool_add(p, s, NULL);
}

size_t rpool_count(const struct rpool *p)
{
	return p->count;
}

const char *rpool_get(const struct rpool *p, size_t i)
{
	return i < p->count ? p->order[i] : NULL;
}

size_t rpool_bytes(const struct rpool *p)
{
	return p->bytes + p->nslots * sizeof(*p->slots) + p->corder * sizeof(*p->order);
}
