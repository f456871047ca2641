// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Renderers on the report of the sample fixtures with hostile strings: nothing from an
 * input reaches a terminal as a control sequence or Markdown as markup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "jsonin.h"
#include "fixture.h"
#include "report.h"
#include "report_render.h"

#define EVIL "/opt/<script>alert(1)</script>|*x*_[l](http://e)\033[31m\x01\\"

/* The report of the fixtures with the kernel, /usr/libexec/iwd renamed EVIL. */
static struct fixture *example(void)
{
	static const char *const inputs[] = {SAMPLE_SCAN, SAMPLE_TRACE, NULL};
	struct fixture *f = malloc(sizeof(*f));

	assert_non_null(f);
	assert_int_equal(fixture_build(f, SRC_DATADIR, inputs, true, EVIL, NULL), 0);
	return f;
}

static void example_free(struct fixture *f)
{
	fixture_free(f);
	free(f);
}

/* The report in fmt, prose (and tables' last cells) wrapped at width (0: never). */
static char *render_width(enum report_format fmt, const struct report *r, bool color,
			  unsigned width)
{
	struct render_opts o = {.color = color, .width = width};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_render(f, fmt, r, &o), 0);
	fclose(f);
	return buf;
}

static char *render(enum report_format fmt, const struct report *r, bool color)
{
	return render_width(fmt, r, color, 0);
}

/* a and b (modified) hold the same words, in the same order: wrapping moved only spaces. */
static void assert_same_words(char *a, char *b)
{
	char *w1, *w2, *s1 = NULL, *s2 = NULL;

	for (w1 = strtok_r(a, " \n", &s1), w2 = strtok_r(b, " \n", &s2); w1 || w2;
	     w1 = strtok_r(NULL, " \n", &s1), w2 = strtok_r(NULL, " \n", &s2)) {
		assert_non_null(w1);
		assert_non_null(w2);
		assert_string_equal(w1, w2);
	}
}

static void text_escapes(void **state)
{
	struct fixture *fx = example();
	char *out = render(REPORT_FMT_TEXT, fx->report, false);

	(void)state;
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\x01'));
	assert_non_null(strstr(out, "\\x1b[31m\\x01\\\\"));
	assert_non_null(strstr(out, "CONFIG_CRYPTO_USER_API_SKCIPHER"));
	assert_non_null(strstr(out, "virtio_crypto_aes_cbc"));
	assert_non_null(strstr(out, "note: algif_aead is blocked in modprobe.d"));
	free(out);
	/* with colour, escapes appear, but only ours */
	out = render(REPORT_FMT_TEXT, fx->report, true);
	assert_non_null(strstr(out, "\033[1m"));
	assert_non_null(strstr(out, "\033[31mblocked"));
	assert_non_null(strstr(out, "\033[32msafe-to-disable"));
	assert_non_null(strstr(out, "\033[33msoft"));
	assert_null(strstr(out, "\033[31m\x01"));
	free(out);
	example_free(fx);
}

/*
 * Text at a width (a terminal's, or $COLUMNS): the prose at the top (the
 * headline, its notes) breaks between words before the width; the words,
 * in order, are the unwrapped text's.
 */
static void text_wraps(void **state)
{
	struct fixture *fx = example();
	char *wide = render(REPORT_FMT_TEXT, fx->report, false);
	char *narrow = render_width(REPORT_FMT_TEXT, fx->report, false, 40);
	size_t lines = 0;
	char *w2, *a, *b;

	(void)state;
	/* the lines between the title and the first blank line: the headline */
	a = strchr(narrow, '\n') + 1;
	b = strstr(a, "\n\n");
	assert_non_null(b);
	for (char *l = a; l < b; l = strchr(l, '\n') + 1) {
		size_t n = strcspn(l, "\n");

		assert_true(n <= 40 || !memchr(l, ' ', n)); /* a long word alone may pass */
		lines++;
	}
	assert_true(lines > 1);
	/* the same words, in the same order, as without wrapping */
	*b = '\0';
	w2 = strstr(wide, "\n") + 1;
	*strstr(w2, "\n\n") = '\0';
	assert_same_words(a, w2);
	free(narrow);
	free(wide);
	example_free(fx);
}

/*
 * The whole report at 100 columns: a line is longer only where a table's
 * fixed cells (path, package, version) are, or one word (a path) is: what
 * passes the width has no space in it, or the line ends at its fixed cells.
 * And the words are those of the unwrapped report, in order.
 */
static void text_wraps_tables(void **state)
{
	struct fixture *fx = example();
	char *wide = render(REPORT_FMT_TEXT, fx->report, false);
	char *narrow = render_width(REPORT_FMT_TEXT, fx->report, false, 100);
	size_t over = 0, long_wide = 0;

	(void)state;
	for (char *l = wide; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != '\0'))
		long_wide += strcspn(l, "\n") > 100;
	assert_true(long_wide > 10); /* unwrapped, the fixture has long rows */
	for (char *l = narrow; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != '\0')) {
		size_t n = strcspn(l, "\n"), cols = 0, at = 0;

		while (n && l[n - 1] == ' ')
			n--;
		/* display columns (UTF-8 lead bytes) up to the 100th */
		for (size_t i = 0; i < n; i++) {
			cols += ((unsigned char)l[i] & 0xc0) != 0x80;
			if (cols == 100)
				at = i + 1;
		}
		if (cols <= 100)
			continue;
		over++;
		/* past the width: one word, or the end of a row's fixed cells */
		assert_true(!memchr(l + at, ' ', n - at) || strstr(l, " static, ") ||
			    strstr(l, " run time, ") || strstr(l, "  ["));
	}
	assert_true(over * 4 < long_wide);
	assert_same_words(narrow, wide);
	free(narrow);
	free(wide);
	example_free(fx);
}

static void markdown_escapes(void **state)
{
	struct fixture *fx = example();
	char *out = render(REPORT_FMT_MARKDOWN, fx->report, false);

	(void)state;
	assert_null(strstr(out, "<script>"));
	assert_non_null(strstr(out, "&lt;script&gt;"));
	/* no link: every "](" is of an escaped bracket */
	for (const char *q = out; (q = strstr(q, "](")); q++)
		assert_true(q > out && q[-1] == '\\');
	assert_non_null(strstr(out, "\\|\\*x\\*\\_\\[l\\]"));
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "## Kconfig options"));
	assert_non_null(strstr(out, "## This machine's kernel"));
	/* readable raw: nothing escaped that could not start markup there */
	assert_non_null(strstr(out, "| CONFIG_CRYPTO_USER_API_RNG_CAVP | **safe-to-disable**"));
	free(out);
	example_free(fx);
}

/* -f json prints the writer's document, nothing else. */
static void json_is_the_document(void **state)
{
	struct fixture *fx = example();
	struct json_object *doc = report_to_json(fx->report), *back;
	char *out = render(REPORT_FMT_JSON, fx->report, false);

	(void)state;
	assert_int_equal(jsonin_parse("out", out, strlen(out), &back), 0);
	assert_true(json_object_equal(doc, back));
	json_object_put(back);
	json_object_put(doc);
	free(out);
	example_free(fx);
}

/* The input counts in the heading, each noun agreeing with its own number (issue #17). */
static void input_counts(void **state)
{
	static const char *const scan_only[] = {SAMPLE_SCAN, NULL};
	static const char *const both[] = {SAMPLE_SCAN, SAMPLE_TRACE, NULL};
	struct fixture fx;
	char *out;

	(void)state;
	assert_int_equal(fixture_build(&fx, SRC_DATADIR, scan_only, false, NULL, NULL), 0);
	out = render(REPORT_FMT_TEXT, fx.report, false);
	assert_non_null(strstr(out, "(1 scan result and 0 trace results, 0 traced hosts)\n"));
	free(out);
	out = render(REPORT_FMT_HTML, fx.report, false);
	assert_non_null(strstr(out, " from 1 scan result and 0 trace results (0 traced hosts)."));
	free(out);
	out = render(REPORT_FMT_MARKDOWN, fx.report, false);
	assert_non_null(strstr(out, "Inputs: 1 scan result, 0 trace results from 0 hosts."));
	free(out);
	fixture_free(&fx);
	assert_int_equal(fixture_build(&fx, SRC_DATADIR, both, false, NULL, NULL), 0);
	out = render(REPORT_FMT_TEXT, fx.report, false);
	assert_non_null(strstr(out, "(1 scan result and 1 trace result, 1 traced host)\n"));
	free(out);
	out = render(REPORT_FMT_HTML, fx.report, false);
	assert_non_null(strstr(out, " from 1 scan result and 1 trace result (1 traced host)."));
	free(out);
	fixture_free(&fx);
}

/* fx's report again, on a kernel without AF_ALG (every CONFIG_CRYPTO_USER_API* off) */
static void af_alg_off(struct fixture *fx)
{
	for (int i = KOPT_API; i <= KOPT_RNG; i++)
		fx->kernel.opt[i] = 'n';
	report_free(fx->report);
	fx->report = report_build(&fx->model, &fx->kernel);
	assert_non_null(fx->report);
}

/* Every format's whole output, one after the other. */
static char *render_all(const struct report *r)
{
	static const enum report_format fmts[] = {REPORT_FMT_TEXT, REPORT_FMT_MARKDOWN,
						  REPORT_FMT_HTML, REPORT_FMT_SARIF,
						  REPORT_FMT_JSON};
	size_t len = 0;
	char *all = NULL;

	for (size_t i = 0; i < sizeof(fmts) / sizeof(*fmts); i++) {
		char *one = render(fmts[i], r, false);
		size_t n = strlen(one);

		all = realloc(all, len + n + 1);
		assert_non_null(all);
		memcpy(all + len, one, n + 1);
		len += n;
		free(one);
	}
	return all;
}

/*
 * Programs of scanned .deb/.rpm archives are not installed here: a kernel
 * without AF_ALG is worded for them in every format (issue #17).
 */
static void archive_headline(void **state)
{
	static const char *const debs[] = {SAMPLE_SCAN, NULL};
	static const char *const mixed[] = {SAMPLE_SCAN, SAMPLE_LINKS, NULL};
	struct fixture fx;
	char *out;

	(void)state;
	assert_int_equal(fixture_build(&fx, SRC_DATADIR, debs, true, NULL, NULL), 0);
	af_alg_off(&fx);
	assert_int_equal(fx.report->archived, fx.report->users);
	assert_true(fx.report->users > 0);
	assert_non_null(strstr(fx.report->headline, "AF_ALG is off in this kernel"));
	assert_non_null(strstr(fx.report->headline, " in the scanned packages (not installed here) "
						    "would break on a kernel without AF_ALG"));
	out = render_all(fx.report);
	assert_null(strstr(out, "found here"));
	free(out);
	fixture_free(&fx);

	/* installed programs (a scan of this system) and archived ones: each said as what it is */
	assert_int_equal(fixture_build(&fx, SRC_DATADIR, mixed, true, NULL, NULL), 0);
	af_alg_off(&fx);
	assert_true(fx.report->archived > 0 && fx.report->archived < fx.report->users);
	assert_non_null(strstr(fx.report->headline, " found here would break (EAFNOSUPPORT) if "
						    "run, and "));
	assert_non_null(strstr(fx.report->headline, " more in the scanned packages"));
	fixture_free(&fx);
}

/* A degraded or short trace says what "seen at run time" is worth, atop every format. */
static void evidence_line(void **state)
{
	static const char *const both[] = {SAMPLE_SCAN, SAMPLE_TRACE, NULL};
	struct fixture fx;
	char *out, *p;
	int n = 0;

	(void)state;
	assert_int_equal(fixture_build(&fx, SRC_DATADIR, both, true, NULL, NULL), 0);
	/* the sample trace: full hooks, length not recorded: nothing to say */
	assert_string_equal(fx.report->evidence, "");
	out = render_all(fx.report);
	assert_null(strstr(out, "Run-time evidence"));
	free(out);

	fx.model.ntrace_degraded = 1;
	fx.model.ntrace_timed = 1;
	fx.model.trace_shortest_s = 10;
	report_free(fx.report);
	fx.report = report_build(&fx.model, &fx.kernel);
	assert_non_null(fx.report);
	assert_string_equal(
		fx.report->evidence,
		"Run-time evidence: 10 s of tracing on 1 host, socket creation and bind "
		"only (no send/recv hooks) in 1 of 1 trace: '0 seen at run time' is not "
		"evidence of absence, and no I/O mode (zero-copy, AIO) was seen.");
	out = render_all(fx.report);
	/* text, HTML, SARIF twice (run properties, a notification), JSON, Markdown */
	for (p = out; (p = strstr(p, "Run-time evidence: 10 s of tracing on 1 host")); p++)
		n++;
	assert_int_equal(n, 6);
	assert_non_null(strstr(out, "> **Warning:** Run-time evidence: 10 s of tracing"));
	free(out);

	/* long enough and full hooks: nothing said */
	fx.model.ntrace_degraded = 0;
	fx.model.trace_shortest_s = REPORT_SHORT_TRACE_S;
	report_free(fx.report);
	fx.report = report_build(&fx.model, &fx.kernel);
	assert_string_equal(fx.report->evidence, "");
	fixture_free(&fx);
}

static void formats(void **state)
{
	enum report_format f;

	(void)state;
	assert_int_equal(report_format_parse("md", &f), 0);
	assert_int_equal(f, REPORT_FMT_MARKDOWN);
	assert_int_equal(report_format_parse("sarif", &f), 0);
	assert_int_equal(report_format_parse("pdf", &f), -1);
	/* the one verdict -> colour mapping (text and html) */
	assert_int_equal(report_verdict_tone("blocked"), TONE_BAD);
	assert_int_equal(report_verdict_tone("hard-breaks"), TONE_BAD);
	assert_int_equal(report_verdict_tone("hard"), TONE_BAD);
	assert_int_equal(report_verdict_tone("soft-breaks"), TONE_WARN);
	assert_int_equal(report_verdict_tone("soft"), TONE_WARN);
	assert_int_equal(report_verdict_tone("safe-to-disable"), TONE_OK);
	assert_int_equal(report_verdict_tone("breaks-nothing"), TONE_OK);
	assert_int_equal(report_verdict_tone("Hard"), TONE_UNKNOWN);
	assert_int_equal(report_verdict_tone(NULL), TONE_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes),	    cmocka_unit_test(text_wraps), cmocka_unit_test(text_wraps_tables),
		cmocka_unit_test(markdown_escapes), cmocka_unit_test(json_is_the_document),
		cmocka_unit_test(formats),	    cmocka_unit_test(input_counts),
		cmocka_unit_test(archive_headline), cmocka_unit_test(evidence_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
