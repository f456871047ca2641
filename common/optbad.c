// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* getopt_long()'s refusals as one "afalg-audit: CMD: OPT: why" line (optbad.h). */
#include <stdio.h>
#include <string.h>

#include "afalg.h"
#include "optbad.h"

void afalg_try_help(const char *cmd)
{
	fprintf(stderr, "Try '%s %s --help'.\n", AFALG_PROG, cmd);
}

/*
 * The long option "--NAME" (n bytes) stands for: the exact one, else the only
 * one it abbreviates, else NULL; *count: how many it abbreviates.
 */
static const struct option *long_match(const struct option *longopts, const char *name, size_t n,
				       int *count)
{
	const struct option *found = NULL;

	*count = 0;
	for (const struct option *o = longopts; o && o->name; o++) {
		if (strncmp(o->name, name, n))
			continue;
		if (strlen(o->name) == n) {
			*count = 1;
			return o;
		}
		found = o;
		++*count;
	}
	return *count == 1 ? found : NULL;
}

/* Is getopt's refusal about the long option arg (argv[optind - 1])? */
static bool about_long(int c, const char *arg, const struct option *o, bool has_eq)
{
	if (!arg || strncmp(arg, "--", 2) || !arg[2])
		return false;
	if (!optopt) /* unknown or ambiguous: only long options leave optopt 0 */
		return true;
	if (!o || o->flag || o->val != optopt)
		return false;
	if (c == ':')
		return o->has_arg == required_argument && !has_eq;
	return o->has_arg == no_argument && has_eq;
}

void afalg_opt_bad(const char *cmd, int c, char *const *argv, const struct option *longopts)
{
	/* The element getopt was on: it has stepped past it, unless within "-abc". */
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	const char *name = arg ? arg + 2 : "", *eq = arg ? strchr(name, '=') : NULL;
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	int count = 0;
	const struct option *o = arg ? long_match(longopts, name, n, &count) : NULL;
	char what[128];

	if (about_long(c, arg, o, eq != NULL)) {
		snprintf(what, sizeof(what), "--%.*s", (int)(n > 100 ? 100 : n), name);
		if (o && c == ':')
			afalg_err(cmd, "--%s: missing argument", o->name);
		else if (o)
			afalg_err(cmd, "--%s: takes no argument", o->name);
		else if (count > 1) {
			char list[512] = "";
			size_t used = 0;

			for (const struct option *p = longopts; p->name; p++)
				if (!strncmp(p->name, name, n) && used < sizeof(list))
					used += (size_t)snprintf(list + used, sizeof(list) - used,
								 "%s--%s", used ? ", " : "",
								 p->name);
			afalg_err(cmd, "%s: ambiguous option (%s)", what, list);
		} else
			afalg_err(cmd, "%s: unrecognized option", what);
	} else {
		snprintf(what, sizeof(what), "-%c", optopt > ' ' && optopt < 127 ? optopt : '?');
		afalg_err(cmd, "%s: %s", what,
			  c == ':' ? "missing argument" : "unrecognized option");
	}
	afalg_try_help(cmd);
}
