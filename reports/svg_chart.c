// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Horizontal bar charts as inline SVG (reports/svg_chart.h).  Geometry is
 * computed in doubles so counts up to INT64_MAX (and sums of two of them)
 * cannot overflow; numbers are formatted without printf's locale-dependent
 * decimal point.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html_escape.h"
#include "svg_chart.h"

#define CHART_W 760.0
#define LABEL_W 300.0 /* label column, right-aligned text */
#define BAR_X 310.0
#define BAR_W 300.0 /* the longest bar; the value text follows it */
#define ROW_H 22.0
#define BAR_H 14.0
#define LEGEND_H 22.0
#define LABEL_CP 40 /* code points of a label shown; the full one is in <title> */

int svg_num(char *buf, size_t sz, double v)
{
	long long c;

	if (!isfinite(v))
		v = 0;
	if (v > 1e9)
		v = 1e9;
	if (v < -1e9)
		v = -1e9;
	c = llround(v * 100);
	if (c == 0)
		return snprintf(buf, sz, "0");
	if (c % 100 == 0)
		return snprintf(buf, sz, "%s%lld", c < 0 ? "-" : "", llabs(c) / 100);
	if (c % 10 == 0)
		return snprintf(buf, sz, "%s%lld.%lld", c < 0 ? "-" : "", llabs(c) / 100,
				llabs(c) % 100 / 10);
	return snprintf(buf, sz, "%s%lld.%02lld", c < 0 ? "-" : "", llabs(c) / 100, llabs(c) % 100);
}

double svg_bar_len(double v, double max, double w)
{
	double r;

	if (!(max > 0) || !(v > 0) || !isfinite(max))
		return 0;
	r = v / max;
	return (r > 1 ? 1 : r) * w;
}

static int64_t nonneg(int64_t v)
{
	return v < 0 ? 0 : v;
}

static const char *name(const struct svg_chart *c, size_t s)
{
	return c->seg_name[s] ? c->seg_name[s] : "";
}

static const char *fill(const struct svg_chart *c, size_t s)
{
	return c->seg_fill[s] ? c->seg_fill[s] : "#888888";
}

/* Label shown in the chart: at most LABEL_CP code points, then an ellipsis. */
static void short_label(FILE *out, const char *s)
{
	size_t len = s ? strlen(s) : 0, keep = utf8_prefix(s ? s : "", len, LABEL_CP);

	if (!s) {
		fputs("(unnamed)", out);
		return;
	}
	html_escape(out, s, keep);
	if (keep < len)
		fputs("&#x2026;", out);
}

int svg_hbar_chart(FILE *out, const struct svg_chart *c)
{
	size_t nseg = c->nseg < 1 ? 1 : c->nseg > SVG_MAX_SEGS ? SVG_MAX_SEGS : c->nseg;
	double top = nseg > 1 ? LEGEND_H : 4, max = 0, h;
	const char *id = c->id ? c->id : "chart";
	char a[32], b[32], d[32], e[32];

	for (size_t i = 0; i < c->n; i++) {
		double t = 0;

		for (size_t s = 0; s < nseg; s++)
			t += (double)nonneg(c->bars[i].v[s]);
		if (t > max)
			max = t;
	}
	h = top + (c->n ? (double)c->n * ROW_H : ROW_H) + 6;
	svg_num(a, sizeof(a), CHART_W);
	svg_num(b, sizeof(b), h);
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
		"width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" aria-labelledby=\"%s-t %s-d\">\n"
		"<title id=\"%s-t\">%s</title>\n<desc id=\"%s-d\">%s</desc>\n",
		a, b, a, b, id, id, id, c->title ? c->title : "chart", id, c->desc ? c->desc : "");
	if (nseg > 1)
		for (size_t s = 0; s < nseg; s++) {
			svg_num(a, sizeof(a), BAR_X + (double)s * 110);
			svg_num(b, sizeof(b), BAR_X + (double)s * 110 + 16);
			fprintf(out,
				"<rect x=\"%s\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>"
				"<text x=\"%s\" y=\"14\">%s</text>\n",
				a, fill(c, s), b, name(c, s));
		}
	if (!c->n) {
		svg_num(a, sizeof(a), top + 15);
		fprintf(out, "<text x=\"%.0f\" y=\"%s\">nothing to show</text>\n", BAR_X, a);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct svg_bar *bar = &c->bars[i];
		double y = top + (double)i * ROW_H, x = BAR_X;

		fputs("<g><title>", out);
		html_put(out, bar->label, "(unnamed)");
		for (size_t s = 0; s < nseg; s++)
			fprintf(out, "%s%" PRId64 "%s%s", s ? ", " : ": ", nonneg(bar->v[s]),
				*name(c, s) ? " " : "", name(c, s));
		svg_num(a, sizeof(a), LABEL_W);
		svg_num(b, sizeof(b), y + ROW_H / 2 + 4);
		fprintf(out, "</title>\n<text x=\"%s\" y=\"%s\" text-anchor=\"end\">", a, b);
		short_label(out, bar->label);
		fputs("</text>\n", out);
		for (size_t s = 0; s < nseg; s++) {
			double w = svg_bar_len((double)nonneg(bar->v[s]), max, BAR_W);

			if (w <= 0)
				continue;
			svg_num(a, sizeof(a), x);
			svg_num(b, sizeof(b), y + (ROW_H - BAR_H) / 2);
			svg_num(d, sizeof(d), w);
			svg_num(e, sizeof(e), BAR_H);
			fprintf(out,
				"<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
				"fill=\"%s\"/>\n",
				a, b, d, e, fill(c, s));
			x += w;
		}
		svg_num(a, sizeof(a), x + 6);
		svg_num(b, sizeof(b), y + ROW_H / 2 + 4);
		fprintf(out, "<text x=\"%s\" y=\"%s\">", a, b);
		for (size_t s = 0; s < nseg; s++)
			fprintf(out, "%s%" PRId64 "%s%s", s ? ", " : "", nonneg(bar->v[s]),
				nseg > 1 && *name(c, s) ? " " : "", nseg > 1 ? name(c, s) : "");
		fputs("</text></g>\n", out);
	}
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
