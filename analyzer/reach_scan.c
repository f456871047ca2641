// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reach.h"
#include "reach_scan.h"

static bool is_site(const struct evidence *e)
{
	return (e->kind == EV_SOCKET_CALL || e->kind == EV_SYSCALL_CALL ||
		e->kind == EV_RAW_SYSCALL) &&
	       e->address != NO_OFFSET;
}

static void unknown(struct file_result *r, const char *why, bool say)
{
	char detail[200];

	entries_free(&r->entries);
	r->entries.known = false;
	r->entries.why = why;
	if (!say)
		return;
	snprintf(detail, sizeof(detail), "reachability not known: %s", why);
	result_add_evidence(r, EV_LINK_LEVEL, CONF_MEDIUM, detail, NO_OFFSET);
}

/* The exports that may reach a live site, their names copied into one block. */
static bool set_entries(const struct reach_result *rr, uint64_t alive, struct file_result *r)
{
	struct afalg_entries *en = &r->entries;
	size_t bytes = 0, n = 0, at = 0;

	for (size_t i = 0; i < rr->nexports; i++)
		if (rr->exports[i].may_reach & alive) {
			n++;
			bytes += strlen(rr->exports[i].name) + 1;
			if (rr->exports[i].version)
				bytes += strlen(rr->exports[i].version) + 1;
		}
	entries_free(en);
	en->known = true;
	if (!n)
		return true;
	en->v = calloc(n, sizeof(*en->v));
	en->strings = malloc(bytes);
	if (!en->v || !en->strings) {
		entries_free(en);
		return false;
	}
	for (size_t i = 0; i < rr->nexports; i++) {
		const struct reach_export *x = &rr->exports[i];
		struct afalg_entry *e;

		if (!(x->may_reach & alive))
			continue;
		e = &en->v[en->n++];
		e->name = strcpy(en->strings + at, x->name);
		at += strlen(x->name) + 1;
		if (x->version) {
			e->version = strcpy(en->strings + at, x->version);
			at += strlen(x->version) + 1;
		}
		e->default_version = x->default_version;
	}
	en->known = true;
	return true;
}

/* Something other than its own call sites makes the file a user. */
static bool user_anyway(const struct file_result *r)
{
	if (r->role == ROLE_PLUGIN || r->kcapi_imports)
		return true;
	for (size_t i = 0; i < r->nev; i++)
		if (r->ev[i].kind == EV_NEEDED_KCAPI || r->ev[i].kind == EV_KCAPI_IMPORT)
			return true;
	return false;
}

void reach_scan_apply(unsigned char *image, size_t size, struct file_result *r)
{
	uint64_t sites[REACH_MAX_SITES], alive = 0, accounted = 0;
	size_t ev_of[REACH_MAX_SITES], n = 0;
	struct reach_result rr;

	for (size_t i = 0; i < r->nev && n < REACH_MAX_SITES; i++)
		if (is_site(&r->ev[i])) {
			ev_of[n] = i;
			sites[n++] = r->ev[i].address;
		}
	if (!n)
		return;
	if (r->elf_class != 64 || r->big_endian ||
	    (r->elf_machine != EM_X86_64 && r->elf_machine != EM_AARCH64)) {
		unknown(r, "machine not decoded (x86-64 and aarch64 only)", true);
		return;
	}
	if (!reach_analyze(image, size, sites, n, &rr)) {
		unknown(r, rr.reason ? rr.reason : "analysis failed", true);
		reach_free(&rr);
		return;
	}
	for (size_t i = 0; i < rr.nsites && i < n; i++) {
		if (rr.sites[i].reachable)
			alive |= 1ull << i;
		else
			r->ev[ev_of[i]].kind = EV_UNREACHED_SITE;
	}
	for (size_t i = 0; i < rr.nexports; i++)
		accounted |= rr.exports[i].may_reach;
	if (!alive && !user_anyway(r)) {
		r->cls = CLASS_UNREACHABLE;
		entries_free(&r->entries);
		r->entries.known = true; /* no entry reaches AF_ALG */
	} else if (alive & ~accounted) {
		/*
		 * Reached from main, load-time code or a callback no export
		 * installs: every importer may use it.  Only worth saying where
		 * there are importers: a program is a direct user either way.
		 */
		unknown(r,
			"AF_ALG reached from code no exported function accounts for "
			"(entry point, constructors, callbacks)",
			r->role != ROLE_PROGRAM);
	} else if (!set_entries(&rr, alive, r)) {
		unknown(r, "out of memory", true);
	}
	reach_free(&rr);
}
