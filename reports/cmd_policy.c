// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* afalg-audit policy: the configuration the evidence shows to be safe (docs/policy.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afalg.h"
#include "afalg_vocab.h"
#include "cmd_common.h"
#include "commands.h"
#include "kinfo.h"
#include "model.h"
#include "optbad.h"
#include "outfile.h"
#include "policy.h"
#include "rdata.h"
#include "report.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s policy [OPTIONS] INPUT...\n\n"
		"Derive from scan, trace (and simulate) results, the inputs of 'report', the\n"
		"configuration that is safe on the systems they cover: a modprobe.d snippet\n"
		"blocking every algif module nothing uses, a kernel config fragment, a sysctl.d\n"
		"file with the strictest af_alg_restrict level that breaks nothing seen, and the\n"
		"allowlist of what was bound (privileged or not, per cgroup).  Each starts with\n"
		"the coverage of the evidence; same evidence, same bytes.\n\n"
		"Options:\n"
		"  -o, --output DIR     write afalg-audit.conf (modprobe.d), afalg-audit.config\n"
		"                       (kernel), 60-afalg-audit.conf (sysctl.d) and\n"
		"                       allowlist.json into DIR (made 0700 if missing; each\n"
		"                       file atomically, mode 0600); default: all on stdout\n"
		"      --emit WHAT      only modprobe, kconfig, sysctl or allowlist (repeatable)\n"
		"      --block TYPE     also block TYPE (hash, skcipher, aead, rng; repeatable or\n"
		"                       comma-separated) although the evidence shows users:\n"
		"                       refused unless --force\n"
		"      --force          emit blocking lines that are refused (static users,\n"
		"                       --block users) or withheld (a degraded trace)\n"
		"      --allowlist FILE af_alg_restrict=1 allowlist to evaluate (default: the\n"
		"                       proposed upstream list, DATADIR/allowlist.json)\n"
		"      --data-dir DIR   data files (default: $AFALG_DATADIR, else the installed\n"
		"                       ones, %s)\n"
		"      --no-kernel      leave out this machine's kernel (a fleet's policy)\n"
		"  -h, --help           this help\n\n"
		"A type static analysis shows in use is never blocked without --force, and a\n"
		"trace that lost events blocks nothing without it: the policy is written with\n"
		"those lines commented out, one line on stderr says why, exit status 2.\n"
		"Exit status: 0 written, 2 refused, bad input or error.  See docs/policy.md.\n",
		AFALG_PROG, AFALG_DATADIR);
}

/* --block hash,skcipher: each a kernel type; its option's bit (1 << enum ropt). */
static int parse_block(const char *arg, unsigned *mask)
{
	char *copy = strdup(arg), *save = NULL, *t;
	int ret = 0;

	if (!copy) {
		afalg_err("policy", "out of memory");
		return -1;
	}
	for (t = strtok_r(copy, ",", &save); t && !ret; t = strtok_r(NULL, ",", &save)) {
		int o;

		for (o = RO_HASH; o <= RO_RNG; o++)
			if (!strcmp(t, ropt_types[o]))
				break;
		if (o > RO_RNG) {
			afalg_err("policy", "--block %s: use hash, skcipher, aead or rng", t);
			ret = -1;
		} else {
			*mask |= 1u << o;
		}
	}
	free(copy);
	return ret;
}

/* -o DIR: an existing directory (not a symbolic link), or made private. */
static int output_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			afalg_err(dir, "a symbolic link: not followed (name the directory itself)");
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			afalg_err(dir,
				  "not a directory (-o names the directory of the policy files)");
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT || mkdir(dir, 0700) < 0) {
		afalg_errno(dir, errno, "cannot create the policy directory");
		return -1;
	}
	return 0;
}

static int write_all(const char *dir, unsigned emit, const struct policy *p)
{
	int nsel = __builtin_popcount(emit), first = 1;

	for (int i = 0; i < POLICY_NFILES; i++) {
		struct afalg_outfile *out;
		char *path;

		if (!(emit & (1u << i)))
			continue;
		if (!dir) {
			if (nsel > 1)
				printf("%s==> %s (%s) <==\n", first ? "" : "\n",
				       policy_file_names[i], policy_emit_names[i]);
			first = 0;
			if (policy_write(stdout, p, i) || fflush(stdout)) {
				afalg_errno("stdout", errno, "cannot write the policy");
				return -1;
			}
			continue;
		}
		if (!(path = rdata_path_join(dir, policy_file_names[i]))) {
			afalg_err("policy", "out of memory");
			return -1;
		}
		out = afalg_outfile_open(path, "policy");
		if (!out || policy_write(afalg_outfile_stream(out), p, i)) {
			if (out)
				afalg_errno(path, errno, "cannot write the policy");
			afalg_outfile_abort(out);
			free(path);
			return -1;
		}
		if (afalg_outfile_commit(out)) {
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* Each file -o DIR will get, checked before the inputs are read. */
static int check_outputs(const char *dir, unsigned emit)
{
	for (int i = 0; i < POLICY_NFILES; i++) {
		char *path;
		int bad;

		if (!(emit & (1u << i)))
			continue;
		if (!(path = rdata_path_join(dir, policy_file_names[i]))) {
			afalg_err("policy", "out of memory");
			return -1;
		}
		bad = afalg_outfile_check(path, "policy");
		free(path);
		if (bad)
			return -1;
	}
	return 0;
}

int cmd_policy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"emit", required_argument, NULL, 'e'},
		{"block", required_argument, NULL, 'b'},
		{"force", no_argument, NULL, 'F'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"no-kernel", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *dir = NULL, *allow = NULL, *datadir = NULL;
	struct policy_opts po = {0};
	bool no_kernel = false;
	unsigned emit = 0;
	struct policy *pol = NULL;
	struct report *r = NULL;
	struct rdata data;
	struct model m;
	struct kinfo k;
	int c, bad, rc = AFALG_EXIT_ERROR;
	size_t good;

	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'e': {
			int e = policy_emit_parse(optarg);

			if (e < 0) {
				afalg_err("policy",
					  "--emit %s: use modprobe, kconfig, sysctl or allowlist",
					  optarg);
				return AFALG_EXIT_ERROR;
			}
			emit |= 1u << e;
			break;
		}
		case 'b':
			if (parse_block(optarg, &po.block))
				return AFALG_EXIT_ERROR;
			break;
		case 'F':
			po.force = true;
			break;
		case 'a':
			allow = optarg;
			break;
		case 'D':
			datadir = optarg;
			break;
		case 'K':
			no_kernel = true;
			break;
		case 'h':
			usage(stdout);
			return AFALG_EXIT_OK;
		default: /* '?' or ':' */
			afalg_opt_bad("policy", c, argv, longopts);
			return AFALG_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		afalg_err("policy",
			  "no INPUT (scan, trace or simulate JSON files, or directories of them)");
		afalg_try_help("policy");
		return AFALG_EXIT_ERROR;
	}
	if (!emit)
		emit = (1u << POLICY_NFILES) - 1;
	po.emit = emit;
	if (dir && !strcmp(dir, "-"))
		dir = NULL;
	/* The outputs checked before reading the inputs: a bad one fails now. */
	if (dir && (output_dir(dir) || check_outputs(dir, emit)))
		return AFALG_EXIT_ERROR;
	if (rdata_load(&data, datadir, allow))
		return AFALG_EXIT_ERROR;
	if (model_init(&m, &data)) {
		afalg_err("policy", "out of memory");
		rdata_free(&data);
		return AFALG_EXIT_ERROR;
	}
	bad = cmd_fold_inputs(&m, argv + optind, argc - optind, &good);
	if (bad < 0 || (bad && !good))
		goto out;
	if (!m.nscan && !m.ntrace && !m.nsim) {
		afalg_err("policy",
			  "no scan, trace or simulate results in the inputs (directories are "
			  "searched for *.json)");
		goto out;
	}
	if (!no_kernel)
		kinfo_read(&k, NULL);
	r = report_build(&m, no_kernel ? NULL : &k);
	pol = calloc(1, sizeof(*pol));
	if (!r || !pol || policy_derive(pol, r, no_kernel ? NULL : &k, &po)) {
		afalg_err("policy", "out of memory");
		goto out;
	}
	if (write_all(dir, emit, pol))
		goto out;
	rc = AFALG_EXIT_OK;
	if (*pol->refusal) {
		afalg_err("policy", "%s", pol->refusal);
		rc = AFALG_EXIT_ERROR;
	}
	if (bad > 0) {
		afalg_err("policy", "%d bad input%s (see above): the policy covers the others only",
			  bad, bad == 1 ? "" : "s");
		rc = AFALG_EXIT_ERROR;
	}
out:
	free(pol);
	report_free(r);
	model_free(&m);
	rdata_free(&data);
	return rc;
}
