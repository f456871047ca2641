// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "afalg.h"
#include "afalg_trace.h" /* before the skeleton: its .bss has afalg_sock_cache */
#include "afalg_trace.skel.h"
#include "kprobe_events.h"
#include "trace_load.h"
#include "tracefs.h"

/*
 * The programs of bpf/afalg_trace.bpf.c and the kernel function each one
 * attaches to.  Which ones load is decided at load time from the running
 * kernel's BTF (is the function there?), never from its version.
 */
struct hook {
	const char *prog;
	const char *func;   /* kernel function attached to */
	const char *needs;  /* another function that must exist too (pairs), or NULL */
	const char *unless; /* skip if this function exists (a better hook does the job) */
	bool required;	    /* without it, trampoline mode is pointless */
	int fv;		    /* 1: needs bpf_find_vma(); -1: its variant for kernels without */
};

static const struct hook hooks[] = {
	/* socket(), bind(): each result seen by two twins (afalg_trace.bpf.c, call_claim()). */
	{"sock_create_enter", "__sock_create", NULL, NULL, true, 0},
	{"sock_create_exit_a", "__sock_create", NULL, NULL, true, 1},
	{"sock_create_exit_b", "__sock_create", NULL, NULL, true, 1},
	{"sock_create_exit_nofv_a", "__sock_create", NULL, NULL, true, -1},
	{"sock_create_exit_nofv_b", "__sock_create", NULL, NULL, true, -1},
	{"bind_enter", "security_socket_bind", "__sys_bind", NULL, false, 0},
	{"bind_exit_a", "__sys_bind", "security_socket_bind", NULL, false, 1},
	{"bind_exit_b", "__sys_bind", "security_socket_bind", NULL, false, 1},
	{"bind_exit_nofv_a", "__sys_bind", "security_socket_bind", NULL, false, -1},
	{"bind_exit_nofv_b", "__sys_bind", "security_socket_bind", NULL, false, -1},
	/* io_uring's bind exists only where bpf_find_vma does (6.11+). */
	{"bind_socket_exit_a", "__sys_bind_socket", "security_socket_bind", NULL, false, 1},
	{"bind_socket_exit_b", "__sys_bind_socket", "security_socket_bind", NULL, false, 1},
	{"accept_enter", "security_socket_accept", NULL, NULL, false, 0},
	/* 6.8+ has one function with socket, length and result ... */
	{"setsockopt_exit", "do_sock_setsockopt", NULL, NULL, false, 0},
	/* ... before, the LSM hook sees the socket, the syscall the rest. */
	{"setsockopt_lsm", "security_socket_setsockopt", "__sys_setsockopt", "do_sock_setsockopt",
	 false, 0},
	{"setsockopt_exit_old", "__sys_setsockopt", "security_socket_setsockopt",
	 "do_sock_setsockopt", false, 0},
	{"sendmsg_enter", "security_socket_sendmsg", NULL, NULL, false, 0},
	{"recvmsg_enter", "security_socket_recvmsg", NULL, NULL, false, 0},
	/* Empties the per-socket fast-path slots; without it, every op takes the slow path. */
	{"sk_free_enter", "security_sk_free", NULL, NULL, false, 0},
	/* Up to 6.4 splice reaches sockets through ->sendpage. */
	{"sendpage_enter", "sock_sendpage", NULL, NULL, false, 0},
	{"sendpage_exit", "sock_sendpage", NULL, NULL, false, 0},
};

#define NHOOKS (sizeof(hooks) / sizeof(hooks[0]))

/*
 * Fallback when BPF trampolines cannot be loaded at all: the syscall
 * tracepoints of socket() and bind() (bpf/syscall_tp.bpf.h), attached by
 * libbpf through their perf events, whose ids are in tracefs.
 */
static const struct hook fallback_hooks[] = {
	{"tp_socket_exit", NULL, NULL, NULL, true, 1},
	{"tp_socket_exit_nofv", NULL, NULL, NULL, true, -1},
	{"tp_bind_enter", NULL, NULL, NULL, true, 0},
	{"tp_bind_exit", NULL, NULL, NULL, true, 1},
	{"tp_bind_exit_nofv", NULL, NULL, NULL, true, -1},
};

/*
 * The data path on AF_ALG's module functions (docs/kernel-hooks.md): these
 * replace the socket LSM hooks sendmsg/recvmsg, sk_free and sock_sendpage,
 * which every socket of the machine pays for.
 */
static const struct kprobe_fn data_kprobes[] = {
	{"algif_hash", "hash_sendmsg", "kp_sendmsg"},
	{"af_alg", "af_alg_sendmsg", "kp_sendmsg"}, /* skcipher and aead */
	{"algif_hash", "hash_recvmsg", "kp_recvmsg"},
	{"algif_skcipher", "skcipher_recvmsg", "kp_recvmsg"},
	{"algif_aead", "aead_recvmsg", "kp_recvmsg"},
	{"algif_rng", "rng_recvmsg", "kp_recvmsg"},
	{"af_alg", "af_alg_release", "kp_release"},
	/* Up to 6.4 (where vmlinux has sock_sendpage): splice through ->sendpage. */
	{"af_alg", "af_alg_sendpage", "kp_sendpage"},
	{"algif_hash", "hash_sendpage", "kp_sendpage_hash"},
};
#define N_DATA_KPROBES (sizeof(data_kprobes) / sizeof(data_kprobes[0]))
#define N_SENDPAGE_KPROBES 2
static const char *const lsm_data_progs[] = {"sendmsg_enter", "recvmsg_enter", "sk_free_enter",
					     "sendpage_enter", "sendpage_exit"};
/* The sendpage programs last, like their probes in data_kprobes. */
static const char *const kprobe_data_progs[] = {"kp_sendmsg", "kp_recvmsg", "kp_release",
						"kp_sendpage", "kp_sendpage_hash"};
#define N_KPROBE_PROGS (sizeof(kprobe_data_progs) / sizeof(kprobe_data_progs[0]))
#define N_SENDPAGE_PROGS 2

static bool btf_has_func(const struct btf *btf, const char *name)
{
	return btf && name && btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
}

/* Does this kernel have the bpf_find_vma() helper (enum bpf_func_id in its BTF)? */
static bool btf_has_find_vma(const struct btf *btf)
{
	int id = btf ? btf__find_by_name_kind(btf, "bpf_func_id", BTF_KIND_ENUM) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_enum *e = t ? btf_enum(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, e[i].name_off), "BPF_FUNC_find_vma"))
			return true;
	return false;
}

static bool fv_ok(const struct hook *h, bool have_fv)
{
	return h->fv == 0 || (h->fv > 0) == have_fv;
}

static void set_autoload(struct afalg_trace *skel, const struct hook *set, size_t n,
			 const bool *want)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, skel->obj)
	{
		bool on = false;

		for (size_t i = 0; i < n; i++)
			if (!strcmp(set[i].prog, bpf_program__name(prog)))
				on = want[i];
		bpf_program__set_autoload(prog, on);
	}
}

static bool is_lsm_data_prog(const char *name)
{
	for (size_t i = 0; i < sizeof(lsm_data_progs) / sizeof(lsm_data_progs[0]); i++)
		if (!strcmp(name, lsm_data_progs[i]))
			return true;
	return false;
}

/*
 * Mark which programs to load in trampoline mode; false if impossible here.
 * With lsm_data false the data path is left to module kprobes.
 */
static bool select_hooks(struct afalg_trace *skel, const struct btf *vmlinux, bool lsm_data,
			 char *desc, size_t descsz)
{
	bool want[NHOOKS], have_fv = btf_has_find_vma(vmlinux);
	size_t used = 0;

	desc[0] = '\0';
	for (size_t i = 0; i < NHOOKS; i++) {
		const struct hook *h = &hooks[i];

		if (!fv_ok(h, have_fv) || (!lsm_data && is_lsm_data_prog(h->prog))) {
			want[i] = false;
			continue;
		}
		want[i] = btf_has_func(vmlinux, h->func) &&
			  (!h->needs || btf_has_func(vmlinux, h->needs)) &&
			  !btf_has_func(vmlinux, h->unless);
		if (!want[i] && h->required)
			return false;
		if (want[i] && used < descsz && (i == 0 || strcmp(h->func, hooks[i - 1].func)))
			used += (size_t)snprintf(desc + used, descsz - used, "%s%s",
						 used ? " " : "", h->func);
	}
	set_autoload(skel, hooks, NHOOKS, want);
	for (size_t i = 0; i < NHOOKS; i++) {
		if (!strcmp(hooks[i].prog, "sk_free_enter"))
			skel->rodata->use_slots = want[i];
		if (!strcmp(hooks[i].prog, "sendpage_enter"))
			skel->rodata->use_sendpage = want[i];
	}
	return true;
}

/*
 * Mark the fallback's programs, and make sure tracefs is there for their
 * attachment (mounting it if need be).  False, with the error printed, if
 * it is not and cannot be.
 */
static bool select_fallback(struct afalg_trace *skel, const struct btf *vmlinux, bool verbose,
			    char *desc, size_t descsz)
{
	const size_t n = sizeof(fallback_hooks) / sizeof(fallback_hooks[0]);
	bool want[sizeof(fallback_hooks) / sizeof(fallback_hooks[0])];
	bool have_fv = btf_has_find_vma(vmlinux);
	char msg[256];

	if (!tracefs_get(msg, sizeof(msg))) {
		afalg_err("trace",
			  "the syscall tracepoints (no BPF trampolines here) need tracefs: %s",
			  msg);
		return false;
	}
	if (verbose && msg[0])
		fprintf(stderr, "%s: trace: %s\n", AFALG_PROG, msg);
	for (size_t i = 0; i < n; i++)
		want[i] = fv_ok(&fallback_hooks[i], have_fv);
	set_autoload(skel, fallback_hooks, n, want);
	snprintf(desc, descsz,
		 "tracepoint syscalls/sys_exit_socket "
		 "syscalls/sys_enter_bind syscalls/sys_exit_bind (fallback: no BPF "
		 "trampolines here; sees socket() and bind() only, not io_uring's nor "
		 "32-bit programs'; every system call takes the kernel's slow path)");
	return true;
}

static void set_progs(struct afalg_trace *skel, const char *const *names, size_t n, bool on)
{
	for (size_t i = 0; i < n; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(skel->obj, names[i]);

		if (p)
			bpf_program__set_autoload(p, on);
	}
}

/*
 * The data path on module kprobes: the programs to load, and the kprobes
 * named in the description.  The events were created already.
 */
static void select_data_kprobes(struct afalg_trace *skel, bool sendpage, char *desc, size_t descsz)
{
	size_t n = N_DATA_KPROBES - (sendpage ? 0 : N_SENDPAGE_KPROBES);
	size_t used = strlen(desc);

	set_progs(skel, kprobe_data_progs, N_KPROBE_PROGS - (sendpage ? 0 : N_SENDPAGE_PROGS),
		  true);
	skel->rodata->use_slots = true; /* folded by kp_release */
	skel->rodata->use_sendpage = sendpage;
	for (size_t i = 0; i < n && used < descsz; i++)
		used += (size_t)snprintf(desc + used, descsz - used, "%s%s:%s",
					 i ? "," : " kprobes:", data_kprobes[i].module,
					 data_kprobes[i].func);
}

struct afalg_trace *trace_load(const struct trace_load_opts *lo, struct kprobe_events **kev,
			       char *desc, size_t descsz, bool *sites_in_kernel)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int err = 0;

	*kev = NULL;
	/* 0: trampolines, data path on module kprobes; 1: the same on LSM hooks; 2: fallback. */
	for (int mode = 0; mode < 3; mode++) {
		bool sendpage = btf_has_func(vmlinux, "sock_sendpage");
		struct afalg_trace *skel;
		char why[256];

		if ((mode == 0 && lo->data_path == TRACE_DATA_LSM) ||
		    (mode == 1 && lo->data_path == TRACE_DATA_KPROBE))
			continue;
		if (mode == 0) {
			size_t n = N_DATA_KPROBES - (sendpage ? 0 : N_SENDPAGE_KPROBES);

			*kev = kprobe_events_create(data_kprobes, n, why, sizeof(why));
			if (!*kev) {
				if (lo->verbose || lo->data_path == TRACE_DATA_KPROBE)
					afalg_warn("trace",
						   "no module kprobes for the data path: %s", why);
				continue;
			}
		}
		skel = afalg_trace__open();
		if (!skel) {
			afalg_errno("trace", errno, "cannot open the BPF object");
			break;
		}
		skel->rodata->targ_tgid = (__u32)lo->pid;
		skel->rodata->filter_mode = (__u32)lo->filter;
		if (lo->max_keys) {
			bpf_map__set_max_entries(skel->maps.counts, lo->max_keys);
			bpf_map__set_max_entries(skel->maps.exe_procs, lo->max_keys);
		}
		if (mode < 2 && !select_hooks(skel, vmlinux, mode == 1, desc, descsz)) {
			afalg_trace__destroy(skel);
			kprobe_events_destroy(*kev);
			*kev = NULL;
			mode = 1; /* no trampolines at all: straight to the fallback */
			continue;
		}
		if (mode == 0)
			select_data_kprobes(skel, sendpage, desc, descsz);
		if (mode == 2 && lo->data_path != TRACE_DATA_AUTO) {
			afalg_trace__destroy(skel);
			afalg_err("trace",
				  "--data-path %s: not possible on this kernel (run with -v)",
				  lo->data_path == TRACE_DATA_KPROBE ? "kprobe" : "lsm");
			btf__free(vmlinux);
			return NULL;
		}
		if (mode == 2 && !select_fallback(skel, vmlinux, lo->verbose, desc, descsz)) {
			afalg_trace__destroy(skel);
			btf__free(vmlinux);
			return NULL;
		}
		/* Following a process tree costs a fork/exit hook: only when asked. */
		bpf_program__set_autoload(skel->progs.fork_track, lo->filter == AFALG_FILTER_TREE);
		bpf_program__set_autoload(skel->progs.exit_track, lo->filter == AFALG_FILTER_TREE);
		err = afalg_trace__load(skel);
		if (!err)
			err = afalg_trace__attach(skel);
		if (!err && *kev) {
			err = kprobe_events_attach(*kev, skel->obj, why, sizeof(why));
			if (err && (lo->verbose || lo->data_path == TRACE_DATA_KPROBE))
				afalg_warn("trace", "no module kprobes for the data path: %s", why);
		}
		if (!err) {
			*sites_in_kernel = btf_has_find_vma(vmlinux);
			btf__free(vmlinux);
			return skel;
		}
		kprobe_events_destroy(*kev);
		*kev = NULL;
		afalg_trace__destroy(skel);
	}
	btf__free(vmlinux);
	afalg_errno("trace", -err,
		    "cannot load the BPF programs into this kernel with any "
		    "hook set (run with -v for libbpf's log)");
	return NULL;
}

uint64_t trace_prog_missed(int fd)
{
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);

	return fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) ? info.recursion_misses : 0;
}
