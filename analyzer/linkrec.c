// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "afalg.h"
#include "buildid.h"
#include "fnv.h"
#include "linkrec.h"

#define CHUNK_SIZE (1u << 20)

struct arena_chunk {
	struct arena_chunk *next;
	max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > a->left) {
		bool big = n > CHUNK_SIZE / 4;
		size_t size = big ? n : CHUNK_SIZE;
		struct arena_chunk *c = malloc(sizeof(*c) + size);

		if (!c)
			return NULL;
		c->next = a->chunks;
		a->chunks = c;
		if (big && a->cur) {
			/* A big one gets its own chunk; keep filling the current one. */
			a->total += n;
			return c->data;
		}
		a->cur = (char *)c->data;
		a->left = size;
	}
	p = a->cur;
	a->cur += n;
	a->left -= n;
	a->total += n;
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(a, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

void arena_free(struct arena *a)
{
	while (a->chunks) {
		struct arena_chunk *c = a->chunks;

		a->chunks = c->next;
		free(c);
	}
	memset(a, 0, sizeof(*a));
}

void linktab_init(struct link_table *t)
{
	memset(t, 0, sizeof(*t));
	afalg_intern_init(&t->names);
	import_names_init(&t->import_names);
	strmap_init(&t->origins);
}

void linktab_free(struct link_table *t)
{
	free(t->recs);
	strmap_free(&t->origins);
	afalg_intern_free(&t->names);
	import_names_free(&t->import_names);
	arena_free(&t->arena);
}

static const char *name(struct link_table *t, const char *s)
{
	return s ? afalg_intern(&t->names, s) : NULL;
}

static const struct link_origin *origin(struct link_table *t, const struct file_result *r)
{
	struct link_origin *o;

	if (!r->archive)
		return NULL;
	o = strmap_get(&t->origins, r->archive);
	if (o)
		return o;
	if (!(o = arena_alloc(&t->arena, sizeof(*o))) ||
	    !(o->archive = arena_strdup(&t->arena, r->archive)))
		return NULL;
	o->package = r->package; /* interned by the scan context: they outlive us */
	o->version = r->version;
	o->source = r->source_package;
	strmap_put(&t->origins, o->archive, o);
	return o;
}

/* The entry points, names interned (a mirror has few distinct ones). */
static bool copy_entries(struct link_table *t, struct link_rec *l, const struct afalg_entries *e)
{
	struct import_export *v;

	l->entries_known = e->known;
	l->entries_why = e->known ? NULL : name(t, e->why ? e->why : "not analysed");
	if (!e->known || !e->n)
		return e->known || l->entries_why;
	if (e->n > UINT32_MAX || !(v = arena_alloc(&t->arena, e->n * sizeof(*v))))
		return false;
	for (size_t i = 0; i < e->n; i++) {
		v[i].name = name(t, e->v[i].name);
		v[i].version = name(t, e->v[i].version);
		v[i].default_version = e->v[i].default_version;
		if (!v[i].name || (e->v[i].version && !v[i].version))
			return false;
	}
	l->entries = v;
	l->nentries = (uint32_t)e->n;
	return true;
}

struct link_rec *linktab_add(struct link_table *t, const struct file_result *r,
			     struct file_result *full)
{
	struct link_rec *l;
	const char *slash = strrchr(r->path, '/');

	if (afalg_grow(&t->recs, &t->cap, t->n, sizeof(*t->recs), 1024) ||
	    !(l = arena_alloc(&t->arena, sizeof(*l))))
		return NULL;
	memset(l, 0, sizeof(*l));
	if (slash) {
		char *dir = strndup(r->path, (size_t)(slash - r->path));

		l->dir = dir ? name(t, dir) : NULL;
		free(dir);
		if (!l->dir)
			return NULL;
	}
	l->base = arena_strdup(&t->arena, slash ? slash + 1 : r->path);
	l->nneeded = (uint16_t)(r->needed.n > UINT16_MAX ? UINT16_MAX : r->needed.n);
	l->needed = l->nneeded ? arena_alloc(&t->arena, l->nneeded * sizeof(*l->needed)) : NULL;
	if (!l->base || (l->nneeded && !l->needed))
		return NULL;
	for (size_t i = 0; i < l->nneeded; i++)
		if (!(l->needed[i] = name(t, r->needed.v[i])))
			return NULL;
	l->soname = name(t, r->soname);
	l->runpath = name(t, r->runpath);
	l->rpath = name(t, r->rpath);
	l->origin = origin(t, r);
	l->build_id = r->build_id[0] ? arena_strdup(&t->arena, r->build_id) : NULL;
	l->full = full;
	l->imports = r->imports ? imports_pack(r->imports, &t->import_names, &t->arena) : NULL;
	l->dev = (uint64_t)r->dev;
	l->ino = (uint64_t)r->ino;
	l->machine = (uint16_t)r->elf_machine;
	l->elf_class = (uint8_t)r->elf_class;
	l->role = (uint8_t)r->role;
	l->types = (uint8_t)r->types;
	l->features = (uint8_t)r->features;
	l->big_endian = r->big_endian;
	l->uses = r->cls == CLASS_USES;
	if (l->uses && !copy_entries(t, l, &r->entries))
		return NULL;
	l->from_host = r->from_host;
	t->recs[t->n++] = l;
	return l;
}

bool linkrec_path(const struct link_rec *l, char *buf, size_t size)
{
	int n = l->dir ? snprintf(buf, size, "%s/%s", l->dir, l->base)
		       : snprintf(buf, size, "%s", l->base);

	return n >= 0 && (size_t)n < size;
}

bool linkrec_is_at(const struct link_rec *l, const char *p)
{
	const char *slash = strrchr(p, '/');

	if (!slash)
		return !l->dir && !strcmp(l->base, p);
	return l->dir && !strncmp(l->dir, p, (size_t)(slash - p)) && l->dir[slash - p] == '\0' &&
	       !strcmp(l->base, slash + 1);
}

uint64_t linkrec_path_hash(const struct link_rec *l)
{
	uint64_t h = AFALG_FNV1A64_BASIS; /* as strmap_hash */

	if (l->dir)
		h = afalg_fnv1a64_str(afalg_fnv1a64_str(h, l->dir), "/");
	return afalg_fnv1a64_str(h, l->base);
}

bool linkrec_is_image(const struct link_rec *l, unsigned char *image, size_t size)
{
	unsigned char id[AFALG_BUILD_ID_MAX];
	char hex[AFALG_BUILD_ID_HEX_SIZE];
	Elf *e;

	if (!l->build_id)
		return true;
	(void)elf_errno();
	if (!(e = elf_memory((char *)image, size)))
		return false;
	afalg_build_id_hex(id, afalg_build_id_elf(e, id), hex);
	elf_end(e);
	return !strcmp(hex, l->build_id);
}
