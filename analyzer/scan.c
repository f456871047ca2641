// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan: options, the worker threads, and the order of the phases
 * (walk → analyse in parallel → resolve libraries → write).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libelf.h>

#include "afalg.h"
#include "commands.h"
#include "linkfile.h"
#include "numopt.h"
#include "outfile.h"
#include "pkgdb.h"
#include "progress.h"
#include "resolve.h"
#include "rpmdb.h"
#include "scan_ctx.h"
#include "scan_output.h"
#include "walk.h"

#define DEFAULT_JOBS 2
#define MAX_JOBS 64
#define MAX_SHARDS (1u << 20)
/* Accepted ranges of the limits (numopt.h); defaults in cmd_scan() and ctx_init(). */
#define MAX_MEMBER (1ull << 40)
#define MAX_EXPANSION (1ull << 50)
#define MAX_ENTRIES (1ull << 32)
#define QUEUE_CAP 4096

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s scan [OPTIONS] [PATH...]\n\n"
		"Find, without running anything, the programs, libraries, plugins and scripts\n"
		"that use the kernel's AF_ALG socket interface, and the packages they come "
		"from.\n\n"
		"PATH may be a file, a directory (walked recursively; symlinks are not\n"
		"followed), or a .deb/.rpm archive (read in place, never unpacked to disk).\n"
		"Without PATH: the installed system (every file the dpkg and rpm databases\n"
		"list, plus /usr/local and /opt), or the one below --root.\n\n"
		"Options:\n"
		"  -o, --output FILE        write the result to FILE (default: stdout)\n"
		"  -f, --format json|text   JSON (docs/schema/scan-v1.schema.json; default) or a\n"
		"                           short human summary\n"
		"  -j, --jobs N             worker threads (default %d)\n"
		"      --shard K/N          scan only the K-th of N deterministic shards (by a\n"
		"                           hash of each file's path below its PATH argument)\n"
		"      --links-out FILE     also write the link records of the archive members\n"
		"                           (first pass of a sharded archive survey)\n"
		"      --links-from FILE    resolve libraries in other shards' archives too, from\n"
		"                           their --links-out files (second pass; repeat the\n"
		"                           option for each file)\n"
		"      --root DIR           the installed system below DIR (a mounted image, a\n"
		"                           container's root file system): its package\n"
		"                           databases, its files, libraries resolved inside it\n"
		"      --dpkg-admindir DIR  dpkg database (default ROOT/var/lib/dpkg)\n"
		"      --rpm-dbpath DIR     rpm database, as seen inside ROOT (default: the first\n"
		"                           of /usr/lib/sysimage/rpm, /var/lib/rpm holding one)%s\n"
		"      --debug-dir DIR      separate debug info root (default /usr/lib/debug)\n"
		"      --no-host-libs       resolve libraries only among the inputs, not on\n"
		"                           this system\n"
		"      --max-member BYTES   largest archive member analysed (default 128M)\n"
		"      --max-expansion BYTES  decompressed bytes read per archive, headers and\n"
		"                           skipped members included (default 8G)\n"
		"      --max-entries N      entries read per archive (default 1000000)\n"
		"  -q, --quiet              no progress line and no per-file error lines\n"
		"  -h, --help               this help\n\n"
		"Each bad file gets one error line on stderr and an entry in \"errors\"; the\n"
		"scan goes on.  Exit status: 0 done (whatever was found), 2 error (usage,\n"
		"a PATH or an archive that cannot be read in full, an archive over a limit,\n"
		"output not written).\n",
		AFALG_PROG, DEFAULT_JOBS,
		rpmdb_supported()
			? ""
			: "\n                           (not in this build: built without librpm)");
}

struct worker {
	pthread_t thread;
	struct scan_ctx *ctx;
	struct work_queue *q;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct work_item it;

	while (workq_pop(w->q, &it)) {
		scan_path(w->ctx, it.path, &it.st);
		free(it.path);
	}
	return NULL;
}

static bool write_output(struct scan_ctx *ctx, const struct scan_run *run, const char *out,
			 bool text)
{
	struct afalg_outfile *o = afalg_outfile_open(out, "scan result");
	FILE *f;

	if (!o)
		return false;
	f = afalg_outfile_stream(o);
	if (text) {
		scan_output_text(f, ctx, run);
	} else {
		struct json_object *doc = scan_output_json(ctx, run);
		const char *s = json_object_to_json_string_ext(
			doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

		fputs(s, f);
		fputc('\n', f);
		json_object_put(doc);
	}
	return afalg_outfile_commit(o) == 0;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"jobs", required_argument, NULL, 'j'},
		{"shard", required_argument, NULL, 'S'},
		{"links-out", required_argument, NULL, 'L'},
		{"links-from", required_argument, NULL, 'I'},
		{"dpkg-admindir", required_argument, NULL, 'D'},
		{"root", required_argument, NULL, 'R'},
		{"rpm-dbpath", required_argument, NULL, 'P'},
		{"debug-dir", required_argument, NULL, 'G'},
		{"no-host-libs", no_argument, NULL, 'H'},
		{"max-member", required_argument, NULL, 'M'},
		{"max-expansion", required_argument, NULL, 'X'},
		{"max-entries", required_argument, NULL, 'E'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char **links_from = NULL, *links_out = NULL;
	size_t nlinks_from = 0, caplinks_from = 0;
	const char *out = NULL, *admindir = NULL, *root_arg = NULL, *rpm_dbpath = NULL, *why = NULL;
	char root[PATH_MAX] = "", dpkg_dir[PATH_MAX + 32], rpm_dir[PATH_MAX], rpm_why[1024];
	bool have_dpkg, have_rpm = false, rpm_ok = false, installed;
	struct walk_opts wo = {0};
	struct scan_run run = {0};
	struct scan_ctx ctx;
	struct work_queue q;
	struct progress prog;
	struct worker workers[MAX_JOBS];
	struct pkgdb *db;
	bool text = false, quiet = false, host_libs = true, inputs_ok = true, ok;
	unsigned jobs = DEFAULT_JOBS, started = 0;
	int c, dpkg_rootfd;

	ctx_init(&ctx);
	ctx.lim.max_member = 128ull << 20;
	ctx.lim.max_expansion = 8ull << 30;
	ctx.lim.max_script = 4ull << 20;
	ctx.debug_dir = "/usr/lib/debug";
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
				afalg_err("scan", "--format: '%s' is not json or text", optarg);
				goto usage_error;
			}
			text = !strcmp(optarg, "text");
			break;
		case 'j':
			if (afalg_opt_uint("scan", "--jobs", optarg, 1, MAX_JOBS, &jobs))
				goto usage_error;
			break;
		case 'S':
			if (afalg_opt_shard("scan", "--shard", optarg, MAX_SHARDS, &wo.shard_index,
					    &wo.shard_count))
				goto usage_error;
			break;
		case 'L':
			links_out = optarg;
			break;
		case 'I':
			if (afalg_grow(&links_from, &caplinks_from, nlinks_from,
				       sizeof(*links_from), 8)) {
				afalg_err("scan", "out of memory");
				goto usage_error;
			}
			links_from[nlinks_from++] = optarg;
			break;
		case 'D':
			admindir = optarg;
			break;
		case 'R':
			root_arg = optarg;
			break;
		case 'P':
			rpm_dbpath = optarg;
			break;
		case 'G':
			ctx.debug_dir = *optarg ? optarg : NULL;
			break;
		case 'H':
			host_libs = false;
			break;
		case 'M':
			if (afalg_opt_size("scan", "--max-member", optarg, 1, MAX_MEMBER,
					   &ctx.lim.max_member))
				goto usage_error;
			break;
		case 'X':
			if (afalg_opt_size("scan", "--max-expansion", optarg, 1, MAX_EXPANSION,
					   &ctx.lim.max_expansion))
				goto usage_error;
			break;
		case 'E':
			if (afalg_opt_count("scan", "--max-entries", optarg, 1, MAX_ENTRIES,
					    &ctx.lim.max_entries))
				goto usage_error;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			free(links_from);
			ctx_free(&ctx);
			return AFALG_EXIT_OK;
		default:
			goto usage_error;
		}
	}
	ctx.print_errors = !quiet;
	/* Outputs checked before the scan: a bad one fails now, not after it. */
	if ((out && afalg_outfile_check(out, "scan result")) ||
	    (links_out && afalg_outfile_check(links_out, "link records"))) {
		free(links_from);
		ctx_free(&ctx);
		return AFALG_EXIT_ERROR;
	}
	/* Bad link index files fail now, not after the scan. */
	for (size_t i = 0; i < nlinks_from; i++)
		if (!links_check(&ctx, links_from[i])) {
			free(links_from);
			ctx_free(&ctx);
			return AFALG_EXIT_ERROR;
		}
	/*
	 * Two members in memory at once at most, whatever the number of workers;
	 * bigger ELF members are analysed from a temporary file (spool.h).
	 */
	if (ctx.lim.max_in_memory > ctx.lim.max_member)
		ctx.lim.max_in_memory = ctx.lim.max_member;
	ctx.mem_budget = 2 * ctx.lim.max_in_memory;

	elf_version(EV_CURRENT);
	scan_install_sigbus_guard();

	installed = optind == argc;
	if (root_arg) {
		struct stat st;

		if (!realpath(root_arg, root) || stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
			afalg_errno(root_arg, errno ? errno : ENOTDIR, "--root");
			free(links_from);
			ctx_free(&ctx);
			return AFALG_EXIT_ERROR;
		}
		if (!strcmp(root, "/"))
			root[0] = '\0';
		/* Its databases too are looked up inside it, symlinks and all (fileio.h). */
		if (root[0] && (ctx.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
			afalg_errno(root, errno, "--root");
			free(links_from);
			ctx_free(&ctx);
			return AFALG_EXIT_ERROR;
		}
	}
	/* --dpkg-admindir is a directory on this system; the default, one inside the root. */
	dpkg_rootfd = admindir ? -1 : ctx.rootfd;
	if (!admindir) {
		snprintf(dpkg_dir, sizeof(dpkg_dir), "%s/var/lib/dpkg", root);
		admindir = dpkg_dir;
	}
	if (!(db = pkgdb_new(root))) {
		afalg_err("scan", "out of memory");
		free(links_from);
		ctx_free(&ctx);
		return AFALG_EXIT_ERROR;
	}
	/* Both databases when both are there: a file is owned by either. */
	have_dpkg = pkgdb_load_dpkg(db, dpkg_rootfd, dpkg_rootfd >= 0 ? "/var/lib/dpkg" : admindir,
				    &why);
	if (rpmdb_find(ctx.rootfd, rpm_dbpath, rpm_dir, sizeof(rpm_dir))) {
		have_rpm = true;
		rpm_ok = rpmdb_load(db, ctx.rootfd, root, rpm_dir, rpm_why, sizeof(rpm_why));
	} else if (rpm_dbpath) {
		afalg_err(rpm_dbpath, "--rpm-dbpath: no rpm database there (below '%s')",
			  root[0] ? root : "/");
		pkgdb_free(db);
		free(links_from);
		ctx_free(&ctx);
		return AFALG_EXIT_ERROR;
	}
	pkgdb_finish(db);
	if (installed && !have_dpkg && !rpm_ok) {
		if (have_rpm)
			afalg_err("scan",
				  "installed system: %s; name the directories to scan instead",
				  rpm_why);
		else
			afalg_err(admindir,
				  "%s, and no rpm database; name the paths to scan instead", why);
		pkgdb_free(db);
		free(links_from);
		ctx_free(&ctx);
		return AFALG_EXIT_ERROR;
	}
	if (have_rpm && !rpm_ok && !quiet)
		afalg_warn("scan", "%s: %s", rpm_why,
			   installed ? "only dpkg's files, /usr/local and /opt are scanned"
				     : "its files are not attributed to packages");
	ctx.pkgdb = db;
	ctx.root = pkgdb_root(db);
	run.inputs = argv + optind;
	run.ninputs = argc - optind;
	run.shard_index = wo.shard_index;
	run.shard_count = wo.shard_count > 1 ? wo.shard_count : 0;

	/* What other shards scan: libraries found there are not "on the host". */
	if (run.shard_count && installed && (ctx.input_real = calloc(2, sizeof(*ctx.input_real)))) {
		ctx.shard_installed = true;
		if (asprintf(&ctx.input_real[0], "%s/usr/local", root) >= 0)
			ctx.ninput_real++;
		if (asprintf(&ctx.input_real[ctx.ninput_real], "%s/opt", root) >= 0)
			ctx.ninput_real++;
	} else if (run.shard_count &&
		   (ctx.input_real = calloc((size_t)(argc - optind), sizeof(*ctx.input_real))) &&
		   (ctx.input_arg = calloc((size_t)(argc - optind), sizeof(*ctx.input_arg)))) {
		for (int i = optind; i < argc; i++)
			if ((ctx.input_real[ctx.ninput_real] = realpath(argv[i], NULL)))
				ctx.input_arg[ctx.ninput_real++] = argv[i];
	}
	if (workq_init(&q, QUEUE_CAP) < 0) {
		afalg_err("scan", "out of memory");
		pkgdb_free(db);
		free(links_from);
		ctx_free(&ctx);
		return AFALG_EXIT_ERROR;
	}
	progress_start(&prog, &ctx, &q, !quiet && isatty(STDERR_FILENO));
	for (unsigned i = 0; i < jobs; i++) {
		workers[i].ctx = &ctx;
		workers[i].q = &q;
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0)
			break;
		started++;
	}
	if (installed)
		walk_installed(&ctx, &q, db, &wo);
	for (int i = optind; i < argc; i++)
		inputs_ok &= walk_input(&ctx, &q, argv[i], &wo);
	workq_close(&q);
	if (!started) { /* no thread could start: do the work here */
		struct worker w = {.ctx = &ctx, .q = &q};

		work(&w);
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	/* Before resolution: each record as analysed, not as resolved here. */
	if (links_out)
		inputs_ok &= links_write(&ctx, links_out);
	for (size_t i = 0; i < nlinks_from; i++)
		inputs_ok &= links_import(&ctx, links_from[i]);
	resolve_indirect(&ctx, host_libs);
	progress_stop(&prog);
	run.seconds = progress_now() - prog.start;
	scan_output_sort(&ctx);
	ok = write_output(&ctx, &run, out, text);
	/* An archive or PATH not read in full: the answer is incomplete (exit 2). */
	inputs_ok &= !ctx.incomplete;
	workq_free(&q);
	ctx_free(&ctx);
	pkgdb_free(db);
	free(links_from);
	return ok && inputs_ok ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;

usage_error:
	fprintf(stderr, "Try '%s scan --help'.\n", AFALG_PROG);
	free(links_from);
	ctx_free(&ctx);
	return AFALG_EXIT_ERROR;
}
