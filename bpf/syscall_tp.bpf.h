/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The fallback where BPF trampolines (fentry/fexit) cannot load at all (no
 * DYNAMIC_FTRACE_WITH_DIRECT_CALLS, or a sandbox that forbids them) and
 * kprobes cannot be made: the per-system-call tracepoints
 * syscalls/sys_exit_socket and sys_{enter,exit}_bind, as
 * BPF_PROG_TYPE_TRACEPOINT programs attached through their perf events.
 *
 * Why these and not the raw tracepoints sys_enter/sys_exit (the previous
 * fallback): any syscall tracepoint puts every task on the syscall slow
 * path while attached (docs/kernel-hooks.md), but a raw-tracepoint program
 * then runs on every system call of the machine, and its sys_exit side did
 * a hash-map lookup each time.  The kernel's perf handler for these events
 * (kernel/trace/trace_syscalls.c, perf_syscall_enter/exit) drops every
 * system call but the selected ones with one bit test, before any program
 * runs: getppid() pays the slow path only (bench/fallback-bench).
 *
 * Not included on its own: afalg_trace.bpf.c includes it after its bind
 * programs, whose pending_bind map and bind_done() it shares, so that a
 * bind seen here is recorded by the same code as one seen by fexit.
 *
 * What it cannot see: io_uring's IORING_OP_SOCKET and IORING_OP_BIND (they
 * do not go through the system calls), and 32-bit (compat) processes,
 * whose system calls the syscall tracepoints ignore on x86 and arm64
 * (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS).  accept, setsockopt and data are not
 * hooked here (a program is known from its socket() and bind()).
 */
#ifndef AFALG_SYSCALL_TP_BPF_H
#define AFALG_SYSCALL_TP_BPF_H

/*
 * The context of a syscall tracepoint program, as
 * /sys/kernel/tracing/events/syscalls/sys_enter_socket/format describes it:
 * an 8-byte common header (in a BPF program's context, the kernel puts the
 * pt_regs pointer there), int __syscall_nr at 8, then each argument as an
 * 8-byte field from 16; sys_exit_*: long ret at 16 (perf_call_bpf_enter
 * and _exit build it; seen in the format files of 6.18).  A trace event's
 * published record layout is treated as a stable ABI (tools hard-code the
 * syscall events' one), so these are plain hand-written structs: no
 * preserve_access_index, no CO-RE relocation (none would apply anyway: the
 * context is not a kernel type in BTF).
 */
struct syscall_tp_enter {
	__u64 common;
	int __syscall_nr;
	unsigned long args[6];
};

struct syscall_tp_exit {
	__u64 common;
	int __syscall_nr;
	long ret;
};

_Static_assert(__builtin_offsetof(struct syscall_tp_enter, args) == 16, "syscall tp args at 16");
_Static_assert(__builtin_offsetof(struct syscall_tp_exit, ret) == 16, "syscall tp ret at 16");

/*
 * From a file descriptor to its socket, for sys_enter_bind, which has only
 * the descriptor: current->files->fdt->fd[fd]->private_data.  CO-RE types of
 * their own (the ___tp flavours match task_struct, files_struct and fdtable
 * by name without touching vmlinux_min.h's declarations); these fields are
 * the same from 5.10 to 7.2.
 */
struct fdtable___tp {
	unsigned int max_fds;
	struct file **fd;
} __attribute__((preserve_access_index));

struct files_struct___tp {
	struct fdtable___tp *fdt;
} __attribute__((preserve_access_index));

struct task_struct___tp {
	struct files_struct___tp *files;
} __attribute__((preserve_access_index));

struct inode___tp {
	unsigned short i_mode;
} __attribute__((preserve_access_index));

#define TP_S_IFMT 0170000
#define TP_S_IFSOCK 0140000

/*
 * The socket behind fd, or NULL if fd is not an open socket.  A socket's
 * inode is S_IFSOCK and its file and struct socket point at each other
 * (sock_alloc_file()); an O_PATH file on a socket inode has no
 * private_data.  Read at the call's entry: a thread that closes or replaces
 * fd while another binds it makes this name the old or the new socket.
 */
static __always_inline struct socket *tp_fd_socket(int fd)
{
	struct task_struct___tp *task = (struct task_struct___tp *)bpf_get_current_task();
	struct fdtable___tp *fdt = BPF_CORE_READ(task, files, fdt);
	struct file *file = NULL, **fds;
	struct inode___tp *inode;
	struct socket *sock;

	if (fd < 0 || !fdt || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	inode = (struct inode___tp *)BPF_CORE_READ(file, f_inode);
	if (!inode || (BPF_CORE_READ(inode, i_mode) & TP_S_IFMT) != TP_S_IFSOCK)
		return NULL;
	sock = BPF_CORE_READ(file, private_data);
	if (!sock || BPF_CORE_READ(sock, file) != file)
		return NULL;
	return sock;
}

/* ---- socket() ---------------------------------------------------------- */

/* include/linux/net.h; O_CLOEXEC and O_NONBLOCK on x86 and arm64 alike. */
#define TP_SOCK_TYPE_MASK 0xf
#define TP_SOCK_FLAGS (02000000 /* SOCK_CLOEXEC */ | 04000 /* SOCK_NONBLOCK */)

/*
 * long socket(int family, int type, int protocol), seen at its exit only,
 * which has the result; the family and type are read there from the user
 * registers the system call entry saved, which the kernel leaves alone (the
 * result goes to ax on x86-64; on arm64 to x0, whose entry value orig_x0
 * keeps).  The tracepoint fires before a ptrace exit stop could change
 * them, so they are the arguments __sys_socket() ran with.  One program
 * instead of an entry program and a per-thread map between the two: on
 * this fallback a socket(AF_ALG) cost twice what bpftrace's one counting
 * program on sys_enter_socket costs (bench/RESULTS.md).
 *
 * The filter is fexit/__sock_create's: __sys_socket() refuses flags other
 * than SOCK_CLOEXEC and SOCK_NONBLOCK before __sock_create() runs, and
 * passes the type without the flags.  The result is the system call's: the
 * new descriptor or -errno.  It differs from __sock_create()'s only where
 * the socket was made but no descriptor (-EMFILE, -ENFILE): recorded here as
 * that error, as the program saw it.
 */
static __always_inline int tp_socket_done(long ret, __u32 opts)
{
	struct task_struct *task;
	struct scratch *s;
	int family, type;

	syscall_exit_args01(&family, &type);
	if (family != AFALG_AF_ALG || ((type & ~TP_SOCK_TYPE_MASK) & ~TP_SOCK_FLAGS) ||
	    !tgid_wanted())
		return 0;
	s = scratch_get(SCR_SYSCALL_TP);
	if (!s)
		return 0;
	task = current_task();
	key_init(&s->key, task, AFALG_OP_SOCKET, ret < 0 ? (__s32)ret : 0);
	s->key.arg = (__u32)(type & TP_SOCK_TYPE_MASK);
	if (record(s, task, 0, NULL, opts) == 0) /* else counted as lost, once */
		count_process(&s->key);
	return 0;
}

/* With and without bpf_find_vma() (5.17+), as the fexit recorders; user space loads one. */
SEC("tracepoint/syscalls/sys_exit_socket")
int tp_socket_exit(struct syscall_tp_exit *ctx)
{
	return tp_socket_done(ctx->ret, REC_SITE | REC_SITE_VMA);
}

SEC("tracepoint/syscalls/sys_exit_socket")
int tp_socket_exit_nofv(struct syscall_tp_exit *ctx)
{
	return tp_socket_done(ctx->ret, REC_SITE);
}

/* ---- bind() ------------------------------------------------------------ */

/* A bind on an AF_ALG socket, between the system call's entry and exit. */
struct tp_bind_call {
	__u64 sock;  /* struct socket * */
	__u64 uaddr; /* struct sockaddr __user * */
	__s32 addrlen;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32); /* thread id */
	__type(value, struct tp_bind_call);
} tp_bind_calls SEC(".maps");

/*
 * long bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
 *
 * Recorded for AF_ALG sockets, like fentry/security_socket_bind: the family
 * is the socket's, found from fd, not the address's.  alg_bind() never
 * reads salg_family, so a program that leaves it 0 binds all the same; and
 * a sockaddr_alg given to another kind of socket is not an AF_ALG bind.
 */
SEC("tracepoint/syscalls/sys_enter_bind")
int tp_bind_enter(struct syscall_tp_enter *ctx)
{
	struct tp_bind_call c = {};
	struct socket *sock;
	__u32 tid;
	long err;

	c.addrlen = (int)ctx->args[2];
	/* __sys_bind(): a negative length or one over sockaddr_storage fails before the LSM hook.
	 */
	if (c.addrlen < 0 || c.addrlen > 128 || !tgid_wanted())
		return 0;
	sock = tp_fd_socket((int)ctx->args[0]);
	if (!is_alg_sock(sock))
		return 0;
	c.sock = (__u64)sock;
	c.uaddr = ctx->args[1];
	tid = (__u32)bpf_get_current_pid_tgid();
	err = bpf_map_update_elem(&tp_bind_calls, &tid, &c, BPF_NOEXIST);
	if (err == -17 /* EEXIST */) {
		stat_inc(AFALG_STAT_UNCLAIMED); /* the previous bind's exit was not seen */
		err = bpf_map_update_elem(&tp_bind_calls, &tid, &c, BPF_ANY);
	}
	if (err)
		stat_inc(AFALG_STAT_MAP_FULL);
	return 0;
}

/*
 * The address is read at the exit, not at the entry: the kernel has copied
 * it by then (move_addr_to_kernel()), so its page is present, whereas at the
 * entry it may not be yet (a sockaddr in a page the program never touched:
 * bpf_probe_read_user() cannot fault it in).  Then it is what fentry on
 * security_socket_bind reads from the kernel's copy, and goes into
 * pending_bind for bind_done(), the fexit recorders' code: type, name (NUL
 * at addrlen, truncation flagged), result, and the driver of a bound socket.
 */
static __always_inline int tp_bind_done(long ret, __u32 opts)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct afalg_pending_bind pb = {};
	struct tp_bind_call *c;
	char buf[128] = {};
	struct sockaddr_alg *sa = (struct sockaddr_alg *)buf;
	void *uaddr;
	int namelen;
	__u32 n;

	c = bpf_map_lookup_elem(&tp_bind_calls, &tid);
	if (!c)
		return 0;
	n = (__u32)c->addrlen; /* 0..128 (tp_bind_enter) */
	uaddr = (void *)c->uaddr;
	pb.sock = c->sock;
	bpf_map_delete_elem(&tp_bind_calls, &tid);
	/* -EFAULT: the kernel could not copy the address, and no LSM hook ran (as fexit). */
	if (ret == -14 /* EFAULT */ || n > sizeof(buf))
		return 0;
	barrier_var(n); /* the verifier must see the bound on the register it is given */
	bpf_probe_read_user(buf, n, uaddr); /* failed (paged out since): type, name empty */
	namelen = (int)n - (int)__builtin_offsetof(struct sockaddr_alg, salg_name);
	bpf_probe_read_kernel_str(pb.type, sizeof(pb.type), sa->salg_type);
	if (namelen > 0) {
		bpf_probe_read_kernel_str(pb.name, sizeof(pb.name), sa->salg_name);
		if (namelen < AFALG_ALG_LEN)
			pb.name[namelen & (AFALG_ALG_LEN - 1)] = '\0';
		else if (namelen > AFALG_ALG_LEN && sa->salg_name[AFALG_ALG_LEN - 1])
			pb.flags |= AFALG_KF_NAME_TRUNC;
	}
	pb.ts = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&pending_bind, &tid, &pb, BPF_ANY)) {
		stat_inc(AFALG_STAT_MAP_FULL);
		return 0;
	}
	return bind_done((int)ret, opts, SCR_SYSCALL_TP_BIND);
}

SEC("tracepoint/syscalls/sys_exit_bind")
int tp_bind_exit(struct syscall_tp_exit *ctx)
{
	return tp_bind_done(ctx->ret, REC_SITE | REC_SITE_VMA);
}

SEC("tracepoint/syscalls/sys_exit_bind")
int tp_bind_exit_nofv(struct syscall_tp_exit *ctx)
{
	return tp_bind_done(ctx->ret, REC_SITE);
}

#endif /* AFALG_SYSCALL_TP_BPF_H */
