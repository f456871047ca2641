/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Getting a repository's files (issue #19): from a local mirror directory
 * (a path or a file:// URL) or over http(s) with libcurl.  Each file is
 * written to a descriptor the caller made (a private temporary file), its
 * SHA-256 computed on the way, never more than a bound read.  Transient
 * failures (a refused or dropped connection, a timeout, HTTP 5xx, 408, 429)
 * are tried again after 1, 2, 4... seconds, up to the retry count; a missing
 * file (HTTP 404/410, ENOENT) is not.
 */
#ifndef AFALG_FETCH_H
#define AFALG_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debindex.h"

enum fetch_result {
	FETCH_OK,
	FETCH_MISSING,	 /* not in the repository */
	FETCH_FAILED,	 /* still failing after the retries (why says the last error) */
	FETCH_TOO_BIG,	 /* over the bound: stopped there */
	FETCH_LOCAL_ERR, /* writing our own file failed (a full disk) */
};

struct fetcher;

/*
 * repo: a directory, "file:///dir", or an http:// or https:// URL (its
 * top, where dists/ and pool/ are).  retries: further attempts after a
 * transient failure.  NULL with why filled when repo is none of these or
 * libcurl cannot start.
 */
struct fetcher *fetcher_new(const char *repo, unsigned retries, char *why, size_t whysz);
void fetcher_free(struct fetcher *f);
bool fetcher_is_remote(const struct fetcher *f);
/* The repository as errors name it: the directory or URL, no trailing '/'. */
const char *fetcher_base(const struct fetcher *f);

/* What a fetch did, for the survey's record of each package. */
struct fetch_info {
	uint64_t size;
	unsigned char sha256[DEBINDEX_SHA256_LEN];
	unsigned attempts;
	char why[256]; /* the last error, when not FETCH_OK */
};

/*
 * Fetch rel (relative to the repository top, checked by the caller with
 * debindex_valid_relpath) into fd, which is truncated first and on each
 * retry; at most max bytes (0: no bound).
 */
enum fetch_result fetcher_get(struct fetcher *f, const char *rel, int fd, uint64_t max,
			      struct fetch_info *info);

/* SHA-256 and size of what fd holds (from offset 0).  0, or -1 with errno. */
int fetch_hash_fd(int fd, unsigned char sha256[DEBINDEX_SHA256_LEN], uint64_t *size);

/* 64 lowercase hex digits and a NUL. */
void fetch_hex(const unsigned char sha256[DEBINDEX_SHA256_LEN],
	       char out[2 * DEBINDEX_SHA256_LEN + 1]);

#endif /* AFALG_FETCH_H */
