// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* One file on disk: open it safely, decide what it is, hand it to its analyzer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "mapguard.h"
#include "scan_ctx.h"

static const unsigned char elf_magic[4] = {0x7f, 'E', 'L', 'F'};

bool scan_wants(const char *path, const unsigned char *head, size_t n)
{
	enum file_kind kind;

	if (n >= 4 && !memcmp(head, elf_magic, 4))
		return true;
	return script_candidate(path, head, n, &kind);
}

void scan_buffer(struct scan_ctx *ctx, const unsigned char *data, size_t size, bool file_mapping,
		 struct file_result *r)
{
	enum file_kind kind;

	if (size >= 4 && !memcmp(data, elf_magic, 4)) {
		ctx->elf_files++;
		elf_scan(ctx, data, size, file_mapping, r);
	} else if (script_candidate(r->path, data, size < 512 ? size : 512, &kind)) {
		script_scan(data, size, kind, r);
	}
}

/*
 * A mapped file that shrinks under us (truncated by someone else while we
 * read it) raises SIGBUS on the pages past its new end; mapguard.c turns
 * them into zero pages, and the file is reported as shrunk instead of
 * whatever was found in those zeros.
 */
void scan_install_sigbus_guard(void)
{
	mapguard_install();
}

/* scan_buffer on a file mapping; false if the file shrank meanwhile. */
static bool guarded_scan(struct scan_ctx *ctx, const struct mapping *m, struct file_result *r)
{
	scan_buffer(ctx, m->data, m->size, true, r);
	if (!mapguard_shrank(m->data))
		return true;
	r->cls = CLASS_NONE;
	r->direct = r->kcapi_imports = false;
	r->types = r->features = 0;
	r->runtime = NULL;
	result_trim(r);
	free(r->error); /* an error about the zeros would only mislead */
	r->error = NULL;
	result_set_error(r, "file shrank while being read");
	return false;
}

static void file_error(struct scan_ctx *ctx, const char *path, const char *why, int err)
{
	struct file_result *r = result_new(path, NULL);

	if (!r)
		return;
	if (err)
		result_set_error(r, "%s: %s", why, strerror(err));
	else
		result_set_error(r, "%s", why);
	scan_pkg_lookup(ctx, path, &r->package, &r->version, &r->source_package);
	ctx_submit(ctx, r);
}

static void scan_script_fd(struct scan_ctx *ctx, int fd, size_t size, struct file_result *r)
{
	size_t n = size < ctx->lim.max_script ? size : ctx->lim.max_script;
	unsigned char *buf = malloc(n ? n : 1);
	long got;

	if (!buf) {
		result_set_error(r, "out of memory reading %zu bytes", n);
		return;
	}
	got = read_at(fd, buf, n, 0);
	if (got < 0)
		result_set_error(r, "cannot read: %s", strerror((int)-got));
	else
		scan_buffer(ctx, buf, (size_t)got, false, r);
	free(buf);
}

void scan_path(struct scan_ctx *ctx, const char *path, const struct stat *lst)
{
	unsigned char head[512];
	struct stat st;
	const char *why;
	struct file_result *r;
	enum archive_kind ak;
	long n;
	int fd;

	ctx->files++;
	fd = open_regular(path, lst, &st, &why);
	if (fd < 0) {
		/* Not regular: skipped silently in walks (FIFOs, sockets, devices). */
		if (errno || strcmp(why, "not a regular file"))
			file_error(ctx, path, why, errno);
		return;
	}
	ctx->bytes += (uint64_t)st.st_size;
	n = st.st_size ? read_at(fd, head, sizeof(head), 0) : 0;
	if (n < 0) {
		file_error(ctx, path, "cannot read", (int)-n);
		close(fd);
		return;
	}
	ak = archive_detect(head, (size_t)n);
	if (ak != ARCHIVE_NONE || scan_wants(path, head, (size_t)n)) {
		struct mapping m;
		int err;

		if (ak == ARCHIVE_NONE && memcmp(head, elf_magic, 4)) {
			/* Scripts: bounded read, no mapping needed. */
			r = result_new(path, NULL);
			if (r) {
				r->dev = st.st_dev;
				r->ino = st.st_ino;
				scan_pkg_lookup(ctx, path, &r->package, &r->version, &r->source_package);
				scan_script_fd(ctx, fd, (size_t)st.st_size, r);
				ctx_submit(ctx, r);
			}
			close(fd);
			return;
		}
		err = map_file(fd, (size_t)st.st_size, &m);
		if (err) {
			file_error(ctx, path, "cannot map", -err);
		} else if (ak != ARCHIVE_NONE) {
			ctx->archives++;
			archive_scan(ctx, path, m.data, m.size, ak);
		} else if ((r = result_new(path, NULL))) {
			r->dev = st.st_dev;
			r->ino = st.st_ino;
			scan_pkg_lookup(ctx, path, &r->package, &r->version, &r->source_package);
			guarded_scan(ctx, &m, r);
			ctx_submit(ctx, r);
		}
		unmap_file(&m);
	}
	close(fd);
}
