// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan --shard: each shard analyses a part of the inputs, but
 * resolves libraries among all of them.  A library that another shard
 * analyses is not "on the host" (resolve.c): record which paths the shards
 * scan between them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "scan_cmd.h"
#include "scan_ctx.h"

/* The installed system: the package databases' files (ctx->pkgdb), /usr/local and /opt. */
static void installed_inputs(struct scan_ctx *ctx)
{
	if (!(ctx->input_real = calloc(2, sizeof(*ctx->input_real))))
		return;
	ctx->shard_installed = true;
	if (asprintf(&ctx->input_real[0], "%s/usr/local", ctx->root) >= 0)
		ctx->ninput_real++;
	if (asprintf(&ctx->input_real[ctx->ninput_real], "%s/opt", ctx->root) >= 0)
		ctx->ninput_real++;
}

/* PATH arguments: their real paths, and as given (how their files are shown). */
static void path_inputs(struct scan_ctx *ctx, const struct scan_opts *o)
{
	size_t n = (size_t)o->ninputs;

	if (!(ctx->input_real = calloc(n, sizeof(*ctx->input_real))) ||
	    !(ctx->input_arg = calloc(n, sizeof(*ctx->input_arg))))
		return;
	for (size_t i = 0; i < n; i++)
		if ((ctx->input_real[ctx->ninput_real] = realpath(o->inputs[i], NULL)))
			ctx->input_arg[ctx->ninput_real++] = o->inputs[i];
}

void scan_shard_inputs(struct scan_ctx *ctx, const struct scan_opts *o)
{
	if (o->walk.shard_count <= 1)
		return;
	if (o->installed)
		installed_inputs(ctx);
	else
		path_inputs(ctx, o);
}
