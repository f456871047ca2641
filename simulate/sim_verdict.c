// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"

#include "sim_verdict.h"

const char *sim_verdict_name(enum sim_verdict v)
{
	static const char *const n[] = {
		[SIM_NOT_REACHED] = "not-reached",     [SIM_SURVIVES] = "survives",
		[SIM_DEGRADES] = "degrades",	       [SIM_BREAKS] = "breaks",
		[SIM_NOT_SIMULATED] = "not-simulated",
	};

	return (unsigned)v < sizeof(n) / sizeof(n[0]) ? n[v] : "?";
}

void sim_describe_end(const struct sim_result *r, char *out, size_t outsz)
{
	if (r->timed_out)
		snprintf(out, outsz, "killed at --timeout");
	else if (r->exited)
		snprintf(out, outsz, "exit %d", r->status);
	else
		snprintf(out, outsz, "signal %s%s",
			 sigabbrev_np(r->status) ? sigabbrev_np(r->status) : "?",
			 r->core ? " (core dumped)" : "");
}

static bool same_end(const struct sim_result *a, const struct sim_result *b)
{
	return a->timed_out == b->timed_out && a->exited == b->exited && a->status == b->status;
}

static bool same_stream(const struct sim_stream *a, const struct sim_stream *b)
{
	return a->bytes == b->bytes && !memcmp(a->sha256, b->sha256, sizeof(a->sha256));
}

/*
 * A line's fingerprint with every run of digits as one '#': timings, sizes,
 * counters and dates change from run to run by themselves.
 */
static uint64_t line_key(const char *l, size_t n)
{
	uint64_t h = AFALG_FNV1A64_BASIS;

	for (size_t i = 0; i < n; i++) {
		char ch = l[i];

		if (ch >= '0' && ch <= '9') {
			while (i + 1 < n && l[i + 1] >= '0' && l[i + 1] <= '9')
				i++;
			ch = '#';
		}
		h = afalg_fnv1a64(h, &ch, 1);
	}
	return h;
}

/* Call fn(ctx, line, len) for each line of the kept text of s. */
static void each_line(const struct sim_stream *s, bool (*fn)(void *, const char *, size_t),
		      void *ctx)
{
	const char *p = s->kept, *end = s->kept ? s->kept + s->kept_len : NULL;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!fn(ctx, p, n))
			return;
		p += n + 1;
	}
}

static bool add_key(void *ctx, const char *l, size_t n)
{
	struct sim_line_keys *ks = ctx;

	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? 2 * ks->cap : 256;
		uint64_t *k = realloc(ks->k, cap * sizeof(*k));

		if (!k)
			return false; /* fewer keys: more lines look new, never fewer */
		ks->k = k;
		ks->cap = cap;
	}
	ks->k[ks->n++] = line_key(l, n);
	return true;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The lines both normal runs wrote to one stream, as sorted keys. */
static void key_set_init(struct sim_line_keys *ks, const struct sim_stream *a,
			 const struct sim_stream *b)
{
	memset(ks, 0, sizeof(*ks));
	each_line(a, add_key, ks);
	if (b)
		each_line(b, add_key, ks);
	if (ks->n)
		qsort(ks->k, ks->n, sizeof(ks->k[0]), cmp_key);
}

struct new_line_ctx {
	const struct sim_line_keys *known;
	char *buf;
	size_t bufsz;
	bool found;
};

static bool check_line(void *ctx, const char *l, size_t n)
{
	struct new_line_ctx *c = ctx;
	uint64_t k;

	if (!n)
		return true;
	k = line_key(l, n);
	if (c->known->n && bsearch(&k, c->known->k, c->known->n, sizeof(k), cmp_key))
		return true;
	snprintf(c->buf, c->bufsz, "%.*s", (int)(n > 240 ? 240 : n), l);
	for (char *q = c->buf; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = ' ';
	c->found = true;
	return false;
}

/*
 * The first line of run's stream that neither normal run wrote (numbers
 * aside), copied to buf; NULL: none.  Only the kept text is compared (the
 * first SIM_KEEP_MAX bytes); the digest covers the rest.
 */
static const char *new_line(const struct sim_baseline *b, const struct sim_result *run, bool err,
			    char *buf, size_t bufsz)
{
	struct new_line_ctx c = {.known = &b->keys[err], .buf = buf, .bufsz = bufsz};

	each_line(err ? &run->err : &run->out, check_line, &c);
	return c.found ? buf : NULL;
}

static void what_denied(const struct sim_result *run, char *out, size_t outsz)
{
	const struct sim_denied *d = &run->denied[0];

	if (!run->ndenied)
		snprintf(out, outsz, "%u call(s) denied", run->denied_total);
	else if (d->is_bind)
		snprintf(out, outsz, "bind(%s, %s) denied%s", d->type, d->name,
			 run->denied_total > 1 ? " (and more)" : "");
	else
		snprintf(out, outsz, "socket(AF_ALG) denied%s",
			 run->denied_total > 1 ? " (and more)" : "");
}

void sim_baseline_init(struct sim_baseline *b, const struct sim_result *n1,
		       const struct sim_result *n2)
{
	b->run = n1;
	b->run2 = n2;
	/* the normal runs' lines, hashed once for every measure's verdict */
	key_set_init(&b->keys[0], &n1->out, n2 ? &n2->out : NULL);
	key_set_init(&b->keys[1], &n1->err, n2 ? &n2->err : NULL);
	b->out_varies = n2 && !same_stream(&n1->out, &n2->out);
	b->err_varies = n2 && !same_stream(&n1->err, &n2->err);
	b->wall_s = n2 && n2->wall_s > n1->wall_s ? n2->wall_s : n1->wall_s;
}

void sim_baseline_free(struct sim_baseline *b)
{
	for (int i = 0; i < 2; i++) {
		free(b->keys[i].k);
		b->keys[i].k = NULL;
		b->keys[i].n = 0;
	}
}

enum sim_verdict sim_verdict(const struct sim_baseline *b, const struct sim_result *run,
			     bool host_af_alg, char *why, size_t whysz)
{
	const struct sim_result *normal = b->run;
	char end_n[64], end_r[64], denied[160], lbuf[256];
	const char *line;
	bool other_output;

	if (!run->applied) {
		if (!host_af_alg && run->measure != SIM_M6 && run->n_socket)
			snprintf(
				why, whysz,
				"this kernel has no AF_ALG: socket() fails before any bind, so the "
				"measure cannot act here (simulate on a kernel with AF_ALG)");
		else
			snprintf(why, whysz,
				 "no AF_ALG call the measure acts on (%u socket, %u bind)",
				 run->n_socket, run->n_bind);
		return SIM_NOT_REACHED;
	}
	sim_describe_end(normal, end_n, sizeof(end_n));
	sim_describe_end(run, end_r, sizeof(end_r));
	if (!run->denied_total) {
		snprintf(why, whysz, "%u AF_ALG call(s) examined, none denied", run->applied);
		return SIM_SURVIVES;
	}
	what_denied(run, denied, sizeof(denied));
	/* what the program said that it does not say normally: stderr first */
	line = new_line(b, run, true, lbuf, sizeof(lbuf));
	if (!line)
		line = new_line(b, run, false, lbuf, sizeof(lbuf));
	if (!host_af_alg && run->measure == SIM_M6 && same_end(normal, run)) {
		/* the kernel itself answered the normal runs' socket(AF_ALG) so */
		snprintf(why, whysz,
			 "this kernel has no AF_ALG: the normal run already ran under M6 "
			 "(socket(AF_ALG) failed with EAFNOSUPPORT in both); the M6 run equals it "
			 "(%s)",
			 end_r);
		return SIM_SURVIVES;
	}
	if (!same_end(normal, run)) {
		snprintf(why, whysz, "%s instead of %s; %s%s%s", end_r, end_n, denied,
			 line ? ": " : "", line ? line : "");
		return SIM_BREAKS;
	}
	/* output that changes by itself counts only through new lines */
	other_output = line || (!b->out_varies && !same_stream(&normal->out, &run->out)) ||
		       (!b->err_varies && !same_stream(&normal->err, &run->err));
	if (other_output) {
		snprintf(why, whysz, "%s as normally, %s; %s%s%s", end_r,
			 line ? "a line the normal runs did not print" : "other output", denied,
			 line ? ": " : "", line ? line : "");
		return SIM_DEGRADES;
	}
	if (run->wall_s > b->wall_s * SIM_SLOW_RATIO && run->wall_s > b->wall_s + SIM_SLOW_MIN_S) {
		snprintf(why, whysz, "%s as normally, %.2f s instead of %.2f s; %s", end_r,
			 run->wall_s, b->wall_s, denied);
		return SIM_DEGRADES;
	}
	snprintf(why, whysz, "%s and the same output as normally%s; %s", end_r,
		 b->out_varies || b->err_varies ? " (but for what changes by itself)" : "", denied);
	return SIM_SURVIVES;
}

enum sim_verdict sim_verdict_observed(int m, const struct sim_result *n, char *why, size_t whysz)
{
	if (m == SIM_M1) {
		if (!n->splice && !n->sendfile) {
			snprintf(why, whysz, "no splice() or sendfile() into an AF_ALG socket");
			return SIM_NOT_REACHED;
		}
		snprintf(why, whysz,
			 "spliced %u and sendfile'd %u time(s) into AF_ALG sockets; with M1 the "
			 "kernel "
			 "copies skcipher/aead data instead (no error, slower): not simulated",
			 n->splice, n->sendfile);
		return SIM_NOT_SIMULATED;
	}
	if (m == SIM_M2) {
		if (!n->io_submit) {
			snprintf(why, whysz, "no io_submit() on an AF_ALG socket");
			return SIM_NOT_REACHED;
		}
		snprintf(why, whysz,
			 "%u io_submit() iocb(s) on AF_ALG sockets; with M2 they run synchronously "
			 "(no error, maybe slower): not simulated",
			 n->io_submit);
		return SIM_NOT_SIMULATED;
	}
	if (!n->n_bind) {
		snprintf(why, whysz, "no AF_ALG bind");
		return SIM_NOT_REACHED;
	}
	snprintf(why, whysz,
		 "%u bind(s); M3 changes which implementation serves them (a software one), and "
		 "fails driver names and rng with ENOENT (7.2): not simulated; 'afalg-audit trace' "
		 "records the driver each bind got",
		 n->n_bind);
	return SIM_NOT_SIMULATED;
}
