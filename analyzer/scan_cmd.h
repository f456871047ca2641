/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The phases of `afalg-audit scan`, each in its own file; scan.c runs them
 * in order and owns the one cleanup path:
 *
 *   scan_opts.c     options → struct scan_opts (and the limits in the ctx)
 *   scan_system.c   --root and the package databases (dpkg, rpm)
 *   scan_shard.c    --shard: what the other shards scan
 *   scan_workers.c  walk the inputs into the queue, analyse in worker threads
 */
#ifndef AFALG_SCAN_CMD_H
#define AFALG_SCAN_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "walk.h"

struct pkgdb;
struct scan_ctx;

#define SCAN_MAX_JOBS 64

struct scan_opts {
	const char *out;	 /* -o; NULL: stdout */
	const char *links_out;	 /* --links-out, or NULL */
	const char **links_from; /* --links-from, in order (owned array) */
	size_t nlinks_from, caplinks_from;
	const char *admindir;	/* --dpkg-admindir, or NULL: the root's */
	const char *root;	/* --root as given, or NULL */
	const char *rpm_dbpath; /* --rpm-dbpath, or NULL: searched */
	bool text, quiet, host_libs;
	unsigned jobs;
	struct walk_opts walk; /* --shard */
	char **inputs;	       /* PATH arguments (in argv) */
	int ninputs;
	bool installed; /* no PATH: the installed system */
};

enum scan_opts_result {
	SCAN_OPTS_RUN,	/* go on and scan */
	SCAN_OPTS_HELP, /* --help printed: exit 0 */
	SCAN_OPTS_BAD,	/* said why and "Try ... --help": exit 2 */
};

/*
 * Parse argv into o, and the limits, --debug-dir and --quiet into ctx (which
 * ctx_init() prepared).  Call scan_opts_free() whatever it returns.
 */
enum scan_opts_result scan_opts_parse(struct scan_opts *o, struct scan_ctx *ctx, int argc,
				      char **argv);
void scan_opts_free(struct scan_opts *o);

/*
 * Open --root (ctx->rootfd) and load the package databases below it into
 * *db, which ctx->pkgdb and ctx->root then point into; warn about an rpm
 * database that cannot be read.  false: said why (a bad --root or
 * --rpm-dbpath, no database for the installed system); *db may still need
 * pkgdb_free().
 */
bool scan_open_system(struct scan_ctx *ctx, const struct scan_opts *o, struct pkgdb **db);

/*
 * --shard: record in ctx what all the shards together scan, so that a
 * library one of the others analyses is not taken for one "on the host".
 * Call after scan_open_system().  Nothing without --shard.
 */
void scan_shard_inputs(struct scan_ctx *ctx, const struct scan_opts *o);

/*
 * Walk the inputs (or the installed system listed in db) into q and analyse
 * every file in o->jobs threads, in this one if none can start; q is closed
 * and drained on return.  false if an input itself could not be read.
 */
bool scan_workers_run(struct scan_ctx *ctx, struct work_queue *q, const struct pkgdb *db,
		      const struct scan_opts *o);

#endif /* AFALG_SCAN_CMD_H */
