/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A repository's indexes, fetched and verified: InRelease (or Release and
 * Release.gpg), its signature checked by gpgv against --keyring, and each
 * component's and architecture's Packages file (.xz, .gz or plain, the
 * first the Release file lists), checked against the Release file's size
 * and SHA-256 before it is decompressed (bounded) and parsed.
 */
#ifndef AFALG_SURVEY_INDEX_H
#define AFALG_SURVEY_INDEX_H

#include <stdbool.h>

#include "debindex.h"

struct fetcher;
struct survey_state;

struct index_opts {
	const char *suite;
	const char *const *components;
	unsigned ncomponents;
	const char *const *archs;
	unsigned narchs;
	const char *keyring; /* NULL: the signature is not checked */
	bool quiet;
};

struct index_result {
	struct release release;
	const char *signature;	 /* "verified", "unverified" (no keyring) */
	const char *signed_file; /* "InRelease" or "Release" */
	struct pkg_index pkgs;
	char **index_files; /* the Packages files used, relative to dists/SUITE/ */
	unsigned nindex_files;
};

/* 0, or -1 said (one line naming the file and why; nothing of it is used). */
int survey_index_load(struct fetcher *f, struct survey_state *st, const struct index_opts *o,
		      struct index_result *out);
void survey_index_free(struct index_result *r);

#endif /* AFALG_SURVEY_INDEX_H */
