// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "afalg.h"
#include "trace_output.h"

#define TRACE_FORMAT "afalg-audit-trace"
#define TRACE_FORMAT_VERSION 1

static const char *const op_names[AFALG_OP_MAX] = {
	[AFALG_OP_SOCKET] = "socket", [AFALG_OP_BIND] = "bind",
	[AFALG_OP_ACCEPT] = "accept", [AFALG_OP_SETSOCKOPT] = "setsockopt",
	[AFALG_OP_SEND] = "send",     [AFALG_OP_RECV] = "recv",
};

/* SOL_ALG option names, include/uapi/linux/if_alg.h. */
static const char *const sockopt_names[] = {
	[1] = "ALG_SET_KEY",
	[2] = "ALG_SET_IV",
	[3] = "ALG_SET_OP",
	[4] = "ALG_SET_AEAD_ASSOCLEN",
	[5] = "ALG_SET_AEAD_AUTHSIZE",
	[6] = "ALG_SET_DRBG_ENTROPY",
	[7] = "ALG_SET_KEY_BY_KEY_SERIAL",
};

const char *afalg_sockopt_name(unsigned int optname)
{
	if (optname < sizeof(sockopt_names) / sizeof(sockopt_names[0]) && sockopt_names[optname])
		return sockopt_names[optname];
	return NULL;
}

/*
 * Modules of off-CPU accelerators whose algorithms do not all carry
 * CRYPTO_ALG_KERN_DRIVER_ONLY (virtio_crypto's do not).  Prefix match.
 */
static const char *const accel_modules[] = {
	"virtio_crypto", "qat_",     "intel_qat",    "ccp",	 "ccree",   "caam",    "hisi_sec",
	"hisi_hpre",	 "nitrox",   "chcr",	     "atmel",	 "omap",    "talitos", "mxs_dcp",
	"sun8i",	 "rockchip", "stm32",	     "qce",	 "keembay", "zynqmp",  "octeontx",
	"cpt",		 "safexcel", "marvell_cesa", "img_hash",
};

bool afalg_driver_is_hardware(const char *module, uint32_t cra_flags)
{
	if (cra_flags & AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY)
		return true;
	for (size_t i = 0;
	     module && module[0] && i < sizeof(accel_modules) / sizeof(accel_modules[0]); i++)
		if (!strncmp(module, accel_modules[i], strlen(accel_modules[i])))
			return true;
	return false;
}

const char *afalg_op_name(unsigned int op)
{
	if (op < AFALG_OP_MAX && op_names[op])
		return op_names[op];
	return "unknown";
}

const char *afalg_errno_name(int err, char *buf, size_t bufsz)
{
	const char *name;

	if (err == 0)
		return NULL;
	name = strerrorname_np(err < 0 ? -err : err);
	if (name)
		return name;
	snprintf(buf, bufsz, "E%d", err < 0 ? -err : err);
	return buf;
}

static uint64_t mono_to_real_offset(void)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return ((uint64_t)real.tv_sec * 1000000000ull + (uint64_t)real.tv_nsec) -
	       ((uint64_t)mono.tv_sec * 1000000000ull + (uint64_t)mono.tv_nsec);
}

void trace_result_init(struct trace_result *r, FILE *live)
{
	memset(r, 0, sizeof(*r));
	r->live = live;
	r->mono_to_real_ns = mono_to_real_offset();
}

void trace_result_free(struct trace_result *r)
{
	free(r->entries);
	memset(r, 0, sizeof(*r));
}

static struct trace_entry *find_entry(struct trace_result *r, const struct afalg_key *k)
{
	for (size_t i = 0; i < r->n; i++)
		if (!memcmp(&r->entries[i].key, k, sizeof(*k)))
			return &r->entries[i];
	return NULL;
}

static struct trace_entry *new_entry(struct trace_result *r, const struct afalg_key *k)
{
	struct trace_entry *e;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		void *p = reallocarray(r->entries, cap, sizeof(*r->entries));

		if (!p)
			return NULL;
		r->entries = p;
		r->cap = cap;
	}
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	return e;
}

static void live_line(FILE *f, const struct trace_entry *e)
{
	char exe[AFALG_PATH_LEN * 4], comm[AFALG_COMM_LEN * 4], ebuf[16];
	const char *en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));

	afalg_escape_text(exe, sizeof(exe), e->exe, strnlen(e->exe, sizeof(e->exe)));
	afalg_escape_text(comm, sizeof(comm), e->comm, strnlen(e->comm, sizeof(e->comm)));
	char alg[AFALG_ALG_LEN * 4 + AFALG_TYPE_LEN * 4 + AFALG_DRIVER_LEN * 4 + 8] = "";

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
	fprintf(f, "%s[%u] uid=%u %s: %s%s%s%s\n", comm, e->tgid, e->key.uid, exe[0] ? exe : "?",
		afalg_op_name(e->key.op), alg, en ? " -> " : "", en ? en : "");
}

void trace_result_add(struct trace_result *r, const struct afalg_event *ev)
{
	struct trace_entry *e = find_entry(r, &ev->key);

	if (e && e->have_context)
		return;
	if (!e && !(e = new_entry(r, &ev->key))) {
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
	if (r->live)
		live_line(r->live, e);
}

void trace_result_collect(struct trace_result *r, int counts_fd, int stats_fd)
{
	struct afalg_key key, next;
	struct afalg_counter c;
	void *prev = NULL;
	int ncpu = libbpf_num_possible_cpus();

	while (bpf_map_get_next_key(counts_fd, prev, &next) == 0) {
		struct trace_entry *e;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(counts_fd, &key, &c))
			continue; /* deleted meanwhile */
		e = find_entry(r, &key);
		if (!e && !(e = new_entry(r, &key)))
			break;
		e->counter = c;
	}
	if (ncpu <= 0)
		return;
	for (__u32 i = 0; i < AFALG_STAT_MAX; i++) {
		__u64 *vals = calloc((size_t)ncpu, sizeof(*vals));

		if (!vals)
			return;
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
	if (r->lost[AFALG_STAT_MAP_FULL]) {
		afalg_warn("trace", "%llu events not counted: the kernel's table is full (%d keys)",
			   (unsigned long long)r->lost[AFALG_STAT_MAP_FULL], AFALG_MAX_KEYS);
		lost = true;
	}
	return lost;
}

static json_object *json_time(const struct trace_result *r, uint64_t mono_ns)
{
	uint64_t ns = mono_ns + r->mono_to_real_ns;
	time_t t = (time_t)(ns / 1000000000ull);
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(ns % 1000000000ull / 1000000ull));
	return json_object_new_string(buf);
}

/* Strings from the kernel are byte strings: store them bounded. */
static json_object *json_bytes(const char *s, size_t max)
{
	return json_object_new_string_len(s, (int)strnlen(s, max));
}

static json_object *entry_json(const struct trace_result *r, const struct trace_entry *e)
{
	json_object *o = json_object_new_object();
	char ebuf[16];
	const char *en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));

	json_object_object_add(o, "op", json_object_new_string(afalg_op_name(e->key.op)));
	json_object_object_add(o, "errno", json_object_new_int(e->key.err < 0 ? -e->key.err : 0));
	json_object_object_add(o, "error", en ? json_object_new_string(en) : NULL);
	json_object_object_add(o, "uid", json_object_new_int64(e->key.uid));
	json_object_object_add(o, "cgroup_id", json_object_new_uint64(e->key.cgroup_id));
	if (e->key.op == AFALG_OP_SOCKET)
		json_object_object_add(o, "socket_type", json_object_new_int((int)e->key.arg));
	if (e->key.salg_type[0])
		json_object_object_add(o, "salg_type",
				       json_bytes(e->key.salg_type, AFALG_TYPE_LEN));
	if (e->key.salg_name[0])
		json_object_object_add(o, "salg_name", json_bytes(e->key.salg_name, AFALG_ALG_LEN));
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
		json_object *via = json_object_new_array();

		if (e->key.arg & AFALG_IO_SPLICE)
			json_object_array_add(via, json_object_new_string("splice"));
		if (e->key.arg & AFALG_IO_AIO)
			json_object_array_add(via, json_object_new_string("aio"));
		if (e->key.arg & AFALG_IO_IO_URING)
			json_object_array_add(via, json_object_new_string("io_uring"));
		json_object_object_add(o, "via", via);
	}
	if (e->key.driver[0]) {
		json_object *d = json_object_new_object();

		json_object_object_add(d, "name", json_bytes(e->key.driver, AFALG_DRIVER_LEN));
		if (e->have_driver) {
			json_object_object_add(d, "cra_name",
					       json_bytes(e->driver.cra_name, AFALG_ALG_LEN));
			json_object_object_add(d, "module",
					       e->driver.module[0] ? json_bytes(e->driver.module,
										AFALG_MODNAME_LEN)
								   : NULL);
			json_object_object_add(d, "priority",
					       json_object_new_int(e->driver.priority));
			json_object_object_add(d, "cra_flags",
					       json_object_new_int64(e->driver.cra_flags));
			json_object_object_add(d, "async",
					       json_object_new_boolean(e->driver.cra_flags &
								       AFALG_CRYPTO_ALG_ASYNC));
			json_object_object_add(
				d, "kern_driver_only",
				json_object_new_boolean(e->driver.cra_flags &
							AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY));
			json_object_object_add(d, "hardware",
					       json_object_new_boolean(afalg_driver_is_hardware(
						       e->driver.module, e->driver.cra_flags)));
		}
		json_object_object_add(o, "driver", d);
	}
	json_object_object_add(o, "count", json_object_new_uint64(e->counter.count));
	json_object_object_add(o, "bytes", json_object_new_uint64(e->counter.bytes));
	if (e->counter.first_ns)
		json_object_object_add(o, "first_seen", json_time(r, e->counter.first_ns));
	if (e->counter.last_ns)
		json_object_object_add(o, "last_seen", json_time(r, e->counter.last_ns));
	if (e->have_context) {
		json_object_object_add(o, "pid", json_object_new_int64(e->tgid));
		json_object_object_add(o, "comm", json_bytes(e->comm, AFALG_COMM_LEN));
	} else {
		json_object_object_add(o, "context_lost", json_object_new_boolean(1));
	}
	return o;
}

/* Group entries by executable (dev, ino): one "program" per binary. */
static json_object *programs_json(const struct trace_result *r)
{
	json_object *progs = json_object_new_array();
	bool *done = calloc(r->n ? r->n : 1, sizeof(*done));

	if (!done)
		return progs;
	for (size_t i = 0; i < r->n; i++) {
		const struct trace_entry *e = &r->entries[i];
		json_object *p, *acts;
		const char *exe = NULL;

		if (done[i])
			continue;
		p = json_object_new_object();
		acts = json_object_new_array();
		for (size_t j = i; j < r->n; j++) {
			const struct trace_entry *f = &r->entries[j];

			if (done[j] || f->key.exe_dev != e->key.exe_dev ||
			    f->key.exe_ino != e->key.exe_ino)
				continue;
			done[j] = true;
			if (!exe && f->have_context && f->exe[0])
				exe = f->exe;
			json_object_array_add(acts, entry_json(r, f));
		}
		json_object_object_add(p, "exe", exe ? json_bytes(exe, AFALG_PATH_LEN) : NULL);
		json_object_object_add(p, "exe_dev", json_object_new_int64(e->key.exe_dev));
		json_object_object_add(p, "exe_ino", json_object_new_uint64(e->key.exe_ino));
		json_object_object_add(p, "activities", acts);
		json_object_array_add(progs, p);
	}
	free(done);
	return progs;
}

int trace_result_write_json(const struct trace_result *r, const char *path)
{
	json_object *root = json_object_new_object(), *lost = json_object_new_object();
	struct utsname uts;
	char host[256] = "";
	FILE *f = stdout;
	int ret = 0;

	json_object_object_add(root, "format", json_object_new_string(TRACE_FORMAT));
	json_object_object_add(root, "version", json_object_new_int(TRACE_FORMAT_VERSION));
	if (uname(&uts) == 0)
		json_object_object_add(root, "kernel", json_object_new_string(uts.release));
	gethostname(host, sizeof(host) - 1);
	json_object_object_add(root, "host", json_object_new_string(host));
	json_object_object_add(lost, "ringbuf_full",
			       json_object_new_uint64(r->lost[AFALG_STAT_RINGBUF_FULL]));
	json_object_object_add(lost, "map_full",
			       json_object_new_uint64(r->lost[AFALG_STAT_MAP_FULL]));
	json_object_object_add(root, "lost", lost);
	if (r->hooks[0])
		json_object_object_add(root, "hooks", json_object_new_string(r->hooks));
	json_object_object_add(root, "programs", programs_json(r));

	if (path && strcmp(path, "-")) {
		f = fopen(path, "we");
		if (!f) {
			afalg_errno(path, errno, "cannot write the trace result");
			json_object_put(root);
			return -1;
		}
	}
	fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	fputc('\n', f);
	if (f != stdout && fclose(f) != 0) {
		afalg_errno(path, errno, "cannot write the trace result");
		ret = -1;
	} else if (f == stdout && fflush(f) != 0) {
		afalg_errno("stdout", errno, "cannot write the trace result");
		ret = -1;
	}
	json_object_put(root);
	return ret;
}
