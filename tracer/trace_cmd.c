// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afalg.h"
#include "trace_cmd.h"

int traced_cmd_start(struct traced_cmd *c, char **argv)
{
	int gate[2];
	char go;

	memset(c, 0, sizeof(*c));
	if (pipe2(gate, O_CLOEXEC) < 0) {
		afalg_errno("trace", errno, "cannot create a pipe");
		return -1;
	}
	c->pid = fork();
	if (c->pid < 0) {
		afalg_errno("trace", errno, "cannot fork");
		close(gate[0]);
		close(gate[1]);
		return -1;
	}
	if (c->pid == 0) {
		close(gate[1]);
		if (read(gate[0], &go, 1) != 1 || go != 'g')
			_exit(127); /* the tracer could not start: run nothing */
		close(gate[0]);
		execvp(argv[0], argv);
		afalg_errno(argv[0], errno, "cannot run the command");
		_exit(127);
	}
	close(gate[0]);
	c->gate_fd = gate[1];
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
	if (!c->exited && waitpid(c->pid, &c->status, WNOHANG) == c->pid)
		c->exited = true;
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
