/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading untrusted DWARF with libdw without letting libdw open files by
 * itself.  libdw (elfutils 0.188) opens two kinds of files on its own, with
 * a plain blocking open() of a path the DWARF names:
 *   - the .dwo file of a split-DWARF skeleton unit (DW_AT_[GNU_]dwo_name,
 *     absolute or below DW_AT_comp_dir), from dwarf_getsrclines(),
 *     dwarf_ranges() and others;
 *   - the .gnu_debugaltlink (dwz) file, from dwarf_getalt(), on the first
 *     DW_FORM_GNU_*_alt attribute.
 * Such a path may name a FIFO (the open waits for a writer forever) or a
 * device (opening /dev/watchdog arms it).  So: a Dwarf with skeleton units
 * is not used, and its alt file is found here (safe open, build-id checked)
 * and set with dwarf_setalt(), or the Dwarf is not used.
 */
#ifndef AFALG_DWSAFE_H
#define AFALG_DWSAFE_H

#include <stdbool.h>

#include <elfutils/libdw.h>
#include <libelf.h>

/* The alt file set on a Dwarf; free after the Dwarf is ended. */
struct afalg_dwalt {
	int fd;
	Elf *elf;
	Dwarf *dw;
};

/*
 * May libdw read dw (source lines, scopes, ranges) without opening anything
 * by itself?  Sets dw's alt file when it has one, looked up as
 * DEBUG_ROOT/.build-id/xx/yyyy.debug, then as its own path (absolute, or
 * relative to base_dir): regular files only (afalg_open_ro), build-id
 * checked.  debug_root and base_dir may be NULL.  alt is filled (free it
 * with afalg_dwalt_free() after dwarf_end(dw)) whatever the answer.
 */
bool afalg_dwarf_make_safe(Dwarf *dw, const char *debug_root, const char *base_dir,
			   struct afalg_dwalt *alt);

void afalg_dwalt_free(struct afalg_dwalt *alt);

/* Does dw hold a split-DWARF skeleton unit (or too many units to tell)? */
bool afalg_dwarf_has_skeleton(Dwarf *dw);

/* Largest file afalg_dwarf_make_safe() opens. */
#define AFALG_DW_MAX_FILE (1ll << 30)

#endif /* AFALG_DWSAFE_H */
