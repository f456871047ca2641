/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * An apt repository's indexes, parsed (issue #19): the Release file (what
 * InRelease signs) and binary Packages files.  Pure parsers over bytes the
 * caller fetched and bounded; every field taken from them is checked against
 * the syntax Debian Policy gives it before anything uses it as a name or a
 * path (a repository may be hostile: a Filename of "../../etc/shadow", a
 * package name with a newline).
 *
 * The impact of a package is the number of other binary package names of
 * the index whose Depends or Pre-Depends name it, or a virtual package it
 * Provides: how many packages break, or have to change, when it does.
 */
#ifndef AFALG_DEBINDEX_H
#define AFALG_DEBINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEBINDEX_SHA256_LEN 32
/* Longest field value kept (a Depends of a metapackage is a few KiB). */
#define DEBINDEX_MAX_FIELD (256u * 1024u)

/* One file the Release file lists (its SHA256 section). */
struct release_file {
	char *path; /* relative to dists/SUITE/, checked (no "..", no "/" first) */
	uint64_t size;
	unsigned char sha256[DEBINDEX_SHA256_LEN];
};

struct release {
	char *origin, *label, *suite, *codename, *date, *valid_until; /* NULL: absent */
	struct release_file *files;
	size_t nfiles, capfiles;
};

/*
 * Parse a Release file (the signed text of an InRelease, after
 * clearsign_body()).  0, or -1 with err saying why (the line).
 */
int release_parse(const char *buf, size_t len, struct release *r, char *err, size_t errsz);
void release_free(struct release *r);
const struct release_file *release_find(const struct release *r, const char *path);

/*
 * The signed text of a clearsigned message (RFC 4880 7.1): the lines
 * between the armor header's blank line and "-----BEGIN PGP SIGNATURE-----",
 * dash-escaping undone.  This does not verify anything: gpgv does (and then
 * gives the text itself).  *out is malloc'ed.  0, or -1 (not clearsigned).
 */
int clearsign_body(const char *buf, size_t len, char **out, size_t *outlen);

/* One binary package of a Packages file. */
struct deb_pkg {
	char *name, *version, *arch;
	char *source, *source_version; /* Source: name [(version)]; NULL: the binary's own */
	char *maintainer;
	char *filename; /* pool/... relative to the repository, checked */
	uint64_t size;
	unsigned char sha256[DEBINDEX_SHA256_LEN];
	char *depends;	       /* Depends and Pre-Depends, joined with ", " (NULL: none) */
	char *provides;	       /* NULL: none */
	unsigned impact;       /* filled by pkg_index_finish() */
	const char *component; /* the component it came from (caller's string) */
};

struct pkg_index {
	struct deb_pkg *v;
	size_t n, cap;
	size_t skipped; /* stanzas left out: malformed (said through warn) */
};

/*
 * Append the stanzas of one Packages file.  A stanza with a missing or
 * malformed Package, Version, Architecture, Filename, Size or SHA256 is
 * skipped and reported through warn (its number and why); the rest goes on.
 * -1 only when out of memory.
 */
int packages_parse(const char *buf, size_t len, const char *component, struct pkg_index *ix,
		   void (*warn)(void *arg, const char *why), void *arg);

/*
 * After every Packages file is in: drop exact duplicates (an Architecture:
 * all package listed under each architecture), sort by name, version,
 * architecture, and compute each package's impact.  -1: out of memory.
 */
int pkg_index_finish(struct pkg_index *ix);
void pkg_index_free(struct pkg_index *ix);

/* Syntax checks (Debian Policy 5.6.1, 5.6.12, 5.6.8), for callers and tests. */
bool debindex_valid_name(const char *s);
bool debindex_valid_version(const char *s);
bool debindex_valid_arch(const char *s);
bool debindex_valid_relpath(const char *s);

/* 64 hex digits into 32 bytes; false if it is not exactly that. */
bool debindex_parse_sha256(const char *hex, size_t len, unsigned char out[DEBINDEX_SHA256_LEN]);

#endif /* AFALG_DEBINDEX_H */
