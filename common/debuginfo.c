// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dwarf.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buildid.h"
#include "debuginfo.h"
#include "safeopen.h"

#define PATH_MAX_LEN 4096

void afalg_debuginfo_init(struct afalg_debuginfo *di, Elf *elf,
			  const struct afalg_debuginfo_where *where)
{
	memset(di, 0, sizeof(*di));
	di->elf = elf;
	if (where)
		di->where = *where;
	di->alt.fd = -1;
}

static void unmap_separate(struct afalg_debuginfo *di)
{
	if (di->sep_elf)
		elf_end(di->sep_elf);
	di->sep_elf = NULL;
	if (di->sep_map) {
		if (di->where.unmapping)
			di->where.unmapping(di->sep_map);
		munmap(di->sep_map, di->sep_size);
	}
	di->sep_map = NULL;
	di->sep_size = 0;
}

void afalg_debuginfo_free(struct afalg_debuginfo *di)
{
	if (di->dw)
		dwarf_end(di->dw);
	afalg_dwalt_free(&di->alt); /* after the Dwarf it was set on */
	unmap_separate(di);
	memset(di, 0, sizeof(*di));
	di->alt.fd = -1;
}

/*
 * The DWARF of elf, if libdw can read it without opening files by itself
 * (a .dwo named by a skeleton unit, the .gnu_debugaltlink file: paths the
 * file chooses, which may be FIFOs or devices; dwsafe.h).  A relative alt
 * link is taken from dir, the directory of the file holding the DWARF (as
 * libdw would), NULL when not known.
 */
static Dwarf *safe_dwarf(struct afalg_debuginfo *di, Elf *elf, const char *dir)
{
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);

	if (dw && !afalg_dwarf_make_safe(dw, di->where.debug_root, dir, &di->alt)) {
		dwarf_end(dw);
		afalg_dwalt_free(&di->alt);
		dw = NULL;
	}
	return dw;
}

/* path's directory into dir ("/" for "/x"); false if path has no '/'. */
static bool dir_of(const char *path, char *dir, size_t dirsz)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash || (size_t)(slash - path) >= dirsz)
		return false;
	snprintf(dir, dirsz, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return true;
}

/* CRC-32 (IEEE, as .gnu_debuglink uses) of a whole file; false on error. */
static bool file_crc32(int fd, uint32_t *out)
{
	static uint32_t table[256];
	unsigned char buf[65536];
	uint32_t crc = 0xffffffffu;
	off_t off = 0;

	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
		off += n;
	}
	*out = crc ^ 0xffffffffu;
	return true;
}

/* What a candidate debug file must match: the module's build-id, or the link's CRC. */
struct want {
	unsigned char id[AFALG_BUILD_ID_MAX];
	size_t len; /* 0: no build-id, the CRC decides */
	GElf_Word crc;
};

/* Candidate debug file: opened safely, its fd if it is the module's. */
static int try_candidate(const char *path, unsigned flags, const struct want *w)
{
	unsigned char got[AFALG_BUILD_ID_MAX];
	const char *why;
	struct stat st;
	uint32_t crc;
	int fd = afalg_open_ro(AT_FDCWD, path, flags, AFALG_DEBUGINFO_MAX_FILE, &st, &why);

	if (fd < 0)
		return -1;
	if (w->len ? afalg_build_id_fd(fd, got) == w->len && !memcmp(got, w->id, w->len)
		   : file_crc32(fd, &crc) && crc == w->crc)
		return fd;
	close(fd);
	return -1;
}

/* Step 2: DEBUG_ROOT/.build-id/xx/yyyy.debug. */
static int open_by_build_id(const struct afalg_debuginfo *di, const struct want *w, char *path,
			    size_t pathsz)
{
	char hex[AFALG_BUILD_ID_HEX_SIZE];

	if (!di->where.debug_root || !w->len)
		return -1;
	afalg_build_id_hex(w->id, w->len, hex);
	if (!afalg_build_id_debug_path(path, pathsz, di->where.debug_root, hex))
		return -1;
	return try_candidate(path, 0, w);
}

/* Step 3: the module's .gnu_debuglink, in the directories of the standard search. */
static int open_by_debuglink(const struct afalg_debuginfo *di, struct want *w, char *path,
			     size_t pathsz)
{
	const char *link, *base;
	char dir[PATH_MAX_LEN];

	link = di->where.module_path ? dwelf_elf_gnu_debuglink(di->elf, &w->crc) : NULL;
	if (!link || !*link || strchr(link, '/') ||
	    !dir_of(di->where.module_path, dir, sizeof(dir)))
		return -1;
	base = strrchr(di->where.module_path, '/') + 1;
	if (!strcmp(dir, "/"))
		dir[0] = '\0'; /* "/NAME", not "//NAME" */
	for (int i = 0; i < 3; i++) {
		int n, fd;

		if (i == 0 && !strcmp(base, link))
			continue; /* the module itself */
		if (i == 2 && !di->where.debug_root)
			break;
		n = i == 0   ? snprintf(path, pathsz, "%s/%s", dir, link)
		    : i == 1 ? snprintf(path, pathsz, "%s/.debug/%s", dir, link)
			     : snprintf(path, pathsz, "%s%s/%s", di->where.debug_root, dir, link);
		if (n < 0 || (size_t)n >= pathsz)
			continue;
		fd = try_candidate(path, i < 2 ? AFALG_RO_NOFOLLOW : 0, w);
		if (fd >= 0)
			return fd;
	}
	return -1;
}

/* The separate debug file open at fd (found as path): mapped, its DWARF if safe. */
static void load_separate(struct afalg_debuginfo *di, int fd, const char *path)
{
	char dir[PATH_MAX_LEN];
	struct stat st;
	void *p;

	if (fstat(fd, &st) < 0 || st.st_size <= 0)
		return;
	/* Private, writable: libelf may convert data in place; never reaching the file. */
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return;
	di->sep_map = p;
	di->sep_size = (size_t)st.st_size;
	if (di->where.mapped)
		di->where.mapped(p, di->sep_size);
	di->sep_elf = elf_memory(p, di->sep_size);
	if (!di->sep_elf || elf_kind(di->sep_elf) != ELF_K_ELF) {
		unmap_separate(di);
		return;
	}
	di->dw = safe_dwarf(di, di->sep_elf, dir_of(path, dir, sizeof(dir)) ? dir : NULL);
}

static void open_separate(struct afalg_debuginfo *di)
{
	char path[PATH_MAX_LEN + 512];
	struct want w = {.len = 0};
	int fd;

	w.len = afalg_build_id_elf(di->elf, w.id);
	fd = open_by_build_id(di, &w, path, sizeof(path));
	if (fd < 0)
		fd = open_by_debuglink(di, &w, path, sizeof(path));
	if (fd < 0)
		return;
	load_separate(di, fd, path);
	close(fd);
}

static void open_dwarf(struct afalg_debuginfo *di)
{
	char dir[PATH_MAX_LEN];

	if (di->tried)
		return;
	di->tried = true;
	di->dw = safe_dwarf(di, di->elf,
			    dir_of(di->where.module_path, dir, sizeof(dir)) ? dir : NULL);
	if (!di->dw)
		open_separate(di);
}

/* First FUNC symbol covering addr in e's .symtab, then in its .dynsym. */
static char *symtab_function(Elf *e, uint64_t addr)
{
	Elf_Scn *scn = NULL;
	char *best = NULL;

	for (int pass = 0; pass < 2 && !best; pass++) {
		GElf_Word want = pass == 0 ? SHT_SYMTAB : SHT_DYNSYM;

		scn = NULL;
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			Elf_Data *d;
			size_t n, entsz = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != want || !entsz)
				continue;
			d = elf_getdata(scn, NULL);
			if (!d)
				continue;
			n = d->d_size / entsz;
			for (size_t i = 0; i < n; i++) {
				GElf_Sym sym;
				const char *name;

				if (!gelf_getsym(d, (int)i, &sym) ||
				    GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
				    sym.st_shndx == SHN_UNDEF || addr < sym.st_value ||
				    addr - sym.st_value >= (sym.st_size ? sym.st_size : 1))
					continue;
				name = elf_strptr(e, sh.sh_link, sym.st_name);
				if (name && *name) {
					free(best);
					best = strdup(name);
					break;
				}
			}
		}
	}
	return best;
}

char *afalg_debuginfo_function(struct afalg_debuginfo *di, uint64_t addr)
{
	char *name = symtab_function(di->elf, addr);
	Dwarf_Die cu, *scopes = NULL;
	int n;

	if (name)
		return name;
	open_dwarf(di);
	if (di->sep_elf && (name = symtab_function(di->sep_elf, addr)))
		return name;
	if (!di->dw || !dwarf_addrdie(di->dw, addr, &cu))
		return NULL;
	n = dwarf_getscopes(&cu, addr, &scopes);
	for (int i = 0; i < n && !name; i++)
		if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram && dwarf_diename(&scopes[i]))
			name = strdup(dwarf_diename(&scopes[i]));
	free(scopes);
	return name;
}

bool afalg_debuginfo_source(struct afalg_debuginfo *di, uint64_t addr, char **file, int *line)
{
	Dwarf_Die cu;
	Dwarf_Line *l;
	const char *src;

	*file = NULL;
	*line = 0;
	open_dwarf(di);
	if (!di->dw || !dwarf_addrdie(di->dw, addr, &cu))
		return false;
	l = dwarf_getsrc_die(&cu, addr);
	if (!l || !(src = dwarf_linesrc(l, NULL, NULL)))
		return false;
	dwarf_lineno(l, line);
	*file = strdup(src);
	return *file != NULL;
}
