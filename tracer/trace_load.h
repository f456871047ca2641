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
struct kprobe_events;

/* Where data operations (send, recv, splice) are seen. */
enum trace_data_path {
	TRACE_DATA_AUTO, /* module kprobes (on fentry while busy) if possible, else the LSM hooks */
	TRACE_DATA_KPROBE, /* AF_ALG's module functions, through tracefs kprobe events */
	TRACE_DATA_LSM,	   /* security_socket_{send,recv}msg: every socket pays */
	TRACE_DATA_FENTRY, /* kprobe, and fentry while a module is busy (tracer/fastpath.c) */
};

struct trace_load_opts {
	enum afalg_filter filter;
	pid_t pid;	   /* AFALG_FILTER_PID */
	uint32_t max_keys; /* capacity of the key table, 0 = AFALG_MAX_KEYS */
	enum trace_data_path data_path;
	bool verbose;
};

/*
 * Open the skeleton, choose the hooks from the running kernel's BTF, set the
 * filter and capacity, load and attach.  The data path goes on module
 * kprobes (*kev, to be destroyed after the skeleton's programs stop
 * mattering) unless those cannot be made, then on the socket LSM hooks;
 * without BPF trampolines, on the syscall tracepoints (socket() and bind()
 * only; tracefs is mounted for them if it is not).  desc receives a
 * description of the hooks in use; *sites_in_kernel whether call sites are
 * resolved to files in the kernel (bpf_find_vma) or only from /proc later.
 * Prints the error and returns NULL on failure.
 */
/*
 * Runs of the program behind fd that the kernel skipped (BPF recursion
 * guard: a program already running on that CPU, or preempted there); 0 if
 * fd is not a program.
 */
uint64_t trace_prog_missed(int fd);

struct afalg_trace *trace_load(const struct trace_load_opts *lo, struct kprobe_events **kev,
			       char *desc, size_t descsz, bool *sites_in_kernel);

#endif
