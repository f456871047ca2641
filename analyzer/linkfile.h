/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Link index files: how `--shard` over archives finds indirect users whose
 * library is in another shard's archive, exactly.
 *
 * Pass 1 (`--links-out FILE`): each shard writes the link records of its
 * archive members as analysed (before resolution: the file's own AF_ALG use,
 * DT_NEEDED, SONAME, RUNPATH/RPATH, role, machine, where it is) and the
 * archives' library symlinks.  Pass 2 (`--links-from FILE`, every shard's
 * file): the records of the other shards join the archive overlay that
 * resolve.c searches, so DT_NEEDED is resolved exactly as in the unsharded
 * scan (transitively, with the same precedence: a non-user library in
 * another shard shadows one further down the search path), and each shard
 * writes exactly its part of the unsharded result.  Imported records are
 * never written out.
 *
 * The file is text, one record a line, fields separated by tabs, every byte
 * that is '%', a control character or DEL written as %XX, an absent field
 * empty and an empty string as %00:
 *
 *     afalg-audit-links 2
 *     A <id> <archive> <package> <version>
 *     W <known 0|1> <why>                      (before the R line of a user)
 *     E <name> <version> <default 0|1>         (its AF_ALG entry points)
 *     R <id> <path> <soname> <runpath> <rpath> <e_machine> <elf class>
 *       <b|l> <role> <uses 0|1> <type bits> <feature bits> [<needed>...]
 *     L <symlink path> <target>
 *
 * (an R line is one line).  W and E lines (version 2, issue #16) give the
 * entry points of the user library whose R line follows: exported functions
 * that reach AF_ALG (reach_scan.h), or, with known 0, why they are unknown.
 * Version 1 files are still read; their users' entry points are unknown
 * (importers keep the link-level answer).  Only records of the libraries that anything
 * can load are kept on import: those whose name, SONAME or symlink target
 * name is a DT_NEEDED name of some record (each file is read twice).
 */
#ifndef AFALG_LINKFILE_H
#define AFALG_LINKFILE_H

#include <stdbool.h>

struct scan_ctx;

/* Write ctx's archive link records and symlinks; call before resolve.  false: said why. */
bool links_write(struct scan_ctx *ctx, const char *path);

/*
 * First read of --links-from files: check them and collect the names
 * anything needs (before the scan, so a bad file fails at once).  false:
 * said why.
 */
bool links_check(struct scan_ctx *ctx, const char *path);
/* Second read, after the scan: the records that matter into ctx->imported. */
bool links_import(struct scan_ctx *ctx, const char *path);

#endif /* AFALG_LINKFILE_H */
