/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The writer of the simulate format (docs/schema/simulate-v1.schema.json;
 * its reader is in reports/) and the text printer, from one struct.
 */
#ifndef AFALG_SIM_OUTPUT_H
#define AFALG_SIM_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "sim_run.h"
#include "sim_verdict.h"

#define SIM_FORMAT "afalg-audit-simulate"
#define SIM_FORMAT_VERSION 1

struct sim_outcome {
	int measure;
	enum sim_verdict verdict;
	char why[1024];
	const struct sim_result *run; /* the run under the measure; NULL: observed only */
};

struct sim_doc {
	char **argv;
	const char *executable; /* resolved COMMAND, or NULL */
	const char *kernel, *machine;
	bool af_alg;
	const char *allow_file, *allow_name; /* NULL: M4/M5 did not run */
	const char *limits[16];
	unsigned nlimits;
	struct sim_result *runs;     /* [0] and [1]: the normal run, twice */
	bool out_varies, err_varies; /* the two normal runs wrote different output */
	bool keep_output;	     /* write the kept text of each stream */
	unsigned nruns;
	struct sim_outcome outcomes[SIM_COUNT];
	unsigned noutcomes;
};

struct json_object *sim_output_json(const struct sim_doc *d);
void sim_output_text(FILE *f, const struct sim_doc *d);

#endif /* AFALG_SIM_OUTPUT_H */
