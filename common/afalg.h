/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Process-wide conventions shared by every subcommand: exit codes and errors. */
#ifndef AFALG_COMMON_H
#define AFALG_COMMON_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes, documented in README.md ("Exit codes") and afalg-audit --help. */
enum afalg_exit {
	AFALG_EXIT_OK = 0,	 /* success; for check: nothing new */
	AFALG_EXIT_FINDINGS = 1, /* check: new AF_ALG use found */
	AFALG_EXIT_ERROR = 2,	 /* any error, including usage errors */
};

/* Program name used in messages. */
#define AFALG_PROG "afalg-audit"

/*
 * Print one error line: "afalg-audit: <what>: <why>".  <what> names the
 * thing that failed (a file, a subcommand, a kernel object); untrusted bytes
 * in it are escaped so a hostile file name cannot drive the terminal.
 */
void afalg_err(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Same, with ": strerror(errnum)" appended. */
void afalg_errno(const char *what, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Warning: same shape, prefixed "warning: " after the program name. */
void afalg_warn(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Escape an untrusted byte string for a terminal: printable ASCII and valid
 * UTF-8 pass, everything else (control bytes, ESC, invalid UTF-8, DEL) is
 * written as \xNN, and a backslash as \\.  Always NUL-terminates out (when
 * outsz > 0); returns the length the full escape needs, like snprintf.
 */
size_t afalg_escape_text(char *out, size_t outsz, const char *in, size_t inlen);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid/truncated. */
size_t afalg_utf8_seq_len(const unsigned char *s, size_t n);

/*
 * Make room for element n of a growing array: *(T **)parr holds *cap
 * elements of elem bytes; when n == *cap it doubles (first: initial size).
 * Returns 0, or -1 with the array unchanged when out of memory.
 */
int afalg_grow(void *parr, size_t *cap, size_t n, size_t elem, size_t first);

#endif /* AFALG_COMMON_H */
