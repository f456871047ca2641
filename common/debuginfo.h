/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Naming a code address of an ELF file: the enclosing function (symtab,
 * dynsym, the debug file's symtab, DWARF scopes) and the source file:line
 * (DWARF).  One policy for scan and trace of where the DWARF comes from:
 *   1. embedded in the file;
 *   2. DEBUG_ROOT/.build-id/xx/yyyy.debug (followed: the root's own tree),
 *      accepted only with the file's build-id;
 *   3. its .gnu_debuglink NAME (never one with a '/') in DIR/NAME and
 *      DIR/.debug/NAME (not followed if symbolic links: DIR is the owner's)
 *      and DEBUG_ROOT/DIR/NAME, DIR being the file's directory on this
 *      machine; accepted only with the file's build-id, or without one
 *      with the CRC-32 the link gives.
 * Candidates are opened with afalg_open_ro() (regular files only, never
 * blocking, at most AFALG_DEBUGINFO_MAX_FILE bytes); a DWARF is used only
 * if libdw can read it without opening files by itself (dwsafe.h).
 * Nothing is opened before the first question that needs it.
 *
 * What is not here, because only one side has it: turning a process's
 * address or a file offset into the file's own address (tracer/symbolize.c
 * does that from /proc/PID/maps and the PT_LOAD headers; the scan finds
 * addresses in the file itself) and asking for the caller of a return
 * address (the tracer passes address - 1).
 */
#ifndef AFALG_DEBUGINFO_H
#define AFALG_DEBUGINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfutils/libdw.h>
#include <gelf.h>

#include "dwsafe.h"

/* Largest separate debug file opened. */
#define AFALG_DEBUGINFO_MAX_FILE AFALG_DW_MAX_FILE

/* Where to look, and how the caller wants mappings of debug files known. */
struct afalg_debuginfo_where {
	const char *debug_root;	 /* the build-id tree's root (steps 2, 3); NULL: none */
	const char *module_path; /* the file's path on this machine (step 3); NULL: no step 3 */
	/*
	 * Told of the separate debug file's private mapping, and before it
	 * goes (the scan's SIGBUS guard: analyzer/mapguard.h); may be NULL.
	 */
	void (*mapped)(const void *base, size_t size);
	void (*unmapping)(const void *base);
};

struct afalg_debuginfo {
	Elf *elf; /* the file being named (not owned) */
	struct afalg_debuginfo_where where;
	bool tried; /* DWARF looked for */
	Dwarf *dw;  /* embedded or separate, NULL if none usable */
	Elf *sep_elf;
	void *sep_map;
	size_t sep_size;
	struct afalg_dwalt alt; /* dw's .gnu_debugaltlink file, if it has one */
};

/* where is copied (its strings are not: they must outlive di). */
void afalg_debuginfo_init(struct afalg_debuginfo *di, Elf *elf,
			  const struct afalg_debuginfo_where *where);
void afalg_debuginfo_free(struct afalg_debuginfo *di);

/*
 * Name of the function containing addr (the file's own virtual address),
 * malloc'd, or NULL: the first FUNC symbol covering it in the file's
 * .symtab, then its .dynsym, then the separate debug file's .symtab, then
 * the innermost DW_TAG_subprogram of the DWARF.
 */
char *afalg_debuginfo_function(struct afalg_debuginfo *di, uint64_t addr);

/* Source position of addr from the DWARF; *file malloc'd.  false if unknown. */
bool afalg_debuginfo_source(struct afalg_debuginfo *di, uint64_t addr, char **file, int *line);

#endif /* AFALG_DEBUGINFO_H */
