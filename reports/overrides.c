// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * check's overrides file and --fail-on (overrides.h; docs/ci-example.md).
 * A line format rather than JSON: overrides are written by hand and
 * reviewed in diffs, one per line, with comments, like lintian overrides;
 * an error names FILE:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afalg.h"
#include "safeopen.h"
#include "jsonin.h"
#include "overrides.h"

static const char *const kind_names[CK_N] = {
	[CK_NEW_USER] = "new-user",	      [CK_NEW_TYPE] = "new-type",
	[CK_NEW_ALGORITHM] = "new-algorithm", [CK_NEW_BREAK] = "new-break",
	[CK_ALLOWLIST] = "allowlist",	      [CK_MEASURED_BREAK] = "measured-break",
};

int check_kind_parse(const char *s)
{
	for (int i = 0; i < CK_N; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

static bool is_measure(const char *s)
{
	return s[0] == 'M' && s[1] >= '0' && s[1] <= '6' && !s[2];
}

static bool is_type(const char *s)
{
	return !strcmp(s, "hash") || !strcmp(s, "skcipher") || !strcmp(s, "aead") ||
	       !strcmp(s, "rng");
}

void override_clear(struct override *ov)
{
	free(ov->target);
	free(ov->qualifier);
	free(ov->reason);
	memset(ov, 0, sizeof(*ov));
}

/* The next whitespace-separated word of *p: its start and length (0 at the end). */
static size_t word(const char **p, const char **start)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	*start = s;
	while (s[n] && s[n] != ' ' && s[n] != '\t')
		n++;
	*p = s + n;
	return n;
}

int override_parse_line(const char *line, struct override *ov, char *why, size_t whysz)
{
	const char *p = line, *w[4], *reason = NULL;
	size_t len[4], nw = 0, n, rl;
	int kind;

	memset(ov, 0, sizeof(*ov));
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;
	for (;;) {
		const char *s;

		if (!(n = word(&p, &s)))
			break;
		if (n == 2 && !strncmp(s, "--", 2)) {
			reason = p;
			break;
		}
		if (nw == 4)
			continue; /* counted as too many below */
		w[nw] = s;
		len[nw++] = n;
	}
	if (nw < 2) {
		snprintf(why, whysz, "expected KIND TARGET [MEASURE-OR-ALGORITHM] -- REASON");
		return -1;
	}
	if (nw > 3) {
		snprintf(why, whysz,
			 "too many words before '--' (KIND TARGET [MEASURE-OR-ALGORITHM]; match "
			 "a space in a path with '?')");
		return -1;
	}
	if (!reason) {
		snprintf(why, whysz, "no reason: an override ends with '-- REASON'");
		return -1;
	}
	while (*reason == ' ' || *reason == '\t')
		reason++;
	rl = strlen(reason);
	while (rl && isspace((unsigned char)reason[rl - 1]))
		rl--;
	if (!rl) {
		snprintf(why, whysz, "empty reason after '--'");
		return -1;
	}
	{
		char k[32];

		snprintf(k, sizeof(k), "%.*s", (int)(len[0] < 31 ? len[0] : 31), w[0]);
		kind = len[0] < 31 ? check_kind_parse(k) : -1;
		if (kind < 0) {
			snprintf(why, whysz,
				 "unknown finding kind '%s' (new-user, new-type, new-algorithm, "
				 "new-break or allowlist)",
				 k);
			return -1;
		}
	}
	ov->kind = (enum check_kind)kind;
	ov->target = strndup(w[1], len[1]);
	ov->qualifier = nw == 3 ? strndup(w[2], len[2]) : NULL;
	ov->reason = strndup(reason, rl);
	if (!ov->target || (nw == 3 && !ov->qualifier) || !ov->reason) {
		override_clear(ov);
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	ov->is_package = !strchr(ov->target, '/');
	if (ov->qualifier) {
		const char *q = ov->qualifier, *bad = NULL;

		switch (ov->kind) {
		case CK_NEW_USER:
			bad = "new-user takes no measure or algorithm";
			break;
		case CK_NEW_BREAK:
		case CK_ALLOWLIST:
		case CK_MEASURED_BREAK:
			if (!is_measure(q))
				bad = "is not a measure (M0..M6)";
			break;
		case CK_NEW_TYPE:
			if (!is_type(q))
				bad = "is not an AF_ALG type (hash, skcipher, aead, rng)";
			break;
		case CK_NEW_ALGORITHM:
			if (is_measure(q))
				bad = "new-algorithm takes an algorithm name, not a measure";
			break;
		default:
			break;
		}
		if (bad) {
			if (ov->kind == CK_NEW_USER || ov->kind == CK_NEW_ALGORITHM)
				snprintf(why, whysz, "'%s': %s", q, bad);
			else
				snprintf(why, whysz, "'%s' %s", q, bad);
			override_clear(ov);
			return -1;
		}
	}
	return 1;
}

/* An overrides file is written by hand: a few KB; anything this big is not one. */
#define OVERRIDES_MAX_BYTES (4 << 20)

int overrides_load(struct overrides *o, const char *file)
{
	char *line = NULL, why[256], where[4200];
	const char *owhy;
	size_t cap = 0;
	unsigned lineno = 0;
	struct stat st;
	ssize_t n;
	int ret = 0, fd;
	FILE *f;

	memset(o, 0, sizeof(*o));
	/* someone else's path: never a FIFO or device, bounded (safeopen.h) */
	fd = afalg_open_ro(AT_FDCWD, file, 0, OVERRIDES_MAX_BYTES, &st, &owhy);
	if (fd < 0) {
		if (!strcmp(owhy, "cannot open"))
			afalg_errno(file, errno, "cannot open the overrides file");
		else
			afalg_err(file, "overrides file: %s", owhy);
		return -1;
	}
	if (!(f = fdopen(fd, "r"))) {
		afalg_errno(file, errno, "cannot open the overrides file");
		close(fd);
		return -1;
	}
	o->file = strdup(file);
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct override ov, *v;
		int r;

		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		snprintf(where, sizeof(where), "%s:%u", file, lineno);
		if ((size_t)n != strlen(line)) {
			afalg_err(where, "a NUL byte in the line");
			ret = -1;
			break;
		}
		r = override_parse_line(line, &ov, why, sizeof(why));
		if (r < 0) {
			afalg_err(where, "%s", why);
			ret = -1;
			break;
		}
		if (!r)
			continue;
		ov.line = lineno;
		if (!(v = realloc(o->v, (o->n + 1) * sizeof(*v)))) {
			override_clear(&ov);
			afalg_err(file, "out of memory");
			ret = -1;
			break;
		}
		o->v = v;
		o->v[o->n++] = ov;
	}
	if (!ret && ferror(f)) {
		afalg_errno(file, errno, "cannot read the overrides file");
		ret = -1;
	}
	free(line);
	fclose(f);
	if (ret)
		overrides_free(o);
	return ret;
}

void overrides_free(struct overrides *o)
{
	for (size_t i = 0; i < o->n; i++)
		override_clear(&o->v[i]);
	free(o->v);
	free(o->file);
	memset(o, 0, sizeof(*o));
}

static bool glob_is(const char *pat, const char *s)
{
	return s && !fnmatch(pat, s, 0);
}

static bool matches(const struct override *ov, struct json_object *f)
{
	const char *kind = jstr(f, "kind"), *q = ov->qualifier;

	if (!kind || check_kind_parse(kind) != (int)ov->kind)
		return false;
	if (ov->is_package ? !glob_is(ov->target, jstr(f, "package"))
			   : !glob_is(ov->target, jbytes(f, "identity")) &&
				     !glob_is(ov->target, jbytes(f, "path")))
		return false;
	if (!q)
		return true;
	switch (ov->kind) {
	case CK_NEW_BREAK:
	case CK_ALLOWLIST:
	case CK_MEASURED_BREAK:
		return jstr(f, "measure") && !strcmp(q, jstr(f, "measure"));
	case CK_NEW_TYPE:
		return jstr(f, "type") && !strcmp(q, jstr(f, "type"));
	case CK_NEW_ALGORITHM:
		return glob_is(q, jstr(f, "algorithm"));
	default:
		return false;
	}
}

struct override *overrides_match(struct overrides *o, struct json_object *finding)
{
	for (size_t i = 0; o && i < o->n; i++)
		if (matches(&o->v[i], finding)) {
			o->v[i].used++;
			return &o->v[i];
		}
	return NULL;
}

size_t overrides_warn_unused(const struct overrides *o)
{
	char where[4200];
	size_t n = 0;

	for (size_t i = 0; o && i < o->n; i++)
		if (!o->v[i].used) {
			snprintf(where, sizeof(where), "%s:%u", o->file, o->v[i].line);
			afalg_warn(where, "override matches no finding");
			n++;
		}
	return n;
}

int failon_parse(const char *list, unsigned *mask, char *bad, size_t badsz)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ",");
		char w[32];
		int k;

		snprintf(w, sizeof(w), "%.*s", (int)(n < 31 ? n : 31), p);
		if (n >= 31 || !n) {
			snprintf(bad, badsz, "%.*s", (int)n, p);
			return -1;
		}
		if (!strcmp(w, "any"))
			*mask |= FAILON_ANY;
		else if (!strcmp(w, "hard"))
			*mask |= FAILON_HARD;
		else if ((k = check_kind_parse(w)) >= 0)
			*mask |= 1u << k;
		else {
			snprintf(bad, badsz, "%s", w);
			return -1;
		}
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

bool failon_selects(unsigned mask, struct json_object *finding)
{
	const char *kind = jstr(finding, "kind");
	struct json_object *hard;
	int k = kind ? check_kind_parse(kind) : -1;

	if (k >= 0 && (mask & (1u << k)))
		return true;
	return (mask & FAILON_HARD) && json_object_object_get_ex(finding, "hard", &hard) &&
	       json_object_get_boolean(hard);
}
