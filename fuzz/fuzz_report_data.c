// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The report's data loader (rdata_load: the allowlist, the hardening
 * measures, the migration advice, the known libraries; an allowlist may be
 * the user's own file).  Each input is tried in each of the four roles, the
 * other three files being the real ones from reports/data; whatever loads is
 * then used: a small fixed trace is folded and its report rendered.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"allowlist.json", "measures.json", "advice.json",
				    "libraries.json"};
static char dir[4096];
static FILE *devnull;
static struct json_object *sample;

static const char sample_trace[] =
	"{\"format\":\"afalg-audit-trace\",\"version\":1,\"lost\":{\"ringbuf_full\":0,"
	"\"map_full\":0},\"programs\":[{\"exe\":\"/usr/bin/x\","
	"\"exe_dev\":1,\"exe_ino\":2,\"processes\":1,\"activities\":["
	"{\"op\":\"bind\",\"errno\":0,\"uid\":0,\"salg_type\":\"skcipher\",\"salg_name\":"
	"\"cbc(aes)\",\"count\":1},{\"op\":\"bind\",\"errno\":0,\"uid\":1000,\"salg_type\":"
	"\"hash\",\"salg_name\":\"hmac(sha512)\",\"count\":2}]}]}";

static int write_file(const char *name, const void *buf, size_t n)
{
	char path[4200];
	int fd;
	ssize_t w;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	w = n ? write(fd, buf, n) : 0;
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) &&
	    fread(buf, 1, (size_t)len, f) == (size_t)len)
		*n = (size_t)len;
	else {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

static void remove_dir(void)
{
	char path[4200];

	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static char *real[4];
static size_t real_len[4];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/afalg-fuzz-data.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	devnull = fopen("/dev/null", "w");
	if (!devnull || !mkdtemp(dir) ||
	    jsonin_parse("sample", sample_trace, sizeof(sample_trace) - 1, &sample))
		abort();
	atexit(remove_dir);
	for (int i = 0; i < 4; i++) {
		char path[4200];

		snprintf(path, sizeof(path), "%s/%s", AFALG_FUZZ_REPORT_DATA, files[i]);
		if (!(real[i] = slurp(path, &real_len[i])) ||
		    write_file(files[i], real[i], real_len[i])) {
			fprintf(stderr, "fuzz_report_data: cannot copy %s\n", path);
			abort();
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int i = 0; i < 4; i++) {
		struct render_opts ro = {0};
		struct report *rep;
		struct rdata rd;
		struct model m;

		if (write_file(files[i], data, size))
			abort();
		if (rdata_load(&rd, dir, NULL) == 0) {
			rdata_allowed(&rd, "hash", "sha256");
			rdata_allowed_any(&rd, "cbc(aes)");
			rdata_advice(&rd, "skcipher", "ecb(cipher_null)");
			if (model_init(&m, &rd) == 0) {
				if (model_fold_doc(&m, "sample", sample) == 0 &&
				    (rep = report_build(&m, NULL))) {
					report_render(devnull, REPORT_FMT_TEXT, rep, &ro);
					report_render(devnull, REPORT_FMT_HTML, rep, &ro);
					report_free(rep);
				}
				model_free(&m);
			}
			rdata_free(&rd);
		}
		if (write_file(files[i], real[i], real_len[i]))
			abort();
	}
	fflush(devnull);
	return 0;
}
