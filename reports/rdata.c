// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Loading and querying the data files.  They are user-editable, so every
 * member is checked for its type and an error names the file and the entry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_vocab.h"
#include "afalg_measure.h"
#include "jsonin.h"
#include "rdata.h"

#ifndef AFALG_DATADIR
#define AFALG_DATADIR "/usr/share/afalg-audit"
#endif
#ifndef AFALG_SOURCE_DATADIR
#define AFALG_SOURCE_DATADIR ""
#endif

static bool known_type(const char *t)
{
	return afalg_type_from_name(t) >= 0;
}

bool rdata_glob(const char *pat, const char *s)
{
	const char *star = NULL, *mark = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			mark = s;
		} else if (*pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++mark;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

char *rdata_path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);
	const char *sep;
	char *p;

	/* hosts/ and hosts name one directory: hosts/h1, never hosts//h1 */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	sep = len && dir[len - 1] == '/' ? "" : "/"; /* "/" itself */
	if (asprintf(&p, "%.*s%s%s", (int)len, dir, sep, name) < 0)
		return NULL;
	return p;
}

static int load_doc(const char *dir, const char *name, const char *format, struct json_object **doc,
		    char **pathp)
{
	char *path = strchr(name, '/') || !dir ? strdup(name) : rdata_path_join(dir, name);
	int ret;

	if (!path) {
		afalg_err(name, "out of memory");
		return -1;
	}
	ret = jsonin_read(path, doc);
	if (!ret && jsonin_check_format(path, *doc, format)) {
		json_object_put(*doc);
		*doc = NULL;
		ret = -1;
	}
	if (pathp && !ret)
		*pathp = path;
	else
		free(path);
	return ret;
}

static int bad(const char *file, const char *what, size_t i)
{
	afalg_err(file, "entry %zu: %s", i, what);
	return -1;
}

static int load_allowlist(struct rdata *d, const char *file)
{
	struct json_object *arr;
	char *path = NULL;
	size_t n;

	if (load_doc(file ? NULL : d->dir, file ? file : "allowlist.json", "afalg-audit-allowlist",
		     &d->doc_allow, &path))
		return -1;
	d->allowlist_file = path;
	if (!jget_str(d->doc_allow, "name", &d->allow_name) ||
	    !jget_str(d->doc_allow, "source", &d->allow_source)) {
		afalg_err(path, "needs string members \"name\" and \"source\"");
		return -1;
	}
	arr = jget_arr(d->doc_allow, "entries");
	if (!arr) {
		afalg_err(path, "needs an array \"entries\"");
		return -1;
	}
	n = json_object_array_length(arr);
	d->allow = calloc(n ? n : 1, sizeof(*d->allow));
	if (!d->allow)
		return bad(path, "out of memory", 0);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		struct rallow *a = &d->allow[i];

		if (!jget_str(e, "type", &a->type) || !jget_str(e, "name", &a->name) ||
		    !jget_bool(e, "privileged", &a->privileged))
			return bad(path,
				   "needs \"type\", \"name\" (strings), \"privileged\" (boolean)",
				   i);
		if (!known_type(a->type))
			return bad(path, "unknown AF_ALG type", i);
		if (!*a->name || strlen(a->name) > 63)
			return bad(path, "name empty or longer than 63 bytes (salg_name)", i);
	}
	d->nallow = n;
	return 0;
}

/*
 * Each entry goes to d->measures[its id], whatever its place in the file: the
 * verdict rules address measures by id (afalg_measure.h), so an edit that
 * reorders the file cannot move a description onto another measure's
 * verdicts.  Every measure the code knows must be there, once; an id the code
 * does not know is an error (a measure nobody evaluates would be shown as
 * breaking nothing).
 */
static int load_measures(struct rdata *d)
{
	bool seen[AFALG_M_COUNT] = {false};
	struct json_object *arr;
	char *path = NULL;
	int ret = -1;

	if (load_doc(d->dir, "measures.json", "afalg-audit-measures", &d->doc_measures, &path))
		return -1;
	arr = jget_arr(d->doc_measures, "measures");
	if (!arr) {
		afalg_err(path, "needs an array \"measures\"");
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		struct rmeasure m = {0};
		const char *id;
		int mid;

		if (!jget_str(e, "id", &id) || !jget_str(e, "title", &m.title) ||
		    !jget_str(e, "break", &m.brk) || !jget_str(e, "effect", &m.effect) ||
		    !jget_str(e, "description", &m.description) ||
		    !jget_str(e, "where", &m.where)) {
			bad(path, "needs strings id, title, break, effect, description, where", i);
			goto out;
		}
		mid = afalg_measure_from_name(id);
		if (mid < 0) {
			bad(path, "unknown measure id (known: M0..M6)", i);
			goto out;
		}
		if (seen[mid]) {
			bad(path, "measure listed twice", i);
			goto out;
		}
		seen[mid] = true;
		m.id = afalg_measure_name((unsigned int)mid);
		d->measures[mid] = m;
	}
	for (unsigned int mid = 0; mid < AFALG_M_COUNT; mid++)
		if (!seen[mid]) {
			afalg_err(path, "measure %s is missing (every one of M0..M6 is needed)",
				  afalg_measure_name(mid));
			goto out;
		}
	ret = 0;
out:
	free(path);
	return ret;
}

static int check_advice_list(const char *path, struct json_object *list, size_t i)
{
	if (!list || !json_object_is_type(list, json_type_array))
		return bad(path, "\"advice\" must be an array", i);
	for (size_t j = 0; j < json_object_array_length(list); j++) {
		struct json_object *a = json_object_array_get_idx(list, j);
		const char *s;

		if (!jget_str(a, "library", &s) || !jget_str(a, "call", &s))
			return bad(path, "advice entries need strings \"library\" and \"call\"", i);
	}
	return 0;
}

static int load_advice(struct rdata *d)
{
	char *path = NULL;
	int ret = -1;

	if (load_doc(d->dir, "advice.json", "afalg-audit-advice", &d->doc_advice, &path))
		return -1;
	d->advice_algs = jget_arr(d->doc_advice, "algorithms");
	d->advice_types = jget_obj(d->doc_advice, "types");
	d->obsolete = jget_arr(d->doc_advice, "obsolete");
	if (!d->advice_algs || !d->advice_types || !d->obsolete) {
		afalg_err(path,
			  "needs \"algorithms\" (array), \"types\" (object), \"obsolete\" (array)");
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(d->advice_algs); i++) {
		struct json_object *e = json_object_array_get_idx(d->advice_algs, i);
		const char *s;

		if (!jget_str(e, "match", &s)) {
			bad(path, "algorithms: needs a string \"match\"", i);
			goto out;
		}
		if (jget_arr(e, "advice") == NULL ||
		    check_advice_list(path, jget_arr(e, "advice"), i))
			goto out;
	}
	json_object_object_foreach(d->advice_types, key, val)
	{
		if (!known_type(key) || check_advice_list(path, val, 0)) {
			afalg_err(path, "types: \"%s\" is not an AF_ALG type with an advice array",
				  key);
			goto out;
		}
	}
	for (size_t i = 0; i < json_object_array_length(d->obsolete); i++)
		if (!json_object_is_type(json_object_array_get_idx(d->obsolete, i),
					 json_type_string)) {
			bad(path, "obsolete: names must be strings", i);
			goto out;
		}
	ret = 0;
out:
	free(path);
	return ret;
}

static bool string_array_or_null(struct json_object *a)
{
	if (!a)
		return true;
	if (!json_object_is_type(a, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (!json_object_is_type(json_object_array_get_idx(a, i), json_type_string))
			return false;
	return true;
}

static int load_libraries(struct rdata *d)
{
	struct json_object *arr;
	char *path = NULL;
	int ret = -1;
	size_t n;

	if (load_doc(d->dir, "libraries.json", "afalg-audit-libraries", &d->doc_libs, &path))
		return -1;
	arr = jget_arr(d->doc_libs, "libraries");
	if (!arr) {
		afalg_err(path, "needs an array \"libraries\"");
		goto out;
	}
	n = json_object_array_length(arr);
	d->libs = calloc(n ? n : 1, sizeof(*d->libs));
	if (!d->libs)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i), *m;
		struct rlibrary *l = &d->libs[i];

		if (!jget_str(e, "name", &l->name) || !jget_str(e, "kind", &l->kind) ||
		    !jget_str(e, "project", &l->project) || !jget_str(e, "advice", &l->advice)) {
			bad(path, "needs strings name, kind, project, advice", i);
			goto out;
		}
		l->files = json_object_object_get_ex(e, "files", &m) ? m : NULL;
		l->functions = json_object_object_get_ex(e, "functions", &m) ? m : NULL;
		if (!string_array_or_null(l->files) || !string_array_or_null(l->functions)) {
			bad(path, "\"files\" and \"functions\" must be arrays of strings", i);
			goto out;
		}
	}
	d->nlibs = n;
	ret = 0;
out:
	free(path);
	return ret;
}

static bool has_measures(const char *dir)
{
	char *p = rdata_path_join(dir, "measures.json");
	bool ok = p && access(p, R_OK) == 0;

	free(p);
	return ok;
}

int rdata_load(struct rdata *d, const char *datadir, const char *allowlist)
{
	const char *dir = datadir;

	memset(d, 0, sizeof(*d));
	if (!dir)
		dir = getenv("AFALG_DATADIR");
	if (!dir || !*dir) {
		dir = AFALG_DATADIR;
		if (!has_measures(dir) && *AFALG_SOURCE_DATADIR &&
		    has_measures(AFALG_SOURCE_DATADIR))
			dir = AFALG_SOURCE_DATADIR;
	}
	d->dir = strdup(dir);
	if (!d->dir)
		return -1;
	if (load_measures(d) || load_advice(d) || load_libraries(d) ||
	    load_allowlist(d, allowlist)) {
		rdata_free(d);
		return -1;
	}
	return 0;
}

void rdata_free(struct rdata *d)
{
	free(d->dir);
	free(d->allowlist_file);
	free(d->allow);
	free(d->libs);
	json_object_put(d->doc_allow);
	json_object_put(d->doc_measures);
	json_object_put(d->doc_advice);
	json_object_put(d->doc_libs);
	memset(d, 0, sizeof(*d));
}

const struct rallow *rdata_allowed(const struct rdata *d, const char *type, const char *name)
{
	for (size_t i = 0; i < d->nallow; i++)
		if (!strcmp(d->allow[i].type, type) && !strcmp(d->allow[i].name, name))
			return &d->allow[i];
	return NULL;
}

bool rdata_allowed_any(const struct rdata *d, const char *name)
{
	for (size_t i = 0; i < d->nallow; i++)
		if (!strcmp(d->allow[i].name, name))
			return true;
	return false;
}

struct json_object *rdata_advice(const struct rdata *d, const char *type, const char *name)
{
	struct json_object *t;

	for (size_t i = 0; name && i < json_object_array_length(d->advice_algs); i++) {
		struct json_object *e = json_object_array_get_idx(d->advice_algs, i);
		const char *et = jstr(e, "type");

		if (et && type && strcmp(et, type))
			continue;
		if (rdata_glob(jstr(e, "match"), name))
			return jget_arr(e, "advice");
	}
	if (type && json_object_object_get_ex(d->advice_types, type, &t))
		return t;
	return NULL;
}

bool rdata_obsolete(const struct rdata *d, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(d->obsolete); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(d->obsolete, i)),
			    name))
			return true;
	return false;
}

static bool any_glob(struct json_object *pats, const char *s)
{
	for (size_t i = 0; pats && i < json_object_array_length(pats); i++)
		if (rdata_glob(json_object_get_string(json_object_array_get_idx(pats, i)), s))
			return true;
	return false;
}

const struct rlibrary *rdata_library_file(const struct rdata *d, const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;

	if (!path)
		return NULL;
	base = base ? base + 1 : path;
	for (size_t i = 0; i < d->nlibs; i++)
		if (any_glob(d->libs[i].files, base))
			return &d->libs[i];
	return NULL;
}

const struct rlibrary *rdata_library_function(const struct rdata *d, const char *fn)
{
	if (!fn)
		return NULL;
	for (size_t i = 0; i < d->nlibs; i++)
		if (any_glob(d->libs[i].functions, fn))
			return &d->libs[i];
	return NULL;
}

const struct rmeasure *rdata_measure(const struct rdata *d, enum afalg_measure id)
{
	return (unsigned int)id < AFALG_M_COUNT ? &d->measures[id] : NULL;
}
