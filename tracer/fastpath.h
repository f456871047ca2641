/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Moving a busy AF_ALG module's data path from its kprobes to fentry
 * programs, and back once it is idle; see fastpath.c.
 */
#ifndef AFALG_FASTPATH_H
#define AFALG_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

struct afalg_trace;
struct kprobe_events;
struct fastpath;

/*
 * Watch the modules of ke's events (NULL ke, or enabled false: a fastpath
 * that never switches).  skel and ke must outlive it.
 */
struct fastpath *fastpath_new(struct afalg_trace *skel, struct kprobe_events *ke, bool enabled,
			      bool verbose);

/* Called from the main loop, now in seconds (monotonic): switch what needs switching. */
void fastpath_tick(struct fastpath *fp, double now);

/* How many times a module's data path was moved to fentry. */
unsigned fastpath_upgrades(const struct fastpath *fp);

/* Runs of the fentry programs the kernel skipped (recursion guard), closed ones included. */
uint64_t fastpath_prog_missed(const struct fastpath *fp);

/* Detach the fentry programs (the kprobes stay as they are).  NULL is fine. */
void fastpath_free(struct fastpath *fp);

#endif
