// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildid.h"
#include "debuginfo.h"

void debuginfo_init(struct debuginfo *di, Elf *elf, const char *debug_dir, const char *build_id)
{
	memset(di, 0, sizeof(*di));
	di->elf = elf;
	di->debug_dir = debug_dir;
	di->build_id = build_id;
	di->alt.fd = -1;
}

void debuginfo_free(struct debuginfo *di)
{
	if (di->dw)
		dwarf_end(di->dw);
	afalg_dwalt_free(&di->alt); /* after the Dwarf it was set on */
	if (di->sep_elf)
		elf_end(di->sep_elf);
	unmap_file(&di->sep_map);
	memset(di, 0, sizeof(*di));
	di->alt.fd = -1;
}

/*
 * The file's DWARF, if libdw can read it without opening files by itself
 * (a .dwo named by a skeleton unit, the .gnu_debugaltlink file: paths the
 * file chooses, which may be FIFOs or devices; common/dwsafe.h).
 */
static Dwarf *safe_dwarf(struct debuginfo *di, Elf *elf)
{
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);

	if (dw && !afalg_dwarf_make_safe(dw, di->debug_dir, di->debug_dir, &di->alt)) {
		dwarf_end(dw);
		afalg_dwalt_free(&di->alt);
		dw = NULL;
	}
	return dw;
}

static void open_separate(struct debuginfo *di)
{
	char path[4096];
	struct stat st;
	const char *why;
	int fd;

	if (!di->debug_dir ||
	    !afalg_build_id_debug_path(path, sizeof(path), di->debug_dir, di->build_id))
		return;
	fd = open_regular(path, NULL, &st, &why);
	if (fd < 0)
		return;
	if (map_file(fd, (size_t)st.st_size, &di->sep_map) == 0 && di->sep_map.data) {
		di->sep_elf = elf_memory((char *)di->sep_map.data, di->sep_map.size);
		if (di->sep_elf && elf_kind(di->sep_elf) == ELF_K_ELF)
			di->dw = safe_dwarf(di, di->sep_elf);
	}
	close(fd);
}

static void open_dwarf(struct debuginfo *di)
{
	if (di->tried)
		return;
	di->tried = 1;
	di->dw = safe_dwarf(di, di->elf);
	if (!di->dw)
		open_separate(di);
}

/* Smallest FUNC symbol containing addr in one symbol table. */
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

char *debuginfo_function(struct debuginfo *di, uint64_t addr)
{
	char *name = symtab_function(di->elf, addr);
	Dwarf_Die cu, *scopes = NULL;
	int n;

	if (name)
		return name;
	if (!di->tried)
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

int debuginfo_source(struct debuginfo *di, uint64_t addr, char **file, int *line)
{
	Dwarf_Die cu;
	Dwarf_Line *l;
	const char *src;

	*file = NULL;
	*line = 0;
	open_dwarf(di);
	if (!di->dw || !dwarf_addrdie(di->dw, addr, &cu))
		return 0;
	l = dwarf_getsrc_die(&cu, addr);
	if (!l || !(src = dwarf_linesrc(l, NULL, NULL)))
		return 0;
	dwarf_lineno(l, line);
	*file = strdup(src);
	return *file != NULL;
}
