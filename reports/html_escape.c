// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * HTML escaping of untrusted strings.  Everything from an input (paths,
 * package names, algorithm and driver names, host names, errors) reaches
 * the HTML report through html_escape(), so a hostile path such as
 * "<script>..." stays text, cannot close an attribute, and control bytes or
 * broken UTF-8 cannot make the page unreadable or change how it parses.
 */
#include <string.h>

#include "afalg.h"
#include "html_escape.h"

size_t html_escape(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	if (!s)
		return 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n;
		int r;

		switch (c) {
		case '&':
			r = fputs("&amp;", out) < 0 ? -1 : 5;
			break;
		case '<':
			r = fputs("&lt;", out) < 0 ? -1 : 4;
			break;
		case '>':
			r = fputs("&gt;", out) < 0 ? -1 : 4;
			break;
		case '"':
			r = fputs("&quot;", out) < 0 ? -1 : 6;
			break;
		case '\'':
			r = fputs("&#39;", out) < 0 ? -1 : 5;
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				r = fprintf(out, "\\x%02x", c);
				break;
			}
			if (c < 0x80) {
				r = fputc(c, out) == EOF ? -1 : 1;
				break;
			}
			if (c == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] < 0xa0) {
				/* C1 control (U+0080..U+009F): visible, like C0 */
				r = fprintf(out, "\\u%04x", p[i + 1]);
				i += 2;
				w += r > 0 ? (size_t)r : 0;
				continue;
			}
			n = afalg_utf8_seq_len(p + i, len - i);
			if (!n) {
				/* one replacement character per byte that is not UTF-8 */
				r = fputs("&#xfffd;", out) < 0 ? -1 : 8;
				break;
			}
			r = fwrite(p + i, 1, n, out) == n ? (int)n : -1;
			i += n;
			w += r > 0 ? (size_t)r : 0;
			continue;
		}
		i++;
		w += r > 0 ? (size_t)r : 0;
	}
	return w;
}

void html_put(FILE *out, const char *s, const char *dflt)
{
	if (s)
		html_escape(out, s, strlen(s));
	else if (dflt)
		fputs(dflt, out);
}

size_t utf8_prefix(const char *s, size_t len, size_t max_cp)
{
	size_t i = 0;

	while (i < len && max_cp--) {
		size_t n = afalg_utf8_seq_len((const unsigned char *)s + i, len - i);

		i += n ? n : 1;
	}
	return i;
}
