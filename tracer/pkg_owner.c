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

#include "intern.h"
#include "pkg_owner.h"
#include "safeopen.h"
#include "strmap.h"
#include "symbolize.h"
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

/* Executables whose package is remembered; beyond, looked up each time. */
#define OWNER_CACHE_MAX 4096

struct pkg_owners {
	struct afalg_intern names; /* keys and values of owners */
	struct strmap owners;	   /* exe path -> package name, or "" for none */
};

struct pkg_owners *pkg_owners_new(void)
{
	struct pkg_owners *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	afalg_intern_init(&c->names);
	strmap_init(&c->owners);
	return c;
}

void pkg_owners_free(struct pkg_owners *c)
{
	if (!c)
		return;
	strmap_free(&c->owners);
	afalg_intern_free(&c->names);
	free(c);
}

const char *pkg_owners_exe(struct pkg_owners *c, const char *exe, uint32_t dev, uint64_t ino)
{
	char pkg[256];
	const char *v, *k;
	struct stat st;

	if (!c || !exe[0])
		return NULL;
	if ((v = strmap_get(&c->owners, exe)))
		return v[0] ? v : NULL;
	if (lstat(exe, &st) || st.st_uid != 0 || !symbolize_same_file(exe, dev, ino))
		return NULL; /* not remembered: the file may change */
	if (pkg_owner_dpkg(PKG_OWNER_DPKG_ADMINDIR, exe, pkg, sizeof(pkg)) != 1)
		pkg[0] = '\0';
	v = afalg_intern(&c->names, pkg);
	if (v && c->owners.n < OWNER_CACHE_MAX && (k = afalg_intern(&c->names, exe)))
		strmap_put(&c->owners, k, (void *)v);
	return v && v[0] ? v : NULL;
}
