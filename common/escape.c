// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Making untrusted bytes (file names, kernel strings) inert for a terminal. */
#include <stdio.h>

#include "afalg.h"

size_t afalg_utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0; /* continuation byte, overlong 0xc0/0xc1, or > U+10FFFF lead */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Reject overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 controls (U+0080..U+009F) act on some terminals: treat as invalid. */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	return len;
}

size_t afalg_escape_text(char *out, size_t outsz, const char *in, size_t inlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t need = 0;

#define PUT(ch)                                                                                    \
	do {                                                                                       \
		if (outsz && need + 1 < outsz)                                                     \
			out[need] = (char)(ch);                                                    \
		need++;                                                                            \
	} while (0)

	for (size_t i = 0; i < inlen;) {
		size_t n = afalg_utf8_seq_len(s + i, inlen - i);

		if (n == 1 && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			PUT(s[i]);
			i++;
		} else if (n == 1 && s[i] == '\\') {
			PUT('\\');
			PUT('\\');
			i++;
		} else if (n > 1) {
			for (size_t j = 0; j < n; j++)
				PUT(s[i + j]);
			i += n;
		} else {
			char hex[5];

			snprintf(hex, sizeof(hex), "\\x%02x", s[i]);
			for (int j = 0; j < 4; j++)
				PUT(hex[j]);
			i++;
		}
	}
#undef PUT
	if (outsz)
		out[need < outsz ? need : outsz - 1] = '\0';
	return need;
}
