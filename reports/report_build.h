/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* From the merge model (and this machine's kernel) to the report. */
#ifndef AFALG_REPORT_BUILD_H
#define AFALG_REPORT_BUILD_H

#include "report.h"

/*
 * report_build() (report.h) and report_to_json() in one: the report
 * document of a model.  k may be NULL (--no-kernel).  NULL when out of
 * memory.  What 'check' compares with a baseline (scan/trace baselines
 * are made into one).
 */
struct json_object *report_build_document(const struct model *m, const struct kinfo *k);

#endif /* AFALG_REPORT_BUILD_H */
