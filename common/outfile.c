// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Output files: see outfile.h and docs/security.md. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "outfile.h"

enum out_kind {
	OUT_STDOUT,  /* "-": our standard output */
	OUT_THROUGH, /* an existing character device or FIFO, written in place */
	OUT_REPLACE, /* a regular file, or none yet: replaced atomically */
};

struct afalg_outfile {
	enum out_kind kind;
	FILE *f;
	int fd;	   /* OUT_REPLACE: the new file */
	int dirfd; /* OUT_REPLACE: the target's directory */
	char *path;
	char *what;
	char *base;		    /* OUT_REPLACE: the target's name in dirfd */
	char tmpname[NAME_MAX + 1]; /* "" while the new file has no name */
};

/* The target, split: its directory (opened) and its name in it. */
struct target {
	int dirfd;
	char *base;
	struct stat dirst;
	struct stat st;
	bool exists;
};

static bool is_stdout(const char *path)
{
	return !path || !strcmp(path, "-") || !strcmp(path, "/dev/stdout");
}

static void target_free(struct target *t)
{
	if (t->dirfd >= 0)
		close(t->dirfd);
	free(t->base);
	t->dirfd = -1;
	t->base = NULL;
}

/* 0 with t filled, or -1 reported. */
static int target_open(const char *path, const char *what, struct target *t)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	memset(t, 0, sizeof(*t));
	t->dirfd = -1;
	t->base = strdup(slash ? slash + 1 : path);
	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (!t->base || !dir) {
		free(dir);
		target_free(t);
		afalg_err(path, "out of memory");
		return -1;
	}
	if (!*t->base || !strcmp(t->base, ".") || !strcmp(t->base, "..")) {
		free(dir);
		target_free(t);
		afalg_err(path, "is a directory (the %s must be a file)", what);
		return -1;
	}
	t->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (t->dirfd < 0 || fstat(t->dirfd, &t->dirst) < 0) {
		afalg_errno(path, errno, "cannot write the %s: its directory", what);
		target_free(t);
		return -1;
	}
	if (fstatat(t->dirfd, t->base, &t->st, AT_SYMLINK_NOFOLLOW) == 0) {
		t->exists = true;
	} else if (errno != ENOENT) {
		afalg_errno(path, errno, "cannot write the %s", what);
		target_free(t);
		return -1;
	}
	return 0;
}

/* Is an existing target of a kind we write, and not someone else's FIFO?  0 or -1 reported. */
static int target_allowed(const char *path, const char *what, const struct target *t)
{
	const struct stat *st = &t->st;

	if (!t->exists || S_ISREG(st->st_mode) || S_ISCHR(st->st_mode))
		return 0;
	if (S_ISLNK(st->st_mode)) {
		afalg_err(path,
			  "is a symbolic link: not followed for the %s (name the file it points "
			  "to)",
			  what);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		afalg_err(path, "is a directory (the %s must be a file)", what);
		return -1;
	}
	if (!S_ISFIFO(st->st_mode)) {
		afalg_err(path,
			  "not written: the %s goes to a regular file, a character device or a "
			  "FIFO",
			  what);
		return -1;
	}
	if ((t->dirst.st_mode & S_ISVTX) && (t->dirst.st_mode & S_IWOTH) &&
	    st->st_uid != geteuid() && st->st_uid != t->dirst.st_uid) {
		afalg_err(path,
			  "not written: a FIFO of uid %u in a world-writable sticky directory "
			  "(it may be another user's)",
			  (unsigned)st->st_uid);
		return -1;
	}
	return 0;
}

int afalg_outfile_check(const char *path, const char *what)
{
	struct target t;
	int ret = 0, fd;

	if (is_stdout(path) || !strcmp(path, "/dev/stderr"))
		return 0;
	if (target_open(path, what, &t))
		return -1;
	if (target_allowed(path, what, &t)) {
		target_free(&t);
		return -1;
	}
	if (!t.exists || S_ISREG(t.st.st_mode)) {
		/* Can a file be created there?  An unnamed one leaves no trace. */
		fd = openat(t.dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, AFALG_OUTFILE_MODE);
		if (fd >= 0) {
			close(fd);
		} else if ((errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) ||
			   faccessat(t.dirfd, ".", W_OK | X_OK, AT_EACCESS) < 0) {
			/* (no O_TMPFILE on this file system: asked instead) */
			afalg_errno(path, errno, "cannot write the %s in its directory", what);
			ret = -1;
		}
	}
	target_free(&t);
	return ret;
}

/* NAME.tmp.PID.RANDOM: unpredictable (others cannot take it first), tied to our pid. */
static int make_tmpname(char *out, size_t outsz, const char *base)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[10];
	char suffix[sizeof(rnd) + 1];
	int n;

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
		struct timespec ts;
		unsigned long x;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		x = (unsigned long)ts.tv_nsec * 2654435761u ^ (unsigned long)getpid() ^
		    (unsigned long)(uintptr_t)&ts;
		for (size_t i = 0; i < sizeof(rnd); i++, x = x * 6364136223846793005ul + 1)
			rnd[i] = (unsigned char)(x >> 33);
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		suffix[i] = chars[rnd[i] % (sizeof(chars) - 1)];
	suffix[sizeof(rnd)] = '\0';
	n = snprintf(out, outsz, "%s.tmp.%d.%s", base, (int)getpid(), suffix);
	if (n < 0 || (size_t)n >= outsz || n > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* A new file with a random name in dirfd, created exclusively; fd or -1. */
static int create_named(int dirfd, const char *base, char *name, size_t namesz)
{
	for (int i = 0; i < 100; i++) {
		int fd;

		if (make_tmpname(name, namesz, base) < 0)
			return -1;
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    AFALG_OUTFILE_MODE);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

static struct afalg_outfile *out_new(enum out_kind kind, const char *path, const char *what)
{
	struct afalg_outfile *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->kind = kind;
	o->fd = -1;
	o->dirfd = -1;
	o->path = strdup(path ? path : "stdout");
	o->what = strdup(what);
	if (!o->path || !o->what) {
		free(o->path);
		free(o->what);
		free(o);
		return NULL;
	}
	return o;
}

static void out_free(struct afalg_outfile *o)
{
	if (o->dirfd >= 0)
		close(o->dirfd);
	free(o->path);
	free(o->what);
	free(o->base);
	free(o);
}

/* An existing character device or FIFO: opened in place, never waiting. */
static struct afalg_outfile *open_through(const char *path, const char *what, struct target *t)
{
	struct afalg_outfile *o;
	struct stat st;
	int fd, fl;

	fd = openat(t->dirfd, t->base, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENXIO && S_ISFIFO(t->st.st_mode))
			afalg_err(path,
				  "a FIFO with no reader: the %s is not written (start the "
				  "reader first)",
				  what);
		else if (errno == ELOOP)
			afalg_err(path, "is a symbolic link: not followed for the %s", what);
		else
			afalg_errno(path, errno, "cannot write the %s", what);
		return NULL;
	}
	if (fstat(fd, &st) < 0 || (st.st_mode & S_IFMT) != (t->st.st_mode & S_IFMT) ||
	    st.st_dev != t->st.st_dev || st.st_ino != t->st.st_ino) {
		afalg_err(path, "replaced while being opened: the %s is not written", what);
		close(fd);
		return NULL;
	}
	/* Written like any stream from now on: a slow reader is waited for. */
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	o = out_new(OUT_THROUGH, path, what);
	if (!o || !(o->f = fdopen(fd, "w"))) {
		afalg_err(path, "out of memory");
		close(fd);
		if (o)
			out_free(o);
		return NULL;
	}
	return o;
}

/* A regular file or none: a new private file in the same directory. */
static struct afalg_outfile *open_replace(const char *path, const char *what, struct target *t)
{
	struct afalg_outfile *o = out_new(OUT_REPLACE, path, what);
	int fd;

	if (!o) {
		afalg_err(path, "out of memory");
		return NULL;
	}
	fd = openat(t->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, AFALG_OUTFILE_MODE);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		fd = create_named(t->dirfd, t->base, o->tmpname, sizeof(o->tmpname));
	if (fd < 0) {
		afalg_errno(path, errno, "cannot create the %s in its directory", what);
		out_free(o);
		return NULL;
	}
	/* The umask may only have removed bits; make it exactly private. */
	fchmod(fd, AFALG_OUTFILE_MODE);
	o->fd = fd;
	o->f = fdopen(fd, "w");
	if (!o->f) {
		afalg_err(path, "out of memory");
		close(fd);
		if (o->tmpname[0])
			unlinkat(t->dirfd, o->tmpname, 0);
		out_free(o);
		return NULL;
	}
	o->dirfd = t->dirfd;
	o->base = t->base;
	t->dirfd = -1;
	t->base = NULL;
	return o;
}

struct afalg_outfile *afalg_outfile_open(const char *path, const char *what)
{
	struct afalg_outfile *o;
	struct target t;

	if (is_stdout(path) || !strcmp(path, "/dev/stderr")) {
		o = out_new(OUT_STDOUT, is_stdout(path) ? "stdout" : "stderr", what);
		if (!o) {
			afalg_err("stdout", "out of memory");
			return NULL;
		}
		o->f = is_stdout(path) ? stdout : stderr;
		return o;
	}
	if (target_open(path, what, &t))
		return NULL;
	if (target_allowed(path, what, &t)) {
		target_free(&t);
		return NULL;
	}
	if (t.exists && !S_ISREG(t.st.st_mode))
		o = open_through(path, what, &t);
	else
		o = open_replace(path, what, &t);
	target_free(&t);
	return o;
}

FILE *afalg_outfile_stream(struct afalg_outfile *o)
{
	return o->f;
}

/* Give the new (unnamed) file a name beside the target; 0 or -1 (errno). */
static int name_new_file(struct afalg_outfile *o)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	for (int i = 0; i < 100; i++) {
		if (make_tmpname(o->tmpname, sizeof(o->tmpname), o->base) < 0)
			break;
		/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd does not. */
		if (linkat(o->fd, "", o->dirfd, o->tmpname, AT_EMPTY_PATH) == 0 ||
		    (errno != EEXIST &&
		     linkat(AT_FDCWD, proc, o->dirfd, o->tmpname, AT_SYMLINK_FOLLOW) == 0))
			return 0;
		if (errno != EEXIST)
			break;
	}
	o->tmpname[0] = '\0';
	return -1;
}

/* Neither way to name an unnamed file works: copy it into a named one. */
static int copy_to_named(struct afalg_outfile *o)
{
	char buf[65536];
	off_t off = 0;
	int nfd = create_named(o->dirfd, o->base, o->tmpname, sizeof(o->tmpname));

	if (nfd < 0) {
		o->tmpname[0] = '\0';
		return -1;
	}
	fchmod(nfd, AFALG_OUTFILE_MODE);
	for (;;) {
		ssize_t n = pread(o->fd, buf, sizeof(buf), off), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 && fsync(nfd) == 0 && close(nfd) == 0)
				return 0;
			break;
		}
		for (ssize_t done = 0; done < n; done += w) {
			w = write(nfd, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w <= 0)
				goto fail;
		}
		off += n;
	}
fail:
	close(nfd);
	return -1;
}

static int commit_replace(struct afalg_outfile *o)
{
	struct stat st;
	bool named = o->tmpname[0] != '\0';

	if (fsync(o->fd) < 0) {
		afalg_errno(o->path, errno, "cannot write the %s", o->what);
		return -1;
	}
	/* A symlink or another kind of file put there meanwhile is not replaced. */
	if (fstatat(o->dirfd, o->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISLNK(st.st_mode))
			afalg_err(o->path, "became a symbolic link: not replaced by the %s",
				  o->what);
		else
			afalg_err(o->path, "is no longer a regular file: not replaced by the %s",
				  o->what);
		return -1;
	}
	if (!named && name_new_file(o) < 0 && copy_to_named(o) < 0) {
		afalg_errno(o->path, errno, "cannot create the %s in its directory", o->what);
		return -1;
	}
	if (renameat(o->dirfd, o->tmpname, o->dirfd, o->base) < 0) {
		afalg_errno(o->path, errno, "cannot put the %s in place", o->what);
		return -1;
	}
	o->tmpname[0] = '\0';
	fsync(o->dirfd); /* the rename itself, durably */
	return 0;
}

int afalg_outfile_commit(struct afalg_outfile *o)
{
	int ret = 0;

	if (!o)
		return -1;
	if (fflush(o->f) != 0 || ferror(o->f)) {
		afalg_errno(o->path, errno, "cannot write the %s", o->what);
		ret = -1;
	}
	if (o->kind == OUT_STDOUT) {
		out_free(o);
		return ret;
	}
	if (!ret && o->kind == OUT_REPLACE)
		ret = commit_replace(o);
	if (fclose(o->f) != 0 && !ret) {
		afalg_errno(o->path, errno, "cannot write the %s", o->what);
		ret = -1;
	}
	if (o->tmpname[0])
		unlinkat(o->dirfd, o->tmpname, 0);
	out_free(o);
	return ret;
}

void afalg_outfile_abort(struct afalg_outfile *o)
{
	if (!o)
		return;
	if (o->kind != OUT_STDOUT)
		fclose(o->f);
	if (o->tmpname[0])
		unlinkat(o->dirfd, o->tmpname, 0);
	out_free(o);
}

int afalg_outfile_write(const char *path, const char *what, const char *data, size_t len)
{
	struct afalg_outfile *o = afalg_outfile_open(path, what);

	if (!o)
		return -1;
	if (len && fwrite(data, 1, len, o->f) != len) {
		afalg_errno(o->path, errno, "cannot write the %s", what);
		afalg_outfile_abort(o);
		return -1;
	}
	return afalg_outfile_commit(o);
}

void afalg_outfile_clean_stale(const char *path)
{
	struct target t;
	struct dirent *de;
	char prefix[NAME_MAX + 8];
	size_t plen;
	DIR *d;
	int fd;

	if (is_stdout(path) || target_open(path, "output", &t))
		return;
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.tmp.", t.base);
	fd = dup(t.dirfd);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		target_free(&t);
		return;
	}
	/* Names compared literally: a path may contain glob characters. */
	while ((de = readdir(d))) {
		struct stat st;
		char *end;
		long pid;

		if (plen >= sizeof(prefix) || strncmp(de->d_name, prefix, plen))
			continue;
		errno = 0;
		pid = strtol(de->d_name + plen, &end, 10);
		if (errno || end == de->d_name + plen || (*end && *end != '.') || pid <= 0 ||
		    pid > INT_MAX || pid == getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(t.dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(t.dirfd, de->d_name, 0);
	}
	closedir(d);
	target_free(&t);
}
