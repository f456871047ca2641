/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FNV-1a, 64 bits: the one string hash of afalg-audit.  Its values reach
 * output and must never change: scan --shard I/N picks a file by
 * hash % N (shards run on other hosts and versions must agree), and SARIF
 * fingerprints are hashes of a finding's parts.  It is not keyed: a table
 * indexed by it can be given colliding keys (common/strmap.h says what that
 * costs).
 */
#ifndef AFALG_FNV_H
#define AFALG_FNV_H

#include <stddef.h>
#include <stdint.h>

#define AFALG_FNV1A64_BASIS 0xcbf29ce484222325ull
#define AFALG_FNV1A64_PRIME 0x100000001b3ull

/* h (AFALG_FNV1A64_BASIS to start) continued over p[0..n). */
static inline uint64_t afalg_fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * AFALG_FNV1A64_PRIME;
	return h;
}

/* h continued over the bytes of s, without its NUL. */
static inline uint64_t afalg_fnv1a64_str(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * AFALG_FNV1A64_PRIME;
	return h;
}

#endif /* AFALG_FNV_H */
