/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Which AF_ALG call a simulated hardening measure denies (issue #18), as a
 * pure function of the call: no process, no kernel.  The measures are those
 * of common/afalg_measure.h; M0 (one option off) is simulated per AF_ALG
 * type, so the unit here is a "simulated measure", SIM_M0_HASH .. SIM_M6.
 *
 * Error codes are the kernel's own (../shared facts, crypto/af_alg.c):
 *   M0:TYPE  bind() of TYPE            ENOENT  (alg_bind: request_module fails)
 *   M4       bind() of a name not on the allowlist (exact string) ENOENT
 *   M5       bind() of a privileged allowlist entry by a process without
 *            CAP_NET_ADMIN (initial user namespace) or CAP_SYS_ADMIN  ENOENT
 *   M6       socket(AF_ALG)            EAFNOSUPPORT
 * M1 (zero-copy), M2 (AIO) and M3 (software only) change what the kernel
 * does without an error a program sees: they are never denied here.
 */
#ifndef AFALG_SIM_POLICY_H
#define AFALG_SIM_POLICY_H

#include <stdbool.h>

enum sim_measure {
	SIM_M0_HASH,
	SIM_M0_SKCIPHER,
	SIM_M0_AEAD,
	SIM_M0_RNG,
	SIM_M1,
	SIM_M2,
	SIM_M3,
	SIM_M4,
	SIM_M5,
	SIM_M6,
	SIM_COUNT,
};

/* "M0:hash", ..., "M6"; NULL out of range. */
const char *sim_measure_name(int m);
/* Accepts the names above, and "M0" for every M0:TYPE; sets bits (1u << m) in
 * *mask.  false: not a measure name. */
bool sim_measure_parse(const char *s, unsigned *mask);
/* Error, warning or nothing happens here: the measure is only observed. */
bool sim_measure_simulated(int m);

/* The allowlist as the policy needs it: (type, name) -> on the list, privileged. */
struct sim_allow_entry {
	const char *type, *name;
	bool privileged;
};

struct sim_allowlist {
	const struct sim_allow_entry *e;
	unsigned n;
};

struct sim_call {
	bool is_bind;	      /* else socket(AF_ALG) */
	const char *type;     /* bind: salg_type (NUL-terminated) */
	const char *name;     /* bind: salg_name */
	bool privileged_proc; /* the caller has the capability M5 asks for */
};

/*
 * Under measure m, does the call fall under the measure (*applies: the
 * measure looked at it and would decide it), and with which error is it
 * denied (0: allowed)?
 */
int sim_policy(int m, const struct sim_allowlist *al, const struct sim_call *c, bool *applies);

#endif /* AFALG_SIM_POLICY_H */
