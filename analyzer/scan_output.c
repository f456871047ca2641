// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "json_bytes.h"
#include "scan_output.h"
#include "usrmerge.h"

static int cmp_nullable(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_result(const void *pa, const void *pb)
{
	const struct file_result *a = *(struct file_result *const *)pa;
	const struct file_result *b = *(struct file_result *const *)pb;
	int c = cmp_nullable(a->archive, b->archive);

	return c ? c : strcmp(a->path, b->path);
}

void scan_output_sort(struct scan_ctx *ctx)
{
	if (ctx->nres) /* res is NULL when nothing was kept; qsort wants a pointer */
		qsort(ctx->res, ctx->nres, sizeof(*ctx->res), cmp_result);
}

/* The names of the ids in a mask, in id order (scan-v1 "afalg_types", "features"). */
static struct json_object *names_array(unsigned mask, unsigned count,
				       const char *(*name)(unsigned int id))
{
	struct json_object *a = json_object_new_array();

	for (unsigned id = 0; id < count; id++)
		if (mask & AFALG_BIT(id))
			json_object_array_add(a, json_object_new_string(name(id)));
	return a;
}

static struct json_object *types_array(unsigned types)
{
	return names_array(types, AFALG_TYPE_COUNT, afalg_type_name);
}

static const char *kind_name(enum file_kind k)
{
	return k == KIND_SHELL ? "shell" : k == KIND_PYTHON ? "python" : "elf";
}

const char *use_name(const struct file_result *r);
const char *use_name(const struct file_result *r)
{
	if (r->cls == CLASS_UNREACHABLE)
		return "direct"; /* its own code, dead */
	if (r->cls != CLASS_USES)
		return NULL;
	if (r->direct)
		return "direct";
	if (r->kcapi_imports)
		return "libkcapi";
	if (r->kind == KIND_SHELL)
		return "tool";
	return "library";
}

static struct json_object *evidence_json(const struct evidence *e)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "kind", json_object_new_string(evidence_kind_name(e->kind)));
	afalg_json_add_bytes(o, "detail", e->detail);
	json_object_object_add(o, "confidence",
			       json_object_new_string(confidence_name(e->confidence)));
	json_object_object_add(o, "offset",
			       e->offset == NO_OFFSET ? NULL
						      : json_object_new_int64((int64_t)e->offset));
	json_object_object_add(
		o, "address",
		e->address == NO_OFFSET ? NULL : json_object_new_int64((int64_t)e->address));
	afalg_json_add_bytes(o, "function", e->function);
	if (e->src_file) {
		struct json_object *src = json_object_new_object();

		afalg_json_add_bytes(src, "file", e->src_file);
		json_object_object_add(src, "line", json_object_new_int(e->src_line));
		json_object_object_add(o, "source", src);
	} else {
		json_object_object_add(o, "source", NULL);
	}
	json_object_object_add(
		o, "line", !e->src_file && e->src_line ? json_object_new_int(e->src_line) : NULL);
	return o;
}

/*
 * Where the file is installed, where the scan knows it: the path its
 * package records and a running process is seen under.  An archive
 * member's own path; the path below --root; the path itself on this system
 * (the installed system, or a file given by its absolute path outside any
 * directory argument).  NULL otherwise: a directory given as PATH may be a
 * staged tree (a DESTDIR) or not, which report weighs from the arguments.
 */
#define INSTALLED_MAX_INPUTS 256
static const char *installed_path(const struct scan_ctx *ctx, const struct scan_run *run,
				  const struct file_result *r)
{
	size_t n = strlen(ctx->root);

	if (r->archive)
		return r->path[0] == '/' ? r->path : NULL;
	if (n)
		return !strncmp(r->path, ctx->root, n) && r->path[n] == '/' ? r->path + n : NULL;
	if (r->path[0] != '/')
		return NULL;
	if (!run->ninputs)
		return r->path; /* the installed system */
	/* below a directory argument, or too many arguments to tell cheaply */
	if (run->ninputs > INSTALLED_MAX_INPUTS)
		return NULL;
	for (int i = 0; i < run->ninputs; i++) {
		size_t l = strlen(run->inputs[i]);

		while (l > 1 && run->inputs[i][l - 1] == '/')
			l--;
		if (!strncmp(run->inputs[i], r->path, l) && r->path[l] == '/')
			return NULL;
	}
	return r->path; /* a file given by its path */
}

static struct json_object *file_json(const struct scan_ctx *ctx, const struct scan_run *run,
				     const struct file_result *r)
{
	struct json_object *o = json_object_new_object(), *a;
	const char *inst = installed_path(ctx, run, r);
	char key[4200];

	afalg_json_add_bytes(o, "path", r->path);
	/* one identity wherever the program is seen (version 4; common/usrmerge.h) */
	afalg_json_add_bytes(o, "installed_path", inst);
	afalg_json_add_bytes(o, "identity",
			     inst ? afalg_usrmerge_key(inst, key, sizeof(key)) : NULL);
	afalg_json_add_bytes(o, "archive", r->archive);
	afalg_json_add_bytes(o, "package", r->package);
	afalg_json_add_bytes(o, "version", r->version);
	afalg_json_add_bytes(o, "source_package", r->source_package); /* version 5 */
	json_object_object_add(o, "build_id",
			       r->build_id[0] ? json_object_new_string(r->build_id) : NULL);
	json_object_object_add(o, "kind", json_object_new_string(kind_name(r->kind)));
	json_object_object_add(o, "role", json_object_new_string(role_name(r->role)));
	if (r->kind == KIND_ELF) {
		json_object_object_add(o, "machine",
				       json_object_new_string(elf_machine_name(r->elf_machine)));
		json_object_object_add(o, "elf_class", json_object_new_int(r->elf_class));
		json_object_object_add(o, "byte_order",
				       json_object_new_string(r->big_endian ? "big" : "little"));
	}
	json_object_object_add(o, "classification", json_object_new_string(class_name(r->cls)));
	json_object_object_add(o, "use", use_name(r) ? json_object_new_string(use_name(r)) : NULL);
	json_object_object_add(o, "runtime",
			       r->runtime ? json_object_new_string(r->runtime) : NULL);
	json_object_object_add(o, "afalg_types", types_array(r->types));
	json_object_object_add(
		o, "features",
		names_array(r->features & SCAN_FEATURES, AFALG_FEAT_COUNT, afalg_feature_name));
	a = json_object_new_array();
	for (size_t i = 0; i < r->algorithms.n; i++)
		json_object_array_add(a, json_object_new_string(r->algorithms.v[i]));
	json_object_object_add(o, "algorithms", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nvia_libs; i++) {
		struct json_object *v = json_object_new_object();

		afalg_json_add_bytes(v, "needed", r->via_libs[i].needed);
		afalg_json_add_bytes(v, "path", r->via_libs[i].path);
		afalg_json_add_bytes(v, "package", r->via_libs[i].package);
		json_object_object_add(v, "on_host",
				       json_object_new_boolean(r->via_libs[i].on_host));
		if (r->via_libs[i].functions_known) {
			struct json_object *fa = json_object_new_array();

			for (size_t k = 0; k < r->via_libs[i].functions.n; k++)
				json_object_array_add(
					fa, json_object_new_string(r->via_libs[i].functions.v[k]));
			json_object_object_add(v, "functions", fa);
		} else {
			json_object_object_add(v, "functions", NULL);
		}
		json_object_object_add(v, "afalg_types", types_array(r->via_libs[i].types));
		json_object_array_add(a, v);
	}
	json_object_object_add(o, "via", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nev; i++)
		json_object_array_add(a, evidence_json(&r->ev[i]));
	json_object_object_add(o, "evidence", a);
	return o;
}

struct pkg_sum {
	const char *name, *version, *source;
	unsigned types;
	size_t uses, capable, direct, links, unreachable;
};

static int cmp_pkg(const void *pa, const void *pb)
{
	const struct pkg_sum *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ? c : cmp_nullable(a->version, b->version);
}

static struct pkg_sum *summarise(const struct scan_ctx *ctx, size_t *np)
{
	struct pkg_sum *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < ctx->nres; i++) {
		const struct file_result *r = ctx->res[i];
		struct pkg_sum *p = NULL;

		if (r->cls == CLASS_NONE || !r->package)
			continue;
		/* Names and versions are interned: pointer equality is string equality. */
		for (size_t k = 0; k < n && !p; k++)
			if (v[k].name == r->package && v[k].version == r->version)
				p = &v[k];
		if (!p) {
			struct pkg_sum *nv = reallocarray(v, n + 1, sizeof(*v));

			if (!nv)
				break;
			v = nv;
			p = &v[n++];
			memset(p, 0, sizeof(*p));
			p->name = r->package;
			p->version = r->version;
			p->source = r->source_package;
		}
		if (r->cls == CLASS_USES) {
			p->uses++;
			p->direct += r->direct || r->kcapi_imports || r->kind != KIND_ELF;
			p->types |= r->types;
		} else if (r->cls == CLASS_LINKS) {
			p->links++;
		} else if (r->cls == CLASS_UNREACHABLE) {
			p->unreachable++;
		} else {
			p->capable++;
		}
	}
	/* Packages of links/unreachable files only: the types they would use. */
	for (size_t i = 0; i < ctx->nres; i++) {
		const struct file_result *r = ctx->res[i];

		if ((r->cls != CLASS_LINKS && r->cls != CLASS_UNREACHABLE) || !r->package)
			continue;
		for (size_t k = 0; k < n; k++)
			if (v[k].name == r->package && v[k].version == r->version && !v[k].uses &&
			    !v[k].capable)
				v[k].types |= r->types;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_pkg);
	*np = n;
	return v;
}

/* The strongest answer among its files: uses, capable, unreachable, links. */
static const char *pkg_class(const struct pkg_sum *p)
{
	return p->uses ? "uses" : p->capable ? "capable" : p->unreachable ? "unreachable" : "links";
}

struct json_object *scan_output_json(const struct scan_ctx *ctx, const struct scan_run *run)
{
	struct json_object *root = json_object_new_object(), *a, *o;
	struct pkg_sum *ps;
	size_t nps;
	char gen[64];

	json_object_object_add(root, "format", json_object_new_string(SCAN_FORMAT));
	json_object_object_add(root, "version", json_object_new_int(SCAN_FORMAT_VERSION));
	snprintf(gen, sizeof(gen), "%s %s", AFALG_PROG, AFALG_VERSION);
	json_object_object_add(root, "generator", json_object_new_string(gen));
	a = json_object_new_array();
	for (int i = 0; i < run->ninputs; i++) {
		o = json_object_new_object();
		afalg_json_add_bytes(o, "path", run->inputs[i]);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "inputs", a);
	if (run->shard_count) {
		o = json_object_new_object();
		json_object_object_add(o, "index", json_object_new_int((int)run->shard_index));
		json_object_object_add(o, "count", json_object_new_int((int)run->shard_count));
		json_object_object_add(root, "shard", o);
	} else {
		json_object_object_add(root, "shard", NULL);
	}
	o = json_object_new_object();
	json_object_object_add(o, "files", json_object_new_int64((int64_t)ctx->files));
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)ctx->bytes));
	json_object_object_add(o, "elf_files", json_object_new_int64((int64_t)ctx->elf_files));
	json_object_object_add(o, "archives", json_object_new_int64((int64_t)ctx->archives));
	json_object_object_add(o, "archive_members", json_object_new_int64((int64_t)ctx->members));
	json_object_object_add(o, "errors", json_object_new_int64((int64_t)ctx->errors));
	json_object_object_add(o, "seconds", json_object_new_double(run->seconds));
	json_object_object_add(root, "stats", o);

	a = json_object_new_array();
	for (size_t i = 0; i < ctx->nres; i++)
		if (ctx->res[i]->cls != CLASS_NONE)
			json_object_array_add(a, file_json(ctx, run, ctx->res[i]));
	json_object_object_add(root, "files", a);

	ps = summarise(ctx, &nps);
	a = json_object_new_array();
	for (size_t i = 0; i < nps; i++) {
		o = json_object_new_object();
		afalg_json_add_bytes(o, "package", ps[i].name);
		afalg_json_add_bytes(o, "version", ps[i].version);
		afalg_json_add_bytes(o, "source_package", ps[i].source);
		json_object_object_add(o, "classification",
				       json_object_new_string(pkg_class(&ps[i])));
		json_object_object_add(o, "direct", json_object_new_boolean(ps[i].direct > 0));
		json_object_object_add(o, "files_uses", json_object_new_int64((int64_t)ps[i].uses));
		json_object_object_add(o, "files_capable",
				       json_object_new_int64((int64_t)ps[i].capable));
		json_object_object_add(o, "files_links",
				       json_object_new_int64((int64_t)ps[i].links));
		json_object_object_add(o, "files_unreachable",
				       json_object_new_int64((int64_t)ps[i].unreachable));
		json_object_object_add(o, "afalg_types", types_array(ps[i].types));
		json_object_array_add(a, o);
	}
	free(ps);
	json_object_object_add(root, "packages", a);

	a = json_object_new_array();
	for (size_t i = 0; i < ctx->nres; i++) {
		const struct file_result *r = ctx->res[i];

		if (!r->error)
			continue;
		o = json_object_new_object();
		afalg_json_add_bytes(o, "path", r->path);
		afalg_json_add_bytes(o, "archive", r->archive);
		afalg_json_add_bytes(o, "package", r->package);
		afalg_json_add_bytes(o, "error", r->error);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "errors", a);

	a = json_object_new_array();
	for (size_t i = 0; i < ctx->nunresolved; i++) {
		const struct scan_unresolved *u = &ctx->unresolved[i];
		struct json_object *ex = json_object_new_array();

		o = json_object_new_object();
		afalg_json_add_bytes(o, "needed", u->needed);
		json_object_object_add(o, "files", json_object_new_int64((int64_t)u->files));
		for (size_t k = 0; k < u->nexamples; k++) {
			struct json_object *e = json_object_new_object();

			afalg_json_add_bytes(e, "path", u->examples[k]);
			json_object_array_add(ex, e);
		}
		json_object_object_add(o, "examples", ex);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "unresolved", a);
	return root;
}

static void put_escaped(FILE *f, const char *s)
{
	size_t n = afalg_escape_text(NULL, 0, s, strlen(s)) + 1;
	char *buf = malloc(n);

	if (!buf)
		return;
	afalg_escape_text(buf, n, s, strlen(s));
	fputs(buf, f);
	free(buf);
}

static void put_bits(FILE *f, unsigned bits)
{
	bool first = true;

	for (unsigned id = 0; id < AFALG_TYPE_COUNT; id++)
		if (bits & AFALG_BIT(id)) {
			fprintf(f, "%s%s", first ? "" : ",", afalg_type_name(id));
			first = false;
		}
	if (first)
		fputs("-", f);
}

void scan_output_text(FILE *f, const struct scan_ctx *ctx, const struct scan_run *run)
{
	size_t uses = 0, direct = 0, capable = 0, links = 0, dead = 0, errors = 0, npkg;
	struct pkg_sum *ps = summarise(ctx, &npkg);

	free(ps);
	for (size_t i = 0; i < ctx->nres; i++) {
		const struct file_result *r = ctx->res[i];

		if (r->error) {
			errors++;
			fputs("error       ", f);
			if (r->archive) {
				put_escaped(f, r->archive);
				fputc(':', f);
			}
			put_escaped(f, r->path);
			fputs(": ", f);
			put_escaped(f, r->error);
			fputc('\n', f);
			continue;
		}
		if (r->cls == CLASS_NONE)
			continue;
		if (r->cls == CLASS_USES) {
			uses++;
			direct += r->direct || r->kcapi_imports;
		} else if (r->cls == CLASS_LINKS) {
			links++;
		} else if (r->cls == CLASS_UNREACHABLE) {
			dead++;
		} else {
			capable++;
		}
		fprintf(f, "%-11s ", class_name(r->cls));
		if (r->archive) {
			put_escaped(f, r->archive);
			fputc(':', f);
		}
		put_escaped(f, r->path);
		if (r->package) {
			fputs(" (", f);
			put_escaped(f, r->package);
			if (r->version) {
				fputc(' ', f);
				put_escaped(f, r->version);
			}
			fputc(')', f);
		}
		fputs(" types=", f);
		put_bits(f, r->types);
		if (r->runtime)
			fprintf(f, " runtime=%s", r->runtime);
		else if (use_name(r))
			fprintf(f, " use=%s", use_name(r));
		for (size_t k = 0; k < r->nvia_libs; k++) {
			const struct via_library *v = &r->via_libs[k];

			fputs(k ? ";" : " via=", f);
			put_escaped(f, v->needed);
			for (size_t j = 0; j < v->functions.n; j++) {
				fputc(j ? ',' : ':', f);
				put_escaped(f, v->functions.v[j]);
			}
		}
		for (size_t k = 0; k < r->nev; k++)
			if (r->ev[k].function) {
				fputs(" in=", f);
				put_escaped(f, r->ev[k].function);
				break;
			}
		fputc('\n', f);
	}
	/*
	 * What the answer may be missing: a library nothing here provides may be
	 * an AF_ALG user (the iwd .deb without libell0's).
	 */
	for (size_t i = 0; i < ctx->nunresolved; i++) {
		const struct scan_unresolved *u = &ctx->unresolved[i];

		if (i == SCAN_UNRESOLVED_TEXT) {
			fprintf(f,
				"unresolved  ... and %zu more libraries (the JSON lists them "
				"all)\n",
				ctx->nunresolved - i);
			break;
		}
		fputs("unresolved  ", f);
		put_escaped(f, u->needed);
		fprintf(f, ", needed by %llu file%s: ", (unsigned long long)u->files,
			u->files == 1 ? "" : "s");
		for (size_t k = 0; k < u->nexamples; k++) {
			if (k)
				fputs(", ", f);
			put_escaped(f, u->examples[k]);
		}
		if (u->files > u->nexamples)
			fputs(", ...", f);
		fputc('\n', f);
	}
	fprintf(f,
		"%zu file%s use AF_ALG (%zu directly), %zu capable, %zu link%s a user library "
		"without calling its AF_ALG code, %zu with unreachable AF_ALG code only, %zu "
		"error%s; %llu file%s, %.1f MB in %.1f s\n",
		uses, uses == 1 ? "" : "s", direct, capable, links, links == 1 ? "s" : "", dead,
		errors, errors == 1 ? "" : "s", (unsigned long long)ctx->files,
		ctx->files == 1 ? "" : "s", (double)ctx->bytes / 1e6, run->seconds);
}
