// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "strmap.h"

uint64_t strmap_hash(const char *s)
{
	return afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, s);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static struct strmap_slot *find_slot(const struct strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && !strcmp(s->key, key)))
			return s;
	}
}

static bool grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return false;
	}
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find_slot(m, old[i].key, old[i].hash) = old[i];
	free(old);
	return true;
}

bool strmap_put(struct strmap *m, const char *key, void *value)
{
	uint64_t h = strmap_hash(key);
	struct strmap_slot *s;

	/* Keep the load under 1/2 so probes stay short. */
	if ((m->n + 1) * 2 > m->cap && !grow(m))
		return false;
	s = find_slot(m, key, h);
	if (!s->key) {
		s->key = key;
		s->hash = h;
		m->n++;
	}
	s->value = value;
	return true;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = find_slot(m, key, strmap_hash(key));
	return s->key ? s->value : NULL;
}

void strmap_each(const struct strmap *m, bool (*fn)(const char *key, void *value, void *arg),
		 void *arg)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key && !fn(m->slots[i].key, m->slots[i].value, arg))
			return;
}
