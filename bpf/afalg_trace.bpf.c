// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit's kernel side: record who uses AF_ALG and how.
 *
 * Hooks are chosen from ../docs/kernel-hooks.md: socket creation is seen at
 * fexit/__sock_create (vmlinux, every kernel since 5.5), which also sees the
 * -EAFNOSUPPORT of a kernel without AF_ALG and io_uring's IORING_OP_SOCKET,
 * and costs nothing for other syscalls (unlike the syscall tracepoints,
 * which put every task on the slow path).
 */
#include "vmlinux_min.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "afalg_trace.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by user space before load. */
const volatile __u32 targ_tgid = 0; /* 0: system-wide */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFALG_MAX_KEYS);
	__type(key, struct afalg_key);
	__type(value, struct afalg_counter);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, AFALG_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* Scratch space: keys and path buffers are too big for the 512-byte stack. */
struct scratch {
	struct afalg_key key;
	char path[AFALG_PATH_LEN * 2];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		*v += 1;
}

static __always_inline bool tgid_wanted(void)
{
	if (!targ_tgid)
		return true;
	return (bpf_get_current_pid_tgid() >> 32) == targ_tgid;
}

/* Fill the identity part of a key: executable, uid, cgroup. */
static __always_inline void key_init(struct afalg_key *k, struct task_struct *task, __u16 op,
				     __s32 err)
{
	struct file *exe = BPF_CORE_READ(task, mm, exe_file);

	__builtin_memset(k, 0, sizeof(*k));
	if (exe) {
		k->exe_ino = BPF_CORE_READ(exe, f_inode, i_ino);
		k->exe_dev = BPF_CORE_READ(exe, f_inode, i_sb, s_dev);
	}
	k->uid = (__u32)bpf_get_current_uid_gid();
	k->cgroup_id = bpf_get_current_cgroup_id();
	k->op = op;
	k->err = err;
}

/*
 * Rebuild the executable's path from its dentry chain into ev->exe.  Only
 * done once per new key, so the walk is off the hot path.  The path is
 * relative to the root of the exe's mount; user space cross-checks it with
 * (dev, ino).
 */
static __always_inline void exe_path(struct task_struct *task, char *buf, char *out)
{
	struct dentry *d = BPF_CORE_READ(task, mm, exe_file, f_path.dentry);
	__u32 pos = AFALG_PATH_LEN;

	out[0] = '\0';
	if (!d)
		return;
	for (int i = 0; i < 32; i++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		__u32 len = BPF_CORE_READ(d, d_name.len);
		const unsigned char *name = BPF_CORE_READ(d, d_name.name);

		if (!parent || parent == d)
			break;
		if (len >= pos)
			break; /* does not fit: keep the tail we have */
		pos -= len + 1;
		pos &= AFALG_PATH_LEN - 1;
		buf[pos] = '/';
		bpf_probe_read_kernel(buf + pos + 1, len & (AFALG_PATH_LEN - 1), name);
		d = parent;
	}
	if (pos == AFALG_PATH_LEN)
		return;
	buf[AFALG_PATH_LEN] = '\0';
	bpf_probe_read_kernel_str(out, AFALG_PATH_LEN, buf + (pos & (AFALG_PATH_LEN - 1)));
}

/*
 * Count one occurrence of *k; on its first occurrence send an event.
 * bytes is added to the byte counter.
 */
static __always_inline void record(struct scratch *s, struct task_struct *task, __u64 bytes)
{
	struct afalg_key *k = &s->key;
	struct afalg_counter *c, init = {};
	struct afalg_event *ev;
	__u64 now = bpf_ktime_get_ns();
	__u64 id;

	c = bpf_map_lookup_elem(&counts, k);
	if (c) {
		__sync_fetch_and_add(&c->count, 1);
		__sync_fetch_and_add(&c->bytes, bytes);
		c->last_ns = now;
		return;
	}
	init.count = 1;
	init.bytes = bytes;
	init.first_ns = now;
	init.last_ns = now;
	if (bpf_map_update_elem(&counts, k, &init, BPF_NOEXIST)) {
		/* Lost a race with another CPU (then count there) or the map is full. */
		c = bpf_map_lookup_elem(&counts, k);
		if (c) {
			__sync_fetch_and_add(&c->count, 1);
			__sync_fetch_and_add(&c->bytes, bytes);
		} else {
			stat_inc(AFALG_STAT_MAP_FULL);
		}
		return;
	}
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		stat_inc(AFALG_STAT_RINGBUF_FULL);
		return;
	}
	id = bpf_get_current_pid_tgid();
	ev->key = *k;
	ev->ts_ns = now;
	ev->pid = (__u32)id;
	ev->tgid = id >> 32;
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	exe_path(task, s->path, ev->exe);
	bpf_ringbuf_submit(ev, 0);
}

static __always_inline struct scratch *scratch_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch_map, &zero);
}

/* int __sock_create(struct net *net, int family, int type, int protocol,
 *                   struct socket **res, int kern) */
SEC("fexit/__sock_create")
int BPF_PROG(sock_create_exit, struct net *net, int family, int type, int protocol,
	     struct socket **res, int kern, int ret)
{
	struct task_struct *task;
	struct scratch *s;

	if (family != AFALG_AF_ALG || kern || !tgid_wanted())
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	key_init(&s->key, task, AFALG_OP_SOCKET, ret);
	s->key.arg = (__u32)type;
	record(s, task, 0);
	return 0;
}

/*
 * Fallback for kernels where BPF trampolines (fentry/fexit) are unavailable
 * (no DYNAMIC_FTRACE_WITH_DIRECT_CALLS, or a sandbox that forbids them) and
 * kprobes cannot be created: the raw syscall tracepoints.  They put every
 * task on the syscall slow path while attached (see docs/kernel-hooks.md),
 * so user space only loads them when the fexit program cannot be loaded.
 * They do not see io_uring's IORING_OP_SOCKET.
 */
#if defined(__TARGET_ARCH_x86)
#define AFALG_NR_SOCKET 41
#elif defined(__TARGET_ARCH_arm64)
#define AFALG_NR_SOCKET 198
#endif

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);   /* thread id */
	__type(value, __u32); /* socket type argument */
} pending_socket SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_socket, struct pt_regs *regs, long id)
{
	__u32 tid, type;

	if (id != AFALG_NR_SOCKET || PT_REGS_PARM1_CORE(regs) != AFALG_AF_ALG || !tgid_wanted())
		return 0;
	tid = (__u32)bpf_get_current_pid_tgid();
	type = (__u32)PT_REGS_PARM2_CORE(regs);
	bpf_map_update_elem(&pending_socket, &tid, &type, BPF_ANY);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_socket, struct pt_regs *regs, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct task_struct *task;
	struct scratch *s;
	__u32 *type;

	type = bpf_map_lookup_elem(&pending_socket, &tid);
	if (!type)
		return 0;
	s = scratch_get();
	if (s) {
		task = (struct task_struct *)bpf_get_current_task();
		key_init(&s->key, task, AFALG_OP_SOCKET, ret < 0 ? (__s32)ret : 0);
		s->key.arg = *type;
		record(s, task, 0);
	}
	bpf_map_delete_elem(&pending_socket, &tid);
	return 0;
}
