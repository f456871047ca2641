/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Typed getters over an untrusted JSON document (parsed by jsonin.h): each
 * member is looked up, its type and range checked, and the first failure
 * kept as the member's path and what is wrong with it,
 * "programs[3].activities[0].count: not a non-negative integer".  A format's
 * reader checks a whole document this way before anyone uses it, so that a
 * file of the right syntax and the wrong shape is refused whole, naming the
 * member, and never half used.
 */
#ifndef AFALG_JREAD_H
#define AFALG_JREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

/* A walk over one document. */
struct jread {
	char where[192]; /* the member being read: "files[2].via[0].path" */
	size_t len;
	char why[96]; /* what is wrong with it, once failed */
	bool failed;
};

/* Flags of the getters. */
#define JREAD_REQUIRED 0x1u /* absent: "missing" */
#define JREAD_NULL 0x2u	    /* null is taken as absent ("not a string or null") */
#define JREAD_NO_NUL 0x4u   /* strings: no NUL byte inside (a key of C strings) */

/* No bound on a string's length or an array's count. */
#define JREAD_ANY SIZE_MAX

void jread_init(struct jread *r);

/*
 * The path: enter a member (".key") or an element ("[i]"), and leave back to
 * the mark enter returned.  A getter that fails leaves its member entered,
 * so that where names it.
 */
size_t jread_enter(struct jread *r, const char *key);
size_t jread_enter_idx(struct jread *r, size_t i);
void jread_leave(struct jread *r, size_t mark);

/* Fail at the current path: why is printf-formatted.  Always false. */
bool jread_fail(struct jread *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One error line: "afalg-audit: FILE: WHERE: WHY" (no WHERE for the document itself). */
void jread_report(const struct jread *r, const char *file);

/*
 * Member getters.  Each returns true when the member is well formed or absent
 * and allowed to be (then *out is NULL, or left as it was for numbers and
 * booleans: give it the default first); false after recording why, with the
 * member's path in r->where.  o must be an object (the caller checked it).
 */
bool jread_str(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       size_t max_len, const char **out);
/* An integer in 0..max (no fraction, no exponent, no string of digits). */
bool jread_u64(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       uint64_t max, uint64_t *out);
/* An integer in lo..hi; noun, if not NULL, says what it is ("an errno"). */
bool jread_int(struct jread *r, struct json_object *o, const char *key, unsigned flags, int64_t lo,
	       int64_t hi, const char *noun, int64_t *out);
bool jread_bool(struct jread *r, struct json_object *o, const char *key, unsigned flags, bool *out);
/* An array of at most max elements. */
bool jread_arr(struct jread *r, struct json_object *o, const char *key, unsigned flags, size_t max,
	       struct json_object **out);
bool jread_obj(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       struct json_object **out);

/*
 * Member key of o checked by check (a format's own rule: an operation name,
 * a time), which gets the value (NULL for null) with the member entered.
 */
typedef bool (*jread_check_fn)(struct jread *r, struct json_object *v);
bool jread_member(struct jread *r, struct json_object *o, const char *key, unsigned flags,
		  jread_check_fn check);

/*
 * No member of o but those named in keys (NULL-terminated): a schema's
 * "additionalProperties": false.  The first other one fails, at its path,
 * "not a member of <what>" ("a simulate result").
 */
bool jread_only(struct jread *r, struct json_object *o, const char *const *keys, const char *what);

/* Each element of array arr checked by check, at "[i]"; the first bad one fails. */
bool jread_each(struct jread *r, struct json_object *arr, jread_check_fn check);

/*
 * A byte-string member (common/json_bytes.h): a string or null, and when
 * "<key>_escaped" is true, spelled as the writer escapes ("not a byte string
 * as \"path_escaped\" says").
 */
bool jread_bytes(struct jread *r, struct json_object *o, const char *key);

/* An array member of at most max elements, each checked by check (jread_arr, jread_each). */
bool jread_list(struct jread *r, struct json_object *o, const char *key, unsigned flags, size_t max,
		jread_check_fn check);

/*
 * The same checks on a value already in hand (an array's element, the
 * document itself), at the current path.  v is NULL for JSON null; flags:
 * JREAD_NULL lets null through (*out NULL), JREAD_NO_NUL as above.
 */
bool jread_val_str(struct jread *r, struct json_object *v, unsigned flags, size_t max_len,
		   const char **out);
bool jread_val_u64(struct jread *r, struct json_object *v, uint64_t max, uint64_t *out);
bool jread_val_int(struct jread *r, struct json_object *v, int64_t lo, int64_t hi, const char *noun,
		   int64_t *out);
bool jread_val_bool(struct jread *r, struct json_object *v, bool *out);
bool jread_val_arr(struct jread *r, struct json_object *v, unsigned flags, size_t max);
bool jread_val_obj(struct jread *r, struct json_object *v, unsigned flags);

#endif /* AFALG_JREAD_H */
