// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Typed getters over untrusted JSON (jread.h).  The wording of what is wrong
 * is the same for every format: "missing", "not a string or null", "not an
 * integer in 0..4294967295", "too many elements (at most 2)".
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "jread.h"
#include "json_bytes.h"

void jread_init(struct jread *r)
{
	memset(r, 0, sizeof(*r));
}

static size_t append(struct jread *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t append(struct jread *r, const char *fmt, ...)
{
	size_t mark = r->len;
	va_list ap;
	int n;

	if (r->len + 1 >= sizeof(r->where))
		return mark;
	va_start(ap, fmt);
	n = vsnprintf(r->where + r->len, sizeof(r->where) - r->len, fmt, ap);
	va_end(ap);
	/* A path too long for the buffer is cut, never overrun. */
	if (n > 0)
		r->len = r->len + (size_t)n < sizeof(r->where) ? r->len + (size_t)n
							       : sizeof(r->where) - 1;
	return mark;
}

size_t jread_enter(struct jread *r, const char *key)
{
	return append(r, "%s%s", r->len ? "." : "", key);
}

size_t jread_enter_idx(struct jread *r, size_t i)
{
	return append(r, "[%zu]", i);
}

void jread_leave(struct jread *r, size_t mark)
{
	if (mark > r->len)
		return;
	r->len = mark;
	r->where[mark] = '\0';
}

bool jread_fail(struct jread *r, const char *fmt, ...)
{
	va_list ap;

	/* The first failure is the one reported: a walk stops at it. */
	if (r->failed)
		return false;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->failed = true;
	return false;
}

void jread_report(const struct jread *r, const char *file)
{
	if (r->len)
		afalg_err(file, "%s: %s", r->where, r->why);
	else
		afalg_err(file, "%s", r->why);
}

bool jread_val_str(struct jread *r, struct json_object *v, unsigned flags, size_t max_len,
		   const char **out)
{
	size_t len;

	if (out)
		*out = NULL;
	if (!v && (flags & JREAD_NULL))
		return true;
	if (!json_object_is_type(v, json_type_string))
		return jread_fail(r, "%s",
				  flags & JREAD_NULL ? "not a string or null" : "not a string");
	len = (size_t)json_object_get_string_len(v);
	if (len > max_len)
		return jread_fail(r, "longer than %zu bytes", max_len);
	/* jsonin_parse refuses \u0000; a document built otherwise may still hold one. */
	if ((flags & JREAD_NO_NUL) && strlen(json_object_get_string(v)) != len)
		return jread_fail(r, "contains a NUL byte");
	if (out)
		*out = json_object_get_string(v);
	return true;
}

bool jread_val_int(struct jread *r, struct json_object *v, int64_t lo, int64_t hi, const char *noun,
		   int64_t *out)
{
	bool ok = json_object_is_type(v, json_type_int);
	int64_t i = ok ? json_object_get_int64(v) : 0; /* above INT64_MAX: INT64_MAX */

	/* Integers only: "1", 1.0 and 1.9 are not integers here. */
	if (ok && i >= 0)
		ok = hi >= 0 && json_object_get_uint64(v) <= (uint64_t)hi && i >= lo;
	else if (ok)
		ok = i >= lo && i <= hi;
	if (!ok) {
		if (noun)
			return jread_fail(r, "not %s (an integer in %" PRId64 "..%" PRId64 ")",
					  noun, lo, hi);
		return jread_fail(r, "not an integer in %" PRId64 "..%" PRId64, lo, hi);
	}
	if (out)
		*out = i;
	return true;
}

bool jread_val_u64(struct jread *r, struct json_object *v, uint64_t max, uint64_t *out)
{
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0 ||
	    json_object_get_uint64(v) > max) {
		if (max == UINT64_MAX)
			return jread_fail(r, "not a non-negative integer");
		return jread_fail(r, "not an integer in 0..%" PRIu64, max);
	}
	if (out)
		*out = json_object_get_uint64(v);
	return true;
}

bool jread_val_bool(struct jread *r, struct json_object *v, bool *out)
{
	if (!json_object_is_type(v, json_type_boolean))
		return jread_fail(r, "not true or false");
	if (out)
		*out = json_object_get_boolean(v);
	return true;
}

bool jread_val_arr(struct jread *r, struct json_object *v, unsigned flags, size_t max)
{
	if (!v && (flags & JREAD_NULL))
		return true;
	if (!json_object_is_type(v, json_type_array))
		return jread_fail(r, "%s",
				  flags & JREAD_NULL ? "not an array or null" : "not an array");
	if (json_object_array_length(v) > max)
		return jread_fail(r, "too many elements (at most %zu)", max);
	return true;
}

bool jread_val_obj(struct jread *r, struct json_object *v, unsigned flags)
{
	if (!v && (flags & JREAD_NULL))
		return true;
	if (!json_object_is_type(v, json_type_object))
		return jread_fail(r, "%s",
				  flags & JREAD_NULL ? "not an object or null" : "not an object");
	return true;
}

/*
 * Look up key: true with *v (NULL for null) and the member entered, when it
 * is there to be checked; false when absent (or null under JREAD_NULL), with
 * *ok saying whether that is allowed (if not, the member stays entered and
 * the walk has failed).
 */
static bool lookup(struct jread *r, struct json_object *o, const char *key, unsigned flags,
		   struct json_object **v, size_t *mark, bool *ok)
{
	bool present = json_object_object_get_ex(o, key, v);

	*mark = jread_enter(r, key);
	if (present && (*v || !(flags & JREAD_NULL)))
		return true;
	if (flags & JREAD_REQUIRED) {
		*ok = jread_fail(r, "missing");
		return false;
	}
	jread_leave(r, *mark);
	*ok = true;
	return false;
}

/* After a member's check: leave it when it passed. */
static bool done(struct jread *r, size_t mark, bool ok)
{
	if (ok)
		jread_leave(r, mark);
	return ok;
}

bool jread_str(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       size_t max_len, const char **out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (out)
		*out = NULL;
	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, jread_val_str(r, v, flags, max_len, out));
}

bool jread_u64(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       uint64_t max, uint64_t *out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, jread_val_u64(r, v, max, out));
}

bool jread_int(struct jread *r, struct json_object *o, const char *key, unsigned flags, int64_t lo,
	       int64_t hi, const char *noun, int64_t *out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, jread_val_int(r, v, lo, hi, noun, out));
}

bool jread_bool(struct jread *r, struct json_object *o, const char *key, unsigned flags, bool *out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, jread_val_bool(r, v, out));
}

bool jread_arr(struct jread *r, struct json_object *o, const char *key, unsigned flags, size_t max,
	       struct json_object **out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (out)
		*out = NULL;
	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	ok = jread_val_arr(r, v, flags, max);
	if (ok && out)
		*out = v;
	return done(r, mark, ok);
}

bool jread_obj(struct jread *r, struct json_object *o, const char *key, unsigned flags,
	       struct json_object **out)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (out)
		*out = NULL;
	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	ok = jread_val_obj(r, v, flags);
	if (ok && out)
		*out = v;
	return done(r, mark, ok);
}

bool jread_member(struct jread *r, struct json_object *o, const char *key, unsigned flags,
		  jread_check_fn check)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, check(r, v));
}

bool jread_only(struct jread *r, struct json_object *o, const char *const *keys, const char *what)
{
	json_object_object_foreach(o, key, val)
	{
		size_t i;

		(void)val;
		for (i = 0; keys[i] && strcmp(keys[i], key); i++)
			;
		if (!keys[i]) {
			jread_enter(r, key);
			return jread_fail(r, "not a member of %s", what);
		}
	}
	return true;
}

bool jread_each(struct jread *r, struct json_object *arr, jread_check_fn check)
{
	size_t n = json_object_array_length(arr);

	for (size_t i = 0; i < n; i++) {
		size_t mark = jread_enter_idx(r, i);

		if (!check(r, json_object_array_get_idx(arr, i)))
			return false;
		jread_leave(r, mark);
	}
	return true;
}

bool jread_list(struct jread *r, struct json_object *o, const char *key, unsigned flags, size_t max,
		jread_check_fn check)
{
	struct json_object *v;
	size_t mark;
	bool ok;

	if (!lookup(r, o, key, flags, &v, &mark, &ok))
		return ok;
	return done(r, mark, jread_val_arr(r, v, flags, max) && jread_each(r, v, check));
}

bool jread_bytes(struct jread *r, struct json_object *o, const char *key)
{
	size_t mark = jread_enter(r, key);
	char *raw = NULL;

	switch (afalg_json_get_bytes(o, key, &raw)) {
	case AFALG_BYTES_ABSENT:
	case AFALG_BYTES_OK:
		free(raw);
		jread_leave(r, mark);
		return true;
	case AFALG_BYTES_NOT_STRING:
		return jread_fail(r, "not a string or null");
	case AFALG_BYTES_BAD_ESCAPE:
		return jread_fail(r, "not a byte string as \"%s_escaped\" says", key);
	case AFALG_BYTES_NOMEM:
		break;
	}
	return jread_fail(r, "out of memory");
}
