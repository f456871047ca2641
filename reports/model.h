/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The merge model: every program seen in any scan or trace input, keyed by
 * (path, build-id), with what it uses.  Inputs are folded in one at a time
 * (model_fold_file) and freed, so memory grows with the number of distinct
 * programs, algorithms and strings, not with the number of inputs or hosts.
 */
#ifndef AFALG_REPORT_MODEL_H
#define AFALG_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

#include "afalg_vocab.h"

struct json_object;
struct rdata;
struct afalg_intern;

/* Caps on per-program detail: enough for a report, bounded for a fleet. */
#define MODEL_MAX_ALGS 64
#define MODEL_MAX_DRIVERS 16
#define MODEL_MAX_UIDS 64
#define MODEL_MAX_ERRORS 16
#define MODEL_MAX_FILES 16
#define MODEL_MAX_VIA 16
#define MODEL_MAX_VIA_FUNCTIONS 64
#define MODEL_MAX_SITES 16
#define MODEL_MAX_BINDERS 8
#define MODEL_MAX_BINDER_UIDS 4

struct mdriver {
	const char *name, *module;
	signed char async, hardware; /* -1 unknown */
};

/* Who bound an algorithm at run time (trace): one cgroup and its uids (policy.c). */
struct mbinder {
	const char *cgroup; /* NULL: not known (the trace had no cgroup path) */
	uint32_t uids[MODEL_MAX_BINDER_UIDS];
	unsigned char nuids;
	bool more_uids; /* more than MODEL_MAX_BINDER_UIDS */
};

struct malg {
	const char *type; /* NULL: a name found in a file by scan */
	const char *name;
	bool runtime;		/* bound (or tried) at run time */
	bool driver_name_bound; /* the name asked for is a driver name */
	bool splice;		/* data spliced into it (trace) */
	uint32_t nonroot_uid;	/* first uid != 0 that bound it, or 0 */
	bool nonroot;
	const char *container_cgroup; /* bound from a container-looking cgroup */
	uint64_t count;		      /* successful binds */
	struct mdriver drivers[MODEL_MAX_DRIVERS];
	unsigned ndrivers;
	bool root; /* bound (successfully) by uid 0 */
	/* successful binds per cgroup, the first MODEL_MAX_BINDERS cgroups */
	struct mbinder binders[MODEL_MAX_BINDERS];
	unsigned char nbinders;
	bool more_binders;
};

/*
 * A library a scanned file goes through (scan "via"): for a user, the
 * library's AF_ALG entry points the file imports (scan version 2); for a
 * program that only links it, none.
 */
struct mvia {
	const char *lib;  /* the DT_NEEDED name, else the path */
	const char *path; /* NULL when not found */
	const char **functions;
	unsigned nfunctions, cfunctions;
	bool functions_known;	  /* false: a version 1 scan, or a link-level answer */
	bool functions_truncated; /* more than MODEL_MAX_VIA_FUNCTIONS */
	unsigned types;		  /* AFALG_BIT() of the types reached through them */
	const char *link_level;	  /* why functions are not known (evidence "link-level") */
};

/* An AF_ALG call site in the program's own code (scan evidence). */
struct msite {
	const char *function; /* enclosing function; NULL when not known */
	const char *source;   /* "file:line" from DWARF, or NULL */
	uint64_t address;
	bool has_address;
	bool reached; /* false: evidence "unreached-site", code no entry reaches */
};

/*
 * A measured verdict ('afalg-audit simulate', issue #18) of one simulated
 * measure (simulate_read.h's slots: M0:hash .. M0:rng, M1 .. M6): the worst
 * of every simulate result naming the program for it.  Strings interned.
 */
struct msimv {
	unsigned char verdict; /* enum measured_verdict; MV_NONE: not measured */
	const char *command;   /* COMMAND and its ARGS, as words ("hardlink -c DIR") */
	const char *why;       /* the simulate result's why */
	const char *exit;      /* how the run under the measure ended ("exit 0"), or NULL */
};

#define MODEL_SIM_SLOTS 10 /* SIMULATE_SLOTS */

struct msim {
	struct msimv v[MODEL_SIM_SLOTS];
};

/* A measured verdict for a program no input may have named yet (by path key). */
struct mpend {
	const char *key;
	unsigned slot;
	struct msimv v;
};

#define MODEL_MAX_PENDING 1024

struct merror {
	const char *op, *error;
	uint64_t count;
};

enum code_where { W_UNKNOWN, W_OWN, W_LIBRARY, W_PLUGIN, W_SCRIPT, W_RUNTIME };

struct mprog {
	const char *path, *build_id, *package, *version, *kind, *role, *use;
	const char *source; /* its package's source package (scan version 5), or NULL */
	const char *key; /* model_path_key() of its identity: the installed path programs join on */
	bool path_by_scan;		  /* path is a scan's (model_seen_at) */
	struct mprog *next_same_build_id; /* another file with the same build-id (copies) */
	/*
	 * What the inputs said it is; model_class() says which wins.  links,
	 * unreachable: scan version 2's information, never a blocker.
	 */
	bool uses, capable, links, unreachable, in_scan, in_trace;
	bool in_sim;	  /* a simulate result measured its AF_ALG calls */
	struct msim *sim; /* its measured verdicts, or NULL */
	/* found in a .deb/.rpm (a scan file with "archive"), in an installed file (one without) */
	bool in_archive, in_installed;
	unsigned types;	     /* AFALG_BIT() of enum afalg_type ids */
	unsigned info_types; /* the types of a links/unreachable scan file: information only */
	unsigned features;   /* of enum afalg_feature ids: asked for (scan) or used (trace) */
	bool rt_splice_skaead, rt_aio; /* seen at run time */
	uint32_t hosts_runtime, scans;
	uint32_t stamp;	       /* last scan input that counted it */
	const char *last_host; /* last traced host that counted it */
	uint64_t processes;
	uint32_t uids[MODEL_MAX_UIDS];
	unsigned nuids;
	struct merror errors[MODEL_MAX_ERRORS];
	unsigned nerrors;
	struct malg *algs;
	unsigned nalgs, calgs;
	bool algs_truncated;
	const char *files[MODEL_MAX_FILES];
	unsigned nfiles;
	const void *library; /* const struct rlibrary *, when attributed */
	struct mvia *via;    /* the libraries it goes through or links (scan) */
	unsigned nvia, cvia;
	struct msite *sites; /* its own AF_ALG call sites (scan) */
	unsigned nsites, csites;
	const char *link_level;	    /* a link-level reason naming none of its via libraries */
	struct mprog *next_variant; /* same path, other build-id */
};

#define MODEL_UNRES_EXAMPLES 5

/*
 * A binary package of an archive survey (issue #19; fold_survey.c): whom
 * to ask about a program of it, and how many packages its change touches.
 * One per package name (the largest impact of its architectures).
 */
struct mspkg {
	const char *name, *version, *source, *maintainer, *status, *error; /* interned */
	uint64_t impact;
};

/* A surveyed repository: one per survey document. */
struct msurvey {
	const char *path, *uri, *suite, *codename, *signature; /* interned */
	uint64_t packages, not_scanned, not_in_index;
	bool scan_complete;
};

/* How many packages the survey could not scan are named in the report. */
#define MODEL_MAX_NOT_SCANNED 200

struct model {
	struct afalg_intern *pool;
	struct mprog **progs; /* insertion order */
	size_t nprogs, cprogs;
	struct mprog **htab; /* key hash -> first variant */
	size_t hsize;
	struct mprog **btab; /* build-id hash -> the program first seen with it */
	size_t bsize, nbids;
	struct afalg_intern *hosts, *kernels;
	uint32_t stamp;
	uint64_t nscan, ntrace, nsim, lost_ringbuf, lost_map, lost_prog_missed;
	/* input file list, first 1000 */
	struct minput {
		const char *path, *format, *host, *kernel;
	} * inputs;
	size_t ninputs, cinputs, inputs_omitted;
	/* derived outputs found in directory arguments and not read (cmd_fold_inputs) */
	size_t inputs_skipped;
	/*
	 * What the run-time evidence is worth: traces whose data path was
	 * "none" (socket() and bind() only), traces that said how long they
	 * ran ("duration_s") and the shortest of those, in seconds.
	 */
	uint64_t ntrace_degraded, ntrace_timed;
	double trace_shortest_s;
	/*
	 * The traced window: the earliest "started" and the latest "ended"
	 * (wall-clock ns) of the traces that state theirs, and how many do.
	 */
	int64_t trace_from_ns, trace_to_ns;
	uint64_t ntrace_windowed;
	const struct rdata *data;
	/*
	 * Measured verdicts of simulate results for programs by path (the
	 * executable of a run no measure acted on: not-reached), applied to
	 * whichever program has that key when the report is built; the first
	 * MODEL_MAX_PENDING, the rest counted.
	 */
	struct mpend *pend;
	size_t npend, cpend, pend_dropped;
	/* scans' unresolved libraries (scan version 3), merged by name */
	struct munres {
		const char *needed;
		uint64_t files;
		const char *examples[MODEL_UNRES_EXAMPLES];
		size_t nexamples;
	} * unres;
	size_t nunres, cunres;
	/*
	 * Coverage (policy.c): seconds of the traces that said how long they
	 * ran, in all; the scans' own counts (their "stats") and the packages
	 * they list with AF_ALG findings.
	 */
	double trace_total_s;
	uint64_t scan_files, scan_elf_files, scan_archives, scan_members, scan_errors;
	uint64_t scan_packages;
	/* archive surveys (fold_survey.c) */
	struct msurvey *surveys;
	size_t nsurveys, csurveys;
	struct mspkg *spkgs; /* one per package name */
	size_t nspkgs, cspkgs;
	struct strmap spkg_index;	  /* name -> index + 1 into spkgs */
	const struct mspkg **not_scanned; /* of spkgs, first MODEL_MAX_NOT_SCANNED */
	size_t nnot_scanned, cnot_scanned, not_scanned_omitted;
};

/* The survey's record of package name, or NULL (no survey, or not in it). */
const struct mspkg *model_survey_pkg(const struct model *m, const char *name);
/* Fold a survey document's repository and packages (its scan is folded as a scan). */
int model_fold_survey(struct model *m, const char *path, struct json_object *doc);

/*
 * Which answer about a program wins when inputs disagree: a use (a trace
 * that saw a socket, or a scan that found one) over everything, then a
 * language runtime, then dead AF_ALG code, then a link without a call.
 */
enum mclass { MC_USES, MC_CAPABLE, MC_UNREACHABLE, MC_LINKS };
enum mclass model_class(const struct mprog *p);
/* "uses", "capable", "unreachable", "links". */
const char *model_class_name(enum mclass c);

int model_init(struct model *m, const struct rdata *data);
void model_free(struct model *m);

/*
 * Read one input file (scan, trace-v1 or simulate-v1, told apart by "format"), fold it
 * into the model and free it.  Returns 0, or -1 after one error line naming
 * the file (the model is unchanged only as far as the file was valid).
 */
int model_fold_file(struct model *m, const char *path);
/* The same for an already parsed document; 'path' names it in errors. */
int model_fold_doc(struct model *m, const char *path, struct json_object *doc);

/*
 * Find or create the program a scan (scan) or a trace saw at path with
 * build_id; NULL when out of memory.  identity: the path it is installed at
 * when that is not path (a file of a staged tree, "/usr/bin/x" for
 * stage/usr/bin/x: fold.c), else NULL.  One program wherever it was seen
 * (issue #17): the same path key (model_path_key() of the identity, or of
 * path: /sbin/cryptsetup in
 * dpkg's list is the /usr/sbin/cryptsetup a trace sees on a merged-/usr
 * system) with the same build-id, or with none on one side; else the same
 * build-id seen by the other kind of input (a trace of /usr/bin/x joins the
 * scan of stage/usr/bin/x).  Two scanned files with one build-id at two
 * paths stay two programs: each is a file some package ships.
 */
struct mprog *model_prog_seen(struct model *m, const char *path, const char *identity,
			      const char *build_id, bool scan);
/* model_prog_seen() for a scan. */
struct mprog *model_prog(struct model *m, const char *path, const char *build_id);
/*
 * p was seen at path by a scan (scan) or a trace: the path it is shown under
 * is a scan's when any scan saw it (the installed path, with its package),
 * else a trace's; among several, the smallest (strcmp), so that the report
 * does not depend on the order of its inputs.
 */
void model_seen_at(struct model *m, struct mprog *p, const char *path, bool scan);
/*
 * The join key of an absolute path: merged /usr aliases (/bin, /sbin, /lib,
 * /lib32, /lib64, /libx32) under /usr, as Debian 12 and Fedora install
 * them; anything else as it is.  Writes at most size bytes into buf.
 */
const char *model_path_key(const char *path, char *buf, size_t size);
/* A scan's unresolved library: needed by files more files, examples[0..n) among them. */
int model_unresolved(struct model *m, const char *needed, uint64_t files,
		     const char *const *examples, size_t n);
/* Record an algorithm use (type may be NULL); returns it, or NULL when capped. */
struct malg *model_alg(struct model *m, struct mprog *p, const char *type, const char *name);
void model_add_driver(struct model *m, struct malg *a, const char *name, const char *module,
		      int async, int hardware);
void model_add_uid(struct mprog *p, uint32_t uid);
/* A cgroup path that looks like a container's (docker, containerd, libpod, lxc, kubepods, ...). */
bool model_container_cgroup(const char *cgroup);
/* A successful bind of a by uid from cgroup (NULL: not known): a->binders, a->root. */
void model_add_binder(struct model *m, struct malg *a, const char *cgroup, uint32_t uid);
void model_add_error(struct model *m, struct mprog *p, const char *op, const char *error,
		     uint64_t count);
void model_add_file(struct model *m, struct mprog *p, const char *file);

/*
 * model_code.c: a via library (lib: its DT_NEEDED name, else its path) and
 * what the file imports from it.  The same library from another input adds
 * its functions and types; known functions replace "not known".  Returns
 * it, or NULL when capped or out of memory.
 */
struct mvia *model_add_via(struct model *m, struct mprog *p, const char *lib, const char *path);
void model_via_function(struct model *m, struct mvia *v, const char *function);
/* The via library named lib, or NULL. */
struct mvia *model_find_via(struct model *m, struct mprog *p, const char *lib);
/* An AF_ALG call site; the same (function, reached) once. */
void model_add_site(struct model *m, struct mprog *p, const char *function, const char *source,
		    const uint64_t *address, bool reached);

const char *model_intern(struct model *m, const char *s);

/*
 * Measured verdicts (model.c): v for slot of p, kept when it is worse than
 * the one there (breaks > degrades > survives > not-reached); -1 when out of
 * memory.  model_pend: the same for the program whose path is path, whenever
 * it is named.  model_measured: p's verdict for slot, its own or pending, or
 * NULL.
 */
int model_sim_set(struct mprog *p, unsigned slot, const struct msimv *v);
int model_pend(struct model *m, const char *path, unsigned slot, const struct msimv *v);
const struct msimv *model_measured(const struct model *m, const struct mprog *p, unsigned slot);

#endif /* AFALG_REPORT_MODEL_H */
