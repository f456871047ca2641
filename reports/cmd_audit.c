// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit audit: the one-off system audit.  Scan the installed system
 * (and, if asked, trace it for a while) by running this same binary, then
 * write a report bundle to a directory and print the short summary.
 *
 * A step that gave an incomplete answer does not stop the audit: a scan
 * that could not read an archive in full (its exit status 2, its result
 * written), a trace that failed or was interrupted.  The bundle is written
 * from what there is, MISSING.txt says what is incomplete, one line on
 * stderr says it too, and the exit status is 2.  Only a scan that wrote no
 * result leaves nothing to report.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "argv_builder.h"
#include "cmd_common.h"
#include "commands.h"
#include "kinfo.h"
#include "model.h"
#include "numopt.h"
#include "optbad.h"
#include "outfile.h"
#include "rdata.h"
#include "report_build.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s audit [OPTIONS]\n\n"
		"One-off audit of this system: scan every installed file for AF_ALG users,\n"
		"optionally trace AF_ALG use for a while, and write a report bundle\n"
		"(scan.json, trace.json, report.json, report.md, report.html, report.txt)\n"
		"to a directory; print the short summary.\n\n"
		"Options:\n"
		"  -o, --output DIR     bundle directory (default:\n"
		"                       ./afalg-audit-report-HOST-YYYYmmdd-HHMMSS); created,\n"
		"                       must not exist or be empty\n"
		"  -t, --trace DURATION also trace system-wide: from before the scan starts\n"
		"                       until DURATION after it ends; SECS or 10s, 5m, 1h, as\n"
		"                       trace -d (needs root or CAP_BPF+CAP_PERFMON)\n"
		"      --scan PATH      scan PATH instead of the installed system (repeatable)\n"
		"      --allowlist FILE allowlist to evaluate (default: the proposed upstream "
		"list)\n"
		"      --data-dir DIR   data files (default: $AFALG_DATADIR, else the installed\n"
		"                       ones, %s)\n"
		"  -q, --quiet          no summary on stdout (the bundle is still written)\n"
		"  -h, --help           this help\n\n"
		"Exit status: 0 bundle written and complete, 2 error or incomplete bundle.\n"
		"A scan that could not read an archive or PATH in full, a trace that failed,\n"
		"and SIGINT or SIGTERM while tracing (the trace stops and writes what it saw)\n"
		"leave a bundle written from what there is, say which step was incomplete\n"
		"(one line, and MISSING.txt in the bundle) and exit 2.  A scan that wrote no\n"
		"result (or a signal during the scan) leaves no report.\n",
		AFALG_PROG, AFALG_DATADIR);
}

struct audit_opts {
	const char *dir;		/* -o, or NULL: a name made of host and time */
	const char *allow, *datadir;	/* --allowlist, --data-dir */
	struct argv_builder scan_paths; /* --scan, in order */
	bool installed;			/* no --scan: the installed system */
	long trace_secs;		/* --trace in whole seconds; 0: no trace */
	bool quiet;
};

enum parse_result { PARSE_RUN, PARSE_HELP, PARSE_BAD };

static enum parse_result parse_options(struct audit_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"trace", required_argument, NULL, 't'},
		{"scan", required_argument, NULL, 'S'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	double d;
	int c;

	*o = (struct audit_opts){.installed = true};
	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	while ((c = getopt_long(argc, argv, ":o:t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->dir = optarg;
			break;
		case 't':
			/* The parser of trace -d (numopt.h); whole seconds, rounded up. */
			if (afalg_opt_duration("audit", "--trace", optarg, 1, 1e9, &d))
				return PARSE_BAD;
			o->trace_secs = (long)d + (d > (double)(long)d);
			break;
		case 'S':
			argv_add(&o->scan_paths, optarg);
			o->installed = false;
			break;
		case 'a':
			o->allow = optarg;
			break;
		case 'D':
			o->datadir = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return PARSE_HELP;
		default: /* '?' or ':' */
			afalg_opt_bad("audit", c, argv, longopts);
			return PARSE_BAD;
		}
	}
	if (optind < argc) {
		afalg_err("audit", "unexpected argument '%s' (use --scan PATH to scan a tree)",
			  argv[optind]);
		return PARSE_BAD;
	}
	if (o->scan_paths.failed) {
		afalg_err("audit", "out of memory");
		return PARSE_BAD;
	}
	return PARSE_RUN;
}

/* The bundle directory and the paths of the files the children write into it. */
struct bundle {
	const char *dir;
	char defdir[PATH_MAX]; /* dir when -o was not given */
	char *scan_json, *trace_json, *missing;
};

static int make_dir(const char *dir)
{
	/* Private, like every file in it (docs/security.md). */
	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == EEXIST) {
		char probe[PATH_MAX];

		/* an empty directory is fine: it may have been made for us */
		if (rmdir(dir) == 0 && mkdir(dir, 0700) == 0)
			return 0;
		snprintf(probe, sizeof(probe), "%s", dir);
		afalg_err(probe, "exists and is not empty (choose another -o DIR)");
		return -1;
	}
	afalg_errno(dir, errno, "cannot create the bundle directory");
	return -1;
}

static char *path_in(const char *dir, const char *name)
{
	return rdata_path_join(dir, name);
}

/* ./afalg-audit-report-HOST-YYYYmmdd-HHMMSS */
static void default_dir(char *buf, size_t size)
{
	char host[128] = "host", stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	for (char *p = host; *p; p++) /* a file name, whatever the host name holds */
		if (*p == '/' || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '_';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, size, "afalg-audit-report-%s-%s", host, stamp);
}

static int bundle_create(struct bundle *b, const char *dir)
{
	if (!dir) {
		default_dir(b->defdir, sizeof(b->defdir));
		dir = b->defdir;
	}
	b->dir = dir;
	if (make_dir(dir))
		return -1;
	b->scan_json = path_in(dir, "scan.json");
	b->trace_json = path_in(dir, "trace.json");
	b->missing = path_in(dir, "MISSING.txt");
	if (!b->scan_json || !b->trace_json || !b->missing) {
		afalg_err("audit", "out of memory");
		return -1;
	}
	return 0;
}

static void bundle_free(struct bundle *b)
{
	free(b->scan_json);
	free(b->trace_json);
	free(b->missing);
}

/* How a step ended. */
enum step_end {
	STEP_DONE,	 /* its whole answer is in the bundle */
	STEP_INCOMPLETE, /* its answer is in the bundle, but incomplete */
	STEP_FAILED,	 /* no answer */
};

/* Run 'scan' into the bundle's scan.json. */
static enum step_end run_scan(const struct audit_opts *o, const struct bundle *b)
{
	struct argv_builder a = {0};
	int st;

	argv_add(&a, "scan");
	argv_add(&a, "-q");
	argv_add(&a, "-o");
	argv_add(&a, b->scan_json);
	argv_add(&a, "--");
	argv_add_all(&a, &o->scan_paths);
	if (a.failed) {
		afalg_err("audit", "out of memory");
		argv_free(&a);
		return STEP_FAILED;
	}
	if (!o->quiet)
		fprintf(stderr, "%s: audit: scanning %s\n", AFALG_PROG,
			o->installed ? "the installed system (dpkg, /usr/local, /opt)"
				     : "the given paths");
	st = cmd_run_self(a.v);
	argv_free(&a);
	if (st == 0)
		return STEP_DONE;
	if (cmd_interrupted()) {
		afalg_err("audit", "interrupted by SIG%s during the scan: no report written",
			  sigabbrev_np(cmd_interrupted()));
		return STEP_FAILED;
	}
	/*
	 * Its result written, its exit status 2: an archive or PATH it could
	 * not read in full, an archive over a limit (scan --help).  What it
	 * read is an answer, an incomplete one.
	 */
	if ((st == AFALG_EXIT_ERROR || st == 1) && access(b->scan_json, F_OK) == 0)
		return STEP_INCOMPLETE;
	if (st > 0)
		afalg_err("audit", "scan failed (exit status %d)", st);
	return STEP_FAILED;
}

/* What became of the trace; all zero (STEP_DONE, nothing missing) when none was asked. */
struct trace_end {
	enum step_end end;
	int signal;  /* SIGINT/SIGTERM that stopped it, or 0 */
	long traced; /* seconds traced until then */
};

/*
 * The trace runs around the scan: started first, the scan run while it
 * traces, and stopped --trace after the scan has ended.  A scan takes
 * minutes on a real system; a trace started after it missed what ran
 * meanwhile (kcapi-dgst and a python3 sha1 user in a 6.12 guest: "0 seen at
 * run time").
 */
struct trace_run {
	struct cmd_self child;
	struct timespec ready; /* when it said it was attached */
	char notify_env[160];  /* NOTIFY_SOCKET=@... for the child (sun_path fits) */
};

/* How long a tracer may take to load and attach (minutes under emulation). */
#define TRACE_READY_TIMEOUT_S 600

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Has the child exited (not reaped: cmd_wait_self() does that)? */
static bool child_exited(const struct cmd_self *c)
{
	siginfo_t si = {0};

	return waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid;
}

/*
 * One datagram into buf: its length; 0 for one not from pid, which is
 * dropped (an abstract socket has no permissions: anyone on the host can
 * send to it, and a READY=1 of theirs would start the scan before the
 * trace is attached); -1 when there is none left.
 */
static ssize_t recv_from_child(int sock, char *buf, size_t size, pid_t pid)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} c;
	struct iovec iov = {.iov_base = buf, .iov_len = size};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = c.b,
			    .msg_controllen = sizeof(c.b)};
	struct cmsghdr *cm;
	ssize_t r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);

	if (r < 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
			return uc.pid == pid ? r : 0;
		}
	return 0;
}

/*
 * Start 'trace' (until told to stop) into the bundle's trace.json and wait
 * until it has attached: it says READY=1 on a socket of ours (sd_notify's
 * protocol, as to systemd), so nothing that runs after this returns 0 is
 * missed.  -1 (said why) if it failed first.
 */
static int trace_start(const struct audit_opts *o, const struct bundle *b, struct trace_run *tr)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct argv_builder a = {0};
	struct timespec t0, now;
	bool ready = false;
	socklen_t len;
	int sock, n;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* An abstract name: nothing in the file system, gone with the socket. */
	n = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1, "afalg-audit-%d-%lld", (int)getpid(),
		     (long long)now.tv_sec * 1000000000ll + now.tv_nsec);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	snprintf(tr->notify_env, sizeof(tr->notify_env), "NOTIFY_SOCKET=@%s", sa.sun_path + 1);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	/* the sender's pid with each datagram: only the trace's READY=1 counts */
	if (sock < 0 || setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &(int){1}, sizeof(int)) ||
	    bind(sock, (struct sockaddr *)&sa, len)) {
		afalg_errno("audit", errno, "cannot make the socket the trace reports ready on");
		if (sock >= 0)
			close(sock);
		return -1;
	}
	argv_add(&a, "trace");
	argv_add(&a, "-q");
	argv_add(&a, "-o");
	argv_add(&a, b->trace_json);
	if (a.failed || cmd_start_self(&tr->child, a.v, tr->notify_env)) {
		if (a.failed)
			afalg_err("audit", "out of memory");
		argv_free(&a);
		close(sock);
		return -1;
	}
	argv_free(&a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!ready && !cmd_interrupted() && !child_exited(&tr->child) &&
	       since(&t0) < TRACE_READY_TIMEOUT_S) {
		struct pollfd p = {.fd = sock, .events = POLLIN};
		char msg[512];
		ssize_t r;

		if (poll(&p, 1, 250) <= 0)
			continue;
		while ((r = recv_from_child(sock, msg, sizeof(msg) - 1, tr->child.pid)) >= 0) {
			msg[r] = '\0';
			for (char *l = strtok(msg, "\n"); l; l = strtok(NULL, "\n"))
				ready |= !strcmp(l, "READY=1");
		}
	}
	close(sock);
	if (ready) {
		clock_gettime(CLOCK_MONOTONIC, &tr->ready);
		if (!o->quiet)
			fprintf(stderr,
				"%s: audit: tracing AF_ALG use, from now until %ld s after the "
				"scan\n",
				AFALG_PROG, o->trace_secs);
		return 0;
	}
	if (!child_exited(&tr->child)) {
		if (!cmd_interrupted())
			afalg_err("audit", "the trace did not attach within %d s",
				  TRACE_READY_TIMEOUT_S);
		kill(tr->child.pid, SIGTERM);
	}
	cmd_wait_self(&tr->child);
	unlink(b->trace_json);
	return -1;
}

/*
 * Trace on for --trace seconds after the scan (less if it stops or we are
 * told to), then stop the trace with SIGINT: it writes what it saw.
 */
static struct trace_end trace_finish(const struct audit_opts *o, const struct bundle *b,
				     struct trace_run *tr, bool scan_ok)
{
	struct trace_end t = {0};
	struct timespec t0;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (scan_ok && !cmd_interrupted() && !child_exited(&tr->child) &&
	       since(&t0) < (double)o->trace_secs)
		poll(NULL, 0, 100);
	if (!child_exited(&tr->child) && !cmd_interrupted())
		kill(tr->child.pid, SIGINT);
	st = cmd_wait_self(&tr->child);
	t.traced = (long)since(&tr->ready);
	/*
	 * SIGINT/SIGTERM while tracing: the trace was told too, stopped and
	 * wrote what it had; the bundle is made with that, and says so.
	 */
	t.signal = cmd_interrupted();
	if (st != 0 || access(b->trace_json, R_OK) != 0) {
		afalg_warn("audit", "the trace failed (see above): the report is built from "
				    "the scan alone");
		unlink(b->trace_json);
		t.end = STEP_FAILED;
	} else {
		t.end = t.signal ? STEP_INCOMPLETE : STEP_DONE;
	}
	return t;
}

/* The report in each format of the bundle. */
static int write_reports(const struct bundle *b, const struct report *r)
{
	static const struct {
		const char *name;
		enum report_format fmt;
	} outs[] = {{"report.json", REPORT_FMT_JSON},
		    {"report.md", REPORT_FMT_MARKDOWN},
		    {"report.txt", REPORT_FMT_TEXT},
		    {"report.html", REPORT_FMT_HTML}};
	struct render_opts ro = {0};

	for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		char *p = path_in(b->dir, outs[i].name);
		int err = p ? cmd_write(p, outs[i].fmt, r, &ro) : -1;

		free(p);
		if (err)
			return -1;
	}
	return 0;
}

/* MISSING.txt: one line for each file of the bundle that is incomplete or absent. */
static int write_missing(const struct audit_opts *o, const struct bundle *b, enum step_end scan,
			 const struct trace_end *t)
{
	struct afalg_outfile *mf;
	FILE *f;

	if (scan == STEP_DONE && t->end == STEP_DONE)
		return 0;
	if (!(mf = afalg_outfile_open(b->missing, "list of missing files")))
		return -1;
	f = afalg_outfile_stream(mf);
	if (scan == STEP_INCOMPLETE)
		fputs("scan.json: incomplete: the scan could not read an archive or PATH in full "
		      "(listed in its \"errors\"); the report holds what it read\n",
		      f);
	if (t->end == STEP_FAILED)
		fputs("trace.json: not written: the trace failed; the report is built from "
		      "the scan alone\n",
		      f);
	else if (t->signal)
		fprintf(f,
			"trace.json: incomplete: %s was interrupted by SIG%s after %ld s "
			"of the %ld s asked; the trace and the report hold what was seen "
			"until then\n",
			AFALG_PROG, sigabbrev_np(t->signal), t->traced, o->trace_secs);
	return afalg_outfile_commit(mf);
}

/* The headline, options and measures, and where the bundle is. */
static int print_summary(const struct bundle *b, const struct report *r, bool traced)
{
	struct render_opts ro = {.summary_only = true, .color = cmd_want_color()};

	if (report_render_text(stdout, r, &ro))
		return -1;
	printf("\nReport bundle: %s/ (report.json, report.md, report.txt, report.html%s)\n", b->dir,
	       traced ? ", scan.json, trace.json" : ", scan.json");
	fflush(stdout);
	return 0;
}

/* One line on stderr for each step that was incomplete; the audit's exit status. */
static int say_incomplete(const struct audit_opts *o, const struct bundle *b, enum step_end scan,
			  const struct trace_end *t)
{
	if (scan == STEP_INCOMPLETE)
		afalg_err("audit",
			  "the scan is incomplete (an archive or PATH not read in full: \"errors\" "
			  "in scan.json): the bundle holds what it read (see %s/MISSING.txt)",
			  b->dir);
	if (t->signal && t->end == STEP_FAILED)
		afalg_err("audit",
			  "interrupted by SIG%s while tracing: no trace; the bundle is from the "
			  "scan alone (see %s/MISSING.txt)",
			  sigabbrev_np(t->signal), b->dir);
	else if (t->signal)
		afalg_err("audit",
			  "interrupted by SIG%s while tracing: the bundle holds what was seen "
			  "in %ld s of %ld (see %s/MISSING.txt)",
			  sigabbrev_np(t->signal), t->traced, o->trace_secs, b->dir);
	return scan == STEP_DONE && t->end == STEP_DONE ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_opts o;
	struct bundle b = {0};
	struct trace_end t = {0};
	struct trace_run tr = {.child = {.pid = -1}};
	struct report *r = NULL;
	struct rdata data = {0};
	struct model m = {0};
	enum step_end scan;
	struct kinfo k;
	int rc = AFALG_EXIT_ERROR;

	switch (parse_options(&o, argc, argv)) {
	case PARSE_RUN:
		break;
	case PARSE_HELP:
		rc = AFALG_EXIT_OK;
		goto out;
	case PARSE_BAD:
		goto out;
	}
	/* data files first: a broken install fails before minutes of scanning */
	if (rdata_load(&data, o.datadir, o.allow) || model_init(&m, &data))
		goto out;
	if (bundle_create(&b, o.dir))
		goto out;
	if (o.trace_secs && trace_start(&o, &b, &tr)) {
		afalg_warn("audit", "the trace failed (see above): the report is built from "
				    "the scan alone");
		t.end = STEP_FAILED;
	}
	scan = run_scan(&o, &b);
	if (tr.child.pid > 0)
		t = trace_finish(&o, &b, &tr, scan != STEP_FAILED);
	if (scan == STEP_FAILED)
		goto out;

	if (model_fold_file(&m, b.scan_json) ||
	    (o.trace_secs && t.end != STEP_FAILED && model_fold_file(&m, b.trace_json)))
		goto out;
	kinfo_read(&k, NULL);
	if (!(r = report_build(&m, &k))) {
		afalg_err("audit", "out of memory");
		goto out;
	}
	if (write_reports(&b, r) || write_missing(&o, &b, scan, &t))
		goto out;
	if (!o.quiet && print_summary(&b, r, o.trace_secs && t.end != STEP_FAILED))
		goto out;
	rc = say_incomplete(&o, &b, scan, &t);
out:
	report_free(r);
	bundle_free(&b);
	argv_free(&o.scan_paths);
	model_free(&m);
	rdata_free(&data);
	return rc;
}
