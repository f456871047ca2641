// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Imports of an ELF file with their required versions (imports.h): read
 * through libelf's gelf_* (which converts 32/64-bit and byte order and
 * checks section extents), then packed as 32-bit name ids, then matched
 * against a library's exports.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "afalg.h"
#include "fnv.h"
#include "imports.h"
#include "linkrec.h"

/* ---- reading ---- */

struct reader {
	Elf *e;
	Elf_Scn *dynsym, *versym, *verneed;
	struct {
		uint16_t index; /* vna_other: what versym entries say */
		const char *name, *file;
	} ver[IMPORTS_MAX_VERSIONS];
	size_t nver;
	struct import_sym *syms; /* names point into libelf's data until copied */
	size_t nsyms, cap;
	const char *reason; /* set: the answer is unknown */
};

static bool unknown(struct reader *r, const char *why)
{
	if (!r->reason)
		r->reason = why;
	return false;
}

static void find_sections(struct reader *r)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(r->e, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM && !r->dynsym)
			r->dynsym = scn;
		else if (sh.sh_type == SHT_GNU_versym && !r->versym)
			r->versym = scn;
		else if (sh.sh_type == SHT_GNU_verneed && !r->verneed)
			r->verneed = scn;
	}
}

/* Index of the required version versym value v names, or -1. */
static int version_slot(const struct reader *r, unsigned v)
{
	for (size_t i = 0; i < r->nver; i++)
		if (r->ver[i].index == v)
			return (int)i;
	return -1;
}

static bool add_version(struct reader *r, const GElf_Vernaux *va, const char *file, size_t strndx)
{
	unsigned index = va->vna_other & 0x7fff; /* as ld.so reads it */
	const char *name = elf_strptr(r->e, strndx, va->vna_name);

	if (!name)
		return unknown(r, "a required version's name is outside its string table");
	if (index < 2)
		return unknown(r, "a required version has a reserved index (0 or 1)");
	if (version_slot(r, index) >= 0)
		return unknown(r, "two required versions have the same index");
	if (r->nver == IMPORTS_MAX_VERSIONS)
		return unknown(r, "more required versions than IMPORTS_MAX_VERSIONS");
	r->ver[r->nver].index = (uint16_t)index;
	r->ver[r->nver].name = name;
	r->ver[r->nver].file = file;
	r->nver++;
	return true;
}

/* Next entry of a vn_next/vna_next chain; false when it would leave int range. */
static bool chain_next(size_t *off, uint64_t step)
{
	if (step > INT_MAX || *off + step > INT_MAX)
		return false;
	*off += step;
	return true;
}

/*
 * .gnu.version_r: each verneed names a file and lists the versions required
 * from it.  Offsets come from the file: gelf_getverneed/gelf_getvernaux check
 * each against the data size; the walk is bounded whatever the links say.
 */
static bool read_verneed(struct reader *r)
{
	Elf_Data *d;
	GElf_Shdr sh;
	size_t off = 0, walked = 0;

	if (!r->verneed)
		return true;
	if (!gelf_getshdr(r->verneed, &sh) || !(d = elf_getdata(r->verneed, NULL)))
		return unknown(r, "unreadable .gnu.version_r");
	for (;;) {
		GElf_Verneed vn;
		const char *file;
		size_t aoff = off;

		if (++walked > IMPORTS_MAX_VERNEED_WALK)
			return unknown(r,
				       "more .gnu.version_r entries than IMPORTS_MAX_VERNEED_WALK");
		if (!gelf_getverneed(d, (int)off, &vn))
			return unknown(r, "a .gnu.version_r entry is outside the section");
		if (!(file = elf_strptr(r->e, sh.sh_link, vn.vn_file)))
			return unknown(r, "a required file's name is outside its string table");
		if (vn.vn_cnt && !chain_next(&aoff, vn.vn_aux))
			return unknown(r, "a .gnu.version_r entry is outside the section");
		for (unsigned j = 0; j < vn.vn_cnt; j++) {
			GElf_Vernaux va;

			if (++walked > IMPORTS_MAX_VERNEED_WALK)
				return unknown(r, "more .gnu.version_r entries than "
						  "IMPORTS_MAX_VERNEED_WALK");
			if (!gelf_getvernaux(d, (int)aoff, &va))
				return unknown(r, "a .gnu.version_r entry is outside the section");
			if (!add_version(r, &va, file, sh.sh_link))
				return false;
			if (!va.vna_next)
				break;
			if (!chain_next(&aoff, va.vna_next))
				return unknown(r, "a .gnu.version_r entry is outside the section");
		}
		if (!vn.vn_next)
			return true;
		if (!chain_next(&off, vn.vn_next))
			return unknown(r, "a .gnu.version_r entry is outside the section");
	}
}

static int kind_of(unsigned type)
{
	switch (type) {
	case STT_FUNC:
		return IMPORT_FUNC;
	case STT_NOTYPE:
		return IMPORT_NOTYPE;
	case STT_GNU_IFUNC:
		return IMPORT_IFUNC;
	case STT_OBJECT:
	case STT_TLS:
	case STT_COMMON:
		return IMPORT_OBJECT;
	default:
		return -1; /* sections, files: not something a program binds to */
	}
}

static bool push(struct reader *r, const char *name, int slot, int kind)
{
	if (r->nsyms == IMPORTS_MAX_SYMS)
		return unknown(r, "more imports than IMPORTS_MAX_SYMS");
	if (afalg_grow(&r->syms, &r->cap, r->nsyms, sizeof(*r->syms), 64))
		return unknown(r, "out of memory");
	r->syms[r->nsyms].name = name;
	r->syms[r->nsyms].version = (uint8_t)(slot + 1);
	r->syms[r->nsyms].kind = (uint8_t)kind;
	r->nsyms++;
	return true;
}

/* One dynsym entry: an import (pushed), something else (skipped), or an error. */
static bool read_one(struct reader *r, const GElf_Sym *sym, unsigned versym, size_t strndx)
{
	int kind = kind_of(GELF_ST_TYPE(sym->st_info)), slot = -1;
	bool undef = sym->st_shndx == SHN_UNDEF;
	const char *name;

	if (GELF_ST_BIND(sym->st_info) == STB_LOCAL || kind < 0 || !sym->st_name)
		return true;
	if (versym >= 2) {
		slot = version_slot(r, versym);
		/* An undefined symbol must name a required version; a defined one may be its own.
		 */
		if (slot < 0 && undef)
			return unknown(r, "an import's version index names no required version");
		/* Defined with a required version: data copied in by a COPY relocation. */
		if (slot < 0)
			return true;
	} else if (!undef) {
		return true; /* an export */
	}
	if (!(name = elf_strptr(r->e, strndx, sym->st_name)))
		return unknown(r, "an import's name is outside its string table");
	return push(r, name, slot, kind);
}

static bool read_dynsym(struct reader *r)
{
	GElf_Shdr sh;
	Elf_Data *d, *vd = NULL;
	size_t n, entsz = gelf_fsize(r->e, ELF_T_SYM, 1, EV_CURRENT);

	if (!r->dynsym)
		return true; /* static: imports nothing */
	if (!entsz || !gelf_getshdr(r->dynsym, &sh) || !(d = elf_getdata(r->dynsym, NULL)))
		return unknown(r, "unreadable .dynsym");
	n = d->d_size / entsz;
	if (n > INT_MAX)
		return unknown(r, "more .dynsym entries than libelf can index");
	if (r->versym) {
		GElf_Shdr vsh;

		if (!gelf_getshdr(r->versym, &vsh) || vsh.sh_link != elf_ndxscn(r->dynsym) ||
		    !(vd = elf_getdata(r->versym, NULL)))
			return unknown(r, "unreadable .gnu.version, or not the one of .dynsym");
		if (vd->d_size / 2 < n)
			return unknown(r, ".gnu.version has fewer entries than .dynsym");
	}
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Versym vs = 1;

		if (!gelf_getsym(d, (int)i, &sym) || (vd && !gelf_getversym(vd, (int)i, &vs)))
			return unknown(r, "unreadable .dynsym entry");
		if (!read_one(r, &sym, vs & 0x7fff, sh.sh_link))
			return false;
	}
	return true;
}

/* The names still point into libelf's data: copy them into one block imports own. */
static bool copy_out(struct reader *r, struct imports *out)
{
	size_t total = 0;
	char *p;

	for (size_t i = 0; i < r->nsyms; i++)
		total += strlen(r->syms[i].name) + 1;
	for (size_t i = 0; i < r->nver; i++)
		total += strlen(r->ver[i].name) + strlen(r->ver[i].file) + 2;
	out->versions = calloc(r->nver ? r->nver : 1, sizeof(*out->versions));
	if (!(out->strings = p = malloc(total ? total : 1)) || !out->versions)
		return unknown(r, "out of memory");
	for (size_t i = 0; i < r->nsyms; i++) {
		size_t len = strlen(r->syms[i].name) + 1;

		r->syms[i].name = memcpy(p, r->syms[i].name, len);
		p += len;
	}
	for (size_t i = 0; i < r->nver; i++) {
		size_t a = strlen(r->ver[i].name) + 1, b = strlen(r->ver[i].file) + 1;

		out->versions[i].name = memcpy(p, r->ver[i].name, a);
		out->versions[i].file = memcpy(p + a, r->ver[i].file, b);
		p += a + b;
	}
	out->nversions = r->nver;
	out->syms = r->syms;
	out->nsyms = r->nsyms;
	r->syms = NULL;
	return true;
}

bool imports_read(Elf *e, struct imports *out)
{
	struct reader r = {.e = e};

	memset(out, 0, sizeof(*out));
	find_sections(&r);
	if (read_verneed(&r) && read_dynsym(&r) && copy_out(&r, out))
		return true;
	free(r.syms);
	imports_free(out);
	out->unknown = true;
	out->reason = r.reason;
	return false;
}

void imports_free(struct imports *im)
{
	free(im->syms);
	free(im->versions);
	free(im->strings);
	memset(im, 0, sizeof(*im));
}

/* ---- names as ids ---- */

#define NAMES_CHUNK (64u << 10)

struct import_names_chunk {
	struct import_names_chunk *next;
	size_t used, size;
	char data[];
};

void import_names_init(struct import_names *t)
{
	memset(t, 0, sizeof(*t));
}

void import_names_free(struct import_names *t)
{
	for (struct import_names_chunk *c = t->chunks, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(t->slots);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

static const char *store(struct import_names *t, const char *s)
{
	size_t len = strlen(s) + 1;
	struct import_names_chunk *c = t->chunks;

	if (!c || c->size - c->used < len) {
		size_t size = len > NAMES_CHUNK ? len : NAMES_CHUNK;

		if (!(c = malloc(sizeof(*c) + size)))
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = t->chunks;
		t->chunks = c;
		t->bytes += sizeof(*c) + size;
	}
	memcpy(c->data + c->used, s, len);
	c->used += len;
	return c->data + c->used - len;
}

/* s's slot: the one holding its id + 1, or the free one where it would go. */
static size_t slot_of(const struct import_names *t, const char *s)
{
	size_t mask = t->nslots - 1, i = (size_t)afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, s) & mask;

	for (; t->slots[i]; i = (i + 1) & mask)
		if (!strcmp(t->names[t->slots[i] - 1], s))
			break;
	return i;
}

static bool rehash(struct import_names *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	uint32_t *old = t->slots;
	size_t nold = t->nslots;

	if (!(t->slots = calloc(n, sizeof(*t->slots)))) {
		t->slots = old;
		return false;
	}
	t->nslots = n;
	for (size_t i = 0; i < nold; i++)
		if (old[i])
			t->slots[slot_of(t, t->names[old[i] - 1])] = old[i];
	free(old);
	return true;
}

uint32_t import_names_add(struct import_names *t, const char *s)
{
	size_t i;
	const char *copy;

	if ((t->n + 1) * 4 > t->nslots * 3 && !rehash(t))
		return IMPORT_NO_ID;
	i = slot_of(t, s);
	if (t->slots[i])
		return t->slots[i] - 1;
	if (t->n >= UINT32_MAX - 1 ||
	    afalg_grow(&t->names, &t->cap, t->n, sizeof(*t->names), 1024) || !(copy = store(t, s)))
		return IMPORT_NO_ID;
	t->names[t->n] = copy;
	t->slots[i] = (uint32_t)++t->n;
	return (uint32_t)(t->n - 1);
}

uint32_t import_names_find(const struct import_names *t, const char *s)
{
	size_t i;

	if (!s || !t->nslots)
		return IMPORT_NO_ID;
	i = slot_of(t, s);
	return t->slots[i] ? t->slots[i] - 1 : IMPORT_NO_ID;
}

const char *import_names_get(const struct import_names *t, uint32_t id)
{
	return id < t->n ? t->names[id] : NULL;
}

size_t import_names_bytes(const struct import_names *t)
{
	return t->bytes + t->nslots * sizeof(*t->slots) + t->cap * sizeof(*t->names);
}

/* ---- packed records ---- */

static const struct imports_packed empty_record;

static const uint32_t *p_syms(const struct imports_packed *p)
{
	return p->data;
}

static const uint32_t *p_vers(const struct imports_packed *p)
{
	return p->data + p->nsyms;
}

static const uint8_t *p_vk(const struct imports_packed *p)
{
	return (const uint8_t *)(p->data + p->nsyms + 2 * (size_t)p->nversions);
}

size_t imports_packed_bytes(const struct imports_packed *p)
{
	if (!p || p == &empty_record)
		return 0;
	return sizeof(*p) + 4 * ((size_t)p->nsyms + 2 * (size_t)p->nversions) + p->nsyms;
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Name id << 8 | version << 1 | data per import, sorted, duplicates dropped; -1 on failure. */
static ssize_t sorted_keys(const struct imports *im, struct import_names *t, uint64_t **out)
{
	uint64_t *k = malloc(im->nsyms * sizeof(*k));
	size_t n = 0;

	if (!k)
		return -1;
	for (size_t i = 0; i < im->nsyms; i++) {
		uint32_t id = import_names_add(t, im->syms[i].name);

		if (id == IMPORT_NO_ID) {
			free(k);
			return -1;
		}
		k[i] = (uint64_t)id << 8 | (uint64_t)im->syms[i].version << 1 |
		       (im->syms[i].kind == IMPORT_OBJECT);
	}
	qsort(k, im->nsyms, sizeof(*k), key_cmp);
	for (size_t i = 0; i < im->nsyms; i++)
		if (!n || k[i] != k[n - 1])
			k[n++] = k[i];
	*out = k;
	return (ssize_t)n;
}

const struct imports_packed *imports_pack(const struct imports *im, struct import_names *t,
					  struct arena *a)
{
	struct imports_packed *p = NULL;
	uint64_t *keys;
	ssize_t n;

	if (im->unknown || im->nversions > IMPORTS_MAX_VERSIONS || im->nsyms > IMPORTS_MAX_SYMS)
		return NULL;
	if (!im->nsyms)
		return &empty_record; /* its required versions do not matter: nothing names them */
	if ((n = sorted_keys(im, t, &keys)) < 0)
		return NULL;
	p = arena_alloc(a, sizeof(*p) + 4 * ((size_t)n + 2 * im->nversions) + (size_t)n);
	if (p) {
		uint32_t *ver = p->data + n;
		uint8_t *vk = (uint8_t *)(ver + 2 * im->nversions);

		memset(p, 0, sizeof(*p));
		p->nsyms = (uint32_t)n;
		p->nversions = (uint8_t)im->nversions;
		for (ssize_t i = 0; i < n; i++) {
			p->data[i] = (uint32_t)(keys[i] >> 8);
			vk[i] = (uint8_t)keys[i];
		}
		for (size_t i = 0; i < im->nversions && p; i++) {
			ver[2 * i] = import_names_add(t, im->versions[i].name);
			ver[2 * i + 1] = import_names_add(t, im->versions[i].file);
			if (ver[2 * i] == IMPORT_NO_ID || ver[2 * i + 1] == IMPORT_NO_ID)
				p = NULL; /* the arena keeps the bytes until the end: no leak */
		}
	}
	free(keys);
	return p;
}

void imports_packed_get(const struct import_names *t, const struct imports_packed *p, size_t i,
			const char **name, const char **version, const char **file,
			enum import_kind *kind)
{
	unsigned vk = p_vk(p)[i], v = vk >> 1;

	*name = import_names_get(t, p_syms(p)[i]);
	*version = v ? import_names_get(t, p_vers(p)[2 * (v - 1)]) : NULL;
	*file = v ? import_names_get(t, p_vers(p)[2 * (v - 1) + 1]) : NULL;
	*kind = vk & 1 ? IMPORT_OBJECT : IMPORT_FUNC;
}

/* ---- matching ---- */

/* First import with name id >= id. */
static size_t lower_bound(const struct imports_packed *p, uint32_t id)
{
	size_t lo = 0, hi = p->nsyms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p_syms(p)[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does import i (of the export's name) bind to the export?  imports.h says the rules. */
static bool binds(const struct imports_packed *p, size_t i, uint32_t needed, uint32_t version,
		  bool unversioned_export)
{
	unsigned v = p_vk(p)[i] >> 1;

	if (!v)
		return true;
	if (v > p->nversions || p_vers(p)[2 * (v - 1) + 1] != needed)
		return false;
	return unversioned_export || p_vers(p)[2 * (v - 1)] == version;
}

static bool imports_export(const struct import_names *t, const struct imports_packed *p,
			   uint32_t needed, const struct import_export *x)
{
	uint32_t id = import_names_find(t, x->name);
	uint32_t version = x->version ? import_names_find(t, x->version) : IMPORT_NO_ID;

	if (id == IMPORT_NO_ID)
		return false; /* no file imports that name */
	for (size_t i = lower_bound(p, id); i < p->nsyms && p_syms(p)[i] == id; i++)
		if (binds(p, i, needed, version, !x->version))
			return true;
	return false;
}

enum import_answer imports_match(const struct import_names *t, const struct imports_packed *p,
				 const char *needed, const struct import_export *exports, size_t n,
				 bool *hit)
{
	uint32_t needed_id = import_names_find(t, needed);
	bool any = false;

	if (!p)
		return IMPORTS_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		bool h = imports_export(t, p, needed_id, &exports[i]);

		if (hit)
			hit[i] = h;
		any |= h;
	}
	return any ? IMPORTS_SOME : IMPORTS_NONE;
}
