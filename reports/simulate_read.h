/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of 'afalg-audit simulate' results
 * (docs/schema/simulate-v1.schema.json), as 'report' and 'check' fold them
 * (issue #18): a measured verdict per hardening measure, for the programs
 * whose AF_ALG calls the measure acted on.  The file is read by jsonin.h
 * (format and version checked by jsonin_check_format: version 1 only);
 * then the document's shape is checked here, whole and bounded, before any
 * of it is folded: the members the schema requires, each of its type, and
 * every array and string of a bounded size.  Members the schema does not
 * know are refused, as it says (additionalProperties false).
 */
#ifndef AFALG_SIMULATE_READ_H
#define AFALG_SIMULATE_READ_H

#include <stdbool.h>

struct jread;
struct json_object;

/* The simulate format's version this build reads. */
#define SIMULATE_READ_VERSION 1

/* Bounds of what a simulate result may hold (the writer's are lower). */
#define SIMULATE_MAX_ARGS 4096	   /* command[] */
#define SIMULATE_MAX_STRING 65536  /* any string, in bytes */
#define SIMULATE_MAX_RUNS 64	   /* runs[]: the normal run and one per measure */
#define SIMULATE_MAX_VERDICTS 64   /* verdicts[] */
#define SIMULATE_MAX_PROGRAMS 1024 /* verdicts[].programs[] */
#define SIMULATE_MAX_LIMITS 256	   /* limits[] */

/* The measure names of the format ("M0:hash" ... "M6"): slot 0..9, or -1. */
#define SIMULATE_SLOTS 10
int simulate_slot_from_name(const char *s);
const char *simulate_slot_name(int slot);

/*
 * The verdicts, in order of severity (a worse one wins when several apply
 * to one program and measure): MV_NONE is no measured verdict.
 */
enum measured_verdict {
	MV_NONE,
	MV_NOT_SIMULATED,
	MV_NOT_REACHED,
	MV_SURVIVES,
	MV_DEGRADES,
	MV_BREAKS,
};
/* "survives" ... -> its value; MV_NONE when unknown. */
enum measured_verdict measured_verdict_from_name(const char *s);
const char *measured_verdict_name(enum measured_verdict v);

/*
 * 0 when doc has the shape simulate-v1 says (format and version already
 * checked).  Else -1, with r->where the first bad member
 * ("verdicts[0].programs[2]") and r->why what is wrong with it.
 */
int simulate_read_check(struct jread *r, struct json_object *doc);

#endif /* AFALG_SIMULATE_READ_H */
