/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Writing scan results: JSON (docs/schema/scan-v1.schema.json) or a short text summary. */
#ifndef AFALG_SCAN_OUTPUT_H
#define AFALG_SCAN_OUTPUT_H

#include <stdio.h>

#include <json-c/json.h>

#include "scan_ctx.h"

#define SCAN_FORMAT "afalg-audit-scan"
#define SCAN_FORMAT_VERSION 1

struct scan_run {
	char **inputs; /* as given; NULL entries never */
	int ninputs;
	unsigned shard_index, shard_count; /* count 0: no sharding */
	double seconds;
};

/* Sort results into output order (archive, path); call once before writing. */
void scan_output_sort(struct scan_ctx *ctx);
/* The whole document; caller puts it. */
struct json_object *scan_output_json(const struct scan_ctx *ctx, const struct scan_run *run);
void scan_output_text(FILE *f, const struct scan_ctx *ctx, const struct scan_run *run);

/*
 * A byte string as JSON: valid UTF-8 verbatim (JSON escapes controls);
 * otherwise every byte of an invalid sequence as the four characters \xNN
 * and every backslash doubled, and obj gets "<key>_escaped": true so a
 * reader can undo it.  Adds key: null for NULL.
 */
void json_add_bytes(struct json_object *obj, const char *key, const char *s);
/* Whether s is valid UTF-8 (any code point, controls included). */
int utf8_valid(const char *s, size_t n);

#endif /* AFALG_SCAN_OUTPUT_H */
