/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* What report, check and audit share: inputs, running this binary, writing outputs. */
#ifndef AFALG_REPORT_CMD_COMMON_H
#define AFALG_REPORT_CMD_COMMON_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "report_render.h"

struct json_object;
struct model;

/*
 * Fold each input into the model: a file, "-" (stdin), or a directory
 * (every regular *.json below it, in name order; symbolic links and hidden
 * *.json files are skipped with a warning, hidden directories not entered).
 * Each file is read once, however often it is named or found (by device and
 * inode).  A bad input (unreadable, not JSON, not a scan or trace result)
 * gets its error line and is left out; the others are still folded (one
 * whose members turn out to have the wrong types keeps what was folded
 * before the bad member).  Returns the number of bad inputs, and the number
 * of good ones in *good; or -1 when out of memory.
 */
int cmd_fold_inputs(struct model *m, char **inputs, int n, size_t *good);

/*
 * Run this same binary (/proc/self/exe) with argv (argv[0] is the
 * subcommand); stdout goes to stderr so it never mixes with our output.
 * SIGINT and SIGTERM received meanwhile are passed on to it, and it is
 * waited for; it gets SIGTERM if we die first.  Returns its exit status,
 * or -1 when it could not run or was killed (error printed).
 */
int cmd_run_self(const char *const *argv);

/* The same in two steps, for a child that runs while we do something else. */
#define CMD_SELF_MAX 4 /* children at once */
struct cmd_self {
	pid_t pid; /* -1: not running */
	const char *name;
};
/*
 * Start argv as cmd_run_self() does (env: one more "NAME=VALUE" for the
 * child, or NULL; it must live until the child has started); SIGINT and
 * SIGTERM are passed on to every child started so, until it is waited
 * for.  0, or -1 (error printed).
 */
int cmd_start_self(struct cmd_self *c, const char *const *argv, const char *env);
/* Wait for it: its exit status, or -1 (error printed). */
int cmd_wait_self(struct cmd_self *c);

/* The first SIGINT/SIGTERM passed on to a child, or 0. */
int cmd_interrupted(void);

/* Render report to path ("-" or NULL: stdout; common/outfile.h: a regular file
 * is replaced atomically by a private one, a device or FIFO written in place). */
int cmd_write(const char *path, enum report_format fmt, const struct report *r,
	      const struct render_opts *o);

/* Colour for text on stdout: a TTY and NO_COLOR unset or empty. */
bool cmd_want_color(void);
/*
 * Columns to wrap text on standard output at: the terminal's, or $COLUMNS
 * (20 to 1000) as ls takes it; 0 (no wrapping) for a pipe or file without it.
 */
unsigned cmd_text_width(void);

/*
 * The format -o FILE asks for when --format is not given, from FILE's
 * extension (.txt .json .md .html .htm .sarif, in any case); text when the
 * name has none (FILE, -, /dev/stdout, .hidden).  0, or -1 for an extension
 * of no format (report.pdf), said as one "afalg-audit: CMD: ..." line that
 * lists the supported ones.
 */
int cmd_format_from_name(const char *cmd, const char *path, enum report_format *fmt);

#endif /* AFALG_REPORT_CMD_COMMON_H */
