// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The tracer's findings table and its JSON form (pure user-space logic). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "json_bytes.h"
#include "trace_output.h"

static struct afalg_event make_event(uint64_t ino, uint16_t op, int32_t err, const char *exe)
{
	struct afalg_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.key.exe_ino = ino;
	ev.key.exe_dev = 0x800001;
	ev.key.uid = 1000;
	ev.key.op = op;
	ev.key.err = err;
	ev.key.arg = 5; /* SOCK_SEQPACKET */
	ev.tgid = 4242;
	ev.ts_ns = 1000;
	snprintf(ev.comm, sizeof(ev.comm), "python3");
	snprintf(ev.exe, sizeof(ev.exe), "%s", exe);
	return ev;
}

static void test_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(trace_op_name(AFALG_OP_SOCKET), "socket");
	assert_string_equal(trace_op_name(AFALG_OP_RECV), "recv");
	assert_string_equal(afalg_sockopt_name(1), "ALG_SET_KEY");
	assert_string_equal(afalg_sockopt_name(5), "ALG_SET_AEAD_AUTHSIZE");
	assert_string_equal(afalg_sockopt_name(7), "ALG_SET_KEY_BY_KEY_SERIAL");
	assert_null(afalg_sockopt_name(0));
	assert_null(afalg_sockopt_name(8));
	assert_null(afalg_sockopt_name(0xffffffffu));
	assert_string_equal(trace_op_name(0), "unknown");
	assert_string_equal(trace_op_name(9999), "unknown");
	assert_null(afalg_errno_name(0, buf, sizeof(buf)));
	assert_string_equal(afalg_errno_name(-97, buf, sizeof(buf)), "EAFNOSUPPORT");
	assert_string_equal(afalg_errno_name(-2, buf, sizeof(buf)), "ENOENT");
	assert_string_equal(afalg_errno_name(-4000, buf, sizeof(buf)), "E4000");
}

static void test_hardware_classification(void **state)
{
	(void)state;
	/* virtio_crypto's algorithms are ASYNC without KERN_DRIVER_ONLY. */
	assert_true(afalg_driver_is_hardware("virtio_crypto", AFALG_CRYPTO_ALG_ASYNC));
	assert_true(afalg_driver_is_hardware("", AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY));
	/* AES-NI's SIMD wrapper is async but runs on the CPU. */
	assert_false(afalg_driver_is_hardware("aesni_intel", AFALG_CRYPTO_ALG_ASYNC));
	assert_false(afalg_driver_is_hardware("", 0x40e));
	assert_false(afalg_driver_is_hardware(NULL, 0));
}

static json_object *write_and_parse(const struct trace_result *r)
{
	char path[] = "/tmp/afalg-test-XXXXXX";
	int fd = mkstemp(path);
	json_object *root;

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(trace_result_write_json(r, path), 0);
	root = json_object_from_file(path);
	unlink(path);
	assert_non_null(root);
	return root;
}

static void test_duplicate_events_are_one_finding(void **state)
{
	struct trace_result r;
	struct afalg_event ev = make_event(77, AFALG_OP_SOCKET, -97, "/usr/bin/python3.11");
	json_object *root, *progs, *acts, *v;

	(void)state;
	trace_result_init(&r, NULL);
	trace_result_add(&r, &ev);
	trace_result_add(&r, &ev);
	assert_int_equal(r.n, 1);

	root = write_and_parse(&r);
	assert_true(json_object_object_get_ex(root, "format", &v));
	assert_string_equal(json_object_get_string(v), "afalg-audit-trace");
	assert_true(json_object_object_get_ex(root, "programs", &progs));
	assert_int_equal(json_object_array_length(progs), 1);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(progs, 0), "activities",
					      &acts));
	v = json_object_array_get_idx(acts, 0);
	assert_string_equal(json_object_get_string(json_object_object_get(v, "op")), "socket");
	assert_string_equal(json_object_get_string(json_object_object_get(v, "error")),
			    "EAFNOSUPPORT");
	assert_int_equal(json_object_get_int(json_object_object_get(v, "errno")), 97);
	assert_int_equal(json_object_get_int(json_object_object_get(v, "uid")), 1000);
	json_object_put(root);
	trace_result_free(&r);
}

static void test_grouped_by_executable(void **state)
{
	struct trace_result r;
	struct afalg_event a = make_event(1, AFALG_OP_SOCKET, 0, "/usr/bin/kcapi-dgst");
	struct afalg_event b = make_event(2, AFALG_OP_SOCKET, 0, "/usr/bin/kcapi-enc");
	struct afalg_event c = make_event(1, AFALG_OP_BIND, -2, "/usr/bin/kcapi-dgst");
	json_object *root, *progs, *p0, *acts;

	(void)state;
	trace_result_init(&r, NULL);
	trace_result_add(&r, &a);
	trace_result_add(&r, &b);
	trace_result_add(&r, &c);
	root = write_and_parse(&r);
	progs = json_object_object_get(root, "programs");
	assert_int_equal(json_object_array_length(progs), 2);
	p0 = json_object_array_get_idx(progs, 0);
	assert_string_equal(json_object_get_string(json_object_object_get(p0, "exe")),
			    "/usr/bin/kcapi-dgst");
	acts = json_object_object_get(p0, "activities");
	assert_int_equal(json_object_array_length(acts), 2);
	json_object_put(root);
	trace_result_free(&r);
}

static void test_hostile_exe_name_round_trips(void **state)
{
	struct trace_result r;
	struct afalg_event ev = make_event(3, AFALG_OP_SOCKET, 0, "/tmp/<script>\n\x1b[2J\xff");
	json_object *root, *p0;

	(void)state;
	trace_result_init(&r, NULL);
	trace_result_add(&r, &ev);
	root = write_and_parse(&r);
	p0 = json_object_array_get_idx(json_object_object_get(root, "programs"), 0);
	/*
	 * A byte string under the policy of common/json_bytes.h: the invalid
	 * byte escaped and flagged (the document is valid UTF-8), the bytes
	 * recovered by the reader; escaping controls for display is the
	 * readers' job.
	 */
	assert_string_equal(json_object_get_string(json_object_object_get(p0, "exe")),
			    "/tmp/<script>\n\x1b[2J\\xff");
	assert_true(json_object_get_boolean(json_object_object_get(p0, "exe_escaped")));
	{
		char *bytes = NULL;

		assert_int_equal(afalg_json_get_bytes(p0, "exe", &bytes), AFALG_BYTES_OK);
		assert_string_equal(bytes, "/tmp/<script>\n\x1b[2J\xff");
		free(bytes);
	}
	json_object_put(root);
	trace_result_free(&r);
}

static void test_state_round_trip_merges(void **state)
{
	struct trace_result r, r2;
	struct afalg_event ev = make_event(9, AFALG_OP_BIND, 0, "/usr/bin/kcapi-enc");
	char path[] = "/tmp/afalg-state-XXXXXX";
	int fd = mkstemp(path);
	json_object *root, *act;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	snprintf(ev.key.salg_type, sizeof(ev.key.salg_type), "skcipher");
	snprintf(ev.key.salg_name, sizeof(ev.key.salg_name), "cbc(aes)");
	snprintf(ev.key.driver, sizeof(ev.key.driver), "cbc-aes-aesni");
	ev.key.arg = 0; /* bind keys carry no arg in the kernel */
	trace_result_init(&r, NULL);
	trace_result_add(&r, &ev);
	r.entries[0].counter.count = 5;
	r.entries[0].counter.last_ns = 2000;
	assert_int_equal(trace_result_save_state(&r, path), 0);

	/* A restarted tracer loads it and sees the same key again: counts add up. */
	trace_result_init(&r2, NULL);
	assert_int_equal(trace_result_load(&r2, path), 0);
	assert_int_equal(r2.n, 1);
	assert_memory_equal(&r2.entries[0].key, &ev.key, sizeof(ev.key));
	r2.entries[0].counter.count = 2;
	root = trace_result_json(&r2);
	act = json_object_array_get_idx(
		json_object_object_get(
			json_object_array_get_idx(json_object_object_get(root, "programs"), 0),
			"activities"),
		0);
	assert_int_equal(json_object_get_int(json_object_object_get(act, "count")), 7);
	assert_string_equal(json_object_get_string(json_object_object_get(act, "comm")), "python3");
	json_object_put(root);
	unlink(path);
	trace_result_free(&r);
	trace_result_free(&r2);
}

/*
 * The kernel's socket cache (bpf/afalg_trace.h) is direct-mapped: sockets
 * whose ids share an index take the slow path.  struct socket lives in
 * struct socket_alloc slab objects (~0x300-0x400 bytes apart, in pages
 * from anywhere): such ids must spread over the table, and every index
 * must stay inside it.
 */
static void test_sock_cache_index_spreads(void **state)
{
	static unsigned char used[AFALG_SOCK_CACHE];
	const unsigned long long base = 0xffff888012340000ull;
	unsigned distinct = 0;

	(void)state;
	for (unsigned i = 0; i < 512; i++) {
		__u32 idx = afalg_sock_cache_idx(base + i * 0x380ull);

		assert_true(idx < AFALG_SOCK_CACHE);
		distinct += !used[idx];
		used[idx] = 1;
	}
	/* 512 balls into 1024 bins at random leave ~400 distinct; demand near that. */
	assert_true(distinct >= 380);
	/* Slot numbering: one bit per (op, how), in range. */
	assert_int_equal(AFALG_SOCK_CACHE_SLOT(AFALG_OP_SEND, 0), 0);
	assert_int_equal(AFALG_SOCK_CACHE_SLOT(AFALG_OP_RECV,
					       AFALG_IO_SPLICE | AFALG_IO_AIO | AFALG_IO_IO_URING),
			 AFALG_SOCK_CACHE_SLOTS - 1);
}

static void load_text(const char *text, int want)
{
	char path[] = "/tmp/afalg-state-XXXXXX";
	int fd = mkstemp(path);
	struct trace_result r;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	trace_result_init(&r, NULL);
	assert_int_equal(trace_result_load(&r, path), want);
	trace_result_free(&r);
	unlink(path);
}

static void test_state_hostile_inputs(void **state)
{
	(void)state;
	load_text("", -1);
	load_text("{", -1);
	load_text("[]", -1);
	load_text("{\"format\":\"afalg-audit-scan\",\"version\":1}", -1);
	load_text("{\"format\":\"afalg-audit-trace\",\"version\":2}", -1);
	/* Right format, wrong types everywhere: refused whole (trace_read.c), no crash. */
	load_text("{\"format\":\"afalg-audit-trace\",\"version\":1,\"lost\":5,"
		  "\"programs\":[1,\"x\",{\"exe_ino\":\"a\"},{\"exe_ino\":1,\"exe_dev\":2,"
		  "\"activities\":[{\"op\":\"bind\",\"salg_name\":7,\"count\":\"many\","
		  "\"first_seen\":\"yesterday\",\"via\":[1,null]},{\"op\":\"nope\"}]}]}",
		  -1);
	/* A missing file is a first run, not an error. */
	{
		struct trace_result r;

		trace_result_init(&r, NULL);
		assert_int_equal(trace_result_load(&r, "/nonexistent/afalg-state"), 0);
		trace_result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_hardware_classification),
		cmocka_unit_test(test_duplicate_events_are_one_finding),
		cmocka_unit_test(test_grouped_by_executable),
		cmocka_unit_test(test_hostile_exe_name_round_trips),
		cmocka_unit_test(test_state_round_trip_merges),
		cmocka_unit_test(test_state_hostile_inputs),
		cmocka_unit_test(test_sock_cache_index_spreads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
