// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Text for a terminal: aligned columns, colour only when asked (a TTY and
 * NO_COLOR unset, decided by the caller), every string from the inputs
 * passed through afalg_escape_text so a hostile path cannot drive the
 * terminal.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "jsonin.h"
#include "report_render.h"

#define BLOCKERS_SHOWN 3 /* per option in the summary view */

struct tx {
	FILE *out;
	bool color;
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
	char buf[1024];
	size_t w = 0;

	if (!s)
		s = "-";
	afalg_escape_text(buf, sizeof(buf), s, strlen(s));
	fputs(buf, t->out);
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
		w += (*p & 0xc0) != 0x80;
	return w;
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
	fprintf(t->out, "\n%s%s%s\n", c_on(t, BOLD), title, c_on(t, OFF));
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

static void prog_ref(const struct tx *t, struct json_object *r)
{
	const char *pkg = jstr(r, "package"), *brk = jstr(r, "break");
	int64_t hr = jint(r, "hosts_runtime", 0), sc = jint(r, "scans", 0);
	char ev[64];
	size_t w;

	fputs("      ", t->out);
	if (brk)
		fprintf(t->out, "%s%-4s%s ", c_on(t, verdict_color(brk)), brk, c_on(t, OFF));
	w = put(t, jbytes(r, "path") ? jbytes(r, "path") : "(unnamed executable)");
	if (pkg) {
		fputs(" (", t->out);
		w += put(t, pkg) + 3;
		fputc(')', t->out);
	}
	pad(t, w, 48);
	if (hr)
		snprintf(ev, sizeof(ev), "run time, %lld host%s", (long long)hr,
			 hr == 1 ? "" : "s");
	else
		snprintf(ev, sizeof(ev), "static, %lld scan%s", (long long)sc, sc == 1 ? "" : "s");
	fprintf(t->out, "%s%-22s%s ", c_on(t, DIM), ev, c_on(t, OFF));
	put(t, jstr(r, "why"));
	fputc('\n', t->out);
}

static void refs(const struct tx *t, struct json_object *arr, bool all)
{
	size_t n = arr ? json_object_array_length(arr) : 0;
	size_t shown = all ? n : (n < BLOCKERS_SHOWN ? n : BLOCKERS_SHOWN);

	for (size_t i = 0; i < shown; i++)
		prog_ref(t, json_object_array_get_idx(arr, i));
	if (shown < n)
		fprintf(t->out, "      ... and %zu more (see the full report)\n", n - shown);
}

static void kernel(const struct tx *t, struct json_object *k)
{
	struct json_object *a;
	const char *af = jstr(k, "af_alg");
	int64_t r;

	section(t, "This machine's kernel");
	fputs("  release          ", t->out);
	put(t, jstr(k, "release"));
	fputs("\n  config           ", t->out);
	put(t, jstr(k, "config_source") ? jstr(k, "config_source") : "(not readable)");
	fprintf(t->out, "\n  AF_ALG           %s%s%s\n",
		c_on(t, af && !strcmp(af, "off") ? GREEN : ""), af ? af : "?", c_on(t, OFF));
	a = jget_arr(k, "options");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		const char *v = jstr(o, "value");

		fputs("  ", t->out);
		putpad(t, jstr(o, "option"), 42);
		fprintf(t->out, "%s\n", v ? v : "unknown");
	}
	a = jget_arr(k, "modules");
	fputs("  modules         ", t->out);
	if (a && json_object_array_length(a) &&
	    !json_object_object_get(json_object_array_get_idx(a, 0), "loaded")) {
		/* no /proc/modules: a kernel without module support; only blocks matter */
		fputs(" (no module support: all built in or absent)", t->out);
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			bool bl = false;

			jget_bool(json_object_array_get_idx(a, i), "blacklisted", &bl);
			if (bl) {
				fputc(' ', t->out);
				put(t, jstr(json_object_array_get_idx(a, i), "name"));
				fputs("(blocked)", t->out);
			}
		}
		a = NULL;
	}
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		bool loaded = false, bl = false, has_loaded = jget_bool(o, "loaded", &loaded);

		jget_bool(o, "blacklisted", &bl);
		fputc(' ', t->out);
		put(t, jstr(o, "name"));
		fprintf(t->out, "(%s%s)",
			!has_loaded ? "?"
			: loaded    ? "loaded"
				    : "not loaded",
			bl ? ", blocked" : "");
	}
	fputs("\n  af_alg_restrict  ", t->out);
	if (jget_int(k, "af_alg_restrict", &r))
		fprintf(t->out, "%lld\n", (long long)r);
	else
		fputs("(no such sysctl in this kernel)\n", t->out);
	fputs("  enforced here   ", t->out);
	a = jget_arr(k, "enforced");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		fputc(' ', t->out);
		put(t, json_object_get_string(json_object_array_get_idx(a, i)));
	}
	if (!a || !json_object_array_length(a))
		fputs(" none known", t->out);
	fputc('\n', t->out);
	a = jget_arr(k, "notes");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		fputs("  note: ", t->out);
		put(t, json_object_get_string(json_object_array_get_idx(a, i)));
		fputc('\n', t->out);
	}
}

static void options(const struct tx *t, struct json_object *arr, bool all)
{
	section(t, "Kconfig options (who blocks disabling each)");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *v = jstr(o, "verdict"), *here = jstr(o, "here");

		fputs("  ", t->out);
		putpad(t, jstr(o, "option"), 42);
		fprintf(t->out, "%s%-17s%s", c_on(t, verdict_color(v)), v ? v : "?", c_on(t, OFF));
		if (here)
			fprintf(t->out, "here=%s  ", here);
		put(t, jstr(o, "text"));
		fputc('\n', t->out);
		refs(t, jget_arr(o, "blockers"), all);
	}
}

static void measures(const struct tx *t, struct json_object *report, bool all)
{
	struct json_object *arr = jget_arr(report, "measures");

	section(t, "Hardening measures (what each would break)");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i),
				   *b = jget_arr(o, "breaks");
		const char *v = jstr(o, "verdict");
		int64_t hard, soft;
		bool enf = false;

		report_measure_counts(report, jstr(o, "id"), &hard, &soft);
		fputs("  ", t->out);
		putpad(t, jstr(o, "id"), 4);
		putpad(t, jstr(o, "title"), 52);
		fprintf(t->out, "%s%-15s%s hard %-4lld soft %-4lld", c_on(t, verdict_color(v)),
			v ? v : "?", c_on(t, OFF), (long long)hard, (long long)soft);
		if (jget_bool(o, "enforced_here", &enf))
			fputs(enf ? "  [enforced here]" : "  [not enforced here]", t->out);
		fputc('\n', t->out);
		if (all)
			refs(t, b, true);
	}
}

static void str_list(const struct tx *t, struct json_object *a)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (i)
			fputc(',', t->out);
		if (json_object_is_type(e, json_type_int))
			fprintf(t->out, "%lld", (long long)json_object_get_int64(e));
		else
			put(t, json_object_get_string(e));
	}
	if (!a || !json_object_array_length(a))
		fputc('-', t->out);
}

static void program(const struct tx *t, struct json_object *p)
{
	struct json_object *code = jget_obj(p, "code"), *algs = jget_arr(p, "algorithms"), *a;

	fputs("  ", t->out);
	fputs(c_on(t, BOLD), t->out);
	put(t, jbytes(p, "path") ? jbytes(p, "path") : "(unnamed executable)");
	fputs(c_on(t, OFF), t->out);
	fputs("  ", t->out);
	put(t, jstr(p, "package") ? jstr(p, "package") : "(no package)");
	if (jstr(p, "version")) {
		fputc(' ', t->out);
		put(t, jstr(p, "version"));
	}
	fprintf(t->out, "  [%s, %lld host%s at run time, %lld scan%s]\n",
		jstr(p, "evidence") ? jstr(p, "evidence") : "?",
		(long long)jint(p, "hosts_runtime", 0), jint(p, "hosts_runtime", 0) == 1 ? "" : "s",
		(long long)jint(p, "scans", 0), jint(p, "scans", 0) == 1 ? "" : "s");
	fputs("      types: ", t->out);
	str_list(t, jget_arr(p, "types"));
	fputs("  features: ", t->out);
	str_list(t, jget_arr(p, "features"));
	fputs("  uids: ", t->out);
	str_list(t, jget_arr(p, "uids"));
	fputs("\n      AF_ALG code: ", t->out);
	put(t, jstr(code, "where"));
	if (jstr(code, "component")) {
		fputs(" (", t->out);
		put(t, jstr(code, "component"));
		fputc(')', t->out);
	}
	fputc('\n', t->out);
	if (jstr(code, "advice")) {
		fputs("      change: ", t->out);
		put(t, jstr(code, "advice"));
		fputc('\n', t->out);
	}
	a = jget_arr(p, "errors");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		fputs("      failed: ", t->out);
		put(t, jstr(e, "op"));
		fputc(' ', t->out);
		put(t, jstr(e, "error"));
		fprintf(t->out, " x%lld\n", (long long)jint(e, "count", 0));
	}
	for (size_t i = 0; algs && i < json_object_array_length(algs); i++) {
		struct json_object *al = json_object_array_get_idx(algs, i), *d, *adv;
		bool rt = false;
		size_t w = 0;

		jget_bool(al, "runtime", &rt);
		fputs("      ", t->out);
		if (jstr(al, "type")) {
			w = put(t, jstr(al, "type"));
			fputc(' ', t->out);
			w++;
		}
		w += put(t, jstr(al, "name"));
		pad(t, w, 30);
		fprintf(t->out, "%-8s allowlist: %-13s", rt ? "bound" : "in file",
			jstr(al, "allowlist") ? jstr(al, "allowlist") : "?");
		d = jget_arr(al, "drivers");
		for (size_t j = 0; d && j < json_object_array_length(d); j++) {
			struct json_object *dr = json_object_array_get_idx(d, j);
			bool hw = false, as = false;

			jget_bool(dr, "hardware", &hw);
			jget_bool(dr, "async", &as);
			fputs(j ? ", " : " driver ", t->out);
			put(t, jstr(dr, "name"));
			if (hw || as)
				fprintf(t->out, " (%s)", hw ? "hardware" : "async");
		}
		fputc('\n', t->out);
		adv = jget_arr(al, "advice");
		for (size_t j = 0; adv && j < json_object_array_length(adv) && j < 2; j++) {
			struct json_object *e = json_object_array_get_idx(adv, j);

			fputs("          -> ", t->out);
			put(t, jstr(e, "library"));
			fputs(": ", t->out);
			put(t, jstr(e, "call"));
			fputc('\n', t->out);
		}
	}
	a = jget_arr(p, "breaks");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *b = json_object_array_get_idx(a, i);
		const char *k = jstr(b, "break");

		fputs("      breaks ", t->out);
		put(t, jstr(b, "measure"));
		fprintf(t->out, " %s%-4s%s ", c_on(t, verdict_color(k)), k ? k : "?", c_on(t, OFF));
		put(t, jstr(b, "why"));
		fputc('\n', t->out);
	}
}

int report_render_text_doc(FILE *out, struct json_object *report, const struct render_opts *o)
{
	struct tx t = {out, o->color};
	struct json_object *sum = jget_obj(report, "summary"), *in = jget_obj(report, "inputs");
	struct json_object *k = jget_obj(report, "kernel"), *progs = jget_arr(report, "programs");
	struct json_object *lost = jget_obj(in, "lost");

	if (!sum || !in || !progs) {
		afalg_err("report", "not a report document");
		return -1;
	}
	fprintf(out,
		"%sAF_ALG migration report%s  (%lld scan and %lld trace result%s, %lld traced "
		"host%s)\n",
		c_on(&t, BOLD), c_on(&t, OFF), (long long)jint(in, "scan", 0),
		(long long)jint(in, "trace", 0),
		jint(in, "scan", 0) + jint(in, "trace", 0) == 1 ? "" : "s",
		(long long)jint(in, "hosts", 0), jint(in, "hosts", 0) == 1 ? "" : "s");
	put(&t, jstr(sum, "headline"));
	fputc('\n', out);
	if (jint(lost, "ringbuf_full", 0) || jint(lost, "map_full", 0) ||
	    jint(lost, "prog_missed", 0))
		fprintf(out,
			"%swarning:%s the traces lost events (ring buffer %lld, table full %lld, "
			"hook runs skipped %lld): some run-time use may be missing\n",
			c_on(&t, YELLOW), c_on(&t, OFF), (long long)jint(lost, "ringbuf_full", 0),
			(long long)jint(lost, "map_full", 0),
			(long long)jint(lost, "prog_missed", 0));
	if (k)
		kernel(&t, k);
	options(&t, jget_arr(report, "options"), !o->summary_only);
	measures(&t, report, !o->summary_only);
	if (!o->summary_only) {
		section(&t, "Programs (what each uses, where the code is, what replaces it)");
		for (size_t i = 0; i < json_object_array_length(progs); i++)
			program(&t, json_object_array_get_idx(progs, i));
	}
	return ferror(out) ? -1 : 0;
}
