// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * report -f contacts (issue #19): who to contact about what.  One entry per
 * source package with AF_ALG users, by impact (largest first) when archive
 * surveys are among the inputs: its maintainers (the Maintainer fields of
 * the surveyed packages), the options it blocks and the measures that
 * break or degrade it, and the changes to make, each with its component's
 * advice, the calls to replace and the files.  A document of its own
 * (docs/schema/contacts-v1.schema.json) for scripts that file bugs or write
 * to maintainers; it is a view of the report (report.h's sources), written
 * here only, and read by nothing of afalg-audit.
 */
#include <errno.h>
#include <stdio.h>

#include <json-c/json.h>

#include "afalg_measure.h"
#include "json_bytes.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"

#define CONTACTS_FORMAT "afalg-audit-contacts"
#define CONTACTS_VERSION 1

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* An array of byte strings, with "<key>_escaped" on o when one needed it. */
static void add_bytes_array(struct json_object *o, const char *key, const char *const *v, size_t n)
{
	struct json_object *a = json_object_new_array();
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		bool esc = false;

		json_object_array_add(a, afalg_json_new_bytes(v[i], &esc));
		any |= esc;
	}
	add(o, key, a);
	if (any) {
		char k[64];

		snprintf(k, sizeof(k), "%s_escaped", key);
		add(o, k, json_object_new_boolean(true));
	}
}

static struct json_object *change_json(const struct report *r, const struct rfix *f)
{
	struct json_object *o = json_object_new_object(), *files = json_object_new_array();
	const struct rlibrary *l = f->component;

	add(o, "component", str_or_null(l ? l->name : NULL));
	add(o, "project", str_or_null(l ? l->project : NULL));
	add(o, "advice", str_or_null(l ? l->advice : NULL));
	add_bytes_array(o, "functions", f->functions, f->nfunctions);
	add(o, "functions_truncated", json_object_new_boolean(f->functions_truncated));
	for (size_t j = 0; j < f->files.n; j++) {
		const struct mprog *p = r->progs[f->files.idx[j]];
		struct json_object *e = json_object_new_object();

		afalg_json_add_bytes(e, "path", p->path);
		add(e, "package", str_or_null(p->package));
		add(e, "code", json_object_new_string(report_code_where(p)));
		json_object_array_add(files, e);
	}
	add(o, "files", files);
	return o;
}

static struct json_object *source_json(const struct report *r, const struct rsource *s)
{
	struct json_object *o = json_object_new_object(), *a;

	add(o, "source_package", str_or_null(s->source_known ? s->name : NULL));
	add(o, "package", str_or_null(s->source_known ? NULL : s->name));
	add_bytes_array(o, "maintainers", s->maintainers, s->nmaintainers);
	add(o, "impact", s->impact >= 0 ? json_object_new_int64(s->impact) : NULL);
	a = json_object_new_array();
	for (unsigned t = 0; t < AFALG_TYPE_COUNT; t++)
		if (s->types & (1u << t))
			json_object_array_add(a, json_object_new_string(afalg_type_name(t)));
	add(o, "types", a);
	a = json_object_new_array();
	for (int ro = 0; ro < RO_N; ro++)
		if (s->blocks & (1u << ro))
			json_object_array_add(a, json_object_new_string(ropt_names[ro]));
	add(o, "blocks", a);
	a = json_object_new_array();
	for (unsigned m = 0; m < AFALG_M_COUNT; m++)
		if (s->breaks_hard & (1u << m))
			json_object_array_add(a, json_object_new_string(afalg_measure_name(m)));
	add(o, "breaks", a);
	a = json_object_new_array();
	for (unsigned m = 0; m < AFALG_M_COUNT; m++)
		if ((s->breaks_soft & (1u << m)) && !(s->breaks_hard & (1u << m)))
			json_object_array_add(a, json_object_new_string(afalg_measure_name(m)));
	add(o, "degrades", a);
	add(o, "files", json_object_new_int64((int64_t)s->files));
	a = json_object_new_array();
	for (size_t k = 0; k < s->nfix_refs; k++)
		json_object_array_add(a,
				      change_json(r, &r->fixes[r->source_fixes[s->first_fix + k]]));
	add(o, "changes", a);
	return o;
}

int report_render_contacts(FILE *out, const struct report *r, const struct render_opts *o)
{
	const struct model *m = r->model;
	struct json_object *doc = json_object_new_object(), *a;
	const char *s;
	int rc;

	(void)o;
	if (!doc) {
		errno = ENOMEM;
		return -1;
	}
	add(doc, "format", json_object_new_string(CONTACTS_FORMAT));
	add(doc, "version", json_object_new_int(CONTACTS_VERSION));
	add(doc, "generator", json_object_new_string(r->generator));
	add(doc, "created", json_object_new_string(r->created));
	a = json_object_new_array();
	for (size_t i = 0; i < m->nsurveys; i++) {
		const struct msurvey *sv = &m->surveys[i];
		struct json_object *e = json_object_new_object();

		afalg_json_add_bytes(e, "uri", sv->uri);
		afalg_json_add_bytes(e, "suite", sv->suite);
		add(e, "signature", str_or_null(sv->signature));
		add(e, "packages", json_object_new_int64((int64_t)sv->packages));
		add(e, "not_scanned", json_object_new_int64((int64_t)sv->not_scanned));
		json_object_array_add(a, e);
	}
	add(doc, "surveys", a);
	a = json_object_new_array();
	for (size_t k = 0; k < r->nsources; k++)
		json_object_array_add(a, source_json(r, &r->sources[k]));
	add(doc, "source_packages", a);
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = s && fputs(s, out) >= 0 && fputc('\n', out) >= 0 ? 0 : -1;
	if (!s)
		errno = ENOMEM;
	json_object_put(doc);
	return rc;
}
