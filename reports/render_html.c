// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * One self-contained HTML page: inline CSS, inline SVG charts, no script, no
 * external asset, font or URL (a Content-Security-Policy meta tag forbids
 * them too, as a second line).  Sections mirror the text report: summary,
 * this machine's kernel, kconfig options, hardening measures, programs,
 * inputs.  Every string from the document goes through html_escape(); the
 * only markup choices made from document values (CSS classes, links) are
 * picked from fixed lists after comparing the value, never copied from it.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "html_escape.h"
#include "jsonin.h"
#include "report_render.h"
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

/* String member, escaped; null or missing: a dash. */
static void mem(FILE *out, struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o && json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		html_escape(out, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	else
		esc(out, NULL);
}

static void list(FILE *out, struct json_object *a)
{
	size_t n = a ? json_object_array_length(a) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (i)
			fputs(", ", out);
		if (json_object_is_type(e, json_type_int))
			fprintf(out, "%lld", (long long)json_object_get_int64(e));
		else if (json_object_is_type(e, json_type_string))
			html_escape(out, json_object_get_string(e),
				    (size_t)json_object_get_string_len(e));
		else
			fputc('?', out);
	}
	if (!n)
		esc(out, NULL);
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

/* A program id fit for an href/id ("p" and digits, as the schema says), else NULL. */
static const char *prog_anchor(const char *id)
{
	if (!id || id[0] != 'p' || !id[1] || strlen(id) > 20)
		return NULL;
	for (const char *p = id + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return id;
}

static void prog_link(FILE *out, struct json_object *r, const char *idkey)
{
	const char *id = prog_anchor(jstr(r, idkey));

	if (id)
		fprintf(out, "<a href=\"#%s\" class=\"mono\">", id);
	else
		fputs("<span class=\"mono\">", out);
	html_put(out, jbytes(r, "path"), "(unnamed executable)");
	fputs(id ? "</a>" : "</span>", out);
}

static void evidence(FILE *out, struct json_object *r)
{
	int64_t hr = jint(r, "hosts_runtime", 0), sc = jint(r, "scans", 0);

	if (hr > 0)
		fprintf(out, "run time, %lld host%s", (long long)hr, hr == 1 ? "" : "s");
	else
		fprintf(out, "static only, %lld scan%s", (long long)sc, sc == 1 ? "" : "s");
}

static void ref_table(FILE *out, struct json_object *arr, bool with_break)
{
	fprintf(out,
		"<table><thead><tr><th>program</th><th>package</th>%s<th>evidence</th>"
		"<th>why</th></tr></thead><tbody>\n",
		with_break ? "<th>break</th>" : "");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *r = json_object_array_get_idx(arr, i);

		fputs("<tr><td>", out);
		prog_link(out, r, "program");
		fputs("</td><td>", out);
		mem(out, r, "package");
		if (with_break) {
			fputs("</td><td>", out);
			badge(out, jstr(r, "break"));
		}
		fputs("</td><td>", out);
		evidence(out, r);
		fputs("</td><td>", out);
		mem(out, r, "why");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void summary(FILE *out, struct json_object *report, struct json_object *sum,
		    struct json_object *in)
{
	struct json_object *lost = jget_obj(in, "lost");
	static const struct {
		const char *key, *label;
	} nums[] = {{"programs", "AF_ALG users"},
		    {"runtime", "seen at run time"},
		    {"static_only", "found statically only"},
		    {"packages", "packages"},
		    {"capable", "runtimes that only expose AF_ALG"}};

	fputs("<section id=\"summary\"><h2>Summary</h2>\n<p class=\"headline\">", out);
	mem(out, sum, "headline");
	fputs("</p>\n<div class=\"nums\">", out);
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		fprintf(out, "<div><b>%lld</b>%s</div>", (long long)jint(sum, nums[i].key, 0),
			nums[i].label);
	fputs("</div>\n<p>Safe to disable now: ", out);
	list(out, jget_arr(sum, "options_safe"));
	fputs("<br>Blocked: ", out);
	list(out, jget_arr(sum, "options_blocked"));
	fputs("</p>\n", out);
	if (jint(lost, "ringbuf_full", 0) > 0 || jint(lost, "map_full", 0) > 0 ||
	    jint(lost, "prog_missed", 0) > 0)
		fprintf(out,
			"<p class=\"warnbox\">The traces lost events (ring buffer full %lld, "
			"table full %lld, hook runs skipped %lld): some run-time use may be "
			"missing.</p>\n",
			(long long)jint(lost, "ringbuf_full", 0),
			(long long)jint(lost, "map_full", 0),
			(long long)jint(lost, "prog_missed", 0));
	fputs("<p class=\"note\">Generated by ", out);
	mem(out, report, "generator");
	fputs(" on ", out);
	mem(out, report, "created");
	fprintf(out, " from %lld scan and %lld trace result%s (%lld traced host%s).</p>\n",
		(long long)jint(in, "scan", 0), (long long)jint(in, "trace", 0),
		jint(in, "scan", 0) + jint(in, "trace", 0) == 1 ? "" : "s",
		(long long)jint(in, "hosts", 0), jint(in, "hosts", 0) == 1 ? "" : "s");
	fputs("</section>\n", out);
}

static void kernel(FILE *out, struct json_object *k)
{
	struct json_object *a;
	int64_t r;

	fputs("<section id=\"kernel\"><h2>This machine&#39;s kernel</h2>\n", out);
	if (!k) {
		fputs("<p class=\"note\">Not part of this report (built with --no-kernel, e.g. "
		      "for a fleet merge).</p></section>\n",
		      out);
		return;
	}
	fputs("<dl><dt>release</dt><dd class=\"mono\">", out);
	mem(out, k, "release");
	fputs("</dd><dt>config</dt><dd class=\"mono\">", out);
	html_put(out, jstr(k, "config_source"), "not readable");
	fputs("</dd><dt>AF_ALG</dt><dd>", out);
	fprintf(out, "<span class=\"badge %s\">",
		jstr(k, "af_alg") && !strcmp(jstr(k, "af_alg"), "off") ? "ok" : "unk");
	mem(out, k, "af_alg");
	fputs("</span></dd><dt>af_alg_restrict</dt><dd>", out);
	if (jget_int(k, "af_alg_restrict", &r))
		fprintf(out, "%lld", (long long)r);
	else
		fputs("no such sysctl in this kernel", out);
	fputs("</dd><dt>enforced here</dt><dd>", out);
	a = jget_arr(k, "enforced");
	if (a && json_object_array_length(a))
		list(out, a);
	else
		fputs("none known", out);
	fprintf(out, "</dd><dt>modprobe.d files read</dt><dd>%lld</dd></dl>\n",
		(long long)jint(k, "modprobe_files", 0));
	fputs("<table><thead><tr><th>option</th><th>value</th></tr></thead><tbody>\n", out);
	a = jget_arr(k, "options");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);

		fputs("<tr><td class=\"mono\">", out);
		mem(out, o, "option");
		fputs("</td><td>", out);
		html_put(out, jstr(o, "value"), "unknown");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n<table><thead><tr><th>module</th><th>loaded</th>"
	      "<th>blocked in modprobe.d</th></tr></thead><tbody>\n",
	      out);
	a = jget_arr(k, "modules");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		bool loaded = false, bl = false, has = jget_bool(o, "loaded", &loaded);

		jget_bool(o, "blacklisted", &bl);
		fputs("<tr><td class=\"mono\">", out);
		mem(out, o, "name");
		fprintf(out, "</td><td>%s</td><td>",
			!has	 ? "unknown (no /proc/modules)"
			: loaded ? "yes"
				 : "no");
		if (bl) {
			mem(out, o, "how");
			fputs(" (<span class=\"mono\">", out);
			mem(out, o, "source");
			fputs("</span>)", out);
		} else {
			fputs("no", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	a = jget_arr(k, "notes");
	if (a && json_object_array_length(a)) {
		fputs("<ul>", out);
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			struct json_object *e = json_object_array_get_idx(a, i);

			fputs("<li>", out);
			html_put(out, json_object_get_string(e), "");
			fputs("</li>", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</section>\n", out);
}

static int options(FILE *out, struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;
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
	for (size_t i = 0; i < n && ch.n < MAX_CHART_BARS; i++, ch.n++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *b;

		b = jget_arr(o, "blockers");
		bars[ch.n] = (struct svg_bar){jstr(o, "option"),
					      {b ? (int64_t)json_object_array_length(b) : 0}};
	}
	if (svg_hbar_chart(out, &ch))
		return -1;
	fputs("<table><thead><tr><th>option</th><th>module</th><th>here</th><th>verdict</th>"
	      "<th>in words</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);

		fputs("<tr><td class=\"mono\">", out);
		mem(out, o, "option");
		fputs("</td><td class=\"mono\">", out);
		mem(out, o, "module");
		fputs("</td><td>", out);
		mem(out, o, "here");
		fputs("</td><td>", out);
		badge(out, jstr(o, "verdict"));
		fputs("</td><td>", out);
		mem(out, o, "text");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *b = jget_arr(o, "blockers");

		if (!b || !json_object_array_length(b))
			continue;
		fputs("<h3><span class=\"mono\">", out);
		mem(out, o, "option");
		fputs("</span> is blocked by</h3>\n", out);
		ref_table(out, b, false);
	}
	fputs("</section>\n", out);
	return 0;
}

static int measures(FILE *out, struct json_object *report)
{
	struct json_object *arr = jget_arr(report, "measures");
	size_t n = arr ? json_object_array_length(arr) : 0;
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
	for (size_t i = 0; i < n && ch.n < MAX_CHART_BARS; i++, ch.n++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		const char *id = jstr(m, "id"), *t = jstr(m, "title");

		snprintf(labels[ch.n], sizeof(labels[ch.n]), "%s %s", id ? id : "?", t ? t : "");
		bars[ch.n].label = labels[ch.n];
		report_measure_counts(report, id, &bars[ch.n].v[0], &bars[ch.n].v[1]);
	}
	if (svg_hbar_chart(out, &ch))
		return -1;
	fputs("<table><thead><tr><th>measure</th><th>effect</th><th>brought by</th>"
	      "<th>enforced here</th><th>verdict</th><th>hard</th><th>soft</th></tr></thead>"
	      "<tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		bool enf = false, has = jget_bool(m, "enforced_here", &enf);
		int64_t hard, soft;

		report_measure_counts(report, jstr(m, "id"), &hard, &soft);
		fputs("<tr><td><b>", out);
		mem(out, m, "id");
		fputs("</b> ", out);
		mem(out, m, "title");
		fputs("</td><td>", out);
		mem(out, m, "effect");
		fputs("</td><td>", out);
		mem(out, m, "where");
		fprintf(out, "</td><td>%s</td><td>", !has ? "unknown" : enf ? "yes" : "no");
		badge(out, jstr(m, "verdict"));
		fprintf(out, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>\n",
			(long long)hard, (long long)soft);
	}
	fputs("</tbody></table>\n", out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		struct json_object *b = jget_arr(m, "breaks");

		if (!b || !json_object_array_length(b))
			continue;
		fputs("<h3>", out);
		mem(out, m, "id");
		fputc(' ', out);
		mem(out, m, "title");
		fputs(" breaks</h3>\n<p class=\"note\">", out);
		mem(out, m, "description");
		fputs("</p>\n", out);
		ref_table(out, b, true);
	}
	fputs("</section>\n", out);
	return 0;
}

static void algorithms(FILE *out, struct json_object *a)
{
	if (!a || !json_object_array_length(a))
		return;
	fputs("<table><thead><tr><th>type</th><th>algorithm</th><th>bound</th><th>binds</th>"
	      "<th>drivers</th><th>allowlist</th><th>replace with</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *al = json_object_array_get_idx(a, i), *d, *adv;
		bool rt = false;

		jget_bool(al, "runtime", &rt);
		fputs("<tr><td>", out);
		mem(out, al, "type");
		fputs("</td><td class=\"mono\">", out);
		mem(out, al, "name");
		fprintf(out, "</td><td>%s</td><td class=\"n\">%lld</td><td>",
			rt ? "at run time" : "in the file only", (long long)jint(al, "count", 0));
		d = jget_arr(al, "drivers");
		for (size_t j = 0; d && j < json_object_array_length(d); j++) {
			struct json_object *dr = json_object_array_get_idx(d, j);
			bool hw = false, as = false;

			jget_bool(dr, "hardware", &hw);
			jget_bool(dr, "async", &as);
			fputs(j ? "<br><span class=\"mono\">" : "<span class=\"mono\">", out);
			mem(out, dr, "name");
			fputs("</span>", out);
			if (jstr(dr, "module")) {
				fputs(" (", out);
				mem(out, dr, "module");
				fputc(')', out);
			}
			if (hw || as)
				fprintf(out, " <i>%s%s%s</i>", hw ? "hardware" : "",
					hw && as ? ", " : "", as ? "async" : "");
		}
		if (!d || !json_object_array_length(d))
			esc(out, NULL);
		fputs("</td><td>", out);
		mem(out, al, "allowlist");
		fputs("</td><td>", out);
		adv = jget_arr(al, "advice");
		for (size_t j = 0; adv && j < json_object_array_length(adv); j++) {
			struct json_object *e = json_object_array_get_idx(adv, j);

			fputs(j ? "<br><b>" : "<b>", out);
			mem(out, e, "library");
			fputs("</b>: <span class=\"mono\">", out);
			mem(out, e, "call");
			fputs("</span>", out);
		}
		if (!adv || !json_object_array_length(adv))
			esc(out, NULL);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void program(FILE *out, struct json_object *p)
{
	struct json_object *code = jget_obj(p, "code"), *a;
	const char *id = prog_anchor(jstr(p, "id"));

	if (id)
		fprintf(out, "<section class=\"prog\" id=\"%s\">", id);
	else
		fputs("<section class=\"prog\">", out);
	fputs("<h3 class=\"mono\">", out);
	html_put(out, jbytes(p, "path"), "(unnamed executable)");
	fputs("</h3>\n<dl><dt>package</dt><dd>", out);
	html_put(out, jstr(p, "package"), "(none)");
	fputc(' ', out);
	html_put(out, jstr(p, "version"), "");
	fputs("</dd><dt>evidence</dt><dd>", out);
	mem(out, p, "evidence");
	fprintf(out, " (%lld traced host%s, %lld scan%s, %lld process%s)",
		(long long)jint(p, "hosts_runtime", 0), jint(p, "hosts_runtime", 0) == 1 ? "" : "s",
		(long long)jint(p, "scans", 0), jint(p, "scans", 0) == 1 ? "" : "s",
		(long long)jint(p, "processes", 0), jint(p, "processes", 0) == 1 ? "" : "es");
	fputs("</dd><dt>classification</dt><dd>", out);
	mem(out, p, "classification");
	fputs("; use: ", out);
	mem(out, p, "use");
	fputs("; kind: ", out);
	mem(out, p, "kind");
	fputs("; role: ", out);
	mem(out, p, "role");
	fputs("</dd><dt>types</dt><dd>", out);
	list(out, jget_arr(p, "types"));
	fputs("</dd><dt>splice / AIO / io_uring</dt><dd>", out);
	list(out, jget_arr(p, "features"));
	fputs("</dd><dt>uids</dt><dd>", out);
	list(out, jget_arr(p, "uids"));
	fputs("</dd><dt>blocks</dt><dd class=\"mono\">", out);
	list(out, jget_arr(p, "blocks"));
	fputs("</dd><dt>AF_ALG code</dt><dd>", out);
	mem(out, code, "where");
	if (jstr(code, "component")) {
		fputs(": <b>", out);
		mem(out, code, "component");
		fputs("</b> (", out);
		mem(out, code, "project");
		fputc(')', out);
	}
	a = jget_arr(code, "files");
	if (a && json_object_array_length(a)) {
		fputs("<br>in <span class=\"mono\">", out);
		list(out, a);
		fputs("</span>", out);
	}
	fputs("</dd>", out);
	if (jstr(code, "advice")) {
		fputs("<dt>what to change</dt><dd>", out);
		mem(out, code, "advice");
		fputs("</dd>", out);
	}
	if (jstr(p, "build_id")) {
		fputs("<dt>build-id</dt><dd class=\"mono\">", out);
		mem(out, p, "build_id");
		fputs("</dd>", out);
	}
	a = jget_arr(p, "errors");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		fputs("<dt>failed at run time</dt><dd><span class=\"mono\">", out);
		mem(out, e, "op");
		fputs(" ", out);
		mem(out, e, "error");
		fprintf(out, "</span> (%lld&#215;)</dd>", (long long)jint(e, "count", 0));
	}
	fputs("</dl>\n", out);
	algorithms(out, jget_arr(p, "algorithms"));
	a = jget_arr(p, "breaks");
	if (a && json_object_array_length(a)) {
		fputs("<table><thead><tr><th>measure</th><th>break</th><th>why</th></tr></thead>"
		      "<tbody>\n",
		      out);
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			struct json_object *b = json_object_array_get_idx(a, i);

			fputs("<tr><td>", out);
			mem(out, b, "measure");
			fputs("</td><td>", out);
			badge(out, jstr(b, "break"));
			fputs("</td><td>", out);
			mem(out, b, "why");
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	fputs("</section>\n", out);
}

static void inputs(FILE *out, struct json_object *report, struct json_object *in)
{
	struct json_object *files = jget_arr(in, "files"), *data = jget_obj(report, "data");
	struct json_object *al = jget_obj(data, "allowlist");

	fputs("<section id=\"inputs\"><h2>Sources and inputs</h2>\n<dl>", out);
	fprintf(out,
		"<dt>scan results</dt><dd>%lld</dd><dt>trace results</dt><dd>%lld</dd>"
		"<dt>traced hosts</dt><dd>%lld</dd><dt>traced kernels</dt><dd class=\"mono\">",
		(long long)jint(in, "scan", 0), (long long)jint(in, "trace", 0),
		(long long)jint(in, "hosts", 0));
	list(out, jget_arr(in, "kernels"));
	fputs("</dd><dt>data files</dt><dd class=\"mono\">", out);
	mem(out, data, "dir");
	fputs("</dd><dt>allowlist</dt><dd>", out);
	mem(out, al, "name");
	fprintf(out, " (%lld entries), from ", (long long)jint(al, "entries", 0));
	mem(out, al, "source");
	fputs("; read from <span class=\"mono\">", out);
	mem(out, al, "file");
	fputs("</span></dd></dl>\n", out);
	if (files && json_object_array_length(files)) {
		fputs("<table><thead><tr><th>file</th><th>format</th><th>host</th><th>kernel</th>"
		      "</tr></thead><tbody>\n",
		      out);
		for (size_t i = 0; i < json_object_array_length(files); i++) {
			struct json_object *f = json_object_array_get_idx(files, i);

			fputs("<tr><td class=\"mono\">", out);
			mem(out, f, "path");
			fputs("</td><td>", out);
			mem(out, f, "format");
			fputs("</td><td>", out);
			mem(out, f, "host");
			fputs("</td><td class=\"mono\">", out);
			mem(out, f, "kernel");
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	if (jint(in, "files_omitted", 0) > 0)
		fprintf(out, "<p class=\"note\">%lld more input files are not listed.</p>\n",
			(long long)jint(in, "files_omitted", 0));
	fputs("</section>\n", out);
}

int report_render_html_doc(FILE *out, struct json_object *report, const struct render_opts *o)
{
	struct json_object *sum = jget_obj(report, "summary"), *in = jget_obj(report, "inputs");
	struct json_object *progs = jget_arr(report, "programs");
	const char *title = o->title ? o->title : "AF_ALG migration report";

	if (!sum || !in || !progs) {
		afalg_err("report", "not a report document");
		return -1;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>",
	      out);
	html_put(out, title, NULL);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	html_put(out, title, NULL);
	fputs("</h1>\n<nav><a href=\"#summary\">Summary</a><a href=\"#kernel\">Kernel</a>"
	      "<a href=\"#options\">Kconfig options</a><a href=\"#measures\">Hardening "
	      "measures</a><a href=\"#programs\">Programs</a><a href=\"#inputs\">Inputs</a>"
	      "</nav>\n",
	      out);
	summary(out, report, sum, in);
	kernel(out, jget_obj(report, "kernel"));
	if (options(out, jget_arr(report, "options")) || measures(out, report))
		return -1;
	fputs("<section id=\"programs\"><h2>Programs</h2>\n<p>What each uses, where its AF_ALG "
	      "code lives and what replaces it.</p>\n",
	      out);
	for (size_t i = 0; i < json_object_array_length(progs); i++)
		program(out, json_object_array_get_idx(progs, i));
	if (!json_object_array_length(progs))
		fputs("<p>No AF_ALG user in the inputs.</p>\n", out);
	fputs("</section>\n", out);
	inputs(out, report, in);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
