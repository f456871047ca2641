// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Choosing a renderer; the JSON renderer (the document as it is). */
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "report.h"
#include "report_render.h"

static const char *const names[] = {"text", "json", "markdown", "html", "sarif", "contacts"};

int report_format_parse(const char *name, enum report_format *fmt)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*fmt = (enum report_format)i;
			return 0;
		}
	if (!strcmp(name, "md")) {
		*fmt = REPORT_FMT_MARKDOWN;
		return 0;
	}
	return -1;
}

const char *report_format_name(enum report_format fmt)
{
	return (size_t)fmt < sizeof(names) / sizeof(names[0]) ? names[fmt] : "?";
}

enum verdict_tone report_verdict_tone(const char *word)
{
	static const struct {
		const char *word;
		enum verdict_tone tone;
	} tones[] = {
		{"blocked", TONE_BAD},	     {"hard-breaks", TONE_BAD},
		{"hard", TONE_BAD},	     {"soft-breaks", TONE_WARN},
		{"soft", TONE_WARN},	     {"safe-to-disable", TONE_OK},
		{"breaks-nothing", TONE_OK}, {"none", TONE_OK},
	};

	for (size_t i = 0; word && i < sizeof(tones) / sizeof(tones[0]); i++)
		if (!strcmp(word, tones[i].word))
			return tones[i].tone;
	return TONE_UNKNOWN;
}

int report_render(FILE *out, enum report_format fmt, const struct report *r,
		  const struct render_opts *o)
{
	static const struct render_opts dflt;

	if (!o)
		o = &dflt;
	switch (fmt) {
	case REPORT_FMT_TEXT:
		return report_render_text(out, r, o);
	case REPORT_FMT_JSON:
		return report_render_json(out, r, o);
	case REPORT_FMT_MARKDOWN:
		return report_render_markdown(out, r, o);
	case REPORT_FMT_HTML:
		return report_render_html(out, r, o);
	case REPORT_FMT_SARIF:
		return report_render_sarif(out, r, o);
	case REPORT_FMT_CONTACTS:
		return report_render_contacts(out, r, o);
	}
	return -1;
}

/*
 * The report document as report_to_json() makes it: the format 'check
 * --baseline' and other tools read.
 */
int report_render_json(FILE *out, const struct report *r, const struct render_opts *o)
{
	struct json_object *doc = report_to_json(r);
	const char *s = doc ? json_object_to_json_string_ext(
				      doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						   JSON_C_TO_STRING_NOSLASHESCAPE)
			    : NULL;
	int rc = s && fputs(s, out) >= 0 && fputc('\n', out) >= 0 ? 0 : -1;

	(void)o;
	if (!s)
		errno = ENOMEM;
	json_object_put(doc);
	return rc;
}
