// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afalg.h"
#include "scan_ctx.h"

int ctx_init(struct scan_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	pthread_mutex_init(&ctx->lock, NULL);
	pthread_mutex_init(&ctx->mem_lock, NULL);
	pthread_mutex_init(&ctx->pkgdb_lock, NULL);
	pthread_cond_init(&ctx->mem_cond, NULL);
	afalg_intern_init(&ctx->pool);
	linktab_init(&ctx->linkrecs);
	linktab_init(&ctx->imported);
	afalg_intern_init(&ctx->import_wanted);
	ctx->print_errors = true;
	ctx->root = "";
	ctx->rootfd = -1;
	ctx->lim.max_in_memory = 16u << 20;
	ctx->lim.max_entries = 1000000; /* scan --max-entries */
	return 0;
}

void ctx_free(struct scan_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nres; i++)
		result_free(ctx->res[i]);
	free(ctx->res);
	afalg_intern_free(&ctx->pool);
	strmap_free(&ctx->links);
	linktab_free(&ctx->linkrecs);
	strmap_free(&ctx->imported_links);
	afalg_intern_free(&ctx->import_wanted);
	linktab_free(&ctx->imported);
	if (ctx->rootfd >= 0)
		close(ctx->rootfd);
	for (size_t i = 0; i < ctx->ninput_real; i++)
		free(ctx->input_real[i]);
	free(ctx->input_real);
	free(ctx->input_arg);
	for (size_t i = 0; i < ctx->nunresolved; i++) {
		free(ctx->unresolved[i].needed);
		for (size_t k = 0; k < ctx->unresolved[i].nexamples; k++)
			free(ctx->unresolved[i].examples[k]);
	}
	free(ctx->unresolved);
	pthread_mutex_destroy(&ctx->lock);
	pthread_mutex_destroy(&ctx->mem_lock);
	pthread_mutex_destroy(&ctx->pkgdb_lock);
	free(ctx->pkgdb_load);
	pthread_cond_destroy(&ctx->mem_cond);
}

const char *ctx_intern(struct scan_ctx *ctx, const char *s)
{
	const char *p;

	if (!s)
		return NULL;
	pthread_mutex_lock(&ctx->lock);
	p = afalg_intern(&ctx->pool, s);
	pthread_mutex_unlock(&ctx->lock);
	return p;
}

/* resolve.c needs every ELF file that links something or may be linked. */
static bool wants_link_rec(const struct file_result *r)
{
	return r->kind == KIND_ELF && !r->error &&
	       (r->cls != CLASS_NONE || r->needed.n || r->soname || r->role == ROLE_LIBRARY);
}

void ctx_submit(struct scan_ctx *ctx, struct file_result *r)
{
	bool keep;

	if (!r)
		return;
	keep = r->cls != CLASS_NONE || r->error;
	if (!keep && !wants_link_rec(r)) {
		result_free(r);
		return;
	}
	if (r->cls == CLASS_NONE)
		result_trim(r);
	pthread_mutex_lock(&ctx->lock);
	if (wants_link_rec(r))
		linktab_add(&ctx->linkrecs, r, keep ? r : NULL);
	if (!keep) {
		pthread_mutex_unlock(&ctx->lock);
		result_free(r);
		return;
	}
	if (r->error) {
		ctx->errors++;
		if (ctx->print_errors) {
			char *what = NULL;

			if (r->archive && asprintf(&what, "%s:%s", r->archive, r->path) < 0)
				what = NULL;
			if (ctx->progress_active)
				fputs("\r\033[K", stderr);
			afalg_err(what ? what : r->path, "%s", r->error);
			free(what);
		}
	}
	if (afalg_grow(&ctx->res, &ctx->capres, ctx->nres, sizeof(*ctx->res), 1024)) {
		pthread_mutex_unlock(&ctx->lock);
		result_free(r);
		return;
	}
	ctx->res[ctx->nres++] = r;
	pthread_mutex_unlock(&ctx->lock);
}

void ctx_add_link(struct scan_ctx *ctx, const char *path, const char *target)
{
	char *k, *v;

	pthread_mutex_lock(&ctx->lock);
	if (!strmap_get(&ctx->links, path) && (k = arena_strdup(&ctx->linkrecs.arena, path)) &&
	    (v = arena_strdup(&ctx->linkrecs.arena, target)))
		strmap_put(&ctx->links, k, v);
	pthread_mutex_unlock(&ctx->lock);
}

void ctx_mem_acquire(struct scan_ctx *ctx, uint64_t n)
{
	pthread_mutex_lock(&ctx->mem_lock);
	/* Alone, a worker always proceeds (n is capped by max_member anyway). */
	while (ctx->mem_used && ctx->mem_used + n > ctx->mem_budget)
		pthread_cond_wait(&ctx->mem_cond, &ctx->mem_lock);
	ctx->mem_used += n;
	pthread_mutex_unlock(&ctx->mem_lock);
}

void ctx_mem_release(struct scan_ctx *ctx, uint64_t n)
{
	pthread_mutex_lock(&ctx->mem_lock);
	ctx->mem_used -= n;
	pthread_cond_broadcast(&ctx->mem_cond);
	pthread_mutex_unlock(&ctx->mem_lock);
}
