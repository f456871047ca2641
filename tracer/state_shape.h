/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The shape of a trace state file (docs/schema/trace-v1.schema.json), checked
 * before anything of it is merged: a file that is valid JSON but not what the
 * tracer writes (a count as a string, a negative count, programs as an
 * object, version "1" or 1.9, ...) is refused whole, never half merged and
 * then overwritten by the next save.
 */
#ifndef AFALG_STATE_SHAPE_H
#define AFALG_STATE_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/*
 * 0 when doc has the shape of a version 1 trace document in every member
 * the state loader reads or carries forward (required members present, each
 * of its type and range; members it does not know are let through).  Else
 * -1, with where set to the first bad member as a path
 * ("programs[3].activities[0].count", "" for the document itself) and *why
 * to what is wrong with it ("not a non-negative integer").
 */
int trace_state_check(json_object *doc, char *where, size_t wsz, const char **why);

/* "2026-11-22T03:11:19.027Z" (exactly that form) -> ns since the epoch; -1 if not. */
int64_t trace_state_time(const char *s);

#endif /* AFALG_STATE_SHAPE_H */
