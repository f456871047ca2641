/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * trace --metrics FILE (issue #19): the findings as a Prometheus text
 * exposition file (text format 0.0.4, what node_exporter's textfile
 * collector reads: files named *.prom in its --collector.textfile.directory),
 * written atomically at every --state-interval and at the end, so that a
 * fleet's existing monitoring sees which hosts use AF_ALG, and alerts when a
 * new user appears (contrib/prometheus/).  docs/metrics.md lists the series.
 *
 * Label cardinality is bounded: executables beyond TRACE_METRICS_MAX_EXES
 * (by operation count) are summed into exe="(other)"; every other label
 * takes values from small sets (the op, type and result names, a driver
 * class, a uid class) or the kernel's 64-byte algorithm names of what those
 * executables bound.
 */
#ifndef AFALG_TRACE_METRICS_H
#define AFALG_TRACE_METRICS_H

#include <stdio.h>

struct trace_result;
struct pkg_owners;

#define TRACE_METRICS_MAX_EXES 200

/*
 * The exposition of r on f; now_s: the wall-clock time of this write
 * (afalg_audit_tracer_last_write_timestamp_seconds).  owners: packages of
 * the executables (pkg_owner.h), or NULL for none.  0, or -1 when out of
 * memory (nothing usable written).
 */
int trace_metrics_print(FILE *f, const struct trace_result *r, struct pkg_owners *owners,
			double now_s);
/* Write it to path atomically (mode 0644: node_exporter runs as its own user); 0 or -1 (reported). */
int trace_metrics_write(const struct trace_result *r, struct pkg_owners *owners,
			const char *path);

#endif /* AFALG_TRACE_METRICS_H */
