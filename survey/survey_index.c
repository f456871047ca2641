// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A repository's indexes, fetched and verified: survey_index.h. */
#include "survey_index.h"

#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "fetch.h"
#include "survey_state.h"

/* An InRelease of Debian's main archive is ~150 KiB. */
#define RELEASE_MAX (64ull << 20)
/* Decompressed Packages of one component and architecture (bookworm main amd64: ~45 MiB). */
#define PACKAGES_MAX (1024ull << 20)
#define GPGV "/usr/bin/gpgv"

/* A fetched file in a part file of the state directory, removed by part_drop. */
struct part {
	int fd;
	char *name;
};

static void part_drop(struct survey_state *st, struct part *p)
{
	if (p->fd >= 0) {
		close(p->fd);
		unlinkat(st->dirfd, p->name, 0);
	}
	free(p->name);
	p->fd = -1;
	p->name = NULL;
}

static enum fetch_result get(struct fetcher *f, struct survey_state *st, const char *rel,
			     uint64_t max, struct part *p, struct fetch_info *info)
{
	enum fetch_result r;

	p->fd = state_part(st->dirfd, &p->name);
	if (p->fd < 0) {
		snprintf(info->why, sizeof(info->why), "cannot create a file in %s: %s", st->path,
			 strerror(errno));
		return FETCH_LOCAL_ERR;
	}
	r = fetcher_get(f, rel, p->fd, max, info);
	if (r != FETCH_OK)
		part_drop(st, p);
	return r;
}

/* The whole of fd (at most max bytes), NUL-terminated. */
static char *slurp(int fd, uint64_t max, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b = malloc(cap + 1);

	while (b) {
		ssize_t r;
		if (n == cap) {
			char *t;
			if (cap >= max) {
				free(b);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			t = realloc(b, cap + 1);
			if (!t) {
				free(b);
				return NULL;
			}
			b = t;
		}
		r = pread(fd, b + n, cap - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return NULL;
		}
		if (r == 0) {
			b[n] = '\0';
			*len = n;
			return b;
		}
		n += (size_t)r;
	}
	return NULL;
}

/*
 * Run gpgv on the signed file (and its detached signature): 0 when the
 * signature is good and made by a key of the keyring.  With out_fd >= 0
 * (InRelease), gpgv writes the signed text there: what is parsed is what
 * was verified, not our own reading of the armor.
 */
static int run_gpgv(struct survey_state *st, const char *keyring, const char *sig_name,
		    const char *data_name, int out_fd, char *why, size_t whysz)
{
	char *home = NULL, *sig = NULL, *data = NULL;
	struct part err = {-1, NULL};
	pid_t pid;
	int status = 0, rc = -1;

	if (access(GPGV, X_OK) < 0) {
		snprintf(why, whysz,
			 "cannot verify the signature: %s not found (apt-get install gpgv)", GPGV);
		return -1;
	}
	int gfd = openat(st->dirfd, "gnupg", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (gfd < 0 && mkdirat(st->dirfd, "gnupg", 0700) == 0)
		gfd = openat(st->dirfd, "gnupg", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (gfd >= 0)
		close(gfd);
	err.fd = state_part(st->dirfd, &err.name);
	if (err.fd < 0 || asprintf(&home, "%s/gnupg", st->path) < 0 ||
	    asprintf(&sig, "%s/%s", st->path, sig_name) < 0 ||
	    (data_name && asprintf(&data, "%s/%s", st->path, data_name) < 0)) {
		snprintf(why, whysz, "cannot run gpgv: %s", strerror(errno ? errno : ENOMEM));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, whysz, "cannot run gpgv: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		const char *argv[12];
		int a = 0;
		int null = open("/dev/null", O_RDWR);
		argv[a++] = "gpgv";
		argv[a++] = "--homedir";
		argv[a++] = home;
		argv[a++] = "--keyring";
		argv[a++] = keyring;
		if (out_fd >= 0) {
			argv[a++] = "--output";
			argv[a++] = "-";
		}
		argv[a++] = sig;
		if (data)
			argv[a++] = data;
		argv[a] = NULL;
		dup2(null, 0);
		dup2(out_fd >= 0 ? out_fd : null, 1);
		dup2(err.fd, 2);
		execv(GPGV, (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, whysz, "cannot wait for gpgv: %s", strerror(errno));
			goto out;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
		goto out;
	}
	{
		/* gpgv's last line says why ("BAD signature", "No public key"). */
		size_t n = 0;
		char *text = slurp(err.fd, 1 << 20, &n), *last = NULL;
		for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
			last = line;
		snprintf(why, whysz, "signature not valid for --keyring %s (gpgv: %s)", keyring,
			 last ? last : "exit status not 0");
		for (char *c = why; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = ' ';
		free(text);
	}
out:
	part_drop(st, &err);
	free(home);
	free(sig);
	free(data);
	return rc;
}

/* Valid-Until in the past: the index may be a replay of an old, vulnerable one. */
static bool expired(const char *valid_until, time_t now)
{
	struct tm tm = {0};
	const char *end;

	if (!valid_until)
		return false;
	end = strptime(valid_until, "%a, %d %b %Y %H:%M:%S", &tm);
	if (!end)
		return true; /* unreadable: treated as expired, as apt does */
	return timegm(&tm) < now;
}

static int load_release(struct fetcher *f, struct survey_state *st, const struct index_opts *o,
			struct index_result *out, char *what, size_t whatsz, char *why,
			size_t whysz)
{
	struct part rel = {-1, NULL}, sig = {-1, NULL}, text = {-1, NULL};
	struct fetch_info info;
	char path[512];
	char *buf = NULL, *body = NULL;
	size_t len = 0, blen = 0;
	int rc = -1;
	enum fetch_result r;

	snprintf(path, sizeof(path), "dists/%s/InRelease", o->suite);
	snprintf(what, whatsz, "%s", path);
	r = get(f, st, path, RELEASE_MAX, &rel, &info);
	if (r == FETCH_OK) {
		out->signed_file = "InRelease";
		if (o->keyring) {
			text.fd = state_part(st->dirfd, &text.name);
			if (text.fd < 0) {
				snprintf(why, whysz, "cannot create a file: %s", strerror(errno));
				goto out;
			}
			if (run_gpgv(st, o->keyring, rel.name, NULL, text.fd, why, whysz))
				goto out;
			buf = slurp(text.fd, RELEASE_MAX, &len);
			body = buf;
			blen = len;
		} else {
			buf = slurp(rel.fd, RELEASE_MAX, &len);
			if (buf && clearsign_body(buf, len, &body, &blen)) {
				snprintf(why, whysz, "not a clearsigned message");
				goto out;
			}
		}
	} else if (r == FETCH_MISSING) {
		snprintf(path, sizeof(path), "dists/%s/Release", o->suite);
		snprintf(what, whatsz, "%s", path);
		r = get(f, st, path, RELEASE_MAX, &rel, &info);
		if (r != FETCH_OK) {
			snprintf(why, whysz, "neither InRelease nor Release: %s", info.why);
			goto out;
		}
		out->signed_file = "Release";
		if (o->keyring) {
			snprintf(path, sizeof(path), "dists/%s/Release.gpg", o->suite);
			r = get(f, st, path, 1 << 20, &sig, &info);
			if (r != FETCH_OK) {
				snprintf(what, whatsz, "%s", path);
				snprintf(why, whysz, "no signature to check against --keyring: %s",
					 info.why);
				goto out;
			}
			if (run_gpgv(st, o->keyring, sig.name, rel.name, -1, why, whysz))
				goto out;
		}
		buf = slurp(rel.fd, RELEASE_MAX, &len);
		body = buf;
		blen = len;
	} else {
		snprintf(why, whysz, "%s", info.why);
		goto out;
	}
	if (!buf || !body) {
		snprintf(why, whysz, "cannot read it back: %s", strerror(errno));
		goto out;
	}
	if (release_parse(body, blen, &out->release, why, whysz))
		goto out;
	if (expired(out->release.valid_until, time(NULL))) {
		snprintf(why, whysz,
			 "expired (Valid-Until: %s): refusing an index that may be a replay",
			 out->release.valid_until);
		goto out;
	}
	out->signature = o->keyring ? "verified" : "unverified";
	rc = 0;
out:
	if (body != buf)
		free(body);
	free(buf);
	part_drop(st, &rel);
	part_drop(st, &sig);
	part_drop(st, &text);
	return rc;
}

/* Decompress (xz, gzip, or none) fd's contents, at most PACKAGES_MAX bytes. */
static char *decompress(int fd, size_t *len, char *why, size_t whysz)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t cap = 1 << 20, n = 0;
	char *b = NULL;

	if (!a || lseek(fd, 0, SEEK_SET) < 0) {
		snprintf(why, whysz, "out of memory");
		goto fail;
	}
	archive_read_support_filter_xz(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_fd(a, fd, 65536) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK) {
		snprintf(why, whysz, "cannot decompress: %s", archive_error_string(a));
		goto fail;
	}
	b = malloc(cap + 1);
	for (;;) {
		la_ssize_t r;
		if (!b) {
			snprintf(why, whysz, "out of memory");
			goto fail;
		}
		if (n == cap) {
			char *t;
			if (cap >= PACKAGES_MAX) {
				snprintf(why, whysz, "over %llu bytes decompressed",
					 (unsigned long long)PACKAGES_MAX);
				goto fail;
			}
			cap *= 2;
			t = realloc(b, cap + 1);
			if (!t) {
				free(b);
				b = NULL;
				continue;
			}
			b = t;
		}
		r = archive_read_data(a, b + n, cap - n);
		if (r < 0) {
			snprintf(why, whysz, "cannot decompress: %s", archive_error_string(a));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*len = n;
	archive_read_free(a);
	return b;
fail:
	free(b);
	if (a)
		archive_read_free(a);
	return NULL;
}

struct warn_ctx {
	const char *what;
	bool quiet;
};

static void warn_stanza(void *arg, const char *why)
{
	struct warn_ctx *w = arg;

	if (!w->quiet)
		afalg_warn(w->what, "left out: %s", why);
}

static int load_packages(struct fetcher *f, struct survey_state *st, const struct index_opts *o,
			 const char *comp, const char *arch, struct index_result *out, char *what,
			 size_t whatsz, char *why, size_t whysz)
{
	static const char *const ext[] = {".xz", ".gz", ""};
	const struct release_file *rf = NULL;
	char rel[512], full[640];
	struct part p = {-1, NULL};
	struct fetch_info info;
	unsigned char sha[DEBINDEX_SHA256_LEN];
	char *buf = NULL, **t;
	size_t len = 0;
	int rc = -1;

	for (size_t i = 0; i < 3 && !rf; i++) {
		snprintf(rel, sizeof(rel), "%s/binary-%s/Packages%s", comp, arch, ext[i]);
		rf = release_find(&out->release, rel);
	}
	snprintf(what, whatsz, "dists/%s/%s/binary-%s/Packages", o->suite, comp, arch);
	if (!rf) {
		snprintf(why, whysz,
			 "the Release file lists no Packages file for component %s, "
			 "architecture %s",
			 comp, arch);
		return -1;
	}
	snprintf(full, sizeof(full), "dists/%s/%s", o->suite, rf->path);
	snprintf(what, whatsz, "%s", full);
	if (get(f, st, full, rf->size, &p, &info) != FETCH_OK) {
		snprintf(why, whysz, "%s", info.why);
		return -1;
	}
	memcpy(sha, info.sha256, sizeof(sha));
	if (info.size != rf->size || memcmp(sha, rf->sha256, sizeof(sha))) {
		snprintf(why, whysz,
			 "size or SHA-256 not the one the Release file gives: "
			 "refused (a stale mirror, or tampered with)");
		goto out;
	}
	buf = decompress(p.fd, &len, why, whysz);
	if (!buf)
		goto out;
	{
		struct warn_ctx w = {what, o->quiet};
		if (packages_parse(buf, len, comp, &out->pkgs, warn_stanza, &w)) {
			snprintf(why, whysz, "out of memory");
			goto out;
		}
	}
	t = realloc(out->index_files, (out->nindex_files + 1) * sizeof(*t));
	if (!t || !(t[out->nindex_files] = strdup(rf->path))) {
		if (t)
			out->index_files = t;
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	out->index_files = t;
	out->nindex_files++;
	rc = 0;
out:
	free(buf);
	part_drop(st, &p);
	return rc;
}

int survey_index_load(struct fetcher *f, struct survey_state *st, const struct index_opts *o,
		      struct index_result *out)
{
	char what[700], why[512];

	memset(out, 0, sizeof(*out));
	if (load_release(f, st, o, out, what, sizeof(what), why, sizeof(why)))
		goto fail;
	for (unsigned c = 0; c < o->ncomponents; c++)
		for (unsigned a = 0; a < o->narchs; a++)
			if (load_packages(f, st, o, o->components[c], o->archs[a], out, what,
					  sizeof(what), why, sizeof(why)))
				goto fail;
	if (pkg_index_finish(&out->pkgs)) {
		snprintf(what, sizeof(what), "survey");
		snprintf(why, sizeof(why), "out of memory");
		goto fail;
	}
	return 0;
fail:
	/* The file as the user can look at it: below the directory, or the URL. */
	if (strcmp(what, "survey")) {
		char full[1400];
		snprintf(full, sizeof(full), "%s/%s", fetcher_base(f), what);
		afalg_err(full, "%s", why);
	} else {
		afalg_err(what, "%s", why);
	}
	return -1;
}

void survey_index_free(struct index_result *r)
{
	release_free(&r->release);
	pkg_index_free(&r->pkgs);
	for (unsigned i = 0; i < r->nindex_files; i++)
		free(r->index_files[i]);
	free(r->index_files);
	memset(r, 0, sizeof(*r));
}
