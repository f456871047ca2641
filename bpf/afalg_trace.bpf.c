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

/*
 * Calls that make a program known (socket, bind) must not be lost to the
 * kernel's recursion guard: a fentry/fexit program runs with migration
 * disabled but can be preempted (7.x), and while it is, every other task on
 * that CPU skips it (counted in the program's recursion_misses; seen on a
 * 1-CPU 7.2 guest: whole binaries of a fork storm missing).  So the result
 * of such a call is seen by two identical fexit programs ("twins", _a and
 * _b).  The guard is per program: a twin is skipped only while a task on the
 * same CPU is preempted inside that very twin, so both are skipped for one
 * call only when two preempted tasks sit in the two twins at once.  Exactly
 * one twin records a call: the fentry side leaves a per-thread token
 * (call_tokens, or pending_bind for bind), and whichever twin runs first
 * takes it (call_claim(): a hash-map delete succeeds once).  A token that is
 * left over is a call neither twin saw: user space counts it as lost
 * (tracer/trace.c, sweep_tokens()).  The fentry side is a few instructions,
 * rarely preempted; its own skipped runs are counted as losses.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, struct afalg_call_token_key);
	__type(value, __u64); /* bpf_ktime_get_ns() at entry, for user space's sweep */
} call_tokens SEC(".maps");

static __always_inline void call_stamp(__u32 kind)
{
	struct afalg_call_token_key k = {.tid = (__u32)bpf_get_current_pid_tgid(), .kind = kind};
	__u64 now = bpf_ktime_get_ns();

	long err = bpf_map_update_elem(&call_tokens, &k, &now, BPF_NOEXIST);

	if (err == -17 /* EEXIST */) {
		/* This thread's previous call: neither twin ran for it. */
		stat_inc(AFALG_STAT_UNCLAIMED);
		err = bpf_map_update_elem(&call_tokens, &k, &now, BPF_ANY);
	}
	if (err)
		stat_inc(AFALG_STAT_MAP_FULL);
}

/* True for the one twin that records this call. */
static __always_inline bool call_claim(__u32 kind)
{
	struct afalg_call_token_key k = {.tid = (__u32)bpf_get_current_pid_tgid(), .kind = kind};

	return bpf_map_delete_elem(&call_tokens, &k) == 0;
}

/* int __sock_create(struct net *net, int family, int type, int protocol,
 *                   struct socket **res, int kern) */
SEC("fentry/__sock_create")
int BPF_PROG(sock_create_enter, struct net *net, int family, int type, int protocol,
	     struct socket **res, int kern)
{
	if (family == AFALG_AF_ALG && !kern && tgid_wanted())
		call_stamp(AFALG_CALL_SOCKET);
	return 0;
}

/*
 * Programs that capture a call site come in two variants: with REC_SITE_VMA
 * (files resolved in the kernel with bpf_find_vma(), 5.17+) and without
 * (_nofv: a callback reference alone makes older verifiers refuse the whole
 * program).  User space loads the one this kernel takes, as twins.
 */
static __always_inline int sock_created(int family, int type, int kern, int ret, __u32 opts,
					__u32 scr)
{
	struct task_struct *task;
	struct scratch *s;

	if (family != AFALG_AF_ALG || kern || !call_claim(AFALG_CALL_SOCKET))
		return 0;
	s = scratch_get(scr);
	if (!s)
		return 0;
	task = current_task();
	key_init(&s->key, task, AFALG_OP_SOCKET, ret);
	s->key.arg = (__u32)type;
	/* A key that could not be counted has no process count either: one loss, counted once. */
	if (record(s, task, 0, NULL, opts) == 0)
		count_process(&s->key);
	return 0;
}

#define SOCK_CREATE_EXIT(name, opts, scr)                                                          \
	SEC("fexit/__sock_create")                                                                 \
	int BPF_PROG(name, struct net *net, int family, int type, int protocol,                    \
		     struct socket **res, int kern, int ret)                                       \
	{                                                                                          \
		return sock_created(family, type, kern, ret, opts, scr);                           \
	}

SOCK_CREATE_EXIT(sock_create_exit_a, REC_SITE | REC_SITE_VMA, SCR_SOCKET_A)
SOCK_CREATE_EXIT(sock_create_exit_b, REC_SITE | REC_SITE_VMA, SCR_SOCKET_B)
SOCK_CREATE_EXIT(sock_create_exit_nofv_a, REC_SITE, SCR_SOCKET_A)
SOCK_CREATE_EXIT(sock_create_exit_nofv_b, REC_SITE, SCR_SOCKET_B)

/*
 * Per thread, between the LSM hook (sees the address) and the syscall's
 * exit; also the token of the bind twins (call_claim()).  Not an LRU map:
 * an entry must never vanish unless a twin took it or user space swept it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct afalg_pending_bind);
} pending_bind SEC(".maps");

/* int security_socket_bind(struct socket *sock, struct sockaddr *address, int addrlen);
 * address is the kernel's copy (at most sizeof(struct sockaddr_storage)). */
SEC("fentry/security_socket_bind")
int BPF_PROG(bind_enter, struct socket *sock, struct sockaddr *address, int addrlen)
{
	struct sockaddr_alg *sa = (struct sockaddr_alg *)address;
	struct afalg_pending_bind pb = {};
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	int namelen = addrlen - (int)__builtin_offsetof(struct sockaddr_alg, salg_name);

	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	pb.sock = (__u64)sock;
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
	pb.ts = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&pending_bind, &tid, &pb, BPF_NOEXIST) == -17 /* EEXIST */) {
		stat_inc(AFALG_STAT_UNCLAIMED); /* neither twin ran for the previous bind */
		bpf_map_update_elem(&pending_bind, &tid, &pb, BPF_ANY);
	}
	return 0;
}

/* The bind twins (see call_claim()): the first to run takes pending_bind's entry. */
static __always_inline int bind_done(int ret, __u32 opts, __u32 scr)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct afalg_pending_bind *pb = bpf_map_lookup_elem(&pending_bind, &tid);
	struct task_struct *task;
	struct crypto_alg *alg = NULL;
	struct socket *sock;
	struct scratch *s;
	int err;

	if (!pb)
		return 0;
	s = scratch_get(scr);
	if (!s) {
		bpf_map_delete_elem(&pending_bind, &tid);
		return 0;
	}
	task = current_task();
	key_init(&s->key, task, AFALG_OP_BIND, ret);
	s->key.flags = pb->flags;
	__builtin_memcpy(s->key.salg_type, pb->type, sizeof(s->key.salg_type));
	__builtin_memcpy(s->key.salg_name, pb->name, sizeof(s->key.salg_name));
	sock = (struct socket *)pb->sock; /* a plain read: pb is ours, not the kernel's */
	/* Copied out: now claim the call (the entry is gone for the other twin). */
	if (bpf_map_delete_elem(&pending_bind, &tid))
		return 0;
	if (ret == 0)
		alg = bound_alg(BPF_CORE_READ(sock, sk), s->key.salg_type);
	if (alg) {
		read_driver(alg, s);
		err = record(s, task, 0, &s->drv, opts);
	} else {
		err = record(s, task, 0, NULL, opts);
	}
	if (err == 0)
		count_process(&s->key);
	return 0;
}

/* int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen) */
#define BIND_EXIT(name, opts, scr)                                                                 \
	SEC("fexit/__sys_bind")                                                                    \
	int BPF_PROG(name, int fd, void *umyaddr, int addrlen, int ret)                            \
	{                                                                                          \
		return bind_done(ret, opts, scr);                                                  \
	}

BIND_EXIT(bind_exit_a, REC_SITE | REC_SITE_VMA, SCR_BIND_A)
BIND_EXIT(bind_exit_b, REC_SITE | REC_SITE_VMA, SCR_BIND_B)
BIND_EXIT(bind_exit_nofv_a, REC_SITE, SCR_BIND_A)
BIND_EXIT(bind_exit_nofv_b, REC_SITE, SCR_BIND_B)

/* io_uring's IORING_OP_BIND (6.11+): int __sys_bind_socket(struct socket *sock,
 * struct sockaddr_storage *address, int addrlen) */
#define BIND_SOCKET_EXIT(name, scr)                                                                \
	SEC("fexit/__sys_bind_socket")                                                             \
	int BPF_PROG(name, struct socket *sock, void *address, int addrlen, int ret)               \
	{                                                                                          \
		return bind_done(ret, REC_SITE | REC_SITE_VMA, scr);                               \
	}

BIND_SOCKET_EXIT(bind_socket_exit_a, SCR_BIND_SOCKET_A)
BIND_SOCKET_EXIT(bind_socket_exit_b, SCR_BIND_SOCKET_B)

/*
 * Fallback without BPF trampolines: socket() and bind() from the syscall
 * tracepoints (user space loads them only when the fexit programs cannot
 * load); they share pending_bind and bind_done() above.
 */
#include "syscall_tp.bpf.h"

/* ---- accept ------------------------------------------------------------ */

/* int security_socket_accept(struct socket *sock, struct socket *newsock) */
SEC("fentry/security_socket_accept")
int BPF_PROG(accept_enter, struct socket *sock, struct socket *newsock)
{
	struct task_struct *task;
	struct scratch *s;

	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	s = scratch_get(SCR_ACCEPT);
	if (!s)
		return 0;
	task = current_task();
	key_init(&s->key, task, AFALG_OP_ACCEPT, 0);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	if (record(s, task, 0, NULL, 0) == 0)
		count_process(&s->key);
	return 0;
}

/* ---- setsockopt: ALG_SET_KEY (length only), AEAD authsize, ... ---------- */

static __always_inline void setsockopt_record(struct socket *sock, int optname, int optlen, int ret)
{
	struct task_struct *task = current_task();
	struct scratch *s = scratch_get(SCR_SOCKOPT);

	if (!s)
		return;
	key_init(&s->key, task, AFALG_OP_SETSOCKOPT, ret);
	parent_sock_alg(BPF_CORE_READ(sock, sk), s);
	s->key.arg = (__u32)optname;
	s->key.arg2 = (__u32)optlen; /* never the value: it may be key material */
	if (record(s, task, 0, NULL, 0) == 0)
		count_process(&s->key);
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
 * A global, not an array map: the hot path indexes it directly (the index is
 * bounded by construction) instead of a map lookup through a key on the
 * stack; user space reads it through the skeleton's mmap()ed .bss.
 */
struct afalg_sock_cache sock_cache[AFALG_SOCK_CACHE];
/* The address of sock_cache[] as a number, for the fentry programs (fe_sock_off()). */
__u64 sock_cache_base;

/*
 * Who owns each sock_cache entry: inserting with BPF_NOEXIST is the atomic
 * claim (5.10 has no compare-and-exchange), done on the slow path only.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFALG_SOCK_CACHE);
	__type(key, __u32);
	__type(value, __u64);
} cache_owner SEC(".maps");

/*
 * Activity of the fentry programs, per module (FE_MOD_*), which user space
 * watches to put a module back on kprobes once idle (tracer/fastpath.c):
 * bumped on every slow path and, on the hot path, only when the clock is
 * read (every AFALG_SLOT_CLOCK_EVERY operations of a socket), so that the
 * hot path pays nothing for it.  Racy counts are fine: only a change matters.
 */
__u64 fe_hits[FE_MOD_N];

/* Count one operation in a cache entry.  mod: FE_MOD_* on fentry, -1 on kprobes. */
static __always_inline void cache_count(struct afalg_sock_cache *e, __u32 i, __u64 bytes, int mod)
{
	typeof(e->c[0]) *c = &e->c[i & (AFALG_SOCK_CACHE_SLOTS - 1)];
	__u64 n;

	__sync_fetch_and_add(&c->count, 1);
	n = c->count;				/* racy read: only picks when to read the clock */
	__sync_fetch_and_add(&c->bytes, bytes); /* 0 too: cheaper than a test */
	if (!(n & (AFALG_SLOT_CLOCK_EVERY - 1))) {
		c->last_ns = bpf_ktime_get_ns();
		if (mod >= 0 && mod < FE_MOD_N)
			fe_hits[mod]++;
	}
}

/* Once the socket's slot for (op, how) exists: count there from now on. */
static __always_inline void cache_claim(struct afalg_sock_cache *e, __u32 idx, __u64 id, __u32 i)
{
	/*
	 * Under a process filter, counting stays on the slow path, which
	 * checks the process: the hot path (hot_count()) does not.
	 */
	if (!e || filter_mode != AFALG_FILTER_ALL)
		return;
	if (e->id != id) {
		if (e->id || bpf_map_update_elem(&cache_owner, &idx, &id, BPF_NOEXIST))
			return; /* another socket's: this one counts in its slots */
		e->id = id;
	}
	e->valid |= 1u << i; /* racing claims of two bits: a lost one means a slow path again */
}

/*
 * Count one data operation, how (AFALG_IO_*) it was submitted included.
 * id names the socket for its slot: the struct sock on the LSM path, the
 * struct socket on the module-kprobe path (both are at hand there without a
 * read).  sk may be NULL, then it is read from sock on the slow path only.
 */
static __always_inline bool data_record(__u64 id, struct sock *sk, struct socket *sock, __u16 op,
					__u32 how, __u64 bytes, __u32 rec, __u32 scr)
{
	/*
	 * Nothing on the stack is initialised before the hot path returns: a
	 * zeroed slot value here cost ~30 instructions on every call.
	 */
	struct task_struct *task;
	struct afalg_slot_key k;
	struct afalg_slot *slot;
	struct afalg_sock_cache *e = NULL;
	__u32 ci = 0, idx = 0;
	struct scratch *s;

	if (use_slots) {
		ci = AFALG_SOCK_CACHE_SLOT(op, how);
		idx = afalg_sock_cache_idx(id);
		e = &sock_cache[idx & (AFALG_SOCK_CACHE - 1)];
		if (e->id == id && (e->valid & (1u << ci))) { /* the hot path */
			cache_count(e, ci, bytes, -1);
			return true;
		}
	}
	__builtin_memset(&k, 0, sizeof(k));
	k.sk = id;
	k.op = op;
	k.how = how;
	if (use_slots) {
		slot = bpf_map_lookup_elem(&slots, &k);
		if (slot) { /* the entry is another socket's, or newly free */
			/* Result unused: BPF_XADD, which 5.10 takes (a fetching add needs 5.12). */
			__u64 n;

			__sync_fetch_and_add(&slot->c.count, 1);
			n = slot->c.count;
			if (bytes)
				__sync_fetch_and_add(&slot->c.bytes, bytes);
			if (!(n & (AFALG_SLOT_CLOCK_EVERY - 1)))
				slot->c.last_ns = bpf_ktime_get_ns();
			cache_claim(e, idx, id, ci);
			return true;
		}
	}
	s = scratch_get(scr);
	if (!s)
		return false;
	if (!sk)
		sk = BPF_CORE_READ(sock, sk);
	task = current_task(); /* slow path only: the first operation of a slot */
	key_init(&s->key, task, op, 0);
	s->key.arg = k.how;
	op_sock_alg(sk, s);
	if (record(s, task, bytes, NULL, rec) < 0)
		return false;
	/*
	 * A process can use an op socket it never made (received over
	 * SCM_RIGHTS, kept across exec): it is counted at its first operation
	 * on it, as socket() counts the others.
	 */
	count_process(&s->key);
	if (!use_slots)
		return false;
	/* Counted in "counts"; from the next operation on, count in the slot. */
	__builtin_memset(&s->slot.c, 0, sizeof(s->slot.c));
	s->slot.key = s->key;
	if (bpf_map_update_elem(&slots, &k, &s->slot, BPF_NOEXIST))
		return false; /* full: stay on the slow path */
	cache_claim(e, idx, id, ci);
	return true;
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

/*
 * Give up a socket's cache entry (when it is closed): its counters into the
 * slots they belong to, then the entry to whoever claims it next.
 */
static __always_inline void cache_release(__u64 id)
{
	__u32 idx = afalg_sock_cache_idx(id) & (AFALG_SOCK_CACHE - 1);
	struct afalg_sock_cache *e = &sock_cache[idx];
	struct afalg_slot_key k = {};

	if (e->id != id)
		return;
	k.sk = id;
	for (__u32 i = 0; i < AFALG_SOCK_CACHE_SLOTS; i++) {
		struct afalg_slot *slot;

		if (!(e->valid & (1u << i)))
			continue;
		k.op = AFALG_OP_SEND + (i >> 3);
		k.how = i & 7;
		slot = bpf_map_lookup_elem(&slots, &k);
		if (slot) {
			__sync_fetch_and_add(&slot->c.count, e->c[i].count);
			__sync_fetch_and_add(&slot->c.bytes, e->c[i].bytes);
			if (e->c[i].last_ns > slot->c.last_ns)
				slot->c.last_ns = e->c[i].last_ns;
		}
		e->c[i].count = 0;
		e->c[i].bytes = 0;
		e->c[i].last_ns = 0;
	}
	e->valid = 0;
	e->id = 0;
	bpf_map_delete_elem(&cache_owner, &idx);
}

/* Fold every slot of one socket (any operation, any way of submitting). */
static __always_inline void slots_fold_socket(__u64 id)
{
	struct afalg_slot_key k = {};

	cache_release(id);
	k.sk = id;
	for (__u16 op = AFALG_OP_SEND; op <= AFALG_OP_RECV; op++) {
		k.op = op;
		for (__u32 how = 0; how < 8; how++) {
			k.how = how;
			slot_fold(&k);
		}
	}
}

/*
 * A typed (BTF) pointer as a number: the socket cache hashes its id, and the
 * verifier forbids arithmetic on such pointers; a copy read back through
 * bpf_probe_read_kernel() is a plain scalar.
 */
static __always_inline __u64 ptr_id(const void *p)
{
	const void *tmp = p;
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), &tmp);
	return v;
}

/* void security_sk_free(struct sock *sk): every socket's end; only AF_ALG ones matter. */
SEC("fentry/security_sk_free")
int BPF_PROG(sk_free_enter, struct sock *sk)
{
	if (sk->__sk_common.skc_family == AFALG_AF_ALG)
		slots_fold_socket(ptr_id(sk));
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
	data_record(ptr_id(sock->sk), sock->sk, NULL, AFALG_OP_SEND, how, size > 0 ? size : 0, 0,
		    SCR_LSM_SEND);
	return 0;
}

/* int security_socket_recvmsg(struct socket *sock, struct msghdr *msg, int size, int flags) */
SEC("fentry/security_socket_recvmsg")
int BPF_PROG(recvmsg_enter, struct socket *sock, struct msghdr *msg, int size)
{
	if (!is_alg_sock_btf(sock) || !tgid_wanted())
		return 0;
	/* Splicing out of an op socket copies anyway: no zero-copy to record. */
	data_record(ptr_id(sock->sk), sock->sk, NULL, AFALG_OP_RECV,
		    submit_mode() & ~AFALG_IO_SPLICE, size > 0 ? size : 0, 0, SCR_LSM_RECV);
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
	data_record((__u64)sk, sk, NULL, AFALG_OP_SEND, AFALG_IO_SPLICE | submit_mode(), size, 0,
		    SCR_LSM_SENDPAGE);
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

/*
 * With --data-path fentry, the hot path can also run on fentry programs on
 * the same functions (fe_* below), which cost a fraction of a kprobe: a trampoline instead of
 * ftrace's register save, the kprobe dispatcher and the perf event's program
 * array.  But fentry pins the module (rmmod fails while it is attached) and
 * can only be loaded once the module and its BTF are there, so user space
 * (tracer/fastpath.c) loads them for a module only while its kprobes are
 * busy, and drops them again once it has been idle for a while.  Across a
 * switch both hooks are attached for a moment and run on the same calls, the
 * kprobe first (ftrace calls the kprobe handler, then jumps to the
 * trampoline).  While user space sets handover_active, the kprobe counts
 * and leaves a per-thread mark; the fentry program skips the call it names.
 * handover_active is the switch's generation (user space counts switches;
 * 0: no switch): a mark left in one switch is never taken for a call of the
 * next.
 */
volatile __u32 handover_active;

enum { HO_SEND = 1, HO_RECV, HO_SENDPAGE, HO_SENDPAGE_HASH, HO_RELEASE };

struct handover_mark {
	__u64 tid;
	__u64 sock;
	__u32 fn;
	__u32 gen; /* handover_active when the mark was left */
};

/* Per thread: a preempted call must not lose its mark to another thread's. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct handover_mark);
} handover_marks SEC(".maps");

/* A kprobe program's call, during a switch: the fentry program on the same call skips it. */
static __always_inline void handover_mark(__u64 sock, __u32 fn)
{
	struct handover_mark m;
	__u32 tid;

	if (!handover_active)
		return;
	__builtin_memset(&m, 0, sizeof(m));
	m.tid = bpf_get_current_pid_tgid();
	m.sock = sock;
	m.fn = fn;
	m.gen = handover_active;
	tid = (__u32)m.tid;
	bpf_map_update_elem(&handover_marks, &tid, &m, BPF_ANY);
}

/*
 * In a fentry program: was this call seen by the kprobe already?  The kprobe
 * handler and the trampoline of one call run back to back on one CPU, the
 * kprobe first (seen on 6.12 and 7.2), and the thread makes no other call
 * of the function in between, so a mark of this switch that names this
 * thread, socket and function is this call's.  The pairing is by identity,
 * not by time: a guest whose virtual CPU is descheduled between the two (a
 * loaded TCG host) can put any time between them, and the 50 ms limit this
 * replaced counted such a call twice (issue #14: 80001 sends for 80000).
 * No switch outlives the marks it needs: user space clears handover_active
 * only after the kprobes are detached (which waits for their handlers) or
 * the fentry programs are dropped and a grace period has passed.
 * What is left: a call whose kprobe ran a moment before its trampoline was
 * attached (so no trampoline took its mark), by a thread that calls again
 * only after its kprobe is detached and before the switch ends (the
 * microseconds of the detach), is skipped once.
 */
static __always_inline bool handover_skip(__u64 sock, __u32 fn)
{
	struct handover_mark *m;
	__u32 tid;

	if (!handover_active)
		return false;
	tid = (__u32)bpf_get_current_pid_tgid();
	m = bpf_map_lookup_elem(&handover_marks, &tid);
	if (!m || m->tid != bpf_get_current_pid_tgid() || m->sock != sock || m->fn != fn ||
	    m->gen != handover_active)
		return false;
	m->tid = 0;
	return true;
}

/*
 * The data path's hot path, in two parts: hot_how() says how the call was
 * submitted (-1: not a hot-path case), hot_count() counts it if the
 * socket's cache entry already counts this (op, how).  Every AF_ALG
 * operation runs them, so they are written for their instruction count
 * (bench/RESULTS.md, "Lean hot path" and "Cheaper fentry programs"): the
 * socket, op and size are registers or constants, submit_mode() is a few
 * direct loads, the cache entry is indexed directly, nothing is built on
 * the stack, and the full path is a separate BPF function (SLOW_PATHS) so
 * that the programs save and restore few registers.  Whatever is not the
 * plain case (a socket or an (op, how) not cached yet, which includes
 * every socket under a process filter: cache_claim(); splice through
 * sendpage on 5.10/6.1) goes to the full path, which decides all of it
 * again.  Callers check handover_active first.
 */
static __always_inline int hot_how(__u16 op)
{
	__u32 how;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return -1; /* before 5.15: data_record() has its own cache check */
	how = submit_mode();
	if (op == AFALG_OP_RECV)
		how &= ~AFALG_IO_SPLICE; /* as dp_recvmsg() */
	else if ((how & AFALG_IO_SPLICE) && use_sendpage)
		return -1; /* 5.10/6.1: maybe the nested sendmsg of a sendpage */
	return how;
}

static __always_inline bool hot_count(__u64 id, __u16 op, __u32 how, __u64 bytes, int mod)
{
	struct afalg_sock_cache *e;
	__u32 ci = AFALG_SOCK_CACHE_SLOT(op, how);

	e = &sock_cache[afalg_sock_cache_idx(id) & (AFALG_SOCK_CACHE - 1)];
	barrier_var(e); /* kept in a register, not recomputed for cache_count() */
	if (e->id != id || !(e->valid & (1u << ci)))
		return false;
	cache_count(e, ci, bytes, mod);
	return true;
}

/* int hash_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
 * int af_alg_sendmsg(struct socket *sock, struct msghdr *msg, size_t size,
 *                    unsigned int ivsize)   (skcipher and aead) */
static __always_inline void dp_sendmsg(__u64 sock, __u64 size, __u32 rec, __u32 scr)
{
	__u32 how;

	if (!tgid_wanted())
		return;
	/* Splice is told by the system call (submit_mode): nothing to read here. */
	how = submit_mode();
	if ((how & AFALG_IO_SPLICE) && use_sendpage && (io_ctx_get() & IOCTX_SENDPAGE)) {
		/* 5.10/6.1: af_alg_sendpage()'s copy through sendmsg, counted there. */
		io_ctx_set(IOCTX_SENDPAGE, false);
		return;
	}
	data_record(sock, NULL, (struct socket *)sock, AFALG_OP_SEND, how, size, rec, scr);
}

/* int {hash,skcipher,aead,rng}_recvmsg(struct socket *sock, struct msghdr *msg,
 *                                      size_t ignored, int flags) */
static __always_inline void dp_recvmsg(__u64 sock, __u64 size, __u32 rec, __u32 scr)
{
	__u32 how;

	if (!tgid_wanted())
		return;
	how = submit_mode() & ~AFALG_IO_SPLICE;
	data_record(sock, NULL, (struct socket *)sock, AFALG_OP_RECV, how, size, rec, scr);
}

/* Up to 6.4, splice: ssize_t af_alg_sendpage(struct socket *sock, struct page *page,
 *                                            int offset, size_t size, int flags)
 * (skcipher and aead; copies through af_alg_sendmsg since Debian's 2026 updates).
 * hash_sendpage() puts the page in place (no nested sendmsg). */
static __always_inline void dp_sendpage(__u64 sock, __u64 size, bool nested_sendmsg, __u32 rec,
					__u32 scr)
{
	__u32 how;

	if (!tgid_wanted())
		return;
	how = AFALG_IO_SPLICE | submit_mode();
	data_record(sock, NULL, (struct socket *)sock, AFALG_OP_SEND, how, size, rec, scr);
	if (nested_sendmsg)
		io_ctx_set(IOCTX_SENDPAGE, true);
}

/*
 * Everything but the hot path, for one data call.  ho says which kind of
 * function was called (HO_SEND, HO_RECV, HO_SENDPAGE): the handover marks
 * compare it; nested: a sendpage that copies through sendmsg
 * (af_alg_sendpage(), not hash_sendpage()).  From a kprobe (fentry false),
 * sock is the socket's address.  From a fentry program, sock is the
 * socket's distance from sock_cache[] (fe_sock_off()) and mod the module
 * (FE_MOD_*), whose activity counter this bumps.
 */
static __always_inline int data_slow(__u64 sock, __u64 size, __u32 ho, bool nested, bool fentry,
				     int mod)
{
	/* A new key on fentry: its path from user space (REC_NO_PATH). */
	__u32 rec = fentry ? REC_NO_PATH : 0;
	/*
	 * Scratch: kprobes share one (never preempted, never two at once on a
	 * CPU); each fentry program has its own (+ 0, 1, 2 by kind of call).
	 */
	__u32 scr = SCR_KPROBE, kind = ho == HO_SEND ? 0 : ho == HO_RECV ? 1 : 2;

	/* Before any cache entry can be claimed: fe_data_call() needs it. */
	sock_cache_base = (__u64)sock_cache;
	if (fentry) {
		if (mod >= 0 && mod < FE_MOD_N) {
			fe_hits[mod]++;
			scr = SCR_FENTRY + (__u32)mod * 3 + kind;
		}
		/* Read back as a number: the verifier allows no sum of a number and a pointer. */
		sock += *(volatile __u64 *)&sock_cache_base;
	}
	if (handover_active) {
		if (!fentry)
			handover_mark(sock, ho);
		else if (handover_skip(sock, ho))
			return 0;
	}
	if (ho == HO_SEND)
		dp_sendmsg(sock, size, rec, scr);
	else if (ho == HO_RECV)
		dp_recvmsg(sock, size, rec, scr);
	else
		dp_sendpage(sock, size, nested, rec, scr);
	return 0;
}

/*
 * data_slow() out of line (BPF-to-BPF calls), one function per kind of
 * call and per kind of program, so that a program carries only the path it
 * can take.  The programs stay small and save few registers, and a fentry
 * program, which the kernel verifies at every switch, is about a third of
 * the size it would be with one function for everything: 7.x's liveness
 * pass before verification costs more than in proportion to a program's
 * size (bench/RESULTS.md).
 */
#define SLOW_PATHS(pfx, fentry)                                                                    \
	static __noinline int pfx##_slow_send(__u64 sock, __u64 size, int mod)                     \
	{                                                                                          \
		return data_slow(sock, size, HO_SEND, false, fentry, mod);                         \
	}                                                                                          \
	static __noinline int pfx##_slow_recv(__u64 sock, __u64 size, int mod)                     \
	{                                                                                          \
		return data_slow(sock, size, HO_RECV, false, fentry, mod);                         \
	}                                                                                          \
	static __noinline int pfx##_slow_sendpage(__u64 sock, __u64 size, bool nested, int mod)    \
	{                                                                                          \
		return data_slow(sock, size, HO_SENDPAGE, nested, fentry, mod);                    \
	}                                                                                          \
	/* The slow path of a call; ho is a constant at every call site. */                        \
	static __always_inline void pfx##_slow_call(__u64 sock, __u64 size, __u32 ho, int mod)     \
	{                                                                                          \
		if (ho == HO_SEND)                                                                 \
			pfx##_slow_send(sock, size, mod);                                          \
		else if (ho == HO_RECV)                                                            \
			pfx##_slow_recv(sock, size, mod);                                          \
		else                                                                               \
			pfx##_slow_sendpage(sock, size, ho == HO_SENDPAGE, mod);                   \
	}

SLOW_PATHS(kp, false)
SLOW_PATHS(fe, true)

/* One data call from a kprobe (op: what hot_count() counts it as; 0: never the hot path). */
static __always_inline void data_call(__u64 sock, __u64 size, __u16 op, __u32 ho)
{
	int how;

	if (op && !handover_active) {
		how = hot_how(op);
		if (how >= 0 && hot_count(sock, op, how, size, -1))
			return;
	}
	kp_slow_call(sock, size, ho, -1);
}

SEC("kprobe")
int BPF_KPROBE(kp_sendmsg, struct socket *sock, struct msghdr *msg, size_t size)
{
	data_call((__u64)sock, size, AFALG_OP_SEND, HO_SEND);
	return 0;
}

SEC("kprobe")
int BPF_KPROBE(kp_recvmsg, struct socket *sock, struct msghdr *msg, size_t size)
{
	data_call((__u64)sock, size, AFALG_OP_RECV, HO_RECV);
	return 0;
}

SEC("kprobe")
int BPF_KPROBE(kp_sendpage, struct socket *sock, void *page, int offset, size_t size)
{
	data_call((__u64)sock, size, 0, HO_SENDPAGE);
	return 0;
}

SEC("kprobe")
int BPF_KPROBE(kp_sendpage_hash, struct socket *sock, void *page, int offset, size_t size)
{
	data_call((__u64)sock, size, 0, HO_SENDPAGE_HASH);
	return 0;
}

/* int af_alg_release(struct socket *sock): the release op of every AF_ALG socket. */
SEC("kprobe")
int BPF_KPROBE(kp_release, struct socket *sock)
{
	slots_fold_socket((__u64)sock); /* folding twice finds nothing the second time */
	return 0;
}

/*
 * The same on fentry, loaded per module by user space (never by the
 * skeleton).  The socket must be the number the kprobes get (the cache
 * hashes it, slots and handover marks compare it), but ctx[0] is a BTF
 * pointer, on which the verifier allows no arithmetic but the subtraction
 * of another pointer (privileged programs only; the result is a number).
 * So a program takes the socket's distance from sock_cache[] and adds the
 * address of sock_cache[] as a number, which data_slow() stored: 5
 * instructions where bpf_get_func_arg() costs 17.  Until a slow path has
 * stored it, no cache entry is claimed (the hot path cannot match), and
 * data_slow() stores it before it adds it.
 */
static __always_inline __u64 fe_sock_off(unsigned long long *ctx)
{
	__u64 v = ctx[0];

	asm volatile("%0 -= %1" : "+r"(v) : "r"(sock_cache));
	return v;
}

/*
 * data_call() on fentry; arg: the argument that says how many bytes (2 for
 * sendmsg/recvmsg, 3 for sendpage).  The arguments are read after
 * submit_mode()'s helper call, so that fewer registers live across it.
 */
static __always_inline void fe_data_call(unsigned long long *ctx, int arg, __u16 op, __u32 ho,
					 int mod)
{
	int how;

	if (op && !handover_active) {
		how = hot_how(op);
		if (how >= 0 &&
		    hot_count(fe_sock_off(ctx) + sock_cache_base, op, how, ctx[arg], mod))
			return;
	}
	fe_slow_call(fe_sock_off(ctx), ctx[arg], ho, mod);
}

#define FE_DATA(fn, mod, op, ho, arg)                                                              \
	SEC("fentry/" #fn)                                                                         \
	int fe_##fn(unsigned long long *ctx)                                                       \
	{                                                                                          \
		fe_data_call(ctx, arg, op, ho, mod);                                               \
		return 0;                                                                          \
	}

FE_DATA(hash_sendmsg, FE_MOD_HASH, AFALG_OP_SEND, HO_SEND, 2)
FE_DATA(af_alg_sendmsg, FE_MOD_AF_ALG, AFALG_OP_SEND, HO_SEND, 2)
FE_DATA(hash_recvmsg, FE_MOD_HASH, AFALG_OP_RECV, HO_RECV, 2)
FE_DATA(skcipher_recvmsg, FE_MOD_SKCIPHER, AFALG_OP_RECV, HO_RECV, 2)
FE_DATA(aead_recvmsg, FE_MOD_AEAD, AFALG_OP_RECV, HO_RECV, 2)
FE_DATA(rng_recvmsg, FE_MOD_RNG, AFALG_OP_RECV, HO_RECV, 2)

/* (struct socket *sock, struct page *page, int offset, size_t size, int flags) */
FE_DATA(af_alg_sendpage, FE_MOD_AF_ALG, 0, HO_SENDPAGE, 3)
FE_DATA(hash_sendpage, FE_MOD_HASH, 0, HO_SENDPAGE_HASH, 3)

SEC("fentry/af_alg_release")
int fe_af_alg_release(unsigned long long *ctx)
{
	__u64 off = fe_sock_off(ctx);

	fe_hits[FE_MOD_AF_ALG]++;
	if (sock_cache_base) /* else no slow path ran: no slot exists */
		slots_fold_socket(off + sock_cache_base);
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
