/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * afalg-audit policy (issue #20): from the report of the merged evidence
 * (report_build), the configuration that is safe on the systems the
 * evidence covers — a modprobe.d snippet blocking the algif modules nothing
 * uses, a kernel config fragment, a sysctl.d file for af_alg_restrict and
 * the allowlist of what was actually bound — each starting with the
 * coverage of that evidence.  Decided once (policy_derive), written by
 * policy_write; same evidence, same bytes (docs/policy.md).
 */
#ifndef AFALG_REPORT_POLICY_H
#define AFALG_REPORT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "verdict.h"

struct kinfo;
struct report;

enum policy_file {
	POLICY_MODPROBE,
	POLICY_KCONFIG,
	POLICY_SYSCTL,
	POLICY_ALLOWLIST,
	POLICY_NFILES
};

/* "modprobe", "kconfig", "sysctl", "allowlist" (--emit). */
extern const char *const policy_emit_names[POLICY_NFILES];
/* The file names -o DIR gets: afalg-audit.conf, afalg-audit.config, 60-afalg-audit.conf,
 * allowlist.json. */
extern const char *const policy_file_names[POLICY_NFILES];

struct policy_opts {
	bool force;	/* block despite static users, --block users or a degraded trace */
	unsigned block; /* 1 << enum ropt of options asked to be blocked (--block) */
	unsigned emit;	/* 1 << enum policy_file written (0: all): what refusal speaks of */
};

/* What becomes of one option (and for _HASH.._RNG its algif module). */
enum policy_state {
	PS_KEEP,     /* in use: kept, the users listed */
	PS_BLOCK,    /* blocked (nothing uses it, or --force) */
	PS_REFUSED,  /* would be blocked, but static analysis (or a --block user) says in use */
	PS_WITHHELD, /* would be blocked, but the trace is degraded */
	PS_ENFORCED, /* AF_ALG is off in this kernel: nothing to do */
};

#define POLICY_MAX_LINES 40
#define POLICY_LINE 512

struct policy_option {
	enum policy_state state;
	bool requested;		  /* --block */
	bool forced;		  /* blocked over users with --force */
	size_t users;		  /* report blockers */
	size_t static_users;	  /* users a scan found using it */
	size_t runtime_users;	  /* users seen at run time */
	const char *first_user;	  /* the first in report order */
	const char *first_static; /* the first static user */
};

struct policy {
	const struct report *r;
	const struct kinfo *k; /* NULL: --no-kernel */
	struct policy_opts o;
	bool af_alg_off; /* this kernel has no AF_ALG: everything already enforced */
	bool degraded;	 /* events lost in some trace */
	unsigned long long lost;
	struct policy_option opt[RO_N];
	int level; /* strictest af_alg_restrict that breaks nothing seen */
	enum policy_state
		level_state; /* PS_BLOCK (emit), PS_WITHHELD, PS_ENFORCED; PS_KEEP for 0 */
	/* the coverage header, one line each, without comment marks */
	char header[POLICY_MAX_LINES][POLICY_LINE];
	size_t nheader;
	/*
	 * why the run exits 2 (blocking lines refused or withheld in the files
	 * written: o.emit), one line; empty: none
	 */
	char refusal[1024];
};

/*
 * Decide the policy of report r (built with kernel k, or NULL: --no-kernel)
 * and its coverage header.  0 (nothing here can fail yet).  p->refusal
 * says what was refused or withheld (exit 2).
 */
int policy_derive(struct policy *p, const struct report *r, const struct kinfo *k,
		  const struct policy_opts *o);

/* Write one file of the policy to f.  0, or -1 when f fails. */
int policy_write(FILE *f, const struct policy *p, enum policy_file which);

/* --emit NAME: the file, or -1. */
int policy_emit_parse(const char *name);

#endif /* AFALG_REPORT_POLICY_H */
