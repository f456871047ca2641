/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * State shared by the scan's worker threads: options, the package databases,
 * the kept results, counters, and the memory budget for archive members.
 */
#ifndef AFALG_SCAN_CTX_H
#define AFALG_SCAN_CTX_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>

#include "linkrec.h"
#include "scan.h"
#include "intern.h"
#include "strmap.h"

struct pkgdb;
struct pkgdb_load;

/* Files named per unresolved library (scan_ctx.unresolved). */
#define SCAN_UNRESOLVED_EXAMPLES 5

struct scan_ctx {
	struct scan_limits lim;
	const char *debug_dir; /* separate debug info by build-id, or NULL */
	/*
	 * The package databases.  Scanning named PATHs, they are loaded on the
	 * first lookup (scan_pkg_lookup()): an archive survey never needs the
	 * host's, and reading dpkg's file lists costs ~0.35 s.  Read pkgdb
	 * directly only in installed mode, where it is loaded before the walk.
	 */
	const struct pkgdb *pkgdb;     /* NULL: none, or not loaded yet */
	struct pkgdb_load *pkgdb_load; /* what to load on first use (scan_system.c) */
	pthread_mutex_t pkgdb_lock;    /* one loader */
	atomic_bool pkgdb_ready;       /* pkgdb is final */
	const char *root;	       /* --root: the installed system below it; "" for / */
	int rootfd;		       /* root opened O_PATH (for path_in_root), or -1 */
	char **input_real;	       /* --shard: the inputs' real paths (other shards' files) */
	const char **input_arg;	       /* ... and as given (NULL in installed mode) */
	size_t ninput_real;
	bool shard_installed;	  /* --shard of the installed system */
	bool print_errors;	  /* one stderr line per bad file */
	bool progress_active;	  /* a progress line is on the terminal */
	atomic_bool spool_warned; /* no temporary file for big members (said once) */
	atomic_bool incomplete;	  /* an input or archive was not read in full (exit 2) */

	pthread_mutex_t lock; /* guards everything below up to the counters */
	struct afalg_intern pool;
	struct file_result **res; /* findings and errors (what is written out) */
	size_t nres, capres;
	struct link_table linkrecs; /* every ELF file resolve.c may need, compactly */
	struct strmap links;	    /* archive library symlinks: path → target (arena) */
	/* --links-from (linkfile.h): other shards' archives, for resolve.c only */
	struct link_table imported;
	struct strmap imported_links;	   /* their symlinks (in imported's arena) */
	struct afalg_intern import_wanted; /* names anything there may load */

	/*
	 * DT_NEEDED names resolve.c found nowhere among the inputs (nor on the
	 * host, unless --no-host-libs), by name, sorted: what the answer may be
	 * missing (issue #17).  Filled by resolve_indirect().
	 */
	struct scan_unresolved {
		char *needed;
		uint64_t files;				  /* scanned files needing it */
		char *examples[SCAN_UNRESOLVED_EXAMPLES]; /* the first of them (paths) */
		size_t nexamples;
	} * unresolved;
	size_t nunresolved;

	_Atomic uint64_t files, bytes, elf_files, archives, members, errors;

	pthread_mutex_t mem_lock;
	pthread_cond_t mem_cond;
	uint64_t mem_used, mem_budget;
};

int ctx_init(struct scan_ctx *ctx);
void ctx_free(struct scan_ctx *ctx);
/*
 * Owner package of a path on the scanned system (pkgdb_lookup()), loading the
 * databases on first use; false when no package owns it or there is no
 * database.  source may be NULL.  Thread-safe.  scan_system.c.
 */
bool scan_pkg_lookup(struct scan_ctx *ctx, const char *path, const char **package,
		     const char **version, const char **source);
/* Thread-safe interning of package names and versions. */
const char *ctx_intern(struct scan_ctx *ctx, const char *s);
/*
 * Hand a finished result over: kept when it is a finding or an error; an ELF
 * file resolve.c may need (it has DT_NEEDED or is a library, or is a finding)
 * also gets a compact link record (linkrec.h); the rest is freed.  Prints the
 * error line for a bad file.
 */
void ctx_submit(struct scan_ctx *ctx, struct file_result *r);
/* Record a library symlink seen inside an archive (for resolve.c). */
void ctx_add_link(struct scan_ctx *ctx, const char *path, const char *target);
/* Reserve n bytes of archive-member memory; waits while others hold it. */
void ctx_mem_acquire(struct scan_ctx *ctx, uint64_t n);
void ctx_mem_release(struct scan_ctx *ctx, uint64_t n);

/* scan_file.c: turn SIGBUS on a file mapping into a per-file error (call once). */
void scan_install_sigbus_guard(void);
/* scan_file.c: analyse one file on disk (path as walked or listed). */
void scan_path(struct scan_ctx *ctx, const char *path, const struct stat *lst);
/* Analyse bytes already in memory (a file or an archive member). */
void scan_buffer(struct scan_ctx *ctx, const unsigned char *data, size_t size, bool file_mapping,
		 struct file_result *r);
/* Is this the start of something scan_buffer analyses? */
bool scan_wants(const char *path, const unsigned char *head, size_t n);

/* archive.c: .deb / .rpm read in place. */
enum archive_kind { ARCHIVE_NONE, ARCHIVE_DEB, ARCHIVE_RPM };
enum archive_kind archive_detect(const unsigned char *head, size_t n);
/*
 * Regular members of a .deb/.rpm again, after the scan (resolve.c: do
 * programs call the entry points they import?), in one pass over the
 * archive: members[0..n) sorted (strcmp), member paths as the scan names
 * them.  Each one found whole is handed to fetched(arg, its index, bytes,
 * size), bytes freed on return; one gone, changed or over --max-member is
 * not.  Reports nothing: the scan already said what was wrong with the
 * archive.  Thread-safe (nothing shared but ctx's limits).
 */
typedef void archive_fetch_fn(void *arg, size_t i, unsigned char *bytes, size_t size);
void archive_fetch_members(struct scan_ctx *ctx, const char *path, const char *const *members,
			   size_t n, archive_fetch_fn *fetched, void *arg);
void archive_scan(struct scan_ctx *ctx, const char *path, const unsigned char *data, size_t size,
		  enum archive_kind kind);

#endif /* AFALG_SCAN_CTX_H */
