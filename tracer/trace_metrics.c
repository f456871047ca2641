// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * trace_metrics.h: the findings as Prometheus series.  One counter,
 * afalg_audit_operations_total, per (executable, package, op, type,
 * algorithm, driver class, result, uid class): the tracer's entries are
 * finer (per uid, cgroup, flags), so equal label sets are summed.  Values
 * from traced processes are escaped twice: afalg_escape_text() (printable
 * UTF-8 passes, other bytes become \xNN) and then the exposition format's
 * own escapes (backslash, double quote, newline), so no name can end a
 * label or forge a series.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "afalg.h"
#include "outfile.h"
#include "pkg_owner.h"
#include "trace_metrics.h"
#include "trace_output.h"

struct series {
	char *labels; /* the label set, escaped, without braces */
	uint64_t count;
};

struct exe_total {
	const char *exe; /* the entry's exe ("" unnamed) */
	uint64_t count;
	bool kept; /* named in the labels (else summed into "(other)") */
};

static int cmp_exe_name(const void *a, const void *b)
{
	return strcmp(((const struct exe_total *)a)->exe, ((const struct exe_total *)b)->exe);
}

static int cmp_exe_count(const void *a, const void *b)
{
	const struct exe_total *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->exe, y->exe);
}

static int cmp_series(const void *a, const void *b)
{
	return strcmp(((const struct series *)a)->labels, ((const struct series *)b)->labels);
}

/* A label value: afalg_escape_text(), then the exposition format's escapes. */
static void label_value(char *out, size_t outsz, const char *in, size_t inlen)
{
	char text[AFALG_PATH_LEN * 4 + 8];
	size_t o = 0;

	afalg_escape_text(text, sizeof(text), in, inlen);
	for (const char *p = text; *p && o + 3 < outsz; p++) {
		if (*p == '\\' || *p == '"') {
			out[o++] = '\\';
			out[o++] = *p;
		} else if (*p == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

static uint64_t total_count(const struct trace_entry *e)
{
	return e->counter.count + e->base.count;
}

/* "software", "async" (an async implementation), "hardware" (off-CPU), "" (no driver). */
static const char *driver_class(const struct trace_entry *e)
{
	if (!e->have_driver)
		return "";
	if (afalg_driver_is_hardware(e->driver.module, e->driver.cra_flags))
		return "hardware";
	return e->driver.cra_flags & AFALG_CRYPTO_ALG_ASYNC ? "async" : "software";
}

/* The executables by name with their totals; the first TRACE_METRICS_MAX_EXES by count kept. */
static struct exe_total *exe_totals(const struct trace_result *r, size_t *n)
{
	struct exe_total *v = calloc(r->n ? r->n : 1, sizeof(*v));
	size_t k = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		v[i] = (struct exe_total){r->entries[i].exe, total_count(&r->entries[i]), false};
	qsort(v, r->n, sizeof(*v), cmp_exe_name);
	for (size_t i = 0; i < r->n; i++) {
		if (k && !strcmp(v[k - 1].exe, v[i].exe))
			v[k - 1].count += v[i].count;
		else
			v[k++] = v[i];
	}
	qsort(v, k, sizeof(*v), cmp_exe_count);
	for (size_t i = 0; i < k && i < TRACE_METRICS_MAX_EXES; i++)
		v[i].kept = true;
	qsort(v, k, sizeof(*v), cmp_exe_name);
	*n = k;
	return v;
}

static bool exe_kept(const struct exe_total *v, size_t n, const char *exe)
{
	struct exe_total key = {exe, 0, false};
	const struct exe_total *hit = bsearch(&key, v, n, sizeof(*v), cmp_exe_name);

	return hit && hit->kept;
}

static char *series_labels(const struct trace_entry *e, bool kept, struct pkg_owners *owners)
{
	char exe[AFALG_PATH_LEN * 8], pkg[600], type[AFALG_TYPE_LEN * 8], alg[AFALG_ALG_LEN * 8];
	char ebuf[32];
	const char *p = NULL, *en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));
	char *s = NULL;

	if (!kept)
		snprintf(exe, sizeof(exe), "(other)");
	else if (!e->exe[0])
		snprintf(exe, sizeof(exe), "(unknown)");
	else
		label_value(exe, sizeof(exe), e->exe, strnlen(e->exe, sizeof(e->exe)));
	if (kept && e->exe[0])
		p = pkg_owners_exe(owners, e->exe, e->key.exe_dev, e->key.exe_ino);
	label_value(pkg, sizeof(pkg), p ? p : "", p ? strlen(p) : 0);
	label_value(type, sizeof(type), e->key.salg_type,
		    strnlen(e->key.salg_type, sizeof(e->key.salg_type)));
	label_value(alg, sizeof(alg), e->key.salg_name,
		    strnlen(e->key.salg_name, sizeof(e->key.salg_name)));
	if (asprintf(&s,
		     "exe=\"%s\",package=\"%s\",op=\"%s\",type=\"%s\",algorithm=\"%s\","
		     "driver_class=\"%s\",result=\"%s\",uid_class=\"%s\"",
		     exe, pkg, trace_op_name(e->key.op), type, alg, driver_class(e), en ? en : "ok",
		     e->key.uid ? "user" : "root") < 0)
		return NULL;
	return s;
}

int trace_metrics_print(FILE *f, const struct trace_result *r, struct pkg_owners *owners,
			double now_s)
{
	struct series *sv = calloc(r->n ? r->n : 1, sizeof(*sv));
	size_t ns = 0, nexe = 0, shown = 0;
	struct exe_total *exes = exe_totals(r, &nexe);
	uint64_t lost_rb = r->lost[AFALG_STAT_RINGBUF_FULL] + r->base_lost[AFALG_STAT_RINGBUF_FULL];
	uint64_t lost_map = r->lost[AFALG_STAT_MAP_FULL] + r->base_lost[AFALG_STAT_MAP_FULL];
	int ret = -1;

	if (!sv || !exes)
		goto out;
	for (size_t i = 0; i < r->n; i++) {
		const struct trace_entry *e = &r->entries[i];

		if (!(sv[ns].labels = series_labels(e, exe_kept(exes, nexe, e->exe), owners)))
			goto out;
		sv[ns++].count = total_count(e);
	}
	qsort(sv, ns, sizeof(*sv), cmp_series);
	fputs("# HELP afalg_audit_operations_total AF_ALG operations seen by afalg-audit trace "
	      "(socket, bind, accept, setsockopt, send, recv), by executable and outcome.\n"
	      "# TYPE afalg_audit_operations_total counter\n",
	      f);
	for (size_t i = 0; i < ns; i++) {
		uint64_t c = sv[i].count;

		while (i + 1 < ns && !strcmp(sv[i].labels, sv[i + 1].labels))
			c += sv[++i].count;
		fprintf(f, "afalg_audit_operations_total{%s} %llu\n", sv[i].labels,
			(unsigned long long)c);
	}
	for (size_t i = 0; i < nexe; i++)
		shown += exes[i].kept;
	fprintf(f,
		"# HELP afalg_audit_executables Executables seen using AF_ALG; those beyond %d "
		"(fewest operations first) are summed into exe=\"(other)\".\n"
		"# TYPE afalg_audit_executables gauge\n"
		"afalg_audit_executables %zu\n"
		"# HELP afalg_audit_executables_folded Executables summed into exe=\"(other)\".\n"
		"# TYPE afalg_audit_executables_folded gauge\n"
		"afalg_audit_executables_folded %zu\n",
		TRACE_METRICS_MAX_EXES, nexe, nexe - shown);
	fprintf(f,
		"# HELP afalg_audit_lost_events_total First sightings the tracer could not record "
		"(some AF_ALG use may be missing when not 0).\n"
		"# TYPE afalg_audit_lost_events_total counter\n"
		"afalg_audit_lost_events_total{reason=\"ringbuf_full\"} %llu\n"
		"afalg_audit_lost_events_total{reason=\"map_full\"} %llu\n"
		"# HELP afalg_audit_hook_runs_skipped_total Runs of the tracer's BPF programs the "
		"kernel skipped (another BPF program was running on that CPU).\n"
		"# TYPE afalg_audit_hook_runs_skipped_total counter\n"
		"afalg_audit_hook_runs_skipped_total %llu\n",
		(unsigned long long)lost_rb, (unsigned long long)lost_map,
		(unsigned long long)(r->prog_missed + r->base_prog_missed));
	fprintf(f,
		"# HELP afalg_audit_tracer_up 1 while the tracer is attached; the last write "
		"of a tracer that ended says 0.\n"
		"# TYPE afalg_audit_tracer_up gauge\n"
		"afalg_audit_tracer_up %d\n"
		"# HELP afalg_audit_tracer_seconds Seconds the tracer has been attached, its "
		"state file's earlier runs included.\n"
		"# TYPE afalg_audit_tracer_seconds gauge\n"
		"afalg_audit_tracer_seconds %.3f\n"
		"# HELP afalg_audit_tracer_last_write_timestamp_seconds When this file was "
		"written (a stale file means a tracer that stopped writing).\n"
		"# TYPE afalg_audit_tracer_last_write_timestamp_seconds gauge\n"
		"afalg_audit_tracer_last_write_timestamp_seconds %.3f\n",
		r->ended ? 0 : 1, r->duration_s + r->base_duration_s, now_s);
	ret = ferror(f) ? -1 : 0;
out:
	for (size_t i = 0; i < ns; i++)
		free(sv[i].labels);
	free(sv);
	free(exes);
	return ret;
}

int trace_metrics_write(const struct trace_result *r, struct pkg_owners *owners,
			const char *path)
{
	struct afalg_outfile *o = afalg_outfile_open(path, "metrics file");
	struct timespec ts;
	FILE *f;

	if (!o)
		return -1;
	f = afalg_outfile_stream(o);
	clock_gettime(CLOCK_REALTIME, &ts);
	/* node_exporter reads it as its own user: readable, like its other textfiles */
	errno = 0;
	if (fchmod(fileno(f), 0644) < 0 ||
	    trace_metrics_print(f, r, owners, (double)ts.tv_sec + ts.tv_nsec / 1e9) < 0) {
		afalg_errno(path, errno ? errno : ENOMEM, "cannot write the metrics file");
		afalg_outfile_abort(o);
		return -1;
	}
	return afalg_outfile_commit(o);
}
