/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Where tracefs is, and mounting it when the tracer needs it and nobody has:
 * the kprobe events of the data path (kprobe_events.c) and the syscall
 * tracepoints of the fallback (trace_load.c) are both found through it.
 */
#ifndef AFALG_TRACEFS_H
#define AFALG_TRACEFS_H

#include <stddef.h>

#define TRACEFS_DIR "/sys/kernel/tracing"

/*
 * The mounted tracefs: /sys/kernel/tracing, else the one debugfs mounts
 * at /sys/kernel/debug/tracing (the two places libbpf looks); NULL if
 * neither is mounted.
 */
const char *tracefs_dir(void);

/*
 * The same, mounting tracefs at /sys/kernel/tracing if it is mounted
 * nowhere: in a mount namespace of the tracer's own, made a slave of the
 * system's so that the mount never reaches the rest of the system and goes
 * away with the tracer; where a new namespace is refused (a systemd unit
 * with RestrictNamespaces=yes, which runs in a namespace of its own
 * anyway), in the current one.  msg receives what was done, for -v ("" if
 * tracefs was mounted already).  NULL, with errno and msg saying why, if
 * tracefs is not mounted and cannot be.
 */
const char *tracefs_get(char *msg, size_t msgsz);

#endif
