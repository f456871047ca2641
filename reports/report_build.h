/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* From the merge model (and this machine's kernel) to the report document. */
#ifndef AFALG_REPORT_BUILD_H
#define AFALG_REPORT_BUILD_H

struct json_object;
struct model;
struct kinfo;

/* k may be NULL (--no-kernel).  Returns a new report-v1 document, or NULL (out of memory). */
struct json_object *report_build(struct model *m, const struct kinfo *k);

#endif /* AFALG_REPORT_BUILD_H */
