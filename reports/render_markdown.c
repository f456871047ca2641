// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Markdown (CommonMark + GitHub tables).  Untrusted strings go through
 * afalg_escape_text (control bytes, invalid UTF-8) and then every ASCII
 * punctuation character is backslash-escaped (CommonMark allows that for
 * all of them), '<' '>' '&' as entities, so nothing from an input can open
 * a link, an HTML tag, emphasis or a table cell.  No untrusted string is
 * put in a code span, where escapes do not work.  Printed from struct
 * report (report.h): every count, verdict and text is report_build's.
 */
#include <ctype.h>
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

/*
 * Inline text for Markdown (CommonMark, GitHub's tables), escaped so that
 * it still reads well raw: a backslash only before what could start markup
 * where it stands.  Emphasis, code, link, table and HTML characters
 * everywhere; '_' not inside a word (intraword '_' is text, so
 * CONFIG_CRYPTO_USER_API_HASH stays as it is); '!' before '['; and at the
 * start, what could make a heading, list, quote or rule ("#", "-", "+",
 * "=", "1.").  Bytes that are not text are afalg_escape_text()'s \xNN.
 */
static void md(FILE *out, const char *s)
{
	char buf[2048];

	if (!s) {
		fputs("\\-", out);
		return;
	}
	afalg_escape_text(buf, sizeof(buf), s, strlen(s));
	for (const char *p = buf; *p; p++) {
		unsigned char c = (unsigned char)*p, prev = p > buf ? (unsigned char)p[-1] : 0,
			      next = (unsigned char)p[1];
		size_t digits = p == buf ? strspn(p, "0123456789") : 0;

		if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '&')
			fputs("&amp;", out);
		else if (strchr("\\`*[]|~", c) || (c == '_' && !(isalnum(prev) && isalnum(next))) ||
			 (c == '!' && next == '[') || (p == buf && strchr("#-+=", c)))
			fprintf(out, "\\%c", c);
		else if (digits && (p[digits] == '.' || p[digits] == ')')) {
			fprintf(out, "%.*s\\%c", (int)digits, p, p[digits]); /* not "1." */
			p += digits;
		} else
			fputc(c, out);
	}
}

/* The names of the ids set in mask, ", "-separated; "\-" for none. */
static void md_names(FILE *out, unsigned int mask, unsigned int count,
		     const char *(*name)(unsigned int))
{
	bool first = true;

	for (unsigned int id = 0; id < count; id++)
		if (mask & AFALG_BIT(id)) {
			if (!first)
				fputs(", ", out);
			md(out, name(id));
			first = false;
		}
	if (first)
		fputs("\\-", out);
}

static void md_uids(FILE *out, const struct mprog *p)
{
	for (unsigned int i = 0; i < p->nuids; i++)
		fprintf(out, "%s%u", i ? ", " : "", p->uids[i]);
	if (!p->nuids)
		fputs("\\-", out);
}

static const char *path_of(const struct mprog *p)
{
	return *p->path ? p->path : "(unnamed executable)";
}

static void evidence(FILE *out, const struct mprog *p)
{
	if (p->hosts_runtime)
		fprintf(out, "run time, %u host%s", p->hosts_runtime,
			p->hosts_runtime == 1 ? "" : "s");
	else
		fprintf(out, "static only, %u scan%s", p->scans, p->scans == 1 ? "" : "s");
}

/* One row of an option's blockers (brk NULL) or of a measure's breaks. */
static void ref_row(FILE *out, const struct mprog *p, const char *brk, const char *why)
{
	fputs("| ", out);
	md(out, path_of(p));
	fputs(" | ", out);
	md(out, p->package);
	fputs(" | ", out);
	if (brk) {
		md(out, brk);
		fputs(" | ", out);
	}
	evidence(out, p);
	fputs(" | ", out);
	md(out, why);
	fputs(" |\n", out);
}

static void kernel_modules(FILE *out, const struct kinfo *k)
{
	fputs("\n| module | loaded | blocked in modprobe.d |\n|---|---|---|\n", out);
	for (int i = 0; i < KMOD_N; i++) {
		const struct kmodule *mo = &k->mod[i];

		fputs("| ", out);
		md(out, kmod_names[i]);
		fprintf(out, " | %s | ", mo->loaded < 0 ? "unknown" : mo->loaded ? "yes" : "no");
		if (mo->blacklisted) {
			md(out, mo->install ? "install" : "blacklist");
			fputs(" (", out);
			md(out, mo->source);
			fputs(")", out);
		} else {
			fputs("no", out);
		}
		fputs(" |\n", out);
	}
}

static void kernel(FILE *out, const struct report *r)
{
	const struct kinfo *k = r->kernel;
	bool any = false;

	fputs("\n## This machine's kernel\n\n", out);
	fputs("- release: ", out);
	md(out, k->release);
	fputs("\n- config: ", out);
	md(out, k->config_source[0] ? k->config_source : "not readable");
	fputs("\n- AF\\_ALG: ", out);
	md(out, report_af_alg(k));
	fputs("\n- af\\_alg\\_restrict: ", out);
	if (k->has_restrict)
		fprintf(out, "%d", k->restrict_val);
	else
		fputs("no such sysctl in this kernel", out);
	fputs("\n- already enforced here: ", out);
	for (unsigned int i = 0; i < AFALG_M_COUNT; i++)
		if (r->enforced[i] == 1) {
			if (any)
				fputs(", ", out);
			md(out, afalg_measure_name(i));
			any = true;
		}
	if (!any)
		fputs("\\-", out);
	fputs("\n\n| option | value |\n|---|---|\n", out);
	for (int i = 0; i < KOPT_N; i++) {
		char v[2] = {k->opt[i], 0};

		fputs("| ", out);
		md(out, kopt_names[i]);
		fputs(" | ", out);
		md(out, *v ? v : "unknown");
		fputs(" |\n", out);
	}
	kernel_modules(out, k);
	if (r->nnotes)
		fputc('\n', out);
	for (size_t i = 0; i < r->nnotes; i++) {
		fputs("- ", out);
		md(out, r->notes[i]);
		fputc('\n', out);
	}
}

static void program_head(FILE *out, const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	char text[2048];

	fputs("\n### ", out);
	md(out, path_of(p));
	fputs("\n\n- package: ", out);
	md(out, p->package);
	fputc(' ', out);
	md(out, p->version);
	fputs("\n- evidence: ", out);
	md(out, report_evidence(p));
	fprintf(out, " (%u traced host%s, %u scan%s)", p->hosts_runtime,
		p->hosts_runtime == 1 ? "" : "s", p->scans, p->scans == 1 ? "" : "s");
	fputs("\n- classification: ", out);
	md(out, model_class_name(model_class(p)));
	fputs(", use: ", out);
	md(out, p->uses ? p->use : NULL);
	fputs("\n- types: ", out);
	md_names(out, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
	fputs("; features: ", out);
	md_names(out, p->features, AFALG_FEAT_COUNT, afalg_feature_name);
	fputs("; uids: ", out);
	md_uids(out, p);
	fputs("\n- AF\\_ALG code: ", out);
	md(out, report_code_where(p));
	if (l && l->name) {
		fputs(", ", out);
		md(out, l->name);
		fputs(" (", out);
		md(out, l->project);
		fputs(")", out);
	}
	report_sites_text(p, true, text, sizeof(text));
	if (*text) {
		fputs(", in ", out);
		md(out, text);
	}
	/* the calls a maintainer must replace */
	for (unsigned int i = 0; p->uses && i < p->nvia; i++)
		if (report_via_shown(&p->via[i])) {
			report_via_text(&p->via[i], text, sizeof(text));
			fputs("\n- via ", out);
			md(out, text);
		}
	if (l && l->advice) {
		fputs("\n- what to change: ", out);
		md(out, l->advice);
	}
	for (unsigned int i = 0; i < p->nerrors; i++) {
		fputs("\n- failed at run time: ", out);
		md(out, p->errors[i].op);
		fputc(' ', out);
		md(out, p->errors[i].error);
		fprintf(out, " (%llu)", (unsigned long long)p->errors[i].count);
	}
	fputc('\n', out);
}

static void algorithm_row(FILE *out, const struct rdata *d, const struct malg *al)
{
	struct json_object *adv = rdata_advice(d, al->type, al->name);

	fputs("| ", out);
	md(out, al->type);
	fputs(" | ", out);
	md(out, al->name);
	fprintf(out, " | %s | ", al->runtime ? "yes" : "in file only");
	for (unsigned int j = 0; j < al->ndrivers; j++) {
		if (j)
			fputs(", ", out);
		md(out, al->drivers[j].name);
		if (al->drivers[j].hardware == 1)
			fputs(" (hardware)", out);
	}
	fputs(" | ", out);
	md(out, verdict_allow_status(d, al->type, al->name));
	fputs(" | ", out);
	for (size_t j = 0; adv && j < json_object_array_length(adv); j++) {
		struct json_object *e = json_object_array_get_idx(adv, j);

		if (j)
			fputs("<br>", out);
		md(out, jstr(e, "library"));
		fputs(": ", out);
		md(out, jstr(e, "call"));
	}
	fputs(" |\n", out);
}

static void program(FILE *out, const struct report *r, size_t i)
{
	const struct mprog *p = r->progs[i];
	const struct pverdict *v = &r->verdicts[i];
	bool any = false;

	program_head(out, p);
	if (p->nalgs)
		fputs("\n| type | algorithm | bound | drivers | allowlist | replace with |\n"
		      "|---|---|---|---|---|---|\n",
		      out);
	for (unsigned int a = 0; a < p->nalgs; a++)
		algorithm_row(out, r->data, &p->algs[a]);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		if (!v->breaks[mi])
			continue;
		if (!any)
			fputc('\n', out);
		any = true;
		fputs("- breaks under ", out);
		md(out, r->data->measures[mi].id);
		fputs(" (", out);
		md(out, v->brk[mi].hard ? "hard" : "soft");
		fputs("): ", out);
		md(out, v->brk[mi].why);
		fputc('\n', out);
	}
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		char text[800];

		if (v->breaks[mi] || !v->measured[mi].verdict)
			continue;
		if (!any)
			fputc('\n', out);
		any = true;
		verdict_measured_text(&v->measured[mi], text, sizeof(text));
		fputs("- does not break under ", out);
		md(out, r->data->measures[mi].id);
		fputs(": ", out);
		md(out, text);
		fputc('\n', out);
	}
}

static void options(FILE *out, const struct report *r)
{
	fputs("\n## Kconfig options\n\n| option | verdict | here | blockers |\n|---|---|---|---|\n",
	      out);
	for (int ro = 0; ro < RO_N; ro++) {
		char here[2] = {report_option_here(r, ro), 0};

		fputs("| ", out);
		md(out, ropt_names[ro]);
		fputs(" | **", out);
		md(out, report_option_verdict(r, ro));
		fputs("** | ", out);
		md(out, *here ? here : NULL);
		fputs(" | ", out);
		md(out, r->option_text[ro]);
		fputs(" |\n", out);
	}
	for (int ro = 0; ro < RO_N; ro++) {
		const struct report_refs *b = &r->blockers[ro];

		if (!b->n)
			continue;
		fputs("\n### ", out);
		md(out, ropt_names[ro]);
		fputs(" is blocked by\n\n| program | package | evidence | why "
		      "|\n|---|---|---|---|\n",
		      out);
		for (size_t j = 0; j < b->n; j++)
			ref_row(out, r->progs[b->idx[j]], NULL,
				r->verdicts[b->idx[j]].block_why[ro]);
	}
}

static void measures(FILE *out, const struct report *r)
{
	fputs("\n## Hardening measures\n\n| measure | effect | verdict | enforced here | hard | "
	      "soft |\n|---|---|---|---|---|---|\n",
	      out);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &r->data->measures[mi];

		fputs("| ", out);
		md(out, rm->id);
		fputc(' ', out);
		md(out, rm->title);
		fputs(" | ", out);
		md(out, rm->effect);
		fputs(" | ", out);
		md(out, report_measure_verdict(r, mi));
		fprintf(out, " | %s | %zu | %zu |\n",
			r->enforced[mi] < 0 ? "unknown"
			: r->enforced[mi]   ? "yes"
					    : "no",
			r->hard[mi], r->soft[mi]);
	}
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &r->data->measures[mi];
		const struct report_refs *b = &r->breaks[mi];

		if (!b->n)
			continue;
		fputs("\n### ", out);
		md(out, rm->id);
		fputc(' ', out);
		md(out, rm->title);
		fputs(" breaks\n\n| program | package | break | evidence | why |\n"
		      "|---|---|---|---|---|\n",
		      out);
		for (size_t j = 0; j < b->n; j++) {
			const struct vbreak *vb = &r->verdicts[b->idx[j]].brk[mi];

			ref_row(out, r->progs[b->idx[j]], vb->hard ? "hard" : "soft", vb->why);
		}
	}
}

/* What to change: a heading per component, a list entry per source package. */
/* Archive surveys (issue #19): what was surveyed; the source packages by option and measure. */
static void survey(FILE *out, const struct report *r)
{
	const struct model *m = r->model;
	char buf[2048];

	if (!m->nsurveys)
		return;
	fputs("\n## Surveyed archives\n\n", out);
	for (size_t i = 0; i < m->nsurveys; i++) {
		report_survey_line(&m->surveys[i], buf, sizeof(buf));
		fputs("- ", out);
		md(out, buf);
		fputs("\n", out);
	}
	if (m->nnot_scanned) {
		fputs("\nNot scanned (the answer is incomplete for these):\n\n", out);
		for (size_t i = 0; i < m->nnot_scanned; i++) {
			const struct mspkg *p = m->not_scanned[i];

			report_not_scanned_line(p, buf, sizeof(buf));
			fputs("- ", out);
			md(out, buf);
			fputs("\n", out);
		}
		if (m->not_scanned_omitted)
			fprintf(out, "- ... and %zu more (see the JSON report)\n",
				m->not_scanned_omitted);
	}
	if (!r->nsources)
		return;
	fputs("\n## Source packages to fix, by option and measure\n\nLargest impact (how many "
	      "packages depend on one of its binary packages) first.\n",
	      out);
	for (unsigned row = 0; row < REPORT_SURVEY_ROWS; row++) {
		bool any = false;

		for (size_t k = 0; k < r->nsources; k++) {
			const char *w = report_survey_row_word(row, &r->sources[k]);

			if (!w)
				continue;
			/* option names as code, measure ids as words */
			if (!any)
				fprintf(out,
					row <= RO_RNG ? "\n### `%s` (%s)\n\n" : "\n### %s (%s)\n\n",
					report_survey_row_name(row),
					report_survey_row_heading(row));
			any = true;
			report_source_line(&r->sources[k], buf, sizeof(buf));
			fputs("- ", out);
			md(out, buf);
			if (*w)
				fprintf(out, " (%s)", w);
			fputs("\n", out);
		}
	}
}

static void fixes(FILE *out, const struct report *r)
{
	char buf[512];

	if (!r->nfixes)
		return;
	fprintf(out,
		"\n## What to change\n\nThe %zu user%s, one entry per AF\\_ALG component and "
		"source package: the calls to replace, and the files.\n",
		r->users, r->users == 1 ? "" : "s");
	for (size_t f = 0; f < r->nfixes; f++) {
		const struct rfix *x = &r->fixes[f];

		if (!f || x->component != r->fixes[f - 1].component) {
			fputs("\n### ", out);
			md(out, report_fix_component(x));
			fputs("\n\n", out);
			if (x->component && x->component->project) {
				fputs("Upstream: ", out);
				md(out, x->component->project);
				fputs(".", out);
			}
			if (x->component && x->component->advice) {
				fputs(" Change: ", out);
				md(out, x->component->advice);
				fputs(".", out);
			}
			if (x->component)
				fputs("\n\n", out);
		}
		fputs("- **", out);
		report_fix_title(x, buf, sizeof(buf));
		md(out, buf);
		fputs("**: ", out);
		md_names(out, x->types, AFALG_TYPE_COUNT, afalg_type_name);
		fputs("; ", out);
		report_fix_counts(x, buf, sizeof(buf));
		md(out, buf);
		report_fix_survey(x, buf, sizeof(buf));
		if (*buf) {
			fputs("; ", out);
			md(out, buf);
		}
		if (x->nfunctions) {
			fputs(".\n  Calls: ", out);
			for (size_t k = 0; k < x->nfunctions; k++) {
				const char *fn = x->functions[k];
				bool plain = true;

				/* a symbol name from a file: code only when nothing in it breaks
				 * out */
				for (const unsigned char *c = (const unsigned char *)fn; *c; c++)
					plain &= *c > ' ' && *c < 0x7f && *c != '`';
				fputs(k ? ", " : "", out);
				if (plain)
					fprintf(out, "`%s`", fn);
				else
					md(out, fn);
			}
			if (x->functions_truncated)
				fputs(", ...", out);
		}
		fputs(".\n  Files: ", out);
		for (size_t j = 0; j < x->files.n; j++) {
			const struct mprog *p = r->progs[x->files.idx[j]];
			const char *where = report_code_where(p);

			if (j)
				fputs(", ", out);
			md(out, path_of(p));
			if (strcmp(where, "library"))
				fprintf(out, " (%s code)", where);
		}
		fputs("\n", out);
	}
}

/* links and unreachable programs: listed apart, information, never blockers. */
static void not_blockers(FILE *out, const struct report *r)
{
	if (!r->not_blockers.n)
		return;
	fputs("\n## Not blockers (information)\n\nThese link an AF\\_ALG library without "
	      "calling its AF\\_ALG functions (links), or hold AF\\_ALG code that no entry "
	      "reaches (unreachable). They are not counted as users and block nothing.\n\n"
	      "| program | package | classification | why | would use |\n"
	      "|---|---|---|---|---|\n",
	      out);
	for (size_t j = 0; j < r->not_blockers.n; j++) {
		size_t i = r->not_blockers.idx[j];
		const struct mprog *p = r->progs[i];

		fputs("| ", out);
		md(out, path_of(p));
		fputs(" | ", out);
		md(out, p->package);
		fputs(" | ", out);
		md(out, model_class_name(model_class(p)));
		fputs(" | ", out);
		md(out, r->verdicts[i].info);
		fputs(" | ", out);
		md_names(out, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
		fputs(" |\n", out);
	}
}

int report_render_markdown(FILE *out, const struct report *r, const struct render_opts *o)
{
	const struct model *m = r->model;
	const struct rdata *d = r->data;
	size_t hosts = afalg_intern_count(m->hosts);

	fputs("# ", out);
	md(out, o->title ? o->title : "AF_ALG migration report");
	fputs("\n\n", out);
	md(out, r->headline);
	if (*r->evidence) {
		fputs("\n\n> **Warning:** ", out);
		md(out, r->evidence);
	}
	fprintf(out, "\n\nInputs: %llu scan result%s, %llu trace result%s from %zu host%s. ",
		(unsigned long long)m->nscan, m->nscan == 1 ? "" : "s",
		(unsigned long long)m->ntrace, m->ntrace == 1 ? "" : "s", hosts,
		hosts == 1 ? "" : "s");
	if (*r->measured_note)
		fprintf(out, "%s ", r->measured_note); /* our words only: nothing to escape */
	if (*r->trace_window)
		fprintf(out, "%s ", r->trace_window); /* the same */
	fputs("Generated by ", out);
	md(out, r->generator);
	fputs(" on ", out);
	md(out, r->created);
	fputs(".\n", out);
	if (r->kernel)
		kernel(out, r);
	survey(out, r);
	fixes(out, r);
	options(out, r);
	measures(out, r);
	fputs("\n## Programs\n", out);
	for (size_t i = 0; i < r->nprogs; i++)
		if (model_class(r->progs[i]) <= MC_CAPABLE)
			program(out, r, i);
	not_blockers(out, r);
	fputs("\n---\n\nAllowlist: ", out);
	md(out, d->allow_name);
	fputs(" (", out);
	md(out, d->allow_source);
	fputs("), read from ", out);
	md(out, d->allowlist_file);
	fputs(".\n", out);
	return ferror(out) ? -1 : 0;
}
