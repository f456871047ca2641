// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Verdict rules, one function per measure, in the words of the kernel
 * patches (see reports/data/measures.json for the definitions shown to the
 * user).  Evidence matters: what a trace saw a program do is certain; what
 * a scan found in a file is what the program may do, and the "why" says so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_bytes.h"
#include "kinfo.h"
#include "model.h"
#include "report.h"
#include "simulate_read.h"
#include "verdict.h"

const char *const ropt_names[RO_N] = {
	"CONFIG_CRYPTO_USER_API_HASH",	   "CONFIG_CRYPTO_USER_API_SKCIPHER",
	"CONFIG_CRYPTO_USER_API_AEAD",	   "CONFIG_CRYPTO_USER_API_RNG",
	"CONFIG_CRYPTO_USER_API_RNG_CAVP", "CONFIG_CRYPTO_USER_API_ENABLE_OBSOLETE",
};
const char *const ropt_modules[RO_N] = {
	"algif_hash", "algif_skcipher", "algif_aead", "algif_rng", NULL, NULL};
const char *const ropt_types[RO_N] = {"hash", "skcipher", "aead", "rng", "rng", NULL};

/* Append ", item" (or "item") to a bounded list; "..." once it is full. */
static void list_add(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void list_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	char item[160];
	va_list ap;

	if (len && !strcmp(buf + len - 3, "..."))
		return;
	va_start(ap, fmt);
	vsnprintf(item, sizeof(item), fmt, ap);
	va_end(ap);
	if (len + strlen(item) + 2 >= size - 4) {
		snprintf(buf + len, size - len, "%s...", len ? ", " : "");
		return;
	}
	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", item);
}

static void set_break(struct pverdict *v, enum afalg_measure m, bool hard, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_break(struct pverdict *v, enum afalg_measure m, bool hard, const char *fmt, ...)
{
	va_list ap;

	/* a hard reason replaces a soft one; otherwise the first reason stays */
	if (v->breaks[m] && (v->brk[m].hard || !hard))
		return;
	v->breaks[m] = true;
	v->brk[m].hard = hard;
	va_start(ap, fmt);
	vsnprintf(v->brk[m].why, sizeof(v->brk[m].why), fmt, ap);
	va_end(ap);
}

static void types_list(unsigned types, char *buf, size_t size)
{
	buf[0] = 0;
	for (unsigned id = 0; id < AFALG_TYPE_COUNT; id++)
		if (types & AFALG_BIT(id))
			list_add(buf, size, "%s", afalg_type_name(id));
}

const char *verdict_allow_status(const struct rdata *d, const char *type, const char *name)
{
	const struct rallow *a;

	if (!type)
		return rdata_allowed_any(d, name) ? "privileged" : "absent";
	a = rdata_allowed(d, type, name);
	return !a ? "absent" : a->privileged ? "privileged" : "unprivileged";
}

static void blocks(const struct mprog *p, const struct rdata *d, struct pverdict *v)
{
	char types[64];

	for (int o = RO_HASH; o <= RO_RNG; o++) {
		unsigned bit = afalg_type_bit(ropt_types[o]);
		char names[160] = "";

		if (!(p->types & bit))
			continue;
		for (unsigned i = 0; i < p->nalgs; i++)
			if (p->algs[i].runtime && p->algs[i].type &&
			    afalg_type_bit(p->algs[i].type) == bit)
				list_add(names, sizeof(names), "%s", p->algs[i].name);
		if (*names)
			snprintf(v->block_why[o], sizeof(v->block_why[o]), "binds %s %s",
				 ropt_types[o], names);
		else if (p->use && !strcmp(p->use, "library"))
			snprintf(v->block_why[o], sizeof(v->block_why[o]),
				 "%s through a library it links (static analysis)", ropt_types[o]);
		else
			snprintf(v->block_why[o], sizeof(v->block_why[o]),
				 "%s (static analysis of the file)", ropt_types[o]);
		v->blocks |= 1u << o;
	}
	/* A user whose types nobody could tell may need any of them. */
	if (!(p->types & AFALG_KERNEL_TYPES)) {
		types_list(p->types, types, sizeof(types));
		for (int o = RO_HASH; o <= RO_RNG; o++) {
			v->blocks |= 1u << o;
			if (*types)
				snprintf(v->block_why[o], sizeof(v->block_why[o]),
					 "AF_ALG type unknown (only %s seen): may need any", types);
			else
				snprintf(v->block_why[o], sizeof(v->block_why[o]),
					 "AF_ALG type unknown: may need any");
		}
	}
	if (p->features & AFALG_BIT(AFALG_FEAT_DRBG_ENTROPY)) {
		v->blocks |= 1u << RO_RNG_CAVP;
		snprintf(v->block_why[RO_RNG_CAVP], sizeof(v->block_why[RO_RNG_CAVP]),
			 "sets ALG_SET_DRBG_ENTROPY on an rng socket");
	}
	for (unsigned i = 0; i < p->nalgs; i++)
		if (rdata_obsolete(d, p->algs[i].name)) {
			/* The first one after the words, the others after commas. */
			if (!(v->blocks & (1u << RO_OBSOLETE)))
				snprintf(v->block_why[RO_OBSOLETE],
					 sizeof(v->block_why[RO_OBSOLETE]),
					 "%s obsolete algorithm %s",
					 p->algs[i].runtime ? "binds the" : "names the",
					 p->algs[i].name);
			else
				list_add(v->block_why[RO_OBSOLETE],
					 sizeof(v->block_why[RO_OBSOLETE]), "%s", p->algs[i].name);
			v->blocks |= 1u << RO_OBSOLETE;
		}
}

/* M0: an option off or its module blocked: every user loses what it binds. */
static void m0(const struct mprog *p, struct pverdict *v)
{
	char types[64];

	types_list(p->types & AFALG_KERNEL_TYPES, types, sizeof(types));
	if (*types)
		set_break(v, AFALG_M_OPTION_OFF, true,
			  "bind(%s) fails with ENOENT once the matching option is off or its algif "
			  "module blacklisted",
			  types);
	else
		set_break(v, AFALG_M_OPTION_OFF, true,
			  "AF_ALG types unknown: bind fails with ENOENT for any type "
			  "whose option is off");
}

/* M1: zero-copy removed for skcipher and aead: splice still works, copied. */
static void m1(const struct mprog *p, struct pverdict *v)
{
	if (p->rt_splice_skaead)
		set_break(v, AFALG_M_NO_ZEROCOPY, false,
			  "splices data into skcipher/aead sockets (seen at run time): the kernel "
			  "copies it instead (slower)");
	else if ((p->features & AFALG_BIT(AFALG_FEAT_ZEROCOPY)) &&
		 (p->types & (AFALG_BIT(AFALG_TYPE_SKCIPHER) | AFALG_BIT(AFALG_TYPE_AEAD))) &&
		 p->in_scan && !p->in_trace)
		set_break(v, AFALG_M_NO_ZEROCOPY, false,
			  "can splice/vmsplice/sendfile into skcipher/aead sockets (static "
			  "analysis): that data would be copied (slower)");
}

/* M2: AIO removed: io_submit becomes synchronous. */
static void m2(const struct mprog *p, struct pverdict *v)
{
	if (p->rt_aio)
		set_break(v, AFALG_M_NO_AIO, false,
			  "io_submit on an AF_ALG operation socket (seen at run time) becomes "
			  "synchronous");
	else if ((p->features & AFALG_BIT(AFALG_FEAT_AIO)) && !p->in_trace)
		set_break(
			v, AFALG_M_NO_AIO, false,
			"can submit AIO (io_submit) on AF_ALG sockets (static analysis): it would "
			"become synchronous");
}

/* M3: software-only implementations. */
static void m3(const struct mprog *p, struct pverdict *v)
{
	char hard[200] = "", soft[200] = "";

	for (unsigned i = 0; i < p->nalgs; i++) {
		const struct malg *a = &p->algs[i];

		if (!a->runtime)
			continue;
		if (a->driver_name_bound) {
			list_add(hard, sizeof(hard), "binds the driver name %s", a->name);
			continue;
		}
		if (a->type && !strcmp(a->type, "rng")) {
			list_add(hard, sizeof(hard), "binds rng %s", a->name);
			continue;
		}
		for (unsigned j = 0; j < a->ndrivers; j++) {
			const struct mdriver *dr = &a->drivers[j];

			if (dr->hardware == 1 || dr->async == 1)
				list_add(soft, sizeof(soft), "%s ran on %s (%s)", a->name, dr->name,
					 dr->hardware == 1 ? "hardware, off-CPU" : "async");
		}
	}
	if (*hard)
		set_break(v, AFALG_M_SOFTWARE_ONLY, true,
			  "%s: ENOENT when only software implementations are offered (measured on "
			  "Debian's 7.2)",
			  hard);
	else if ((p->types & AFALG_BIT(AFALG_TYPE_RNG)) && !p->in_trace)
		set_break(v, AFALG_M_SOFTWARE_ONLY, true,
			  "uses rng (static analysis): rng stdrng fails with ENOENT under "
			  "software-only (measured on Debian's 7.2)");
	else if (*soft)
		set_break(v, AFALG_M_SOFTWARE_ONLY, false,
			  "%s: the driver changes to a software one", soft);
}

/* M4: the allowlist, exact names; M5: privileged entries need a capability. */
static void m4_m5(const struct mprog *p, const struct rdata *d, struct pverdict *v)
{
	char rt[240] = "", st[240] = "", priv[240] = "", cont[240] = "";
	unsigned nst = 0;

	for (unsigned i = 0; i < p->nalgs; i++) {
		const struct malg *a = &p->algs[i];
		const struct rallow *e;

		if (a->runtime && a->type) {
			e = rdata_allowed(d, a->type, a->name);
			if (!e) {
				list_add(rt, sizeof(rt), "%s %s%s", a->type, a->name,
					 a->driver_name_bound ? " (a driver name)" : "");
			} else if (e->privileged && a->nonroot) {
				list_add(priv, sizeof(priv), "uid %u binds %s %s", a->nonroot_uid,
					 a->type, a->name);
			} else if (e->privileged && a->container_cgroup) {
				list_add(cont, sizeof(cont), "%s %s from cgroup %s", a->type,
					 a->name, a->container_cgroup);
			}
		} else if (!a->runtime && !p->in_trace && !rdata_allowed_any(d, a->name)) {
			list_add(st, sizeof(st), "%s", a->name);
			nst++;
		}
	}
	if (*rt)
		set_break(v, AFALG_M_ALLOWLIST, true,
			  "%s not on the allowlist: bind fails with ENOENT", rt);
	else if ((p->types & AFALG_BIT(AFALG_TYPE_RNG)) && !p->in_trace)
		set_break(v, AFALG_M_ALLOWLIST, true,
			  "uses rng (static analysis): the allowlist has no rng entry, bind fails "
			  "with ENOENT");
	else if (*st)
		set_break(v, AFALG_M_ALLOWLIST, true,
			  "names %s in the file, not on the allowlist (static analysis; not seen "
			  "bound): binding %s would fail with ENOENT",
			  st, nst == 1 ? "it" : "them");
	if (*priv)
		set_break(v, AFALG_M_CAPABILITY, true,
			  "%s, a privileged entry: ENOENT without CAP_NET_ADMIN (initial user "
			  "namespace) or CAP_SYS_ADMIN",
			  priv);
	else if (*cont)
		set_break(
			v, AFALG_M_CAPABILITY, true,
			"%s, privileged entries bound from a container: uid 0 in a user namespace "
			"lacks CAP_NET_ADMIN in the initial one (ENOENT)",
			cont);
}

/*
 * Why a links or unreachable program is not a user, in the words of issue
 * #16: the libraries whose AF_ALG functions it does not import, or the dead
 * call sites (the code that could be removed).
 */
static void info(const struct mprog *p, struct pverdict *v)
{
	char libs[240] = "", sites[240];

	if (model_class(p) == MC_UNREACHABLE) {
		unsigned dead = 0;

		for (unsigned i = 0; i < p->nsites; i++)
			dead += !p->sites[i].reached;
		report_sites_text(p, false, sites, sizeof(sites));
		if (*sites)
			snprintf(v->info, sizeof(v->info),
				 "AF_ALG call site%s in %s reached from no entry (ELF entry, main, "
				 "exports, init/fini arrays, address-taken functions): dead code",
				 dead == 1 ? "" : "s", sites);
		else
			snprintf(
				v->info, sizeof(v->info),
				"its AF_ALG call sites are reached from no entry (ELF entry, main, "
				"exports, init/fini arrays, address-taken functions): dead code");
		return;
	}
	if (model_class(p) != MC_LINKS)
		return;
	for (unsigned i = 0; i < p->nvia; i++)
		if (p->via[i].functions_known && !p->via[i].nfunctions)
			list_add(libs, sizeof(libs), "%s", p->via[i].lib);
	if (*libs && !strchr(libs, ','))
		snprintf(v->info, sizeof(v->info), "imports none of %s's AF_ALG functions", libs);
	else if (*libs)
		snprintf(v->info, sizeof(v->info), "imports none of the AF_ALG functions of %s",
			 libs);
	else
		snprintf(v->info, sizeof(v->info),
			 "links a library that uses AF_ALG but imports none of its AF_ALG "
			 "functions");
}

void verdict_program(const struct mprog *p, const struct rdata *d, struct pverdict *v)
{
	memset(v, 0, sizeof(*v));
	if (!p->uses) {
		info(p, v);
		return;
	}
	blocks(p, d, v);
	m0(p, v);
	m1(p, v);
	m2(p, v);
	m3(p, v);
	m4_m5(p, d, v);
	set_break(v, AFALG_M_AF_ALG_OFF, true, "socket(AF_ALG) fails with EAFNOSUPPORT");
}

void verdict_measured_text(const struct vmeasured *mv, char *buf, size_t size)
{
	const char *why = mv->why ? mv->why : "";
	/* simulate's own whys start with how the run ended: not twice */
	bool has_end = mv->exit && strncmp(why, "exit ", 5) && strncmp(why, "signal ", 7) &&
		       strncmp(why, "killed ", 7);
	char under[24] = "";

	if (mv->slot < 4)
		snprintf(under, sizeof(under), " under %s", simulate_slot_name(mv->slot));
	int n = snprintf(buf, size, "measured: `%s` → %s (%s%s%s)%s",
			 mv->command ? mv->command : "", measured_verdict_name(mv->verdict),
			 has_end ? mv->exit : "", has_end && *why ? ": " : "", why, under);

	/* a long why cut where it fits: never in the middle of a character */
	if (n >= 0 && (size_t)n >= size && size > 4) {
		buf[size - 4] = 0;
		afalg_utf8_trim_tail(buf);
		strcat(buf, "...");
	}
}

/* The measure a slot measures: M0 for M0:TYPE. */
static enum afalg_measure slot_measure(unsigned slot)
{
	return slot < 4 ? AFALG_M_OPTION_OFF : (enum afalg_measure)(slot - 3);
}

void verdict_measured(const struct model *m, const struct mprog *p, struct pverdict *v)
{
	static const int slot_option[4] = {RO_HASH, RO_SKCIPHER, RO_AEAD, RO_RNG};

	if (!p->uses)
		return;
	for (unsigned slot = 0; slot < SIMULATE_SLOTS; slot++) {
		const struct msimv *sv = model_measured(m, p, slot);
		enum afalg_measure mi = slot_measure(slot);
		struct vmeasured *mv = &v->measured[mi];

		if (!sv || sv->verdict <= MV_NOT_SIMULATED)
			continue;
		if (slot < 4) {
			int ro = slot_option[slot];
			struct vmeasured one = {sv->verdict, (unsigned char)slot,
						-1,	     sv->command,
						sv->why,     sv->exit};

			if (sv->verdict == MV_BREAKS) {
				v->blocks |= 1u << ro;
				v->unblocked &= ~(1u << ro);
				verdict_measured_text(&one, v->block_why[ro],
						      sizeof(v->block_why[ro]));
			} else if (v->blocks & (1u << ro)) {
				v->blocks &= ~(1u << ro);
				v->unblocked |= 1u << ro;
				verdict_measured_text(&one, v->block_why[ro],
						      sizeof(v->block_why[ro]));
			}
		}
		/* the worst of M0:TYPE wins; the first of equals */
		if (mv->verdict >= sv->verdict)
			continue;
		*mv = (struct vmeasured){sv->verdict, (unsigned char)slot, -1, sv->command, sv->why,
					 sv->exit};
	}
	for (unsigned mi = 0; mi < AFALG_M_COUNT; mi++) {
		struct vmeasured *mv = &v->measured[mi];

		if (!mv->verdict)
			continue;
		mv->inferred = v->breaks[mi] ? v->brk[mi].hard : -1;
		v->breaks[mi] = mv->verdict == MV_BREAKS || mv->verdict == MV_DEGRADES;
		v->brk[mi].hard = mv->verdict == MV_BREAKS;
		if (v->breaks[mi])
			verdict_measured_text(mv, v->brk[mi].why, sizeof(v->brk[mi].why));
		else
			v->brk[mi].why[0] = 0;
	}
}

void verdict_enforced(const struct kinfo *k, int enforced[AFALG_M_COUNT],
		      char why[AFALG_M_COUNT][200])
{
	int af = kinfo_af_alg(k);
	bool all_off = true;

	for (unsigned int i = 0; i < AFALG_M_COUNT; i++) {
		enforced[i] = -1;
		why[i][0] = 0;
	}
	if (af == 0 || (k->has_restrict && k->restrict_val >= 2)) {
		const char *because = af == 0 ? "AF_ALG is not in this kernel (every "
						"CONFIG_CRYPTO_USER_API option is off)"
					      : "af_alg_restrict=2 closes AF_ALG";

		for (unsigned int i = 0; i < AFALG_M_COUNT; i++) {
			enforced[i] = 1;
			snprintf(why[i], sizeof(why[i]), "%s", because);
		}
		return;
	}
	for (int o = KOPT_HASH; o <= KOPT_RNG; o++)
		if (!kinfo_type_off(k, o))
			all_off = false;
	if (k->opt[KOPT_API]) {
		enforced[AFALG_M_OPTION_OFF] = all_off;
		if (all_off)
			snprintf(why[AFALG_M_OPTION_OFF], sizeof(why[AFALG_M_OPTION_OFF]),
				 "every algif module is off or blacklisted here");
	}
	enforced[AFALG_M_AF_ALG_OFF] = 0;
	if (k->has_restrict) {
		enforced[AFALG_M_ALLOWLIST] = enforced[AFALG_M_CAPABILITY] = k->restrict_val >= 1;
		if (k->restrict_val >= 1) {
			snprintf(why[AFALG_M_ALLOWLIST], sizeof(why[AFALG_M_ALLOWLIST]),
				 "af_alg_restrict=%d", k->restrict_val);
			snprintf(why[AFALG_M_CAPABILITY], sizeof(why[AFALG_M_CAPABILITY]),
				 "af_alg_restrict=%d", k->restrict_val);
		}
	} else {
		/* no sysctl: the patch is not in this kernel */
		enforced[AFALG_M_ALLOWLIST] = enforced[AFALG_M_CAPABILITY] = 0;
	}
	/* M1..M3 depend on the exact kernel build, not on anything readable here. */
}
