// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The survey format's reader: survey_read.h. */
#include "survey_read.h"

#include <string.h>

#include <json-c/json.h>

#include "jread.h"
#include "scan_read.h"

#define REQ JREAD_REQUIRED
#define NUL_OK JREAD_NULL
#define STR SURVEY_MAX_STRING

static const char *const statuses[] = {"fetched", "resumed", "missing", "failed", "mismatch", NULL};

bool survey_status_scanned(const char *status)
{
	return status && (!strcmp(status, "fetched") || !strcmp(status, "resumed"));
}

/* No member but those named (NULL-terminated): the schema's additionalProperties false. */
static bool only(struct jread *r, struct json_object *o, const char *const *keys)
{
	return jread_only(r, o, keys, "a survey document");
}

static bool is_name(struct jread *r, struct json_object *v)
{
	return jread_val_str(r, v, JREAD_NO_NUL, 256, NULL);
}

static bool is_status(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	for (size_t i = 0; s && statuses[i]; i++)
		if (!strcmp(s, statuses[i]))
			return true;
	return jread_fail(r, "not a status (fetched, resumed, missing, failed, mismatch)");
}

static bool is_package(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {
		"package",
		"version",
		"architecture",
		"source_package",
		"source_version",
		"maintainer",
		"maintainer_escaped",
		"component",
		"impact",
		"filename",
		"size",
		"sha256",
		"archive",
		"status",
		"attempts",
		"error",
		"error_escaped",
		NULL,
	};
	const char *sha;
	uint64_t u;
	int64_t i;

	if (!jread_val_obj(r, v, 0) || !only(r, v, keys))
		return false;
	if (!jread_str(r, v, "package", REQ | JREAD_NO_NUL, 256, NULL) ||
	    !jread_str(r, v, "version", REQ | JREAD_NO_NUL, 256, NULL) ||
	    !jread_str(r, v, "architecture", REQ | JREAD_NO_NUL, 64, NULL) ||
	    !jread_str(r, v, "source_package", REQ | JREAD_NO_NUL, 256, NULL) ||
	    !jread_str(r, v, "source_version", REQ | JREAD_NO_NUL, 256, NULL) ||
	    !jread_bytes(r, v, "maintainer") ||
	    !jread_str(r, v, "component", NUL_OK | JREAD_NO_NUL, 256, NULL) ||
	    !jread_int(r, v, "impact", REQ, 0, SURVEY_MAX_PACKAGES, "a package count", &i) ||
	    !jread_str(r, v, "filename", REQ | JREAD_NO_NUL, 1024, NULL) ||
	    !jread_u64(r, v, "size", REQ, UINT64_MAX >> 1, &u) ||
	    !jread_str(r, v, "sha256", REQ | JREAD_NO_NUL, 64, &sha) ||
	    !jread_str(r, v, "archive", REQ | JREAD_NO_NUL, 4096, NULL) ||
	    !jread_member(r, v, "status", REQ, is_status) ||
	    !jread_int(r, v, "attempts", REQ, 0, 1000, "a count", &i) ||
	    !jread_bytes(r, v, "error"))
		return false;
	if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) {
		jread_enter(r, "sha256");
		return jread_fail(r, "not 64 lowercase hex digits");
	}
	return true;
}

static bool is_release(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {
		"origin", "origin_escaped", "label",	   "label_escaped",
		"suite",  "suite_escaped",  "codename",	   "codename_escaped",
		"date",	  "date_escaped",   "valid_until", "valid_until_escaped",
		NULL,
	};

	return jread_val_obj(r, v, 0) && only(r, v, keys) && jread_bytes(r, v, "origin") &&
	       jread_bytes(r, v, "label") && jread_bytes(r, v, "suite") &&
	       jread_bytes(r, v, "codename") && jread_bytes(r, v, "date") &&
	       jread_bytes(r, v, "valid_until");
}

static bool is_signature(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (s && (!strcmp(s, "verified") || !strcmp(s, "unverified")))
		return true;
	return jread_fail(r, "not verified or unverified");
}

static bool is_repository(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {
		"uri",
		"uri_escaped",
		"suite",
		"suite_escaped",
		"components",
		"architectures",
		"signed_file",
		"signature",
		"keyring",
		"keyring_escaped",
		"release",
		"index_files",
		"index_packages",
		"index_skipped",
		NULL,
	};
	uint64_t u;

	return jread_val_obj(r, v, 0) && only(r, v, keys) && jread_bytes(r, v, "uri") &&
	       jread_bytes(r, v, "suite") && jread_list(r, v, "components", REQ, 64, is_name) &&
	       jread_list(r, v, "architectures", REQ, 64, is_name) &&
	       jread_str(r, v, "signed_file", REQ | JREAD_NO_NUL, 64, NULL) &&
	       jread_member(r, v, "signature", REQ, is_signature) && jread_bytes(r, v, "keyring") &&
	       jread_member(r, v, "release", REQ, is_release) &&
	       jread_list(r, v, "index_files", REQ, 64 * 64, is_name) &&
	       jread_u64(r, v, "index_packages", REQ, SURVEY_MAX_PACKAGES, &u) &&
	       jread_u64(r, v, "index_skipped", REQ, SURVEY_MAX_PACKAGES, &u);
}

static bool is_shard(struct jread *r, struct json_object *v)
{
	static const char *const keys[] = {"index", "count", NULL};
	int64_t k, n;

	if (!v)
		return true;
	if (!jread_val_obj(r, v, 0) || !only(r, v, keys) ||
	    !jread_int(r, v, "count", REQ, 2, 4096, "a shard count", &n) ||
	    !jread_int(r, v, "index", REQ, 1, 4096, "a shard index", &k))
		return false;
	return k <= n || jread_fail(r, "index over count");
}

static bool is_pass(struct jread *r, struct json_object *v)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (s && (!strcmp(s, "single") || !strcmp(s, "links-out") || !strcmp(s, "links-from")))
		return true;
	return jread_fail(r, "not single, links-out or links-from");
}

int survey_read_check(struct jread *r, struct json_object *doc)
{
	static const char *const keys[] = {
		"format",	"version",	 "generator", "created", "repository", "packages",
		"not_in_index", "scan_complete", "scan",      "shard",	 "pass",       NULL,
	};
	struct json_object *scan = NULL;
	bool b;
	size_t mark;

	if (!jread_val_obj(r, doc, 0) || !only(r, doc, keys) ||
	    !jread_str(r, doc, "generator", REQ | JREAD_NO_NUL, 256, NULL) ||
	    !jread_str(r, doc, "created", REQ | JREAD_NO_NUL, 64, NULL) ||
	    !jread_member(r, doc, "repository", REQ, is_repository) ||
	    !jread_list(r, doc, "packages", REQ, SURVEY_MAX_PACKAGES, is_package) ||
	    !jread_list(r, doc, "not_in_index", REQ, SURVEY_MAX_PACKAGES, is_name) ||
	    !jread_bool(r, doc, "scan_complete", REQ, &b) ||
	    !jread_member(r, doc, "shard", REQ, is_shard) ||
	    !jread_member(r, doc, "pass", REQ, is_pass) || !jread_obj(r, doc, "scan", REQ, &scan))
		return -1;
	mark = jread_enter(r, "scan");
	if (scan_read_check(r, scan))
		return -1;
	jread_leave(r, mark);
	return 0;
}
