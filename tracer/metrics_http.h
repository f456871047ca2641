/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * trace --listen ADDR (issue #19): the --metrics exposition served over HTTP
 * for setups without node_exporter, by libmicrohttpd in a thread of its own.
 * Off by default.  Serves GET (and HEAD) /metrics and nothing else: 404 for
 * any other path, 405 for any other method, no request body read.  At most
 * METRICS_HTTP_MAX_CONN connections (METRICS_HTTP_PER_IP from one address),
 * each closed after METRICS_HTTP_TIMEOUT_S idle seconds, so a scraper that
 * hangs, or a flood, costs a bounded number of descriptors and never the
 * tracing.  No TLS and no authentication: bind it to the loopback or a
 * management network (docs/metrics.md).  The body is the text the tracer
 * last published (at every --state-interval), copied under a lock.
 */
#ifndef AFALG_METRICS_HTTP_H
#define AFALG_METRICS_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define METRICS_HTTP_MAX_CONN 16
#define METRICS_HTTP_PER_IP 4
#define METRICS_HTTP_TIMEOUT_S 10

struct metrics_http;

/*
 * Parse addr ("127.0.0.1:9468", "[::1]:9468", "localhost" is not taken: an
 * address, not a name) and start serving.  NULL with why filled on error.
 */
struct metrics_http *metrics_http_start(const char *addr, char *why, size_t whysz);
/* The port it listens on (the one given, or the kernel's choice for port 0). */
unsigned metrics_http_port(const struct metrics_http *h);
/* Replace what /metrics serves with text[0..len); -1 when out of memory (the old text stays). */
int metrics_http_publish(struct metrics_http *h, const char *text, size_t len);
/* Stop serving (open connections are closed) and free h.  NULL: nothing. */
void metrics_http_stop(struct metrics_http *h);

#endif /* AFALG_METRICS_HTTP_H */
