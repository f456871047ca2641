// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The scan format's reader (scan_read.h).  Byte strings (paths, package
 * names) are strings or null; null and absent are the same to a reader.
 */
#include <stdbool.h>
#include <string.h>

#include <json-c/json.h>

#include "jread.h"
#include "scan_read.h"

#define OPT JREAD_NULL /* a byte string: string, null or absent */
#define ANY JREAD_ANY

static bool is_string(struct jread *r, json_object *v)
{
	return jread_val_str(r, v, 0, ANY, NULL);
}

static bool is_classification(struct jread *r, json_object *v)
{
	const char *c = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (!c || (strcmp(c, "uses") && strcmp(c, "capable")))
		return jread_fail(r, "not \"uses\" or \"capable\"");
	return true;
}

static bool is_via(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", OPT, ANY, NULL) &&
	       jread_str(r, v, "needed", OPT, ANY, NULL);
}

static bool is_evidence(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "function", OPT, ANY, NULL) &&
	       jread_str(r, v, "detail", OPT, ANY, NULL);
}

static bool is_file(struct jread *r, json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", JREAD_REQUIRED, ANY, NULL) &&
	       jread_bytes(r, v, "path") &&
	       jread_member(r, v, "classification", JREAD_REQUIRED, is_classification) &&
	       jread_str(r, v, "build_id", OPT, ANY, NULL) &&
	       jread_str(r, v, "package", OPT, ANY, NULL) &&
	       jread_str(r, v, "version", OPT, ANY, NULL) &&
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

int scan_read_check(struct jread *r, json_object *doc)
{
	if (!json_object_is_type(doc, json_type_object))
		return jread_fail(r, "not a JSON object") ? 0 : -1;
	if (jread_list(r, doc, "files", JREAD_REQUIRED, ANY, is_file) &&
	    jread_list(r, doc, "errors", OPT, ANY, is_error))
		return 0;
	return -1;
}
