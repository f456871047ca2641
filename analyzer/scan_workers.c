// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan: the walk (this thread) feeds a bounded queue that the
 * worker threads drain, each file analysed by one worker (scan_path).
 */
#include <pthread.h>
#include <stdlib.h>

#include "scan_cmd.h"
#include "scan_ctx.h"

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

bool scan_workers_run(struct scan_ctx *ctx, struct work_queue *q, const struct pkgdb *db,
		      const struct scan_opts *o)
{
	struct worker workers[SCAN_MAX_JOBS];
	unsigned started = 0;
	bool inputs_ok = true;

	for (unsigned i = 0; i < o->jobs && i < SCAN_MAX_JOBS; i++) {
		workers[i].ctx = ctx;
		workers[i].q = q;
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0)
			break;
		started++;
	}
	if (o->installed)
		walk_installed(ctx, q, db, &o->walk);
	for (int i = 0; i < o->ninputs; i++)
		inputs_ok &= walk_input(ctx, q, o->inputs[i], &o->walk);
	workq_close(q);
	if (!started) { /* no thread could start: do the work here */
		struct worker w = {.ctx = ctx, .q = q};

		work(&w);
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	return inputs_ok;
}
