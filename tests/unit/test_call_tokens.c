// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The sweep of the twin recorders' tokens (tracer/call_tokens.c) on real
 * BPF hash maps of this kernel (needs root or CAP_BPF: label host), laid
 * out as bpf/afalg_trace.bpf.c declares call_tokens and pending_bind.  That
 * the twins take the tokens is exercised by the vm tests (exact counts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <cmocka.h>

#include "afalg_trace.h"
#include "call_tokens.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void test_is_twin(void **state)
{
	(void)state;
	assert_true(call_tokens_is_twin("sock_create_exit_a"));
	assert_true(call_tokens_is_twin("sock_create_exit_nofv_b"));
	assert_true(call_tokens_is_twin("bind_exit_b"));
	assert_true(call_tokens_is_twin("bind_socket_exit_a"));
	/* The entry side and everything else: their skipped runs are losses. */
	assert_false(call_tokens_is_twin("sock_create_enter"));
	assert_false(call_tokens_is_twin("bind_enter"));
	assert_false(call_tokens_is_twin("accept_enter"));
	assert_false(call_tokens_is_twin("sendmsg_enter_a"));
	assert_false(call_tokens_is_twin("bind_exit_c"));
	assert_false(call_tokens_is_twin("a"));
	assert_false(call_tokens_is_twin(""));
}

static void test_sweep(void **state)
{
	int tok = bpf_map_create(BPF_MAP_TYPE_HASH, "tok", sizeof(struct afalg_call_token_key),
				 sizeof(__u64), 8192, NULL);
	int pb = bpf_map_create(BPF_MAP_TYPE_HASH, "pb", sizeof(__u32),
				sizeof(struct afalg_pending_bind), 8192, NULL);
	uint64_t now = now_ns(), ts;
	struct afalg_pending_bind v = {0};

	(void)state;
	assert_true(tok >= 0);
	assert_true(pb >= 0);
	/* 300 old socket tokens (more than one pass takes), 5 fresh ones. */
	for (__u32 t = 1; t <= 305; t++) {
		struct afalg_call_token_key k = {.tid = t, .kind = AFALG_CALL_SOCKET};

		ts = t <= 300 ? now - 120000000000ull : now;
		assert_int_equal(bpf_map_update_elem(tok, &k, &ts, BPF_ANY), 0);
	}
	/* 2 old binds, 1 fresh. */
	for (__u32 t = 1; t <= 3; t++) {
		v.ts = t <= 2 ? now - 120000000000ull : now;
		assert_int_equal(bpf_map_update_elem(pb, &t, &v, BPF_ANY), 0);
	}
	/* Older than 60 s: a pass takes at most 256, the next the rest. */
	uint64_t n = call_tokens_sweep(tok, pb, 60000000000ull);
	n += call_tokens_sweep(tok, pb, 60000000000ull);
	assert_int_equal(n, 302);
	assert_int_equal(call_tokens_sweep(tok, pb, 60000000000ull), 0);
	/* Fresh ones stay until the age is short enough. */
	usleep(2000);
	assert_int_equal(call_tokens_sweep(tok, pb, 1000000), 6);
	assert_int_equal(call_tokens_sweep(-1, -1, 0), 0);
	close(tok);
	close(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_twin),
		cmocka_unit_test(test_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
