// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Function-level reachability inside one ELF file (see reach.h for what the
 * graph contains).  Phases, in order:
 *   1. sections: code regions, PLT regions, tables;
 *   2. function bounds: symbols, FDEs, entry/init/fini, merged and clipped
 *      so functions never overlap;
 *   3. relocations: GOT slots (slot -> what it holds) and address-taken
 *      functions; RELR; init arrays; in ET_EXEC files, words in data;
 *   4. PLT stubs -> GOT slots;
 *   5. each function decoded once, linearly: edges and flags;
 *   6. breadth-first searches over the graph, per call site and per root set.
 * reach_imports_live() runs the same phases on the importing file, with the
 * named imports' relocations as uses (3), calls and addresses of their PLT
 * stubs as reads of the GOT slots (5), and code in no known function
 * decoded too, as roots (5).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>
#include <elfutils/libdw.h>
#include <gelf.h>

#include "afalg.h"
#include "reach.h"

#define MAX_REGIONS 64
#define MAX_VERSIONS 4096
#define MAX_CIES 16

enum {
	F_ROOT = 1,	/* entry, export, init/fini, main */
	F_TAKEN = 2,	/* its address is taken somewhere */
	F_INDIRECT = 4, /* makes an indirect call or jump */
	F_EXPORT = 8,	/* an exported (dynsym) function starts here */
	F_NOFALL = 16,	/* decoded: its last instruction does not fall through */
	F_LOADER = 32,	/* run by the loader or libc, not by an importer: entry, init/fini, main */
	F_FREE = 64, /* a data object anyone may read: exported, or referenced by nothing we see */
	F_GAP = 128, /* reach_imports_live: code in no known function, decoded as a root */
};

struct region {
	uint64_t addr, size;
	const unsigned char *bytes;
};

struct func {
	uint64_t start, end;
	const char *name; /* in the image's string table, NULL when unknown */
	uint8_t flags;
	uint8_t rank; /* name quality: 0 none, 1 FDE, 2 local, 3 dynsym, 4 global */
};

struct slot {
	uint64_t addr;	 /* GOT slot (or any relocated word) */
	uint64_t target; /* what it holds; 0 for an import */
};

struct stub {
	uint64_t addr, slot; /* PLT entry -> the GOT slot it jumps through */
};

/* Code referencing data: function `func` forms or loads the address `to`. */
struct ref {
	uint64_t to;
	uint32_t func;
	uint32_t addr_of; /* lea, adrp+add, adr: the address itself (else a load or store) */
};

struct span {
	uint64_t start, end;
};

struct vec {
	void *v;
	size_t n, cap;
};

/* A relocated word naming a wanted import (or, ET_EXEC, holding its PLT address). */
struct iuse {
	uint64_t at;
	uint32_t name; /* index into names[] of the first equal name */
	bool plt;      /* a JUMP_SLOT: read by its PLT entry only */
};

struct iname {
	const char *s;
	uint32_t i; /* its index in names[] */
};

/* reach_imports_live(): the names asked about and where the file uses them. */
struct imps {
	struct iname *sorted; /* the non-NULL names, by name, then by index */
	size_t nsorted;
	uint32_t *sym; /* per dynsym entry: the name's first index in names[], or UINT32_MAX */
	size_t nsym;
	struct vec uses;  /* struct iuse, sorted by address after relocations() */
	struct vec canon; /* struct slot: ET_EXEC canonical PLT address -> name index */
	size_t gaps;	  /* code ranges in no known function, decoded as roots */
};

struct ctx {
	Elf *e;
	GElf_Ehdr eh;
	const unsigned char *image;
	size_t size;
	struct region code[MAX_REGIONS], plt[8];
	size_t ncode, nplt;
	struct region data[MAX_REGIONS]; /* loaded, file-backed, not code: words at an address */
	size_t ndata;
	Elf_Scn *dynsym, *symtab, *versym, *verdef, *dynamic, *eh_frame;
	uint64_t dt_init, dt_fini;
	struct vec funcs;     /* struct func, sorted by start after bounds() */
	struct vec slots;     /* struct slot */
	struct vec stubs;     /* struct stub */
	struct vec edges;     /* uint64_t: from << 32 | to */
	struct vec takenv;    /* uint64_t: addresses taken in data, resolved after bounds */
	struct vec ptrs;      /* struct slot: a word of data (addr) pointing at code or data */
	struct vec refs;      /* struct ref */
	struct vec spans;     /* struct span: data symbols with a size (exact objects) */
	struct vec pubs;      /* uint64_t: exported data objects (dynsym) */
	struct vec cuts;      /* uint64_t: where data objects start; after objects(), sorted */
	struct region got[4]; /* .got, .got.plt: every word its own object */
	size_t ngot, nobj;
	size_t insns, mem;
	const char *bound;
	bool is_exec;
	struct reach_result *out;
	struct imps *imp; /* reach_imports_live() only */
};

/* ---- bounded memory ---- */

static bool vgrow(struct ctx *c, struct vec *v, size_t elem)
{
	size_t old = v->cap;

	if (v->n < v->cap)
		return true;
	if (c->mem + (old ? old : 64) * elem > REACH_MAX_BYTES) {
		c->bound = "the analysis would need more memory than REACH_MAX_BYTES";
		return false;
	}
	if (afalg_grow(&v->v, &v->cap, v->n, elem, 64)) {
		c->bound = "out of memory";
		return false;
	}
	c->mem += (v->cap - old) * elem;
	return true;
}

static void *vpush(struct ctx *c, struct vec *v, size_t elem)
{
	if (c->bound || !vgrow(c, v, elem))
		return NULL;
	return (char *)v->v + elem * v->n++;
}

#define FUNCS(c) ((struct func *)(c)->funcs.v)
#define SLOTS(c) ((struct slot *)(c)->slots.v)
#define STUBS(c) ((struct stub *)(c)->stubs.v)
#define EDGES(c) ((uint64_t *)(c)->edges.v)

/* ---- look-ups ---- */

static const struct region *region_of(const struct region *rg, size_t n, uint64_t a)
{
	for (size_t i = 0; i < n; i++)
		if (a >= rg[i].addr && a - rg[i].addr < rg[i].size)
			return &rg[i];
	return NULL;
}

/* Index of the function holding a, or -1. */
static long func_at(const struct ctx *c, uint64_t a)
{
	const struct func *f = FUNCS(c);
	size_t lo = 0, hi = c->funcs.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f[mid].start <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || a >= f[lo - 1].end)
		return -1;
	return (long)(lo - 1);
}

static long func_starting(const struct ctx *c, uint64_t a)
{
	long i = func_at(c, a);

	return i >= 0 && FUNCS(c)[i].start == a ? i : -1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* qsort, which must not be handed the NULL of an empty vector. */
static void sort(void *v, size_t n, size_t elem, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, elem, cmp);
}

/* struct slot and struct stub both start with their sorted key. */
static const void *find_key(const struct vec *v, size_t elem, uint64_t key)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k = *(const uint64_t *)((const char *)v->v + mid * elem);

		if (k == key)
			return (const char *)v->v + mid * elem;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A word of loaded data at virtual address a (little-endian 64-bit files only). */
static bool read_word(const struct ctx *c, uint64_t a, uint64_t *w)
{
	for (size_t i = 0; i < c->ndata; i++) {
		const struct region *l = &c->data[i];

		if (a >= l->addr && a - l->addr <= l->size && l->size - (a - l->addr) >= 8) {
			memcpy(w, l->bytes + (a - l->addr), 8);
			return true;
		}
	}
	return false;
}

/* ---- phase 1: sections ---- */

static void add_region(struct region *rg, size_t *n, size_t max, const GElf_Shdr *sh,
		       const Elf_Data *d)
{
	/* An address range that wraps around would break every bound below. */
	if (*n >= max || !d || !d->d_buf || !d->d_size || sh->sh_addr + d->d_size < sh->sh_addr)
		return;
	rg[*n].addr = sh->sh_addr;
	rg[*n].size = d->d_size;
	rg[*n].bytes = d->d_buf;
	(*n)++;
}

static void note_section(struct ctx *c, Elf_Scn *scn, const GElf_Shdr *sh, const char *name)
{
	Elf_Data *d;

	switch (sh->sh_type) {
	case SHT_DYNSYM:
		c->dynsym = c->dynsym ? c->dynsym : scn;
		return;
	case SHT_SYMTAB:
		c->symtab = c->symtab ? c->symtab : scn;
		return;
	case SHT_GNU_versym:
		c->versym = c->versym ? c->versym : scn;
		return;
	case SHT_GNU_verdef:
		c->verdef = c->verdef ? c->verdef : scn;
		return;
	case SHT_DYNAMIC:
		c->dynamic = c->dynamic ? c->dynamic : scn;
		return;
	case SHT_NOBITS:
		return;
	default:
		break;
	}
	if (!(sh->sh_flags & SHF_ALLOC) || !(d = elf_rawdata(scn, NULL)))
		return;
	if (!strcmp(name, ".eh_frame"))
		c->eh_frame = scn;
	if (!(sh->sh_flags & SHF_EXECINSTR)) {
		add_region(c->data, &c->ndata, MAX_REGIONS, sh, d);
		if (!strcmp(name, ".got") || !strcmp(name, ".got.plt"))
			add_region(c->got, &c->ngot, sizeof(c->got) / sizeof(c->got[0]), sh, d);
		return;
	}
	if (!strcmp(name, ".plt") || !strcmp(name, ".plt.sec") || !strcmp(name, ".plt.got") ||
	    !strcmp(name, ".iplt"))
		add_region(c->plt, &c->nplt, sizeof(c->plt) / sizeof(c->plt[0]), sh, d);
	else
		add_region(c->code, &c->ncode, MAX_REGIONS, sh, d);
}

static void collect_sections(struct ctx *c)
{
	size_t shstrndx;
	bool have_names = elf_getshdrstrndx(c->e, &shstrndx) == 0;
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(c->e, scn))) {
		GElf_Shdr sh;
		const char *name = NULL;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (have_names)
			name = elf_strptr(c->e, shstrndx, sh.sh_name);
		note_section(c, scn, &sh, name ? name : "");
	}
}

static void read_dynamic(struct ctx *c)
{
	Elf_Data *d = c->dynamic ? elf_getdata(c->dynamic, NULL) : NULL;
	size_t entsz = gelf_fsize(c->e, ELF_T_DYN, 1, EV_CURRENT);

	for (size_t i = 0; d && entsz && i < d->d_size / entsz; i++) {
		GElf_Dyn dyn;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_INIT)
			c->dt_init = dyn.d_un.d_ptr;
		else if (dyn.d_tag == DT_FINI)
			c->dt_fini = dyn.d_un.d_ptr;
	}
}

/* ---- phase 2: function bounds ---- */

static void candidate(struct ctx *c, uint64_t start, uint64_t size, const char *name, uint8_t rank,
		      uint8_t flags)
{
	struct func *f;

	if (!region_of(c->code, c->ncode, start))
		return; /* not code (or a PLT stub): no function of ours */
	if (c->funcs.n >= 2 * (size_t)REACH_MAX_FUNCS) {
		c->bound = "more functions than REACH_MAX_FUNCS";
		return;
	}
	if (!(f = vpush(c, &c->funcs, sizeof(*f))))
		return;
	f->start = start;
	f->end = size && start + size > start ? start + size : 0; /* 0: up to the next one */
	f->name = name;
	f->rank = rank;
	f->flags = flags;
}

static bool is_function(const GElf_Sym *s)
{
	int t = GELF_ST_TYPE(s->st_info);

	return (t == STT_FUNC || t == STT_GNU_IFUNC) && s->st_shndx != SHN_UNDEF &&
	       s->st_shndx != SHN_ABS && s->st_value;
}

static bool is_export(const GElf_Sym *s)
{
	int b = GELF_ST_BIND(s->st_info), v = GELF_ST_VISIBILITY(s->st_other);

	return is_function(s) && (b == STB_GLOBAL || b == STB_WEAK || b == STB_GNU_UNIQUE) &&
	       (v == STV_DEFAULT || v == STV_PROTECTED);
}

/* Functions of a symbol table; returns how many it had. */
static size_t symbol_functions(struct ctx *c, Elf_Scn *scn, bool dynamic)
{
	GElf_Shdr sh;
	Elf_Data *d;
	size_t n, found = 0, entsz = gelf_fsize(c->e, ELF_T_SYM, 1, EV_CURRENT);

	if (!scn || !gelf_getshdr(scn, &sh) || !entsz || !(d = elf_getdata(scn, NULL)))
		return 0;
	n = d->d_size / entsz;
	for (size_t i = 1; i < n && !c->bound; i++) {
		GElf_Sym s;
		const char *name;
		bool global;

		if (!gelf_getsym(d, (int)i, &s) || !is_function(&s))
			continue;
		name = s.st_name ? elf_strptr(c->e, sh.sh_link, s.st_name) : NULL;
		global = GELF_ST_BIND(s.st_info) != STB_LOCAL;
		candidate(c, s.st_value, s.st_size, name,
			  dynamic  ? 3
			  : global ? 4
				   : 2,
			  dynamic && is_export(&s) ? F_ROOT | F_EXPORT : 0);
		/* main is called by libc's start code, through a pointer we may not see. */
		if (!dynamic && name && !strcmp(name, "main") && c->funcs.n)
			FUNCS(c)[c->funcs.n - 1].flags |= F_ROOT;
		found++;
	}
	return found;
}

static bool in_data(const struct ctx *c, uint64_t a)
{
	return region_of(c->data, c->ndata, a) != NULL;
}

/*
 * Data symbols with a size are exact objects (.symtab: all of them; .dynsym:
 * the exported ones, which importers can also read).
 */
static void symbol_objects(struct ctx *c, Elf_Scn *scn, bool dynamic)
{
	Elf_Data *d;
	size_t entsz = gelf_fsize(c->e, ELF_T_SYM, 1, EV_CURRENT);

	if (!scn || !entsz || !(d = elf_getdata(scn, NULL)))
		return;
	for (size_t i = 1; i < d->d_size / entsz && !c->bound; i++) {
		GElf_Sym s;
		struct span *sp;
		uint64_t *pub;
		int b, v;

		if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_OBJECT ||
		    s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS || !s.st_size ||
		    s.st_value + s.st_size < s.st_value || !in_data(c, s.st_value))
			continue;
		if ((sp = vpush(c, &c->spans, sizeof(*sp)))) {
			sp->start = s.st_value;
			sp->end = s.st_value + s.st_size;
		}
		b = GELF_ST_BIND(s.st_info);
		v = GELF_ST_VISIBILITY(s.st_other);
		if (dynamic && b != STB_LOCAL && (v == STV_DEFAULT || v == STV_PROTECTED) &&
		    (pub = vpush(c, &c->pubs, sizeof(*pub))))
			*pub = s.st_value;
	}
}

/*
 * A DWARF exception-header encoded pointer (DW_EH_PE_*): the formats and the
 * absolute and pc-relative applications, which is what .eh_frame uses.
 */
static bool read_encoded(uint8_t enc, const uint8_t **pp, const uint8_t *end, uint64_t here,
			 uint64_t *out)
{
	const uint8_t *p = *pp;
	uint64_t v = 0;
	size_t len;
	int shift = 0;

	switch (enc & 0x0f) {
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		len = 8;
		break;
	case 0x03: /* udata4 */
	case 0x0b: /* sdata4 */
		len = 4;
		break;
	case 0x02:
	case 0x0a:
		len = 2;
		break;
	case 0x01: /* uleb128 */
		for (; p < end && shift < 64; shift += 7) {
			v |= (uint64_t)(*p & 0x7f) << shift;
			if (!(*p++ & 0x80))
				goto apply;
		}
		return false;
	default:
		return false;
	}
	if ((size_t)(end - p) < len)
		return false;
	for (size_t i = 0; i < len; i++)
		v |= (uint64_t)p[i] << (8 * i);
	if ((enc & 0x08) && len < 8 && (v >> (8 * len - 1)) & 1)
		v |= ~0ull << (8 * len); /* signed */
	p += len;
apply:
	switch (enc & 0x70) {
	case 0x00:
		break;
	case 0x10: /* pcrel */
		v += here;
		break;
	default:
		return false;
	}
	*pp = p;
	*out = v;
	return true;
}

/* The FDE pointer encoding of a CIE: its 'R' augmentation (absptr without one). */
static int cie_fde_encoding(const Dwarf_CIE *cie)
{
	const uint8_t *p = cie->augmentation_data;
	const uint8_t *end = p ? p + cie->augmentation_data_size : NULL;
	const char *a = cie->augmentation;

	if (!a || !*a)
		return 0x00;
	if (*a != 'z' || !p)
		return -1;
	for (a++; *a; a++) {
		uint64_t skip;

		switch (*a) {
		case 'R':
			return p < end ? *p : -1;
		case 'L':
			p++;
			break;
		case 'P':
			if (p >= end)
				return -1;
			p++;
			if (!read_encoded(p[-1] & 0x0f, &p, end, 0, &skip))
				return -1;
			break;
		case 'S':
		case 'B':
			break;
		default:
			return -1;
		}
		if (p > end)
			return -1;
	}
	return 0x00;
}

struct cie_cache {
	Dwarf_Off off[MAX_CIES];
	int enc[MAX_CIES];
	size_t n, next;
};

static int fde_encoding(struct ctx *c, Elf_Data *d, Dwarf_Off cie_off, struct cie_cache *cc)
{
	Dwarf_CFI_Entry ent;
	Dwarf_Off next;
	size_t slot;

	for (size_t i = 0; i < cc->n; i++)
		if (cc->off[i] == cie_off)
			return cc->enc[i];
	slot = cc->n < MAX_CIES ? cc->n++ : cc->next++ % MAX_CIES;
	cc->off[slot] = cie_off;
	cc->enc[slot] = -1;
	if (dwarf_next_cfi(c->eh.e_ident, d, true, cie_off, &next, &ent) == 0 &&
	    dwarf_cfi_cie_p(&ent))
		cc->enc[slot] = cie_fde_encoding(&ent.cie);
	return cc->enc[slot];
}

/* .eh_frame FDEs: every function with unwind information, named or not. */
static void fde_functions(struct ctx *c)
{
	Elf_Data *d = c->eh_frame ? elf_rawdata(c->eh_frame, NULL) : NULL;
	struct cie_cache cc = {.n = 0};
	GElf_Shdr sh;
	Dwarf_Off off = 0;

	if (!d || !d->d_buf || !gelf_getshdr(c->eh_frame, &sh))
		return;
	while (!c->bound && off < d->d_size) {
		Dwarf_CFI_Entry ent;
		Dwarf_Off next = off;
		int rc = dwarf_next_cfi(c->eh.e_ident, d, true, off, &next, &ent);
		uint64_t start, len;
		const uint8_t *p;
		int enc;

		if (rc > 0 || next <= off || next == (Dwarf_Off)-1)
			break;
		off = next;
		if (rc < 0 || dwarf_cfi_cie_p(&ent))
			continue;
		enc = fde_encoding(c, d, ent.fde.CIE_pointer, &cc);
		p = ent.fde.start;
		if (enc < 0 ||
		    !read_encoded((uint8_t)enc, &p, ent.fde.end,
				  sh.sh_addr + (uint64_t)(p - (const uint8_t *)d->d_buf), &start) ||
		    !read_encoded((uint8_t)enc & 0x0f, &p, ent.fde.end, 0, &len))
			continue;
		if (start && len)
			candidate(c, start, len, NULL, 1, 0);
	}
}

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort, merge candidates of one start, and make functions disjoint. */
static void finish_bounds(struct ctx *c)
{
	struct func *f = FUNCS(c);
	size_t n = 0;

	sort(f, c->funcs.n, sizeof(*f), cmp_func);
	for (size_t i = 0; i < c->funcs.n; i++) {
		if (n && f[n - 1].start == f[i].start) {
			struct func *m = &f[n - 1];

			m->end = f[i].end > m->end ? f[i].end : m->end;
			m->flags |= f[i].flags;
			if (f[i].rank > m->rank && f[i].name) {
				m->name = f[i].name;
				m->rank = f[i].rank;
			}
			continue;
		}
		f[n++] = f[i];
	}
	c->funcs.n = n;
	for (size_t i = 0; i < n; i++) {
		const struct region *rg = region_of(c->code, c->ncode, f[i].start);
		uint64_t lim = rg->addr + rg->size;

		if (i + 1 < n && f[i + 1].start < lim)
			lim = f[i + 1].start;
		if (f[i].end <= f[i].start || f[i].end > lim)
			f[i].end = lim;
	}
	if (n > REACH_MAX_FUNCS)
		c->bound = "more functions than REACH_MAX_FUNCS";
}

static void bounds(struct ctx *c)
{
	size_t nsym = symbol_functions(c, c->symtab, false);

	c->out->stats.symtab = nsym > 0;
	symbol_functions(c, c->dynsym, true);
	symbol_objects(c, c->symtab, false);
	symbol_objects(c, c->dynsym, true);
	fde_functions(c);
	/* Entry points without symbol or FDE still start a function of their own. */
	candidate(c, c->eh.e_entry, 0, NULL, 0, F_ROOT);
	if (c->dt_init)
		candidate(c, c->dt_init, 0, NULL, 0, F_ROOT);
	if (c->dt_fini)
		candidate(c, c->dt_fini, 0, NULL, 0, F_ROOT);
	if (!c->bound)
		finish_bounds(c);
}

/* ---- reach_imports_live: the names asked about ---- */

static int cmp_iname(const void *a, const void *b)
{
	const struct iname *x = a, *y = b;
	int d = strcmp(x->s, y->s);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* The first index in names[] of a name equal to s, or UINT32_MAX. */
static uint32_t name_index(const struct imps *im, const char *s)
{
	size_t lo = 0, hi = im->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(im->sorted[mid].s, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < im->nsorted && !strcmp(im->sorted[lo].s, s) ? im->sorted[lo].i : UINT32_MAX;
}

static bool sort_names(struct ctx *c, const char *const *names, size_t n)
{
	struct imps *im = c->imp;

	if (n >= UINT32_MAX || n * sizeof(*im->sorted) > REACH_MAX_BYTES) {
		c->bound = "the analysis would need more memory than REACH_MAX_BYTES";
		return false;
	}
	if (!(im->sorted = malloc((n ? n : 1) * sizeof(*im->sorted)))) {
		c->bound = "out of memory";
		return false;
	}
	c->mem += n * sizeof(*im->sorted);
	for (size_t i = 0; i < n; i++)
		if (names[i]) {
			im->sorted[im->nsorted].s = names[i];
			im->sorted[im->nsorted++].i = (uint32_t)i;
		}
	sort(im->sorted, im->nsorted, sizeof(*im->sorted), cmp_iname);
	return true;
}

/* Undefined dynsym entries with a wanted name: their relocations are the uses. */
static void import_symbols(struct ctx *c)
{
	struct imps *im = c->imp;
	size_t entsz = gelf_fsize(c->e, ELF_T_SYM, 1, EV_CURRENT);
	GElf_Shdr sh;
	Elf_Data *d;

	if (!c->dynsym || !entsz || !gelf_getshdr(c->dynsym, &sh) ||
	    !(d = elf_getdata(c->dynsym, NULL)))
		return;
	im->nsym = d->d_size / entsz;
	if (c->mem + im->nsym * sizeof(*im->sym) > REACH_MAX_BYTES) {
		c->bound = "the analysis would need more memory than REACH_MAX_BYTES";
		return;
	}
	if (!(im->sym = malloc((im->nsym ? im->nsym : 1) * sizeof(*im->sym)))) {
		c->bound = "out of memory";
		return;
	}
	c->mem += im->nsym * sizeof(*im->sym);
	for (size_t i = 0; i < im->nsym && !c->bound; i++) {
		GElf_Sym s;
		const char *name;
		struct slot *p;

		im->sym[i] = UINT32_MAX;
		if (!i || !gelf_getsym(d, (int)i, &s) || s.st_shndx != SHN_UNDEF || !s.st_name ||
		    !(name = elf_strptr(c->e, sh.sh_link, s.st_name)))
			continue;
		im->sym[i] = name_index(im, name);
		/* ET_EXEC: the PLT entry stands for the function's address in this file. */
		if (c->is_exec && s.st_value && im->sym[i] != UINT32_MAX &&
		    (p = vpush(c, &im->canon, sizeof(*p)))) {
			p->addr = s.st_value;
			p->target = im->sym[i];
		}
	}
	sort(im->canon.v, im->canon.n, sizeof(struct slot), cmp_u64);
}

/* ---- phase 3: relocations and addresses in data ---- */

static void taken_addr(struct ctx *c, uint64_t a)
{
	uint64_t *p;

	if (!region_of(c->code, c->ncode, a))
		return; /* data, strings, PLT: not a function of ours */
	if ((p = vpush(c, &c->takenv, sizeof(*p))))
		*p = a;
}

static void add_slot(struct ctx *c, uint64_t where, uint64_t target)
{
	struct slot *s = vpush(c, &c->slots, sizeof(*s));

	if (s) {
		s->addr = where;
		s->target = target;
	}
}

/*
 * A word of data at `where` holding `target` (code or data): an edge of the
 * graph once objects are known.  A relocation is a real pointer, so its
 * target in data also starts an object (cut); a guessed word (ET_EXEC) is not.
 */
static void add_ptr(struct ctx *c, uint64_t where, uint64_t target, bool cut)
{
	struct slot *p;
	uint64_t *k;

	if (!in_data(c, where) || (!in_data(c, target) && !region_of(c->code, c->ncode, target)))
		return;
	if ((p = vpush(c, &c->ptrs, sizeof(*p)))) {
		p->addr = where;
		p->target = target;
	}
	if (cut && in_data(c, target) && (k = vpush(c, &c->cuts, sizeof(*k))))
		*k = target;
}

/* Run by the loader (init arrays, IRELATIVE resolvers), not by an importer. */
static void loader_root(struct ctx *c, uint64_t a)
{
	long g = func_at(c, a);

	if (g >= 0)
		FUNCS(c)[g].flags |= F_ROOT | F_LOADER;
}

enum rkind { RK_OTHER, RK_JUMP_SLOT, RK_GLOB_DAT, RK_ABS, RK_RELATIVE, RK_IRELATIVE };

static enum rkind reloc_kind(const struct ctx *c, uint64_t type)
{
	if (c->eh.e_machine == EM_X86_64) {
		switch (type) {
		case R_X86_64_JUMP_SLOT:
			return RK_JUMP_SLOT;
		case R_X86_64_GLOB_DAT:
			return RK_GLOB_DAT;
		case R_X86_64_64:
			return RK_ABS;
		case R_X86_64_RELATIVE:
			return RK_RELATIVE;
		case R_X86_64_IRELATIVE:
			return RK_IRELATIVE;
		default:
			return RK_OTHER;
		}
	}
	switch (type) {
	case R_AARCH64_JUMP_SLOT:
		return RK_JUMP_SLOT;
	case R_AARCH64_GLOB_DAT:
		return RK_GLOB_DAT;
	case R_AARCH64_ABS64:
		return RK_ABS;
	case R_AARCH64_RELATIVE:
		return RK_RELATIVE;
	case R_AARCH64_IRELATIVE:
		return RK_IRELATIVE;
	default:
		return RK_OTHER;
	}
}

/* The value a symbol-based relocation stores; 0 for an import. */
static uint64_t sym_value(struct ctx *c, Elf_Data *syms, size_t sym, int64_t addend)
{
	GElf_Sym s;

	if (!syms || !sym || !gelf_getsym(syms, (int)sym, &s) || s.st_shndx == SHN_UNDEF)
		return 0;
	return s.st_value + (uint64_t)addend;
}

static void one_rela(struct ctx *c, Elf_Data *syms, const GElf_Rela *r)
{
	enum rkind k = reloc_kind(c, GELF_R_TYPE(r->r_info));
	uint64_t v;

	switch (k) {
	case RK_JUMP_SLOT:
	case RK_GLOB_DAT:
	case RK_ABS:
		v = sym_value(c, syms, GELF_R_SYM(r->r_info), k == RK_JUMP_SLOT ? 0 : r->r_addend);
		add_slot(c, r->r_offset, v);
		/* A PLT slot is only called through; the others hand the address out. */
		if (k != RK_JUMP_SLOT && v) {
			taken_addr(c, v);
			add_ptr(c, r->r_offset, v, true);
		}
		return;
	case RK_RELATIVE:
	case RK_IRELATIVE:
		v = (uint64_t)r->r_addend;
		if (region_of(c->code, c->ncode, v))
			add_slot(c, r->r_offset, v);
		taken_addr(c, v);
		add_ptr(c, r->r_offset, v, true);
		if (k == RK_IRELATIVE) /* the resolver runs at load time */
			loader_root(c, v);
		return;
	default:
		return;
	}
}

/* reach_imports_live: where the word at `at` names (or holds) the import of name index k. */
static void add_use(struct ctx *c, uint64_t at, uint32_t k, bool plt)
{
	struct iuse *u = vpush(c, &c->imp->uses, sizeof(*u));

	if (u) {
		u->at = at;
		u->name = k;
		u->plt = plt;
	}
}

/*
 * Any dynamic relocation naming a wanted import (JUMP_SLOT, GLOB_DAT, a
 * pointer in data; anything else too) is a use of it where it is applied:
 * ld.so binds nothing else to it.
 */
static void import_reloc(struct ctx *c, const GElf_Rela *r)
{
	size_t sym = GELF_R_SYM(r->r_info);

	if (sym && sym < c->imp->nsym && c->imp->sym[sym] != UINT32_MAX)
		add_use(c, r->r_offset, c->imp->sym[sym],
			reloc_kind(c, GELF_R_TYPE(r->r_info)) == RK_JUMP_SLOT);
}

static void rela_section(struct ctx *c, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL), *syms = NULL;
	size_t entsz = gelf_fsize(c->e, ELF_T_RELA, 1, EV_CURRENT);

	if (!d || !entsz)
		return;
	if (c->dynsym && sh->sh_link == elf_ndxscn(c->dynsym))
		syms = elf_getdata(c->dynsym, NULL);
	for (size_t i = 0; i < d->d_size / entsz && !c->bound; i++) {
		GElf_Rela r;

		if (!gelf_getrela(d, (int)i, &r))
			break;
		if (c->imp && syms)
			import_reloc(c, &r);
		one_rela(c, syms, &r);
	}
}

/* SHT_RELR: packed relative relocations; the addend is the word in place. */
static void relr_section(struct ctx *c, Elf_Scn *scn)
{
	Elf_Data *d = elf_rawdata(scn, NULL);
	uint64_t where = 0;

	for (size_t i = 0; d && d->d_buf && i + 8 <= d->d_size && !c->bound; i += 8) {
		uint64_t e, w;

		memcpy(&e, (const char *)d->d_buf + i, 8);
		if (!(e & 1)) {
			if (read_word(c, e, &w)) {
				taken_addr(c, w);
				add_ptr(c, e, w, true);
			}
			where = e + 8;
			continue;
		}
		for (unsigned b = 1; b < 64; b++)
			if ((e >> b) & 1 && read_word(c, where + (b - 1) * 8, &w)) {
				taken_addr(c, w);
				add_ptr(c, where + (b - 1) * 8, w, true);
			}
		where += 63 * 8;
	}
}

/* ET_EXEC: a word equal to a wanted import's PLT entry (its address in this file) uses it. */
static void canon_word(struct ctx *c, uint64_t at, uint64_t w)
{
	const struct slot *k = find_key(&c->imp->canon, sizeof(*k), w);

	if (k)
		add_use(c, at, (uint32_t)k->target, false);
}

/*
 * Words in data equal to a function's start.  Init/fini arrays always; in
 * ET_EXEC files every loaded data section of the program (SHT_PROGBITS),
 * since their pointers need no relocation.  Not the linker's tables: the
 * r_offset of .rela.plt would point at every GOT slot, a dynsym st_value at
 * every exported function and canonical PLT entry.
 */
static void data_words(struct ctx *c)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(c->e, scn)) && !c->bound) {
		GElf_Shdr sh;
		Elf_Data *d;
		bool array;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    (sh.sh_flags & SHF_EXECINSTR) || sh.sh_type == SHT_NOBITS)
			continue;
		array = sh.sh_type == SHT_INIT_ARRAY || sh.sh_type == SHT_FINI_ARRAY ||
			sh.sh_type == SHT_PREINIT_ARRAY;
		if (!array && (!c->is_exec || sh.sh_type != SHT_PROGBITS))
			continue;
		if (!(d = elf_rawdata(scn, NULL)) || !d->d_buf)
			continue;
		for (size_t i = (size_t)((8 - (sh.sh_addr & 7)) & 7); i + 8 <= d->d_size; i += 8) {
			uint64_t w;

			memcpy(&w, (const char *)d->d_buf + i, 8);
			if (array)
				loader_root(c, w);
			if (array ? func_at(c, w) >= 0 : func_starting(c, w) >= 0)
				taken_addr(c, w);
			/* ET_EXEC: pointers need no relocation; a guess, so it cuts nothing. */
			if (c->is_exec && (func_starting(c, w) >= 0 || in_data(c, w)))
				add_ptr(c, sh.sh_addr + i, w, false);
			if (c->is_exec && c->imp)
				canon_word(c, sh.sh_addr + i, w);
			if (c->bound)
				return;
		}
	}
}

static int cmp_slot(const void *a, const void *b)
{
	return cmp_u64(a, b);
}

static void relocations(struct ctx *c)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(c->e, scn)) && !c->bound) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
			continue;
		if (sh.sh_type == SHT_RELA)
			rela_section(c, scn, &sh);
		else if (sh.sh_type == SHT_RELR)
			relr_section(c, scn);
	}
	data_words(c);
	sort(c->slots.v, c->slots.n, sizeof(struct slot), cmp_slot);
	if (c->imp)
		sort(c->imp->uses.v, c->imp->uses.n, sizeof(struct iuse), cmp_u64);
}

/* ---- edges ---- */

static void add_edge(struct ctx *c, size_t from, long to)
{
	uint64_t *e, key;

	if (to < 0 || (size_t)to == from)
		return;
	key = (uint64_t)from << 32 | (uint64_t)to;
	/* Calls to the same function cluster: skip the obvious repeats. */
	for (size_t i = c->edges.n, k = 0; i > 0 && k < 4; i--, k++)
		if (EDGES(c)[i - 1] == key)
			return;
	if ((e = vpush(c, &c->edges, sizeof(*e))))
		*e = key;
}

/*
 * Function fi forms (addr_of) or reads the data address `to`: an edge to the
 * data object holding it, once objects are known.
 */
static void data_ref(struct ctx *c, size_t fi, uint64_t to, bool addr_of)
{
	const struct ref *last = c->refs.v;
	struct ref *r;

	if (!in_data(c, to))
		return;
	/* Accesses to one object cluster: skip the obvious repeats. */
	for (size_t i = c->refs.n, k = 0; i > 0 && k < 4; i--, k++)
		if (last[i - 1].to == to && last[i - 1].func == fi &&
		    last[i - 1].addr_of == addr_of)
			return;
	if ((r = vpush(c, &c->refs, sizeof(*r)))) {
		r->to = to;
		r->func = (uint32_t)fi;
		r->addr_of = addr_of;
	}
}

/* The function a GOT slot holds: 1 found (*to), 0 an import, -1 not a slot. */
static int slot_target(const struct ctx *c, uint64_t slot, uint64_t *to)
{
	const struct slot *s = find_key(&c->slots, sizeof(*s), slot);

	if (!s)
		return -1;
	*to = s->target;
	return s->target ? 1 : 0;
}

/*
 * reach_imports_live: function fi calls, jumps to or forms the address a.
 * When a is a PLT entry jumping through a wanted import's GOT slot, fi
 * reads that slot, as code built with -fno-plt would.
 */
static void plt_use(struct ctx *c, size_t fi, uint64_t a)
{
	const struct stub *s;

	if (!c->imp || !region_of(c->plt, c->nplt, a) || !(s = find_key(&c->stubs, sizeof(*s), a)))
		return;
	if (find_key(&c->imp->uses, sizeof(struct iuse), s->slot))
		data_ref(c, fi, s->slot, false);
}

/* A direct call or jump from function fi to address t. */
static void branch(struct ctx *c, size_t fi, uint64_t t)
{
	const struct func *f = &FUNCS(c)[fi];
	const struct stub *s;
	uint64_t to;

	if (t >= f->start && t < f->end)
		return;
	if (region_of(c->plt, c->nplt, t)) {
		s = find_key(&c->stubs, sizeof(*s), t);
		if (s && slot_target(c, s->slot, &to) > 0)
			add_edge(c, fi, func_at(c, to));
		plt_use(c, fi, t);
		return;
	}
	add_edge(c, fi, func_at(c, t));
}

/* A call or jump through the word at address slot. */
static void through_slot(struct ctx *c, size_t fi, uint64_t slot)
{
	uint64_t to;
	int k = slot_target(c, slot, &to);

	data_ref(c, fi, slot, false);
	/* ET_EXEC: a GOT entry may hold its absolute value with no relocation. */
	if (k < 0 && c->is_exec && read_word(c, slot, &to) && func_starting(c, to) >= 0)
		k = 1;
	if (k > 0)
		add_edge(c, fi, func_at(c, to));
	else if (k < 0)
		FUNCS(c)[fi].flags |= F_INDIRECT; /* a pointer we cannot see */
}

/* Function fi takes the address a: a root, and reached from fi. */
static void take(struct ctx *c, size_t fi, uint64_t a)
{
	long g = func_at(c, a);

	if (g < 0)
		return;
	FUNCS(c)[g].flags |= F_TAKEN;
	add_edge(c, fi, g);
}

static bool count_insn(struct ctx *c)
{
	if (++c->insns <= REACH_MAX_INSNS)
		return true;
	c->bound = "more instructions to decode than REACH_MAX_INSNS";
	return false;
}

static bool in_group(const cs_insn *in, uint8_t g)
{
	for (uint8_t i = 0; i < in->detail->groups_count; i++)
		if (in->detail->groups[i] == g)
			return true;
	return false;
}

/*
 * Alignment padding between functions: it uses nothing and runs into
 * nothing.  Zero fill is "add [rax], al" on x86-64 (undecodable on aarch64).
 */
static bool is_padding(const struct ctx *c, const cs_insn *in)
{
	if (c->eh.e_machine == EM_X86_64)
		return in->id == X86_INS_NOP || in->id == X86_INS_INT3 ||
		       (in->size == 2 && !in->bytes[0] && !in->bytes[1]);
	return in->id == ARM64_INS_NOP;
}

/* ---- phase 4: PLT stubs ---- */

static void add_stub(struct ctx *c, uint64_t entry, uint64_t slot)
{
	struct stub *s = vpush(c, &c->stubs, sizeof(*s));

	if (s) {
		s->addr = entry;
		s->slot = slot;
	}
}

static int a64_regno(unsigned reg)
{
	if (reg >= ARM64_REG_W0 && reg <= ARM64_REG_W30)
		return (int)(reg - ARM64_REG_W0);
	if (reg >= ARM64_REG_X0 && reg <= ARM64_REG_X28)
		return (int)(reg - ARM64_REG_X0);
	if (reg == ARM64_REG_X29)
		return 29;
	if (reg == ARM64_REG_X30)
		return 30;
	return -1;
}

/* One PLT region: [endbr64;] jmp [rip+X]  /  [bti c;] adrp x16; ldr x17, [x16, #lo]. */
static void plt_region(struct ctx *c, csh h, cs_insn *in, const struct region *rg)
{
	const uint8_t *code = rg->bytes;
	size_t size = rg->size;
	uint64_t addr = rg->addr, prev = UINT64_MAX, page = 0, entry = 0;
	bool x86 = c->eh.e_machine == EM_X86_64, page_known = false;

	while (size && count_insn(c)) {
		if (!cs_disasm_iter(h, &code, &size, &addr, in)) {
			unsigned step = x86 ? 1 : 4;

			if (size < step)
				break;
			code += step, size -= step, addr += step, prev = UINT64_MAX;
			continue;
		}
		if (x86) {
			const cs_x86_op *op = &in->detail->x86.operands[0];

			if (in->id == X86_INS_JMP && in->detail->x86.op_count == 1 &&
			    op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP &&
			    op->mem.index == X86_REG_INVALID)
				add_stub(c, prev != UINT64_MAX ? prev : in->address,
					 in->address + in->size + (uint64_t)op->mem.disp);
			prev = in->id == X86_INS_ENDBR64 ? in->address : UINT64_MAX;
			continue;
		}
		const cs_arm64 *a = &in->detail->arm64;

		if (in->id == ARM64_INS_ADRP && a->op_count == 2 &&
		    a64_regno(a->operands[0].reg) == 16) {
			page = (uint64_t)a->operands[1].imm;
			page_known = true;
			entry = prev == in->address - 4 ? prev : in->address;
		} else if (in->id == ARM64_INS_LDR && page_known && a->op_count == 2 &&
			   a->operands[1].type == ARM64_OP_MEM &&
			   a64_regno(a->operands[1].mem.base) == 16) {
			add_stub(c, entry, page + (uint64_t)(int64_t)a->operands[1].mem.disp);
			page_known = false;
		}
		prev = in->id == ARM64_INS_HINT ? in->address : UINT64_MAX; /* bti c */
	}
}

static void plt_stubs(struct ctx *c, csh h, cs_insn *in)
{
	for (size_t i = 0; i < c->nplt && !c->bound; i++)
		plt_region(c, h, in, &c->plt[i]);
	sort(c->stubs.v, c->stubs.n, sizeof(struct stub), cmp_slot);
}

/* ---- phase 5: x86-64 ---- */

/* An operand naming an address: code taken, or data formed (lea) or read. */
static void x86_operand(struct ctx *c, size_t fi, const cs_insn *in, const cs_x86_op *op,
			uint64_t next)
{
	bool lea = in->id == X86_INS_LEA;

	if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
		/* lea r, [rip+X]: X is code (taken) or data (an object formed); else read. */
		if (lea) {
			take(c, fi, next + (uint64_t)op->mem.disp);
			plt_use(c, fi, next + (uint64_t)op->mem.disp);
		}
		data_ref(c, fi, next + (uint64_t)op->mem.disp, lea);
	} else if (op->type == X86_OP_MEM && c->is_exec && op->mem.base == X86_REG_INVALID) {
		data_ref(c, fi, (uint64_t)op->mem.disp, false); /* ET_EXEC: [table + reg*8] */
	} else if (op->type == X86_OP_IMM && c->is_exec) {
		/* ET_EXEC: mov r, offset f / push offset f; an immediate may be a number. */
		if (func_starting(c, (uint64_t)op->imm) >= 0)
			take(c, fi, (uint64_t)op->imm);
		plt_use(c, fi, (uint64_t)op->imm); /* an import's canonical PLT address */
		data_ref(c, fi, (uint64_t)op->imm, false);
	}
}

/* One instruction of function fi; returns whether execution may go on to the next. */
static bool x86_step(struct ctx *c, size_t fi, const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	uint64_t next = in->address + in->size;
	bool call = in_group(in, CS_GRP_CALL), jump = in_group(in, CS_GRP_JUMP);

	if (call || jump) {
		const cs_x86_op *op = &x->operands[0];
		bool goes_on = call || in->id != X86_INS_JMP;

		if (x->op_count != 1)
			return goes_on;
		if (op->type == X86_OP_IMM)
			branch(c, fi, (uint64_t)op->imm);
		else if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP &&
			 op->mem.index == X86_REG_INVALID)
			through_slot(c, fi, next + (uint64_t)op->mem.disp);
		else
			FUNCS(c)[fi].flags |= F_INDIRECT;
		/* ET_EXEC: call [table + reg*8] reads the table. */
		if (op->type == X86_OP_MEM && c->is_exec && op->mem.base == X86_REG_INVALID)
			data_ref(c, fi, (uint64_t)op->mem.disp, false);
		return goes_on;
	}
	if (in_group(in, CS_GRP_RET) || in->id == X86_INS_HLT || in->id == X86_INS_UD2)
		return false;
	for (uint8_t i = 0; i < x->op_count; i++)
		x86_operand(c, fi, in, &x->operands[i], next);
	return true;
}

/* ---- phase 5: aarch64 ---- */

/*
 * What a register holds: nothing known, an adrp page, a number, a function,
 * an address in data, an address in data plus an unknown index.
 */
enum { RV_NONE, RV_PAGE, RV_VALUE, RV_FUNC, RV_ADDR, RV_IDX };

static bool rv_data(uint8_t k)
{
	return k == RV_ADDR || k == RV_IDX;
}

struct a64_state {
	uint8_t kind[32];
	uint64_t val[32];
};

static void a64_forget_calls(struct a64_state *s)
{
	/* x0-x18 and x30 are not preserved across a call. */
	memset(s->kind, RV_NONE, 19);
	s->kind[30] = RV_NONE;
}

static void a64_forget_written(const cs_insn *in, struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;

	for (uint8_t i = 0; i < a->op_count; i++) {
		const cs_arm64_op *op = &a->operands[i];
		int r = -1;

		if (op->type == ARM64_OP_REG && (op->access & CS_AC_WRITE || !op->access))
			r = a64_regno(op->reg);
		else if (op->type == ARM64_OP_MEM && a->writeback)
			r = a64_regno(op->mem.base);
		if (r >= 0)
			s->kind[r] = RV_NONE;
	}
}

static void a64_branch_insn(struct ctx *c, size_t fi, const cs_insn *in, struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;
	int r;

	/* b/bl imm; cbz/cbnz reg, imm; tbz/tbnz reg, #bit, imm: the last operand. */
	if (a->op_count && a->operands[a->op_count - 1].type == ARM64_OP_IMM) {
		branch(c, fi, (uint64_t)a->operands[a->op_count - 1].imm);
		return;
	}
	if (a->op_count != 1 || a->operands[0].type != ARM64_OP_REG)
		return;
	r = a64_regno(a->operands[0].reg);
	if (r >= 0 && s->kind[r] == RV_FUNC)
		add_edge(c, fi, func_at(c, s->val[r]));
	else if (in->id == ARM64_INS_BLR || in->id == ARM64_INS_BR)
		FUNCS(c)[fi].flags |= F_INDIRECT;
}

/*
 * Register d now holds address a: code is taken at once; a data address is
 * referenced only when used.  With section anchors (GCC's default on
 * aarch64) adrp+add forms the anchor, one address for all static objects of
 * a file, and the object really used is at a later offset (ldr [x, #off],
 * add x, x, #off): referencing the anchor itself would name the wrong object.
 */
static void a64_formed(struct ctx *c, size_t fi, struct a64_state *s, int d, uint64_t a)
{
	take(c, fi, a);
	plt_use(c, fi, a);
	s->kind[d] = in_data(c, a) ? RV_ADDR : RV_NONE;
	s->val[d] = a;
}

/* A data address leaves our sight (argument, stored, copied): its object is referenced. */
static void a64_escape(struct ctx *c, size_t fi, struct a64_state *s, int r)
{
	if (r < 0 || !rv_data(s->kind[r]))
		return;
	data_ref(c, fi, s->val[r], s->kind[r] == RV_ADDR);
	s->kind[r] = RV_NONE;
}

/* Before a call or a tail call: the argument registers escape. */
static void a64_escape_args(struct ctx *c, size_t fi, struct a64_state *s)
{
	for (int r = 0; r < 8; r++)
		a64_escape(c, fi, s, r);
}

/*
 * Loads and stores at a known page or address: the data they read or write.
 * An indexed access (ldr x, [base, reg]; or base + reg, then [x, #off]) is
 * into an array starting at base + off: an object starts there, as at a lea.
 */
static void a64_mem_refs(struct ctx *c, size_t fi, const cs_insn *in, const struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;

	for (uint8_t i = 0; i < a->op_count; i++) {
		const cs_arm64_op *op = &a->operands[i];
		int b;
		bool indexed;

		if (op->type != ARM64_OP_MEM || (b = a64_regno(op->mem.base)) < 0)
			continue;
		indexed = s->kind[b] == RV_IDX ||
			  (s->kind[b] == RV_ADDR && op->mem.index != ARM64_REG_INVALID);
		if (s->kind[b] == RV_PAGE || rv_data(s->kind[b]))
			data_ref(c, fi, s->val[b] + (uint64_t)(int64_t)op->mem.disp, indexed);
	}
}

/* Instructions whose first register operand is read, not written. */
static bool a64_reads_first(unsigned id)
{
	switch (id) {
	case ARM64_INS_STR:
	case ARM64_INS_STRB:
	case ARM64_INS_STRH:
	case ARM64_INS_STP:
	case ARM64_INS_STUR:
	case ARM64_INS_STURB:
	case ARM64_INS_STURH:
	case ARM64_INS_STLR:
	case ARM64_INS_STNP:
	case ARM64_INS_CMP:
	case ARM64_INS_CMN:
	case ARM64_INS_TST:
	case ARM64_INS_CCMP:
	case ARM64_INS_CCMN:
		return true;
	default:
		return false;
	}
}

/*
 * Register operands read by an instruction that does not just offset them
 * (add x, x, #imm / add x, x, reg, followed in a64_address_insn): escapes.
 */
static void a64_escapes(struct ctx *c, size_t fi, const cs_insn *in, struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;
	bool add = in->id == ARM64_INS_ADD && a->op_count == 3;

	for (uint8_t i = 0; i < a->op_count; i++) {
		const cs_arm64_op *op = &a->operands[i];

		if (op->type != ARM64_OP_REG || (add && i > 0))
			continue;
		if (i > 0 || op->access & CS_AC_READ || a64_reads_first(in->id))
			a64_escape(c, fi, s, a64_regno(op->reg));
	}
}

/* add d, n, m: a data address plus an index (either side) stays that address, indexed. */
static bool a64_add_index(struct ctx *c, size_t fi, const cs_arm64_op *o, struct a64_state *s,
			  int d)
{
	int n = a64_regno(o[1].reg), m = a64_regno(o[2].reg);
	bool dn = n >= 0 && rv_data(s->kind[n]), dm = m >= 0 && rv_data(s->kind[m]);
	uint64_t base;

	if (dn && dm) {
		a64_escape(c, fi, s, n);
		a64_escape(c, fi, s, m);
		return false;
	}
	if (!dn && !dm)
		return false;
	base = s->val[dn ? n : m];
	s->kind[d] = RV_IDX;
	s->val[d] = base;
	return true;
}

/* adrp, add, adr, ldr from a page, movz/movk: addresses being built. */
static bool a64_address_insn(struct ctx *c, size_t fi, const cs_insn *in, struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;
	const cs_arm64_op *o = a->operands;
	int d = a->op_count ? a64_regno(o[0].reg) : -1, n;
	uint64_t v;

	if (d < 0 || o[0].type != ARM64_OP_REG)
		return false;
	switch (in->id) {
	case ARM64_INS_ADRP:
		s->kind[d] = RV_PAGE;
		s->val[d] = (uint64_t)o[1].imm;
		return true;
	case ARM64_INS_ADR:
		a64_formed(c, fi, s, d, (uint64_t)o[1].imm);
		return true;
	case ARM64_INS_ADD:
		/* adrp+add: an address; add to an address: a part of the object (section anchors)
		 */
		if (a->op_count == 3 && o[2].type == ARM64_OP_REG)
			return a64_add_index(c, fi, o, s, d);
		if (a->op_count != 3 || o[2].type != ARM64_OP_IMM ||
		    (n = a64_regno(o[1].reg)) < 0 ||
		    (s->kind[n] != RV_PAGE && !rv_data(s->kind[n])))
			return false;
		v = (uint64_t)o[2].imm;
		if (o[2].shift.type == ARM64_SFT_LSL && o[2].shift.value < 64)
			v <<= o[2].shift.value;
		if (s->kind[n] == RV_IDX) {
			s->kind[d] = RV_IDX;
			s->val[d] = s->val[n] + v;
			return true;
		}
		a64_formed(c, fi, s, d, s->val[n] + v);
		return true;
	case ARM64_INS_LDR:
		if (a->op_count != 2 || o[1].type != ARM64_OP_MEM || a->writeback ||
		    (n = a64_regno(o[1].mem.base)) < 0 || s->kind[n] != RV_PAGE ||
		    o[1].mem.index != ARM64_REG_INVALID)
			return false;
		/* a GOT slot: remember the function it holds, for a following blr */
		v = 0;
		s->kind[d] = slot_target(c, s->val[n] + (uint64_t)(int64_t)o[1].mem.disp, &v) > 0
				     ? RV_FUNC
				     : RV_NONE;
		s->val[d] = v;
		return true;
	case ARM64_INS_MOVZ:
	case ARM64_INS_MOVK:
	case ARM64_INS_MOV:
		/* ET_EXEC code builds absolute addresses 16 bits at a time. */
		if (a->op_count != 2 || o[1].type != ARM64_OP_IMM)
			return false;
		v = (uint64_t)o[1].imm;
		if (o[1].shift.type == ARM64_SFT_LSL && o[1].shift.value < 64)
			v <<= o[1].shift.value;
		if (in->id == ARM64_INS_MOVK) {
			uint64_t mask =
				0xffffull
				<< (o[1].shift.type == ARM64_SFT_LSL ? o[1].shift.value & 63 : 0);

			if (s->kind[d] != RV_VALUE)
				return false;
			v = (s->val[d] & ~mask) | (v & mask);
		}
		s->kind[d] = RV_VALUE;
		s->val[d] = v;
		if (c->is_exec && func_starting(c, v) >= 0)
			take(c, fi, v);
		if (c->is_exec)
			plt_use(c, fi, v);
		return true;
	default:
		return false;
	}
}

static bool a64_step(struct ctx *c, size_t fi, const cs_insn *in, struct a64_state *s)
{
	const cs_arm64 *a = &in->detail->arm64;

	switch (in->id) {
	case ARM64_INS_BL:
	case ARM64_INS_BLR:
		a64_escape_args(c, fi, s);
		a64_branch_insn(c, fi, in, s);
		a64_forget_calls(s);
		return true;
	case ARM64_INS_B:
		if (a->cc == ARM64_CC_INVALID || a->cc == ARM64_CC_AL)
			a64_escape_args(c, fi, s); /* perhaps a tail call */
		a64_branch_insn(c, fi, in, s);
		return a->cc != ARM64_CC_INVALID && a->cc != ARM64_CC_AL;
	case ARM64_INS_BR:
		a64_escape_args(c, fi, s);
		a64_branch_insn(c, fi, in, s);
		return false;
	case ARM64_INS_CBZ:
	case ARM64_INS_CBNZ:
	case ARM64_INS_TBZ:
	case ARM64_INS_TBNZ:
		a64_branch_insn(c, fi, in, s);
		return true;
	case ARM64_INS_RET:
		a64_escape(c, fi, s, 0); /* the return value */
		return false;
	case ARM64_INS_BRK:
	case ARM64_INS_HLT:
		return false;
	default:
		break;
	}
	a64_mem_refs(c, fi, in, s);
	a64_escapes(c, fi, in, s);
	if (!a64_address_insn(c, fi, in, s))
		a64_forget_written(in, s);
	return true;
}

/* ---- phase 5: every function, once ---- */

static void decode_function(struct ctx *c, csh h, cs_insn *in, size_t fi)
{
	struct func *f = &FUNCS(c)[fi];
	const struct region *rg = region_of(c->code, c->ncode, f->start);
	const uint8_t *code = rg->bytes + (f->start - rg->addr);
	size_t size = (size_t)(f->end - f->start);
	uint64_t addr = f->start;
	bool x86 = c->eh.e_machine == EM_X86_64, gap = f->flags & F_GAP, goes_on = !gap;
	struct a64_state s;

	memset(&s, 0, sizeof(s));
	while (size && count_insn(c)) {
		bool on;

		if (!cs_disasm_iter(h, &code, &size, &addr, in)) {
			unsigned step = x86 ? 1 : 4; /* data in code: resynchronise */

			if (size < step)
				break;
			code += step, size -= step, addr += step;
			memset(&s, 0, sizeof(s));
			goes_on = goes_on || !gap;
			continue;
		}
		on = x86 ? x86_step(c, fi, in) : a64_step(c, fi, in, &s);
		/*
		 * Alignment padding after a jmp or ret does not run into the next
		 * function: a symbol without a size (crt's frame_dummy) ends where
		 * the next one starts, padding included.
		 */
		if (!is_padding(c, in))
			goes_on = on;
	}
	/* Running off the end (asm, a symbol inside a function) enters the next one. */
	if (goes_on && fi + 1 < c->funcs.n && FUNCS(c)[fi + 1].start == f->end)
		add_edge(c, fi, (long)fi + 1);
}

/*
 * reach_imports_live: code between known functions that is not alignment
 * padding (asm without CFI in a stripped file, say) becomes a function of
 * its own and a root: we cannot tell who runs it, so whatever it uses is live.
 */
static void gap(struct ctx *c, csh h, cs_insn *in, uint64_t a, uint64_t e)
{
	const struct region *rg = region_of(c->code, c->ncode, a);
	const uint8_t *code = rg->bytes + (a - rg->addr);
	size_t size = (size_t)(e - a);
	uint64_t addr = a;
	unsigned step = c->eh.e_machine == EM_X86_64 ? 1 : 4;

	while (size && count_insn(c)) {
		if (!cs_disasm_iter(h, &code, &size, &addr, in)) {
			if (size < step)
				return;
			code += step, size -= step, addr += step;
			continue;
		}
		if (!is_padding(c, in)) {
			candidate(c, a, e - a, NULL, 0, F_ROOT | F_GAP);
			c->imp->gaps++;
			return;
		}
	}
}

/* The first of the sorted functions [0, n) starting at or after a. */
static size_t func_from(const struct ctx *c, size_t n, uint64_t a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (FUNCS(c)[mid].start < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void add_gaps(struct ctx *c, csh h, cs_insn *in)
{
	size_t nf = c->funcs.n;

	for (size_t r = 0; r < c->ncode && !c->bound; r++) {
		uint64_t at = c->code[r].addr, end = at + c->code[r].size;

		for (size_t k = func_from(c, nf, at); k < nf && !c->bound; k++) {
			/* gap() may move the functions: copy before. */
			uint64_t start = FUNCS(c)[k].start, fend = FUNCS(c)[k].end;

			if (start >= end)
				break;
			if (start > at)
				gap(c, h, in, at, start);
			at = fend > at ? fend : at;
		}
		if (at < end && !c->bound)
			gap(c, h, in, at, end);
	}
	/* Gaps lie between functions: sorting keeps every index below nf disjoint. */
	sort(c->funcs.v, c->funcs.n, sizeof(struct func), cmp_func);
	if (c->funcs.n > REACH_MAX_FUNCS)
		c->bound = "more functions than REACH_MAX_FUNCS";
}

static bool open_cs(const struct ctx *c, csh *h)
{
	bool ok = c->eh.e_machine == EM_X86_64
			  ? cs_open(CS_ARCH_X86, CS_MODE_64, h) == CS_ERR_OK
			  : cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, h) == CS_ERR_OK;

	if (ok)
		cs_option(*h, CS_OPT_DETAIL, CS_OPT_ON);
	return ok;
}

static void decode_all(struct ctx *c)
{
	cs_insn *in;
	csh h;

	if (!open_cs(c, &h)) {
		c->bound = "the disassembler cannot be opened";
		return;
	}
	if (!(in = cs_malloc(h)))
		c->bound = "out of memory";
	if (!c->bound)
		plt_stubs(c, h, in);
	if (!c->bound && c->imp)
		add_gaps(c, h, in);
	for (size_t i = 0; i < c->funcs.n && !c->bound; i++)
		decode_function(c, h, in, i);
	if (in)
		cs_free(in, 1);
	cs_close(&h);
}

/* Address-taken functions found in data: roots, with no edge (who takes them is unknown). */
static void resolve_taken(struct ctx *c)
{
	const uint64_t *t = c->takenv.v;

	for (size_t i = 0; i < c->takenv.n; i++) {
		long g = func_at(c, t[i]);

		if (g >= 0)
			FUNCS(c)[g].flags |= F_TAKEN;
	}
}

/* ---- phase 6: data objects ---- */

static int cmp_span(const void *a, const void *b)
{
	return cmp_u64(a, b); /* by start */
}

/* Sort the exact objects and merge overlapping ones (aliases, nested symbols). */
static void merge_spans(struct ctx *c)
{
	struct span *sp = c->spans.v;
	size_t n = 0;

	sort(sp, c->spans.n, sizeof(*sp), cmp_span);
	for (size_t i = 0; i < c->spans.n; i++) {
		if (n && sp[i].start < sp[n - 1].end) {
			sp[n - 1].end = sp[i].end > sp[n - 1].end ? sp[i].end : sp[n - 1].end;
			continue;
		}
		sp[n++] = sp[i];
	}
	c->spans.n = n;
}

static void cut(struct ctx *c, uint64_t a)
{
	uint64_t *k = vpush(c, &c->cuts, sizeof(*k));

	if (k)
		*k = a;
}

/*
 * Where objects start: data sections' bounds, data symbols' bounds, every
 * address code forms (lea, adrp+add, adr) or a relocation stores (those were
 * cut when read), every word of the GOT.  Not where code merely reads or
 * writes: a field access is not a new object.
 */
static void collect_cuts(struct ctx *c)
{
	const struct span *sp = c->spans.v;
	const struct ref *r = c->refs.v;
	const struct slot *p = c->ptrs.v;

	for (size_t i = 0; i < c->ndata; i++) {
		cut(c, c->data[i].addr);
		cut(c, c->data[i].addr + c->data[i].size);
	}
	for (size_t i = 0; i < c->spans.n; i++) {
		cut(c, sp[i].start);
		cut(c, sp[i].end);
	}
	for (size_t i = 0; i < c->refs.n; i++)
		if (r[i].addr_of)
			cut(c, r[i].to);
	for (size_t i = 0; i < c->ptrs.n; i++)
		if (region_of(c->got, c->ngot, p[i].addr)) {
			cut(c, p[i].addr);
			cut(c, p[i].addr + 8);
		}
	/* A wanted import's GOT slot too: who reads it is who calls the import. */
	for (size_t i = 0; c->imp && i < c->imp->uses.n; i++) {
		const struct iuse *u = (const struct iuse *)c->imp->uses.v + i;

		if (region_of(c->got, c->ngot, u->at)) {
			cut(c, u->at);
			cut(c, u->at + 8);
		}
	}
}

/* Sorted, unique, and none inside a symbol's object (its size is exact). */
static void finish_cuts(struct ctx *c)
{
	uint64_t *k = c->cuts.v;
	const struct span *sp = c->spans.v;
	size_t n = 0, j = 0;

	sort(k, c->cuts.n, sizeof(*k), cmp_u64);
	for (size_t i = 0; i < c->cuts.n; i++) {
		while (j < c->spans.n && sp[j].end <= k[i])
			j++;
		if ((n && k[n - 1] == k[i]) || (j < c->spans.n && sp[j].start < k[i]))
			continue;
		k[n++] = k[i];
	}
	c->cuts.n = n;
	c->nobj = n ? n - 1 : 0;
	if (c->funcs.n + c->nobj >= UINT32_MAX / 2)
		c->bound = "more functions and data objects than the graph can index";
}

/* Index of the data object holding a, or -1. */
static long object_at(const struct ctx *c, uint64_t a)
{
	const uint64_t *k = c->cuts.v;
	size_t lo = 0, hi = c->cuts.n;

	if (!in_data(c, a))
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && lo < c->cuts.n ? (long)(lo - 1) : -1;
}

/* Data objects are graph nodes after the functions. */
static long object_node(const struct ctx *c, uint64_t a)
{
	long o = object_at(c, a);

	return o < 0 ? -1 : (long)c->funcs.n + o;
}

/* Code -> the objects it forms or reads; objects -> what their words point at. */
static void object_edges(struct ctx *c)
{
	const struct ref *r = c->refs.v;
	const struct slot *p = c->ptrs.v;

	for (size_t i = 0; i < c->refs.n && !c->bound; i++)
		add_edge(c, r[i].func, object_node(c, r[i].to));
	for (size_t i = 0; i < c->ptrs.n && !c->bound; i++) {
		long from = object_node(c, p[i].addr);
		long to = in_data(c, p[i].target) ? object_node(c, p[i].target)
						  : func_at(c, p[i].target);

		if (from >= 0)
			add_edge(c, (size_t)from, to);
	}
}

static void objects(struct ctx *c)
{
	merge_spans(c);
	collect_cuts(c);
	if (!c->bound)
		finish_cuts(c);
	if (!c->bound)
		object_edges(c);
}

/* ---- phase 7: the graph ---- */

struct graph {
	uint32_t *fwd_off, *fwd, *rev_off, *rev, *queue;
	uint8_t *seen, *flags; /* flags: F_* per node (functions, then data objects) */
	uint64_t *mask;	       /* per function: the call sites it reaches */
	size_t n;
};

static bool graph_build(struct ctx *c, struct graph *g)
{
	uint64_t *e = EDGES(c);
	size_t n = c->funcs.n + c->nobj, m = 0, need;

	sort(e, c->edges.n, sizeof(*e), cmp_u64);
	for (size_t i = 0; i < c->edges.n; i++)
		if (!m || e[m - 1] != e[i])
			e[m++] = e[i];
	c->edges.n = m;
	need = (2 * (n + 1) + 2 * m + n) * sizeof(uint32_t) + 2 * n + n * sizeof(uint64_t);
	if (c->mem + need > REACH_MAX_BYTES) {
		c->bound = "the analysis would need more memory than REACH_MAX_BYTES";
		return false;
	}
	g->n = n;
	g->fwd_off = calloc(n + 1, sizeof(uint32_t));
	g->rev_off = calloc(n + 1, sizeof(uint32_t));
	g->fwd = malloc((m ? m : 1) * sizeof(uint32_t));
	g->rev = malloc((m ? m : 1) * sizeof(uint32_t));
	g->queue = malloc((n ? n : 1) * sizeof(uint32_t));
	g->seen = malloc(n ? n : 1);
	g->flags = calloc(n ? n : 1, 1);
	g->mask = calloc(n ? n : 1, sizeof(uint64_t));
	if (!g->fwd_off || !g->rev_off || !g->fwd || !g->rev || !g->queue || !g->seen ||
	    !g->flags || !g->mask) {
		c->bound = "out of memory";
		return false;
	}
	for (size_t i = 0; i < m; i++) {
		g->fwd_off[(e[i] >> 32) + 1]++;
		g->rev_off[(uint32_t)e[i] + 1]++;
	}
	for (size_t i = 0; i < n; i++) {
		g->fwd_off[i + 1] += g->fwd_off[i];
		g->rev_off[i + 1] += g->rev_off[i];
	}
	/* Sorted by source: forward targets in order; reverse filled by counting. */
	for (size_t i = 0; i < m; i++)
		g->fwd[i] = (uint32_t)e[i];
	{
		uint32_t *fill = g->queue; /* scratch: next free slot per target */

		memcpy(fill, g->rev_off, n * sizeof(uint32_t));
		for (size_t i = 0; i < m; i++)
			g->rev[fill[(uint32_t)e[i]]++] = (uint32_t)(e[i] >> 32);
	}
	return true;
}

/*
 * Node flags: a function's own; a data object is free when importers can
 * read it (exported), or when nothing decoded forms, reads or points at it
 * (code we cannot follow might): what it points at is then a root.
 */
static void graph_flags(struct ctx *c, struct graph *g)
{
	const uint64_t *pub = c->pubs.v;
	size_t nf = c->funcs.n;

	for (size_t i = 0; i < nf; i++)
		g->flags[i] = FUNCS(c)[i].flags;
	for (size_t i = nf; i < g->n; i++)
		if (g->rev_off[i] == g->rev_off[i + 1])
			g->flags[i] |= F_FREE;
	for (size_t i = 0; i < c->pubs.n; i++) {
		long o = object_node(c, pub[i]);

		if (o >= 0)
			g->flags[o] |= F_FREE;
	}
	for (size_t i = nf; i < g->n; i++)
		c->out->stats.free_objects += (g->flags[i] & F_FREE) != 0;
}

static void graph_free(struct graph *g)
{
	free(g->fwd_off);
	free(g->fwd);
	free(g->rev_off);
	free(g->rev);
	free(g->queue);
	free(g->seen);
	free(g->flags);
	free(g->mask);
}

/*
 * Breadth-first search from every function whose flags meet `from` (or
 * from the one function `one` when from is 0), forward or backward; marks
 * g->seen.  With bit, ORs it into the mask of everything found.
 */
static void bfs(const struct ctx *c, struct graph *g, uint8_t from, long one, bool backward,
		uint64_t bit)
{
	const uint32_t *off = backward ? g->rev_off : g->fwd_off, *adj = backward ? g->rev : g->fwd;
	size_t head = 0, tail = 0;

	memset(g->seen, 0, g->n);
	for (size_t i = 0; i < g->n; i++)
		if (from ? (g->flags[i] & from) != 0 : (long)i == one) {
			g->seen[i] = 1;
			g->queue[tail++] = (uint32_t)i;
		}
	while (head < tail) {
		uint32_t v = g->queue[head++];

		g->mask[v] |= bit;
		for (uint32_t k = off[v]; k < off[v + 1]; k++)
			if (!g->seen[adj[k]]) {
				g->seen[adj[k]] = 1;
				g->queue[tail++] = adj[k];
			}
	}
}

/* ---- results ---- */

struct pool {
	char *p;
	size_t n, cap;
};

static const char *pool_add(struct pool *p, const char *s)
{
	size_t len;
	char *r;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	if (p->n + len > p->cap)
		return NULL; /* sized beforehand: cannot happen */
	r = memcpy(p->p + p->n, s, len);
	p->n += len;
	return r;
}

struct versions {
	uint16_t ndx[MAX_VERSIONS];
	const char *name[MAX_VERSIONS];
	size_t n;
};

/* .gnu.version_d: version index -> name. */
static void read_verdefs(struct ctx *c, struct versions *v)
{
	Elf_Data *d = c->verdef ? elf_getdata(c->verdef, NULL) : NULL;
	GElf_Shdr sh;
	size_t off = 0;

	v->n = 0;
	if (!d || !gelf_getshdr(c->verdef, &sh))
		return;
	while (v->n < MAX_VERSIONS) {
		GElf_Verdef vd;
		GElf_Verdaux va;

		if (!gelf_getverdef(d, (int)off, &vd))
			break;
		if (vd.vd_aux && off + vd.vd_aux < d->d_size &&
		    gelf_getverdaux(d, (int)(off + vd.vd_aux), &va)) {
			v->ndx[v->n] = vd.vd_ndx;
			v->name[v->n++] = elf_strptr(c->e, sh.sh_link, va.vda_name);
		}
		if (!vd.vd_next || vd.vd_next > d->d_size - off)
			break;
		off += vd.vd_next;
	}
}

static const char *version_name(const struct versions *v, uint16_t ndx)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->ndx[i] == ndx)
			return v->name[i];
	return NULL;
}

struct export_walk {
	Elf_Data *syms, *versym;
	GElf_Shdr sh;
	size_t n;
};

static bool export_walk_init(struct ctx *c, struct export_walk *w)
{
	size_t entsz = gelf_fsize(c->e, ELF_T_SYM, 1, EV_CURRENT);

	w->n = 0;
	if (!c->dynsym || !entsz || !gelf_getshdr(c->dynsym, &w->sh) ||
	    !(w->syms = elf_getdata(c->dynsym, NULL)))
		return false;
	w->versym = c->versym ? elf_getdata(c->versym, NULL) : NULL;
	w->n = w->syms->d_size / entsz;
	return true;
}

/* The i-th dynsym entry, when it is an exported function in a known function. */
static const char *export_at(struct ctx *c, const struct export_walk *w, size_t i, GElf_Sym *s)
{
	if (!gelf_getsym(w->syms, (int)i, s) || !is_export(s) || func_at(c, s->st_value) < 0)
		return NULL;
	return s->st_name ? elf_strptr(c->e, w->sh.sh_link, s->st_name) : NULL;
}

/* Exported names, version names, and the names of the functions holding call sites. */
static size_t strings_size(struct ctx *c, const struct export_walk *w, const struct versions *v)
{
	size_t total = 1;

	for (size_t i = 1; w && i < w->n; i++) {
		GElf_Sym s;
		const char *name = export_at(c, w, i, &s);

		if (name)
			total += strlen(name) + 1;
	}
	for (size_t i = 0; i < v->n; i++)
		total += v->name[i] ? strlen(v->name[i]) + 1 : 0;
	for (size_t i = 0; i < c->out->nsites; i++) {
		long fi = func_at(c, c->out->sites[i].addr);

		if (fi >= 0 && FUNCS(c)[fi].name)
			total += strlen(FUNCS(c)[fi].name) + 1;
	}
	return total;
}

/* Version names go into the pool once; exports point at those copies. */
static void pool_versions(struct pool *p, struct versions *v)
{
	for (size_t i = 0; i < v->n; i++)
		v->name[i] = pool_add(p, v->name[i]);
}

static void fill_export(struct ctx *c, const struct export_walk *w, const struct versions *v,
			struct pool *p, size_t i)
{
	struct reach_export *x = &c->out->exports[c->out->nexports];
	GElf_Versym vs;
	GElf_Sym s;
	const char *name = export_at(c, w, i, &s);

	if (!name)
		return;
	x->name = pool_add(p, name);
	x->addr = s.st_value;
	x->default_version = true;
	if (w->versym && gelf_getversym(w->versym, (int)i, &vs) && (vs & 0x7fff) > 1) {
		x->version = version_name(v, vs & 0x7fff);
		x->default_version = !(vs & 0x8000);
	}
	c->out->nexports++;
}

/* The string pool (sized first, allocated once) and the exports. */
static void fill_exports(struct ctx *c, struct pool *p, struct versions *v)
{
	struct export_walk w;
	bool have = export_walk_init(c, &w);

	if (have)
		read_verdefs(c, v);
	p->cap = strings_size(c, have ? &w : NULL, v);
	if (c->mem + p->cap + w.n * sizeof(struct reach_export) > REACH_MAX_BYTES) {
		c->bound = "the analysis would need more memory than REACH_MAX_BYTES";
		return;
	}
	p->p = malloc(p->cap);
	c->out->strings = p->p;
	if (have)
		c->out->exports = calloc(w.n ? w.n : 1, sizeof(struct reach_export));
	if (!p->p || (have && !c->out->exports)) {
		c->bound = "out of memory";
		return;
	}
	pool_versions(p, v);
	for (size_t i = 1; i < w.n; i++)
		fill_export(c, &w, v, p, i);
}

static void site_facts(struct ctx *c, struct graph *g, struct pool *p)
{
	struct reach_result *r = c->out;

	for (size_t i = 0; i < r->nsites; i++) {
		struct reach_site *s = &r->sites[i];
		long fi = func_at(c, s->addr);

		s->in_function = fi >= 0;
		s->reachable = fi < 0;
		if (fi < 0)
			continue;
		s->func_start = FUNCS(c)[fi].start;
		s->function = pool_add(p, FUNCS(c)[fi].name);
		bfs(c, g, 0, fi, true, (uint64_t)1 << i); /* everything that reaches it */
	}
	bfs(c, g, F_ROOT | F_FREE, -1, false, 0);
	for (size_t i = 0; i < r->nsites; i++)
		if (r->sites[i].in_function)
			r->sites[i].reachable = g->seen[func_at(c, r->sites[i].addr)];
	bfs(c, g, F_EXPORT, -1, false, 0);
	for (size_t i = 0; i < r->nsites; i++)
		if (r->sites[i].in_function)
			r->sites[i].from_export = g->seen[func_at(c, r->sites[i].addr)];
	bfs(c, g, F_TAKEN, -1, false, 0);
	for (size_t i = 0; i < r->nsites; i++)
		if (r->sites[i].in_function)
			r->sites[i].from_taken = g->seen[func_at(c, r->sites[i].addr)];
}

/*
 * What an indirect call may reach without the export having formed the
 * pointer itself: the address-taken functions reachable from the loader's
 * roots (entry, main, init/fini: they may store pointers before any export
 * runs) and from free objects (anyone may read their pointers).
 */
static uint64_t free_reach(const struct ctx *c, struct graph *g)
{
	uint64_t m = 0;

	bfs(c, g, F_LOADER | F_FREE, -1, false, 0);
	for (size_t i = 0; i < c->funcs.n; i++)
		if (g->seen[i] && (g->flags[i] & F_TAKEN))
			m |= g->mask[i];
	return m;
}

static void export_masks(struct ctx *c, struct graph *g)
{
	struct reach_result *r = c->out;
	uint64_t taken = 0, loose = 0, free;

	for (size_t i = 0; i < c->funcs.n; i++)
		if (g->flags[i] & F_TAKEN)
			taken |= g->mask[i];
	for (size_t i = 0; i < r->nsites; i++)
		if (!r->sites[i].in_function)
			loose |= (uint64_t)1 << i;
	r->taken_reaches = taken;
	r->free_reaches = free = free_reach(c, g);
	/* Who reaches an indirect call: seen after a backward search from those. */
	bfs(c, g, F_INDIRECT, -1, true, 0);
	for (size_t i = 0; i < r->nexports; i++) {
		struct reach_export *x = &r->exports[i];
		long fi = func_at(c, x->addr);

		x->reaches = g->mask[fi];
		x->may_reach = x->reaches | loose | (g->seen[fi] ? free : 0);
	}
}

static void answer(struct ctx *c)
{
	struct graph g = {0};
	struct pool p = {0};
	struct versions *v = calloc(1, sizeof(*v));

	if (!v) {
		c->bound = "out of memory";
		return;
	}
	fill_exports(c, &p, v);
	if (!c->bound && graph_build(c, &g)) {
		graph_flags(c, &g);
		site_facts(c, &g, &p);
		export_masks(c, &g);
	}
	c->out->stats.edges = c->edges.n;
	graph_free(&g);
	free(v);
}

/* ---- the whole ---- */

#define UNSUPPORTED "not a 64-bit little-endian x86-64 or aarch64 program or library"

static bool supported(struct ctx *c)
{
	if (!c->e || elf_kind(c->e) != ELF_K_ELF || !gelf_getehdr(c->e, &c->eh))
		return false;
	if (c->eh.e_ident[EI_CLASS] != ELFCLASS64 || c->eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return false;
	if (c->eh.e_machine != EM_X86_64 && c->eh.e_machine != EM_AARCH64)
		return false;
	c->is_exec = c->eh.e_type == ET_EXEC;
	return c->eh.e_type == ET_EXEC || c->eh.e_type == ET_DYN;
}

static void stats(struct ctx *c)
{
	struct reach_stats *s = &c->out->stats;

	s->functions = c->funcs.n;
	s->instructions = c->insns;
	for (size_t i = 0; i < c->funcs.n; i++) {
		s->taken += (FUNCS(c)[i].flags & F_TAKEN) != 0;
		s->roots += (FUNCS(c)[i].flags & F_ROOT) != 0;
	}
	s->objects = c->nobj;
}

/* The graph: every phase before the answers. */
static void build(struct ctx *c)
{
	collect_sections(c);
	read_dynamic(c);
	bounds(c);
	if (!c->bound && c->imp)
		import_symbols(c);
	if (!c->bound)
		relocations(c);
	if (!c->bound)
		decode_all(c);
	if (!c->bound)
		resolve_taken(c);
	if (!c->bound)
		objects(c);
}

static void run(struct ctx *c)
{
	build(c);
	if (!c->bound)
		answer(c);
	stats(c);
}

static void ctx_free(struct ctx *c)
{
	if (c->e)
		elf_end(c->e);
	free(c->funcs.v);
	free(c->slots.v);
	free(c->stubs.v);
	free(c->edges.v);
	free(c->takenv.v);
	free(c->ptrs.v);
	free(c->refs.v);
	free(c->spans.v);
	free(c->pubs.v);
	free(c->cuts.v);
	if (c->imp) {
		free(c->imp->sorted);
		free(c->imp->sym);
		free(c->imp->uses.v);
		free(c->imp->canon.v);
	}
}

static bool init_sites(struct reach_result *out, const uint64_t *sites, size_t nsites)
{
	if (nsites > REACH_MAX_SITES) {
		out->reason = "more call sites than REACH_MAX_SITES";
		return false;
	}
	out->sites = calloc(nsites ? nsites : 1, sizeof(*out->sites));
	if (!out->sites) {
		out->reason = "out of memory";
		return false;
	}
	out->nsites = nsites;
	for (size_t i = 0; i < nsites; i++)
		out->sites[i].addr = sites[i];
	return true;
}

bool reach_analyze(unsigned char *image, size_t size, const uint64_t *sites, size_t nsites,
		   struct reach_result *out)
{
	struct ctx c = {.image = image, .size = size, .out = out};

	memset(out, 0, sizeof(*out));
	if (!init_sites(out, sites, nsites)) {
		out->bounded = true;
		return false;
	}
	(void)elf_errno();
	c.e = elf_memory((char *)image, size);
	if (!supported(&c))
		c.bound = UNSUPPORTED;
	else
		run(&c);
	ctx_free(&c);
	out->bounded = c.bound != NULL;
	out->reason = c.bound;
	/* No answer: a caller that forgets to look at `bounded` still sees no dead code. */
	for (size_t i = 0; out->bounded && i < out->nsites; i++)
		out->sites[i].reachable = true;
	if (out->bounded)
		out->nexports = 0;
	return !out->bounded;
}

void reach_free(struct reach_result *r)
{
	free(r->sites);
	free(r->exports);
	free(r->strings);
	memset(r, 0, sizeof(*r));
}

/* ---- reach_imports_live: the answer ---- */

/*
 * A wanted import is live when a word naming it lies in a data object
 * reached from the roots: GOT slots are read by the code calling the import
 * (through its PLT entry or not), tables holding its address by the code
 * using them.  A word in no data object (a text relocation) counts as live.
 */
static void answer_imports(struct ctx *c, bool *found)
{
	const struct iuse *u = c->imp->uses.v;
	struct graph g = {0};

	if (graph_build(c, &g)) {
		graph_flags(c, &g);
		/*
		 * A PLT slot nothing reads is not free: only its PLT entry reads it,
		 * and every call, jump and address of the entry was decoded (aarch64
		 * ld makes entries for imports whose address is only in data).
		 */
		for (size_t i = 0; i < c->imp->uses.n; i++) {
			long o = object_at(c, u[i].at);
			const uint64_t *k = c->cuts.v;

			/* Only when the slot is an object of its own (a symbol may span it). */
			if (u[i].plt && o >= 0 && k[o] == u[i].at && k[o + 1] == u[i].at + 8)
				g.flags[c->funcs.n + (size_t)o] &= (uint8_t)~F_FREE;
		}
		bfs(c, &g, F_ROOT | F_FREE, -1, false, 0);
		for (size_t i = 0; i < c->imp->uses.n; i++) {
			long o = object_node(c, u[i].at);

			if (o < 0 || g.seen[o])
				found[u[i].name] = true;
		}
	}
	graph_free(&g);
}

bool reach_imports_live(unsigned char *image, size_t size, const char *const *names, size_t n,
			bool *live, const char **why)
{
	struct reach_result out; /* statistics only */
	struct imps im;
	struct ctx c = {.image = image, .size = size, .out = &out, .imp = &im};
	bool *found = NULL;

	memset(&out, 0, sizeof(out));
	memset(&im, 0, sizeof(im));
	for (size_t i = 0; i < n; i++)
		live[i] = true;
	if (sort_names(&c, names, n) && !(found = calloc(n ? n : 1, sizeof(*found))))
		c.bound = "out of memory";
	if (!c.bound) {
		(void)elf_errno();
		c.e = elf_memory((char *)image, size);
		if (!supported(&c))
			c.bound = UNSUPPORTED;
		else
			build(&c);
	}
	if (!c.bound)
		answer_imports(&c, found);
	for (size_t i = 0; !c.bound && i < n; i++)
		live[i] = !names[i] || found[name_index(&im, names[i])];
	ctx_free(&c);
	free(found);
	*why = c.bound;
	return !c.bound;
}
