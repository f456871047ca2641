// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Building and freeing file_result records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afalg.h"
#include "imports.h"
#include "scan.h"

/* A hostile file can hold millions of matching strings: keep the first few. */
#define MAX_EVIDENCE 64
#define MAX_ALGORITHMS 64

bool strlist_add(struct strlist *l, const char *s)
{
	char *copy;

	if (afalg_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 8))
		return false;
	copy = strdup(s);
	if (!copy)
		return false;
	l->v[l->n++] = copy;
	return true;
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct file_result *result_new(const char *path, const char *archive)
{
	struct file_result *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->path = strdup(path);
	r->archive = archive ? strdup(archive) : NULL;
	if (!r->path || (archive && !r->archive)) {
		result_free(r);
		return NULL;
	}
	return r;
}

static void free_evidence(struct file_result *r)
{
	for (size_t i = 0; i < r->nev; i++) {
		free(r->ev[i].detail);
		free(r->ev[i].function);
		free(r->ev[i].src_file);
	}
	free(r->ev);
	r->ev = NULL;
	r->nev = r->capev = 0;
}

static void free_via(struct file_result *r)
{
	for (size_t i = 0; i < r->nvia_libs; i++) {
		free(r->via_libs[i].needed);
		free(r->via_libs[i].path);
		strlist_free(&r->via_libs[i].functions);
	}
	free(r->via_libs);
	r->via_libs = NULL;
	r->nvia_libs = 0;
}

void entries_free(struct afalg_entries *e)
{
	free(e->v);
	free(e->strings);
	memset(e, 0, sizeof(*e));
}

void result_free(struct file_result *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->archive);
	free_evidence(r);
	free_via(r);
	strlist_free(&r->algorithms);
	strlist_free(&r->needed);
	free(r->soname);
	free(r->runpath);
	free(r->rpath);
	if (r->imports)
		imports_free(r->imports);
	free(r->imports);
	entries_free(&r->entries);
	free(r->error);
	free(r);
}

struct evidence *result_add_evidence(struct file_result *r, enum evidence_kind kind,
				     enum confidence conf, const char *detail, uint64_t offset)
{
	struct evidence *e;

	/* The same fact twice (one string, two offsets) adds nothing. */
	for (size_t i = 0; i < r->nev; i++)
		if (r->ev[i].kind == kind && detail && r->ev[i].detail &&
		    !strcmp(r->ev[i].detail, detail) && kind != EV_SOCKET_CALL &&
		    kind != EV_SYSCALL_CALL && kind != EV_RAW_SYSCALL && kind != EV_SCRIPT_TOOL &&
		    kind != EV_PYTHON_AF_ALG)
			return NULL;
	if (r->nev >= MAX_EVIDENCE)
		return NULL;
	if (afalg_grow(&r->ev, &r->capev, r->nev, sizeof(*r->ev), 8))
		return NULL;
	e = &r->ev[r->nev];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->confidence = conf;
	e->offset = offset;
	e->address = NO_OFFSET;
	if (detail && !(e->detail = strdup(detail)))
		return NULL;
	r->nev++;
	return e;
}

void result_add_algorithm(struct file_result *r, const char *alg)
{
	if (r->algorithms.n < MAX_ALGORITHMS && !strlist_has(&r->algorithms, alg))
		strlist_add(&r->algorithms, alg);
}

void result_set_error(struct file_result *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (r->error)
		return; /* the first error is the one that explains the rest */
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) >= 0)
		r->error = msg;
	va_end(ap);
}

void result_trim(struct file_result *r)
{
	free_evidence(r);
	strlist_free(&r->algorithms);
}
