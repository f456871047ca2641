// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A repository's files into our own descriptors: fetch.h.  Local mirrors
 * are read with afalg_open_ro (never a FIFO or device, final component not
 * a symlink); remote ones with libcurl, restricted to http and https (also
 * on redirects), with connect and stall timeouts so a silent server cannot
 * hold the survey.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "safeopen.h"

#define FETCH_CONNECT_TIMEOUT_S 30L
/* A transfer slower than 1 byte/s for this long has stalled. */
#define FETCH_STALL_S 60L
#define FETCH_MAX_REDIRECTS 5L
#define FETCH_CHUNK 65536

struct fetcher {
	char *base; /* directory, or URL without a trailing '/' */
	bool remote;
	unsigned retries;
	CURL *curl;
};

/* The libcurl functions used, from the library loaded at the first remote fetch. */
static struct {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *c);
	void (*easy_reset)(CURL *c);
	CURLcode (*easy_setopt)(CURL *c, CURLoption o, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO i, ...);
	const char *(*easy_strerror)(CURLcode e);
} cu;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static const char *curl_load_err; /* NULL: loaded and initialised */

static void curl_load_once(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		curl_load_err = "libcurl.so.4 is not installed (apt-get install libcurl4)";
		return;
	}
	*(void **)&cu.global_init = dlsym(h, "curl_global_init");
	*(void **)&cu.easy_init = dlsym(h, "curl_easy_init");
	*(void **)&cu.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&cu.easy_reset = dlsym(h, "curl_easy_reset");
	*(void **)&cu.easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&cu.easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&cu.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&cu.easy_strerror = dlsym(h, "curl_easy_strerror");
	if (!cu.global_init || !cu.easy_init || !cu.easy_cleanup || !cu.easy_reset ||
	    !cu.easy_setopt || !cu.easy_perform || !cu.easy_getinfo || !cu.easy_strerror) {
		curl_load_err = "libcurl.so.4 lacks a function this build uses";
		return;
	}
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		curl_load_err = "libcurl cannot start";
	/* h stays loaded for the life of the process, as libcurl's global state must. */
}

struct fetcher *fetcher_new(const char *repo, unsigned retries, char *why, size_t whysz)
{
	struct fetcher *f = calloc(1, sizeof(*f));
	size_t n;

	if (!f) {
		snprintf(why, whysz, "out of memory");
		return NULL;
	}
	f->retries = retries;
	if (!strncmp(repo, "http://", 7) || !strncmp(repo, "https://", 8)) {
		f->remote = true;
		pthread_once(&curl_once, curl_load_once);
		if (curl_load_err || !(f->curl = cu.easy_init())) {
			snprintf(why, whysz, "%s",
				 curl_load_err ? curl_load_err : "libcurl cannot start");
			free(f);
			return NULL;
		}
	} else if (!strncmp(repo, "file://", 7)) {
		repo += 7;
		if (repo[0] != '/') {
			snprintf(why, whysz, "a file:// URL needs an absolute path (file:///dir)");
			free(f);
			return NULL;
		}
	} else if (strstr(repo, "://")) {
		snprintf(why, whysz,
			 "only http://, https://, file:// and directories are repositories");
		free(f);
		return NULL;
	}
	f->base = strdup(repo);
	if (!f->base) {
		snprintf(why, whysz, "out of memory");
		fetcher_free(f);
		return NULL;
	}
	n = strlen(f->base);
	while (n > 1 && f->base[n - 1] == '/')
		f->base[--n] = '\0';
	return f;
}

void fetcher_free(struct fetcher *f)
{
	if (!f)
		return;
	if (f->curl)
		cu.easy_cleanup(f->curl);
	free(f->base);
	free(f);
}

bool fetcher_is_remote(const struct fetcher *f)
{
	return f->remote;
}

const char *fetcher_base(const struct fetcher *f)
{
	return f->base;
}

void fetch_hex(const unsigned char sha256[DEBINDEX_SHA256_LEN],
	       char out[2 * DEBINDEX_SHA256_LEN + 1])
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < DEBINDEX_SHA256_LEN; i++) {
		out[2 * i] = d[sha256[i] >> 4];
		out[2 * i + 1] = d[sha256[i] & 15];
	}
	out[2 * DEBINDEX_SHA256_LEN] = '\0';
}

/* What one attempt writes: the descriptor, the running hash, the bound. */
struct sink {
	int fd;
	EVP_MD_CTX *md;
	uint64_t n, max;
	bool too_big, write_err;
	int err;
};

static bool sink_reset(struct sink *s)
{
	s->n = 0;
	s->too_big = s->write_err = false;
	if (ftruncate(s->fd, 0) || lseek(s->fd, 0, SEEK_SET) < 0) {
		s->write_err = true;
		s->err = errno;
		return false;
	}
	return EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) == 1;
}

static bool sink_put(struct sink *s, const void *buf, size_t len)
{
	const char *p = buf;

	if (s->max && s->n + len > s->max) {
		s->too_big = true;
		return false;
	}
	if (EVP_DigestUpdate(s->md, buf, len) != 1) {
		s->write_err = true;
		s->err = ENOMEM;
		return false;
	}
	while (len) {
		ssize_t w = write(s->fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			s->write_err = true;
			s->err = errno;
			return false;
		}
		p += w;
		len -= (size_t)w;
		s->n += (uint64_t)w;
	}
	return true;
}

static bool sink_done(struct sink *s, struct fetch_info *info)
{
	unsigned int l = 0;

	info->size = s->n;
	return EVP_DigestFinal_ex(s->md, info->sha256, &l) == 1 && l == DEBINDEX_SHA256_LEN;
}

int fetch_hash_fd(int fd, unsigned char sha256[DEBINDEX_SHA256_LEN], uint64_t *size)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	char *buf = malloc(FETCH_CHUNK);
	uint64_t n = 0;
	off_t off = 0;
	unsigned int l = 0;
	int rc = -1;

	if (!md || !buf || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		errno = ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r = pread(fd, buf, FETCH_CHUNK, off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		if (EVP_DigestUpdate(md, buf, (size_t)r) != 1) {
			errno = ENOMEM;
			goto out;
		}
		off += r;
		n += (uint64_t)r;
	}
	if (EVP_DigestFinal_ex(md, sha256, &l) != 1 || l != DEBINDEX_SHA256_LEN) {
		errno = EIO;
		goto out;
	}
	*size = n;
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

/* ---- local mirror ---- */

static enum fetch_result get_local(struct fetcher *f, const char *rel, struct sink *s,
				   struct fetch_info *info)
{
	char *path = NULL;
	const char *why = NULL;
	struct stat st;
	char *buf;
	int fd;
	enum fetch_result res = FETCH_OK;

	info->attempts = 1;
	if (asprintf(&path, "%s/%s", f->base, rel) < 0) {
		snprintf(info->why, sizeof(info->why), "out of memory");
		return FETCH_LOCAL_ERR;
	}
	fd = afalg_open_ro(AT_FDCWD, path, AFALG_RO_NOFOLLOW, 0, &st, &why);
	free(path);
	if (fd < 0) {
		int e = errno;
		if (why && !strcmp(why, "cannot open") && e == ENOENT) {
			snprintf(info->why, sizeof(info->why), "not in the repository");
			return FETCH_MISSING;
		}
		snprintf(info->why, sizeof(info->why), "%s%s%s", why ? why : "cannot open",
			 why && !strcmp(why, "cannot open") ? ": " : "",
			 why && !strcmp(why, "cannot open") ? strerror(e) : "");
		return FETCH_FAILED;
	}
	if (s->max && (uint64_t)st.st_size > s->max) {
		close(fd);
		snprintf(info->why, sizeof(info->why), "%lld bytes, over the bound of %llu",
			 (long long)st.st_size, (unsigned long long)s->max);
		return FETCH_TOO_BIG;
	}
	buf = malloc(FETCH_CHUNK);
	if (!buf || !sink_reset(s)) {
		free(buf);
		close(fd);
		snprintf(info->why, sizeof(info->why), "cannot write the temporary file: %s",
			 strerror(s->err ? s->err : ENOMEM));
		return FETCH_LOCAL_ERR;
	}
	for (;;) {
		ssize_t r = read(fd, buf, FETCH_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(info->why, sizeof(info->why), "read error: %s", strerror(errno));
			res = FETCH_FAILED;
			break;
		}
		if (r == 0)
			break;
		if (!sink_put(s, buf, (size_t)r)) {
			if (s->too_big) {
				snprintf(info->why, sizeof(info->why),
					 "grew over the bound of %llu bytes",
					 (unsigned long long)s->max);
				res = FETCH_TOO_BIG;
			} else {
				snprintf(info->why, sizeof(info->why),
					 "cannot write the temporary file: %s", strerror(s->err));
				res = FETCH_LOCAL_ERR;
			}
			break;
		}
	}
	free(buf);
	close(fd);
	if (res == FETCH_OK && !sink_done(s, info)) {
		snprintf(info->why, sizeof(info->why), "SHA-256 failed");
		res = FETCH_LOCAL_ERR;
	}
	return res;
}

/* ---- http(s) ---- */

static size_t curl_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t len = size * nmemb;

	return sink_put(s, ptr, len) ? len : 0; /* 0: libcurl stops with CURLE_WRITE_ERROR */
}

static bool transient_http(long code)
{
	return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

static bool transient_curl(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

static void sleep_s(unsigned s)
{
	struct timespec ts = {.tv_sec = s};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * base/rel as a URL: rel is a file path (debindex_valid_relpath: letters,
 * digits, "._+~%-/"), so of its bytes only '%' must be escaped (a local
 * pool's "2%3a2.6.1" is the file name, not an escaped ':').
 */
static char *url_of(const char *base, const char *rel)
{
	size_t n = strlen(base), extra = 0;
	char *u, *o;

	for (const char *p = rel; *p; p++)
		extra += *p == '%' ? 2 : 0;
	u = malloc(n + 1 + strlen(rel) + extra + 1);
	if (!u)
		return NULL;
	memcpy(u, base, n);
	o = u + n;
	*o++ = '/';
	for (const char *p = rel; *p; p++) {
		if (*p == '%') {
			memcpy(o, "%25", 3);
			o += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return u;
}

static enum fetch_result get_remote(struct fetcher *f, const char *rel, struct sink *s,
				    struct fetch_info *info)
{
	char *url = NULL;
	enum fetch_result res = FETCH_FAILED;
	CURL *c = f->curl;

	url = url_of(f->base, rel);
	if (!url) {
		snprintf(info->why, sizeof(info->why), "out of memory");
		return FETCH_LOCAL_ERR;
	}
	for (info->attempts = 1;; info->attempts++) {
		char errbuf[CURL_ERROR_SIZE] = "";
		long code = 0;
		CURLcode cc;
		bool again;

		if (!sink_reset(s)) {
			snprintf(info->why, sizeof(info->why),
				 "cannot write the temporary file: %s", strerror(s->err));
			res = FETCH_LOCAL_ERR;
			break;
		}
		cu.easy_reset(c);
		cu.easy_setopt(c, CURLOPT_URL, url);
		cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		cu.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		cu.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		cu.easy_setopt(c, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRECTS);
		cu.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, FETCH_CONNECT_TIMEOUT_S);
		cu.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
		cu.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, FETCH_STALL_S);
		cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		cu.easy_setopt(c, CURLOPT_USERAGENT, "afalg-audit-survey/" AFALG_VERSION);
		cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, curl_write);
		cu.easy_setopt(c, CURLOPT_WRITEDATA, s);
		cu.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
		/* Packages and .debs are compressed already: ask for no transfer encoding. */
		cu.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, (char *)NULL);
		cc = cu.easy_perform(c);
		cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (cc == CURLE_OK && code >= 200 && code < 300) {
			if (!sink_done(s, info)) {
				snprintf(info->why, sizeof(info->why), "SHA-256 failed");
				res = FETCH_LOCAL_ERR;
			} else {
				res = FETCH_OK;
			}
			break;
		}
		if (s->too_big) {
			snprintf(info->why, sizeof(info->why), "over the bound of %llu bytes",
				 (unsigned long long)s->max);
			res = FETCH_TOO_BIG;
			break;
		}
		if (s->write_err) {
			snprintf(info->why, sizeof(info->why),
				 "cannot write the temporary file: %s", strerror(s->err));
			res = FETCH_LOCAL_ERR;
			break;
		}
		if (cc == CURLE_OK) {
			snprintf(info->why, sizeof(info->why), "HTTP %ld", code);
			if (code == 404 || code == 410) {
				res = FETCH_MISSING;
				break;
			}
			again = transient_http(code);
		} else {
			snprintf(info->why, sizeof(info->why), "%s",
				 errbuf[0] ? errbuf : cu.easy_strerror(cc));
			again = transient_curl(cc);
		}
		res = FETCH_FAILED;
		if (!again || info->attempts > f->retries)
			break;
		sleep_s(1u << (info->attempts - 1 < 6 ? info->attempts - 1 : 6));
	}
	free(url);
	return res;
}

enum fetch_result fetcher_get(struct fetcher *f, const char *rel, int fd, uint64_t max,
			      struct fetch_info *info)
{
	struct sink s = {.fd = fd, .max = max, .md = EVP_MD_CTX_new()};
	enum fetch_result res;

	memset(info, 0, sizeof(*info));
	if (!s.md) {
		snprintf(info->why, sizeof(info->why), "out of memory");
		return FETCH_LOCAL_ERR;
	}
	res = f->remote ? get_remote(f, rel, &s, info) : get_local(f, rel, &s, info);
	EVP_MD_CTX_free(s.md);
	return res;
}
