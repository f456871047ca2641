// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The merge model: programs keyed by build-id, then by path key (hash
 * tables), each key holding its build-id variants.  A scan file and a trace
 * program join when their build-ids agree, whatever their paths, or when
 * their path keys agree and one side has no build-id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "model.h"
#include "usrmerge.h"
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
		free(m->progs[i]->sim);
		free(m->progs[i]);
	}
	free(m->progs);
	free(m->htab);
	free(m->btab);
	free(m->unres);
	free(m->pend);
	free(m->inputs);
	free(m->surveys);
	free(m->spkgs);
	free(m->not_scanned);
	strmap_free(&m->spkg_index);
	afalg_intern_destroy(m->pool);
	afalg_intern_destroy(m->hosts);
	afalg_intern_destroy(m->kernels);
	memset(m, 0, sizeof(*m));
}

/* Interned strings are unique, so the tables hash their addresses. */
static size_t hash_of(const char *s, size_t size)
{
	uintptr_t h = (uintptr_t)s;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (h >> 16) & (size - 1);
}

static size_t slot_of(const struct model *m, const char *key)
{
	return hash_of(key, m->hsize);
}

const char *model_path_key(const char *path, char *buf, size_t size)
{
	return afalg_usrmerge_key(path, buf, size);
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

		for (j = slot_of(m, p->key); t[j]; j = (j + 1) & (n - 1))
			if (t[j]->key == p->key)
				break;
		if (!t[j])
			t[j] = p;
	}
	return 0;
}

/*
 * The program the other kind of input saw with build-id bid (interned):
 * for a trace, a scanned program; for a scan, a program only traced so far.
 * Among several (copies of one file), the smallest path.
 */
static struct mprog *by_build_id(const struct model *m, const char *bid, bool scan)
{
	struct mprog *best = NULL;

	for (size_t j = m->bsize ? hash_of(bid, m->bsize) : 0; m->bsize && m->btab[j];
	     j = (j + 1) & (m->bsize - 1)) {
		if (m->btab[j]->build_id != bid)
			continue;
		for (struct mprog *p = m->btab[j]; p; p = p->next_same_build_id)
			if ((scan ? p->in_trace && !p->in_scan : p->in_scan) &&
			    (!best || strcmp(p->path, best->path) < 0))
				best = p;
		break;
	}
	return best;
}

static int add_build_id(struct model *m, struct mprog *p)
{
	size_t j;

	if ((m->nbids + 1) * 2 > m->bsize) {
		size_t n = m->bsize ? m->bsize * 2 : 1024;
		struct mprog **t = calloc(n, sizeof(*t));

		if (!t)
			return -1;
		for (size_t i = 0; i < m->bsize; i++)
			if (m->btab[i]) {
				for (j = hash_of(m->btab[i]->build_id, n); t[j];
				     j = (j + 1) & (n - 1))
					;
				t[j] = m->btab[i];
			}
		free(m->btab);
		m->btab = t;
		m->bsize = n;
	}
	for (j = hash_of(p->build_id, m->bsize); m->btab[j]; j = (j + 1) & (m->bsize - 1))
		if (m->btab[j]->build_id == p->build_id) { /* another file with these bytes */
			p->next_same_build_id = m->btab[j]->next_same_build_id;
			m->btab[j]->next_same_build_id = p;
			return 0;
		}
	m->btab[j] = p;
	m->nbids++;
	return 0;
}

/* The key's program with build-id ibid, or the one without a build-id it joins. */
static struct mprog *by_key(struct model *m, const char *ikey, const char *ipath, const char *ibid,
			    size_t *slot)
{
	struct mprog *p, *first, *nullvar = NULL;
	size_t j;

	for (j = slot_of(m, ikey); m->htab[j]; j = (j + 1) & (m->hsize - 1))
		if (m->htab[j]->key == ikey)
			break;
	*slot = j;
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
		return add_build_id(m, nullvar) ? NULL : nullvar;
	}
	return NULL;
}

struct mprog *model_prog_seen(struct model *m, const char *path, const char *identity,
			      const char *build_id, bool scan)
{
	char kbuf[4096];
	const char *ipath = model_intern(m, path ? path : "");
	const char *ikey = ipath ? model_intern(m, model_path_key(identity ? identity : ipath, kbuf,
								  sizeof(kbuf)))
				 : NULL;
	const char *ibid = build_id && *build_id ? model_intern(m, build_id) : NULL;
	struct mprog *p, *first;
	size_t j;

	if (!ipath || !ikey || (build_id && *build_id && !ibid))
		return NULL;
	if ((m->nprogs + 1) * 2 > m->hsize && rehash(m))
		return NULL;
	/* its path (merged-/usr key), then the same bytes seen by the other kind of input */
	if ((p = by_key(m, ikey, ipath, ibid, &j)) || (ibid && (p = by_build_id(m, ibid, scan)))) {
		model_seen_at(m, p, ipath, scan);
		return p;
	}
	if (afalg_grow(&m->progs, &m->cprogs, m->nprogs, sizeof(*m->progs), 256))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->path = ipath;
	p->key = ikey;
	p->path_by_scan = scan;
	p->build_id = ibid;
	if (ibid && add_build_id(m, p)) {
		free(p);
		return NULL;
	}
	first = m->htab[j];
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

struct mprog *model_prog(struct model *m, const char *path, const char *build_id)
{
	return model_prog_seen(m, path, NULL, build_id, true);
}

void model_seen_at(struct model *m, struct mprog *p, const char *path, bool scan)
{
	const char *ipath;

	if (!path || !*path || (p->path_by_scan && !scan))
		return;
	if (p->path_by_scan == scan && strcmp(path, p->path) >= 0)
		return;
	if ((ipath = model_intern(m, path))) {
		p->path = ipath;
		p->path_by_scan = scan;
	}
}

int model_unresolved(struct model *m, const char *needed, uint64_t files,
		     const char *const *examples, size_t n)
{
	const char *in = model_intern(m, needed);
	struct munres *u = NULL;

	if (!in)
		return -1;
	for (size_t i = 0; i < m->nunres && !u; i++)
		if (m->unres[i].needed == in)
			u = &m->unres[i];
	if (!u) {
		if (afalg_grow(&m->unres, &m->cunres, m->nunres, sizeof(*m->unres), 16))
			return -1;
		u = &m->unres[m->nunres++];
		memset(u, 0, sizeof(*u));
		u->needed = in;
	}
	u->files += files;
	for (size_t k = 0; k < n && u->nexamples < MODEL_UNRES_EXAMPLES; k++)
		if (examples[k] && !(u->examples[u->nexamples++] = model_intern(m, examples[k])))
			return -1;
	return 0;
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

void model_add_binder(struct model *m, struct malg *a, const char *cgroup, uint32_t uid)
{
	const char *cg = cgroup ? model_intern(m, cgroup) : NULL;
	struct mbinder *b = NULL;

	if (!uid)
		a->root = true;
	if (cgroup && !cg)
		return; /* out of memory */
	for (unsigned i = 0; i < a->nbinders && !b; i++)
		if (a->binders[i].cgroup == cg)
			b = &a->binders[i];
	if (!b) {
		if (a->nbinders >= MODEL_MAX_BINDERS) {
			a->more_binders = true;
			return;
		}
		b = &a->binders[a->nbinders++];
		memset(b, 0, sizeof(*b));
		b->cgroup = cg;
	}
	for (unsigned i = 0; i < b->nuids; i++)
		if (b->uids[i] == uid)
			return;
	if (b->nuids < MODEL_MAX_BINDER_UIDS)
		b->uids[b->nuids++] = uid;
	else
		b->more_uids = true;
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

/* Whether a is worse than b (an empty slot is better than anything). */
static bool sim_worse(const struct msimv *a, const struct msimv *b)
{
	return a->verdict > b->verdict;
}

int model_sim_set(struct mprog *p, unsigned slot, const struct msimv *v)
{
	if (slot >= MODEL_SIM_SLOTS)
		return 0;
	if (!p->sim && !(p->sim = calloc(1, sizeof(*p->sim))))
		return -1;
	if (sim_worse(v, &p->sim->v[slot]))
		p->sim->v[slot] = *v;
	return 0;
}

int model_pend(struct model *m, const char *path, unsigned slot, const struct msimv *v)
{
	char kbuf[4096];
	const char *key = model_intern(m, model_path_key(path, kbuf, sizeof(kbuf)));

	if (!key)
		return -1;
	for (size_t i = 0; i < m->npend; i++)
		if (m->pend[i].key == key && m->pend[i].slot == slot) {
			if (sim_worse(v, &m->pend[i].v))
				m->pend[i].v = *v;
			return 0;
		}
	if (m->npend >= MODEL_MAX_PENDING) {
		m->pend_dropped++;
		return 0;
	}
	if (afalg_grow(&m->pend, &m->cpend, m->npend, sizeof(*m->pend), 16))
		return -1;
	m->pend[m->npend++] = (struct mpend){key, slot, *v};
	return 0;
}

const struct msimv *model_measured(const struct model *m, const struct mprog *p, unsigned slot)
{
	const struct msimv *best = p->sim && p->sim->v[slot].verdict ? &p->sim->v[slot] : NULL;

	for (size_t i = 0; i < m->npend; i++)
		if (m->pend[i].key == p->key && m->pend[i].slot == slot &&
		    (!best || sim_worse(&m->pend[i].v, best)))
			best = &m->pend[i].v;
	return best;
}
