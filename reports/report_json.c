// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The report as the report document (docs/schema/report-v6.schema.json):
 * the writer of the format, from the typed report (report.h).  It decides
 * nothing; every count and verdict is the report's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_measure.h"
#include "json_bytes.h"
#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "simulate_read.h"
#include "intern.h"
#include "verdict.h"

static struct json_object *jstr_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *code_obj(const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	struct json_object *o = json_object_new_object(), *files = json_object_new_array();
	add(o, "where", json_object_new_string(report_code_where(p)));
	add(o, "component", jstr_or_null(l ? l->name : NULL));
	add(o, "project", jstr_or_null(l ? l->project : NULL));
	add(o, "advice", jstr_or_null(l ? l->advice : NULL));
	for (unsigned i = 0; i < p->nfiles; i++)
		json_object_array_add(files, json_object_new_string(p->files[i]));
	add(o, "files", files);
	files = json_object_new_array();
	for (unsigned i = 0; i < p->nsites; i++) {
		const struct msite *s = &p->sites[i];
		struct json_object *e = json_object_new_object();

		add(e, "function", jstr_or_null(s->function));
		add(e, "address", s->has_address ? json_object_new_uint64(s->address) : NULL);
		add(e, "source", jstr_or_null(s->source));
		add(e, "reached", json_object_new_boolean(s->reached));
		json_object_array_add(files, e);
	}
	add(o, "sites", files);
	return o;
}

static struct json_object *type_array(unsigned types);

/* The libraries it goes through (or links), with the AF_ALG functions it imports from each. */
static struct json_object *via_array(const struct mprog *p)
{
	struct json_object *a = json_object_new_array();

	for (unsigned i = 0; i < p->nvia; i++) {
		const struct mvia *v = &p->via[i];
		struct json_object *e = json_object_new_object(), *fns = NULL;

		add(e, "library", json_object_new_string(v->lib));
		add(e, "path", jstr_or_null(v->path));
		if (v->functions_known) {
			fns = json_object_new_array();
			for (unsigned j = 0; j < v->nfunctions; j++)
				json_object_array_add(fns, json_object_new_string(v->functions[j]));
		}
		add(e, "functions", fns);
		add(e, "functions_truncated", json_object_new_boolean(v->functions_truncated));
		add(e, "types", type_array(v->types));
		add(e, "link_level", jstr_or_null(v->link_level));
		json_object_array_add(a, e);
	}
	return a;
}

static struct json_object *type_array(unsigned types)
{
	struct json_object *a = json_object_new_array();

	for (unsigned id = 0; id < AFALG_TYPE_COUNT; id++)
		if (types & AFALG_BIT(id))
			json_object_array_add(a, json_object_new_string(afalg_type_name(id)));
	return a;
}

static int cmp_unres(const void *a, const void *b)
{
	return strcmp((*(const struct munres *const *)a)->needed,
		      (*(const struct munres *const *)b)->needed);
}

/* The scans' unresolved libraries, by name (what the answer may miss). */
static struct json_object *unresolved_json(const struct model *m)
{
	struct json_object *a = json_object_new_array();
	const struct munres **v = calloc(m->nunres ? m->nunres : 1, sizeof(*v));

	if (!v)
		return a;
	for (size_t i = 0; i < m->nunres; i++)
		v[i] = &m->unres[i];
	qsort(v, m->nunres, sizeof(*v), cmp_unres);
	for (size_t i = 0; i < m->nunres; i++) {
		struct json_object *u = json_object_new_object(), *ex = json_object_new_array();

		afalg_json_add_bytes(u, "needed", v[i]->needed);
		add(u, "files", json_object_new_int64((int64_t)v[i]->files));
		for (size_t k = 0; k < v[i]->nexamples; k++) {
			struct json_object *e = json_object_new_object();

			afalg_json_add_bytes(e, "path", v[i]->examples[k]);
			json_object_array_add(ex, e);
		}
		add(u, "examples", ex);
		json_object_array_add(a, u);
	}
	free(v);
	return a;
}

/* A measured verdict ('simulate'): what ran, what it measured, what it replaced. */
static struct json_object *measured_obj(const struct rdata *d, unsigned int mi,
					const struct vmeasured *mv)
{
	struct json_object *o = json_object_new_object();
	char text[800];

	verdict_measured_text(mv, text, sizeof(text));
	add(o, "measure", json_object_new_string(d->measures[mi].id));
	add(o, "simulated", json_object_new_string(simulate_slot_name(mv->slot)));
	add(o, "verdict", json_object_new_string(measured_verdict_name(mv->verdict)));
	add(o, "command", json_object_new_string(mv->command ? mv->command : ""));
	add(o, "end", jstr_or_null(mv->exit));
	add(o, "why", json_object_new_string(mv->why ? mv->why : ""));
	add(o, "text", json_object_new_string(text));
	add(o, "inferred",
	    mv->inferred < 0 ? NULL : json_object_new_string(mv->inferred ? "hard" : "soft"));
	return o;
}

static struct json_object *prog_obj(const struct mprog *p, size_t idx, const struct rdata *d,
				    const struct pverdict *v)
{
	struct json_object *o = json_object_new_object(), *a;
	char id[24];

	snprintf(id, sizeof(id), "p%zu", idx + 1);
	add(o, "id", json_object_new_string(id));
	afalg_json_add_bytes(o, "path", *p->path ? p->path : NULL);
	afalg_json_add_bytes(o, "identity", p->key && *p->key ? p->key : NULL);
	add(o, "build_id", jstr_or_null(p->build_id));
	add(o, "package", jstr_or_null(p->package));
	add(o, "version", jstr_or_null(p->version));
	add(o, "source_package", jstr_or_null(p->source));
	add(o, "kind", jstr_or_null(p->kind));
	add(o, "role", jstr_or_null(p->role));
	add(o, "classification", json_object_new_string(model_class_name(model_class(p))));
	add(o, "why", *v->info ? json_object_new_string(v->info) : NULL);
	add(o, "use", jstr_or_null(p->uses ? p->use : NULL));
	add(o, "evidence", json_object_new_string(report_evidence(p)));
	add(o, "hosts_runtime", json_object_new_int64(p->hosts_runtime));
	add(o, "scans", json_object_new_int64(p->scans));
	add(o, "processes", json_object_new_int64((int64_t)p->processes));
	add(o, "types", type_array(report_types(p)));
	a = json_object_new_array();
	for (unsigned f = 0; f < AFALG_FEAT_COUNT; f++)
		if (p->features & AFALG_BIT(f))
			json_object_array_add(a, json_object_new_string(afalg_feature_name(f)));
	add(o, "features", a);
	a = json_object_new_array();
	for (unsigned i = 0; i < p->nuids; i++)
		json_object_array_add(a, json_object_new_int64(p->uids[i]));
	add(o, "uids", a);
	a = json_object_new_array();
	for (unsigned i = 0; i < p->nerrors; i++) {
		struct json_object *e = json_object_new_object();

		add(e, "op", json_object_new_string(p->errors[i].op));
		add(e, "error", json_object_new_string(p->errors[i].error));
		add(e, "count", json_object_new_int64((int64_t)p->errors[i].count));
		json_object_array_add(a, e);
	}
	add(o, "errors", a);
	add(o, "code", code_obj(p));
	add(o, "via", via_array(p));
	add(o, "link_level", jstr_or_null(p->link_level));
	a = json_object_new_array();
	for (unsigned i = 0; i < p->nalgs; i++) {
		const struct malg *al = &p->algs[i];
		struct json_object *e = json_object_new_object(), *drv = json_object_new_array();
		struct json_object *adv = rdata_advice(d, al->type, al->name);

		add(e, "type", jstr_or_null(al->type));
		add(e, "name", json_object_new_string(al->name));
		add(e, "runtime", json_object_new_boolean(al->runtime));
		add(e, "count", json_object_new_int64((int64_t)al->count));
		for (unsigned j = 0; j < al->ndrivers; j++) {
			struct json_object *dj = json_object_new_object();
			const struct mdriver *dr = &al->drivers[j];

			add(dj, "name", json_object_new_string(dr->name));
			add(dj, "module", jstr_or_null(dr->module));
			add(dj, "async", dr->async < 0 ? NULL : json_object_new_boolean(dr->async));
			add(dj, "hardware",
			    dr->hardware < 0 ? NULL : json_object_new_boolean(dr->hardware));
			json_object_array_add(drv, dj);
		}
		add(e, "drivers", drv);
		add(e, "allowlist",
		    json_object_new_string(verdict_allow_status(d, al->type, al->name)));
		add(e, "advice", adv ? json_object_get(adv) : json_object_new_array());
		json_object_array_add(a, e);
	}
	add(o, "algorithms", a);
	a = json_object_new_array();
	for (unsigned int m = 0; m < AFALG_M_COUNT; m++) {
		struct json_object *b;

		if (!v->breaks[m])
			continue;
		b = json_object_new_object();
		add(b, "measure", json_object_new_string(d->measures[m].id));
		add(b, "break", json_object_new_string(v->brk[m].hard ? "hard" : "soft"));
		add(b, "why", json_object_new_string(v->brk[m].why));
		add(b, "measured", json_object_new_boolean(v->measured[m].verdict != 0));
		json_object_array_add(a, b);
	}
	add(o, "breaks", a);
	a = json_object_new_array();
	for (unsigned int m = 0; m < AFALG_M_COUNT; m++)
		if (v->measured[m].verdict)
			json_object_array_add(a, measured_obj(d, m, &v->measured[m]));
	add(o, "measured", a);
	a = json_object_new_array();
	for (int r = 0; r < RO_N; r++)
		if (v->blocks & (1u << r))
			json_object_array_add(a, json_object_new_string(ropt_names[r]));
	add(o, "blocks", a);
	return o;
}

/* What every reference to a program says: its id ("p1"), path, package, evidence. */
static struct json_object *ref_base(const struct mprog *p, size_t idx)
{
	struct json_object *o = json_object_new_object();
	char id[24];

	snprintf(id, sizeof(id), "p%zu", idx + 1);
	add(o, "program", json_object_new_string(id));
	afalg_json_add_bytes(o, "path", *p->path ? p->path : NULL);
	add(o, "package", jstr_or_null(p->package));
	add(o, "evidence", json_object_new_string(report_evidence(p)));
	return o;
}

static struct json_object *ref_obj(const struct mprog *p, size_t idx, const char *brk,
				   const char *why)
{
	struct json_object *o = ref_base(p, idx);

	add(o, "hosts_runtime", json_object_new_int64(p->hosts_runtime));
	add(o, "scans", json_object_new_int64(p->scans));
	if (brk)
		add(o, "break", json_object_new_string(brk));
	add(o, "why", json_object_new_string(why));
	return o;
}

/* What to change (version 5): one entry per (component, source package), with its files. */
static struct json_object *fixes_json(const struct report *r)
{
	struct json_object *a = json_object_new_array();

	for (size_t f = 0; f < r->nfixes; f++) {
		const struct rfix *x = &r->fixes[f];
		const struct rlibrary *l = x->component;
		struct json_object *o = json_object_new_object(), *fns = json_object_new_array(),
				   *files = json_object_new_array();

		add(o, "component", jstr_or_null(l ? l->name : NULL));
		add(o, "project", jstr_or_null(l ? l->project : NULL));
		add(o, "advice", jstr_or_null(l ? l->advice : NULL));
		/* by source package; by package when the scan did not know the source (v4) */
		add(o, "source_package", jstr_or_null(x->source_known ? x->name : NULL));
		add(o, "package", jstr_or_null(x->source_known ? NULL : x->name));
		add(o, "types", type_array(x->types));
		add(o, "runtime", json_object_new_int64((int64_t)x->runtime));
		for (size_t k = 0; k < x->nfunctions; k++)
			json_object_array_add(fns, json_object_new_string(x->functions[k]));
		add(o, "functions", fns);
		add(o, "functions_truncated", json_object_new_boolean(x->functions_truncated));
		for (size_t j = 0; j < x->files.n; j++) {
			size_t i = x->files.idx[j];
			struct json_object *e = ref_base(r->progs[i], i);

			add(e, "code", json_object_new_string(report_code_where(r->progs[i])));
			json_object_array_add(files, e);
		}
		add(o, "programs", files);
		/* version 6: from archive surveys */
		add(o, "impact", x->impact >= 0 ? json_object_new_int64(x->impact) : NULL);
		fns = json_object_new_array();
		for (size_t k = 0; k < x->nmaintainers; k++) {
			bool esc = false;
			json_object_array_add(fns, afalg_json_new_bytes(x->maintainers[k], &esc));
			if (esc)
				add(o, "maintainers_escaped", json_object_new_boolean(true));
		}
		add(o, "maintainers", fns);
		json_object_array_add(a, o);
	}
	return a;
}

/* Archive surveys (version 6): the repositories, and the packages they could not scan. */
static struct json_object *surveys_json(const struct model *m)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < m->nsurveys; i++) {
		const struct msurvey *s = &m->surveys[i];
		struct json_object *o = json_object_new_object();

		afalg_json_add_bytes(o, "path", s->path);
		afalg_json_add_bytes(o, "uri", s->uri);
		afalg_json_add_bytes(o, "suite", s->suite);
		afalg_json_add_bytes(o, "codename", s->codename);
		add(o, "signature", jstr_or_null(s->signature));
		add(o, "packages", json_object_new_int64((int64_t)s->packages));
		add(o, "not_scanned", json_object_new_int64((int64_t)s->not_scanned));
		add(o, "not_in_index", json_object_new_int64((int64_t)s->not_in_index));
		add(o, "scan_complete", json_object_new_boolean(s->scan_complete));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *not_scanned_json(const struct model *m)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < m->nnot_scanned; i++) {
		const struct mspkg *p = m->not_scanned[i];
		struct json_object *o = json_object_new_object();

		add(o, "package", json_object_new_string(p->name));
		add(o, "version", jstr_or_null(p->version));
		add(o, "status", jstr_or_null(p->status));
		afalg_json_add_bytes(o, "error", p->error);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *kval_json(char v)
{
	char s[2] = {v, 0};

	return v ? json_object_new_string(s) : NULL;
}

static struct json_object *kernel_obj(const struct report *r)
{
	const struct kinfo *k = r->kernel;
	struct json_object *o = json_object_new_object(), *a, *notes = json_object_new_array();

	add(o, "release", json_object_new_string(k->release));
	add(o, "config_source",
	    k->config_source[0] ? json_object_new_string(k->config_source) : NULL);
	add(o, "af_alg", json_object_new_string(report_af_alg(k)));
	a = json_object_new_array();
	for (int i = 0; i < KOPT_N; i++) {
		struct json_object *e = json_object_new_object();

		add(e, "option", json_object_new_string(kopt_names[i]));
		add(e, "value", kval_json(k->opt[i]));
		json_object_array_add(a, e);
	}
	add(o, "options", a);
	a = json_object_new_array();
	for (int i = 0; i < KMOD_N; i++) {
		struct json_object *e = json_object_new_object();
		const struct kmodule *mo = &k->mod[i];

		add(e, "name", json_object_new_string(kmod_names[i]));
		add(e, "loaded", mo->loaded < 0 ? NULL : json_object_new_boolean(mo->loaded));
		add(e, "blacklisted", json_object_new_boolean(mo->blacklisted));
		add(e, "how",
		    mo->blacklisted ? json_object_new_string(mo->install ? "install" : "blacklist")
				    : NULL);
		add(e, "source", mo->blacklisted ? json_object_new_string(mo->source) : NULL);
		json_object_array_add(a, e);
	}
	add(o, "modules", a);
	add(o, "modprobe_files", json_object_new_int(k->modprobe_files));
	add(o, "af_alg_restrict", k->has_restrict ? json_object_new_int(k->restrict_val) : NULL);
	a = json_object_new_array();
	for (unsigned int i = 0; i < AFALG_M_COUNT; i++)
		if (r->enforced[i] == 1)
			json_object_array_add(a, json_object_new_string(afalg_measure_name(i)));
	add(o, "enforced", a);
	for (size_t i = 0; i < r->nnotes; i++)
		json_object_array_add(notes, json_object_new_string(r->notes[i]));
	add(o, "notes", notes);
	return o;
}

struct json_object *report_to_json(const struct report *r)
{
	const struct model *m = r->model;
	const struct rdata *d = r->data;
	const struct kinfo *k = r->kernel;
	struct json_object *doc = json_object_new_object(), *a, *o, *opts, *meas, *progs;

	if (!doc)
		return NULL;
	add(doc, "format", json_object_new_string("afalg-audit-report"));
	add(doc, "version", json_object_new_int(REPORT_FORMAT_VERSION));
	add(doc, "generator", json_object_new_string(r->generator));
	add(doc, "created", json_object_new_string(r->created));

	o = json_object_new_object();
	add(o, "scan", json_object_new_int64((int64_t)m->nscan));
	add(o, "trace", json_object_new_int64((int64_t)m->ntrace));
	add(o, "simulate", json_object_new_int64((int64_t)m->nsim));
	add(o, "hosts", json_object_new_int64((int64_t)afalg_intern_count(m->hosts)));
	a = json_object_new_array();
	for (size_t i = 0; i < afalg_intern_count(m->kernels); i++)
		json_object_array_add(a, json_object_new_string(afalg_intern_get(m->kernels, i)));
	add(o, "kernels", a);
	a = json_object_new_object();
	add(a, "ringbuf_full", json_object_new_int64((int64_t)m->lost_ringbuf));
	add(a, "map_full", json_object_new_int64((int64_t)m->lost_map));
	add(a, "prog_missed", json_object_new_int64((int64_t)m->lost_prog_missed));
	add(o, "lost", a);
	a = json_object_new_array();
	for (size_t i = 0; i < m->ninputs; i++) {
		struct json_object *f = json_object_new_object();

		afalg_json_add_bytes(f, "path", m->inputs[i].path);
		add(f, "format", json_object_new_string(m->inputs[i].format));
		add(f, "host", jstr_or_null(m->inputs[i].host));
		add(f, "kernel", jstr_or_null(m->inputs[i].kernel));
		json_object_array_add(a, f);
	}
	add(o, "files", a);
	add(o, "files_omitted", json_object_new_int64((int64_t)m->inputs_omitted));
	add(o, "unresolved", unresolved_json(m));
	add(o, "skipped", json_object_new_int64((int64_t)m->inputs_skipped));
	add(o, "survey", json_object_new_int64((int64_t)m->nsurveys));
	add(o, "surveys", surveys_json(m));
	add(o, "not_scanned", not_scanned_json(m));
	add(o, "not_scanned_omitted", json_object_new_int64((int64_t)m->not_scanned_omitted));
	add(doc, "inputs", o);

	o = json_object_new_object();
	add(o, "dir", json_object_new_string(d->dir));
	a = json_object_new_object();
	add(a, "file", json_object_new_string(d->allowlist_file));
	add(a, "name", json_object_new_string(d->allow_name));
	add(a, "source", json_object_new_string(d->allow_source));
	add(a, "entries", json_object_new_int64((int64_t)d->nallow));
	add(o, "allowlist", a);
	add(doc, "data", o);

	/* summary */
	o = json_object_new_object();
	add(o, "programs", json_object_new_int64((int64_t)r->users));
	add(o, "runtime", json_object_new_int64((int64_t)r->runtime));
	add(o, "static_only", json_object_new_int64((int64_t)(r->users - r->runtime)));
	add(o, "capable", json_object_new_int64((int64_t)r->capable));
	add(o, "links", json_object_new_int64((int64_t)r->links));
	add(o, "unreachable", json_object_new_int64((int64_t)r->unreachable));
	add(o, "packages", json_object_new_int64((int64_t)r->packages));
	{
		struct json_object *safe = json_object_new_array(),
				   *blocked = json_object_new_array();

		for (int o2 = 0; o2 < RO_N; o2++)
			json_object_array_add(r->blockers[o2].n ? blocked : safe,
					      json_object_new_string(ropt_names[o2]));
		add(o, "options_safe", safe);
		add(o, "options_blocked", blocked);
	}
	a = json_object_new_array();
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		struct json_object *e = json_object_new_object();

		add(e, "id", json_object_new_string(d->measures[mi].id));
		add(e, "hard", json_object_new_int64((int64_t)r->hard[mi]));
		add(e, "soft", json_object_new_int64((int64_t)r->soft[mi]));
		json_object_array_add(a, e);
	}
	add(o, "measures", a);
	add(o, "headline", json_object_new_string(r->headline));
	add(o, "runtime_evidence", *r->evidence ? json_object_new_string(r->evidence) : NULL);
	if (*r->trace_window) {
		struct json_object *w = json_object_new_object();

		add(w, "from", json_object_new_string(r->trace_from));
		add(w, "to", json_object_new_string(r->trace_to));
		add(w, "traces", json_object_new_int64((int64_t)r->model->ntrace_windowed));
		add(w, "text", json_object_new_string(r->trace_window));
		add(o, "trace_window", w);
	}
	add(o, "archived", json_object_new_int64((int64_t)r->archived));
	add(o, "measured", json_object_new_int64((int64_t)r->nmeasured));
	add(doc, "summary", o);

	add(doc, "kernel", k ? kernel_obj(r) : NULL);

	opts = json_object_new_array();
	for (int ro = 0; ro < RO_N; ro++) {
		const struct report_refs *b = &r->blockers[ro];

		o = json_object_new_object();
		add(o, "option", json_object_new_string(ropt_names[ro]));
		add(o, "module", jstr_or_null(ropt_modules[ro]));
		add(o, "type", jstr_or_null(ropt_types[ro]));
		add(o, "verdict", json_object_new_string(report_option_verdict(r, ro)));
		add(o, "text", json_object_new_string(r->option_text[ro]));
		add(o, "here", kval_json(report_option_here(r, ro)));
		a = json_object_new_array();
		for (size_t j = 0; j < b->n; j++) {
			size_t i = b->idx[j];

			json_object_array_add(
				a, ref_obj(r->progs[i], i, NULL, r->verdicts[i].block_why[ro]));
		}
		add(o, "blockers", a);
		a = json_object_new_array();
		for (size_t j = 0; j < r->measured_ok[ro].n; j++) {
			size_t i = r->measured_ok[ro].idx[j];

			json_object_array_add(
				a, ref_obj(r->progs[i], i, NULL, r->verdicts[i].block_why[ro]));
		}
		add(o, "measured_ok", a);
		json_object_array_add(opts, o);
	}
	add(doc, "options", opts);

	meas = json_object_new_array();
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &d->measures[mi];
		const struct report_refs *b = &r->breaks[mi];

		o = json_object_new_object();
		add(o, "id", json_object_new_string(rm->id));
		add(o, "title", json_object_new_string(rm->title));
		add(o, "effect", json_object_new_string(rm->effect));
		add(o, "description", json_object_new_string(rm->description));
		add(o, "where", json_object_new_string(rm->where));
		add(o, "enforced_here",
		    r->enforced[mi] < 0 ? NULL : json_object_new_boolean(r->enforced[mi]));
		add(o, "verdict", json_object_new_string(report_measure_verdict(r, mi)));
		a = json_object_new_array();
		for (size_t j = 0; j < b->n; j++) {
			size_t i = b->idx[j];
			const struct vbreak *vb = &r->verdicts[i].brk[mi];

			struct json_object *ref =
				ref_obj(r->progs[i], i, vb->hard ? "hard" : "soft", vb->why);

			if (r->verdicts[i].measured[mi].verdict)
				add(ref, "measured", json_object_new_boolean(true));
			json_object_array_add(a, ref);
		}
		add(o, "breaks", a);
		a = json_object_new_array();
		for (size_t j = 0; j < r->measured[mi].n; j++) {
			size_t i = r->measured[mi].idx[j];
			const struct vmeasured *mv = &r->verdicts[i].measured[mi];
			char text[800];
			struct json_object *ref;

			verdict_measured_text(mv, text, sizeof(text));
			ref = ref_obj(r->progs[i], i, NULL, text);
			add(ref, "verdict",
			    json_object_new_string(measured_verdict_name(mv->verdict)));
			json_object_array_add(a, ref);
		}
		add(o, "measured", a);
		json_object_array_add(meas, o);
	}
	add(doc, "measures", meas);
	a = json_object_new_array();
	for (size_t j = 0; j < r->not_blockers.n; j++) {
		size_t i = r->not_blockers.idx[j];
		const struct mprog *p = r->progs[i];

		o = ref_obj(p, i, NULL, r->verdicts[i].info);
		add(o, "classification", json_object_new_string(model_class_name(model_class(p))));
		json_object_array_add(a, o);
	}
	add(doc, "not_blockers", a);
	add(doc, "fixes", fixes_json(r));
	progs = json_object_new_array();
	for (size_t i = 0; i < r->nprogs; i++)
		json_object_array_add(progs, prog_obj(r->progs[i], i, d, &r->verdicts[i]));
	add(doc, "programs", progs);
	return doc;
}
