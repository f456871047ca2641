/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The report, typed: what report_build() decides once from the merged model
 * (and this machine's kernel), for every output to print.  Programs in
 * report order with their verdicts, the programs blocking each kconfig
 * option and broken by each hardening measure (indexes into progs), and the
 * counts.  Strings are the model's and the data files' (it points into
 * them: free the report before the model).
 *
 * report_to_json() writes it as the report document, version 4
 * (docs/schema/report-v6.schema.json).
 */
#ifndef AFALG_REPORT_H
#define AFALG_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "afalg_measure.h"
#include "verdict.h"

struct json_object;
struct kinfo;
struct model;
struct mprog;
struct mvia;
struct rdata;

/*
 * The report document's version.  2 adds to 1 the classifications links and
 * unreachable, "not_blockers", programs' "why" and "via", code "sites" and
 * the summary's counts of them; 3 adds programs' "identity" (issue #17);
 * 4 adds measured verdicts of 'simulate' results (issue #18): programs'
 * "measured", breaks' "measured", options' "measured_ok", measures'
 * "measured", the summary's "measured", the evidence "measured" and the
 * input count "simulate"; 5 adds "fixes" (what to change, grouped by
 * component and source package) and programs' "source_package" (issue
 * #17); 6 adds archive surveys (issue #19): the inputs' "surveys" and
 * "not_scanned", and fixes' "impact" and "maintainers"; 'check --baseline'
 * reads all six.
 */
#define REPORT_FORMAT_VERSION 6

/* Kernel notes: one per blocked module, AF_ALG off or unknown, M1..M3, no sysctl. */
#define REPORT_MAX_NOTES 8

/* Programs of one view, in report order: indexes into report.progs. */
struct report_refs {
	size_t *idx;
	size_t n;
};

/*
 * What to change (report_fixes.c): the users grouped by the component their
 * AF_ALG code is in and, under it, by source package.  Entries of one
 * component are adjacent; components by name, own code last.
 */
#define REPORT_FIX_MAX_FUNCTIONS 32
#define REPORT_FIX_MAX_MAINTAINERS 8

struct rfix {
	const struct rlibrary *component; /* libraries.json entry; NULL: the programs' own code */
	const char *name; /* source package, else the package (!source_known); NULL: none */
	bool source_known;
	unsigned types;		  /* AFALG_BIT()s of its files' uses */
	size_t runtime;		  /* of its files, seen at run time */
	struct report_refs files; /* its users, report order within it */
	/* the component's functions its files call (scan via), first REPORT_FIX_MAX_FUNCTIONS */
	const char **functions;
	size_t nfunctions;
	bool functions_truncated;
	/*
	 * Archive surveys (issue #19): the Maintainer fields of its files'
	 * packages, and the largest number of packages depending on one of
	 * them (-1: no survey lists them).  With a survey, the entries of a
	 * component come by impact, largest first.
	 */
	const char *maintainers[REPORT_FIX_MAX_MAINTAINERS];
	size_t nmaintainers;
	int64_t impact;
	/* of its files' verdicts: options they block (1 << enum ropt), measures that break them */
	unsigned blocks, breaks_hard, breaks_soft; /* measures: 1 << enum afalg_measure */
};

/*
 * An archive survey's view (issue #19): the source packages of the fixes,
 * each once (its entries under every component merged), by impact,
 * largest first, then name.  Only with a survey among the inputs.
 */
struct rsource {
	const char *name; /* as rfix.name */
	bool source_known;
	int64_t impact;
	const char *maintainers[REPORT_FIX_MAX_MAINTAINERS];
	size_t nmaintainers;
	unsigned blocks, breaks_hard, breaks_soft, types;
	size_t files;
	size_t first_fix, nfix_refs; /* its entries: source_fixes[first_fix ..] */
};

/* A trace shorter than this (its "duration_s") is said to be short (report_build.c). */
#define REPORT_SHORT_TRACE_S 60

struct report {
	const struct model *model;  /* inputs, hosts, kernels, lost events */
	const struct rdata *data;   /* measures' descriptions, allowlist, advice */
	const struct kinfo *kernel; /* NULL: not part of the report (--no-kernel) */
	char created[32];	    /* UTC, ISO 8601 */
	const char *generator;	    /* "afalg-audit VERSION" */

	/* users first, those seen at run time first, then by path and build-id */
	const struct mprog **progs;
	struct pverdict *verdicts; /* one per program, same order */
	size_t nprogs;

	struct report_refs blockers[RO_N];	  /* per option */
	size_t blockers_runtime[RO_N];		  /* of those, seen at run time */
	struct report_refs breaks[AFALG_M_COUNT]; /* per measure (hard and soft) */
	/* users a measured M0:TYPE says keep working without the option: not blockers */
	struct report_refs measured_ok[RO_N];
	/* programs with a measured verdict for the measure (verdicts[i].measured[mi]) */
	struct report_refs measured[AFALG_M_COUNT];
	size_t nmeasured; /* programs with any measured verdict */
	/* links and unreachable programs: information, listed apart, never blockers */
	struct report_refs not_blockers;
	size_t hard[AFALG_M_COUNT], soft[AFALG_M_COUNT];

	/* per measure: 1 enforced here, 0 not, -1 unknown (or no kernel) */
	int enforced[AFALG_M_COUNT];

	size_t users;	    /* classification "uses" */
	size_t runtime;	    /* of those, seen at run time */
	size_t capable;	    /* runtimes that only expose AF_ALG */
	size_t links;	    /* link an AF_ALG library without calling its AF_ALG functions */
	size_t unreachable; /* hold AF_ALG code that no entry reaches */
	size_t packages;    /* distinct packages of the users */
	size_t archived;    /* users found only in scanned .deb/.rpm archives: not installed here */
	char headline[1024];
	/*
	 * What the run-time evidence is worth, when it is worth less than it
	 * looks (a degraded or short trace): "Run-time evidence: ...", said at
	 * the top of every format; empty otherwise.
	 */
	char evidence[512];
	/*
	 * "Traced from 2026-12-06 19:40:01 to 19:42:10 UTC (130 s attached)."
	 * when the traces state their window (trace "started"/"ended"); empty
	 * otherwise.  Said in every format, beside the headline.
	 */
	char trace_window[192];
	/* its ends, "2026-12-06T19:40:01Z" (JSON's summary.trace_window); "" without */
	char trace_from[24], trace_to[24];
	/* "Measured ('simulate', ...): ..." when simulate results were merged; empty otherwise */
	char measured_note[256];
	char option_text[RO_N][192]; /* "blocked by N programs (...)", "safe to disable now..." */
	char notes[REPORT_MAX_NOTES][512]; /* about this machine's kernel (none without one) */
	size_t nnotes;

	struct rfix *fixes; /* what to change, one entry per (component, source package) */
	size_t nfixes, ncomponents;
	struct rsource *sources; /* with a survey: source packages by impact */
	size_t nsources;
	size_t *source_fixes; /* indexes into fixes, grouped by source (rsource.first_fix) */

	size_t *refs_store;	    /* what the report_refs point into */
	size_t *fix_files;	    /* what fixes[].files point into */
	const char **fix_functions; /* what fixes[].functions point into */
};

/*
 * Words of the report that are functions of what report_build decided,
 * named once here for the JSON writer and every renderer.
 */
/* "runtime", "static" or "runtime+static": which inputs saw the program. */
const char *report_evidence(const struct mprog *p);
/* Where its AF_ALG code is: "own", "library", "plugin", "script", "runtime", "unknown". */
const char *report_code_where(const struct mprog *p);
/* "blocked" or "safe-to-disable". */
const char *report_option_verdict(const struct report *r, int ro);
/* "hard-breaks", "soft-breaks" or "breaks-nothing". */
const char *report_measure_verdict(const struct report *r, unsigned int mi);
/* The option's value in this kernel ('y', 'm', 'n'), 0 when unknown or no kernel. */
char report_option_here(const struct report *r, int ro);
/* "on", "off" or "unknown": AF_ALG in the report's kernel. */
const char *report_af_alg(const struct kinfo *k);

/*
 * report_code.c: where the AF_ALG code lives, at function level.
 */
/* The types to show: a user's, or for links/unreachable the types it would reach. */
unsigned report_types(const struct mprog *p);
/* A via library has function-level words (scan version 2): functions known, or why not. */
bool report_via_shown(const struct mvia *v);
/* Whether any of p's via libraries is shown. */
bool report_any_via_shown(const struct mprog *p);
/*
 * "libell.so.0: l_checksum_new, l_cipher_new → hash, skcipher", or
 * "libell.so.0: functions not known (WHY) → hash": the calls to replace.
 */
void report_via_text(const struct mvia *v, char *buf, size_t size);
/*
 * The functions holding p's reached (or dead) AF_ALG call sites,
 * ", "-separated, dead ones with their address and source line; "" when none.
 */
void report_sites_text(const struct mprog *p, bool reached, char *buf, size_t size);

/* Fill r->fixes from r->progs (report_fixes.c); false when out of memory. */
bool report_group_fixes(struct report *r);
/* The words every format uses for an entry: its component's heading ... */
const char *report_fix_component(const struct rfix *f);
/* ... "systemd (source package)", "(in no package)" ... */
void report_fix_title(const struct rfix *f, char *buf, size_t size);
/* ... and "7 files, 0 seen at run time". */
void report_fix_counts(const struct rfix *f, char *buf, size_t size);
/*
 * "impact 6 (packages that depend on it); maintainers: A <a@x>, B <b@y>"
 * from archive surveys; "" when no survey lists its packages.
 */
void report_fix_survey(const struct rfix *f, char *buf, size_t size);
/*
 * A survey's "by option and measure" view, one row per kconfig option
 * (RO_HASH..RO_RNG) and then per measure: the row's name, the words of its
 * heading, and for a source package NULL (not in the row), "" (an option it
 * blocks) or "breaks"/"degrades" (a measure): what every renderer prints.
 */
#define REPORT_SURVEY_ROWS (RO_RNG + 1 + AFALG_M_COUNT)
const char *report_survey_row_name(unsigned row);
const char *report_survey_row_heading(unsigned row);
const char *report_survey_row_word(unsigned row, const struct rsource *s);

/* "ell (source package): impact 6; maintainers: A <a@x>" */
void report_source_line(const struct rsource *s, char *buf, size_t size);
/*
 * "http://deb.debian.org/debian bookworm (bookworm): 2000 packages, signature
 * verified, 3 not scanned, 0 named but not in the index"
 */
struct msurvey;
void report_survey_line(const struct msurvey *s, char *buf, size_t size);
/* "iwd 2.3-1: missing: not in the repository": a package no survey could scan. */
struct mspkg;
void report_not_scanned_line(const struct mspkg *p, char *buf, size_t size);

/* The report of a model; k may be NULL (--no-kernel).  NULL when out of memory. */
struct report *report_build(const struct model *m, const struct kinfo *k);
void report_free(struct report *r);

/* The report document of r (a new json-c object), or NULL when out of memory. */
struct json_object *report_to_json(const struct report *r);

#endif /* AFALG_REPORT_H */
