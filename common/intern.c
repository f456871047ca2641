// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "fnv.h"
#include "intern.h"

#define CHUNK (64u << 10)
#define FIRST_SLOTS 256

struct afalg_intern_chunk {
	struct afalg_intern_chunk *next;
	size_t used, size;
	char data[];
};

static size_t hash(const char *s)
{
	return (size_t)afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, s);
}

void afalg_intern_init(struct afalg_intern *p)
{
	memset(p, 0, sizeof(*p));
}

void afalg_intern_free(struct afalg_intern *p)
{
	for (struct afalg_intern_chunk *c = p->chunks, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(p->slots);
	free(p->order);
	memset(p, 0, sizeof(*p));
}

struct afalg_intern *afalg_intern_new(void)
{
	return calloc(1, sizeof(struct afalg_intern));
}

void afalg_intern_destroy(struct afalg_intern *p)
{
	if (p) {
		afalg_intern_free(p);
		free(p);
	}
}

static char *store(struct afalg_intern *p, const char *s)
{
	size_t len = strlen(s) + 1;
	struct afalg_intern_chunk *c = p->chunks;
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
	}
	dst = c->data + c->used;
	memcpy(dst, s, len);
	c->used += len;
	return dst;
}

static int rehash(struct afalg_intern *p)
{
	size_t n = p->nslots ? p->nslots * 2 : FIRST_SLOTS;
	const char **slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i])
			continue;
		for (size_t j = hash(p->slots[i]) & (n - 1);; j = (j + 1) & (n - 1))
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

/* s's slot: the one holding it, or the free one where it would go. */
static size_t slot_of(const struct afalg_intern *p, const char *s)
{
	size_t i;

	for (i = hash(s) & (p->nslots - 1); p->slots[i]; i = (i + 1) & (p->nslots - 1))
		if (!strcmp(p->slots[i], s))
			break;
	return i;
}

const char *afalg_intern_find(const struct afalg_intern *p, const char *s)
{
	return s && p->nslots ? p->slots[slot_of(p, s)] : NULL;
}

const char *afalg_intern_add(struct afalg_intern *p, const char *s, int *added)
{
	size_t i;
	char *dst;

	if (added)
		*added = 0;
	if (!s)
		return NULL;
	if ((p->count + 1) * 4 > p->nslots * 3 && rehash(p))
		return NULL;
	i = slot_of(p, s);
	if (p->slots[i])
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

const char *afalg_intern(struct afalg_intern *p, const char *s)
{
	return afalg_intern_add(p, s, NULL);
}

size_t afalg_intern_count(const struct afalg_intern *p)
{
	return p->count;
}

const char *afalg_intern_get(const struct afalg_intern *p, size_t i)
{
	return i < p->count ? p->order[i] : NULL;
}
