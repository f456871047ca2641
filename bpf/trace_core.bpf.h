/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The tracer's generic kernel-side machinery: filtering, per-key counting
 * with first-sighting events, identity of the caller (executable, uid,
 * cgroup, process count) and where in the program a call came from.  The
 * AF_ALG-specific reading is in afalg_sock.bpf.h, the hooks in
 * afalg_trace.bpf.c.
 */
#ifndef AFALG_TRACE_CORE_BPF_H
#define AFALG_TRACE_CORE_BPF_H

#include "vmlinux_min.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "afalg_trace.h"

/* Set by user space before load. */
const volatile __u32 filter_mode = AFALG_FILTER_ALL; /* enum afalg_filter */
const volatile __u32 targ_tgid = 0;		     /* AFALG_FILTER_PID */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFALG_MAX_KEYS);
	__type(key, struct afalg_key);
	__type(value, struct afalg_counter);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, AFALG_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* AFALG_FILTER_TREE: the traced processes (tgid -> 1). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} traced_tgids SEC(".maps");

/* Distinct processes per executable: (exe, tgid) seen ... */
struct proc_seen {
	struct afalg_exe_id exe;
	__u32 tgid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct proc_seen);
	__type(value, __u8);
} procs_seen SEC(".maps");

/* ... and their number. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFALG_MAX_KEYS);
	__type(key, struct afalg_exe_id);
	__type(value, __u64);
} exe_procs SEC(".maps");

/* Scratch space: keys and path buffers are too big for the 512-byte stack. */
struct scratch {
	struct afalg_key key;
	struct afalg_driver drv;
	char path[AFALG_PATH_LEN * 2];
	struct afalg_slot slot; /* a new slot's value, built off the stack */
};

/*
 * One scratch area per CPU *and per program* (SCR_*, below).  A per-CPU
 * area shared by all programs is not enough: fentry/fexit programs run with
 * migration disabled but preemptible (7.x: PREEMPT_LAZY), so a program
 * preempted halfway through building a key would find it overwritten by
 * whichever program the next task on that CPU runs.  A program cannot
 * overlap itself on one CPU (the kernel skips a run while the same program
 * is active there: the recursion guard), so an area of its own is never
 * shared.  Kprobe programs run with preemption disabled and never two at
 * once on a CPU (bpf_prog_active): they share one.
 */
enum scratch_user {
	SCR_SOCKET_A, /* the two fexit/__sock_create recorders (call_claim()) */
	SCR_SOCKET_B,
	SCR_BIND_A, /* fexit/__sys_bind */
	SCR_BIND_B,
	SCR_BIND_SOCKET_A, /* fexit/__sys_bind_socket (io_uring) */
	SCR_BIND_SOCKET_B,
	SCR_ACCEPT,
	SCR_SOCKOPT,
	SCR_LSM_SEND,
	SCR_LSM_RECV,
	SCR_LSM_SENDPAGE,
	SCR_SYSCALL_TP, /* the syscall tracepoint fallback */
	SCR_SYSCALL_TP_BIND,
	SCR_KPROBE,
	SCR_FENTRY, /* + FE_MOD_* * 3 + kind of call: one per fentry data program */
	SCR_N = SCR_FENTRY + FE_MOD_N * 3,
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SCR_N);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

static __always_inline struct scratch *scratch_get(__u32 user)
{
	return bpf_map_lookup_elem(&scratch_map, &user);
}

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		*v += 1;
}

static __always_inline bool tgid_wanted(void)
{
	__u32 tgid;

	if (filter_mode == AFALG_FILTER_ALL)
		return true;
	tgid = bpf_get_current_pid_tgid() >> 32;
	if (filter_mode == AFALG_FILTER_PID)
		return tgid == targ_tgid;
	return bpf_map_lookup_elem(&traced_tgids, &tgid) != NULL;
}

static __always_inline struct task_struct *current_task(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

/* Fill the identity part of a key: executable, uid, cgroup. */
static __always_inline void key_init(struct afalg_key *k, struct task_struct *task, __u16 op,
				     __s32 err)
{
	struct file *exe;

	__builtin_memset(k, 0, sizeof(*k));
	/*
	 * 5.11+: the current task as a BTF pointer, whose fields are plain
	 * loads (the verifier makes them fault-safe) instead of one
	 * bpf_probe_read_kernel() call each: this runs for every recorded
	 * operation, and the seven helper calls were most of the fallback
	 * tracer's cost per socket(AF_ALG) (bench/RESULTS.md).  A kernel
	 * thread's NULL mm reads as 0.
	 */
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)) {
		struct task_struct *t = bpf_get_current_task_btf();
		struct mm_struct *mm = t->mm;

		exe = mm ? mm->exe_file : NULL;
		if (exe) {
			struct inode *ino = exe->f_inode;

			k->exe_ino = ino->i_ino;
			k->exe_dev = ino->i_sb->s_dev;
		}
	} else {
		exe = BPF_CORE_READ(task, mm, exe_file);
		if (exe) {
			k->exe_ino = BPF_CORE_READ(exe, f_inode, i_ino);
			k->exe_dev = BPF_CORE_READ(exe, f_inode, i_sb, s_dev);
		}
	}
	k->uid = (__u32)bpf_get_current_uid_gid();
	k->cgroup_id = bpf_get_current_cgroup_id();
	k->op = op;
	k->err = err;
}

/* A path walk's limits: components in one mount, and mounts crossed + 1. */
#define AFALG_PATH_STEPS 32
#define AFALG_PATH_MOUNTS 6

/*
 * Rebuild a file's path into out (AFALG_PATH_LEN), using buf (2 *
 * AFALG_PATH_LEN) as scratch, as the kernel's d_path() does for task:
 * up the dentry chain to the root of the file's mount, then on from its
 * mountpoint in the parent mount, until the task's root directory (where a
 * real system's init went by switch_root, and a container by pivot_root),
 * or the root of its mount namespace if the file is not below the task's
 * root.  Without the mount crossings a file on its own file system (/srv,
 * /home, a snap's squashfs) came out relative to that file system: /srv/tool
 * as /tool, which names a different file.  A path that does not fit, or
 * passes the walk's limits, is left empty rather than cut: its tail would
 * look like another real path.  Only done for new keys, so the walk
 * is off the hot path; user space cross-checks the file with (dev, ino).
 */
static __always_inline void file_path(struct task_struct *task, const struct path *fp, char *buf,
				      char *out)
{
	struct dentry *d = BPF_CORE_READ(fp, dentry);
	struct vfsmount *vfsmnt = BPF_CORE_READ(fp, mnt);
	struct dentry *root_d = BPF_CORE_READ(task, fs, root.dentry);
	struct vfsmount *root_mnt = BPF_CORE_READ(task, fs, root.mnt);
	__u32 off = bpf_core_field_offset(struct mount, mnt);
	__u32 pos = AFALG_PATH_LEN;
	int state = 0; /* 0: walking, 1: at the root, -1: given up */
	struct mount *mnt;

	out[0] = '\0';
	if (!d || !vfsmnt)
		return;
	mnt = (struct mount *)((char *)vfsmnt - off); /* container_of(vfsmnt, struct mount, mnt) */
	/*
	 * One mount at a time: its dentries up to its root, then on from its
	 * mountpoint in the parent mount.  Each inner loop goes on one way only
	 * (the others end the walk): a single loop that could cross or name at
	 * every step made the verifier follow every mix of the two.
	 */
	for (int m = 0; m < AFALG_PATH_MOUNTS; m++) {
		struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
		bool root_mount = vfsmnt == root_mnt;
		struct mount *up;

		for (int i = 0; i < AFALG_PATH_STEPS; i++) {
			struct dentry *parent;
			const unsigned char *name;
			__u32 len;

			if ((root_mount && d == root_d) || d == mnt_root)
				break;
			parent = BPF_CORE_READ(d, d_parent);
			if (!parent || parent == d) {
				state = 1; /* a root that is no mount's (not expected) */
				break;
			}
			len = BPF_CORE_READ(d, d_name.len);
			name = BPF_CORE_READ(d, d_name.name);
			if (len >= pos) {
				state = -1; /* does not fit */
				break;
			}
			pos -= len + 1;
			pos &= AFALG_PATH_LEN - 1;
			buf[pos] = '/';
			bpf_probe_read_kernel(buf + pos + 1, len & (AFALG_PATH_LEN - 1), name);
			d = parent;
		}
		if (state)
			break;
		if (root_mount && d == root_d) {
			state = 1;
			break;
		}
		if (d != mnt_root) {
			state = -1; /* more than AFALG_PATH_STEPS components in one mount */
			break;
		}
		up = BPF_CORE_READ(mnt, mnt_parent);
		if (!up || up == mnt) {
			state = 1; /* the namespace's root: not below the task's root */
			break;
		}
		d = BPF_CORE_READ(mnt, mnt_mountpoint);
		mnt = up;
		vfsmnt = (struct vfsmount *)((char *)up + off);
	}
	if (state != 1)
		return; /* given up, or more than AFALG_PATH_MOUNTS mounts deep */
	if (pos == AFALG_PATH_LEN) {
		out[0] = '/'; /* the root itself */
		out[1] = '\0';
		return;
	}
	buf[AFALG_PATH_LEN] = '\0';
	bpf_probe_read_kernel_str(out, AFALG_PATH_LEN, buf + (pos & (AFALG_PATH_LEN - 1)));
}

#if defined(__TARGET_ARCH_x86)
#define AFALG_THREAD_SIZE 16384 /* x86_64 without KASAN */
#define REGS_IP(r) BPF_CORE_READ(r, ip)
#define REGS_SP(r) BPF_CORE_READ(r, sp)
#define REGS_SYSCALL_NR(r) BPF_CORE_READ(r, orig_ax)
#define REGS_NR_FIELD orig_ax
/* A system call's first two arguments, as they still are at its exit. */
#define REGS_EXIT_ARG0 di
#define REGS_EXIT_ARG1 si
/* A leaf wrapper's return address: the word on top of the user stack (call pushed it). */
static __always_inline __u64 regs_ret_addr(struct pt_regs *r)
{
	__u64 ra = 0;

	if (bpf_probe_read_user(&ra, sizeof(ra), (void *)REGS_SP(r)))
		ra = 0;
	return ra;
}
#elif defined(__TARGET_ARCH_arm64)
#define AFALG_THREAD_SIZE 16384
#define REGS_IP(r) BPF_CORE_READ(r, pc)
#define REGS_SP(r) BPF_CORE_READ(r, sp)
#define REGS_SYSCALL_NR(r) BPF_CORE_READ(r, syscallno)
#define REGS_NR_FIELD syscallno
#define REGS_EXIT_ARG0 orig_x0 /* x0 holds the result by then */
#define REGS_EXIT_ARG1 regs[1]
/* A leaf wrapper's return address: the link register x30 (bl put it there, nothing on the stack).
 */
static __always_inline __u64 regs_ret_addr(struct pt_regs *r)
{
	return BPF_CORE_READ(r, regs[30]);
}
#endif

/* The user-space registers saved at system-call entry. */
static __always_inline struct pt_regs *user_regs(struct task_struct *task)
{
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return (struct pt_regs *)bpf_task_pt_regs(
			(struct task_struct *)bpf_get_current_task_btf());
	/* 5.10 (no bpf_task_pt_regs): task_pt_regs() is the top of the kernel stack. */
	return (struct pt_regs *)((char *)BPF_CORE_READ(task, stack) + AFALG_THREAD_SIZE) - 1;
}

/*
 * The current system call's first two arguments (int), read at its exit
 * from the user registers saved at entry: direct loads where
 * bpf_task_pt_regs() exists (5.15+).
 */
static __always_inline void syscall_exit_args01(int *a0, int *a1)
{
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs)) {
		struct pt_regs *r = (struct pt_regs *)bpf_task_pt_regs(
			(struct task_struct *)bpf_get_current_task_btf());

		*a0 = (int)r->REGS_EXIT_ARG0;
		*a1 = (int)r->REGS_EXIT_ARG1;
	} else {
		struct pt_regs *r = user_regs(current_task());

		*a0 = (int)BPF_CORE_READ(r, REGS_EXIT_ARG0);
		*a1 = (int)BPF_CORE_READ(r, REGS_EXIT_ARG1);
	}
}

/* bpf_find_vma() callback: the file mapped at the address, and its offset. */
struct vma_ctx {
	__u64 addr;
	struct afalg_frame *f;
	__u64 file; /* the struct file mapped there, named after the callback */
};

/*
 * Only what the VMA itself holds: the path walk is done by the caller, not
 * here.  Kernels since 6.7 verify a callback as if it could be called any
 * number of times, until its states converge; with file_path()'s loops
 * inside, that went past the verifier's million instructions.
 */
static long vma_cb(struct task_struct *task, struct vm_area_struct *vma, struct vma_ctx *c)
{
	struct file *file = vma->vm_file;
	struct afalg_frame *f = c->f;

	if (!file)
		return 0;
	f->file_off = c->addr - vma->vm_start + (vma->vm_pgoff << 12);
	f->ino = BPF_CORE_READ(file, f_inode, i_ino);
	f->dev = BPF_CORE_READ(file, f_inode, i_sb, s_dev);
	c->file = (__u64)file;
	f->resolved = 1;
	return 0;
}

static __always_inline void frame_resolve(struct afalg_frame *f, __u64 addr, char *buf, bool vma)
{
	struct vma_ctx c = {.addr = addr, .f = f, .file = 0};

	f->addr = addr;
	f->resolved = 0;
	f->path[0] = '\0';
	/*
	 * Without bpf_find_vma (5.17+), user space resolves from /proc/PID/maps
	 * if it can.  vma is a constant: the programs for older kernels hold
	 * neither helper (bpf_get_current_task_btf is 5.11+).
	 */
	if (addr && vma) {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();

		bpf_find_vma(task, addr, vma_cb, &c, 0);
		if (c.file)
			file_path(task, &((struct file *)c.file)->f_path, buf, f->path);
	}
}

/*
 * The call site of the current system call: the user IP (in the libc
 * wrapper, or the program's own `syscall` instruction) and the return address
 * a leaf wrapper (glibc's socket, bind, syscall) would return to: the word on
 * top of the user stack on x86-64, the link register on arm64.  User space
 * decides which one names the code that must change.
 */
static __always_inline void capture_site(struct task_struct *task, struct afalg_event *ev,
					 char *buf, bool vma)
{
	struct pt_regs *regs = user_regs(task);
	__u64 ip = REGS_IP(regs), ra = regs_ret_addr(regs);

	frame_resolve(&ev->site[0], ip, buf, vma);
	frame_resolve(&ev->site[1], ra, buf, vma);
}

/* Count the calling process once per executable. */
static __always_inline void count_process(const struct afalg_key *k)
{
	struct proc_seen ps = {};
	__u64 one = 1, *n;

	ps.exe.ino = k->exe_ino;
	ps.exe.dev = k->exe_dev;
	ps.tgid = bpf_get_current_pid_tgid() >> 32;
	/*
	 * Look before inserting: an LRU map's update takes a free node and its
	 * bucket lock before it finds the key there, and this runs for every
	 * recorded operation of a process already counted.
	 */
	if (bpf_map_lookup_elem(&procs_seen, &ps))
		return;
	if (bpf_map_update_elem(&procs_seen, &ps, &one, BPF_NOEXIST))
		return; /* seen before (or LRU pressure: then it may be counted twice) */
	n = bpf_map_lookup_elem(&exe_procs, &ps.exe);
	if (n)
		__sync_fetch_and_add(n, 1);
	else if (bpf_map_update_elem(&exe_procs, &ps.exe, &one, BPF_NOEXIST))
		stat_inc(AFALG_STAT_MAP_FULL);
}

/*
 * Atomic adds whose result is unused compile to BPF_XADD, which every kernel
 * takes; an add of a constant 0 would be canonicalised by LLVM into an atomic
 * OR, which kernels before 5.12 reject ("BPF_STX uses reserved fields").
 */
static __always_inline void counter_add(struct afalg_counter *c, __u64 bytes, __u64 now)
{
	__sync_fetch_and_add(&c->count, 1);
	if (bytes)
		__sync_fetch_and_add(&c->bytes, bytes);
	c->last_ns = now;
}

#define REC_SITE (1u << 0)     /* capture the call site with the first sighting */
#define REC_SITE_VMA (1u << 1) /* ... and resolve it to files with bpf_find_vma() */
/*
 * No executable's path in the event: user space takes it from /proc/PID/exe
 * (the process is running the operation) or from another key of the same
 * executable (dev, ino).  For the fentry data path: the path walk is a loop
 * the verifier goes through 32 times per state, about half of what it does
 * for these programs, at every switch (bench/RESULTS.md).
 */
#define REC_NO_PATH (1u << 2)

/*
 * Count one occurrence of s->key (bytes into its byte counter); on its first
 * occurrence send an event with the context user space needs to name it.
 */
static __always_inline int record(struct scratch *s, struct task_struct *task, __u64 bytes,
				  const struct afalg_driver *drv, __u32 opts)
{
	struct afalg_key *k = &s->key;
	struct afalg_counter *c, init = {};
	struct afalg_event *ev;
	__u64 now = bpf_ktime_get_ns();
	__u64 id;

	c = bpf_map_lookup_elem(&counts, k);
	if (c) {
		counter_add(c, bytes, now);
		return 0;
	}
	init.count = 1;
	init.bytes = bytes;
	init.first_ns = now;
	init.last_ns = now;
	if (bpf_map_update_elem(&counts, k, &init, BPF_NOEXIST)) {
		/* Lost a race with another CPU (then count there) or the map is full. */
		c = bpf_map_lookup_elem(&counts, k);
		if (!c) {
			stat_inc(AFALG_STAT_MAP_FULL);
			return -1;
		}
		counter_add(c, bytes, now);
		return 0;
	}
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		stat_inc(AFALG_STAT_RINGBUF_FULL);
		return 0; /* counted; only the context is lost */
	}
	id = bpf_get_current_pid_tgid();
	ev->key = *k;
	if (drv)
		ev->driver = *drv;
	else
		__builtin_memset(&ev->driver, 0, sizeof(ev->driver));
	if (opts & REC_SITE) {
		capture_site(task, ev, s->path, opts & REC_SITE_VMA);
	} else {
		ev->site[0].addr = 0;
		ev->site[1].addr = 0;
	}
	ev->ts_ns = now;
	ev->pid = (__u32)id;
	ev->tgid = id >> 32;
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	if (opts & REC_NO_PATH)
		ev->exe[0] = '\0';
	else
		file_path(task, &BPF_CORE_READ(task, mm, exe_file)->f_path, s->path, ev->exe);
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

#endif /* AFALG_TRACE_CORE_BPF_H */
