// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Issue #15 item 9: a trace state file that is valid JSON of the wrong shape
 * is refused whole, naming the first bad member (tracer/trace_read.c), and
 * the file is left as it was.  Each case changes one member of a valid
 * state (as the tracer writes it) and expects the path and reason of the
 * refusal; the valid state, and the members the schema allows, load.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "jread.h"
#include "trace_output.h"
#include "trace_read.h"

/* A state as the tracer writes it: every op, a driver, a call site, via. */
static const char base[] =
	"{\"format\":\"afalg-audit-trace\",\"version\":1,\"kernel\":\"6.1.0\",\"host\":\"h\","
	"\"lost\":{\"ringbuf_full\":0,\"map_full\":0,\"prog_missed\":0},"
	"\"hooks\":\"x\",\"features\":{\"sites_in_kernel\":true},"
	"\"programs\":[{\"exe\":\"/usr/bin/kcapi-dgst\","
	"\"build_id\":\"0123456789abcdef0123456789abcdef01234567\","
	"\"exe_dev\":2049,\"exe_ino\":131,\"processes\":4,\"activities\":["
	/* 0 */
	"{\"op\":\"socket\",\"errno\":97,\"error\":\"EAFNOSUPPORT\",\"uid\":0,\"cgroup_id\":1,"
	"\"cgroup\":\"/\",\"socket_type\":-2147483643,\"count\":4,\"bytes\":0,"
	"\"first_seen\":\"2026-11-22T03:11:19.027Z\",\"last_seen\":\"2026-11-22T03:12:19.027Z\","
	"\"pid\":812,\"comm\":\"kcapi-dgst\","
	"\"site\":{\"address\":\"0x55d50de8a092\",\"file\":\"/usr/bin/kcapi-dgst\",\"offset\":4242,"
	"\"verified\":true,\"function\":\"main\",\"source\":\"m.c\",\"line\":10},"
	"\"stack\":[null,{\"address\":\"0x7fa35b118dc7\",\"file\":null,\"verified\":false,"
	"\"function\":null}]},"
	/* 1 */
	"{\"op\":\"bind\",\"errno\":0,\"error\":null,\"uid\":1000,\"cgroup_id\":77,\"cgroup\":null,"
	"\"salg_type\":\"hash\",\"salg_name\":\"hmac(sha512)\",\"salg_name_truncated\":true,"
	"\"driver\":{\"name\":\"hmac(sha512-generic)\",\"cra_name\":\"hmac(sha512)\","
	"\"module\":null,\"priority\":100,\"cra_flags\":4096,\"async\":false,"
	"\"kern_driver_only\":false,\"hardware\":false},\"count\":4,\"bytes\":0},"
	/* 2 */
	"{\"op\":\"setsockopt\",\"errno\":0,\"uid\":1000,\"cgroup_id\":77,\"optname\":1,"
	"\"optname_name\":\"ALG_SET_KEY\",\"optlen\":64,\"count\":4,\"bytes\":0,"
	"\"context_lost\":true},"
	/* 3 */
	"{\"op\":\"send\",\"errno\":0,\"uid\":1000,\"cgroup_id\":77,\"salg_type\":\"skcipher\","
	"\"salg_name\":\"cbc(aes)\",\"via\":[\"splice\",\"aio\",\"io_uring\"],"
	"\"count\":18446744073709551615,\"bytes\":1048576},"
	/* 4 */
	"{\"op\":\"accept\",\"errno\":22,\"uid\":1000,\"cgroup_id\":77,\"count\":1,\"bytes\":0},"
	/* 5 */
	"{\"op\":\"recv\",\"errno\":0,\"uid\":1000,\"cgroup_id\":18446744073709551615,"
	"\"via\":[],\"count\":400,\"bytes\":1048576,\"future_member\":{\"any\":[1]}}"
	"]},"
	"{\"exe\":null,\"build_id\":null,\"exe_dev\":4294967295,\"exe_ino\":99,\"processes\":0,"
	"\"activities\":[]}]}";

/* The member at path ("programs/0/activities/3/count"): its parent and last name. */
static json_object *parent_of(json_object *doc, const char *path, char *last, size_t lastsz)
{
	char buf[256], *save = NULL, *tok, *next;
	json_object *o = doc;

	snprintf(buf, sizeof(buf), "%s", path);
	tok = strtok_r(buf, "/", &save);
	while (tok && (next = strtok_r(NULL, "/", &save))) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(tok));
		else
			o = json_object_object_get(o, tok);
		assert_non_null(o);
		tok = next;
	}
	snprintf(last, lastsz, "%s", tok);
	return o;
}

/* Set path to the JSON text value (NULL: delete it), then check. */
static int check_with(const char *path, const char *value, struct jread *r)
{
	json_object *doc = json_tokener_parse(base), *parent, *v = NULL;
	char last[64];
	int ret;

	assert_non_null(doc);
	if (path) {
		parent = parent_of(doc, path, last, sizeof(last));
		if (value) {
			enum json_tokener_error jerr;

			v = json_tokener_parse_verbose(value, &jerr);
			assert_true(v || jerr == json_tokener_success); /* "null" parses as NULL */
		}
		if (json_object_is_type(parent, json_type_array)) {
			assert_non_null(value);
			json_object_array_put_idx(parent, (size_t)atoi(last), v);
		} else if (value) {
			json_object_object_add(parent, last, v);
		} else {
			json_object_object_del(parent, last);
		}
	}
	jread_init(r);
	ret = trace_read_check(r, doc, TRACE_READ_STATE);
	json_object_put(doc);
	return ret;
}

static void refused(const char *path, const char *value, const char *want_where,
		    const char *want_why)
{
	struct jread r;

	if (check_with(path, value, &r) != -1)
		fail_msg("%s = %s: accepted", path, value ? value : "(deleted)");
	assert_true(r.failed);
	if (strcmp(r.where, want_where) || !strstr(r.why, want_why))
		fail_msg("%s = %s: refused as '%s: %s', want '%s: %s...'", path,
			 value ? value : "(deleted)", r.where, r.why, want_where, want_why);
}

static void accepted(const char *path, const char *value)
{
	struct jread r;

	if (check_with(path, value, &r))
		fail_msg("%s = %s: refused as '%s: %s'", path ? path : "(base)",
			 value ? value : "(deleted)", r.where, r.why);
}

#define A0 "programs/0/activities/0/"
#define H32 "0123456789abcdef0123456789abcdef" /* 16 bytes of build-id */
#define W0 "programs[0].activities[0]."

static void test_valid_state_loads(void **state)
{
	(void)state;
	accepted(NULL, NULL);
	/* What the schema allows and the tracer may write. */
	accepted(A0 "op", "\"unknown\"");
	accepted(A0 "count", "0");
	accepted(A0 "first_seen", "\"1970-01-01T00:00:00.000Z\"");
	accepted(A0 "first_seen", "\"2262-04-11T23:47:15.999Z\"");
	accepted(A0 "unknown_member", "[1, {\"x\": null}]");
	accepted("programs/0/build_id", "\"\"");
	/* 32 bytes (--build-id=sha256 style): scan keeps it whole, so must trace. */
	accepted("programs/0/build_id", "\"" H32 H32 "\"");
	accepted("programs/0/exe", "null");
	accepted("lost/prog_missed", NULL);
	accepted(A0 "stack", "[]");
	accepted(A0 "site", "null");
}

/* The cases of the issue: a count as a string, a negative count, programs as an
 * object, version "1" or 1.9. */
static void test_issue_cases(void **state)
{
	(void)state;
	refused(A0 "count", "\"1\"", W0 "count", "not a non-negative integer");
	refused(A0 "count", "-1", W0 "count", "not a non-negative integer");
	refused("programs", "{}", "programs", "not an array");
	refused("version", "\"1\"", "version", "not 1");
	refused("version", "1.9", "version", "not 1");
	refused("version", "1.0", "version", "not 1");
	refused("version", "3", "version", "not 1");
}

static void test_top_level(void **state)
{
	struct jread r;
	json_object *arr = json_object_new_array();

	(void)state;
	jread_init(&r);
	assert_int_equal(trace_read_check(&r, arr, TRACE_READ_STATE), -1);
	assert_string_equal(r.where, "");
	assert_string_equal(r.why, "not a JSON object");
	json_object_put(arr);
	refused("format", "\"afalg-audit-scan\"", "format", "not \"afalg-audit-trace\"");
	refused("format", NULL, "format", "missing");
	refused("version", NULL, "version", "missing");
	refused("lost", NULL, "lost", "missing");
	refused("lost", "[]", "lost", "not an object");
	refused("lost/map_full", "\"0\"", "lost.map_full", "not a non-negative integer");
	refused("lost/ringbuf_full", "-5", "lost.ringbuf_full", "not a non-negative integer");
	refused("lost/prog_missed", "0.5", "lost.prog_missed", "not a non-negative integer");
	refused("programs", NULL, "programs", "missing");
	refused("programs/1", "5", "programs[1]", "not an object");
}

static void test_programs(void **state)
{
	(void)state;
	refused("programs/0/exe_dev", "4294967296", "programs[0].exe_dev", "0..4294967295");
	refused("programs/0/exe_ino", NULL, "programs[0].exe_ino", "missing");
	refused("programs/0/exe_ino", "true", "programs[0].exe_ino", "not a non-negative integer");
	refused("programs/0/exe", "7", "programs[0].exe", "not a string or null");
	refused("programs/0/build_id", "\"XYZ\"", "programs[0].build_id", "not a build-id");
	/* Past common/buildid.h's AFALG_BUILD_ID_MAX (64 bytes): 129 digits. */
	refused("programs/0/build_id", "\"" H32 H32 H32 H32 "0\"", "programs[0].build_id",
		"not a build-id");
	refused("programs/0/processes", "\"4\"", "programs[0].processes",
		"not a non-negative integer");
	refused("programs/0/activities", "{}", "programs[0].activities", "not an array");
	refused("programs/1/activities", NULL, "programs[1].activities", "missing");
	refused("programs/0/activities/4", "\"socket\"", "programs[0].activities[4]",
		"not an object");
}

static void test_activities(void **state)
{
	(void)state;
	refused(A0 "op", "\"nope\"", W0 "op", "not an operation");
	refused(A0 "op", NULL, W0 "op", "missing");
	refused(A0 "errno", "-97", W0 "errno", "not an errno");
	refused(A0 "errno", NULL, W0 "errno", "missing");
	refused(A0 "uid", "-1", W0 "uid", "0..4294967295");
	refused(A0 "cgroup_id", "\"1\"", W0 "cgroup_id", "not a non-negative integer");
	refused(A0 "socket_type", "4294967296", W0 "socket_type", "-2147483648..4294967295");
	refused(A0 "socket_type", "-2147483649", W0 "socket_type", "-2147483648..4294967295");
	refused(A0 "bytes", NULL, W0 "bytes", "missing");
	refused(A0 "bytes", "1e3", W0 "bytes", "not a non-negative integer");
	refused(A0 "pid", "\"812\"", W0 "pid", "0..4294967295");
	refused(A0 "comm", "null", W0 "comm", "not a string");
	refused(A0 "error", "97", W0 "error", "not a string or null");
	refused("programs/0/activities/1/salg_name", "\"hmac\\u0000(sha1)\"",
		"programs[0].activities[1].salg_name", "contains a NUL byte");
	refused("programs/0/activities/1/salg_type", "[\"hash\"]",
		"programs[0].activities[1].salg_type", "not a string");
	refused("programs/0/activities/1/salg_name_truncated", "1",
		"programs[0].activities[1].salg_name_truncated", "not true or false");
	refused("programs/0/activities/1/driver", "\"x\"", "programs[0].activities[1].driver",
		"not an object");
	refused("programs/0/activities/1/driver/name", NULL,
		"programs[0].activities[1].driver.name", "missing");
	refused("programs/0/activities/1/driver/priority", "2147483648",
		"programs[0].activities[1].driver.priority", "2147483647");
	refused("programs/0/activities/2/optlen", "-64", "programs[0].activities[2].optlen",
		"0..4294967295");
	refused("programs/0/activities/2/context_lost", "\"yes\"",
		"programs[0].activities[2].context_lost", "not true or false");
	refused("programs/0/activities/3/via/1", "\"pipe\"", "programs[0].activities[3].via[1]",
		"not one of splice, aio, io_uring");
	refused("programs/0/activities/3/via", "\"splice\"", "programs[0].activities[3].via",
		"not an array");
	refused("programs/0/activities/3/count", "18446744073709551615.0",
		"programs[0].activities[3].count", "not a non-negative integer");
}

static void test_times_and_sites(void **state)
{
	(void)state;
	refused(A0 "first_seen", "\"yesterday\"", W0 "first_seen", "not a time");
	refused(A0 "first_seen", "\"2026-02-30T00:00:00.000Z\"", W0 "first_seen", "not a time");
	refused(A0 "first_seen", "\"1969-12-31T23:59:59.999Z\"", W0 "first_seen", "not a time");
	refused(A0 "last_seen", "\"2262-04-12T00:00:00.000Z\"", W0 "last_seen", "not a time");
	refused(A0 "last_seen", "\" 2026-11-22T03:11:19.027Z\"", W0 "last_seen", "not a time");
	refused(A0 "last_seen", "\"2026-11-22T03:11:19.027Zjunk\"", W0 "last_seen", "not a time");
	refused(A0 "last_seen", "\"2026-11-22T03:11:19Z\"", W0 "last_seen", "not a time");
	refused(A0 "last_seen", "1764000000", W0 "last_seen", "not a time");
	refused(A0 "site", "[]", W0 "site", "not an object or null");
	refused(A0 "site/verified", NULL, W0 "site.verified", "missing");
	refused(A0 "site/address", "\"55d50de8a092\"", W0 "site.address", "not an address");
	refused(A0 "site/address", "\"0x\"", W0 "site.address", "not an address");
	refused(A0 "site/line", "\"10\"", W0 "site.line", "not an integer");
	refused(A0 "stack", "[null, null, null]", W0 "stack", "too many elements");
	refused(A0 "stack/1/address", "\"0X1\"", W0 "stack[1].address", "not an address");
	refused(A0 "stack/1/offset", "-1", W0 "stack[1].offset", "not a non-negative integer");
}

static void test_time_parser(void **state)
{
	(void)state;
	assert_int_equal(trace_read_time("2026-11-22T03:11:19.027Z"), 1795317079027000000ll);
	assert_int_equal(trace_read_time("1970-01-01T00:00:00.000Z"), 0);
	assert_int_equal(trace_read_time("2024-02-29T00:00:00.000Z"), 1709164800000000000ll);
	assert_int_equal(trace_read_time("2023-02-29T00:00:00.000Z"), -1);
	assert_int_equal(trace_read_time("2026-13-01T00:00:00.000Z"), -1);
	assert_int_equal(trace_read_time("2026-11-22T24:00:00.000Z"), -1);
	assert_int_equal(trace_read_time("+026-11-22T03:11:19.027Z"), -1);
	assert_int_equal(trace_read_time(""), -1);
	assert_int_equal(trace_read_time(NULL), -1);
}

/* Through the loader: refused, nothing merged, and the file left as it was. */
static void test_loader_keeps_the_file(void **state)
{
	static const char bad[] = "{\"format\":\"afalg-audit-trace\",\"version\":1,"
				  "\"lost\":{\"ringbuf_full\":0,\"map_full\":0},\"programs\":[{"
				  "\"exe_dev\":1,\"exe_ino\":2,\"processes\":1,\"activities\":["
				  "{\"op\":\"socket\",\"errno\":0,\"uid\":0,\"cgroup_id\":1,"
				  "\"count\":5,\"bytes\":0},"
				  "{\"op\":\"socket\",\"errno\":0,\"uid\":1,\"cgroup_id\":1,"
				  "\"count\":\"5\",\"bytes\":0}]}]}";
	char path[] = "/tmp/afalg-shape-XXXXXX", back[sizeof(bad) + 16];
	struct trace_result r;
	struct stat st1, st2;
	int fd = mkstemp(path);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, sizeof(bad) - 1), (ssize_t)sizeof(bad) - 1);
	assert_int_equal(fstat(fd, &st1), 0);
	close(fd);
	trace_result_init(&r, NULL);
	assert_int_equal(trace_result_load(&r, path), -1);
	assert_int_equal(r.n, 0); /* the good first activity was not merged either */
	trace_result_free(&r);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st2), 0);
	n = read(fd, back, sizeof(back));
	close(fd);
	unlink(path);
	assert_int_equal(n, (ssize_t)sizeof(bad) - 1);
	assert_memory_equal(back, bad, sizeof(bad) - 1);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
}

/* The base state merges in full, negative socket types included, and round-trips. */
static void test_loader_round_trip(void **state)
{
	char path[] = "/tmp/afalg-shape-XXXXXX";
	struct trace_result r, r2;
	json_object *doc, *doc2;
	const char *text;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, base, sizeof(base) - 1), (ssize_t)sizeof(base) - 1);
	close(fd);
	trace_result_init(&r, NULL);
	assert_int_equal(trace_result_load(&r, path), 0);
	assert_int_equal(r.n, 6);
	doc = trace_result_json(&r);
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	trace_result_init(&r2, NULL);
	assert_int_equal(trace_result_load(&r2, path), 0);
	assert_int_equal(r2.n, 6);
	doc2 = trace_result_json(&r2);
	assert_string_equal(json_object_to_json_string_ext(doc2, JSON_C_TO_STRING_PLAIN), text);
	json_object_put(doc);
	json_object_put(doc2);
	trace_result_free(&r);
	trace_result_free(&r2);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_state_loads),
		cmocka_unit_test(test_issue_cases),
		cmocka_unit_test(test_top_level),
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_activities),
		cmocka_unit_test(test_times_and_sites),
		cmocka_unit_test(test_time_parser),
		cmocka_unit_test(test_loader_keeps_the_file),
		cmocka_unit_test(test_loader_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
