// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * trace --listen: /metrics over HTTP (metrics_http.h).  libmicrohttpd (and
 * the TLS library it links) is loaded with dlopen when --listen is given:
 * a tracer without it maps no network server library, and its memory stays
 * what host/trace-storm bounds.
 */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metrics_http {
	struct MHD_Daemon *d;
	pthread_mutex_t lock;
	char *text; /* what /metrics serves */
	size_t len;
	unsigned port;
};

/* The libmicrohttpd functions used, loaded once (metrics_http_start). */
static struct {
	struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
					   MHD_AcceptPolicyCallback apc, void *apc_cls,
					   MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop_daemon)(struct MHD_Daemon *d);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *d,
						       enum MHD_DaemonInfoType t, ...);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
							    enum MHD_ResponseMemoryMode mode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *h,
					       const char *v);
	enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status,
					  struct MHD_Response *r);
	void (*destroy_response)(struct MHD_Response *r);
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static const char *mhd_err; /* NULL: loaded */

static void mhd_load(void)
{
	void *h = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		mhd_err = "libmicrohttpd.so.12 is not installed (apt-get install libmicrohttpd12)";
		return;
	}
	*(void **)&mhd.start_daemon = dlsym(h, "MHD_start_daemon");
	*(void **)&mhd.stop_daemon = dlsym(h, "MHD_stop_daemon");
	*(void **)&mhd.get_daemon_info = dlsym(h, "MHD_get_daemon_info");
	*(void **)&mhd.create_response_from_buffer = dlsym(h, "MHD_create_response_from_buffer");
	*(void **)&mhd.add_response_header = dlsym(h, "MHD_add_response_header");
	*(void **)&mhd.queue_response = dlsym(h, "MHD_queue_response");
	*(void **)&mhd.destroy_response = dlsym(h, "MHD_destroy_response");
	if (!mhd.start_daemon || !mhd.stop_daemon || !mhd.get_daemon_info ||
	    !mhd.create_response_from_buffer || !mhd.add_response_header || !mhd.queue_response ||
	    !mhd.destroy_response)
		mhd_err = "libmicrohttpd.so.12 lacks a function this build uses";
	/* h stays loaded: the daemon's thread runs its code until the end. */
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body,
			     size_t len, const char *type)
{
	struct MHD_Response *r =
		mhd.create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static const char nf[] = "afalg-audit: only /metrics is served here\n";
	static const char na[] = "afalg-audit: GET or HEAD only\n";
	struct metrics_http *h = cls;
	enum MHD_Result ret;

	(void)version;
	(void)upload_data;
	if (!*con_cls) {
		/* First call for this request: headers only; answer on the next. */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0; /* a body is never read */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, na, sizeof(na) - 1, "text/plain");
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, nf, sizeof(nf) - 1, "text/plain");
	pthread_mutex_lock(&h->lock);
	ret = reply(c, MHD_HTTP_OK, h->text ? h->text : "", h->text ? h->len : 0, CONTENT_TYPE);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

/* "A.B.C.D:PORT" or "[V6]:PORT" into ss; false: not one. */
static bool parse_addr(const char *addr, struct sockaddr_storage *ss, socklen_t *sl)
{
	char host[64];
	const char *colon, *h = addr;
	size_t hl;
	char *end;
	unsigned long port;

	if (addr[0] == '[') {
		const char *rb = strchr(addr, ']');
		if (!rb || rb[1] != ':')
			return false;
		h = addr + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(addr, ':');
		if (!colon)
			return false;
		hl = (size_t)(colon - addr);
	}
	if (hl == 0 || hl >= sizeof(host))
		return false;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port > 65535)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (addr[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sl = sizeof(*s6);
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	*sl = sizeof(*s4);
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1;
}

struct metrics_http *metrics_http_start(const char *addr, char *why, size_t whysz)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct metrics_http *h;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;

	if (!parse_addr(addr, &ss, &sl)) {
		snprintf(why, whysz, "--listen '%s': not ADDRESS:PORT (127.0.0.1:9468, [::1]:9468)",
			 addr);
		return NULL;
	}
	pthread_once(&mhd_once, mhd_load);
	if (mhd_err) {
		snprintf(why, whysz, "--listen: %s", mhd_err);
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(why, whysz, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&h->lock, NULL);
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	errno = 0;
	h->d = mhd.start_daemon(flags, 0, NULL, NULL, handle, h, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned)METRICS_HTTP_MAX_CONN, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				(unsigned)METRICS_HTTP_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)METRICS_HTTP_TIMEOUT_S, MHD_OPTION_END);
	if (!h->d) {
		snprintf(why, whysz, "--listen %s: cannot listen there%s%s", addr,
			 errno ? ": " : "", errno ? strerror(errno) : "");
		pthread_mutex_destroy(&h->lock);
		free(h);
		return NULL;
	}
	info = mhd.get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	return h;
}

unsigned metrics_http_port(const struct metrics_http *h)
{
	return h->port;
}

int metrics_http_publish(struct metrics_http *h, const char *text, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	pthread_mutex_lock(&h->lock);
	free(h->text);
	h->text = copy;
	h->len = len;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void metrics_http_stop(struct metrics_http *h)
{
	if (!h)
		return;
	mhd.stop_daemon(h->d);
	pthread_mutex_destroy(&h->lock);
	free(h->text);
	free(h);
}
