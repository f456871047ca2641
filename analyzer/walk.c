// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "pkgdb.h"
#include "scan_ctx.h"
#include "strmap.h"
#include "walk.h"

int workq_init(struct work_queue *q, size_t cap)
{
	memset(q, 0, sizeof(*q));
	q->items = calloc(cap, sizeof(*q->items));
	if (!q->items)
		return -1;
	q->cap = cap;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return 0;
}

void workq_free(struct work_queue *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->items[(q->head + i) % q->cap].path);
	free(q->items);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

void workq_push(struct work_queue *q, char *path, const struct stat *st)
{
	pthread_mutex_lock(&q->lock);
	while (q->n == q->cap)
		pthread_cond_wait(&q->not_full, &q->lock);
	q->items[(q->head + q->n) % q->cap].path = path;
	q->items[(q->head + q->n) % q->cap].st = *st;
	q->n++;
	q->queued_files++;
	q->queued_bytes += (uint64_t)st->st_size;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

bool workq_pop(struct work_queue *q, struct work_item *out)
{
	pthread_mutex_lock(&q->lock);
	while (q->n == 0 && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->lock);
	if (q->n == 0) {
		pthread_mutex_unlock(&q->lock);
		return false;
	}
	*out = q->items[q->head];
	q->head = (q->head + 1) % q->cap;
	q->n--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return true;
}

void workq_close(struct work_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	q->walk_done = true;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

const char *walk_shard_key(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (!strncmp(path, root, n)) {
		path += n;
		while (*path == '/')
			path++;
		if (*path)
			return path;
	}
	/* The root itself (a file argument): its own name. */
	{
		const char *b = strrchr(root, '/');

		while (b && b[1] == '\0' && b > root) /* trailing slash */
			b = memrchr(root, '/', (size_t)(b - root));
		return b ? b + 1 : root;
	}
}

static void input_error(struct scan_ctx *ctx, const char *path, const char *what, int err)
{
	struct file_result *r = result_new(path, NULL);

	if (!r)
		return;
	result_set_error(r, "%s: %s", what, strerror(err));
	ctx_submit(ctx, r);
}

/* The same for what has no errno: "empty file, not a .deb archive". */
static void input_problem(struct scan_ctx *ctx, const char *path, const char *what)
{
	struct file_result *r = result_new(path, NULL);

	if (!r)
		return;
	result_set_error(r, "%s", what);
	ctx_submit(ctx, r);
}

/* The archive a name ends like (".deb", ".udeb", ".rpm"), else ARCHIVE_NONE. */
static enum archive_kind archive_suffix(const char *name, const char **dot)
{
	*dot = strrchr(name, '.');
	if (*dot && (!strcmp(*dot, ".deb") || !strcmp(*dot, ".udeb")))
		return ARCHIVE_DEB;
	if (*dot && !strcmp(*dot, ".rpm"))
		return ARCHIVE_RPM;
	return ARCHIVE_NONE;
}

/*
 * An input named on the command line like a package archive (.deb, .udeb,
 * .rpm; or a symlink to one) must be one: an empty or broken one would
 * otherwise be read as a plain file with nothing in it, and a gate would
 * pass on it.  False (reported) if it is not; a file that cannot be opened
 * is left to scan_path.
 */
static bool archive_as_named(struct scan_ctx *ctx, const char *name, const char *path,
			     const struct stat *st)
{
	const char *dot;
	unsigned char head[64];
	char msg[64];
	enum archive_kind want;
	struct stat fst;
	const char *why;
	long n;
	int fd;

	want = archive_suffix(name, &dot);
	if (want == ARCHIVE_NONE)
		want = archive_suffix(path, &dot);
	if (want == ARCHIVE_NONE)
		return true;
	fd = open_regular(path, st, &fst, &why);
	if (fd < 0)
		return true;
	n = fst.st_size ? read_at(fd, head, sizeof(head), 0) : 0;
	close(fd);
	if (n < 0 || archive_detect(head, (size_t)n) == want)
		return true;
	snprintf(msg, sizeof(msg), "%s, not a %s archive",
		 fst.st_size ? "no archive header" : "empty file", dot);
	input_problem(ctx, path, msg);
	return false;
}

static void enqueue_key(struct work_queue *q, const char *key, const char *path,
			const struct stat *st, const struct walk_opts *o)
{
	char *copy;

	if (o->shard_count > 1 && !shard_selects(key, o->shard_index, o->shard_count))
		return;
	if ((copy = strdup(path)))
		workq_push(q, copy, st);
}

static void enqueue(struct work_queue *q, const char *root, const char *path, const struct stat *st,
		    const struct walk_opts *o)
{
	enqueue_key(q, walk_shard_key(root, path), path, st, o);
}

bool walk_input(struct scan_ctx *ctx, struct work_queue *q, const char *input,
		const struct walk_opts *o)
{
	char *roots[2] = {(char *)input, NULL};
	bool ok = true;
	FTSENT *e;
	/* Physical walk; only a symlink named on the command line is followed. */
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, NULL);

	if (!fts) {
		input_error(ctx, input, "cannot walk", errno);
		return false;
	}
	while ((e = fts_read(fts))) {
		switch (e->fts_info) {
		case FTS_F:
			if (e->fts_level == 0) {
				/* A command-line symlink to a file: scan the file it names. */
				struct stat lst;
				char *real = realpath(e->fts_path, NULL);

				if (real && lstat(real, &lst) == 0) {
					if (archive_as_named(ctx, input, real, &lst))
						enqueue(q, input, real, &lst, o);
					else
						ok = false;
				}
				free(real);
				break;
			}
			enqueue(q, input, e->fts_path, e->fts_statp, o);
			break;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			if (e->fts_level == 0)
				ok = false;
			input_error(ctx, e->fts_path,
				    e->fts_info == FTS_DNR ? "cannot read directory"
							   : "cannot stat",
				    e->fts_errno);
			break;
		case FTS_SLNONE:
			/* Named on the command line, yet nothing there to read. */
			if (e->fts_level == 0) {
				struct stat st;

				ok = false;
				input_error(ctx, e->fts_path, "cannot stat",
					    stat(e->fts_path, &st) < 0 ? errno : ENOENT);
			}
			break;
		case FTS_DEFAULT:
			if (e->fts_level == 0) {
				ok = false;
				input_problem(ctx, e->fts_path,
					      "not a regular file or directory (nothing read)");
			}
			break;
		default:
			/* Directories, symlinks (never followed), FIFOs, devices, sockets. */
			break;
		}
	}
	fts_close(fts);
	return ok;
}

void walk_installed(struct scan_ctx *ctx, struct work_queue *q, const struct pkgdb *db,
		    const struct walk_opts *o)
{
	static const char *const extra[] = {"/usr/local", "/opt"};
	struct strmap seen;
	char key[64];

	strmap_init(&seen);
	for (size_t i = 0; i < pkgdb_path_count(db); i++) {
		const char *p = pkgdb_path(db, i), *disk = p;
		char *k, *inroot = NULL;
		struct stat st;

		/* Below --root, symlinks on the way (/lib → usr/lib) stay inside it. */
		if (ctx->root[0] &&
		    !(disk = inroot = path_in_root(ctx->rootfd, ctx->root, p, false)))
			continue;
		if (lstat(disk, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(inroot);
			continue; /* directories, links, diverted or removed files */
		}
		/* The same file under its /usr-merged and legacy names: scan it once. */
		snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st.st_dev,
			 (unsigned long long)st.st_ino);
		if (strmap_get(&seen, key) || !(k = strdup(key))) {
			free(inroot);
			continue;
		}
		if (!strmap_put(&seen, k, k))
			free(k);
		else /* shard by the path as installed, whatever the root */
			enqueue_key(q, walk_shard_key("", p), disk, &st, o);
		free(inroot);
	}
	for (size_t i = 0; i < seen.cap; i++)
		free((char *)seen.slots[i].key);
	strmap_free(&seen);
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		char *dir = ctx->root[0] ? path_in_root(ctx->rootfd, ctx->root, extra[i], true)
					 : strdup(extra[i]);
		struct stat st;

		if (dir && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			walk_input(ctx, q, dir, o);
		free(dir);
	}
}
