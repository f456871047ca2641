// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Test helper: render a report document (report -f json output, or one a
 * test edited) in one format, the way 'report' would.  'report' itself
 * takes only scan/trace results, so this is how the tests feed the
 * renderers the example report and hostile variants of it.
 *
 *   render_doc FORMAT REPORT.json [INPUT_URI]   -> stdout; exit 0, or 2
 */
#include <stdio.h>

#include <json-c/json.h>

#include "jsonin.h"
#include "report_render.h"

int main(int argc, char **argv)
{
	struct render_opts o = {0};
	enum report_format fmt;
	struct json_object *doc;
	int rc;

	if (argc < 3 || argc > 4 || report_format_parse(argv[1], &fmt)) {
		fprintf(stderr, "usage: render_doc FORMAT REPORT.json [INPUT_URI]\n");
		return 2;
	}
	if (jsonin_read(argv[2], &doc))
		return 2;
	o.input_uri = argc == 4 ? argv[3] : NULL;
	rc = report_render(stdout, fmt, doc, &o);
	json_object_put(doc);
	return rc || fflush(stdout) ? 2 : 0;
}
