/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The progress line on stderr (files, MB, rate, ETA) — only when stderr is a terminal. */
#ifndef AFALG_PROGRESS_H
#define AFALG_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>

struct scan_ctx;
struct work_queue;

struct progress {
	struct scan_ctx *ctx;
	struct work_queue *q;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t stop_cond;
	bool stop, running;
	double start;
};

/* Starts a thread redrawing the line; does nothing unless enabled. */
void progress_start(struct progress *p, struct scan_ctx *ctx, struct work_queue *q, bool enabled);
/* Stops it and erases the line. */
void progress_stop(struct progress *p);
double progress_now(void);

#endif /* AFALG_PROGRESS_H */
