// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "afalg.h"
#include "json_bytes.h"
#include "cgroup_name.h"
#include "fnv.h"
#include "outfile.h"
#include "trace_journal.h"
#include "trace_output.h"
#include "usrmerge.h"

#define TRACE_FORMAT "afalg-audit-trace"
/* 2: programs' identity and the traced window (issue #17); readers take 1 and 2 */
#define TRACE_FORMAT_VERSION 2

static int64_t mono_to_real_offset(void)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return ((int64_t)real.tv_sec * 1000000000 + real.tv_nsec) -
	       ((int64_t)mono.tv_sec * 1000000000 + mono.tv_nsec);
}

void trace_result_init(struct trace_result *r, FILE *live)
{
	memset(r, 0, sizeof(*r));
	r->live = live;
	r->mono_to_real_ns = mono_to_real_offset();
}

void trace_result_free(struct trace_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		json_object_put(r->entries[i].saved);
		free(r->entries[i].frames);
	}
	free(r->entries);
	free(r->index);
	free(r->procs);
	symbolizer_free(r->sym);
	memset(r, 0, sizeof(*r));
}

/*
 * Keys are found through a hash index: collect() looks up every kernel key
 * on every state save, and the table holds up to --max-keys entries.
 */
static size_t key_hash(const struct afalg_key *k)
{
	return (size_t)afalg_fnv1a64(AFALG_FNV1A64_BASIS, k, sizeof(*k));
}

static void index_put(struct trace_result *r, size_t entry)
{
	size_t mask = r->index_cap - 1, i = key_hash(&r->entries[entry].key) & mask;

	while (r->index[i])
		i = (i + 1) & mask;
	r->index[i] = entry + 1;
}

/* Keep the index at most half full; -1 when out of memory. */
static int index_grow(struct trace_result *r)
{
	size_t cap = r->index_cap ? r->index_cap : 128;
	size_t *old = r->index;

	if (r->index && 2 * (r->n + 1) <= r->index_cap)
		return 0;
	while (2 * (r->n + 1) > cap)
		cap *= 2;
	r->index = calloc(cap, sizeof(*r->index));
	if (!r->index) {
		r->index = old;
		return -1;
	}
	free(old);
	r->index_cap = cap;
	for (size_t e = 0; e < r->n; e++)
		index_put(r, e);
	return 0;
}

struct trace_entry *trace_result_find(struct trace_result *r, const struct afalg_key *k)
{
	size_t mask, i;

	if (!r->index_cap)
		return NULL;
	mask = r->index_cap - 1;
	for (i = key_hash(k) & mask; r->index[i]; i = (i + 1) & mask)
		if (!memcmp(&r->entries[r->index[i] - 1].key, k, sizeof(*k)))
			return &r->entries[r->index[i] - 1];
	return NULL;
}

struct trace_entry *trace_result_new_entry(struct trace_result *r, const struct afalg_key *k)
{
	struct trace_entry *e;

	if (index_grow(r) || afalg_grow(&r->entries, &r->cap, r->n, sizeof(*r->entries), 64))
		return NULL;
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	index_put(r, r->n - 1);
	return e;
}

struct trace_exe_procs *trace_result_procs(struct trace_result *r, const struct afalg_exe_id *id)
{
	for (size_t i = 0; i < r->nprocs; i++)
		if (r->procs[i].exe.ino == id->ino && r->procs[i].exe.dev == id->dev)
			return &r->procs[i];
	if (afalg_grow(&r->procs, &r->capprocs, r->nprocs, sizeof(*r->procs), 32))
		return NULL;
	memset(&r->procs[r->nprocs], 0, sizeof(r->procs[0]));
	r->procs[r->nprocs].exe = *id;
	return &r->procs[r->nprocs++];
}

static void live_line(FILE *f, const struct trace_entry *e)
{
	char exe[AFALG_PATH_LEN * 4], comm[AFALG_COMM_LEN * 4], ebuf[16];
	char alg[AFALG_ALG_LEN * 4 + AFALG_TYPE_LEN * 4 + AFALG_DRIVER_LEN * 4 + 8] = "";
	char site[AFALG_PATH_LEN * 4 + 128 * 4 + 16] = "";
	const char *en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));
	int si = e->frames ? symbolize_site_index(e->frames) : -1;

	afalg_escape_text(exe, sizeof(exe), e->exe, strnlen(e->exe, sizeof(e->exe)));
	afalg_escape_text(comm, sizeof(comm), e->comm, strnlen(e->comm, sizeof(e->comm)));
	if (e->key.salg_type[0]) {
		char t[AFALG_TYPE_LEN * 4], n[AFALG_ALG_LEN * 4], d[AFALG_DRIVER_LEN * 4];

		afalg_escape_text(t, sizeof(t), e->key.salg_type,
				  strnlen(e->key.salg_type, AFALG_TYPE_LEN));
		afalg_escape_text(n, sizeof(n), e->key.salg_name,
				  strnlen(e->key.salg_name, AFALG_ALG_LEN));
		afalg_escape_text(d, sizeof(d), e->key.driver,
				  strnlen(e->key.driver, AFALG_DRIVER_LEN));
		snprintf(alg, sizeof(alg), " %s:%s%s%s", t, n, d[0] ? " => " : "", d);
	}
	if (si >= 0) {
		char file[AFALG_PATH_LEN * 4], fn[128 * 4];
		const char *base = strrchr(e->frames[si].file, '/');

		base = base ? base + 1 : e->frames[si].file;
		afalg_escape_text(file, sizeof(file), base, strlen(base));
		afalg_escape_text(fn, sizeof(fn), e->frames[si].function,
				  strlen(e->frames[si].function));
		snprintf(site, sizeof(site), " [in %s%s%s]", file, fn[0] ? " " : "", fn);
	}
	fprintf(f, "%s[%u] uid=%u %s: %s%s%s%s%s\n", comm, e->tgid, e->key.uid, exe[0] ? exe : "?",
		trace_op_name(e->key.op), alg, en ? " -> " : "", en ? en : "", site);
}

/* A first sighting named by the symbolizer (or given up on): into its entry. */
static void apply_named(void *ctx, const struct sym_result *res)
{
	struct trace_result *r = ctx;
	struct trace_entry *e = trace_result_find(r, &res->key);

	if (!e)
		return;
	if (res->exe[0])
		memcpy(e->exe, res->exe, sizeof(e->exe));
	if (res->build_id[0])
		memcpy(e->build_id, res->build_id, sizeof(e->build_id));
	if (res->have_frames && !e->frames) {
		e->frames = calloc(AFALG_SITE_FRAMES, sizeof(*e->frames));
		if (e->frames)
			memcpy(e->frames, res->frames, AFALG_SITE_FRAMES * sizeof(*e->frames));
	}
	if (r->live)
		live_line(r->live, e);
	trace_journal_finding(r->journal, e);
}

void trace_result_add(struct trace_result *r, const struct afalg_event *ev)
{
	struct trace_entry *e = trace_result_find(r, &ev->key);

	if (e && e->have_context)
		return;
	if (!e && !(e = trace_result_new_entry(r, &ev->key))) {
		afalg_err("trace", "out of memory recording a finding");
		return;
	}
	e->tgid = ev->tgid;
	memcpy(e->comm, ev->comm, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = '\0';
	memcpy(e->exe, ev->exe, sizeof(e->exe));
	e->exe[sizeof(e->exe) - 1] = '\0';
	e->counter.first_ns = ev->ts_ns;
	e->have_context = true;
	if (ev->key.driver[0]) {
		e->driver = ev->driver;
		e->driver.module[sizeof(e->driver.module) - 1] = '\0';
		e->driver.cra_name[sizeof(e->driver.cra_name) - 1] = '\0';
		e->have_driver = true;
	}
	/*
	 * The executable's path and build-id and the call site are named by the
	 * symbolizer's helper, never here (symbolize.h): trace_result_pump().
	 */
	if (!r->sym)
		r->sym = symbolizer_new();
	if (!r->sym || !symbolizer_submit(r->sym, ev)) {
		struct sym_result u;

		if (!r->sym_dropped++)
			afalg_warn("trace", "too many findings waiting to be named: some are "
					    "recorded without their call site and build-id");
		symbolizer_unnamed(ev, &u);
		apply_named(r, &u);
	}
}

bool trace_result_pump(struct trace_result *r, double budget)
{
	return symbolizer_pump(r->sym, budget, apply_named, r);
}

void trace_result_finish_naming(struct trace_result *r, double budget)
{
	symbolizer_pump(r->sym, budget, apply_named, r);
	symbolizer_drop(r->sym, apply_named, r);
}

/* Add what a live socket's cache entry holds for this slot (see afalg_trace.h). */
static void add_cached(const volatile struct afalg_sock_cache *cache,
		       const struct afalg_slot_key *sk, struct afalg_slot *slot)
{
	__u32 idx = afalg_sock_cache_idx(sk->sk) & (AFALG_SOCK_CACHE - 1), i;
	struct afalg_sock_cache e;

	if (!cache || sk->op < AFALG_OP_SEND || sk->op > AFALG_OP_RECV)
		return;
	/* A copy of the live entry (the kernel keeps counting meanwhile). */
	memcpy(&e, (const void *)&cache[idx], sizeof(e));
	if (e.id != sk->sk)
		return;
	i = AFALG_SOCK_CACHE_SLOT(sk->op, sk->how);
	if (!(e.valid & (1u << i)))
		return;
	slot->c.count += e.c[i].count;
	slot->c.bytes += e.c[i].bytes;
	if (e.c[i].last_ns > slot->c.last_ns)
		slot->c.last_ns = e.c[i].last_ns;
}

void trace_result_collect(struct trace_result *r, int counts_fd, int slots_fd,
			  const volatile struct afalg_sock_cache *cache, int stats_fd, int procs_fd)
{
	struct afalg_key key, next;
	struct afalg_slot_key sk, nsk;
	struct afalg_slot slot;
	struct afalg_exe_id id, nid;
	struct afalg_counter c;
	void *prev = NULL;
	int ncpu = libbpf_num_possible_cpus();
	__u64 n;

	while (bpf_map_get_next_key(counts_fd, prev, &next) == 0) {
		struct trace_entry *e;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(counts_fd, &key, &c))
			continue; /* deleted meanwhile */
		e = trace_result_find(r, &key);
		if (!e && !(e = trace_result_new_entry(r, &key)))
			break;
		e->counter = c;
	}
	/* Live sockets' counts are in their slots until the socket is freed. */
	prev = NULL;
	while (slots_fd >= 0 && bpf_map_get_next_key(slots_fd, prev, &nsk) == 0) {
		struct trace_entry *e;

		sk = nsk;
		prev = &sk;
		if (bpf_map_lookup_elem(slots_fd, &sk, &slot))
			continue;
		add_cached(cache, &sk, &slot);
		if (!slot.c.count)
			continue;
		e = trace_result_find(r, &slot.key);
		if (!e && !(e = trace_result_new_entry(r, &slot.key)))
			break;
		e->counter.count += slot.c.count;
		e->counter.bytes += slot.c.bytes;
		if (slot.c.last_ns > e->counter.last_ns)
			e->counter.last_ns = slot.c.last_ns;
	}
	prev = NULL;
	while (procs_fd >= 0 && bpf_map_get_next_key(procs_fd, prev, &nid) == 0) {
		struct trace_exe_procs *p;

		id = nid;
		prev = &id;
		if (bpf_map_lookup_elem(procs_fd, &id, &n) == 0 && (p = trace_result_procs(r, &id)))
			p->procs = n;
	}
	if (ncpu <= 0)
		return;
	for (__u32 i = 0; i < AFALG_STAT_MAX; i++) {
		__u64 *vals = calloc((size_t)ncpu, sizeof(*vals));

		if (!vals)
			return;
		r->lost[i] = 0;
		if (bpf_map_lookup_elem(stats_fd, &i, vals) == 0)
			for (int cpu = 0; cpu < ncpu; cpu++)
				r->lost[i] += vals[cpu];
		free(vals);
	}
}

bool trace_result_report_losses(const struct trace_result *r)
{
	bool lost = false;

	if (r->lost[AFALG_STAT_RINGBUF_FULL]) {
		afalg_warn("trace", "%llu new findings lost their context: ring buffer full",
			   (unsigned long long)r->lost[AFALG_STAT_RINGBUF_FULL]);
		lost = true;
	}
	if (r->prog_missed) {
		afalg_warn("trace",
			   "%llu hook runs skipped by the kernel (another BPF program was running "
			   "on that CPU): those events are not counted",
			   (unsigned long long)r->prog_missed);
		lost = true;
	}
	if (r->lost[AFALG_STAT_MAP_FULL]) {
		afalg_warn("trace",
			   "%llu events not counted: the kernel's table is full (%u keys; see "
			   "--max-keys)",
			   (unsigned long long)r->lost[AFALG_STAT_MAP_FULL],
			   r->max_keys ? r->max_keys : AFALG_MAX_KEYS);
		lost = true;
	}
	return lost;
}

static json_object *json_time_real(int64_t ns)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(ns % 1000000000 / 1000000));
	return json_object_new_string(buf);
}

/*
 * Strings from the kernel and from names of files are byte strings: stored
 * bounded, and under the one policy of common/json_bytes.h (the same as
 * scan's, so an executable's path joins its scan result byte for byte).
 */
static void put_bytes(json_object *o, const char *key, const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *b = malloc(n + 1);

	if (!b) {
		json_object_object_add(o, key, NULL);
		return;
	}
	memcpy(b, s, n);
	b[n] = '\0';
	afalg_json_add_bytes(o, key, b);
	free(b);
}

static json_object *frame_json(const struct sym_frame *f)
{
	json_object *o = json_object_new_object();
	char addr[24];

	snprintf(addr, sizeof(addr), "0x%" PRIx64, f->addr);
	json_object_object_add(o, "address", json_object_new_string(addr));
	if (f->file[0])
		put_bytes(o, "file", f->file, sizeof(f->file));
	else
		json_object_object_add(o, "file", NULL);
	json_object_object_add(o, "offset", json_object_new_uint64(f->offset));
	/* verified: the file at that path is still the one the kernel saw mapped. */
	json_object_object_add(o, "verified", json_object_new_boolean(f->valid));
	if (f->function[0])
		put_bytes(o, "function", f->function, sizeof(f->function));
	else
		json_object_object_add(o, "function", NULL);
	if (f->source[0]) {
		put_bytes(o, "source", f->source, sizeof(f->source));
		json_object_object_add(o, "line", json_object_new_int(f->line));
	}
	return o;
}

static void add_driver(json_object *o, const struct trace_entry *e)
{
	json_object *d = json_object_new_object();
	const struct afalg_driver *dr = &e->driver;

	put_bytes(d, "name", e->key.driver, AFALG_DRIVER_LEN);
	if (e->have_driver) {
		put_bytes(d, "cra_name", dr->cra_name, AFALG_ALG_LEN);
		if (dr->module[0])
			put_bytes(d, "module", dr->module, AFALG_MODNAME_LEN);
		else
			json_object_object_add(d, "module", NULL);
		json_object_object_add(d, "priority", json_object_new_int(dr->priority));
		json_object_object_add(d, "cra_flags", json_object_new_int64(dr->cra_flags));
		json_object_object_add(
			d, "async",
			json_object_new_boolean(dr->cra_flags & AFALG_CRYPTO_ALG_ASYNC));
		json_object_object_add(
			d, "kern_driver_only",
			json_object_new_boolean(dr->cra_flags & AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY));
		json_object_object_add(d, "hardware",
				       json_object_new_boolean(afalg_driver_is_hardware(
					       dr->module, dr->cra_flags)));
	}
	json_object_object_add(o, "driver", d);
}

/* Context that only a first sighting carries: from this run, or the saved state. */
static void add_context(json_object *o, const struct trace_entry *e)
{
	static const char *const saved_keys[] = {"pid", "comm", "driver", "site", "stack"};
	int si;

	if (!e->have_context) {
		for (size_t i = 0; e->saved && i < sizeof(saved_keys) / sizeof(saved_keys[0]);
		     i++) {
			json_object *v;

			if (json_object_object_get_ex(e->saved, saved_keys[i], &v)) {
				json_object *copy = NULL;

				if (json_object_deep_copy(v, &copy, NULL) == 0)
					json_object_object_add(o, saved_keys[i], copy);
			}
		}
		if (!e->saved)
			json_object_object_add(o, "context_lost", json_object_new_boolean(1));
		return;
	}
	json_object_object_add(o, "pid", json_object_new_int64(e->tgid));
	put_bytes(o, "comm", e->comm, AFALG_COMM_LEN);
	if (e->key.driver[0])
		add_driver(o, e);
	if (!e->frames)
		return;
	si = symbolize_site_index(e->frames);
	if (si >= 0)
		json_object_object_add(o, "site", frame_json(&e->frames[si]));
	json_object *stack = json_object_new_array();

	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		json_object_array_add(stack, e->frames[i].addr ? frame_json(&e->frames[i]) : NULL);
	json_object_object_add(o, "stack", stack);
}

/*
 * trace-v1's "via": the I/O modes of a send/recv (not the libraries that
 * "via" lists in scan JSON), in the order it has always listed them.
 */
static json_object *io_modes_json(unsigned int modes)
{
	static const enum afalg_feature order[] = {AFALG_FEAT_ZEROCOPY, AFALG_FEAT_AIO,
						   AFALG_FEAT_IO_URING};
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (modes & AFALG_BIT(order[i]))
			json_object_array_add(a,
					      json_object_new_string(afalg_io_mode_name(order[i])));
	return a;
}

static json_object *entry_json(const struct trace_result *r, const struct trace_entry *e,
			       const struct cgroup_names *cg)
{
	const char *cgpath = cgroup_names_find(cg, e->key.cgroup_id);
	json_object *o = json_object_new_object();
	char ebuf[16];
	const char *en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));
	int64_t first = 0, last = 0;

	json_object_object_add(o, "op", json_object_new_string(trace_op_name(e->key.op)));
	json_object_object_add(o, "errno", json_object_new_int(e->key.err < 0 ? -e->key.err : 0));
	json_object_object_add(o, "error", en ? json_object_new_string(en) : NULL);
	json_object_object_add(o, "uid", json_object_new_int64(e->key.uid));
	json_object_object_add(o, "cgroup_id", json_object_new_uint64(e->key.cgroup_id));
	/* The container or service, where the cgroup still exists; else null. */
	afalg_json_add_bytes(o, "cgroup", cgpath);
	if (e->key.op == AFALG_OP_SOCKET)
		json_object_object_add(o, "socket_type", json_object_new_int((int)e->key.arg));
	if (e->key.salg_type[0])
		put_bytes(o, "salg_type", e->key.salg_type, AFALG_TYPE_LEN);
	if (e->key.salg_name[0])
		put_bytes(o, "salg_name", e->key.salg_name, AFALG_ALG_LEN);
	if (e->key.flags & AFALG_KF_NAME_TRUNC)
		json_object_object_add(o, "salg_name_truncated", json_object_new_boolean(1));
	if (e->key.op == AFALG_OP_SETSOCKOPT) {
		const char *on = afalg_sockopt_name(e->key.arg);

		json_object_object_add(o, "optname", json_object_new_int((int)e->key.arg));
		json_object_object_add(o, "optname_name", on ? json_object_new_string(on) : NULL);
		/* The length only: for ALG_SET_KEY the key length, for the AEAD authsize its value.
		 */
		json_object_object_add(o, "optlen", json_object_new_int64(e->key.arg2));
	}
	if (e->key.op == AFALG_OP_SEND || e->key.op == AFALG_OP_RECV) {
		json_object_object_add(o, "via", io_modes_json(e->key.arg));
	}
	if (!e->have_context && e->key.driver[0] && !e->saved)
		add_driver(o, e); /* at least its name: it is part of the key */
	json_object_object_add(o, "count",
			       json_object_new_uint64(e->counter.count + e->base.count));
	json_object_object_add(o, "bytes",
			       json_object_new_uint64(e->counter.bytes + e->base.bytes));
	if (e->counter.count) {
		first = (int64_t)e->counter.first_ns + r->mono_to_real_ns;
		last = (int64_t)e->counter.last_ns + r->mono_to_real_ns;
	}
	if (e->base.count) {
		if (!first || (int64_t)e->base.first_ns < first)
			first = (int64_t)e->base.first_ns;
		if ((int64_t)e->base.last_ns > last)
			last = (int64_t)e->base.last_ns;
	}
	if (first > 0)
		json_object_object_add(o, "first_seen", json_time_real(first));
	if (last > 0)
		json_object_object_add(o, "last_seen", json_time_real(last));
	add_context(o, e);
	return o;
}

/* Group entries by executable (dev, ino): one "program" per binary. */
/* Order entries by executable, then by first sighting: one "program" per binary. */
static int cmp_by_exe(const void *a, const void *b, void *ctx)
{
	const struct trace_entry *ents = ctx;
	const struct afalg_key *x = &ents[*(const size_t *)a].key,
			       *y = &ents[*(const size_t *)b].key;

	if (x->exe_dev != y->exe_dev)
		return x->exe_dev < y->exe_dev ? -1 : 1;
	if (x->exe_ino != y->exe_ino)
		return x->exe_ino < y->exe_ino ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static json_object *programs_json(const struct trace_result *r)
{
	struct cgroup_names *cg = cgroup_names_load_system();
	json_object *progs = json_object_new_array();
	size_t *order;

	order = calloc(r->n ? r->n : 1, sizeof(*order));
	if (!order) {
		cgroup_names_free(cg);
		return progs;
	}
	for (size_t i = 0; i < r->n; i++)
		order[i] = i;
	qsort_r(order, r->n, sizeof(*order), cmp_by_exe, r->entries);
	for (size_t i = 0; i < r->n;) {
		const struct trace_entry *e = &r->entries[order[i]];
		struct afalg_exe_id id = {.ino = e->key.exe_ino, .dev = e->key.exe_dev};
		const struct trace_exe_procs *pp = NULL;
		const char *exe = NULL, *bid = NULL;
		json_object *p = json_object_new_object(), *acts = json_object_new_array();

		for (; i < r->n; i++) {
			const struct trace_entry *f = &r->entries[order[i]];

			if (f->key.exe_dev != id.dev || f->key.exe_ino != id.ino)
				break;
			if (!exe && f->exe[0])
				exe = f->exe;
			if (!bid && f->build_id[0])
				bid = f->build_id;
			json_object_array_add(acts, entry_json(r, f, cg));
		}
		for (size_t k = 0; k < r->nprocs; k++)
			if (r->procs[k].exe.ino == id.ino && r->procs[k].exe.dev == id.dev)
				pp = &r->procs[k];
		if (exe) {
			char ebuf[AFALG_PATH_LEN + 1], key[AFALG_PATH_LEN + 8];

			put_bytes(p, "exe", exe, AFALG_PATH_LEN);
			/* the join key of scan v4's "identity" (common/usrmerge.h) */
			snprintf(ebuf, sizeof(ebuf), "%.*s", AFALG_PATH_LEN, exe);
			if (ebuf[0] == '/')
				put_bytes(p, "identity", afalg_usrmerge_key(ebuf, key, sizeof(key)),
					  sizeof(key));
		} else {
			json_object_object_add(p, "exe", NULL);
		}
		json_object_object_add(p, "build_id", bid ? json_object_new_string(bid) : NULL);
		json_object_object_add(p, "exe_dev", json_object_new_int64(id.dev));
		json_object_object_add(p, "exe_ino", json_object_new_uint64(id.ino));
		json_object_object_add(p, "processes",
				       json_object_new_uint64(pp ? pp->procs + pp->base_procs : 0));
		json_object_object_add(p, "activities", acts);
		json_object_array_add(progs, p);
	}
	free(order);
	cgroup_names_free(cg);
	return progs;
}

json_object *trace_result_json(const struct trace_result *r)
{
	json_object *root = json_object_new_object(), *lost = json_object_new_object();
	struct utsname uts;
	char host[256] = "";

	json_object_object_add(root, "format", json_object_new_string(TRACE_FORMAT));
	json_object_object_add(root, "version", json_object_new_int(TRACE_FORMAT_VERSION));
	if (uname(&uts) == 0)
		json_object_object_add(root, "kernel", json_object_new_string(uts.release));
	gethostname(host, sizeof(host) - 1);
	json_object_object_add(root, "host", json_object_new_string(host));
	/* the traced window, which report weighs an absence by (issue #17) */
	json_object_object_add(root, "duration_s",
			       json_object_new_double(r->duration_s + r->base_duration_s));
	if (r->started_ns > 0 && r->ended_ns >= r->started_ns) {
		json_object_object_add(root, "started", json_time_real(r->started_ns));
		json_object_object_add(root, "ended", json_time_real(r->ended_ns));
	}
	json_object_object_add(lost, "ringbuf_full",
			       json_object_new_uint64(r->lost[AFALG_STAT_RINGBUF_FULL] +
						      r->base_lost[AFALG_STAT_RINGBUF_FULL]));
	json_object_object_add(lost, "map_full",
			       json_object_new_uint64(r->lost[AFALG_STAT_MAP_FULL] +
						      r->base_lost[AFALG_STAT_MAP_FULL]));
	json_object_object_add(lost, "prog_missed",
			       json_object_new_uint64(r->prog_missed + r->base_prog_missed));
	json_object_object_add(root, "lost", lost);
	/* beside "lost", whose members stay counters a reader may add up */
	if (r->nmissed_by) {
		json_object *by = json_object_new_object();

		for (unsigned i = 0; i < r->nmissed_by; i++)
			json_object_object_add(by, r->missed_by[i].name,
					       json_object_new_uint64(r->missed_by[i].n));
		json_object_object_add(root, "prog_missed_by", by);
	}
	if (r->hooks[0]) {
		json_object *feat = json_object_new_object();

		json_object_object_add(root, "hooks", json_object_new_string(r->hooks));
		/* false: call sites of short-lived processes may stay unresolved (no bpf_find_vma).
		 */
		json_object_object_add(feat, "sites_in_kernel",
				       json_object_new_boolean(r->sites_in_kernel));
		if (r->data_path)
			json_object_object_add(feat, "data_path",
					       json_object_new_string(r->data_path));
		json_object_object_add(feat, "fentry_upgrades",
				       json_object_new_int64(r->fentry_upgrades));
		json_object_object_add(root, "features", feat);
	}
	json_object_object_add(root, "programs", programs_json(r));
	return root;
}

int trace_result_write_json(const struct trace_result *r, const char *path)
{
	json_object *root = trace_result_json(r);
	const char *text = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	struct afalg_outfile *o = afalg_outfile_open(path, "trace result");
	int ret = -1;

	if (o) {
		FILE *f = afalg_outfile_stream(o);

		fputs(text, f);
		fputc('\n', f);
		ret = afalg_outfile_commit(o);
	}
	json_object_put(root);
	return ret;
}
