/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of the trace format (docs/schema/trace-v1.schema.json), beside
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

struct jread;
struct json_object;

/*
 * 0 when doc has the shape of a version 1 trace document in every member a
 * reader uses or the state carries forward (required members present, each
 * of its type and range; members it does not know are let through).  Else
 * -1, with r->where the first bad member ("programs[3].activities[0].count",
 * "" for the document itself) and r->why what is wrong with it ("not a
 * non-negative integer").
 */
int trace_read_check(struct jread *r, struct json_object *doc);

/* "2026-11-22T03:11:19.027Z" (exactly that form) -> ns since the epoch; -1 if not. */
int64_t trace_read_time(const char *s);

#endif /* AFALG_TRACE_READ_H */
