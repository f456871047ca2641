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
 * (kprobe_profile).  A module whose kprobes fired UP_RATE times a second or
 * more since the last tick gets its functions' fentry programs (loaded from a second instance of
 * the same BPF object, sharing every map with the skeleton), then loses its
 * kprobes.  A module whose fentry programs reported no activity for IDLE_S
 * seconds (fe_hits[]: bumped on their slow path and on every 64th operation
 * of a socket, not on every call) gets its kprobes back and loses the
 * fentry programs, so it can be unloaded again.  While busy, the module is
 * pinned by its own sockets anyway (each open AF_ALG socket holds its algif
 * module): what the pin adds is at most IDLE_S seconds after the last
 * operation.
 *
 * Loading them is what a switch costs, so it is made cheap once, at start:
 * a second instance of the skeleton's object, sharing every map, loads the
 * fentry programs "parked" on a vmlinux function (security_socket_recvmsg,
 * never attached), which makes libbpf relocate them (CO-RE, map fds,
 * subprograms); their instructions are kept, with the instance's map fds
 * changed to the skeleton's, and the instance is closed.  A switch then is
 * bpf_prog_load() of those instructions on the module's function (its BTF
 * id found in /sys/kernel/btf/MODULE, module_btf.c) and an attach: no
 * libbpf object, no parse of vmlinux BTF (which cost ~5 MiB of peak RSS and
 * ~0.3 s under TCG per switch), only the kernel's verification.
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
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "afalg.h"
#include "afalg_trace.h"
#include "afalg_trace.skel.h"
#include "fastpath.h"
#include "kprobe_events.h"
#include "module_btf.h"
#include "trace_load.h"

#define TICK_S 0.25 /* how often hit counts are looked at */
/*
 * Kprobe hits per second that make a module busy.  A rate, not a count per
 * tick: a tick that comes late (a loaded machine, a guest's descheduled
 * CPU: seen at 2 s instead of 0.25 s under TCG) must not make a light load
 * look busy, which switched modules at random moments of a steady run.
 */
#define UP_RATE 256.0
#define IDLE_S 5.0  /* seconds without fentry hits before the kprobes come back */
#define MAX_FUNCS 8 /* functions of one module */
#define MAX_PROGS 16
/* Where the fentry programs are verified at start: 4 arguments, in every kernel. */
#define PARK_FUNC "security_socket_recvmsg"

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
	int prog_fds[MAX_FUNCS], link_fds[MAX_FUNCS]; /* FP_FENTRY */
	size_t nprogs;
};

/* A fentry program, relocated at start, loaded on its function at each switch. */
struct fe_prog {
	char name[64];
	struct bpf_insn *insns;
	size_t cnt;
};

struct fastpath {
	struct afalg_trace *skel;
	struct kprobe_events *ke;
	bool enabled, verbose;
	double last_tick;
	unsigned upgrades;
	uint64_t *hits, *hits_prev; /* per kprobe event */
	struct fp_mod mods[FE_MOD_N];
	struct fe_prog progs[MAX_PROGS];
	size_t nprogs;
	struct btf_base_info base;
	uint64_t missed_closed; /* skipped runs of programs since closed */
	uint32_t handover_gen;	/* the last switch's generation */
};

static int prepare_progs(struct fastpath *fp, char *why, size_t whysz);

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
	if (fp->enabled) {
		char why[256] = "";

		if (prepare_progs(fp, why, sizeof(why)) < 0) {
			fp->enabled = false;
			if (verbose)
				afalg_warn("trace", "data path stays on kprobes: %s", why);
		}
	}
	return fp;
}

/* A switch's generation in handover_active (bpf/afalg_trace.bpf.c); 0 when none. */
static void set_handover(struct fastpath *fp, bool on)
{
	uint32_t gen = 0;

	if (on && !++fp->handover_gen)
		fp->handover_gen = 1;
	if (on)
		gen = fp->handover_gen;
	__atomic_store_n(&fp->skel->bss->handover_active, gen, __ATOMIC_SEQ_CST);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The event's function has a fentry program, fe_<function>? */
static bool is_fe_prog(const struct fastpath *fp, const char *name)
{
	for (size_t i = 0; i < kprobe_events_count(fp->ke); i++)
		if (!strncmp(name, "fe_", 3) && !strcmp(name + 3, kprobe_events_func(fp->ke, i)))
			return true;
	return false;
}

static const struct fe_prog *find_prog(const struct fastpath *fp, const char *func)
{
	for (size_t i = 0; i < fp->nprogs; i++)
		if (!strcmp(fp->progs[i].name + 3, func))
			return &fp->progs[i];
	return NULL;
}

static void drop_fentry(struct fastpath *fp, struct fp_mod *mod)
{
	for (size_t j = 0; j < mod->nprogs; j++) {
		if (mod->link_fds[j] >= 0)
			close(mod->link_fds[j]);
		fp->missed_closed += trace_prog_missed(mod->prog_fds[j]);
		close(mod->prog_fds[j]);
	}
	mod->nprogs = 0;
}

/*
 * Copy a loaded program's instructions, with the map fds of the instance
 * it was loaded from (dup()s, closed with it) replaced by the skeleton's.
 */
static int keep_insns(struct fe_prog *fe, const struct bpf_program *prog, const int *from,
		      const int *to, size_t nmaps)
{
	size_t cnt = bpf_program__insn_cnt(prog);

	fe->insns = cnt ? malloc(cnt * sizeof(*fe->insns)) : NULL;
	if (!fe->insns)
		return -ENOMEM;
	memcpy(fe->insns, bpf_program__insns(prog), cnt * sizeof(*fe->insns));
	fe->cnt = cnt;
	for (size_t i = 0; i + 1 < cnt; i++) {
		struct bpf_insn *in = &fe->insns[i];
		size_t k;

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		i++; /* the second half of the 16-byte instruction */
		if (in->src_reg != BPF_PSEUDO_MAP_FD && in->src_reg != BPF_PSEUDO_MAP_VALUE) {
			if (in->src_reg != 0)
				return -ENOTSUP; /* another fd kind: not ours to translate */
			continue;
		}
		for (k = 0; k < nmaps && from[k] != in->imm; k++)
			;
		if (k == nmaps)
			return -ENOENT;
		in->imm = to[k];
	}
	return 0;
}

/* The fentry programs, relocated once (see the comment at the top). */
static int prepare_progs(struct fastpath *fp, char *why, size_t whysz)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = bpf_object__name(fp->skel->obj));
	int from[64], to[64], err;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t nmaps = 0, sz;
	const void *elf;

	err = btf_base_info_vmlinux(&fp->base);
	if (err) {
		snprintf(why, whysz, "reading vmlinux BTF: %s", strerror(-err));
		return err;
	}
	elf = afalg_trace__elf_bytes(&sz);
	obj = bpf_object__open_mem(elf, sz, &opts);
	if (!obj) {
		err = -errno;
		snprintf(why, whysz, "opening the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_object__for_each_program(prog, obj)
	{
		bool want = is_fe_prog(fp, bpf_program__name(prog));

		bpf_program__set_autoload(prog, want);
		if (want && (err = bpf_program__set_attach_target(prog, 0, PARK_FUNC)) < 0) {
			snprintf(why, whysz, "%s: %s", bpf_program__name(prog), strerror(-err));
			goto out;
		}
	}
	bpf_object__for_each_map(map, obj)
	{
		struct bpf_map *main =
			bpf_object__find_map_by_name(fp->skel->obj, bpf_map__name(map));

		err = main ? bpf_map__reuse_fd(map, bpf_map__fd(main)) : -ENOENT;
		if (!err && nmaps == sizeof(from) / sizeof(from[0]))
			err = -E2BIG;
		if (err) {
			snprintf(why, whysz, "sharing map %s: %s", bpf_map__name(map),
				 strerror(-err));
			goto out;
		}
		from[nmaps] = bpf_map__fd(map);
		to[nmaps++] = bpf_map__fd(main);
	}
	err = bpf_object__load(obj);
	if (err) {
		snprintf(why, whysz, "loading the fentry programs: %s", strerror(-err));
		goto out;
	}
	bpf_object__for_each_program(prog, obj)
	{
		struct fe_prog *fe = &fp->progs[fp->nprogs];

		if (!bpf_program__autoload(prog))
			continue;
		if (fp->nprogs == MAX_PROGS) {
			err = -E2BIG;
			break;
		}
		snprintf(fe->name, sizeof(fe->name), "%s", bpf_program__name(prog));
		err = keep_insns(fe, prog, from, to, nmaps);
		fp->nprogs++; /* freed with the others, kept or not */
		if (err)
			break;
	}
	if (err)
		snprintf(why, whysz, "keeping the fentry programs' instructions: %s",
			 strerror(-err));
out:
	bpf_object__close(obj);
	return err;
}

/* The module's fentry programs, loaded on its functions; attached later. */
static int load_fentry(struct fastpath *fp, int m, char *why, size_t whysz)
{
	struct fp_mod *mod = &fp->mods[m];
	void *btf = NULL;
	size_t btf_size = 0;
	int btf_fd, err;

	err = module_btf_read(mod_names[m], &btf, &btf_size);
	if (err) {
		snprintf(why, whysz, "no BTF for %s: %s", mod_names[m], strerror(-err));
		return err;
	}
	btf_fd = module_btf_fd(mod_names[m]);
	if (btf_fd < 0) {
		free(btf);
		snprintf(why, whysz, "no BTF object for %s: %s", mod_names[m], strerror(-btf_fd));
		return btf_fd;
	}
	for (size_t j = 0; j < mod->nev && !err; j++) {
		const char *func = kprobe_events_func(fp->ke, mod->ev[j]);
		const struct fe_prog *fe = find_prog(fp, func);
		char kname[16]; /* BPF_OBJ_NAME_LEN */
		int id, fd;

		id = fe ? module_btf_func_id(btf, btf_size, &fp->base, func) : -ENOENT;
		if (id < 0) {
			err = id;
			snprintf(why, whysz, "%s: %s", func,
				 fe ? "not in the module's BTF" : "no fentry program");
			break;
		}
		memcpy(kname, fe->name, sizeof(kname) - 1); /* the kernel keeps 15 characters */
		kname[sizeof(kname) - 1] = '\0';
		{
			LIBBPF_OPTS(bpf_prog_load_opts, lo,
				    .expected_attach_type = BPF_TRACE_FENTRY,
				    .attach_btf_id = (__u32)id, .attach_btf_obj_fd = (__u32)btf_fd);

			fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, kname, "Dual BSD/GPL", fe->insns,
					   fe->cnt, &lo);
		}
		if (fd < 0) {
			err = -errno;
			snprintf(why, whysz, "loading %s: %s", fe->name, strerror(errno));
			break;
		}
		mod->prog_fds[mod->nprogs] = fd;
		mod->link_fds[mod->nprogs++] = -1;
	}
	close(btf_fd);
	free(btf);
	return err;
}

static int attach_fentry(struct fp_mod *mod, char *why, size_t whysz)
{
	for (size_t j = 0; j < mod->nprogs; j++) {
		int fd = bpf_raw_tracepoint_open(NULL, mod->prog_fds[j]);

		if (fd < 0) {
			int err = -errno;

			snprintf(why, whysz, "attaching: %s", strerror(-err));
			return err;
		}
		mod->link_fds[j] = fd;
	}
	return 0;
}

static bool upgrade(struct fastpath *fp, int m, double now)
{
	struct fp_mod *mod = &fp->mods[m];
	char why[256] = "";
	int err;

	double t0 = mono_s();

	err = load_fentry(fp, m, why, sizeof(why));
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
		drop_fentry(fp, mod);
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
		fprintf(stderr, "%s: trace: %s busy: data path on fentry (switch took %.1f ms)\n",
			AFALG_PROG, mod_names[m], (mono_s() - t0) * 1e3);
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
	drop_fentry(fp, mod);
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
	double dt;

	if (!fp || !fp->enabled || now - fp->last_tick < TICK_S)
		return;
	dt = now - fp->last_tick;
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
			if ((double)busy >= UP_RATE * dt)
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

uint64_t fastpath_prog_missed(const struct fastpath *fp)
{
	uint64_t n;

	if (!fp)
		return 0;
	n = fp->missed_closed;
	for (int m = 0; m < FE_MOD_N; m++)
		for (size_t j = 0; j < fp->mods[m].nprogs; j++)
			n += trace_prog_missed(fp->mods[m].prog_fds[j]);
	return n;
}

void fastpath_free(struct fastpath *fp)
{
	if (!fp)
		return;
	for (int m = 0; m < FE_MOD_N; m++)
		drop_fentry(fp, &fp->mods[m]);
	for (size_t i = 0; i < fp->nprogs; i++)
		free(fp->progs[i].insns);
	free(fp->hits);
	free(fp->hits_prev);
	free(fp);
}
