/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * GNU build-ids: one reader, one spelling.  A build-id is the join key
 * between a scan result and a trace (the same executable, whatever its
 * path), so scan and trace must read the same note and write the same
 * text: the note's own length, 1..AFALG_BUILD_ID_MAX bytes, as lower-case
 * hex.  A longer note is not taken for a build-id (no linker makes one;
 * sha1 is 20 bytes, md5 16, --build-id=0x... up to what the user typed).
 *
 * The note is looked for as libdwelf does (dwelf_elf_gnu_build_id): in the
 * SHT_NOTE sections, or, in a file without section headers, in its PT_NOTE
 * segments.  Everything read is bounded by the file (libelf checks each
 * section and segment against it) and by AFALG_BUILD_ID_NOTES_MAX.
 */
#ifndef AFALG_BUILDID_H
#define AFALG_BUILDID_H

#include <stdbool.h>
#include <stddef.h>

#include <libelf.h>

/* Longest build-id kept, in bytes; its hex spelling needs AFALG_BUILD_ID_HEX_SIZE. */
#define AFALG_BUILD_ID_MAX 64
#define AFALG_BUILD_ID_HEX_SIZE (2 * AFALG_BUILD_ID_MAX + 1)

/* A note section or segment larger than this is not read. */
#define AFALG_BUILD_ID_NOTES_MAX (1u << 20)

/* The build-id of elf into id; its length (1..AFALG_BUILD_ID_MAX), 0 if none. */
size_t afalg_build_id_elf(Elf *elf, unsigned char id[AFALG_BUILD_ID_MAX]);

/*
 * The same, of the ELF file open at fd.  Read with pread (ELF_C_READ),
 * never through a mapping: a file truncated meanwhile cannot raise SIGBUS.
 */
size_t afalg_build_id_fd(int fd, unsigned char id[AFALG_BUILD_ID_MAX]);

/* id[0..len) in lower-case hex; "" when len is 0 or above AFALG_BUILD_ID_MAX. */
void afalg_build_id_hex(const unsigned char *id, size_t len, char hex[AFALG_BUILD_ID_HEX_SIZE]);

/*
 * Is s spelled as the JSON formats write a build-id (lower-case hex digits,
 * at most 2 * AFALG_BUILD_ID_MAX of them; "" is the empty spelling)?
 */
bool afalg_build_id_is_hex(const char *s);

/*
 * ROOT/.build-id/xx/yyyy.debug for the build-id spelled hex (at least two
 * bytes of it) into out; false if hex is too short or out too small.
 */
bool afalg_build_id_debug_path(char *out, size_t outsz, const char *root, const char *hex);

#endif /* AFALG_BUILDID_H */
