/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of the scan format (docs/schema/scan-v1.schema.json), beside its
 * writer (scan_output.c): what 'report', 'check' and 'audit' fold.  The file
 * is read by jsonin.h; then the shape of every member a reader uses is
 * checked here, whole, before any of it is used.
 */
#ifndef AFALG_SCAN_READ_H
#define AFALG_SCAN_READ_H

struct jread;
struct json_object;

/*
 * 0 when doc (whose format and version were checked: jsonin_check_format)
 * has "files" of the shape the schema gives in the members a reader uses
 * (path, build_id, classification, package, version, kind, role, use,
 * afalg_types, features, algorithms, via[].path and .needed,
 * evidence[].function and .detail) and "errors", if there, of its shape
 * (path, archive, error).  Members not used are let through.  Else -1 with
 * r->where the first bad member ("files[3].classification") and r->why.
 */
int scan_read_check(struct jread *r, struct json_object *doc);

#endif /* AFALG_SCAN_READ_H */
