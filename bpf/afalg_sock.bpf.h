/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading AF_ALG sockets from the kernel: which type and algorithm a socket
 * is bound to, the crypto driver behind it, and how data reached it.  Only
 * vmlinux BTF is needed: struct alg_sock lives in module BTF (absent on 5.10
 * and before af_alg.ko loads), so its fields are read at fixed offsets after
 * its struct sock, whose size CO-RE gives us.
 */
#ifndef AFALG_SOCK_BPF_H
#define AFALG_SOCK_BPF_H

#include "trace_core.bpf.h"
#include <linux/if_alg.h>

#define SOL_ALG 279

/*
 * For a socket pointer that fentry got as a typed argument: direct loads,
 * which the verifier allows on BTF pointers (faults read as 0) and which
 * cost an instruction each instead of a bpf_probe_read_kernel() call.  This
 * test runs for every socket operation on the machine: keep it cheap.
 */
static __always_inline bool is_alg_sock_btf(struct socket *sock)
{
	struct sock *sk = sock->sk;

	return sk && sk->__sk_common.skc_family == AFALG_AF_ALG;
}

/* Same, for a pointer of unknown provenance. */
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
#define AFALG_NR_SPLICE 275
#define AFALG_NR_SENDFILE 40
#define AFALG_NR_SPECIAL_MIN 40 /* the lowest of the four */
#elif defined(__TARGET_ARCH_arm64)
#define AFALG_NR_IO_SUBMIT 2
#define AFALG_NR_IO_URING_ENTER 426
#define AFALG_NR_SPLICE 76
#define AFALG_NR_SENDFILE 71
#define AFALG_NR_SPECIAL_MIN 2
#endif

/*
 * How the current operation was submitted, from the system call the thread
 * is in: io_submit() means AIO (even where 7.2 made it synchronous: what the
 * program asked for is what blocks the hardening), io_uring_enter() or an
 * io_uring worker thread means io_uring, splice() or sendfile() means
 * zero-copy was asked for (vmsplice() only fills the pipe that splice()
 * then empties into the socket).  No extra hooks, and no read of the
 * operation's own arguments.
 */
static __always_inline __u32 submit_mode(void)
{
	long nr;

	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs)) {
		/* 5.15+: a trusted task and its pt_regs, read with direct loads. */
		struct task_struct *t = bpf_get_current_task_btf();
		struct pt_regs *regs;

		if (t->flags & PF_IO_WORKER)
			return AFALG_IO_IO_URING;
		/* Never NULL (RET_PTR_TO_BTF_ID): no test on the hot path. */
		regs = (struct pt_regs *)bpf_task_pt_regs(t);
		nr = (long)regs->REGS_NR_FIELD;
	} else {
		struct task_struct *task = current_task();

		if (BPF_CORE_READ(task, flags) & PF_IO_WORKER)
			return AFALG_IO_IO_URING;
		nr = REGS_SYSCALL_NR(user_regs(task));
	}
	/* On x86, read() and write() stop here: one test instead of the chain below. */
	if ((unsigned long)nr < AFALG_NR_SPECIAL_MIN)
		return 0;
	if (nr == AFALG_NR_IO_SUBMIT)
		return AFALG_IO_AIO;
	if (nr == AFALG_NR_IO_URING_ENTER)
		return AFALG_IO_IO_URING;
	if (nr == AFALG_NR_SPLICE || nr == AFALG_NR_SENDFILE)
		return AFALG_IO_SPLICE;
	return 0;
}

static __always_inline bool iter_is_bvec(struct iov_iter *it)
{
	if (bpf_core_field_exists(it->iter_type))
		return BPF_CORE_READ(it, iter_type) ==
		       bpf_core_enum_value(enum iter_type, ITER_BVEC);
	return BPF_CORE_READ(it, type) & 16; /* < 6.0: ITER_BVEC is a bit */
}

/* Same, on an iterator inside a BTF-typed argument (direct loads). */
static __always_inline bool iter_is_bvec_btf(struct iov_iter *it)
{
	if (bpf_core_field_exists(it->iter_type))
		return it->iter_type == bpf_core_enum_value(enum iter_type, ITER_BVEC);
	return it->type & 16;
}

#endif /* AFALG_SOCK_BPF_H */
