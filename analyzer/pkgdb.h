/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Which installed package owns a path: dpkg database (info/PACKAGE.list, status). */
#ifndef AFALG_PKGDB_H
#define AFALG_PKGDB_H

#include <stdbool.h>
#include <stddef.h>

struct pkgdb;

/*
 * Load dpkg's database from admindir (normally /var/lib/dpkg).  NULL with
 * *why set when there is none or it cannot be read.
 */
struct pkgdb *pkgdb_load(const char *admindir, const char **why);
void pkgdb_free(struct pkgdb *db);
/*
 * Owner of path (absolute, or relative to the working directory).  Tries the
 * /usr-merged aliases (/bin ↔ /usr/bin, /lib ↔ /usr/lib, ...) since dpkg
 * records whichever the package shipped.
 */
bool pkgdb_lookup(const struct pkgdb *db, const char *path, const char **package,
		  const char **version);
/* Every path some package owns, in a stable order (the installed-system input). */
size_t pkgdb_path_count(const struct pkgdb *db);
const char *pkgdb_path(const struct pkgdb *db, size_t i);
size_t pkgdb_package_count(const struct pkgdb *db);

#endif /* AFALG_PKGDB_H */
