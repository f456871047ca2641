/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Usage errors of getopt_long(), said the project's way.  Every subcommand
 * sets opterr = 0 and starts its optstring with ':' (after a '+', if any), so
 * getopt prints nothing and returns ':' for a missing argument and '?' for
 * anything else it refuses; afalg_opt_bad() then prints one line
 *   afalg-audit: scan: --bogus: unrecognized option
 * and the hint
 *   Try 'afalg-audit scan --help'.
 * and the command exits 2 (AFALG_EXIT_ERROR).
 */
#ifndef AFALG_OPTBAD_H
#define AFALG_OPTBAD_H

#include <getopt.h>

/* The hint line alone: "Try 'afalg-audit CMD --help'." */
void afalg_try_help(const char *cmd);

/*
 * c is what getopt_long() returned ('?' or ':'), argv and longopts what it
 * was given; reads optind and optopt.  Prints the error line and the hint.
 */
void afalg_opt_bad(const char *cmd, int c, char *const *argv, const struct option *longopts);

#endif /* AFALG_OPTBAD_H */
