/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The subcommands; each returns an enum afalg_exit value. */
#ifndef AFALG_COMMANDS_H
#define AFALG_COMMANDS_H

int cmd_trace(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_survey(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_policy(int argc, char **argv);

#endif /* AFALG_COMMANDS_H */
