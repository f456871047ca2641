// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * afalg-audit's kernel side: the hooks that see AF_ALG being used.
 *
 * Socket creation, bind, accept and setsockopt are seen from functions of
 * vmlinux (docs/kernel-hooks.md): they exist before af_alg.ko and algif_*.ko
 * autoload and, unlike fentry on module functions, do not pin the modules
 * (an administrator can still rmmod algif_aead while the tracer runs).  The
 * data path, which must cost nothing for other sockets, is seen from
 * AF_ALG's own module functions through tracefs kprobe events, with the
 * socket LSM hooks as the fallback where those cannot be created.  Which
 * programs load is decided by user space from the running kernel's BTF.
 */
#include "afalg_sock.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* ---- socket() ---------------------------------------------------------- */

/* int __sock_create(struct net *net, int family, int type, int protocol,
 *                   struct socket **res, int kern) */
/*
 * Programs that capture a call site come in two variants: with REC_SITE_VMA
 * (files resolved in the kernel with bpf_find_vma(), 5.17+) and without
 * (_nofv: a callback reference alone makes older verifiers refuse the whole
 * program).  User space loads the one this kernel takes.
 */
static __always_inline int sock_created(int family, int type, int kern, int ret, __u32 opts)
{
	struct task_struct *task;
	struct scratch *s;

	if (family != AFALG_AF_ALG || kern || !tgid_wanted())
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	task = current_task();
	key_init(&s->key, task, AFALG_OP_SOCKET, ret);
	s->key.arg = (__u32)type;
	record(s, task, 0, NULL, opts);
	count_process(&s->key);
	return 0;
}

SEC("fexit/__sock_create")
int BPF_PROG(sock_create_exit, struct net *net, int family, int type, int protocol,
	     struct socket **res, int kern, int ret)
{
	return sock_created(family, type, kern, ret, REC_SITE | REC_SITE_VMA);
}

SEC("fexit/__sock_create")
int BPF_PROG(sock_create_exit_nofv, struct net *net, int family, int type, int protocol,
	     struct socket **res, int kern, int ret)
{
	return sock_created(family, type, kern, ret, REC_SITE);
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

static __always_inline int sys_exit_socket_common(long ret, __u32 opts)
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
		task = current_task();
		key_init(&s->key, task, AFALG_OP_SOCKET, ret < 0 ? (__s32)ret : 0);
		s->key.arg = *type;
		record(s, task, 0, NULL, opts);
		count_process(&s->key);
	}
	bpf_map_delete_elem(&pending_socket, &tid);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_socket, struct pt_regs *regs, long ret)
{
	return sys_exit_socket_common(ret, REC_SITE | REC_SITE_VMA);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_socket_nofv, struct pt_regs *regs, long ret)
{
	return sys_exit_socket_common(ret, REC_SITE);
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

	if (!is_alg_sock_btf(sock) || !tgid_wanted())
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

static __always_inline int bind_done(int ret, __u32 opts)
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
	task = current_task();
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
		record(s, task, 0, &s->drv, opts);
	} else {
		record(s, task, 0, NULL, opts);
	}
out:
	bpf_map_delete_elem(&pending_bind, &tid);
	return 0;
}

/* int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen) */
SEC("fexit/__sys_bind")
int BPF_PROG(bind_exit, int fd, void *umyaddr, int addrlen, int ret)
{
	return bind_done(ret, REC_SITE | REC_SITE_VMA);
}

SEC("fexit/__sys_bind")
int BPF_PROG(bind_exit_nofv, int fd, void *umyaddr, int addrlen, int ret)
{
	return bind_done(ret, REC_SITE);
}

/* io_uring's IORING_OP_BIND (6.11+): int __sys_bind_socket(struct socket *sock,
 * struct sockaddr_storage *address, int addrlen) */
SEC("fexit/__sys_bind_socket")
int BPF_PROG(bind_socket_exit, struct socket *sock, void *address, int addrlen, int ret)
{
	return bind_done(ret, REC_SITE | REC_SITE_VMA);
}

/* ---- accept ------------------------------------------------------------ */

/* int security_socket_accept(struct socket *sock, struct socket *newsock) */
SEC("fentry/security_socket_accept")
int BPF_PROG(accept_enter, struct socket *sock, struct socket *newsock)
{
	struct task_struct *task;
	struct scratch *s;

	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	s = scratch_get();
	if (!s)
		return 0;
	task = current_task();
	key_init(&s->key, task, AFALG_OP_ACCEPT, 0);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	record(s, task, 0, NULL, 0);
	return 0;
}

/* ---- setsockopt: ALG_SET_KEY (length only), AEAD authsize, ... ---------- */

static __always_inline void setsockopt_record(struct socket *sock, int optname, int optlen, int ret)
{
	struct task_struct *task = current_task();
	struct scratch *s = scratch_get();

	if (!s)
		return;
	key_init(&s->key, task, AFALG_OP_SETSOCKOPT, ret);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	s->key.arg = (__u32)optname;
	s->key.arg2 = (__u32)optlen; /* never the value: it may be key material */
	record(s, task, 0, NULL, 0);
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

	if (level != SOL_ALG || !is_alg_sock_btf(sock) || !tgid_wanted())
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

/* Set by user space when security_sk_free is hooked (it empties slots). */
const volatile bool use_slots = false;
/* Set by user space when sock_sendpage is hooked (kernels before 6.5). */
const volatile bool use_sendpage = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFALG_MAX_SLOTS);
	__type(key, struct afalg_slot_key);
	__type(value, struct afalg_slot);
} slots SEC(".maps");

/*
 * Count one data operation, how (AFALG_IO_*) it was submitted included.
 * id names the socket for its slot: the struct sock on the LSM path, the
 * struct socket on the module-kprobe path (both are at hand there without a
 * read).  sk may be NULL, then it is read from sock on the slow path only.
 */
static __always_inline void data_record(__u64 id, struct sock *sk, struct socket *sock, __u16 op,
					__u32 how, __u64 bytes)
{
	struct task_struct *task;
	struct afalg_slot_key k = {};
	struct afalg_slot *slot, init = {};
	struct scratch *s;

	k.sk = id;
	k.op = op;
	k.how = how;
	if (use_slots) {
		slot = bpf_map_lookup_elem(&slots, &k);
		if (slot) { /* the hot path: no clock read for most operations */
			__u64 n;

			/* Result unused: BPF_XADD, which 5.10 takes (a fetching add needs 5.12). */
			__sync_fetch_and_add(&slot->c.count, 1);
			n = slot->c.count; /* racy read: only picks when to read the clock */
			if (bytes)
				__sync_fetch_and_add(&slot->c.bytes, bytes);
			if (!(n & (AFALG_SLOT_CLOCK_EVERY - 1)))
				slot->c.last_ns = bpf_ktime_get_ns();
			return;
		}
	}
	s = scratch_get();
	if (!s)
		return;
	if (!sk)
		sk = BPF_CORE_READ(sock, sk);
	task = current_task(); /* slow path only: the first operation of a slot */
	key_init(&s->key, task, op, 0);
	s->key.arg = k.how;
	op_sock_alg(sk, s);
	if (record(s, task, bytes, NULL, 0) < 0 || !use_slots)
		return;
	/* Counted in "counts"; from the next operation on, count in the slot. */
	init.key = s->key;
	bpf_map_update_elem(&slots, &k, &init, BPF_NOEXIST); /* full: stay on the slow path */
}

/* Fold a slot's counters into the key's counter and drop it. */
static __always_inline void slot_fold(struct afalg_slot_key *k)
{
	struct afalg_slot *slot = bpf_map_lookup_elem(&slots, k);
	struct afalg_counter *c;

	if (!slot)
		return;
	c = bpf_map_lookup_elem(&counts, &slot->key);
	if (c && slot->c.count) {
		__sync_fetch_and_add(&c->count, slot->c.count);
		if (slot->c.bytes)
			__sync_fetch_and_add(&c->bytes, slot->c.bytes);
		/* Used until about now: its last operations had no clock read. */
		c->last_ns = bpf_ktime_get_ns();
	}
	bpf_map_delete_elem(&slots, k);
}

/* Fold every slot of one socket (any operation, any way of submitting). */
static __always_inline void slots_fold_socket(__u64 id)
{
	struct afalg_slot_key k = {};

	k.sk = id;
	for (__u16 op = AFALG_OP_SEND; op <= AFALG_OP_RECV; op++) {
		k.op = op;
		for (__u32 how = 0; how < 8; how++) {
			k.how = how;
			slot_fold(&k);
		}
	}
}

/* void security_sk_free(struct sock *sk): every socket's end; only AF_ALG ones matter. */
SEC("fentry/security_sk_free")
int BPF_PROG(sk_free_enter, struct sock *sk)
{
	if (sk->__sk_common.skc_family == AFALG_AF_ALG)
		slots_fold_socket((__u64)sk);
	return 0;
}

/* int security_socket_sendmsg(struct socket *sock, struct msghdr *msg, int size) */
SEC("fentry/security_socket_sendmsg")
int BPF_PROG(sendmsg_enter, struct socket *sock, struct msghdr *msg, int size)
{
	__u32 how;

	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	if (use_sendpage && (io_ctx_get() & IOCTX_SENDPAGE))
		return 0; /* 5.10/6.1 sendpage copying through sendmsg: counted there */
	how = submit_mode();
	if ((msg->msg_flags & MSG_SPLICE_PAGES) || iter_is_bvec_btf(&msg->msg_iter))
		how |= AFALG_IO_SPLICE;
	data_record((__u64)sock->sk, sock->sk, NULL, AFALG_OP_SEND, how, size > 0 ? size : 0);
	return 0;
}

/* int security_socket_recvmsg(struct socket *sock, struct msghdr *msg, int size, int flags) */
SEC("fentry/security_socket_recvmsg")
int BPF_PROG(recvmsg_enter, struct socket *sock, struct msghdr *msg, int size)
{
	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	/* Splicing out of an op socket copies anyway: no zero-copy to record. */
	data_record((__u64)sock->sk, sock->sk, NULL, AFALG_OP_RECV,
		    submit_mode() & ~AFALG_IO_SPLICE, size > 0 ? size : 0);
	return 0;
}

/* Up to 6.4, splice into a socket calls ops->sendpage from
 * ssize_t sock_sendpage(struct file *file, struct page *page, int offset,
 *                       size_t size, loff_t *ppos, int more) */
SEC("fentry/sock_sendpage")
int BPF_PROG(sendpage_enter, struct file *file, void *page, int offset, size_t size)
{
	struct socket *sock = BPF_CORE_READ(file, private_data);
	struct sock *sk;

	if (!is_alg_sock(sock) || !tgid_wanted())
		return 0;
	sk = BPF_CORE_READ(sock, sk);
	data_record((__u64)sk, sk, NULL, AFALG_OP_SEND, AFALG_IO_SPLICE | submit_mode(), size);
	io_ctx_set(IOCTX_SENDPAGE, true);
	return 0;
}

SEC("fexit/sock_sendpage")
int BPF_PROG(sendpage_exit)
{
	io_ctx_set(IOCTX_SENDPAGE, false);
	return 0;
}

/* ---- data path on AF_ALG's own functions (module kprobes) -------------- */

/*
 * Preferred over the LSM hooks above: only AF_ALG operations reach these
 * functions, so other sockets pay nothing.  They live in af_alg.ko and
 * algif_*.ko, which autoload on first use, so user space attaches these
 * programs through tracefs kprobe events named "module:function"
 * (tracer/kprobe_events.c): the kernel arms such an event when the module
 * loads, before anything can call into it, re-arms it when the module is
 * reloaded, and does not pin the module.  The socket's slot is keyed by its
 * struct socket, the first argument of every one of them, so the hot path
 * reads nothing; af_alg_release() folds the slots.
 */

/* int hash_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
 * int af_alg_sendmsg(struct socket *sock, struct msghdr *msg, size_t size,
 *                    unsigned int ivsize)   (skcipher and aead) */
SEC("kprobe")
int BPF_KPROBE(kp_sendmsg, struct socket *sock, struct msghdr *msg, size_t size)
{
	__u32 how;

	if (!tgid_wanted())
		return 0;
	/* Splice is told by the system call (submit_mode): nothing to read here. */
	how = submit_mode();
	if ((how & AFALG_IO_SPLICE) && use_sendpage && (io_ctx_get() & IOCTX_SENDPAGE)) {
		/* 5.10/6.1: af_alg_sendpage()'s copy through sendmsg, counted there. */
		io_ctx_set(IOCTX_SENDPAGE, false);
		return 0;
	}
	data_record((__u64)sock, NULL, sock, AFALG_OP_SEND, how, size);
	return 0;
}

/* int {hash,skcipher,aead,rng}_recvmsg(struct socket *sock, struct msghdr *msg,
 *                                      size_t ignored, int flags) */
SEC("kprobe")
int BPF_KPROBE(kp_recvmsg, struct socket *sock, struct msghdr *msg, size_t size)
{
	if (tgid_wanted())
		data_record((__u64)sock, NULL, sock, AFALG_OP_RECV,
			    submit_mode() & ~AFALG_IO_SPLICE, size);
	return 0;
}

/* Up to 6.4, splice: ssize_t af_alg_sendpage(struct socket *sock, struct page *page,
 *                                            int offset, size_t size, int flags)
 * (skcipher and aead; copies through af_alg_sendmsg since Debian's 2026 updates) */
SEC("kprobe")
int BPF_KPROBE(kp_sendpage, struct socket *sock, void *page, int offset, size_t size)
{
	if (!tgid_wanted())
		return 0;
	data_record((__u64)sock, NULL, sock, AFALG_OP_SEND, AFALG_IO_SPLICE | submit_mode(), size);
	io_ctx_set(IOCTX_SENDPAGE, true);
	return 0;
}

/* Same for hash_sendpage(), which puts the page in place (no nested sendmsg). */
SEC("kprobe")
int BPF_KPROBE(kp_sendpage_hash, struct socket *sock, void *page, int offset, size_t size)
{
	if (tgid_wanted())
		data_record((__u64)sock, NULL, sock, AFALG_OP_SEND, AFALG_IO_SPLICE | submit_mode(),
			    size);
	return 0;
}

/* int af_alg_release(struct socket *sock): the release op of every AF_ALG socket. */
SEC("kprobe")
int BPF_KPROBE(kp_release, struct socket *sock)
{
	slots_fold_socket((__u64)sock);
	return 0;
}

/* ---- process tree (AFALG_FILTER_TREE: -- CMD ARGS) ---------------------- */

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_track, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	__u8 one = 1;

	if (ptgid != ctgid && bpf_map_lookup_elem(&traced_tgids, &ptgid))
		bpf_map_update_elem(&traced_tgids, &ctgid, &one, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(exit_track, struct task_struct *p)
{
	__u32 tgid = p->tgid;

	if (p->pid == p->tgid)
		bpf_map_delete_elem(&traced_tgids, &tgid);
	return 0;
}
