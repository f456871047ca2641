// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A build-id is the key that joins a scan result to a trace.  Scan kept up
 * to 64 bytes of it and trace 20 (a longer one it dropped), so a program
 * linked with a 32-byte build-id never had the same key on both sides.
 * Here one such program (bid32_prog, linked with --build-id=0x<32 bytes>)
 * goes through each side's real reader and writer: trace's reader
 * (afalg_build_id_fd, what the naming helper calls) and writer
 * (trace_result_json), scan's reader and writer (elf_scan,
 * scan_output_json), and both documents into report's join.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <libelf.h>

#include "buildid.h"
#include "model.h"
#include "rdata.h"
#include "scan_ctx.h"
#include "scan_output.h"
#include "trace_output.h"

static struct rdata data;

static int setup(void **state)
{
	(void)state;
	elf_version(EV_CURRENT);
	return rdata_load(&data, SRC_DATADIR, NULL);
}

static int teardown(void **state)
{
	(void)state;
	rdata_free(&data);
	return 0;
}

/* Trace's side: the naming helper's reader, then the trace writer. */
static struct json_object *trace_doc(char hex[AFALG_BUILD_ID_HEX_SIZE])
{
	unsigned char id[AFALG_BUILD_ID_MAX];
	struct afalg_key k = {.op = AFALG_OP_SOCKET, .arg = 5 /* SOCK_SEQPACKET */};
	struct trace_result r;
	struct trace_entry *e;
	struct json_object *doc;
	struct stat st;
	int fd = open(BID32_PROG, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(afalg_build_id_fd(fd, id), 32);
	close(fd);
	afalg_build_id_hex(id, 32, hex);
	k.exe_ino = st.st_ino;
	k.exe_dev = (uint32_t)st.st_dev;
	trace_result_init(&r, NULL);
	assert_non_null(e = trace_result_new_entry(&r, &k));
	e->base.count = 1;
	snprintf(e->exe, sizeof(e->exe), "%s", BID32_PROG);
	memcpy(e->build_id, hex, sizeof(e->build_id));
	doc = trace_result_json(&r);
	trace_result_free(&r);
	return doc;
}

/* Scan's side: elf_scan on the file's bytes, then the scan writer. */
static struct json_object *scan_doc(void)
{
	struct scan_ctx ctx;
	struct scan_run run = {0};
	struct file_result *r = result_new(BID32_PROG, NULL);
	struct json_object *doc;
	FILE *f = fopen(BID32_PROG, "rb");
	unsigned char *img = malloc(1u << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(img);
	n = fread(img, 1, 1u << 20, f);
	fclose(f);
	assert_int_equal(ctx_init(&ctx), 0);
	elf_scan(&ctx, img, n, false, r);
	free(img);
	ctx_submit(&ctx, r);
	scan_output_sort(&ctx);
	doc = scan_output_json(&ctx, &run);
	ctx_free(&ctx);
	return doc;
}

static const char *program_build_id(struct json_object *doc, const char *arr)
{
	struct json_object *a, *p, *b;

	assert_true(json_object_object_get_ex(doc, arr, &a));
	assert_int_equal(json_object_array_length(a), 1);
	p = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(p, "build_id", &b));
	return json_object_get_string(b);
}

static void long_build_id_joins(void **state)
{
	char hex[AFALG_BUILD_ID_HEX_SIZE];
	struct json_object *tdoc = trace_doc(hex), *sdoc = scan_doc();
	struct model m;
	struct mprog *p;

	(void)state;
	assert_int_equal(strlen(hex), 64);
	/* Both writers spell it the same, whole. */
	assert_string_equal(program_build_id(tdoc, "programs"), hex);
	assert_string_equal(program_build_id(sdoc, "files"), hex);
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(model_fold_doc(&m, "trace.json", tdoc), 0);
	assert_int_equal(model_fold_doc(&m, "scan.json", sdoc), 0);
	assert_int_equal(m.nprogs, 1);
	p = m.progs[0];
	assert_string_equal(p->build_id, hex);
	assert_true(p->in_scan && p->in_trace);
	model_free(&m);
	json_object_put(tdoc);
	json_object_put(sdoc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_build_id_joins),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
