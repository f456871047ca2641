/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One identity for a path on merged-/usr systems (Debian 12, Fedora): /bin,
 * /sbin, /lib, /lib32, /lib64 and /libx32 are symbolic links into /usr, so
 * /sbin/cryptsetup (what dpkg recorded) and /usr/sbin/cryptsetup (what the
 * kernel says the process runs) are one file.  The scan's package lookup,
 * the tracer's and the report's joins all spell it the same way.
 */
#ifndef AFALG_USRMERGE_H
#define AFALG_USRMERGE_H

#include <stddef.h>

/*
 * The identity of an absolute path: a merged top directory under /usr
 * ("/usr/sbin/cryptsetup" for "/sbin/cryptsetup"); any other path as it is.
 * Returns buf (at most size bytes) or path itself.
 */
const char *afalg_usrmerge_key(const char *path, char *buf, size_t size);
/*
 * The path's other spelling ("/sbin/x" <-> "/usr/sbin/x") into buf; "" if it
 * has none (or it does not fit).  Returns buf.
 */
const char *afalg_usrmerge_alias(const char *path, char *buf, size_t size);

#endif /* AFALG_USRMERGE_H */
