// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit survey (issue #19): the AF_ALG users of an apt repository.
 * The indexes are fetched and verified (survey_index.c), each selected
 * package fetched once into the state directory's pool and checked against
 * the SHA-256 its Packages stanza gives (survey_state.c), the pool scanned
 * by `afalg-audit scan` as one set of archives (so a program in one package
 * is resolved against the library of another, as ld.so would on a system
 * with both), and the scan embedded in a survey document with each package's
 * source, maintainer and impact (docs/schema/survey-v1.schema.json), which
 * `report` reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "argv_builder.h"
#include "cmd_common.h"
#include "commands.h"
#include "fetch.h"
#include "fnv.h"
#include "json_bytes.h"
#include "jsonin.h"
#include "numopt.h"
#include "optbad.h"
#include "outfile.h"
#include "safeopen.h"
#include "strmap.h"
#include "survey_index.h"
#include "survey_state.h"

#define SURVEY_FORMAT "afalg-audit-survey"
#define SURVEY_FORMAT_VERSION 1
#define MAX_LIST 64
#define DEFAULT_MAX_DEB (4ull << 30)
#define NAMES_FILE_MAX (16u << 20)

struct survey_opts {
	const char *repo, *suite;
	const char *components[MAX_LIST], *archs[MAX_LIST];
	unsigned ncomponents, narchs;
	char *keyring; /* absolute */
	const char *state, *out, *packages_from;
	const char **names; /* --package */
	size_t nnames, capnames;
	bool keep_debs, quiet;
	unsigned retries, jobs;
	uint64_t max_deb;
	uint32_t shard_k, shard_n; /* --shard K/N; 0/0: all */
	const char *max_member;	   /* --max-member, passed to the scan as given */
	char *links_out;	   /* absolute */
	char **links_from;	   /* absolute */
	size_t nlinks_from, caplinks_from;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s survey [OPTIONS] REPOSITORY SUITE\n\n"
		"Find the AF_ALG users among the binary packages of an apt repository: fetch\n"
		"and verify its indexes, fetch each package once (checked against the SHA-256\n"
		"its Packages file gives), scan them together, and write a survey document\n"
		"(docs/schema/survey-v1.schema.json) that 'report' reads: per package its\n"
		"source, version, Maintainer and impact (how many packages depend on it).\n\n"
		"REPOSITORY is a local mirror directory, a file:/// URL or an http(s):// URL\n"
		"(the directory holding dists/ and pool/); SUITE a suite or codename.\n\n"
		"Options:\n"
		"  -c, --component C     a component (repeat, or C,C,...; default main)\n"
		"  -a, --arch A          an architecture (repeat, or A,A,...; default this\n"
		"                        machine's)\n"
		"      --keyring FILE    verify InRelease (or Release.gpg) with gpgv against\n"
		"                        FILE; without it the index is used unverified and the\n"
		"                        survey says so\n"
		"      --package NAME    survey only this binary package (repeat)\n"
		"      --packages-from FILE  names of the packages to survey, one a line\n"
		"      --state DIR       working directory: the verified packages while the\n"
		"                        survey runs; a survey run again with the same DIR\n"
		"                        fetches only what it does not have (default: a private\n"
		"                        temporary directory, removed at the end)\n"
		"      --keep-debs       keep the fetched packages in DIR/pool afterwards\n"
		"                        (default: removed once the survey is complete)\n"
		"      --retries N       further attempts after a transient download error\n"
		"                        (default 3; waits 1, 2, 4... s between them)\n"
		"      --max-deb BYTES   largest package fetched (default 4G)\n"
		"      --shard K/N       survey only the K-th of N shards of the packages (by a\n"
		"                        hash of the package name): one task of a distributed\n"
		"                        survey (contrib/README.md)\n"
		"      --links-out FILE  first pass of a sharded survey: also write the link\n"
		"                        records of this shard's packages (keeps the pool for\n"
		"                        the second pass; needs --state)\n"
		"      --links-from FILE second pass: resolve libraries in the other shards'\n"
		"                        packages too, from every shard's --links-out (repeat)\n"
		"      --max-member BYTES  largest archive member the scan analyses (its\n"
		"                        default, 128M; a package with a larger one is listed\n"
		"                        as incompletely read)\n"
		"  -j, --jobs N          scan worker threads (default 2)\n"
		"  -o, --output FILE     write the survey there (default: stdout)\n"
		"  -q, --quiet           no progress lines\n"
		"  -h, --help            this help\n\n"
		"A package that cannot be fetched or does not match its SHA-256 is listed with\n"
		"why, and the survey goes on.  Exit status: 0 every selected package surveyed,\n"
		"2 an error (usage, an index that cannot be had or verified: nothing written;\n"
		"or a package that could not be fetched or read: written, and incomplete).\n",
		AFALG_PROG);
}

static bool add_list(const char *opt, char *arg, const char **v, unsigned *n)
{
	for (char *save = NULL, *t = strtok_r(arg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool slash_ok = !strcmp(opt, "--component"); /* "updates/main" */
		if (!debindex_valid_relpath(t) || (!slash_ok && strchr(t, '/'))) {
			afalg_err("survey", "%s '%s': not a name an apt repository uses", opt, t);
			return false;
		}
		if (*n == MAX_LIST) {
			afalg_err("survey", "%s: more than %d", opt, MAX_LIST);
			return false;
		}
		v[(*n)++] = t;
	}
	return true;
}

static const char *host_arch(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return NULL;
	if (!strcmp(u.machine, "x86_64"))
		return "amd64";
	if (!strcmp(u.machine, "aarch64"))
		return "arm64";
	if (!strcmp(u.machine, "i686") || !strcmp(u.machine, "i386"))
		return "i386";
	return NULL;
}

enum {
	OPT_KEYRING = 256,
	OPT_PACKAGE,
	OPT_PACKAGES_FROM,
	OPT_STATE,
	OPT_KEEP,
	OPT_RETRIES,
	OPT_MAX_DEB,
	OPT_SHARD,
	OPT_LINKS_OUT,
	OPT_LINKS_FROM,
	OPT_MAX_MEMBER,
};

/*
 * An absolute spelling of path for the scan, which runs in the state
 * directory: the file itself resolved when it must exist (--links-from),
 * else its directory (--links-out, written later).
 */
static char *absolute(const char *path, bool must_exist)
{
	char *dir, *base, *d = NULL, *out = NULL;

	if (must_exist)
		return realpath(path, NULL);
	if (path[0] == '/')
		return strdup(path);
	dir = strdup(path);
	if (!dir)
		return NULL;
	base = strrchr(dir, '/');
	if (!base) {
		d = realpath(".", NULL);
		if (d && asprintf(&out, "%s/%s", d, path) < 0)
			out = NULL;
	} else {
		*base = '\0';
		d = realpath(dir, NULL);
		if (d && asprintf(&out, "%s/%s", d, base + 1) < 0)
			out = NULL;
	}
	free(d);
	free(dir);
	return out;
}

/* 0 run, 1 help printed, -1 said. */
static int parse_opts(struct survey_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"component", required_argument, NULL, 'c'},
		{"arch", required_argument, NULL, 'a'},
		{"keyring", required_argument, NULL, OPT_KEYRING},
		{"package", required_argument, NULL, OPT_PACKAGE},
		{"packages-from", required_argument, NULL, OPT_PACKAGES_FROM},
		{"state", required_argument, NULL, OPT_STATE},
		{"keep-debs", no_argument, NULL, OPT_KEEP},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"max-deb", required_argument, NULL, OPT_MAX_DEB},
		{"shard", required_argument, NULL, OPT_SHARD},
		{"links-out", required_argument, NULL, OPT_LINKS_OUT},
		{"links-from", required_argument, NULL, OPT_LINKS_FROM},
		{"max-member", required_argument, NULL, OPT_MAX_MEMBER},
		{"jobs", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;

	o->retries = 3;
	o->jobs = 2;
	o->max_deb = DEFAULT_MAX_DEB;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:a:j:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (!add_list("--component", optarg, o->components, &o->ncomponents))
				return -1;
			break;
		case 'a':
			if (!add_list("--arch", optarg, o->archs, &o->narchs))
				return -1;
			break;
		case OPT_KEYRING:
			free(o->keyring);
			o->keyring = realpath(optarg, NULL);
			if (!o->keyring) {
				afalg_errno(optarg, errno, "--keyring");
				return -1;
			}
			break;
		case OPT_PACKAGE:
			if (!debindex_valid_name(optarg)) {
				afalg_err("survey", "--package '%s': not a package name", optarg);
				return -1;
			}
			if (afalg_grow(&o->names, &o->capnames, o->nnames, sizeof(*o->names), 16)) {
				afalg_err("survey", "out of memory");
				return -1;
			}
			o->names[o->nnames++] = optarg;
			break;
		case OPT_PACKAGES_FROM:
			o->packages_from = optarg;
			break;
		case OPT_STATE:
			o->state = optarg;
			break;
		case OPT_KEEP:
			o->keep_debs = true;
			break;
		case OPT_RETRIES:
			if (afalg_opt_uint("survey", "--retries", optarg, 0, 10, &o->retries))
				return -1;
			break;
		case OPT_MAX_DEB:
			if (afalg_opt_size("survey", "--max-deb", optarg, 1024, UINT64_MAX / 2,
					   &o->max_deb))
				return -1;
			break;
		case OPT_SHARD:
			if (afalg_opt_shard("survey", "--shard", optarg, 4096, &o->shard_k,
					    &o->shard_n))
				return -1;
			break;
		case OPT_LINKS_OUT:
			free(o->links_out);
			if (!(o->links_out = absolute(optarg, false))) {
				afalg_errno(optarg, errno, "--links-out");
				return -1;
			}
			break;
		case OPT_LINKS_FROM:
			if (afalg_grow(&o->links_from, &o->caplinks_from, o->nlinks_from,
				       sizeof(*o->links_from), 8)) {
				afalg_err("survey", "out of memory");
				return -1;
			}
			if (!(o->links_from[o->nlinks_from] = absolute(optarg, true))) {
				afalg_errno(optarg, errno, "--links-from");
				return -1;
			}
			o->nlinks_from++;
			break;
		case OPT_MAX_MEMBER: {
			uint64_t v;
			/* checked here against scan's own range, so that a bad one fails before
			 * anything is fetched */
			if (afalg_opt_size("survey", "--max-member", optarg, 1, 1ull << 40, &v))
				return -1;
			o->max_member = optarg;
			break;
		}
		case 'j':
			if (afalg_opt_uint("survey", "--jobs", optarg, 1, 64, &o->jobs))
				return -1;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			afalg_opt_bad("survey", c, argv, longopts);
			return -1;
		}
	}
	if (argc - optind != 2) {
		afalg_err("survey", "needs REPOSITORY and SUITE");
		afalg_try_help("survey");
		return -1;
	}
	o->repo = argv[optind];
	o->suite = argv[optind + 1];
	if (!debindex_valid_relpath(o->suite)) {
		afalg_err("survey", "SUITE '%s': not a suite name", o->suite);
		return -1;
	}
	if (!o->ncomponents)
		o->components[o->ncomponents++] = "main";
	if (!o->narchs) {
		const char *a = host_arch();
		if (!a) {
			afalg_err("survey", "this machine's architecture has no Debian name here: "
					    "give --arch");
			return -1;
		}
		o->archs[o->narchs++] = a;
	}
	if (o->links_out && !o->state) {
		afalg_err("survey", "--links-out needs --state DIR (the second pass scans the "
				    "same packages from there)");
		return -1;
	}
	if (o->links_out && o->nlinks_from) {
		afalg_err("survey", "--links-out and --links-from are the two passes: give one");
		return -1;
	}
	if (o->keep_debs && !o->state) {
		afalg_err("survey", "--keep-debs needs --state DIR (where to keep them)");
		return -1;
	}
	return 0;
}

/* The names of --packages-from, into o->names (strings owned by *buf). */
static int read_names(struct survey_opts *o, char **buf)
{
	struct stat st;
	const char *why = NULL;
	int fd = afalg_open_ro(AT_FDCWD, o->packages_from, 0, NAMES_FILE_MAX, &st, &why);
	size_t len = 0;
	unsigned lineno = 0;
	char *save = NULL;

	if (fd < 0) {
		afalg_errno(o->packages_from, errno, "%s", why ? why : "cannot open");
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	while (*buf && len < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + len, (size_t)st.st_size - len);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (!*buf) {
		afalg_err(o->packages_from, "out of memory");
		return -1;
	}
	(*buf)[len] = '\0';
	for (char *line = strtok_r(*buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *end;
		lineno++;
		if (hash)
			*hash = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (!*line)
			continue;
		if (!debindex_valid_name(line)) {
			afalg_err(o->packages_from, "line %u: not a package name", lineno);
			return -1;
		}
		if (afalg_grow(&o->names, &o->capnames, o->nnames, sizeof(*o->names), 64)) {
			afalg_err("survey", "out of memory");
			return -1;
		}
		o->names[o->nnames++] = line;
	}
	return 0;
}

/* What became of one selected package. */
enum pkg_status { PKG_SCANNED, PKG_RESUMED, PKG_MISSING, PKG_FAILED, PKG_MISMATCH };

static const char *const status_name[] = {
	[PKG_SCANNED] = "fetched", [PKG_RESUMED] = "resumed",	[PKG_MISSING] = "missing",
	[PKG_FAILED] = "failed",   [PKG_MISMATCH] = "mismatch",
};

struct selected {
	const struct deb_pkg *p;
	char *pool_name;
	enum pkg_status status;
	unsigned attempts;
	char why[256];
};

/* A pool file from an earlier run: reused if it still has the right SHA-256. */
static bool reuse(struct survey_state *st, struct selected *s)
{
	unsigned char sha[DEBINDEX_SHA256_LEN];
	uint64_t size;
	int fd = openat(st->poolfd, s->pool_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	bool ok;

	if (fd < 0)
		return false;
	ok = !fstat(fd, &sb) && S_ISREG(sb.st_mode) && !fetch_hash_fd(fd, sha, &size) &&
	     size == s->p->size && !memcmp(sha, s->p->sha256, sizeof(sha));
	close(fd);
	if (!ok)
		unlinkat(st->poolfd, s->pool_name, 0);
	return ok;
}

static void fetch_one(struct fetcher *f, struct survey_state *st, const struct survey_opts *o,
		      struct selected *s)
{
	struct fetch_info info;
	char *part = NULL;
	int fd;
	enum fetch_result r;

	if (reuse(st, s)) {
		s->status = PKG_RESUMED;
		return;
	}
	if (s->p->size > o->max_deb) {
		s->status = PKG_FAILED;
		snprintf(s->why, sizeof(s->why), "%llu bytes, over --max-deb",
			 (unsigned long long)s->p->size);
		return;
	}
	fd = state_part(st->poolfd, &part);
	if (fd < 0) {
		s->status = PKG_FAILED;
		snprintf(s->why, sizeof(s->why), "cannot create a file in the pool: %s",
			 strerror(errno));
		return;
	}
	/* Never more than the index says it is. */
	r = fetcher_get(f, s->p->filename, fd, s->p->size, &info);
	s->attempts = info.attempts;
	close(fd);
	if (r == FETCH_OK &&
	    (info.size != s->p->size || memcmp(info.sha256, s->p->sha256, sizeof(info.sha256)))) {
		s->status = PKG_MISMATCH;
		snprintf(s->why, sizeof(s->why),
			 "size or SHA-256 not the one the Packages file gives: not scanned");
	} else if (r == FETCH_OK) {
		if (state_publish(st->poolfd, part, s->pool_name) == 0) {
			s->status = PKG_SCANNED;
			free(part);
			return;
		}
		s->status = PKG_FAILED;
		snprintf(s->why, sizeof(s->why), "cannot name it in the pool: %s", strerror(errno));
	} else {
		s->status = r == FETCH_MISSING ? PKG_MISSING : PKG_FAILED;
		snprintf(s->why, sizeof(s->why), "%s",
			 r == FETCH_TOO_BIG && info.why[0] == 'o' ? "larger than the index says"
								  : info.why);
	}
	unlinkat(st->poolfd, part, 0);
	free(part);
}

/*
 * The pool holds exactly the selected packages (an earlier run's other
 * leftovers are removed, so that the scan sees this selection and no more).
 */
static bool is_wanted(const char *name, void *wanted)
{
	return strmap_get(wanted, name) != NULL;
}

/* Run the scan over DIR/pool, from DIR: paths in it are "pool/...". */
static int run_scan(const struct survey_state *st, const struct survey_opts *o)
{
	struct argv_builder a = {0};
	char jobs[16];
	int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC), rc;

	snprintf(jobs, sizeof(jobs), "%u", o->jobs);
	argv_add(&a, "scan");
	argv_add(&a, "-q");
	argv_add(&a, "--no-host-libs");
	argv_add(&a, "-j");
	argv_add(&a, jobs);
	argv_add(&a, "-o");
	argv_add(&a, "scan.json");
	if (o->max_member) {
		argv_add(&a, "--max-member");
		argv_add(&a, o->max_member);
	}
	if (o->links_out) {
		argv_add(&a, "--links-out");
		argv_add(&a, o->links_out);
	}
	for (size_t i = 0; i < o->nlinks_from; i++) {
		argv_add(&a, "--links-from");
		argv_add(&a, o->links_from[i]);
	}
	argv_add(&a, "--");
	argv_add(&a, "pool");
	if (a.failed || cwd < 0 || fchdir(st->dirfd) < 0) {
		afalg_errno("survey", errno ? errno : ENOMEM, "cannot start the scan");
		argv_free(&a);
		if (cwd >= 0)
			close(cwd);
		return -1;
	}
	rc = cmd_run_self(a.v);
	argv_free(&a);
	if (fchdir(cwd) < 0) {
		afalg_errno("survey", errno, "cannot return to the working directory");
		rc = -1;
	}
	close(cwd);
	return rc;
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *str_list(const char *const *v, unsigned n)
{
	struct json_object *a = json_object_new_array();

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static struct json_object *repository_json(const struct survey_opts *o,
					   const struct index_result *ix)
{
	struct json_object *r = json_object_new_object(), *rel = json_object_new_object();

	afalg_json_add_bytes(r, "uri", o->repo);
	afalg_json_add_bytes(r, "suite", o->suite);
	json_object_object_add(r, "components", str_list(o->components, o->ncomponents));
	json_object_object_add(r, "architectures", str_list(o->archs, o->narchs));
	json_object_object_add(r, "signed_file", json_object_new_string(ix->signed_file));
	json_object_object_add(r, "signature", json_object_new_string(ix->signature));
	if (o->keyring)
		afalg_json_add_bytes(r, "keyring", o->keyring);
	else
		json_object_object_add(r, "keyring", NULL);
	afalg_json_add_bytes(rel, "origin", ix->release.origin);
	afalg_json_add_bytes(rel, "label", ix->release.label);
	afalg_json_add_bytes(rel, "suite", ix->release.suite);
	afalg_json_add_bytes(rel, "codename", ix->release.codename);
	afalg_json_add_bytes(rel, "date", ix->release.date);
	afalg_json_add_bytes(rel, "valid_until", ix->release.valid_until);
	json_object_object_add(r, "release", rel);
	json_object_object_add(r, "index_files",
			       str_list((const char *const *)ix->index_files, ix->nindex_files));
	json_object_object_add(r, "index_packages", json_object_new_uint64(ix->pkgs.n));
	json_object_object_add(r, "index_skipped", json_object_new_uint64(ix->pkgs.skipped));
	return r;
}

static struct json_object *package_json(const struct selected *s)
{
	const struct deb_pkg *p = s->p;
	struct json_object *j = json_object_new_object();
	char hex[2 * DEBINDEX_SHA256_LEN + 1];
	char pool[PATH_MAX];

	fetch_hex(p->sha256, hex);
	json_object_object_add(j, "package", json_object_new_string(p->name));
	json_object_object_add(j, "version", json_object_new_string(p->version));
	json_object_object_add(j, "architecture", json_object_new_string(p->arch));
	json_object_object_add(j, "source_package",
			       json_object_new_string(p->source ? p->source : p->name));
	json_object_object_add(
		j, "source_version",
		json_object_new_string(p->source_version ? p->source_version : p->version));
	afalg_json_add_bytes(j, "maintainer", p->maintainer);
	json_object_object_add(j, "component", str_or_null(p->component));
	json_object_object_add(j, "impact", json_object_new_int64(p->impact));
	json_object_object_add(j, "filename", json_object_new_string(p->filename));
	json_object_object_add(j, "size", json_object_new_uint64(p->size));
	json_object_object_add(j, "sha256", json_object_new_string(hex));
	snprintf(pool, sizeof(pool), "pool/%s", s->pool_name);
	json_object_object_add(j, "archive", json_object_new_string(pool));
	json_object_object_add(j, "status", json_object_new_string(status_name[s->status]));
	json_object_object_add(j, "attempts", json_object_new_int64(s->attempts));
	afalg_json_add_bytes(j, "error", s->why[0] ? s->why : NULL);
	return j;
}

static int write_doc(const struct survey_opts *o, const struct index_result *ix,
		     const struct selected *sel, size_t nsel, const char *const *absent,
		     size_t nabsent, struct json_object *scan, int scan_status)
{
	struct json_object *root = json_object_new_object(), *a;
	struct afalg_outfile *out;
	char gen[64], now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc = -1;

	snprintf(gen, sizeof(gen), "afalg-audit %s", AFALG_VERSION);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	json_object_object_add(root, "format", json_object_new_string(SURVEY_FORMAT));
	json_object_object_add(root, "version", json_object_new_int(SURVEY_FORMAT_VERSION));
	json_object_object_add(root, "generator", json_object_new_string(gen));
	json_object_object_add(root, "created", json_object_new_string(now));
	json_object_object_add(root, "repository", repository_json(o, ix));
	a = json_object_new_array();
	for (size_t i = 0; i < nsel; i++)
		json_object_array_add(a, package_json(&sel[i]));
	json_object_object_add(root, "packages", a);
	json_object_object_add(root, "not_in_index", str_list(absent, (unsigned)nabsent));
	if (o->shard_n > 1) {
		struct json_object *sh = json_object_new_object();
		json_object_object_add(sh, "index", json_object_new_int64(o->shard_k));
		json_object_object_add(sh, "count", json_object_new_int64(o->shard_n));
		json_object_object_add(root, "shard", sh);
	} else {
		json_object_object_add(root, "shard", NULL);
	}
	json_object_object_add(root, "pass",
			       json_object_new_string(o->links_out     ? "links-out"
						      : o->nlinks_from ? "links-from"
								       : "single"));
	json_object_object_add(root, "scan_complete", json_object_new_boolean(scan_status == 0));
	json_object_object_add(root, "scan", scan ? json_object_get(scan) : NULL);

	out = afalg_outfile_open(o->out, "survey");
	if (out) {
		const char *s = json_object_to_json_string_ext(
			root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (s && fputs(s, afalg_outfile_stream(out)) >= 0 &&
		    fputc('\n', afalg_outfile_stream(out)) != EOF)
			rc = afalg_outfile_commit(out);
		else {
			afalg_errno(o->out ? o->out : "stdout", errno, "cannot write the survey");
			afalg_outfile_abort(out);
		}
	}
	json_object_put(root);
	return rc;
}

int cmd_survey(int argc, char **argv)
{
	struct survey_opts o = {0};
	struct survey_state st = {.dirfd = -1, .poolfd = -1};
	struct index_result ix = {0};
	struct fetcher *f = NULL;
	struct selected *sel = NULL;
	const char **absent = NULL;
	size_t nsel = 0, nabsent = 0, capabsent = 0;
	struct strmap byname, wanted;
	struct json_object *scan = NULL;
	char *names_buf = NULL, why[256];
	int rc = AFALG_EXIT_ERROR, scan_status = -1, p;
	bool incomplete = false;
	uint64_t bytes = 0;

	strmap_init(&byname);
	strmap_init(&wanted);
	p = parse_opts(&o, argc, argv);
	if (p) {
		rc = p > 0 ? AFALG_EXIT_OK : AFALG_EXIT_ERROR;
		goto out;
	}
	if (o.packages_from && read_names(&o, &names_buf))
		goto out;
	if (afalg_outfile_check(o.out, "survey"))
		goto out;
	f = fetcher_new(o.repo, o.retries, why, sizeof(why));
	if (!f) {
		afalg_err(o.repo, "%s", why);
		goto out;
	}
	if (state_open(&st, o.state))
		goto out;
	{
		struct index_opts io = {o.suite,  o.components, o.ncomponents, o.archs,
					o.narchs, o.keyring,	o.quiet};
		if (survey_index_load(f, &st, &io, &ix))
			goto out;
	}
	if (!o.keyring && !o.quiet)
		afalg_warn(o.repo, "no --keyring: the index's signature is not checked "
				   "(the survey says \"unverified\")");

	/* The selection: every package, or the named ones (each architecture of a name). */
	for (size_t i = 0; i < ix.pkgs.n; i++) {
		const char *n = ix.pkgs.v[i].name;
		if (!strmap_get(&byname, n) && !strmap_put(&byname, n, (void *)&ix.pkgs.v[i]))
			goto oom;
	}
	sel = calloc(ix.pkgs.n ? ix.pkgs.n : 1, sizeof(*sel));
	if (!sel)
		goto oom;
	if (o.nnames) {
		struct strmap named;
		strmap_init(&named);
		for (size_t i = 0; i < o.nnames; i++) {
			if (!strmap_put(&named, o.names[i], (void *)1)) {
				strmap_free(&named);
				goto oom;
			}
			if (!strmap_get(&byname, o.names[i])) {
				if (afalg_grow(&absent, &capabsent, nabsent, sizeof(*absent), 16)) {
					strmap_free(&named);
					goto oom;
				}
				absent[nabsent++] = o.names[i];
			}
		}
		for (size_t i = 0; i < ix.pkgs.n; i++)
			if (strmap_get(&named, ix.pkgs.v[i].name))
				sel[nsel++].p = &ix.pkgs.v[i];
		strmap_free(&named);
		for (size_t i = 0; i < nabsent; i++)
			afalg_err(absent[i], "no such package in %s %s", o.repo, o.suite);
		if (nabsent)
			incomplete = true;
	} else {
		for (size_t i = 0; i < ix.pkgs.n; i++)
			sel[nsel++].p = &ix.pkgs.v[i];
	}
	if (o.shard_n > 1) {
		/* By name: every architecture of a package in one shard. */
		size_t w = 0;
		for (size_t i = 0; i < nsel; i++)
			if (afalg_fnv1a64_str(AFALG_FNV1A64_BASIS, sel[i].p->name) % o.shard_n +
				    1 ==
			    o.shard_k)
				sel[w++] = sel[i];
		nsel = w;
	}
	for (size_t i = 0; i < nsel; i++) {
		sel[i].pool_name =
			state_pool_name(sel[i].p->name, sel[i].p->version, sel[i].p->arch);
		if (!sel[i].pool_name || !strmap_put(&wanted, sel[i].pool_name, &sel[i]))
			goto oom;
		bytes += sel[i].p->size;
	}
	if (!o.quiet)
		fprintf(stderr,
			"%s: survey: %s %s: %zu of %zu packages, %.1f MB to fetch or reuse\n",
			AFALG_PROG, o.repo, o.suite, nsel, ix.pkgs.n, (double)bytes / 1e6);

	state_prune_pool(&st, is_wanted, &wanted);
	for (size_t i = 0; i < nsel; i++) {
		fetch_one(f, &st, &o, &sel[i]);
		if (sel[i].status != PKG_SCANNED && sel[i].status != PKG_RESUMED) {
			incomplete = true;
			if (!o.quiet) {
				char where[1400];
				snprintf(where, sizeof(where), "%s/%s", fetcher_base(f),
					 sel[i].p->filename);
				afalg_err(where, "%s", sel[i].why);
			}
		}
		if (!o.quiet && (i + 1) % 100 == 0)
			fprintf(stderr, "%s: survey: %zu/%zu packages fetched or reused\n",
				AFALG_PROG, i + 1, nsel);
	}

	scan_status = run_scan(&st, &o);
	if (scan_status >= 0) {
		char *path = NULL;
		if (asprintf(&path, "%s/scan.json", st.path) < 0 ||
		    jsonin_read_limits(path, &jsonin_input, &scan)) {
			free(path);
			afalg_err("survey", "the scan wrote no readable result: nothing written");
			goto out;
		}
		free(path);
	} else {
		afalg_err("survey", "the scan failed: nothing written");
		goto out;
	}
	if (scan_status != 0)
		incomplete = true;
	if (write_doc(&o, &ix, sel, nsel, absent, nabsent, scan, scan_status))
		goto out;
	/* Complete: the pool has done its job. */
	if (!incomplete && !o.keep_debs && !o.links_out)
		state_empty_pool(&st);
	rc = incomplete ? AFALG_EXIT_ERROR : AFALG_EXIT_OK;
	goto out;
oom:
	afalg_err("survey", "out of memory");
out:
	if (st.dirfd >= 0 && !st.temporary)
		unlinkat(st.dirfd, "scan.json", 0);
	json_object_put(scan);
	for (size_t i = 0; i < nsel; i++)
		free(sel[i].pool_name);
	free(sel);
	free(absent);
	strmap_free(&byname);
	strmap_free(&wanted);
	survey_index_free(&ix);
	state_close(&st);
	fetcher_free(f);
	free(o.keyring);
	free(o.links_out);
	for (size_t i = 0; i < o.nlinks_from; i++)
		free(o.links_from[i]);
	free(o.links_from);
	free(o.names);
	free(names_buf);
	return rc;
}
