// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* afalg-audit report: merge scan/trace results into one migration report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "cmd_common.h"
#include "commands.h"
#include "kinfo.h"
#include "model.h"
#include "optbad.h"
#include "outfile.h"
#include "rdata.h"
#include "report_build.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s report [OPTIONS] INPUT...\n\n"
		"Merge scan, survey, trace and simulate results (JSON files from 'scan',\n"
		"'survey', 'trace' and 'simulate', of one machine, a fleet or an archive; a\n"
		"directory means every *.json below\n"
		"it, an audit bundle's report.json and other derived outputs skipped) into one\n"
		"migration report: per kconfig option who blocks disabling it, per hardening\n"
		"measure what it breaks (hard or soft) and why, per program what it uses,\n"
		"where the AF_ALG code lives and what replaces it, and this machine's kernel.\n"
		"A measured verdict of a simulate result replaces the inferred one of its\n"
		"program and measure.\n\n"
		"Options:\n"
		"  -f, --format FMT     text (default), json, markdown, html, sarif or contacts\n"
		"                       (per source package: maintainers, impact, what to\n"
		"                       change; docs/schema/contacts-v1.schema.json); with -o\n"
		"                       and no --format, taken from the file name's extension\n"
		"                       (.txt .json .md .html .htm .sarif; none: text; any\n"
		"                       other is an error)\n"
		"  -o, --output FILE    write there (atomically) instead of stdout\n"
		"      --allowlist FILE af_alg_restrict=1 allowlist to evaluate (default: the\n"
		"                       proposed upstream list, DATADIR/allowlist.json)\n"
		"      --data-dir DIR   data files (default: $AFALG_DATADIR, else the installed\n"
		"                       ones, %s)\n"
		"      --no-kernel      leave out this machine's kernel (fleet merges)\n"
		"      --summary        text: options and measures only, no per-program detail\n"
		"  -h, --help           this help\n\n"
		"Text is coloured on a terminal unless NO_COLOR is set.  JSON format:\n"
		"docs/schema/report-v6.schema.json.  Exit status: 0 written, 2 error.\n",
		AFALG_PROG, AFALG_DATADIR);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"no-kernel", no_argument, NULL, 'K'},
		{"summary", no_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *out = NULL, *allow = NULL, *datadir = NULL;
	enum report_format fmt = REPORT_FMT_TEXT;
	bool fmt_set = false, no_kernel = false;
	struct render_opts ro = {0};
	struct report *r;
	struct rdata data;
	struct model m;
	struct kinfo k;
	int c, bad, rc = AFALG_EXIT_ERROR;
	size_t good;

	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (report_format_parse(optarg, &fmt)) {
				afalg_err("report",
					  "--format %s: use text, json, markdown, html, sarif or "
					  "contacts",
					  optarg);
				return AFALG_EXIT_ERROR;
			}
			fmt_set = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'a':
			allow = optarg;
			break;
		case 'D':
			datadir = optarg;
			break;
		case 'K':
			no_kernel = true;
			break;
		case 'S':
			ro.summary_only = true;
			break;
		case 'h':
			usage(stdout);
			return AFALG_EXIT_OK;
		default: /* '?' or ':' */
			afalg_opt_bad("report", c, argv, longopts);
			return AFALG_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		afalg_err("report", "no INPUT (scan or trace JSON files, or directories of them)");
		afalg_try_help("report");
		return AFALG_EXIT_ERROR;
	}
	if (!fmt_set && out && cmd_format_from_name("report", out, &fmt)) {
		afalg_try_help("report");
		return AFALG_EXIT_ERROR;
	}
	ro.color = fmt == REPORT_FMT_TEXT && (!out || !strcmp(out, "-")) && cmd_want_color();
	ro.width = fmt == REPORT_FMT_TEXT && (!out || !strcmp(out, "-")) ? cmd_text_width() : 0;
	/* The output checked before reading the inputs: a bad one fails now. */
	if (out && afalg_outfile_check(out, "report"))
		return AFALG_EXIT_ERROR;
	if (rdata_load(&data, datadir, allow))
		return AFALG_EXIT_ERROR;
	if (model_init(&m, &data)) {
		afalg_err("report", "out of memory");
		rdata_free(&data);
		return AFALG_EXIT_ERROR;
	}
	bad = cmd_fold_inputs(&m, argv + optind, argc - optind, &good);
	if (bad < 0 || (bad && !good)) /* nothing read: each bad input said why */
		goto out;
	if (!m.nscan && !m.ntrace && !m.nsim) {
		afalg_err("report",
			  "no scan, trace or simulate results in the inputs (directories are "
			  "searched for *.json)");
		goto out;
	}
	if (!no_kernel)
		kinfo_read(&k, NULL);
	r = report_build(&m, no_kernel ? NULL : &k);
	if (!r) {
		afalg_err("report", "out of memory");
		goto out;
	}
	if (!cmd_write(out, fmt, r, &ro))
		rc = AFALG_EXIT_OK;
	/* A bad input does not stop the run, but the report is not the whole answer. */
	if (bad > 0) {
		afalg_err("report", "%d bad input%s (see above): the report is incomplete", bad,
			  bad == 1 ? "" : "s");
		rc = AFALG_EXIT_ERROR;
	}
	report_free(r);
out:
	model_free(&m);
	rdata_free(&data);
	return rc;
}
