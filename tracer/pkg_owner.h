/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Which dpkg package owns one path, for the tracer's journal entries.  The
 * scan's reader (analyzer/pkgdb.h) loads every package's file list into an
 * index (~30 MB on a desktop system): right for thousands of lookups, wrong
 * for a service whose unit caps it at 64 MB and asks once per new
 * executable.  This one reads dpkg's info/NAME[:ARCH].list files one at a
 * time and keeps nothing but the answer.
 */
#ifndef AFALG_PKG_OWNER_H
#define AFALG_PKG_OWNER_H

#include <stddef.h>
#include <stdint.h>

/* dpkg's database on this system. */
#define PKG_OWNER_DPKG_ADMINDIR "/var/lib/dpkg"

/*
 * The package (NAME or NAME:ARCH, as dpkg's list file is named) that lists
 * path or its /usr-merge alias (/bin/x for /usr/bin/x and back; dpkg
 * records the path a package shipped).  1: found, copied to name; 0: no
 * package lists it; -1: no dpkg database under admindir.
 */
int pkg_owner_dpkg(const char *admindir, const char *path, char *name, size_t namesz);

/*
 * The packages of the executables the tracer saw, remembered (the journal's
 * fields, the metrics' labels).  Asked only when the host's file at that
 * path is the very one that ran (dev, ino: a container's /usr/bin/python3
 * is not the host's package) and belongs to root, as every packaged
 * executable does: a user's own binaries, however many, cost no walk
 * through dpkg's lists.  NULL: none, or not known.
 */
struct pkg_owners;
struct pkg_owners *pkg_owners_new(void);
void pkg_owners_free(struct pkg_owners *c);
const char *pkg_owners_exe(struct pkg_owners *c, const char *exe, uint32_t dev, uint64_t ino);

#endif /* AFALG_PKG_OWNER_H */
