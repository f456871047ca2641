// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* afalg-audit scan: its options, their defaults and accepted ranges, --help. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "numopt.h"
#include "optbad.h"
#include "rpmdb.h"
#include "scan_cmd.h"
#include "scan_ctx.h"

#define DEFAULT_JOBS 2
#define MAX_SHARDS (1u << 20)
/* Accepted ranges of the limits (numopt.h); defaults in scan_opts_parse() and ctx_init(). */
#define MAX_MEMBER (1ull << 40)
#define MAX_EXPANSION (1ull << 50)
#define MAX_ENTRIES (1ull << 32)

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
		"  -f, --format json|text   JSON (docs/schema/scan-v5.schema.json; default) or a\n"
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

/* One option; false: said why. */
static bool set_option(struct scan_opts *o, struct scan_ctx *ctx, int c, const char *arg)
{
	switch (c) {
	case 'o':
		o->out = arg;
		return true;
	case 'f':
		if (strcmp(arg, "json") && strcmp(arg, "text")) {
			afalg_err("scan", "--format: '%s' is not json or text", arg);
			return false;
		}
		o->text = !strcmp(arg, "text");
		return true;
	case 'j':
		return !afalg_opt_uint("scan", "--jobs", arg, 1, SCAN_MAX_JOBS, &o->jobs);
	case 'S':
		return !afalg_opt_shard("scan", "--shard", arg, MAX_SHARDS, &o->walk.shard_index,
					&o->walk.shard_count);
	case 'L':
		o->links_out = arg;
		return true;
	case 'I':
		if (afalg_grow(&o->links_from, &o->caplinks_from, o->nlinks_from,
			       sizeof(*o->links_from), 8)) {
			afalg_err("scan", "out of memory");
			return false;
		}
		o->links_from[o->nlinks_from++] = arg;
		return true;
	case 'D':
		o->admindir = arg;
		return true;
	case 'R':
		o->root = arg;
		return true;
	case 'P':
		o->rpm_dbpath = arg;
		return true;
	case 'G':
		ctx->debug_dir = *arg ? arg : NULL;
		return true;
	case 'H':
		o->host_libs = false;
		return true;
	case 'M':
		return !afalg_opt_size("scan", "--max-member", arg, 1, MAX_MEMBER,
				       &ctx->lim.max_member);
	case 'X':
		return !afalg_opt_size("scan", "--max-expansion", arg, 1, MAX_EXPANSION,
				       &ctx->lim.max_expansion);
	case 'E':
		return !afalg_opt_count("scan", "--max-entries", arg, 1, MAX_ENTRIES,
					&ctx->lim.max_entries);
	case 'q':
		o->quiet = true;
		return true;
	default: /* '?' and ':' are handled by the caller */
		return false;
	}
}

enum scan_opts_result scan_opts_parse(struct scan_opts *o, struct scan_ctx *ctx, int argc,
				      char **argv)
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
	int c;

	*o = (struct scan_opts){.jobs = DEFAULT_JOBS, .host_libs = true};
	ctx->lim.max_member = 128ull << 20;
	ctx->lim.max_expansion = 8ull << 30;
	ctx->lim.max_script = 4ull << 20;
	ctx->debug_dir = "/usr/lib/debug";
	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	while ((c = getopt_long(argc, argv, ":o:f:j:qh", opts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			afalg_opt_bad("scan", c, argv, opts);
			return SCAN_OPTS_BAD;
		}
		if (c == 'h') {
			usage(stdout);
			return SCAN_OPTS_HELP;
		}
		if (!set_option(o, ctx, c, optarg)) {
			afalg_try_help("scan");
			return SCAN_OPTS_BAD;
		}
	}
	ctx->print_errors = !o->quiet;
	o->inputs = argv + optind;
	o->ninputs = argc - optind;
	o->installed = optind == argc;
	return SCAN_OPTS_RUN;
}

void scan_opts_free(struct scan_opts *o)
{
	free(o->links_from);
	o->links_from = NULL;
}
