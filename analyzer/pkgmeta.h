/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Package name and version from inside an archive: a .deb's control file, an
 * .rpm's header.  Pure parsers over untrusted bytes, every offset checked.
 */
#ifndef AFALG_PKGMETA_H
#define AFALG_PKGMETA_H

#include <stdbool.h>
#include <stddef.h>

/* Value of "Field:" in a deb822 paragraph (first paragraph only), or false. */
bool deb_control_field(const char *text, size_t len, const char *field, char *out, size_t outsz);

/*
 * NAME and [EPOCH:]VERSION-RELEASE from an .rpm's lead and headers.  false
 * with *why set when the headers are malformed.
 */
bool rpm_name_version(const unsigned char *d, size_t n, char *name, size_t namesz, char *ver,
		      size_t versz, const char **why);

/*
 * The source package (issue #17: reports group by what to change).  A .deb's
 * "Source:" field value ("name" or "name (version)") to its name; an rpm's
 * SOURCERPM ("name-version-release.src.rpm") to its name; from an .rpm's
 * headers.  false when there is none or it is malformed.
 */
bool deb_source_name(const char *field, char *out, size_t outsz);
bool rpm_source_name(const char *srpm, char *out, size_t outsz);
bool rpm_source_package(const unsigned char *d, size_t n, char *out, size_t outsz);

/* Where the headers end: the payload's offset, or 0 if malformed. */
size_t rpm_payload_offset(const unsigned char *d, size_t n);

#endif /* AFALG_PKGMETA_H */
