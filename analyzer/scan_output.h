/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Writing scan results: JSON (docs/schema/scan-v5.schema.json) or a short text summary. */
#ifndef AFALG_SCAN_OUTPUT_H
#define AFALG_SCAN_OUTPUT_H

#include <stdio.h>

#include <json-c/json.h>

#include "scan_ctx.h"

#define SCAN_FORMAT "afalg-audit-scan"
#define SCAN_FORMAT_VERSION 5
/* Unresolved libraries named in the text output (the JSON has them all). */
#define SCAN_UNRESOLVED_TEXT 20

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

/* Byte strings are written by afalg_json_add_bytes() (common/json_bytes.h). */

#endif /* AFALG_SCAN_OUTPUT_H */
