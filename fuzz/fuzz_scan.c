// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libelf.h>

#include "fuzz_scan.h"
#include "resolve.h"
#include "scan_output.h"

static FILE *devnull;
static int memfd = -1;

void fuzz_scan_global_init(void)
{
	elf_version(EV_CURRENT);
	scan_install_sigbus_guard();
	devnull = fopen("/dev/null", "w");
	memfd = memfd_create("afalg-fuzz", MFD_CLOEXEC);
	if (!devnull || memfd < 0) {
		perror("afalg-fuzz: setup");
		abort();
	}
}

void fuzz_scan_begin(struct scan_ctx *ctx)
{
	ctx_init(ctx);
	ctx->print_errors = false;
	ctx->debug_dir = NULL; /* never read this machine's debug files */
	ctx->lim.max_member = 8u << 20;
	ctx->lim.max_expansion = 32u << 20;
	ctx->lim.max_script = 1u << 20;
	ctx->lim.max_entries = 4096;
	ctx->mem_budget = ctx->lim.max_member;
}

void fuzz_scan_end(struct scan_ctx *ctx)
{
	char *inputs[] = {"/fuzz/input"};
	struct scan_run run = {.inputs = inputs, .ninputs = 1};
	struct json_object *doc;

	resolve_indirect(ctx, false, 1);
	scan_output_sort(ctx);
	doc = scan_output_json(ctx, &run);
	if (!json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY))
		abort();
	json_object_put(doc);
	scan_output_text(devnull, ctx, &run);
	fflush(devnull);
	ctx_free(ctx);
}

int fuzz_map(const unsigned char *data, size_t size, struct mapping *m)
{
	size_t done = 0;

	if (ftruncate(memfd, 0) < 0)
		return -1;
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return map_file(memfd, size, m) ? -1 : 0;
}
