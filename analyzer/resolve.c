// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Works on the compact link records (linkrec.h), not on full results: one
 * per ELF file that links or may be linked.  The few files that turn out to
 * be indirect users and were not findings already get a full result built
 * from their record here.  Indexes are open-addressing tables of record
 * pointers (16 bytes a slot), keyed by hashes of what the records hold, so
 * no key strings are copied.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afalg.h"
#include "fileio.h"
#include "pkgdb.h"
#include "resolve.h"
#include "scan_ctx.h"

#define MAX_LINK_HOPS 8
#define MAX_DEPTH 64

enum { UNVISITED = 0, VISITING, DONE };

static struct link_rec missing_marker;
#define MISSING (&missing_marker)

/* Record pointers by a 64-bit hash; equality is the caller's. */
struct recmap {
	struct recslot {
		uint64_t hash;
		struct link_rec *rec;
	} * slots;
	size_t cap, n;
};

/* Insert l, replacing a record that is the same(): the last one wins, as in a strmap. */
static void recmap_put(struct recmap *m, uint64_t h, struct link_rec *l,
		       bool (*same)(const struct link_rec *, const struct link_rec *))
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct recslot *s = calloc(cap, sizeof(*s));

		if (!s)
			return;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].rec) {
				size_t k = (size_t)m->slots[i].hash & (cap - 1);

				while (s[k].rec)
					k = (k + 1) & (cap - 1);
				s[k] = m->slots[i];
			}
		free(m->slots);
		m->slots = s;
		m->cap = cap;
	}
	for (size_t k = (size_t)h & (m->cap - 1);; k = (k + 1) & (m->cap - 1)) {
		struct recslot *slot = &m->slots[k];

		if (!slot->rec || (slot->hash == h && same(slot->rec, l))) {
			m->n += !slot->rec;
			slot->hash = h;
			slot->rec = l;
			return;
		}
	}
}

/* The first record with hash h for which match() holds. */
static struct link_rec *recmap_get(const struct recmap *m, uint64_t h,
				   bool (*match)(const struct link_rec *, const void *),
				   const void *arg)
{
	if (!m->cap)
		return NULL;
	for (size_t k = (size_t)h & (m->cap - 1); m->slots[k].rec; k = (k + 1) & (m->cap - 1))
		if (m->slots[k].hash == h && match(m->slots[k].rec, arg))
			return m->slots[k].rec;
	return NULL;
}

struct resolver {
	struct scan_ctx *ctx;
	bool use_host;
	struct recmap by_member;  /* archive overlay path → record */
	struct recmap by_devino;  /* files on disk: identity → record */
	struct strmap by_soname;  /* soname/basename of scanned libraries → record */
	struct strmap host_cache; /* candidate path → record, or MISSING */
	struct afalg_intern keys; /* owned keys of host_cache */
	struct link_table host;	  /* libraries analysed on demand (not inputs) */
	size_t added;		  /* full results built for indirect users */
};

char *resolve_expand_origin(const char *entry, const char *origin_dir)
{
	size_t cap = strlen(entry) * 2 + strlen(origin_dir) * 4 + 1, o = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	for (const char *p = entry; *p;) {
		size_t skip = !strncmp(p, "$ORIGIN", 7) ? 7 : !strncmp(p, "${ORIGIN}", 9) ? 9 : 0;

		if (skip && o + strlen(origin_dir) < cap) {
			memcpy(out + o, origin_dir, strlen(origin_dir));
			o += strlen(origin_dir);
			p += skip;
		} else if (o + 1 < cap) {
			out[o++] = *p++;
		} else {
			break;
		}
	}
	out[o] = '\0';
	return out;
}

static const char *multiarch(int machine, int elf_class)
{
	switch (machine) {
	case EM_X86_64:
		return elf_class == 32 ? "x86_64-linux-gnux32" : "x86_64-linux-gnu";
	case EM_AARCH64:
		return "aarch64-linux-gnu";
	case EM_386:
		return "i386-linux-gnu";
	case EM_ARM:
		return "arm-linux-gnueabihf";
	case EM_PPC64:
		return "powerpc64le-linux-gnu";
	case EM_S390:
		return "s390x-linux-gnu";
	case EM_RISCV:
		return "riscv64-linux-gnu";
	case EM_MIPS:
		return "mips64el-linux-gnuabi64";
	default:
		return "";
	}
}

static bool compatible(const struct link_rec *a, const struct link_rec *b)
{
	return a->elf_class == b->elf_class && a->machine == b->machine;
}

static uint64_t devino_hash(uint64_t dev, uint64_t ino)
{
	return (dev * 0x9e3779b97f4a7c15ull) ^ (ino * 0xc2b2ae3d27d4eb4full) ^ (ino >> 29);
}

struct devino {
	uint64_t dev, ino;
};

static bool match_devino(const struct link_rec *l, const void *arg)
{
	const struct devino *d = arg;

	return !l->origin && l->dev == d->dev && l->ino == d->ino;
}

static bool match_member(const struct link_rec *l, const void *arg)
{
	return l->origin && linkrec_is_at(l, arg);
}

static bool same_devino(const struct link_rec *a, const struct link_rec *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

/* Directories are interned: one pointer per distinct string. */
static bool same_member(const struct link_rec *a, const struct link_rec *b)
{
	return a->dir == b->dir && !strcmp(a->base, b->base);
}

/*
 * The scan's own records, then other shards' (--links-from), which never
 * replace an own one: the same archive may be in both.
 */
static void index_records(struct resolver *rs, struct link_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct link_rec *l = t->recs[i];

		if (l->foreign) {
			char path[4096];

			if (!linkrec_path(l, path, sizeof(path)) ||
			    recmap_get(&rs->by_member, linkrec_path_hash(l), match_member, path))
				continue;
		}
		if (l->origin)
			recmap_put(&rs->by_member, linkrec_path_hash(l), l, same_member);
		else
			recmap_put(&rs->by_devino, devino_hash(l->dev, l->ino), l, same_devino);
		if (l->role != ROLE_LIBRARY)
			continue;
		if (l->soname && !strmap_get(&rs->by_soname, l->soname))
			strmap_put(&rs->by_soname, l->soname, l);
		if (!strmap_get(&rs->by_soname, l->base))
			strmap_put(&rs->by_soname, l->base, l);
	}
}

/* Inside the archive overlay: follow library symlinks recorded by archive.c. */
static struct link_rec *member_lookup(struct resolver *rs, const char *cand)
{
	char path[4096], next[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s", cand) >= sizeof(path))
		return NULL;
	for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
		struct link_rec *l =
			recmap_get(&rs->by_member, strmap_hash(path), match_member, path);
		const char *target;
		const char *slash;

		if (l)
			return l;
		target = strmap_get(&rs->ctx->links, path);
		if (!target)
			target = strmap_get(&rs->ctx->imported_links, path);
		if (!target)
			return NULL;
		slash = strrchr(path, '/');
		if ((size_t)(target[0] == '/' ? snprintf(next, sizeof(next), "%s", target)
					      : snprintf(next, sizeof(next), "%.*s/%s",
							 (int)(slash ? slash - path : 0), path,
							 target)) >= sizeof(next))
			return NULL;
		memcpy(path, next, sizeof(path));
	}
	return NULL;
}

/*
 * --shard: a library found on this system that lies below an input was not
 * analysed here only because another shard has it.  It is among the inputs
 * all the same, as in the unsharded scan, and named the way the walk names
 * it (as given on the command line, then the rest of the path): written to
 * shown, which is path itself when there is nothing to map.
 */
static bool among_inputs(const struct scan_ctx *ctx, const char *path, char *shown, size_t size)
{
	const char *package, *version;

	snprintf(shown, size, "%s", path);
	if (ctx->shard_installed && pkgdb_lookup(ctx->pkgdb, path, &package, &version))
		return true;
	for (size_t i = 0; i < ctx->ninput_real; i++) {
		const char *in = ctx->input_real[i];
		size_t n = strlen(in);

		if (strncmp(path, in, n) || (path[n] != '/' && path[n] != '\0' && strcmp(in, "/")))
			continue;
		if (ctx->input_arg && path[n] == '/' && strcmp(in, "/"))
			snprintf(shown, size, "%s%s%s", ctx->input_arg[i],
				 ctx->input_arg[i][strlen(ctx->input_arg[i]) - 1] == '/' ? "" : "/",
				 path + n + 1);
		else if (ctx->input_arg && path[n] == '\0')
			snprintf(shown, size, "%s", ctx->input_arg[i]);
		return true;
	}
	return false;
}

static struct link_rec *host_analyse(struct resolver *rs, const char *path, const struct stat *st)
{
	char shown[4096];
	bool in_inputs = among_inputs(rs->ctx, path, shown, sizeof(shown));
	struct file_result *r = result_new(shown, NULL);
	struct link_rec *l;
	struct mapping m;
	struct stat fst;
	const char *why;
	int fd;

	if (!r)
		return NULL;
	fd = open_regular(path, st, &fst, &why);
	if (fd >= 0) {
		if (map_file(fd, (size_t)fst.st_size, &m) == 0 && m.data) {
			unsigned char *d = m.data;

			if (m.size >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' &&
			    d[3] == 'F')
				elf_scan(rs->ctx, m.data, m.size, true, r);
			unmap_file(&m);
		}
		close(fd);
	}
	r->dev = st->st_dev;
	r->ino = st->st_ino;
	r->from_host = true;
	l = r->kind == KIND_ELF && !r->error ? linktab_add(&rs->host, r, NULL) : NULL;
	if (l)
		l->in_inputs = in_inputs;
	result_free(r);
	return l;
}

/*
 * On this system: a scanned file (by identity) or one analysed now.  in_root:
 * cand is a path inside --root, resolved the way a chroot would.
 */
static struct link_rec *host_lookup(struct resolver *rs, const char *cand, bool in_root,
				    bool *on_host)
{
	char key[4200];
	struct link_rec *l;

	snprintf(key, sizeof(key), "%c%s", in_root ? 'R' : 'H', cand);
	l = strmap_get(&rs->host_cache, key);
	if (!l) {
		char *real =
			in_root ? path_in_root(rs->ctx->rootfd, rs->ctx->root, cand, true) : NULL;
		struct stat st;

		l = MISSING;
		if ((in_root ? real != NULL : true) && stat(in_root ? real : cand, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			struct devino d = {(uint64_t)st.st_dev, (uint64_t)st.st_ino};

			l = recmap_get(&rs->by_devino, devino_hash(d.dev, d.ino), match_devino, &d);
			/* open_regular wants the final file's own lstat: links resolved first. */
			if (!l && rs->use_host && (real || (real = realpath(cand, NULL))) &&
			    lstat(real, &st) == 0)
				l = host_analyse(rs, real, &st);
			if (!l)
				l = MISSING;
		}
		free(real);
		strmap_put(&rs->host_cache, afalg_intern(&rs->keys, key), l);
	}
	if (l == MISSING)
		return NULL;
	*on_host = l->from_host && !l->in_inputs;
	return l;
}

struct search {
	char *dirs[64];
	size_t n;
};

static void add_dirs(struct search *s, const char *list, const char *origin)
{
	char *copy, *save = NULL, *tok;

	if (!list || !(copy = strdup(list)))
		return;
	for (tok = strtok_r(copy, ":", &save); tok && s->n < 64; tok = strtok_r(NULL, ":", &save))
		if (*tok && (s->dirs[s->n] = resolve_expand_origin(tok, origin)))
			s->n++;
	free(copy);
}

/* path as seen inside --root, or NULL when there is no root or path is not below it. */
static const char *inside_root(const struct scan_ctx *ctx, const char *path)
{
	size_t n = strlen(ctx->root);

	if (!n || strncmp(path, ctx->root, n) || path[n] != '/')
		return NULL;
	return path + n;
}

static void build_search(struct search *s, const char *path, const struct link_rec *l)
{
	char origin[4096], def[6][96];
	const char *slash = strrchr(path, '/');
	const char *ma = multiarch(l->machine, l->elf_class);
	char list[800];

	s->n = 0;
	snprintf(origin, sizeof(origin), "%.*s", (int)(slash ? slash - path : 1),
		 slash ? path : ".");
	if (!origin[0])
		snprintf(origin, sizeof(origin), "/");
	if (l->rpath && !l->runpath)
		add_dirs(s, l->rpath, origin);
	add_dirs(s, l->runpath, origin);
	snprintf(def[0], sizeof(def[0]), "/lib/%s", ma);
	snprintf(def[1], sizeof(def[1]), "/usr/lib/%s", ma);
	snprintf(def[2], sizeof(def[2]), "%s", l->elf_class == 64 ? "/lib64" : "/lib32");
	snprintf(def[3], sizeof(def[3]), "%s", l->elf_class == 64 ? "/usr/lib64" : "/usr/lib32");
	snprintf(list, sizeof(list), "%s:%s:%s:%s:/lib:/usr/lib:/usr/local/lib", def[0], def[1],
		 def[2], def[3]);
	add_dirs(s, list, origin);
}

static void free_search(struct search *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->dirs[i]);
	s->n = 0;
}

static struct link_rec *find_needed(struct resolver *rs, const struct link_rec *l,
				    const char *needed, const struct search *s, bool in_root,
				    bool *on_host)
{
	struct link_rec *dep;
	char cand[4200];

	*on_host = false;
	if (strchr(needed, '/'))
		return NULL;
	if (l->origin)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = member_lookup(rs, cand)) && compatible(l, dep))
				return dep;
		}
	if (!l->origin)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = host_lookup(rs, cand, in_root, on_host)) && compatible(l, dep))
				return dep;
		}
	/* Within the scanned inputs, wherever the library sits. */
	if ((dep = strmap_get(&rs->by_soname, needed)) && compatible(l, dep) &&
	    (!l->origin) == (!dep->origin)) {
		*on_host = false;
		return dep;
	}
	if (l->origin && rs->use_host)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = host_lookup(rs, cand, false, on_host)) && compatible(l, dep)) {
				*on_host = true;
				return dep;
			}
		}
	return NULL;
}

/* The package of a record: its archive's, or the database's for a file on disk. */
static void rec_package(const struct resolver *rs, const struct link_rec *l, const char *path,
			const char **package, const char **version)
{
	*package = *version = NULL;
	if (l->origin) {
		*package = l->origin->package;
		*version = l->origin->version;
	} else if (l->full) {
		*package = l->full->package;
		*version = l->full->version;
	} else if (rs->ctx->pkgdb) {
		pkgdb_lookup(rs->ctx->pkgdb, path, package, version);
	}
}

/* A scanned file that was not a finding becomes one: its full result, from the record. */
static struct file_result *materialise(struct resolver *rs, struct link_rec *l, const char *path)
{
	struct scan_ctx *ctx = rs->ctx;
	struct file_result *r = result_new(path, l->origin ? l->origin->archive : NULL);

	if (!r)
		return NULL;
	rec_package(rs, l, path, &r->package, &r->version);
	if (l->build_id)
		snprintf(r->build_id, sizeof(r->build_id), "%s", l->build_id);
	r->kind = KIND_ELF;
	r->role = (enum file_role)l->role;
	r->elf_class = l->elf_class;
	r->elf_machine = l->machine;
	r->big_endian = l->big_endian;
	r->types = l->types;
	r->features = l->features;
	r->dev = (dev_t)l->dev;
	r->ino = (ino_t)l->ino;
	if (afalg_grow(&ctx->res, &ctx->capres, ctx->nres, sizeof(*ctx->res), 1024)) {
		result_free(r);
		return NULL;
	}
	ctx->res[ctx->nres++] = r;
	rs->added++;
	return l->full = r;
}

static void add_via_library(struct resolver *rs, struct file_result *r, const char *needed,
			    const struct link_rec *dep, bool on_host)
{
	struct via_library *v = reallocarray(r->via_libs, r->nvia_libs + 1, sizeof(*r->via_libs));
	char detail[4400], path[4096];
	const char *version;

	if (!v || !linkrec_path(dep, path, sizeof(path)))
		return;
	r->via_libs = v;
	v = &r->via_libs[r->nvia_libs];
	memset(v, 0, sizeof(*v));
	v->needed = strdup(needed);
	v->path = strdup(path);
	rec_package(rs, dep, path, &v->package, &version);
	v->on_host = on_host;
	if (!v->needed || !v->path) {
		free(v->needed);
		free(v->path);
		return;
	}
	r->nvia_libs++;
	snprintf(detail, sizeof(detail), "%s => %s", needed, path);
	result_add_evidence(r, EV_LINKED_LIBRARY, CONF_MEDIUM, detail, NO_OFFSET);
}

static bool visit(struct resolver *rs, struct link_rec *l, int depth)
{
	struct search s;
	bool was_user = l->uses;
	const char *in_root;
	char path[4096];

	if (l->state == DONE)
		return l->uses;
	if (l->state == VISITING || depth > MAX_DEPTH)
		return false; /* a cycle: the caller decides without this edge */
	l->state = VISITING;
	if (!linkrec_path(l, path, sizeof(path))) {
		l->state = DONE;
		return l->uses;
	}
	/* Below --root, libraries are looked up inside it, $ORIGIN included. */
	in_root = l->origin ? NULL : inside_root(rs->ctx, path);
	build_search(&s, in_root ? in_root : path, l);
	for (size_t i = 0; i < l->nneeded; i++) {
		bool on_host;
		struct link_rec *dep =
			find_needed(rs, l, l->needed[i], &s, in_root != NULL, &on_host);
		struct file_result *r;

		if (!dep || dep == l || !visit(rs, dep, depth + 1))
			continue;
		if (!was_user) {
			l->uses = true;
			l->types |= dep->types;
			l->features |= dep->features;
		}
		/* Libraries analysed on demand or of other shards: never written out. */
		if (l->from_host || l->foreign)
			continue;
		r = l->full ? l->full : materialise(rs, l, path);
		if (!r)
			continue;
		add_via_library(rs, r, l->needed[i], dep, on_host);
		if (!was_user) {
			r->cls = CLASS_USES;
			r->runtime = NULL;
			r->types |= dep->types;
			r->features |= dep->features;
		}
	}
	free_search(&s);
	l->state = DONE;
	return l->uses;
}

/* Files on disk first, then archive members by archive; each by path. */
static int rec_cmp(const void *a, const void *b)
{
	const struct link_rec *x = *(const struct link_rec *const *)a;
	const struct link_rec *y = *(const struct link_rec *const *)b;
	int c;

	if (!x->origin != !y->origin)
		return x->origin ? 1 : -1;
	if (x->origin && (c = strcmp(x->origin->archive, y->origin->archive)))
		return c;
	if ((c = strcmp(x->dir ? x->dir : "", y->dir ? y->dir : "")))
		return c;
	return strcmp(x->base, y->base);
}

void resolve_indirect(struct scan_ctx *ctx, bool use_host)
{
	struct resolver rs = {.ctx = ctx, .use_host = use_host};
	struct link_table *t = &ctx->linkrecs;

	afalg_intern_init(&rs.keys);
	linktab_init(&rs.host);
	/*
	 * Workers append records in the order they finish: sorted, which of two
	 * libraries with one soname (or two archives with one member path) is
	 * chosen no longer depends on thread scheduling.
	 */
	if (ctx->linkrecs.n > 1)
		qsort(ctx->linkrecs.recs, ctx->linkrecs.n, sizeof(*ctx->linkrecs.recs), rec_cmp);
	if (ctx->imported.n > 1)
		qsort(ctx->imported.recs, ctx->imported.n, sizeof(*ctx->imported.recs), rec_cmp);
	index_records(&rs, &ctx->linkrecs);
	index_records(&rs, &ctx->imported);
	for (size_t i = 0; i < t->n; i++)
		visit(&rs, t->recs[i], 0);
	free(rs.by_member.slots);
	free(rs.by_devino.slots);
	strmap_free(&rs.by_soname);
	strmap_free(&rs.host_cache);
	afalg_intern_free(&rs.keys);
	linktab_free(&rs.host);
}
