// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The scan format's reader (scan_read.h).  Byte strings (paths, package
 * names) are strings or null; null and absent are the same to a reader.
 * Version 2 adds to version 1 (docs/schema/scan-v2.schema.json): two more
 * classifications, via[].functions and .afalg_types, three evidence kinds,
 * packages[].files_links and .files_unreachable.  Version 3
 * (docs/schema/scan-v3.schema.json) adds "unresolved", version 4
 * (docs/schema/scan-v4.schema.json) each file's "installed_path" and
 * "identity" (issue #17: one identity for a program), version 5
 * (docs/schema/scan-v5.schema.json) each file's and package's
 * "source_package" (reports group by it).  A version 1 document
 * is read as it always was.
 */
#include <stdbool.h>
#include <string.h>

#include <json-c/json.h>

#include "jread.h"
#include "jsonin.h"
#include "scan_read.h"

#define OPT JREAD_NULL /* a byte string: string, null or absent */
#define ANY JREAD_ANY

/* The walk's document version: the checks below are jread_check_fn's, with no context. */
static _Thread_local int doc_version;

static bool is_string(struct jread *r, json_object *v)
{
	return jread_val_str(r, v, 0, ANY, NULL);
}

static bool one_of(struct jread *r, json_object *v, const char *const *names, size_t n,
		   const char *what)
{
	const char *c = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	for (size_t i = 0; c && i < n; i++)
		if (!strcmp(c, names[i]))
			return true;
	return jread_fail(r, "not %s", what);
}

static bool is_classification(struct jread *r, json_object *v)
{
	static const char *const names[] = {"uses", "capable", "links", "unreachable"};

	if (doc_version < 2)
		return one_of(r, v, names, 2, "\"uses\" or \"capable\"");
	return one_of(r, v, names, 4, "\"uses\", \"capable\", \"links\" or \"unreachable\"");
}

static bool is_type_name(struct jread *r, json_object *v)
{
	static const char *const names[] = {"hash", "skcipher", "aead", "rng", "akcipher", "kpp"};

	return one_of(r, v, names, sizeof(names) / sizeof(names[0]), "an AF_ALG type name");
}

/* via[].functions (v2): an array of strings, or null (not known at function level). */
static bool is_functions(struct jread *r, json_object *v)
{
	return !v || (jread_val_arr(r, v, 0, ANY) && jread_each(r, v, is_string));
}

static bool is_via(struct jread *r, json_object *v)
{
	if (!(jread_val_obj(r, v, 0) && jread_str(r, v, "path", OPT, ANY, NULL) &&
	      jread_str(r, v, "needed", OPT, ANY, NULL)))
		return false;
	return doc_version < 2 ||
	       (jread_member(r, v, "functions", JREAD_REQUIRED, is_functions) &&
		jread_list(r, v, "afalg_types", JREAD_REQUIRED, ANY, is_type_name));
}

static bool is_kind(struct jread *r, json_object *v)
{
	static const char *const names[] = {
		"needed-libkcapi", "kcapi-import",   "socket-call",    "syscall-call",
		"raw-syscall",	   "linked-library", "type-string",    "algorithm-string",
		"import",	   "script-tool",    "python-af_alg",  "runtime-constant",
		"entry-import",	   "link-level",     "unreached-site",
	};

	/* version 1 readers never looked at the kind: any string, as the writer made it */
	if (doc_version < 2)
		return is_string(r, v);
	return one_of(r, v, names, sizeof(names) / sizeof(names[0]), "a known evidence kind");
}

static bool is_source(struct jread *r, json_object *v)
{
	return !v || (jread_val_obj(r, v, 0) && jread_str(r, v, "file", OPT, ANY, NULL) &&
		      jread_u64(r, v, "line", OPT, UINT32_MAX, NULL));
}

static bool is_evidence(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_member(r, v, "kind", OPT, is_kind) &&
	       jread_str(r, v, "function", OPT, ANY, NULL) &&
	       jread_str(r, v, "detail", OPT, ANY, NULL) &&
	       jread_u64(r, v, "address", OPT, UINT64_MAX, NULL) &&
	       jread_member(r, v, "source", OPT, is_source);
}

static bool is_file(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", JREAD_REQUIRED, ANY, NULL) &&
	       jread_bytes(r, v, "path") &&
	       /* version 4: the identity (null: none known; earlier versions have none) */
	       jread_str(r, v, "installed_path", OPT, ANY, NULL) &&
	       jread_bytes(r, v, "installed_path") && jread_str(r, v, "identity", OPT, ANY, NULL) &&
	       jread_bytes(r, v, "identity") &&
	       jread_member(r, v, "classification", JREAD_REQUIRED, is_classification) &&
	       jread_str(r, v, "build_id", OPT, ANY, NULL) &&
	       jread_str(r, v, "package", OPT, ANY, NULL) &&
	       jread_str(r, v, "version", OPT, ANY, NULL) &&
	       jread_str(r, v, "source_package", OPT, ANY, NULL) &&
	       jread_bytes(r, v, "source_package") &&
	       jread_str(r, v, "kind", OPT, ANY, NULL) && jread_str(r, v, "role", OPT, ANY, NULL) &&
	       jread_str(r, v, "use", OPT, ANY, NULL) &&
	       jread_list(r, v, "afalg_types", OPT, ANY, is_string) &&
	       jread_list(r, v, "features", OPT, ANY, is_string) &&
	       jread_list(r, v, "algorithms", OPT, ANY, is_string) &&
	       jread_list(r, v, "via", OPT, ANY, is_via) &&
	       jread_list(r, v, "evidence", OPT, ANY, is_evidence);
}

static bool is_error(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", OPT, ANY, NULL) &&
	       jread_str(r, v, "archive", OPT, ANY, NULL) &&
	       jread_str(r, v, "error", OPT, ANY, NULL);
}

/* packages[] of a version 2 document: the classification and the counts it adds. */
static bool is_package(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) &&
	       jread_member(r, v, "classification", JREAD_REQUIRED, is_classification) &&
	       jread_u64(r, v, "files_uses", JREAD_REQUIRED, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "files_capable", JREAD_REQUIRED, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "files_links", JREAD_REQUIRED, UINT64_MAX, NULL) &&
	       jread_u64(r, v, "files_unreachable", JREAD_REQUIRED, UINT64_MAX, NULL);
}

static bool is_example(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", OPT, ANY, NULL);
}

/* unresolved[] of a version 3 document: a library name, how many need it, which. */
static bool is_unresolved(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "needed", JREAD_REQUIRED, ANY, NULL) &&
	       jread_u64(r, v, "files", JREAD_REQUIRED, UINT64_MAX, NULL) &&
	       jread_list(r, v, "examples", OPT, ANY, is_example);
}

int scan_read_check(struct jread *r, json_object *doc)
{
	int64_t version = 1;

	if (!json_object_is_type(doc, json_type_object))
		return jread_fail(r, "not a JSON object") ? 0 : -1;
	/* jsonin_check_format_v vouched for it: 1..SCAN_READ_MAX_VERSION */
	if (!jget_int(doc, "version", &version) || version < 1 || version > SCAN_READ_MAX_VERSION)
		return jread_fail(r, "version not 1 to %d", SCAN_READ_MAX_VERSION) ? 0 : -1;
	doc_version = (int)version;
	if (jread_list(r, doc, "files", JREAD_REQUIRED, ANY, is_file) &&
	    jread_list(r, doc, "errors", OPT, ANY, is_error) &&
	    (version < 2 || jread_list(r, doc, "packages", OPT, ANY, is_package)) &&
	    (version < 3 || jread_list(r, doc, "unresolved", OPT, ANY, is_unresolved)))
		return 0;
	return -1;
}
