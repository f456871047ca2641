/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Inline SVG for the HTML report: horizontal bar charts, one bar per label,
 * each bar one value or a stack of two (hard and soft breaks).  No script,
 * no external reference: plain shapes and text, with <title>/<desc> and
 * role="img" for screen readers.  Labels go through html_escape().
 */
#ifndef AFALG_REPORT_SVG_CHART_H
#define AFALG_REPORT_SVG_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SVG_MAX_SEGS 2

struct svg_bar {
	const char *label;	 /* untrusted */
	int64_t v[SVG_MAX_SEGS]; /* negative counts are drawn as 0 */
};

struct svg_chart {
	const char *id;			    /* trusted: [a-z0-9-], unique in the page */
	const char *title;		    /* trusted */
	const char *desc;		    /* trusted */
	size_t nseg;			    /* 1 or 2 */
	const char *seg_name[SVG_MAX_SEGS]; /* trusted, legend and tooltips */
	const char *seg_fill[SVG_MAX_SEGS]; /* trusted colours (#rrggbb) */
	const struct svg_bar *bars;
	size_t n;
};

/*
 * A coordinate or length as SVG wants it, independent of the locale: at
 * most two decimals, no exponent, no "-0"; NaN and infinities become 0 and
 * magnitudes are clamped to 1e9.  Returns what snprintf returns.
 */
int svg_num(char *buf, size_t sz, double v);

/* Bar length for value v when the longest bar (max) gets width w; 0 when max <= 0. */
double svg_bar_len(double v, double max, double w);

/* Write the chart as one <svg> element; returns 0, or -1 on a write error. */
int svg_hbar_chart(FILE *out, const struct svg_chart *c);

#endif /* AFALG_REPORT_SVG_CHART_H */
