// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afalg.h"
#include "cmdpath.h"

/* Is path a file we may execute?  0 or an errno. */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EACCES; /* what execve() says */
	return access(path, X_OK) < 0 ? errno : 0;
}

int afalg_cmd_resolve(const char *cmd, char **path)
{
	const char *env = getenv("PATH");
	char *found = NULL;
	int err = ENOENT;

	if (path)
		*path = NULL;
	if (!*cmd) {
		err = ENOENT;
	} else if (strchr(cmd, '/')) {
		err = executable(cmd);
		if (!err)
			found = strdup(cmd);
	} else {
		/* execvp()'s search; its default path when PATH is unset. */
		const char *p = env ? env : "/bin:/usr/bin";

		for (;;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			char *full;
			int e;

			if (asprintf(&full, "%.*s%s%s", (int)n, p, n ? "/" : "", cmd) < 0)
				return 0; /* let execvp() say */
			e = executable(full);
			if (!e) {
				err = 0;
				found = full;
				break;
			}
			free(full);
			if (e != ENOENT && e != ENOTDIR)
				err = e; /* found but not runnable, unless a later one is */
			if (!colon)
				break;
			p = colon + 1;
		}
	}
	if (!err) {
		if (path)
			*path = found;
		else
			free(found);
		return 0;
	}
	afalg_errno(cmd, err, "cannot run the command");
	return -1;
}
