// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Load for the tracer (issue #6): start short-lived processes as fast as
 * the machine allows, JOBS at a time, cycling through the programs given
 * (each run with no arguments, output discarded) until every one has run at
 * least once and SECS seconds have passed.  Prints how many were started
 * and the rate.  Usage: forkstorm SECS JOBS PROGRAM...
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	double secs, start;
	long started = 0, failed = 0;
	int jobs, running = 0, next = 0, st;
	bool wrapped = false;

	if (argc < 4) {
		fprintf(stderr, "usage: forkstorm SECS JOBS PROGRAM...\n");
		return 2;
	}
	secs = atof(argv[1]);
	jobs = atoi(argv[2]);
	if (!(secs > 0) || jobs < 1)
		return 2;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	start = now();
	for (;;) {
		bool more = !wrapped || now() - start < secs;
		pid_t pid;
		char *args[] = {argv[3 + next], NULL};

		if (!more && !running)
			break;
		if (more && running < jobs) {
			if (posix_spawn(&pid, args[0], &fa, NULL, args, environ) == 0) {
				running++;
				started++;
			} else {
				failed++;
			}
			next = (next + 1) % (argc - 3);
			wrapped |= next == 0;
			continue;
		}
		if (wait(&st) > 0) {
			running--;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				failed++;
		} else {
			break;
		}
	}
	posix_spawn_file_actions_destroy(&fa);
	printf("started %ld failed %ld rate %.0f/s\n", started, failed, started / (now() - start));
	return failed ? 1 : 0;
}
