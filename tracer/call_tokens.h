/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The twin recorders of socket() and bind() (bpf/afalg_trace.bpf.c,
 * call_claim()): which programs they are, and the calls neither saw.
 */
#ifndef AFALG_CALL_TOKENS_H
#define AFALG_CALL_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Is prog_name one of the twins?  Their skipped runs are not losses: the
 * other twin records the call.  What is lost is counted from the tokens.
 */
bool call_tokens_is_twin(const char *prog_name);

/*
 * Delete the tokens (call_tokens, pending_bind) left longer than max_age_ns
 * ago, and return how many: calls that were entered but whose result no
 * twin recorded.  A call may legitimately take seconds (socket() and bind()
 * load modules), so the age is generous while tracing and short only after
 * the programs stop.  A token a twin takes meanwhile is not counted.
 */
uint64_t call_tokens_sweep(int tokens_fd, int pending_bind_fd, uint64_t max_age_ns);

#endif
