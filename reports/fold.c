// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Folding one scan-v1 or trace-v1 document into the model.  The documents
 * are untrusted: each member used is type-checked, and a wrong type is an
 * error naming the file and the entry (the schemas are in docs/schema/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "json_bytes.h"
#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "rpool.h"

#define MAX_INPUT_LIST 1000

struct ctx {
	struct model *m;
	const char *path;
	bool failed;
};

static void fail(struct ctx *c, const char *where, size_t i, const char *what)
{
	char w[96];

	if (c->failed)
		return;
	snprintf(w, sizeof(w), "%s[%zu]", where, i);
	afalg_err(c->path, "%s: %s", w, what);
	c->failed = true;
}

/* Optional string member: absent or null -> NULL; another type -> error. */
static const char *ostr(struct ctx *c, struct json_object *o, const char *key, const char *where,
			size_t i)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		char msg[80];

		snprintf(msg, sizeof(msg), "\"%s\" must be a string or null", key);
		fail(c, where, i, msg);
		return NULL;
	}
	return json_object_get_string(v);
}

/*
 * A byte-string member that names a program (a scan's "path", a trace's
 * "exe"): decoded to its bytes (common/json_bytes.h) and interned, so that a
 * path escaped by one writer joins the same path from the other, and two
 * files whose escaped spellings are the same text stay two programs.
 */
static const char *obytes(struct ctx *c, struct json_object *o, const char *key, const char *where,
			  size_t i)
{
	char *raw, msg[96];
	const char *r = NULL;

	switch (afalg_json_get_bytes(o, key, &raw)) {
	case AFALG_BYTES_ABSENT:
		return NULL;
	case AFALG_BYTES_OK:
		if (!(r = model_intern(c->m, raw)))
			fail(c, where, i, "out of memory");
		free(raw);
		return r;
	case AFALG_BYTES_NOT_STRING:
		snprintf(msg, sizeof(msg), "\"%s\" must be a string or null", key);
		break;
	case AFALG_BYTES_BAD_ESCAPE:
		snprintf(msg, sizeof(msg), "\"%s\" is not a byte string as \"%s_escaped\" says",
			 key, key);
		break;
	case AFALG_BYTES_NOMEM:
		snprintf(msg, sizeof(msg), "out of memory");
		break;
	}
	fail(c, where, i, msg);
	return NULL;
}

static struct json_object *oarr(struct ctx *c, struct json_object *o, const char *key,
				const char *where, size_t i)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	if (!json_object_is_type(v, json_type_array)) {
		char msg[80];

		snprintf(msg, sizeof(msg), "\"%s\" must be an array", key);
		fail(c, where, i, msg);
		return NULL;
	}
	return v;
}

static uint64_t ouint(struct ctx *c, struct json_object *o, const char *key, const char *where,
		      size_t i)
{
	struct json_object *v;
	int64_t x;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_int) || (x = json_object_get_int64(v)) < 0) {
		char msg[80];

		snprintf(msg, sizeof(msg), "\"%s\" must be a non-negative integer", key);
		fail(c, where, i, msg);
		return 0;
	}
	return (uint64_t)x;
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

static void fold_scan_file(struct ctx *c, struct json_object *f, size_t i)
{
	struct model *m = c->m;
	const char *path = obytes(c, f, "path", "files", i);
	const char *bid = ostr(c, f, "build_id", "files", i);
	const char *cls = ostr(c, f, "classification", "files", i);
	struct json_object *arr;
	struct mprog *p;

	if (!json_object_is_type(f, json_type_object)) {
		fail(c, "files", i, "not an object");
		return;
	}
	if (c->failed)
		return;
	if (!path || !cls || (strcmp(cls, "uses") && strcmp(cls, "capable"))) {
		fail(c, "files", i, "needs \"path\" and \"classification\" uses|capable");
		return;
	}
	p = model_prog(m, path, bid);
	if (!p) {
		fail(c, "files", i, "out of memory");
		return;
	}
	if (stamp(m, p))
		p->scans++;
	p->in_scan = true;
	if (!strcmp(cls, "uses"))
		p->uses = true;
	else
		p->capable = true;
	set_once(m, &p->package, ostr(c, f, "package", "files", i));
	set_once(m, &p->version, ostr(c, f, "version", "files", i));
	set_once(m, &p->kind, ostr(c, f, "kind", "files", i));
	set_once(m, &p->role, ostr(c, f, "role", "files", i));
	set_once(m, &p->use, ostr(c, f, "use", "files", i));

	if ((arr = oarr(c, f, "afalg_types", "files", i)))
		for (size_t j = 0; j < json_object_array_length(arr); j++)
			p->types |= model_type_bit(
				json_object_get_string(json_object_array_get_idx(arr, j)));
	if ((arr = oarr(c, f, "features", "files", i)))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			const char *s = json_object_get_string(json_object_array_get_idx(arr, j));

			if (!s)
				continue;
			if (!strcmp(s, "aio"))
				p->features |= F_AIO;
			else if (!strcmp(s, "zero-copy"))
				p->features |= F_ZEROCOPY;
			else if (!strcmp(s, "io_uring"))
				p->features |= F_IOURING;
		}
	if ((arr = oarr(c, f, "algorithms", "files", i)))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			struct json_object *a = json_object_array_get_idx(arr, j);
			const char *s = json_object_is_type(a, json_type_string)
						? json_object_get_string(a)
						: NULL;

			/* templates such as hmac(%s) name no algorithm */
			if (s && *s && !strchr(s, '%') && strlen(s) < 128)
				model_alg(m, p, NULL, s);
		}
	if ((arr = oarr(c, f, "via", "files", i)))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			struct json_object *v = json_object_array_get_idx(arr, j);
			const char *vp = ostr(c, v, "path", "via", j);

			attribute_file(m, p, vp ? vp : ostr(c, v, "needed", "via", j));
		}
	/* libraries and plugins are where the code lives themselves */
	if (p->role && (!strcmp(p->role, "library") || !strcmp(p->role, "plugin")) && !p->library)
		p->library = rdata_library_file(m->data, path);
	if ((arr = oarr(c, f, "evidence", "files", i)))
		for (size_t j = 0; j < json_object_array_length(arr); j++) {
			struct json_object *e = json_object_array_get_idx(arr, j);
			const char *fn = ostr(c, e, "function", "evidence", j);
			const char *det = ostr(c, e, "detail", "evidence", j);
			const struct rlibrary *l;

			if (!p->library && (l = rdata_library_function(m->data, fn)))
				p->library = l;
			if (det && (strstr(det, "setentropy") || strstr(det, "DRBG_ENTROPY")))
				p->features |= F_DRBG;
		}
}

static int fold_scan(struct ctx *c, struct json_object *doc)
{
	struct json_object *files = jget_arr(doc, "files");

	if (!files) {
		afalg_err(c->path, "scan result without a \"files\" array");
		return -1;
	}
	c->m->nscan++;
	for (size_t i = 0; i < json_object_array_length(files) && !c->failed; i++)
		fold_scan_file(c, json_object_array_get_idx(files, i), i);
	return c->failed ? -1 : 0;
}

static bool container_cgroup(const char *cg)
{
	static const char *const marks[] = {"docker",	"containerd",	 "libpod", "lxc",
					    "kubepods", "machine.slice", "crio"};

	for (size_t i = 0; cg && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(cg, marks[i]))
			return true;
	return false;
}

static void fold_activity(struct ctx *c, struct mprog *p, struct json_object *a, size_t i)
{
	struct model *m = c->m;
	const char *op = ostr(c, a, "op", "activities", i);
	const char *type = ostr(c, a, "salg_type", "activities", i);
	const char *name = ostr(c, a, "salg_name", "activities", i);
	const char *error = ostr(c, a, "error", "activities", i);
	const char *cgroup = ostr(c, a, "cgroup", "activities", i);
	const char *optname = ostr(c, a, "optname_name", "activities", i);
	uint64_t err = ouint(c, a, "errno", "activities", i);
	uint64_t uid = ouint(c, a, "uid", "activities", i);
	uint64_t count = ouint(c, a, "count", "activities", i);
	struct json_object *via = oarr(c, a, "via", "activities", i), *site, *drv;
	struct malg *alg = NULL;

	if (!json_object_is_type(a, json_type_object)) {
		fail(c, "activities", i, "not an object");
		return;
	}
	if (c->failed || !op)
		return;
	model_add_uid(p, (uint32_t)uid);
	if (type && !model_type_bit(type))
		type = NULL; /* not a type we know: keep the name, not the type */
	if (type && name && *name && strlen(name) < 128 && !strcmp(op, "bind"))
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
		if (type && !strcmp(op, "bind"))
			p->types |= model_type_bit(type);
		return;
	}
	if (type)
		p->types |= model_type_bit(type);
	if (!strcmp(op, "bind") && alg) {
		alg->runtime = true;
		alg->count += count;
		if (uid && !alg->nonroot) {
			alg->nonroot = true;
			alg->nonroot_uid = (uint32_t)uid;
		}
		if (container_cgroup(cgroup) && !alg->container_cgroup)
			alg->container_cgroup = model_intern(m, cgroup);
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
		p->features |= F_DRBG;
	for (size_t j = 0; via && j < json_object_array_length(via); j++) {
		const char *v = json_object_get_string(json_object_array_get_idx(via, j));

		if (!v)
			continue;
		if (!strcmp(v, "splice")) {
			p->features |= F_ZEROCOPY;
			if (type && (!strcmp(type, "skcipher") || !strcmp(type, "aead")))
				p->rt_splice_skaead = true;
		} else if (!strcmp(v, "aio")) {
			p->features |= F_AIO;
			p->rt_aio = true;
		} else if (!strcmp(v, "io_uring")) {
			p->features |= F_IOURING;
		}
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
	const char *host = jstr(doc, "host"), *kernel = jstr(doc, "kernel"), *hostkey;

	if (!progs || !lost) {
		afalg_err(c->path, "trace result without \"programs\" and \"lost\"");
		return -1;
	}
	m->ntrace++;
	m->lost_ringbuf += ouint(c, lost, "ringbuf_full", "lost", 0);
	m->lost_map += ouint(c, lost, "map_full", "lost", 0);
	m->lost_prog_missed += ouint(c, lost, "prog_missed", "lost", 0);
	/* a trace without a host name is its own host */
	hostkey = rpool_intern(m->hosts, host && *host ? host : c->path);
	if (!hostkey) {
		afalg_err(c->path, "out of memory");
		return -1;
	}
	if (kernel && rpool_count(m->kernels) < 64)
		rpool_intern(m->kernels, kernel);
	add_input(m, c->path, "afalg-audit-trace", host, kernel);
	for (size_t i = 0; i < json_object_array_length(progs) && !c->failed; i++) {
		struct json_object *pr = json_object_array_get_idx(progs, i), *acts;
		const char *exe, *bid;
		struct mprog *p;

		if (!json_object_is_type(pr, json_type_object)) {
			fail(c, "programs", i, "not an object");
			break;
		}
		exe = obytes(c, pr, "exe", "programs", i);
		bid = ostr(c, pr, "build_id", "programs", i);
		acts = oarr(c, pr, "activities", "programs", i);
		if (c->failed)
			break;
		p = model_prog(m, exe, bid);
		if (!p) {
			fail(c, "programs", i, "out of memory");
			break;
		}
		/* distinct hosts, as long as one host's traces are not interleaved with others' */
		if (p->last_host != hostkey) {
			p->last_host = hostkey;
			p->hosts_runtime++;
		}
		p->in_trace = true;
		p->uses = true; /* it called socket(AF_ALG): a user, whatever it got */
		p->processes += ouint(c, pr, "processes", "programs", i);
		for (size_t j = 0; acts && j < json_object_array_length(acts) && !c->failed; j++)
			fold_activity(c, p, json_object_array_get_idx(acts, j), j);
	}
	return c->failed ? -1 : 0;
}

int model_fold_doc(struct model *m, const char *path, struct json_object *doc)
{
	struct ctx c = {m, path, false};
	const char *format = jstr(doc, "format");

	m->stamp++;
	if (format && !strcmp(format, "afalg-audit-scan")) {
		if (jsonin_check_format(path, doc, format))
			return -1;
		add_input(m, path, "afalg-audit-scan", NULL, NULL);
		return fold_scan(&c, doc);
	}
	if (format && !strcmp(format, "afalg-audit-trace")) {
		if (jsonin_check_format(path, doc, format))
			return -1;
		return fold_trace(&c, doc);
	}
	if (format && !strcmp(format, "afalg-audit-report")) {
		afalg_err(path, "a report, not a scan or trace result (reports are inputs to "
				"'check --baseline' only)");
		return -1;
	}
	afalg_err(path, "neither a scan nor a trace result (\"format\" must be afalg-audit-scan "
			"or afalg-audit-trace)");
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
