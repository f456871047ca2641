// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Untrusted JSON in: never opened unless a regular file, a size bound
 * before anything is allocated and while reading, a depth bound in the
 * tokenizer, and what json-c lets through refused (below).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "json_bytes.h"
#include "jsonin.h"
#include "safeopen.h"

/*
 * What json-c lets through and a reader must not: a NUL in a string (the
 * escape \u0000; a raw NUL byte is already a syntax error), which json-c
 * keeps but every C string of ours would cut ("/usr/bin/x\u0000junk" read
 * as "/usr/bin/x", a key "path\u0000x" as "path"), and a key given twice
 * in one object, of which json-c keeps the last silently.
 *
 * One pass over the text counts the name separators outside strings (one
 * per object member) and looks for \u0000; a walk of the parsed tree counts
 * the members json-c kept.  Fewer kept than written: a duplicate key, then
 * looked for (slowly: this is the error path) to name it.
 */
static bool text_pass(const char *buf, size_t len, size_t *members, size_t *nul_at)
{
	bool in_str = false;
	size_t colons = 0;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (in_str) {
			if (c == '"') {
				in_str = false;
			} else if (c == '\\') {
				if (i + 5 < len && buf[i + 1] == 'u' &&
				    !memcmp(buf + i + 2, "0000", 4)) {
					*nul_at = i;
					return false;
				}
				i++; /* the escaped character */
			}
		} else if (c == '"') {
			in_str = true;
		} else if (c == ':') {
			colons++;
		}
	}
	*members = colons;
	return true;
}

static size_t tree_members(struct json_object *o)
{
	size_t n = 0;

	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v)
		{
			(void)k;
			n += 1 + tree_members(v);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			n += tree_members(json_object_array_get_idx(o, i));
	}
	return n;
}

struct key_ref {
	size_t object, start, len; /* raw bytes of the key, between its quotes */
};

/* Keys by object, then bytes, then position (qsort_r: the text is the argument). */
static int cmp_key(const void *a, const void *b, void *text)
{
	const struct key_ref *x = a, *y = b;
	const char *t = text;
	int c;

	if (x->object != y->object)
		return x->object < y->object ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	c = memcmp(t + x->start, t + y->start, x->len);
	return c ? c : (x->start < y->start ? -1 : 1);
}

/*
 * The first duplicate key (raw, as written) of a document that parsed: its
 * offset, or (size_t)-1 if only differently escaped spellings collide.
 */
static size_t find_duplicate(const char *buf, size_t len, size_t *klen)
{
	/* Per open container: an object's id, or (size_t)-1 for an array. */
	size_t stack[JSONIN_MAX_DEPTH + 2], depth = 0, objects = 0, n = 0, cap = 0;
	size_t found = (size_t)-1;
	struct key_ref *keys = NULL;
	bool expect_key = false;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '"') {
			size_t start = ++i;

			while (i < len && buf[i] != '"')
				i += buf[i] == '\\' ? 2 : 1;
			if (expect_key && depth && stack[depth - 1] != (size_t)-1) {
				if (afalg_grow(&keys, &cap, n, sizeof(*keys), 256))
					break;
				keys[n++] = (struct key_ref){stack[depth - 1], start, i - start};
			}
			expect_key = false;
		} else if (c == '{' || c == '[') {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				break;
			stack[depth++] = c == '{' ? objects++ : (size_t)-1;
			expect_key = c == '{';
		} else if (c == '}' || c == ']') {
			if (depth)
				depth--;
			expect_key = false;
		} else if (c == ',') {
			expect_key = depth && stack[depth - 1] != (size_t)-1;
		}
	}
	if (n)
		qsort_r(keys, n, sizeof(*keys), cmp_key, (void *)buf);
	for (size_t i = 1; i < n && found == (size_t)-1; i++)
		if (keys[i].object == keys[i - 1].object && keys[i].len == keys[i - 1].len &&
		    !memcmp(buf + keys[i].start, buf + keys[i - 1].start, keys[i].len)) {
			found = keys[i].start;
			*klen = keys[i].len;
		}
	free(keys);
	return found;
}

/* "line L, column C (byte N)" of buf[off]: what an editor shows, and the raw offset. */
static const char *where(const char *buf, size_t len, size_t off, char *out, size_t outsz)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			col++; /* columns count characters, not UTF-8 continuation bytes */
		}
	}
	snprintf(out, outsz, "line %zu, column %zu (byte %zu)", line, col, off);
	return out;
}

static int check_strict(const char *what, const char *buf, size_t len, struct json_object *o)
{
	char at_s[96];

	size_t members = 0, at = 0, klen = 0;

	if (!text_pass(buf, len, &members, &at)) {
		afalg_err(what, "a NUL (U+0000) in a string at %s: not accepted",
			  where(buf, len, at, at_s, sizeof(at_s)));
		return -1;
	}
	if (tree_members(o) == members)
		return 0;
	at = find_duplicate(buf, len, &klen);
	if (at == (size_t)-1)
		afalg_err(what, "an object has the same key twice: not accepted");
	else
		afalg_err(what, "key \"%.*s\" twice in one object (at %s): not accepted",
			  (int)(klen > 80 ? 80 : klen), buf + at, where(buf, len, at, at_s, sizeof(at_s)));
	return -1;
}

int jsonin_parse(const char *what, const char *buf, size_t len, struct json_object **out)
{
	struct json_tokener *tok = json_tokener_new_ex(JSONIN_MAX_DEPTH);
	struct json_object *o;
	char at_s[96];
	enum json_tokener_error e;

	*out = NULL;
	if (!tok) {
		afalg_err(what, "out of memory");
		return -1;
	}
	if (len > INT32_MAX) {
		json_tokener_free(tok);
		afalg_err(what, "too large");
		return -1;
	}
	o = json_tokener_parse_ex(tok, buf, (int)len);
	e = json_tokener_get_error(tok);
	if (e == json_tokener_continue) {
		json_object_put(o);
		o = NULL;
		afalg_err(what, "not valid JSON: truncated");
	} else if (e != json_tokener_success) {
		afalg_err(what, "not valid JSON: %s at %s", json_tokener_error_desc(e),
			  where(buf, len, json_tokener_get_parse_end(tok), at_s, sizeof(at_s)));
	} else {
		size_t end = json_tokener_get_parse_end(tok);

		while (end < len && strchr(" \t\r\n", buf[end]))
			end++;
		if (end != len) {
			json_object_put(o);
			o = NULL;
			afalg_err(what, "not valid JSON: trailing data at %s",
				  where(buf, len, end, at_s, sizeof(at_s)));
		}
	}
	json_tokener_free(tok);
	if (!o)
		return -1;
	if (check_strict(what, buf, len, o)) {
		json_object_put(o);
		return -1;
	}
	*out = o;
	return 0;
}

const struct jsonin_limits jsonin_input = {512u << 20, JSONIN_STDIN};

/* "64 MiB", or bytes when the bound is not a whole number of MiB. */
static void say_size(char *buf, size_t sz, size_t bytes)
{
	if (bytes && !(bytes & ((1u << 20) - 1)))
		snprintf(buf, sz, "%zu MiB", bytes >> 20);
	else
		snprintf(buf, sz, "%zu bytes", bytes);
}

/* The open file (0: stdin), or -1: after an error line, or *missing (JSONIN_MISSING_OK). */
static int open_input(const char *path, const struct jsonin_limits *lim, struct stat *st,
		      bool *missing)
{
	const char *why;
	char size[32];
	int fd;

	*missing = false;
	if ((lim->flags & JSONIN_STDIN) && !strcmp(path, "-")) {
		if (fstat(0, st) < 0) {
			afalg_errno(path, errno, "cannot read");
			return -1;
		}
		return 0;
	}
	fd = afalg_open_ro(AT_FDCWD, path, lim->flags & JSONIN_NOFOLLOW ? AFALG_RO_NOFOLLOW : 0, 0,
			   st, &why);
	if (fd < 0) {
		if (errno == ENOENT && (lim->flags & JSONIN_MISSING_OK))
			*missing = true;
		else if (errno)
			afalg_errno(path, errno, "%s", why);
		else
			afalg_err(path, "%s", why);
		return -1;
	}
	/* Checked before reading; the read is bounded too, for a file that grows. */
	if ((uintmax_t)st->st_size > lim->max_bytes) {
		say_size(size, sizeof(size), lim->max_bytes);
		afalg_err(path, "larger than %s", size);
		close(fd);
		return -1;
	}
	/* Written by another user (planted in a shared directory): not ours to read. */
	if ((lim->flags & JSONIN_OWN) && st->st_uid != geteuid()) {
		afalg_err(path, "owned by uid %u, not by this process's (uid %u): not read",
			  (unsigned)st->st_uid, (unsigned)geteuid());
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, 0); /* a regular file: reads do not block anyway */
	return fd;
}

int jsonin_read_limits(const char *path, const struct jsonin_limits *lim, struct json_object **out)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, size[32];
	struct stat st;
	bool missing;
	int fd, ret = -1;

	*out = NULL;
	fd = open_input(path, lim, &st, &missing);
	if (fd < 0)
		return missing ? 1 : -1;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t ncap =
				cap ? cap * 2 : (st.st_size > 0 ? (size_t)st.st_size + 1 : 65536);
			char *p;

			if (ncap > lim->max_bytes + 1)
				ncap = lim->max_bytes + 1;
			if (ncap <= len) {
				say_size(size, sizeof(size), lim->max_bytes);
				afalg_err(path, "larger than %s", size);
				goto out;
			}
			p = realloc(buf, ncap);
			if (!p) {
				afalg_err(path, "out of memory");
				goto out;
			}
			buf = p;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			afalg_errno(path, errno, "read failed");
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ret = jsonin_parse(path, buf ? buf : "", len, out);
out:
	free(buf);
	if (fd > 0)
		close(fd);
	return ret;
}

int jsonin_read(const char *path, struct json_object **out)
{
	return jsonin_read_limits(path, &jsonin_input, out);
}

bool jget_str(struct json_object *o, const char *key, const char **v)
{
	struct json_object *m;

	*v = NULL;
	if (!o || !json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_string))
		return false;
	*v = json_object_get_string(m);
	return true;
}

bool jget_int(struct json_object *o, const char *key, int64_t *v)
{
	struct json_object *m;

	if (!o || !json_object_object_get_ex(o, key, &m) || !json_object_is_type(m, json_type_int))
		return false;
	*v = json_object_get_int64(m);
	return true;
}

bool jget_bool(struct json_object *o, const char *key, bool *v)
{
	struct json_object *m;

	if (!o || !json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_boolean))
		return false;
	*v = json_object_get_boolean(m);
	return true;
}

struct json_object *jget_arr(struct json_object *o, const char *key)
{
	struct json_object *m;

	if (!o || !json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_array))
		return NULL;
	return m;
}

struct json_object *jget_obj(struct json_object *o, const char *key)
{
	struct json_object *m;

	if (!o || !json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_object))
		return NULL;
	return m;
}

const char *jstr(struct json_object *o, const char *key)
{
	const char *s;

	jget_str(o, key, &s);
	return s;
}

static void free_bytes(struct json_object *jso, void *userdata)
{
	(void)jso;
	free(userdata);
}

const char *jbytes(struct json_object *o, const char *key)
{
	struct json_object *v, *flag;
	char kbuf[64];
	char *raw;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	snprintf(kbuf, sizeof(kbuf), "%s_escaped", key);
	if (!json_object_object_get_ex(o, kbuf, &flag) || !flag)
		return jstr(o, key);
	if ((raw = json_object_get_userdata(v)))
		return raw;
	if (afalg_json_get_bytes(o, key, &raw) != AFALG_BYTES_OK)
		return NULL;
	json_object_set_userdata(v, raw, free_bytes);
	return raw;
}

int64_t jint(struct json_object *o, const char *key, int64_t dflt)
{
	int64_t v;

	return jget_int(o, key, &v) ? v : dflt;
}

uint64_t ju64(struct json_object *o, const char *key, uint64_t dflt)
{
	int64_t v;

	/* json-c reads 2^63 and above as a uint64, which get_int64 would cap */
	if (!jget_int(o, key, &v) || v < 0)
		return dflt;
	return json_object_get_uint64(json_object_object_get(o, key));
}

int jsonin_check_format(const char *path, struct json_object *doc, const char *format)
{
	return jsonin_check_format_v(path, doc, format, 1, NULL);
}

int jsonin_check_format_v(const char *path, struct json_object *doc, const char *format,
			  int max_version, int *version)
{
	const char *f;
	int64_t v;

	if (!json_object_is_type(doc, json_type_object) || !jget_str(doc, "format", &f)) {
		afalg_err(path, "not an afalg-audit document (no \"format\" member)");
		return -1;
	}
	if (strcmp(f, format)) {
		char fs[80];

		afalg_escape_text(fs, sizeof(fs), f, strlen(f));
		afalg_err(path, "format \"%s\", expected \"%s\"", fs, format);
		return -1;
	}
	if (!jget_int(doc, "version", &v) || v < 1 || v > max_version) {
		if (max_version == 1)
			afalg_err(path,
				  "%s version %lld not supported (this build reads version 1)",
				  format, (long long)(jget_int(doc, "version", &v) ? v : -1));
		else
			afalg_err(
				path,
				"%s version %lld not supported (this build reads versions 1 to %d)",
				format, (long long)(jget_int(doc, "version", &v) ? v : -1),
				max_version);
		return -1;
	}
	if (version)
		*version = (int)v;
	return 0;
}
