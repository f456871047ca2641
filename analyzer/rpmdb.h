/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * rpm's database of installed packages, read through librpm (optional at
 * build time: pkg-config 'rpm'): which files each package owns, with its
 * name and [EPOCH:]VERSION-RELEASE.
 */
#ifndef AFALG_RPMDB_H
#define AFALG_RPMDB_H

#include <stdbool.h>
#include <stddef.h>

struct pkgdb;

/* Whether this build can read rpm databases (was built with librpm). */
bool rpmdb_supported(void);

/*
 * Where an rpm database lives inside the root open at rootfd (-1: this
 * system; symlinks resolved inside the root, fileio.h open_in_root): dbpath
 * if given, else the first of /usr/lib/sysimage/rpm and /var/lib/rpm holding
 * rpmdb.sqlite (rpm >= 4.16), Packages (Berkeley DB) or Packages.db (ndb).
 * Writes the directory as seen inside the root to out; false if there is none.
 */
bool rpmdb_find(int rootfd, const char *dbpath, char *out, size_t outsz);

/*
 * Add every installed package of the rpm database in dbpath (as seen inside
 * the root at rootfd, whose path is root; rootfd -1 and root "": this
 * system) and the files it owns to db.  Below a root the database files are
 * copied from inside it first, so librpm never follows the root's symlinks
 * out of it.  false with why (one line) filled when it cannot be read, this
 * build included.
 */
bool rpmdb_load(struct pkgdb *db, int rootfd, const char *root, const char *dbpath, char *why,
		size_t whysz);

#endif /* AFALG_RPMDB_H */
