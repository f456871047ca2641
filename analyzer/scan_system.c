// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan: the system the files belong to: --root, and the package
 * databases (dpkg and rpm, both when both are there) that name each file's
 * package and, without PATH, list the files to scan.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afalg.h"
#include "pkgdb.h"
#include "rpmdb.h"
#include "scan_cmd.h"
#include "scan_ctx.h"

/* --root DIR: its real path into root ("" for /), opened O_PATH into ctx->rootfd. */
static bool open_root(struct scan_ctx *ctx, const char *arg, char root[PATH_MAX])
{
	struct stat st;

	if (!realpath(arg, root) || stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		afalg_errno(arg, errno ? errno : ENOTDIR, "--root");
		return false;
	}
	if (!strcmp(root, "/"))
		root[0] = '\0';
	/* Its databases too are looked up inside it, symlinks and all (fileio.h). */
	if (root[0] && (ctx->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		afalg_errno(root, errno, "--root");
		return false;
	}
	return true;
}

bool scan_open_system(struct scan_ctx *ctx, const struct scan_opts *o, struct pkgdb **db)
{
	char root[PATH_MAX] = "", dpkg_dir[PATH_MAX + 32], rpm_dir[PATH_MAX], rpm_why[1024];
	const char *admindir = o->admindir, *why = NULL;
	bool have_dpkg, have_rpm = false, rpm_ok = false;
	int dpkg_rootfd;

	*db = NULL;
	if (o->root && !open_root(ctx, o->root, root))
		return false;
	/* --dpkg-admindir is a directory on this system; the default, one inside the root. */
	dpkg_rootfd = admindir ? -1 : ctx->rootfd;
	if (!admindir) {
		snprintf(dpkg_dir, sizeof(dpkg_dir), "%s/var/lib/dpkg", root);
		admindir = dpkg_dir;
	}
	if (!(*db = pkgdb_new(root))) {
		afalg_err("scan", "out of memory");
		return false;
	}
	/* Both databases when both are there: a file is owned by either. */
	have_dpkg = pkgdb_load_dpkg(*db, dpkg_rootfd, dpkg_rootfd >= 0 ? "/var/lib/dpkg" : admindir,
				    &why);
	if (rpmdb_find(ctx->rootfd, o->rpm_dbpath, rpm_dir, sizeof(rpm_dir))) {
		have_rpm = true;
		rpm_ok = rpmdb_load(*db, ctx->rootfd, root, rpm_dir, rpm_why, sizeof(rpm_why));
	} else if (o->rpm_dbpath) {
		afalg_err(o->rpm_dbpath, "--rpm-dbpath: no rpm database there (below '%s')",
			  root[0] ? root : "/");
		return false;
	}
	pkgdb_finish(*db);
	if (o->installed && !have_dpkg && !rpm_ok) {
		if (have_rpm)
			afalg_err("scan",
				  "installed system: %s; name the directories to scan instead",
				  rpm_why);
		else
			afalg_err(admindir,
				  "%s, and no rpm database; name the paths to scan instead", why);
		return false;
	}
	if (have_rpm && !rpm_ok && !o->quiet)
		afalg_warn("scan", "%s: %s", rpm_why,
			   o->installed ? "only dpkg's files, /usr/local and /opt are scanned"
					: "its files are not attributed to packages");
	ctx->pkgdb = *db;
	ctx->root = pkgdb_root(*db);
	return true;
}
