/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading untrusted JSON (scan and trace results, reports, the trace state
 * file, data files) with bounds: one reader of bytes for every format.  What
 * a document must hold is checked by the typed getters of jread.h, by the
 * reader of each format (docs/schema/).
 */
#ifndef AFALG_JSONIN_H
#define AFALG_JSONIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

/* Nesting depth accepted (the formats need less than 10), for every file. */
#define JSONIN_MAX_DEPTH 32

/* "-" is standard input (of any type: a pipe, a terminal). */
#define JSONIN_STDIN 0x1u
/* The file itself must not be a symbolic link. */
#define JSONIN_NOFOLLOW 0x2u
/* No such file: return 1, print nothing (a state file before the first run). */
#define JSONIN_MISSING_OK 0x4u
/* The file must belong to this process's effective uid (a file of ours). */
#define JSONIN_OWN 0x8u

/* What one kind of file may be: its size bound and JSONIN_* flags. */
struct jsonin_limits {
	size_t max_bytes;
	unsigned flags;
};

/*
 * report/check/audit inputs and baselines, data files: 512 MiB (a
 * whole-distribution scan is a few MB), stdin as "-", symbolic links
 * followed (a user names the file).
 */
extern const struct jsonin_limits jsonin_input;

/*
 * Parse the file path under limits into *out.  Never opened when it is not a
 * regular file (a FIFO would block, a device open can have side effects:
 * common/safeopen.h), never read past max_bytes even if it grows, at most
 * JSONIN_MAX_DEPTH deep, and strict (jsonin_parse).  Returns 0, 1 when it
 * does not exist and JSONIN_MISSING_OK, or -1 after one error line naming
 * the file.  The caller owns *out (json_object_put).
 */
int jsonin_read_limits(const char *path, const struct jsonin_limits *limits,
		       struct json_object **out);

/* jsonin_read_limits(path, &jsonin_input, out). */
int jsonin_read(const char *path, struct json_object **out);

/*
 * Parse len bytes of buf ("what" names the source in errors): one JSON value,
 * nothing but white space after it, no key twice in one object and no NUL
 * (\u0000) in a string (json-c takes both: the last key wins, the NUL cuts
 * every C string of ours).  0, or -1 after one error line.
 */
int jsonin_parse(const char *what, const char *buf, size_t len, struct json_object **out);

/*
 * Check "format" and "version" of a document: returns 0 when they are
 * format/1, -1 (after one error line naming path) otherwise.
 */
int jsonin_check_format(const char *path, struct json_object *doc, const char *format);
/*
 * The same for a format whose readers take versions 1..max_version (each
 * later version adds to the one before): *version (if not NULL) is the
 * document's.
 */
int jsonin_check_format_v(const char *path, struct json_object *doc, const char *format,
			  int max_version, int *version);

/*
 * Lenient member access, for documents this program built itself (the report
 * document the renderers print) or that a format reader already checked:
 * each returns false (or NULL, or dflt) when the member is missing or of
 * another type (null counts as missing for the _str variants, and *v is then
 * NULL).  Untrusted input is read with the typed getters of jread.h, which
 * say what is wrong and where.
 */
bool jget_str(struct json_object *o, const char *key, const char **v);
bool jget_int(struct json_object *o, const char *key, int64_t *v);
bool jget_bool(struct json_object *o, const char *key, bool *v);
/* Array member, or NULL. */
struct json_object *jget_arr(struct json_object *o, const char *key);
/* Object member, or NULL. */
struct json_object *jget_obj(struct json_object *o, const char *key);
/* String member or NULL (no type error reported). */
const char *jstr(struct json_object *o, const char *key);
/*
 * A byte-string member (common/json_bytes.h) as its bytes: decoded when
 * "<key>_escaped" is true, else as jstr().  The decoded copy lives as long as
 * the member's string object.  NULL when absent, null, not a string, or not
 * decodable.  Renderers use it for paths, so that each format escapes the
 * bytes its own way and two paths with the same escaped text look different.
 */
const char *jbytes(struct json_object *o, const char *key);
int64_t jint(struct json_object *o, const char *key, int64_t dflt);
/* A non-negative integer member (all of 0..UINT64_MAX), or dflt. */
uint64_t ju64(struct json_object *o, const char *key, uint64_t dflt);

#endif /* AFALG_JSONIN_H */
