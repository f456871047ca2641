/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The verdict rules: which kconfig options a program blocks and which
 * hardening measure (enum afalg_measure, described in
 * reports/data/measures.json) breaks it, hard or
 * soft, and why.  Pure functions of the model and the data files.
 */
#ifndef AFALG_REPORT_VERDICT_H
#define AFALG_REPORT_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "rdata.h"

struct mprog;
struct kinfo;

enum ropt { RO_HASH, RO_SKCIPHER, RO_AEAD, RO_RNG, RO_RNG_CAVP, RO_OBSOLETE, RO_N };

extern const char *const ropt_names[RO_N];
extern const char *const ropt_modules[RO_N]; /* NULL for the bool options */
extern const char *const ropt_types[RO_N];   /* NULL for _ENABLE_OBSOLETE */

struct vbreak {
	bool hard;
	char why[320];
};

/*
 * A measured verdict that replaced the inferred one ('afalg-audit simulate',
 * issue #18): the worst of the simulated measures behind it (for M0, of
 * M0:hash .. M0:rng; slot says which), and the inferred break it replaced.
 */
struct vmeasured {
	unsigned char verdict; /* enum measured_verdict; MV_NONE: nothing measured */
	unsigned char slot;    /* simulate_read.h's slot: which measure ran ("M0:hash") */
	signed char inferred;  /* the inferred break: -1 none, 0 soft, 1 hard */
	const char *command, *why, *exit; /* the model's strings */
};

struct pverdict {
	/* indexed by enum afalg_measure */
	bool breaks[AFALG_M_COUNT];
	struct vbreak brk[AFALG_M_COUNT];
	unsigned blocks; /* 1 << enum ropt */
	char block_why[RO_N][200];
	/* measured verdicts, indexed by enum afalg_measure; they replace breaks[] and brk[] */
	struct vmeasured measured[AFALG_M_COUNT];
	/* options a measured M0:TYPE says it keeps working without (1 << enum ropt) */
	unsigned unblocked;
	/* links, unreachable: why it is not a user ("imports none of libell.so.0's AF_ALG
	 * functions") */
	char info[400];
};

/*
 * Fill v for one program: users only break and block; capable, links and
 * unreachable programs break and block nothing (links and unreachable get
 * their info).
 */
void verdict_program(const struct mprog *p, const struct rdata *d, struct pverdict *v);

/*
 * Apply the measured verdicts the model holds for p (model_measured) over
 * the inferred ones of verdict_program: breaks → a hard break, degrades → a
 * soft one, survives and not-reached → no break; the why says
 * "measured: `COMMAND` → VERDICT (END: WHY)".  M0 takes the worst of
 * M0:hash .. M0:rng, and each M0:TYPE decides the option of its type: a
 * measured breaks blocks it, anything else unblocks it.  Only users.
 */
struct model;
void verdict_measured(const struct model *m, const struct mprog *p, struct pverdict *v);

/*
 * "measured: `hardlink -c DIR` → degrades (exit 0: WHY)", with " under
 * M0:hash" for M0: the words every format shows for a measured verdict.
 */
void verdict_measured_text(const struct vmeasured *mv, char *buf, size_t size);

/* Allowlist status of one (type, name): "unprivileged", "privileged" or "absent". */
const char *verdict_allow_status(const struct rdata *d, const char *type, const char *name);

/*
 * Measures already in force on this machine: sets enforced[i] to 1 (yes),
 * 0 (no) or -1 (not known from what can be read).  why[i] explains yes.
 */
void verdict_enforced(const struct kinfo *k, int enforced[AFALG_M_COUNT],
		      char why[AFALG_M_COUNT][200]);

#endif /* AFALG_REPORT_VERDICT_H */
