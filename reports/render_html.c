// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * One self-contained HTML page: inline CSS, inline SVG charts, no script, no
 * external asset, font or URL (a Content-Security-Policy meta tag forbids
 * them too, as a second line).  Sections mirror the text report: summary,
 * this machine's kernel, kconfig options, hardening measures, programs,
 * inputs.  Printed from struct report (report.h): every count, verdict and
 * text is report_build's.  Every string from the inputs goes through
 * html_escape(); the only markup choices made from report values (CSS
 * classes, links) are picked from fixed lists, never copied from them.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_measure.h"
#include "afalg_vocab.h"
#include "html_escape.h"
#include "intern.h"
#include "json_bytes.h"
#include "jsonin.h"
#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"
#include "verdict.h"
#include "svg_chart.h"

#define FILL_HARD "#c0392b"
#define FILL_SOFT "#e0a030"
#define FILL_BLOCK "#4a6fa5"
#define MAX_CHART_BARS 64 /* options and measures: 6 and 7 in practice */

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
	"max-width:1100px;padding:0 16px 48px;color:#1d1d1d;background:#fff}\n"
	"h1{font-size:1.6em;margin:.8em 0 .2em}h2{border-bottom:2px solid #ddd;margin-top:2em}\n"
	"h3{margin:1.4em 0 .4em;overflow-wrap:anywhere}h4{margin:1em 0 .3em}\n"
	"table{border-collapse:collapse;margin:.4em 0 1em;width:100%}\n"
	"th,td{border:1px solid #d6d6d6;padding:3px 7px;text-align:left;vertical-align:top}\n"
	"th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.93em;"
	"overflow-wrap:anywhere}\n"
	".badge{display:inline-block;padding:0 .5em;border-radius:3px;font-weight:600;"
	"white-space:nowrap}\n"
	".bad{background:#fbe3e0;color:#8e1f14}.warn{background:#fdf0d5;color:#7a5200}\n"
	".ok{background:#e2f3e4;color:#1e6b2b}.unk{background:#eee;color:#444}\n"
	".headline{font-size:1.15em;padding:.6em .8em;border-left:4px solid #4a6fa5;"
	"background:#f4f7fb}\n"
	".nums{display:flex;flex-wrap:wrap;gap:8px;margin:.8em 0}.nums div{border:1px solid "
	"#ddd;border-radius:4px;padding:.3em .8em}.nums b{font-size:1.3em;display:block}\n"
	"dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:.3em 0}\n"
	"dt{font-weight:600;color:#555}dd{margin:0}\n"
	"section.prog{border-top:1px solid #e4e4e4}\n"
	"svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}\n"
	"svg.chart text{fill:#222}\n"
	".note{color:#555}.warnbox{background:#fdf0d5;padding:.4em .8em}\n"
	"nav a{margin-right:1em}\n";

static void esc(FILE *out, const char *s)
{
	html_put(out, s, "<span class=\"unk\">&#8211;</span>");
}

/* The names of the ids set in mask, ", "-separated; a dash for none. */
static void names(FILE *out, unsigned int mask, unsigned int count,
		  const char *(*name)(unsigned int))
{
	bool first = true;

	for (unsigned int id = 0; id < count; id++)
		if (mask & AFALG_BIT(id)) {
			if (!first)
				fputs(", ", out);
			esc(out, name(id));
			first = false;
		}
	if (first)
		esc(out, NULL);
}

static const char *ropt_name(unsigned int ro)
{
	return ropt_names[ro];
}

static const char *measure_name(unsigned int mi)
{
	return afalg_measure_name(mi);
}

/* n strings, ", "-separated; a dash for none. */
static void strs(FILE *out, const char *const *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		esc(out, a[i]);
	}
	if (!n)
		esc(out, NULL);
}

static const char *path_or_null(const struct mprog *p)
{
	return *p->path ? p->path : NULL;
}

/* CSS class of a verdict word (report_verdict_tone()), from a fixed list. */
static const char *vclass(const char *v)
{
	switch (report_verdict_tone(v)) {
	case TONE_BAD:
		return "bad";
	case TONE_WARN:
		return "warn";
	case TONE_OK:
		return "ok";
	default:
		return "unk";
	}
}

static void badge(FILE *out, const char *v)
{
	fprintf(out, "<span class=\"badge %s\">", vclass(v));
	esc(out, v);
	fputs("</span>", out);
}

static void prog_link(FILE *out, const struct mprog *p, size_t idx)
{
	fprintf(out, "<a href=\"#p%zu\" class=\"mono\">", idx + 1);
	html_put(out, path_or_null(p), "(unnamed executable)");
	fputs("</a>", out);
}

static void evidence(FILE *out, const struct mprog *p)
{
	if (p->hosts_runtime > 0)
		fprintf(out, "run time, %u host%s", p->hosts_runtime,
			p->hosts_runtime == 1 ? "" : "s");
	else
		fprintf(out, "static only, %u scan%s", p->scans, p->scans == 1 ? "" : "s");
}

static void ref_head(FILE *out, bool with_break)
{
	fprintf(out,
		"<table><thead><tr><th>program</th><th>package</th>%s<th>evidence</th>"
		"<th>why</th></tr></thead><tbody>\n",
		with_break ? "<th>break</th>" : "");
}

/* One row of an option's blockers (brk NULL) or of a measure's breaks. */
static void ref_row(FILE *out, const struct report *r, size_t i, const char *brk, const char *why)
{
	fputs("<tr><td>", out);
	prog_link(out, r->progs[i], i);
	fputs("</td><td>", out);
	esc(out, r->progs[i]->package);
	if (brk) {
		fputs("</td><td>", out);
		badge(out, brk);
	}
	fputs("</td><td>", out);
	evidence(out, r->progs[i]);
	fputs("</td><td>", out);
	esc(out, why);
	fputs("</td></tr>\n", out);
}

static void summary(FILE *out, const struct report *r)
{
	const struct model *m = r->model;
	unsigned int safe = 0, blocked = 0;
	size_t hosts = afalg_intern_count(m->hosts);
	const struct {
		size_t n;
		const char *label;
	} nums[] = {{r->users, "AF_ALG users"},
		    {r->runtime, "seen at run time"},
		    {r->users - r->runtime, "found statically only"},
		    {r->packages, "packages"},
		    {r->capable, "runtimes that only expose AF_ALG"}};

	fputs("<section id=\"summary\"><h2>Summary</h2>\n<p class=\"headline\">", out);
	esc(out, r->headline);
	fputs("</p>\n", out);
	if (*r->evidence) {
		fputs("<p class=\"warnbox\">", out);
		esc(out, r->evidence);
		fputs("</p>\n", out);
	}
	fputs("<div class=\"nums\">", out);
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		fprintf(out, "<div><b>%zu</b>%s</div>", nums[i].n, nums[i].label);
	for (int ro = 0; ro < RO_N; ro++)
		*(r->blockers[ro].n ? &blocked : &safe) |= 1u << ro;
	/* scan version 2's information, shown when there is some */
	if (r->links || r->unreachable)
		fprintf(out,
			"<div><b>%zu</b>link an AF_ALG library, call none of its AF_ALG "
			"functions</div><div><b>%zu</b>hold AF_ALG code no entry reaches</div>",
			r->links, r->unreachable);
	fputs("</div>\n<p>Safe to disable now: ", out);
	names(out, safe, RO_N, ropt_name);
	fputs("<br>Blocked: ", out);
	names(out, blocked, RO_N, ropt_name);
	fputs("</p>\n", out);
	if (m->lost_ringbuf || m->lost_map || m->lost_prog_missed)
		fprintf(out,
			"<p class=\"warnbox\">The traces lost events (ring buffer full %llu, "
			"table full %llu, hook runs skipped %llu): some run-time use may be "
			"missing.</p>\n",
			(unsigned long long)m->lost_ringbuf, (unsigned long long)m->lost_map,
			(unsigned long long)m->lost_prog_missed);
	fputs("<p class=\"note\">Generated by ", out);
	esc(out, r->generator);
	fputs(" on ", out);
	esc(out, r->created);
	fprintf(out, " from %llu scan result%s and %llu trace result%s (%zu traced host%s).</p>\n",
		(unsigned long long)m->nscan, m->nscan == 1 ? "" : "s",
		(unsigned long long)m->ntrace, m->ntrace == 1 ? "" : "s", hosts,
		hosts == 1 ? "" : "s");
	if (*r->measured_note) /* our words only: nothing to escape */
		fprintf(out, "<p class=\"note\">%s</p>\n", r->measured_note);
	if (*r->trace_window) /* the same */
		fprintf(out, "<p class=\"note\">%s</p>\n", r->trace_window);
	fputs("</section>\n", out);
}

static void kernel_tables(FILE *out, const struct kinfo *k)
{
	fputs("<table><thead><tr><th>option</th><th>value</th></tr></thead><tbody>\n", out);
	for (int i = 0; i < KOPT_N; i++) {
		char v[2] = {k->opt[i], 0};

		fputs("<tr><td class=\"mono\">", out);
		esc(out, kopt_names[i]);
		fputs("</td><td>", out);
		html_put(out, *v ? v : NULL, "unknown");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n<table><thead><tr><th>module</th><th>loaded</th>"
	      "<th>blocked in modprobe.d</th></tr></thead><tbody>\n",
	      out);
	for (int i = 0; i < KMOD_N; i++) {
		const struct kmodule *mo = &k->mod[i];

		fputs("<tr><td class=\"mono\">", out);
		esc(out, kmod_names[i]);
		fprintf(out, "</td><td>%s</td><td>",
			mo->loaded < 0 ? "unknown (no /proc/modules)"
			: mo->loaded   ? "yes"
				       : "no");
		if (mo->blacklisted) {
			esc(out, mo->install ? "install" : "blacklist");
			fputs(" (<span class=\"mono\">", out);
			esc(out, mo->source);
			fputs("</span>)", out);
		} else {
			fputs("no", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void kernel(FILE *out, const struct report *r)
{
	const struct kinfo *k = r->kernel;
	const char *af;
	unsigned int enforced = 0;

	fputs("<section id=\"kernel\"><h2>This machine&#39;s kernel</h2>\n", out);
	if (!k) {
		fputs("<p class=\"note\">Not part of this report (built with --no-kernel, e.g. "
		      "for a fleet merge).</p></section>\n",
		      out);
		return;
	}
	af = report_af_alg(k);
	fputs("<dl><dt>release</dt><dd class=\"mono\">", out);
	esc(out, k->release);
	fputs("</dd><dt>config</dt><dd class=\"mono\">", out);
	html_put(out, k->config_source[0] ? k->config_source : NULL, "not readable");
	fputs("</dd><dt>AF_ALG</dt><dd>", out);
	fprintf(out, "<span class=\"badge %s\">", !strcmp(af, "off") ? "ok" : "unk");
	esc(out, af);
	fputs("</span></dd><dt>af_alg_restrict</dt><dd>", out);
	if (k->has_restrict)
		fprintf(out, "%d", k->restrict_val);
	else
		fputs("no such sysctl in this kernel", out);
	fputs("</dd><dt>enforced here</dt><dd>", out);
	for (unsigned int i = 0; i < AFALG_M_COUNT; i++)
		if (r->enforced[i] == 1)
			enforced |= AFALG_BIT(i);
	if (enforced)
		names(out, enforced, AFALG_M_COUNT, measure_name);
	else
		fputs("none known", out);
	fprintf(out, "</dd><dt>modprobe.d files read</dt><dd>%d</dd></dl>\n", k->modprobe_files);
	kernel_tables(out, k);
	if (r->nnotes) {
		fputs("<ul>", out);
		for (size_t i = 0; i < r->nnotes; i++) {
			fputs("<li>", out);
			html_put(out, r->notes[i], "");
			fputs("</li>", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
}

static int options(FILE *out, const struct report *r)
{
	struct svg_bar bars[MAX_CHART_BARS];
	struct svg_chart ch = {
		.id = "chart-options",
		.title = "Programs blocking each kconfig option",
		.desc = "One bar per CONFIG_CRYPTO_USER_API option: the number of programs "
			"that use what it provides. No bar: safe to disable now.",
		.nseg = 1,
		.seg_name = {"programs"},
		.seg_fill = {FILL_BLOCK},
		.bars = bars,
	};

	fputs("<section id=\"options\"><h2>Kconfig options</h2>\n"
	      "<p>Who blocks disabling each option; &#8220;safe to disable now&#8221; when "
	      "nothing does.</p>\n",
	      out);
	for (int ro = 0; ro < RO_N && ch.n < MAX_CHART_BARS; ro++, ch.n++)
		bars[ch.n] = (struct svg_bar){ropt_names[ro], {(int64_t)r->blockers[ro].n}};
	if (svg_hbar_chart(out, &ch))
		return -1;
	fputs("<table><thead><tr><th>option</th><th>module</th><th>here</th><th>verdict</th>"
	      "<th>in words</th></tr></thead><tbody>\n",
	      out);
	for (int ro = 0; ro < RO_N; ro++) {
		char here[2] = {report_option_here(r, ro), 0};

		fputs("<tr><td class=\"mono\">", out);
		esc(out, ropt_names[ro]);
		fputs("</td><td class=\"mono\">", out);
		esc(out, ropt_modules[ro]);
		fputs("</td><td>", out);
		esc(out, *here ? here : NULL);
		fputs("</td><td>", out);
		badge(out, report_option_verdict(r, ro));
		fputs("</td><td>", out);
		esc(out, r->option_text[ro]);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	for (int ro = 0; ro < RO_N; ro++) {
		const struct report_refs *b = &r->blockers[ro];

		if (!b->n)
			continue;
		fputs("<h3><span class=\"mono\">", out);
		esc(out, ropt_names[ro]);
		fputs("</span> is blocked by</h3>\n", out);
		ref_head(out, false);
		for (size_t j = 0; j < b->n; j++)
			ref_row(out, r, b->idx[j], NULL, r->verdicts[b->idx[j]].block_why[ro]);
		fputs("</tbody></table>\n", out);
	}
	fputs("</section>\n", out);
	return 0;
}

static void measure_breaks(FILE *out, const struct report *r)
{
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &r->data->measures[mi];
		const struct report_refs *b = &r->breaks[mi];

		if (!b->n)
			continue;
		fputs("<h3>", out);
		esc(out, rm->id);
		fputc(' ', out);
		esc(out, rm->title);
		fputs(" breaks</h3>\n<p class=\"note\">", out);
		esc(out, rm->description);
		fputs("</p>\n", out);
		ref_head(out, true);
		for (size_t j = 0; j < b->n; j++) {
			const struct vbreak *vb = &r->verdicts[b->idx[j]].brk[mi];

			ref_row(out, r, b->idx[j], vb->hard ? "hard" : "soft", vb->why);
		}
		fputs("</tbody></table>\n", out);
	}
}

static int measures(FILE *out, const struct report *r)
{
	struct svg_bar bars[MAX_CHART_BARS];
	char labels[MAX_CHART_BARS][96];
	struct svg_chart ch = {
		.id = "chart-measures",
		.title = "Programs each hardening measure would break, hard and soft",
		.desc = "One bar per measure M0 to M6: hard breaks (the program sees an error) "
			"and soft breaks (slower, or another driver), stacked.",
		.nseg = 2,
		.seg_name = {"hard", "soft"},
		.seg_fill = {FILL_HARD, FILL_SOFT},
		.bars = bars,
	};

	fputs("<section id=\"measures\"><h2>Hardening measures</h2>\n"
	      "<p>What each planned measure would break: <span class=\"badge bad\">hard</span> "
	      "the program sees an error, <span class=\"badge warn\">soft</span> it keeps "
	      "working, slower or on another driver.</p>\n",
	      out);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT && ch.n < MAX_CHART_BARS; mi++, ch.n++) {
		const struct rmeasure *rm = &r->data->measures[mi];

		snprintf(labels[ch.n], sizeof(labels[ch.n]), "%s %s", rm->id, rm->title);
		bars[ch.n] = (struct svg_bar){labels[ch.n],
					      {(int64_t)r->hard[mi], (int64_t)r->soft[mi]}};
	}
	if (svg_hbar_chart(out, &ch))
		return -1;
	fputs("<table><thead><tr><th>measure</th><th>effect</th><th>brought by</th>"
	      "<th>enforced here</th><th>verdict</th><th>hard</th><th>soft</th></tr></thead>"
	      "<tbody>\n",
	      out);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *rm = &r->data->measures[mi];

		fputs("<tr><td><b>", out);
		esc(out, rm->id);
		fputs("</b> ", out);
		esc(out, rm->title);
		fputs("</td><td>", out);
		esc(out, rm->effect);
		fputs("</td><td>", out);
		esc(out, rm->where);
		fprintf(out, "</td><td>%s</td><td>",
			r->enforced[mi] < 0 ? "unknown"
			: r->enforced[mi]   ? "yes"
					    : "no");
		badge(out, report_measure_verdict(r, mi));
		fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
			r->hard[mi], r->soft[mi]);
	}
	fputs("</tbody></table>\n", out);
	measure_breaks(out, r);
	fputs("</section>\n", out);
	return 0;
}

static void drivers(FILE *out, const struct malg *al)
{
	for (unsigned int j = 0; j < al->ndrivers; j++) {
		const struct mdriver *dr = &al->drivers[j];
		bool hw = dr->hardware == 1, as = dr->async == 1;

		fputs(j ? "<br><span class=\"mono\">" : "<span class=\"mono\">", out);
		esc(out, dr->name);
		fputs("</span>", out);
		if (dr->module) {
			fputs(" (", out);
			esc(out, dr->module);
			fputc(')', out);
		}
		if (hw || as)
			fprintf(out, " <i>%s%s%s</i>", hw ? "hardware" : "", hw && as ? ", " : "",
				as ? "async" : "");
	}
	if (!al->ndrivers)
		esc(out, NULL);
}

static void algorithms(FILE *out, const struct rdata *d, const struct mprog *p)
{
	if (!p->nalgs)
		return;
	fputs("<table><thead><tr><th>type</th><th>algorithm</th><th>bound</th><th>binds</th>"
	      "<th>drivers</th><th>allowlist</th><th>replace with</th></tr></thead><tbody>\n",
	      out);
	for (unsigned int i = 0; i < p->nalgs; i++) {
		const struct malg *al = &p->algs[i];
		struct json_object *adv = rdata_advice(d, al->type, al->name);

		fputs("<tr><td>", out);
		esc(out, al->type);
		fputs("</td><td class=\"mono\">", out);
		esc(out, al->name);
		fprintf(out, "</td><td>%s</td><td class=\"n\">%llu</td><td>",
			al->runtime ? "at run time" : "in the file only",
			(unsigned long long)al->count);
		drivers(out, al);
		fputs("</td><td>", out);
		esc(out, verdict_allow_status(d, al->type, al->name));
		fputs("</td><td>", out);
		for (size_t j = 0; adv && j < json_object_array_length(adv); j++) {
			struct json_object *e = json_object_array_get_idx(adv, j);

			fputs(j ? "<br><b>" : "<b>", out);
			esc(out, jstr(e, "library"));
			fputs("</b>: <span class=\"mono\">", out);
			esc(out, jstr(e, "call"));
			fputs("</span>", out);
		}
		if (!adv || !json_object_array_length(adv))
			esc(out, NULL);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void program_code(FILE *out, const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	char text[2048];

	fputs("</dd><dt>AF_ALG code</dt><dd>", out);
	esc(out, report_code_where(p));
	if (l && l->name) {
		fputs(": <b>", out);
		esc(out, l->name);
		fputs("</b> (", out);
		esc(out, l->project);
		fputc(')', out);
	}
	if (p->nfiles) {
		fputs("<br>in <span class=\"mono\">", out);
		strs(out, p->files, p->nfiles);
		fputs("</span>", out);
	}
	report_sites_text(p, true, text, sizeof(text));
	if (*text) {
		fputs("<br>call sites in <span class=\"mono\">", out);
		esc(out, text);
		fputs("</span>", out);
	}
	fputs("</dd>", out);
	/* the calls a maintainer must replace */
	for (unsigned int i = 0; p->uses && i < p->nvia; i++)
		if (report_via_shown(&p->via[i])) {
			report_via_text(&p->via[i], text, sizeof(text));
			fputs("<dt>via</dt><dd class=\"mono\">", out);
			esc(out, text);
			fputs("</dd>", out);
		}
	if (l && l->advice) {
		fputs("<dt>what to change</dt><dd>", out);
		esc(out, l->advice);
		fputs("</dd>", out);
	}
}

static void program_facts(FILE *out, const struct mprog *p, const struct pverdict *v)
{
	fputs("</h3>\n<dl><dt>package</dt><dd>", out);
	html_put(out, p->package, "(none)");
	fputc(' ', out);
	html_put(out, p->version, "");
	fputs("</dd><dt>evidence</dt><dd>", out);
	esc(out, report_evidence(p));
	fprintf(out, " (%u traced host%s, %u scan%s, %llu process%s)", p->hosts_runtime,
		p->hosts_runtime == 1 ? "" : "s", p->scans, p->scans == 1 ? "" : "s",
		(unsigned long long)p->processes, p->processes == 1 ? "" : "es");
	fputs("</dd><dt>classification</dt><dd>", out);
	esc(out, model_class_name(model_class(p)));
	fputs("; use: ", out);
	esc(out, p->uses ? p->use : NULL);
	fputs("; kind: ", out);
	esc(out, p->kind);
	fputs("; role: ", out);
	esc(out, p->role);
	fputs("</dd><dt>types</dt><dd>", out);
	names(out, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
	fputs("</dd><dt>splice / AIO / io_uring</dt><dd>", out);
	names(out, p->features, AFALG_FEAT_COUNT, afalg_feature_name);
	fputs("</dd><dt>uids</dt><dd>", out);
	for (unsigned int i = 0; i < p->nuids; i++)
		fprintf(out, "%s%u", i ? ", " : "", p->uids[i]);
	if (!p->nuids)
		esc(out, NULL);
	fputs("</dd><dt>blocks</dt><dd class=\"mono\">", out);
	names(out, v->blocks, RO_N, ropt_name);
	program_code(out, p);
	if (p->build_id) {
		fputs("<dt>build-id</dt><dd class=\"mono\">", out);
		esc(out, p->build_id);
		fputs("</dd>", out);
	}
	for (unsigned int i = 0; i < p->nerrors; i++) {
		fputs("<dt>failed at run time</dt><dd><span class=\"mono\">", out);
		esc(out, p->errors[i].op);
		fputs(" ", out);
		esc(out, p->errors[i].error);
		fprintf(out, "</span> (%llu&#215;)</dd>", (unsigned long long)p->errors[i].count);
	}
	fputs("</dl>\n", out);
}

static void program(FILE *out, const struct report *r, size_t i)
{
	const struct mprog *p = r->progs[i];
	const struct pverdict *v = &r->verdicts[i];
	bool any = false;

	fprintf(out, "<section class=\"prog\" id=\"p%zu\">", i + 1);
	fputs("<h3 class=\"mono\">", out);
	html_put(out, path_or_null(p), "(unnamed executable)");
	program_facts(out, p, v);
	algorithms(out, r->data, p);
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		if (!v->breaks[mi])
			continue;
		if (!any)
			fputs("<table><thead><tr><th>measure</th><th>break</th><th>why</th></tr>"
			      "</thead><tbody>\n",
			      out);
		any = true;
		fputs("<tr><td>", out);
		esc(out, r->data->measures[mi].id);
		fputs("</td><td>", out);
		badge(out, v->brk[mi].hard ? "hard" : "soft");
		fputs("</td><td>", out);
		esc(out, v->brk[mi].why);
		fputs("</td></tr>\n", out);
	}
	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		char text[800];

		if (v->breaks[mi] || !v->measured[mi].verdict)
			continue;
		if (!any)
			fputs("<table><thead><tr><th>measure</th><th>break</th><th>why</th></tr>"
			      "</thead><tbody>\n",
			      out);
		any = true;
		verdict_measured_text(&v->measured[mi], text, sizeof(text));
		fputs("<tr><td>", out);
		esc(out, r->data->measures[mi].id);
		fputs("</td><td>", out);
		badge(out, "none");
		fputs("</td><td>", out);
		esc(out, text);
		fputs("</td></tr>\n", out);
	}
	if (any)
		fputs("</tbody></table>\n", out);
	fputs("</section>\n", out);
}

/*
 * An input file's name as the report document spells it (common/json_bytes.h:
 * invalid UTF-8 as \xNN), as this table has always shown it.
 */
static void input_path(FILE *out, const char *path)
{
	struct json_object *o = json_object_new_object(), *v;

	if (o && afalg_json_add_bytes(o, "path", path) && json_object_object_get_ex(o, "path", &v))
		esc(out, json_object_get_string(v));
	else
		esc(out, NULL);
	json_object_put(o);
}

static void input_files(FILE *out, const struct model *m)
{
	if (m->ninputs) {
		fputs("<table><thead><tr><th>file</th><th>format</th><th>host</th><th>kernel</th>"
		      "</tr></thead><tbody>\n",
		      out);
		for (size_t i = 0; i < m->ninputs; i++) {
			const struct minput *f = &m->inputs[i];

			fputs("<tr><td class=\"mono\">", out);
			input_path(out, f->path);
			fputs("</td><td>", out);
			esc(out, f->format);
			fputs("</td><td>", out);
			esc(out, f->host);
			fputs("</td><td class=\"mono\">", out);
			esc(out, f->kernel);
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	if (m->inputs_omitted > 0)
		fprintf(out, "<p class=\"note\">%zu more input files are not listed.</p>\n",
			m->inputs_omitted);
}

static void inputs(FILE *out, const struct report *r)
{
	const struct model *m = r->model;
	const struct rdata *d = r->data;
	size_t nk = afalg_intern_count(m->kernels);

	fputs("<section id=\"inputs\"><h2>Sources and inputs</h2>\n<dl>", out);
	fprintf(out,
		"<dt>scan results</dt><dd>%llu</dd><dt>trace results</dt><dd>%llu</dd>"
		"<dt>traced hosts</dt><dd>%zu</dd><dt>traced kernels</dt><dd class=\"mono\">",
		(unsigned long long)m->nscan, (unsigned long long)m->ntrace,
		afalg_intern_count(m->hosts));
	for (size_t i = 0; i < nk; i++) {
		if (i)
			fputs(", ", out);
		esc(out, afalg_intern_get(m->kernels, i));
	}
	if (!nk)
		esc(out, NULL);
	fputs("</dd><dt>data files</dt><dd class=\"mono\">", out);
	esc(out, d->dir);
	fputs("</dd><dt>allowlist</dt><dd>", out);
	esc(out, d->allow_name);
	fprintf(out, " (%zu entries), from ", d->nallow);
	esc(out, d->allow_source);
	fputs("; read from <span class=\"mono\">", out);
	esc(out, d->allowlist_file);
	fputs("</span></dd></dl>\n", out);
	input_files(out, m);
	fputs("</section>\n", out);
}

/* links and unreachable programs: listed apart, information, never blockers. */
/* What to change: a table per component, a row per source package. */
/* Archive surveys (issue #19): what was surveyed; the source packages by option and measure. */
static void survey(FILE *out, const struct report *r)
{
	const struct model *m = r->model;
	char buf[2048];

	if (!m->nsurveys)
		return;
	fputs("<section id=\"survey\"><h2>Surveyed archives</h2>\n<ul>\n", out);
	for (size_t i = 0; i < m->nsurveys; i++) {
		report_survey_line(&m->surveys[i], buf, sizeof(buf));
		fputs("<li>", out);
		esc(out, buf);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
	if (m->nnot_scanned) {
		fputs("<p>Not scanned (the answer is incomplete for these):</p>\n<ul>\n", out);
		for (size_t i = 0; i < m->nnot_scanned; i++) {
			const struct mspkg *p = m->not_scanned[i];

			report_not_scanned_line(p, buf, sizeof(buf));
			fputs("<li>", out);
			esc(out, buf);
			fputs("</li>\n", out);
		}
		if (m->not_scanned_omitted)
			fprintf(out, "<li>... and %zu more (see the JSON report)</li>\n",
				m->not_scanned_omitted);
		fputs("</ul>\n", out);
	}
	if (r->nsources) {
		fputs("<h3>Source packages to fix, by option and measure</h3>\n<p>Largest impact "
		      "(how many packages depend on one of its binary packages) first.</p>\n"
		      "<table><thead><tr><th>option or measure</th><th>source packages</th></tr>"
		      "</thead><tbody>\n",
		      out);
		for (unsigned row = 0; row < REPORT_SURVEY_ROWS; row++) {
			bool any = false;

			for (size_t k = 0; k < r->nsources; k++) {
				const char *w = report_survey_row_word(row, &r->sources[k]);

				if (!w)
					continue;
				if (!any) {
					fputs("<tr><td class=\"mono\">", out);
					esc(out, report_survey_row_name(row));
					fputs("</td><td>", out);
				} else {
					fputs("<br>", out);
				}
				any = true;
				report_source_line(&r->sources[k], buf, sizeof(buf));
				esc(out, buf);
				if (*w)
					fprintf(out, " (%s)", w);
			}
			if (any)
				fputs("</td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	fputs("</section>\n", out);
}

static void fixes(FILE *out, const struct report *r)
{
	char buf[512];

	if (!r->nfixes)
		return;
	fprintf(out,
		"<section id=\"fixes\"><h2>What to change</h2>\n<p>The %zu user%s, one entry "
		"per AF_ALG component and source package: the calls to replace, and the "
		"files.</p>\n",
		r->users, r->users == 1 ? "" : "s");
	for (size_t f = 0; f < r->nfixes; f++) {
		const struct rfix *x = &r->fixes[f];

		if (!f || x->component != r->fixes[f - 1].component) {
			if (f)
				fputs("</tbody></table>\n", out);
			fputs("<h3>", out);
			esc(out, report_fix_component(x));
			fputs("</h3>\n", out);
			if (x->component) {
				fputs("<p>Upstream: ", out);
				esc(out, x->component->project);
				fputs(". Change: ", out);
				esc(out, x->component->advice);
				fputs(".</p>\n", out);
			}
			fputs("<table><thead><tr><th>source package</th><th>types</th>"
			      "<th>files</th><th>calls</th></tr></thead><tbody>\n",
			      out);
		}
		fputs("<tr><td>", out);
		report_fix_title(x, buf, sizeof(buf));
		esc(out, buf);
		fputs("<br><span class=\"note\">", out);
		report_fix_counts(x, buf, sizeof(buf));
		esc(out, buf);
		report_fix_survey(x, buf, sizeof(buf));
		if (*buf) {
			fputs("<br>", out);
			esc(out, buf);
		}
		fputs("</span></td><td>", out);
		names(out, x->types, AFALG_TYPE_COUNT, afalg_type_name);
		fputs("</td><td>", out);
		for (size_t j = 0; j < x->files.n; j++) {
			size_t i = x->files.idx[j];
			const char *where = report_code_where(r->progs[i]);

			if (j)
				fputs("<br>", out);
			prog_link(out, r->progs[i], i);
			if (strcmp(where, "library"))
				fprintf(out, " (%s code)", where);
		}
		fputs("</td><td class=\"mono\">", out);
		strs(out, x->functions, x->nfunctions);
		if (x->functions_truncated)
			fputs(", &#8230;", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

static void not_blockers(FILE *out, const struct report *r)
{
	if (!r->not_blockers.n)
		return;
	fputs("<section id=\"not-blockers\"><h2>Not blockers (information)</h2>\n<p>These "
	      "link an AF_ALG library without calling its AF_ALG functions (links), or hold "
	      "AF_ALG code that no entry reaches (unreachable). They are not counted as users "
	      "and block nothing.</p>\n<table><thead><tr><th>program</th><th>package</th>"
	      "<th>classification</th><th>why</th><th>would use</th></tr></thead><tbody>\n",
	      out);
	for (size_t j = 0; j < r->not_blockers.n; j++) {
		size_t i = r->not_blockers.idx[j];
		const struct mprog *p = r->progs[i];

		fputs("<tr><td class=\"mono\">", out);
		html_put(out, path_or_null(p), "(unnamed executable)");
		fputs("</td><td>", out);
		esc(out, p->package);
		fputs("</td><td>", out);
		esc(out, model_class_name(model_class(p)));
		fputs("</td><td>", out);
		esc(out, r->verdicts[i].info);
		fputs("</td><td>", out);
		names(out, report_types(p), AFALG_TYPE_COUNT, afalg_type_name);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

int report_render_html(FILE *out, const struct report *r, const struct render_opts *o)
{
	const char *title = o->title ? o->title : "AF_ALG migration report";

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>",
	      out);
	html_put(out, title, NULL);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	html_put(out, title, NULL);
	fputs("</h1>\n<nav><a href=\"#summary\">Summary</a><a href=\"#kernel\">Kernel</a>", out);
	if (r->model->nsurveys)
		fputs("<a href=\"#survey\">Survey</a>", out);
	if (r->nfixes)
		fputs("<a href=\"#fixes\">What to change</a>", out);
	fputs("<a href=\"#options\">Kconfig options</a><a href=\"#measures\">Hardening "
	      "measures</a><a href=\"#programs\">Programs</a>",
	      out);
	if (r->not_blockers.n)
		fputs("<a href=\"#not-blockers\">Not blockers</a>", out);
	fputs("<a href=\"#inputs\">Inputs</a></nav>\n", out);
	summary(out, r);
	kernel(out, r);
	survey(out, r);
	fixes(out, r);
	if (options(out, r) || measures(out, r))
		return -1;
	fputs("<section id=\"programs\"><h2>Programs</h2>\n<p>What each uses, where its AF_ALG "
	      "code lives and what replaces it.</p>\n",
	      out);
	for (size_t i = 0; i < r->nprogs; i++)
		if (model_class(r->progs[i]) <= MC_CAPABLE)
			program(out, r, i);
	if (r->nprogs == r->not_blockers.n)
		fputs("<p>No AF_ALG user in the inputs.</p>\n", out);
	fputs("</section>\n", out);
	not_blockers(out, r);
	inputs(out, r);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
