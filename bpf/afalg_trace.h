/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The one header shared by the BPF programs (bpf/afalg_trace.bpf.c) and
 * user space (tracer/).  Everything that crosses the kernel/user boundary
 * is defined here, with fixed-size fields only, so both sides agree on the
 * layout without BTF.
 *
 * Model: the kernel side aggregates.  Each distinct afalg_key (which
 * executable, which user, what it did) owns one counter in the "counts" map;
 * only the first occurrence of a key is sent through the ring buffer, with
 * the context user space needs to name it (exe path, pid, comm).  So the
 * ring-buffer traffic grows with the number of distinct behaviours, not
 * with the number of crypto operations.
 */
#ifndef AFALG_TRACE_H
#define AFALG_TRACE_H

#include <linux/types.h>

/* Relative, so that every compiler of this header finds it without an -I. */
#include "../common/afalg_vocab.h"

#define AFALG_AF_ALG 38 /* AF_ALG, include/linux/socket.h */

#define AFALG_TYPE_LEN 14   /* sockaddr_alg.salg_type */
#define AFALG_ALG_LEN 64    /* sockaddr_alg.salg_name (longer names: truncated, flagged) */
#define AFALG_DRIVER_LEN 64 /* crypto_alg.cra_driver_name (128 in the kernel) */
#define AFALG_COMM_LEN 16
#define AFALG_PATH_LEN 256 /* exe path rebuilt from dentries in the kernel */

#define AFALG_MAX_KEYS 16384 /* capacity of the counts map */

#define AFALG_MODNAME_LEN 56 /* MODULE_NAME_LEN on 64-bit */

/*
 * What a key records (its op) is an enum afalg_op, and how a send/recv moved
 * its data (its arg) a mask of the I/O-mode features: common/afalg_vocab.h,
 * the one vocabulary of kernel and user space.  The I/O modes' bits:
 */
#define AFALG_IO_SPLICE AFALG_BIT(AFALG_FEAT_ZEROCOPY)	 /* splice/sendfile/vmsplice: zero-copy */
#define AFALG_IO_AIO AFALG_BIT(AFALG_FEAT_AIO)		 /* io_submit (asynchronous kiocb) */
#define AFALG_IO_IO_URING AFALG_BIT(AFALG_FEAT_IO_URING) /* io_uring submission */
/* AFALG_SOCK_CACHE_SLOT() keeps 3 bits of a mask of I/O modes. */
_Static_assert(AFALG_IO_MODES <= 7, "I/O modes fit the socket cache's 3 bits");

/*
 * AF_ALG's modules whose data-path functions can also be hooked with fentry
 * (fe_hits[] in the BPF object; tracer/fastpath.c).
 */
enum afalg_fe_mod {
	FE_MOD_AF_ALG,
	FE_MOD_HASH,
	FE_MOD_SKCIPHER,
	FE_MOD_AEAD,
	FE_MOD_RNG,
	FE_MOD_N,
};

/* Flags on a key. */
#define AFALG_KF_NAME_TRUNC (1u << 0) /* salg_name longer than AFALG_ALG_LEN */

/* Loss and health counters, index into the per-CPU "stats" array. */
enum afalg_stat {
	AFALG_STAT_RINGBUF_FULL, /* a new key could not be sent: ring buffer full */
	AFALG_STAT_MAP_FULL,	 /* a new key could not be counted: counts map full */
	/*
	 * A socket() or bind() whose result neither of its two recorders saw
	 * (both skipped by the kernel's recursion guard), found when the same
	 * thread makes its next such call: a lost event.
	 */
	AFALG_STAT_UNCLAIMED,
	AFALG_STAT_MAX,
};

/*
 * Calls whose result two twin programs watch (bpf/afalg_trace.bpf.c,
 * call_claim()): the per-thread token the entry side leaves and the first
 * twin takes.  A token user space finds old is a call neither twin saw
 * (tracer/call_tokens.c).  Both maps' values start with the entry time.
 */
enum afalg_call_kind { AFALG_CALL_SOCKET = 1 };

struct afalg_call_token_key {
	__u32 tid;
	__u32 kind; /* enum afalg_call_kind */
};

/* bind(): what the LSM hook saw of the address, until __sys_bind returns. */
struct afalg_pending_bind {
	__u64 ts;   /* bpf_ktime_get_ns() at entry */
	__u64 sock; /* struct socket * */
	__u16 flags;
	char type[AFALG_TYPE_LEN];
	char name[AFALG_ALG_LEN];
};

struct afalg_key {
	__u64 exe_ino;	 /* executable's inode ... */
	__u32 exe_dev;	 /* ... and device: the binary's identity in the kernel */
	__u32 uid;	 /* real uid of the task */
	__u64 cgroup_id; /* cgroup v2 id: container attribution */
	__s32 err;	 /* 0 or -errno of the operation */
	__u16 op;	 /* enum afalg_op */
	__u16 flags;	 /* AFALG_KF_* */
	__u32 arg;	 /* socket: type; setsockopt: optname; send/recv: AFALG_IO_* */
	__u32 arg2;	 /* setsockopt: optlen (key length, AEAD authsize) */
	char salg_type[AFALG_TYPE_LEN];
	char salg_name[AFALG_ALG_LEN]; /* bind: as asked; send/recv: cra_name */
	char driver[AFALG_DRIVER_LEN]; /* bind: cra_driver_name the kernel chose */
	char pad[2];
};

struct afalg_counter {
	__u64 count;
	__u64 bytes;
	__u64 first_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u64 last_ns;
};

/* The crypto_alg behind a bound socket, read from the kernel's own tfm. */
struct afalg_driver {
	__u32 cra_flags; /* CRYPTO_ALG_* bits, including ASYNC and KERN_DRIVER_ONLY */
	__s32 priority;
	char module[AFALG_MODNAME_LEN]; /* "" when built in */
	char cra_name[AFALG_ALG_LEN];
};

/*
 * Where in the program a socket()/bind() came from: the user instruction
 * pointer at the system call (inside the libc wrapper, or the program's own
 * `syscall` instruction) and the return address on top of the user stack
 * (the caller of a leaf libc wrapper such as socket(), bind(), syscall()).
 * Each address is resolved in the kernel to the file mapped there, so user
 * space can symbolize it after the process has exited.
 */
#define AFALG_SITE_FRAMES 2

struct afalg_frame {
	__u64 addr;	/* user virtual address, 0 = none */
	__u64 file_off; /* offset of addr in the mapped file */
	__u64 ino;	/* mapped file's inode and device, 0 = unknown */
	__u32 dev;
	__u32 resolved; /* 1 if file_off/ino/dev/path are valid */
	char path[AFALG_PATH_LEN];
};

/* Filter modes (rodata filter_mode). */
enum afalg_filter {
	AFALG_FILTER_ALL = 0,  /* system-wide */
	AFALG_FILTER_PID = 1,  /* one process: targ_tgid */
	AFALG_FILTER_TREE = 2, /* the processes in the traced_tgids map and their descendants */
};

/*
 * Data operations are the hot path: each (operation socket, op, how) gets a
 * slot holding its counters and its full key, so after the first operation
 * a send/recv costs one lookup with this small key.  Slots are folded into
 * "counts" when the socket is released or freed, and read by user space while it lives.
 */
struct afalg_slot_key {
	__u64 sk; /* the operation socket: its struct sock (LSM hooks) or struct socket (kprobes) */
	__u16 op;
	__u16 pad;
	__u32 how; /* AFALG_IO_* */
};

struct afalg_slot {
	struct afalg_counter c; /* operations since the slot was made */
	struct afalg_key key;
};

/*
 * A direct-mapped cache in front of the slots: one array entry per socket
 * (index: a hash of its id), owning counters for each (op, how) whose slot
 * exists, valid bit AFALG_SOCK_CACHE_SLOT(op, how).  An array lookup costs a
 * few instructions where hashing a slot key costs ~170 (bench/RESULTS.md).
 * A socket whose entry is taken by another one counts in its slots.  The
 * reader adds an entry's counters to the slots it names.
 */
#define AFALG_SOCK_CACHE_BITS 10
#define AFALG_SOCK_CACHE (1u << AFALG_SOCK_CACHE_BITS)
#define AFALG_SOCK_CACHE_SLOTS 16
#define AFALG_SOCK_CACHE_SLOT(op, how) ((((op)-AFALG_OP_SEND) & 1) * 8 + ((how)&7))

struct afalg_sock_cache {
	__u64 id; /* the socket owning the entry, 0: free */
	__u32 valid;
	__u32 pad;
	struct {
		__u64 count, bytes, last_ns;
	} c[AFALG_SOCK_CACHE_SLOTS];
};

/* Fibonacci hashing of a kernel pointer (slab objects: the low bits say little). */
static inline __u32 afalg_sock_cache_idx(__u64 id)
{
	return (__u32)(((id >> 4) * 0x9E3779B97F4A7C15ull) >> (64 - AFALG_SOCK_CACHE_BITS));
}

#define AFALG_MAX_SLOTS 8192
/* A slot reads the clock for last_ns on every 64th operation (and on close). */
#define AFALG_SLOT_CLOCK_EVERY 64

/* Key of the exe_procs map: distinct processes per executable. */
struct afalg_exe_id {
	__u64 ino;
	__u32 dev;
	__u32 pad;
};

/* Ring-buffer record: the first sighting of a key. */
struct afalg_event {
	struct afalg_key key;
	struct afalg_driver driver;		    /* BIND keys with a driver only */
	struct afalg_frame site[AFALG_SITE_FRAMES]; /* SOCKET and BIND keys only */
	__u64 ts_ns;
	__u32 pid; /* thread id */
	__u32 tgid;
	char comm[AFALG_COMM_LEN];
	char exe[AFALG_PATH_LEN]; /* "" when the task has no mm (kernel thread) */
};

#endif /* AFALG_TRACE_H */
