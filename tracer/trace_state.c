// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The state file of long traces: the trace JSON itself, written so that a
 * crash or kill -9 at any moment leaves either the previous complete file or
 * the new complete one (common/outfile.h: a new private file in the same
 * directory, fsync, rename over, fsync the directory), and merged back on
 * restart.  It is read as untrusted input: every member is type-checked and
 * bounded.
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
#include "json_bytes.h"
#include "outfile.h"
#include "state_shape.h"
#include "trace_output.h"

#define STATE_MAX_BYTES (64 << 20) /* refuse absurd state files */

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

/* "2026-11-22T03:11:19.027Z" -> ns since the epoch; 0 if absent. */
static int64_t get_time(json_object *o, const char *k)
{
	json_object *v;
	int64_t t;

	if (!json_object_object_get_ex(o, k, &v))
		return 0;
	t = trace_state_time(json_object_get_string(v));
	return t > 0 ? t : 0;
}

static bool get_u64(json_object *o, const char *k, uint64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_uint64(v);
	return true;
}

/* An int the writer may have cast from a u32 (socket_type, optname): either reading. */
static bool get_u32_bits(json_object *o, const char *k, uint32_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = (uint32_t)json_object_get_int64(v);
	return true;
}

/*
 * A byte string member (common/json_bytes.h), decoded and cut to outsz - 1
 * bytes; absent, null, of another type or wrongly escaped: "".
 */
static void get_str(json_object *o, const char *k, char *out, size_t outsz)
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

/* Rebuild the kernel key of a saved activity; false if it is not one of ours. */
static bool activity_key(json_object *a, const struct afalg_exe_id *id, struct afalg_key *k)
{
	char op[16];
	uint64_t v = 0;
	json_object *via, *drv, *t;

	memset(k, 0, sizeof(*k));
	k->exe_ino = id->ino;
	k->exe_dev = id->dev;
	get_str(a, "op", op, sizeof(op));
	k->op = (uint16_t)afalg_op_from_name(op);
	if (!k->op)
		return false;
	if (get_u64(a, "errno", &v))
		k->err = -(int32_t)v; /* 0..INT32_MAX (state_shape.c) */
	if (get_u64(a, "uid", &v))
		k->uid = (uint32_t)v;
	if (get_u64(a, "cgroup_id", &v))
		k->cgroup_id = v;
	if (k->op == AFALG_OP_SOCKET)
		get_u32_bits(a, "socket_type", &k->arg);
	if (k->op == AFALG_OP_SETSOCKOPT) {
		get_u32_bits(a, "optname", &k->arg);
		if (get_u64(a, "optlen", &v))
			k->arg2 = (uint32_t)v;
	}
	if (json_object_object_get_ex(a, "via", &via) && json_object_is_type(via, json_type_array))
		for (size_t i = 0; i < json_object_array_length(via); i++) {
			const char *m = json_object_get_string(json_object_array_get_idx(via, i));

			if (!m)
				continue;
			if (!strcmp(m, "splice"))
				k->arg |= AFALG_IO_SPLICE;
			else if (!strcmp(m, "aio"))
				k->arg |= AFALG_IO_AIO;
			else if (!strcmp(m, "io_uring"))
				k->arg |= AFALG_IO_IO_URING;
		}
	if (json_object_object_get_ex(a, "salg_name_truncated", &t) && json_object_get_boolean(t))
		k->flags |= AFALG_KF_NAME_TRUNC;
	get_str(a, "salg_type", k->salg_type, sizeof(k->salg_type));
	get_str(a, "salg_name", k->salg_name, sizeof(k->salg_name));
	if (json_object_object_get_ex(a, "driver", &drv) &&
	    json_object_is_type(drv, json_type_object))
		get_str(drv, "name", k->driver, sizeof(k->driver));
	return true;
}

/* The shape was checked (state_shape.c); -1 only when out of memory. */
static int merge_program(struct trace_result *r, json_object *p)
{
	struct afalg_exe_id id = {0};
	json_object *acts;
	uint64_t v;
	char exe[AFALG_PATH_LEN], bid[41];
	struct trace_exe_procs *pp;

	if (!get_u64(p, "exe_ino", &v))
		return 0;
	id.ino = v;
	if (!get_u64(p, "exe_dev", &v))
		return 0;
	id.dev = (uint32_t)v;
	get_str(p, "exe", exe, sizeof(exe));
	get_str(p, "build_id", bid, sizeof(bid));
	if (get_u64(p, "processes", &v)) {
		if (!(pp = trace_result_procs(r, &id)))
			return -1;
		pp->base_procs += v;
	}
	if (!json_object_object_get_ex(p, "activities", &acts) ||
	    !json_object_is_type(acts, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(acts); i++) {
		json_object *a = json_object_array_get_idx(acts, i);
		struct afalg_key k;
		struct trace_entry *e;
		int64_t first, last;

		/* Only an op of "unknown" has no key: nothing to merge it into. */
		if (!json_object_is_type(a, json_type_object) || !activity_key(a, &id, &k))
			continue;
		e = trace_result_find(r, &k);
		if (!e && !(e = trace_result_new_entry(r, &k)))
			return -1;
		if (get_u64(a, "count", &v))
			e->base.count += v;
		if (get_u64(a, "bytes", &v))
			e->base.bytes += v;
		first = get_time(a, "first_seen");
		last = get_time(a, "last_seen");
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

int trace_result_load(struct trace_result *r, const char *path)
{
	json_object *root, *progs, *lost;
	char where[160];
	const char *why;
	struct stat st;
	int fd;

	/* A tracer killed between naming its new state and renaming it. */
	afalg_outfile_clean_stale(path);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* first run */
		afalg_errno(path, errno, "cannot read the state file");
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > STATE_MAX_BYTES) {
		afalg_err(path, "not a regular file of at most %d MiB", STATE_MAX_BYTES >> 20);
		close(fd);
		return -1;
	}
	/*
	 * The tracer writes its state as its own private file: one of another
	 * user's (put there in a shared directory) is not merged.
	 */
	if (st.st_uid != geteuid()) {
		afalg_err(path,
			  "state file owned by uid %u, not by the tracer's (uid %u): not "
			  "merged",
			  (unsigned)st.st_uid, (unsigned)geteuid());
		close(fd);
		return -1;
	}
	root = json_object_from_fd(fd);
	close(fd);
	if (!root) {
		afalg_err(path, "state file is not valid JSON: %s", json_util_get_last_err());
		return -1;
	}
	/* Refused whole, and left as it is: nothing merged, nothing saved over it. */
	if (trace_state_check(root, where, sizeof(where), &why)) {
		afalg_err("trace", "%s: %s%s%s", path, where, *where ? ": " : "", why);
		json_object_put(root);
		return -1;
	}
	if (json_object_object_get_ex(root, "lost", &lost)) {
		uint64_t n;

		if (get_u64(lost, "ringbuf_full", &n))
			r->base_lost[AFALG_STAT_RINGBUF_FULL] += n;
		if (get_u64(lost, "map_full", &n))
			r->base_lost[AFALG_STAT_MAP_FULL] += n;
		if (get_u64(lost, "prog_missed", &n))
			r->base_prog_missed += n;
	}
	if (json_object_object_get_ex(root, "programs", &progs) &&
	    json_object_is_type(progs, json_type_array))
		for (size_t i = 0; i < json_object_array_length(progs); i++) {
			json_object *p = json_object_array_get_idx(progs, i);

			if (json_object_is_type(p, json_type_object) && merge_program(r, p) < 0) {
				afalg_err("trace", "%s: out of memory merging the state file",
					  path);
				json_object_put(root);
				return -1;
			}
		}
	json_object_put(root);
	return 0;
}
