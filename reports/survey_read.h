/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of 'afalg-audit survey' documents
 * (docs/schema/survey-v1.schema.json; written by survey/survey_cmd.c), as
 * 'report' folds them (issue #19): the repository surveyed, each selected
 * binary package with its source, maintainer, impact and what became of
 * it, and the scan of the packages, embedded whole (its own reader,
 * analyzer/scan_read.h, checks it).  The shape is checked here, whole and
 * bounded, before anything is folded; members the schema does not name are
 * refused (additionalProperties false).
 */
#ifndef AFALG_SURVEY_READ_H
#define AFALG_SURVEY_READ_H

#include <stdbool.h>

struct jread;
struct json_object;

#define SURVEY_READ_VERSION 1
#define SURVEY_MAX_PACKAGES 1000000 /* packages[]: a whole archive's binary packages */
#define SURVEY_MAX_STRING 65536

/* 0 when doc (format and version already checked) has the schema's shape; else -1, why in r. */
int survey_read_check(struct jread *r, struct json_object *doc);

/* Did the survey get this package into its scan ("fetched" or "resumed")? */
bool survey_status_scanned(const char *status);

#endif /* AFALG_SURVEY_READ_H */
