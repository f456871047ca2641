// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * rpm's database through librpm rather than parsed here: its formats
 * (sqlite since rpm 4.16, Berkeley DB before, ndb on SUSE) hold header blobs
 * whose layout librpm alone keeps up with.  librpm runs in a child process
 * (a hostile image's database may crash it; what it leaks on error paths
 * goes with the child) that sends the packages and paths back over a pipe;
 * rpm's own messages are caught and turned into the one-line reason the
 * caller prints.
 *
 * Never written to: opening an sqlite database in WAL mode creates its -shm
 * and -wal files (so it fails on read-only media and for other users, and
 * would change a scanned image), and librpm even creates a database that is
 * missing.  So an sqlite database is copied (with its -wal) into a private
 * temporary directory and opened there; Berkeley DB is read by rpm's own
 * read-only reader (bdb_ro) in place.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "pkgdb.h"
#include "pkgmeta.h"
#include "rpmdb.h"

static const char *const db_dirs[] = {"/usr/lib/sysimage/rpm", "/var/lib/rpm"};
/* sqlite (rpm >= 4.16), Berkeley DB (older), ndb (SUSE). */
static const char *const db_files[] = {"rpmdb.sqlite", "Packages", "Packages.db"};

/* dir/name, a non-empty regular file?  Below a root, looked up inside it (fileio.h). */
static bool has_file(int rootfd, const char *dir, const char *name)
{
	char path[4400];
	struct stat st;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return false;
	if (rootfd < 0)
		return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
	fd = open_in_root(rootfd, path, true);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0)
		st.st_mode = 0;
	close(fd);
	return S_ISREG(st.st_mode) && st.st_size > 0;
}

static bool has_db(int rootfd, const char *dir)
{
	for (size_t i = 0; i < sizeof(db_files) / sizeof(db_files[0]); i++)
		if (has_file(rootfd, dir, db_files[i]))
			return true;
	return false;
}

bool rpmdb_find(int rootfd, const char *dbpath, char *out, size_t outsz)
{
	if (dbpath)
		return has_db(rootfd, dbpath) && (size_t)snprintf(out, outsz, "%s", dbpath) < outsz;
	for (size_t i = 0; i < sizeof(db_dirs) / sizeof(db_dirs[0]); i++)
		if (has_db(rootfd, db_dirs[i]))
			return (size_t)snprintf(out, outsz, "%s", db_dirs[i]) < outsz;
	return false;
}

#ifndef AFALG_HAVE_RPM

bool rpmdb_supported(void)
{
	return false;
}

bool rpmdb_load(struct pkgdb *db, int rootfd, const char *root, const char *dbpath, char *why,
		size_t whysz)
{
	(void)db;
	(void)rootfd;
	(void)root;
	(void)dbpath;
	snprintf(why, whysz,
		 "this build cannot read rpm databases (built without librpm: install "
		 "librpm-dev and rebuild)");
	return false;
}

#else

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmfi.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>

bool rpmdb_supported(void)
{
	return true;
}

struct rpm_log {
	char first[512]; /* rpm's first error or warning, for the reason */
};

/*
 * Copy dir/name (inside the root at rootfd, or on this system if rootfd < 0)
 * into tmp/name; 0, or an errno.  A missing source is fine if optional.
 */
static int copy_db_file(int rootfd, const char *dir, const char *tmp, const char *name,
			bool optional)
{
	char src[4400], dst[4400], buf[1 << 16];
	const char *why;
	struct stat st;
	int in, out, err = 0;
	ssize_t n;

	snprintf(src, sizeof(src), "%s/%s", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", tmp, name);
	in = rootfd >= 0 ? open_regular_in_root(rootfd, src, &st, &why)
			 : open_regular_at(AT_FDCWD, src, true, &st, &why);
	if (in < 0)
		return optional && errno == ENOENT ? 0 : errno ? errno : EINVAL;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		err = errno;
		close(in);
		return err;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			err = errno ? errno : EIO;
			break;
		}
	if (n < 0)
		err = errno;
	close(in);
	if (close(out) < 0 && !err)
		err = errno;
	return err;
}

/* The private copy and whatever librpm made beside it (-shm, -wal, locks, __db.*). */
static void remove_tmp(const char *tmp)
{
	int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dh = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *e;

	if (!dh && dfd >= 0)
		close(dfd);
	while (dh && (e = readdir(dh)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dfd, e->d_name, 0);
	if (dh)
		closedir(dh);
	rmdir(tmp);
}

static int catch_log(rpmlogRec rec, rpmlogCallbackData data)
{
	struct rpm_log *log = data;
	const char *msg = rpmlogRecMessage(rec);

	if (!log->first[0] && msg && rpmlogRecPriority(rec) <= RPMLOG_WARNING) {
		size_t n;

		snprintf(log->first, sizeof(log->first), "%s", msg);
		n = strlen(log->first);
		while (n && (log->first[n - 1] == '\n' || log->first[n - 1] == ' '))
			log->first[--n] = '\0';
	}
	return 0; /* never printed by rpm itself */
}

/* [EPOCH:]VERSION-RELEASE, as rpm -q prints it with %{EPOCH}: when set. */
static void evr(Header h, char *out, size_t outsz)
{
	const char *v = headerGetString(h, RPMTAG_VERSION);
	const char *r = headerGetString(h, RPMTAG_RELEASE);

	if (headerIsEntry(h, RPMTAG_EPOCH))
		snprintf(out, outsz, "%llu:%s%s%s",
			 (unsigned long long)headerGetNumber(h, RPMTAG_EPOCH), v ? v : "",
			 r ? "-" : "", r ? r : "");
	else
		snprintf(out, outsz, "%s%s%s", v ? v : "", r ? "-" : "", r ? r : "");
}

/*
 * The child's report to the parent, over a pipe: records of a tag byte and
 * NUL-terminated strings: 'P' name version (a package), 'S' name (the last
 * package's source package), 'F' path (a file of the last package), 'E'
 * reason (it failed).
 */
static void put_record(FILE *out, char tag, const char *a, const char *b)
{
	putc(tag, out);
	fputs(a, out);
	putc('\0', out);
	if (b) {
		fputs(b, out);
		putc('\0', out);
	}
}

static size_t read_packages(rpmts ts, FILE *out)
{
	rpmdbMatchIterator mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
	size_t npkgs = 0;
	Header h;

	if (!mi)
		return 0;
	while ((h = rpmdbNextIterator(mi))) {
		const char *name = headerGetString(h, RPMTAG_NAME);
		const char *srpm = headerGetString(h, RPMTAG_SOURCERPM);
		char version[512], source[256];
		rpmfi fi;

		if (!name)
			continue;
		evr(h, version, sizeof(version));
		put_record(out, 'P', name, version);
		if (srpm && rpm_source_name(srpm, source, sizeof(source)))
			put_record(out, 'S', source, NULL);
		npkgs++;
		fi = rpmfiNew(ts, h, RPMTAG_BASENAMES, RPMFI_FLAGS_QUERY);
		while (fi && rpmfiNext(fi) >= 0) {
			const char *fn = rpmfiFN(fi);

			/* Excluded docs, other-arch colours, files taken over: not its. */
			if (fn && fn[0] == '/' && RPMFILE_IS_INSTALLED(rpmfiFState(fi)))
				put_record(out, 'F', fn, NULL);
		}
		rpmfiFree(fi);
	}
	rpmdbFreeIterator(mi);
	return npkgs;
}

/* In the child: librpm reads the database (at open_root + open_dbpath). */
static bool child_read(const char *open_root, const char *open_dbpath, const char *shown, FILE *out)
{
	struct rpm_log log = {.first = ""};
	char why[6000];
	rpmts ts;

	rpmlogSetCallback(catch_log, &log);
	rpmlogSetMask(RPMLOG_UPTO(RPMLOG_WARNING));
	/* The host's rpmrc/macros; the database location is the scan's, not theirs. */
	if (rpmReadConfigFiles(NULL, NULL) != 0) {
		snprintf(why, sizeof(why), "librpm cannot read its configuration%s%s",
			 log.first[0] ? ": " : "", log.first);
		goto fail;
	}
	rpmPushMacro(NULL, "_dbpath", NULL, open_dbpath, RMIL_CMDLINE);
	ts = rpmtsCreate();
	if (!ts || rpmtsSetRootDir(ts, open_root) != 0) {
		snprintf(why, sizeof(why), "librpm: cannot use %s as root", open_root);
		goto fail;
	}
	/* Headers are read, not trusted for anything signatures would vouch for. */
	rpmtsSetVSFlags(ts, _RPMVSF_NOSIGNATURES | _RPMVSF_NODIGESTS);
	if (rpmtsOpenDB(ts, O_RDONLY) != 0) {
		snprintf(why, sizeof(why), "cannot open the rpm database in %s%s%s", shown,
			 log.first[0] ? ": " : "", log.first);
		goto fail;
	}
	if (!read_packages(ts, out) && log.first[0]) {
		snprintf(why, sizeof(why), "cannot read the rpm database in %s: %s", shown,
			 log.first);
		goto fail;
	}
	return true;
fail:
	put_record(out, 'E', why, NULL);
	return false;
}

/* One NUL-terminated string from the child: 1, 0 at EOF, -1 if longer than buf (skipped). */
static int get_string(FILE *in, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		if (n < size)
			buf[n++] = (char)c;
		if (!c)
			return n <= size && buf[n - 1] == '\0' ? 1 : -1;
	}
	return 0;
}

/*
 * librpm runs in a child process: a hostile image's database can crash the
 * reader without taking the scan along, and what librpm (and its sqlite)
 * leave allocated, on error paths too, goes away with the child.
 */
static bool read_in_child(struct pkgdb *db, const char *open_root, const char *open_dbpath,
			  const char *shown, char *why, size_t whysz)
{
	char a[8192], b[1024];
	struct pkgdb_pkg *pk = NULL;
	bool ok = true, failed = false;
	int fds[2], status, tag, ra, rb;
	FILE *in;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(why, whysz, "cannot read the rpm database: pipe: %s", strerror(errno));
		return false;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whysz, "cannot read the rpm database: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		FILE *out = fdopen(fds[1], "w");
		bool done;

		close(fds[0]);
		if (!out)
			_exit(2);
		done = child_read(open_root, open_dbpath, shown, out);
		_exit(fflush(out) == 0 && done ? 0 : 1);
	}
	close(fds[1]);
	if (!(in = fdopen(fds[0], "r"))) {
		close(fds[0]);
		ok = false;
	}
	while (ok && (tag = getc(in)) != EOF) {
		/* Names too long for us (a hostile database) are skipped, not truncated. */
		if (tag == 'P' && (ra = get_string(in, a, sizeof(a))) &&
		    (rb = get_string(in, b, sizeof(b)))) {
			pk = ra > 0 && rb > 0 ? pkgdb_add_package(db, a, b) : NULL;
		} else if (tag == 'S' && (ra = get_string(in, a, sizeof(a)))) {
			if (ra > 0)
				pkgdb_set_source(db, pk, a);
		} else if (tag == 'F' && (ra = get_string(in, a, sizeof(a)))) {
			if (ra > 0)
				pkgdb_add_path(db, a, pk);
		} else if (tag == 'E' && get_string(in, a, sizeof(a))) {
			snprintf(why, whysz, "%s", a);
			failed = true;
		} else {
			snprintf(why, whysz,
				 "cannot read the rpm database in %s: malformed record "
				 "from its reader",
				 shown);
			failed = true;
			break;
		}
	}
	if (in)
		fclose(in);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!failed && WIFSIGNALED(status))
		snprintf(why, whysz, "cannot read the rpm database in %s: librpm crashed (%s)",
			 shown, strsignal(WTERMSIG(status)));
	else if (!failed && (!WIFEXITED(status) || WEXITSTATUS(status)))
		snprintf(why, whysz, "cannot read the rpm database in %s: its reader failed",
			 shown);
	else
		return ok && !failed;
	return false;
}

bool rpmdb_load(struct pkgdb *db, int rootfd, const char *root, const char *dbpath, char *why,
		size_t whysz)
{
	char shown[4400], tmp[4200] = "";
	const char *open_root = root[0] ? root : "/", *open_dbpath = dbpath;
	/* From the root's own paths (rootfd), or this system's. */
	const char *from = rootfd >= 0 ? dbpath : shown;
	bool ok, sqlite;

	snprintf(shown, sizeof(shown), "%s%s", root, dbpath);
	sqlite = has_file(rootfd, from, "rpmdb.sqlite");
	/*
	 * Below a root, librpm would open ROOT/DBPATH/... on this system,
	 * following the root's symlinks out of it: its database files are copied
	 * from inside the root whatever the backend.
	 */
	if (sqlite || rootfd >= 0) {
		const char *t = getenv("TMPDIR");
		int err = 0;

		snprintf(tmp, sizeof(tmp), "%s/afalg-audit-rpmdb.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmp)) {
			snprintf(why, whysz,
				 "cannot make a temporary copy of the rpm database: %s: %s", tmp,
				 strerror(errno));
			return false;
		}
		if (sqlite) {
			err = copy_db_file(rootfd, from, tmp, "rpmdb.sqlite", false);
			if (!err)
				err = copy_db_file(rootfd, from, tmp, "rpmdb.sqlite-wal", true);
		} else {
			err = copy_db_file(rootfd, from, tmp, "Packages", true);
			if (!err)
				err = copy_db_file(rootfd, from, tmp, "Packages.db", true);
		}
		if (err) {
			snprintf(why, whysz, "cannot copy the rpm database in %s to %s: %s", shown,
				 tmp, strerror(err));
			remove_tmp(tmp);
			return false;
		}
		open_root = "/";
		open_dbpath = tmp;
	}
	ok = read_in_child(db, open_root, open_dbpath, shown, why, whysz);
	if (tmp[0])
		remove_tmp(tmp);
	return ok;
}

#endif /* AFALG_HAVE_RPM */
