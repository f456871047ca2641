// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "afalg.h"

static void __attribute__((format(printf, 4, 0)))
vreport(const char *tag, const char *what, int errnum, const char *fmt, va_list ap)
{
	char safe[512], msg[2048], safe_msg[4096];

	afalg_escape_text(safe, sizeof(safe), what, strlen(what));
	/* The message may quote untrusted bytes too (a library's error about a member). */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	afalg_escape_text(safe_msg, sizeof(safe_msg), msg, strlen(msg));
	fprintf(stderr, "%s: %s%s: %s", AFALG_PROG, tag, safe, safe_msg);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void afalg_err(const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", what, 0, fmt, ap);
	va_end(ap);
}

void afalg_errno(const char *what, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", what, errnum, fmt, ap);
	va_end(ap);
}

void afalg_warn(const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", what, 0, fmt, ap);
	va_end(ap);
}
