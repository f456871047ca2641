// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit policy: the configuration that is safe on the systems the
 * evidence covers, derived from the report (docs/policy.md).  Nothing here
 * recounts what report_build decided: the users blocking each option, the
 * programs each measure breaks, the verdicts' words.  What is added: which
 * blocking lines may be emitted (static users refuse them, a degraded trace
 * withholds them, --force overrides both), the strictest af_alg_restrict
 * level, the allowlist of what was bound, and the coverage header.
 *
 * Every string that came from an input (paths, host and cgroup names,
 * algorithm names) is escaped before it lands in a comment
 * (afalg_escape_text: a newline in a path cannot start a directive), and
 * written by json-c's string writer in the allowlist.  No clock is read:
 * the same evidence gives the same bytes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_vocab.h"
#include "kinfo.h"
#include "model.h"
#include "policy.h"
#include "rdata.h"
#include "report.h"
#include "simulate_read.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0"
#endif

const char *const policy_emit_names[POLICY_NFILES] = {"modprobe", "kconfig", "sysctl", "allowlist"};
const char *const policy_file_names[POLICY_NFILES] = {"afalg-audit.conf", "afalg-audit.config",
						      "60-afalg-audit.conf", "allowlist.json"};

/* Users listed per kept option; the report lists them all. */
#define LIST_MAX 8
/* Inputs and hosts named in the header. */
#define NAME_MAX_INPUTS 20
#define NAME_MAX_HOSTS 5

int policy_emit_parse(const char *name)
{
	for (int i = 0; i < POLICY_NFILES; i++)
		if (!strcmp(name, policy_emit_names[i]))
			return i;
	return -1;
}

/* An input's bytes, escaped for a one-line comment. */
struct esc {
	char s[320];
};

static struct esc esc(const char *s)
{
	struct esc e;

	if (!s)
		s = "";
	if (afalg_escape_text(e.s, sizeof(e.s), s, strlen(s)) >= sizeof(e.s))
		memcpy(e.s + sizeof(e.s) - 4, "...", 4);
	return e;
}

static void hdr(struct policy *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hdr(struct policy *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nheader >= POLICY_MAX_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->header[p->nheader++], POLICY_LINE, fmt, ap);
	va_end(ap);
}

/* "45 s", "12 min", "3.5 h", "2.0 days" */
static void duration(double s, char *buf, size_t size)
{
	if (s < 120)
		snprintf(buf, size, "%.0f s", s);
	else if (s < 7200)
		snprintf(buf, size, "%.0f min", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, size, "%.1f h", s / 3600);
	else
		snprintf(buf, size, "%.1f days", s / 86400);
}

static const char *plural(unsigned long long n)
{
	return n == 1 ? "" : "s";
}

static int cmp_input(const void *a, const void *b)
{
	const struct minput *x = *(const struct minput *const *)a,
			    *y = *(const struct minput *const *)b;
	int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");

	return c ? c : strcmp(x->format, y->format);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The traced hosts, sorted and once each: "h1, h2, ... (N more)". */
static void host_list(const struct model *m, char *buf, size_t size, size_t *nhosts)
{
	const char **h = calloc(m->ninputs ? m->ninputs : 1, sizeof(*h));
	size_t n = 0, len = 0;

	buf[0] = 0;
	*nhosts = 0;
	if (!h)
		return;
	for (size_t i = 0; i < m->ninputs; i++)
		if (!strcmp(m->inputs[i].format, "afalg-audit-trace"))
			h[n++] = m->inputs[i].host && *m->inputs[i].host ? m->inputs[i].host
									 : m->inputs[i].path;
	qsort(h, n, sizeof(*h), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(h[i], h[i - 1]))
			continue;
		if (++*nhosts <= NAME_MAX_HOSTS && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						esc(h[i]).s);
	}
	if (*nhosts > NAME_MAX_HOSTS && len < size)
		snprintf(buf + len, size - len, ", and %zu more", *nhosts - NAME_MAX_HOSTS);
	free(h);
}

/* How long the traces ran: "1 trace of unrecorded length", "2 traces, 3.5 h in all". */
static void trace_span(const struct model *m, char *buf, size_t size)
{
	char d[32];
	unsigned long long untimed = m->ntrace - m->ntrace_timed;

	duration(m->trace_total_s, d, sizeof(d));
	if (!m->ntrace_timed)
		snprintf(buf, size, "%llu trace%s of unrecorded length",
			 (unsigned long long)m->ntrace, plural(m->ntrace));
	else if (!untimed)
		snprintf(buf, size, "%llu trace%s, %s of tracing%s", (unsigned long long)m->ntrace,
			 plural(m->ntrace), d, m->ntrace > 1 ? " in all" : "");
	else
		snprintf(buf, size, "%llu traces, %s of tracing in the %llu that recorded it",
			 (unsigned long long)m->ntrace, d, (unsigned long long)m->ntrace_timed);
}

static void scan_span(const struct model *m, char *buf, size_t size)
{
	snprintf(buf, size,
		 "%llu scan%s: %llu file%s (%llu ELF), %llu archive%s (%llu members analysed), "
		 "%llu unreadable",
		 (unsigned long long)m->nscan, plural(m->nscan), (unsigned long long)m->scan_files,
		 plural(m->scan_files), (unsigned long long)m->scan_elf_files,
		 (unsigned long long)m->scan_archives, plural(m->scan_archives),
		 (unsigned long long)m->scan_members, (unsigned long long)m->scan_errors);
}

/*
 * The measures simulate results measured (a verdict other than
 * not-simulated for some program), in slot order: "M0:hash (1 program), M6
 * (2 programs)"; "" when none.
 */
static void measured_list(const struct report *r, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int slot = 0; slot < SIMULATE_SLOTS && len < size; slot++) {
		size_t n = 0;

		for (size_t i = 0; i < r->nprogs; i++) {
			const struct msimv *v =
				model_measured(r->model, r->progs[i], (unsigned)slot);

			n += v && v->verdict != MV_NONE && v->verdict != MV_NOT_SIMULATED;
		}
		if (n)
			len += (size_t)snprintf(buf + len, size - len, "%s%s (%zu program%s)",
						len ? ", " : "", simulate_slot_name(slot), n,
						plural(n));
	}
}

static void header(struct policy *p)
{
	const struct report *r = p->r;
	const struct model *m = r->model;
	const struct minput **in = calloc(m->ninputs ? m->ninputs : 1, sizeof(*in));
	char hosts[400], span[200];
	char measured[400];
	size_t nhosts;

	hdr(p, "Made by %s from %zu input%s:", r->generator, m->ninputs + m->inputs_omitted,
	    plural(m->ninputs + m->inputs_omitted));
	for (size_t i = 0; in && i < m->ninputs; i++)
		in[i] = &m->inputs[i];
	if (in)
		qsort(in, m->ninputs, sizeof(*in), cmp_input);
	for (size_t i = 0; in && i < m->ninputs && i < NAME_MAX_INPUTS; i++) {
		const char *kind = in[i]->format + strlen("afalg-audit-");

		if (in[i]->host || in[i]->kernel)
			hdr(p, "  %-8s %s (host %s, kernel %s)", kind, esc(in[i]->path).s,
			    in[i]->host ? esc(in[i]->host).s : "not named",
			    in[i]->kernel ? esc(in[i]->kernel).s : "not named");
		else
			hdr(p, "  %-8s %s", kind, esc(in[i]->path).s);
	}
	free(in);
	if (m->ninputs + m->inputs_omitted > NAME_MAX_INPUTS)
		hdr(p, "  and %zu more", m->ninputs + m->inputs_omitted - NAME_MAX_INPUTS);
	hdr(p, "Coverage:");
	if (m->ntrace) {
		host_list(m, hosts, sizeof(hosts), &nhosts);
		trace_span(m, span, sizeof(span));
		hdr(p, "  traced: %zu host%s (%s); %s", nhosts, plural(nhosts), hosts, span);
		if (p->degraded)
			hdr(p,
			    "  trace mode: DEGRADED: %llu event%s lost (ring buffer full %llu, map "
			    "full %llu, hook runs skipped %llu): a bind may be missing",
			    p->lost, plural(p->lost), (unsigned long long)m->lost_ringbuf,
			    (unsigned long long)m->lost_map,
			    (unsigned long long)m->lost_prog_missed);
		else
			hdr(p, "  trace mode: full (no event lost)%s",
			    m->ntrace_degraded ? "; socket() and bind() only in some traces (the "
						 "policy rests on binds)"
					       : "");
	} else {
		hdr(p, "  traced: no trace; run-time use was not observed");
	}
	if (m->nscan) {
		scan_span(m, span, sizeof(span));
		hdr(p, "  scanned: %s; AF_ALG findings in %llu package%s", span,
		    (unsigned long long)m->scan_packages, plural(m->scan_packages));
		if (m->scan_errors)
			hdr(p,
			    "  scanned: %llu file%s could not be read: a user in them is not "
			    "seen",
			    (unsigned long long)m->scan_errors, plural(m->scan_errors));
		if (m->nunres)
			hdr(p,
			    "  scanned: %zu library name%s not resolved: an AF_ALG user behind "
			    "them is not seen",
			    m->nunres, plural(m->nunres));
	} else {
		hdr(p, "  scanned: no scan; programs that did not run while traced are not "
		       "covered");
	}
	measured_list(r, measured, sizeof(measured));
	if (m->nsim)
		hdr(p, "  simulated: %llu simulate result%s; measured: %s",
		    (unsigned long long)m->nsim, plural(m->nsim), *measured ? measured : "nothing");
	else
		hdr(p, "  simulated: none");
	hdr(p, "  users: %zu AF_ALG user%s (%zu seen at run time, %zu found statically only)",
	    r->users, plural(r->users), r->runtime, r->users - r->runtime);
	if (*r->evidence)
		hdr(p, "  %s", r->evidence);
	if (!p->k)
		hdr(p, "  this machine: not considered (--no-kernel)");
	else if (p->af_alg_off)
		hdr(p,
		    "  this machine: kernel %s, AF_ALG off (%s): every measure is already "
		    "enforced; nothing here changes behaviour",
		    esc(p->k->release).s, p->k->config_source);
	else if (kinfo_af_alg(p->k) < 0)
		hdr(p, "  this machine: kernel %s, AF_ALG unknown (no kernel config readable)",
		    esc(p->k->release).s);
	else
		hdr(p, "  this machine: kernel %s, AF_ALG on (%s)", esc(p->k->release).s,
		    p->k->config_source);
	hdr(p, "  allowlist evaluated: %s (%s)", esc(r->data->allow_name).s,
	    esc(r->data->allowlist_file).s);
	if (p->o.force)
		hdr(p, "  --force: blocking lines are emitted despite static users, --block "
		       "users or a degraded trace");
	else if (p->degraded)
		hdr(p, "  DEGRADED TRACE: nothing is blocked (--force blocks anyway)");
}

/* A user (classification "uses") a scan found using option o. */
static bool static_user(const struct report *r, size_t i, int o)
{
	const struct mprog *mp = r->progs[i];
	unsigned bit;

	if (model_class(mp) != MC_USES || !mp->in_scan)
		return false;
	if (o > RO_RNG)
		return (r->verdicts[i].blocks & (1u << o)) != 0;
	bit = afalg_type_bit(ropt_types[o]);
	return (mp->types & bit) || !(mp->types & AFALG_KERNEL_TYPES);
}

static void refusal(struct policy *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refusal(struct policy *p, const char *fmt, ...)
{
	size_t len = strlen(p->refusal);
	va_list ap;

	if (len && len + 3 < sizeof(p->refusal))
		len += (size_t)snprintf(p->refusal + len, sizeof(p->refusal) - len, "; ");
	if (len >= sizeof(p->refusal))
		return;
	va_start(ap, fmt);
	vsnprintf(p->refusal + len, sizeof(p->refusal) - len, fmt, ap);
	va_end(ap);
}

/* Whether option o's lines (-1: the sysctl level) are in a file that is written. */
static bool emitted(const struct policy_opts *o, int oi)
{
	unsigned e = o->emit ? o->emit : (1u << POLICY_NFILES) - 1;

	if (oi < 0)
		return e & (1u << POLICY_SYSCTL);
	return (e & (1u << POLICY_KCONFIG)) || (oi <= RO_RNG && (e & (1u << POLICY_MODPROBE)));
}

int policy_derive(struct policy *p, const struct report *r, const struct kinfo *k,
		  const struct policy_opts *o)
{
	const struct model *m = r->model;
	bool withheld = false;

	memset(p, 0, sizeof(*p));
	p->r = r;
	p->k = k;
	p->o = *o;
	p->af_alg_off = k && kinfo_af_alg(k) == 0;
	p->lost = (unsigned long long)(m->lost_ringbuf + m->lost_map + m->lost_prog_missed);
	p->degraded = p->lost > 0;
	for (int oi = 0; oi < RO_N; oi++) {
		struct policy_option *po = &p->opt[oi];
		bool want;

		po->users = r->blockers[oi].n;
		po->requested = (o->block & (1u << oi)) != 0;
		for (size_t j = 0; j < r->blockers[oi].n; j++) {
			const struct mprog *mp = r->progs[r->blockers[oi].idx[j]];

			po->runtime_users += mp->in_trace;
			if (!po->first_user)
				po->first_user = mp->path;
		}
		for (size_t i = 0; i < r->nprogs; i++)
			if (static_user(r, i, oi)) {
				po->static_users++;
				if (!po->first_static)
					po->first_static = r->progs[i]->path;
			}
		if (!po->first_user)
			po->first_user = po->first_static;
		want = !po->users || po->requested;
		if (!want) {
			po->state = PS_KEEP;
		} else if (p->af_alg_off) {
			po->state = PS_ENFORCED;
		} else if ((po->static_users || po->users) && !o->force) {
			size_t n = po->static_users ? po->static_users : po->users;

			po->state = PS_REFUSED;
			if (emitted(o, oi))
				refusal(p, "not blocking %s%s%s%s: %s shows it in use (%s%s)",
					ropt_names[oi], ropt_modules[oi] ? " (" : "",
					ropt_modules[oi] ? ropt_modules[oi] : "",
					ropt_modules[oi] ? ")" : "",
					po->static_users ? "static analysis" : "the trace",
					esc(po->static_users ? po->first_static : po->first_user).s,
					n > 1 ? " and more" : "");
		} else if (p->degraded && !o->force) {
			po->state = PS_WITHHELD;
			withheld |= emitted(o, oi);
		} else {
			po->state = PS_BLOCK;
			po->forced = po->static_users || po->users || p->degraded;
		}
	}
	/* 2: no user; 1: none breaks under the allowlist (M4) or its privilege check (M5) */
	if (!r->users)
		p->level = 2;
	else if (!r->breaks[AFALG_M_ALLOWLIST].n && !r->breaks[AFALG_M_CAPABILITY].n)
		p->level = 1;
	else
		p->level = 0;
	if (p->af_alg_off) {
		p->level_state = PS_ENFORCED;
	} else if (!p->level) {
		p->level_state = PS_KEEP;
	} else if (p->degraded && !o->force) {
		p->level_state = PS_WITHHELD;
		withheld |= emitted(o, -1);
	} else {
		p->level_state = PS_BLOCK;
	}
	if (withheld)
		refusal(p, "the trace is degraded (%llu event%s lost): nothing blocked", p->lost,
			plural(p->lost));
	if (*p->refusal && strlen(p->refusal) + 40 < sizeof(p->refusal))
		strcat(p->refusal, "; --force blocks anyway");
	header(p);
	return 0;
}

/* ---- writing ---------------------------------------------------------- */

static void comment_header(FILE *f, const struct policy *p, const char *title)
{
	fprintf(f, "# afalg-audit policy: %s\n#\n", title);
	for (size_t i = 0; i < p->nheader; i++)
		fprintf(f, "# %s\n", p->header[i]);
	fprintf(f, "#\n");
}

/* The evidence that nothing uses an option: "no user seen at run time ...; no static user ...". */
static void unused_words(const struct policy *p, const struct policy_option *po, char *buf,
			 size_t size)
{
	const struct model *m = p->r->model;
	char hosts[400], span[200], scan[200];
	size_t nhosts;

	/* no blocker (a measured verdict took them off), yet a scan shows users */
	if (po->static_users) {
		snprintf(buf, size,
			 "no blocker in the report, but static analysis shows %zu user%s (%s "
			 "first)",
			 po->static_users, plural(po->static_users), esc(po->first_static).s);
		return;
	}
	if (m->ntrace) {
		host_list(m, hosts, sizeof(hosts), &nhosts);
		trace_span(m, span, sizeof(span));
	}
	if (m->nscan)
		scan_span(m, scan, sizeof(scan));
	if (m->ntrace)
		snprintf(buf, size, "no user seen at run time on %zu host%s (%s) over %s; ", nhosts,
			 plural(nhosts), hosts, span);
	else
		snprintf(buf, size, "not traced; ");
	if (m->nscan)
		snprintf(buf + strlen(buf), size - strlen(buf),
			 "no static user in the scanned files (%s)", scan);
	else
		snprintf(buf + strlen(buf), size - strlen(buf), "no scan");
}

/* Who keeps option o: "#   PATH (PACKAGE): WHY [run time on N hosts]", at most LIST_MAX. */
static void users_list(FILE *f, const struct policy *p, int o, const char *indent)
{
	const struct report *r = p->r;
	const struct report_refs *b = &r->blockers[o];

	for (size_t j = 0; j < b->n && j < LIST_MAX; j++) {
		const struct mprog *mp = r->progs[b->idx[j]];
		const struct pverdict *v = &r->verdicts[b->idx[j]];
		char where[64];

		if (mp->in_trace)
			snprintf(where, sizeof(where), "seen at run time on %u host%s%s",
				 mp->hosts_runtime, plural(mp->hosts_runtime),
				 mp->in_scan ? ", and found by scan" : "");
		else
			snprintf(where, sizeof(where), "static analysis");
		fprintf(f, "#%s%s%s%s%s: %s [%s]\n", indent, esc(mp->path).s,
			mp->package ? " (" : "", mp->package ? esc(mp->package).s : "",
			mp->package ? ")" : "", esc(v->block_why[o]).s, where);
	}
	if (b->n > LIST_MAX)
		fprintf(f, "#%sand %zu more (afalg-audit report lists them all)\n", indent,
			b->n - LIST_MAX);
}

/* Why an option that could go is not blocked, or was blocked by force: one comment line. */
static void state_note(FILE *f, const struct policy *p, int o)
{
	const struct policy_option *po = &p->opt[o];

	if (po->state == PS_REFUSED)
		fprintf(f,
			"# NOT BLOCKED: %s shows it in use (%zu static user%s, %zu user%s in "
			"the report); with --force this would be:\n",
			po->static_users ? "static analysis" : "the evidence", po->static_users,
			plural(po->static_users), po->users, plural(po->users));
	else if (po->state == PS_WITHHELD)
		fprintf(f,
			"# WITHHELD: the trace is degraded (%llu event%s lost); with --force this "
			"would be:\n",
			p->lost, plural(p->lost));
	else if (po->state == PS_BLOCK && po->forced && (po->users || po->static_users))
		fprintf(f,
			"# FORCED (--force)%s%s: %zu user%s in the report, %zu static: they get "
			"ENOENT from bind()\n",
			p->degraded ? " despite a degraded trace" : "",
			po->requested ? ", asked for with --block" : "", po->users,
			plural(po->users), po->static_users);
	else if (po->state == PS_BLOCK && po->forced)
		fprintf(f, "# FORCED (--force) despite a degraded trace\n");
}

/* The kernel's state of module index mod / option o here, as a parenthesis or "". */
static void here_words(const struct policy *p, int o, char *buf, size_t size)
{
	static const int kopt[RO_N] = {KOPT_HASH, KOPT_SKCIPHER, KOPT_AEAD,
				       KOPT_RNG,  KOPT_RNG_CAVP, KOPT_OBSOLETE};
	const struct kinfo *k = p->k;

	buf[0] = 0;
	if (!k)
		return;
	if (k->opt[kopt[o]] == 'n')
		snprintf(buf, size, " (already off in this kernel, %s)", k->config_source);
	else if (o <= RO_RNG && k->mod[KMOD_HASH + o].blacklisted)
		snprintf(buf, size, " (already blocked here: %s)",
			 esc(k->mod[KMOD_HASH + o].source).s);
}

static void write_modprobe(FILE *f, const struct policy *p)
{
	char why[1200], here[400];

	comment_header(f, p, "modprobe.d snippet (install as /etc/modprobe.d/afalg-audit.conf)");
	fprintf(f, "# 'install MODULE /bin/false' stops every load of the module (autoload on "
		   "bind() and an explicit modprobe);\n"
		   "# 'blacklist MODULE' stops alias lookups.  A module loaded now stays until "
		   "unloaded (or reboot).\n");
	if (p->af_alg_off)
		fprintf(f,
			"#\n# AF_ALG is off in this kernel (%s): every measure is already "
			"enforced; nothing to block here.\n",
			p->k->config_source);
	for (int o = RO_HASH; o <= RO_RNG; o++) {
		const struct policy_option *po = &p->opt[o];
		const char *mod = ropt_modules[o];

		fprintf(f, "#\n");
		here_words(p, o, here, sizeof(here));
		switch (po->state) {
		case PS_KEEP:
			fprintf(f, "# kept: %s (%s)%s, used by %zu program%s:\n", mod,
				ropt_names[o], here, po->users, plural(po->users));
			users_list(f, p, o, "   ");
			continue;
		case PS_ENFORCED:
			fprintf(f, "# %s: nothing to do, AF_ALG is off in this kernel\n", mod);
			continue;
		default:
			break;
		}
		unused_words(p, po, why, sizeof(why));
		if (po->users)
			fprintf(f, "# %s (%s)%s: used by %zu program%s:\n", mod, ropt_names[o],
				here, po->users, plural(po->users));
		else
			fprintf(f, "# %s (%s)%s: %s\n", mod, ropt_names[o], here, why);
		if (po->users)
			users_list(f, p, o, "   ");
		state_note(f, p, o);
		fprintf(f, "%sinstall %s /bin/false\n%sblacklist %s\n",
			po->state == PS_BLOCK ? "" : "#   ", mod,
			po->state == PS_BLOCK ? "" : "#   ", mod);
	}
}

static void write_kconfig(FILE *f, const struct policy *p)
{
	char why[1200], here[400];
	int blocked_types = 0;

	comment_header(f, p,
		       "kernel config fragment (scripts/kconfig/merge_config.sh, or a "
		       "distribution's config overlay)");
	if (p->af_alg_off)
		fprintf(f,
			"# AF_ALG is off in this kernel (%s): every measure is already "
			"enforced; no option to change here.\n",
			p->k->config_source);
	for (int o = 0; o < RO_N; o++) {
		const struct policy_option *po = &p->opt[o];

		if (o || p->af_alg_off)
			fprintf(f, "#\n");
		here_words(p, o, here, sizeof(here));
		if (po->state == PS_KEEP) {
			fprintf(f, "# keep %s (y or m)%s: used by %zu program%s:\n", ropt_names[o],
				here, po->users, plural(po->users));
			users_list(f, p, o, "   ");
			continue;
		}
		if (po->state == PS_ENFORCED) {
			fprintf(f, "# off already: %s (AF_ALG is off in this kernel)\n",
				ropt_names[o]);
			continue;
		}
		unused_words(p, po, why, sizeof(why));
		if (o == RO_RNG_CAVP && !po->users && !po->static_users)
			snprintf(why, sizeof(why), "no program sets ALG_SET_DRBG_ENTROPY");
		else if (o == RO_OBSOLETE && !po->users && !po->static_users)
			snprintf(why, sizeof(why),
				 "no program binds or names an obsolete algorithm");
		if (po->users) {
			fprintf(f, "# can be n only by force: %s%s, used by %zu program%s:\n",
				ropt_names[o], here, po->users, plural(po->users));
			users_list(f, p, o, "   ");
		} else {
			fprintf(f, "# can be n: %s%s: %s\n", ropt_names[o], here, why);
		}
		state_note(f, p, o);
		fprintf(f, "%s# %s is not set\n", po->state == PS_BLOCK ? "" : "#   ",
			ropt_names[o]);
		blocked_types += o <= RO_RNG && po->state == PS_BLOCK;
	}
	if (blocked_types == 4)
		fprintf(f,
			"#\n# With the four off, CONFIG_CRYPTO_USER_API (af_alg itself, no prompt "
			"of its own) is not selected either.\n");
}

static void write_sysctl(FILE *f, const struct policy *p)
{
	const struct report *r = p->r;
	const struct rmeasure *m4 = rdata_measure(r->data, AFALG_M_ALLOWLIST);
	char line[64];

	comment_header(f, p, "sysctl.d file (install as /etc/sysctl.d/60-afalg-audit.conf)");
	fprintf(f,
		"# crypto.af_alg_restrict is not in released kernels: it comes from a proposed "
		"patch (%s).\n"
		"# 0: no restriction; 1: bind() only to the allowlist's (type, name) pairs, "
		"privileged ones needing\n"
		"# CAP_NET_ADMIN (initial user namespace) or CAP_SYS_ADMIN; 2: no AF_ALG "
		"(socket() fails with EAFNOSUPPORT).\n"
		"# The leading '-' makes systemd-sysctl and 'sysctl --system' skip the key on a "
		"kernel without it.\n#\n",
		m4 ? esc(m4->where).s : "see measures.json");
	snprintf(line, sizeof(line), "-crypto.af_alg_restrict = %d", p->level);
	if (p->level_state == PS_ENFORCED) {
		fprintf(f,
			"# AF_ALG is off in this kernel (%s): every level is already in force; "
			"nothing to set.\n",
			p->k->config_source);
		return;
	}
	if (p->level == 2) {
		fprintf(f, "# Level 2: no AF_ALG user in the evidence.\n");
	} else {
		fprintf(f, "# Level 2 would break every AF_ALG user: %zu program%s.\n", r->users,
			plural(r->users));
		if (p->level == 1) {
			fprintf(f,
				"# Level 1: every use is on the allowlist evaluated with the right "
				"privilege (%s);\n"
				"# the kernel enforces its own built-in list: this holds where "
				"that list is the one evaluated.\n",
				esc(r->data->allow_name).s);
		} else {
			fprintf(f, "# Level 1 would break (not on the allowlist, or a privileged "
				   "entry used without the privilege):\n");
			for (unsigned mi = AFALG_M_ALLOWLIST; mi <= AFALG_M_CAPABILITY; mi++) {
				const struct report_refs *b = &r->breaks[mi];

				for (size_t j = 0; j < b->n && j < LIST_MAX; j++) {
					const struct mprog *mp = r->progs[b->idx[j]];

					fprintf(f, "#   %s (%s): %s\n", esc(mp->path).s,
						afalg_measure_name(mi),
						esc(r->verdicts[b->idx[j]].brk[mi].why).s);
				}
				if (b->n > LIST_MAX)
					fprintf(f, "#   and %zu more under %s\n", b->n - LIST_MAX,
						afalg_measure_name(mi));
			}
		}
	}
	if (p->k && p->k->has_restrict && p->k->restrict_val >= p->level)
		fprintf(f, "# This kernel has af_alg_restrict=%d already.\n", p->k->restrict_val);
	else if (p->k && !p->k->has_restrict)
		fprintf(f,
			"# This kernel has no af_alg_restrict (the patch is not in it): the line "
			"is skipped here.\n");
	if (p->level_state == PS_WITHHELD)
		fprintf(f,
			"# WITHHELD: the trace is degraded (%llu event%s lost); with --force this "
			"would be:\n#   %s\n",
			p->lost, plural(p->lost), line);
	else
		fprintf(f, "%s\n", line);
}

/* ---- the derived allowlist -------------------------------------------- */

#define ENTRY_MAX_UIDS 16
#define ENTRY_MAX_PROGS 8

struct entry {
	const char *type, *name;
	const char *cgroup; /* per-cgroup entries; NULL in the whole list (or cgroup unknown) */
	bool has_cgroup;
	bool root, nonroot, container;
	uint32_t uids[ENTRY_MAX_UIDS];
	unsigned nuids;
	bool more_uids;
	const char *progs[ENTRY_MAX_PROGS];
	unsigned nprogs;
	bool more_progs;
	uint64_t binds;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static struct entry *entry_get(struct entries *e, const char *type, const char *name,
			       bool has_cgroup, const char *cgroup)
{
	struct entry *x;

	/* strings are the model's, interned: the same text is the same pointer */
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].type == type && e->v[i].name == name &&
		    e->v[i].has_cgroup == has_cgroup && e->v[i].cgroup == cgroup)
			return &e->v[i];
	if (afalg_grow(&e->v, &e->cap, e->n, sizeof(*e->v), 16))
		return NULL;
	x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->type = type;
	x->name = name;
	x->has_cgroup = has_cgroup;
	x->cgroup = cgroup;
	return x;
}

static void entry_uid(struct entry *x, uint32_t uid)
{
	for (unsigned i = 0; i < x->nuids; i++)
		if (x->uids[i] == uid)
			return;
	if (x->nuids < ENTRY_MAX_UIDS)
		x->uids[x->nuids++] = uid;
	else
		x->more_uids = true;
	if (uid)
		x->nonroot = true;
	else
		x->root = true;
}

static void entry_prog(struct entry *x, const char *path)
{
	for (unsigned i = 0; i < x->nprogs; i++)
		if (x->progs[i] == path)
			return;
	if (x->nprogs < ENTRY_MAX_PROGS)
		x->progs[x->nprogs++] = path;
	else
		x->more_progs = true;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->has_cgroup != y->has_cgroup)
		return x->has_cgroup ? 1 : -1;
	if (x->cgroup != y->cgroup) {
		if (!x->cgroup || !y->cgroup)
			return x->cgroup ? 1 : -1;
		if ((c = strcmp(x->cgroup, y->cgroup)))
			return c;
	}
	c = afalg_type_from_name(x->type) - afalg_type_from_name(y->type);
	return c ? c : strcmp(x->name, y->name);
}

/* What a name must be to be an allowlist entry (rdata_load's checks): 1..63 bytes. */
static bool entry_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n && n <= 63;
}

static int collect(const struct report *r, struct entries *all, struct entries *per,
		   size_t *skipped)
{
	for (size_t i = 0; i < r->nprogs; i++) {
		const struct mprog *mp = r->progs[i];

		if (model_class(mp) != MC_USES)
			continue;
		for (unsigned j = 0; j < mp->nalgs; j++) {
			const struct malg *a = &mp->algs[j];
			struct entry *x;
			int t = a->type ? afalg_type_from_name(a->type) : -1;

			if (!a->runtime || t < 0 || !(AFALG_BIT(t) & AFALG_KERNEL_TYPES) ||
			    !(a->root || a->nonroot))
				continue; /* not bound: tried and failed, or named in a file */
			if (!entry_name_ok(a->name)) {
				++*skipped;
				continue;
			}
			if (!(x = entry_get(all, a->type, a->name, false, NULL)))
				return -1;
			x->root |= a->root;
			x->nonroot |= a->nonroot;
			x->container |= a->container_cgroup != NULL;
			x->binds += a->count;
			entry_prog(x, mp->path);
			if (a->nonroot && !a->nbinders)
				entry_uid(x, a->nonroot_uid);
			for (unsigned b = 0; b < a->nbinders; b++) {
				const struct mbinder *bd = &a->binders[b];
				struct entry *y =
					entry_get(per, a->type, a->name, true, bd->cgroup);

				if (!y || !(x = entry_get(all, a->type, a->name, false, NULL)))
					return -1;
				y->container |= model_container_cgroup(bd->cgroup);
				entry_prog(y, mp->path);
				for (unsigned u = 0; u < bd->nuids; u++) {
					entry_uid(x, bd->uids[u]);
					entry_uid(y, bd->uids[u]);
				}
				x->more_uids |= bd->more_uids;
				y->more_uids |= bd->more_uids;
			}
			if (a->more_binders) {
				if (!(x = entry_get(all, a->type, a->name, false, NULL)))
					return -1;
				x->more_uids = true;
			}
		}
	}
	if (all->n)
		qsort(all->v, all->n, sizeof(*all->v), cmp_entry);
	if (per->n)
		qsort(per->v, per->n, sizeof(*per->v), cmp_entry);
	for (size_t i = 0; i < all->n; i++)
		qsort(all->v[i].uids, all->v[i].nuids, sizeof(uint32_t), cmp_u32);
	for (size_t i = 0; i < per->n; i++)
		qsort(per->v[i].uids, per->v[i].nuids, sizeof(uint32_t), cmp_u32);
	return 0;
}

/* A JSON string (json-c's escaping). */
static void jput(FILE *f, const char *s)
{
	struct json_object *o = json_object_new_string(s ? s : "");

	if (!o) {
		fputs("\"\"", f);
		return;
	}
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	json_object_put(o);
}

static int cmp_prog(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_entry(FILE *f, const struct report *r, struct entry *x, const char *indent)
{
	bool priv = x->root && !x->nonroot && !x->container;

	fprintf(f, "%s{\"type\": ", indent);
	jput(f, x->type);
	fprintf(f, ", \"name\": ");
	jput(f, x->name);
	fprintf(f, ", \"privileged\": %s, \"uids\": [", priv ? "true" : "false");
	for (unsigned i = 0; i < x->nuids; i++)
		fprintf(f, "%s%u", i ? ", " : "", x->uids[i]);
	fprintf(f, "]%s", x->more_uids ? ", \"uids_truncated\": true" : "");
	if (x->container)
		fprintf(f, ", \"container\": true");
	fprintf(f, ", \"proposed\": ");
	jput(f, verdict_allow_status(r->data, x->type, x->name));
	qsort(x->progs, x->nprogs, sizeof(*x->progs), cmp_prog);
	fprintf(f, ", \"programs\": [");
	for (unsigned i = 0; i < x->nprogs; i++) {
		if (i)
			fputs(", ", f);
		jput(f, x->progs[i]);
	}
	fprintf(f, "]%s}", x->more_progs ? ", \"programs_truncated\": true" : "");
}

static int write_allowlist(FILE *f, const struct policy *p)
{
	const struct report *r = p->r;
	struct entries all = {0}, per = {0};
	size_t skipped = 0, nhosts;
	char hosts[400], src[1024];

	if (collect(r, &all, &per, &skipped)) {
		free(all.v);
		free(per.v);
		return -1;
	}
	host_list(r->model, hosts, sizeof(hosts), &nhosts);
	fprintf(f, "{\n  \"format\": \"afalg-audit-allowlist\",\n  \"version\": 1,\n  \"name\": ");
	jput(f, "derived: the (type, name) pairs bound at run time (afalg-audit policy)");
	snprintf(src, sizeof(src), "%s policy, from %llu trace%s of %zu host%s%s%s%s", r->generator,
		 (unsigned long long)r->model->ntrace, plural(r->model->ntrace), nhosts,
		 plural(nhosts), nhosts ? " (" : "", nhosts ? hosts : "", nhosts ? ")" : "");
	fprintf(f, ",\n  \"source\": ");
	jput(f, src);
	fprintf(f, ",\n  \"comment\": ");
	jput(f, "Every (type, name) a traced program bound successfully. privileged: bound only "
		"by uid 0 outside containers. The tracer records uids, not capabilities: uid 0 "
		"stands for CAP_NET_ADMIN/CAP_SYS_ADMIN (a root process without them, or a "
		"non-root one with them, is misjudged). proposed: the entry's status on the "
		"allowlist evaluated (see coverage). cgroups: the same per cgroup (container, "
		"service) where the trace named one. Names tried but not bound, and names found "
		"only by scan, are not entries.");
	fprintf(f, ",\n  \"coverage\": [");
	for (size_t i = 0; i < p->nheader; i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		jput(f, p->header[i]);
	}
	fprintf(f, "\n  ],\n  \"entries\": [");
	for (size_t i = 0; i < all.n; i++) {
		fprintf(f, "%s\n", i ? "," : "");
		put_entry(f, r, &all.v[i], "    ");
	}
	fprintf(f, "%s],\n", all.n ? "\n  " : "");
	if (skipped)
		fprintf(f, "  \"skipped_names\": %zu,\n", skipped);
	fprintf(f, "  \"cgroups\": [");
	for (size_t i = 0; i < per.n;) {
		size_t j = i;

		fprintf(f, "%s\n    {\"cgroup\": ", i ? "," : "");
		if (per.v[i].cgroup)
			jput(f, per.v[i].cgroup);
		else
			fputs("null", f);
		fprintf(f, ", \"container\": %s, \"entries\": [",
			per.v[i].container ? "true" : "false");
		for (; j < per.n && per.v[j].cgroup == per.v[i].cgroup; j++) {
			fprintf(f, "%s\n", j > i ? "," : "");
			put_entry(f, r, &per.v[j], "      ");
		}
		fprintf(f, "\n    ]}");
		i = j;
	}
	fprintf(f, "%s]\n}\n", per.n ? "\n  " : "");
	free(all.v);
	free(per.v);
	return 0;
}

int policy_write(FILE *f, const struct policy *p, enum policy_file which)
{
	switch (which) {
	case POLICY_MODPROBE:
		write_modprobe(f, p);
		break;
	case POLICY_KCONFIG:
		write_kconfig(f, p);
		break;
	case POLICY_SYSCTL:
		write_sysctl(f, p);
		break;
	case POLICY_ALLOWLIST:
		if (write_allowlist(f, p))
			return -1;
		break;
	default:
		return -1;
	}
	return ferror(f) ? -1 : 0;
}
