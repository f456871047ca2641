// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "scan_ctx.h"
#include "walk.h"

double progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(struct progress *p)
{
	struct scan_ctx *ctx = p->ctx;
	double el = progress_now() - p->start;
	double mb = (double)ctx->bytes / 1e6, rate = el > 0 ? mb / el : 0;
	char eta[32] = "?";

	/* Total is known once the walk is done; before that there is no honest ETA. */
	if (p->q->walk_done && rate > 0) {
		double left = ((double)p->q->queued_bytes / 1e6 - mb) / rate;

		if (left < 0)
			left = 0;
		snprintf(eta, sizeof(eta), "%d:%02d", (int)left / 60, (int)left % 60);
	}
	pthread_mutex_lock(&ctx->lock);
	fprintf(stderr, "\r\033[Kscan: %llu/%llu%s files, %.0f MB, %.0f MB/s, ETA %s",
		(unsigned long long)ctx->files, (unsigned long long)p->q->queued_files,
		p->q->walk_done ? "" : "+", mb, rate, eta);
	fflush(stderr);
	pthread_mutex_unlock(&ctx->lock);
}

static void *run(void *arg)
{
	struct progress *p = arg;

	draw(p); /* at once: a short scan shows it too */
	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&p->stop_cond, &p->lock, &ts);
		if (!p->stop) {
			pthread_mutex_unlock(&p->lock);
			draw(p);
			pthread_mutex_lock(&p->lock);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void progress_start(struct progress *p, struct scan_ctx *ctx, struct work_queue *q, bool enabled)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->q = q;
	p->start = progress_now();
	if (!enabled)
		return;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->stop_cond, NULL);
	ctx->progress_active = true;
	p->running = pthread_create(&p->thread, NULL, run, p) == 0;
	if (!p->running) {
		ctx->progress_active = false;
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->stop_cond);
	}
}

void progress_stop(struct progress *p)
{
	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->stop_cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->stop_cond);
	pthread_mutex_lock(&p->ctx->lock);
	fputs("\r\033[K", stderr);
	p->ctx->progress_active = false;
	pthread_mutex_unlock(&p->ctx->lock);
	p->running = false;
}
