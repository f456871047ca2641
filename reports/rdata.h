/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The knowledge the report applies, kept as data files (reports/data/,
 * installed in AFALG_DATADIR): the af_alg_restrict=1 allowlist, the
 * hardening measures M0..M6, migration advice per algorithm and the known
 * AF_ALG libraries and plugins.
 */
#ifndef AFALG_REPORT_RDATA_H
#define AFALG_REPORT_RDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "afalg_measure.h"

struct json_object;

/* A hardening measure's description (measures.json), by id. */
struct rmeasure {
	const char *id; /* afalg_measure_name() of its id */
	const char *title, *brk, *effect, *description, *where;
};

struct rallow {
	const char *type, *name;
	bool privileged;
};

struct rlibrary {
	const char *name, *kind, *project, *advice;
	struct json_object *files, *functions; /* arrays of patterns, or NULL */
};

struct rdata {
	char *dir; /* where measures/advice/libraries were read */
	char *allowlist_file;
	const char *allow_name, *allow_source;
	struct rallow *allow;
	size_t nallow;
	struct rmeasure measures[AFALG_M_COUNT]; /* indexed by enum afalg_measure */
	struct json_object *advice_algs, *advice_types, *obsolete;
	struct rlibrary *libs;
	size_t nlibs;
	/* the parsed documents own every string above */
	struct json_object *doc_allow, *doc_measures, *doc_advice, *doc_libs;
};

/*
 * Where the data files are: datadir if given, else $AFALG_DATADIR, else the
 * installed AFALG_DATADIR when it holds measures.json, else the source tree
 * (running from a build directory).  allowlist: a file, or NULL for
 * DIR/allowlist.json.  Returns 0, or -1 after one error line naming the file.
 */
int rdata_load(struct rdata *d, const char *datadir, const char *allowlist);
void rdata_free(struct rdata *d);

/* The allowlist entry for (type, name), exact match; NULL when absent. */
const struct rallow *rdata_allowed(const struct rdata *d, const char *type, const char *name);
/* name on the allowlist under any type. */
bool rdata_allowed_any(const struct rdata *d, const char *name);
/* Advice array (json) for an algorithm name, falling back to its type; NULL if none. */
struct json_object *rdata_advice(const struct rdata *d, const char *type, const char *name);
bool rdata_obsolete(const struct rdata *d, const char *name);
/* Known library whose file pattern matches the base name of path (or function pattern fn). */
const struct rlibrary *rdata_library_file(const struct rdata *d, const char *path);
const struct rlibrary *rdata_library_function(const struct rdata *d, const char *fn);
const struct rmeasure *rdata_measure(const struct rdata *d, enum afalg_measure id);

/* '*' matches any run of characters; everything else literally. */
bool rdata_glob(const char *pat, const char *s);

/* dir/name (malloc'd; NULL when out of memory), one slash between them however
 * many dir ends with: "hosts/" and "hosts" give "hosts/h1", "/" gives "/h1". */
char *rdata_path_join(const char *dir, const char *name);

#endif /* AFALG_REPORT_RDATA_H */
