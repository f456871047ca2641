// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* report -o FILE without --format: the format from FILE's extension (cmd_format_from_name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "cmd_common.h"
#include "report_render.h"

static void want(const char *path, enum report_format fmt)
{
	enum report_format got = (enum report_format) - 1;

	if (cmd_format_from_name("report", path, &got))
		fail_msg("%s: refused, want %s", path, report_format_name(fmt));
	if (got != fmt)
		fail_msg("%s: %s, want %s", path, report_format_name(got), report_format_name(fmt));
}

static void refused(const char *path)
{
	enum report_format got = REPORT_FMT_HTML;

	if (!cmd_format_from_name("report", path, &got))
		fail_msg("%s: taken as %s, want an error", path, report_format_name(got));
	assert_int_equal(got, REPORT_FMT_HTML); /* untouched */
}

static void test_known_extensions(void **state)
{
	(void)state;
	want("r.txt", REPORT_FMT_TEXT);
	want("r.json", REPORT_FMT_JSON);
	want("r.md", REPORT_FMT_MARKDOWN);
	want("r.html", REPORT_FMT_HTML);
	want("r.htm", REPORT_FMT_HTML);
	want("r.sarif", REPORT_FMT_SARIF);
	want("R.JSON", REPORT_FMT_JSON);
	want("/tmp/a.b/report.Html", REPORT_FMT_HTML);
	want("report.tar.json", REPORT_FMT_JSON);
}

static void test_no_extension_is_text(void **state)
{
	(void)state;
	want("report", REPORT_FMT_TEXT);
	want("-", REPORT_FMT_TEXT);
	want("/dev/stdout", REPORT_FMT_TEXT);
	want(".report", REPORT_FMT_TEXT);
	want("out.d/report", REPORT_FMT_TEXT);
	want("./report", REPORT_FMT_TEXT);
}

static void test_other_extensions_refused(void **state)
{
	(void)state;
	refused("r.pdf");
	refused("r.");
	refused("report.2026");
	refused("r.json.gz");
	refused("r.jsonx");
	refused("r.markdown");
	refused("dir/.report.xml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_extensions),
		cmocka_unit_test(test_no_extension_is_text),
		cmocka_unit_test(test_other_extensions_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
