/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Which installed package owns a path: dpkg's database (info/PACKAGE.list,
 * status) and rpm's (rpmdb.c), both at once when both are there.  Paths in
 * the databases are as installed ("/usr/bin/x"); with a root (--root DIR)
 * the files themselves live below it.
 */
#ifndef AFALG_PKGDB_H
#define AFALG_PKGDB_H

#include <stdbool.h>
#include <stddef.h>

struct pkgdb;
struct pkgdb_pkg;

/* An empty database for the system below root (NULL or "/" for this one). */
struct pkgdb *pkgdb_new(const char *root);
void pkgdb_free(struct pkgdb *db);
/*
 * Add dpkg's database from admindir: a directory on this system (rootfd
 * < 0), or, rootfd >= 0, one as seen inside the root open at rootfd (its
 * symlinks, absolute ones too, resolved inside the root: fileio.h
 * open_in_root), normally /var/lib/dpkg.  false with *why set when there is
 * none or it cannot be read.
 */
bool pkgdb_load_dpkg(struct pkgdb *db, int rootfd, const char *admindir, const char **why);
/* Call once after loading: sorts the path list. */
void pkgdb_finish(struct pkgdb *db);

/* For the loaders: a package (strings are copied), and a path it owns. */
struct pkgdb_pkg *pkgdb_add_package(struct pkgdb *db, const char *name, const char *version);
void pkgdb_add_path(struct pkgdb *db, const char *path, struct pkgdb_pkg *pk);
/* Its source package (copied), when the loader knows it (rpm's SOURCERPM). */
void pkgdb_set_source(struct pkgdb *db, struct pkgdb_pkg *pk, const char *source);

/*
 * Owner of path: a path on this system (absolute, or relative to the working
 * directory); below the root, the root is stripped first.  Tries the
 * /usr-merged aliases (/bin ↔ /usr/bin, /lib ↔ /usr/lib, ...) since the
 * databases record whichever the package shipped.  *source (source may be
 * NULL) is its source package: dpkg's Source field, rpm's SOURCERPM name;
 * NULL when not known.
 */
bool pkgdb_lookup(const struct pkgdb *db, const char *path, const char **package,
		  const char **version, const char **source);
/*
 * Every path some package owns (as installed, below the root), in a stable
 * order: the installed-system input.
 */
size_t pkgdb_path_count(const struct pkgdb *db);
const char *pkgdb_path(const struct pkgdb *db, size_t i);
size_t pkgdb_package_count(const struct pkgdb *db);
/* The root (no trailing slash), "" for this system. */
const char *pkgdb_root(const struct pkgdb *db);

#endif /* AFALG_PKGDB_H */
