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
 * Where an rpm database lives below root ("" for this system): dbpath if
 * given, else the first of /usr/lib/sysimage/rpm and /var/lib/rpm holding
 * rpmdb.sqlite (rpm >= 4.16), Packages (Berkeley DB) or Packages.db (ndb).
 * Writes the directory as seen inside root to out; false if there is none.
 */
bool rpmdb_find(const char *root, const char *dbpath, char *out, size_t outsz);

/*
 * Add every installed package of the rpm database in dbpath (as seen inside
 * root) and the files it owns to db.  false with why (one line) filled when
 * it cannot be read, this build included.
 */
bool rpmdb_load(struct pkgdb *db, const char *root, const char *dbpath, char *why, size_t whysz);

#endif /* AFALG_RPMDB_H */
