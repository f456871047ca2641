/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of the trace format (docs/schema/trace-v2.schema.json), beside
 * its writer (trace_output.c): what 'trace --state' merges on restart and
 * what 'report', 'check' and 'audit' fold.  The file is read by jsonin.h
 * under its user's limits (the state file: trace_state.c; a result:
 * reports/); then the document's shape is checked here, whole, before any of
 * it is used: a file that is valid JSON but not what the tracer writes (a
 * count as a string, a negative count, programs as an object, version "1" or
 * 1.9, ...) is refused, never half used.
 */
#ifndef AFALG_TRACE_READ_H
#define AFALG_TRACE_READ_H

#include <stdint.h>

/* The versions read: 1 (before issue #17) and 2, the one trace_output.c writes. */
#define TRACE_READ_MAX_VERSION 2

struct jread;
struct json_object;

/* Who reads: the two limits of one format. */
enum trace_read_use {
	/*
	 * The state, merged and carried forward into the next save: the
	 * schema's every member the loader reads or keeps (required members
	 * present, each of its type and range), format and version included.
	 */
	TRACE_READ_STATE,
	/*
	 * A result folded into a report (format and version checked by
	 * jsonin_check_format): the members report folds, strings or null,
	 * non-negative integers or null; only "programs" and "lost" required.
	 * Looser, because results written by earlier tracers (a time out of
	 * range in a member no report reads) must still be read.
	 */
	TRACE_READ_RESULT,
};

/*
 * 0 when doc has the shape use asks for (members no reader knows are let
 * through).  Else -1, with r->where the first bad member
 * ("programs[3].activities[0].count", "" for the document itself) and r->why
 * what is wrong with it ("not a non-negative integer").
 */
int trace_read_check(struct jread *r, struct json_object *doc, enum trace_read_use use);

/* "2026-11-22T03:11:19.027Z" (exactly that form) -> ns since the epoch; -1 if not. */
int64_t trace_read_time(const char *s);

#endif /* AFALG_TRACE_READ_H */
