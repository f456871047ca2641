/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The survey's working directory (--state DIR, or a private temporary one):
 *
 *   DIR/pool/NAME_VERSION_ARCH.deb   verified packages (':' of an epoch as %3a,
 *                                    as apt names them); present means the
 *                                    SHA-256 matched, and is checked again
 *                                    before a resumed survey reuses it
 *   DIR/gnupg/                       gpgv's empty home
 *   DIR/scan.json                    the scan of pool/
 *   DIR/.part-*                      files being fetched (removed on start)
 *
 * A DIR that exists must be a directory (not a symlink) of ours that nobody
 * else can write to: the survey runs as root, and a pool another user can
 * write to would let them swap a verified package for their own.
 */
#ifndef AFALG_SURVEY_STATE_H
#define AFALG_SURVEY_STATE_H

#include <stdbool.h>

struct survey_state {
	char *path;	/* the directory */
	int dirfd;	/* -1: not open */
	int poolfd;	/* DIR/pool */
	bool temporary; /* made by us: removed with everything in it */
};

/* Open (making it, mode 0700, when missing) path, or a new temporary directory when NULL.  0, or -1
 * said. */
int state_open(struct survey_state *s, const char *path);

/*
 * A new private file in dirfd, for a fetch: *name gets its name (freed by
 * the caller).  fd, or -1 with errno.
 */
int state_part(int dirfd, char **name);

/* Give the part file its final name (replacing one there); 0 or -1 with errno. */
int state_publish(int dirfd, const char *part, const char *name);

/* Remove the regular files of the pool that keep() does not want. */
void state_prune_pool(struct survey_state *s, bool (*keep)(const char *name, void *arg), void *arg);

/* Remove every regular file in the pool. */
void state_empty_pool(struct survey_state *s);

/* Close; a temporary directory is removed with what the survey put in it. */
void state_close(struct survey_state *s);

/* The pool file name of a package: "NAME_VERSION_ARCH.deb", malloc'ed. */
char *state_pool_name(const char *name, const char *version, const char *arch);

#endif /* AFALG_SURVEY_STATE_H */
