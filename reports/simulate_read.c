// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The simulate format's reader (simulate_read.h): every member of
 * docs/schema/simulate-v1.schema.json checked for its type and range, every
 * array and string bounded, and no member the schema does not name.  A
 * simulate result may come from another machine: it is refused whole, one
 * line naming the member, never half folded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json_bytes.h"
#include "jread.h"
#include "simulate_read.h"

#define REQ JREAD_REQUIRED
#define NUL_OK JREAD_NULL
#define STR SIMULATE_MAX_STRING

static const char *const slot_names[SIMULATE_SLOTS] = {
	"M0:hash", "M0:skcipher", "M0:aead", "M0:rng", "M1", "M2", "M3", "M4", "M5", "M6",
};

int simulate_slot_from_name(const char *s)
{
	for (int i = 0; s && i < SIMULATE_SLOTS; i++)
		if (!strcmp(s, slot_names[i]))
			return i;
	return -1;
}

const char *simulate_slot_name(int slot)
{
	return slot >= 0 && slot < SIMULATE_SLOTS ? slot_names[slot] : NULL;
}

static const char *const verdict_names[] = {
	[MV_NOT_SIMULATED] = "not-simulated",
	[MV_NOT_REACHED] = "not-reached",
	[MV_SURVIVES] = "survives",
	[MV_DEGRADES] = "degrades",
	[MV_BREAKS] = "breaks",
};

enum measured_verdict measured_verdict_from_name(const char *s)
{
	for (int v = MV_NOT_SIMULATED; s && v <= MV_BREAKS; v++)
		if (!strcmp(s, verdict_names[v]))
			return (enum measured_verdict)v;
	return MV_NONE;
}

const char *measured_verdict_name(enum measured_verdict v)
{
	return v > MV_NONE && v <= MV_BREAKS ? verdict_names[v] : NULL;
}

/* No member but those named (NULL-terminated): the schema's additionalProperties false. */
static bool only(struct jread *r, struct json_object *o, const char *const *keys)
{
	return jread_only(r, o, keys, "a simulate result");
}

/* An error line: at most 240 bytes as the writer keeps them, each \xNN of them four. */
static bool is_error_line(struct jread *r, struct json_object *v)
{
	return jread_val_str(r, v, JREAD_NO_NUL, 4 * 240, NULL);
}

static bool is_measure(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (simulate_slot_from_name(s) < 0)
		return jread_fail(r, "not a measure (M0:hash, M0:skcipher, M0:aead, M0:rng, "
				     "M1 ... M6)");
	return true;
}

static bool is_run_measure(struct jread *r, struct json_object *v)
{
	return !v || is_measure(r, v);
}

static bool is_verdict(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (measured_verdict_from_name(s) == MV_NONE)
		return jread_fail(
			r,
			"not a verdict (survives, degrades, breaks, not-reached, not-simulated)");
	return true;
}

static bool is_true(struct jread *r, struct json_object *v)
{
	if (!json_object_is_type(v, json_type_boolean) || !json_object_get_boolean(v))
		return jread_fail(r, "not true");
	return true;
}

static bool is_seconds(struct jread *r, struct json_object *v)
{
	double s;

	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return jread_fail(r, "not a number");
	s = json_object_get_double(v);
	if (!(s >= 0 && s <= 1e9))
		return jread_fail(r, "not a number of seconds (0 to 1e9)");
	return true;
}

static bool is_sha256(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (!s || json_object_get_string_len(v) != 64 || strspn(s, "0123456789abcdef") != 64)
		return jread_fail(r, "not a SHA-256 digest (64 lowercase hex digits)");
	return true;
}

static bool is_stream(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"bytes",	   "sha256",	"text",
					   "text_escaped", "truncated", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_u64(r, v, "bytes", REQ, UINT64_MAX, NULL) &&
	       jread_member(r, v, "sha256", REQ, is_sha256) &&
	       jread_str(r, v, "text", 0, 4 * 65536, NULL) && jread_bytes(r, v, "text") &&
	       jread_member(r, v, "text_escaped", 0, is_true) &&
	       jread_bool(r, v, "truncated", 0, NULL);
}

/* "<key>_escaped": absent or true (the byte-string policy, common/json_bytes.h). */
static bool escaped(struct jread *r, struct json_object *o, const char *key)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_escaped", key);
	return jread_member(r, o, name, 0, is_true) && jread_bytes(r, o, key);
}

static bool is_str_or_null(struct jread *r, struct json_object *v)
{
	return jread_val_str(r, v, JREAD_NULL | JREAD_NO_NUL, STR, NULL);
}

/* A member the schema requires whose value is a string or null (a path not known). */
static bool str_or_null(struct jread *r, struct json_object *o, const char *key)
{
	return jread_member(r, o, key, REQ, is_str_or_null);
}

static bool is_int_or_null(struct jread *r, struct json_object *v)
{
	return !v || jread_val_int(r, v, INT64_MIN, INT64_MAX, NULL, NULL);
}

static bool is_offset_or_null(struct jread *r, struct json_object *v)
{
	return !v || jread_val_u64(r, v, UINT64_MAX, NULL);
}

static bool is_site(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"file",   "file_escaped",   "offset", "function",
					   "source", "source_escaped", "line",	 NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) && str_or_null(r, v, "file") &&
	       escaped(r, v, "file") && jread_member(r, v, "offset", REQ, is_offset_or_null) &&
	       str_or_null(r, v, "function") && str_or_null(r, v, "source") &&
	       escaped(r, v, "source") && jread_member(r, v, "line", REQ, is_int_or_null);
}

static bool is_errno(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (!s || (strcmp(s, "ENOENT") && strcmp(s, "EAFNOSUPPORT")))
		return jread_fail(r, "not ENOENT or EAFNOSUPPORT");
	return true;
}

static bool is_call_name(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (!s || (strcmp(s, "socket") && strcmp(s, "bind")))
		return jread_fail(r, "not socket or bind");
	return true;
}

static bool is_call(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"call", "pid",	   "comm",  "comm_escaped",
					   "exe",  "exe_escaped",  "type",  "type_escaped",
					   "name", "name_escaped", "errno", "site",
					   NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_member(r, v, "call", REQ, is_call_name) &&
	       jread_int(r, v, "pid", REQ, INT32_MIN, INT32_MAX, NULL, NULL) &&
	       jread_str(r, v, "comm", REQ | JREAD_NO_NUL, STR, NULL) && escaped(r, v, "comm") &&
	       str_or_null(r, v, "exe") && escaped(r, v, "exe") && str_or_null(r, v, "type") &&
	       escaped(r, v, "type") && str_or_null(r, v, "name") && escaped(r, v, "name") &&
	       jread_member(r, v, "errno", REQ, is_errno) &&
	       jread_member(r, v, "site", REQ, is_site);
}

static bool is_exit(struct jread *r, struct json_object *v)
{
	static const char *const status_keys[] = {"status", NULL};
	static const char *const signal_keys[] = {"signal", "core", NULL};

	if (!jread_val_obj(r, v, 0))
		return false;
	if (json_object_object_get_ex(v, "status", NULL))
		return only(r, v, status_keys) &&
		       jread_int(r, v, "status", REQ, INT32_MIN, INT32_MAX, NULL, NULL);
	if (json_object_object_get_ex(v, "signal", NULL))
		return only(r, v, signal_keys) &&
		       jread_str(r, v, "signal", REQ | JREAD_NO_NUL, 64, NULL) &&
		       jread_bool(r, v, "core", 0, NULL);
	return jread_fail(r, "neither an exit status nor a signal");
}

static bool is_examined(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"socket", "bind", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_int(r, v, "socket", REQ, 0, INT64_MAX, "a count", NULL) &&
	       jread_int(r, v, "bind", REQ, 0, INT64_MAX, "a count", NULL);
}

static bool is_bound(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"type",	   "name",	   "count",
					   "type_escaped", "name_escaped", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_str(r, v, "type", REQ | JREAD_NO_NUL, STR, NULL) && escaped(r, v, "type") &&
	       jread_str(r, v, "name", REQ | JREAD_NO_NUL, STR, NULL) && escaped(r, v, "name") &&
	       jread_int(r, v, "count", REQ, 0, INT64_MAX, "a count", NULL);
}

static bool is_observed(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"splice",	 "sendfile", "io_submit", "io_uring_setup",
					   "unreadable", "compat",   NULL};

	if (!jread_val_obj(r, v, 0) || !only(r, v, keys))
		return false;
	for (size_t i = 0; keys[i]; i++)
		if (!jread_int(r, v, keys[i], REQ, 0, INT64_MAX, "a count", NULL))
			return false;
	return true;
}

static bool is_run(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {
		"measure",  "exit",   "wall_s",	     "timed_out",
		"stdout",   "stderr", "error_lines", "error_lines_escaped",
		"examined", "bound",  "denied",	     "denied_total",
		"observed", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_member(r, v, "measure", REQ, is_run_measure) &&
	       jread_member(r, v, "exit", REQ, is_exit) &&
	       jread_member(r, v, "wall_s", REQ, is_seconds) &&
	       jread_bool(r, v, "timed_out", REQ, NULL) &&
	       jread_member(r, v, "stdout", REQ, is_stream) &&
	       jread_member(r, v, "stderr", REQ, is_stream) &&
	       jread_list(r, v, "error_lines", REQ, 8, is_error_line) &&
	       jread_member(r, v, "error_lines_escaped", 0, is_true) &&
	       jread_member(r, v, "examined", REQ, is_examined) &&
	       jread_list(r, v, "bound", 0, 256, is_bound) &&
	       jread_list(r, v, "denied", REQ, 64, is_call) &&
	       jread_u64(r, v, "denied_total", REQ, UINT64_MAX, NULL) &&
	       jread_member(r, v, "observed", REQ, is_observed);
}

static bool is_runs(struct jread *r, struct json_object *v)
{
	if (!jread_val_arr(r, v, 0, SIMULATE_MAX_RUNS) || !jread_each(r, v, is_run))
		return false;
	if (json_object_array_length(v) < 2)
		return jread_fail(r, "fewer than 2 runs (the normal run twice comes first)");
	return true;
}

/*
 * An array of byte strings (common/json_bytes.h) whose escaping flag is the
 * sibling "<key>_escaped" of the array: each element a string of at most
 * max bytes as written, and, when escaped, spelled as the writer escapes
 * (no stray backslash, no \x00).
 */
static bool byte_list(struct jread *r, struct json_object *o, const char *key, size_t max_n,
		      size_t max_len)
{
	struct json_object *arr, *flag = NULL;
	char fkey[64];
	bool escaped = false;
	size_t mark;

	snprintf(fkey, sizeof(fkey), "%s_escaped", key);
	if (!jread_member(r, o, fkey, 0, is_true) || !jread_arr(r, o, key, REQ, max_n, &arr))
		return false;
	if (json_object_object_get_ex(o, fkey, &flag))
		escaped = json_object_get_boolean(flag);
	mark = jread_enter(r, key);
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		size_t im = jread_enter_idx(r, i), n;
		const char *s;
		char *raw;
		bool ok;

		if (!jread_val_str(r, v, JREAD_NO_NUL, max_len, &s))
			return false;
		if (escaped) {
			n = strlen(s);
			if (!(raw = malloc(n + 1)))
				return jread_fail(r, "out of memory");
			ok = afalg_bytes_unescape(s, n, raw); /* refuses \x00 */
			free(raw);
			if (!ok)
				return jread_fail(r, "not a byte string as \"%s\" says", fkey);
		}
		jread_leave(r, im);
	}
	jread_leave(r, mark);
	return true;
}

static bool is_verdict_entry(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"measure",  "verdict",	   "why",
					   "programs", "programs_escaped", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_member(r, v, "measure", REQ, is_measure) &&
	       jread_member(r, v, "verdict", REQ, is_verdict) &&
	       jread_str(r, v, "why", REQ | JREAD_NO_NUL, 4096, NULL) &&
	       byte_list(r, v, "programs", SIMULATE_MAX_PROGRAMS, 4 * 4096);
}

static bool is_host(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"kernel", "machine", "af_alg", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_str(r, v, "kernel", REQ | JREAD_NO_NUL, 256, NULL) &&
	       jread_str(r, v, "machine", REQ | JREAD_NO_NUL, 256, NULL) &&
	       jread_bool(r, v, "af_alg", REQ, NULL);
}

static bool is_allowlist(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"file", "name", NULL};

	if (!v)
		return true;
	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_str(r, v, "file", REQ | JREAD_NO_NUL, STR, NULL) && str_or_null(r, v, "name");
}

static bool is_mechanism(struct jread *r, struct json_object *v)
{
	if (!json_object_is_type(v, json_type_string) ||
	    strcmp(json_object_get_string(v), "seccomp-user-notification"))
		return jread_fail(r, "not \"seccomp-user-notification\"");
	return true;
}

static bool is_output_varies(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"stdout", "stderr", NULL};

	return jread_val_obj(r, v, 0) && only(r, v, keys) &&
	       jread_bool(r, v, "stdout", REQ, NULL) && jread_bool(r, v, "stderr", REQ, NULL);
}

static bool is_limit(struct jread *r, struct json_object *v)
{
	return jread_val_str(r, v, JREAD_NO_NUL, 4096, NULL);
}

int simulate_read_check(struct jread *r, struct json_object *doc)
{
	static const char *const keys[] = {"format",
					   "version",
					   "generator",
					   "command",
					   "command_escaped",
					   "executable",
					   "executable_escaped",
					   "mechanism",
					   "host",
					   "allowlist",
					   "limits",
					   "output_varies",
					   "runs",
					   "verdicts",
					   NULL};

	if (!json_object_is_type(doc, json_type_object))
		return jread_fail(r, "not a JSON object") ? 0 : -1;
	if (!only(r, doc, keys) || !jread_str(r, doc, "generator", REQ, 256, NULL) ||
	    !byte_list(r, doc, "command", SIMULATE_MAX_ARGS, STR))
		return -1;
	if (!json_object_array_length(json_object_object_get(doc, "command"))) {
		jread_enter(r, "command");
		jread_fail(r, "empty (COMMAND is at least one word)");
		return -1;
	}
	return jread_member(r, doc, "executable", REQ, is_str_or_null) &&
			       escaped(r, doc, "executable") &&
			       jread_member(r, doc, "mechanism", REQ, is_mechanism) &&
			       jread_member(r, doc, "host", REQ, is_host) &&
			       jread_member(r, doc, "allowlist", REQ, is_allowlist) &&
			       jread_list(r, doc, "limits", REQ, SIMULATE_MAX_LIMITS, is_limit) &&
			       jread_member(r, doc, "output_varies", REQ, is_output_varies) &&
			       jread_member(r, doc, "runs", REQ, is_runs) &&
			       jread_list(r, doc, "verdicts", REQ, SIMULATE_MAX_VERDICTS,
					  is_verdict_entry)
		       ? 0
		       : -1;
}
