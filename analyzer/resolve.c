// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
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

static struct file_result missing_marker;
#define MISSING (&missing_marker)

struct resolver {
	struct scan_ctx *ctx;
	bool use_host;
	struct strmap by_member;  /* archive overlay path → result */
	struct strmap by_devino;  /* "dev:ino" of scanned files → result */
	struct strmap by_soname;  /* soname/basename of scanned libraries → result */
	struct strmap host_cache; /* host candidate path → result, or MISSING */
	struct strpool keys;	  /* owned keys for the maps above */
	struct file_result **host;
	size_t nhost, caphost;
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

static const char *key(struct resolver *rs, const char *s)
{
	return strpool_intern(&rs->keys, s);
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

static bool compatible(const struct file_result *a, const struct file_result *b)
{
	return a->kind == KIND_ELF && b->kind == KIND_ELF && a->elf_class == b->elf_class &&
	       a->elf_machine == b->elf_machine;
}

static void index_results(struct resolver *rs)
{
	struct scan_ctx *ctx = rs->ctx;
	char buf[64];

	for (size_t i = 0; i < ctx->nres; i++) {
		struct file_result *r = ctx->res[i];
		const char *base;

		if (r->kind != KIND_ELF || r->error)
			continue;
		if (r->archive) {
			strmap_put(&rs->by_member, key(rs, r->path), r);
		} else {
			snprintf(buf, sizeof(buf), "%llx:%llx", (unsigned long long)r->dev,
				 (unsigned long long)r->ino);
			strmap_put(&rs->by_devino, key(rs, buf), r);
		}
		if (r->role != ROLE_LIBRARY)
			continue;
		base = strrchr(r->path, '/');
		base = base ? base + 1 : r->path;
		if (r->soname && !strmap_get(&rs->by_soname, r->soname))
			strmap_put(&rs->by_soname, key(rs, r->soname), r);
		if (!strmap_get(&rs->by_soname, base))
			strmap_put(&rs->by_soname, key(rs, base), r);
	}
}

/* Inside the archive overlay: follow library symlinks recorded by archive.c. */
static struct file_result *member_lookup(struct resolver *rs, const char *cand)
{
	char path[4096], next[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s", cand) >= sizeof(path))
		return NULL;
	for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
		struct file_result *r = strmap_get(&rs->by_member, path);
		const char *target;
		const char *slash;

		if (r)
			return r;
		target = strmap_get(&rs->ctx->links, path);
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

static struct file_result *host_analyse(struct resolver *rs, const char *path,
					const struct stat *st)
{
	struct file_result *r = result_new(path, NULL);
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
	if (rs->ctx->pkgdb)
		pkgdb_lookup(rs->ctx->pkgdb, path, &r->package, &r->version);
	if (afalg_grow(&rs->host, &rs->caphost, rs->nhost, sizeof(*rs->host), 64)) {
		result_free(r);
		return NULL;
	}
	rs->host[rs->nhost++] = r;
	return r;
}

/* On this system: a scanned file (by identity) or one analysed now. */
static struct file_result *host_lookup(struct resolver *rs, const char *cand, bool *on_host)
{
	struct file_result *r = strmap_get(&rs->host_cache, cand);
	struct stat st, lst;
	char buf[64];

	if (!r) {
		r = MISSING;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(buf, sizeof(buf), "%llx:%llx", (unsigned long long)st.st_dev,
				 (unsigned long long)st.st_ino);
			r = strmap_get(&rs->by_devino, buf);
			if (!r && rs->use_host) {
				/* open_regular wants the final file's own lstat: resolve links
				 * first. */
				char *real = realpath(cand, NULL);

				if (real && lstat(real, &lst) == 0)
					r = host_analyse(rs, real, &lst);
				free(real);
			}
			if (!r)
				r = MISSING;
		}
		strmap_put(&rs->host_cache, key(rs, cand), r);
	}
	if (r == MISSING)
		return NULL;
	*on_host = r->from_host;
	return r;
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
		if (*tok)
			s->dirs[s->n++] = resolve_expand_origin(tok, origin);
	free(copy);
}

static void build_search(struct search *s, const struct file_result *r)
{
	char origin[4096], def[6][96];
	const char *slash = strrchr(r->path, '/');
	const char *ma = multiarch(r->elf_machine, r->elf_class);
	char list[800];

	s->n = 0;
	snprintf(origin, sizeof(origin), "%.*s", (int)(slash ? slash - r->path : 1),
		 slash ? r->path : ".");
	if (!origin[0])
		snprintf(origin, sizeof(origin), "/");
	if (r->rpath && !r->runpath)
		add_dirs(s, r->rpath, origin);
	add_dirs(s, r->runpath, origin);
	snprintf(def[0], sizeof(def[0]), "/lib/%s", ma);
	snprintf(def[1], sizeof(def[1]), "/usr/lib/%s", ma);
	snprintf(def[2], sizeof(def[2]), "%s", r->elf_class == 64 ? "/lib64" : "/lib32");
	snprintf(def[3], sizeof(def[3]), "%s", r->elf_class == 64 ? "/usr/lib64" : "/usr/lib32");
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

static struct file_result *find_needed(struct resolver *rs, const struct file_result *r,
				       const char *needed, const struct search *s, bool *on_host,
				       char *where, size_t wsz)
{
	struct file_result *dep;
	char cand[4200];

	*on_host = false;
	if (strchr(needed, '/'))
		return NULL;
	if (r->archive)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = member_lookup(rs, cand)) && compatible(r, dep))
				return snprintf(where, wsz, "%s", dep->path), dep;
		}
	if (!r->archive)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = host_lookup(rs, cand, on_host)) && compatible(r, dep))
				return snprintf(where, wsz, "%s", dep->path), dep;
		}
	/* Within the scanned inputs, wherever the library sits. */
	if ((dep = strmap_get(&rs->by_soname, needed)) && compatible(r, dep) &&
	    (!r->archive) == (!dep->archive)) {
		*on_host = false;
		return snprintf(where, wsz, "%s", dep->path), dep;
	}
	if (r->archive && rs->use_host)
		for (size_t i = 0; i < s->n; i++) {
			snprintf(cand, sizeof(cand), "%s/%s", s->dirs[i], needed);
			if ((dep = host_lookup(rs, cand, on_host)) && compatible(r, dep)) {
				*on_host = true;
				return snprintf(where, wsz, "%s", dep->path), dep;
			}
		}
	return NULL;
}

static void add_via(struct file_result *r, const char *needed, const struct file_result *dep,
		    bool on_host)
{
	struct via *v = reallocarray(r->via, r->nvia + 1, sizeof(*r->via));
	char detail[4400];
	struct evidence *e;

	if (!v)
		return;
	r->via = v;
	v = &r->via[r->nvia];
	memset(v, 0, sizeof(*v));
	v->needed = strdup(needed);
	v->path = strdup(dep->path);
	v->package = dep->package;
	v->on_host = on_host;
	if (!v->needed || !v->path) {
		free(v->needed);
		free(v->path);
		return;
	}
	r->nvia++;
	snprintf(detail, sizeof(detail), "%s => %s", needed, dep->path);
	e = result_add_evidence(r, EV_LINKED_LIBRARY, CONF_MEDIUM, detail, NO_OFFSET);
	(void)e;
}

static bool visit(struct resolver *rs, struct file_result *r, int depth)
{
	struct search s;
	bool was_user = r->cls == CLASS_USES;

	if (r->resolve_state == DONE)
		return r->cls == CLASS_USES;
	if (r->resolve_state == VISITING || depth > MAX_DEPTH)
		return false; /* a cycle: the caller decides without this edge */
	r->resolve_state = VISITING;
	build_search(&s, r);
	for (size_t i = 0; i < r->needed.n; i++) {
		char where[4096];
		bool on_host;
		struct file_result *dep =
			find_needed(rs, r, r->needed.v[i], &s, &on_host, where, sizeof(where));

		if (!dep || dep == r || !visit(rs, dep, depth + 1))
			continue;
		add_via(r, r->needed.v[i], dep, on_host);
		if (!was_user) {
			r->cls = CLASS_USES;
			r->runtime = NULL;
			r->types |= dep->types;
			r->features |= dep->features;
		}
	}
	free_search(&s);
	r->resolve_state = DONE;
	return r->cls == CLASS_USES;
}

void resolve_indirect(struct scan_ctx *ctx, bool use_host)
{
	struct resolver rs = {.ctx = ctx, .use_host = use_host};
	size_t n = ctx->nres;

	strpool_init(&rs.keys);
	index_results(&rs);
	for (size_t i = 0; i < n; i++)
		if (ctx->res[i]->kind == KIND_ELF && !ctx->res[i]->error)
			visit(&rs, ctx->res[i], 0);
	for (size_t i = 0; i < rs.nhost; i++)
		result_free(rs.host[i]);
	free(rs.host);
	strmap_free(&rs.by_member);
	strmap_free(&rs.by_devino);
	strmap_free(&rs.by_soname);
	strmap_free(&rs.host_cache);
	strpool_free(&rs.keys);
}
