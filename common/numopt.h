/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Numbers on the command line, one parser for every subcommand: the whole
 * argument must be the number (no sign, no blanks, no trailing junk), every
 * step is checked for overflow, and the value must lie in [min, max].
 *
 *   count     decimal digits                      "4", "0012"
 *   size      digits and an optional binary suffix K, M, G, T, P or E
 *             (either case: 1K = 1024)            "128M", "8g", "4096"
 *   shard     K/N, two counts, 1 <= K <= N <= max "3/16"
 *   duration  digits, an optional fraction, and an optional unit s, m or h
 *             (seconds if none)                   "10s", "5m", "1h", "0.5", "90"
 *
 * The numopt_* functions only parse (they are what the unit test drives);
 * the afalg_opt_* wrappers print the one-line error the subcommands give:
 *   afalg-audit: scan: --shard '1/-1': not a number (accepted: K/N with 1 <= K <= N <= 1048576)
 * and return -1.
 */
#ifndef AFALG_NUMOPT_H
#define AFALG_NUMOPT_H

#include <stdint.h>

enum numopt_err {
	NUMOPT_OK = 0,
	NUMOPT_EMPTY,	 /* "" */
	NUMOPT_NEGATIVE, /* a minus sign */
	NUMOPT_SYNTAX,	 /* anything else that is not the expected form */
	NUMOPT_RANGE,	 /* a number, but outside [min, max] (overflow included) */
};

/* Why, in words ("empty", "negative", "not a number", "out of range"). */
const char *numopt_strerror(enum numopt_err e);

enum numopt_err numopt_count(const char *s, uint64_t min, uint64_t max, uint64_t *out);
enum numopt_err numopt_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* K/N with 1 <= K <= N <= max_n. */
enum numopt_err numopt_shard(const char *s, uint32_t max_n, uint32_t *k, uint32_t *n);
/* Seconds, min <= value <= max (min > 0 excludes 0). */
enum numopt_err numopt_duration(const char *s, double min, double max, double *out);

/*
 * The same, printing "afalg-audit: CMD: OPT 'ARG': WHY (accepted: RANGE)" on
 * error.  0, or -1 (reported; *out untouched).
 */
int afalg_opt_count(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		    uint64_t *out);
int afalg_opt_uint(const char *cmd, const char *opt, const char *arg, unsigned min, unsigned max,
		   unsigned *out);
int afalg_opt_size(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		   uint64_t *out);
int afalg_opt_shard(const char *cmd, const char *opt, const char *arg, uint32_t max_n, uint32_t *k,
		    uint32_t *n);
int afalg_opt_duration(const char *cmd, const char *opt, const char *arg, double min, double max,
		       double *out);

#endif /* AFALG_NUMOPT_H */
