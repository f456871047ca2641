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
	bool exited;
	int status; /* waitpid() status once exited */
};

/* Fork CMD, stopped before execvp(); 0 or -1 (reported). */
int traced_cmd_start(struct traced_cmd *c, char **argv);
/* Let it run (or, with go == false, make it exit 127 without running). */
void traced_cmd_release(struct traced_cmd *c, bool go);
/* Non-blocking: true once it has exited (status filled). */
bool traced_cmd_poll(struct traced_cmd *c);
/* Exit code to report for it: its own, or 128+signal. */
int traced_cmd_exit_code(const struct traced_cmd *c);

#endif
