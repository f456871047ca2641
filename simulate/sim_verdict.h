/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The verdict of one simulated measure, from the normal run and the run
 * under the measure (issue #18): pure logic, no process.
 *
 *   not-reached    no AF_ALG call of the tree was one the measure acts on
 *   survives       it acted on calls and denied none, or denied some and the
 *                  run ended the same (exit status, output, time)
 *   degrades       denied calls; same exit status, but other output or over
 *                  twice as slow (and 0.5 s more)
 *   breaks         denied calls; another exit status, a signal, a time-out
 *   not-simulated  M1, M2, M3: the measure changes behaviour without an
 *                  error; "why" says what the normal run did that it affects
 * On a kernel without AF_ALG (host_af_alg false) every socket(AF_ALG) fails
 * before a bind: the M0/M4/M5 runs cannot act, and say so.
 */
#ifndef AFALG_SIM_VERDICT_H
#define AFALG_SIM_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_run.h"

enum sim_verdict {
	SIM_NOT_REACHED,
	SIM_SURVIVES,
	SIM_DEGRADES,
	SIM_BREAKS,
	SIM_NOT_SIMULATED,
};

const char *sim_verdict_name(enum sim_verdict v);

/* Over this ratio (and SIM_SLOW_MIN_S more) a run is "much slower". */
#define SIM_SLOW_RATIO 2.0
#define SIM_SLOW_MIN_S 0.5

/*
 * The normal run, made twice: output that differs between the two changes
 * by itself (timings, dates, random names), so for it "other output" means
 * a line neither normal run printed, numbers aside (every run of digits
 * compares as one '#'), stderr first: "cannot initialize sha256 method,
 * use 'memcmp' fallback".
 */
struct sim_baseline {
	const struct sim_result *run;  /* the first normal run */
	const struct sim_result *run2; /* the second, or NULL */
	bool out_varies, err_varies;
	double wall_s; /* the slower of the two */
	struct sim_line_keys {
		uint64_t *k; /* sorted fingerprints of their lines (stdout [0], stderr [1]) */
		size_t n, cap;
	} keys[2];
};

void sim_baseline_init(struct sim_baseline *b, const struct sim_result *n1,
		       const struct sim_result *n2);
void sim_baseline_free(struct sim_baseline *b);

/*
 * The verdict of run (under measure run->measure) against the normal runs;
 * why gets one line of explanation (never empty).
 */
enum sim_verdict sim_verdict(const struct sim_baseline *b, const struct sim_result *run,
			     bool host_af_alg, char *why, size_t whysz);

/* The verdict of an observed-only measure (M1, M2, M3) from the normal run. */
enum sim_verdict sim_verdict_observed(int m, const struct sim_result *normal, char *why,
				      size_t whysz);

/* "exit 1", "signal SIGSEGV (core dumped)", "killed at --timeout". */
void sim_describe_end(const struct sim_result *r, char *out, size_t outsz);

#endif /* AFALG_SIM_VERDICT_H */
