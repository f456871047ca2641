/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of the report format, versions 1 to 5
 * (docs/schema/report-v1.schema.json, report-v6.schema.json), beside
 * its writer (report_json.c, from report_build.c's struct report): a report
 * read back is the baseline of 'check --baseline REPORT'.  The file is read
 * by jsonin.h; then the shape of every member the comparison uses is checked
 * here, whole, before any of it is compared.
 */
#ifndef AFALG_REPORT_READ_H
#define AFALG_REPORT_READ_H

struct jread;
struct json_object;

/*
 * 0 when doc (whose format and version were checked: jsonin_check_format_v
 * with REPORT_FORMAT_VERSION)
 * has "programs" of the schema's shape in the members check compares: path,
 * identity (version 3; absent before), build_id, classification, use,
 * types[], algorithms[].type and .name, breaks[].measure, .break and .why
 * (the same in all versions: version 2's classifications links and
 * unreachable are not users to check, as version 1's capable).  Members not
 * used are let through.
 * Else -1 with r->where the first bad member ("programs[2].breaks[0].break")
 * and r->why.
 */
int report_read_check(struct jread *r, struct json_object *doc);

#endif /* AFALG_REPORT_READ_H */
