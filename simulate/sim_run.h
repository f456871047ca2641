/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One run of COMMAND and all its descendants, with one simulated measure
 * (or none: the normal run), and what it did (issue #18).
 *
 * Mechanism: seccomp user notification.  The child installs a filter that
 * sends socket(AF_ALG), bind(), splice(), sendfile(), io_submit() and
 * io_uring_setup() (and their 32-bit compat forms that matter) of the tree to
 * this process, then execs COMMAND; the filter is inherited by every
 * descendant and by nothing else on the machine.  Each call is examined
 * here: bind()'s struct sockaddr_alg is read from the caller
 * (process_vm_readv), the policy (sim_policy.h) decides, and the call is
 * either continued (SECCOMP_USER_NOTIF_FLAG_CONTINUE, Linux 5.5+) or
 * failed with the kernel's own error.  This process is a child subreaper,
 * so daemonising descendants are still waited for; the run ends when the
 * last one has exited (or --timeout kills them).
 */
#ifndef AFALG_SIM_RUN_H
#define AFALG_SIM_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "afalg_trace.h" /* struct afalg_frame: call sites as the tracer records them */
#include "sim_policy.h"

#define SIM_ERROR_LINES 8      /* first stderr lines kept */
#define SIM_ERROR_LINE_MAX 240 /* bytes of each */
#define SIM_DENIED_MAX 64      /* denied calls recorded in full */
#define SIM_BOUND_MAX 256      /* distinct (type, name) binds */
#define SIM_PROGRAMS_MAX 32    /* distinct executables a measure acted on */
#define SIM_KEEP_MAX (64u << 10)

struct sim_stream {
	uint64_t bytes;
	unsigned char sha256[32];
	char *kept; /* the first SIM_KEEP_MAX bytes (NUL-terminated); NULL: none written */
	size_t kept_len;
};

struct sim_denied {
	bool is_bind;
	pid_t pid;
	char comm[16];
	char exe[AFALG_PATH_LEN];
	char type[AFALG_TYPE_LEN];
	char name[AFALG_ALG_LEN];
	int err;
	struct afalg_frame site[AFALG_SITE_FRAMES]; /* located at the call (maps read then) */
	/* named after the runs (tracer/symbolize.h) */
	char function[128];
	char source[AFALG_PATH_LEN];
	int line;
	char file[AFALG_PATH_LEN];
	uint64_t offset;
	bool named;
};

struct sim_bound {
	char type[AFALG_TYPE_LEN];
	char name[AFALG_ALG_LEN];
	unsigned count;
};

struct sim_result {
	int measure; /* -1: normal run */
	/* how COMMAND's own process ended */
	bool exited;
	int status; /* exit status, or the signal */
	bool core;
	bool timed_out;
	double wall_s;
	struct sim_stream out, err;
	char error_lines[SIM_ERROR_LINES][SIM_ERROR_LINE_MAX + 1];
	unsigned nerror_lines;
	/* AF_ALG calls seen */
	unsigned n_socket, n_bind;
	unsigned applied; /* calls the measure acted on (denied or let through) */
	unsigned denied_total;
	struct sim_denied denied[SIM_DENIED_MAX];
	unsigned ndenied;
	struct sim_bound bound[SIM_BOUND_MAX];
	unsigned nbound;
	char programs[SIM_PROGRAMS_MAX][AFALG_PATH_LEN]; /* executables the measure acted on */
	unsigned nprograms;
	/* executables that did what M1 (splice), M2 (io_submit), M3 (bind) change */
	struct sim_doer {
		char exe[AFALG_PATH_LEN];
		unsigned what; /* 1 << SIM_M1 | 1 << SIM_M2 | 1 << SIM_M3 */
	} doers[SIM_PROGRAMS_MAX];
	unsigned ndoers;
	/* what M1/M2 change without an error, and what could not be examined */
	unsigned splice, sendfile, io_submit, io_uring_setup, unreadable, compat;
};

struct sim_opts {
	char **argv; /* COMMAND and ARGS */
	const struct sim_allowlist *allow;
	double timeout_s; /* 0: none */
	bool keep_output;
	bool need_nnp; /* no CAP_SYS_ADMIN: the filter needs no_new_privs (setuid won't elevate) */
};

/*
 * Run argv under measure m (-1: none).  Fills *r (zeroed here).  Returns 0,
 * or -1 after one error line (the run could not be made: fork, seccomp).
 */
int sim_run(const struct sim_opts *o, int m, struct sim_result *r);
void sim_result_free(struct sim_result *r);

#endif /* AFALG_SIM_RUN_H */
