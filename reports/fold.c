// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Folding one scan (version 1 to 3), trace-v1 or simulate-v1 document into the model.
 * The documents are untrusted: each is checked whole by its format's reader
 * (analyzer/scan_read.c, tracer/trace_read.c, simulate_read.c: every member used, of its
 * type and range) before any of it is folded, and a document of the wrong
 * shape is one error naming the file and the member, with nothing of it in
 * the model.  The folding below then reads members the reader vouched for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "json_bytes.h"
#include "jread.h"
#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "intern.h"
#include "scan_read.h"
#include "simulate_read.h"
#include "survey_read.h"
#include "trace_read.h"

#define MAX_INPUT_LIST 1000

struct ctx {
	struct model *m;
	const char *path;
};

/*
 * A byte-string member naming a program (a scan's "path", a trace's "exe")
 * as its bytes (common/json_bytes.h; its reader checked the spelling), so
 * that a path escaped by one writer joins the same path from the other, and
 * two files whose escaped spellings are the same text stay two programs.
 * *out is malloc'd, or NULL when absent; -1 when out of memory.
 */
static int decode_bytes(struct json_object *o, const char *key, char **out)
{
	*out = NULL;
	switch (afalg_json_get_bytes(o, key, out)) {
	case AFALG_BYTES_ABSENT:
	case AFALG_BYTES_OK:
		return 0;
	default:
		return -1;
	}
}

static bool stamp(struct model *m, struct mprog *p)
{
	if (p->stamp == m->stamp)
		return false;
	p->stamp = m->stamp;
	return true;
}

static void set_once(struct model *m, const char **dst, const char *v)
{
	if (!*dst && v)
		*dst = model_intern(m, v);
}

static void attribute_file(struct model *m, struct mprog *p, const char *file)
{
	const struct rlibrary *l;

	if (!file || !*file)
		return;
	model_add_file(m, p, file);
	if (!p->library && (l = rdata_library_file(m->data, file)))
		p->library = l;
}

/*
 * One via library of a scan file: the file it names (where the AF_ALG
 * calls are) and, from scan version 2, the library's AF_ALG entry points
 * the file imports (null: not known at function level) and their types.
 */
static void fold_via(struct model *m, struct mprog *p, struct json_object *v)
{
	const char *vp = jstr(v, "path"), *needed = jstr(v, "needed");
	struct json_object *fns = NULL, *types = jget_arr(v, "afalg_types");
	struct mvia *mv;

	attribute_file(m, p, vp ? vp : needed);
	if (!needed && !vp)
		return;
	mv = model_add_via(m, p, needed, vp);
	if (!mv)
		return;
	json_object_object_get_ex(v, "functions", &fns);
	if (json_object_is_type(fns, json_type_array)) {
		mv->functions_known = true;
		for (size_t i = 0; i < json_object_array_length(fns); i++)
			model_via_function(
				m, mv, json_object_get_string(json_object_array_get_idx(fns, i)));
	}
	for (size_t i = 0; types && i < json_object_array_length(types); i++)
		mv->types |=
			afalg_type_bit(json_object_get_string(json_object_array_get_idx(types, i)));
}

/*
 * What scan evidence says about where the code lives: the functions holding
 * the AF_ALG call sites (reached, or dead: "unreached-site"), and why a
 * library's functions are not known ("link-level": "LIB: why").
 */
static void fold_evidence(struct model *m, struct mprog *p, struct json_object *e)
{
	const char *kind = jstr(e, "kind"), *det = jstr(e, "detail");
	struct json_object *src = jget_obj(e, "source");
	bool has_addr = json_object_is_type(json_object_object_get(e, "address"), json_type_int);
	uint64_t addr = 0;
	char where[512];

	if (!kind)
		return;
	if (!strcmp(kind, "socket-call") || !strcmp(kind, "syscall-call") ||
	    !strcmp(kind, "raw-syscall") || !strcmp(kind, "unreached-site")) {
		const char *file = src ? jstr(src, "file") : NULL;

		if (has_addr)
			addr = ju64(e, "address", 0);
		if (file)
			snprintf(where, sizeof(where), "%s:%llu", file,
				 (unsigned long long)ju64(src, "line", 0));
		model_add_site(m, p, jstr(e, "function"), file ? where : NULL,
			       has_addr ? &addr : NULL, strcmp(kind, "unreached-site") != 0);
	} else if (!strcmp(kind, "link-level") && det) {
		const char *colon = strstr(det, ": ");
		struct mvia *v = NULL;

		if (colon && (size_t)(colon - det) < sizeof(where)) {
			memcpy(where, det, (size_t)(colon - det));
			where[colon - det] = 0;
			v = model_find_via(m, p, where);
		}
		if (v && !v->link_level)
			v->link_level = model_intern(m, colon + 2);
		else if (!v && !p->link_level)
			p->link_level = model_intern(m, det);
	}
}

/*
 * Where a file of a directory PATH argument is installed (issue #17: one
 * identity wherever it was seen): below an argument that looks like a root
 * (a staged DESTDIR, an image: the file's path below it starts with one of
 * the top directories), "/" + that path; NULL otherwise (the path itself
 * is the identity).  The longest argument wins.  buf: size bytes.
 */
static const char *installed_at(const char *path, char *const *inputs, size_t ninputs, char *buf,
				size_t size)
{
	static const char *const tops[] = {"usr/",    "bin/", "sbin/", "lib/", "lib32/", "lib64/",
					   "libx32/", "etc/", "opt/",  "srv/", "var/",	 "boot/"};
	size_t best = 0;
	const char *rel = NULL;

	for (size_t i = 0; i < ninputs; i++) {
		size_t n = strlen(inputs[i]);

		if (n > best && n > 1 && !strncmp(path, inputs[i], n) && path[n] == '/') {
			best = n;
			rel = path + n + 1;
		}
	}
	for (size_t i = 0; rel && i < sizeof(tops) / sizeof(*tops); i++)
		if (!strncmp(rel, tops[i], strlen(tops[i])) &&
		    (size_t)snprintf(buf, size, "/%s", rel) < size)
			return buf;
	return NULL;
}

/* One file of a checked scan document; -1 when out of memory. */
static int fold_scan_file(struct ctx *c, struct json_object *f, char *const *inputs, size_t ninputs)
{
	char ibuf[4200];
	struct model *m = c->m;
	const char *cls = jstr(f, "classification");
	struct json_object *arr;
	struct mprog *p;
	char *path, *inst;
	bool info;

	if (decode_bytes(f, "path", &path))
		return -1;
	if (decode_bytes(f, "installed_path", &inst)) {
		free(path);
		return -1;
	}
	/*
	 * Where it is installed: what the scan says (version 4); before that, an
	 * archive member's path is already that, and a file below a directory
	 * argument that looks like a root is guessed (installed_at).
	 */
	p = model_prog_seen(m, path,
			    inst ? inst
			    : jstr(f, "archive")
				    ? NULL
				    : installed_at(path, inputs, ninputs, ibuf, sizeof(ibuf)),
			    jstr(f, "build_id"), true);
	free(inst);
	if (!p) {
		free(path);
		return -1;
	}
	if (stamp(m, p))
		p->scans++;
	p->in_scan = true;
	*(jstr(f, "archive") ? &p->in_archive : &p->in_installed) = true;
	/* every answer is kept; model_class() says which wins (a use, over everything) */
	info = !strcmp(cls, "links") || !strcmp(cls, "unreachable");
	if (!strcmp(cls, "uses"))
		p->uses = true;
	else if (!strcmp(cls, "capable"))
		p->capable = true;
	else if (!strcmp(cls, "links"))
		p->links = true;
	else
		p->unreachable = true;
	set_once(m, &p->package, jstr(f, "package"));
	set_once(m, &p->version, jstr(f, "version"));
	set_once(m, &p->source, jstr(f, "source_package"));
	set_once(m, &p->kind, jstr(f, "kind"));
	set_once(m, &p->role, jstr(f, "role"));
	set_once(m, &p->use, jstr(f, "use"));

	if ((arr = jget_arr(f, "afalg_types")))
		for (size_t j = 0; j < json_object_array_length(arr); j++)
			/* links, unreachable: what it would use, not what it uses */
			*(info ? &p->info_types : &p->types) |= afalg_type_bit(
				json_object_get_string(json_object_array_get_idx(arr, j)));
	if ((arr = jget_arr(f, "features")))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			int feat = afalg_feature_from_name(
				json_object_get_string(json_object_array_get_idx(arr, j)));

			/* scan-v1 lists how the code moves data; DRBG entropy: evidence below */
			if (feat >= 0 && (AFALG_BIT(feat) & AFALG_IO_MODES))
				p->features |= AFALG_BIT(feat);
		}
	if ((arr = jget_arr(f, "algorithms")))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			const char *s = json_object_get_string(json_object_array_get_idx(arr, j));

			/* templates such as hmac(%s) name no algorithm */
			if (*s && !strchr(s, '%') && strlen(s) < 128)
				model_alg(m, p, NULL, s);
		}
	if ((arr = jget_arr(f, "via")))
		for (size_t j = 0; j < json_object_array_length(arr); j++)
			fold_via(m, p, json_object_array_get_idx(arr, j));
	/* libraries and plugins are where the code lives themselves */
	if (p->role && (!strcmp(p->role, "library") || !strcmp(p->role, "plugin")) && !p->library)
		p->library = rdata_library_file(m->data, path);
	if ((arr = jget_arr(f, "evidence")))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			struct json_object *e = json_object_array_get_idx(arr, j);
			const char *fn = jstr(e, "function"), *det = jstr(e, "detail");
			const struct rlibrary *l;

			if (!p->library && (l = rdata_library_function(m->data, fn)))
				p->library = l;
			if (det && (strstr(det, "setentropy") || strstr(det, "DRBG_ENTROPY")))
				p->features |= AFALG_BIT(AFALG_FEAT_DRBG_ENTROPY);
			fold_evidence(m, p, e);
		}
	free(path);
	return 0;
}

/* A scan's unresolved libraries (version 3; checked by scan_read_check). */
static int fold_unresolved(struct ctx *c, struct json_object *arr)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *u = json_object_array_get_idx(arr, i);
		struct json_object *ex = jget_arr(u, "examples");
		char *needed, *paths[MODEL_UNRES_EXAMPLES] = {0};
		size_t n = 0;
		int ret;

		if (decode_bytes(u, "needed", &needed))
			return -1;
		for (size_t k = 0;
		     ex && k < json_object_array_length(ex) && n < MODEL_UNRES_EXAMPLES; k++)
			if (decode_bytes(json_object_array_get_idx(ex, k), "path", &paths[n]) ==
				    0 &&
			    paths[n])
				n++;
		ret = needed ? model_unresolved(c->m, needed, ju64(u, "files", 0),
						(const char *const *)paths, n)
			     : 0;
		free(needed);
		for (size_t k = 0; k < n; k++)
			free(paths[k]);
		if (ret)
			return -1;
	}
	return 0;
}

/* What a scan covered, by its own counts (unchecked members: ju64 reads 0 for a wrong one). */
static void scan_coverage(struct model *m, struct json_object *doc)
{
	struct json_object *st = jget_obj(doc, "stats"), *pk = jget_arr(doc, "packages");

	m->scan_files += ju64(st, "files", 0);
	m->scan_elf_files += ju64(st, "elf_files", 0);
	m->scan_archives += ju64(st, "archives", 0);
	m->scan_members += ju64(st, "archive_members", 0);
	m->scan_errors += ju64(st, "errors", 0);
	m->scan_packages += pk ? json_object_array_length(pk) : 0;
}

static int fold_scan(struct ctx *c, struct json_object *doc)
{
	struct json_object *files = jget_arr(doc, "files"), *args = jget_arr(doc, "inputs");
	size_t n = args ? json_object_array_length(args) : 0, ninputs = 0;
	char **inputs = calloc(n ? n : 1, sizeof(*inputs));
	int ret = 0;

	c->m->nscan++;
	scan_coverage(c->m, doc);
	/* the PATH arguments, without a trailing '/': files below them (installed_at) */
	for (size_t i = 0; inputs && i < n; i++) {
		char *in;

		if (decode_bytes(json_object_array_get_idx(args, i), "path", &in)) {
			ret = -1;
			break;
		}
		if (!in)
			continue;
		for (size_t k = strlen(in); k > 1 && in[k - 1] == '/'; k--)
			in[k - 1] = '\0';
		inputs[ninputs++] = in;
	}
	for (size_t i = 0; inputs && !ret && i < json_object_array_length(files); i++)
		ret = fold_scan_file(c, json_object_array_get_idx(files, i), inputs, ninputs);
	ret = ret ? ret : fold_unresolved(c, jget_arr(doc, "unresolved"));
	for (size_t i = 0; i < ninputs; i++)
		free(inputs[i]);
	if (!inputs || ret) {
		free(inputs);
		afalg_err(c->path, "out of memory");
		return -1;
	}
	free(inputs);
	return 0;
}

bool model_container_cgroup(const char *cg)
{
	static const char *const marks[] = {"docker",	"containerd",	 "libpod", "lxc",
					    "kubepods", "machine.slice", "crio"};

	for (size_t i = 0; cg && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(cg, marks[i]))
			return true;
	return false;
}

/* One activity of a checked trace document. */
static void fold_activity(struct ctx *c, struct mprog *p, struct json_object *a)
{
	struct model *m = c->m;
	const char *op = jstr(a, "op"), *type = jstr(a, "salg_type"), *name = jstr(a, "salg_name");
	const char *error = jstr(a, "error"), *cgroup = jstr(a, "cgroup");
	const char *optname = jstr(a, "optname_name");
	uint64_t err = ju64(a, "errno", 0), uid = ju64(a, "uid", 0), count = ju64(a, "count", 0);
	/* trace JSON's "via": the I/O modes of a send/recv (scan's: libraries) */
	struct json_object *io_modes = jget_arr(a, "via"), *site, *drv;
	struct malg *alg = NULL;
	int tid = afalg_type_from_name(type), opid = afalg_op_from_name(op);

	if (!op)
		return;
	model_add_uid(p, (uint32_t)uid);
	if (tid < 0)
		type = NULL; /* not a type we know: keep the name, not the type */
	if (type && name && *name && strlen(name) < 128 && opid == AFALG_OP_BIND)
		alg = model_alg(m, p, type, name);
	if (err) {
		char buf[32];

		if (!error) {
			snprintf(buf, sizeof(buf), "errno %llu", (unsigned long long)err);
			error = buf;
		}
		model_add_error(m, p, op, error, count);
		if (alg)
			alg->runtime = true; /* tried: it wants this algorithm */
		if (type && opid == AFALG_OP_BIND)
			p->types |= AFALG_BIT(tid);
		return;
	}
	if (type)
		p->types |= AFALG_BIT(tid);
	if (opid == AFALG_OP_BIND && alg) {
		alg->runtime = true;
		alg->count += count;
		if (uid && !alg->nonroot) {
			alg->nonroot = true;
			alg->nonroot_uid = (uint32_t)uid;
		}
		if (model_container_cgroup(cgroup) && !alg->container_cgroup)
			alg->container_cgroup = model_intern(m, cgroup);
		model_add_binder(m, alg, cgroup, (uint32_t)uid);
		if ((drv = jget_obj(a, "driver"))) {
			const char *dn = jstr(drv, "name"), *cra = jstr(drv, "cra_name");
			bool as, hw;
			int ias = jget_bool(drv, "async", &as) ? as : -1;
			int ihw = jget_bool(drv, "hardware", &hw) ? hw : -1;

			if (dn) {
				model_add_driver(m, alg, dn, jstr(drv, "module"), ias, ihw);
				if (!strcmp(dn, name) && cra && strcmp(cra, name))
					alg->driver_name_bound = true;
			}
		}
	}
	if (optname && !strcmp(optname, "ALG_SET_DRBG_ENTROPY"))
		p->features |= AFALG_BIT(AFALG_FEAT_DRBG_ENTROPY);
	for (size_t j = 0; io_modes && j < json_object_array_length(io_modes); j++) {
		int io = afalg_io_mode_from_name(
			json_object_get_string(json_object_array_get_idx(io_modes, j)));

		if (io < 0)
			continue;
		p->features |= AFALG_BIT(io);
		if (io == AFALG_FEAT_ZEROCOPY &&
		    (tid == AFALG_TYPE_SKCIPHER || tid == AFALG_TYPE_AEAD))
			p->rt_splice_skaead = true;
		if (io == AFALG_FEAT_AIO)
			p->rt_aio = true;
	}
	if ((site = jget_obj(a, "site"))) {
		bool verified = false;

		jget_bool(site, "verified", &verified);
		if (verified)
			attribute_file(m, p, jstr(site, "file"));
		if (!p->library)
			p->library = rdata_library_function(m->data, jstr(site, "function"));
	}
}

static void add_input(struct model *m, const char *path, const char *format, const char *host,
		      const char *kernel)
{
	if (m->ninputs >= MAX_INPUT_LIST) {
		m->inputs_omitted++;
		return;
	}
	if (afalg_grow(&m->inputs, &m->cinputs, m->ninputs, sizeof(*m->inputs), 16))
		return;
	m->inputs[m->ninputs++] = (struct minput){model_intern(m, path), format,
						  model_intern(m, host), model_intern(m, kernel)};
}

static int fold_trace(struct ctx *c, struct json_object *doc)
{
	struct model *m = c->m;
	struct json_object *progs = jget_arr(doc, "programs"), *lost = jget_obj(doc, "lost");
	const char *host = jstr(doc, "host"), *kernel = jstr(doc, "kernel"), *hostkey, *dp;
	struct json_object *feat, *dur;

	m->ntrace++;
	m->lost_ringbuf += ju64(lost, "ringbuf_full", 0);
	m->lost_map += ju64(lost, "map_full", 0);
	m->lost_prog_missed += ju64(lost, "prog_missed", 0);
	/* a trace without a host name is its own host */
	hostkey = afalg_intern(m->hosts, host && *host ? host : c->path);
	if (!hostkey) {
		afalg_err(c->path, "out of memory");
		return -1;
	}
	if (kernel && afalg_intern_count(m->kernels) < 64)
		afalg_intern(m->kernels, kernel);
	add_input(m, c->path, "afalg-audit-trace", host, kernel);
	/* what the evidence is worth: the syscall fallback sees socket() and bind() only */
	if ((feat = jget_obj(doc, "features")) && (dp = jstr(feat, "data_path")) &&
	    !strcmp(dp, "none"))
		m->ntrace_degraded++;
	{
		const char *from = jstr(doc, "started"), *to = jstr(doc, "ended");
		int64_t f = from ? trace_read_time(from) : -1, t = to ? trace_read_time(to) : -1;

		if (f >= 0 && t >= f) {
			if (!m->ntrace_windowed++ || f < m->trace_from_ns)
				m->trace_from_ns = f;
			if (t > m->trace_to_ns)
				m->trace_to_ns = t;
		}
	}
	dur = json_object_object_get(doc, "duration_s");
	if ((json_object_is_type(dur, json_type_double) ||
	     json_object_is_type(dur, json_type_int)) &&
	    json_object_get_double(dur) >= 0) {
		double s = json_object_get_double(dur);

		if (!m->ntrace_timed++ || s < m->trace_shortest_s)
			m->trace_shortest_s = s;
		m->trace_total_s += s;
	}
	for (size_t i = 0; i < json_object_array_length(progs); i++) {
		struct json_object *pr = json_object_array_get_idx(progs, i);
		struct json_object *acts = jget_arr(pr, "activities");
		struct mprog *p = NULL;
		char *exe;

		if (!decode_bytes(pr, "exe", &exe)) {
			p = model_prog_seen(m, exe, NULL, jstr(pr, "build_id"), false);
			free(exe);
		}
		if (!p) {
			afalg_err(c->path, "out of memory");
			return -1;
		}
		/* distinct hosts, as long as one host's traces are not interleaved with others' */
		if (p->last_host != hostkey) {
			p->last_host = hostkey;
			p->hosts_runtime++;
		}
		p->in_trace = true;
		p->uses = true; /* it called socket(AF_ALG): a user, whatever it got */
		p->processes += ju64(pr, "processes", 0);
		for (size_t j = 0; acts && j < json_object_array_length(acts); j++)
			fold_activity(c, p, json_object_array_get_idx(acts, j));
	}
	return 0;
}

/* Room for a command as words: longer ones end in "...". */
#define SIM_COMMAND_MAX 160

/*
 * COMMAND and its ARGS as one line of words ("hardlink -c DIR"): a word
 * with a blank, a quote or a shell character in single quotes.  The words
 * are the document's (a byte string escaped as \xNN stays so): every
 * renderer escapes them for its format.
 */
static void command_words(struct json_object *cmd, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; i < json_object_array_length(cmd); i++) {
		const char *w = json_object_get_string(json_object_array_get_idx(cmd, i));
		bool quote = !*w || w[strcspn(w, " \t\n'\"\\$`|&;<>()*?[]{}~#!")];
		char word[SIM_COMMAND_MAX + 8];
		size_t k = 0;
		bool cut = false;

		if (quote)
			word[k++] = '\'';
		for (const char *c = w; *c; c++) {
			if (k + 5 > SIM_COMMAND_MAX) {
				cut = true;
				break;
			}
			if (*c == '\'' && quote) {
				/* 'it'\''s' */
				memcpy(word + k, "'\\''", 4);
				k += 4;
			} else {
				word[k++] = *c;
			}
		}
		word[k] = 0;
		if (cut)
			k = afalg_utf8_trim_tail(word); /* never half a character */
		else if (quote)
			word[k++] = '\'', word[k] = 0;
		if (cut || n + (i ? 1 : 0) + k > SIM_COMMAND_MAX) {
			/* the command's name, however long, then "..." for what does not fit */
			snprintf(buf + n, size - n, "%s%s...", i ? " " : "", i ? "" : word);
			return;
		}
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "", word);
	}
}

/*
 * How the run under measure (its "runs" entry) ended: "exit 0", "signal
 * SIGSEGV", "killed at --timeout".
 */
static const char *run_end(struct json_object *runs, const char *measure, char *buf, size_t size)
{
	for (size_t i = 0; runs && i < json_object_array_length(runs); i++) {
		struct json_object *run = json_object_array_get_idx(runs, i), *ex;
		const char *rm = jstr(run, "measure"), *sig;
		bool timed_out = false;
		int64_t st;

		if (!rm || strcmp(rm, measure))
			continue;
		jget_bool(run, "timed_out", &timed_out);
		ex = jget_obj(run, "exit");
		/* in simulate's words (its "why" starts so) */
		if (timed_out)
			snprintf(buf, size, "killed at --timeout");
		else if (jget_int(ex, "status", &st))
			snprintf(buf, size, "exit %lld", (long long)st);
		else if ((sig = jstr(ex, "signal")))
			snprintf(buf, size, "signal %.32s", sig);
		else
			return NULL;
		return buf;
	}
	return NULL;
}

/*
 * A checked simulate result: each verdict applies to the programs its
 * measure acted on (they made AF_ALG calls: users, of the M0 type it
 * denied), or, when it acted on none (not-reached), to the command's
 * executable whenever an input names it.  not-simulated (M1..M3) measures
 * nothing and overrides nothing: it is left out, and so is not-reached from
 * a kernel without AF_ALG (host.af_alg false), where no measure could act.
 */
static int fold_simulate(struct ctx *c, struct json_object *doc)
{
	struct model *m = c->m;
	struct json_object *verdicts = jget_arr(doc, "verdicts"), *runs = jget_arr(doc, "runs");
	struct json_object *host = jget_obj(doc, "host");
	char words[SIM_COMMAND_MAX + 16], end[64];
	const char *command, *exe;
	char *exe_bytes = NULL;
	bool af_alg = true;

	m->nsim++;
	jget_bool(host, "af_alg", &af_alg);
	add_input(m, c->path, "afalg-audit-simulate", NULL, host ? jstr(host, "kernel") : NULL);
	command_words(jget_arr(doc, "command"), words, sizeof(words));
	if (!(command = model_intern(m, words)) || decode_bytes(doc, "executable", &exe_bytes))
		goto nomem;
	exe = exe_bytes;
	for (size_t i = 0; i < json_object_array_length(verdicts); i++) {
		struct json_object *e = json_object_array_get_idx(verdicts, i);
		struct json_object *progs = jget_arr(e, "programs");
		const char *measure = jstr(e, "measure"),
			   *how = run_end(runs, measure, end, sizeof(end));
		int slot = simulate_slot_from_name(measure);
		enum measured_verdict sv = measured_verdict_from_name(jstr(e, "verdict"));
		struct msimv v = {(unsigned char)sv, command, model_intern(m, jstr(e, "why")),
				  how ? model_intern(m, how) : NULL};
		bool acted = sv == MV_SURVIVES || sv == MV_DEGRADES || sv == MV_BREAKS;
		bool escaped = false;

		/*
		 * On a kernel without AF_ALG no measure but M6 can act (socket()
		 * fails before any bind): not-reached there measured nothing.
		 */
		if (sv == MV_NOT_SIMULATED || (sv == MV_NOT_REACHED && !af_alg))
			continue;
		jget_bool(e, "programs_escaped", &escaped);
		if (!v.why || (how && !v.exit))
			goto nomem;
		if (!json_object_array_length(progs) && exe && *exe &&
		    model_pend(m, exe, (unsigned)slot, &v))
			goto nomem;
		for (size_t j = 0; j < json_object_array_length(progs); j++) {
			const char *spelt =
				json_object_get_string(json_object_array_get_idx(progs, j));
			char *path = malloc(strlen(spelt) + 1);
			struct mprog *p = NULL;
			bool bad;

			/* byte strings, decoded as the reader checked they can be */
			if (!path)
				goto nomem;
			if (!escaped || !afalg_bytes_unescape(spelt, strlen(spelt), path))
				strcpy(path, spelt);
			if (!*path) {
				free(path);
				continue;
			}
			if (!acted)
				bad = model_pend(m, path, (unsigned)slot, &v) != 0;
			else
				bad = !(p = model_prog_seen(m, path, NULL, NULL, false)) ||
				      model_sim_set(p, (unsigned)slot, &v);
			free(path);
			if (bad)
				goto nomem;
			if (!acted)
				continue;
			p->in_sim = true;
			p->uses = true; /* the measure acted on its AF_ALG calls */
			if (slot < 4)
				p->types |= afalg_type_bit(measure + 3);
		}
	}
	free(exe_bytes);
	return 0;
nomem:
	free(exe_bytes);
	afalg_err(c->path, "out of memory");
	return -1;
}

static int trace_result_check(struct jread *r, struct json_object *doc)
{
	return trace_read_check(r, doc, TRACE_READ_RESULT);
}

/* The document's shape, by its format's reader: -1 after one line naming the member. */
static int check_shape(const char *path, struct json_object *doc,
		       int (*check)(struct jread *, struct json_object *))
{
	struct jread r;

	jread_init(&r);
	if (!check(&r, doc))
		return 0;
	jread_report(&r, path);
	return -1;
}

int model_fold_doc(struct model *m, const char *path, struct json_object *doc)
{
	struct ctx c = {m, path};
	const char *format = jstr(doc, "format");

	m->stamp++;
	if (format && !strcmp(format, "afalg-audit-scan")) {
		if (jsonin_check_format_v(path, doc, format, SCAN_READ_MAX_VERSION, NULL) ||
		    check_shape(path, doc, scan_read_check))
			return -1;
		add_input(m, path, "afalg-audit-scan", NULL, NULL);
		return fold_scan(&c, doc);
	}
	if (format && !strcmp(format, "afalg-audit-survey")) {
		/* an archive survey (issue #19): its repository's packages, and its scan */
		struct json_object *scan;
		char *scan_path = NULL;
		int ret;

		if (jsonin_check_format(path, doc, format) ||
		    check_shape(path, doc, survey_read_check))
			return -1;
		scan = jget_obj(doc, "scan");
		if (asprintf(&scan_path, "%s: scan", path) < 0) {
			afalg_err(path, "out of memory");
			return -1;
		}
		ret = jsonin_check_format_v(scan_path, scan, "afalg-audit-scan",
					    SCAN_READ_MAX_VERSION, NULL);
		free(scan_path);
		if (ret || model_fold_survey(m, path, doc))
			return -1;
		add_input(m, path, "afalg-audit-survey", NULL, NULL);
		return fold_scan(&c, scan);
	}
	if (format && !strcmp(format, "afalg-audit-trace")) {
		if (jsonin_check_format_v(path, doc, format, TRACE_READ_MAX_VERSION, NULL) ||
		    check_shape(path, doc, trace_result_check))
			return -1;
		return fold_trace(&c, doc);
	}
	if (format && !strcmp(format, "afalg-audit-simulate")) {
		if (jsonin_check_format(path, doc, format) ||
		    check_shape(path, doc, simulate_read_check))
			return -1;
		return fold_simulate(&c, doc);
	}
	if (format && !strcmp(format, "afalg-audit-report")) {
		afalg_err(path,
			  "a report, not a scan, trace or simulate result (reports are inputs to "
			  "'check --baseline' only)");
		return -1;
	}
	afalg_err(path, "not a scan, survey, trace or simulate result (\"format\" must be "
			"afalg-audit-scan, afalg-audit-survey, afalg-audit-trace or "
			"afalg-audit-simulate)");
	return -1;
}

int model_fold_file(struct model *m, const char *path)
{
	struct json_object *doc;
	int ret;

	if (jsonin_read(path, &doc))
		return -1;
	ret = model_fold_doc(m, path, doc);
	json_object_put(doc);
	return ret;
}
