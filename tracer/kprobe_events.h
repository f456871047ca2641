/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kprobes on AF_ALG's module functions, as tracefs kprobe events that the
 * kernel arms whenever the module is (re)loaded; see kprobe_events.c.
 */
#ifndef AFALG_KPROBE_EVENTS_H
#define AFALG_KPROBE_EVENTS_H

#include <stddef.h>
#include <stdint.h>

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

/* Attach (again) or detach event i's program; the object is the one given to _attach. */
int kprobe_events_attach_one(struct kprobe_events *ke, size_t i, char *why, size_t whysz);
void kprobe_events_detach_one(struct kprobe_events *ke, size_t i);

/* The events (0 for NULL), each one's module and function. */
size_t kprobe_events_count(const struct kprobe_events *ke);
const char *kprobe_events_module(const struct kprobe_events *ke, size_t i);
const char *kprobe_events_func(const struct kprobe_events *ke, size_t i);

/* How often each event fired so far (the kernel's kprobe_profile); 0 or -errno. */
int kprobe_events_hits(const struct kprobe_events *ke, uint64_t *hits);

/* Detach the programs and remove the events.  NULL is fine. */
void kprobe_events_destroy(struct kprobe_events *ke);

#endif
