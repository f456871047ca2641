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

#include "afalg_measure.h"
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

/* What the survey says of p's package: its maintainer, how many depend on it. */
static void add_survey(const struct report *r, struct rfix *f, const struct mprog *p)
{
	const struct mspkg *s = model_survey_pkg(r->model, p->package);

	if (!s)
		return;
	if ((int64_t)s->impact > f->impact)
		f->impact = (int64_t)s->impact;
	if (!s->maintainer)
		return;
	for (size_t k = 0; k < f->nmaintainers; k++)
		if (!strcmp(f->maintainers[k], s->maintainer))
			return;
	if (f->nmaintainers < REPORT_FIX_MAX_MAINTAINERS)
		f->maintainers[f->nmaintainers++] = s->maintainer;
}

static void add_program(const struct report *r, struct rfix *f, size_t i)
{
	const struct mprog *p = r->progs[i];

	add_survey(r, f, p);
	f->blocks |= r->verdicts[i].blocks;
	for (unsigned m = 0; m < AFALG_M_COUNT; m++)
		if (r->verdicts[i].breaks[m])
			*(r->verdicts[i].brk[m].hard ? &f->breaks_hard : &f->breaks_soft) |= 1u
											     << m;
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

/* Impact, largest first; then the order they were made in (by name). */
static int cmp_impact(const void *pa, const void *pb)
{
	const struct rfix *a = pa, *b = pb;

	if (a->impact != b->impact)
		return a->impact > b->impact ? -1 : 1;
	return a->files.idx < b->files.idx ? -1 : a->files.idx > b->files.idx;
}

/* A survey's report: within each component, the changes that touch most packages first. */
static void sort_by_impact(struct report *r)
{
	for (size_t i = 0; i < r->nfixes;) {
		size_t j = i + 1;

		while (j < r->nfixes && r->fixes[j].component == r->fixes[i].component)
			j++;
		qsort(r->fixes + i, j - i, sizeof(*r->fixes), cmp_impact);
		i = j;
	}
}

static int cmp_fix_source(const void *pa, const void *pb, void *arg)
{
	const struct report *r = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = cmp_nullable_last(r->fixes[a].name, r->fixes[b].name);

	return c ? c : (a > b) - (a < b);
}

static int cmp_source(const void *pa, const void *pb)
{
	const struct rsource *a = pa, *b = pb;

	if (a->impact != b->impact)
		return a->impact > b->impact ? -1 : 1;
	return cmp_nullable_last(a->name, b->name);
}

static void merge_maintainers(struct rsource *s, const struct rfix *f)
{
	for (size_t k = 0; k < f->nmaintainers; k++) {
		size_t j = 0;

		while (j < s->nmaintainers && strcmp(s->maintainers[j], f->maintainers[k]))
			j++;
		if (j == s->nmaintainers && j < REPORT_FIX_MAX_MAINTAINERS)
			s->maintainers[s->nmaintainers++] = f->maintainers[k];
	}
}

/* The survey's view: each source package once, by impact (report.h, struct rsource). */
static bool group_sources(struct report *r)
{
	size_t *order = calloc(r->nfixes ? r->nfixes : 1, sizeof(*order));

	r->sources = calloc(r->nfixes ? r->nfixes : 1, sizeof(*r->sources));
	if (!order || !r->sources) {
		free(order);
		return false;
	}
	for (size_t i = 0; i < r->nfixes; i++)
		order[i] = i;
	qsort_r(order, r->nfixes, sizeof(*order), cmp_fix_source, r);
	r->source_fixes = order;
	for (size_t i = 0; i < r->nfixes; i++) {
		const struct rfix *f = &r->fixes[order[i]];
		struct rsource *s = r->nsources ? &r->sources[r->nsources - 1] : NULL;

		if (!s || cmp_nullable_last(s->name, f->name)) {
			s = &r->sources[r->nsources++];
			s->name = f->name;
			s->source_known = f->source_known;
			s->impact = -1;
			s->first_fix = i;
		}
		s->nfix_refs++;
		if (f->impact > s->impact)
			s->impact = f->impact;
		merge_maintainers(s, f);
		s->blocks |= f->blocks;
		s->breaks_hard |= f->breaks_hard;
		s->breaks_soft |= f->breaks_soft;
		s->types |= f->types;
		s->files += f->files.n;
	}
	qsort(r->sources, r->nsources, sizeof(*r->sources), cmp_source);
	return true;
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
			f->impact = -1;
			r->ncomponents += first || p->library != last_lib;
			r->nfixes++;
			first = false;
			last_lib = p->library;
			last_src = src;
		}
		add_program(r, &r->fixes[r->nfixes - 1], users[u]);
	}
	if (r->model->nsurveys)
		sort_by_impact(r);
	return group_sources(r);
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

void report_fix_survey(const struct rfix *f, char *buf, size_t size)
{
	size_t used;

	buf[0] = '\0';
	if (f->impact < 0)
		return;
	used = (size_t)snprintf(buf, size, "impact %lld (packages that depend on it)",
				(long long)f->impact);
	for (size_t k = 0; k < f->nmaintainers && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 k ? ", " : "; maintainers: ", f->maintainers[k]);
}

void report_source_line(const struct rsource *s, char *buf, size_t size)
{
	size_t used;

	if (!s->name)
		used = (size_t)snprintf(buf, size, "(in no package)");
	else
		used = (size_t)snprintf(buf, size, "%s (%s)", s->name,
					s->source_known ? "source package" : "package");
	if (used < size && s->impact >= 0)
		used += (size_t)snprintf(buf + used, size - used, ": impact %lld",
					 (long long)s->impact);
	for (size_t k = 0; k < s->nmaintainers && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 k ? ", " : "; maintainers: ", s->maintainers[k]);
}

void report_survey_line(const struct msurvey *s, char *buf, size_t size)
{
	snprintf(buf, size,
		 "%s %s (%s): %llu package%s, signature %s, %llu not scanned, %llu named but "
		 "not in the index%s",
		 s->uri ? s->uri : "?", s->suite ? s->suite : "?", s->codename ? s->codename : "?",
		 (unsigned long long)s->packages, s->packages == 1 ? "" : "s",
		 s->signature ? s->signature : "?", (unsigned long long)s->not_scanned,
		 (unsigned long long)s->not_in_index,
		 s->scan_complete ? "" : "; its scan is incomplete (see the scan's errors)");
}

void report_not_scanned_line(const struct mspkg *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s: %s%s%s", p->name, p->version ? p->version : "",
		 p->status ? p->status : "?", p->error ? ": " : "", p->error ? p->error : "");
}

const char *report_survey_row_name(unsigned row)
{
	return row <= RO_RNG ? ropt_names[row] : afalg_measure_name(row - RO_RNG - 1);
}

const char *report_survey_row_heading(unsigned row)
{
	return row <= RO_RNG ? "blocks disabling it" : "breaks or degrades under it";
}

const char *report_survey_row_word(unsigned row, const struct rsource *s)
{
	unsigned bit;

	if (row <= RO_RNG)
		return s->blocks & (1u << row) ? "" : NULL;
	bit = 1u << (row - RO_RNG - 1);
	return s->breaks_hard & bit ? "breaks" : s->breaks_soft & bit ? "degrades" : NULL;
}
