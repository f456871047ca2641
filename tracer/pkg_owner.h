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

/* dpkg's database on this system. */
#define PKG_OWNER_DPKG_ADMINDIR "/var/lib/dpkg"

/*
 * The package (NAME or NAME:ARCH, as dpkg's list file is named) that lists
 * path or its /usr-merge alias (/bin/x for /usr/bin/x and back; dpkg
 * records the path a package shipped).  1: found, copied to name; 0: no
 * package lists it; -1: no dpkg database under admindir.
 */
int pkg_owner_dpkg(const char *admindir, const char *path, char *name, size_t namesz);

#endif /* AFALG_PKG_OWNER_H */
