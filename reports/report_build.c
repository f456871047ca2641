// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Deciding the report from the merged model, once: programs sorted (users
 * seen at run time first), their verdicts, the per-option and per-measure
 * views that reference them, the counts and the headline.  Writing it is
 * report_json.c's job (and the renderers').
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "afalg.h"
#include "afalg_measure.h"
#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_build.h"
#include "intern.h"
#include "verdict.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0"
#endif

static int prog_cmp(const void *a, const void *b)
{
	const struct mprog *x = *(const struct mprog *const *)a,
			   *y = *(const struct mprog *const *)b;
	int c;

	/* users, then capable runtimes, then the information: unreachable, links */
	if (model_class(x) != model_class(y))
		return model_class(x) < model_class(y) ? -1 : 1;
	if (x->in_trace != y->in_trace)
		return x->in_trace ? -1 : 1;
	c = strcmp(x->path, y->path);
	if (c)
		return c;
	return strcmp(x->build_id ? x->build_id : "", y->build_id ? y->build_id : "");
}

static const char *now_iso(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *report_evidence(const struct mprog *p)
{
	if (p->in_trace && p->in_scan)
		return "runtime+static";
	if (p->in_trace)
		return "runtime";
	/* seen by a simulate result alone: its run under a measure */
	return p->in_scan || !p->in_sim ? "static" : "measured";
}

const char *report_code_where(const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	const char *where;

	if (p->capable && !p->uses)
		where = "runtime";
	else if (model_class(p) == MC_UNREACHABLE)
		where = "own";
	else if (l && !strcmp(l->kind, "plugin"))
		where = "plugin";
	else if (l && !strcmp(l->kind, "library") &&
		 !(p->role && (!strcmp(p->role, "library") || !strcmp(p->role, "plugin")) &&
		   p->use && !strcmp(p->use, "direct")))
		where = "library";
	else if (p->use && !strcmp(p->use, "tool"))
		where = "script";
	else if (p->use && (!strcmp(p->use, "libkcapi") || !strcmp(p->use, "library")))
		where = "library";
	else if (p->use || (l && !strcmp(l->kind, "static")) || p->in_trace)
		where = "own";
	else
		where = "unknown";
	/* a library that is itself the known component: its own code */
	if (l && p->role && !strcmp(p->role, "library") && p->use && !strcmp(p->use, "direct"))
		where = "own";
	return where;
}

const char *report_option_verdict(const struct report *r, int ro)
{
	return r->blockers[ro].n ? "blocked" : "safe-to-disable";
}

const char *report_measure_verdict(const struct report *r, unsigned int mi)
{
	return r->hard[mi] ? "hard-breaks" : r->soft[mi] ? "soft-breaks" : "breaks-nothing";
}

char report_option_here(const struct report *r, int ro)
{
	static const int map[RO_N] = {KOPT_HASH, KOPT_SKCIPHER, KOPT_AEAD,
				      KOPT_RNG,	 KOPT_RNG_CAVP, KOPT_OBSOLETE};

	return r->kernel ? r->kernel->opt[map[ro]] : 0;
}

const char *report_af_alg(const struct kinfo *k)
{
	int af = kinfo_af_alg(k);

	return af < 0 ? "unknown" : af ? "on" : "off";
}

static void option_texts(struct report *r)
{
	for (int ro = 0; ro < RO_N; ro++) {
		const struct report_refs *b = &r->blockers[ro];

		size_t ok = r->measured_ok[ro].n;
		char also[96] = "";

		if (ok)
			snprintf(also, sizeof(also), "%s%zu measured to keep working without it",
				 b->n ? "; " : "", ok);
		if (b->n)
			snprintf(r->option_text[ro], sizeof(r->option_text[ro]),
				 "blocked by %zu program%s (%zu seen at run time)%s", b->n,
				 b->n == 1 ? "" : "s", r->blockers_runtime[ro], also);
		else if (ok)
			snprintf(r->option_text[ro], sizeof(r->option_text[ro]),
				 "safe to disable now: %s (measured)%s",
				 ok == 1 ? "its one user keeps working without it"
					 : "its users keep working without it",
				 report_option_here(r, ro) == 'n' ? " (already off here)" : "");
		else
			snprintf(r->option_text[ro], sizeof(r->option_text[ro]),
				 "safe to disable now: nothing uses it%s",
				 report_option_here(r, ro) == 'n' ? " (already off here)" : "");
	}
}

/*
 * Who would break on a kernel without AF_ALG, worded for where they are:
 * programs of scanned .deb/.rpm archives are not installed on this machine.
 * what: "would fail if run".
 */
struct words {
	char s[200];
};

static struct words would_break(const struct report *r, const char *what)
{
	size_t here = r->users - r->archived;
	struct words w;

	if (!r->archived)
		snprintf(w.s, sizeof(w.s), "%zu AF_ALG user%s found here %s", here,
			 here == 1 ? "" : "s", what);
	else if (!here)
		snprintf(w.s, sizeof(w.s),
			 "%zu AF_ALG user%s in the scanned packages (not installed here) would "
			 "break on a kernel without AF_ALG, such as this one",
			 r->archived, r->archived == 1 ? "" : "s");
	else
		snprintf(w.s, sizeof(w.s),
			 "%zu AF_ALG user%s found here %s, and %zu more in the scanned packages "
			 "(not installed here) would break on it",
			 here, here == 1 ? "" : "s", what, r->archived);
	return w;
}

/* One note about the kernel; at most REPORT_MAX_NOTES fit, and no more can be made. */
static char *note(struct report *r)
{
	return r->notes[r->nnotes++];
}

static void kernel_notes(struct report *r)
{
	const struct kinfo *k = r->kernel;
	int af = kinfo_af_alg(k);

	_Static_assert(KMOD_N - 1 + 3 <= REPORT_MAX_NOTES, "room for every kernel note");
	for (int i = 0; i < KMOD_N; i++) {
		const struct kmodule *mo = &k->mod[i];

		if (mo->blacklisted && i != KMOD_AF_ALG)
			snprintf(note(r), sizeof(r->notes[0]),
				 "%s is blocked in modprobe.d (%s: %s)%s", kmod_names[i],
				 mo->source, mo->install ? "install ... /bin/false" : "blacklist",
				 mo->loaded == 1
					 ? " but is loaded right now: it stays usable until "
					   "unloaded"
					 : "");
	}
	if (af == 0)
		snprintf(note(r), sizeof(r->notes[0]),
			 "AF_ALG is off in this kernel (%s): socket(AF_ALG) fails with "
			 "EAFNOSUPPORT, so every measure is already enforced; %s",
			 k->config_source, would_break(r, "would fail if run").s);
	else if (af < 0)
		snprintf(note(r), sizeof(r->notes[0]), "%s",
			 "no kernel config readable (/proc/config.gz, "
			 "/boot/config-RELEASE): options unknown");
	if (af != 0)
		snprintf(note(r), sizeof(r->notes[0]), "%s",
			 "M1, M2 and M3 depend on the exact kernel build (Debian "
			 "backported parts of M1/M2 to its stable kernels): not "
			 "readable from the config");
	if (!k->has_restrict && af != 0)
		snprintf(note(r), sizeof(r->notes[0]), "%s",
			 "no /proc/sys/crypto/af_alg_restrict: this "
			 "kernel has no allowlist (M4, M5, M6 not in force)");
}

/*
 * "Run-time evidence: ..." when a trace saw less than it seems: the
 * syscall fallback (socket() and bind() only: no send/recv, no I/O modes),
 * or a trace shorter than REPORT_SHORT_TRACE_S seconds.  Empty otherwise
 * (no trace: the counts say "0 seen at run time" already).
 */
static void evidence(struct report *r)
{
	const struct model *m = r->model;
	size_t hosts = afalg_intern_count(m->hosts);
	bool shortrun = m->ntrace_timed && m->trace_shortest_s < REPORT_SHORT_TRACE_S;
	char how_long[96], mode[128] = "";

	if (!m->ntrace || (!m->ntrace_degraded && !shortrun))
		return;
	if (m->ntrace_timed && m->ntrace == 1)
		snprintf(how_long, sizeof(how_long), "%.0f s of tracing", m->trace_shortest_s);
	else if (m->ntrace_timed)
		snprintf(how_long, sizeof(how_long), "%llu traces, the shortest %.0f s,",
			 (unsigned long long)m->ntrace, m->trace_shortest_s);
	else
		snprintf(how_long, sizeof(how_long), "%llu trace%s of unrecorded length",
			 (unsigned long long)m->ntrace, m->ntrace == 1 ? "" : "s");
	if (m->ntrace_degraded)
		snprintf(mode, sizeof(mode),
			 ", socket creation and bind only (no send/recv hooks) "
			 "in %llu of %llu trace%s",
			 (unsigned long long)m->ntrace_degraded, (unsigned long long)m->ntrace,
			 m->ntrace == 1 ? "" : "s");
	snprintf(r->evidence, sizeof(r->evidence),
		 "Run-time evidence: %s on %zu host%s%s: '0 seen at run time' is not evidence of "
		 "absence%s.",
		 how_long, hosts, hosts == 1 ? "" : "s", mode,
		 m->ntrace_degraded ? ", and no I/O mode (zero-copy, AIO) was seen" : "");
}

/* "YYYY-MM-DD hh:mm:ss" (UTC) of wall-clock ns. */
/* "2026-12-06T19:40:01Z" of wall-clock ns (the trace format's times, to the second). */
static void utc_time(int64_t ns, char *buf, size_t sz)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void trace_window(struct report *r)
{
	const struct model *m = r->model;
	char from[32], to[32], att[64] = "";

	if (!m->ntrace_windowed)
		return;
	utc_time(m->trace_from_ns, r->trace_from, sizeof(r->trace_from));
	utc_time(m->trace_to_ns, r->trace_to, sizeof(r->trace_to));
	/* for people: "2026-12-06 19:40:01" */
	snprintf(from, sizeof(from), "%.10s %.8s", r->trace_from, r->trace_from + 11);
	snprintf(to, sizeof(to), "%.10s %.8s", r->trace_to, r->trace_to + 11);
	if (m->ntrace_timed)
		snprintf(att, sizeof(att), ", %.0f s attached%s", m->trace_total_s,
			 m->ntrace > 1 ? " in all" : "");
	snprintf(r->trace_window, sizeof(r->trace_window),
		 "Traced from %s to %s UTC (%llu %s%s%s).", from,
		 to[0] && !strncmp(from, to, 11) ? to + 11 : to, (unsigned long long)m->ntrace,
		 m->ntrace == 1 ? "trace" : "traces",
		 m->ntrace_windowed < m->ntrace ? ", not all with their window" : "", att);
}

static void headline(struct report *r)
{
	char safe_list[400] = "";

	for (int o = 0; o < RO_N; o++)
		if (!r->blockers[o].n)
			snprintf(safe_list + strlen(safe_list),
				 sizeof(safe_list) - strlen(safe_list), "%s%s",
				 *safe_list ? ", " : "", ropt_names[o] + 7);
	if (r->kernel && kinfo_af_alg(r->kernel) == 0)
		snprintf(r->headline, sizeof(r->headline),
			 "AF_ALG is off in this kernel: all measures already enforced; %s.",
			 would_break(r, "would break (EAFNOSUPPORT) if run").s);
	else if (!r->users)
		snprintf(r->headline, sizeof(r->headline),
			 "No AF_ALG users found: every CONFIG_CRYPTO_USER_API option is "
			 "safe "
			 "to disable now.");
	else
		snprintf(r->headline, sizeof(r->headline),
			 "%zu AF_ALG user%s (%zu seen at run time, %zu found statically "
			 "only). "
			 "Safe to disable now: %s. The allowlist (M4) breaks %zu, "
			 "software-only "
			 "(M3) %zu hard + %zu soft, no-AIO (M2) %zu (soft).",
			 r->users, r->users == 1 ? "" : "s", r->runtime, r->users - r->runtime,
			 *safe_list ? safe_list : "none", r->hard[AFALG_M_ALLOWLIST],
			 r->hard[AFALG_M_SOFTWARE_ONLY], r->soft[AFALG_M_SOFTWARE_ONLY],
			 r->soft[AFALG_M_NO_AIO]);
	/* scan version 2's information: said only when there is some, never counted above */
	if (r->links || r->unreachable) {
		size_t len = strlen(r->headline);
		size_t n = r->links + r->unreachable;

		snprintf(r->headline + len, sizeof(r->headline) - len,
			 " %zu more program%s not counted: %zu link%s an AF_ALG library without "
			 "calling its AF_ALG functions, %zu hold%s AF_ALG code no entry reaches.",
			 n, n == 1 ? " is" : "s are", r->links, r->links == 1 ? "s" : "",
			 r->unreachable, r->unreachable == 1 ? "s" : "");
	}
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->progs);
	free(r->verdicts);
	free(r->refs_store);
	free(r->fixes);
	free(r->fix_files);
	free(r->fix_functions);
	free(r->sources);
	free(r->source_fixes);
	free(r);
}

struct report *report_build(const struct model *m, const struct kinfo *k)
{
	size_t n = m->nprogs, views = (size_t)RO_N * 2 + AFALG_M_COUNT * 2 + 1, *store;
	struct report *r = calloc(1, sizeof(*r));
	struct afalg_intern *pkgs = afalg_intern_new();
	char why[AFALG_M_COUNT][200];
	bool measured;

	if (!r || !pkgs)
		goto fail;
	r->model = m;
	r->data = m->data;
	r->kernel = k;
	r->nprogs = n;
	r->progs = calloc(n ? n : 1, sizeof(*r->progs));
	r->verdicts = calloc(n ? n : 1, sizeof(*r->verdicts));
	/* each view holds each program at most once */
	if (n > SIZE_MAX / views)
		goto fail;
	r->refs_store = calloc(n ? n * views : 1, sizeof(size_t));
	if (!r->progs || !r->verdicts || !r->refs_store)
		goto fail;
	store = r->refs_store;
	for (int o = 0; o < RO_N; o++, store += n)
		r->blockers[o].idx = store;
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++, store += n)
		r->breaks[mi].idx = store;
	for (int o = 0; o < RO_N; o++, store += n)
		r->measured_ok[o].idx = store;
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++, store += n)
		r->measured[mi].idx = store;
	r->not_blockers.idx = store;
	now_iso(r->created, sizeof(r->created));
	r->generator = AFALG_PROG " " AFALG_VERSION;
	if (n)
		memcpy(r->progs, m->progs, n * sizeof(*r->progs));
	qsort(r->progs, n, sizeof(*r->progs), prog_cmp);
	if (k)
		verdict_enforced(k, r->enforced, why);
	else
		for (unsigned int i = 0; i < AFALG_M_COUNT; i++)
			r->enforced[i] = -1;

	for (size_t i = 0; i < n; i++) {
		const struct mprog *p = r->progs[i];
		const struct pverdict *v = &r->verdicts[i];

		verdict_program(p, r->data, &r->verdicts[i]);
		verdict_measured(m, p, &r->verdicts[i]);
		switch (model_class(p)) {
		case MC_USES:
			r->users++;
			r->runtime += p->in_trace;
			r->archived += p->in_archive && !p->in_installed && !p->in_trace;
			if (p->package && !afalg_intern(pkgs, p->package))
				goto fail;
			break;
		case MC_CAPABLE:
			r->capable++;
			break;
		case MC_UNREACHABLE:
		case MC_LINKS:
			*(model_class(p) == MC_LINKS ? &r->links : &r->unreachable) += 1;
			r->not_blockers.idx[r->not_blockers.n++] = i;
			break;
		}
		for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++)
			if (v->breaks[mi]) {
				r->breaks[mi].idx[r->breaks[mi].n++] = i;
				if (v->brk[mi].hard)
					r->hard[mi]++;
				else
					r->soft[mi]++;
			}
		for (int o = 0; o < RO_N; o++) {
			if (v->blocks & (1u << o)) {
				r->blockers[o].idx[r->blockers[o].n++] = i;
				r->blockers_runtime[o] += p->in_trace;
			}
			if (v->unblocked & (1u << o))
				r->measured_ok[o].idx[r->measured_ok[o].n++] = i;
		}
		measured = false;
		for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++)
			if (v->measured[mi].verdict) {
				r->measured[mi].idx[r->measured[mi].n++] = i;
				measured = true;
			}
		r->nmeasured += measured;
	}
	r->packages = afalg_intern_count(pkgs);
	if (!report_group_fixes(r))
		goto fail;
	headline(r);
	evidence(r);
	trace_window(r);
	if (m->nsim)
		snprintf(r->measured_note, sizeof(r->measured_note),
			 "Measured ('simulate', %llu result%s): %zu program%s with measured "
			 "verdicts, which replace the inferred ones.",
			 (unsigned long long)m->nsim, m->nsim == 1 ? "" : "s", r->nmeasured,
			 r->nmeasured == 1 ? "" : "s");
	option_texts(r);
	if (k)
		kernel_notes(r);
	afalg_intern_destroy(pkgs);
	return r;
fail:
	afalg_intern_destroy(pkgs);
	report_free(r);
	return NULL;
}

struct json_object *report_build_document(const struct model *m, const struct kinfo *k)
{
	struct report *r = report_build(m, k);
	struct json_object *doc = r ? report_to_json(r) : NULL;

	report_free(r);
	return doc;
}
