// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit: find every user of the kernel's AF_ALG crypto socket
 * interface and say what blocks turning it off.  This file only dispatches
 * to the subcommands; each lives with its component (tracer/, analyzer/,
 * reports/).
 */
#include <stdio.h>
#include <string.h>

#include "afalg.h"
#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"scan", cmd_scan, "find AF_ALG users in files, trees and .deb/.rpm archives (static)"},
	{"survey", cmd_survey,
	 "find AF_ALG users in an apt repository (fetched, verified, scanned)"},
	{"trace", cmd_trace, "record AF_ALG use on this system with eBPF"},
	{"report", cmd_report, "merge scan/trace results into a migration report"},
	{"check", cmd_check, "CI gate: compare against a baseline, exit 1 on new AF_ALG use"},
	{"audit", cmd_audit, "one-off system audit: scan, optionally trace, write a report"},
	{"simulate", cmd_simulate, "run a command under each hardening measure: what breaks"},
	{"policy", cmd_policy,
	 "emit the modprobe.d, kconfig and sysctl settings the evidence allows"},
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--help | --version] COMMAND [ARGS...]\n\n"
		"Find every user of the Linux kernel's AF_ALG crypto socket interface and\n"
		"what blocks turning it off.\n\nCommands:\n",
		AFALG_PROG);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\nRun '%s COMMAND --help' for a command's options.\n\n"
		"Exit status: 0 success (check: nothing new), 1 check found new AF_ALG use,\n"
		"2 error.\n",
		AFALG_PROG);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return AFALG_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return AFALG_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("%s %s\n", AFALG_PROG, AFALG_VERSION);
		return AFALG_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	}
	if (argv[1][0] == '-')
		afalg_err(argv[1], "unknown option (try '%s --help')", AFALG_PROG);
	else
		afalg_err(argv[1], "unknown command (try '%s --help')", AFALG_PROG);
	return AFALG_EXIT_ERROR;
}
