// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Test helper: the report of scan/trace INPUTs (with the data files of the
 * source tree and, with --kernel, fixture.h's fixed kernel instead of
 * none) rendered in one format, the way 'report' would; --input-uri sets
 * the SARIF artifact base, which 'report' has no option for.
 *
 *   render_doc FORMAT [--kernel] [--input-uri URI] INPUT...  -> stdout; exit 0, or 2
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "report_render.h"

int main(int argc, char **argv)
{
	struct render_opts o = {0};
	enum report_format fmt;
	struct fixture f;
	bool kernel = false;
	int i = 2, rc;

	if (argc < 3 || report_format_parse(argv[1], &fmt))
		goto usage;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++)
		if (!strcmp(argv[i], "--kernel"))
			kernel = true;
		else if (!strcmp(argv[i], "--input-uri") && i + 1 < argc)
			o.input_uri = argv[++i];
		else
			goto usage;
	if (i == argc)
		goto usage;
	if (fixture_build(&f, SRC_DATADIR, (const char *const *)argv + i, kernel, NULL, NULL)) {
		fixture_free(&f);
		return 2;
	}
	rc = report_render(stdout, fmt, f.report, &o);
	fixture_free(&f);
	return rc || fflush(stdout) ? 2 : 0;
usage:
	fprintf(stderr, "usage: render_doc FORMAT [--kernel] [--input-uri URI] INPUT...\n");
	return 2;
}
