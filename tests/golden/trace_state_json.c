// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The trace JSON writer without a kernel: 'trace' writes its result only
 * after attaching its BPF programs (it needs root and BTF), so the golden
 * tests drive the two functions it uses around a run, on a state file:
 * trace_result_load() (what --state merges on start) and
 * trace_result_write_json() (what -o writes at the end), with nothing
 * recorded in between.  The output is what 'trace --state FILE -o OUT'
 * writes when no AF_ALG use happens during the run, less the "hooks" and
 * "features" members, which describe the attachment.
 *
 *   trace_state_json STATE_FILE   (the result on stdout; exit 0, or 2 on error)
 */
#include <stdio.h>

#include "trace_output.h"

int main(int argc, char **argv)
{
	struct trace_result r;
	int rc = 2;

	if (argc != 2) {
		fprintf(stderr, "usage: trace_state_json STATE_FILE\n");
		return 2;
	}
	trace_result_init(&r, NULL);
	if (trace_result_load(&r, argv[1]) == 0 && trace_result_write_json(&r, "-") == 0)
		rc = 0;
	trace_result_free(&r);
	return rc;
}
