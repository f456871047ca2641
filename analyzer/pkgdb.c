// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The package databases as one path → package map.  dpkg's is read
 * directly: status (name, architecture, version of installed packages) and
 * info/<package>[:<arch>].list (the paths each one owns); rpm's through
 * librpm (rpmdb.c).  Read once, then shared read-only by the worker threads.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afalg.h"
#include "fileio.h"
#include "intern.h"
#include "pkgdb.h"
#include "pkgmeta.h"
#include "strmap.h"
#include "usrmerge.h"

#define DB_FILE_MAX (512u << 20)

struct pkgdb_pkg {
	const char *name, *version;
	const char *source; /* source package (pooled); NULL: not known */
};

struct pkgdb {
	struct afalg_intern pool;
	struct strmap versions; /* dpkg: "name" and "name:arch" → version (pooled) */
	struct strmap sources;	/* dpkg: "name" → source package (pooled), when not "name" */
	struct strmap owner;	/* path (pooled) → struct pkgdb_pkg * */
	struct pkgdb_pkg **pkgs;
	size_t npkgs, cappkgs;
	const char **paths;
	size_t npaths, cappaths;
	char cwd[4096];
	char root[4096]; /* "" for this system, else absolute without trailing '/' */
};

/* A whole regular file (fd from open_regular_*), NUL-terminated; closes fd. */
static char *slurp_fd(int fd, const struct stat *st, size_t *len)
{
	char *buf;
	long n;

	if (fd < 0)
		return NULL;
	if ((uint64_t)st->st_size > DB_FILE_MAX || !(buf = malloc((size_t)st->st_size + 1))) {
		close(fd);
		return NULL;
	}
	n = read_at(fd, buf, (size_t)st->st_size, 0);
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* status: paragraphs; keep installed ones. */
static void read_status(struct pkgdb *db, int rootfd, const char *admindir)
{
	char path[4200], name[256], arch[64], ver[256], status[128], key[330], src[256], sname[256];
	const char *why;
	struct stat st;
	size_t len;
	char *text, *p;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/status", admindir) >= sizeof(path))
		return;
	fd = rootfd >= 0 ? open_regular_in_root(rootfd, path, &st, &why)
			 : open_regular_at(AT_FDCWD, path, false, &st, &why);
	if (!(text = slurp_fd(fd, &st, &len)))
		return;
	p = text;
	while (p < text + len) {
		char *para_end = strstr(p, "\n\n");
		size_t plen = para_end ? (size_t)(para_end - p) + 1 : (size_t)(text + len - p);

		if (deb_control_field(p, plen, "Package", name, sizeof(name)) &&
		    deb_control_field(p, plen, "Version", ver, sizeof(ver)) &&
		    deb_control_field(p, plen, "Status", status, sizeof(status)) &&
		    strstr(status, "installed") && !strstr(status, "not-installed") &&
		    !strstr(status, "config-files")) {
			const char *v = afalg_intern(&db->pool, ver);

			strmap_put(&db->versions, afalg_intern(&db->pool, name), (void *)v);
			/* dpkg: no Source field means the source is named as the binary. */
			if (deb_control_field(p, plen, "Source", src, sizeof(src)) &&
			    deb_source_name(src, sname, sizeof(sname)) && strcmp(sname, name))
				strmap_put(&db->sources, afalg_intern(&db->pool, name),
					   (void *)afalg_intern(&db->pool, sname));
			if (deb_control_field(p, plen, "Architecture", arch, sizeof(arch))) {
				snprintf(key, sizeof(key), "%s:%s", name, arch);
				strmap_put(&db->versions, afalg_intern(&db->pool, key), (void *)v);
			}
		}
		p += plen + 1;
	}
	free(text);
}

struct pkgdb_pkg *pkgdb_add_package(struct pkgdb *db, const char *name, const char *version)
{
	struct pkgdb_pkg *pk;

	if (afalg_grow(&db->pkgs, &db->cappkgs, db->npkgs, sizeof(*db->pkgs), 256))
		return NULL;
	if (!(pk = calloc(1, sizeof(*pk))))
		return NULL;
	pk->name = afalg_intern(&db->pool, name);
	pk->version = version ? afalg_intern(&db->pool, version) : NULL;
	if (!pk->name) {
		free(pk);
		return NULL;
	}
	db->pkgs[db->npkgs++] = pk;
	return pk;
}

/* dpkg: info/NAME[:ARCH].list → the package, its version from status. */
static struct pkgdb_pkg *add_dpkg_pkg(struct pkgdb *db, const char *listname)
{
	char name[256];
	const char *version;
	struct pkgdb_pkg *pk;
	char *colon;

	snprintf(name, sizeof(name), "%s", listname);
	version = strmap_get(&db->versions, name);
	colon = strchr(name, ':');
	if (colon) {
		*colon = '\0';
		if (!version)
			version = strmap_get(&db->versions, name);
	}
	pk = pkgdb_add_package(db, name, version);
	if (pk) {
		const char *src = strmap_get(&db->sources, name);

		pk->source = src ? src : pk->name;
	}
	return pk;
}

void pkgdb_set_source(struct pkgdb *db, struct pkgdb_pkg *pk, const char *source)
{
	if (pk && source)
		pk->source = afalg_intern(&db->pool, source);
}

void pkgdb_add_path(struct pkgdb *db, const char *path, struct pkgdb_pkg *pk)
{
	const char *p;

	if (!pk || strmap_get(&db->owner, path))
		return; /* directories are shared; the first owner is as good as any */
	if (!(p = afalg_intern(&db->pool, path)))
		return;
	strmap_put(&db->owner, p, pk);
	if (afalg_grow(&db->paths, &db->cappaths, db->npaths, sizeof(*db->paths), 4096))
		return;
	db->paths[db->npaths++] = p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct pkgdb *pkgdb_new(const char *root)
{
	struct pkgdb *db = calloc(1, sizeof(*db));
	size_t l;

	if (!db)
		return NULL;
	afalg_intern_init(&db->pool);
	if (!getcwd(db->cwd, sizeof(db->cwd)))
		db->cwd[0] = '\0';
	if (root && (size_t)snprintf(db->root, sizeof(db->root), "%s", root) >= sizeof(db->root)) {
		free(db);
		return NULL;
	}
	l = strlen(db->root);
	while (l && db->root[l - 1] == '/')
		db->root[--l] = '\0';
	return db;
}

bool pkgdb_load_dpkg(struct pkgdb *db, int rootfd, const char *admindir, const char **why)
{
	char dir[4200];
	struct dirent **ents;
	int n, dfd;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/info", admindir) >= sizeof(dir)) {
		*why = "dpkg database path too long";
		return false;
	}
	/* Below a root, its symlinks (var/lib/dpkg -> /...) lead inside it, not here. */
	dfd = open_dir_in_root(rootfd, dir);
	n = dfd < 0 ? -1 : scandirat(dfd, ".", &ents, NULL, alphasort);
	if (n < 0) {
		if (dfd >= 0)
			close(dfd);
		*why = "no dpkg database (cannot read its info directory)";
		return false;
	}
	read_status(db, rootfd, admindir);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(ents[i]->d_name), len;
		char *text = NULL, *line, *save = NULL;
		struct pkgdb_pkg *pk;

		if (l > 5 && !strcmp(ents[i]->d_name + l - 5, ".list")) {
			const char *fwhy;
			struct stat st;
			int fd = open_regular_at(dfd, ents[i]->d_name, false, &st, &fwhy);

			ents[i]->d_name[l - 5] = '\0';
			if ((text = slurp_fd(fd, &st, &len)) &&
			    (pk = add_dpkg_pkg(db, ents[i]->d_name))) {
				for (line = strtok_r(text, "\n", &save); line;
				     line = strtok_r(NULL, "\n", &save))
					if (line[0] == '/' && strcmp(line, "/."))
						pkgdb_add_path(db, line, pk);
			}
			free(text);
		}
		free(ents[i]);
	}
	free(ents);
	close(dfd);
	return true;
}

void pkgdb_finish(struct pkgdb *db)
{
	if (db->npaths)
		qsort(db->paths, db->npaths, sizeof(*db->paths), cmp_str);
}

void pkgdb_free(struct pkgdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->npkgs; i++)
		free(db->pkgs[i]);
	free(db->pkgs);
	free(db->paths);
	strmap_free(&db->owner);
	strmap_free(&db->versions);
	strmap_free(&db->sources);
	afalg_intern_free(&db->pool);
	free(db);
}

static const struct pkgdb_pkg *find(const struct pkgdb *db, const char *abs)
{
	const struct pkgdb_pkg *pk = strmap_get(&db->owner, abs);
	char alias[4200];

	if (pk)
		return pk;
	/* merged /usr: the databases record whichever spelling the package shipped */
	afalg_usrmerge_alias(abs, alias, sizeof(alias));
	return alias[0] ? strmap_get(&db->owner, alias) : NULL;
}

bool pkgdb_lookup(const struct pkgdb *db, const char *path, const char **package,
		  const char **version, const char **source)
{
	char abs[4200];
	const struct pkgdb_pkg *pk;
	size_t rl;

	if (!db)
		return false;
	if (path[0] != '/') {
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", db->cwd, path) >= sizeof(abs))
			return false;
		path = abs;
	}
	/* Below the root: the databases know the path as installed. */
	rl = strlen(db->root);
	if (rl) {
		if (strncmp(path, db->root, rl) || path[rl] != '/')
			return false;
		path += rl;
	}
	pk = find(db, path);
	if (!pk)
		return false;
	*package = pk->name;
	*version = pk->version;
	if (source)
		*source = pk->source;
	return true;
}

size_t pkgdb_path_count(const struct pkgdb *db)
{
	return db ? db->npaths : 0;
}

const char *pkgdb_path(const struct pkgdb *db, size_t i)
{
	return db->paths[i];
}

size_t pkgdb_package_count(const struct pkgdb *db)
{
	return db ? db->npkgs : 0;
}

const char *pkgdb_root(const struct pkgdb *db)
{
	return db ? db->root : "";
}
