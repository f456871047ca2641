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
#include <linux/if_alg.h>
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
	struct afalg_driver drv;
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

/*
 * Count one occurrence of *k; on its first occurrence send an event.
 * bytes is added to the byte counter.
 */
static __always_inline void record(struct scratch *s, struct task_struct *task, __u64 bytes,
				   const struct afalg_driver *drv)
{
	struct afalg_key *k = &s->key;
	struct afalg_counter *c, init = {};
	struct afalg_event *ev;
	__u64 now = bpf_ktime_get_ns();
	__u64 id;

	c = bpf_map_lookup_elem(&counts, k);
	if (c) {
		counter_add(c, bytes, now);
		return;
	}
	init.count = 1;
	init.bytes = bytes;
	init.first_ns = now;
	init.last_ns = now;
	if (bpf_map_update_elem(&counts, k, &init, BPF_NOEXIST)) {
		/* Lost a race with another CPU (then count there) or the map is full. */
		c = bpf_map_lookup_elem(&counts, k);
		if (c)
			counter_add(c, bytes, now);
		else
			stat_inc(AFALG_STAT_MAP_FULL);
		return;
	}
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		stat_inc(AFALG_STAT_RINGBUF_FULL);
		return;
	}
	id = bpf_get_current_pid_tgid();
	ev->key = *k;
	if (drv)
		ev->driver = *drv;
	else
		__builtin_memset(&ev->driver, 0, sizeof(ev->driver));
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
	record(s, task, 0, NULL);
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
		record(s, task, 0, NULL);
	}
	bpf_map_delete_elem(&pending_socket, &tid);
	return 0;
}

/* ---- bind: what was asked for, and the driver the kernel chose ---------- */

#define SOL_ALG 279

static __always_inline bool is_alg_sock(struct socket *sock)
{
	return sock && BPF_CORE_READ(sock, sk, __sk_common.skc_family) == AFALG_AF_ALG;
}

/* struct alg_sock fields, at fixed offsets after its struct sock (see vmlinux_min.h). */
#define ALG_SOCK_PARENT 0
#define ALG_SOCK_TYPE 16
#define ALG_SOCK_PRIVATE 24
#define AF_ALG_TYPE_NAME 80 /* af_alg_type.name: 7 fn pointers, ops, ops_nokey, owner */

static __always_inline void *alg_sock_field(struct sock *sk, __u32 off)
{
	void *v = NULL;

	bpf_probe_read_kernel(&v, sizeof(v), (char *)sk + bpf_core_type_size(struct sock) + off);
	return v;
}

/*
 * The crypto_alg of the tfm a bound parent socket holds in alg_sock.private;
 * what private points to depends on the AF_ALG type.
 */
static __always_inline struct crypto_alg *bound_alg(struct sock *sk, const char *type)
{
	void *priv = alg_sock_field(sk, ALG_SOCK_PRIVATE);
	struct crypto_rng *rng = NULL;

	if (!priv)
		return NULL;
	switch (type[0]) {
	case 'h': /* hash: struct crypto_ahash */
		return BPF_CORE_READ((struct crypto_ahash *)priv, base.__crt_alg);
	case 's': /* skcipher: struct crypto_skcipher */
		return BPF_CORE_READ((struct crypto_skcipher *)priv, base.__crt_alg);
	case 'a': /* aead: struct crypto_aead */
		return BPF_CORE_READ((struct crypto_aead *)priv, base.__crt_alg);
	case 'r': /* rng: struct rng_parent_ctx { struct crypto_rng *drng; ... } */
		bpf_probe_read_kernel(&rng, sizeof(rng), priv);
		return rng ? BPF_CORE_READ(rng, base.__crt_alg) : NULL;
	}
	return NULL;
}

static __always_inline void read_driver(struct crypto_alg *alg, struct scratch *s)
{
	struct module *mod = BPF_CORE_READ(alg, cra_module);

	bpf_probe_read_kernel_str(s->key.driver, sizeof(s->key.driver), alg->cra_driver_name);
	bpf_probe_read_kernel_str(s->drv.cra_name, sizeof(s->drv.cra_name), alg->cra_name);
	s->drv.cra_flags = BPF_CORE_READ(alg, cra_flags);
	s->drv.priority = BPF_CORE_READ(alg, cra_priority);
	s->drv.module[0] = '\0';
	if (mod)
		bpf_probe_read_kernel_str(s->drv.module, sizeof(s->drv.module), mod->name);
}

/* Type and algorithm of a bound (parent) socket, into s->key; "" if unbound. */
static __always_inline void parent_sock_alg(struct sock *sk, struct scratch *s)
{
	void *type = alg_sock_field(sk, ALG_SOCK_TYPE);
	struct crypto_alg *alg;

	if (!type)
		return;
	bpf_probe_read_kernel_str(s->key.salg_type, sizeof(s->key.salg_type),
				  (char *)type + AF_ALG_TYPE_NAME);
	alg = bound_alg(sk, s->key.salg_type);
	if (alg)
		bpf_probe_read_kernel_str(s->key.salg_name, sizeof(s->key.salg_name),
					  alg->cra_name);
}

struct pending_bind {
	struct socket *sock;
	__u16 flags;
	char type[AFALG_TYPE_LEN];
	char name[AFALG_ALG_LEN];
};

/* Per thread, between the LSM hook (sees the address) and the syscall's exit. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct pending_bind);
} pending_bind SEC(".maps");

/* int security_socket_bind(struct socket *sock, struct sockaddr *address, int addrlen);
 * address is the kernel's copy (at most sizeof(struct sockaddr_storage)). */
SEC("fentry/security_socket_bind")
int BPF_PROG(bind_enter, struct socket *sock, struct sockaddr *address, int addrlen)
{
	struct sockaddr_alg *sa = (struct sockaddr_alg *)address;
	struct pending_bind pb = {};
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	int namelen = addrlen - (int)__builtin_offsetof(struct sockaddr_alg, salg_name);

	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	pb.sock = sock;
	/* The kernel NUL-terminates both only later, in alg_bind(). */
	bpf_probe_read_kernel_str(pb.type, sizeof(pb.type), sa->salg_type);
	if (namelen > 0) {
		char c = 0;

		/* address has room for 64 name bytes; past addrlen they are stale. */
		bpf_probe_read_kernel_str(pb.name, sizeof(pb.name), sa->salg_name);
		if (namelen < AFALG_ALG_LEN)
			pb.name[namelen & (AFALG_ALG_LEN - 1)] = '\0';
		else if (namelen > AFALG_ALG_LEN &&
			 !bpf_probe_read_kernel(&c, 1, &sa->salg_name[AFALG_ALG_LEN - 1]) && c)
			pb.flags |= AFALG_KF_NAME_TRUNC;
	}
	bpf_map_update_elem(&pending_bind, &tid, &pb, BPF_ANY);
	return 0;
}

static __always_inline int bind_done(int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending_bind *pb = bpf_map_lookup_elem(&pending_bind, &tid);
	struct task_struct *task;
	struct crypto_alg *alg = NULL;
	struct scratch *s;

	if (!pb)
		return 0;
	s = scratch_get();
	if (!s)
		goto out;
	task = (struct task_struct *)bpf_get_current_task();
	key_init(&s->key, task, AFALG_OP_BIND, ret);
	s->key.flags = pb->flags;
	__builtin_memcpy(s->key.salg_type, pb->type, sizeof(s->key.salg_type));
	__builtin_memcpy(s->key.salg_name, pb->name, sizeof(s->key.salg_name));
	if (ret == 0) {
		struct socket *sock = pb->sock; /* a plain read: pb is ours, not the kernel's */

		alg = bound_alg(BPF_CORE_READ(sock, sk), pb->type);
	}
	if (alg) {
		read_driver(alg, s);
		record(s, task, 0, &s->drv);
	} else {
		record(s, task, 0, NULL);
	}
out:
	bpf_map_delete_elem(&pending_bind, &tid);
	return 0;
}

/* int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen) */
SEC("fexit/__sys_bind")
int BPF_PROG(bind_exit, int fd, void *umyaddr, int addrlen, int ret)
{
	return bind_done(ret);
}

/* io_uring's IORING_OP_BIND (6.11+): int __sys_bind_socket(struct socket *sock,
 * struct sockaddr_storage *address, int addrlen) */
SEC("fexit/__sys_bind_socket")
int BPF_PROG(bind_socket_exit, struct socket *sock, void *address, int addrlen, int ret)
{
	return bind_done(ret);
}

/* ---- accept ------------------------------------------------------------ */

/* int security_socket_accept(struct socket *sock, struct socket *newsock) */
SEC("fentry/security_socket_accept")
int BPF_PROG(accept_enter, struct socket *sock, struct socket *newsock)
{
	struct task_struct *task;
	struct scratch *s;

	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	key_init(&s->key, task, AFALG_OP_ACCEPT, 0);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	record(s, task, 0, NULL);
	return 0;
}

/* ---- setsockopt: ALG_SET_KEY (length only), AEAD authsize, ... ---------- */

static __always_inline void setsockopt_record(struct socket *sock, int optname, int optlen, int ret)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct scratch *s = scratch_get();

	if (!s)
		return;
	key_init(&s->key, task, AFALG_OP_SETSOCKOPT, ret);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	s->key.arg = (__u32)optname;
	s->key.arg2 = (__u32)optlen; /* never the value: it may be key material */
	record(s, task, 0, NULL);
}

/* 6.8+: int do_sock_setsockopt(struct socket *sock, bool compat, int level,
 *                              int optname, sockptr_t optval, int optlen)
 * sockptr_t is a 16-byte struct passed in two registers: ctx[4], ctx[5]. */
SEC("fexit/do_sock_setsockopt")
int setsockopt_exit(unsigned long long *ctx)
{
	struct socket *sock = (struct socket *)ctx[0];
	int level = (int)ctx[2], optname = (int)ctx[3], optlen = (int)ctx[6];
	int ret = (int)ctx[7];

	if (level != SOL_ALG || !is_alg_sock(sock) || !tgid_wanted())
		return 0;
	setsockopt_record(sock, optname, optlen, ret);
	return 0;
}

/* Before 6.8: the LSM hook sees the socket, __sys_setsockopt the length and result. */
struct pending_sockopt {
	struct socket *sock;
	int optname;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32); /* thread id */
	__type(value, struct pending_sockopt);
} pending_sockopt SEC(".maps");

/* int security_socket_setsockopt(struct socket *sock, int level, int optname) */
SEC("fentry/security_socket_setsockopt")
int BPF_PROG(setsockopt_lsm, struct socket *sock, int level, int optname)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending_sockopt v = {.sock = sock, .optname = optname};

	if (level != SOL_ALG || !is_alg_sock(sock) || !tgid_wanted())
		return 0;
	bpf_map_update_elem(&pending_sockopt, &tid, &v, BPF_ANY);
	return 0;
}

/* int __sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen) */
SEC("fexit/__sys_setsockopt")
int BPF_PROG(setsockopt_exit_old, int fd, int level, int optname, void *optval, int optlen, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending_sockopt *v = bpf_map_lookup_elem(&pending_sockopt, &tid);

	if (!v)
		return 0;
	setsockopt_record(v->sock, v->optname, optlen, ret);
	bpf_map_delete_elem(&pending_sockopt, &tid);
	return 0;
}

/* ---- data: send/recv, and how (splice, AIO, io_uring) ------------------ */

/*
 * Per thread: set while sock_sendpage() runs (5.10/6.1), whose copying
 * fallback for skcipher/aead goes through sendmsg again: count it once.
 */
#define IOCTX_SENDPAGE (1u << 8)

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u32);
} io_ctx SEC(".maps");

static __always_inline __u32 io_ctx_get(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 *v = bpf_map_lookup_elem(&io_ctx, &tid);

	return v ? *v : 0;
}

static __always_inline void io_ctx_set(__u32 bits, bool on)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 *v = bpf_map_lookup_elem(&io_ctx, &tid);
	__u32 nv;

	if (v)
		nv = on ? (*v | bits) : (*v & ~bits);
	else if (on)
		nv = bits;
	else
		return;
	if (nv)
		bpf_map_update_elem(&io_ctx, &tid, &nv, BPF_ANY);
	else
		bpf_map_delete_elem(&io_ctx, &tid);
}

/* Type and algorithm of an operation socket: its parent holds them. */
static __always_inline void op_sock_alg(struct sock *sk, struct scratch *s)
{
	struct sock *parent = alg_sock_field(sk, ALG_SOCK_PARENT);

	if (parent) /* NULL: I/O on the parent itself, which the kernel refuses */
		parent_sock_alg(parent, s);
}

#define MSG_SPLICE_PAGES 0x8000000 /* 6.5+; unused bit before */
#define PF_IO_WORKER 0x00000010	   /* io-wq workers and the SQPOLL thread */

#if defined(__TARGET_ARCH_x86)
#define AFALG_NR_IO_SUBMIT 209
#define AFALG_NR_IO_URING_ENTER 426
#define AFALG_THREAD_SIZE 16384 /* x86_64 without KASAN */
#define SYSCALL_NR(regs) BPF_CORE_READ(regs, orig_ax)
#elif defined(__TARGET_ARCH_arm64)
#define AFALG_NR_IO_SUBMIT 2
#define AFALG_NR_IO_URING_ENTER 426
#define AFALG_THREAD_SIZE 16384
#define SYSCALL_NR(regs) BPF_CORE_READ(regs, syscallno)
#endif

/*
 * How the current operation was submitted, from the system call the thread
 * is in: io_submit() means AIO (even where 7.2 made it synchronous: what the
 * program asked for is what blocks the hardening), io_uring_enter() or an
 * io_uring worker thread means io_uring.  No extra hooks needed.
 */
static __always_inline __u32 submit_mode(struct task_struct *task)
{
	struct pt_regs *regs;
	long nr;

	if (BPF_CORE_READ(task, flags) & PF_IO_WORKER)
		return AFALG_IO_IO_URING;
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		regs = (struct pt_regs *)bpf_task_pt_regs(
			(struct task_struct *)bpf_get_current_task_btf());
	else /* 5.10: task_pt_regs() is the top of the task's stack */
		regs = (struct pt_regs *)((char *)BPF_CORE_READ(task, stack) + AFALG_THREAD_SIZE) -
		       1;
	nr = SYSCALL_NR(regs);
	if (nr == AFALG_NR_IO_SUBMIT)
		return AFALG_IO_AIO;
	if (nr == AFALG_NR_IO_URING_ENTER)
		return AFALG_IO_IO_URING;
	return 0;
}

static __always_inline bool iter_is_bvec(struct iov_iter *it)
{
	if (bpf_core_field_exists(it->iter_type))
		return BPF_CORE_READ(it, iter_type) ==
		       bpf_core_enum_value(enum iter_type, ITER_BVEC);
	return BPF_CORE_READ(it, type) & 16; /* < 6.0: ITER_BVEC is a bit */
}

static __always_inline void data_record(struct socket *sock, __u16 op, __u32 how, __u64 bytes)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct scratch *s = scratch_get();

	if (!s)
		return;
	key_init(&s->key, task, op, 0);
	s->key.arg = how | submit_mode(task);
	op_sock_alg(BPF_CORE_READ(sock, sk), s);
	record(s, task, bytes, NULL);
}

/* int security_socket_sendmsg(struct socket *sock, struct msghdr *msg, int size) */
SEC("fentry/security_socket_sendmsg")
int BPF_PROG(sendmsg_enter, struct socket *sock, struct msghdr *msg, int size)
{
	__u32 how;

	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	if (io_ctx_get() & IOCTX_SENDPAGE)
		return 0; /* 5.10/6.1 sendpage copying through sendmsg: counted there */
	how = 0;
	if ((BPF_CORE_READ(msg, msg_flags) & MSG_SPLICE_PAGES) || iter_is_bvec(&msg->msg_iter))
		how |= AFALG_IO_SPLICE;
	data_record(sock, AFALG_OP_SEND, how, size > 0 ? size : 0);
	return 0;
}

/* int security_socket_recvmsg(struct socket *sock, struct msghdr *msg, int size, int flags) */
SEC("fentry/security_socket_recvmsg")
int BPF_PROG(recvmsg_enter, struct socket *sock, struct msghdr *msg, int size)
{
	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	data_record(sock, AFALG_OP_RECV, 0, size > 0 ? size : 0);
	return 0;
}

/* Up to 6.4, splice into a socket calls ops->sendpage from
 * ssize_t sock_sendpage(struct file *file, struct page *page, int offset,
 *                       size_t size, loff_t *ppos, int more) */
SEC("fentry/sock_sendpage")
int BPF_PROG(sendpage_enter, struct file *file, void *page, int offset, size_t size)
{
	struct socket *sock = BPF_CORE_READ(file, private_data);

	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	data_record(sock, AFALG_OP_SEND, AFALG_IO_SPLICE, size);
	io_ctx_set(IOCTX_SENDPAGE, true);
	return 0;
}

SEC("fexit/sock_sendpage")
int BPF_PROG(sendpage_exit)
{
	io_ctx_set(IOCTX_SENDPAGE, false);
	return 0;
}
