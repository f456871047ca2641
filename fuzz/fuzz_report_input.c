// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The readers of `report`/`check`/`audit` inputs: a scan, trace-v1 or
 * simulate-v1 document (or anything else: the format member decides) parsed
 * by jsonin_parse, checked by its format's reader and folded into the merge
 * model (model_fold_doc: analyzer/scan_read.c, tracer/trace_read.c or
 * reports/simulate_read.c, then the fold; also what reads scan/trace
 * baselines), the report built from it, and rendered in every format (text,
 * JSON, Markdown, HTML, SARIF), so hostile strings from the input reach
 * every writer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rdata rd;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull || rdata_load(&rd, AFALG_FUZZ_REPORT_DATA, NULL)) {
		fprintf(stderr, "fuzz_report_input: cannot load %s\n", AFALG_FUZZ_REPORT_DATA);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum report_format fmts[] = {REPORT_FMT_TEXT, REPORT_FMT_JSON,
						  REPORT_FMT_MARKDOWN, REPORT_FMT_HTML,
						  REPORT_FMT_SARIF};
	struct render_opts ro = {.color = true};
	struct json_object *doc;
	struct report *rep;
	struct model m;

	if (jsonin_parse("fuzz-input", (const char *)data, size, &doc))
		return 0;
	if (model_init(&m, &rd)) {
		json_object_put(doc);
		return 0;
	}
	if (model_fold_doc(&m, "fuzz-input", doc) == 0 && (rep = report_build(&m, NULL))) {
		for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
			report_render(devnull, fmts[i], rep, &ro);
		fflush(devnull);
		report_free(rep);
	}
	json_object_put(doc);
	model_free(&m);
	return 0;
}
