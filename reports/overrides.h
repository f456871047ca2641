/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * check's gate policy (issue #17): the overrides file (suppressions, in the
 * spirit of lintian overrides) and --fail-on.  The format is documented in
 * docs/ci-example.md ("Overrides"):
 *
 *     # comment
 *     KIND TARGET [QUALIFIER] -- REASON
 *
 * KIND is a finding kind (new-user, new-type, new-algorithm, new-break,
 * allowlist, measured-break); TARGET a program when it holds a '/' (an fnmatch(3) glob,
 * '*' matching '/' too, against the finding's identity and its path), else
 * a package name (a glob too); QUALIFIER a measure M0..M6 (new-break,
 * allowlist, measured-break), an algorithm name (new-algorithm) or a type (new-type); REASON
 * is mandatory.
 */
#ifndef AFALG_OVERRIDES_H
#define AFALG_OVERRIDES_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

enum check_kind {
	CK_NEW_USER,
	CK_NEW_TYPE,
	CK_NEW_ALGORITHM,
	CK_NEW_BREAK,
	CK_ALLOWLIST,
	CK_MEASURED_BREAK, /* a measure that breaks a program, as 'simulate' measured it */
	CK_N,
};

/* "new-user" ... -> its kind; -1 when unknown. */
int check_kind_parse(const char *s);

struct override {
	enum check_kind kind;
	char *target;	 /* glob */
	bool is_package; /* target names a package (no '/') */
	char *qualifier; /* NULL: every measure/algorithm/type */
	char *reason;
	unsigned line;
	size_t used; /* findings it suppressed */
};

struct overrides {
	char *file;
	struct override *v;
	size_t n;
};

/*
 * One line (without its newline) -> 1 and *ov (its strings allocated; the
 * caller frees them with override_clear), 0 for a blank or comment line,
 * -1 with why[] set for a malformed one.
 */
int override_parse_line(const char *line, struct override *ov, char *why, size_t whysz);
void override_clear(struct override *ov);

/* Read FILE: 0, or -1 after one error line ("afalg-audit: FILE:LINE: why"). */
int overrides_load(struct overrides *o, const char *file);
void overrides_free(struct overrides *o);

/*
 * The first override that matches a check finding (members kind, path,
 * identity, package, measure, algorithm, type), counting the use; NULL if
 * none does.
 */
struct override *overrides_match(struct overrides *o, struct json_object *finding);

/* One warning per override that matched nothing ("FILE:LINE: override matches no finding"). */
size_t overrides_warn_unused(const struct overrides *o);

/* --fail-on: a bit per kind, and the two words below. */
#define FAILON_HARD (1u << CK_N)
#define FAILON_ANY ((1u << CK_N) - 1)

/*
 * A comma-separated --fail-on LIST ("new-user,hard", "any") or'ed into *mask:
 * 0, or -1 with the bad word in bad[] (an empty word is bad too).
 */
int failon_parse(const char *list, unsigned *mask, char *bad, size_t badsz);

/* Whether a finding (kind, "hard") makes check exit 1 under mask (suppression aside). */
bool failon_selects(unsigned mask, struct json_object *finding);

#endif
