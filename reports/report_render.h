/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Renderers of a migration report.  Each one prints the typed report
 * (report.h: what report_build() decided once -- programs in order, their
 * verdicts, the per-option and per-measure views, every count and text)
 * and the model, data files and kernel it points to, in one format to a
 * stream; none recounts or re-decides anything (bpftool's
 * print_prog_json/print_prog_plain over one struct bpf_prog_info).  -f json
 * is report_to_json() printed: the report document
 * (docs/schema/report-v6.schema.json) stays the format between 'report'
 * and other tools ('check --baseline REPORT' reads it, CI keeps it), but no
 * renderer reads it back.
 *
 * Every string that came from an input (paths, package and algorithm
 * names, host names, errors) is untrusted: a renderer escapes it for its
 * medium (afalg_escape_text for a terminal, HTML entities, Markdown
 * escaping).  A renderer never prints an error line itself except through
 * afalg_err(); it returns 0, or -1 (an I/O error, or out of memory).
 */
#ifndef AFALG_REPORT_RENDER_H
#define AFALG_REPORT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

struct json_object;
struct report;

enum report_format {
	REPORT_FMT_TEXT,
	REPORT_FMT_JSON,
	REPORT_FMT_MARKDOWN,
	REPORT_FMT_HTML,
	REPORT_FMT_SARIF,
	REPORT_FMT_CONTACTS,
};

struct render_opts {
	bool color;	       /* text: ANSI colour (a TTY and NO_COLOR unset) */
	unsigned width;	       /* text: prose wrapped at this many columns; 0: not wrapped */
	bool summary_only;     /* text: headline, options, measures; no per-program detail */
	const char *title;     /* html/markdown: page title; NULL for the default */
	const char *input_uri; /* sarif: artifact base (NULL: absolute paths as file:// URIs) */
	/* sarif from 'check': its findings (kind, path, detail), put on the results */
	struct json_object *check_findings;
	bool check_baseline; /* sarif from 'check --baseline': results get baselineState */
};

/*
 * How a verdict word of the document reads: an error ("blocked",
 * "hard-breaks", "hard"), a warning ("soft-breaks", "soft"), fine
 * ("safe-to-disable", "breaks-nothing"), or none of these (NULL included).
 * The one mapping every renderer colours verdicts by (ANSI colours, CSS
 * classes).
 */
enum verdict_tone { TONE_UNKNOWN, TONE_BAD, TONE_WARN, TONE_OK };
enum verdict_tone report_verdict_tone(const char *word);

/*
 * "text", "json", "markdown" (or "md"), "html", "sarif", "contacts" -> 0 and
 * *fmt; -1 if unknown.
 */
int report_format_parse(const char *name, enum report_format *fmt);
const char *report_format_name(enum report_format fmt);

/* Dispatch to one of the renderers below. */
int report_render(FILE *out, enum report_format fmt, const struct report *r,
		  const struct render_opts *o);

int report_render_text(FILE *out, const struct report *r, const struct render_opts *o);
/* report_to_json() printed: the report document. */
int report_render_json(FILE *out, const struct report *r, const struct render_opts *o);
int report_render_markdown(FILE *out, const struct report *r, const struct render_opts *o);
/* reports/render_html.c: one self-contained page (tables, inline SVG, no external assets). */
int report_render_html(FILE *out, const struct report *r, const struct render_opts *o);
/* reports/render_sarif.c: SARIF 2.1.0. */
int report_render_sarif(FILE *out, const struct report *r, const struct render_opts *o);
/* reports/render_contacts.c: who to contact about what, per source package (contacts-v1). */
int report_render_contacts(FILE *out, const struct report *r, const struct render_opts *o);

#endif /* AFALG_REPORT_RENDER_H */
