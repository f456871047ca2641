// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * apt's Release and Packages files (deb822 stanzas), parsed and checked:
 * debindex.h says what is kept and why every value is checked.
 */
#include "debindex.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "strmap.h"

/* ---- syntax ---- */

bool debindex_valid_name(const char *s)
{
	size_t n = strlen(s);

	/* Policy 5.6.1: [a-z0-9][a-z0-9+.-]+ */
	if (n < 2 || n > 256 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '+' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

bool debindex_valid_version(const char *s)
{
	size_t n = strlen(s);

	/* Policy 5.6.12: [epoch:]upstream[-revision], upstream starting with a digit. */
	if (n == 0 || n > 256)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '.' || c == '+' || c == '~' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

bool debindex_valid_arch(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return false;
	}
	return true;
}

bool debindex_valid_relpath(const char *s)
{
	size_t n = strlen(s);

	/*
	 * A path below the repository: no "/" first, no empty, "." or ".."
	 * component, and only the bytes Debian's archive uses (no control
	 * bytes, spaces or shell metacharacters).
	 */
	if (n == 0 || n > 1024 || s[0] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || strchr("._+~%-/", c)))
			return false;
	}
	for (const char *p = s;;) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == 0 || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!e)
			break;
		p = e + 1;
	}
	return true;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool debindex_parse_sha256(const char *hex, size_t len, unsigned char out[DEBINDEX_SHA256_LEN])
{
	if (len != 2 * DEBINDEX_SHA256_LEN)
		return false;
	for (size_t i = 0; i < DEBINDEX_SHA256_LEN; i++) {
		int h = hexval((unsigned char)hex[2 * i]),
		    l = hexval((unsigned char)hex[2 * i + 1]);
		if (h < 0 || l < 0)
			return false;
		out[i] = (unsigned char)(h << 4 | l);
	}
	return true;
}

static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 19)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* ---- lines ---- */

struct lines {
	const char *p, *end;
};

/* Next line (without its '\n'); false at the end. */
static bool next_line(struct lines *l, const char **s, size_t *n)
{
	const char *nl;

	if (l->p >= l->end)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	*s = l->p;
	*n = nl ? (size_t)(nl - l->p) : (size_t)(l->end - l->p);
	l->p = nl ? nl + 1 : l->end;
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	return true;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* "Name: value": true with the name and the value trimmed. */
static bool split_field(const char *s, size_t n, const char **name, size_t *nlen, const char **val,
			size_t *vlen)
{
	const char *colon = memchr(s, ':', n);

	if (!colon || colon == s || isspace((unsigned char)s[0]))
		return false;
	*name = s;
	*nlen = (size_t)(colon - s);
	*val = colon + 1;
	*vlen = n - *nlen - 1;
	trim(val, vlen);
	return true;
}

static bool field_is(const char *name, size_t nlen, const char *want)
{
	return strlen(want) == nlen && !strncasecmp(name, want, nlen);
}

/* A value with no NUL or control byte in it, copied; NULL if it has one (or no memory). */
static char *dup_clean(const char *s, size_t n)
{
	if (n > DEBINDEX_MAX_FIELD)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	return strndup(s, n);
}

/* ---- Release ---- */

static int say(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int say(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

void release_free(struct release *r)
{
	free(r->origin);
	free(r->label);
	free(r->suite);
	free(r->codename);
	free(r->date);
	free(r->valid_until);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	free(r->files);
	memset(r, 0, sizeof(*r));
}

int release_parse(const char *buf, size_t len, struct release *r, char *err, size_t errsz)
{
	struct lines l = {buf, buf + len};
	const char *s, *name, *val;
	size_t n, nlen, vlen;
	unsigned lineno = 0;
	bool in_sha256 = false, saw_sha256 = false;

	memset(r, 0, sizeof(*r));
	if (memchr(buf, '\0', len))
		return say(err, errsz, "a NUL byte in the Release file");
	while (next_line(&l, &s, &n)) {
		lineno++;
		if (n && (s[0] == ' ' || s[0] == '\t')) {
			const char *hex, *sz, *path;
			size_t hl, sl, pl;
			struct release_file *f;

			if (!in_sha256)
				continue; /* MD5Sum's and other sections' lines */
			/* " <sha256> <size> <path>" */
			hex = s;
			hl = n;
			trim(&hex, &hl);
			sz = memchr(hex, ' ', hl);
			if (!sz)
				return say(err, errsz, "line %u: a SHA256 line without a size",
					   lineno);
			hl = (size_t)(sz - hex);
			while (*sz == ' ')
				sz++;
			path = memchr(sz, ' ', (size_t)(s + n - sz));
			if (!path)
				return say(err, errsz, "line %u: a SHA256 line without a path",
					   lineno);
			sl = (size_t)(path - sz);
			while (path < s + n && *path == ' ')
				path++;
			pl = (size_t)(s + n - path);
			if (afalg_grow(&r->files, &r->capfiles, r->nfiles, sizeof(*r->files), 64))
				return say(err, errsz, "out of memory");
			f = &r->files[r->nfiles];
			if (!debindex_parse_sha256(hex, hl, f->sha256) ||
			    !parse_u64(sz, sl, &f->size))
				return say(err, errsz, "line %u: a malformed SHA256 line", lineno);
			f->path = dup_clean(path, pl);
			if (!f->path || !debindex_valid_relpath(f->path)) {
				free(f->path);
				return say(err, errsz, "line %u: an index path that is not one",
					   lineno);
			}
			r->nfiles++;
			continue;
		}
		in_sha256 = false;
		if (blank(s, n))
			continue;
		if (!split_field(s, n, &name, &nlen, &val, &vlen))
			return say(err, errsz, "line %u: not a field", lineno);
		char **slot = field_is(name, nlen, "Origin")	    ? &r->origin
			      : field_is(name, nlen, "Label")	    ? &r->label
			      : field_is(name, nlen, "Suite")	    ? &r->suite
			      : field_is(name, nlen, "Codename")    ? &r->codename
			      : field_is(name, nlen, "Date")	    ? &r->date
			      : field_is(name, nlen, "Valid-Until") ? &r->valid_until
								    : NULL;
		if (slot) {
			free(*slot);
			if (!(*slot = dup_clean(val, vlen)))
				return say(err, errsz, "line %u: a control byte in a field",
					   lineno);
		} else if (field_is(name, nlen, "SHA256")) {
			in_sha256 = saw_sha256 = true;
		}
	}
	if (!saw_sha256)
		return say(err, errsz, "no SHA256 section (older hashes are not trusted)");
	return 0;
}

const struct release_file *release_find(const struct release *r, const char *path)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].path, path))
			return &r->files[i];
	return NULL;
}

int clearsign_body(const char *buf, size_t len, char **out, size_t *outlen)
{
	static const char begin[] = "-----BEGIN PGP SIGNED MESSAGE-----";
	static const char sig[] = "-----BEGIN PGP SIGNATURE-----";
	struct lines l = {buf, buf + len};
	const char *s;
	size_t n, o = 0;
	char *b;
	bool body = false;

	if (!next_line(&l, &s, &n) || n != sizeof(begin) - 1 || memcmp(s, begin, n))
		return -1;
	/* Armor headers ("Hash: SHA256") up to the first blank line. */
	while (next_line(&l, &s, &n))
		if (blank(s, n)) {
			body = true;
			break;
		}
	if (!body || !(b = malloc(len + 1)))
		return -1;
	while (next_line(&l, &s, &n)) {
		if (n == sizeof(sig) - 1 && !memcmp(s, sig, n)) {
			/* The newline before the signature belongs to it (7.1). */
			if (o)
				o--;
			b[o] = '\0';
			*out = b;
			*outlen = o;
			return 0;
		}
		if (n >= 2 && s[0] == '-' && s[1] == ' ')
			s += 2, n -= 2;
		memcpy(b + o, s, n);
		o += n;
		b[o++] = '\n';
	}
	free(b);
	return -1;
}

/* ---- Packages ---- */

static void pkg_free(struct deb_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->source);
	free(p->source_version);
	free(p->maintainer);
	free(p->filename);
	free(p->depends);
	free(p->provides);
}

void pkg_index_free(struct pkg_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		pkg_free(&ix->v[i]);
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

/* Append ", value" (or value) to *dst. */
static int join(char **dst, const char *v, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *t;

	if (old + n + 3 > DEBINDEX_MAX_FIELD)
		return 0; /* longer than anything real: the rest is left out */
	t = realloc(*dst, old + n + 3);
	if (!t)
		return -1;
	if (old)
		memcpy(t + old, ", ", 2), old += 2;
	memcpy(t + old, v, n);
	t[old + n] = '\0';
	*dst = t;
	return 0;
}

/* Append " value" to a relation field a continuation line extends. */
static int append_cont(char **dst, const char *v, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *t;

	if (old + n + 2 > DEBINDEX_MAX_FIELD)
		return 0; /* longer than anything real: the rest is left out */
	t = realloc(*dst, old + n + 2);
	if (!t)
		return -1;
	t[old] = ' ';
	memcpy(t + old + 1, v, n);
	t[old + n + 1] = '\0';
	*dst = t;
	return 0;
}

struct stanza {
	struct deb_pkg p;
	bool has_size, has_sha256;
	const char *why; /* first malformed field */
	char **cont;	 /* field a continuation line extends, or NULL */
};

static void note_bad(struct stanza *st, const char *why)
{
	if (!st->why)
		st->why = why;
}

/* Source: "name" or "name (version)". */
static void take_source(struct stanza *st, const char *v, size_t n)
{
	const char *paren = memchr(v, '(', n);
	size_t nl = paren ? (size_t)(paren - v) : n;
	const char *nm = v;

	trim(&nm, &nl);
	free(st->p.source);
	st->p.source = dup_clean(nm, nl);
	if (!st->p.source || !debindex_valid_name(st->p.source)) {
		note_bad(st, "a malformed Source");
		return;
	}
	if (paren) {
		const char *ve = memchr(paren, ')', (size_t)(v + n - paren));
		size_t vl;
		const char *vs = paren + 1;
		if (!ve) {
			note_bad(st, "a malformed Source version");
			return;
		}
		vl = (size_t)(ve - vs);
		trim(&vs, &vl);
		free(st->p.source_version);
		st->p.source_version = dup_clean(vs, vl);
		if (!st->p.source_version || !debindex_valid_version(st->p.source_version))
			note_bad(st, "a malformed Source version");
	}
}

static int take_field(struct stanza *st, const char *name, size_t nlen, const char *v, size_t n)
{
	struct deb_pkg *p = &st->p;
	char **dst = NULL;

	st->cont = NULL;
	if (field_is(name, nlen, "Package"))
		dst = &p->name;
	else if (field_is(name, nlen, "Version"))
		dst = &p->version;
	else if (field_is(name, nlen, "Architecture"))
		dst = &p->arch;
	else if (field_is(name, nlen, "Maintainer"))
		dst = &p->maintainer;
	else if (field_is(name, nlen, "Filename"))
		dst = &p->filename;
	else if (field_is(name, nlen, "Source")) {
		take_source(st, v, n);
		return 0;
	} else if (field_is(name, nlen, "Size")) {
		st->has_size = parse_u64(v, n, &p->size);
		if (!st->has_size)
			note_bad(st, "a malformed Size");
		return 0;
	} else if (field_is(name, nlen, "SHA256")) {
		st->has_sha256 = debindex_parse_sha256(v, n, p->sha256);
		if (!st->has_sha256)
			note_bad(st, "a malformed SHA256");
		return 0;
	} else if (field_is(name, nlen, "Depends") || field_is(name, nlen, "Pre-Depends")) {
		st->cont = &p->depends;
		return join(&p->depends, v, n);
	} else if (field_is(name, nlen, "Provides")) {
		st->cont = &p->provides;
		return join(&p->provides, v, n);
	} else {
		return 0;
	}
	free(*dst);
	*dst = dup_clean(v, n);
	if (!*dst)
		note_bad(st, "a control byte in a field");
	return 0;
}

static const char *stanza_check(const struct stanza *st)
{
	const struct deb_pkg *p = &st->p;

	if (st->why)
		return st->why;
	if (!p->name || !debindex_valid_name(p->name))
		return "no valid Package";
	if (!p->version || !debindex_valid_version(p->version))
		return "no valid Version";
	if (!p->arch || !debindex_valid_arch(p->arch))
		return "no valid Architecture";
	if (!p->filename || !debindex_valid_relpath(p->filename))
		return "no valid Filename";
	if (!st->has_size)
		return "no Size";
	if (!st->has_sha256)
		return "no SHA256";
	return NULL;
}

static int stanza_end(struct stanza *st, struct pkg_index *ix, unsigned no, bool any,
		      void (*warn)(void *, const char *), void *arg)
{
	const char *why;
	char msg[160];

	if (!any)
		return 0;
	why = stanza_check(st);
	if (why) {
		snprintf(msg, sizeof(msg), "stanza %u (%s): %s", no,
			 st->p.name && debindex_valid_name(st->p.name) ? st->p.name : "?", why);
		ix->skipped++;
		if (warn)
			warn(arg, msg);
		pkg_free(&st->p);
		return 0;
	}
	if (afalg_grow(&ix->v, &ix->cap, ix->n, sizeof(*ix->v), 256)) {
		pkg_free(&st->p);
		return -1;
	}
	ix->v[ix->n++] = st->p;
	return 0;
}

int packages_parse(const char *buf, size_t len, const char *component, struct pkg_index *ix,
		   void (*warn)(void *arg, const char *why), void *arg)
{
	struct lines l = {buf, buf + len};
	struct stanza st = {0};
	const char *s, *name, *val;
	size_t n, nlen, vlen;
	unsigned no = 1;
	bool any = false;

	st.p.component = component;
	while (next_line(&l, &s, &n)) {
		if (blank(s, n)) {
			if (stanza_end(&st, ix, no, any, warn, arg))
				return -1;
			if (any)
				no++;
			memset(&st, 0, sizeof(st));
			st.p.component = component;
			any = false;
			continue;
		}
		any = true;
		if (s[0] == ' ' || s[0] == '\t') {
			/* A continuation: kept only for the relation fields. */
			if (st.cont) {
				const char *c = s;
				size_t cl = n;
				trim(&c, &cl);
				if (cl && append_cont(st.cont, c, cl))
					return -1;
			}
			continue;
		}
		if (!split_field(s, n, &name, &nlen, &val, &vlen)) {
			note_bad(&st, "a line that is not a field");
			continue;
		}
		if (take_field(&st, name, nlen, val, vlen))
			return -1;
	}
	return stanza_end(&st, ix, no, any, warn, arg);
}

static int pkg_cmp(const void *a, const void *b)
{
	const struct deb_pkg *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (!c)
		c = strcmp(x->version, y->version);
	if (!c)
		c = strcmp(x->arch, y->arch);
	if (!c)
		c = strcmp(x->filename, y->filename);
	return c;
}

/*
 * Visit each package name a relation field names: "a (>= 1) | b:any, c"
 * gives a, b, c.  fn returns false to stop (out of memory).
 */
static bool each_relation(const char *field, bool (*fn)(const char *name, void *arg), void *arg)
{
	char name[257];
	const char *p = field;

	while (*p) {
		size_t n = 0;
		while (*p == ' ' || *p == ',' || *p == '|')
			p++;
		while (*p && !strchr(" ,|(:[<", *p)) {
			if (n < sizeof(name) - 1)
				name[n] = *p;
			n++;
			p++;
		}
		if (n && n < sizeof(name)) {
			name[n] = '\0';
			if (!fn(name, arg))
				return false;
		}
		/* Skip a version, an arch qualifier, an arch list, a profile. */
		while (*p && *p != ',' && *p != '|')
			p++;
	}
	return true;
}

struct impact_ctx {
	struct strmap names;	 /* package or virtual name -> struct name_node */
	const char *depender;	 /* the package whose relations are being read */
	struct name_node *nodes; /* all nodes, for freeing */
	bool oom;
};

/* A name that packages depend on: who depends on it (distinct names). */
struct name_node {
	char *name;
	struct strmap dependers; /* depender name -> (void *)1 */
	struct name_node *next;
};

static struct name_node *node_get(struct impact_ctx *c, const char *name, bool create)
{
	struct name_node *n = strmap_get(&c->names, name);

	if (n || !create)
		return n;
	n = calloc(1, sizeof(*n));
	if (!n || !(n->name = strdup(name))) {
		free(n);
		return NULL;
	}
	strmap_init(&n->dependers);
	if (!strmap_put(&c->names, n->name, n)) {
		free(n->name);
		free(n);
		return NULL;
	}
	n->next = c->nodes;
	c->nodes = n;
	return n;
}

static bool add_depender(const char *name, void *arg)
{
	struct impact_ctx *c = arg;
	struct name_node *n;

	if (!strcmp(name, c->depender))
		return true; /* a package never counts itself */
	n = node_get(c, name, true);
	if (!n || !strmap_put(&n->dependers, c->depender, (void *)1)) {
		c->oom = true;
		return false;
	}
	return true;
}

struct union_ctx {
	struct strmap *into;
	const char *self;
	bool oom;
};

static bool union_one(const char *key, void *value, void *arg)
{
	struct union_ctx *u = arg;

	(void)value;
	if (!strcmp(key, u->self))
		return true;
	if (!strmap_put(u->into, key, (void *)1)) {
		u->oom = true;
		return false;
	}
	return true;
}

struct provided_ctx {
	struct impact_ctx *c;
	struct union_ctx *u;
};

static bool union_provided(const char *name, void *arg)
{
	struct provided_ctx *pc = arg;
	struct name_node *n = node_get(pc->c, name, false);

	if (n)
		strmap_each(&n->dependers, union_one, pc->u);
	return !pc->u->oom;
}

int pkg_index_finish(struct pkg_index *ix)
{
	struct impact_ctx c = {0};
	size_t w = 0;
	int rc = 0;

	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), pkg_cmp);
	for (size_t i = 0; i < ix->n; i++) {
		if (w && !pkg_cmp(&ix->v[w - 1], &ix->v[i])) {
			pkg_free(&ix->v[i]);
			continue;
		}
		ix->v[w++] = ix->v[i];
	}
	ix->n = w;

	strmap_init(&c.names);
	for (size_t i = 0; i < ix->n && !c.oom; i++) {
		if (!ix->v[i].depends)
			continue;
		c.depender = ix->v[i].name;
		each_relation(ix->v[i].depends, add_depender, &c);
	}
	for (size_t i = 0; i < ix->n && !c.oom; i++) {
		struct deb_pkg *p = &ix->v[i];
		struct strmap who;
		struct union_ctx u = {&who, p->name, false};
		struct provided_ctx pc = {&c, &u};
		struct name_node *own = node_get(&c, p->name, false);

		strmap_init(&who);
		if (own)
			strmap_each(&own->dependers, union_one, &u);
		if (p->provides && !u.oom)
			each_relation(p->provides, union_provided, &pc);
		if (u.oom)
			c.oom = true;
		p->impact = (unsigned)who.n;
		strmap_free(&who);
	}
	if (c.oom)
		rc = -1;
	for (struct name_node *n = c.nodes, *next; n; n = next) {
		next = n->next;
		strmap_free(&n->dependers);
		free(n->name);
		free(n);
	}
	strmap_free(&c.names);
	return rc;
}
