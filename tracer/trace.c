// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit trace: load the BPF side, collect first sightings from the
 * ring buffer, read the in-kernel counters at the end, write JSON.
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
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "afalg.h"
#include "afalg_trace.h"
#include "afalg_trace.skel.h"
#include "commands.h"
#include "trace_output.h"
#include "trace_privs.h"

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
	bool verbose;
	bool quiet;
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
		"Usage: %s trace [OPTIONS]\n\n"
		"Record which programs use AF_ALG on this system, and how, with eBPF.\n"
		"Counting happens in the kernel; only new findings reach user space.\n\n"
		"Options:\n"
		"  -p, --pid PID         trace only this process\n"
		"  -d, --duration SECS   stop after SECS seconds (default: until SIGINT/SIGTERM)\n"
		"  -o, --output FILE     write the JSON result to FILE (default: stdout)\n"
		"  -q, --quiet           no live line per new finding\n"
		"  -v, --verbose         show libbpf's messages\n"
		"  -h, --help            this help\n\n"
		"Needs root, or CAP_BPF + CAP_PERFMON (+ CAP_SYS_RESOURCE on old kernels),\n"
		"and kernel BTF (/sys/kernel/btf/vmlinux).\n",
		AFALG_PROG);
}

static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{"pid", required_argument, NULL, 'p'},
		{"duration", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:d:o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': {
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v <= 0 || v > 0x3fffffff) {
				afalg_err("trace", "invalid PID '%s'", optarg);
				return -1;
			}
			o->pid = (pid_t)v;
			break;
		}
		case 'd':
			errno = 0;
			o->duration = strtod(optarg, &end);
			if (errno || *end || !(o->duration > 0)) {
				afalg_err("trace", "invalid duration '%s' (seconds > 0)", optarg);
				return -1;
			}
			break;
		case 'o':
			o->out_path = optarg;
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
		default:
			afalg_err("trace", "invalid usage (try '%s trace --help')", AFALG_PROG);
			return -1;
		}
	}
	if (optind < argc) {
		afalg_err("trace", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

static int handle_event(void *ctx, void *data, size_t len)
{
	struct trace_result *res = ctx;

	if (len < sizeof(struct afalg_event))
		return 0;
	trace_result_add(res, data);
	return 0;
}

/*
 * The programs of bpf/afalg_trace.bpf.c and the kernel function each one
 * attaches to.  Which ones load is decided at load time from the running
 * kernel's BTF (is the function there?), never from its version.
 */
struct hook {
	const char *prog;
	const char *func;   /* kernel function attached to */
	const char *needs;  /* another function that must exist too (pairs), or NULL */
	const char *unless; /* skip if this function exists (a better hook does the job) */
	bool required;	    /* without it, trampoline mode is pointless */
};

static const struct hook hooks[] = {
	{"sock_create_exit", "__sock_create", NULL, NULL, true},
	{"bind_enter", "security_socket_bind", "__sys_bind", NULL, false},
	{"bind_exit", "__sys_bind", "security_socket_bind", NULL, false},
	{"bind_socket_exit", "__sys_bind_socket", "security_socket_bind", NULL, false},
	{"accept_enter", "security_socket_accept", NULL, NULL, false},
	/* 6.8+ has one function with socket, length and result ... */
	{"setsockopt_exit", "do_sock_setsockopt", NULL, NULL, false},
	/* ... before, the LSM hook sees the socket, the syscall the rest. */
	{"setsockopt_lsm", "security_socket_setsockopt", "__sys_setsockopt", "do_sock_setsockopt",
	 false},
	{"setsockopt_exit_old", "__sys_setsockopt", "security_socket_setsockopt",
	 "do_sock_setsockopt", false},
	{"sendmsg_enter", "security_socket_sendmsg", NULL, NULL, false},
	{"recvmsg_enter", "security_socket_recvmsg", NULL, NULL, false},
	/* Up to 6.4 splice reaches sockets through ->sendpage. */
	{"sendpage_enter", "sock_sendpage", NULL, NULL, false},
	{"sendpage_exit", "sock_sendpage", NULL, NULL, false},
};

#define NHOOKS (sizeof(hooks) / sizeof(hooks[0]))

/* Fallback when BPF trampolines cannot be loaded at all. */
static const char *const fallback_progs[] = {"sys_enter_socket", "sys_exit_socket"};

static bool btf_has_func(const struct btf *btf, const char *name)
{
	return btf && name && btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
}

/* Mark which programs to load in trampoline mode; false if impossible here. */
static bool select_hooks(struct afalg_trace *skel, const struct btf *vmlinux, char *desc,
			 size_t descsz)
{
	bool want[NHOOKS];
	struct bpf_program *prog;
	size_t used = 0;

	desc[0] = '\0';
	for (size_t i = 0; i < NHOOKS; i++) {
		const struct hook *h = &hooks[i];

		want[i] = btf_has_func(vmlinux, h->func) &&
			  (!h->needs || btf_has_func(vmlinux, h->needs)) &&
			  !btf_has_func(vmlinux, h->unless);
		if (!want[i] && h->required)
			return false;
		if (want[i] && used < descsz && (i == 0 || strcmp(h->func, hooks[i - 1].func)))
			used += (size_t)snprintf(desc + used, descsz - used, "%s%s",
						 used ? " " : "", h->func);
	}
	bpf_object__for_each_program(prog, skel->obj)
	{
		bool on = false;

		for (size_t i = 0; i < NHOOKS; i++)
			if (!strcmp(hooks[i].prog, bpf_program__name(prog)))
				on = want[i];
		bpf_program__set_autoload(prog, on);
	}
	return true;
}

static void select_fallback(struct afalg_trace *skel, char *desc, size_t descsz)
{
	struct bpf_program *prog;

	snprintf(desc, descsz,
		 "tp_btf/sys_enter tp_btf/sys_exit (fallback: no BPF trampolines "
		 "here; sees socket() only, taxes every syscall, misses io_uring)");
	bpf_object__for_each_program(prog, skel->obj)
	{
		bool on = false;

		for (size_t i = 0; i < sizeof(fallback_progs) / sizeof(fallback_progs[0]); i++)
			if (!strcmp(fallback_progs[i], bpf_program__name(prog)))
				on = true;
		bpf_program__set_autoload(prog, on);
	}
}

static struct afalg_trace *trace_open_and_load(pid_t pid, char *desc, size_t descsz)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int err = 0;

	for (int mode = 0; mode < 2; mode++) {
		struct afalg_trace *skel = afalg_trace__open();

		if (!skel) {
			afalg_errno("trace", errno, "cannot open the BPF object");
			break;
		}
		skel->rodata->targ_tgid = (__u32)pid;
		if (mode == 0 && !select_hooks(skel, vmlinux, desc, descsz)) {
			afalg_trace__destroy(skel);
			continue;
		}
		if (mode == 1)
			select_fallback(skel, desc, descsz);
		err = afalg_trace__load(skel);
		if (!err) {
			btf__free(vmlinux);
			return skel;
		}
		afalg_trace__destroy(skel);
	}
	btf__free(vmlinux);
	afalg_errno("trace", -err,
		    "cannot load the BPF programs into this kernel with any "
		    "hook set (run with -v for libbpf's log)");
	return NULL;
}

int cmd_trace(int argc, char **argv)
{
	char hookdesc[1024];
	struct trace_opts o = {0};
	struct afalg_trace *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct trace_result res;
	struct timespec start;
	int err, rc = AFALG_EXIT_ERROR;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err > 0 ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;

	if (trace_check_privileges() < 0)
		return AFALG_EXIT_ERROR;

	libbpf_verbose = o.verbose;
	libbpf_set_print(libbpf_print);

	skel = trace_open_and_load(o.pid, hookdesc, sizeof(hookdesc));
	if (!skel)
		return AFALG_EXIT_ERROR;
	if (o.verbose)
		fprintf(stderr, "%s: trace: hooks: %s\n", AFALG_PROG, hookdesc);
	err = afalg_trace__attach(skel);
	if (err) {
		afalg_errno("trace", -err, "cannot attach the BPF programs");
		goto out;
	}

	trace_result_init(&res, o.quiet ? NULL : stderr);
	snprintf(res.hooks, sizeof(res.hooks), "%s", hookdesc);
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, &res, NULL);
	if (!rb) {
		afalg_errno("trace", errno, "cannot set up the ring buffer");
		goto out_res;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (!o.quiet)
		fprintf(stderr, "%s: tracing AF_ALG use%s... Ctrl-C to end.\n", AFALG_PROG,
			o.pid ? " of one process" : "");
	while (!exiting) {
		struct timespec now;

		err = ring_buffer__poll(rb, 100 /* ms */);
		if (err < 0 && err != -EINTR) {
			afalg_errno("trace", -err, "reading the ring buffer");
			goto out_rb;
		}
		if (o.duration > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((double)(now.tv_sec - start.tv_sec) +
				    (double)(now.tv_nsec - start.tv_nsec) / 1e9 >=
			    o.duration)
				break;
		}
	}
	ring_buffer__consume(rb);

	trace_result_collect(&res, bpf_map__fd(skel->maps.counts), bpf_map__fd(skel->maps.stats));
	trace_result_report_losses(&res); /* on stderr; still a successful trace */
	if (trace_result_write_json(&res, o.out_path) == 0)
		rc = AFALG_EXIT_OK;
out_rb:
	ring_buffer__free(rb);
out_res:
	trace_result_free(&res);
out:
	afalg_trace__destroy(skel);
	return rc;
}
