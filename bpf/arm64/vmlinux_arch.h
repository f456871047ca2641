/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * arm64 kernel types for vmlinux_min.h, which includes this file when the
 * BPF object is compiled with -D__TARGET_ARCH_arm64 (one header per
 * architecture, as bcc's libbpf-tools does).  Not a standalone header: it
 * relies on vmlinux_min.h's typedefs and its preserve_access_index pragma.
 *
 * bpf_tracing.h reads arm64 registers through struct user_pt_regs (regs[],
 * sp, pc; the uapi view, a prefix of struct pt_regs); trace_core.bpf.h
 * reads pc, sp and syscallno of the kernel's struct pt_regs
 * (arch/arm64/include/asm/ptrace.h).  CO-RE resolves every field by name,
 * also inside the anonymous union and struct.
 *
 * struct pt_regs is declared with its 5.10 layout (336 bytes) because its
 * size matters where no BTF relocation applies: on 5.10 (no
 * bpf_task_pt_regs()) user_regs() finds the user registers at the top of
 * the task's kernel stack as (struct pt_regs *)(stack + THREAD_SIZE) - 1,
 * like task_pt_regs().  Later kernels renamed fields after syscallno
 * (orig_addr_limit became sdei_ttbr1, pmr_save pmr) and 6.13 made
 * stackframe larger, but those kernels have bpf_task_pt_regs() and never
 * take that path; none of the fields after syscallno is read.
 */
#ifndef AFALG_VMLINUX_ARCH_H
#define AFALG_VMLINUX_ARCH_H

struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};

struct pt_regs {
	union {
		struct user_pt_regs user_regs;
		struct {
			u64 regs[31];
			u64 sp;
			u64 pc;
			u64 pstate;
		};
	};
	u64 orig_x0;
	s32 syscallno; /* little-endian order; CO-RE takes the offset from BTF */
	u32 unused2;
	u64 orig_addr_limit;
	u64 pmr_save;
	u64 stackframe[2];
	u64 lockdep_hardirqs;
	u64 exit_rcu;
};

#endif /* AFALG_VMLINUX_ARCH_H */
