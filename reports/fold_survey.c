// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * An archive survey folded into the model (issue #19): the repository, and
 * per binary package its source, maintainer and impact, so that what to
 * change can say whom to ask and put the changes that touch the most
 * packages first.  The document's shape was checked (survey_read.c); its
 * embedded scan is folded by fold.c as any scan.
 */
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "jsonin.h"
#include "model.h"
#include "survey_read.h"

const struct mspkg *model_survey_pkg(const struct model *m, const char *name)
{
	uintptr_t i = name ? (uintptr_t)strmap_get(&m->spkg_index, name) : 0;

	return i ? &m->spkgs[i - 1] : NULL;
}

static int add_pkg(struct model *m, struct json_object *o, struct msurvey *s)
{
	const char *name = model_intern(m, jstr(o, "package"));
	const char *status = jstr(o, "status");
	uintptr_t i = (uintptr_t)strmap_get(&m->spkg_index, name);
	uint64_t impact = ju64(o, "impact", 0);
	struct mspkg *p;

	if (!name)
		return -1;
	if (!survey_status_scanned(status))
		s->not_scanned++;
	if (i) {
		/* another architecture, or another shard's: the largest impact */
		p = &m->spkgs[i - 1];
		if (impact > p->impact)
			p->impact = impact;
		if (survey_status_scanned(p->status) || !survey_status_scanned(status))
			return 0;
		/* this one was scanned: it is the record that counts */
	} else {
		if (afalg_grow(&m->spkgs, &m->cspkgs, m->nspkgs, sizeof(*m->spkgs), 256))
			return -1;
		p = &m->spkgs[m->nspkgs++];
		memset(p, 0, sizeof(*p));
		p->impact = impact;
		if (!strmap_put(&m->spkg_index, name, (void *)(uintptr_t)m->nspkgs))
			return -1;
	}
	p->name = name;
	p->version = model_intern(m, jstr(o, "version"));
	p->source = model_intern(m, jstr(o, "source_package"));
	p->maintainer = jbytes(o, "maintainer") ? model_intern(m, jbytes(o, "maintainer")) : NULL;
	p->status = model_intern(m, status);
	p->error = jbytes(o, "error") ? model_intern(m, jbytes(o, "error")) : NULL;
	return 0;
}

int model_fold_survey(struct model *m, const char *path, struct json_object *doc)
{
	struct json_object *repo = jget_obj(doc, "repository"), *pk = jget_arr(doc, "packages");
	struct msurvey *s;

	if (afalg_grow(&m->surveys, &m->csurveys, m->nsurveys, sizeof(*m->surveys), 4))
		goto nomem;
	s = &m->surveys[m->nsurveys++];
	memset(s, 0, sizeof(*s));
	s->path = model_intern(m, path);
	s->uri = jbytes(repo, "uri") ? model_intern(m, jbytes(repo, "uri")) : NULL;
	s->suite = jbytes(repo, "suite") ? model_intern(m, jbytes(repo, "suite")) : NULL;
	s->codename = jbytes(jget_obj(repo, "release"), "codename")
			      ? model_intern(m, jbytes(jget_obj(repo, "release"), "codename"))
			      : NULL;
	s->signature = model_intern(m, jstr(repo, "signature"));
	s->packages = json_object_array_length(pk);
	s->not_in_index = json_object_array_length(jget_arr(doc, "not_in_index"));
	s->scan_complete = json_object_get_boolean(json_object_object_get(doc, "scan_complete"));
	for (size_t i = 0; i < s->packages; i++)
		if (add_pkg(m, json_object_array_get_idx(pk, i), s))
			goto nomem;
	/* The packages it could not scan, named (after every survey, each name once). */
	m->nnot_scanned = 0;
	m->not_scanned_omitted = 0;
	for (size_t i = 0; i < m->nspkgs; i++) {
		if (survey_status_scanned(m->spkgs[i].status))
			continue;
		if (m->nnot_scanned == MODEL_MAX_NOT_SCANNED) {
			m->not_scanned_omitted++;
			continue;
		}
		if (afalg_grow(&m->not_scanned, &m->cnot_scanned, m->nnot_scanned,
			       sizeof(*m->not_scanned), 16))
			goto nomem;
		m->not_scanned[m->nnot_scanned++] = &m->spkgs[i];
	}
	return 0;
nomem:
	afalg_err(path, "out of memory");
	return -1;
}
