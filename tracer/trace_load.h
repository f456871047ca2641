/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Choosing, loading and attaching the BPF programs this kernel supports. */
#ifndef AFALG_TRACE_LOAD_H
#define AFALG_TRACE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "afalg_trace.h"

struct afalg_trace;

/*
 * Open the skeleton, choose the hooks from the running kernel's BTF, set the
 * filter (mode, and pid for AFALG_FILTER_PID) and the capacity of the key
 * table (max_keys, 0 = AFALG_MAX_KEYS), load.  Falls back to the
 * syscall tracepoints when BPF trampolines are unavailable.  desc receives a
 * description of the hooks in use; *sites_in_kernel whether call sites are
 * resolved to files in the kernel (bpf_find_vma) or only from /proc later.  Prints the error and
 * returns NULL on failure.
 */
struct afalg_trace *trace_load(enum afalg_filter mode, pid_t pid, uint32_t max_keys, char *desc,
			       size_t descsz, bool *sites_in_kernel);

#endif
