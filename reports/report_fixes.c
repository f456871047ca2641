// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * What to change (issue #17, "reports organised around what to fix"): the
 * AF_ALG users of a report grouped by the component their AF_ALG code is in
 * (reports/data/libraries.json: ell, libkcapi, libcryptsetup, OpenSSL's
 * engine, ...; none: the program's own code) and, under each, by source
 * package.  Seven systemd programs that reach AF_ALG through libcryptsetup
 * are one entry, not seven paragraphs: the thing to change is systemd's
 * calls into libcryptsetup (or libcryptsetup itself, the component's entry).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "rdata.h"
#include "report.h"

/* The name the group is known by: the source package, else the package. */
static const char *group_name(const struct mprog *p, bool *source_known)
{
	*source_known = p->source != NULL;
	return p->source ? p->source : p->package;
}

static int cmp_nullable_last(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* Component names, case-blind ("OpenSSL afalg engine" among "cryptsetup ..."), none last. */
static int cmp_name(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcasecmp(a, b);
}

/* Components by name, own code last; then source packages, none last; then report order. */
static int cmp_user(const void *pa, const void *pb, void *arg)
{
	const struct report *r = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct mprog *x = r->progs[a], *y = r->progs[b];
	const struct rlibrary *lx = x->library, *ly = y->library;
	bool kx, ky;
	int c = cmp_name(lx ? lx->name : NULL, ly ? ly->name : NULL);

	if (!c)
		c = cmp_nullable_last(group_name(x, &kx), group_name(y, &ky));
	return c ? c : (a > b) - (a < b);
}

static void add_function(struct rfix *f, const char *fn)
{
	for (size_t i = 0; i < f->nfunctions; i++)
		if (!strcmp(f->functions[i], fn))
			return;
	if (f->nfunctions == REPORT_FIX_MAX_FUNCTIONS) {
		f->functions_truncated = true;
		return;
	}
	f->functions[f->nfunctions++] = fn;
}

static void add_program(const struct report *r, struct rfix *f, size_t i)
{
	const struct mprog *p = r->progs[i];

	f->files.n++; /* files.idx already points at i in the sorted users */
	f->types |= p->types;
	f->runtime += p->in_trace;
	for (unsigned v = 0; v < p->nvia; v++) {
		const struct mvia *via = &p->via[v];

		/* the calls into the component's library: what the program must replace */
		if (!via->types || !via->functions_known)
			continue;
		if (f->component &&
		    rdata_library_file(r->data, via->path ? via->path : via->lib) != f->component)
			continue;
		for (unsigned k = 0; k < via->nfunctions; k++)
			add_function(f, via->functions[k]);
	}
}

bool report_group_fixes(struct report *r)
{
	size_t nusers = 0, *users;
	const struct rlibrary *last_lib = NULL;
	const char *last_src = NULL;
	bool first = true;

	users = calloc(r->nprogs ? r->nprogs : 1, sizeof(*users));
	if (!users)
		return false;
	for (size_t i = 0; i < r->nprogs; i++)
		if (model_class(r->progs[i]) == MC_USES)
			users[nusers++] = i;
	qsort_r(users, nusers, sizeof(*users), cmp_user, r);
	r->fix_files = users;
	r->fixes = calloc(nusers ? nusers : 1, sizeof(*r->fixes));
	r->fix_functions = calloc(nusers ? nusers * REPORT_FIX_MAX_FUNCTIONS : 1, sizeof(char *));
	if (!r->fixes || !r->fix_functions)
		return false;
	for (size_t u = 0; u < nusers; u++) {
		const struct mprog *p = r->progs[users[u]];
		bool known;
		const char *src = group_name(p, &known);
		struct rfix *f;

		if (first || p->library != last_lib || cmp_nullable_last(src, last_src)) {
			f = &r->fixes[r->nfixes];
			f->component = p->library;
			f->name = src;
			f->source_known = known;
			f->files.idx = users + u;
			f->functions = r->fix_functions + r->nfixes * REPORT_FIX_MAX_FUNCTIONS;
			r->ncomponents += first || p->library != last_lib;
			r->nfixes++;
			first = false;
			last_lib = p->library;
			last_src = src;
		}
		add_program(r, &r->fixes[r->nfixes - 1], users[u]);
	}
	return true;
}

const char *report_fix_component(const struct rfix *f)
{
	return f->component ? f->component->name : "Own AF_ALG code (no shared component)";
}

void report_fix_title(const struct rfix *f, char *buf, size_t size)
{
	if (!f->name)
		snprintf(buf, size, "(in no package)");
	else
		snprintf(buf, size, "%s (%s)", f->name,
			 f->source_known ? "source package" : "package; source not known");
}

void report_fix_counts(const struct rfix *f, char *buf, size_t size)
{
	snprintf(buf, size, "%zu file%s, %zu seen at run time", f->files.n,
		 f->files.n == 1 ? "" : "s", f->runtime);
}
