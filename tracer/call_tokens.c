// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>

#include "afalg_trace.h"
#include "call_tokens.h"

bool call_tokens_is_twin(const char *name)
{
	static const char *const groups[] = {"sock_create_exit_", "bind_exit_",
					     "bind_socket_exit_"};
	size_t n = strlen(name);

	if (n < 2 || name[n - 2] != '_' || (name[n - 1] != 'a' && name[n - 1] != 'b'))
		return false;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (!strncmp(name, groups[i], strlen(groups[i])))
			return true;
	return false;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* bpf_ktime_get_ns()'s clock */
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * One map: keys of keysz bytes, values starting with a __u64 entry time.
 * Keys are collected first and deleted after, so the walk is not disturbed
 * by its own deletions (bpf_map_get_next_key() restarts at a deleted key).
 */
static uint64_t sweep(int fd, size_t keysz, size_t valsz, uint64_t max_age_ns)
{
	unsigned char key[16], next[16], val[sizeof(struct afalg_pending_bind)];
	unsigned char old[256][16];
	uint64_t now = mono_ns(), n = 0;
	size_t nold = 0;
	void *prev = NULL;

	if (fd < 0 || keysz > sizeof(key) || valsz > sizeof(val))
		return 0;
	while (nold < 256 && bpf_map_get_next_key(fd, prev, next) == 0) {
		uint64_t ts;

		memcpy(key, next, keysz);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, val))
			continue;
		memcpy(&ts, val, sizeof(ts));
		if (ts < now && now - ts > max_age_ns)
			memcpy(old[nold++], key, keysz);
	}
	/* Only what we delete counts: a twin may have taken it meanwhile. */
	for (size_t i = 0; i < nold; i++)
		if (bpf_map_delete_elem(fd, old[i]) == 0)
			n++;
	return n;
}

uint64_t call_tokens_sweep(int tokens_fd, int pending_bind_fd, uint64_t max_age_ns)
{
	return sweep(tokens_fd, sizeof(struct afalg_call_token_key), sizeof(__u64), max_age_ns) +
	       sweep(pending_bind_fd, sizeof(__u32), sizeof(struct afalg_pending_bind), max_age_ns);
}
