// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * SARIF 2.1.0 for code-scanning consumers.  One run; one rule per kind of
 * finding:
 *   AFALG001  uses AF_ALG: blocks disabling CONFIG_CRYPTO_USER_API_<T>  error
 *   AFALG002  a hardening measure breaks it, hard (an error it sees)     error
 *   AFALG003  a hardening measure breaks it, soft (slower, other driver) warning
 *   AFALG004  exposes AF_ALG to scripts without using it (a runtime)     note
 *   AFALG005  links an AF_ALG library without calling its AF_ALG         note
 *             functions, or holds AF_ALG code no entry reaches: not a
 *             blocker (scan version 2, issue #16)
 * one result per (program, option) and (program, measure).  The location is
 * the program's file (an absolute path becomes a file:// URI, a relative one
 * a relative reference against %SRCROOT%, or against INPUTROOT when
 * render_opts.input_uri names the directory the paths are under); the files
 * holding the AF_ALG calls (a library such as libkcapi) are related
 * locations and the known library or plugin a logical location.  Printed
 * from struct report (report.h): every verdict, why and count is
 * report_build's.  Results have no region (a function name is not a line);
 * the functions holding the call sites and, for a user through a library,
 * the library functions it imports are in the properties (callSites, via)
 * and the latter in AFALG001's message too.  partialFingerprints hash the rule, the program
 * (path, else build-id) and the option or measure: stable across runs and
 * versions of the program.  Strings are JSON-escaped by json-c after
 * invalid UTF-8 (and C1 controls) is replaced by U+FFFD: JSON text must be
 * UTF-8.  The log is streamed, one result per line.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "afalg.h"
#include "afalg_measure.h"
#include "afalg_vocab.h"
#include "fnv.h"
#include "intern.h"
#include "jsonin.h"
#include "model.h"
#include "rdata.h"
#include "report.h"
#include "report_render.h"
#include "simulate_read.h"
#include "verdict.h"

#define SARIF_SCHEMA                                                                               \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"                      \
	"sarif-schema-2.1.0.json"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0"
#endif
#ifndef AFALG_INFO_URI
#define AFALG_INFO_URI "file:///usr/share/doc/afalg-audit/"
#endif

enum rule { R_BLOCKS, R_HARD, R_SOFT, R_CAPABLE, R_INFO, R_N };

static const struct {
	const char *id, *name, *level, *short_desc, *full_desc, *help;
} rules[R_N] = {
	[R_BLOCKS] = {"AFALG001", "UsesAfAlgBlocksKconfigOption", "error",
		      "Uses AF_ALG: blocks disabling a CONFIG_CRYPTO_USER_API_* option",
		      "The program uses the kernel's AF_ALG socket interface for an algorithm "
		      "type (hash, skcipher, aead, rng), so the kconfig option that provides "
		      "that type cannot be disabled without breaking it: bind() fails with "
		      "ENOENT.",
		      "Replace the AF_ALG use with a user-space crypto library call (the "
		      "result's properties name the algorithms; afalg-audit report shows the "
		      "replacement per algorithm), or stop loading the library or plugin that "
		      "uses AF_ALG."},
	[R_HARD] = {"AFALG002", "HardeningMeasureBreaksHard", "error",
		    "A planned AF_ALG hardening measure breaks the program (hard)",
		    "With the hardening measure in force, an AF_ALG call of the program fails "
		    "(ENOENT on bind, EAFNOSUPPORT on socket): the program sees an error.",
		    "Migrate the AF_ALG use to user space before the measure is enforced, or "
		    "bind only names on the allowlist, without driver names, from a privileged "
		    "process where the entry is privileged."},
	[R_SOFT] = {"AFALG003", "HardeningMeasureBreaksSoft", "warning",
		    "A planned AF_ALG hardening measure changes how the program runs (soft)",
		    "With the hardening measure in force the program keeps working, but slower "
		    "(zero-copy or AIO removed) or on a different, software driver.",
		    "Check that the slower path or the software implementation is acceptable; "
		    "better, migrate the AF_ALG use to a user-space library."},
	[R_CAPABLE] = {"AFALG004", "ExposesAfAlg", "note",
		       "Exposes AF_ALG to scripts without using it itself",
		       "A language runtime (for example Python's socket module) that can open "
		       "AF_ALG sockets for the scripts it runs; it blocks nothing by itself.",
		       "Look for scripts that open AF_ALG sockets through this runtime (trace "
		       "the system with afalg-audit trace)."},
	[R_INFO] = {"AFALG005", "LinksAfAlgWithoutUsingIt", "note",
		    "Links an AF_ALG library without calling its AF_ALG functions, or holds "
		    "AF_ALG code that nothing reaches: not a blocker",
		    "The program links (DT_NEEDED) a library that uses AF_ALG but imports none "
		    "of the library's functions that lead to socket(AF_ALG), or its own AF_ALG "
		    "call sites are reached from no entry point (ELF entry, main, exports, "
		    "init/fini arrays, address-taken functions). It blocks nothing; it is "
		    "listed for information.",
		    "Nothing to change for the kernel options. A trace (afalg-audit trace) "
		    "that sees the program open an AF_ALG socket makes it a user."},
};

struct sx {
	const struct render_opts *o;
	const struct report *r;
	FILE *out;
	size_t nresults;
	struct json_object *findings; /* check: path -> [findings] */
	const char *base;	      /* input_uri as a directory path, or NULL */
	size_t baselen;
};

/* A JSON string of s with invalid UTF-8 replaced by U+FFFD. */
static struct json_object *jstring(const char *s)
{
	size_t len = strlen(s), o = 0;
	struct json_object *j;
	char *buf;

	if (len > (INT_MAX - 1) / 3)
		len = (INT_MAX - 1) / 3; /* json-c lengths are ints */
	buf = malloc(len * 3 + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = afalg_utf8_seq_len((const unsigned char *)s + i, len - i);

		if (n) {
			memcpy(buf + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_object_new_string_len(buf, (int)o);
	free(buf);
	return j;
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static void add_str(struct json_object *o, const char *key, const char *s)
{
	if (s)
		add(o, key, jstring(s));
}

static struct json_object *text_obj(const char *s)
{
	struct json_object *m = json_object_new_object();

	add_str(m, "text", s);
	return m;
}

/* The names of the ids in mask (afalg_vocab.h's tables), in id order. */
static struct json_object *name_array(unsigned mask, unsigned count,
				      const char *(*name)(unsigned int))
{
	struct json_object *a = json_object_new_array();

	for (unsigned id = 0; id < count; id++)
		if (mask & AFALG_BIT(id))
			json_object_array_add(a, jstring(name(id)));
	return a;
}

/* The options blocked (blocked true) or safe to disable, by name. */
static struct json_object *option_array(const struct report *r, bool blocked)
{
	struct json_object *a = json_object_new_array();

	for (int ro = 0; ro < RO_N; ro++)
		if (!r->blockers[ro].n == !blocked)
			json_object_array_add(a, jstring(ropt_names[ro]));
	return a;
}

/* The program's path, NULL when it has none (an unnamed executable). */
static const char *path_of(const struct mprog *p)
{
	return *p->path ? p->path : NULL;
}

/*
 * Percent-encode a path for a URI: every byte except RFC 3986 unreserved
 * characters and '/' (so ':' in a relative reference cannot read as a
 * scheme, and '%', '#', '?', spaces and non-ASCII bytes are encoded).
 */
static char *pct_path(const char *path, const char *prefix)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t pl = strlen(prefix), len = strlen(path), o = pl;
	char *u = malloc(pl + len * 3 + 1);

	if (!u)
		return NULL;
	memcpy(u, prefix, pl);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			u[o++] = (char)*p;
		} else {
			u[o++] = '%';
			u[o++] = hex[*p >> 4];
			u[o++] = hex[*p & 15];
		}
	}
	u[o] = 0;
	return u;
}

/* artifactLocation of a program or file path. */
static struct json_object *artifact(struct sx *x, const char *path)
{
	struct json_object *a = json_object_new_object();
	char *uri;

	if (x->base && !strncmp(path, x->base, x->baselen) && path[x->baselen] == '/' &&
	    path[x->baselen + 1]) {
		uri = pct_path(path + x->baselen + 1, "");
		add_str(a, "uriBaseId", "INPUTROOT");
	} else if (path[0] == '/') {
		uri = pct_path(path, "file://");
	} else {
		uri = pct_path(path[0] == '.' && path[1] == '/' ? path + 2 : path, "");
		add_str(a, "uriBaseId", "%SRCROOT%");
	}
	if (uri)
		add_str(a, "uri", uri);
	free(uri);
	return a;
}

/* FNV-1a 64 over the parts, each followed by a 0 byte. */
static void fingerprint(char out[17], const char *const *parts, size_t n)
{
	uint64_t h = AFALG_FNV1A64_BASIS;

	for (size_t i = 0; i < n; i++)
		h = afalg_fnv1a64(afalg_fnv1a64_str(h, parts[i] ? parts[i] : ""), "", 1);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* "path (package)" or "path" or "unnamed executable (build-id X)". */
static void who(char *buf, size_t sz, const struct mprog *p)
{
	const char *path = path_of(p), *pkg = p->package, *bid = p->build_id;

	if (path && pkg)
		snprintf(buf, sz, "%s (%s)", path, pkg);
	else if (path)
		snprintf(buf, sz, "%s", path);
	else
		snprintf(buf, sz, "an unnamed executable (build-id %s)", bid ? bid : "unknown");
}

static struct json_object *prog_properties(struct sx *x, const struct mprog *p)
{
	struct json_object *pr = json_object_new_object(), *algs = json_object_new_array();
	const struct rlibrary *l = p->library;

	add_str(pr, "package", p->package);
	add_str(pr, "version", p->version);
	/* what to change is grouped by it (report "fixes") */
	add_str(pr, "sourcePackage", p->source);
	add_str(pr, "buildId", p->build_id);
	add_str(pr, "evidence", report_evidence(p));
	add(pr, "hostsRuntime", json_object_new_int64(p->hosts_runtime));
	add(pr, "scans", json_object_new_int64(p->scans));
	add(pr, "types", name_array(p->types, AFALG_TYPE_COUNT, afalg_type_name));
	add(pr, "features", name_array(p->features, AFALG_FEAT_COUNT, afalg_feature_name));
	for (unsigned i = 0; i < p->nalgs; i++) {
		const struct malg *al = &p->algs[i];
		struct json_object *e = json_object_new_object();

		add_str(e, "type", al->type);
		add_str(e, "name", al->name);
		add(e, "boundAtRuntime", json_object_new_boolean(al->runtime));
		add_str(e, "allowlist", verdict_allow_status(x->r->data, al->type, al->name));
		json_object_array_add(algs, e);
	}
	add(pr, "algorithms", algs);
	add_str(pr, "codeWhere", report_code_where(p));
	add_str(pr, "codeComponent", l ? l->name : NULL);
	add_str(pr, "migration", l ? l->advice : NULL);
	/* where the code lives, at function level: only when the inputs said */
	if (p->nsites) {
		struct json_object *cs = json_object_new_array();

		for (unsigned i = 0; i < p->nsites; i++) {
			struct json_object *e = json_object_new_object();

			add_str(e, "function", p->sites[i].function);
			if (p->sites[i].has_address)
				add(e, "address", json_object_new_uint64(p->sites[i].address));
			add_str(e, "source", p->sites[i].source);
			add(e, "reached", json_object_new_boolean(p->sites[i].reached));
			json_object_array_add(cs, e);
		}
		add(pr, "callSites", cs);
	}
	if (report_any_via_shown(p)) {
		struct json_object *va = json_object_new_array();

		for (unsigned i = 0; i < p->nvia; i++) {
			const struct mvia *v = &p->via[i];
			struct json_object *e = json_object_new_object(), *fns = NULL;

			if (!report_via_shown(v))
				continue;
			add_str(e, "library", v->lib);
			add_str(e, "path", v->path);
			if (v->functions_known) {
				fns = json_object_new_array();
				for (unsigned j = 0; j < v->nfunctions; j++)
					json_object_array_add(fns, jstring(v->functions[j]));
			}
			add(e, "functions", fns);
			add(e, "types", name_array(v->types, AFALG_TYPE_COUNT, afalg_type_name));
			add_str(e, "linkLevel", v->link_level);
			json_object_array_add(va, e);
		}
		add(pr, "via", va);
	}
	return pr;
}

static struct json_object *location(struct sx *x, const struct mprog *p)
{
	const struct rlibrary *l = p->library;
	struct json_object *loc = json_object_new_object();
	const char *path = path_of(p), *comp = l ? l->name : NULL;

	if (path) {
		struct json_object *pl = json_object_new_object();

		add(pl, "artifactLocation", artifact(x, path));
		add(loc, "physicalLocation", pl);
	}
	if (comp || !path) {
		struct json_object *ll = json_object_new_array(), *lo = json_object_new_object();
		char name[200];

		if (comp) {
			add_str(lo, "name", comp);
			add_str(lo, "fullyQualifiedName", l->project);
		} else {
			snprintf(name, sizeof(name), "build-id %s",
				 p->build_id ? p->build_id : "unknown");
			add_str(lo, "name", name);
		}
		add_str(lo, "kind", "module");
		json_object_array_add(ll, lo);
		add(loc, "logicalLocations", ll);
	}
	return loc;
}

static struct json_object *related(struct sx *x, const struct mprog *p)
{
	struct json_object *r = json_object_new_array();
	const char *self = path_of(p);
	int id = 1;

	for (unsigned i = 0; i < p->nfiles; i++) {
		const char *f = p->files[i];
		struct json_object *loc, *pl;

		if (!f || !*f || (self && !strcmp(f, self)))
			continue;
		loc = json_object_new_object();
		pl = json_object_new_object();
		add(pl, "artifactLocation", artifact(x, f));
		add(loc, "id", json_object_new_int(id++));
		add(loc, "physicalLocation", pl);
		add(loc, "message", text_obj("the AF_ALG calls are in this file"));
		json_object_array_add(r, loc);
	}
	if (!json_object_array_length(r)) {
		json_object_put(r);
		return NULL;
	}
	return r;
}

/*
 * check: the state against the baseline ("new" for a program that is a
 * new AF_ALG user, "updated" for one with other findings, else
 * "unchanged") and the findings themselves.  The gate's policy (check
 * --overrides, --fail-on; docs/ci-example.md) on a program's results: when
 * every finding of the program is suppressed, each result carries
 * "suppressions" (kind external, the overrides' reasons as justification);
 * when none of them fails, an "error" result is a "warning".
 */
static void check_state(struct sx *x, struct json_object *res, struct json_object *props,
			const struct mprog *p)
{
	struct json_object *list = NULL;
	const char *state = "unchanged";
	const char *path = path_of(p);

	if (!x->o->check_findings)
		return;
	if (path && json_object_object_get_ex(x->findings, path, &list) && list) {
		size_t n = json_object_array_length(list), nsup = 0, nfail = 0;
		char why[4096] = "";

		state = "updated";
		for (size_t i = 0; i < n; i++) {
			struct json_object *f = json_object_array_get_idx(list, i), *s, *fl;
			const char *k = jstr(f, "kind");

			if (k && !strcmp(k, "new-user"))
				state = "new";
			if (!json_object_object_get_ex(f, "fails", &fl) ||
			    json_object_get_boolean(fl))
				nfail++;
			if (json_object_object_get_ex(f, "suppressed", &s) && s) {
				const char *reason = jstr(s, "reason");

				nsup++;
				/* each distinct reason once, "; " between */
				if (reason && !strstr(why, reason) &&
				    strlen(why) + strlen(reason) + 3 < sizeof(why))
					snprintf(why + strlen(why), sizeof(why) - strlen(why),
						 "%s%s", *why ? "; " : "", reason);
			}
		}
		if (n && nsup == n) {
			struct json_object *sups = json_object_new_array();
			struct json_object *sup = json_object_new_object();

			add_str(sup, "kind", "external");
			add(sup, "justification", jstring(why));
			json_object_array_add(sups, sup);
			add(res, "suppressions", sups);
		}
		if (!nfail && !strcmp(jstr(res, "level"), "error"))
			add_str(res, "level", "warning");
		add(props, "checkFindings", json_object_get(list));
	}
	if (x->o->check_baseline)
		add_str(res, "baselineState", state);
}

static void result(struct sx *x, enum rule r, const struct mprog *p, const char *what,
		   const char *msg, struct json_object *extra)
{
	struct json_object *res = json_object_new_object(), *locs = json_object_new_array();
	struct json_object *props = prog_properties(x, p), *pf = json_object_new_object(), *rel;
	const char *parts[3] = {rules[r].id, path_of(p) ? path_of(p) : p->build_id, what};
	char fp[17];

	add_str(res, "ruleId", rules[r].id);
	add(res, "ruleIndex", json_object_new_int((int)r));
	add_str(res, "level", rules[r].level);
	add(res, "message", text_obj(msg));
	json_object_array_add(locs, location(x, p));
	add(res, "locations", locs);
	if ((rel = related(x, p)))
		add(res, "relatedLocations", rel);
	fingerprint(fp, parts, 3);
	add_str(pf, "afalgFinding/v1", fp);
	add(res, "partialFingerprints", pf);
	json_object_object_foreach(extra, k, v) add(props, k, json_object_get(v));
	check_state(x, res, props, p);
	add(res, "properties", props);
	fprintf(x->out, "%s\n        %s", x->nresults++ ? "," : "",
		json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(res);
}

/* AFALG001: one result per option the program blocks, with report_build's why. */
static void blocks(struct sx *x, size_t i, const char *w)
{
	const struct pverdict *v = &x->r->verdicts[i];
	const struct mprog *p = x->r->progs[i];
	char msg[4800], calls[2200] = "", text[2048];

	/* the calls to replace: "Calls libell.so.0: l_checksum_new, ... → hash." */
	for (unsigned j = 0; j < p->nvia; j++)
		if (report_via_shown(&p->via[j]) && strlen(calls) + 16 < sizeof(calls)) {
			report_via_text(&p->via[j], text, sizeof(text));
			snprintf(calls + strlen(calls), sizeof(calls) - strlen(calls), " Calls %s.",
				 text);
		}

	for (int ro = 0; ro < RO_N; ro++) {
		struct json_object *e;

		if (!(v->blocks & (1u << ro)))
			continue;
		snprintf(msg, sizeof(msg), "%s uses AF_ALG (%s): disabling %s breaks it.%s", w,
			 v->block_why[ro], ropt_names[ro], calls);
		e = json_object_new_object();
		add_str(e, "option", ropt_names[ro]);
		result(x, R_BLOCKS, x->r->progs[i], ropt_names[ro], msg, e);
		json_object_put(e);
	}
}

/* AFALG002/AFALG003: one result per measure that breaks the program. */
static void breaks(struct sx *x, size_t i, const char *w)
{
	const struct pverdict *v = &x->r->verdicts[i];
	char msg[2400];

	for (unsigned int mi = 0; mi < AFALG_M_COUNT; mi++) {
		const struct rmeasure *m = &x->r->data->measures[mi];
		bool hard = v->brk[mi].hard;
		struct json_object *e;

		if (!v->breaks[mi])
			continue;
		snprintf(msg, sizeof(msg), "%s: %s %s breaks it (%s): %s.", w, m->id,
			 m->title ? m->title : "", hard ? "hard" : "soft", v->brk[mi].why);
		e = json_object_new_object();
		add_str(e, "measure", m->id);
		add_str(e, "measureTitle", m->title);
		add_str(e, "measureEffect", m->effect);
		add_str(e, "break", hard ? "hard" : "soft");
		if (v->measured[mi].verdict) {
			/* 'simulate' measured it: the verdict, not an inference */
			const struct vmeasured *mv = &v->measured[mi];

			add_str(e, "measuredVerdict", measured_verdict_name(mv->verdict));
			add_str(e, "measuredUnder", simulate_slot_name(mv->slot));
			add_str(e, "measuredCommand", mv->command);
			add_str(e, "measuredEnd", mv->exit);
			add_str(e, "measuredWhy", mv->why);
		}
		result(x, hard ? R_HARD : R_SOFT, x->r->progs[i], m->id, msg, e);
		json_object_put(e);
	}
}

/* The results of program i of the report, in report order. */
static void program(struct sx *x, size_t i)
{
	const struct mprog *p = x->r->progs[i];
	char w[1200], msg[2400];

	who(w, sizeof(w), p);
	if (model_class(p) >= MC_UNREACHABLE) {
		struct json_object *e = json_object_new_object();

		snprintf(msg, sizeof(msg), "%s is not an AF_ALG user (%s): %s. Not a blocker.", w,
			 model_class_name(model_class(p)), x->r->verdicts[i].info);
		add_str(e, "classification", model_class_name(model_class(p)));
		add(e, "wouldUse", name_array(report_types(p), AFALG_TYPE_COUNT, afalg_type_name));
		result(x, R_INFO, p, model_class_name(model_class(p)), msg, e);
		json_object_put(e);
		return;
	}
	if (!p->uses) {
		struct json_object *e = json_object_new_object();

		snprintf(msg, sizeof(msg),
			 "%s can open AF_ALG sockets for the scripts it runs but does not use "
			 "AF_ALG itself.",
			 w);
		result(x, R_CAPABLE, p, "capable", msg, e);
		json_object_put(e);
		return;
	}
	blocks(x, i, w);
	breaks(x, i, w);
}

static struct json_object *driver(void)
{
	struct json_object *d = json_object_new_object(), *rs = json_object_new_array();

	add_str(d, "name", AFALG_PROG);
	add_str(d, "version", AFALG_VERSION);
	add_str(d, "semanticVersion", AFALG_VERSION);
	add_str(d, "informationUri", AFALG_INFO_URI);
	for (size_t i = 0; i < R_N; i++) {
		struct json_object *r = json_object_new_object(), *c = json_object_new_object();
		struct json_object *pr = json_object_new_object(), *tags = json_object_new_array();

		add_str(r, "id", rules[i].id);
		add_str(r, "name", rules[i].name);
		add(r, "shortDescription", text_obj(rules[i].short_desc));
		add(r, "fullDescription", text_obj(rules[i].full_desc));
		add(r, "help", text_obj(rules[i].help));
		add_str(c, "level", rules[i].level);
		add(r, "defaultConfiguration", c);
		json_object_array_add(tags, json_object_new_string("security"));
		json_object_array_add(tags, json_object_new_string("af_alg"));
		add(pr, "tags", tags);
		add(r, "properties", pr);
		json_object_array_add(rs, r);
	}
	add(d, "rules", rs);
	return d;
}

/* input_uri as a directory path without trailing slashes ("file://" allowed). */
static void set_base(struct sx *x, const char *u)
{
	if (!u)
		return;
	if (!strncmp(u, "file://", 7))
		u += 7;
	if (u[0] != '/')
		return;
	x->base = u;
	x->baselen = strlen(u);
	while (x->baselen > 1 && u[x->baselen - 1] == '/')
		x->baselen--;
	if (x->baselen == 1)
		x->base = NULL; /* "/": absolute file URIs say the same */
}

static void index_findings(struct sx *x)
{
	struct json_object *f = x->o->check_findings;

	x->findings = json_object_new_object();
	for (size_t i = 0; f && i < json_object_array_length(f); i++) {
		struct json_object *e = json_object_array_get_idx(f, i), *list = NULL;
		const char *path = jbytes(e, "path");

		if (!path)
			continue;
		if (!json_object_object_get_ex(x->findings, path, &list)) {
			list = json_object_new_array();
			json_object_object_add(x->findings, path, list);
		}
		json_object_array_add(list, json_object_get(e));
	}
}

/* One member of the run object: "key": value, */
static void member(FILE *out, const char *key, struct json_object *v)
{
	fprintf(out, "      \"%s\": %s,\n", key,
		json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(v);
}

static struct json_object *uri_base_ids(struct sx *x)
{
	struct json_object *ids = json_object_new_object(), *b = json_object_new_object();
	char *dir = strndup(x->base, x->baselen), *uri = dir ? pct_path(dir, "file://") : NULL;
	char *slash = uri ? malloc(strlen(uri) + 2) : NULL;

	if (slash) {
		sprintf(slash, "%s/", uri);
		add_str(b, "uri", slash);
	}
	add(b, "description", text_obj("the directory the scanned paths are under"));
	add(ids, "INPUTROOT", b);
	free(slash);
	free(uri);
	free(dir);
	return ids;
}

/*
 * The log is written as it is made: the run's members first, then each
 * result as soon as it is built (one per line), so memory stays that of one
 * result however large the fleet.
 */
int report_render_sarif(FILE *out, const struct report *r, const struct render_opts *o)
{
	const struct model *m = r->model;
	struct json_object *tool, *props, *inp;
	struct sx x = {.o = o, .r = r, .out = out};

	set_base(&x, o->input_uri);
	index_findings(&x);

	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [\n    {\n",
	      out);
	tool = json_object_new_object();
	add(tool, "driver", driver());
	member(out, "tool", tool);
	if (x.base)
		member(out, "originalUriBaseIds", uri_base_ids(&x));
	member(out, "columnKind", json_object_new_string("unicodeCodePoints"));
	props = json_object_new_object();
	add_str(props, "generator", r->generator);
	add_str(props, "created", r->created);
	add_str(props, "headline", r->headline);
	add(props, "optionsSafe", option_array(r, false));
	add(props, "optionsBlocked", option_array(r, true));
	inp = json_object_new_object();
	add(inp, "scan", json_object_new_int64((int64_t)m->nscan));
	add(inp, "trace", json_object_new_int64((int64_t)m->ntrace));
	add(inp, "hosts", json_object_new_int64((int64_t)afalg_intern_count(m->hosts)));
	add(inp, "skipped", json_object_new_int64((int64_t)m->inputs_skipped));
	add(props, "inputs", inp);
	if (*r->evidence)
		add_str(props, "runtimeEvidence", r->evidence);
	if (*r->trace_window)
		add_str(props, "traceWindow", r->trace_window);
	member(out, "properties", props);
	/* what the run-time evidence is worth, where SARIF viewers show the run's caveats */
	if (*r->evidence) {
		struct json_object *inv = json_object_new_object(),
				   *note = json_object_new_object(),
				   *msg = json_object_new_object(),
				   *notes = json_object_new_array(),
				   *invs = json_object_new_array();

		add(inv, "executionSuccessful", json_object_new_boolean(1));
		add(note, "level", json_object_new_string("warning"));
		add_str(msg, "text", r->evidence);
		add(note, "message", msg);
		json_object_array_add(notes, note);
		add(inv, "toolExecutionNotifications", notes);
		json_object_array_add(invs, inv);
		member(out, "invocations", invs);
	}
	fputs("      \"results\": [", out);
	for (size_t i = 0; i < r->nprogs; i++)
		program(&x, i);
	fputs(x.nresults ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", out);
	json_object_put(x.findings);
	return ferror(out) ? -1 : 0;
}
