// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Markdown (CommonMark + GitHub tables).  Untrusted strings go through
 * afalg_escape_text (control bytes, invalid UTF-8) and then every ASCII
 * punctuation character is backslash-escaped (CommonMark allows that for
 * all of them), '<' '>' '&' as entities, so nothing from an input can open
 * a link, an HTML tag, emphasis or a table cell.  No untrusted string is
 * put in a code span, where escapes do not work.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "jsonin.h"
#include "report_render.h"

static void md(FILE *out, const char *s)
{
	char buf[2048];

	if (!s) {
		fputs("\\-", out);
		return;
	}
	afalg_escape_text(buf, sizeof(buf), s, strlen(s));
	for (const char *p = buf; *p; p++) {
		if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else if (*p == '&')
			fputs("&amp;", out);
		else if (ispunct((unsigned char)*p) && !(*p & 0x80))
			fprintf(out, "\\%c", *p);
		else
			fputc(*p, out);
	}
}

static void md_list(FILE *out, struct json_object *a)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (i)
			fputs(", ", out);
		if (json_object_is_type(e, json_type_int))
			fprintf(out, "%lld", (long long)json_object_get_int64(e));
		else
			md(out, json_object_get_string(e));
	}
	if (!a || !json_object_array_length(a))
		fputs("\\-", out);
}

static void evidence(FILE *out, struct json_object *r)
{
	int64_t hr = jint(r, "hosts_runtime", 0), sc = jint(r, "scans", 0);

	if (hr)
		fprintf(out, "run time, %lld host%s", (long long)hr, hr == 1 ? "" : "s");
	else
		fprintf(out, "static only, %lld scan%s", (long long)sc, sc == 1 ? "" : "s");
}

static void ref_rows(FILE *out, struct json_object *arr, bool with_break)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *r = json_object_array_get_idx(arr, i);

		fputs("| ", out);
		md(out, jbytes(r, "path") ? jbytes(r, "path") : "(unnamed executable)");
		fputs(" | ", out);
		md(out, jstr(r, "package"));
		fputs(" | ", out);
		if (with_break) {
			md(out, jstr(r, "break"));
			fputs(" | ", out);
		}
		evidence(out, r);
		fputs(" | ", out);
		md(out, jstr(r, "why"));
		fputs(" |\n", out);
	}
}

static void kernel(FILE *out, struct json_object *k)
{
	struct json_object *a;
	int64_t r;

	fputs("\n## This machine's kernel\n\n", out);
	fputs("- release: ", out);
	md(out, jstr(k, "release"));
	fputs("\n- config: ", out);
	md(out, jstr(k, "config_source") ? jstr(k, "config_source") : "not readable");
	fputs("\n- AF\\_ALG: ", out);
	md(out, jstr(k, "af_alg"));
	fputs("\n- af\\_alg\\_restrict: ", out);
	if (jget_int(k, "af_alg_restrict", &r))
		fprintf(out, "%lld", (long long)r);
	else
		fputs("no such sysctl in this kernel", out);
	fputs("\n- already enforced here: ", out);
	md_list(out, jget_arr(k, "enforced"));
	fputs("\n\n| option | value |\n|---|---|\n", out);
	a = jget_arr(k, "options");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);

		fputs("| ", out);
		md(out, jstr(o, "option"));
		fputs(" | ", out);
		md(out, jstr(o, "value") ? jstr(o, "value") : "unknown");
		fputs(" |\n", out);
	}
	fputs("\n| module | loaded | blocked in modprobe.d |\n|---|---|---|\n", out);
	a = jget_arr(k, "modules");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		bool loaded = false, bl = false, has = jget_bool(o, "loaded", &loaded);

		jget_bool(o, "blacklisted", &bl);
		fputs("| ", out);
		md(out, jstr(o, "name"));
		fprintf(out, " | %s | ", !has ? "unknown" : loaded ? "yes" : "no");
		if (bl) {
			md(out, jstr(o, "how"));
			fputs(" (", out);
			md(out, jstr(o, "source"));
			fputs(")", out);
		} else {
			fputs("no", out);
		}
		fputs(" |\n", out);
	}
	a = jget_arr(k, "notes");
	if (a && json_object_array_length(a))
		fputc('\n', out);
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		fputs("- ", out);
		md(out, json_object_get_string(json_object_array_get_idx(a, i)));
		fputc('\n', out);
	}
}

static void program(FILE *out, struct json_object *p)
{
	struct json_object *code = jget_obj(p, "code"), *a;

	fputs("\n### ", out);
	md(out, jbytes(p, "path") ? jbytes(p, "path") : "(unnamed executable)");
	fputs("\n\n- package: ", out);
	md(out, jstr(p, "package"));
	fputc(' ', out);
	md(out, jstr(p, "version"));
	fputs("\n- evidence: ", out);
	md(out, jstr(p, "evidence"));
	fprintf(out, " (%lld traced host%s, %lld scan%s)", (long long)jint(p, "hosts_runtime", 0),
		jint(p, "hosts_runtime", 0) == 1 ? "" : "s", (long long)jint(p, "scans", 0),
		jint(p, "scans", 0) == 1 ? "" : "s");
	fputs("\n- classification: ", out);
	md(out, jstr(p, "classification"));
	fputs(", use: ", out);
	md(out, jstr(p, "use"));
	fputs("\n- types: ", out);
	md_list(out, jget_arr(p, "types"));
	fputs("; features: ", out);
	md_list(out, jget_arr(p, "features"));
	fputs("; uids: ", out);
	md_list(out, jget_arr(p, "uids"));
	fputs("\n- AF\\_ALG code: ", out);
	md(out, jstr(code, "where"));
	if (jstr(code, "component")) {
		fputs(", ", out);
		md(out, jstr(code, "component"));
		fputs(" (", out);
		md(out, jstr(code, "project"));
		fputs(")", out);
	}
	if (jstr(code, "advice")) {
		fputs("\n- what to change: ", out);
		md(out, jstr(code, "advice"));
	}
	a = jget_arr(p, "errors");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		fputs("\n- failed at run time: ", out);
		md(out, jstr(e, "op"));
		fputc(' ', out);
		md(out, jstr(e, "error"));
		fprintf(out, " (%lld)", (long long)jint(e, "count", 0));
	}
	fputc('\n', out);
	a = jget_arr(p, "algorithms");
	if (a && json_object_array_length(a)) {
		fputs("\n| type | algorithm | bound | drivers | allowlist | replace with |\n"
		      "|---|---|---|---|---|---|\n",
		      out);
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			struct json_object *al = json_object_array_get_idx(a, i), *d, *adv;
			bool rt = false;

			jget_bool(al, "runtime", &rt);
			fputs("| ", out);
			md(out, jstr(al, "type"));
			fputs(" | ", out);
			md(out, jstr(al, "name"));
			fprintf(out, " | %s | ", rt ? "yes" : "in file only");
			d = jget_arr(al, "drivers");
			for (size_t j = 0; d && j < json_object_array_length(d); j++) {
				struct json_object *dr = json_object_array_get_idx(d, j);
				bool hw = false;

				jget_bool(dr, "hardware", &hw);
				if (j)
					fputs(", ", out);
				md(out, jstr(dr, "name"));
				if (hw)
					fputs(" (hardware)", out);
			}
			fputs(" | ", out);
			md(out, jstr(al, "allowlist"));
			fputs(" | ", out);
			adv = jget_arr(al, "advice");
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
	}
	a = jget_arr(p, "breaks");
	if (a && json_object_array_length(a))
		fputc('\n', out);
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *b = json_object_array_get_idx(a, i);

		fputs("- breaks under ", out);
		md(out, jstr(b, "measure"));
		fputs(" (", out);
		md(out, jstr(b, "break"));
		fputs("): ", out);
		md(out, jstr(b, "why"));
		fputc('\n', out);
	}
}

int report_render_markdown_doc(FILE *out, struct json_object *report, const struct render_opts *o)
{
	struct json_object *sum = jget_obj(report, "summary"), *in = jget_obj(report, "inputs");
	struct json_object *k = jget_obj(report, "kernel"), *a;

	if (!sum || !in) {
		afalg_err("report", "not a report document");
		return -1;
	}
	fputs("# ", out);
	md(out, o->title ? o->title : "AF_ALG migration report");
	fputs("\n\n", out);
	md(out, jstr(sum, "headline"));
	fprintf(out,
		"\n\nInputs: %lld scan result%s, %lld trace result%s from %lld host%s. "
		"Generated by ",
		(long long)jint(in, "scan", 0), jint(in, "scan", 0) == 1 ? "" : "s",
		(long long)jint(in, "trace", 0), jint(in, "trace", 0) == 1 ? "" : "s",
		(long long)jint(in, "hosts", 0), jint(in, "hosts", 0) == 1 ? "" : "s");
	md(out, jstr(report, "generator"));
	fputs(" on ", out);
	md(out, jstr(report, "created"));
	fputs(".\n", out);
	if (k)
		kernel(out, k);

	fputs("\n## Kconfig options\n\n| option | verdict | here | blockers |\n|---|---|---|---|\n",
	      out);
	a = jget_arr(report, "options");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *op = json_object_array_get_idx(a, i);

		fputs("| ", out);
		md(out, jstr(op, "option"));
		fputs(" | **", out);
		md(out, jstr(op, "verdict"));
		fputs("** | ", out);
		md(out, jstr(op, "here"));
		fputs(" | ", out);
		md(out, jstr(op, "text"));
		fputs(" |\n", out);
	}
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *op = json_object_array_get_idx(a, i),
				   *b = jget_arr(op, "blockers");

		if (!b || !json_object_array_length(b))
			continue;
		fputs("\n### ", out);
		md(out, jstr(op, "option"));
		fputs(" is blocked by\n\n| program | package | evidence | why "
		      "|\n|---|---|---|---|\n",
		      out);
		ref_rows(out, b, false);
	}

	fputs("\n## Hardening measures\n\n| measure | effect | verdict | enforced here | hard | "
	      "soft |\n|---|---|---|---|---|---|\n",
	      out);
	a = jget_arr(report, "measures");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *m = json_object_array_get_idx(a, i);
		bool enf = false, has = jget_bool(m, "enforced_here", &enf);
		int64_t hard, soft;

		report_measure_counts(report, jstr(m, "id"), &hard, &soft);
		fputs("| ", out);
		md(out, jstr(m, "id"));
		fputc(' ', out);
		md(out, jstr(m, "title"));
		fputs(" | ", out);
		md(out, jstr(m, "effect"));
		fputs(" | ", out);
		md(out, jstr(m, "verdict"));
		fprintf(out, " | %s | %lld | %lld |\n",
			!has  ? "unknown"
			: enf ? "yes"
			      : "no",
			(long long)hard, (long long)soft);
	}
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *m = json_object_array_get_idx(a, i), *b = jget_arr(m, "breaks");

		if (!b || !json_object_array_length(b))
			continue;
		fputs("\n### ", out);
		md(out, jstr(m, "id"));
		fputc(' ', out);
		md(out, jstr(m, "title"));
		fputs(" breaks\n\n| program | package | break | evidence | why |\n"
		      "|---|---|---|---|---|\n",
		      out);
		ref_rows(out, b, true);
	}

	fputs("\n## Programs\n", out);
	a = jget_arr(report, "programs");
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		program(out, json_object_array_get_idx(a, i));
	a = jget_obj(report, "data") ? jget_obj(jget_obj(report, "data"), "allowlist") : NULL;
	if (a) {
		fputs("\n---\n\nAllowlist: ", out);
		md(out, jstr(a, "name"));
		fputs(" (", out);
		md(out, jstr(a, "source"));
		fputs("), read from ", out);
		md(out, jstr(a, "file"));
		fputs(".\n", out);
	}
	return ferror(out) ? -1 : 0;
}
