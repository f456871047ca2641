// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Byte strings in JSON: the writer and the reader of one policy (json_bytes.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json_bytes.h"

size_t afalg_utf8_trim_tail(char *str)
{
	unsigned char *s = (unsigned char *)str;
	size_t n = strlen(str);

	for (size_t back = 1; back <= 4 && back <= n; back++) {
		unsigned c = s[n - back], len;

		if ((c & 0xc0) == 0x80)
			continue; /* a continuation byte: its lead is further back */
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (len > back) {
			s[n - back] = 0;
			return n - back;
		}
		break;
	}
	return n;
}

bool afalg_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < n;) {
		unsigned c = s[i], len, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return false;
		if (n - i < len)
			return false;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 for an invalid byte. */
static size_t seq_len(const char *s, size_t n)
{
	if ((unsigned char)s[0] < 0x80)
		return 1;
	for (size_t l = 2; l <= 4 && l <= n; l++)
		if (afalg_utf8_valid(s, l))
			return l;
	return 0;
}

struct json_object *afalg_json_new_bytes(const char *s, bool *escaped)
{
	struct json_object *str;
	char *out;
	size_t n = strlen(s), o = 0;

	*escaped = false;
	if (afalg_utf8_valid(s, n))
		return json_object_new_string_len(s, (int)n);
	out = malloc(n * 4 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = seq_len(s + i, n - i);

		if (len == 1 && s[i] == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (len) {
			memcpy(out + o, s + i, len);
			o += len;
		} else {
			o += (size_t)sprintf(out + o, "\\x%02x", (unsigned char)s[i]);
			len = 1;
		}
		i += len;
	}
	out[o] = '\0';
	str = json_object_new_string_len(out, (int)o);
	free(out);
	*escaped = str != NULL;
	return str;
}

bool afalg_json_add_bytes(struct json_object *obj, const char *key, const char *s)
{
	struct json_object *str;
	char kbuf[64];
	bool escaped;

	if (!s)
		return json_object_object_add(obj, key, NULL) == 0;
	str = afalg_json_new_bytes(s, &escaped);
	if (!str)
		return false;
	json_object_object_add(obj, key, str);
	if (!escaped)
		return true;
	snprintf(kbuf, sizeof(kbuf), "%s_escaped", key);
	return json_object_object_add(obj, kbuf, json_object_new_boolean(1)) == 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* the writer spells hex in lower case only */
}

bool afalg_bytes_unescape(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '\0')
			return false;
		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			out[o++] = '\\';
			i++;
			continue;
		}
		if (n - i < 4 || s[i + 1] != 'x')
			return false;
		hi = hexval(s[i + 2]);
		lo = hexval(s[i + 3]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return false;
		out[o++] = (char)(hi << 4 | lo);
		i += 3;
	}
	out[o] = '\0';
	return true;
}

enum afalg_bytes_status afalg_json_get_bytes(struct json_object *obj, const char *key, char **out)
{
	struct json_object *v, *flag;
	char kbuf[64];
	const char *s;
	size_t n;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return AFALG_BYTES_ABSENT;
	if (!json_object_is_type(v, json_type_string))
		return AFALG_BYTES_NOT_STRING;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	*out = malloc(n + 1);
	if (!*out)
		return AFALG_BYTES_NOMEM;
	snprintf(kbuf, sizeof(kbuf), "%s_escaped", key);
	if (!json_object_object_get_ex(obj, kbuf, &flag) || !flag) {
		if (memchr(s, '\0', n)) /* "\u0000": not a byte string we write */
			goto bad;
		memcpy(*out, s, n + 1);
		return AFALG_BYTES_OK;
	}
	if (!json_object_is_type(flag, json_type_boolean) || !json_object_get_boolean(flag) ||
	    !afalg_bytes_unescape(s, n, *out))
		goto bad;
	return AFALG_BYTES_OK;
bad:
	free(*out);
	*out = NULL;
	return AFALG_BYTES_BAD_ESCAPE;
}
