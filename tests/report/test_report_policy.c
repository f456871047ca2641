// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit policy (issue #20): the derivation from real scan and trace
 * results — which blocking lines are emitted, refused (static users) or
 * withheld (a degraded trace), the af_alg_restrict level, the derived
 * allowlist and its privilege split — and what is written: nothing that
 * changes behaviour on a kernel without AF_ALG, no input byte that starts
 * a line of its own.
 *
 * Inputs (tests/report/data): scan-kcapi-dgst-hardlink.json is
 * 'afalg-audit scan /usr/bin/kcapi-dgst /usr/bin/hardlink' on Debian 12;
 * trace-6.1-kcapi-dgst.json is trace-6.1-sample.json (a 6.1 guest) with
 * its kcapi-dgst program only (a workload using hash only), and
 * trace-6.1-kcapi-dgst-lost.json the same with two events lost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "fixture.h"
#include "jsonin.h"
#include "kinfo.h"
#include "model.h"
#include "policy.h"
#include "rdata.h"
#include "report.h"
#include "report_build.h"

#define DATA_DIR TESTDATA
#define SCAN_KD DATA_DIR "/scan-kcapi-dgst-hardlink.json"
#define TRACE_KD DATA_DIR "/trace-6.1-kcapi-dgst.json"
#define TRACE_KD_LOST DATA_DIR "/trace-6.1-kcapi-dgst-lost.json"
#define INFO_ONLY DATA_DIR "/scan-v2-info-only.json"
#define SCAN_HL DATA_DIR "/scan-hardlink.json"
#define SIM_HL DATA_DIR "/simulate-hardlink.json"

struct run {
	struct rdata data;
	struct model m;
	struct report *r;
	struct policy p;
};

/* Fold inputs (NULL-terminated), build the report with kernel k, derive with o. */
static void run(struct run *x, const char *allow, const struct kinfo *k,
		const struct policy_opts *o, const char *const *inputs)
{
	memset(x, 0, sizeof(*x));
	assert_int_equal(rdata_load(&x->data, SRC_DATADIR, allow), 0);
	assert_int_equal(model_init(&x->m, &x->data), 0);
	for (; *inputs; inputs++)
		assert_int_equal(model_fold_file(&x->m, *inputs), 0);
	x->r = report_build(&x->m, k);
	assert_non_null(x->r);
	assert_int_equal(policy_derive(&x->p, x->r, k, o), 0);
}

static void run_free(struct run *x)
{
	report_free(x->r);
	model_free(&x->m);
	rdata_free(&x->data);
}

/* One file of the policy as a string (free it). */
static char *render(const struct policy *p, enum policy_file which)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(policy_write(f, p, which), 0);
	fclose(f);
	return buf;
}

/* Lines of text that are not comments (what changes a system). */
static size_t directives(const char *text, char *first, size_t size)
{
	size_t n = 0;

	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (len && l[0] != '#') {
			if (!n++ && first)
				snprintf(first, size, "%.*s", (int)len, l);
		}
		l += len + (nl ? 1 : 0);
	}
	return n;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *l = text; (l = strstr(l, line)); l += n)
		if ((l == text || l[-1] == '\n') && (l[n] == '\n' || !l[n]))
			return true;
	return false;
}

/* The acceptance workload: kcapi-dgst uses hash only at run time. */
static void hash_only_workload(void **state)
{
	const char *in[] = {SCAN_KD, TRACE_KD, NULL};
	struct policy_opts o = {0};
	struct run x;
	char *mp, *kc, *sc;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_HASH].state, PS_KEEP);
	assert_int_equal(x.p.opt[RO_SKCIPHER].state, PS_BLOCK);
	assert_int_equal(x.p.opt[RO_AEAD].state, PS_BLOCK);
	/* kcapi-dgst's own file can reach rng (libkcapi's kcapi_rng_*): kept */
	assert_int_equal(x.p.opt[RO_RNG].state, PS_KEEP);
	assert_true(x.p.opt[RO_RNG].static_users >= 1);
	assert_false(x.p.opt[RO_SKCIPHER].forced);
	assert_string_equal(x.p.refusal, "");
	/* hardlink names crc32c (not on the proposed list): level 1 breaks it */
	assert_int_equal(x.p.level, 0);
	assert_int_equal(x.p.level_state, PS_KEEP);

	mp = render(&x.p, POLICY_MODPROBE);
	assert_true(has_line(mp, "install algif_skcipher /bin/false"));
	assert_true(has_line(mp, "blacklist algif_skcipher"));
	assert_true(has_line(mp, "install algif_aead /bin/false"));
	assert_false(strstr(mp, "install algif_hash"));
	assert_false(strstr(mp, "install algif_rng"));
	assert_int_equal(directives(mp, NULL, 0), 4);
	assert_non_null(strstr(mp, "# kept: algif_hash"));
	assert_non_null(strstr(mp, "/usr/bin/kcapi-dgst (kcapi-tools): binds hash sha256, sha1"));
	/* the evidence of each blocking line */
	assert_non_null(strstr(mp, "no user seen at run time on 1 host (afalg-vm-6.1)"));
	assert_non_null(strstr(mp, "no static user in the scanned files (1 scan: 2 files"));
	/* the coverage header, first */
	assert_true(!strncmp(mp, "# afalg-audit policy: modprobe.d snippet", 40));
	assert_non_null(strstr(mp, "#   trace mode: full (no event lost)\n"));
	assert_non_null(strstr(mp, "#   simulated: none\n"));

	kc = render(&x.p, POLICY_KCONFIG);
	assert_true(has_line(kc, "# CONFIG_CRYPTO_USER_API_SKCIPHER is not set"));
	assert_true(has_line(kc, "# CONFIG_CRYPTO_USER_API_AEAD is not set"));
	assert_false(strstr(kc, "CONFIG_CRYPTO_USER_API_HASH is not set"));
	assert_non_null(strstr(kc, "# keep CONFIG_CRYPTO_USER_API_HASH"));

	sc = render(&x.p, POLICY_SYSCTL);
	assert_true(has_line(sc, "-crypto.af_alg_restrict = 0"));
	assert_non_null(strstr(sc, "/usr/bin/hardlink (M4)"));
	assert_non_null(strstr(sc, "proposed patch"));
	free(mp);
	free(kc);
	free(sc);
	run_free(&x);
}

/* --block rng: static analysis shows kcapi-dgst using it: refused, unless --force. */
static void static_user_refused(void **state)
{
	const char *in[] = {SCAN_KD, TRACE_KD, NULL};
	struct policy_opts o = {.block = 1u << RO_RNG};
	struct run x;
	char *mp;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_RNG].state, PS_REFUSED);
	assert_true(x.p.opt[RO_RNG].requested);
	assert_non_null(strstr(x.p.refusal,
			       "not blocking CONFIG_CRYPTO_USER_API_RNG (algif_rng): "
			       "static analysis shows it in use (/usr/bin/kcapi-dgst)"));
	assert_non_null(strstr(x.p.refusal, "--force"));
	mp = render(&x.p, POLICY_MODPROBE);
	assert_false(has_line(mp, "install algif_rng /bin/false"));
	assert_true(has_line(mp, "#   install algif_rng /bin/false"));
	assert_non_null(strstr(mp, "# NOT BLOCKED: static analysis shows it in use"));
	free(mp);
	run_free(&x);

	o.force = true;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_RNG].state, PS_BLOCK);
	assert_true(x.p.opt[RO_RNG].forced);
	assert_string_equal(x.p.refusal, "");
	mp = render(&x.p, POLICY_MODPROBE);
	assert_true(has_line(mp, "install algif_rng /bin/false"));
	assert_non_null(strstr(mp, "# FORCED (--force), asked for with --block"));
	free(mp);
	run_free(&x);
}

/*
 * hardlink under M0:hash, measured: it degrades (memcmp fallback) and so is
 * no blocker of _HASH in the report; a scan still shows it using hash, and
 * the blocking line is refused without --force.
 */
static void measured_ok_static_refused(void **state)
{
	const char *in[] = {SCAN_HL, SIM_HL, NULL};
	struct policy_opts o = {0};
	struct run x;
	char *mp;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.r->measured_ok[RO_HASH].n, 1);
	assert_int_equal(x.p.opt[RO_HASH].users, 0);
	assert_int_equal(x.p.opt[RO_HASH].static_users, 1);
	assert_int_equal(x.p.opt[RO_HASH].state, PS_REFUSED);
	assert_non_null(strstr(x.p.refusal,
			       "not blocking CONFIG_CRYPTO_USER_API_HASH (algif_hash): "
			       "static analysis shows it in use (/usr/bin/hardlink)"));
	mp = render(&x.p, POLICY_MODPROBE);
	assert_non_null(strstr(mp, "#   simulated: 1 simulate result; measured: M0:hash"));
	assert_false(has_line(mp, "install algif_hash /bin/false"));
	assert_true(has_line(mp, "install algif_skcipher /bin/false"));
	free(mp);
	run_free(&x);

	o.force = true;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_HASH].state, PS_BLOCK);
	assert_true(x.p.opt[RO_HASH].forced);
	run_free(&x);
}

/* A trace that lost events blocks nothing without --force, and says so. */
static void degraded_trace_withholds(void **state)
{
	const char *in[] = {SCAN_KD, TRACE_KD_LOST, NULL};
	struct policy_opts o = {0};
	struct run x;
	char *mp, *kc;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_true(x.p.degraded);
	assert_int_equal(x.p.lost, 2);
	assert_int_equal(x.p.opt[RO_SKCIPHER].state, PS_WITHHELD);
	assert_int_equal(x.p.opt[RO_AEAD].state, PS_WITHHELD);
	assert_int_equal(x.p.opt[RO_HASH].state, PS_KEEP);
	assert_non_null(
		strstr(x.p.refusal, "the trace is degraded (2 events lost): nothing blocked"));
	mp = render(&x.p, POLICY_MODPROBE);
	kc = render(&x.p, POLICY_KCONFIG);
	assert_int_equal(directives(mp, NULL, 0), 0);
	assert_false(strstr(kc, "\n# CONFIG_"));
	assert_non_null(strstr(mp, "#   trace mode: DEGRADED: 2 events lost (ring buffer full 2"));
	assert_non_null(strstr(mp, "# WITHHELD: the trace is degraded"));
	free(mp);
	free(kc);
	run_free(&x);

	/* what exits 2 is what the files written withhold: the sysctl level 0 blocks nothing */
	o.emit = 1u << POLICY_SYSCTL;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_SKCIPHER].state, PS_WITHHELD);
	assert_string_equal(x.p.refusal, "");
	run_free(&x);
	o.emit = 1u << POLICY_MODPROBE;
	run(&x, NULL, NULL, &o, in);
	assert_non_null(strstr(x.p.refusal, "degraded"));
	run_free(&x);

	o.emit = 0;
	o.force = true;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.opt[RO_SKCIPHER].state, PS_BLOCK);
	assert_true(x.p.opt[RO_SKCIPHER].forced);
	assert_string_equal(x.p.refusal, "");
	mp = render(&x.p, POLICY_MODPROBE);
	assert_true(has_line(mp, "install algif_skcipher /bin/false"));
	assert_non_null(strstr(mp, "# FORCED (--force) despite a degraded trace"));
	free(mp);
	run_free(&x);
}

/* A kernel without AF_ALG (this development machine): already enforced, nothing changes. */
static void af_alg_off_changes_nothing(void **state)
{
	const char *in[] = {SCAN_KD, TRACE_KD, NULL};
	struct policy_opts o = {.force = true, .block = 1u << RO_HASH};
	struct kinfo k;
	struct run x;
	char first[200] = "";

	(void)state;
	memset(&k, 0, sizeof(k));
	snprintf(k.release, sizeof(k.release), "6.18.44");
	snprintf(k.config_source, sizeof(k.config_source), "/proc/config.gz");
	for (int i = 0; i < KOPT_N; i++)
		k.opt[i] = 'n';
	assert_int_equal(kinfo_af_alg(&k), 0);
	run(&x, NULL, &k, &o, in);
	assert_true(x.p.af_alg_off);
	assert_int_equal(x.p.opt[RO_SKCIPHER].state, PS_ENFORCED);
	assert_int_equal(x.p.opt[RO_HASH].state, PS_ENFORCED); /* even --block --force */
	assert_int_equal(x.p.level_state, PS_ENFORCED);
	assert_string_equal(x.p.refusal, "");
	for (int f = POLICY_MODPROBE; f <= POLICY_SYSCTL; f++) {
		char *t = render(&x.p, f);

		assert_int_equal(directives(t, first, sizeof(first)), 0);
		assert_false(strstr(t, "is not set"));
		assert_non_null(strstr(t, "AF_ALG off (/proc/config.gz): every measure is already "
					  "enforced; nothing here changes behaviour"));
		free(t);
	}
	run_free(&x);
}

/* Nothing uses AF_ALG (links and dead code only): level 2, every module blocked. */
static void no_user_level_2(void **state)
{
	const char *in[] = {INFO_ONLY, NULL};
	struct policy_opts o = {0};
	struct run x;
	char *kc, *sc;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.level, 2);
	assert_int_equal(x.p.level_state, PS_BLOCK);
	for (int i = 0; i < RO_N; i++)
		assert_int_equal(x.p.opt[i].state, PS_BLOCK);
	sc = render(&x.p, POLICY_SYSCTL);
	kc = render(&x.p, POLICY_KCONFIG);
	assert_true(has_line(sc, "-crypto.af_alg_restrict = 2"));
	assert_non_null(strstr(kc, "CONFIG_CRYPTO_USER_API (af_alg itself"));
	assert_non_null(strstr(sc, "#   traced: no trace"));
	free(sc);
	free(kc);
	run_free(&x);
}

static struct json_object *entry(struct json_object *entries, const char *type, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(entries); i++) {
		struct json_object *e = json_object_array_get_idx(entries, i);

		if (!strcmp(jstr(e, "type"), type) && !strcmp(jstr(e, "name"), name))
			return e;
	}
	return NULL;
}

static bool privileged(struct json_object *e)
{
	bool b = false;

	assert_non_null(e);
	assert_true(jget_bool(e, "privileged", &b));
	return b;
}

/*
 * The 6.1 guest's trace: python3.11 as nobody binds sha1, root binds the
 * rest.  The derived allowlist splits them; written to a file, it is an
 * allowlist rdata_load reads, and against it every use passes: level 1.
 */
static void derived_allowlist(void **state)
{
	const char *in[] = {SAMPLE_TRACE, NULL};
	struct policy_opts o = {0};
	struct json_object *doc, *all, *cg;
	char path[] = "/tmp/afalg-policy-test-XXXXXX";
	struct run x;
	char *text;
	int fd;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	assert_int_equal(x.p.level, 0); /* rng stdrng and aead gcm(aes): not on the proposed list */
	text = render(&x.p, POLICY_ALLOWLIST);
	assert_int_equal(jsonin_parse("allowlist", text, strlen(text), &doc), 0);
	assert_string_equal(jstr(doc, "format"), "afalg-audit-allowlist");
	all = jget_arr(doc, "entries");
	assert_int_equal(json_object_array_length(all), 6);
	assert_false(privileged(entry(all, "hash", "sha1")));
	assert_true(privileged(entry(all, "hash", "sha256")));
	assert_true(privileged(entry(all, "skcipher", "cbc(aes)")));
	assert_true(privileged(entry(all, "aead", "gcm(aes)")));
	assert_string_equal(jstr(entry(all, "aead", "gcm(aes)"), "proposed"), "absent");
	assert_string_equal(jstr(entry(all, "skcipher", "xts(aes)"), "proposed"), "unprivileged");
	cg = jget_arr(doc, "cgroups");
	assert_int_equal(json_object_array_length(cg), 1);
	assert_string_equal(jstr(json_object_array_get_idx(cg, 0), "cgroup"), "/");
	assert_non_null(strstr(jstr(doc, "comment"), "uid 0 stands for CAP_NET_ADMIN"));
	json_object_put(doc);
	run_free(&x);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	free(text);
	run(&x, path, NULL, &o, in);
	assert_int_equal(x.p.level, 1);
	text = render(&x.p, POLICY_SYSCTL);
	assert_true(has_line(text, "-crypto.af_alg_restrict = 1"));
	free(text);
	run_free(&x);
	unlink(path);
}

/* Root in a container lacks the capability in the initial namespace: not privileged there. */
static void container_cgroup_unprivileged(void **state)
{
	const char *in[] = {SAMPLE_TRACE, NULL};
	struct policy_opts o = {0};
	struct json_object *doc, *cgs;
	bool seen = false;
	struct run x;
	char *text;

	(void)state;
	run(&x, NULL, NULL, &o, in);
	/* the guest's cbc(aes) of openssl, as if bound in a docker container */
	for (size_t i = 0; i < x.m.nprogs; i++)
		for (unsigned j = 0; j < x.m.progs[i]->nalgs; j++) {
			struct malg *a = &x.m.progs[i]->algs[j];

			if (!strcmp(x.m.progs[i]->path, "/usr/bin/openssl") &&
			    !strcmp(a->name, "cbc(aes)")) {
				a->container_cgroup = "/system.slice/docker-1f2e.scope";
				a->binders[0].cgroup = a->container_cgroup;
			}
		}
	text = render(&x.p, POLICY_ALLOWLIST);
	assert_int_equal(jsonin_parse("allowlist", text, strlen(text), &doc), 0);
	assert_false(privileged(entry(jget_arr(doc, "entries"), "skcipher", "cbc(aes)")));
	cgs = jget_arr(doc, "cgroups");
	for (size_t i = 0; i < json_object_array_length(cgs); i++) {
		struct json_object *c = json_object_array_get_idx(cgs, i), *e;
		bool cont = false;

		jget_bool(c, "container", &cont);
		e = entry(jget_arr(c, "entries"), "skcipher", "cbc(aes)");
		if (!strcmp(jstr(c, "cgroup"), "/system.slice/docker-1f2e.scope")) {
			assert_true(cont);
			assert_false(privileged(e));
			seen = true;
		} else if (e) {
			assert_true(privileged(e)); /* cryptsetup as root on the host */
		}
	}
	assert_true(seen);
	json_object_put(doc);
	free(text);
	run_free(&x);
}

/* A path with a newline cannot start a directive of its own. */
static void hostile_path_escaped(void **state)
{
	const char *in[] = {SAMPLE_SCAN, SAMPLE_TRACE, NULL};
	struct policy_opts o = {0};
	struct fixture f;
	struct policy p;
	char first[200] = "";

	(void)state;
	assert_int_equal(fixture_build(&f, SRC_DATADIR, in, true,
				       "/usr/libexec/iwd\ninstall algif_hash /bin/true", "iwd\n"),
			 0);
	assert_int_equal(policy_derive(&p, f.report, &f.kernel, &o), 0);
	for (int w = POLICY_MODPROBE; w <= POLICY_SYSCTL; w++) {
		char *t = render(&p, w);

		/* listed as a user of hash, skcipher, aead (not in sysctl: it breaks no M4/M5) */
		if (w != POLICY_SYSCTL)
			assert_non_null(
				strstr(t, "/usr/libexec/iwd\\x0ainstall algif_hash /bin/true"));
		assert_false(has_line(t, "install algif_hash /bin/true"));
		if (w == POLICY_MODPROBE) {
			/* algif_aead is blocked in this fixture's modprobe.d already */
			assert_non_null(strstr(t, "(already blocked here: "
						  "/etc/modprobe.d/copy-fail.conf:2)"));
			assert_int_equal(directives(t, first, sizeof(first)), 0);
		}
		free(t);
	}
	fixture_free(&f);
}

/* Same evidence, same bytes, whatever the order of the inputs. */
static void deterministic(void **state)
{
	const char *a[] = {SCAN_KD, SAMPLE_SCAN, SAMPLE_TRACE, NULL};
	const char *b[] = {SAMPLE_TRACE, SCAN_KD, SAMPLE_SCAN, NULL};
	struct policy_opts o = {0};
	struct run x, y;

	(void)state;
	run(&x, NULL, NULL, &o, a);
	run(&y, NULL, NULL, &o, b);
	for (int w = 0; w < POLICY_NFILES; w++) {
		char *s = render(&x.p, w), *t = render(&y.p, w);

		assert_string_equal(s, t);
		free(s);
		free(t);
	}
	run_free(&x);
	run_free(&y);
}

static void emit_names(void **state)
{
	(void)state;
	assert_int_equal(policy_emit_parse("modprobe"), POLICY_MODPROBE);
	assert_int_equal(policy_emit_parse("kconfig"), POLICY_KCONFIG);
	assert_int_equal(policy_emit_parse("sysctl"), POLICY_SYSCTL);
	assert_int_equal(policy_emit_parse("allowlist"), POLICY_ALLOWLIST);
	assert_int_equal(policy_emit_parse("modprobe.d"), -1);
	assert_string_equal(policy_file_names[POLICY_SYSCTL], "60-afalg-audit.conf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_only_workload),
		cmocka_unit_test(static_user_refused),
		cmocka_unit_test(measured_ok_static_refused),
		cmocka_unit_test(degraded_trace_withholds),
		cmocka_unit_test(af_alg_off_changes_nothing),
		cmocka_unit_test(no_user_level_2),
		cmocka_unit_test(derived_allowlist),
		cmocka_unit_test(container_cgroup_unprivileged),
		cmocka_unit_test(hostile_path_escaped),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(emit_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
