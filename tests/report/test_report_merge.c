// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Merging scan, trace and simulate documents: joins, host counts, bounds, untrusted input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_build.h"
#include "simulate_read.h"

static struct rdata data;

static int setup(void **state)
{
	(void)state;
	return rdata_load(&data, SRC_DATADIR, NULL);
}

static int teardown(void **state)
{
	(void)state;
	rdata_free(&data);
	return 0;
}

static int fold(struct model *m, const char *name, const char *text)
{
	struct json_object *doc;
	int ret;

	if (jsonin_parse(name, text, strlen(text), &doc))
		return -1;
	ret = model_fold_doc(m, name, doc);
	json_object_put(doc);
	return ret;
}

#define SCAN_HEAD "{\"format\":\"afalg-audit-scan\",\"version\":1,\"files\":["
#define SCAN_TAIL "]}"
#define KCAPI_ENC                                                                                  \
	"{\"path\":\"/usr/bin/kcapi-enc\",\"build_id\":\"7c7b\",\"package\":\"kcapi-tools\","      \
	"\"version\":\"1.4.0-1\",\"kind\":\"elf\",\"role\":\"program\",\"classification\":"        \
	"\"uses\",\"use\":\"libkcapi\",\"afalg_types\":[\"skcipher\",\"aead\"],\"features\":"      \
	"[\"zero-copy\"],\"algorithms\":[\"cbc(aes)\",\"hmac(%s)\"],\"via\":[{\"needed\":"         \
	"\"libkcapi.so.1\",\"path\":\"/usr/lib/x86_64-linux-gnu/libkcapi.so.1.4.0\","              \
	"\"package\":\"libkcapi1\",\"on_host\":false}],\"evidence\":[]}"

static const char *trace_doc(char *buf, size_t size, const char *host, const char *bid)
{
	snprintf(
		buf, size,
		"{\"format\":\"afalg-audit-trace\",\"version\":1,\"host\":\"%s\","
		"\"kernel\":\"6.12.117+deb13-amd64\",\"lost\":{\"ringbuf_full\":1,\"map_full\":0,"
		"\"prog_missed\":2},\"programs\":[{\"exe\":\"/usr/bin/"
		"kcapi-enc\",\"build_id\":%s,\"exe_dev\":1,"
		"\"exe_ino\":2,\"processes\":3,\"activities\":["
		"{\"op\":\"socket\",\"errno\":0,\"uid\":0,\"cgroup_id\":1,\"count\":3,\"bytes\":0},"
		"{\"op\":\"bind\",\"errno\":0,\"uid\":0,\"cgroup_id\":1,\"count\":1,\"bytes\":0,"
		"\"salg_type\":\"skcipher\",\"salg_name\":\"cbc(aes)\",\"driver\":{\"name\":"
		"\"virtio_crypto_aes_cbc\",\"cra_name\":\"cbc(aes)\",\"module\":\"virtio_crypto\","
		"\"async\":true,\"hardware\":true},\"site\":{\"address\":\"0x1\",\"file\":"
		"\"/usr/lib/x86_64-linux-gnu/libkcapi.so.1.4.0\",\"verified\":true}},"
		"{\"op\":\"send\",\"errno\":0,\"uid\":0,\"cgroup_id\":1,\"count\":1,\"bytes\":64,"
		"\"salg_type\":\"skcipher\",\"salg_name\":\"cbc(aes)\",\"via\":[\"splice\"]},"
		"{\"op\":\"bind\",\"errno\":2,\"error\":\"ENOENT\",\"uid\":1000,\"cgroup_id\":1,"
		"\"count\":2,\"bytes\":0,\"salg_type\":\"aead\",\"salg_name\":\"gcm(aes)\"}]}]}",
		host, bid);
	return buf;
}

static void join_scan_and_trace(void **state)
{
	char buf[4096];
	struct model m;
	struct mprog *p;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	/* trace first, without a build-id; the scan joins it by path and adds one */
	assert_int_equal(fold(&m, "a.json", trace_doc(buf, sizeof(buf), "host-a", "null")), 0);
	assert_int_equal(fold(&m, "scan.json", SCAN_HEAD KCAPI_ENC SCAN_TAIL), 0);
	assert_int_equal(fold(&m, "b.json", trace_doc(buf, sizeof(buf), "host-b", "\"7c7b\"")), 0);
	/* the same host again right after: counted once */
	assert_int_equal(fold(&m, "b2.json", trace_doc(buf, sizeof(buf), "host-b", "\"7c7b\"")), 0);
	assert_int_equal(m.nprogs, 1);
	p = m.progs[0];
	assert_string_equal(p->package, "kcapi-tools");
	assert_string_equal(p->build_id, "7c7b");
	assert_true(p->in_scan && p->in_trace && p->uses);
	assert_int_equal(p->hosts_runtime, 2);
	assert_int_equal(p->scans, 1);
	assert_int_equal(p->processes, 9);
	assert_true(p->rt_splice_skaead);
	assert_int_equal(p->types, AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_AEAD));
	/* cbc(aes) from the file and from the trace is one algorithm; hmac(%s) is a template */
	assert_int_equal(p->nalgs, 2);
	assert_string_equal(p->algs[0].name, "cbc(aes)");
	assert_string_equal(p->algs[0].type, "skcipher");
	assert_true(p->algs[0].runtime);
	assert_int_equal(p->algs[0].count, 3);
	assert_int_equal(p->algs[0].ndrivers, 1);
	assert_int_equal(p->algs[0].drivers[0].hardware, 1);
	assert_string_equal(p->algs[1].name, "gcm(aes)"); /* tried, failed */
	assert_int_equal(p->nerrors, 1);
	assert_string_equal(p->errors[0].error, "ENOENT");
	assert_int_equal(p->errors[0].count, 6);
	assert_non_null(p->library);
	assert_int_equal(p->nfiles, 1);
	assert_int_equal(m.ntrace, 3);
	assert_int_equal(m.nscan, 1);
	assert_int_equal(m.lost_ringbuf, 3);
	assert_int_equal(m.lost_prog_missed, 6);
	model_free(&m);
}

/*
 * One identity wherever a program was seen (issue #17): Debian 12's dpkg
 * lists /sbin/cryptsetup, the tracer sees /usr/sbin/cryptsetup; same
 * build-id, one program, shown under the scan's path whatever the order.
 * Without a build-id on one side, the merged-/usr path key joins them.
 */
static void one_identity(void **state)
{
	struct model m;
	struct mprog *p, *q;
	char key[64];

	(void)state;
	assert_string_equal(model_path_key("/sbin/cryptsetup", key, sizeof(key)),
			    "/usr/sbin/cryptsetup");
	assert_string_equal(model_path_key("/lib64/ld-linux-x86-64.so.2", key, sizeof(key)),
			    "/usr/lib64/ld-linux-x86-64.so.2");
	assert_string_equal(model_path_key("/binary/x", key, sizeof(key)), "/binary/x");
	assert_string_equal(model_path_key("/usr/bin/ip", key, sizeof(key)), "/usr/bin/ip");
	for (int order = 0; order < 2; order++) {
		assert_int_equal(model_init(&m, &data), 0);
		for (int k = 0; k < 2; k++) {
			bool scan = (k == order);
			const char *path = scan ? "/sbin/cryptsetup" : "/usr/sbin/cryptsetup";

			p = model_prog_seen(&m, path, NULL, "c0ffee", scan);
			assert_non_null(p);
			p->in_scan |= scan; /* as fold.c does */
			p->in_trace |= !scan;
		}
		assert_int_equal(m.nprogs, 1);
		assert_string_equal(m.progs[0]->path, "/sbin/cryptsetup");
		/* a staged tree's file and the installed one a trace saw: the build-id joins them
		 */
		p = model_prog_seen(&m, "/build/stage/usr/bin/kcapi-dgst", NULL, "d65", true);
		p->in_scan = true;
		q = model_prog_seen(&m, "/usr/bin/kcapi-dgst", NULL, "d65", false);
		assert_ptr_equal(p, q);
		assert_string_equal(p->path, "/build/stage/usr/bin/kcapi-dgst");
		/* two scanned copies stay two files */
		q = model_prog_seen(&m, "/opt/other/kcapi-dgst", NULL, "d65", true);
		assert_ptr_not_equal(p, q);
		model_free(&m);
		assert_int_equal(model_init(&m, &data), 0);
		/* merged /usr without a build-id on one side */
		p = model_prog(&m, "/bin/ip", "1d1d");
		q = model_prog(&m, "/usr/bin/ip", NULL);
		assert_ptr_equal(p, q);
		/* a different build-id at the same path key: another program */
		q = model_prog(&m, "/usr/bin/ip", "2e2e");
		assert_ptr_not_equal(p, q);
		assert_int_equal(m.nprogs, 2);
		model_free(&m);
	}
}

static void other_build_id_is_another_program(void **state)
{
	char buf[4096];
	struct model m;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "scan.json", SCAN_HEAD KCAPI_ENC SCAN_TAIL), 0);
	assert_int_equal(fold(&m, "t.json", trace_doc(buf, sizeof(buf), "h", "\"ffff\"")), 0);
	assert_int_equal(m.nprogs, 2);
	assert_null(m.progs[1]->package);
	model_free(&m);
}

static void bad_documents(void **state)
{
	struct model m;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "x.json",
			      "{\"format\":\"afalg-audit-scan\",\"version\":6,"
			      "\"files\":[]}"),
			 -1);
	assert_int_equal(fold(&m, "x.json", "{\"format\":\"something-else\",\"version\":1}"), -1);
	assert_int_equal(fold(&m, "x.json", "[1,2]"), -1);
	assert_int_equal(
		fold(&m, "x.json", SCAN_HEAD "{\"path\":7,\"classification\":\"uses\"}" SCAN_TAIL),
		-1);
	assert_int_equal(fold(&m, "x.json", SCAN_HEAD "\"str\"" SCAN_TAIL), -1);
	assert_int_equal(fold(&m, "x.json",
			      "{\"format\":\"afalg-audit-trace\",\"version\":1,"
			      "\"lost\":{},\"programs\":[{\"exe\":\"/a\","
			      "\"activities\":[{\"op\":\"bind\",\"count\":-5}]}]}"),
			 -1);
	assert_int_equal(fold(&m, "x.json",
			      "{\"format\":\"afalg-audit-trace\",\"version\":1,"
			      "\"lost\":{},\"programs\":{}}"),
			 -1);
	model_free(&m);
	/* not JSON, truncated, trailing data, too deep */
	{
		struct json_object *o;
		char deep[200];

		assert_int_equal(jsonin_parse("t", "{\"a\":", 5, &o), -1);
		assert_int_equal(jsonin_parse("t", "{} x", 4, &o), -1);
		memset(deep, '[', sizeof(deep));
		assert_int_equal(jsonin_parse("t", deep, sizeof(deep), &o), -1);
		assert_int_equal(jsonin_parse("t", "{}\n", 3, &o), 0);
		json_object_put(o);
	}
}

static void caps_hold(void **state)
{
	struct model m;
	struct mprog *p;
	char name[32];

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	p = model_prog(&m, "/bin/many", NULL);
	for (int i = 0; i < MODEL_MAX_ALGS + 10; i++) {
		snprintf(name, sizeof(name), "alg%d", i);
		model_alg(&m, p, "hash", name);
	}
	assert_int_equal(p->nalgs, MODEL_MAX_ALGS);
	assert_true(p->algs_truncated);
	for (uint32_t u = 0; u < 1000; u++)
		model_add_uid(p, u);
	assert_int_equal(p->nuids, MODEL_MAX_UIDS);
	/* many programs: the path table grows */
	for (int i = 0; i < 5000; i++) {
		char bid[16];

		snprintf(name, sizeof(name), "/bin/p%d", i);
		snprintf(bid, sizeof(bid), "ab%04x", i);
		assert_non_null(model_prog(&m, name, bid));
	}
	assert_int_equal(m.nprogs, 5001);
	assert_ptr_equal(model_prog(&m, "/bin/p4321", "ab10e1"), m.progs[4322]);
	/* a copy (the same build-id elsewhere) is another file: another program */
	assert_ptr_not_equal(model_prog(&m, "/opt/copy/p4321", "ab10e1"), m.progs[4322]);
	assert_int_equal(m.nprogs, 5002);
	model_free(&m);
}

/* Scan version 2 (issue #16): a user through ell, a program that only links it, dead code. */
#define SCAN2_HEAD "{\"format\":\"afalg-audit-scan\",\"version\":2,\"files\":["
#define ELL_VIA(fns)                                                                               \
	"{\"needed\":\"libell.so.0\",\"path\":\"/usr/lib/libell.so.0.0.2\",\"package\":"           \
	"\"libell0\",\"on_host\":false,\"functions\":" fns ",\"afalg_types\":[\"hash\","           \
	"\"skcipher\"]}"
#define V2_FILE(path, cls, use, via, ev)                                                           \
	"{\"path\":\"" path "\",\"build_id\":null,\"package\":\"iwd\",\"kind\":\"elf\","           \
	"\"role\":\"program\",\"classification\":\"" cls "\",\"use\":" use                         \
	",\"afalg_types\":[\"hash\",\"skcipher\"],\"features\":[],\"algorithms\":[],"              \
	"\"via\":[" via "],\"evidence\":[" ev "]}"
#define IWD V2_FILE("/usr/libexec/iwd", "uses", "\"library\"", ELL_VIA("[\"l_checksum_new\"]"), "")
#define IWMON V2_FILE("/usr/bin/iwmon", "links", "null", ELL_VIA("[]"), "")
#define DEADD                                                                                      \
	V2_FILE("/usr/sbin/deadd", "unreachable", "\"direct\"", "",                                \
		"{\"kind\":\"unreached-site\",\"detail\":\"socket\",\"confidence\":\"high\","      \
		"\"address\":18960,\"function\":\"l_cipher_new\",\"source\":null}")
#define VERITY                                                                                     \
	V2_FILE("/usr/sbin/veritysetup", "uses", "\"library\"", ELL_VIA("null"),                   \
		"{\"kind\":\"link-level\",\"detail\":\"libell.so.0: reachability bounded\","       \
		"\"confidence\":\"medium\",\"function\":null}")

static struct mprog *find(struct model *m, const char *path)
{
	for (size_t i = 0; i < m->nprogs; i++)
		if (!strcmp(m->progs[i]->path, path))
			return m->progs[i];
	return NULL;
}

static void scan_v2_classes(void **state)
{
	struct model m;
	struct mprog *p;
	struct report *r;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(
		fold(&m, "v2.json", SCAN2_HEAD IWD "," IWMON "," DEADD "," VERITY SCAN_TAIL), 0);
	assert_int_equal(m.nprogs, 4);
	p = find(&m, "/usr/libexec/iwd");
	assert_int_equal(model_class(p), MC_USES);
	assert_int_equal(p->nvia, 1);
	assert_true(p->via[0].functions_known);
	assert_int_equal(p->via[0].nfunctions, 1);
	assert_string_equal(p->via[0].functions[0], "l_checksum_new");
	p = find(&m, "/usr/bin/iwmon");
	assert_int_equal(model_class(p), MC_LINKS);
	/* what it would use is information: no type of its own */
	assert_int_equal(p->types, 0);
	assert_int_equal(p->info_types,
			 AFALG_BIT(AFALG_TYPE_HASH) | AFALG_BIT(AFALG_TYPE_SKCIPHER));
	p = find(&m, "/usr/sbin/deadd");
	assert_int_equal(model_class(p), MC_UNREACHABLE);
	assert_int_equal(p->nsites, 1);
	assert_false(p->sites[0].reached);
	assert_int_equal(p->sites[0].address, 18960);
	p = find(&m, "/usr/sbin/veritysetup");
	assert_false(p->via[0].functions_known);
	assert_string_equal(p->via[0].link_level, "reachability bounded");

	r = report_build(&m, NULL);
	assert_non_null(r);
	assert_int_equal(r->users, 2);
	assert_int_equal(r->links, 1);
	assert_int_equal(r->unreachable, 1);
	assert_int_equal(r->capable, 0);
	assert_int_equal(r->not_blockers.n, 2);
	for (int o = 0; o < RO_N; o++)
		for (size_t j = 0; j < r->blockers[o].n; j++)
			assert_int_equal(model_class(r->progs[r->blockers[o].idx[j]]), MC_USES);
	for (size_t j = 0; j < r->not_blockers.n; j++) {
		size_t i = r->not_blockers.idx[j];

		assert_int_equal(r->verdicts[i].blocks, 0);
		assert_true(r->verdicts[i].info[0]);
	}
	report_free(r);
	model_free(&m);
}

/* The stronger answer wins: a use in another scan, or a socket seen by a trace. */
static void scan_v2_uses_wins(void **state)
{
	char buf[4096];
	struct model m;
	struct mprog *p;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "v2.json", SCAN2_HEAD IWMON SCAN_TAIL), 0);
	/* an older scan (version 1) that called it a user */
	assert_int_equal(fold(&m, "v1.json",
			      SCAN_HEAD
			      "{\"path\":\"/usr/bin/iwmon\",\"classification\":\"uses\","
			      "\"use\":\"library\",\"afalg_types\":[\"hash\"]}" SCAN_TAIL),
			 0);
	p = find(&m, "/usr/bin/iwmon");
	assert_int_equal(model_class(p), MC_USES);
	assert_int_equal(p->types, AFALG_BIT(AFALG_TYPE_HASH));
	model_free(&m);

	/* a trace that saw it open an AF_ALG socket */
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "v2.json",
			      SCAN2_HEAD V2_FILE("/usr/bin/kcapi-enc", "links", "null",
						 ELL_VIA("[]"), "") SCAN_TAIL),
			 0);
	assert_int_equal(model_class(m.progs[0]), MC_LINKS);
	assert_int_equal(fold(&m, "t.json", trace_doc(buf, sizeof(buf), "h", "null")), 0);
	assert_int_equal(m.nprogs, 1);
	assert_int_equal(model_class(m.progs[0]), MC_USES);
	/* the trace's types, not the library's would-be ones */
	assert_int_equal(m.progs[0]->types,
			 AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_AEAD));
	model_free(&m);
}

static void scan_v2_bad_documents(void **state)
{
	struct model m;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	/* version 1 has no links */
	assert_int_equal(fold(&m, "x.json", SCAN_HEAD IWMON SCAN_TAIL), -1);
	/* version 2: via[].functions required, strings or null */
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD V2_FILE("/a", "links", "null",
						 "{\"needed\":\"l\",\"afalg_types\":[]}", "")
				      SCAN_TAIL),
			 -1);
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD V2_FILE("/a", "uses", "null", ELL_VIA("[7]"), "")
				      SCAN_TAIL),
			 -1);
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD V2_FILE("/a", "uses", "null", ELL_VIA("\"f\""), "")
				      SCAN_TAIL),
			 -1);
	/* an unknown classification or evidence kind, a bad address */
	assert_int_equal(
		fold(&m, "x.json", SCAN2_HEAD V2_FILE("/a", "maybe", "null", "", "") SCAN_TAIL),
		-1);
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD V2_FILE("/a", "uses", "null", "", "{\"kind\":\"guess\"}")
				      SCAN_TAIL),
			 -1);
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD V2_FILE("/a", "uses", "null", "",
						 "{\"kind\":\"socket-call\",\"address\":-1}")
				      SCAN_TAIL),
			 -1);
	/* packages[] of version 2 have the new counts */
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD
			      "]"
			      ",\"packages\":[{\"classification\":\"links\","
			      "\"files_uses\":0,\"files_capable\":0,\"files_links\":1}]}"),
			 -1);
	assert_int_equal(m.nprogs, 0);
	assert_int_equal(fold(&m, "x.json",
			      SCAN2_HEAD "]"
					 ",\"packages\":[{\"classification\":\"links\","
					 "\"files_uses\":0,\"files_capable\":0,\"files_links\":1,"
					 "\"files_unreachable\":0}]}"),
			 0);
	model_free(&m);
}

static void report_document(void **state)
{
	char buf[4096];
	struct json_object *doc, *opts, *o;
	struct model m;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "scan.json", SCAN_HEAD KCAPI_ENC SCAN_TAIL), 0);
	assert_int_equal(fold(&m, "t.json", trace_doc(buf, sizeof(buf), "h", "\"7c7b\"")), 0);
	doc = report_build_document(&m, NULL);
	assert_non_null(doc);
	assert_string_equal(jstr(doc, "format"), "afalg-audit-report");
	assert_null(json_object_object_get(doc, "kernel"));
	opts = jget_arr(doc, "options");
	assert_int_equal(json_object_array_length(opts), 6);
	o = json_object_array_get_idx(opts, 1);
	assert_string_equal(jstr(o, "option"), "CONFIG_CRYPTO_USER_API_SKCIPHER");
	assert_string_equal(jstr(o, "verdict"), "blocked");
	o = json_object_array_get_idx(opts, 0);
	assert_string_equal(jstr(o, "verdict"), "safe-to-disable");
	o = json_object_array_get_idx(jget_arr(doc, "programs"), 0);
	assert_string_equal(jstr(o, "evidence"), "runtime+static");
	assert_string_equal(jstr(jget_obj(o, "code"), "component"), "libkcapi");
	json_object_put(doc);
	model_free(&m);
}

/* A directory argument's files: one slash however the directory was written (issue #17:
 * "report hosts/" named hosts//h1/report.json). */
static void path_join(void **state)
{
	static const struct {
		const char *dir, *want;
	} cases[] = {
		{"hosts", "hosts/h1"}, {"hosts/", "hosts/h1"}, {"hosts//", "hosts/h1"},
		{"/", "/h1"},	       {"//", "/h1"},	       {"/srv/fleet/", "/srv/fleet/h1"},
		{"./", "./h1"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = rdata_path_join(cases[i].dir, "h1");

		assert_non_null(p);
		assert_string_equal(p, cases[i].want);
		free(p);
	}
}

/*
 * A simulate-v1 result with one verdict (measure, verdict, programs as a
 * JSON array) and the runs it names: the normal run twice and the measure's,
 * which ended with exit status.
 */
static const char *sim_doc(char *buf, size_t size, const char *measure, const char *verdict,
			   const char *programs, int status)
{
	static const char run[] =
		"\"wall_s\":0.5,\"timed_out\":false,"
		"\"stdout\":{\"bytes\":0,\"sha256\":\"%064d\"},"
		"\"stderr\":{\"bytes\":0,\"sha256\":\"%064d\"},\"error_lines\":[],"
		"\"examined\":{\"socket\":1,\"bind\":1},\"denied\":[],\"denied_total\":0,"
		"\"observed\":{\"splice\":0,\"sendfile\":0,\"io_submit\":0,\"io_uring_setup\":0,"
		"\"unreadable\":0,\"compat\":0}";
	char r[600];

	snprintf(r, sizeof(r), run, 0, 0);
	snprintf(buf, size,
		 "{\"format\":\"afalg-audit-simulate\",\"version\":1,\"generator\":\"t\","
		 "\"command\":[\"kcapi-dgst\",\"-c\",\"sha256\"],"
		 "\"executable\":\"/usr/bin/"
		 "kcapi-dgst\",\"mechanism\":\"seccomp-user-notification\","
		 "\"host\":{\"kernel\":\"6.1\",\"machine\":\"x86_64\",\"af_alg\":true},"
		 "\"allowlist\":null,\"limits\":[],"
		 "\"output_varies\":{\"stdout\":false,\"stderr\":false},"
		 "\"runs\":[{\"measure\":null,\"exit\":{\"status\":0},%s},"
		 "{\"measure\":null,\"exit\":{\"status\":0},%s},"
		 "{\"measure\":\"%s\",\"exit\":{\"status\":%d},%s}],"
		 "\"verdicts\":[{\"measure\":\"%s\",\"verdict\":\"%s\",\"why\":\"w-%s\","
		 "\"programs\":%s}]}",
		 r, r, measure, status, r, measure, verdict, verdict, programs);
	return buf;
}

/*
 * Measured verdicts (issue #18): joined by path key (a scan's /bin path, a
 * simulate result's /usr/bin one), the worst of several wins, M0 is the
 * worst of its types, a not-reached verdict with no programs applies to the
 * executable whichever order the inputs come in, not-simulated replaces
 * nothing, and the measured words replace the inferred ones.
 */
static void measured_verdicts(void **state)
{
	static const char scan[] =
		SCAN_HEAD "{\"path\":\"/bin/kcapi-dgst\",\"build_id\":\"aa\",\"classification\":"
			  "\"uses\",\"use\":\"libkcapi\",\"afalg_types\":[\"hash\",\"skcipher\"],"
			  "\"evidence\":[]}" SCAN_TAIL;
	static const char *const progs = "[\"/usr/bin/kcapi-dgst\"]";
	char buf[4096], text[800];

	(void)state;
	for (int order = 0; order < 2; order++) {
		struct model m;
		struct report *r;
		const struct pverdict *v;
		const struct vmeasured *mv;

		assert_int_equal(model_init(&m, &data), 0);
		if (!order)
			assert_int_equal(fold(&m, "scan", scan), 0);
		/* not-reached, acting on no program: the command's executable */
		assert_int_equal(
			fold(&m, "s1", sim_doc(buf, sizeof(buf), "M6", "not-reached", "[]", 0)), 0);
		assert_int_equal(
			fold(&m, "s2", sim_doc(buf, sizeof(buf), "M0:hash", "survives", progs, 0)),
			0);
		assert_int_equal(fold(&m, "s3",
				      sim_doc(buf, sizeof(buf), "M0:skcipher", "breaks", progs, 1)),
				 0);
		assert_int_equal(
			fold(&m, "s4", sim_doc(buf, sizeof(buf), "M0:hash", "degrades", progs, 0)),
			0);
		assert_int_equal(
			fold(&m, "s5", sim_doc(buf, sizeof(buf), "M4", "survives", progs, 0)), 0);
		assert_int_equal(
			fold(&m, "s6", sim_doc(buf, sizeof(buf), "M1", "not-simulated", progs, 0)),
			0);
		if (order)
			assert_int_equal(fold(&m, "scan", scan), 0);
		assert_int_equal(m.nprogs, 1);
		assert_int_equal(m.nsim, 6);
		r = report_build(&m, NULL);
		assert_non_null(r);
		v = &r->verdicts[0];
		/* M0: the worst of its types, breaks under M0:skcipher */
		mv = &v->measured[AFALG_M_OPTION_OFF];
		assert_int_equal(mv->verdict, MV_BREAKS);
		assert_string_equal(simulate_slot_name(mv->slot), "M0:skcipher");
		assert_int_equal(mv->inferred, 1);
		assert_true(v->breaks[AFALG_M_OPTION_OFF] && v->brk[AFALG_M_OPTION_OFF].hard);
		assert_string_equal(v->brk[AFALG_M_OPTION_OFF].why,
				    "measured: `kcapi-dgst -c sha256` \u2192 breaks (exit 1: "
				    "w-breaks) under M0:skcipher");
		/* each type decides its option: hash degrades (not a blocker), skcipher breaks */
		assert_false(v->blocks & (1u << RO_HASH));
		assert_true(v->unblocked & (1u << RO_HASH));
		assert_true(v->blocks & (1u << RO_SKCIPHER));
		assert_string_equal(v->block_why[RO_HASH],
				    "measured: `kcapi-dgst -c sha256` \u2192 "
				    "degrades (exit 0: w-degrades) under "
				    "M0:hash");
		assert_int_equal(r->blockers[RO_HASH].n, 0);
		assert_int_equal(r->measured_ok[RO_HASH].n, 1);
		assert_int_equal(r->blockers[RO_SKCIPHER].n, 1);
		/* M4 survives: no break; M6 not-reached through the executable: no break */
		assert_false(v->breaks[AFALG_M_ALLOWLIST]);
		assert_int_equal(v->measured[AFALG_M_ALLOWLIST].verdict, MV_SURVIVES);
		assert_false(v->breaks[AFALG_M_AF_ALG_OFF]);
		assert_int_equal(v->measured[AFALG_M_AF_ALG_OFF].verdict, MV_NOT_REACHED);
		assert_int_equal(v->measured[AFALG_M_AF_ALG_OFF].inferred, 1);
		verdict_measured_text(&v->measured[AFALG_M_AF_ALG_OFF], text, sizeof(text));
		assert_string_equal(text,
				    "measured: `kcapi-dgst -c sha256` \u2192 not-reached (exit 0: "
				    "w-not-reached)");
		/* M1: not-simulated replaces nothing */
		assert_int_equal(v->measured[AFALG_M_NO_ZEROCOPY].verdict, MV_NONE);
		assert_int_equal(r->nmeasured, 1);
		assert_int_equal(r->hard[AFALG_M_AF_ALG_OFF], 0);
		report_free(r);
		model_free(&m);
	}
}

/* A simulate result alone: the program its measure acted on is a user of that type. */
static void measured_only(void **state)
{
	char buf[4096];
	struct model m;
	struct report *r;

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(
		fold(&m, "s",
		     sim_doc(buf, sizeof(buf), "M0:rng", "breaks", "[\"/usr/bin/kcapi-rng\"]", 3)),
		0);
	/* acting on nothing creates nothing */
	assert_int_equal(fold(&m, "s", sim_doc(buf, sizeof(buf), "M6", "not-reached", "[]", 0)), 0);
	assert_int_equal(m.nprogs, 1);
	r = report_build(&m, NULL);
	assert_non_null(r);
	assert_int_equal(r->users, 1);
	assert_string_equal(report_evidence(r->progs[0]), "measured");
	assert_int_equal(r->progs[0]->types, AFALG_BIT(AFALG_TYPE_RNG));
	assert_true(r->verdicts[0].breaks[AFALG_M_OPTION_OFF] &&
		    r->verdicts[0].brk[AFALG_M_OPTION_OFF].hard);
	assert_int_equal(r->verdicts[0].measured[AFALG_M_OPTION_OFF].inferred, 1);
	report_free(r);
	model_free(&m);
}

/*
 * What to change (issue #17): users grouped by component, then by source
 * package; the component's functions its files call, once; a file in no
 * package last; links programs never in it.
 */
#define V5_FILE(path, pkg, src, use, via) V5_ROLE(path, pkg, src, use, via, "program")
#define V5_ROLE(path, pkg, src, use, via, role)                                                    \
	"{\"path\":\"" path "\",\"package\":" pkg ",\"source_package\":" src ",\"kind\":\"elf\","  \
	"\"role\":\"" role "\",\"classification\":\"uses\",\"use\":\"" use "\",\"afalg_types\":"   \
	"[\"skcipher\"],\"via\":[" via "],\"evidence\":[]}"
#define VIA_CS(fns)                                                                                \
	"{\"needed\":\"libcryptsetup.so.12\",\"path\":\"/lib/x86_64-linux-gnu/"                    \
	"libcryptsetup.so.12.9.0\",\"functions\":[" fns "],\"afalg_types\":[\"skcipher\"]}"

static void fixes_grouped(void **state)
{
	static const char doc[] =
		"{\"format\":\"afalg-audit-scan\",\"version\":5,\"files\":["
		V5_FILE("/lib/systemd/systemd-cryptsetup", "\"systemd\"", "\"systemd\"", "library",
			VIA_CS("\"crypt_format@CRYPTSETUP_2.4\",\"crypt_load@CRYPTSETUP_2.0\"")) ","
		V5_FILE("/lib/systemd/systemd-veritysetup", "\"systemd\"", "\"systemd\"", "library",
			VIA_CS("\"crypt_load@CRYPTSETUP_2.0\"")) ","
		V5_FILE("/usr/bin/systemd-cryptenroll", "\"systemd\"", "\"systemd\"", "library",
			VIA_CS("\"crypt_keyslot_add_by_key@CRYPTSETUP_2.0\"")) ","
		V5_FILE("/sbin/cryptsetup", "\"cryptsetup-bin\"", "\"cryptsetup\"", "library",
			VIA_CS("\"crypt_format@CRYPTSETUP_2.4\"")) ","
		V5_ROLE("/lib/x86_64-linux-gnu/libcryptsetup.so.12.9.0", "\"libcryptsetup12\"",
			"\"cryptsetup\"", "direct", "", "library") ","
		V5_FILE("/bin/ip", "\"iproute2\"", "\"iproute2\"", "direct", "") ","
		V5_FILE("/usr/local/bin/own", "null", "null", "direct", "") ","
		"{\"path\":\"/usr/bin/iwmon\",\"package\":\"iwd\",\"source_package\":\"iwd\","
		"\"classification\":\"links\",\"afalg_types\":[\"hash\"],\"evidence\":[]}"
		"]}";
	struct model m;
	struct report *r;
	const struct rfix *x;
	char title[128];

	(void)state;
	assert_int_equal(model_init(&m, &data), 0);
	assert_int_equal(fold(&m, "scan.json", doc), 0);
	r = report_build(&m, NULL);
	assert_non_null(r);
	assert_int_equal(r->users, 7);
	/* cryptsetup: {cryptsetup, systemd}; own code: {iproute2, none} */
	assert_int_equal(r->nfixes, 4);
	assert_int_equal(r->ncomponents, 2);
	x = &r->fixes[0];
	assert_non_null(x->component);
	assert_string_equal(x->component->name, "cryptsetup kernel crypto backend");
	assert_string_equal(x->name, "cryptsetup");
	assert_true(x->source_known);
	assert_int_equal(x->files.n, 2); /* the library and /sbin/cryptsetup */
	assert_int_equal(x->nfunctions, 1);
	x = &r->fixes[1];
	assert_ptr_equal(x->component, r->fixes[0].component);
	assert_string_equal(x->name, "systemd");
	assert_int_equal(x->files.n, 3);
	/* the union, each once: crypt_format, crypt_load, crypt_keyslot_add_by_key */
	assert_int_equal(x->nfunctions, 3);
	for (size_t j = 0; j < x->files.n; j++)
		assert_string_equal(r->progs[x->files.idx[j]]->source, "systemd");
	x = &r->fixes[2];
	assert_null(x->component);
	assert_string_equal(x->name, "iproute2");
	assert_int_equal(x->files.n, 1);
	x = &r->fixes[3];
	assert_null(x->component);
	assert_null(x->name);
	assert_string_equal(r->progs[x->files.idx[0]]->path, "/usr/local/bin/own");
	report_fix_title(x, title, sizeof(title));
	assert_string_equal(title, "(in no package)");
	report_fix_title(&r->fixes[1], title, sizeof(title));
	assert_string_equal(title, "systemd (source package)");
	report_free(r);
	model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(join_scan_and_trace),
		cmocka_unit_test(one_identity),
		cmocka_unit_test(other_build_id_is_another_program),
		cmocka_unit_test(bad_documents),
		cmocka_unit_test(fixes_grouped),
		cmocka_unit_test(caps_hold),
		cmocka_unit_test(report_document),
		cmocka_unit_test(scan_v2_classes),
		cmocka_unit_test(scan_v2_uses_wins),
		cmocka_unit_test(scan_v2_bad_documents),
		cmocka_unit_test(path_join),
		cmocka_unit_test(measured_verdicts),
		cmocka_unit_test(measured_only),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
