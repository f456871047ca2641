/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kprobes on AF_ALG's module functions, as tracefs kprobe events that the
 * kernel arms whenever the module is (re)loaded; see kprobe_events.c.
 */
#ifndef AFALG_KPROBE_EVENTS_H
#define AFALG_KPROBE_EVENTS_H

#include <stddef.h>

struct bpf_object;
struct kprobe_events;

/* One probe: BPF program prog runs on entry to module's function func. */
struct kprobe_fn {
	const char *module;
	const char *func;
	const char *prog;
};

/*
 * Create one tracefs kprobe event per function (removing events that
 * earlier, killed, tracers left behind).  Modules need not be loaded.  On
 * failure returns NULL with errno set and why saying what failed (for -v).
 */
struct kprobe_events *kprobe_events_create(const struct kprobe_fn *fns, size_t n, char *why,
					   size_t whysz);

/* Attach each event's program from obj (loaded).  0, or -errno with why. */
int kprobe_events_attach(struct kprobe_events *ke, struct bpf_object *obj, char *why, size_t whysz);

/* Detach the programs and remove the events.  NULL is fine. */
void kprobe_events_destroy(struct kprobe_events *ke);

#endif
