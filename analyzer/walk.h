/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Producing the files to scan: tree walks (fts, physical: symlinks are never
 * followed below the command-line roots, so no loops), the installed-system
 * list (dpkg), and a bounded queue feeding the worker threads.
 */
#ifndef AFALG_WALK_H
#define AFALG_WALK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

struct scan_ctx;
struct pkgdb;

struct work_item {
	char *path;
	struct stat st; /* from lstat */
};

struct work_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct work_item *items;
	size_t cap, head, n;
	bool closed;
	/* For the progress line. */
	_Atomic uint64_t queued_files, queued_bytes;
	atomic_bool walk_done;
};

int workq_init(struct work_queue *q, size_t cap);
void workq_free(struct work_queue *q);
/* Blocks while full; takes ownership of path. */
void workq_push(struct work_queue *q, char *path, const struct stat *st);
/* Blocks while empty; false once closed and drained. */
bool workq_pop(struct work_queue *q, struct work_item *out);
void workq_close(struct work_queue *q);

struct walk_opts {
	unsigned shard_index, shard_count; /* count 0 or 1: everything */
};

/*
 * Walk one command-line input (file or directory) into q.  Errors (unreadable
 * directories, a missing input) become error results in ctx.  Returns false
 * if the input itself could not be read.
 */
bool walk_input(struct scan_ctx *ctx, struct work_queue *q, const char *input,
		const struct walk_opts *o);
/* The installed system: every regular file the package databases list, then
 * /usr/local and /opt (below ctx->root, symlinks resolved inside it). */
void walk_installed(struct scan_ctx *ctx, struct work_queue *q, const struct pkgdb *db,
		    const struct walk_opts *o);

/* Shard key of a walked path: relative to the root it was found under. */
const char *walk_shard_key(const char *root, const char *path);

#endif /* AFALG_WALK_H */
