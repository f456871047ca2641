/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * `afalg-audit trace -- CMD ARGS`: start CMD held at a gate, so the tracer
 * can register its pid before it runs a single instruction of its own.
 */
#ifndef AFALG_TRACE_CMD_H
#define AFALG_TRACE_CMD_H

#include <stdbool.h>
#include <sys/types.h>

struct traced_cmd {
	pid_t pid;
	int gate_fd; /* write end; closing it after one byte releases the child */
	int err_fd;  /* read end: execvp()'s errno if it failed, end-of-file if it ran */
	bool exited;
	int status;	/* waitpid() status once exited */
	int exec_errno; /* why CMD could not run (once exited), else 0 */
};

/*
 * Can argv[0] be run, as execvp() would find it (a path with '/', else a
 * search of $PATH)?  For a one-line error before anything is attached:
 * 0, or -1 reported ("afalg-audit: CMD: cannot run the command: why").
 */
int traced_cmd_check(char **argv);

/* Is pid a live process (not a thread of another one)?  0, or -1 reported. */
int traced_pid_check(pid_t pid);

/* Fork CMD, stopped before execvp(); 0 or -1 (reported). */
int traced_cmd_start(struct traced_cmd *c, char **argv);
/* Let it run (or, with go == false, make it exit 127 without running). */
void traced_cmd_release(struct traced_cmd *c, bool go);
/* Non-blocking: true once it has exited (status and exec_errno filled). */
bool traced_cmd_poll(struct traced_cmd *c);
/* Exit code to report for it: its own, or 128+signal. */
int traced_cmd_exit_code(const struct traced_cmd *c);

#endif
