// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Renderers on the example report with hostile strings: nothing from an
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
#include "report_render.h"

#define EVIL "/opt/<script>alert(1)</script>|*x*_[l](http://e)\033[31m\x01\\"

static struct json_object *example(void)
{
	struct json_object *doc, *p;

	assert_int_equal(jsonin_read(EXAMPLE, &doc), 0);
	p = json_object_array_get_idx(jget_arr(doc, "programs"), 0);
	json_object_object_add(p, "path", json_object_new_string(EVIL));
	p = json_object_array_get_idx(
		jget_arr(json_object_array_get_idx(jget_arr(doc, "options"), 0), "blockers"), 0);
	json_object_object_add(p, "path", json_object_new_string(EVIL));
	return doc;
}

static char *render(enum report_format fmt, struct json_object *doc, bool color)
{
	struct render_opts o = {.color = color};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_render(f, fmt, doc, &o), 0);
	fclose(f);
	return buf;
}

static void text_escapes(void **state)
{
	struct json_object *doc = example();
	char *out = render(REPORT_FMT_TEXT, doc, false);

	(void)state;
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\x01'));
	assert_non_null(strstr(out, "\\x1b[31m\\x01\\\\"));
	assert_non_null(strstr(out, "CONFIG_CRYPTO_USER_API_SKCIPHER"));
	assert_non_null(strstr(out, "virtio_crypto_aes_cbc"));
	free(out);
	/* with colour, escapes appear, but only ours */
	out = render(REPORT_FMT_TEXT, doc, true);
	assert_non_null(strstr(out, "\033[1m"));
	assert_non_null(strstr(out, "\033[31mblocked"));
	assert_non_null(strstr(out, "\033[32msafe-to-disable"));
	assert_non_null(strstr(out, "\033[33msoft"));
	assert_null(strstr(out, "\033[31m\x01"));
	free(out);
	json_object_put(doc);
}

static void markdown_escapes(void **state)
{
	struct json_object *doc = example();
	char *out = render(REPORT_FMT_MARKDOWN, doc, false);

	(void)state;
	assert_null(strstr(out, "<script>"));
	assert_non_null(strstr(out, "&lt;script&gt;"));
	assert_null(strstr(out, "](http"));
	assert_non_null(strstr(out, "\\|\\*x\\*\\_\\[l\\]"));
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "## Kconfig options"));
	assert_non_null(strstr(
		out, "| CONFIG\\_CRYPTO\\_USER\\_API\\_RNG\\_CAVP | **safe\\-to\\-disable**"));
	free(out);
	json_object_put(doc);
}

static void json_round_trip(void **state)
{
	struct json_object *doc = example(), *back;
	char *out = render(REPORT_FMT_JSON, doc, false);

	(void)state;
	assert_int_equal(jsonin_parse("out", out, strlen(out), &back), 0);
	assert_true(json_object_equal(doc, back));
	json_object_put(back);
	free(out);
	json_object_put(doc);
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

static void not_a_report(void **state)
{
	struct json_object *o = json_object_new_object();
	struct render_opts ro = {0};
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(report_render_text(f, o, &ro), -1);
	assert_int_equal(report_render_markdown(f, o, &ro), -1);
	fclose(f);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes),	   cmocka_unit_test(markdown_escapes),
		cmocka_unit_test(json_round_trip), cmocka_unit_test(formats),
		cmocka_unit_test(not_a_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
