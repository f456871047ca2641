// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The state file of long traces: the trace JSON itself, written so that a
 * crash or kill -9 at any moment leaves either the previous complete file or
 * the new complete one (common/outfile.h: a new private file in the same
 * directory, fsync, rename over, fsync the directory), and merged back on
 * restart.  It is read as untrusted input, by the trace format's reader
 * (trace_read.c) under the state file's own limits (below).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "jread.h"
#include "json_bytes.h"
#include "jsonin.h"
#include "outfile.h"
#include "trace_output.h"
#include "trace_read.h"

int trace_result_save_state(const struct trace_result *r, const char *path)
{
	json_object *root = trace_result_json(r);
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text);
	char *buf = malloc(len + 2);
	int ret = -1;

	if (!buf) {
		afalg_err(path, "out of memory saving the state file");
	} else {
		memcpy(buf, text, len);
		buf[len] = '\n';
		ret = afalg_outfile_write(path, "state file", buf, len + 1);
		free(buf);
	}
	json_object_put(root);
	return ret;
}

/*
 * The document was checked whole (trace_read.c) before any of it is merged:
 * the getters below cannot fail on it, and members absent keep the value
 * given first.
 */

/* "2026-11-22T03:11:19.027Z" -> ns since the epoch; 0 if absent. */
static int64_t get_time(struct jread *r, json_object *o, const char *k)
{
	const char *s;

	jread_str(r, o, k, 0, JREAD_ANY, &s);
	return s ? trace_read_time(s) : 0;
}

/*
 * A byte string member (common/json_bytes.h) into a fixed buffer of the
 * kernel's key, decoded and cut to outsz - 1 bytes; absent, null or wrongly
 * escaped: "".
 */
static void copy_str(json_object *o, const char *k, char *out, size_t outsz)
{
	char *v = NULL;
	size_t n;

	out[0] = '\0';
	if (afalg_json_get_bytes(o, k, &v) != AFALG_BYTES_OK)
		return;
	n = strlen(v);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	free(v);
}

/* An int the writer may have cast from a u32 (socket_type, optname): either reading. */
static uint32_t get_u32_bits(struct jread *r, json_object *o, const char *k)
{
	int64_t v = 0;

	jread_int(r, o, k, 0, INT32_MIN, UINT32_MAX, NULL, &v);
	return (uint32_t)v;
}

static uint64_t get_u64(struct jread *r, json_object *o, const char *k)
{
	uint64_t v = 0;

	jread_u64(r, o, k, 0, UINT64_MAX, &v);
	return v;
}

/* Rebuild the kernel key of a saved activity; false if it is not one of ours. */
static bool activity_key(struct jread *r, json_object *a, const struct afalg_exe_id *id,
			 struct afalg_key *k)
{
	json_object *io_modes = NULL, *drv = NULL;
	int64_t err = 0;
	bool trunc = false;
	char opname[16];
	int op;

	memset(k, 0, sizeof(*k));
	k->exe_ino = id->ino;
	k->exe_dev = id->dev;
	copy_str(a, "op", opname, sizeof(opname));
	op = afalg_op_from_name(opname);
	if (op < 0)
		return false; /* "unknown": cannot be keyed again */
	k->op = (uint16_t)op;
	jread_int(r, a, "errno", 0, 0, INT32_MAX, NULL, &err);
	k->err = -(int32_t)err;
	k->uid = (uint32_t)get_u64(r, a, "uid");
	k->cgroup_id = get_u64(r, a, "cgroup_id");
	if (k->op == AFALG_OP_SOCKET)
		k->arg = get_u32_bits(r, a, "socket_type");
	if (k->op == AFALG_OP_SETSOCKOPT) {
		k->arg = get_u32_bits(r, a, "optname");
		k->arg2 = (uint32_t)get_u64(r, a, "optlen");
	}
	/* "via" in trace JSON: the I/O modes of a send/recv (common/afalg_vocab.h). */
	jread_arr(r, a, "via", 0, JREAD_ANY, &io_modes);
	for (size_t i = 0; io_modes && i < json_object_array_length(io_modes); i++) {
		int m = afalg_io_mode_from_name(
			json_object_get_string(json_object_array_get_idx(io_modes, i)));

		if (m >= 0)
			k->arg |= AFALG_BIT(m);
	}
	if (jread_bool(r, a, "salg_name_truncated", 0, &trunc) && trunc)
		k->flags |= AFALG_KF_NAME_TRUNC;
	copy_str(a, "salg_type", k->salg_type, sizeof(k->salg_type));
	copy_str(a, "salg_name", k->salg_name, sizeof(k->salg_name));
	if (jread_obj(r, a, "driver", 0, &drv) && drv)
		copy_str(drv, "name", k->driver, sizeof(k->driver));
	return true;
}

/* -1 only when out of memory. */
static int merge_program(struct trace_result *r, struct jread *jr, json_object *p)
{
	struct afalg_exe_id id = {0};
	json_object *acts = NULL;
	uint64_t procs = 0;
	char exe[AFALG_PATH_LEN], bid[AFALG_BUILD_ID_HEX_SIZE];
	struct trace_exe_procs *pp;

	id.ino = get_u64(jr, p, "exe_ino");
	id.dev = (uint32_t)get_u64(jr, p, "exe_dev");
	copy_str(p, "exe", exe, sizeof(exe));
	copy_str(p, "build_id", bid, sizeof(bid));
	if (jread_u64(jr, p, "processes", JREAD_REQUIRED, UINT64_MAX, &procs)) {
		if (!(pp = trace_result_procs(r, &id)))
			return -1;
		pp->base_procs += procs;
	}
	jread_arr(jr, p, "activities", 0, JREAD_ANY, &acts);
	for (size_t i = 0; acts && i < json_object_array_length(acts); i++) {
		json_object *a = json_object_array_get_idx(acts, i);
		struct afalg_key k;
		struct trace_entry *e;
		int64_t first, last;

		/* Only an op of "unknown" has no key: nothing to merge it into. */
		if (!activity_key(jr, a, &id, &k))
			continue;
		e = trace_result_find(r, &k);
		if (!e && !(e = trace_result_new_entry(r, &k)))
			return -1;
		e->base.count += get_u64(jr, a, "count");
		e->base.bytes += get_u64(jr, a, "bytes");
		first = get_time(jr, a, "first_seen");
		last = get_time(jr, a, "last_seen");
		if (first > 0 && (!e->base.first_ns || (uint64_t)first < e->base.first_ns))
			e->base.first_ns = (uint64_t)first;
		if ((uint64_t)last > e->base.last_ns)
			e->base.last_ns = (uint64_t)last;
		if (!e->exe[0])
			memcpy(e->exe, exe, sizeof(e->exe));
		if (!e->build_id[0])
			memcpy(e->build_id, bid, sizeof(e->build_id));
		if (!e->saved)
			e->saved = json_object_get(a);
	}
	return 0;
}

/*
 * The state file as the tracer wrote it: its own private regular file
 * (O_NOFOLLOW, owned by our uid: one of another user's, put there in a
 * shared directory, is not merged), at most 64 MiB; none yet on a first run.
 */
static const struct jsonin_limits state_limits = {64u << 20,
						  JSONIN_NOFOLLOW | JSONIN_MISSING_OK | JSONIN_OWN};

int trace_result_load(struct trace_result *r, const char *path)
{
	json_object *root, *progs = NULL, *lost = NULL;
	struct jread jr;
	int ret;

	/* A tracer killed between naming its new state and renaming it. */
	afalg_outfile_clean_stale(path);
	ret = jsonin_read_limits(path, &state_limits, &root);
	if (ret)
		return ret > 0 ? 0 : -1; /* none yet: the first run */
	/* Refused whole, and left as it is: nothing merged, nothing saved over it. */
	jread_init(&jr);
	if (trace_read_check(&jr, root, TRACE_READ_STATE)) {
		afalg_err("trace", "%s: %s%s%s", path, jr.where, *jr.where ? ": " : "", jr.why);
		json_object_put(root);
		return -1;
	}
	jread_obj(&jr, root, "lost", 0, &lost);
	r->base_lost[AFALG_STAT_RINGBUF_FULL] += get_u64(&jr, lost, "ringbuf_full");
	r->base_lost[AFALG_STAT_MAP_FULL] += get_u64(&jr, lost, "map_full");
	r->base_prog_missed += get_u64(&jr, lost, "prog_missed");
	{
		struct json_object *d = json_object_object_get(root, "duration_s");

		/* optional; the check above has seen it is a number >= 0 if present */
		if (json_object_is_type(d, json_type_double) ||
		    json_object_is_type(d, json_type_int))
			r->base_duration_s += json_object_get_double(d);
		/* the window goes back to the first run's start (checked: a time, if present) */
		d = json_object_object_get(root, "started");
		if (d &&
		    (!r->started_ns || trace_read_time(json_object_get_string(d)) < r->started_ns))
			r->started_ns = trace_read_time(json_object_get_string(d));
	}
	jread_arr(&jr, root, "programs", 0, JREAD_ANY, &progs);
	for (size_t i = 0; progs && i < json_object_array_length(progs); i++)
		if (merge_program(r, &jr, json_object_array_get_idx(progs, i)) < 0) {
			afalg_err("trace", "%s: out of memory merging the state file", path);
			json_object_put(root);
			return -1;
		}
	json_object_put(root);
	return 0;
}
