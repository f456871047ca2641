// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "linkfile.h"
#include "outfile.h"
#include "scan_ctx.h"

#define MAGIC "afalg-audit-links 2"
/* Version 1 (before issue #16) had no W/E lines: its users' entries are unknown. */
#define MAGIC_V1 "afalg-audit-links 1"
#define MAX_ENTRIES 65536
#define MAX_LINE (4u << 20)
#define MAX_FIELDS (13 + 256) /* elf_scan.c keeps 256 DT_NEEDED at most */
#define MAX_STR 4096

/* ---- writing ---- */

static void put_field(FILE *f, const char *s)
{
	fputc('\t', f);
	if (!s)
		return;
	if (!*s) {
		fputs("%00", f);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == '%' || *p < 0x20 || *p == 0x7f)
			fprintf(f, "%%%02X", *p);
		else
			fputc(*p, f);
}

struct write_state {
	FILE *f;
	struct strmap ids; /* archive → id (as a pointer-sized integer + 1) */
	uintptr_t next;
};

static bool put_link(const char *key, void *value, void *arg)
{
	FILE *f = arg;

	fputc('L', f);
	put_field(f, key);
	put_field(f, value);
	fputc('\n', f);
	return true;
}

bool links_write(struct scan_ctx *ctx, const char *path)
{
	struct afalg_outfile *o = afalg_outfile_open(path, "link records");
	struct write_state w = {0};

	if (!o)
		return false;
	w.f = afalg_outfile_stream(o);
	strmap_init(&w.ids);
	fputs(MAGIC "\n", w.f);
	for (size_t i = 0; i < ctx->linkrecs.n; i++) {
		const struct link_rec *l = ctx->linkrecs.recs[i];
		uintptr_t id;
		char p[8192];

		/* Files on disk: another shard analyses those itself (resolve.c, host lookup). */
		if (!l->origin || !linkrec_path(l, p, sizeof(p)))
			continue;
		id = (uintptr_t)strmap_get(&w.ids, l->origin->archive);
		if (!id) {
			id = ++w.next;
			strmap_put(&w.ids, l->origin->archive, (void *)id);
			fprintf(w.f, "A\t%" PRIuPTR, id);
			put_field(w.f, l->origin->archive);
			put_field(w.f, l->origin->package);
			put_field(w.f, l->origin->version);
			fputc('\n', w.f);
		}
		if (l->uses) {
			fprintf(w.f, "W\t%u", l->entries_known);
			put_field(w.f, l->entries_known ? NULL : l->entries_why);
			fputc('\n', w.f);
			for (size_t k = 0; k < l->nentries; k++) {
				fputc('E', w.f);
				put_field(w.f, l->entries[k].name);
				put_field(w.f, l->entries[k].version);
				fprintf(w.f, "\t%u\n", l->entries[k].default_version);
			}
		}
		fprintf(w.f, "R\t%" PRIuPTR, id);
		put_field(w.f, p);
		put_field(w.f, l->soname);
		put_field(w.f, l->runpath);
		put_field(w.f, l->rpath);
		fprintf(w.f, "\t%u\t%u\t%c\t%u\t%u\t%u\t%u", l->machine, l->elf_class,
			l->big_endian ? 'b' : 'l', l->role, l->uses, l->types, l->features);
		for (size_t k = 0; k < l->nneeded; k++)
			put_field(w.f, l->needed[k]);
		fputc('\n', w.f);
	}
	strmap_each(&ctx->links, put_link, w.f);
	strmap_free(&w.ids);
	return afalg_outfile_commit(o) == 0;
}

/* ---- reading ---- */

/* Undo put_field in place; false if malformed.  *absent: the field was empty. */
static bool unescape(char *s, bool *absent)
{
	char *o = s;

	*absent = !*s;
	if (!strcmp(s, "%00")) {
		*s = '\0';
		return true;
	}
	for (char *p = s; *p; p++) {
		unsigned v;

		if (*p != '%') {
			*o++ = *p;
			continue;
		}
		if (sscanf(p + 1, "%2X", &v) != 1 || !p[1] || !p[2] || v == 0)
			return false;
		*o++ = (char)v;
		p += 2;
	}
	*o = '\0';
	return o - s < MAX_STR;
}

/* Tab-separated fields, empty ones included (they mean "absent"). */
static unsigned split(char *line, char **f, unsigned max)
{
	unsigned n = 0;

	for (char *p = line; p && n < max;) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
	}
	return n;
}

static bool parse_uint(const char *s, unsigned max, unsigned *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno || end == s || *end || x > max)
		return false;
	*v = (unsigned)x;
	return true;
}

struct archive_id {
	const char *archive, *package, *version; /* interned by ctx */
};

struct reader {
	struct scan_ctx *ctx;
	const char *path;
	bool import; /* second read: keep records */
	int version; /* of the file: 1 or 2 */
	struct archive_id *ids;
	size_t nids, capids;
	/* W and E lines before the next R record: its entries. */
	bool have_w, known;
	char *why;
	struct strlist names, versions;
	unsigned char *defaults;
	size_t ndefaults;
};

static void pending_clear(struct reader *rd)
{
	rd->have_w = rd->known = false;
	free(rd->why);
	rd->why = NULL;
	strlist_free(&rd->names);
	strlist_free(&rd->versions);
	free(rd->defaults);
	rd->defaults = NULL;
	rd->ndefaults = 0;
}

/* The pending entries onto r (pointers into rd; linktab_add copies them). */
static bool pending_entries(struct reader *rd, struct file_result *r)
{
	struct afalg_entries *e = &r->entries;

	e->known = rd->have_w && rd->known;
	e->why = !rd->have_w ? "link index version 1: entry points not recorded"
		 : e->known  ? NULL
			     : (rd->why ? rd->why : "not analysed");
	if (!e->known || !rd->names.n)
		return true;
	if (!(e->v = calloc(rd->names.n, sizeof(*e->v))))
		return false;
	for (size_t i = 0; i < rd->names.n; i++) {
		e->v[i].name = rd->names.v[i];
		e->v[i].version = *rd->versions.v[i] ? rd->versions.v[i] : NULL;
		e->v[i].default_version = rd->defaults[i];
	}
	e->n = rd->names.n;
	return true;
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Would anything load a file with this name?  (Own names and wanted ones.) */
static bool wanted(const struct scan_ctx *ctx, const char *name)
{
	return name && (afalg_intern_find(&ctx->import_wanted, name) ||
			afalg_intern_find(&ctx->linkrecs.names, name));
}

static bool read_record(struct reader *rd, char **f, unsigned n)
{
	struct scan_ctx *ctx = rd->ctx;
	char *s[4];
	bool absent[4];
	unsigned id, machine, cls, role, uses, types, features;
	struct file_result *r;
	struct link_rec *l;
	bool keep, ok = true;

	if (n < 13 || !parse_uint(f[1], UINT32_MAX, &id) || !id || id > rd->nids ||
	    !parse_uint(f[6], UINT16_MAX, &machine) || !parse_uint(f[7], 64, &cls) ||
	    (f[8][0] != 'b' && f[8][0] != 'l') || f[8][1] ||
	    !parse_uint(f[9], ROLE_SCRIPT, &role) || !parse_uint(f[10], 1, &uses) ||
	    !parse_uint(f[11], SCAN_TYPES, &types) ||
	    !parse_uint(f[12], SCAN_FEATURES, &features) || !rd->ids[id - 1].archive)
		return false;
	for (int i = 0; i < 4; i++) {
		s[i] = f[2 + i];
		if (!unescape(s[i], &absent[i]))
			return false;
	}
	if (absent[0])
		return false;
	for (unsigned i = 13; i < n; i++) {
		bool a;

		if (!unescape(f[i], &a) || a)
			return false;
		if (!rd->import && !afalg_intern(&ctx->import_wanted, f[i]))
			return false;
	}
	if (!rd->import)
		return true;
	/* This shard's own archives are analysed here; other shards' only if loadable. */
	keep = !strmap_get(&ctx->linkrecs.origins, rd->ids[id - 1].archive) &&
	       (wanted(ctx, base_of(s[0])) || (!absent[1] && wanted(ctx, s[1])));
	if (!keep)
		return true;
	if (!(r = result_new(s[0], rd->ids[id - 1].archive)))
		return false;
	r->package = rd->ids[id - 1].package;
	r->version = rd->ids[id - 1].version;
	r->kind = KIND_ELF;
	r->elf_machine = (int)machine;
	r->elf_class = (int)cls;
	r->big_endian = f[8][0] == 'b';
	r->role = (enum file_role)role;
	r->cls = uses ? CLASS_USES : CLASS_NONE;
	if (uses && !pending_entries(rd, r))
		ok = false;
	r->types = types;
	r->features = features;
	if ((!absent[1] && !(r->soname = strdup(s[1]))) ||
	    (!absent[2] && !(r->runpath = strdup(s[2]))) ||
	    (!absent[3] && !(r->rpath = strdup(s[3]))))
		ok = false;
	for (unsigned i = 13; ok && i < n; i++)
		ok = strlist_add(&r->needed, f[i]);
	l = ok ? linktab_add(&ctx->imported, r, NULL) : NULL;
	if (l)
		l->foreign = 1;
	/* The entries' strings are rd's (now copied): not r's to free. */
	free(r->entries.v);
	r->entries.v = NULL;
	r->entries.n = 0;
	result_free(r);
	return l != NULL;
}

static bool read_line(struct reader *rd, char *line)
{
	struct scan_ctx *ctx = rd->ctx;
	char *f[MAX_FIELDS + 1];
	unsigned n = split(line, f, MAX_FIELDS + 1);
	bool a0, a1, a2;

	if (!n || n > MAX_FIELDS)
		return false;
	if (!strcmp(f[0], "R")) {
		bool ok = read_record(rd, f, n);

		pending_clear(rd);
		return ok;
	}
	if (!strcmp(f[0], "W")) {
		unsigned known;

		if (rd->version < 2 || n != 3 || rd->have_w || !parse_uint(f[1], 1, &known) ||
		    !unescape(f[2], &a0) || (known && !a0) || (!known && a0))
			return false;
		rd->have_w = true;
		rd->known = known;
		return known || (rd->why = strdup(f[2])) != NULL;
	}
	if (!strcmp(f[0], "E")) {
		unsigned def;
		unsigned char *d;

		if (!rd->have_w || !rd->known || n != 4 || !unescape(f[1], &a0) ||
		    !unescape(f[2], &a1) || a0 || !parse_uint(f[3], 1, &def) ||
		    rd->names.n >= MAX_ENTRIES || !(d = realloc(rd->defaults, rd->ndefaults + 1)))
			return false;
		rd->defaults = d;
		d[rd->ndefaults++] = (unsigned char)def;
		return strlist_add(&rd->names, f[1]) && strlist_add(&rd->versions, a1 ? "" : f[2]);
	}
	if (!strcmp(f[0], "A")) {
		unsigned id;

		if (n != 5 || !parse_uint(f[1], UINT32_MAX, &id) || id != rd->nids + 1 ||
		    !unescape(f[2], &a0) || !unescape(f[3], &a1) || !unescape(f[4], &a2) || a0 ||
		    afalg_grow(&rd->ids, &rd->capids, rd->nids, sizeof(*rd->ids), 64))
			return false;
		rd->ids[rd->nids].archive = ctx_intern(ctx, f[2]);
		rd->ids[rd->nids].package = a1 ? NULL : ctx_intern(ctx, f[3]);
		rd->ids[rd->nids].version = a2 ? NULL : ctx_intern(ctx, f[4]);
		rd->nids++;
		return true;
	}
	if (!strcmp(f[0], "L")) {
		char *k, *v;

		if (n != 3 || !unescape(f[1], &a0) || !unescape(f[2], &a1) || a0 || a1)
			return false;
		if (!rd->import) /* the name a chain of links ends at */
			return afalg_intern(&ctx->import_wanted, base_of(f[2])) != NULL;
		if (!strmap_get(&ctx->imported_links, f[1]) &&
		    (k = arena_strdup(&ctx->imported.arena, f[1])) &&
		    (v = arena_strdup(&ctx->imported.arena, f[2])))
			strmap_put(&ctx->imported_links, k, v);
		return true;
	}
	return false;
}

static bool add_target_base(const char *key, void *value, void *arg)
{
	(void)key;
	return afalg_intern(arg, base_of(value)) != NULL;
}

static bool read_file(struct scan_ctx *ctx, const char *path, bool import)
{
	struct reader rd = {.ctx = ctx, .path = path, .import = import};
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	bool ok = true;

	if (!f) {
		afalg_errno(path, errno, "--links-from: cannot open");
		return false;
	}
	/* Own symlinks may lead into another shard's archive too. */
	if (import)
		strmap_each(&ctx->links, add_target_base, &ctx->import_wanted);
	while (ok && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if ((size_t)len > MAX_LINE || !len || line[len - 1] != '\n') {
			ok = false;
			break;
		}
		line[len - 1] = '\0';
		if (lineno == 1) {
			ok = !strcmp(line, MAGIC) || !strcmp(line, MAGIC_V1);
			rd.version = !strcmp(line, MAGIC) ? 2 : 1;
		} else
			ok = read_line(&rd, line);
	}
	if (ok && ferror(f)) {
		afalg_errno(path, errno, "--links-from: cannot read");
		lineno = 0;
		ok = false;
	} else if (ok && !lineno) {
		ok = false;
	}
	if (!ok && lineno)
		afalg_err(path, "--links-from: line %zu: not a link index line (%s)", lineno,
			  "written by 'scan --links-out'");
	else if (!ok && !ferror(f))
		afalg_err(path, "--links-from: empty, not a link index");
	free(line);
	free(rd.ids);
	pending_clear(&rd);
	fclose(f);
	return ok;
}

bool links_check(struct scan_ctx *ctx, const char *path)
{
	return read_file(ctx, path, false);
}

bool links_import(struct scan_ctx *ctx, const char *path)
{
	return read_file(ctx, path, true);
}
