/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Byte strings in afalg-audit's JSON formats: one policy, one writer, one
 * reader.  A file name, a package field or a kernel string is a byte
 * string; JSON strings are Unicode.  The policy (docs/schema/, the "bytes" definition):
 * valid UTF-8 is written verbatim; otherwise every byte of an invalid
 * sequence becomes the four characters \xNN, every backslash is doubled, and
 * the object gets the sibling member "<key>_escaped": true.  The reader
 * undoes exactly that, so the original bytes -- the identity of a file, the
 * key that joins a scan to a trace -- survive a round trip, and two files
 * whose escaped spellings look alike ("a\xffb" the invalid byte, "a\xffb"
 * the seven characters) stay two files.
 */
#ifndef AFALG_JSON_BYTES_H
#define AFALG_JSON_BYTES_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

/* Is s[0..n) valid UTF-8 (no overlongs, surrogates or values past U+10FFFF)? */
bool afalg_utf8_valid(const char *s, size_t n);

/*
 * Cut a C string before an incomplete UTF-8 sequence at its end (what a
 * bounded copy leaves when it cuts a character in two), so that valid UTF-8
 * stays valid.  Returns the new length.
 */
size_t afalg_utf8_trim_tail(char *s);

/* obj[key] = s under the policy above (NULL s: null).  False: out of memory. */
bool afalg_json_add_bytes(struct json_object *obj, const char *key, const char *s);

/*
 * The same string as a value of its own, for an array element: *escaped
 * says whether it was escaped (the caller then sets the array's
 * "<key>_escaped").  NULL when out of memory.
 */
struct json_object *afalg_json_new_bytes(const char *s, bool *escaped);

enum afalg_bytes_status {
	AFALG_BYTES_ABSENT,	/* no such member, or null */
	AFALG_BYTES_OK,		/* *out holds the bytes (malloc'd, NUL-terminated) */
	AFALG_BYTES_NOT_STRING, /* the member is another type */
	AFALG_BYTES_BAD_ESCAPE, /* "<key>_escaped" set, but the string is not one
				   the writer makes (a stray backslash, \x00, a
				   non-boolean flag) */
	AFALG_BYTES_NOMEM,
};

/*
 * The bytes of obj[key], decoded when obj["<key>_escaped"] is true.  The
 * result is a C string: an escaped NUL byte is refused (no path, name or
 * kernel string holds one).
 */
enum afalg_bytes_status afalg_json_get_bytes(struct json_object *obj, const char *key, char **out);

/* The escaped spelling's inverse on s[0..n) into out (room for n + 1). */
bool afalg_bytes_unescape(const char *s, size_t n, char *out);

#endif /* AFALG_JSON_BYTES_H */
