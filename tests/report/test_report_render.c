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

static char *render(enum report_format fmt, const struct report *r, bool color)
{
	struct render_opts o = {.color = color};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_render(f, fmt, r, &o), 0);
	fclose(f);
	return buf;
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

static void markdown_escapes(void **state)
{
	struct fixture *fx = example();
	char *out = render(REPORT_FMT_MARKDOWN, fx->report, false);

	(void)state;
	assert_null(strstr(out, "<script>"));
	assert_non_null(strstr(out, "&lt;script&gt;"));
	assert_null(strstr(out, "](http"));
	assert_non_null(strstr(out, "\\|\\*x\\*\\_\\[l\\]"));
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "## Kconfig options"));
	assert_non_null(strstr(out, "## This machine's kernel"));
	assert_non_null(strstr(
		out, "| CONFIG\\_CRYPTO\\_USER\\_API\\_RNG\\_CAVP | **safe\\-to\\-disable**"));
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
		cmocka_unit_test(text_escapes),		cmocka_unit_test(markdown_escapes),
		cmocka_unit_test(json_is_the_document), cmocka_unit_test(formats),
		cmocka_unit_test(input_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
