// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit check: the CI gate.  Scan what is given (or read scan/trace
 * results), build the report, compare it with a baseline report and/or an
 * allowlist, and exit 1 when something is new: an AF_ALG user, an AF_ALG
 * type or algorithm a known user did not have, or a hardening measure that
 * now breaks a program it did not break before.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "afalg.h"
#include "argv_builder.h"
#include "cmd_common.h"
#include "commands.h"
#include "jread.h"
#include "jsonin.h"
#include "model.h"
#include "optbad.h"
#include "outfile.h"
#include "overrides.h"
#include "rdata.h"
#include "report.h"
#include "report_build.h"
#include "report_read.h"

struct finding_list {
	struct json_object *arr;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s check [OPTIONS] INPUT...\n\n"
		"CI gate.  INPUTs are scan, trace or simulate results (*.json, used as they\n"
		"are) or anything 'scan' takes (files, build trees, .deb/.rpm archives;\n"
		"scanned by running '%s scan').  The resulting report is compared with:\n"
		"  --baseline FILE   a previous report (report -f json, or report.json of an\n"
		"                    audit), or a previous scan/trace result: new AF_ALG users,\n"
		"                    new types or algorithms of known users, and hardening\n"
		"                    measures that newly break a program are findings\n"
		"  --allowlist FILE  every use outside this af_alg_restrict allowlist (M4/M5)\n"
		"                    is a finding\n"
		"With --allowlist alone, only uses outside it are findings; with neither,\n"
		"every AF_ALG user is a finding.  A measure that a simulate result measured\n"
		"breaking a program is a finding (measured-break), unless the baseline had\n"
		"that measured break already.\n\n"
		"Options:\n"
		"  -f, --format FMT  findings as text (default: one line each), json, or the\n"
		"                    whole report as sarif\n"
		"  -o, --output FILE write there instead of stdout\n"
		"      --data-dir DIR data files (default: $AFALG_DATADIR, else the installed\n"
		"                    ones, %s)\n"
		"      --allow-errors inputs that could not be read (listed on stderr, one line\n"
		"                    each) do not make the exit status 2: it is the\n"
		"                    comparison's, 0 or 1, for what could be read\n"
		"      --no-host-libs resolve the scanned files' libraries only among the\n"
		"                    inputs, never on this machine: the answer depends on\n"
		"                    nothing installed here; what they need and no input\n"
		"                    provides is listed as unresolved (a gate on .deb files\n"
		"                    passes all the packages it depends on)\n"
		"      --overrides FILE\n"
		"                    suppressions, one a line: KIND TARGET [QUALIFIER] --\n"
		"                    REASON (TARGET a program, by installed path or path,\n"
		"                    glob allowed, when it holds a '/', else a package;\n"
		"                    QUALIFIER a measure M0..M6, algorithm or type).  A\n"
		"                    suppressed finding is still listed, with its reason,\n"
		"                    and does not fail; an unused override is a warning\n"
		"      --fail-on LIST\n"
		"                    which findings fail (exit 1), comma-separated: new-user,\n"
		"                    new-type, new-algorithm, new-break, allowlist,\n"
		"                    measured-break (those kinds), hard (a new-break or\n"
		"                    allowlist finding whose break is hard, a new-user some\n"
		"                    measure breaks hard, a measured break), any (the\n"
		"                    default).  The others are listed, as not failing\n"
		"  -q, --quiet       no summary line on stderr\n"
		"  -h, --help        this help\n\n"
		"Exit status: 0 nothing that fails, 1 findings that fail (all findings are\n"
		"listed), 2 error.  An input that could not be read (a broken archive, a\n"
		"dangling link, a file it may not read, ...) is an error, one line each,\n"
		"after the findings of the rest: a gate does not pass on what it did not see\n"
		"(unless --allow-errors).  A bad overrides line is an error naming FILE:LINE.\n",
		AFALG_PROG, AFALG_PROG, AFALG_DATADIR);
}

static bool is_json_name(const char *p)
{
	size_t l = strlen(p);

	return !strcmp(p, "-") || (l > 5 && !strcmp(p + l - 5, ".json"));
}

static struct json_object *add_finding(struct json_object *arr, const char *kind,
				       struct json_object *prog, const char *detail)
{
	struct json_object *f = json_object_new_object();
	struct json_object *esc, *id;

	json_object_object_add(f, "kind", json_object_new_string(kind));
	json_object_object_add(f, "path", json_object_get(json_object_object_get(prog, "path")));
	/* the path is a byte string (common/json_bytes.h): its flag goes with it */
	if (json_object_object_get_ex(prog, "path_escaped", &esc) && esc)
		json_object_object_add(f, "path_escaped", json_object_get(esc));
	/* version 2: where it is installed, what --overrides matches besides the path */
	if (json_object_object_get_ex(prog, "identity", &id) && id) {
		json_object_object_add(f, "identity", json_object_get(id));
		if (json_object_object_get_ex(prog, "identity_escaped", &esc) && esc)
			json_object_object_add(f, "identity_escaped", json_object_get(esc));
	}
	json_object_object_add(f, "package",
			       json_object_get(json_object_object_get(prog, "package")));
	json_object_object_add(f, "detail", json_object_new_string(detail));
	json_object_array_add(arr, f);
	return f;
}

static void add_str(struct json_object *f, const char *key, const char *s)
{
	if (s)
		json_object_object_add(f, key, json_object_new_string(s));
}

/* Whether some measure breaks the program hard. */
static bool breaks_hard(struct json_object *breaks)
{
	for (size_t i = 0; breaks && i < json_object_array_length(breaks); i++) {
		const char *k = jstr(json_object_array_get_idx(breaks, i), "break");

		if (k && !strcmp(k, "hard"))
			return true;
	}
	return false;
}

/*
 * Files a scan result says it could not read (its "errors"): one line each,
 * naming the file (ARCHIVE:MEMBER inside an archive); how many.
 */
static size_t report_unread(struct json_object *doc, bool allow_errors)
{
	const char *format = jstr(doc, "format");
	struct json_object *errs;
	size_t n = 0;

	if (!format || strcmp(format, "afalg-audit-scan") || !(errs = jget_arr(doc, "errors")))
		return 0;
	for (size_t i = 0; i < json_object_array_length(errs); i++) {
		struct json_object *e = json_object_array_get_idx(errs, i);
		const char *path = jbytes(e, "path"), *archive = jstr(e, "archive");
		const char *why = jstr(e, "error"), *name = path ? path : "(unnamed)";
		char *what = NULL;

		if (archive && asprintf(&what, "%s:%s", archive, name) >= 0)
			name = what;
		if (!why)
			why = "unknown error";
		if (allow_errors)
			afalg_warn(name, "not scanned: %s", why);
		else
			afalg_err(name, "not scanned: %s", why);
		free(what);
		n++;
	}
	return n;
}

/* Fold a scan/trace result into the model, counting the files it could not read. */
static int fold_result(struct model *m, const char *path, bool allow_errors, size_t *unread)
{
	struct json_object *doc;
	int ret;

	if (jsonin_read(path, &doc))
		return -1;
	ret = model_fold_doc(m, path, doc);
	if (!ret)
		*unread += report_unread(doc, allow_errors);
	json_object_put(doc);
	return ret;
}

/*
 * Index keys of a program (issue #17: one identity wherever it was seen):
 * "p:" + where it is installed (its "identity", version 3; before, its path
 * with merged-/usr aliases under /usr: model_path_key), and "b:" + its
 * build-id.  A CI workspace moves and a staged tree is scanned from another
 * directory: the identity stays; a program moved elsewhere keeps its bytes.
 */
static bool prog_key(struct json_object *p, bool by_build_id, char *buf, size_t size)
{
	const char *bid = jstr(p, "build_id"), *id = jbytes(p, "identity");
	const char *path = jbytes(p, "path");
	char kbuf[4096];

	if (by_build_id)
		return bid && *bid && (size_t)snprintf(buf, size, "b:%s", bid) < size;
	if (!id && path)
		id = model_path_key(path, kbuf, sizeof(kbuf));
	return id && (size_t)snprintf(buf, size, "p:%s", id) < size;
}

/* The users of a baseline report, under both keys. */
static struct json_object *index_programs(struct json_object *report)
{
	struct json_object *idx = json_object_new_object(), *progs = jget_arr(report, "programs");
	char key[4200];

	for (size_t i = 0; progs && i < json_object_array_length(progs); i++) {
		struct json_object *p = json_object_array_get_idx(progs, i);
		const char *cls = jstr(p, "classification");

		if (!cls || strcmp(cls, "uses"))
			continue;
		for (int b = 0; b < 2; b++)
			if (prog_key(p, b, key, sizeof(key)) &&
			    !json_object_object_get_ex(idx, key, NULL))
				json_object_object_add(idx, key, json_object_get(p));
	}
	return idx;
}

/*
 * The baseline program each current user is (olds[i], NULL for a new one):
 * by identity first; then, for the rest, by build-id among the baseline's
 * programs no identity matched (a tree scanned from elsewhere), so that a
 * copy of a known program under a new path is still a new user.  A
 * baseline program is taken once: the set of taken ones is keyed by address.
 */
static void match_baseline(struct json_object *progs, struct json_object *base_idx,
			   struct json_object **olds, size_t n)
{
	struct json_object *o, *taken = json_object_new_object();
	char key[4200], addr[32];

	for (int b = 0; b < 2; b++)
		for (size_t i = 0; i < n; i++) {
			struct json_object *p = json_object_array_get_idx(progs, i);
			const char *cls = jstr(p, "classification");

			if (olds[i] || !cls || strcmp(cls, "uses") ||
			    !prog_key(p, b, key, sizeof(key)) ||
			    !json_object_object_get_ex(base_idx, key, &o) || !o)
				continue;
			snprintf(addr, sizeof(addr), "%p", (void *)o);
			if (json_object_object_get_ex(taken, addr, NULL))
				continue;
			json_object_object_add(taken, addr, NULL);
			olds[i] = o;
		}
	json_object_put(taken);
}

static bool str_in(struct json_object *arr, const char *s)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		const char *e = json_object_get_string(json_object_array_get_idx(arr, i));

		if (e && !strcmp(e, s))
			return true;
	}
	return false;
}

static bool alg_in(struct json_object *algs, const char *type, const char *name)
{
	for (size_t i = 0; algs && i < json_object_array_length(algs); i++) {
		struct json_object *a = json_object_array_get_idx(algs, i);
		const char *t = jstr(a, "type"), *n = jstr(a, "name");

		if (n && !strcmp(n, name) && (!t || !type || !strcmp(t, type)))
			return true;
	}
	return false;
}

/* The break of measure in breaks, or NULL; *measured: whether 'simulate' measured it. */
static const char *break_measured(struct json_object *breaks, const char *measure, bool *measured)
{
	*measured = false;
	for (size_t i = 0; breaks && i < json_object_array_length(breaks); i++) {
		struct json_object *b = json_object_array_get_idx(breaks, i);
		const char *m = jstr(b, "measure");

		if (m && !strcmp(m, measure)) {
			jget_bool(b, "measured", measured);
			return jstr(b, "break");
		}
	}
	return NULL;
}

static const char *break_of(struct json_object *breaks, const char *measure)
{
	for (size_t i = 0; breaks && i < json_object_array_length(breaks); i++) {
		struct json_object *b = json_object_array_get_idx(breaks, i);
		const char *m = jstr(b, "measure");

		if (m && !strcmp(m, measure))
			return jstr(b, "break");
	}
	return NULL;
}

static void compare(struct json_object *cur, struct json_object *base_idx, bool allowlist,
		    struct json_object *out)
{
	struct json_object *progs = jget_arr(cur, "programs"), **olds;
	size_t nprogs = progs ? json_object_array_length(progs) : 0;
	char detail[1024];

	if (!(olds = calloc(nprogs ? nprogs : 1, sizeof(*olds)))) {
		afalg_err("check", "out of memory");
		exit(AFALG_EXIT_ERROR);
	}
	if (base_idx)
		match_baseline(progs, base_idx, olds, nprogs);
	for (size_t i = 0; i < nprogs; i++) {
		struct json_object *p = json_object_array_get_idx(progs, i), *old = olds[i];
		struct json_object *types = jget_arr(p, "types"), *algs = jget_arr(p, "algorithms");
		struct json_object *breaks = jget_arr(p, "breaks");
		const char *cls = jstr(p, "classification");

		if (!cls || strcmp(cls, "uses"))
			continue;
		if (!base_idx) {
			/* allowlist only: no "new" without a baseline */
		} else if (!old) {
			size_t n = 0;

			n += snprintf(detail, sizeof(detail), "new AF_ALG user (use %s; types",
				      jstr(p, "use") ? jstr(p, "use") : "runtime");
			for (size_t j = 0; types && j < json_object_array_length(types) && n < 900;
			     j++)
				n += snprintf(detail + n, sizeof(detail) - n, " %s",
					      json_object_get_string(
						      json_object_array_get_idx(types, j)));
			snprintf(detail + n, sizeof(detail) - n, "%s)",
				 types && json_object_array_length(types) ? "" : " unknown");
			json_object_object_add(add_finding(out, "new-user", p, detail), "hard",
					       json_object_new_boolean(breaks_hard(breaks)));
		} else {
			struct json_object *otypes = jget_arr(old, "types");
			struct json_object *oalgs = jget_arr(old, "algorithms");
			struct json_object *obreaks = jget_arr(old, "breaks");

			for (size_t j = 0; types && j < json_object_array_length(types); j++) {
				const char *t =
					json_object_get_string(json_object_array_get_idx(types, j));

				if (t && !str_in(otypes, t)) {
					snprintf(detail, sizeof(detail), "new AF_ALG type %s", t);
					add_str(add_finding(out, "new-type", p, detail), "type", t);
				}
			}
			for (size_t j = 0; algs && j < json_object_array_length(algs); j++) {
				struct json_object *a = json_object_array_get_idx(algs, j);
				const char *t = jstr(a, "type"), *n = jstr(a, "name");

				if (n && !alg_in(oalgs, t, n)) {
					struct json_object *f;

					snprintf(detail, sizeof(detail), "new algorithm %s%s%s",
						 t ? t : "", t ? " " : "", n);
					f = add_finding(out, "new-algorithm", p, detail);
					add_str(f, "algorithm", n);
					add_str(f, "type", t);
				}
			}
			for (size_t j = 0; breaks && j < json_object_array_length(breaks); j++) {
				struct json_object *b = json_object_array_get_idx(breaks, j);
				const char *m = jstr(b, "measure"), *k = jstr(b, "break");
				const char *was = m ? break_of(obreaks, m) : NULL;
				struct json_object *f;

				if (!m || !k || (was && (!strcmp(was, k) || !strcmp(k, "soft"))))
					continue;
				snprintf(detail, sizeof(detail), "%s now breaks it (%s%s): %s", m,
					 k, was ? ", was soft" : "",
					 jstr(b, "why") ? jstr(b, "why") : "");
				f = add_finding(out, "new-break", p, detail);
				add_str(f, "measure", m);
				add_str(f, "break", k);
				json_object_object_add(f, "hard",
						       json_object_new_boolean(!strcmp(k, "hard")));
			}
		}
		if (allowlist)
			for (size_t j = 0; breaks && j < json_object_array_length(breaks); j++) {
				struct json_object *b = json_object_array_get_idx(breaks, j);
				const char *m = jstr(b, "measure"), *k = jstr(b, "break");

				if (m && (!strcmp(m, "M4") || !strcmp(m, "M5"))) {
					struct json_object *f;

					snprintf(detail, sizeof(detail),
						 "outside the allowlist (%s): %s", m,
						 jstr(b, "why") ? jstr(b, "why") : "");
					f = add_finding(out, "allowlist", p, detail);
					add_str(f, "measure", m);
					add_str(f, "break", k);
					json_object_object_add(
						f, "hard",
						json_object_new_boolean(k && !strcmp(k, "hard")));
				}
			}
		/*
		 * Measured breaks (report version 4: a 'simulate' result said
		 * "breaks"): each is a finding, unless the baseline had the
		 * same measured break.
		 */
		for (size_t j = 0; breaks && j < json_object_array_length(breaks); j++) {
			struct json_object *b = json_object_array_get_idx(breaks, j), *f;
			const char *m = jstr(b, "measure"), *k = jstr(b, "break"), *was;
			bool measured = false, was_measured = false;

			jget_bool(b, "measured", &measured);
			if (!m || !k || !measured || strcmp(k, "hard"))
				continue;
			was = old ? break_measured(jget_arr(old, "breaks"), m, &was_measured)
				  : NULL;
			if (was && was_measured && !strcmp(was, "hard"))
				continue;
			snprintf(detail, sizeof(detail), "%s breaks it: %s", m,
				 jstr(b, "why") ? jstr(b, "why") : "");
			f = add_finding(out, "measured-break", p, detail);
			add_str(f, "measure", m);
			add_str(f, "break", k);
			json_object_object_add(f, "hard", json_object_new_boolean(true));
		}
	}
	free(olds);
}

/* The baseline as a report document (a scan/trace baseline is merged first). */
static struct json_object *load_baseline(const char *path, const struct rdata *data)
{
	struct json_object *doc, *rep;
	const char *format;
	struct model m;

	if (jsonin_read(path, &doc))
		return NULL;
	format = jstr(doc, "format");
	if (format && !strcmp(format, "afalg-audit-report")) {
		struct jread r;

		jread_init(&r);
		/* a baseline made by an older version (1) is read as it was */
		if (jsonin_check_format_v(path, doc, format, REPORT_FORMAT_VERSION, NULL)) {
			json_object_put(doc);
			return NULL;
		}
		if (report_read_check(&r, doc)) {
			jread_report(&r, path);
			json_object_put(doc);
			return NULL;
		}
		return doc;
	}
	if (model_init(&m, data)) {
		json_object_put(doc);
		return NULL;
	}
	rep = model_fold_doc(&m, path, doc) ? NULL : report_build_document(&m, NULL);
	json_object_put(doc);
	model_free(&m);
	return rep;
}

/*
 * The gate's policy on each finding: "suppressed" ({"reason", "override":
 * "FILE:LINE"}) when an override matches it, and "fails": whether it makes
 * check exit 1 (not suppressed, and selected by --fail-on).  How many fail.
 */
static size_t apply_policy(struct json_object *findings, struct overrides *ov, unsigned fail_on,
			   size_t *suppressed)
{
	size_t nfail = 0;

	*suppressed = 0;
	for (size_t i = 0; i < json_object_array_length(findings); i++) {
		struct json_object *f = json_object_array_get_idx(findings, i);
		struct override *o = ov ? overrides_match(ov, f) : NULL;
		bool fails = !o && failon_selects(fail_on, f);

		json_object_object_add(f, "fails", json_object_new_boolean(fails));
		if (o) {
			struct json_object *s = json_object_new_object();
			char where[4200];

			snprintf(where, sizeof(where), "%s:%u", ov->file, o->line);
			json_object_object_add(s, "reason", json_object_new_string(o->reason));
			json_object_object_add(s, "override", json_object_new_string(where));
			json_object_object_add(f, "suppressed", s);
			(*suppressed)++;
		}
		nfail += fails;
	}
	return nfail;
}

/* --fail-on as words, in a fixed order ("any" for every kind). */
static struct json_object *fail_on_words(unsigned mask)
{
	static const char *const words[] = {"new-user",	 "new-type",  "new-algorithm",
					    "new-break", "allowlist", "measured-break"};
	struct json_object *a = json_object_new_array();

	if ((mask & FAILON_ANY) == FAILON_ANY) {
		json_object_array_add(a, json_object_new_string("any"));
		return a;
	}
	for (int k = 0; k < CK_N; k++)
		if (mask & (1u << k))
			json_object_array_add(a, json_object_new_string(words[k]));
	if (mask & FAILON_HARD)
		json_object_array_add(a, json_object_new_string("hard"));
	return a;
}

static int print_findings(const char *out, enum report_format fmt, struct json_object *findings,
			  const struct report *r, const char *baseline, const char *allow,
			  const char *overrides, unsigned fail_on)
{
	struct afalg_outfile *o;
	FILE *f;

	if (fmt == REPORT_FMT_SARIF) {
		struct render_opts ro = {.check_findings = findings,
					 .check_baseline = baseline != NULL};

		return cmd_write(out, fmt, r, &ro);
	}
	o = afalg_outfile_open(out, "check result");
	if (!o)
		return -1;
	f = afalg_outfile_stream(o);
	if (fmt == REPORT_FMT_JSON) {
		struct json_object *doc = json_object_new_object();

		json_object_object_add(doc, "format", json_object_new_string("afalg-audit-check"));
		json_object_object_add(doc, "version", json_object_new_int(2));
		json_object_object_add(doc, "baseline",
				       baseline ? json_object_new_string(baseline) : NULL);
		json_object_object_add(doc, "allowlist",
				       allow ? json_object_new_string(allow) : NULL);
		json_object_object_add(doc, "overrides",
				       overrides ? json_object_new_string(overrides) : NULL);
		json_object_object_add(doc, "fail_on", fail_on_words(fail_on));
		json_object_object_add(doc, "findings", json_object_get(findings));
		fprintf(f, "%s\n",
			json_object_to_json_string_ext(
				doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	} else {
		for (size_t i = 0; i < json_object_array_length(findings); i++) {
			struct json_object *e = json_object_array_get_idx(findings, i);
			const char *path = jbytes(e, "path") ? jbytes(e, "path") : "(unnamed)";
			const char *pkg = jstr(e, "package"), *det = jstr(e, "detail");
			struct json_object *sup = json_object_object_get(e, "suppressed");
			const char *why = sup ? jstr(sup, "reason") : NULL;
			char a[1024], b[256], c[1200], d[1200] = "";

			afalg_escape_text(a, sizeof(a), path, strlen(path));
			afalg_escape_text(b, sizeof(b), pkg ? pkg : "-", strlen(pkg ? pkg : "-"));
			afalg_escape_text(c, sizeof(c), det, strlen(det));
			/* a line is unchanged unless the finding is suppressed or not failing */
			if (why)
				afalg_escape_text(d, sizeof(d), why, strlen(why));
			fprintf(f, "%s: %s (%s): %s%s%s%s\n", jstr(e, "kind"), a, b, c,
				why ? " [suppressed: " : "", d,
				why ? "]"
				: json_object_get_boolean(json_object_object_get(e, "fails"))
					? ""
					: " [not failing: --fail-on]");
		}
	}
	return afalg_outfile_commit(o);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"baseline", required_argument, NULL, 'b'},
		{"allowlist", required_argument, NULL, 'a'},
		{"data-dir", required_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"allow-errors", no_argument, NULL, 'E'},
		{"no-host-libs", no_argument, NULL, 'H'},
		{"overrides", required_argument, NULL, 'O'},
		{"fail-on", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *baseline = NULL, *allow = NULL, *datadir = NULL, *out = NULL;
	const char *overrides_file = NULL;
	struct overrides ov = {0};
	unsigned fail_on = 0;
	size_t nfail = 0, nsupp = 0;
	bool allow_errors = false, no_host_libs = false;
	size_t unread = 0; /* files the inputs' scans could not read */
	enum report_format fmt = REPORT_FMT_TEXT;
	struct json_object *report = NULL, *base = NULL, *base_idx = NULL, *findings = NULL;
	struct report *r = NULL;
	char tmpdir[] = "/tmp/afalg-check-XXXXXX", scanout[64] = "";
	struct argv_builder paths = {0}, scan = {0}; /* what to scan; its command line */
	int c, rc = AFALG_EXIT_ERROR;
	bool quiet = false, tmp_made = false;
	struct rdata data;
	struct model m;

	optind = 1;
	opterr = 0; /* our own messages (optbad.h) */
	while ((c = getopt_long(argc, argv, ":f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			baseline = optarg;
			break;
		case 'a':
			allow = optarg;
			break;
		case 'D':
			datadir = optarg;
			break;
		case 'f':
			if (report_format_parse(optarg, &fmt) ||
			    (fmt != REPORT_FMT_TEXT && fmt != REPORT_FMT_JSON &&
			     fmt != REPORT_FMT_SARIF)) {
				afalg_err("check", "--format %s: use text, json or sarif", optarg);
				return AFALG_EXIT_ERROR;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'H':
			no_host_libs = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'E':
			allow_errors = true;
			break;
		case 'O':
			if (overrides_file) {
				afalg_err("check", "--overrides given twice");
				return AFALG_EXIT_ERROR;
			}
			overrides_file = optarg;
			break;
		case 'F': {
			char bad[64];

			if (failon_parse(optarg, &fail_on, bad, sizeof(bad))) {
				afalg_err(
					"check",
					"--fail-on %s: unknown '%s' (a comma-separated list of "
					"new-user, new-type, new-algorithm, new-break, allowlist, "
					"measured-break, hard, any)",
					optarg, bad);
				return AFALG_EXIT_ERROR;
			}
			break;
		}
		case 'h':
			usage(stdout);
			return AFALG_EXIT_OK;
		default: /* '?' or ':' */
			afalg_opt_bad("check", c, argv, longopts);
			return AFALG_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		afalg_err("check", "no INPUT (files, trees or archives to scan, or scan/trace "
				   "results)");
		afalg_try_help("check");
		return AFALG_EXIT_ERROR;
	}
	/* The output checked before any scan: a bad one fails now. */
	if (out && afalg_outfile_check(out, fmt == REPORT_FMT_SARIF ? "report" : "check result"))
		return AFALG_EXIT_ERROR;
	if (!fail_on)
		fail_on = FAILON_ANY; /* today's gate: every finding fails */
	/* the overrides file read before any scan: a bad line fails now */
	if (overrides_file && overrides_load(&ov, overrides_file))
		return AFALG_EXIT_ERROR;
	if (rdata_load(&data, datadir, allow)) {
		overrides_free(&ov);
		return AFALG_EXIT_ERROR;
	}
	if (model_init(&m, &data)) {
		rdata_free(&data);
		overrides_free(&ov);
		return AFALG_EXIT_ERROR;
	}
	/* Results are folded as they come; everything else is scanned, in one run. */
	for (int i = optind; i < argc; i++) {
		if (is_json_name(argv[i])) {
			if (fold_result(&m, argv[i], allow_errors, &unread))
				goto out;
		} else {
			argv_add(&paths, argv[i]);
		}
	}
	if (paths.failed) {
		afalg_err("check", "out of memory");
		goto out;
	}
	if (paths.n) {
		size_t before;
		int st;

		if (!mkdtemp(tmpdir)) {
			afalg_errno(tmpdir, errno, "cannot create a temporary directory");
			goto out;
		}
		tmp_made = true;
		snprintf(scanout, sizeof(scanout), "%s/scan.json", tmpdir);
		argv_add(&scan, "scan");
		argv_add(&scan, "-q");
		argv_add(&scan, "-o");
		argv_add(&scan, scanout);
		if (no_host_libs)
			argv_add(&scan, "--no-host-libs");
		argv_add(&scan, "--");
		argv_add_all(&scan, &paths);
		if (scan.failed) {
			afalg_err("check", "out of memory");
			goto out;
		}
		st = cmd_run_self(scan.v);
		/*
		 * Exit status 2 with a result: inputs it could not read at all
		 * (a dangling link, a path too long), listed in its errors like
		 * the files it could not read inside them.
		 */
		if (st != 0 && !(st == AFALG_EXIT_ERROR && access(scanout, F_OK) == 0)) {
			if (st > 0)
				afalg_err("check", "scan failed (exit status %d)", st);
			goto out;
		}
		before = unread;
		if (fold_result(&m, scanout, allow_errors, &unread))
			goto out;
		if (st != 0 && unread == before) {
			afalg_err("check", "scan failed (exit status %d)", st);
			goto out;
		}
	}
	/* the report's document is what the baseline is compared with; SARIF prints r */
	r = report_build(&m, NULL);
	report = r ? report_to_json(r) : NULL;
	findings = json_object_new_array();
	if (!report || !findings)
		goto out;
	if (baseline) {
		base = load_baseline(baseline, &data);
		if (!base)
			goto out;
		base_idx = index_programs(base);
	} else if (!allow) {
		base_idx = json_object_new_object(); /* nothing known: every user is new */
	}
	compare(report, base_idx, allow != NULL, findings);
	nfail = apply_policy(findings, overrides_file ? &ov : NULL, fail_on, &nsupp);
	if (print_findings(out, fmt, findings, r, baseline, allow, overrides_file, fail_on))
		goto out;
	overrides_warn_unused(overrides_file ? &ov : NULL);
	if (!quiet) {
		size_t nf = json_object_array_length(findings);
		size_t nquiet = nf - nfail - nsupp; /* not selected by --fail-on */
		char more[128] = "";

		if (nsupp || nquiet)
			snprintf(more, sizeof(more),
				 ", %zu failing (%zu suppressed, %zu not selected "
				 "by --fail-on)",
				 nfail, nsupp, nquiet);
		fprintf(stderr, "%s: check: %zu finding%s%s (%zu AF_ALG user%s in the input%s)\n",
			AFALG_PROG, nf, nf == 1 ? "" : "s", more, r->users,
			r->users == 1 ? "" : "s", baseline ? "; compared with the baseline" : "");
	}
	/*
	 * What the answer may be missing: libraries the inputs need that none of
	 * them provides (with --no-host-libs, all of them; else those this
	 * machine lacks too).  Said, not failed on: the C library is among them.
	 */
	if (!quiet && m.nunres) {
		fprintf(stderr,
			"%s: warning: check: %zu librar%s the inputs need %s not among them:",
			AFALG_PROG, m.nunres, m.nunres == 1 ? "y" : "ies",
			m.nunres == 1 ? "was" : "were");
		for (size_t i = 0; i < m.nunres && i < 8; i++) {
			char name[512]; /* a name from the inputs: escaped for the terminal */

			afalg_escape_text(name, sizeof(name), m.unres[i].needed,
					  strlen(m.unres[i].needed));
			fprintf(stderr, "%s %s", i ? "," : "", name);
		}
		fprintf(stderr,
			"%s (AF_ALG users behind them are not seen; give their packages "
			"too)\n",
			m.nunres > 8 ? ", ..." : "");
	}
	rc = nfail ? AFALG_EXIT_FINDINGS : AFALG_EXIT_OK;
	/* Never a pass on what was not read. */
	if (unread && !allow_errors) {
		afalg_err("check",
			  "%zu file%s could not be read (listed above): the check is incomplete "
			  "(--allow-errors to accept that)",
			  unread, unread == 1 ? "" : "s");
		rc = AFALG_EXIT_ERROR;
	} else if (unread && !quiet) {
		afalg_warn("check", "%zu file%s could not be read (listed above); --allow-errors",
			   unread, unread == 1 ? "" : "s");
	}
out:
	if (tmp_made) {
		unlink(scanout);
		rmdir(tmpdir);
	}
	argv_free(&paths);
	argv_free(&scan);
	json_object_put(report);
	report_free(r);
	json_object_put(base);
	json_object_put(base_idx);
	json_object_put(findings);
	model_free(&m);
	rdata_free(&data);
	overrides_free(&ov);
	return rc;
}
