// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit audit: the one-off system audit.  Scan the installed system
 * (and, if asked, trace it for a while) by running this same binary, then
 * write a report bundle to a directory and print the short summary.  A
 * format whose renderer is not built in this version is left out and the
 * bundle says so (MISSING.txt); nothing is faked.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "cmd_common.h"
#include "commands.h"
#include "kinfo.h"
#include "model.h"
#include "numopt.h"
#include "outfile.h"
#include "rdata.h"
#include "report_build.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s audit [OPTIONS]\n\n"
		"One-off audit of this system: scan every installed file for AF_ALG users,\n"
		"optionally trace AF_ALG use for a while, and write a report bundle\n"
		"(scan.json, trace.json, report.json, report.md, report.html, report.txt)\n"
		"to a directory; print the short summary.\n\n"
		"Options:\n"
		"  -o, --output DIR     bundle directory (default:\n"
		"                       ./afalg-audit-report-HOST-YYYYmmdd-HHMMSS); created,\n"
		"                       must not exist or be empty\n"
		"  -t, --trace DURATION also trace system-wide for DURATION (60, 60s, 10m, 1h;\n"
		"                       needs root or CAP_BPF+CAP_PERFMON)\n"
		"      --scan PATH      scan PATH instead of the installed system (repeatable)\n"
		"      --allowlist FILE allowlist to evaluate (default: the proposed upstream "
		"list)\n"
		"      --data-dir DIR   data files (default: $AFALG_DATADIR, else %s)\n"
		"  -q, --quiet          no summary on stdout (the bundle is still written)\n"
		"  -h, --help           this help\n\n"
		"Exit status: 0 bundle written, 2 error (a failed trace is an error too, after\n"
		"the bundle has been written from the scan alone).  SIGINT or SIGTERM while\n"
		"tracing stops the trace; the bundle is written from what it saw, marked\n"
		"incomplete in MISSING.txt, and the exit status is 2.\n",
		AFALG_PROG, AFALG_DATADIR);
}

static int make_dir(const char *dir)
{
	/* Private, like every file in it (docs/security.md). */
	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == EEXIST) {
		char probe[PATH_MAX];

		/* an empty directory is fine: it may have been made for us */
		if (rmdir(dir) == 0 && mkdir(dir, 0700) == 0)
			return 0;
		snprintf(probe, sizeof(probe), "%s", dir);
		afalg_err(probe, "exists and is not empty (choose another -o DIR)");
		return -1;
	}
	afalg_errno(dir, errno, "cannot create the bundle directory");
	return -1;
}

static char *path_in(const char *dir, const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"trace", required_argument, NULL, 't'},
		{"scan", required_argument, NULL, 'S'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *dir = NULL, *allow = NULL, *datadir = NULL;
	char defdir[PATH_MAX], host[128] = "host", stamp[32], secs[32];
	char *scan_json = NULL, *trace_json = NULL, *missing = NULL;
	const char **scan_argv;
	long trace_secs = -1, traced = 0;
	int c, nscan = 0, rc = AFALG_EXIT_ERROR, st, interrupted = 0;
	bool quiet = false, trace_ok = false, trace_failed = false;
	struct json_object *doc = NULL;
	struct rdata data;
	struct model m;
	struct kinfo k;
	struct afalg_outfile *mf = NULL;

	scan_argv = calloc((size_t)argc + 6, sizeof(*scan_argv));
	if (!scan_argv)
		return AFALG_EXIT_ERROR;
	scan_argv[nscan++] = "scan";
	scan_argv[nscan++] = "-q";
	scan_argv[nscan++] = "-o";
	nscan++; /* the output path, below */
	scan_argv[nscan++] = "--";
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 't': {
			double d;

			/* The parser of trace -d (numopt.h); whole seconds, rounded up. */
			if (afalg_opt_duration("audit", "--trace", optarg, 1, 1e9, &d)) {
				free(scan_argv);
				return AFALG_EXIT_ERROR;
			}
			trace_secs = (long)d + (d > (double)(long)d);
			break;
		}
		case 'S':
			scan_argv[nscan++] = optarg;
			break;
		case 'a':
			allow = optarg;
			break;
		case 'D':
			datadir = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			free(scan_argv);
			return AFALG_EXIT_OK;
		default:
			fprintf(stderr, "Try '%s audit --help'.\n", AFALG_PROG);
			free(scan_argv);
			return AFALG_EXIT_ERROR;
		}
	}
	if (optind < argc) {
		afalg_err("audit", "unexpected argument '%s' (use --scan PATH to scan a tree)",
			  argv[optind]);
		free(scan_argv);
		return AFALG_EXIT_ERROR;
	}
	/* data files first: a broken install fails before minutes of scanning */
	if (rdata_load(&data, datadir, allow)) {
		free(scan_argv);
		return AFALG_EXIT_ERROR;
	}
	if (model_init(&m, &data)) {
		rdata_free(&data);
		free(scan_argv);
		return AFALG_EXIT_ERROR;
	}
	if (!dir) {
		time_t now = time(NULL);
		struct tm tm;

		gethostname(host, sizeof(host) - 1);
		for (char *p = host; *p; p++) /* a file name, whatever the host name holds */
			if (*p == '/' || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
				*p = '_';
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(defdir, sizeof(defdir), "afalg-audit-report-%s-%s", host, stamp);
		dir = defdir;
	}
	if (make_dir(dir))
		goto out;
	scan_json = path_in(dir, "scan.json");
	trace_json = path_in(dir, "trace.json");
	missing = path_in(dir, "MISSING.txt");
	if (!scan_json || !trace_json || !missing)
		goto out;
	scan_argv[3] = scan_json;

	if (!quiet)
		fprintf(stderr, "%s: audit: scanning %s\n", AFALG_PROG,
			nscan > 5 ? "the given paths"
				  : "the installed system (dpkg, /usr/local, /opt)");
	st = cmd_run_self(scan_argv);
	if (st != 0) {
		if (cmd_interrupted())
			afalg_err("audit",
				  "interrupted by SIG%s during the scan: no report written",
				  sigabbrev_np(cmd_interrupted()));
		else if (st > 0)
			afalg_err("audit", "scan failed (exit status %d)", st);
		goto out;
	}
	if (trace_secs > 0) {
		const char *targv[] = {"trace", "-q", "-d", secs, "-o", trace_json, NULL};
		struct timespec t0, t1;

		snprintf(secs, sizeof(secs), "%ld", trace_secs);
		if (!quiet)
			fprintf(stderr, "%s: audit: tracing AF_ALG use for %ld s\n", AFALG_PROG,
				trace_secs);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = cmd_run_self(targv);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/*
		 * SIGINT/SIGTERM while tracing: the trace was told too, stopped
		 * and wrote what it had; the bundle is made with that, and says
		 * so (MISSING.txt), and the exit status is 2.
		 */
		if ((interrupted = cmd_interrupted()))
			traced = (long)(t1.tv_sec - t0.tv_sec);
		trace_ok = st == 0 && access(trace_json, R_OK) == 0;
		if (!trace_ok) {
			trace_failed = true;
			afalg_warn("audit",
				   "the trace failed (see above): the report is built from "
				   "the scan alone");
			unlink(trace_json);
		}
	}
	if (model_fold_file(&m, scan_json) || (trace_ok && model_fold_file(&m, trace_json)))
		goto out;
	kinfo_read(&k, NULL);
	doc = report_build_document(&m, &k);
	if (!doc) {
		afalg_err("audit", "out of memory");
		goto out;
	}
	{
		static const struct {
			const char *name;
			enum report_format fmt;
		} outs[] = {{"report.json", REPORT_FMT_JSON},
			    {"report.md", REPORT_FMT_MARKDOWN},
			    {"report.txt", REPORT_FMT_TEXT},
			    {"report.html", REPORT_FMT_HTML}};
		struct render_opts ro = {0};

		for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
			char *p = path_in(dir, outs[i].name);

			if (!p)
				goto out;
			if (report_render_is_stub(outs[i].fmt)) {
				if (!mf &&
				    !(mf = afalg_outfile_open(missing, "list of missing files"))) {
					free(p);
					goto out;
				}
				fprintf(afalg_outfile_stream(mf),
					"%s: not written: the %s renderer is not built in this "
					"version of %s (%s)\n",
					outs[i].name, report_format_name(outs[i].fmt), AFALG_PROG,
					AFALG_VERSION);
				if (!quiet)
					afalg_warn(outs[i].name,
						   "not written: the %s renderer is not "
						   "built in this version",
						   report_format_name(outs[i].fmt));
				free(p);
				continue;
			}
			if (cmd_write(p, outs[i].fmt, doc, &ro)) {
				free(p);
				goto out;
			}
			free(p);
		}
		if (trace_failed) {
			if (!mf && !(mf = afalg_outfile_open(missing, "list of missing files")))
				goto out;
			fputs("trace.json: not written: the trace failed; the report is built from "
			      "the scan alone\n",
			      afalg_outfile_stream(mf));
		} else if (interrupted) {
			if (!mf && !(mf = afalg_outfile_open(missing, "list of missing files")))
				goto out;
			fprintf(afalg_outfile_stream(mf),
				"trace.json: incomplete: %s was interrupted by SIG%s after %ld s "
				"of the %ld s asked; the trace and the report hold what was seen "
				"until then\n",
				AFALG_PROG, sigabbrev_np(interrupted), traced, trace_secs);
		}
		if (mf) {
			struct afalg_outfile *done = mf;

			mf = NULL;
			if (afalg_outfile_commit(done))
				goto out;
		}
		if (!quiet) {
			ro.summary_only = true;
			ro.color = cmd_want_color();
			if (report_render_text(stdout, doc, &ro))
				goto out;
			printf("\nReport bundle: %s/ (report.json, report.md, report.txt%s%s)\n",
			       dir, report_render_is_stub(REPORT_FMT_HTML) ? "" : ", report.html",
			       trace_ok ? ", scan.json, trace.json" : ", scan.json");
			fflush(stdout);
		}
	}
	rc = trace_failed || interrupted ? AFALG_EXIT_ERROR : AFALG_EXIT_OK;
	if (interrupted && trace_failed)
		afalg_err("audit",
			  "interrupted by SIG%s while tracing: no trace; the bundle is from the "
			  "scan alone (see %s/MISSING.txt)",
			  sigabbrev_np(interrupted), dir);
	else if (interrupted)
		afalg_err("audit",
			  "interrupted by SIG%s while tracing: the bundle holds what was seen "
			  "in %ld s of %ld (see %s/MISSING.txt)",
			  sigabbrev_np(interrupted), traced, trace_secs, dir);
out:
	afalg_outfile_abort(mf);
	json_object_put(doc);
	free(scan_json);
	free(trace_json);
	free(missing);
	free(scan_argv);
	model_free(&m);
	rdata_free(&data);
	return rc;
}
