/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The tracer's user-space table of findings and its JSON form (docs/schema/). */
#ifndef AFALG_TRACE_OUTPUT_H
#define AFALG_TRACE_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "afalg_trace.h"

struct trace_entry {
	struct afalg_key key;
	struct afalg_counter counter;
	uint32_t tgid; /* first process seen with this key */
	char comm[AFALG_COMM_LEN];
	char exe[AFALG_PATH_LEN];
	struct afalg_driver driver; /* valid if have_driver */
	bool have_driver;
	bool have_context; /* false: counted in the kernel, but its event was lost */
};

struct trace_result {
	struct trace_entry *entries;
	size_t n, cap;
	uint64_t lost[AFALG_STAT_MAX];
	uint64_t mono_to_real_ns; /* add to bpf_ktime_get_ns() for wall-clock time */
	FILE *live;		  /* one line per new finding, or NULL */
	char hooks[1024];	  /* the kernel functions the tracer attached to */
};

void trace_result_init(struct trace_result *r, FILE *live);
void trace_result_free(struct trace_result *r);
/* Record a first sighting sent by the kernel. */
void trace_result_add(struct trace_result *r, const struct afalg_event *ev);
/* Read the final counters and loss statistics from the kernel's maps. */
void trace_result_collect(struct trace_result *r, int counts_fd, int stats_fd);
/* Print lost-event counters on stderr; returns true if anything was lost. */
bool trace_result_report_losses(const struct trace_result *r);
/* Write the JSON result to path (NULL or "-": stdout); 0 or -1 (reported). */
int trace_result_write_json(const struct trace_result *r, const char *path);

/* Names used in the JSON and live output (pure functions, unit-tested). */
const char *afalg_op_name(unsigned int op);
/* "EAFNOSUPPORT" for -97, "0" never asked: returns NULL for err == 0. */
const char *afalg_errno_name(int err, char *buf, size_t bufsz);

/* "ALG_SET_KEY" for 1 ...; NULL if unknown. */
const char *afalg_sockopt_name(unsigned int optname);

/* CRYPTO_ALG_* bits of crypto_alg.cra_flags (include/linux/crypto.h, same in 5.10..7.2). */
#define AFALG_CRYPTO_ALG_ASYNC 0x00000080u
#define AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY 0x00001000u

/* An off-CPU implementation: KERN_DRIVER_ONLY, or a known accelerator's module. */
bool afalg_driver_is_hardware(const char *module, uint32_t cra_flags);

#endif
