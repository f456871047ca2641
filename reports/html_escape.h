/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The one way an untrusted string gets into the HTML report (element text,
 * attribute values, SVG <text> and <title> alike): html_escape().
 */
#ifndef AFALG_REPORT_HTML_ESCAPE_H
#define AFALG_REPORT_HTML_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write len bytes of s to out, safe in HTML text and in quoted attribute
 * values: & < > " ' as character references; C0 control bytes and DEL as
 * the visible text \xNN, C1 controls (U+0080..U+009F) as \u00NN; each byte
 * of an invalid UTF-8 sequence as U+FFFD.  Valid UTF-8 passes unchanged.
 * Returns the number of bytes written (0 on a NULL s).
 */
size_t html_escape(FILE *out, const char *s, size_t len);

/* html_escape of a NUL-terminated string; NULL writes dflt (trusted, may be NULL). */
void html_put(FILE *out, const char *s, const char *dflt);

/*
 * Bytes of s (len bytes) that hold its first max_cp code points, never
 * splitting a UTF-8 sequence (an invalid byte counts as one code point).
 */
size_t utf8_prefix(const char *s, size_t len, size_t max_cp);

#endif /* AFALG_REPORT_HTML_ESCAPE_H */
