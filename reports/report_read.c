// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The report format's reader (report_read.h). */
#include <stdbool.h>

#include <json-c/json.h>

#include "jread.h"
#include "report_read.h"

#define OPT JREAD_NULL /* a string, null or absent */
#define ANY JREAD_ANY

static bool is_string(struct jread *r, struct json_object *v)
{
	return jread_val_str(r, v, 0, ANY, NULL);
}

static bool is_algorithm(struct jread *r, struct json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "type", OPT, ANY, NULL) &&
	       jread_str(r, v, "name", OPT, ANY, NULL);
}

static bool is_break(struct jread *r, struct json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "measure", OPT, ANY, NULL) &&
	       jread_str(r, v, "break", OPT, ANY, NULL) && jread_str(r, v, "why", OPT, ANY, NULL);
}

static bool is_program(struct jread *r, struct json_object *v)
{
	return jread_val_obj(r, v, 0) && jread_str(r, v, "path", OPT, ANY, NULL) &&
	       jread_str(r, v, "identity", OPT, ANY, NULL) &&
	       jread_str(r, v, "build_id", OPT, ANY, NULL) &&
	       jread_str(r, v, "classification", OPT, ANY, NULL) &&
	       jread_str(r, v, "use", OPT, ANY, NULL) &&
	       jread_list(r, v, "types", OPT, ANY, is_string) &&
	       jread_list(r, v, "algorithms", OPT, ANY, is_algorithm) &&
	       jread_list(r, v, "breaks", OPT, ANY, is_break);
}

int report_read_check(struct jread *r, struct json_object *doc)
{
	if (!json_object_is_type(doc, json_type_object))
		return jread_fail(r, "not a JSON object") ? 0 : -1;
	return jread_list(r, doc, "programs", JREAD_REQUIRED, ANY, is_program) ? 0 : -1;
}
