// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Load for the tracer on the host's own kernel (issue #6; tests/trace/
 * host-storm): WORKERS processes, each keeping JOBS children in flight,
 * start the PROGRAMs (no arguments, inheriting stdio) in turn as fast as
 * the machine allows, for SECS seconds and until each worker has started
 * every program at least once.  forkstorm.c is the one-process variant the
 * guests use; here process starts must reach thousands a second, which a
 * single spawning process cannot on a small machine (it waits for each
 * child's exec).
 *
 * Prints the totals and the rate over the whole run, the lowest and
 * highest rate of any whole second, then one line per program with the
 * number of its runs that exited 0:
 *
 *   started N failed F secs S rate R/s min A/s max B/s
 *   runs COUNT PROGRAM
 *
 * Exit 0 if every start succeeded and every child exited 0, else 1; 2 on
 * bad usage.  Usage: spawnstorm SECS WORKERS JOBS PROGRAM...
 */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Shared by all workers (MAP_SHARED): totals and runs per program. */
struct tally {
	long started;
	long failed;
	long runs[];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(long *v, long n)
{
	__atomic_fetch_add(v, n, __ATOMIC_RELAXED);
}

/*
 * vfork + execve, not posix_spawn: glibc's child resets every signal's
 * disposition first (64 sigaction calls), which on a machine with costly
 * system calls is a good part of each start.  A function of its own, so
 * that the child shares no live variables with the caller's loop.
 */
static __attribute__((noinline)) pid_t start_one(char **args)
{
	pid_t pid = vfork();

	if (pid == 0) {
		execve(args[0], args, environ);
		_exit(127);
	}
	return pid;
}

/*
 * Worker w and its children stay on the w-th CPU we may use: a process
 * started and reaped on one CPU needs no cross-CPU wake-ups or TLB
 * shoot-downs, which under a hypervisor that traps page-table changes
 * halve the rate of unpinned workers.
 */
static void pin(int w)
{
	cpu_set_t all, one;
	int n = 0;

	if (sched_getaffinity(0, sizeof(all), &all))
		return;
	w %= CPU_COUNT(&all);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &all) || n++ != w)
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
		return;
	}
}

/* One worker: start programs first..first-1 (cyclically) until done. */
static int worker(struct tally *t, double secs, int jobs, int nprog, char **progs, int first)
{
	pid_t *pid = calloc((size_t)jobs, sizeof(*pid));
	int *which = calloc((size_t)jobs, sizeof(*which));
	int running = 0, next = first, st;
	bool wrapped = false;
	double start = now();

	if (!pid || !which)
		return 1;
	for (;;) {
		bool more = !wrapped || now() - start < secs;

		if (more && running < jobs) {
			char *args[] = {progs[next], NULL};
			int slot = 0;

			while (pid[slot])
				slot++;
			pid[slot] = start_one(args);
			if (pid[slot] > 0) {
				which[slot] = next;
				running++;
				add(&t->started, 1);
			} else {
				pid[slot] = 0;
				add(&t->failed, 1);
			}
			next = (next + 1) % nprog;
			wrapped |= next == first;
			continue;
		}
		if (!running)
			break;
		pid_t done = wait(&st);

		if (done < 0)
			return 1;
		for (int i = 0; i < jobs; i++) {
			if (pid[i] != done)
				continue;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				add(&t->runs[which[i]], 1);
			else
				add(&t->failed, 1);
			pid[i] = 0;
			running--;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	double secs, start, last, elapsed, lo = 0, hi = 0;
	int workers, jobs, nprog, gate[2], st, bad = 0, live, seconds = 0;
	long prev = 0;
	struct tally *t;
	pid_t *kids;

	if (argc < 5) {
		fprintf(stderr, "usage: spawnstorm SECS WORKERS JOBS PROGRAM...\n");
		return 2;
	}
	secs = atof(argv[1]);
	workers = atoi(argv[2]);
	jobs = atoi(argv[3]);
	nprog = argc - 4;
	if (!(secs > 0) || workers < 1 || workers > 256 || jobs < 1 || jobs > 256) {
		fprintf(stderr, "spawnstorm: bad SECS, WORKERS or JOBS\n");
		return 2;
	}
	t = mmap(NULL, sizeof(*t) + (size_t)nprog * sizeof(long), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	kids = calloc((size_t)workers, sizeof(*kids));
	if (t == MAP_FAILED || !kids || pipe(gate)) {
		perror("spawnstorm");
		return 2;
	}
	/* Workers wait at the gate, so the clock starts when all of them can go. */
	for (int w = 0; w < workers; w++) {
		char c;

		kids[w] = fork();
		if (kids[w] < 0) {
			perror("spawnstorm: fork");
			return 2;
		}
		if (kids[w] == 0) {
			pin(w);
			close(gate[1]);
			while (read(gate[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(worker(t, secs, jobs, nprog, argv + 4,
				     (int)((long)w * nprog / workers)));
		}
	}
	close(gate[0]);
	start = last = now();
	close(gate[1]);
	/* The rate of each whole second, while workers run. */
	for (live = workers; live;) {
		struct timespec tick = {0, 50 * 1000 * 1000};
		pid_t done;

		while ((done = waitpid(-1, &st, WNOHANG)) > 0) {
			live--;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				bad = 1;
		}
		if (!live)
			break;
		if (now() - last >= 1.0) {
			long cur = __atomic_load_n(&t->started, __ATOMIC_RELAXED);
			double r = (double)(cur - prev) / (now() - last);

			lo = !seconds++ || r < lo ? r : lo;
			hi = r > hi ? r : hi;
			prev = cur;
			last = now();
		}
		nanosleep(&tick, NULL);
	}
	free(kids);
	elapsed = now() - start;
	printf("started %ld failed %ld secs %.2f rate %.0f/s min %.0f/s max %.0f/s\n", t->started,
	       t->failed, elapsed, (double)t->started / elapsed, lo, hi);
	for (int i = 0; i < nprog; i++)
		printf("runs %ld %s\n", t->runs[i], argv[4 + i]);
	return t->failed || bad ? 1 : 0;
}
