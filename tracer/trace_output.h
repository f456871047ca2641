/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The tracer's user-space table of findings, its JSON form
 * (docs/schema/trace-v2.schema.json) and its state file (the same JSON,
 * saved atomically and merged back on restart).
 */
#ifndef AFALG_TRACE_OUTPUT_H
#define AFALG_TRACE_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "afalg_trace.h"
#include "symbolize.h"

struct trace_entry {
	struct afalg_key key;
	struct afalg_counter counter; /* this run, from the kernel (monotonic times) */
	struct afalg_counter base;    /* earlier runs, from the state file (wall-clock ns) */
	uint32_t tgid;		      /* first process seen with this key */
	char comm[AFALG_COMM_LEN];
	char exe[AFALG_PATH_LEN];
	char build_id[AFALG_BUILD_ID_HEX_SIZE]; /* common/buildid.h */
	struct afalg_driver driver;		/* valid if have_driver */
	struct sym_frame *frames; /* AFALG_SITE_FRAMES of them, socket/bind keys only, or NULL */
	bool have_driver;
	bool have_context;  /* false: counted in the kernel, but its event was lost */
	json_object *saved; /* the activity as loaded from the state file, or NULL */
};

struct trace_exe_procs {
	struct afalg_exe_id exe;
	uint64_t procs;	     /* this run */
	uint64_t base_procs; /* earlier runs */
};

struct trace_result {
	struct trace_entry *entries;
	size_t n, cap;
	size_t *index; /* open-addressing hash of entries by key: entry number + 1, 0 = free */
	size_t index_cap;
	struct trace_exe_procs *procs;
	size_t nprocs, capprocs;
	uint64_t lost[AFALG_STAT_MAX];
	uint64_t base_lost[AFALG_STAT_MAX];
	/* Hook runs the kernel skipped (a BPF program already running on that CPU). */
	uint64_t prog_missed;
	uint64_t base_prog_missed;
	/* Seconds attached: this run, and the earlier runs of a --state file. */
	double duration_s, base_duration_s;
	/*
	 * The traced window, wall-clock ns (0: unknown): when the first run
	 * (of a --state file's runs) attached, and when this one last looked.
	 */
	int64_t started_ns, ended_ns;
	/*
	 * prog_missed of this run of the tracer, by where it was lost: a BPF
	 * program's name, "fastpath" (the data path's fentry programs) or
	 * "unclaimed_calls" (socket/bind calls neither twin recorded).  So a
	 * reader can tell a loss on send/recv from one on socket()/bind().
	 */
#define TRACE_MISSED_BY_MAX 24
	struct trace_missed_by {
		char name[48];
		uint64_t n;
	} missed_by[TRACE_MISSED_BY_MAX];
	unsigned nmissed_by;
	int64_t mono_to_real_ns;       /* add to bpf_ktime_get_ns() for wall-clock time */
	FILE *live;		       /* one line per new finding, or NULL */
	struct trace_journal *journal; /* new findings to the journal (--journal), or NULL */
	char hooks[1024];	       /* the kernel functions the tracer attached to */
	bool sites_in_kernel;	  /* call sites resolved to files by the kernel (bpf_find_vma) */
	const char *data_path;	  /* where send/recv are seen: "kprobe", "lsm" or "none" */
	unsigned fentry_upgrades; /* times a busy module's data path moved to fentry */
	uint32_t max_keys;	  /* capacity of the kernel's key table, for messages */
	struct symbolizer *sym;	  /* names first sightings (symbolize.h), or NULL */
	unsigned sym_dropped;	  /* first sightings not named: its queue was full */
	bool ended;		  /* the tracer has detached (the last --metrics write) */
};

void trace_result_init(struct trace_result *r, FILE *live);
void trace_result_free(struct trace_result *r);
/*
 * Record a first sighting sent by the kernel.  Its executable's path and
 * build-id and its call site are named later, by trace_result_pump(), and
 * the live line printed then.
 */
void trace_result_add(struct trace_result *r, const struct afalg_event *ev);
/*
 * Name queued first sightings for at most budget seconds (0: only what is
 * ready); true while some are left.  Never blocks longer than budget.
 */
bool trace_result_pump(struct trace_result *r, double budget);
/* The end: name what can be within budget seconds, keep the rest unnamed. */
void trace_result_finish_naming(struct trace_result *r, double budget);
/* Read the counters (per key, and per live socket), process counts and loss
 * statistics from the kernel's maps. */
void trace_result_collect(struct trace_result *r, int counts_fd, int slots_fd,
			  const volatile struct afalg_sock_cache *cache, int stats_fd,
			  int procs_fd);
/* Print lost-event counters on stderr; returns true if anything was lost. */
bool trace_result_report_losses(const struct trace_result *r);
/* The result as JSON (caller puts it). */
json_object *trace_result_json(const struct trace_result *r);
/* Write the JSON result to path (NULL or "-": stdout; common/outfile.h); 0 or -1 (reported). */
int trace_result_write_json(const struct trace_result *r, const char *path);
/* Save to path atomically (common/outfile.h: a new private file, fsync, rename,
 * fsync dir); 0 or -1 (reported). */
int trace_result_save_state(const struct trace_result *r, const char *path);
/* Merge a state file into r (absent file: nothing to merge); 0 or -1 (reported). */
int trace_result_load(struct trace_result *r, const char *path);

/* Table access shared with trace_state.c. */
struct trace_entry *trace_result_find(struct trace_result *r, const struct afalg_key *k);
struct trace_entry *trace_result_new_entry(struct trace_result *r, const struct afalg_key *k);
struct trace_exe_procs *trace_result_procs(struct trace_result *r, const struct afalg_exe_id *id);

/* Names used in the JSON and live output (pure functions, unit-tested). */
/* trace-v1's "op": afalg_op_name(), or "unknown" for an op without a name. */
const char *trace_op_name(unsigned int op);
/* "EAFNOSUPPORT" for -97; NULL for err == 0. */
const char *afalg_errno_name(int err, char *buf, size_t bufsz);
/* "ALG_SET_KEY" for 1 ...; NULL if unknown. */
const char *afalg_sockopt_name(unsigned int optname);

/* CRYPTO_ALG_* bits of crypto_alg.cra_flags (include/linux/crypto.h, same in 5.10..7.2). */
#define AFALG_CRYPTO_ALG_ASYNC 0x00000080u
#define AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY 0x00001000u

/* An off-CPU implementation: KERN_DRIVER_ONLY, or a known accelerator's module. */
bool afalg_driver_is_hardware(const char *module, uint32_t cra_flags);

#endif
