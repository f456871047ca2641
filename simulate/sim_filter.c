// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sim_filter.h"

#define AF_ALG_FAMILY 38

#if defined(__x86_64__)
#define SIM_ARCH AUDIT_ARCH_X86_64
#define SIM_COMPAT_ARCH AUDIT_ARCH_I386
#define SIM_X32_BIT 0x40000000u
/* arch/x86/entry/syscalls/syscall_32.tbl */
#define C_SOCKETCALL 102
#define C_SOCKET 359
#define C_BIND 361
#elif defined(__aarch64__)
#define SIM_ARCH AUDIT_ARCH_AARCH64
#define SIM_COMPAT_ARCH AUDIT_ARCH_ARM
#define SIM_X32_BIT 0u
/* arch/arm/tools/syscall.tbl (EABI has no socketcall) */
#define C_SOCKETCALL -1
#define C_SOCKET 281
#define C_BIND 282
#else
#error "simulate: the seccomp filter knows x86-64 and aarch64 only"
#endif

static const struct {
	int nr;
	enum sim_call_kind kind;
} native[] = {
	{__NR_bind, SIM_CALL_BIND},
	{__NR_splice, SIM_CALL_SPLICE},
	{__NR_sendfile, SIM_CALL_SENDFILE},
	{__NR_io_submit, SIM_CALL_IO_SUBMIT},
	{__NR_io_uring_setup, SIM_CALL_IO_URING_SETUP},
};

enum sim_call_kind sim_filter_kind(uint32_t arch, int nr, bool *compat)
{
	*compat = false;
	if (arch == SIM_ARCH) {
		nr &= (int)~SIM_X32_BIT;
		if (nr == __NR_socket)
			return SIM_CALL_SOCKET;
		for (size_t i = 0; i < sizeof(native) / sizeof(native[0]); i++)
			if (native[i].nr == nr)
				return native[i].kind;
		return SIM_CALL_OTHER;
	}
	if (arch == SIM_COMPAT_ARCH) {
		*compat = true;
		if (nr == C_SOCKET)
			return SIM_CALL_SOCKET;
		if (nr == C_BIND)
			return SIM_CALL_BIND;
		if (C_SOCKETCALL >= 0 && nr == C_SOCKETCALL)
			return SIM_CALL_SOCKETCALL;
	}
	return SIM_CALL_OTHER;
}

#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* the low 32 bits of args[0] (little-endian: both supported machines) */
#define LD_ARG0 BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define NOTIFY RET(SECCOMP_RET_USER_NOTIF)
#define ALLOW RET(SECCOMP_RET_ALLOW)

/* socket(): only AF_ALG goes to the supervisor. Ends in RET on every path. */
#define SOCKET_BLOCK(nr) JEQ((nr), 0, 4), LD_ARG0, JEQ(AF_ALG_FAMILY, 0, 1), NOTIFY, ALLOW
#define NOTIFY_IF(nr) JEQ((unsigned)(nr), 0, 1), NOTIFY

int sim_filter_install(bool nnp)
{
	struct sock_filter prog[] = {
		LD_ARCH,
		JEQ(SIM_ARCH, 0, 18),
		/* native: 18 instructions, each path ends in RET */
		LD_NR,
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~SIM_X32_BIT),
		SOCKET_BLOCK(__NR_socket),
		NOTIFY_IF(__NR_bind),
		NOTIFY_IF(__NR_splice),
		NOTIFY_IF(__NR_sendfile),
		NOTIFY_IF(__NR_io_submit),
		NOTIFY_IF(__NR_io_uring_setup),
		ALLOW,
		/* compat */
		JEQ(SIM_COMPAT_ARCH, 0, 11),
		/* compat: 11 instructions */
		LD_NR,
		SOCKET_BLOCK(C_SOCKET),
		NOTIFY_IF(C_BIND),
		NOTIFY_IF(C_SOCKETCALL),
		ALLOW,
		ALLOW,
	};
	struct sock_fprog fprog = {.len = sizeof(prog) / sizeof(prog[0]), .filter = prog};

	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    &fprog);
}
