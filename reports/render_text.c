// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Text for a terminal: aligned columns, colour only when asked (a TTY and
 * NO_COLOR unset, decided by the caller), every string from the inputs
 * passed through afalg_escape_text so a hostile path cannot drive the
 * terminal.  Printed from struct report (report.h): every count, verdict
 * and text is report_build's.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_measure.h"
#include "afalg_vocab.h"
#include "intern.h"
#include "jsonin.h"
#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"
#include "verdict.h"

#define BLOCKERS_SHOWN 3 /* per option in the summary view */

struct tx {
	FILE *out;
	bool color;
	unsigned width; /* prose wrapped at this column (render_opts); 0: never */
};

static const char *c_on(const struct tx *t, const char *code)
{
	return t->color ? code : "";
}

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define GREEN "\033[32m"
#define DIM "\033[2m"
#define OFF "\033[0m"

/* Escaped s; returns its display width (code points). */
static size_t put(const struct tx *t, const char *s)
{
	char buf[2048];
	size_t w = 0;

	if (!s)
		s = "-";
	afalg_escape_text(buf, sizeof(buf), s, strlen(s));
	fputs(buf, t->out);
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
		w += (*p & 0xc0) != 0x80;
	return w;
}

/*
 * Prose (a headline, a note, advice): escaped s, written from column col,
 * broken between words before t->width and continued indent columns in.
 * A word longer than a line (a path) stands on a line of its own.  Tables
 * keep their columns: only a row's last cell is wrapped (cell()).
 */
static void wrap(const struct tx *t, const char *s, size_t col, size_t indent)
{
	char buf[2048];
	const char *p = buf;

	if (!t->width) {
		put(t, s);
		return;
	}
	afalg_escape_text(buf, sizeof(buf), s ? s : "-", strlen(s ? s : "-"));
	while (*p) {
		size_t n = strcspn(p, " "), w = 0;

		for (size_t i = 0; i < n; i++)
			w += ((unsigned char)p[i] & 0xc0) != 0x80;
		if (col > indent && col + 1 + w > t->width) {
			fprintf(t->out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (p != buf) {
			fputc(' ', t->out);
			col++;
		}
		fwrite(p, 1, n, t->out);
		col += w;
		p += n;
		while (*p == ' ')
			p++;
	}
}

/*
 * The last cell of a table row (a why, an advice): prose from column col,
 * continued under itself, or 10 columns in when fewer than 30 are left
 * there (then it starts on a line of its own).
 */
static void cell(const struct tx *t, const char *s, size_t col)
{
	wrap(t, s, col, t->width && col + 30 > t->width ? 10 : col);
}

static void pad(const struct tx *t, size_t used, size_t width)
{
	do
		fputc(' ', t->out);
	while (++used < width);
}

static void putpad(const struct tx *t, const char *s, size_t width)
{
	pad(t, put(t, s), width);
}

static void section(const struct tx *t, const char *title)
{
	fprintf(t->out, "\n%s", c_on(t, BOLD));
	wrap(t, title, 0, 2);
	fprintf(t->out, "%s\n", c_on(t, OFF));
}

/* report_verdict_tone() as a colour; a word of no known tone is green, as fine. */
static const char *verdict_color(const char *v)
{
	switch (report_verdict_tone(v)) {
	case TONE_BAD:
		return RED;
	case TONE_WARN:
		return YELLOW;
	default:
		return GREEN;
	}
}

/* A program's path, or what stands for an empty one. */
static const char *path_of(const struct mprog *p)
{
	return *p->path ? p->path : "(unnamed executable)";
}

/* One program of an option's blockers (brk NULL) or of a measure's breaks. */
static void prog_ref(const struct tx *t, const struct mprog *p, const char *brk, const char *why)
{
	unsigned long long hr = p->hosts_runtime, sc = p->scans;
	char ev[64];
	size_t w;

	fputs("      ", t->out);
	if (brk)
		fprintf(t->out, "%s%-4s%s ", c_on(t, verdict_color(brk)), brk, c_on(t, OFF));
	w = put(t, path_of(p));
	if (p->package) {
		fputs(" (", t->out);
		w += put(t, p->package) + 3;
		fputc(')', t->out);
	}
	pad(t, w, 48);
	if (hr)
		snprintf(ev, sizeof(ev), "run time, %llu host%s", hr, hr == 1 ? "" : "s");
	else
		snprintf(ev, sizeof(ev), "static, %llu scan%s", sc, sc == 1 ? "" : "s");
	fprintf(t->out, "%s%-22s%s ", c_on(t, DIM), ev, c_on(t, OFF));
	/* the columns so far: indent, break, path (padded), evidence (padded) */
	cell(t, why,
	     6 + (brk ? 5 : 0) + (w + 1 > 48 ? w + 1 : 48) + (strlen(ev) > 22 ? strlen(ev) : 22) +
		     1);
	fputc('\n', t->out);
}

/* How many of n references to print: all, or the summary's first few. */
static size_t shown_of(size_t n, bool all)
{
	return all ? n : (n < BLOCKERS_SHOWN ? n : BLOCKERS_SHOWN);
}

static void more(const struct tx *t, size_t n, size_t shown)
{
	if (shown < n)
		fprintf(t->out, "      ... and %zu more (see the full report)\n", n - shown);
}

static void blockers(const struct tx *t, const struct report *r, int ro, bool all)
{
	const struct report_refs *b = &r->blockers[ro];
	size_t shown = shown_of(b->n, all);

	for (size_t j = 0; j < shown; j++)
		prog_ref(t, r->progs[b->idx[j]], NULL, r->verdicts[b->idx[j]].block_why[ro]);
	more(t, b->n, shown);
}

static void breaks(const struct tx *t, const struct report *r, unsigned int mi)
{
	const struct report_refs *b = &r->breaks[mi];

	for (size_t j = 0; j < b->n; j++) {
		const struct vbreak *vb = &r->verdicts[b->idx[j]].brk[mi];

		prog_ref(t, r->progs[b->idx[j]], vb->hard ? "hard" : "soft", vb->why);
	}
}

static void modules(const struct tx *t, const struct kinfo *k)
{
	fputs("  modules         ", t->out);
	if (k->mod[0].loaded < 0) {
		/* no /proc/modules: a kernel without module support; only blocks matter */
		fputs(" (no module support: all built in or absent)", t->out);
		for (int i = 0; i < KMOD_N; i++)
			if (k->mod[i].blacklisted) {
				fputc(' ', t->out);
				put(t, kmod_names[i]);
				fputs("(blocked)", t->out);
			}
		return;
	}
	for (int i = 0; i < KMOD_N; i++) {
		const struct kmodule *mo = &k->mod[i];

		fputc(' ', t->out);
		put(t, kmod_names[i]);
		fprintf(t->out, "(%s%s)",
			mo->loaded < 0 ? "?"
			: mo->loaded   ? "loaded"
				       : "not loaded",
			mo->blacklisted ? ", blocked" : "");
	}
}

static void kernel(const struct tx *t, const struct report *r)
{
	const struct kinfo *k = r->kernel;
	const char *af = report_af_alg(k);
	bool any = false;

	section(t, "This machine's kernel");
	fputs("  release          ", t->out);
	put(t, k->release);
	fputs("\n  config           ", t->out);
	put(t, k->config_source[0] ? k->config_source : "(not readable)");
	fprintf(t->out, "\n  AF_ALG           %s%s%s\n", c_on(t, !strcmp(af, "off") ? GREEN : ""),
		af, c_on(t, OFF));
	for (int i = 0; i < KOPT_N; i++) {
		char v[2] = {k->opt[i], 0};

		fputs("  ", t->out);
		putpad(t, kopt_names[i], 42);
		fprintf(t->out, "%s\n", *v ? v : "unknown");
	}
	modules(t, k);
	fputs("\n  af_alg_restrict  ", t->out);
	if (k->has_restrict)
		fprintf(t->out, "%d\n", k->restrict_val);
	else
		fputs("(no such sysctl in this kernel)\n", t->out);
	fputs("  enforced here   ", t->out);
	for (unsigned int i = 0; i < AFALG_M_COUNT; i++)
		if (r->enforced[i] == 1) {
			fputc(' ', t->out);
			put(t, afalg_measure_name(i));
			any = true;
		}
	if (!any)
		fputs(" none known", t->out);
	fputc('\n', t->out);
	for (size_t i = 0; i < r->nnotes; i++) {
		fputs("  note: ", t->out);
		wrap(t, r->notes[i], 8, 8);
		fputc('\n', t->out);
	}
}

static void options(const struct tx *t, const struct report *r, bool all)
{
	section(t, "Kconfig options (who blocks disabling each)");
	for (int ro = 0; ro < RO_N; ro++) {
		const char *v = report_option_verdict(r, ro);
		char here = report_option_here(r, ro);

		fputs("  ", t->out);
		putpad(t, ropt_names[ro], 42);
		fprintf(t->out, "%s%-17s%s", c_on(t, verdict_color(v)), v, c_on(t, OFF));
		if (here)
			fprintf(t->out, "here=%c  ", here);
		cell(t, r->option_text[ro], 2 + 42 + 17 + (here ? 8 : 0));
		fputc('\n', t->out);
		blockers(t, r, ro, all);
	}
}

static void measures(const struct tx *t, const struct report *r, bool all)
{
	section(t, "Hardening measures (what each would break)");
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &r->data->measures[mi];
		const char *v = report_measure_verdict(r, mi);

		fputs("  ", t->out);
		putpad(t, rm->id, 4);
		putpad(t, rm->title, 52);
		fprintf(t->out, "%s%-15s%s hard %-4zu soft %-4zu", c_on(t, verdict_color(v)), v,
			c_on(t, OFF), r->hard[mi], r->soft[mi]);
		if (r->enforced[mi] >= 0) {
			fputc(' ', t->out);
			/* 2 + 4 + 52 + 15 + " hard %-4zu soft %-4zu" */
			cell(t, r->enforced[mi] ? "[enforced here]" : "[not enforced here]",
			     2 + 4 + 52 + 15 + 20 + 1);
		}
		fputc('\n', t->out);
		if (all)
			breaks(t, r, mi);
	}
}

/* The names of the ids set in mask, comma-separated; "-" for none. */
static void name_list(const struct tx *t, unsigned int mask, unsigned int count,
		      const char *(*name)(unsigned int))
{
	bool first = true;

	for (unsigned int id = 0; id < count; id++)
		if (mask & AFALG_BIT(id)) {
			if (!first)
				fputc(',', t->out);
			put(t, name(id));
			first = false;
		}
	if (first)
		fputc('-', t->out);
}

static void uid_list(const struct tx *t, const struct mprog *p)
{
	for (unsigned int i = 0; i < p->nuids; i++)
		fprintf(t->out, "%s%u", i ? "," : "", p->uids[i]);
	if (!p->nuids)
		fputc('-', t->out);
}

static void program_head(const struct tx *t, const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	char text[2048];

	size_t col = 6; /* two spaces before, between and after the words */

	fputs("  ", t->out);
	fputs(c_on(t, BOLD), t->out);
	col += put(t, path_of(p));
	fputs(c_on(t, OFF), t->out);
	fputs("  ", t->out);
	col += put(t, p->package ? p->package : "(no package)");
	if (p->version) {
		fputc(' ', t->out);
		col += 1 + put(t, p->version);
	}
	fputs("  ", t->out);
	snprintf(text, sizeof(text), "[%s, %u host%s at run time, %u scan%s]", report_evidence(p),
		 p->hosts_runtime, p->hosts_runtime == 1 ? "" : "s", p->scans,
		 p->scans == 1 ? "" : "s");
	cell(t, text, col);
	fputc('\n', t->out);
	fputs("      types: ", t->out);
	name_list(t, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
	fputs("  features: ", t->out);
	name_list(t, p->features, AFALG_FEAT_COUNT, afalg_feature_name);
	fputs("  uids: ", t->out);
	uid_list(t, p);
	fputs("\n      AF_ALG code: ", t->out);
	put(t, report_code_where(p));
	if (l && l->name) {
		fputs(" (", t->out);
		put(t, l->name);
		fputc(')', t->out);
	}
	report_sites_text(p, true, text, sizeof(text));
	if (*text) {
		fputs(" in ", t->out);
		put(t, text);
	}
	fputc('\n', t->out);
	/* the calls a maintainer must replace */
	for (unsigned int i = 0; p->uses && i < p->nvia; i++)
		if (report_via_shown(&p->via[i])) {
			report_via_text(&p->via[i], text, sizeof(text));
			fputs("      via ", t->out);
			wrap(t, text, 10, 10);
			fputc('\n', t->out);
		}
	if (l && l->advice) {
		fputs("      change: ", t->out);
		wrap(t, l->advice, 14, 14);
		fputc('\n', t->out);
	}
	for (unsigned int i = 0; i < p->nerrors; i++) {
		fputs("      failed: ", t->out);
		put(t, p->errors[i].op);
		fputc(' ', t->out);
		put(t, p->errors[i].error);
		fprintf(t->out, " x%llu\n", (unsigned long long)p->errors[i].count);
	}
}

static void algorithm(const struct tx *t, const struct rdata *d, const struct malg *al)
{
	struct json_object *adv = rdata_advice(d, al->type, al->name);
	size_t w = 0;

	fputs("      ", t->out);
	if (al->type) {
		w = put(t, al->type);
		fputc(' ', t->out);
		w++;
	}
	w += put(t, al->name);
	pad(t, w, 30);
	fprintf(t->out, "%-8s allowlist: %-13s", al->runtime ? "bound" : "in file",
		verdict_allow_status(d, al->type, al->name));
	for (unsigned int j = 0; j < al->ndrivers; j++) {
		const struct mdriver *dr = &al->drivers[j];

		fputs(j ? ", " : " driver ", t->out);
		put(t, dr->name);
		if (dr->hardware == 1 || dr->async == 1)
			fprintf(t->out, " (%s)", dr->hardware == 1 ? "hardware" : "async");
	}
	fputc('\n', t->out);
	for (size_t j = 0; adv && j < json_object_array_length(adv) && j < 2; j++) {
		struct json_object *e = json_object_array_get_idx(adv, j);

		fputs("          -> ", t->out);
		w = 13 + put(t, jstr(e, "library"));
		fputs(": ", t->out);
		wrap(t, jstr(e, "call"), w + 2, 16);
		fputc('\n', t->out);
	}
}

static void program(const struct tx *t, const struct report *r, size_t i)
{
	const struct mprog *p = r->progs[i];
	const struct pverdict *v = &r->verdicts[i];
	size_t w;

	program_head(t, p);
	for (unsigned int a = 0; a < p->nalgs; a++)
		algorithm(t, r->data, &p->algs[a]);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const char *k = v->brk[mi].hard ? "hard" : "soft";

		if (!v->breaks[mi])
			continue;
		fputs("      breaks ", t->out);
		w = 13 + put(t, r->data->measures[mi].id);
		fprintf(t->out, " %s%-4s%s ", c_on(t, verdict_color(k)), k, c_on(t, OFF));
		cell(t, v->brk[mi].why, w + 6);
		fputc('\n', t->out);
	}
	/* measured verdicts that replaced a break with none (survives, not-reached) */
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		char text[800];

		if (v->breaks[mi] || !v->measured[mi].verdict)
			continue;
		verdict_measured_text(&v->measured[mi], text, sizeof(text));
		fputs("      breaks ", t->out);
		w = 13 + put(t, r->data->measures[mi].id);
		fprintf(t->out, " %s%-4s%s ", c_on(t, verdict_color("breaks-nothing")), "none",
			c_on(t, OFF));
		cell(t, text, w + 6);
		fputc('\n', t->out);
	}
}

/* links and unreachable programs: listed apart, information, never blockers. */
/* Libraries the scanned files need that no input provided: users may hide behind them. */
static void unresolved(const struct tx *t, const struct model *m)
{
	if (!m->nunres)
		return;
	char text[4608];

	snprintf(text, sizeof(text),
		 "%zu librar%s the scanned files need %s not among the inputs (the answer may "
		 "miss AF_ALG users behind them; scan them too):",
		 m->nunres, m->nunres == 1 ? "y" : "ies", m->nunres == 1 ? "was" : "were");
	fprintf(t->out, "%swarning:%s ", c_on(t, YELLOW), c_on(t, OFF));
	wrap(t, text, 9, 2);
	fputc('\n', t->out);
	for (size_t i = 0; i < m->nunres && i < 20; i++) {
		size_t col = 2;

		fputs("  ", t->out);
		col += put(t, m->unres[i].needed);
		/* the example (a path from an input) is one word: wrap() escapes it */
		snprintf(text, sizeof(text), "(needed by %llu file%s, e.g. %s)",
			 (unsigned long long)m->unres[i].files, m->unres[i].files == 1 ? "" : "s",
			 m->unres[i].nexamples ? m->unres[i].examples[0] : "-");
		fputc(' ', t->out);
		wrap(t, text, col + 1, 6);
		fputc('\n', t->out);
	}
	if (m->nunres > 20)
		fprintf(t->out, "  ... and %zu more (report -f json lists them all)\n",
			m->nunres - 20);
}

/*
 * What to change: per component, its advice once, then one entry per
 * source package with the calls its files make and the files (all of them,
 * or the first few in the summary view).
 */
static void fixes(const struct tx *t, const struct report *r, bool all)
{
	const struct rlibrary *shown_lib = NULL;
	char buf[4096];

	if (!r->nfixes)
		return;
	snprintf(buf, sizeof(buf),
		 "What to change (%zu user%s in %zu entr%s: one per AF_ALG component and "
		 "source package)",
		 r->users, r->users == 1 ? "" : "s", r->nfixes, r->nfixes == 1 ? "y" : "ies");
	section(t, buf);
	for (size_t f = 0; f < r->nfixes; f++) {
		const struct rfix *x = &r->fixes[f];
		size_t shown = shown_of(x->files.n, all);

		if (!f || x->component != shown_lib) {
			size_t col = 2;

			fputs("  ", t->out);
			fprintf(t->out, "%s", c_on(t, BOLD));
			col += put(t, report_fix_component(x));
			fprintf(t->out, "%s", c_on(t, OFF));
			if (x->component && x->component->project) {
				fputs("  ", t->out);
				cell(t, x->component->project, col + 2);
			}
			fputc('\n', t->out);
			if (x->component && x->component->advice) {
				fputs("      change: ", t->out);
				wrap(t, x->component->advice, 14, 8);
				fputc('\n', t->out);
			}
			shown_lib = x->component;
		}
		fputs("    ", t->out);
		report_fix_title(x, buf, sizeof(buf));
		put(t, buf);
		fputs("  ", t->out);
		name_list(t, x->types, AFALG_TYPE_COUNT, afalg_type_name);
		report_fix_counts(x, buf, sizeof(buf));
		fputs("  ", t->out);
		put(t, buf);
		fputc('\n', t->out);
		report_fix_survey(x, buf, sizeof(buf));
		if (*buf) {
			fputs("        ", t->out);
			wrap(t, buf, 8, 10);
			fputc('\n', t->out);
		}
		if (x->nfunctions) {
			size_t used = 0;

			buf[0] = '\0';
			for (size_t k = 0; k < x->nfunctions && used < sizeof(buf); k++)
				used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
							 k ? ", " : "", x->functions[k]);
			fputs("        calls: ", t->out);
			wrap(t, buf, 15, 10);
			if (x->functions_truncated)
				fputs(", ...", t->out);
			fputc('\n', t->out);
		}
		for (size_t j = 0; j < shown; j++) {
			const struct mprog *p = r->progs[x->files.idx[j]];
			const char *where = report_code_where(p);

			fputs("        ", t->out);
			put(t, path_of(p));
			if (strcmp(where, "library"))
				fprintf(t->out, "  (%s code)", where);
			fputc('\n', t->out);
		}
		if (shown < x->files.n)
			fprintf(t->out, "        ... and %zu more (see the full report)\n",
				x->files.n - shown);
	}
}

/* Archive surveys (issue #19): what was surveyed, and the source packages by option and measure. */
static void survey(const struct tx *t, const struct report *r)
{
	const struct model *m = r->model;
	char buf[2048];

	if (!m->nsurveys)
		return;
	section(t, "Surveyed archives");
	for (size_t i = 0; i < m->nsurveys; i++) {
		report_survey_line(&m->surveys[i], buf, sizeof(buf));
		fputs("  ", t->out);
		wrap(t, buf, 2, 4);
		fputc('\n', t->out);
	}
	for (size_t i = 0; i < m->nnot_scanned; i++) {
		const struct mspkg *p = m->not_scanned[i];

		memcpy(buf, "not scanned: ", 13);
		report_not_scanned_line(p, buf + 13, sizeof(buf) - 13);
		fputs("  ", t->out);
		wrap(t, buf, 2, 4);
		fputc('\n', t->out);
	}
	if (m->not_scanned_omitted)
		fprintf(t->out, "  ... and %zu more not scanned (see the JSON report)\n",
			m->not_scanned_omitted);
	if (!r->nsources)
		return;
	section(t, "Source packages to fix, by option and measure (largest impact first)");
	for (unsigned row = 0; row < REPORT_SURVEY_ROWS; row++) {
		bool any = false;

		for (size_t k = 0; k < r->nsources; k++) {
			const char *w = report_survey_row_word(row, &r->sources[k]);

			if (!w)
				continue;
			if (!any)
				fprintf(t->out, "  %s (%s)\n", report_survey_row_name(row),
					report_survey_row_heading(row));
			any = true;
			report_source_line(&r->sources[k], buf, sizeof(buf));
			fputs("      ", t->out);
			wrap(t, buf, 6, 8);
			if (*w)
				fprintf(t->out, "  [%s]", w);
			fputc('\n', t->out);
		}
	}
}

static void not_blockers(const struct tx *t, const struct report *r)
{
	if (!r->not_blockers.n)
		return;
	section(t, "Not blockers (information): links an AF_ALG library without calling its "
		   "AF_ALG functions, or holds AF_ALG code no entry reaches");
	for (size_t j = 0; j < r->not_blockers.n; j++) {
		size_t i = r->not_blockers.idx[j];
		const struct mprog *p = r->progs[i];

		size_t col = 6; /* two spaces before, between and after the words */
		char cls[32];

		fputs("  ", t->out);
		col += put(t, path_of(p));
		fputs("  ", t->out);
		col += put(t, p->package ? p->package : "(no package)");
		if (p->version) {
			fputc(' ', t->out);
			col += 1 + put(t, p->version);
		}
		fputs("  ", t->out);
		snprintf(cls, sizeof(cls), "[%s]", model_class_name(model_class(p)));
		cell(t, cls, col);
		fputs("\n      ", t->out);
		wrap(t, r->verdicts[i].info, 6, 6);
		fputs("\n      would use: ", t->out);
		name_list(t, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
		fputc('\n', t->out);
	}
}

int report_render_text(FILE *out, const struct report *r, const struct render_opts *o)
{
	const struct model *m = r->model;
	struct tx t = {out, o->color, o->width};
	unsigned long long hosts = afalg_intern_count(m->hosts);

	fprintf(out,
		"%sAF_ALG migration report%s  (%llu scan result%s and %llu trace result%s, %llu "
		"traced host%s)\n",
		c_on(&t, BOLD), c_on(&t, OFF), (unsigned long long)m->nscan,
		m->nscan == 1 ? "" : "s", (unsigned long long)m->ntrace, m->ntrace == 1 ? "" : "s",
		hosts, hosts == 1 ? "" : "s");
	wrap(&t, r->headline, 0, 0);
	fputc('\n', out);
	if (*r->measured_note) {
		wrap(&t, r->measured_note, 0, 0);
		fputc('\n', out);
	}
	if (*r->trace_window) {
		wrap(&t, r->trace_window, 0, 0);
		fputc('\n', out);
	}
	if (*r->evidence) {
		fprintf(out, "%swarning:%s ", c_on(&t, YELLOW), c_on(&t, OFF));
		wrap(&t, r->evidence, 9, 2);
		fputc('\n', out);
	}
	if (m->lost_ringbuf || m->lost_map || m->lost_prog_missed)
		fprintf(out,
			"%swarning:%s the traces lost events (ring buffer %llu, table full %llu, "
			"hook runs skipped %llu): some run-time use may be missing\n",
			c_on(&t, YELLOW), c_on(&t, OFF), (unsigned long long)m->lost_ringbuf,
			(unsigned long long)m->lost_map, (unsigned long long)m->lost_prog_missed);
	unresolved(&t, m);
	if (r->kernel)
		kernel(&t, r);
	survey(&t, r);
	fixes(&t, r, !o->summary_only);
	options(&t, r, !o->summary_only);
	measures(&t, r, !o->summary_only);
	if (!o->summary_only) {
		section(&t, "Programs (what each uses, where the code is, what replaces it)");
		for (size_t i = 0; i < r->nprogs; i++)
			if (model_class(r->progs[i]) <= MC_CAPABLE)
				program(&t, r, i);
		not_blockers(&t, r);
	}
	return ferror(out) ? -1 : 0;
}
