// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Where a program's AF_ALG code lives, at function level (scan version 2,
 * issue #16): the libraries it goes through with the entry points it
 * imports from each (the calls a maintainer must replace), and the call
 * sites in its own code, reached or dead.  Bounded per program like the
 * rest of the model.  Also which classification wins.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "model.h"

enum mclass model_class(const struct mprog *p)
{
	if (p->uses)
		return MC_USES;
	if (p->capable)
		return MC_CAPABLE;
	if (p->unreachable)
		return MC_UNREACHABLE;
	return MC_LINKS;
}

const char *model_class_name(enum mclass c)
{
	static const char *const names[] = {"uses", "capable", "unreachable", "links"};

	return names[c];
}

struct mvia *model_find_via(struct model *m, struct mprog *p, const char *lib)
{
	const char *ilib = lib ? model_intern(m, lib) : NULL;

	for (unsigned i = 0; ilib && i < p->nvia; i++)
		if (p->via[i].lib == ilib)
			return &p->via[i];
	return NULL;
}

struct mvia *model_add_via(struct model *m, struct mprog *p, const char *lib, const char *path)
{
	const char *ilib = model_intern(m, lib ? lib : path);
	struct mvia *v;

	if (!ilib)
		return NULL;
	for (unsigned i = 0; i < p->nvia; i++)
		if (p->via[i].lib == ilib) {
			if (!p->via[i].path && path)
				p->via[i].path = model_intern(m, path);
			return &p->via[i];
		}
	if (p->nvia >= MODEL_MAX_VIA)
		return NULL;
	{
		size_t cap = p->cvia;

		if (afalg_grow(&p->via, &cap, p->nvia, sizeof(*p->via), 2))
			return NULL;
		p->cvia = (unsigned)cap;
	}
	v = &p->via[p->nvia++];
	memset(v, 0, sizeof(*v));
	v->lib = ilib;
	v->path = path ? model_intern(m, path) : NULL;
	return v;
}

void model_via_function(struct model *m, struct mvia *v, const char *function)
{
	const char *f = model_intern(m, function);

	if (!f)
		return;
	for (unsigned i = 0; i < v->nfunctions; i++)
		if (v->functions[i] == f)
			return;
	if (v->nfunctions >= MODEL_MAX_VIA_FUNCTIONS) {
		v->functions_truncated = true;
		return;
	}
	{
		size_t cap = v->cfunctions;

		if (afalg_grow(&v->functions, &cap, v->nfunctions, sizeof(*v->functions), 4))
			return;
		v->cfunctions = (unsigned)cap;
	}
	v->functions[v->nfunctions++] = f;
}

void model_add_site(struct model *m, struct mprog *p, const char *function, const char *source,
		    const uint64_t *address, bool reached)
{
	const char *f = function && *function ? model_intern(m, function) : NULL;
	struct msite *s;

	/*
	 * A reached site in a stripped file says no more than "own code"; a
	 * dead one is still worth its address (the code to remove).
	 */
	if (!f && reached)
		return;
	/* one entry per function: where the code lives, not every instruction */
	for (unsigned i = 0; i < p->nsites; i++)
		if (p->sites[i].function == f && p->sites[i].reached == reached &&
		    (f || (address && p->sites[i].has_address && p->sites[i].address == *address)))
			return;
	if (p->nsites >= MODEL_MAX_SITES)
		return;
	{
		size_t cap = p->csites;

		if (afalg_grow(&p->sites, &cap, p->nsites, sizeof(*p->sites), 2))
			return;
		p->csites = (unsigned)cap;
	}
	s = &p->sites[p->nsites++];
	*s = (struct msite){f, source ? model_intern(m, source) : NULL, address ? *address : 0,
			    address != NULL, reached};
}
