// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "afalg.h"
#include "cgroup_name.h"

#define CGROUP2_SUPER_MAGIC 0x63677270
#define CGROUP_MAX_DEPTH 32
#define CGROUP_MAX_ENTRIES 100000 /* bound the walk on hosts with huge hierarchies */

struct cgroup_entry {
	uint64_t ino;
	char *path;
};

struct cgroup_names {
	struct cgroup_entry *e;
	size_t n, cap;
};

static int add(struct cgroup_names *c, uint64_t ino, const char *path)
{
	if (afalg_grow(&c->e, &c->cap, c->n, sizeof(*c->e), 64))
		return -1;
	c->e[c->n].ino = ino;
	c->e[c->n].path = strdup(path);
	if (!c->e[c->n].path)
		return -1;
	c->n++;
	return 0;
}

/* Depth-first walk with openat(): no symlinks followed, bounded depth and size. */
static void walk(struct cgroup_names *c, int dfd, char *path, size_t len, int depth)
{
	DIR *d;
	struct dirent *de;

	if (depth > CGROUP_MAX_DEPTH || !(d = fdopendir(dfd))) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) && c->n < CGROUP_MAX_ENTRIES) {
		struct stat st;
		size_t nl = strlen(de->d_name);
		int fd;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (len + 1 + nl >= 4096)
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) < 0) {
			close(fd);
			continue;
		}
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, nl + 1);
		if (add(c, (uint64_t)st.st_ino, path) < 0) {
			close(fd);
			break;
		}
		walk(c, fd, path, len + 1 + nl, depth + 1);
		path[len] = '\0';
	}
	closedir(d);
}

struct cgroup_names *cgroup_names_load(const char *root)
{
	struct cgroup_names *c;
	struct statfs sfs;
	struct stat st;
	char path[4096] = "";
	int fd;

	if (statfs(root, &sfs) != 0 || (unsigned long)sfs.f_type != CGROUP2_SUPER_MAGIC)
		return NULL;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c || fstat(fd, &st) < 0 || add(c, (uint64_t)st.st_ino, "/") < 0) {
		close(fd);
		cgroup_names_free(c);
		return NULL;
	}
	walk(c, fd, path, 0, 0);
	return c;
}

struct cgroup_names *cgroup_names_load_system(void)
{
	struct cgroup_names *c = cgroup_names_load("/sys/fs/cgroup");

	return c ? c : cgroup_names_load("/sys/fs/cgroup/unified");
}

const char *cgroup_names_find(const struct cgroup_names *c, uint64_t id)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (c->e[i].ino == id)
			return c->e[i].path;
	return NULL;
}

void cgroup_names_free(struct cgroup_names *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].path);
	free(c->e);
	free(c);
}
