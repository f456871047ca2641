// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit scan: the system the files belong to: --root, and the package
 * databases (dpkg and rpm, both when both are there) that name each file's
 * package and, without PATH, list the files to scan.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
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

/* What to load, and from where: kept until the first lookup when PATHs are named. */
struct pkgdb_load {
	struct pkgdb *db;
	int dpkg_rootfd;      /* the root (ctx->rootfd), or -1: --dpkg-admindir on this system */
	const char *admindir; /* points into dpkg_dir */
	char dpkg_dir[PATH_MAX + 32];
	char dpkg_shown[PATH_MAX + 32]; /* for messages: as on this system */
	char rpm_dir[PATH_MAX];		/* as seen inside the root; "" when there is none */
	bool installed, quiet;
};

/*
 * Both databases into l->db (a file is owned by either).  false, said why,
 * when the installed system was asked for and neither can be read.
 */
static bool load_databases(struct scan_ctx *ctx, struct pkgdb_load *l)
{
	char rpm_why[1024];
	const char *why = NULL;
	bool have_dpkg, have_rpm = l->rpm_dir[0], rpm_ok = false;

	have_dpkg = pkgdb_load_dpkg(l->db, l->dpkg_rootfd, l->admindir, &why);
	if (have_rpm)
		rpm_ok = rpmdb_load(l->db, ctx->rootfd, pkgdb_root(l->db), l->rpm_dir, rpm_why,
				    sizeof(rpm_why));
	pkgdb_finish(l->db);
	if (l->installed && !have_dpkg && !rpm_ok) {
		if (have_rpm)
			afalg_err("scan",
				  "installed system: %s; name the directories to scan instead",
				  rpm_why);
		else
			afalg_err(l->dpkg_shown,
				  "%s, and no rpm database; name the paths to scan instead", why);
		return false;
	}
	if (have_rpm && !rpm_ok && !l->quiet)
		afalg_warn("scan", "%s: %s", rpm_why,
			   l->installed ? "only dpkg's files, /usr/local and /opt are scanned"
					: "its files are not attributed to packages");
	return true;
}

bool scan_pkg_lookup(struct scan_ctx *ctx, const char *path, const char **package,
		     const char **version, const char **source)
{
	if (!atomic_load_explicit(&ctx->pkgdb_ready, memory_order_acquire)) {
		if (!ctx->pkgdb_load)
			return false;
		pthread_mutex_lock(&ctx->pkgdb_lock);
		if (!atomic_load_explicit(&ctx->pkgdb_ready, memory_order_relaxed)) {
			load_databases(ctx, ctx->pkgdb_load); /* not installed: cannot fail */
			ctx->pkgdb = ctx->pkgdb_load->db;
			atomic_store_explicit(&ctx->pkgdb_ready, true, memory_order_release);
		}
		pthread_mutex_unlock(&ctx->pkgdb_lock);
	}
	return ctx->pkgdb && pkgdb_lookup(ctx->pkgdb, path, package, version, source);
}

bool scan_open_system(struct scan_ctx *ctx, const struct scan_opts *o, struct pkgdb **db)
{
	char root[PATH_MAX] = "";
	struct pkgdb_load *l;

	*db = NULL;
	if (o->root && !open_root(ctx, o->root, root))
		return false;
	if (!(l = calloc(1, sizeof(*l))) || !(*db = pkgdb_new(root))) {
		free(l);
		afalg_err("scan", "out of memory");
		return false;
	}
	ctx->pkgdb_load = l; /* ctx_free() frees it */
	l->db = *db;
	l->installed = o->installed;
	l->quiet = o->quiet;
	/* --dpkg-admindir is a directory on this system; the default, one inside the root. */
	l->dpkg_rootfd = o->admindir ? -1 : ctx->rootfd;
	snprintf(l->dpkg_shown, sizeof(l->dpkg_shown), "%s%s", o->admindir ? "" : root,
		 o->admindir ? o->admindir : "/var/lib/dpkg");
	snprintf(l->dpkg_dir, sizeof(l->dpkg_dir), "%s",
		 l->dpkg_rootfd >= 0 ? "/var/lib/dpkg" : l->dpkg_shown);
	l->admindir = l->dpkg_dir;
	/* Where rpm's database is, and a bad --rpm-dbpath, are known now; reading it waits. */
	if (!rpmdb_find(ctx->rootfd, o->rpm_dbpath, l->rpm_dir, sizeof(l->rpm_dir))) {
		l->rpm_dir[0] = '\0';
		if (o->rpm_dbpath) {
			afalg_err(o->rpm_dbpath, "--rpm-dbpath: no rpm database there (below '%s')",
				  root[0] ? root : "/");
			return false;
		}
	}
	ctx->root = pkgdb_root(*db);
	/* The installed system's file list is the input: load it now. */
	if (o->installed) {
		if (!load_databases(ctx, l))
			return false;
		ctx->pkgdb = *db;
		atomic_store_explicit(&ctx->pkgdb_ready, true, memory_order_release);
	}
	return true;
}
