// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * pkg_owner.h: dpkg's file lists read one at a time, each line compared
 * with the path and its /usr-merge alias.  The lists are root's files, but
 * read like any other (common/safeopen.h: regular files only, never a
 * blocking open, bounded in size).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pkg_owner.h"
#include "safeopen.h"
#include "usrmerge.h"

/* A list longer than this is not dpkg's (the largest Debian's are ~10 MB). */
#define LIST_MAX (256ll << 20)

/* true if the list file open at fd has a line equal to a or b. */
static bool list_has(int fd, const char *a, const char *b)
{
	FILE *f = fdopen(fd, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool found = false;

	if (!f) {
		close(fd);
		return false;
	}
	while (!found && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		found = !strcmp(line, a) || (b[0] && !strcmp(line, b));
	}
	free(line);
	fclose(f);
	return found;
}

int pkg_owner_dpkg(const char *admindir, const char *path, char *name, size_t namesz)
{
	char dir[4200], alias[4200];
	struct dirent *de;
	DIR *d;
	int dfd, rc = 0;

	if (path[0] != '/' ||
	    (size_t)snprintf(dir, sizeof(dir), "%s/info", admindir) >= sizeof(dir))
		return path[0] == '/' ? -1 : 0;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
	if (dfd < 0 || !(d = fdopendir(dfd))) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	afalg_usrmerge_alias(path, alias, sizeof(alias));
	while (!rc && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		const char *why;
		struct stat st;
		int fd;

		if (l <= 5 || strcmp(de->d_name + l - 5, ".list"))
			continue;
		fd = afalg_open_ro(dirfd(d), de->d_name, AFALG_RO_NOFOLLOW, LIST_MAX, &st, &why);
		if (fd >= 0 && list_has(fd, path, alias)) {
			snprintf(name, namesz, "%.*s", (int)(l - 5), de->d_name);
			rc = 1;
		}
	}
	closedir(d);
	return rc;
}
