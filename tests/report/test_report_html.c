// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The HTML and SARIF renderers' pure parts: the HTML escaper, SVG number
 * formatting and bar geometry at the edges (no bars, counts up to
 * INT64_MAX, negative counts), and both renderers on the report of the
 * sample fixtures with hostile strings (markup, quotes, control bytes,
 * invalid UTF-8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "afalg.h"
#include "html_escape.h"
#include "jsonin.h"
#include "fixture.h"
#include "report.h"
#include "report_render.h"
#include "svg_chart.h"

/* markup, both quotes, an ampersand, ESC, DEL, a C1 control, invalid UTF-8 */
#define EVIL "/opt/<script>alert(1)</script>\"'&x\033[31m\x7f\xc2\x85\xff\xc3(.so"

static char *escaped(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	html_escape(f, s, len);
	fclose(f);
	return buf;
}

/* A string literal with its length (it may hold NUL bytes). */
#define E(lit) escaped(lit, sizeof(lit) - 1)

static void escape_specials(void **state)
{
	char *o;

	(void)state;
	o = E("<a href=\"x\" title='y'>&amp;</a>");
	assert_string_equal(o, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
	free(o);
	/* plain ASCII and valid UTF-8 (2, 3 and 4 bytes) pass unchanged */
	o = E("/usr/bin/k\xc3\xa9y-\xe2\x82\xac-\xf0\x9f\x94\x91");
	assert_string_equal(o, "/usr/bin/k\xc3\xa9y-\xe2\x82\xac-\xf0\x9f\x94\x91");
	free(o);
	/* nothing for NULL or an empty string */
	o = escaped(NULL, 5);
	assert_string_equal(o, "");
	free(o);
	o = E("");
	assert_string_equal(o, "");
	free(o);
	/* only len bytes, including an embedded NUL (shown, not a terminator) */
	o = E("ab\0cd");
	assert_string_equal(o, "ab\\x00cd");
	free(o);
}

static void escape_controls_and_bad_utf8(void **state)
{
	char *o;

	(void)state;
	o = E("\033[31m\t\n\r\x7f");
	assert_string_equal(o, "\\x1b[31m\\x09\\x0a\\x0d\\x7f");
	free(o);
	/* C1 controls are valid UTF-8 but still controls */
	o = E("a\xc2\x85z\xc2\x9b");
	assert_string_equal(o, "a\\u0085z\\u009b");
	free(o);
	/* U+00A0 is the first code point after C1: unchanged */
	o = E("\xc2\xa0");
	assert_string_equal(o, "\xc2\xa0");
	free(o);
	/* a lone continuation byte, an overlong '/', a surrogate, a truncated
	 * sequence at the end: one U+FFFD per byte that is not UTF-8 */
	o = E("\x80");
	assert_string_equal(o, "&#xfffd;");
	free(o);
	o = E("\xc0\xaf");
	assert_string_equal(o, "&#xfffd;&#xfffd;");
	free(o);
	o = E("\xed\xa0\x80");
	assert_string_equal(o, "&#xfffd;&#xfffd;&#xfffd;");
	free(o);
	o = E("ok\xe2\x82");
	assert_string_equal(o, "ok&#xfffd;&#xfffd;");
	free(o);
	/* an invalid lead byte cannot swallow the '<' after it */
	o = E("\xe2<");
	assert_string_equal(o, "&#xfffd;&lt;");
	free(o);
}

static void prefix(void **state)
{
	(void)state;
	assert_int_equal(utf8_prefix("abc", 3, 0), 0);
	assert_int_equal(utf8_prefix("abc", 3, 2), 2);
	assert_int_equal(utf8_prefix("abc", 3, 10), 3);
	/* never splits a sequence: 2 code points of "é€x" are 5 bytes */
	assert_int_equal(utf8_prefix("\xc3\xa9\xe2\x82\xacx", 6, 2), 5);
	/* an invalid byte counts as one */
	assert_int_equal(utf8_prefix("\xff\xfe"
				     "a",
				     3, 2),
			 2);
}

static const char *num(double v)
{
	static char buf[32];

	svg_num(buf, sizeof(buf), v);
	return buf;
}

static void svg_numbers(void **state)
{
	(void)state;
	assert_string_equal(num(0), "0");
	assert_string_equal(num(-0.0), "0");
	assert_string_equal(num(-0.001), "0");
	assert_string_equal(num(7), "7");
	assert_string_equal(num(1.5), "1.5");
	assert_string_equal(num(1.25), "1.25");
	assert_string_equal(num(2.999), "3");
	assert_string_equal(num(0.07), "0.07");
	assert_string_equal(num(-12.5), "-12.5");
	assert_string_equal(num(300.0 / 7), "42.86");
	/* no exponent, no nan/inf, clamped */
	assert_string_equal(num(1e300), "1000000000");
	assert_string_equal(num(-1e300), "-1000000000");
	assert_string_equal(num(0.0 / 0.0), "0");
	assert_string_equal(num(1.0 / 0.0), "0");
	assert_string_equal(num((double)INT64_MAX), "1000000000");
}

static void bar_lengths(void **state)
{
	(void)state;
	assert_true(svg_bar_len(5, 0, 300) == 0); /* nothing to scale by */
	assert_true(svg_bar_len(0, 10, 300) == 0);
	assert_true(svg_bar_len(-3, 10, 300) == 0);
	assert_true(svg_bar_len(10, 10, 300) == 300);
	assert_true(svg_bar_len(20, 10, 300) == 300); /* never past the column */
	assert_true(svg_bar_len(5, 10, 300) == 150);
	assert_true(svg_bar_len((double)INT64_MAX, 2.0 * (double)INT64_MAX, 300) == 150);
	assert_true(svg_bar_len(1, 1.0 / 0.0, 300) == 0);
}

static char *chart(const struct svg_bar *bars, size_t n, size_t nseg)
{
	struct svg_chart c = {.id = "t",
			      .title = "T",
			      .desc = "D",
			      .nseg = nseg,
			      .seg_name = {"hard", "soft"},
			      .seg_fill = {"#aa0000", "#00aa00"},
			      .bars = bars,
			      .n = n};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(svg_hbar_chart(f, &c), 0);
	fclose(f);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* Sum of the width="..." of the bars (rects other than the legend's 12). */
static double bar_widths(const char *svg)
{
	double sum = 0;

	for (const char *p = svg; (p = strstr(p, "<rect ")); p++) {
		const char *w = strstr(p, "width=\"");

		assert_non_null(w);
		if (strtod(w + 7, NULL) != 12)
			sum += strtod(w + 7, NULL);
	}
	return sum;
}

static void charts(void **state)
{
	struct svg_bar huge[] = {
		{"M0 all", {INT64_MAX, INT64_MAX}},
		{"M1 <b>", {0, 1}},
		{NULL, {-5, -1}},
	};
	struct svg_bar one[] = {{"CONFIG_CRYPTO_USER_API_HASH", {0}}};
	char *o;

	(void)state;
	/* no bars: still one well-formed element that says so */
	o = chart(NULL, 0, 1);
	assert_non_null(strstr(o, "<svg "));
	assert_non_null(strstr(o, "nothing to show"));
	assert_non_null(strstr(o, "</svg>\n"));
	assert_int_equal(count(o, "<rect"), 0);
	assert_non_null(strstr(o, "role=\"img\""));
	assert_non_null(strstr(o, "aria-labelledby=\"t-t t-d\""));
	free(o);
	/* one bar of 0: no rect, the value 0, no division by zero */
	o = chart(one, 1, 1);
	assert_int_equal(count(o, "<rect"), 0);
	assert_non_null(strstr(o, ">0</text>"));
	assert_null(strstr(o, "nan"));
	free(o);
	/* INT64_MAX twice: the full bar is split in two halves; counts printed
	 * exactly; negative counts drawn as 0; markup in a label escaped */
	o = chart(huge, 3, 2);
	assert_null(strstr(o, "nan"));
	assert_null(strstr(o, "inf"));
	assert_null(strstr(o, "e+"));
	assert_null(strstr(o, "<b>"));
	assert_non_null(strstr(o, "M1 &lt;b&gt;"));
	assert_non_null(strstr(o, "9223372036854775807 hard, 9223372036854775807 soft"));
	assert_non_null(strstr(o, "width=\"150\""));
	assert_non_null(strstr(o, "(unnamed): 0 hard, 0 soft"));
	assert_null(strstr(o, "-5"));
	assert_true(bar_widths(o) > 299.99 && bar_widths(o) <= 300.01);
	assert_int_equal(count(o, "<g>"), 3);
	assert_int_equal(count(o, "</g>"), 3);
	free(o);
}

static const char *const inputs[] = {SAMPLE_SCAN, SAMPLE_TRACE, NULL};

/* The report of the fixtures; /usr/libexec/iwd renamed EVIL, its package markup. */
static struct fixture *example(bool kernel, bool evil)
{
	struct fixture *f = malloc(sizeof(*f));

	assert_non_null(f);
	assert_int_equal(fixture_build(f, SRC_DATADIR, inputs, kernel, evil ? EVIL : NULL,
				       evil ? "<i>pkg</i>" : NULL),
			 0);
	return f;
}

static void example_free(struct fixture *f)
{
	fixture_free(f);
	free(f);
}

static char *render(enum report_format fmt, const struct report *r, const struct render_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_render(f, fmt, r, o), 0);
	fclose(f);
	return buf;
}

static void html_report(void **state)
{
	struct fixture *fx = example(true, true);
	struct render_opts ro = {.title = "Fleet <x> & co"};
	char *out = render(REPORT_FMT_HTML, fx->report, &ro);

	(void)state;
	assert_true(!strncmp(out, "<!DOCTYPE html>", 15));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<i>pkg"));
	assert_null(strstr(out, "onclick"));
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\x7f'));
	assert_null(strstr(out, "\xff"));
	assert_non_null(
		strstr(out, "/opt/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;x\\x1b[31m"
			    "\\x7f\\u0085&#xfffd;&#xfffd;(.so"));
	assert_non_null(strstr(out, "<title>Fleet &lt;x&gt; &amp; co</title>"));
	/* every section, tables and both charts */
	assert_non_null(strstr(out, "id=\"summary\""));
	assert_non_null(strstr(out, "id=\"kernel\""));
	assert_non_null(strstr(out, "id=\"options\""));
	assert_non_null(strstr(out, "id=\"measures\""));
	assert_non_null(strstr(out, "id=\"programs\""));
	assert_non_null(strstr(out, "id=\"inputs\""));
	assert_int_equal(count(out, "<svg "), 2);
	assert_int_equal(count(out, "<svg "), count(out, "</svg>"));
	assert_int_equal(count(out, "<table>"), count(out, "</table>"));
	assert_int_equal(count(out, "<section"), count(out, "</section>"));
	/* the fixtures: 5 programs block _HASH; M3 breaks 2 hard and 3 soft */
	assert_non_null(strstr(out, "<title>CONFIG_CRYPTO_USER_API_HASH: 5 programs</title>"));
	assert_non_null(strstr(out, "<title>M3 software-only implementations: 2 hard, 3 soft"));
	assert_non_null(strstr(out, "safe-to-disable"));
	/* links only inside the page */
	assert_null(strstr(out, "href=\"http"));
	assert_null(strstr(out, "src="));
	assert_non_null(strstr(out, "<a href=\"#p5\""));
	free(out);
	example_free(fx);
	/* no kernel section (--no-kernel) */
	fx = example(false, true);
	out = render(REPORT_FMT_HTML, fx->report, &(struct render_opts){0});
	assert_non_null(strstr(out, "--no-kernel"));
	free(out);
	example_free(fx);
}

static struct json_object *results_of(struct json_object *sarif)
{
	struct json_object *run = json_object_array_get_idx(jget_arr(sarif, "runs"), 0);

	assert_non_null(run);
	return jget_arr(run, "results");
}

static const char *uri_of(struct json_object *res)
{
	struct json_object *l = json_object_array_get_idx(jget_arr(res, "locations"), 0);

	return jstr(jget_obj(jget_obj(l, "physicalLocation"), "artifactLocation"), "uri");
}

static void sarif_report(void **state)
{
	struct fixture *fx = example(true, true);
	struct json_object *doc = report_to_json(fx->report), *sarif, *res, *r0 = NULL;
	char *out = render(REPORT_FMT_SARIF, fx->report, &(struct render_opts){0});
	size_t n, blocks = 0, hard = 0, soft = 0;

	(void)state;
	/* valid JSON (so valid UTF-8: the \xff became U+FFFD) */
	for (const unsigned char *p = (const unsigned char *)out; *p;) {
		size_t l = afalg_utf8_seq_len(p, strlen((const char *)p));

		assert_true(l > 0);
		p += l;
	}
	assert_int_equal(jsonin_parse("sarif", out, strlen(out), &sarif), 0);
	assert_string_equal(jstr(sarif, "version"), "2.1.0");
	res = results_of(sarif);
	n = json_object_array_length(res);
	/* one result per blocked option, per break; the capable runtime a note */
	for (size_t i = 0; i < json_object_array_length(jget_arr(doc, "programs")); i++) {
		struct json_object *p = json_object_array_get_idx(jget_arr(doc, "programs"), i);
		struct json_object *b = jget_arr(p, "breaks");

		blocks += json_object_array_length(jget_arr(p, "blocks"));
		for (size_t j = 0; j < json_object_array_length(b); j++) {
			if (!strcmp(jstr(json_object_array_get_idx(b, j), "break"), "hard"))
				hard++;
			else
				soft++;
		}
	}
	assert_int_equal(n, blocks + hard + soft + fx->report->capable);
	/* the first result of the hostile program */
	for (size_t i = 0; i < n && !r0; i++)
		if (strstr(jstr(jget_obj(json_object_array_get_idx(res, i), "message"), "text"),
			   "/opt/<script>"))
			r0 = json_object_array_get_idx(res, i);
	assert_non_null(r0);
	assert_string_equal(jstr(r0, "ruleId"), "AFALG001");
	assert_string_equal(jstr(r0, "level"), "error");
	/* the path is percent-encoded in the URI, plain in the message */
	assert_string_equal(uri_of(r0), "file:///opt/%3Cscript%3Ealert%281%29%3C/"
					"script%3E%22%27%26x%1B%5B31m%7F%C2%85%FF%C3%28.so");
	assert_non_null(strstr(jstr(jget_obj(r0, "message"), "text"), "<script>alert(1)"));
	assert_non_null(strstr(jstr(jget_obj(r0, "message"), "text"), "\xef\xbf\xbd"));
	/* levels by rule */
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(res, i);
		const char *rule = jstr(r, "ruleId"), *lvl = jstr(r, "level");

		if (!strcmp(rule, "AFALG003"))
			assert_string_equal(lvl, "warning");
		else if (!strcmp(rule, "AFALG004"))
			assert_string_equal(lvl, "note");
		else
			assert_string_equal(lvl, "error");
		assert_non_null(jstr(jget_obj(r, "partialFingerprints"), "afalgFinding/v1"));
		assert_null(json_object_object_get(r, "baselineState"));
	}
	json_object_put(sarif);
	free(out);
	json_object_put(doc);
	example_free(fx);
}

static void sarif_base_and_check(void **state)
{
	struct fixture *fx = example(false, false);
	struct json_object *sarif, *res, *run, *findings = json_object_new_array();
	struct json_object *f = json_object_new_object();
	struct render_opts ro = {
		.input_uri = "file:///usr/", .check_findings = findings, .check_baseline = true};
	char *out;
	bool saw_new = false, saw_unchanged = false;

	(void)state;
	json_object_object_add(f, "kind", json_object_new_string("new-user"));
	json_object_object_add(f, "path", json_object_new_string("/usr/libexec/iwd"));
	json_object_object_add(f, "detail", json_object_new_string("new AF_ALG user"));
	json_object_array_add(findings, f);
	out = render(REPORT_FMT_SARIF, fx->report, &ro);
	assert_int_equal(jsonin_parse("sarif", out, strlen(out), &sarif), 0);
	run = json_object_array_get_idx(jget_arr(sarif, "runs"), 0);
	assert_string_equal(jstr(jget_obj(jget_obj(run, "originalUriBaseIds"), "INPUTROOT"), "uri"),
			    "file:///usr/");
	res = jget_arr(run, "results");
	for (size_t i = 0; i < json_object_array_length(res); i++) {
		struct json_object *r = json_object_array_get_idx(res, i);
		struct json_object *al =
			jget_obj(jget_obj(json_object_array_get_idx(jget_arr(r, "locations"), 0),
					  "physicalLocation"),
				 "artifactLocation");
		const char *bs = jstr(r, "baselineState");

		if (!strcmp(jstr(al, "uri"), "libexec/iwd")) {
			assert_string_equal(jstr(al, "uriBaseId"), "INPUTROOT");
			assert_string_equal(bs, "new");
			assert_non_null(jget_arr(jget_obj(r, "properties"), "checkFindings"));
			saw_new = true;
		} else {
			assert_string_equal(bs, "unchanged");
			saw_unchanged = true;
		}
		/* /lib/... is outside the base: absolute */
		if (strstr(jstr(al, "uri"), "libcryptsetup"))
			assert_string_equal(jstr(al, "uri"),
					    "file:///lib/x86_64-linux-gnu/libcryptsetup.so.12.9.0");
	}
	assert_true(saw_new && saw_unchanged);
	json_object_put(sarif);
	free(out);
	json_object_put(findings);
	example_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_specials),
		cmocka_unit_test(escape_controls_and_bad_utf8),
		cmocka_unit_test(prefix),
		cmocka_unit_test(svg_numbers),
		cmocka_unit_test(bar_lengths),
		cmocka_unit_test(charts),
		cmocka_unit_test(html_report),
		cmocka_unit_test(sarif_report),
		cmocka_unit_test(sarif_base_and_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
