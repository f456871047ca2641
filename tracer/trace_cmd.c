// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afalg.h"
#include "cmdpath.h"
#include "procstatus.h"
#include "trace_cmd.h"

int traced_cmd_check(char **argv)
{
	return afalg_cmd_resolve(argv[0], NULL);
}

int traced_pid_check(pid_t pid)
{
	char v[32];
	long tgid;
	int err = afalg_proc_status(pid, "Tgid", v, sizeof(v));

	if (err == ENOENT) {
		afalg_err("trace", "-p %d: no such process", (int)pid);
		return -1;
	}
	if (err && err != ENODATA) {
		afalg_errno("trace", err, "-p %d: cannot read /proc/%d/status", (int)pid, (int)pid);
		return -1;
	}
	tgid = err ? -1 : strtol(v, NULL, 10);
	if (tgid > 0 && tgid != pid) {
		afalg_err("trace", "-p %d: a thread of process %ld (give the process's PID)",
			  (int)pid, tgid);
		return -1;
	}
	return 0;
}

int traced_cmd_start(struct traced_cmd *c, char **argv)
{
	int gate[2], errp[2];
	char go;

	memset(c, 0, sizeof(*c));
	c->err_fd = -1;
	if (pipe2(gate, O_CLOEXEC) < 0) {
		afalg_errno("trace", errno, "cannot create a pipe");
		return -1;
	}
	if (pipe2(errp, O_CLOEXEC) < 0) {
		afalg_errno("trace", errno, "cannot create a pipe");
		close(gate[0]);
		close(gate[1]);
		return -1;
	}
	c->pid = fork();
	if (c->pid < 0) {
		afalg_errno("trace", errno, "cannot fork");
		close(gate[0]);
		close(gate[1]);
		close(errp[0]);
		close(errp[1]);
		return -1;
	}
	if (c->pid == 0) {
		int err;

		close(gate[1]);
		close(errp[0]);
		if (read(gate[0], &go, 1) != 1 || go != 'g')
			_exit(127); /* the tracer could not start: run nothing */
		close(gate[0]);
		execvp(argv[0], argv);
		err = errno;
		afalg_errno(argv[0], err, "cannot run the command");
		if (write(errp[1], &err, sizeof(err)) != sizeof(err)) {
			/* the exit status still says it */
		}
		_exit(127);
	}
	close(gate[0]);
	close(errp[1]);
	c->gate_fd = gate[1];
	c->err_fd = errp[0];
	return 0;
}

void traced_cmd_release(struct traced_cmd *c, bool go)
{
	if (c->gate_fd <= 0)
		return;
	if (go && write(c->gate_fd, "g", 1) != 1)
		afalg_errno("trace", errno, "cannot release the command");
	close(c->gate_fd);
	c->gate_fd = -1;
}

bool traced_cmd_poll(struct traced_cmd *c)
{
	if (!c->exited && waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
		int err = 0;

		c->exited = true;
		/* It has exited: every write end is closed, this read cannot wait. */
		if (c->err_fd >= 0) {
			if (read(c->err_fd, &err, sizeof(err)) == sizeof(err))
				c->exec_errno = err ? err : ENOEXEC;
			close(c->err_fd);
			c->err_fd = -1;
		}
	}
	return c->exited;
}

int traced_cmd_exit_code(const struct traced_cmd *c)
{
	if (WIFEXITED(c->status))
		return WEXITSTATUS(c->status);
	if (WIFSIGNALED(c->status))
		return 128 + WTERMSIG(c->status);
	return 1;
}
