// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The trace format's reader (trace_read.h): every member a reader uses (the
 * keys and counters of each activity) or the state carries forward into the
 * next save (the context of a first sighting: pid, comm, driver, call site)
 * must have the type and range the tracer writes
 * (docs/schema/trace-v2.schema.json; version 1 is read as well).  Members no reader uses (kernel, host,
 * hooks, features) are not looked at, and unknown members are let through,
 * as the schema allows.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "afalg_trace.h"
#include "buildid.h"
#include "jread.h"
#include "trace_output.h"
#include "trace_read.h"

#define REQ JREAD_REQUIRED
#define NUL_OK JREAD_NULL
#define ANY JREAD_ANY

int64_t trace_read_time(const char *str)
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

static bool is_time(struct jread *r, json_object *v)
{
	if (!json_object_is_type(v, json_type_string) ||
	    trace_read_time(json_object_get_string(v)) < 0)
		return jread_fail(r, "not a time (YYYY-MM-DDThh:mm:ss.mmmZ, 1970 to 2262)");
	return true;
}

/* Only digits 0-9 and a-f, at most max of them. */
static bool lower_hex(const char *p, size_t max)
{
	size_t n = strspn(p, "0123456789abcdef");

	return !p[n] && n <= max;
}

_Static_assert(2 * AFALG_BUILD_ID_MAX == 128, "the message below");

static bool is_build_id(struct jread *r, json_object *v)
{
	if (!v)
		return true;
	if (!json_object_is_type(v, json_type_string) ||
	    (size_t)json_object_get_string_len(v) > 2 * AFALG_BUILD_ID_MAX ||
	    !afalg_build_id_is_hex(json_object_get_string(v)))
		return jread_fail(r, "not a build-id (at most 128 lowercase hex digits) or null");
	return true;
}

static bool is_op(struct jread *r, json_object *v)
{
	const char *op =
		json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	/*
	 * "unknown" is in the schema (an operation this tracer has no name
	 * for); it cannot be keyed again, so such an activity is not merged.
	 */
	if (!op || (afalg_op_from_name(op) < 0 && strcmp(op, "unknown")))
		return jread_fail(
			r, "not an operation (socket, bind, accept, setsockopt, send, recv)");
	return true;
}

static bool is_io_mode(struct jread *r, json_object *v)
{
	const char *m = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (afalg_io_mode_from_name(m) < 0)
		return jread_fail(r, "not one of splice, aio, io_uring");
	return true;
}

static bool is_driver(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "name", REQ | JREAD_NO_NUL, ANY, NULL) &&
	       jread_str(r, v, "cra_name", 0, ANY, NULL) &&
	       jread_str(r, v, "module", NUL_OK, ANY, NULL) &&
	       jread_int(r, v, "priority", 0, INT32_MIN, INT32_MAX, NULL, NULL) &&
	       jread_u64(r, v, "cra_flags", 0, UINT32_MAX, NULL) &&
	       jread_bool(r, v, "async", 0, NULL) &&
	       jread_bool(r, v, "kern_driver_only", 0, NULL) &&
	       jread_bool(r, v, "hardware", 0, NULL);
}

static bool is_address(struct jread *r, json_object *v)
{
	const char *a = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (!a || strncmp(a, "0x", 2) || !a[2] || !lower_hex(a + 2, 16))
		return jread_fail(r, "not an address (0x and at most 16 lowercase hex digits)");
	return true;
}

/* A call-site frame, or null (docs/schema: $defs/frame). */
static bool is_frame(struct jread *r, json_object *v)
{
	if (!v)
		return true;
	return jread_val_obj(r, v, NUL_OK) && jread_member(r, v, "address", REQ, is_address) &&
	       jread_bool(r, v, "verified", REQ, NULL) &&
	       jread_str(r, v, "file", NUL_OK, ANY, NULL) &&
	       jread_u64(r, v, "offset", 0, UINT64_MAX, NULL) &&
	       jread_str(r, v, "function", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "source", 0, ANY, NULL) &&
	       jread_int(r, v, "line", 0, INT32_MIN, INT32_MAX, NULL, NULL);
}

/* Activity keys are filled by the kernel from C strings: no NUL inside (another key). */
#define KEY_STR JREAD_NO_NUL

static bool is_activity(struct jread *r, json_object *v)
{
	/* The key, then the counters, then the context carried forward. */
	return jread_val_obj(r, v, 0) && jread_member(r, v, "op", REQ, is_op) &&
	       jread_int(r, v, "errno", REQ, 0, INT32_MAX, "an errno", NULL) &&
	       jread_u64(r, v, "uid", REQ, UINT32_MAX, NULL) &&
	       jread_u64(r, v, "cgroup_id", REQ, UINT64_MAX, NULL) &&
	       /* written from an int32 of the kernel's or a u32 cast to int: either reading */
	       jread_int(r, v, "socket_type", 0, INT32_MIN, UINT32_MAX, NULL, NULL) &&
	       jread_str(r, v, "salg_type", KEY_STR, ANY, NULL) &&
	       jread_str(r, v, "salg_name", KEY_STR, ANY, NULL) &&
	       jread_bool(r, v, "salg_name_truncated", 0, NULL) &&
	       jread_int(r, v, "optname", 0, INT32_MIN, UINT32_MAX, NULL, NULL) &&
	       jread_u64(r, v, "optlen", 0, UINT32_MAX, NULL) &&
	       jread_list(r, v, "via", 0, ANY, is_io_mode) &&
	       jread_member(r, v, "driver", 0, is_driver) &&
	       jread_u64(r, v, "count", REQ, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "bytes", REQ, UINT64_MAX, NULL) &&
	       jread_member(r, v, "first_seen", 0, is_time) &&
	       jread_member(r, v, "last_seen", 0, is_time) &&
	       jread_str(r, v, "error", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "cgroup", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "optname_name", NUL_OK, ANY, NULL) &&
	       jread_u64(r, v, "pid", 0, UINT32_MAX, NULL) &&
	       jread_str(r, v, "comm", 0, ANY, NULL) && jread_bool(r, v, "context_lost", 0, NULL) &&
	       jread_member(r, v, "site", 0, is_frame) &&
	       jread_list(r, v, "stack", 0, AFALG_SITE_FRAMES, is_frame);
}

static bool is_program(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_u64(r, v, "exe_dev", REQ, UINT32_MAX, NULL) &&
	       jread_u64(r, v, "exe_ino", REQ, UINT64_MAX, NULL) &&
	       jread_str(r, v, "exe", NUL_OK, ANY, NULL) &&
	       jread_member(r, v, "build_id", 0, is_build_id) &&
	       jread_u64(r, v, "processes", REQ, UINT64_MAX, NULL) &&
	       jread_list(r, v, "activities", REQ, ANY, is_activity);
}

static bool is_lost(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_u64(r, v, "ringbuf_full", REQ, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "map_full", REQ, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "prog_missed", 0, UINT64_MAX, NULL);
}

static bool is_format(struct jread *r, json_object *v)
{
	if (!json_object_is_type(v, json_type_string) ||
	    strcmp(json_object_get_string(v), "afalg-audit-trace") ||
	    json_object_get_string_len(v) != (int)strlen("afalg-audit-trace"))
		return jread_fail(r, "not \"afalg-audit-trace\" (not a trace or state file)");
	return true;
}

static bool is_version(struct jread *r, json_object *v)
{
	/* 1: before identities and windows (issue #17); read as it was */
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
	    json_object_get_int64(v) > TRACE_READ_MAX_VERSION)
		return jread_fail(r, "not 1 or 2 (the versions this tracer reads)");
	return true;
}

/*
 * A trace result as report, check and audit fold it: the members they use,
 * each a string or null, a non-negative integer or null, an array or null,
 * and nothing required beneath the document but "programs" and "lost".  A
 * result is a record to be read as far as it can be, unlike a state that is
 * carried forward: traces of earlier tracers with a bad time or frame in a
 * member nobody folds are still read.
 */
static bool is_activity_result(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "op", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "salg_type", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "salg_name", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "error", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "cgroup", NUL_OK, ANY, NULL) &&
	       jread_str(r, v, "optname_name", NUL_OK, ANY, NULL) &&
	       jread_u64(r, v, "errno", NUL_OK, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "uid", NUL_OK, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "count", NUL_OK, UINT64_MAX, NULL) &&
	       jread_arr(r, v, "via", NUL_OK, ANY, NULL);
}

static bool is_program_result(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_bytes(r, v, "exe") &&
	       jread_str(r, v, "build_id", NUL_OK, ANY, NULL) &&
	       jread_u64(r, v, "processes", NUL_OK, UINT64_MAX, NULL) &&
	       jread_list(r, v, "activities", NUL_OK, ANY, is_activity_result);
}

static bool is_lost_result(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) &&
	       jread_u64(r, v, "ringbuf_full", NUL_OK, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "map_full", NUL_OK, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "prog_missed", NUL_OK, UINT64_MAX, NULL);
}

int trace_read_check(struct jread *r, json_object *doc, enum trace_read_use use)
{
	if (!json_object_is_type(doc, json_type_object))
		return jread_fail(r, "not a JSON object") ? 0 : -1;
	if (use == TRACE_READ_RESULT)
		return jread_member(r, doc, "lost", REQ, is_lost_result) &&
				       jread_list(r, doc, "programs", REQ, ANY, is_program_result)
			       ? 0
			       : -1;
	if (jread_member(r, doc, "format", REQ, is_format) &&
	    jread_member(r, doc, "version", REQ, is_version) &&
	    jread_member(r, doc, "started", 0, is_time) &&
	    jread_member(r, doc, "ended", 0, is_time) &&
	    jread_member(r, doc, "lost", REQ, is_lost) &&
	    jread_list(r, doc, "programs", REQ, ANY, is_program))
		return 0;
	return -1;
}
