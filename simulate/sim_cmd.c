// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit simulate (issue #18): run a command normally and under each
 * hardening measure, applied to that process tree alone, and say what the
 * measure does to it: survives, degrades, breaks, not-reached.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "afalg.h"
#include "cmdpath.h"
#include "commands.h"
#include "numopt.h"
#include "optbad.h"
#include "outfile.h"
#include "procstatus.h"
#include "rdata.h"
#include "sim_output.h"
#include "sim_run.h"
#include "symbolize.h"

#define CAP_SYS_ADMIN_BIT 21
/* Seconds for naming every denied call site after the runs. */
#define SIM_NAMING_BUDGET_S 60.0

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s simulate [OPTIONS] -- COMMAND [ARGS...]\n\n"
		"Run COMMAND (and every process it starts) once normally and once under each\n"
		"hardening measure, the measure applied to that process tree alone (seccomp\n"
		"user notification: nothing else on the machine is affected), and say what\n"
		"the measure does to it: survives, degrades, breaks or not-reached.\n\n"
		"Measures (default: all):\n"
		"  M0:hash M0:skcipher M0:aead M0:rng  one CONFIG_CRYPTO_USER_API_* option off:\n"
		"                       bind() of that type fails with ENOENT (M0: all four)\n"
		"  M4                   the allowlist: bind() of a name not on it fails (ENOENT)\n"
		"  M5                   privileged allowlist entries fail (ENOENT) for a process\n"
		"                       without CAP_NET_ADMIN (initial user namespace) or\n"
		"                       CAP_SYS_ADMIN\n"
		"  M6                   no AF_ALG: socket(AF_ALG) fails with EAFNOSUPPORT\n"
		"  M1 M2 M3             zero-copy, AIO, software only: they change behaviour\n"
		"                       without an error and are not simulated; the verdict\n"
		"                       says what the normal run did that they affect\n\n"
		"Options:\n"
		"  -m, --measure M      simulate M (repeat, or M,M,...)\n"
		"      --allowlist FILE the allowlist for M4/M5 (default: the proposed upstream\n"
		"                       list, DATADIR/allowlist.json)\n"
		"      --data-dir DIR   data files (default: $AFALG_DATADIR, else %s)\n"
		"  -f, --format FMT     text (default) or json; with -o and no --format, taken\n"
		"                       from the file name (.json: json)\n"
		"  -o, --output FILE    write there (atomically, mode 0600) instead of stdout\n"
		"      --timeout DUR    kill the tree of a run after DUR (e.g. 30s, 5m; default:\n"
		"                       none: a run ends when its last process has exited)\n"
		"      --keep-output    keep the first 64 KiB of each run's stdout and stderr\n"
		"                       (default: their size and SHA-256 only)\n"
		"  -h, --help           this help\n\n"
		"Every run reads /dev/null as stdin.  'report' and 'check' take the JSON\n"
		"(docs/schema/simulate-v1.schema.json): a measured verdict overrides the\n"
		"inferred one.  Exit status: 0 simulated (whatever the verdicts), 2 error.\n",
		AFALG_PROG, AFALG_DATADIR);
}

/* "M0 (all four types), M0:hash, ..., M6" */
static void list_measures(char *out, size_t outsz)
{
	size_t n = (size_t)snprintf(out, outsz, "M0 (the four types)");

	for (int m = 0; m < SIM_COUNT && n < outsz; m++)
		n += (size_t)snprintf(out + n, outsz - n, ", %s", sim_measure_name(m));
}

static int parse_measures(const char *arg, unsigned *mask)
{
	char *copy = strdup(arg), *save = NULL, valid[256];
	int rc = 0;

	if (!copy)
		return -1;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!sim_measure_parse(t, mask)) {
			char esc[128];

			afalg_escape_text(esc, sizeof(esc), t, strlen(t));
			list_measures(valid, sizeof(valid));
			afalg_err("simulate", "-m %s: no such measure (valid: %s)", esc, valid);
			rc = -1;
			break;
		}
	if (!rc && !*arg) {
		list_measures(valid, sizeof(valid));
		afalg_err("simulate", "-m: empty (valid: %s)", valid);
		rc = -1;
	}
	free(copy);
	return rc;
}

/* Has this process CAP_SYS_ADMIN (else the filter needs no_new_privs)? */
static bool have_sys_admin(void)
{
	uint64_t caps = 0;

	return !afalg_proc_cap_eff(0, &caps) && (caps >> CAP_SYS_ADMIN_BIT & 1);
}

/* Does this kernel have AF_ALG at all? */
static bool probe_af_alg(void)
{
	int fd = socket(38 /* AF_ALG */, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return errno != EAFNOSUPPORT;
	close(fd);
	return true;
}

struct naming {
	struct sim_denied **list;
	size_t n, done;
};

static void named(void *ctx, const struct sym_result *res)
{
	struct naming *nm = ctx;
	struct sim_denied *d;
	int si;

	if (nm->done >= nm->n)
		return;
	d = nm->list[nm->done++];
	d->named = true;
	si = res->have_frames ? symbolize_site_index(res->frames) : -1;
	if (si < 0)
		si = 0;
	if (res->frames[si].valid || *res->frames[si].file) {
		snprintf(d->file, sizeof(d->file), "%s", res->frames[si].file);
		d->offset = res->frames[si].offset;
		snprintf(d->function, sizeof(d->function), "%s", res->frames[si].function);
		snprintf(d->source, sizeof(d->source), "%s", res->frames[si].source);
		d->line = res->frames[si].line;
	}
}

/*
 * Name the denied calls' sites as 'trace' names its call sites: the
 * symbolizer helper (tracer/symbolize.h: unprivileged, bounded), started only
 * now, after the runs (it is a child, and the runs reap every child).
 */
static void name_sites(struct sim_result *runs, unsigned nruns)
{
	struct naming nm = {0};
	struct symbolizer *s;
	size_t cap = 0;

	for (unsigned i = 0; i < nruns; i++)
		cap += runs[i].ndenied;
	if (!cap)
		return;
	nm.list = calloc(cap, sizeof(*nm.list));
	s = nm.list ? symbolizer_new() : NULL;
	if (!s) {
		free(nm.list);
		return;
	}
	for (unsigned i = 0; i < nruns; i++)
		for (unsigned k = 0; k < runs[i].ndenied; k++) {
			struct sim_denied *d = &runs[i].denied[k];
			struct afalg_event ev;

			memset(&ev, 0, sizeof(ev));
			memcpy(ev.site, d->site, sizeof(ev.site));
			ev.pid = ev.tgid = (uint32_t)d->pid;
			snprintf(ev.comm, sizeof(ev.comm), "%s", d->comm);
			snprintf(ev.exe, sizeof(ev.exe), "%s", d->exe);
			if (symbolizer_submit(s, &ev))
				nm.list[nm.n++] = d;
		}
	{
		double left = SIM_NAMING_BUDGET_S;

		while (left > 0 && symbolizer_pump(s, 1.0, named, &nm))
			left -= 1.0;
	}
	symbolizer_drop(s, named, &nm);
	symbolizer_free(s);
	free(nm.list);
}

static int write_out(const char *out, bool json, const struct sim_doc *d)
{
	struct afalg_outfile *of = NULL;
	FILE *f = stdout;
	int rc = 0;

	if (out) {
		of = afalg_outfile_open(out, "simulate");
		if (!of)
			return -1;
		f = afalg_outfile_stream(of);
	}
	if (json) {
		struct json_object *doc = sim_output_json(d);

		fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE),
		      f);
		fputc('\n', f);
		json_object_put(doc);
	} else {
		sim_output_text(f, d);
	}
	if (of)
		rc = afalg_outfile_commit(of);
	else if (fflush(stdout) || ferror(stdout))
		rc = -1;
	return rc;
}

int cmd_simulate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"measure", required_argument, NULL, 'm'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"timeout", required_argument, NULL, 'T'},
		{"keep-output", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *allow = NULL, *datadir = NULL, *out = NULL, *fmt = NULL;
	unsigned mask = 0;
	struct sim_opts o = {0};
	struct sim_doc d = {0};
	struct sim_baseline base = {0};
	struct rdata data;
	bool have_data = false;
	struct sim_allow_entry *entries = NULL;
	struct sim_allowlist al = {0};
	struct utsname u;
	char *exe = NULL;
	int c, rc = AFALG_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "+:m:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_measures(optarg, &mask))
				return AFALG_EXIT_ERROR;
			break;
		case 'a':
			allow = optarg;
			break;
		case 'D':
			datadir = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				afalg_err("simulate", "--format %s: use text or json", optarg);
				return AFALG_EXIT_ERROR;
			}
			fmt = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'T':
			if (afalg_opt_duration("simulate", "--timeout", optarg, 0.001, 86400.0 * 7,
					       &o.timeout_s))
				return AFALG_EXIT_ERROR;
			break;
		case 'K':
			o.keep_output = true;
			break;
		case 'h':
			usage(stdout);
			return AFALG_EXIT_OK;
		default:
			afalg_opt_bad("simulate", c, argv, longopts);
			return AFALG_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		afalg_err("simulate", "no COMMAND (simulate [OPTIONS] -- COMMAND [ARGS...])");
		afalg_try_help("simulate");
		return AFALG_EXIT_ERROR;
	}
	if (!fmt) {
		const char *dot = out ? strrchr(out, '.') : NULL;

		fmt = dot && !strcmp(dot, ".json") ? "json" : "text";
	}
	if (!mask)
		mask = (1u << SIM_COUNT) - 1;
	o.argv = argv + optind;
	if (afalg_cmd_resolve(o.argv[0], &exe)) /* said why */
		return AFALG_EXIT_ERROR;
	if (out && afalg_outfile_check(out, "simulate"))
		goto out;
	if (mask & (1u << SIM_M4 | 1u << SIM_M5)) {
		if (rdata_load(&data, datadir, allow))
			goto out;
		have_data = true;
		entries = calloc(data.nallow ? data.nallow : 1, sizeof(*entries));
		if (!entries) {
			afalg_err("simulate", "out of memory");
			goto out;
		}
		for (size_t i = 0; i < data.nallow; i++)
			entries[i] = (struct sim_allow_entry){
				.type = data.allow[i].type,
				.name = data.allow[i].name,
				.privileged = data.allow[i].privileged,
			};
		al.e = entries;
		al.n = (unsigned)data.nallow;
		d.allow_file = data.allowlist_file;
		d.allow_name = data.allow_name;
	}
	o.allow = &al;
	o.need_nnp = !have_sys_admin();
	uname(&u);
	d.argv = o.argv;
	d.executable = exe;
	d.kernel = u.release;
	d.machine = u.machine;
	d.af_alg = probe_af_alg();
	d.keep_output = o.keep_output;
	d.runs = calloc(SIM_COUNT + 2, sizeof(*d.runs));
	if (!d.runs) {
		afalg_err("simulate", "out of memory");
		goto out;
	}
	/* the normal run, twice: what changes in the output by itself */
	for (int i = 0; i < 2; i++) {
		if (sim_run(&o, -1, &d.runs[d.nruns]))
			goto out;
		d.nruns++;
	}
	sim_baseline_init(&base, &d.runs[0], &d.runs[1]);
	d.out_varies = base.out_varies;
	d.err_varies = base.err_varies;
	for (int m = 0; m < SIM_COUNT; m++) {
		if (!(mask & 1u << m) || !sim_measure_simulated(m))
			continue;
		if (sim_run(&o, m, &d.runs[d.nruns]))
			goto out;
		d.nruns++;
	}
	name_sites(d.runs, d.nruns);
	for (int m = 0, r = 2; m < SIM_COUNT; m++) {
		struct sim_outcome *v;

		if (!(mask & 1u << m))
			continue;
		v = &d.outcomes[d.noutcomes++];
		v->measure = m;
		if (sim_measure_simulated(m)) {
			v->run = &d.runs[r++];
			v->verdict = sim_verdict(&base, v->run, d.af_alg, v->why, sizeof(v->why));
		} else {
			v->verdict = sim_verdict_observed(m, &d.runs[0], v->why, sizeof(v->why));
		}
	}
	d.limits[d.nlimits++] =
		"operations submitted through io_uring (IORING_OP_SOCKET, Linux 5.19+; "
		"IORING_OP_BIND, 6.11+) bypass seccomp and are not examined; a run that sets up "
		"io_uring counts it in observed.io_uring_setup";
	d.limits[d.nlimits++] = "every run reads /dev/null as stdin";
	if (!d.af_alg)
		d.limits[d.nlimits++] =
			"this kernel has no AF_ALG: every run sees socket(AF_ALG) fail with "
			"EAFNOSUPPORT, so M6 is already in force and M0, M4 and M5 cannot act "
			"here; "
			"simulate on a kernel with AF_ALG";
	if (o.need_nnp)
		d.limits[d.nlimits++] =
			"run without CAP_SYS_ADMIN: the filter needed no_new_privs, so setuid and "
			"file-capability programs in COMMAND ran without their privileges";
	if (mask & (1u << SIM_M5))
		d.limits[d.nlimits++] =
			"M5 reads the caller's effective capabilities at bind() and takes the "
			"initial user namespace to be PID 1's";
	for (unsigned i = 0; i < d.nruns; i++)
		if (d.runs[i].io_uring_setup) {
			d.limits[d.nlimits++] =
				"this command set up io_uring: AF_ALG sockets made, bound or used "
				"through it were not examined, so a verdict may miss them";
			break;
		}
	for (unsigned i = 0; i < d.nruns; i++)
		if (d.runs[i].unreadable) {
			d.limits[d.nlimits++] =
				"some calls' arguments could not be read from the caller (it "
				"exited, "
				"or its memory is not readable): they were let through unexamined "
				"(observed.unreadable)";
			break;
		}
	if (write_out(out, !strcmp(fmt, "json"), &d))
		goto out;
	rc = AFALG_EXIT_OK;
out:
	sim_baseline_free(&base);
	if (d.runs)
		for (unsigned i = 0; i < d.nruns; i++)
			sim_result_free(&d.runs[i]);
	free(d.runs);
	free(entries);
	if (have_data)
		rdata_free(&data);
	free(exe);
	return rc;
}
