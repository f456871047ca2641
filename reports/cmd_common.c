// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Shared plumbing of report, check and audit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "cmd_common.h"
#include "jsonin.h"
#include "model.h"
#include "outfile.h"
#include "rdata.h"
#include "intern.h"

static int cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct pathlist {
	char **v;
	bool *walked; /* with walk: found in a directory argument, not named */
	size_t n, cap, wcap;
};

static int push_walked(struct pathlist *l, char *p, bool walked)
{
	if (!p || afalg_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 64) ||
	    afalg_grow(&l->walked, &l->wcap, l->n, sizeof(*l->walked), 64)) {
		free(p);
		afalg_err("report", "out of memory");
		return -1;
	}
	l->walked[l->n] = walked;
	l->v[l->n++] = p;
	return 0;
}

static int push(struct pathlist *l, char *p)
{
	return push_walked(l, p, false);
}

/*
 * The inputs as a list, and what that needs: every file once (by device and
 * inode: the same file named twice, or found in a directory and named too,
 * is read once), and the count of inputs that could not be listed or read.
 */
struct inputs {
	struct pathlist list;
	struct afalg_intern *seen; /* "dev:ino" of the files listed */
	size_t bad;		   /* reported, left out; the run goes on and exits 2 */
	size_t good;		   /* folded */
	/*
	 * Derived outputs found in directory arguments and not read (an audit
	 * bundle's report.json, report.html, ...): reports (afalg-audit-report
	 * JSON), and other files named like an output (.html .htm .md .txt .sarif).
	 */
	size_t skipped_reports, skipped_other;
};

/*
 * Add path (taken) unless its file is listed already; walked: found in a
 * directory argument.  -1 when out of memory.
 */
static int add_input(struct inputs *in, char *path, const struct stat *st, bool walked)
{
	char key[64];
	int added = 1;

	if (!path)
		return push(&in->list, NULL);
	if (st) {
		snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st->st_dev,
			 (unsigned long long)st->st_ino);
		if (!afalg_intern_add(in->seen, key, &added)) {
			free(path);
			afalg_err("report", "out of memory");
			return -1;
		}
	}
	if (!added) {
		afalg_warn(path, "the same file as an earlier input: read once");
		free(path);
		return 0;
	}
	return push_walked(&in->list, path, walked);
}

static void count(struct inputs *in, int fold_ret)
{
	if (fold_ret)
		in->bad++;
	else
		in->good++;
}

static bool is_json_name(const char *name)
{
	size_t l = strlen(name);

	return l > 5 && !strcmp(name + l - 5, ".json");
}

/* Named like a report or another derived output (an audit bundle's report.html, MISSING.txt). */
static bool is_output_name(const char *name)
{
	static const char *const ext[] = {".html", ".htm", ".md", ".txt", ".sarif"};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(ext) / sizeof(*ext); i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	return false;
}

/* An afalg-audit report: an output of report or audit, never an input of report. */
static bool is_report_doc(struct json_object *doc)
{
	struct json_object *f;

	return json_object_object_get_ex(doc, "format", &f) &&
	       json_object_is_type(f, json_type_string) &&
	       !strcmp(json_object_get_string(f), "afalg-audit-report");
}

/*
 * Every *.json below dir, each directory in name order: regular files only.
 * Not followed, with a warning: symbolic links (named *.json, or to a
 * directory) and hidden files named *.json; hidden directories are not
 * entered.  A directory that cannot be read, or a *.json that is not a
 * regular file, is a bad input (reported, counted).  -1 only when out of memory.
 */
static int expand_dir(struct inputs *in, const char *dir, int depth)
{
	struct pathlist names = {0};
	struct dirent *e;
	int ret = 0;
	DIR *dh;

	if (depth > 16) {
		afalg_err(dir, "directories nested too deep: not read");
		in->bad++;
		return 0;
	}
	dh = opendir(dir);
	if (!dh) {
		afalg_errno(dir, errno, "cannot read directory");
		in->bad++;
		return 0;
	}
	while ((e = readdir(dh)) && !ret) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		ret = push(&names, rdata_path_join(dir, e->d_name));
	}
	closedir(dh);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmpname);
	for (size_t i = 0; i < names.n && !ret; i++) {
		const char *base = strrchr(names.v[i], '/') + 1;
		struct stat st, tst;

		if (lstat(names.v[i], &st) < 0)
			continue;
		if (base[0] == '.') {
			if (is_json_name(base))
				afalg_warn(names.v[i], "a hidden file: skipped");
		} else if (S_ISLNK(st.st_mode)) {
			if (is_json_name(base) ||
			    (stat(names.v[i], &tst) == 0 && S_ISDIR(tst.st_mode)))
				afalg_warn(names.v[i], "a symbolic link: not followed (name "
						       "its target to read it)");
		} else if (S_ISDIR(st.st_mode)) {
			ret = expand_dir(in, names.v[i], depth + 1);
		} else if (is_json_name(base) && !S_ISREG(st.st_mode)) {
			afalg_err(names.v[i], "not a regular file: not read");
			in->bad++;
		} else if (is_json_name(base)) {
			ret = add_input(in, names.v[i], &st, true);
			names.v[i] = NULL;
		} else if (S_ISREG(st.st_mode) && is_output_name(base)) {
			in->skipped_other++; /* report.html, report.md, ...: not read */
		}
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	free(names.walked);
	return ret;
}

/*
 * Parsing is most of the work (json-c), folding is cheap: worker threads
 * parse the next few files while the main thread folds them in input order.
 * At most RING parsed documents exist at once, so memory stays bounded.
 */
#define RING 8
#define MAX_WORKERS 8

struct pipeline {
	char **paths;
	const bool *walked;
	size_t n, next_take, next_fold;
	struct {
		struct json_object *doc;
		int state; /* 0 empty, 1 parsed, 2 failed */
	} ring[RING];
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *parse_worker(void *arg)
{
	struct pipeline *pl = arg;

	for (;;) {
		struct json_object *doc = NULL;
		size_t i;
		int r;

		pthread_mutex_lock(&pl->mu);
		while (!pl->stop && pl->next_take < pl->n && pl->next_take >= pl->next_fold + RING)
			pthread_cond_wait(&pl->cv, &pl->mu);
		if (pl->stop || pl->next_take >= pl->n) {
			pthread_mutex_unlock(&pl->mu);
			return NULL;
		}
		i = pl->next_take++;
		pthread_mutex_unlock(&pl->mu);
		r = jsonin_read(pl->paths[i], &doc);
		pthread_mutex_lock(&pl->mu);
		pl->ring[i % RING].doc = doc;
		pl->ring[i % RING].state = r ? 2 : 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
}

/*
 * Fold one parsed document: a report found in a directory (an audit
 * bundle's report.json) is skipped and counted; named, it is the folder's
 * error as any other document that is no scan or trace result.
 */
static void fold_one(struct model *m, const char *path, struct json_object *doc, bool walked,
		     struct inputs *in)
{
	if (walked && is_report_doc(doc))
		in->skipped_reports++;
	else
		count(in, model_fold_doc(m, path, doc));
}

/* Parse and fold every path, in order; each bad one is reported and counted. */
static void fold_parallel(struct model *m, char **paths, const bool *walked, size_t n,
			  struct inputs *in)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nw = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS : (size_t)cpus;
	struct pipeline pl = {.paths = paths, .walked = walked, .n = n};
	pthread_t th[MAX_WORKERS];
	size_t started = 0;

	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	if (nw > n)
		nw = n;
	for (size_t i = 0; i < nw; i++)
		if (pthread_create(&th[started], NULL, parse_worker, &pl) == 0)
			started++;
	for (size_t i = 0; i < n; i++) {
		struct json_object *doc;
		int state;

		if (!started) { /* no thread: parse here */
			if (jsonin_read(paths[i], &doc)) {
				count(in, -1);
				continue;
			}
			fold_one(m, paths[i], doc, walked[i], in);
			json_object_put(doc);
			continue;
		}
		pthread_mutex_lock(&pl.mu);
		while (!pl.ring[i % RING].state)
			pthread_cond_wait(&pl.cv, &pl.mu);
		doc = pl.ring[i % RING].doc;
		state = pl.ring[i % RING].state;
		pl.ring[i % RING].doc = NULL;
		pl.ring[i % RING].state = 0;
		pl.next_fold = i + 1;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
		/* A bad input was reported by its reader or folder; the others go on. */
		if (state == 2)
			count(in, -1);
		else
			fold_one(m, paths[i], doc, walked[i], in);
		json_object_put(doc);
	}
	pthread_mutex_lock(&pl.mu);
	pl.stop = true;
	pthread_cond_broadcast(&pl.cv);
	pthread_mutex_unlock(&pl.mu);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (size_t i = 0; i < RING; i++)
		json_object_put(pl.ring[i].doc);
	pthread_mutex_destroy(&pl.mu);
	pthread_cond_destroy(&pl.cv);
}

int cmd_fold_inputs(struct model *m, char **inputs, int n, size_t *good)
{
	struct inputs in = {.seen = afalg_intern_new()};
	bool stdin_read = false;
	int ret = in.seen ? 0 : -1;

	/*
	 * Each document is allocated and freed whole, thousands of times: keep
	 * the freed memory instead of handing it back to the kernel and faulting
	 * it in again (that was a third of the CPU time of a fleet merge).  The
	 * peak stays what RING parsed documents need.
	 */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	for (int i = 0; i < n && !ret; i++) {
		struct stat st;

		if (!strcmp(inputs[i], "-")) {
			if (stdin_read) {
				afalg_warn("-", "standard input given twice: read once");
				continue;
			}
			stdin_read = true;
			/* stdin cannot be read ahead: fold what came before, then it */
			fold_parallel(m, in.list.v, in.list.walked, in.list.n, &in);
			count(&in, model_fold_file(m, "-"));
			for (size_t j = 0; j < in.list.n; j++)
				free(in.list.v[j]);
			in.list.n = 0;
		} else if (stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			ret = expand_dir(&in, inputs[i], 0);
		} else {
			/* One that cannot be stat'ed is left to the reader to report. */
			ret = add_input(&in, strdup(inputs[i]),
					stat(inputs[i], &st) == 0 ? &st : NULL, false);
		}
	}
	if (!ret)
		fold_parallel(m, in.list.v, in.list.walked, in.list.n, &in);
	for (size_t j = 0; j < in.list.n; j++)
		free(in.list.v[j]);
	free(in.list.v);
	free(in.list.walked);
	/* said once: which files of the directories were not read, and why */
	m->inputs_skipped = in.skipped_reports + in.skipped_other;
	if (!ret && m->inputs_skipped)
		fprintf(stderr,
			"%s: note: %zu derived output%s in the directories not read (%zu "
			"report%s, %zu HTML/Markdown/text/SARIF file%s): only scan, trace and "
			"simulate results are merged\n",
			AFALG_PROG, m->inputs_skipped, m->inputs_skipped == 1 ? "" : "s",
			in.skipped_reports, in.skipped_reports == 1 ? "" : "s", in.skipped_other,
			in.skipped_other == 1 ? "" : "s");
	afalg_intern_destroy(in.seen);
	if (ret)
		return -1;
	*good = in.good;
	return in.bad > INT_MAX ? INT_MAX : (int)in.bad;
}

/*
 * The children started and not yet waited for (0: a free place), and the
 * first signal forwarded to them.  The handlers are ours while any is
 * running; the ones before are kept in old_int/old_term.
 */
static volatile sig_atomic_t child_pids[CMD_SELF_MAX], child_signal;
static struct sigaction old_int, old_term;
static unsigned nchildren;

static void forward_signal(int sig)
{
	if (!child_signal)
		child_signal = sig;
	for (int i = 0; i < CMD_SELF_MAX; i++)
		if (child_pids[i] > 0)
			kill((pid_t)child_pids[i], sig);
}

int cmd_interrupted(void)
{
	return child_signal;
}

int cmd_start_self(struct cmd_self *c, const char *const *argv, const char *env)
{
	struct sigaction fwd = {.sa_handler = forward_signal};
	sigset_t block, old_mask;
	pid_t parent = getpid();
	size_t n = 0;
	const char **args;
	int slot = -1;
	pid_t pid;

	c->pid = -1;
	c->name = argv[0];
	for (int i = 0; i < CMD_SELF_MAX && slot < 0; i++)
		if (child_pids[i] == 0)
			slot = i;
	if (slot < 0) {
		afalg_err(argv[0], "too many commands at once");
		return -1;
	}
	while (argv[n])
		n++;
	args = calloc(n + 2, sizeof(*args));
	if (!args)
		return -1;
	args[0] = AFALG_PROG;
	memcpy(args + 1, argv, n * sizeof(*args));
	fflush(NULL);
	/*
	 * SIGINT and SIGTERM are passed on to the child, and the child waited
	 * for: a trace must not go on alone with its programs attached, writing
	 * into a bundle after we are gone.  Blocked until the child's pid is
	 * known, so none falls in between.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigemptyset(&fwd.sa_mask);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	if (!nchildren) {
		/* A signal ignored (nohup, a background job of sh) stays ignored. */
		sigaction(SIGINT, NULL, &old_int);
		sigaction(SIGTERM, NULL, &old_term);
		if (old_int.sa_handler != SIG_IGN)
			sigaction(SIGINT, &fwd, NULL);
		if (old_term.sa_handler != SIG_IGN)
			sigaction(SIGTERM, &fwd, NULL);
	}
	pid = fork();
	if (pid < 0) {
		afalg_errno(argv[0], errno, "fork failed");
		if (!nchildren) {
			sigaction(SIGINT, &old_int, NULL);
			sigaction(SIGTERM, &old_term, NULL);
		}
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		free(args);
		return -1;
	}
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		/* Killed with us even when we cannot pass anything on (SIGKILL). */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(127);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		if (env && putenv((char *)env)) /* the child's own copy of the environment */
			_exit(127);
		execv("/proc/self/exe", (char *const *)args);
		afalg_errno("/proc/self/exe", errno, "cannot run %s", argv[0]);
		_exit(127);
	}
	free(args);
	child_pids[slot] = pid;
	nchildren++;
	c->pid = pid;
	sigprocmask(SIG_SETMASK, &old_mask, NULL); /* one that came meanwhile is passed on now */
	return 0;
}

/* Forget a child that has been waited for; our handlers go with the last one. */
static void child_gone(pid_t pid)
{
	for (int i = 0; i < CMD_SELF_MAX; i++)
		if (child_pids[i] == pid) {
			child_pids[i] = 0;
			if (!--nchildren) {
				sigaction(SIGINT, &old_int, NULL);
				sigaction(SIGTERM, &old_term, NULL);
			}
		}
}

int cmd_wait_self(struct cmd_self *c)
{
	int status, err;

	if (c->pid <= 0)
		return -1;
	while ((err = waitpid(c->pid, &status, 0) < 0 ? errno : 0) == EINTR)
		;
	child_gone(c->pid);
	c->pid = -1;
	if (err) {
		afalg_errno(c->name, err, "waitpid failed");
		return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
	afalg_err(c->name, "killed by signal %d", WTERMSIG(status));
	return -1;
}

int cmd_run_self(const char *const *argv)
{
	struct cmd_self c;

	if (cmd_start_self(&c, argv, NULL))
		return -1;
	return cmd_wait_self(&c);
}

int cmd_write(const char *path, enum report_format fmt, const struct report *r,
	      const struct render_opts *o)
{
	struct afalg_outfile *out = afalg_outfile_open(path, "report");

	if (!out)
		return -1;
	if (report_render(afalg_outfile_stream(out), fmt, r, o)) {
		/* A renderer fails on its stream (a full disk, /dev/full), or out of memory. */
		afalg_errno(path && strcmp(path, "-") ? path : "stdout", errno,
			    "cannot write the report");
		afalg_outfile_abort(out);
		return -1;
	}
	return afalg_outfile_commit(out);
}

unsigned cmd_text_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	char *end;
	long v;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (!c || !*c)
		return 0;
	errno = 0;
	v = strtol(c, &end, 10);
	return !errno && !*end && v >= 20 && v <= 1000 ? (unsigned)v : 0;
}

bool cmd_want_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && !(nc && *nc);
}

int cmd_format_from_name(const char *cmd, const char *path, enum report_format *fmt)
{
	static const struct {
		const char *ext;
		enum report_format fmt;
	} map[] = {{".txt", REPORT_FMT_TEXT},	 {".json", REPORT_FMT_JSON},
		   {".md", REPORT_FMT_MARKDOWN}, {".html", REPORT_FMT_HTML},
		   {".htm", REPORT_FMT_HTML},	 {".sarif", REPORT_FMT_SARIF}};
	const char *base = strrchr(path, '/'), *dot;
	char list[256];
	size_t used = 0;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base) { /* no extension: text */
		*fmt = REPORT_FMT_TEXT;
		return 0;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcasecmp(dot, map[i].ext)) {
			*fmt = map[i].fmt;
			return 0;
		}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]) && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s %s", i ? ", " : "",
					 map[i].ext, report_format_name(map[i].fmt));
	afalg_err(cmd,
		  "-o %s: no output format has the extension '%s' (supported: %s; or name one with "
		  "--format)",
		  path, dot, list);
	return -1;
}
