// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit trace: load the BPF side, collect first sightings from the
 * ring buffer, read the in-kernel counters, write JSON (and, for long runs,
 * a state file saved atomically and merged on restart).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "afalg.h"
#include "afalg_trace.h"
#include "afalg_trace.skel.h"
#include "call_tokens.h"
#include "commands.h"
#include "numopt.h"
#include "optbad.h"
#include "trace_cmd.h"
#include "fastpath.h"
#include "outfile.h"
#include "kprobe_events.h"
#include "trace_journal.h"
#include "metrics_http.h"
#include "trace_metrics.h"
#include "pkg_owner.h"
#include "trace_load.h"
#include "trace_output.h"
#include "trace_privs.h"
#include "sd_notify.h"
#include "state_lock.h"

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
}

struct trace_opts {
	pid_t pid;
	double duration; /* seconds, 0 = until interrupted */
	const char *out_path;
	const char *state_path;
	double state_interval; /* seconds between state saves */
	uint32_t max_keys;     /* capacity of the in-kernel key table, 0 = default */
	enum trace_data_path data_path;
	bool verbose;
	bool quiet;
	bool journal;		  /* --journal */
	const char *metrics_path; /* --metrics FILE, or NULL */
	const char *listen;	  /* --listen ADDR, or NULL */
	char **cmd;		  /* -- CMD ARGS, or NULL */
};

static bool libbpf_verbose;

/* libbpf's own messages only with -v: our errors say what failed in one line. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	if (!libbpf_verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s trace [OPTIONS] [-- COMMAND [ARGS...]]\n\n"
		"Record which programs use AF_ALG on this system, and how, with eBPF.\n"
		"Counting happens in the kernel; only new findings reach user space.\n\n"
		"Options:\n"
		"  -p, --pid PID            trace only this process\n"
		"  -- COMMAND [ARGS...]     run COMMAND and trace it and its descendants;\n"
		"                           stop when it exits\n"
		"  -d, --duration TIME      stop after TIME: SECS or 10s, 5m, 1h (default: until\n"
		"                           SIGINT/SIGTERM)\n"
		"  -o, --output FILE        write the JSON result to FILE (default: stdout)\n"
		"  -s, --state FILE         long runs: merge FILE on start, save it atomically\n"
		"                           every --state-interval and on SIGINT/SIGTERM;\n"
		"                           one tracer per FILE (a lock, FILE.lock beside it)\n"
		"      --state-interval TIME  (SECS or 10s, 5m, 1h; default 60)\n"
		"      --max-keys N         distinct findings the kernel can count (default %d)\n"
		"      --data-path WHERE    where send/recv/splice are seen: 'kprobe' (AF_ALG's\n"
		"                           module functions; other sockets pay nothing; never\n"
		"                           pins a module), 'fentry' (the same, moved to cheaper\n"
		"                           fentry programs while a module is busy, which keeps\n"
		"                           it loaded until 5 s after its last operation), 'lsm'\n"
		"                           (socket LSM hooks; no tracefs events), or 'auto'\n"
		"                           (default: fentry where the kernel can, else kprobe,\n"
		"                           else lsm)\n"
		"      --journal            send each new AF_ALG user to the systemd journal as\n"
		"                           a structured entry (MESSAGE_ID=%s;\n"
		"                           docs/journal.md)\n"
		"      --metrics FILE       write Prometheus metrics to FILE (for node_exporter's\n"
		"                           textfile collector: a *.prom file in its directory)\n"
		"                           atomically, every --state-interval and at the end\n"
		"                           (docs/metrics.md)\n"
		"      --listen ADDR        also serve them over HTTP at ADDR (127.0.0.1:9468,\n"
		"                           [::1]:9468; port 0: any), GET /metrics only, for\n"
		"                           setups without node_exporter; no TLS, no\n"
		"                           authentication: a loopback or management address\n"
		"  -q, --quiet              no progress or live lines on stderr\n"
		"  -v, --verbose            show the hooks chosen and libbpf's messages\n"
		"  -h, --help               this help\n\n"
		"On a terminal, one line per new finding is printed on stderr.\n"
		"Needs root, or CAP_BPF + CAP_PERFMON, and kernel BTF (/sys/kernel/btf/vmlinux).\n"
		"JSON format: docs/schema/trace-v2.schema.json.\n",
		AFALG_PROG, AFALG_MAX_KEYS, AFALG_JOURNAL_MESSAGE_ID);
}

/* Durations: SECS, or with a unit (numopt.h); more than a millisecond, at most ~31 years. */
#define MIN_SECONDS 0.001
#define MAX_SECONDS 1e9
/* The kernel's largest pid_max (PID_MAX_LIMIT on 64-bit). */
#define MAX_PID 4194304

/* 0: go on; 1: --help done; -1: usage error (reported). */
static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	enum {
		OPT_STATE_INTERVAL = 256,
		OPT_MAX_KEYS,
		OPT_DATA_PATH,
		OPT_JOURNAL,
		OPT_METRICS,
		OPT_LISTEN
	};
	static const struct option longopts[] = {
		{"pid", required_argument, NULL, 'p'},
		{"duration", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"state", required_argument, NULL, 's'},
		{"state-interval", required_argument, NULL, OPT_STATE_INTERVAL},
		{"max-keys", required_argument, NULL, OPT_MAX_KEYS},
		{"data-path", required_argument, NULL, OPT_DATA_PATH},
		{"journal", no_argument, NULL, OPT_JOURNAL},
		{"metrics", required_argument, NULL, OPT_METRICS},
		{"listen", required_argument, NULL, OPT_LISTEN},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	o->state_interval = 60;
	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	/*
	 * '+': stop at the first non-option, so COMMAND's own options stay its
	 * own; ':': a missing argument is told apart.
	 */
	while ((c = getopt_long(argc, argv, "+:p:d:o:s:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': {
			uint64_t v;

			if (afalg_opt_count("trace", "--pid", optarg, 1, MAX_PID, &v))
				return -1;
			o->pid = (pid_t)v;
			break;
		}
		case 'd':
			if (afalg_opt_duration("trace", "--duration", optarg, MIN_SECONDS,
					       MAX_SECONDS, &o->duration))
				return -1;
			break;
		case 'o':
			o->out_path = optarg;
			break;
		case 's':
			o->state_path = optarg;
			break;
		case OPT_STATE_INTERVAL:
			if (afalg_opt_duration("trace", "--state-interval", optarg, MIN_SECONDS,
					       MAX_SECONDS, &o->state_interval))
				return -1;
			break;
		case OPT_MAX_KEYS: {
			uint64_t v;

			if (afalg_opt_count("trace", "--max-keys", optarg, 1, 1u << 22, &v))
				return -1;
			o->max_keys = (uint32_t)v;
			break;
		}
		case OPT_DATA_PATH:
			if (!strcmp(optarg, "auto"))
				o->data_path = TRACE_DATA_AUTO;
			else if (!strcmp(optarg, "kprobe"))
				o->data_path = TRACE_DATA_KPROBE;
			else if (!strcmp(optarg, "fentry"))
				o->data_path = TRACE_DATA_FENTRY;
			else if (!strcmp(optarg, "lsm"))
				o->data_path = TRACE_DATA_LSM;
			else {
				afalg_err("trace",
					  "invalid --data-path '%s' (auto, kprobe, fentry, lsm)",
					  optarg);
				return -1;
			}
			break;
		case OPT_JOURNAL:
			o->journal = true;
			break;
		case OPT_METRICS:
			/* a file for a collector to read, never a terminal's mode changed */
			if (!strcmp(optarg, "-")) {
				afalg_err("trace",
					  "--metrics needs a file (node_exporter reads "
					  "*.prom files from its textfile directory), not '-'");
				return -1;
			}
			o->metrics_path = optarg;
			break;
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default: /* '?' or ':' */
			afalg_opt_bad("trace", c, argv, longopts);
			return -1;
		}
	}
	if (optind < argc) {
		if (strcmp(argv[optind - 1], "--")) {
			afalg_err("trace", "unexpected argument '%s' (a command goes after '--')",
				  argv[optind]);
			return -1;
		}
		o->cmd = argv + optind;
	}
	if (o->cmd && o->pid) {
		afalg_err("trace", "-p and -- COMMAND exclude each other");
		return -1;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall-clock ns, for the traced window the JSON states. */
static int64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/*
 * ring_buffer__poll() and __consume() (libbpf 1.1) go on reading as long as
 * events keep coming: with new findings arriving faster than they are
 * symbolized, the main loop would never run again (no --state save, no
 * --duration, no SIGINT).  The callback stops them at rb_deadline or on a
 * signal (rb_deadline 0: never); the event it has just handled is consumed,
 * the others wait for the next call.
 */
#define RB_YIELD (-EAGAIN)
static double rb_deadline;

static int handle_event(void *ctx, void *data, size_t len)
{
	struct trace_result *res = ctx;

	if (len < sizeof(struct afalg_event))
		return 0;
	trace_result_add(res, data);
	if (rb_deadline > 0 && (exiting || now_s() >= rb_deadline))
		return RB_YIELD;
	return 0;
}

/*
 * Runs of our programs the kernel skipped because a BPF program was already
 * running on that CPU (fentry recursion guard, kprobe's bpf_prog_active; a
 * preempted program counts too): events lost inside the kernel.
 */
static void missed_by(struct trace_result *res, const char *name, uint64_t n)
{
	if (!n || res->nmissed_by >= TRACE_MISSED_BY_MAX)
		return;
	snprintf(res->missed_by[res->nmissed_by].name, sizeof(res->missed_by[0].name), "%s", name);
	res->missed_by[res->nmissed_by++].n = n;
}

static uint64_t prog_misses(struct trace_result *res, struct afalg_trace *skel, uint64_t *twins)
{
	struct bpf_program *prog;
	uint64_t n = 0;

	*twins = 0;
	bpf_object__for_each_program(prog, skel->obj)
	{
		uint64_t m = trace_prog_missed(bpf_program__fd(prog));

		/* A twin's skipped run is recorded by the other twin (call_tokens.h). */
		if (call_tokens_is_twin(bpf_program__name(prog))) {
			*twins += m;
		} else {
			n += m;
			missed_by(res, bpf_program__name(prog), m);
		}
	}
	return n;
}

/* Calls neither twin recorded, found by user space (call_tokens_sweep()), so far. */
static uint64_t tokens_swept;
/* Skipped runs of a twin, which the other twin covered: only said with -v. */
static uint64_t twin_skips;

/*
 * fe_missed: skipped runs of the fastpath's fentry programs
 * (fastpath_prog_missed()).  final: the last collection, the programs about
 * to stop: every token older than a second is a lost call; while tracing, a
 * call may still be loading a module after seconds.
 */
static void collect(struct trace_result *res, struct afalg_trace *skel, uint64_t fe_missed,
		    bool final)
{
	uint64_t age_ns = final ? 1000000000ull : 60000000000ull;

	tokens_swept += call_tokens_sweep(bpf_map__fd(skel->maps.call_tokens),
					  bpf_map__fd(skel->maps.pending_bind), age_ns);
	res->nmissed_by = 0;
	res->prog_missed = prog_misses(res, skel, &twin_skips) + fe_missed;
	missed_by(res, "fastpath", fe_missed);
	trace_result_collect(res, bpf_map__fd(skel->maps.counts), bpf_map__fd(skel->maps.slots),
			     skel->bss->sock_cache, bpf_map__fd(skel->maps.stats),
			     bpf_map__fd(skel->maps.exe_procs));
	/* Found in the kernel (a thread's next call met its old token) or here. */
	res->prog_missed += res->lost[AFALG_STAT_UNCLAIMED] + tokens_swept;
	missed_by(res, "unclaimed_calls", res->lost[AFALG_STAT_UNCLAIMED] + tokens_swept);
}

/* --listen: what /metrics serves, rendered as the --metrics file would be. */
static void publish_metrics(struct metrics_http *h, const struct trace_result *r,
			    struct pkg_owners *owners)
{
	struct timespec ts;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (trace_metrics_print(f, r, owners, (double)ts.tv_sec + ts.tv_nsec / 1e9) == 0 &&
	    fflush(f) == 0)
		metrics_http_publish(h, buf, len); /* out of memory: the old text stays */
	fclose(f);
	free(buf);
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o = {0};
	struct afalg_trace *skel = NULL;
	struct kprobe_events *kev = NULL;
	struct fastpath *fp = NULL;
	uint64_t fe_missed;
	struct trace_load_opts lo;
	struct ring_buffer *rb = NULL;
	struct trace_result res;
	struct traced_cmd cmd = {0};
	enum afalg_filter mode = AFALG_FILTER_ALL;
	char hookdesc[1024];
	double start, last_save;
	int state_lock = -1;
	struct pkg_owners *owners = NULL; /* --metrics' package labels */
	struct metrics_http *http = NULL; /* --listen */
	bool naming = false;
	int err, rc = AFALG_EXIT_ERROR;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err > 0 ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;
	if (trace_check_privileges() < 0)
		return AFALG_EXIT_ERROR;
	/* Every output checked before attaching: a bad one fails now, not at the end. */
	if ((o.out_path && afalg_outfile_check(o.out_path, "trace result")) ||
	    (o.state_path && afalg_outfile_check(o.state_path, "state file")) ||
	    (o.metrics_path && afalg_outfile_check(o.metrics_path, "metrics file")))
		return AFALG_EXIT_ERROR;
	/* What to trace exists, before attaching (exit 2 with the reason). */
	if ((o.pid && traced_pid_check(o.pid)) || (o.cmd && traced_cmd_check(o.cmd)))
		return AFALG_EXIT_ERROR;
	/* No journal to write to is an error now, not silence later. */
	if (o.journal && access(TRACE_JOURNAL_SOCKET, W_OK)) {
		afalg_errno("trace", errno, "--journal: no systemd journal here (%s)",
			    TRACE_JOURNAL_SOCKET);
		return AFALG_EXIT_ERROR;
	}
	/* One tracer per state file, known before anything is read or attached. */
	if (o.state_path && (state_lock = trace_state_lock(o.state_path)) < 0)
		return AFALG_EXIT_ERROR;
	afalg_sd_notify_init(); /* before a traced command is forked */

	trace_result_init(&res, (!o.quiet && isatty(STDERR_FILENO)) ? stderr : NULL);
	if (o.state_path && trace_result_load(&res, o.state_path) < 0)
		goto out_res;
	if (o.journal && !(res.journal = trace_journal_new())) {
		afalg_errno("trace", ENOMEM, "--journal");
		goto out_res;
	}
	if ((o.metrics_path || o.listen) && !(owners = pkg_owners_new())) {
		afalg_errno("trace", ENOMEM, "--metrics");
		goto out_res;
	}

	libbpf_verbose = o.verbose;
	libbpf_set_print(libbpf_print);
	if (o.pid)
		mode = AFALG_FILTER_PID;
	if (o.cmd) {
		mode = AFALG_FILTER_TREE;
		if (traced_cmd_start(&cmd, o.cmd) < 0)
			goto out_res;
	}
	lo = (struct trace_load_opts){
		.filter = mode,
		.pid = o.pid,
		.max_keys = o.max_keys,
		/* fentry: the kprobe data path, plus the switch below (auto: where possible) */
		.data_path = o.data_path == TRACE_DATA_FENTRY ? TRACE_DATA_KPROBE : o.data_path,
		.verbose = o.verbose};
	skel = trace_load(&lo, &kev, hookdesc, sizeof(hookdesc), &res.sites_in_kernel);
	res.max_keys = o.max_keys ? o.max_keys : AFALG_MAX_KEYS;
	if (!skel)
		goto out;
	snprintf(res.hooks, sizeof(res.hooks), "%s", hookdesc);
	res.data_path = kev					      ? "kprobe"
			: strstr(hookdesc, "security_socket_sendmsg") ? "lsm"
								      : "none";
	if (o.verbose)
		fprintf(stderr, "%s: trace: hooks: %s\n", AFALG_PROG, hookdesc);
	/*
	 * A busy module's functions on fentry: the default, since it is what
	 * keeps small AF_ALG operations within 5 % (bench/RESULTS.md); only
	 * --data-path kprobe keeps the modules never pinned at all.
	 */
	fp = fastpath_new(skel, kev,
			  o.data_path == TRACE_DATA_FENTRY || o.data_path == TRACE_DATA_AUTO,
			  o.verbose);
	if (o.cmd) {
		__u32 tgid = (__u32)cmd.pid;
		__u8 one = 1;

		if (bpf_map__update_elem(skel->maps.traced_tgids, &tgid, sizeof(tgid), &one,
					 sizeof(one), BPF_ANY)) {
			afalg_errno("trace", errno, "cannot register the command's process");
			goto out;
		}
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, &res, NULL);
	if (!rb) {
		afalg_errno("trace", errno, "cannot set up the ring buffer");
		goto out;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	start = last_save = now_s();
	if (!res.started_ns || wall_ns() < res.started_ns)
		res.started_ns = wall_ns(); /* else the state's first run started earlier */
	res.ended_ns = wall_ns();
	if (!o.quiet)
		fprintf(stderr, "%s: tracing AF_ALG use%s... %s\n", AFALG_PROG,
			o.cmd	? " of the command"
			: o.pid ? " of one process"
				: "",
			o.cmd		 ? "until it exits."
			: o.duration > 0 ? "until the duration is over."
					 : "Ctrl-C to end.");
	if (o.listen) {
		char why[256];

		http = metrics_http_start(o.listen, why, sizeof(why));
		if (!http) {
			afalg_err("trace", "%s", why);
			goto out;
		}
		publish_metrics(http, &res, owners);
		if (!o.quiet)
			fprintf(stderr, "%s: trace: serving /metrics on port %u (%s)\n", AFALG_PROG,
				metrics_http_port(http), o.listen);
	}
	/* Type=notify units: "started" means attached (the first AF_ALG user
	 * after "systemctl start" returns is recorded). */
	err = afalg_sd_notify("READY=1");
	if (err < 0)
		afalg_errno("trace", -err, "cannot tell the service manager it is ready");
	if (o.cmd)
		traced_cmd_release(&cmd, true);
	while (!exiting) {
		double t;

		rb_deadline = now_s() + 0.1;
		/* While first sightings wait to be named, the pump below does the waiting. */
		err = ring_buffer__poll(rb, naming ? 0 : 100 /* ms */);
		if (err < 0 && err != -EINTR && err != RB_YIELD) {
			afalg_errno("trace", -err, "reading the ring buffer");
			goto out;
		}
		naming = trace_result_pump(&res, 0.1); /* at most 0.1 s */
		t = now_s();
		fastpath_tick(fp, t);
		if (o.duration > 0 && t - start >= o.duration)
			break;
		if (o.cmd && traced_cmd_poll(&cmd))
			break;
		if ((o.state_path || o.metrics_path || http) && t - last_save >= o.state_interval) {
			rb_deadline = t + 0.1;
			ring_buffer__consume(rb);
			collect(&res, skel, fastpath_prog_missed(fp), false);
			res.duration_s = t - start;
			res.ended_ns = wall_ns();
			/* errors reported; tracing goes on */
			if (o.state_path)
				trace_result_save_state(&res, o.state_path);
			if (o.metrics_path)
				trace_metrics_write(&res, owners, o.metrics_path);
			if (http)
				publish_metrics(http, &res, owners);
			last_save = t;
		}
	}
	afalg_sd_notify("STOPPING=1");
	res.duration_s = now_s() - start;
	res.ended_ns = wall_ns();
	res.fentry_upgrades = fastpath_upgrades(fp);
	fe_missed = fastpath_prog_missed(fp);
	fastpath_free(fp); /* before the last read: its programs stop first */
	fp = NULL;
	rb_deadline = 0; /* the last read takes everything left */
	ring_buffer__consume(rb);
	trace_result_finish_naming(&res, 2.0); /* what is left after 2 s stays unnamed */
	collect(&res, skel, fe_missed, true);
	trace_result_report_losses(&res); /* on stderr; still a successful trace */
	if (o.journal && o.verbose)
		fprintf(stderr, "%s: trace: %u finding(s) sent to the journal, %u refused\n",
			AFALG_PROG, trace_journal_sent(res.journal),
			trace_journal_failed(res.journal));
	if (o.verbose && twin_skips)
		fprintf(stderr,
			"%s: trace: %llu runs of the socket()/bind() recorders skipped by the "
			"kernel, covered by their twins\n",
			AFALG_PROG, (unsigned long long)twin_skips);
	/* Both outputs, whatever happens to the other. */
	rc = AFALG_EXIT_OK;
	if (o.state_path && trace_result_save_state(&res, o.state_path) < 0)
		rc = AFALG_EXIT_ERROR;
	if (trace_result_write_json(&res, o.out_path) < 0)
		rc = AFALG_EXIT_ERROR;
	res.ended = true; /* the metrics say the tracer is no longer up */
	if (o.metrics_path && trace_metrics_write(&res, owners, o.metrics_path) < 0)
		rc = AFALG_EXIT_ERROR;
	metrics_http_stop(http); /* scrapers see the tracer gone, not a last "up 0" */
	http = NULL;
	if (o.cmd && traced_cmd_poll(&cmd) && cmd.exec_errno)
		rc = AFALG_EXIT_ERROR; /* it never ran (the child said why) */
	else if (o.cmd && traced_cmd_poll(&cmd) && traced_cmd_exit_code(&cmd) != 0 && !o.quiet)
		fprintf(stderr, "%s: trace: the command exited with status %d\n", AFALG_PROG,
			traced_cmd_exit_code(&cmd));
out:
	metrics_http_stop(http); /* NULL after a normal end */
	if (o.cmd && cmd.pid > 0) {
		traced_cmd_release(&cmd, false); /* no-op if already released */
		if (!traced_cmd_poll(&cmd) && exiting)
			kill(cmd.pid, SIGTERM);
	}
	ring_buffer__free(rb);
	fastpath_free(fp);
	kprobe_events_destroy(kev);
	afalg_trace__destroy(skel);
out_res:
	trace_journal_free(res.journal);
	pkg_owners_free(owners);
	trace_result_free(&res);
	trace_state_unlock(state_lock); /* after the last save */
	return rc;
}
