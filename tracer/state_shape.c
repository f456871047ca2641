// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Shape checks of a trace state file before it is merged (state_shape.h):
 * every member the loader reads (the keys and counters of each activity) or
 * carries forward into the next save (the context of a first sighting:
 * pid, comm, driver, call site) must have the type and range the tracer
 * writes (docs/schema/trace-v1.schema.json).  Members the loader neither
 * reads nor keeps (kernel, host, hooks, features) are not looked at, and
 * unknown members are let through, as the schema allows.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "afalg_trace.h"
#include "state_shape.h"
#include "trace_output.h"

struct shape {
	char *where; /* the path of the member being checked */
	size_t wsz, len;
	const char *why;
};

/* Append ".key" (key) or "[idx]" (key NULL) to the path; the old length. */
static size_t push(struct shape *s, const char *key, size_t idx)
{
	size_t old = s->len;
	int n;

	if (s->len + 1 >= s->wsz)
		return old;
	if (key)
		n = snprintf(s->where + s->len, s->wsz - s->len, "%s%s", s->len ? "." : "", key);
	else
		n = snprintf(s->where + s->len, s->wsz - s->len, "[%zu]", idx);
	if (n > 0)
		s->len = s->len + (size_t)n < s->wsz ? s->len + (size_t)n : s->wsz - 1;
	return old;
}

static void pop(struct shape *s, size_t old)
{
	s->len = old;
	s->where[old] = '\0';
}

static bool bad(struct shape *s, const char *why)
{
	s->why = why;
	return false;
}

/* What one member must be; arg describes it further (a range, a flag). */
typedef bool (*check_fn)(struct shape *s, json_object *v, const void *arg);

/* Member key of object o (absent: an error if required), checked by fn. */
static bool member(struct shape *s, json_object *o, const char *key, bool required, check_fn fn,
		   const void *arg)
{
	json_object *v;
	size_t old = push(s, key, 0);

	if (!json_object_object_get_ex(o, key, &v)) {
		if (required)
			return bad(s, "missing");
		pop(s, old);
		return true;
	}
	if (!fn(s, v, arg))
		return false;
	pop(s, old);
	return true;
}

/* Each element of array v, checked by fn; at most max elements (0: any number). */
static bool elements(struct shape *s, json_object *v, check_fn fn, const void *arg, size_t max)
{
	size_t n;

	if (!json_object_is_type(v, json_type_array))
		return bad(s, "not an array");
	n = json_object_array_length(v);
	if (max && n > max)
		return bad(s, "too many elements");
	for (size_t i = 0; i < n; i++) {
		size_t old = push(s, NULL, i);

		if (!fn(s, json_object_array_get_idx(v, i), arg))
			return false;
		pop(s, old);
	}
	return true;
}

struct range {
	int64_t lo;
	uint64_t hi;
	const char *why;
};

static const struct range U64 = {0, UINT64_MAX, "not a non-negative integer"};
static const struct range U32 = {0, UINT32_MAX, "not an integer in 0..4294967295"};
/* Written from an int32 of the kernel's or a u32 cast to int: either reading. */
static const struct range I32U32 = {INT32_MIN, UINT32_MAX,
				    "not an integer in -2147483648..4294967295"};
static const struct range I32 = {INT32_MIN, INT32_MAX, "not an integer in -2147483648..2147483647"};
static const struct range ERRNO = {0, INT32_MAX, "not an errno (an integer in 0..2147483647)"};

static bool is_int(struct shape *s, json_object *v, const void *arg)
{
	const struct range *r = arg;
	int64_t i;

	/* Integers only: "1", 1.0 and 1.9 are not counts. */
	if (!json_object_is_type(v, json_type_int))
		return bad(s, r->why);
	i = json_object_get_int64(v); /* a uint64 above INT64_MAX reads as INT64_MAX */
	if (i < r->lo || (i >= 0 && json_object_get_uint64(v) > r->hi))
		return bad(s, r->why);
	return true;
}

static bool is_bool(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	return json_object_is_type(v, json_type_boolean) || bad(s, "not true or false");
}

enum { STR_NULL = 1, STR_KEY = 2 };

/*
 * A string (STR_NULL: or null).  STR_KEY: part of an activity's key, which
 * the kernel fills from C strings: no NUL inside (it would cut the key short
 * and make it another one).
 */
static bool is_str(struct shape *s, json_object *v, const void *arg)
{
	unsigned flags = *(const unsigned *)arg;

	if (!v && (flags & STR_NULL))
		return true;
	if (!json_object_is_type(v, json_type_string))
		return bad(s, flags & STR_NULL ? "not a string or null" : "not a string");
	if ((flags & STR_KEY) &&
	    strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
		return bad(s, "contains a NUL byte");
	return true;
}

static const unsigned STR = 0, STR_OR_NULL = STR_NULL, KEY_STR = STR_KEY;

int64_t trace_state_time(const char *str)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	struct tm tm = {0}, back;
	int ms;
	time_t t;

	if (!str || strlen(str) != sizeof(form) - 1)
		return -1;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == 'd' ? str[i] < '0' || str[i] > '9' : str[i] != form[i])
			return -1;
	if (sscanf(str, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	back = tm;
	t = timegm(&tm);
	/* Before 1970 or after 2262 the nanoseconds would not fit. */
	if (t < 0 || t >= INT64_MAX / 1000000000)
		return -1;
	/* A date that does not exist (February 30th) comes back as another. */
	if (tm.tm_year != back.tm_year || tm.tm_mon != back.tm_mon || tm.tm_mday != back.tm_mday ||
	    tm.tm_hour != back.tm_hour || tm.tm_min != back.tm_min || tm.tm_sec != back.tm_sec)
		return -1;
	return (int64_t)t * 1000000000 + (int64_t)ms * 1000000;
}

static bool is_time(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_string) ||
	    trace_state_time(json_object_get_string(v)) < 0)
		return bad(s, "not a time (YYYY-MM-DDThh:mm:ss.mmmZ, 1970 to 2262)");
	return true;
}

/* Only digits 0-9 and a-f, at most max of them. */
static bool lower_hex(const char *p, size_t max)
{
	size_t n = strspn(p, "0123456789abcdef");

	return !p[n] && n <= max;
}

static bool is_build_id(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!v)
		return true;
	if (!json_object_is_type(v, json_type_string) ||
	    (size_t)json_object_get_string_len(v) > 40 || !lower_hex(json_object_get_string(v), 40))
		return bad(s, "not a build-id (at most 40 lowercase hex digits) or null");
	return true;
}

static bool is_op(struct shape *s, json_object *v, const void *arg)
{
	const char *op =
		json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	(void)arg;
	/*
	 * "unknown" is in the schema (an operation this tracer has no name
	 * for); it cannot be keyed again, so such an activity is not merged.
	 */
	if (!op || (!afalg_op_from_name(op) && strcmp(op, "unknown")))
		return bad(s, "not an operation (socket, bind, accept, setsockopt, send, recv)");
	return true;
}

static bool is_via(struct shape *s, json_object *v, const void *arg)
{
	const char *m = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	(void)arg;
	if (!m || (strcmp(m, "splice") && strcmp(m, "aio") && strcmp(m, "io_uring")))
		return bad(s, "not one of splice, aio, io_uring");
	return true;
}

static bool is_via_list(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	return elements(s, v, is_via, NULL, 0);
}

static bool is_driver(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_object))
		return bad(s, "not an object");
	return member(s, v, "name", true, is_str, &KEY_STR) &&
	       member(s, v, "cra_name", false, is_str, &STR) &&
	       member(s, v, "module", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "priority", false, is_int, &I32) &&
	       member(s, v, "cra_flags", false, is_int, &U32) &&
	       member(s, v, "async", false, is_bool, NULL) &&
	       member(s, v, "kern_driver_only", false, is_bool, NULL) &&
	       member(s, v, "hardware", false, is_bool, NULL);
}

static bool is_address(struct shape *s, json_object *v, const void *arg)
{
	const char *a = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	(void)arg;
	if (!a || strncmp(a, "0x", 2) || !a[2] || !lower_hex(a + 2, 16))
		return bad(s, "not an address (0x and at most 16 lowercase hex digits)");
	return true;
}

/* A call-site frame, or null (docs/schema: $defs/frame). */
static bool is_frame(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!v)
		return true;
	if (!json_object_is_type(v, json_type_object))
		return bad(s, "not an object or null");
	return member(s, v, "address", true, is_address, NULL) &&
	       member(s, v, "verified", true, is_bool, NULL) &&
	       member(s, v, "file", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "offset", false, is_int, &U64) &&
	       member(s, v, "function", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "source", false, is_str, &STR) &&
	       member(s, v, "line", false, is_int, &I32);
}

static bool is_stack(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	return elements(s, v, is_frame, NULL, AFALG_SITE_FRAMES);
}

static bool is_activity(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_object))
		return bad(s, "not an object");
	/* The key, then the counters, then the context carried forward. */
	return member(s, v, "op", true, is_op, NULL) &&
	       member(s, v, "errno", true, is_int, &ERRNO) &&
	       member(s, v, "uid", true, is_int, &U32) &&
	       member(s, v, "cgroup_id", true, is_int, &U64) &&
	       member(s, v, "socket_type", false, is_int, &I32U32) &&
	       member(s, v, "salg_type", false, is_str, &KEY_STR) &&
	       member(s, v, "salg_name", false, is_str, &KEY_STR) &&
	       member(s, v, "salg_name_truncated", false, is_bool, NULL) &&
	       member(s, v, "optname", false, is_int, &I32U32) &&
	       member(s, v, "optlen", false, is_int, &U32) &&
	       member(s, v, "via", false, is_via_list, NULL) &&
	       member(s, v, "driver", false, is_driver, NULL) &&
	       member(s, v, "count", true, is_int, &U64) &&
	       member(s, v, "bytes", true, is_int, &U64) &&
	       member(s, v, "first_seen", false, is_time, NULL) &&
	       member(s, v, "last_seen", false, is_time, NULL) &&
	       member(s, v, "error", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "cgroup", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "optname_name", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "pid", false, is_int, &U32) &&
	       member(s, v, "comm", false, is_str, &STR) &&
	       member(s, v, "context_lost", false, is_bool, NULL) &&
	       member(s, v, "site", false, is_frame, NULL) &&
	       member(s, v, "stack", false, is_stack, NULL);
}

static bool is_activities(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	return elements(s, v, is_activity, NULL, 0);
}

static bool is_program(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_object))
		return bad(s, "not an object");
	return member(s, v, "exe_dev", true, is_int, &U32) &&
	       member(s, v, "exe_ino", true, is_int, &U64) &&
	       member(s, v, "exe", false, is_str, &STR_OR_NULL) &&
	       member(s, v, "build_id", false, is_build_id, NULL) &&
	       member(s, v, "processes", true, is_int, &U64) &&
	       member(s, v, "activities", true, is_activities, NULL);
}

static bool is_programs(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	return elements(s, v, is_program, NULL, 0);
}

static bool is_lost(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_object))
		return bad(s, "not an object");
	return member(s, v, "ringbuf_full", true, is_int, &U64) &&
	       member(s, v, "map_full", true, is_int, &U64) &&
	       member(s, v, "prog_missed", false, is_int, &U64);
}

static bool is_format(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_string) ||
	    strcmp(json_object_get_string(v), "afalg-audit-trace") ||
	    json_object_get_string_len(v) != (int)strlen("afalg-audit-trace"))
		return bad(s, "not \"afalg-audit-trace\" (not a trace or state file)");
	return true;
}

static bool is_version(struct shape *s, json_object *v, const void *arg)
{
	(void)arg;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) != 1)
		return bad(s, "not 1 (the integer 1: the only version this tracer reads)");
	return true;
}

int trace_state_check(json_object *doc, char *where, size_t wsz, const char **why)
{
	struct shape s = {.where = where, .wsz = wsz};

	if (!wsz)
		return -1;
	where[0] = '\0';
	*why = NULL;
	if (!json_object_is_type(doc, json_type_object)) {
		*why = "not a JSON object";
		return -1;
	}
	if (member(&s, doc, "format", true, is_format, NULL) &&
	    member(&s, doc, "version", true, is_version, NULL) &&
	    member(&s, doc, "lost", true, is_lost, NULL) &&
	    member(&s, doc, "programs", true, is_programs, NULL))
		return 0;
	*why = s.why;
	return -1;
}
