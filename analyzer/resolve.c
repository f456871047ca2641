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

#include <gelf.h>

#include "afalg.h"
#include "buildid.h"
#include "fileio.h"
#include "live_prefetch.h"
#include "pkgdb.h"
#include "reach.h"
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
	struct live_cache *live;  /* archive members' live imports, fetched once per archive */
	struct strmap unresolved; /* DT_NEEDED name -> index in ctx->unresolved + 1 */
	size_t unresolved_cap;
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
 * Libraries by name within the inputs, per machine and class: a survey of
 * several architectures' archives has one libfoo.so.1 of each.
 */
static const char *soname_key(struct resolver *rs, const struct link_rec *l, const char *name,
			      bool add)
{
	char key[4200];

	snprintf(key, sizeof(key), "%u/%u/%s", l->machine, l->elf_class, name);
	return add ? afalg_intern(&rs->keys, key) : afalg_intern_find(&rs->keys, key);
}

static void soname_put(struct resolver *rs, struct link_rec *l, const char *name)
{
	const char *key = soname_key(rs, l, name, true);

	if (key && !strmap_get(&rs->by_soname, key))
		strmap_put(&rs->by_soname, key, l);
}

static struct link_rec *soname_get(struct resolver *rs, const struct link_rec *l, const char *name)
{
	const char *key = soname_key(rs, l, name, false);

	return key ? strmap_get(&rs->by_soname, key) : NULL;
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
		if (l->soname)
			soname_put(rs, l, l->soname);
		soname_put(rs, l, l->base);
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
	if (ctx->shard_installed && pkgdb_lookup(ctx->pkgdb, path, &package, &version, NULL))
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
	if ((dep = soname_get(rs, l, needed)) && compatible(l, dep) &&
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
			const char **package, const char **version, const char **source)
{
	const char *src = NULL;

	*package = *version = NULL;
	if (l->origin) {
		*package = l->origin->package;
		*version = l->origin->version;
		src = l->origin->source;
	} else if (l->full) {
		*package = l->full->package;
		*version = l->full->version;
		src = l->full->source_package;
	} else {
		scan_pkg_lookup(rs->ctx, path, package, version, &src);
	}
	if (source)
		*source = src;
}

/* A scanned file that was not a finding becomes one: its full result, from the record. */
static struct file_result *materialise(struct resolver *rs, struct link_rec *l, const char *path)
{
	struct scan_ctx *ctx = rs->ctx;
	struct file_result *r = result_new(path, l->origin ? l->origin->archive : NULL);

	if (!r)
		return NULL;
	rec_package(rs, l, path, &r->package, &r->version, &r->source_package);
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

/* What one DT_NEEDED edge of a file says, once its library is known to use AF_ALG. */
enum edge_kind { EDGE_NONE, EDGE_LINKS, EDGE_USES };

struct edge {
	enum edge_kind kind;
	const char *needed;
	struct link_rec *dep;
	bool on_host;
	bool known;	     /* which entry points it imports is known (else link level) */
	const char *why;     /* when !known */
	bool *hit;	     /* per dep->entries: imported (and live, where that was checked) */
	struct strlist dead; /* imported entry points nothing reachable calls */
};

/* The table whose import names l's packed imports use. */
static const struct import_names *names_of(const struct resolver *rs, const struct link_rec *l)
{
	if (l->from_host)
		return &rs->host.import_names;
	return l->foreign ? &rs->ctx->imported.import_names : &rs->ctx->linkrecs.import_names;
}

/*
 * A library that uses AF_ALG: does l call it?  By its entry points when both
 * sides are known (issue #16), else at link level, saying why.
 */
static void decide(struct resolver *rs, const struct link_rec *l, struct edge *e)
{
	const struct link_rec *dep = e->dep;

	e->kind = EDGE_USES;
	if (!dep->entries_known) {
		e->why = dep->entries_why ? dep->entries_why : "entry points not analysed";
		return;
	}
	if (!l->imports) {
		e->why = "imports of this file not known";
		return;
	}
	if (dep->nentries && !(e->hit = calloc(dep->nentries, sizeof(*e->hit)))) {
		e->why = "out of memory";
		return;
	}
	switch (imports_match(names_of(rs, l), l->imports, e->needed, dep->entries, dep->nentries,
			      e->hit)) {
	case IMPORTS_SOME:
		e->known = true;
		break;
	case IMPORTS_NONE:
		e->known = true;
		e->kind = EDGE_LINKS;
		break;
	case IMPORTS_UNKNOWN:
		e->why = "imports of this file not known";
		break;
	}
}

/* archive_fetch_fn: a copy of the one member asked for. */
struct kept {
	unsigned char *bytes;
	size_t size;
};

static void keep(void *arg, size_t i, unsigned char *bytes, size_t size)
{
	struct kept *k = arg;

	(void)i;
	if ((k->bytes = malloc(size))) {
		memcpy(k->bytes, bytes, size);
		k->size = size;
	}
}

/*
 * The bytes of l again: a file on disk reopened and checked to be the one
 * scanned (device and inode), or an archive member read again from its
 * archive (checked by build-id).  Other shards' records: not here.
 */
static unsigned char *reread(struct resolver *rs, const struct link_rec *l, const char *path,
			     size_t *size, struct mapping *m)
{
	struct stat st;
	const char *why;
	int fd;

	memset(m, 0, sizeof(*m));
	if (l->origin) {
		struct kept k = {0};
		const char *member = path;

		archive_fetch_members(rs->ctx, l->origin->archive, &member, 1, keep, &k);
		if (k.bytes && !linkrec_is_image(l, k.bytes, k.size)) {
			free(k.bytes);
			k.bytes = NULL;
		}
		*size = k.size;
		return k.bytes;
	}
	if ((fd = open_regular(path, NULL, &st, &why)) < 0)
		return NULL;
	if ((uint64_t)st.st_dev != l->dev || (uint64_t)st.st_ino != l->ino ||
	    map_file(fd, (size_t)st.st_size, m) != 0 || !m->data) {
		close(fd);
		return NULL;
	}
	close(fd);
	*size = m->size;
	return m->data;
}

/* The prefetch's answers for all of names, when it has them all. */
static bool prefetched(const struct resolver *rs, const struct link_rec *l, const char **names,
		       size_t n, bool *live)
{
	for (size_t i = 0; i < n; i++)
		if (!live_lookup(rs->live, l, names[i], &live[i]))
			return false;
	return n > 0;
}

/* Entry points no live code calls are dropped; an edge left with none only links. */
static void drop_dead(struct edge *edges, size_t n, const bool *live)
{
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		struct edge *e = &edges[i];
		bool any = false;

		for (size_t k = 0; e->kind == EDGE_USES && e->known && k < e->dep->nentries; k++) {
			if (!e->hit[k])
				continue;
			if (!live[at++]) {
				e->hit[k] = false;
				strlist_add(&e->dead, e->dep->entries[k].name);
			}
			any |= e->hit[k];
		}
		if (e->kind == EDGE_USES && e->known && !any)
			e->kind = EDGE_LINKS;
	}
}

/*
 * A file that imports entry points: does code it can run call them, or are
 * they left in dead code (a program whose callers of l_cipher_new are
 * unreachable)?  reach_imports_live() on the file itself, read again.  When
 * that cannot be answered the import-level answer stands.
 */
static void check_live(struct resolver *rs, const struct link_rec *l, const char *path,
		       struct edge *edges, size_t n)
{
	const char **names = NULL, *why;
	size_t nnames = 0, cap = 0, size = 0;
	bool *live = NULL;
	struct mapping m;
	unsigned char *image = NULL;

	if (l->foreign || l->from_host)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0;
		     edges[i].kind == EDGE_USES && edges[i].known && k < edges[i].dep->nentries;
		     k++)
			if (edges[i].hit[k]) {
				if (afalg_grow(&names, &cap, nnames, sizeof(*names), 16))
					goto out;
				names[nnames++] = edges[i].dep->entries[k].name;
			}
	if (!nnames || !(live = calloc(nnames, sizeof(*live))))
		goto out;
	if (prefetched(rs, l, names, nnames, live)) {
		drop_dead(edges, n, live);
		goto out;
	}
	if (!(image = reread(rs, l, path, &size, &m)))
		goto out;
	if (reach_imports_live(image, size, names, nnames, live, &why))
		drop_dead(edges, n, live);
	if (m.data)
		unmap_file(&m);
	else
		free(image);
out:
	free(names);
	free(live);
}

static void add_via_library(struct resolver *rs, struct file_result *r, const struct edge *e)
{
	struct via_library *v = reallocarray(r->via_libs, r->nvia_libs + 1, sizeof(*r->via_libs));
	char detail[4400], path[4096];
	const char *version;

	if (!v || !linkrec_path(e->dep, path, sizeof(path)))
		return;
	r->via_libs = v;
	v = &r->via_libs[r->nvia_libs];
	memset(v, 0, sizeof(*v));
	v->needed = strdup(e->needed);
	v->path = strdup(path);
	rec_package(rs, e->dep, path, &v->package, &version, NULL);
	v->on_host = e->on_host;
	v->types = e->dep->types;
	v->functions_known = e->known;
	if (!v->needed || !v->path) {
		free(v->needed);
		free(v->path);
		return;
	}
	r->nvia_libs++;
	for (size_t k = 0; e->known && e->kind == EDGE_USES && k < e->dep->nentries; k++) {
		const struct import_export *x = &e->dep->entries[k];
		char fn[600];

		if (!e->hit[k])
			continue;
		snprintf(fn, sizeof(fn), "%s%s%s", x->name, x->version ? "@" : "",
			 x->version ? x->version : "");
		strlist_add(&v->functions, fn);
		snprintf(detail, sizeof(detail), "%s: %s", e->needed, fn);
		result_add_evidence(r, EV_ENTRY_IMPORT, CONF_HIGH, detail, NO_OFFSET);
	}
	if (e->dead.n) {
		size_t o = (size_t)snprintf(detail, sizeof(detail), "%s => %s (imports", e->needed,
					    path);

		for (size_t k = 0; k < e->dead.n && o < sizeof(detail); k++)
			o += (size_t)snprintf(detail + o, sizeof(detail) - o, "%s %s", k ? "," : "",
					      e->dead.v[k]);
		if (o < sizeof(detail))
			snprintf(detail + o, sizeof(detail) - o, "; nothing reachable calls %s)",
				 e->dead.n > 1 ? "them" : "it");
	} else {
		snprintf(detail, sizeof(detail), "%s => %s", e->needed, path);
	}
	result_add_evidence(r, EV_LINKED_LIBRARY, CONF_MEDIUM, detail, NO_OFFSET);
	if (!e->known) {
		snprintf(detail, sizeof(detail), "%s: %s", e->needed, e->why);
		result_add_evidence(r, EV_LINK_LEVEL, CONF_MEDIUM, detail, NO_OFFSET);
	}
}

/* The edges' answer onto l (for its importers) and onto its result (written out). */
static void write_out(struct resolver *rs, struct link_rec *l, const char *path,
		      const struct edge *edges, size_t n)
{
	bool was_user = l->uses, uses = false, links = false;
	struct file_result *r;

	for (size_t i = 0; i < n; i++) {
		uses |= edges[i].kind == EDGE_USES;
		links |= edges[i].kind == EDGE_LINKS;
	}
	if (uses) {
		l->uses = true;
		l->links = false;
		/* Which of its exports lead to the libraries' AF_ALG code is not analysed. */
		l->entries_known = false;
		l->entries_why = was_user
					 ? "also uses AF_ALG through the libraries it links"
					 : "uses AF_ALG through the libraries it links (chains are "
					   "answered at link level)";
		l->entries = NULL;
		l->nentries = 0;
	} else if (links && !was_user) {
		l->links = true;
	}
	/* A direct user's types are its own (libkcapi's users: from their imports). */
	for (size_t i = 0; i < n && !was_user; i++)
		if (edges[i].kind == EDGE_USES || (edges[i].kind == EDGE_LINKS && !uses)) {
			l->types |= edges[i].dep->types;
			if (edges[i].kind == EDGE_USES)
				l->features |= edges[i].dep->features;
		}
	/* Libraries analysed on demand or of other shards: never written out. */
	if (l->from_host || l->foreign || (!uses && !(links && !was_user)))
		return;
	r = l->full ? l->full : materialise(rs, l, path);
	if (!r)
		return;
	/* A direct user keeps its own answer; the libraries it uses are added. */
	for (size_t i = 0; i < n; i++)
		if (edges[i].kind == EDGE_USES ||
		    (edges[i].kind == EDGE_LINKS && !uses && !was_user))
			add_via_library(rs, r, &edges[i]);
	if (uses && !was_user) {
		/* Dead copies of its own, but a live use through a library. */
		if (r->cls == CLASS_UNREACHABLE)
			r->direct = false;
		r->cls = CLASS_USES;
		r->runtime = NULL;
	} else if (!uses && r->cls == CLASS_NONE) {
		r->cls = CLASS_LINKS;
	}
	for (size_t i = 0; i < n && !was_user; i++)
		if (edges[i].kind == EDGE_USES ||
		    (edges[i].kind == EDGE_LINKS && r->cls == CLASS_LINKS)) {
			r->types |= edges[i].dep->types;
			if (edges[i].kind == EDGE_USES)
				r->features |= edges[i].dep->features;
		}
}

/* A DT_NEEDED name of the scanned file at path that nothing provides. */
static void add_unresolved(struct resolver *rs, const char *needed, const char *archive,
			   const char *path)
{
	char *where = NULL;

	struct scan_ctx *ctx = rs->ctx;
	uintptr_t at = (uintptr_t)strmap_get(&rs->unresolved, needed);
	struct scan_unresolved *u;

	if (!at) {
		if (afalg_grow(&ctx->unresolved, &rs->unresolved_cap, ctx->nunresolved,
			       sizeof(*ctx->unresolved), 16) ||
		    !strmap_put(&rs->unresolved, needed, (void *)(ctx->nunresolved + 1))) {
			ctx->incomplete = true; /* the list is not complete */
			return;
		}
		u = &ctx->unresolved[ctx->nunresolved++];
		memset(u, 0, sizeof(*u));
		if (!(u->needed = strdup(needed)))
			ctx->incomplete = true; /* the list is not complete */
	} else {
		u = &ctx->unresolved[at - 1];
	}
	u->files++;
	/* a member as the text output shows it: ARCHIVE:MEMBER */
	if (u->nexamples < SCAN_UNRESOLVED_EXAMPLES &&
	    (archive ? asprintf(&where, "%s:%s", archive, path) >= 0 : !!(where = strdup(path))))
		u->examples[u->nexamples++] = where;
}

static int cmp_unresolved(const void *a, const void *b)
{
	const struct scan_unresolved *x = a, *y = b;

	return strcmp(x->needed ? x->needed : "", y->needed ? y->needed : "");
}

static bool visit(struct resolver *rs, struct link_rec *l, int depth)
{
	struct search s;
	struct edge *edges;
	const char *in_root;
	char path[4096];

	if (l->state == DONE)
		return l->uses;
	if (l->state == VISITING || depth > MAX_DEPTH)
		return false; /* a cycle: the caller decides without this edge */
	l->state = VISITING;
	if (!linkrec_path(l, path, sizeof(path)) ||
	    !(edges = calloc(l->nneeded ? l->nneeded : 1, sizeof(*edges)))) {
		l->state = DONE;
		return l->uses;
	}
	/* Below --root, libraries are looked up inside it, $ORIGIN included. */
	in_root = l->origin ? NULL : inside_root(rs->ctx, path);
	build_search(&s, in_root ? in_root : path, l);
	for (size_t i = 0; i < l->nneeded; i++) {
		struct edge *e = &edges[i];
		struct link_rec *dep =
			find_needed(rs, l, l->needed[i], &s, in_root != NULL, &e->on_host);

		/* what an input needs and nothing here provides: said, not guessed */
		if (!dep && !l->from_host && !l->foreign)
			add_unresolved(rs, l->needed[i], l->origin ? l->origin->archive : NULL,
				       path);
		if (!dep || dep == l || !visit(rs, dep, depth + 1))
			continue;
		e->needed = l->needed[i];
		e->dep = dep;
		decide(rs, l, e);
	}
	free_search(&s);
	check_live(rs, l, path, edges, l->nneeded);
	write_out(rs, l, path, edges, l->nneeded);
	for (size_t i = 0; i < l->nneeded; i++) {
		free(edges[i].hit);
		strlist_free(&edges[i].dead);
	}
	free(edges);
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

void resolve_indirect(struct scan_ctx *ctx, bool use_host, unsigned jobs)
{
	struct resolver rs = {.ctx = ctx, .use_host = use_host};
	struct link_table *t = &ctx->linkrecs;

	afalg_intern_init(&rs.keys);
	strmap_init(&rs.unresolved);
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
	rs.live = live_prefetch(ctx, t, jobs);
	for (size_t i = 0; i < t->n; i++)
		visit(&rs, t->recs[i], 0);
	live_cache_free(rs.live);
	strmap_free(&rs.unresolved);
	if (ctx->nunresolved > 1)
		qsort(ctx->unresolved, ctx->nunresolved, sizeof(*ctx->unresolved), cmp_unresolved);
	free(rs.by_member.slots);
	free(rs.by_devino.slots);
	strmap_free(&rs.by_soname);
	strmap_free(&rs.host_cache);
	afalg_intern_free(&rs.keys);
	linktab_free(&rs.host);
}
