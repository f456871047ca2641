// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The survey's working directory: survey_state.h. */
#include "survey_state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afalg.h"

#define PART_PREFIX ".part-"

/* A directory of ours nobody else writes to: open it, or say why not. */
static int open_private_dir(int at, const char *path, const char *shown)
{
	struct stat st;
	int fd;

	if (mkdirat(at, path, 0700) < 0 && errno != EEXIST) {
		afalg_errno(shown, errno, "cannot create the survey's directory");
		return -1;
	}
	fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		afalg_errno(shown, errno,
			    "cannot open the survey's directory (a symlink is refused)");
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 022)) {
		afalg_err(shown, "not a directory of ours that only we can write to: refused "
				 "(another user could swap the verified packages in it)");
		close(fd);
		return -1;
	}
	return fd;
}

/* Remove the regular files of dirfd that keep() does not want. */
static void remove_unless(int dirfd, bool (*keep)(const char *name, void *arg), void *arg)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (e->d_type == DT_REG && !keep(e->d_name, arg))
			unlinkat(dirfd, e->d_name, 0);
	closedir(d);
}

static bool lacks_prefix(const char *name, void *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) != 0;
}

/* Remove the regular files in dirfd whose name starts with prefix (all with ""). */
static void remove_files(int dirfd, const char *prefix)
{
	remove_unless(dirfd, lacks_prefix, (void *)prefix);
}

int state_open(struct survey_state *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->dirfd = s->poolfd = -1;
	if (!path) {
		const char *t = getenv("TMPDIR");
		if (asprintf(&s->path, "%s/afalg-audit-survey.XXXXXX", t && *t ? t : "/var/tmp") <
		    0) {
			s->path = NULL;
			afalg_err("survey", "out of memory");
			return -1;
		}
		if (!mkdtemp(s->path)) {
			afalg_errno(s->path, errno, "cannot create a temporary directory");
			return -1;
		}
		s->temporary = true;
	} else if (!(s->path = strdup(path))) {
		afalg_err("survey", "out of memory");
		return -1;
	}
	s->dirfd = open_private_dir(AT_FDCWD, s->path, s->path);
	if (s->dirfd < 0)
		return -1;
	s->poolfd = open_private_dir(s->dirfd, "pool", s->path);
	if (s->poolfd < 0)
		return -1;
	/* What a killed survey was fetching. */
	remove_files(s->dirfd, PART_PREFIX);
	remove_files(s->poolfd, PART_PREFIX);
	return 0;
}

int state_part(int dirfd, char **name)
{
	for (int tries = 0; tries < 16; tries++) {
		unsigned char r[8];
		char n[sizeof(PART_PREFIX) + 16];
		int fd;

		if (getrandom(r, sizeof(r), 0) != sizeof(r))
			return -1;
		snprintf(n, sizeof(n), PART_PREFIX "%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1],
			 r[2], r[3], r[4], r[5], r[6], r[7]);
		fd = openat(dirfd, n, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			if (!(*name = strdup(n))) {
				unlinkat(dirfd, n, 0);
				close(fd);
				errno = ENOMEM;
				return -1;
			}
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int state_publish(int dirfd, const char *part, const char *name)
{
	return renameat(dirfd, part, dirfd, name);
}

void state_prune_pool(struct survey_state *s, bool (*keep)(const char *name, void *arg), void *arg)
{
	if (s->poolfd >= 0)
		remove_unless(s->poolfd, keep, arg);
}

void state_empty_pool(struct survey_state *s)
{
	if (s->poolfd >= 0)
		remove_files(s->poolfd, "");
}

void state_close(struct survey_state *s)
{
	if (s->temporary && s->dirfd >= 0) {
		state_empty_pool(s);
		unlinkat(s->dirfd, "pool", AT_REMOVEDIR);
		remove_files(s->dirfd, "");
		/* gpgv's home: its lock and random seed files, if it left any. */
		int g = openat(s->dirfd, "gnupg", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (g >= 0) {
			remove_files(g, "");
			close(g);
		}
		unlinkat(s->dirfd, "gnupg", AT_REMOVEDIR);
		if (rmdir(s->path) < 0)
			afalg_warn(s->path, "temporary directory left behind: %s", strerror(errno));
	}
	if (s->poolfd >= 0)
		close(s->poolfd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->path);
	memset(s, 0, sizeof(*s));
	s->dirfd = s->poolfd = -1;
}

char *state_pool_name(const char *name, const char *version, const char *arch)
{
	size_t n = strlen(name) + 3 * strlen(version) + strlen(arch) + 8;
	char *out = malloc(n), *o = out;

	if (!out)
		return NULL;
	o += sprintf(o, "%s_", name);
	for (const char *v = version; *v; v++)
		if (*v == ':')
			o += sprintf(o, "%%3a");
		else
			*o++ = *v;
	sprintf(o, "_%s.deb", arch);
	return out;
}
