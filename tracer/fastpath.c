// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The data path's fast lane: fentry programs on AF_ALG's module functions
 * while a module is busy, its kprobes the rest of the time.
 *
 * The kprobes (kprobe_events.c) are what makes the data path complete: the
 * kernel arms them when a module loads, before anything can call into it,
 * and they never pin the module.  But each one costs ~770 guest instructions
 * per write+read pair of a small hash operation (ftrace's register save, the
 * kprobe dispatcher, the perf event's program array), +6.6 % of such an
 * operation before our program does anything; a BPF trampoline costs ~210
 * (bench/RESULTS.md).  fentry on a module function can only be loaded once
 * the module and its BTF exist, and it holds a reference on the module, so
 * rmmod fails while it is attached.
 *
 * So: every tick, read how often each module's kprobes fired
 * (kprobe_profile).  A module whose kprobes fired UP_HITS times or more in a
 * tick gets its functions' fentry programs (loaded from a second instance of
 * the same BPF object, sharing every map with the skeleton), then loses its
 * kprobes.  A module whose fentry programs saw nothing for IDLE_S seconds
 * gets its kprobes back and loses the fentry programs, so it can be unloaded
 * again.  While busy, the module is pinned by its own sockets anyway (each
 * open AF_ALG socket holds its algif module): what the pin adds is at most
 * IDLE_S seconds after the last operation.
 *
 * During a switch both hooks are attached; handover_active makes the
 * kprobe program mark each call it counts and the fentry program skip the
 * call so marked (bpf/afalg_trace.bpf.c), so no call is counted twice or
 * lost.  Both kinds count into the same maps.
 *
 * (Socket local storage would have been the natural per-socket counter,
 * but a fentry program on a module function that uses it crashes 6.12:
 * bpf_sk_storage_tracing_allowed() looks the attach target up in vmlinux
 * BTF and dereferences NULL; bpf/afalg_trace.bpf.c has its own cache.)  Kernels without module BTF
 * (5.10) cannot load the fentry programs: the module stays on kprobes, said once with -v.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "afalg.h"
#include "afalg_trace.h"
#include "afalg_trace.skel.h"
#include "fastpath.h"
#include "kprobe_events.h"

#define TICK_S 0.25 /* how often hit counts are looked at */
#define UP_HITS 64  /* kprobe hits in one tick (~256/s) that make a module busy */
#define IDLE_S 5.0  /* seconds without fentry hits before the kprobes come back */
#define MAX_FUNCS 8 /* functions of one module */

enum fp_state { FP_KPROBE, FP_FENTRY, FP_OFF };

static const char *const mod_names[FE_MOD_N] = {
	[FE_MOD_AF_ALG] = "af_alg",	      [FE_MOD_HASH] = "algif_hash",
	[FE_MOD_SKCIPHER] = "algif_skcipher", [FE_MOD_AEAD] = "algif_aead",
	[FE_MOD_RNG] = "algif_rng",
};

struct fp_mod {
	enum fp_state state;
	size_t ev[MAX_FUNCS]; /* its kprobe events */
	size_t nev;
	uint64_t fe_seen; /* fe_hits[] at the last tick */
	double last_busy;
	struct bpf_object *obj; /* FP_FENTRY */
	struct bpf_link *links[MAX_FUNCS];
	size_t nlinks;
};

struct fastpath {
	struct afalg_trace *skel;
	struct kprobe_events *ke;
	bool enabled, verbose;
	double last_tick;
	unsigned upgrades;
	uint64_t *hits, *hits_prev; /* per kprobe event */
	struct fp_mod mods[FE_MOD_N];
};

struct fastpath *fastpath_new(struct afalg_trace *skel, struct kprobe_events *ke, bool enabled,
			      bool verbose)
{
	struct fastpath *fp = calloc(1, sizeof(*fp));
	size_t n = kprobe_events_count(ke);

	if (!fp)
		return NULL;
	fp->skel = skel;
	fp->ke = ke;
	fp->verbose = verbose;
	fp->enabled = enabled && n > 0 && skel->bss;
	fp->hits = calloc(n ? n : 1, sizeof(*fp->hits));
	fp->hits_prev = calloc(n ? n : 1, sizeof(*fp->hits_prev));
	if (!fp->hits || !fp->hits_prev)
		fp->enabled = false;
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < FE_MOD_N; m++) {
			struct fp_mod *mod = &fp->mods[m];

			if (strcmp(kprobe_events_module(ke, i), mod_names[m]) ||
			    mod->nev == MAX_FUNCS)
				continue;
			mod->ev[mod->nev++] = i;
		}
	if (fp->enabled && kprobe_events_hits(ke, fp->hits_prev) < 0)
		fp->enabled = false;
	return fp;
}

static void set_handover(struct fastpath *fp, bool on)
{
	__atomic_store_n(&fp->skel->bss->handover_active, on ? 1u : 0u, __ATOMIC_SEQ_CST);
}

static bool is_mod_prog(const struct fastpath *fp, const struct fp_mod *mod, const char *name)
{
	for (size_t j = 0; j < mod->nev; j++) {
		const char *func = kprobe_events_func(fp->ke, mod->ev[j]);

		if (!strncmp(name, "fe_", 3) && !strcmp(name + 3, func))
			return true;
	}
	return false;
}

static void drop_fentry(struct fp_mod *mod)
{
	for (size_t j = 0; j < mod->nlinks; j++)
		bpf_link__destroy(mod->links[j]);
	mod->nlinks = 0;
	bpf_object__close(mod->obj);
	mod->obj = NULL;
}

/*
 * Another instance of the skeleton's object, sharing all its maps (counters,
 * slots, configuration in .rodata, handover state in .bss), with only the
 * programs want() picks.  *objp is set even on failure (to close).
 */
static int open_instance(struct fastpath *fp, struct bpf_object **objp,
			 bool (*want)(const struct fastpath *, const struct fp_mod *, const char *),
			 const struct fp_mod *mod, char *why, size_t whysz)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = bpf_object__name(fp->skel->obj));
	struct bpf_program *prog;
	struct bpf_map *map;
	const void *elf;
	size_t sz;
	int err;

	elf = afalg_trace__elf_bytes(&sz);
	*objp = bpf_object__open_mem(elf, sz, &opts);
	if (!*objp) {
		err = -errno;
		snprintf(why, whysz, "opening the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_object__for_each_program(prog, *objp)
		bpf_program__set_autoload(prog, want(fp, mod, bpf_program__name(prog)));
	bpf_object__for_each_map(map, *objp)
	{
		struct bpf_map *main =
			bpf_object__find_map_by_name(fp->skel->obj, bpf_map__name(map));

		err = main ? bpf_map__reuse_fd(map, bpf_map__fd(main)) : -ENOENT;
		if (err) {
			snprintf(why, whysz, "sharing map %s: %s", bpf_map__name(map),
				 strerror(-err));
			return err;
		}
	}
	err = bpf_object__load(*objp);
	if (err)
		snprintf(why, whysz, "loading the programs: %s (no module BTF?)", strerror(-err));
	return err;
}

static int load_fentry(struct fastpath *fp, struct fp_mod *mod, char *why, size_t whysz)
{
	return open_instance(fp, &mod->obj, is_mod_prog, mod, why, whysz);
}

static int attach_fentry(struct fp_mod *mod, char *why, size_t whysz)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, mod->obj)
	{
		struct bpf_link *l;

		if (!bpf_program__autoload(prog))
			continue;
		l = bpf_program__attach(prog);
		if (!l || mod->nlinks == MAX_FUNCS) {
			int err = l ? -E2BIG : -errno;

			bpf_link__destroy(l);
			snprintf(why, whysz, "attaching %s: %s", bpf_program__name(prog),
				 strerror(-err));
			return err;
		}
		mod->links[mod->nlinks++] = l;
	}
	return 0;
}

static bool upgrade(struct fastpath *fp, int m, double now)
{
	struct fp_mod *mod = &fp->mods[m];
	char why[256] = "";
	int err;

	err = load_fentry(fp, mod, why, sizeof(why));
	if (!err) {
		set_handover(fp, true);
		err = attach_fentry(mod, why, sizeof(why));
		if (!err)
			for (size_t j = 0; j < mod->nev; j++)
				kprobe_events_detach_one(fp->ke,
							 mod->ev[j]); /* waits for handlers */
		set_handover(fp, false);
	}
	if (err) {
		drop_fentry(mod);
		mod->state = FP_OFF; /* stays on its kprobes */
		if (fp->verbose)
			afalg_warn("trace", "%s stays on kprobes: %s", mod_names[m], why);
		return false;
	}
	mod->state = FP_FENTRY;
	mod->fe_seen = fp->skel->bss->fe_hits[m];
	mod->last_busy = now;
	fp->upgrades++;
	if (fp->verbose)
		fprintf(stderr, "%s: trace: %s busy: data path on fentry\n", AFALG_PROG,
			mod_names[m]);
	return true;
}

static void downgrade(struct fastpath *fp, int m)
{
	struct fp_mod *mod = &fp->mods[m];
	char why[256];

	set_handover(fp, true);
	for (size_t j = 0; j < mod->nev; j++) {
		if (kprobe_events_attach_one(fp->ke, mod->ev[j], why, sizeof(why)) == 0)
			continue;
		/* Keep the fentry programs rather than lose operations; try again later. */
		for (size_t k = 0; k < j; k++)
			kprobe_events_detach_one(fp->ke, mod->ev[k]);
		set_handover(fp, false);
		if (fp->verbose)
			afalg_warn("trace", "%s stays on fentry: %s", mod_names[m], why);
		return;
	}
	drop_fentry(mod);
	/* A trampoline still running finishes within a grace period; let it see the marks. */
	usleep(20000);
	set_handover(fp, false);
	mod->state = FP_KPROBE;
	if (fp->verbose)
		fprintf(stderr, "%s: trace: %s idle: data path back on kprobes\n", AFALG_PROG,
			mod_names[m]);
}

void fastpath_tick(struct fastpath *fp, double now)
{
	bool switched = false;

	if (!fp || !fp->enabled || now - fp->last_tick < TICK_S)
		return;
	fp->last_tick = now;
	if (kprobe_events_hits(fp->ke, fp->hits) < 0)
		return;
	for (int m = 0; m < FE_MOD_N; m++) {
		struct fp_mod *mod = &fp->mods[m];
		uint64_t busy = 0, fe;

		for (size_t j = 0; j < mod->nev; j++) {
			size_t i = mod->ev[j];

			busy += fp->hits[i] - fp->hits_prev[i];
		}
		switch (mod->state) {
		case FP_KPROBE:
			if (busy >= UP_HITS)
				switched |= upgrade(fp, m, now);
			break;
		case FP_FENTRY:
			fe = fp->skel->bss->fe_hits[m];
			if (fe != mod->fe_seen) {
				mod->fe_seen = fe;
				mod->last_busy = now;
			} else if (now - mod->last_busy >= IDLE_S) {
				downgrade(fp, m);
				switched = true;
			}
			break;
		case FP_OFF:
			break;
		}
	}
	/* After a switch, its own moment's hits are not the next tick's business. */
	if (!switched || kprobe_events_hits(fp->ke, fp->hits_prev) < 0)
		memcpy(fp->hits_prev, fp->hits, kprobe_events_count(fp->ke) * sizeof(*fp->hits));
}

unsigned fastpath_upgrades(const struct fastpath *fp)
{
	return fp ? fp->upgrades : 0;
}

void fastpath_free(struct fastpath *fp)
{
	if (!fp)
		return;
	for (int m = 0; m < FE_MOD_N; m++)
		drop_fentry(&fp->mods[m]);
	free(fp->hits);
	free(fp->hits_prev);
	free(fp);
}
