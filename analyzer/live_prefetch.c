// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "live_prefetch.h"
#include "reach.h"
#include "scan_cmd.h"
#include "scan_ctx.h"

/* One member to answer: its imports that are some library's entry points. */
struct req {
	const struct link_rec *rec;
	const char *archive;
	char *member;
	const char **names; /* import_names strings, owned by the link table */
	bool *live;
	size_t nnames;
	bool answered; /* fetched, same build-id, reach_imports_live() complete */
};

struct live_cache {
	struct req *v; /* by rec pointer (find), grouped by archive while fetching */
	size_t n;
};

/* Archives to read: v[from, to) share one. */
struct group {
	size_t from, to;
};

struct job {
	struct scan_ctx *ctx;
	struct live_cache *c;
	struct group *groups;
	size_t ngroups;
	atomic_size_t next;
};

/* archive_fetch_fn: one member of the group whose first request is arg. */
static void fetched(void *arg, size_t i, unsigned char *bytes, size_t size)
{
	struct req *q = (struct req *)arg + i;
	const char *why;

	if (linkrec_is_image(q->rec, bytes, size))
		q->answered = reach_imports_live(bytes, size, q->names, q->nnames, q->live, &why);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	size_t g;
	const char **members = NULL;
	size_t cap = 0;

	while ((g = atomic_fetch_add(&j->next, 1)) < j->ngroups) {
		struct req *first = &j->c->v[j->groups[g].from];
		size_t n = j->groups[g].to - j->groups[g].from;

		if (n > cap) {
			const char **v = reallocarray(members, n, sizeof(*v));

			if (!v)
				continue; /* unanswered: read again one by one */
			members = v;
			cap = n;
		}
		for (size_t k = 0; k < n; k++)
			members[k] = first[k].member;
		archive_fetch_members(j->ctx, first->archive, members, n, fetched, first);
	}
	free(members);
	return NULL;
}

/* Archive, then member: a group per archive, members sorted as the fetch needs. */
static int cmp_fetch(const void *a, const void *b)
{
	const struct req *x = a, *y = b;
	int c = strcmp(x->archive, y->archive);

	return c ? c : strcmp(x->member, y->member);
}

static int cmp_rec(const void *a, const void *b)
{
	const struct req *x = a, *y = b;

	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/* The entry points of every scanned library, by name (versions do not change liveness). */
static bool entry_names(const struct link_table *t, struct strmap *names)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct link_rec *l = t->recs[i];

		for (uint32_t k = 0; l->entries_known && k < l->nentries; k++)
			if (!strmap_put(names, l->entries[k].name, (void *)1))
				return false;
	}
	return names->n > 0;
}

/* A request for l when it is an archive member importing some of names. */
static bool add_request(struct live_cache *c, size_t *cap, const struct link_table *t,
			const struct link_rec *l, const struct strmap *names)
{
	struct req *q;
	char path[4096];

	if (!l->origin || l->foreign || !l->imports || !linkrec_path(l, path, sizeof(path)))
		return true;
	if (afalg_grow(&c->v, cap, c->n, sizeof(*c->v), 64))
		return false;
	q = &c->v[c->n];
	memset(q, 0, sizeof(*q));
	for (size_t i = 0; i < l->imports->nsyms; i++) {
		const char *name, *version, *file;
		enum import_kind kind;

		imports_packed_get(&t->import_names, l->imports, i, &name, &version, &file, &kind);
		if (!name || !strmap_get(names, name))
			continue;
		if (!(q->nnames & (q->nnames + 1))) { /* 0, 1, 3, 7...: grow to double */
			const char **v = reallocarray(q->names, 2 * q->nnames + 1, sizeof(*v));

			if (!v)
				goto fail;
			q->names = v;
		}
		q->names[q->nnames++] = name;
	}
	if (!q->nnames)
		return true;
	if (!(q->live = calloc(q->nnames, sizeof(*q->live))) || !(q->member = strdup(path)))
		goto fail;
	q->rec = l;
	q->archive = l->origin->archive;
	c->n++;
	return true;
fail:
	free(q->names);
	free(q->live);
	return false;
}

static void fetch_all(struct scan_ctx *ctx, struct live_cache *c, unsigned jobs)
{
	struct job j = {.ctx = ctx, .c = c};
	pthread_t tid[SCAN_MAX_JOBS];
	unsigned started = 0;
	size_t cap = 0;

	qsort(c->v, c->n, sizeof(*c->v), cmp_fetch);
	for (size_t i = 0; i < c->n; i++) {
		if (i && !strcmp(c->v[i].archive, c->v[i - 1].archive)) {
			j.groups[j.ngroups - 1].to = i + 1;
			continue;
		}
		if (afalg_grow(&j.groups, &cap, j.ngroups, sizeof(*j.groups), 16))
			break; /* the rest unanswered */
		j.groups[j.ngroups++] = (struct group){i, i + 1};
	}
	if (jobs > SCAN_MAX_JOBS)
		jobs = SCAN_MAX_JOBS;
	for (; jobs > 1 && started < jobs && started < j.ngroups; started++)
		if (pthread_create(&tid[started], NULL, worker, &j))
			break;
	worker(&j); /* this thread too, and alone when none could start */
	for (unsigned k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	free(j.groups);
	qsort(c->v, c->n, sizeof(*c->v), cmp_rec);
}

struct live_cache *live_prefetch(struct scan_ctx *ctx, const struct link_table *t, unsigned jobs)
{
	struct live_cache *c = calloc(1, sizeof(*c));
	struct strmap names;
	size_t cap = 0;
	bool ok;

	if (!c)
		return NULL;
	strmap_init(&names);
	ok = entry_names(t, &names);
	for (size_t i = 0; ok && i < t->n; i++)
		ok = add_request(c, &cap, t, t->recs[i], &names);
	strmap_free(&names);
	if (!c->n) {
		live_cache_free(c);
		return NULL;
	}
	fetch_all(ctx, c, jobs ? jobs : 1);
	return c;
}

bool live_lookup(const struct live_cache *c, const struct link_rec *l, const char *name, bool *live)
{
	struct req key = {.rec = l};
	const struct req *q = c ? bsearch(&key, c->v, c->n, sizeof(*c->v), cmp_rec) : NULL;

	if (!q || !q->answered)
		return false;
	for (size_t i = 0; i < q->nnames; i++)
		if (!strcmp(q->names[i], name)) {
			*live = q->live[i];
			return true;
		}
	return false;
}

void live_cache_free(struct live_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].member);
		free(c->v[i].names);
		free(c->v[i].live);
	}
	free(c->v);
	free(c);
}
