// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dwarf.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buildid.h"
#include "dwsafe.h"
#include "safeopen.h"

/* Beyond this many units a file is not read (the walk below is its cost). */
#define MAX_UNITS 1000000

bool afalg_dwarf_has_skeleton(Dwarf *dw)
{
	Dwarf_CU *cu = NULL;
	uint8_t type;
	long n = 0;
	int r;

	/*
	 * No cudie/subdie asked: dwarf_get_units() only looks for a split
	 * unit when asked for the subdie of a skeleton.
	 */
	while ((r = dwarf_get_units(dw, cu, &cu, NULL, &type, NULL, NULL)) == 0) {
		if (type == DW_UT_skeleton || ++n > MAX_UNITS)
			return true;
	}
	return r < 0; /* a malformed unit header: the rest cannot be checked */
}

void afalg_dwalt_free(struct afalg_dwalt *alt)
{
	if (alt->dw)
		dwarf_end(alt->dw);
	if (alt->elf)
		elf_end(alt->elf);
	if (alt->fd >= 0)
		close(alt->fd);
	alt->dw = NULL;
	alt->elf = NULL;
	alt->fd = -1;
}

/* The alt file at dirfd/path if it has build-id id[0..len). */
static bool try_alt(int dirfd, const char *path, const void *id, size_t len,
		    struct afalg_dwalt *alt)
{
	unsigned char got[AFALG_BUILD_ID_MAX];
	const char *why;
	struct stat st;

	alt->fd = afalg_open_ro(dirfd, path, 0, AFALG_DW_MAX_FILE, &st, &why);
	if (alt->fd < 0)
		return false;
	alt->elf = elf_begin(alt->fd, ELF_C_READ_MMAP, NULL);
	if (alt->elf && afalg_build_id_elf(alt->elf, got) == len && !memcmp(got, id, len) &&
	    (alt->dw = dwarf_begin_elf(alt->elf, DWARF_C_READ, NULL)) &&
	    !afalg_dwarf_has_skeleton(alt->dw))
		return true;
	afalg_dwalt_free(alt);
	return false;
}

bool afalg_dwarf_make_safe(Dwarf *dw, const char *debug_root, const char *base_dir,
			   struct afalg_dwalt *alt)
{
	const char *altname;
	const void *id;
	ssize_t len;
	char path[4096];

	alt->fd = -1;
	alt->elf = NULL;
	alt->dw = NULL;
	if (!dw || afalg_dwarf_has_skeleton(dw))
		return false;
	len = dwelf_dwarf_gnu_debugaltlink(dw, &altname, &id);
	if (len == 0 || len == -1) {
		/* -1: no such section (or unreadable: then libdw cannot read it either) */
		return true;
	}
	if (len < 3 || len > AFALG_BUILD_ID_MAX)
		return false;
	if (debug_root) {
		char hex[AFALG_BUILD_ID_HEX_SIZE];

		afalg_build_id_hex(id, (size_t)len, hex);
		if (afalg_build_id_debug_path(path, sizeof(path), debug_root, hex) &&
		    try_alt(AT_FDCWD, path, id, (size_t)len, alt))
			goto found;
	}
	if (altname && altname[0] == '/' && try_alt(AT_FDCWD, altname, id, (size_t)len, alt))
		goto found;
	if (altname && altname[0] != '/' && base_dir &&
	    (size_t)snprintf(path, sizeof(path), "%s/%s", base_dir, altname) < sizeof(path) &&
	    try_alt(AT_FDCWD, path, id, (size_t)len, alt))
		goto found;
	return false; /* libdw would look for it by itself */
found:
	dwarf_setalt(dw, alt->dw);
	return true;
}
