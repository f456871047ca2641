// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan: the order of the phases (options → system and package
 * databases → walk and analyse in parallel → resolve libraries → write) and
 * the one cleanup path.  Each phase is in its own file (scan_cmd.h).
 */
#include <stdio.h>
#include <unistd.h>

#include <libelf.h>

#include "afalg.h"
#include "commands.h"
#include "linkfile.h"
#include "outfile.h"
#include "pkgdb.h"
#include "progress.h"
#include "resolve.h"
#include "scan_cmd.h"
#include "scan_ctx.h"
#include "scan_output.h"
#include "walk.h"

#define QUEUE_CAP 4096

/* Files named in options fail now, not after the scan. */
static bool check_named_files(struct scan_ctx *ctx, const struct scan_opts *o)
{
	if ((o->out && afalg_outfile_check(o->out, "scan result")) ||
	    (o->links_out && afalg_outfile_check(o->links_out, "link records")))
		return false;
	for (size_t i = 0; i < o->nlinks_from; i++)
		if (!links_check(ctx, o->links_from[i]))
			return false;
	return true;
}

/*
 * Two members in memory at once at most, whatever the number of workers;
 * bigger ELF members are analysed from a temporary file (spool.h).
 */
static void set_memory_budget(struct scan_ctx *ctx)
{
	if (ctx->lim.max_in_memory > ctx->lim.max_member)
		ctx->lim.max_in_memory = ctx->lim.max_member;
	ctx->mem_budget = 2 * ctx->lim.max_in_memory;
}

/* The result to out (NULL: stdout); a regular file is replaced only by the whole result. */
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
	struct scan_opts o;
	struct scan_run run;
	struct scan_ctx ctx;
	struct work_queue q;
	struct progress prog;
	struct pkgdb *db = NULL;
	bool have_queue = false, inputs_ok, written;
	int rc = AFALG_EXIT_ERROR;

	ctx_init(&ctx);
	switch (scan_opts_parse(&o, &ctx, argc, argv)) {
	case SCAN_OPTS_RUN:
		break;
	case SCAN_OPTS_HELP:
		rc = AFALG_EXIT_OK;
		goto out;
	case SCAN_OPTS_BAD:
		goto out;
	}
	if (!check_named_files(&ctx, &o))
		goto out;
	set_memory_budget(&ctx);
	elf_version(EV_CURRENT);
	scan_install_sigbus_guard();
	if (!scan_open_system(&ctx, &o, &db))
		goto out;
	scan_shard_inputs(&ctx, &o);
	if (workq_init(&q, QUEUE_CAP) < 0) {
		afalg_err("scan", "out of memory");
		goto out;
	}
	have_queue = true;

	progress_start(&prog, &ctx, &q, !o.quiet && isatty(STDERR_FILENO));
	inputs_ok = scan_workers_run(&ctx, &q, db, &o);
	/* Before resolution: each record as analysed, not as resolved here. */
	if (o.links_out)
		inputs_ok &= links_write(&ctx, o.links_out);
	for (size_t i = 0; i < o.nlinks_from; i++)
		inputs_ok &= links_import(&ctx, o.links_from[i]);
	resolve_indirect(&ctx, o.host_libs, o.jobs);
	progress_stop(&prog);

	run = (struct scan_run){
		.inputs = o.inputs,
		.ninputs = o.ninputs,
		.shard_index = o.walk.shard_index,
		.shard_count = o.walk.shard_count > 1 ? o.walk.shard_count : 0,
		.seconds = progress_now() - prog.start,
	};
	scan_output_sort(&ctx);
	written = write_output(&ctx, &run, o.out, o.text);
	/* An archive or PATH not read in full: the answer is incomplete (exit 2). */
	inputs_ok &= !ctx.incomplete;
	rc = written && inputs_ok ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;
out:
	if (have_queue)
		workq_free(&q);
	ctx_free(&ctx);
	pkgdb_free(db);
	scan_opts_free(&o);
	return rc;
}
