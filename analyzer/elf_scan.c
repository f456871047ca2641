// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * ELF facts for AF_ALG: the dynamic section and dynsym first (cheap, and
 * enough for libkcapi users and for deciding whether anything else is worth
 * reading), then call sites only where socket()/syscall() are reachable, then
 * read-only strings only for files already found positive.
 *
 * Everything here reads an untrusted image through libelf (elf_memory),
 * which checks section extents against the image size; counts derived from
 * section sizes are therefore bounded by the file size too.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gelf.h>

#include "buildid.h"
#include "callsite.h"
#include "debuginfo.h"
#include "imports.h"
#include "mapguard.h"
#include "reach_scan.h"
#include "scan_ctx.h"

#define MAX_NEEDED 256
#define MAX_REGIONS 64
#define MAX_HITS 16
#define MAX_KCAPI_EVIDENCE 24

struct elf_facts {
	Elf *e;
	GElf_Ehdr eh;
	size_t shstrndx;
	bool have_shstrndx;
	Elf_Scn *dynamic, *dynsym, *symtab;
	Elf_Scn *plt[4];
	size_t nplt;
	struct code_region code[MAX_REGIONS];
	size_t ncode;
	Elf_Scn *rodata[MAX_REGIONS];
	size_t nrodata;
	Elf_Scn *gopclntab;
	bool is_go;
	bool file_mapping;	  /* code pages may be given back after scanning */
	const unsigned char *map; /* the image, to tell its pages from heap copies */
	size_t map_size;
	unsigned char *dynsym_kind; /* enum target_kind per dynsym index */
	size_t ndynsym;
	bool exports_pyinit_socket;
	struct targets funcs, got;
	unsigned kcapi_ev;
	unsigned kcapi_exports, kcapi_export_types, kcapi_export_features;
};

/*
 * Done with these bytes: if they are pages of the file mapping (not a heap
 * copy libelf made, not an archive member), drop them from the resident set.
 * They stay in the page cache; memory stays flat on 700 MB Go binaries.
 */
static void give_back(const struct elf_facts *f, const void *p, size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;

	if (!f->file_mapping || !p || (const unsigned char *)p < f->map ||
	    (const unsigned char *)p + n > f->map + f->map_size)
		return;
	lo = ((uintptr_t)p + page - 1) & ~(page - 1);
	hi = ((uintptr_t)p + n) & ~(page - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

static void give_back_scn(const struct elf_facts *f, Elf_Scn *scn)
{
	Elf_Data *d = scn ? elf_rawdata(scn, NULL) : NULL;

	if (d)
		give_back(f, d->d_buf, d->d_size);
}

static const char *scn_name(struct elf_facts *f, const GElf_Shdr *sh)
{
	const char *n = f->have_shstrndx ? elf_strptr(f->e, f->shstrndx, sh->sh_name) : NULL;

	return n ? n : "";
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void collect_sections(struct elf_facts *f)
{
	Elf_Scn *scn = NULL;

	f->have_shstrndx = elf_getshdrstrndx(f->e, &f->shstrndx) == 0;
	while ((scn = elf_nextscn(f->e, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = scn_name(f, &sh);
		switch (sh.sh_type) {
		case SHT_DYNAMIC:
			if (!f->dynamic)
				f->dynamic = scn;
			continue;
		case SHT_DYNSYM:
			if (!f->dynsym)
				f->dynsym = scn;
			continue;
		case SHT_SYMTAB:
			if (!f->symtab)
				f->symtab = scn;
			continue;
		case SHT_NOTE:
			if (!strcmp(name, ".note.go.buildid"))
				f->is_go = true;
			continue;
		case SHT_PROGBITS:
			break;
		default:
			continue;
		}
		if (!strcmp(name, ".gopclntab"))
			f->gopclntab = scn;
		if (!strcmp(name, ".go.buildinfo"))
			f->is_go = true;
		if (!(sh.sh_flags & SHF_ALLOC))
			continue;
		if (sh.sh_flags & SHF_EXECINSTR) {
			if ((!strcmp(name, ".plt") || !strcmp(name, ".plt.sec") ||
			     !strcmp(name, ".plt.got")) &&
			    f->nplt < sizeof(f->plt) / sizeof(f->plt[0]))
				f->plt[f->nplt++] = scn;
			else if (f->ncode < MAX_REGIONS) {
				Elf_Data *d = elf_rawdata(scn, NULL);

				if (d && d->d_buf && d->d_size) {
					f->code[f->ncode].addr = sh.sh_addr;
					f->code[f->ncode].offset = sh.sh_offset;
					f->code[f->ncode].bytes = d->d_buf;
					f->code[f->ncode].size = d->d_size;
					f->ncode++;
				}
			}
		} else if (!(sh.sh_flags & SHF_WRITE) && f->nrodata < MAX_REGIONS &&
			   (starts(name, ".rodata") || !f->have_shstrndx)) {
			f->rodata[f->nrodata++] = scn;
		}
	}
}

static void read_build_id(struct elf_facts *f, struct file_result *r)
{
	unsigned char id[AFALG_BUILD_ID_MAX];

	afalg_build_id_hex(id, afalg_build_id_elf(f->e, id), r->build_id);
}

static void read_dynamic(struct elf_facts *f, struct file_result *r)
{
	GElf_Shdr sh;
	Elf_Data *d;
	size_t n, entsz = gelf_fsize(f->e, ELF_T_DYN, 1, EV_CURRENT);

	if (!f->dynamic || !gelf_getshdr(f->dynamic, &sh) || !entsz ||
	    !(d = elf_getdata(f->dynamic, NULL)))
		return;
	n = d->d_size / entsz;
	for (size_t i = 0; i < n; i++) {
		GElf_Dyn dyn;
		const char *s;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_SONAME && dyn.d_tag != DT_RUNPATH &&
		    dyn.d_tag != DT_RPATH)
			continue;
		s = elf_strptr(f->e, sh.sh_link, dyn.d_un.d_val);
		if (!s || !*s)
			continue;
		if (dyn.d_tag == DT_NEEDED && r->needed.n < MAX_NEEDED &&
		    !strlist_has(&r->needed, s))
			strlist_add(&r->needed, s);
		else if (dyn.d_tag == DT_SONAME && !r->soname)
			r->soname = strdup(s);
		else if (dyn.d_tag == DT_RUNPATH && !r->runpath)
			r->runpath = strdup(s);
		else if (dyn.d_tag == DT_RPATH && !r->rpath)
			r->rpath = strdup(s);
	}
}

static enum target_kind func_kind(const char *name)
{
	if (!strcmp(name, "socket") || !strcmp(name, "__socket") || !strcmp(name, "__libc_socket"))
		return TGT_SOCKET;
	if (!strcmp(name, "syscall"))
		return TGT_SYSCALL;
	return TGT_NONE;
}

static void import_symbol(struct elf_facts *f, struct file_result *r, const char *name)
{
	unsigned feat = 0, types;

	if (!strncmp(name, "kcapi_", 6)) {
		types = classify_kcapi_symbol(name, &feat);
		r->types |= types;
		r->features |= feat;
		r->kcapi_imports = true;
		if (f->kcapi_ev++ < MAX_KCAPI_EVIDENCE)
			result_add_evidence(r, EV_KCAPI_IMPORT, CONF_HIGH, name, NO_OFFSET);
		return;
	}
	if ((feat = classify_import_feature(name))) {
		r->features |= feat;
		result_add_evidence(r, EV_IMPORT, CONF_LOW, name, NO_OFFSET);
	}
}

/* Walk a symbol table: imports, socket()/syscall() definitions, markers. */
static void read_symbols(struct elf_facts *f, struct file_result *r, Elf_Scn *scn, bool dynamic)
{
	GElf_Shdr sh;
	Elf_Data *d;
	size_t n, entsz = gelf_fsize(f->e, ELF_T_SYM, 1, EV_CURRENT);

	if (!scn || !gelf_getshdr(scn, &sh) || !entsz || !(d = elf_getdata(scn, NULL)))
		return;
	n = d->d_size / entsz;
	if (dynamic && !(f->dynsym_kind = calloc(n ? n : 1, 1)))
		return;
	if (dynamic)
		f->ndynsym = n;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *name;
		enum target_kind k;

		if (!gelf_getsym(d, (int)i, &sym) || !sym.st_name)
			continue;
		name = elf_strptr(f->e, sh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		k = func_kind(name);
		if (sym.st_shndx == SHN_UNDEF) {
			if (!dynamic)
				continue;
			if (k != TGT_NONE)
				f->dynsym_kind[i] = (unsigned char)k;
			import_symbol(f, r, name);
			continue;
		}
		if (k != TGT_NONE && GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_value)
			targets_add(&f->funcs, sym.st_value, k);
		/* libkcapi itself: its API names the types it implements. */
		if (dynamic && !strncmp(name, "kcapi_", 6)) {
			unsigned feat = 0;

			f->kcapi_export_types |= classify_kcapi_symbol(name, &feat);
			f->kcapi_export_features |= feat;
			f->kcapi_exports++;
		}
		if (dynamic && !strcmp(name, "PyInit__socket"))
			f->exports_pyinit_socket = true;
		if (!dynamic && f->is_go && strstr(name, "SockaddrALG"))
			r->runtime = "go";
	}
	if (!dynamic) {
		give_back_scn(f, scn);
		give_back_scn(f, elf_getscn(f->e, sh.sh_link));
	}
}

/*
 * What the file imports, with versions, for resolve.c (issue #16): kept on
 * the result until its link record packs it.  Unknown (bounded, corrupt)
 * stays unknown: the record then says so and resolution keeps the link level.
 */
static void read_imports(struct elf_facts *f, struct file_result *r)
{
	if (!f->dynsym || !(r->imports = malloc(sizeof(*r->imports))))
		return;
	imports_read(f->e, r->imports);
}

/* GOT slots of socket()/syscall(): from the dynamic relocations. */
static void read_relocations(struct elf_facts *f)
{
	Elf_Scn *scn = NULL;
	size_t dynsym_index = f->dynsym ? elf_ndxscn(f->dynsym) : 0;

	if (!f->dynsym_kind)
		return;
	while ((scn = elf_nextscn(f->e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t n, entsz;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    sh.sh_link != dynsym_index || !(d = elf_getdata(scn, NULL)))
			continue;
		entsz = gelf_fsize(f->e, sh.sh_type == SHT_RELA ? ELF_T_RELA : ELF_T_REL, 1,
				   EV_CURRENT);
		if (!entsz)
			continue;
		n = d->d_size / entsz;
		for (size_t i = 0; i < n; i++) {
			GElf_Rela rela;
			GElf_Rel rel;
			uint64_t off, info;
			size_t sym;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(d, (int)i, &rela))
					break;
				off = rela.r_offset;
				info = rela.r_info;
			} else {
				if (!gelf_getrel(d, (int)i, &rel))
					break;
				off = rel.r_offset;
				info = rel.r_info;
			}
			sym = f->eh.e_ident[EI_CLASS] == ELFCLASS32 ? ELF32_R_SYM(info)
								    : GELF_R_SYM(info);
			if (sym && sym < f->ndynsym && f->dynsym_kind[sym] != TGT_NONE)
				targets_add(&f->got, off, (enum target_kind)f->dynsym_kind[sym]);
		}
	}
}

/*
 * A string in .rodata names a type only when it cannot be anything else:
 * "skcipher" and "aead".  "hash" and "rng" are everyday words ("hash" is a
 * LUKS2 JSON key in libcryptsetup, whose AF_ALG backend binds only skcipher
 * and aead), so they stay low-confidence evidence; algorithm names too
 * (libcryptsetup names dm-integrity's "hmac(sha256)" without binding it).
 */
static void add_string_fact(struct file_result *r, const char *s, uint64_t off, bool types_too)
{
	int t = afalg_type_from_name(s);

	if (t >= 0) {
		bool distinctive = t == AFALG_TYPE_SKCIPHER || t == AFALG_TYPE_AEAD;

		if (types_too && distinctive)
			r->types |= AFALG_BIT(t);
		if (types_too)
			result_add_evidence(r, EV_TYPE_STRING, distinctive ? CONF_MEDIUM : CONF_LOW,
					    s, off);
		return;
	}
	if (classify_algorithm(s)) {
		result_add_algorithm(r, s);
		result_add_evidence(r, EV_ALG_STRING, CONF_LOW, s, off);
	}
}

static void add_immediate_algorithm(void *arg, const char *name)
{
	struct file_result *r = arg;

	result_add_algorithm(r, name);
	result_add_evidence(r, EV_ALG_STRING, CONF_MEDIUM, name, NO_OFFSET);
}

/* NUL-terminated strings in read-only data that name AF_ALG types or algorithms. */
static void read_strings(struct elf_facts *f, struct file_result *r, bool types_too)
{
	for (size_t i = 0; i < f->nrodata; i++) {
		GElf_Shdr sh;
		Elf_Data *d = elf_rawdata(f->rodata[i], NULL);
		const char *p, *end;

		if (!d || !d->d_buf || !gelf_getshdr(f->rodata[i], &sh))
			continue;
		p = d->d_buf;
		end = p + d->d_size;
		while (p < end) {
			const char *nul = memchr(p, 0, (size_t)(end - p));
			size_t len;

			if (!nul)
				break;
			len = (size_t)(nul - p);
			/* Cheap gate before the table look-ups: lower-case start, short. */
			if (len >= 3 && len <= 96 && *p >= 'a' && *p <= 'z')
				add_string_fact(
					r, p, sh.sh_offset + (uint64_t)(p - (const char *)d->d_buf),
					types_too);
			p = nul + 1;
		}
		give_back(f, d->d_buf, d->d_size);
	}
}

static bool rodata_contains(struct elf_facts *f, const char *needle)
{
	for (size_t i = 0; i < f->nrodata; i++) {
		Elf_Data *d = elf_rawdata(f->rodata[i], NULL);

		if (d && d->d_buf && memmem(d->d_buf, d->d_size, needle, strlen(needle)))
			return true;
	}
	return false;
}

/*
 * Scan one code region in slices, giving each slice's pages back once done:
 * the mapping is of the file, so the pages stay in the page cache but leave
 * this process's resident set, which keeps memory flat on 100 MB libraries.
 * Slices overlap so a window never misses the instructions before a load.
 */
static size_t scan_region_chunks(int machine, const struct code_region *rg, struct elf_facts *f,
				 struct callsite_hit *hits, size_t maxhits, unsigned *features)
{
	const size_t chunk = 8u << 20, overlap = 512;
	size_t n = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	for (size_t start = 0; start < rg->size && n < maxhits; start += chunk) {
		size_t from = start >= overlap ? start - overlap : 0;
		size_t end = start + chunk < rg->size ? start + chunk : rg->size;
		struct code_region part = {.addr = rg->addr + from,
					   .offset = rg->offset + from,
					   .bytes = rg->bytes + from,
					   .size = end - from};
		uintptr_t lo, hi;

		n += callsite_scan(machine, &part, 1, &f->funcs, &f->got, hits + n, maxhits - n,
				   features);
		/* Only whole pages strictly inside what was scanned, keeping the overlap. */
		lo = ((uintptr_t)part.bytes + page - 1) & ~(uintptr_t)(page - 1);
		hi = ((uintptr_t)part.bytes + part.size - overlap) & ~(uintptr_t)(page - 1);
		if (f->file_mapping && part.size > overlap && hi > lo)
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
		/* Truncated under us: the rest is zeros (mapguard.c), the file an error. */
		if (f->file_mapping && mapguard_shrank(f->map))
			break;
	}
	return n;
}

static void call_sites(struct scan_ctx *ctx, struct elf_facts *f, struct file_result *r)
{
	struct callsite_hit hits[MAX_HITS];
	/* The debug file's mapping is guarded like the scanned file's. */
	struct afalg_debuginfo_where where = {
		.debug_root = ctx->debug_dir, .mapped = mapguard_add, .unmapping = mapguard_remove};
	struct afalg_debuginfo di;
	size_t n;

	for (size_t i = 0; i < f->nplt && f->got.n; i++) {
		GElf_Shdr sh;
		Elf_Data *d = elf_rawdata(f->plt[i], NULL);
		struct code_region rg;

		if (!d || !d->d_buf || !gelf_getshdr(f->plt[i], &sh))
			continue;
		rg.addr = sh.sh_addr;
		rg.offset = sh.sh_offset;
		rg.bytes = d->d_buf;
		rg.size = d->d_size;
		callsite_map_plt(r->elf_machine, &rg, &f->got, &f->funcs);
	}
	n = 0;
	for (size_t i = 0; i < f->ncode && n < MAX_HITS; i++)
		n += scan_region_chunks(r->elf_machine, &f->code[i], f, hits + n, MAX_HITS - n,
					&r->features);
	if (!n)
		return;
	afalg_debuginfo_init(&di, f->e, &where);
	for (size_t i = 0; i < n; i++) {
		static const char *const what[] = {
			[EV_SOCKET_CALL] = "socket(AF_ALG, ...)",
			[EV_SYSCALL_CALL] = "syscall(SYS_socket, AF_ALG, ...)",
			[EV_RAW_SYSCALL] = "socket system call with AF_ALG",
		};
		struct evidence *e = result_add_evidence(r, hits[i].kind, CONF_HIGH,
							 what[hits[i].kind], hits[i].offset);

		if (!e)
			continue;
		e->address = hits[i].addr;
		e->function = afalg_debuginfo_function(&di, hits[i].addr);
		afalg_debuginfo_source(&di, hits[i].addr, &e->src_file, &e->src_line);
	}
	afalg_debuginfo_free(&di);
	r->cls = CLASS_USES;
	r->direct = true;
}

static bool is_kcapi_soname(const char *s)
{
	return !strncmp(s, "libkcapi.so", 11);
}

static enum file_role elf_role(const struct elf_facts *f, const struct file_result *r, bool interp)
{
	const char *base = strrchr(r->path, '/');

	base = base ? base + 1 : r->path;
	if (f->eh.e_type == ET_EXEC || interp)
		return ROLE_PROGRAM;
	if (f->eh.e_type != ET_DYN)
		return ROLE_UNKNOWN;
	/* Plugin directories: loaded with dlopen, whatever their SONAME says. */
	if (strstr(r->path, "/plugins/") || strstr(r->path, "/engines") ||
	    strstr(r->path, "/modules/") || strstr(r->path, "/lib-dynload/"))
		return ROLE_PLUGIN;
	if (r->soname || (!strncmp(base, "lib", 3) && strstr(base, ".so")))
		return ROLE_LIBRARY;
	/* A shared object nobody links by name: loaded with dlopen (engine, plugin, module). */
	return ROLE_PLUGIN;
}

void elf_scan(struct scan_ctx *ctx, const unsigned char *data, size_t size, bool file_mapping,
	      struct file_result *r)
{
	struct elf_facts f = {0};
	size_t phnum = 0;
	bool interp = false, is_static;

	r->kind = KIND_ELF;
	f.file_mapping = file_mapping;
	f.map = data;
	f.map_size = size;
	/*
	 * libelf keeps its last error per thread until read: clear it, so that
	 * elf_errmsg(-1) names this file's error, not one of an earlier file
	 * this worker scanned (which made the message depend on scheduling).
	 * elf_kind() sets no error: say what it found.
	 */
	(void)elf_errno();
	f.e = elf_memory((char *)data, size);
	if (f.e && elf_kind(f.e) != ELF_K_ELF) {
		result_set_error(r, "malformed ELF file: not an ELF object");
		goto out;
	}
	if (!f.e || !gelf_getehdr(f.e, &f.eh)) {
		result_set_error(r, "malformed ELF file: %s", elf_errmsg(-1));
		goto out;
	}
	if (f.eh.e_ident[EI_DATA] != ELFDATA2LSB && f.eh.e_ident[EI_DATA] != ELFDATA2MSB) {
		result_set_error(r, "malformed ELF file: unknown byte order %u",
				 f.eh.e_ident[EI_DATA]);
		goto out;
	}
	r->elf_class = f.eh.e_ident[EI_CLASS] == ELFCLASS32 ? 32 : 64;
	r->big_endian = f.eh.e_ident[EI_DATA] == ELFDATA2MSB;
	r->elf_machine = f.eh.e_machine;
	if (f.eh.e_type != ET_EXEC && f.eh.e_type != ET_DYN)
		goto out; /* objects, kernel modules, core files: nothing user space runs */

	if (elf_getphdrnum(f.e, &phnum) == 0) {
		for (size_t i = 0; i < phnum; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(f.e, (int)i, &ph) && ph.p_type == PT_INTERP)
				interp = true;
		}
	}
	r->has_interp = interp;
	{
		size_t shnum = f.eh.e_shnum;
		uint64_t end;

		/* e_shnum 0 with e_shoff set: the real count is in section 0 (libelf reads it). */
		if (!shnum && f.eh.e_shoff && elf_getshdrnum(f.e, &shnum) != 0)
			shnum = 1;
		/* libelf just shows no sections then; say the file is broken instead. */
		if ((shnum && (__builtin_mul_overflow((uint64_t)shnum, f.eh.e_shentsize, &end) ||
			       __builtin_add_overflow(end, f.eh.e_shoff, &end) || end > size))) {
			result_set_error(r, "malformed ELF file: section header table past the end "
					    "of the file");
			goto out;
		}
	}
	collect_sections(&f);
	read_build_id(&f, r);
	read_dynamic(&f, r);
	r->role = elf_role(&f, r, interp);
	read_symbols(&f, r, f.dynsym, true);
	read_imports(&f, r);
	is_static = !interp && r->needed.n == 0;
	/* Static binaries and Go: their own symbol table names socket()/syscall(). */
	if (is_static || f.is_go)
		read_symbols(&f, r, f.symtab, false);
	read_relocations(&f);

	for (size_t i = 0; i < r->needed.n; i++)
		if (is_kcapi_soname(r->needed.v[i])) {
			result_add_evidence(r, EV_NEEDED_KCAPI,
					    r->kcapi_imports ? CONF_HIGH : CONF_MEDIUM,
					    r->needed.v[i], NO_OFFSET);
			r->cls = CLASS_USES;
		}

	/*
	 * The prefilter is inside callsite_scan: a byte search for the loads of
	 * 38 into an argument register; only windows around those are decoded.
	 * Every file gets the byte search (a raw syscall instruction needs no
	 * import), which costs little next to reading the pages at all.
	 */
	if (callsite_supported(r->elf_machine))
		call_sites(ctx, &f, r);

	if (r->direct && f.kcapi_exports) {
		char what[64];

		r->types |= f.kcapi_export_types;
		r->features |= f.kcapi_export_features;
		snprintf(what, sizeof(what), "defines the libkcapi API (%u functions)",
			 f.kcapi_exports);
		result_add_evidence(r, EV_KCAPI_IMPORT, CONF_HIGH, what, NO_OFFSET);
	}
	if (r->cls == CLASS_USES) {
		/* Strings refine a positive; kcapi users' types come from their imports. */
		unsigned t = 0;

		if (r->direct) {
			t = callsite_type_immediates(r->elf_machine, f.code, f.ncode,
						     add_immediate_algorithm, r);
			for (unsigned id = 0; id < AFALG_TYPE_COUNT; id++)
				if (t & AFALG_BIT(id))
					result_add_evidence(r, EV_TYPE_STRING, CONF_HIGH,
							    afalg_type_name(id), NO_OFFSET);
			r->types |= t;
		}
		/*
		 * A sockaddr_alg built from immediates is the precise answer; .rodata
		 * type strings only speak when there is none ("aead" is also an
		 * "ip xfrm" keyword in iproute2, which binds only "hash").
		 */
		read_strings(&f, r, r->direct && !t);
	} else if (f.exports_pyinit_socket && rodata_contains(&f, "AF_ALG")) {
		r->cls = CLASS_CAPABLE;
		r->runtime = "python";
		result_add_evidence(r, EV_RUNTIME, CONF_HIGH,
				    "CPython _socket module: socket.AF_ALG", NO_OFFSET);
	} else if (f.is_go) {
		Elf_Data *d = f.gopclntab ? elf_rawdata(f.gopclntab, NULL) : NULL;

		/* In slices, each given back: .gopclntab is 100 MB in big Go programs. */
		for (size_t at = 0; !r->runtime && d && d->d_buf && at < d->d_size;
		     at += 8u << 20) {
			size_t n =
				d->d_size - at < (8u << 20) + 16 ? d->d_size - at : (8u << 20) + 16;

			if (memmem((const char *)d->d_buf + at, n, "SockaddrALG", 11))
				r->runtime = "go";
			give_back(&f, (const char *)d->d_buf + at, n > 16 ? n - 16 : n);
		}
		if (r->runtime) {
			r->cls = CLASS_CAPABLE;
			result_add_evidence(r, EV_RUNTIME, CONF_MEDIUM,
					    "Go x/sys/unix or syscall: SockaddrALG", NO_OFFSET);
		}
	}
	if (r->cls == CLASS_NONE)
		r->runtime = NULL;
	/*
	 * Which of its call sites anything reaches, and through which exports
	 * (issue #16).  The image is a private mapping or a heap copy
	 * (scan_file.c, archive.c, resolve.c): libelf may write to it.
	 */
	if (r->direct)
		reach_scan_apply((unsigned char *)data, size, r);
out:
	targets_free(&f.funcs);
	targets_free(&f.got);
	free(f.dynsym_kind);
	if (f.e)
		elf_end(f.e);
}
