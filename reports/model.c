// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The merge model: programs keyed by path (hash table), each path holding
 * its build-id variants.  A scan file and a trace program join when path
 * and build-id agree, or when one side has no build-id.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "model.h"
#include "intern.h"

const char *model_intern(struct model *m, const char *s)
{
	return afalg_intern(m->pool, s);
}

int model_init(struct model *m, const struct rdata *data)
{
	memset(m, 0, sizeof(*m));
	m->data = data;
	m->pool = afalg_intern_new();
	m->hosts = afalg_intern_new();
	m->kernels = afalg_intern_new();
	m->hsize = 1024;
	m->htab = calloc(m->hsize, sizeof(*m->htab));
	if (!m->pool || !m->hosts || !m->kernels || !m->htab) {
		model_free(m);
		return -1;
	}
	return 0;
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->nprogs; i++) {
		for (unsigned v = 0; v < m->progs[i]->nvia; v++)
			free(m->progs[i]->via[v].functions);
		free(m->progs[i]->via);
		free(m->progs[i]->sites);
		free(m->progs[i]->algs);
		free(m->progs[i]);
	}
	free(m->progs);
	free(m->htab);
	free(m->inputs);
	afalg_intern_destroy(m->pool);
	afalg_intern_destroy(m->hosts);
	afalg_intern_destroy(m->kernels);
	memset(m, 0, sizeof(*m));
}

/* Interned strings are unique, so the table hashes their addresses. */
static size_t slot_of(const struct model *m, const char *path)
{
	uintptr_t h = (uintptr_t)path;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (h >> 16) & (m->hsize - 1);
}

static int rehash(struct model *m)
{
	size_t n = m->hsize * 2;
	struct mprog **t = calloc(n, sizeof(*t));

	if (!t)
		return -1;
	free(m->htab);
	m->htab = t;
	m->hsize = n;
	/* re-insert the first variant of each path, in order */
	for (size_t i = 0; i < m->nprogs; i++) {
		struct mprog *p = m->progs[i];
		size_t j;

		for (j = slot_of(m, p->path); t[j]; j = (j + 1) & (n - 1))
			if (t[j]->path == p->path)
				break;
		if (!t[j])
			t[j] = p;
	}
	return 0;
}

struct mprog *model_prog(struct model *m, const char *path, const char *build_id)
{
	const char *ipath = model_intern(m, path ? path : "");
	const char *ibid = build_id && *build_id ? model_intern(m, build_id) : NULL;
	struct mprog *p, *first, *nullvar = NULL;
	size_t j;

	if (!ipath || (build_id && *build_id && !ibid))
		return NULL;
	if ((m->nprogs + 1) * 2 > m->hsize && rehash(m))
		return NULL;
	for (j = slot_of(m, ipath); m->htab[j]; j = (j + 1) & (m->hsize - 1))
		if (m->htab[j]->path == ipath)
			break;
	first = m->htab[j];
	for (p = first; p; p = p->next_variant) {
		if (p->build_id == ibid)
			return p;
		if (!p->build_id && !nullvar)
			nullvar = p;
	}
	/* one side without a build-id: the same program as far as we can tell */
	if (!ibid && first)
		return first;
	if (ibid && nullvar && *ipath) {
		nullvar->build_id = ibid;
		return nullvar;
	}
	if (afalg_grow(&m->progs, &m->cprogs, m->nprogs, sizeof(*m->progs), 256))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->path = ipath;
	p->build_id = ibid;
	if (first) {
		while (first->next_variant)
			first = first->next_variant;
		first->next_variant = p;
	} else {
		m->htab[j] = p;
	}
	m->progs[m->nprogs++] = p;
	return p;
}

struct malg *model_alg(struct model *m, struct mprog *p, const char *type, const char *name)
{
	const char *itype = type ? model_intern(m, type) : NULL;
	const char *iname = model_intern(m, name);
	struct malg *a;

	if (!iname)
		return NULL;
	for (unsigned i = 0; i < p->nalgs; i++) {
		a = &p->algs[i];
		if (a->name != iname)
			continue;
		if (a->type == itype)
			return a;
		if (!a->type && itype) { /* a name from the file, now seen with its type */
			a->type = itype;
			return a;
		}
		if (!itype)
			return a;
	}
	if (p->nalgs >= MODEL_MAX_ALGS) {
		p->algs_truncated = true;
		return NULL;
	}
	{
		size_t cap = p->calgs;

		if (afalg_grow(&p->algs, &cap, p->nalgs, sizeof(*p->algs), 4))
			return NULL;
		p->calgs = (unsigned)cap;
	}
	a = &p->algs[p->nalgs++];
	memset(a, 0, sizeof(*a));
	a->type = itype;
	a->name = iname;
	return a;
}

void model_add_driver(struct model *m, struct malg *a, const char *name, const char *module,
		      int async, int hardware)
{
	const char *iname = model_intern(m, name);

	if (!iname)
		return;
	for (unsigned i = 0; i < a->ndrivers; i++)
		if (a->drivers[i].name == iname)
			return;
	if (a->ndrivers >= MODEL_MAX_DRIVERS)
		return;
	a->drivers[a->ndrivers++] = (struct mdriver){iname, model_intern(m, module),
						     (signed char)async, (signed char)hardware};
}

void model_add_uid(struct mprog *p, uint32_t uid)
{
	for (unsigned i = 0; i < p->nuids; i++)
		if (p->uids[i] == uid)
			return;
	if (p->nuids < MODEL_MAX_UIDS)
		p->uids[p->nuids++] = uid;
}

void model_add_error(struct model *m, struct mprog *p, const char *op, const char *error,
		     uint64_t count)
{
	const char *iop = model_intern(m, op), *ierr = model_intern(m, error);

	for (unsigned i = 0; i < p->nerrors; i++)
		if (p->errors[i].op == iop && p->errors[i].error == ierr) {
			p->errors[i].count += count;
			return;
		}
	if (p->nerrors < MODEL_MAX_ERRORS && iop && ierr)
		p->errors[p->nerrors++] = (struct merror){iop, ierr, count};
}

void model_add_file(struct model *m, struct mprog *p, const char *file)
{
	const char *f = model_intern(m, file);

	if (!f)
		return;
	for (unsigned i = 0; i < p->nfiles; i++)
		if (p->files[i] == f)
			return;
	if (p->nfiles < MODEL_MAX_FILES)
		p->files[p->nfiles++] = f;
}
