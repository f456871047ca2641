/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The reader of the scan format, versions 1 to 4
 * (docs/schema/scan-v1.schema.json, scan-v2, scan-v3, scan-v4, scan-v5.schema.json), beside its writer
 * (scan_output.c): what 'report', 'check' and 'audit' fold.  The file
 * is read by jsonin.h; then the shape of every member a reader uses is
 * checked here, whole, before any of it is used.
 */
#ifndef AFALG_SCAN_READ_H
#define AFALG_SCAN_READ_H

struct jread;
struct json_object;

/* The newest scan format version this reader takes (it takes 1 and every one up to it). */
#define SCAN_READ_MAX_VERSION 5

/*
 * 0 when doc (whose format and version were checked: jsonin_check_format_v
 * with SCAN_READ_MAX_VERSION) has "files" of the shape its version's schema
 * gives in the members a reader uses (path, build_id, classification,
 * package, version, kind, role, use, afalg_types, features, algorithms,
 * via[].path and .needed, evidence[].kind, .function, .detail, .address and
 * .source; version 2: via[].functions and .afalg_types, the new
 * classifications and evidence kinds) and "errors", if there, of its shape
 * (path, archive, error); version 2 also "packages", if there
 * (classification, files_uses, files_capable, files_links,
 * files_unreachable); version 3 also "unresolved", if there (needed, files,
 * examples[].path).  Members not used are let through.  Else -1 with
 * r->where the first bad member ("files[3].classification") and r->why.
 */
int scan_read_check(struct jread *r, struct json_object *doc);

#endif /* AFALG_SCAN_READ_H */
