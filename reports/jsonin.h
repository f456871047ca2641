/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Reading untrusted JSON files (inputs, baselines, data files) with bounds. */
#ifndef AFALG_REPORT_JSONIN_H
#define AFALG_REPORT_JSONIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

/* Largest JSON file accepted (a whole-distribution scan is a few MB). */
#define JSONIN_MAX_BYTES (512u << 20)
/* Nesting depth accepted (the formats need less than 10). */
#define JSONIN_MAX_DEPTH 32

/*
 * Parse FILE ("-" for stdin) into *out.  On error prints one line naming
 * the file and returns -1.  The caller owns *out (json_object_put).
 */
int jsonin_read(const char *path, struct json_object **out);

/* Same, from memory ("what" names the source in errors). */
int jsonin_parse(const char *what, const char *buf, size_t len, struct json_object **out);

/*
 * Typed member access that never trusts the document.  Each returns false
 * when the member is missing or of another type (null counts as missing
 * for the _str variants, and *v is then NULL).
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

/*
 * Check "format" and "version" of a document: returns 0 when they are
 * format/1, -1 (after one error line naming path) otherwise.
 */
int jsonin_check_format(const char *path, struct json_object *doc, const char *format);

#endif /* AFALG_REPORT_JSONIN_H */
