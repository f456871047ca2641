/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Naming a code address: the enclosing function (symtab, dynsym, DWARF) and
 * the source file:line from DWARF, embedded or in the separate debug file
 * found by build-id (DEBUG_DIR/.build-id/xx/yyyy.debug).  Opened lazily:
 * only files with findings pay for it.  DWARF that would make libdw open
 * files by itself (split units, an alt file not found) is not used.
 */
#ifndef AFALG_DEBUGINFO_H
#define AFALG_DEBUGINFO_H

#include <stdint.h>

#include <elfutils/libdw.h>
#include <gelf.h>

#include "dwsafe.h"
#include "fileio.h"

struct debuginfo {
	Elf *elf;	       /* the scanned file (not owned) */
	const char *debug_dir; /* NULL: no separate debug files */
	const char *build_id;  /* hex */
	int tried;
	Dwarf *dw; /* embedded or separate, NULL if none */
	Elf *sep_elf;
	struct mapping sep_map;
	struct afalg_dwalt alt; /* dw's .gnu_debugaltlink file, if it has one */
};

void debuginfo_init(struct debuginfo *di, Elf *elf, const char *debug_dir, const char *build_id);
void debuginfo_free(struct debuginfo *di);
/* Function containing addr (malloc'd) or NULL. */
char *debuginfo_function(struct debuginfo *di, uint64_t addr);
/* Source position; *file malloc'd.  false if unknown. */
int debuginfo_source(struct debuginfo *di, uint64_t addr, char **file, int *line);

#endif /* AFALG_DEBUGINFO_H */
