// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <elf.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>

#include "buildid.h"

/* The first GNU build-id note in d of a length we keep; 0 if none. */
static size_t from_notes(Elf_Data *d, unsigned char *id)
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;

	if (!d || !d->d_buf || d->d_size > AFALG_BUILD_ID_NOTES_MAX)
		return 0;
	/* gelf_getnote() checks that each name and descriptor lies inside d. */
	while ((next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((const char *)d->d_buf + name_off, "GNU", 4) && nh.n_descsz > 0 &&
		    nh.n_descsz <= AFALG_BUILD_ID_MAX) {
			memcpy(id, (const char *)d->d_buf + desc_off, nh.n_descsz);
			return nh.n_descsz;
		}
		off = next;
	}
	return 0;
}

/* A file without section headers (sstrip): its PT_NOTE segments. */
static size_t from_segments(Elf *elf, unsigned char *id)
{
	size_t phnum, len = 0;

	if (elf_getphdrnum(elf, &phnum) != 0)
		return 0;
	for (size_t i = 0; i < phnum && !len; i++) {
		GElf_Phdr ph;
		Elf_Data *d;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_NOTE || !ph.p_filesz ||
		    ph.p_filesz > AFALG_BUILD_ID_NOTES_MAX)
			continue;
		/* Bounds-checked against the file; owned and freed by elf. */
		d = elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz,
					 ph.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
		len = from_notes(d, id);
	}
	return len;
}

size_t afalg_build_id_elf(Elf *elf, unsigned char id[AFALG_BUILD_ID_MAX])
{
	Elf_Scn *scn = NULL;
	size_t len = 0;

	if (!elf || elf_kind(elf) != ELF_K_ELF)
		return 0;
	if (!elf_nextscn(elf, NULL))
		return from_segments(elf, id);
	while (!len && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE &&
		    sh.sh_size <= AFALG_BUILD_ID_NOTES_MAX)
			len = from_notes(elf_getdata(scn, NULL), id);
	}
	return len;
}

size_t afalg_build_id_fd(int fd, unsigned char id[AFALG_BUILD_ID_MAX])
{
	Elf *elf;
	size_t len;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	len = afalg_build_id_elf(elf, id);
	elf_end(elf);
	return len;
}

void afalg_build_id_hex(const unsigned char *id, size_t len, char hex[AFALG_BUILD_ID_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";

	if (len > AFALG_BUILD_ID_MAX)
		len = 0;
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[2 * len] = '\0';
}

bool afalg_build_id_is_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && n <= 2 * AFALG_BUILD_ID_MAX;
}

bool afalg_build_id_debug_path(char *out, size_t outsz, const char *root, const char *hex)
{
	int n;

	if (strlen(hex) < 4)
		return false;
	n = snprintf(out, outsz, "%s/.build-id/%.2s/%s.debug", root, hex, hex + 2);
	return n > 0 && (size_t)n < outsz;
}
