/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The file a command name runs, as execvp() finds it (PATH, or its default
 * /bin:/usr/bin), checked before anything is started so that "not found"
 * is one error line and exit 2, not a child's failure (trace, simulate).
 */
#ifndef AFALG_CMDPATH_H
#define AFALG_CMDPATH_H

/*
 * 0 and *path (malloc'd; may be NULL when out of memory, execvp() will
 * say), or -1 after one error line "afalg-audit: CMD: cannot run the
 * command: WHY".  path may be NULL when only the check is wanted.
 */
int afalg_cmd_resolve(const char *cmd, char **path);

#endif /* AFALG_CMDPATH_H */
