/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * x86-64 kernel types for vmlinux_min.h, which includes this file when the
 * BPF object is compiled with -D__TARGET_ARCH_x86 (one header per
 * architecture, as bcc's libbpf-tools does).  Not a standalone header: it
 * relies on vmlinux_min.h's typedefs and its preserve_access_index pragma.
 *
 * struct pt_regs (arch/x86/include/asm/ptrace.h): bpf_tracing.h reads di,
 * si, dx, cx, r8, r10, sp, bp, ax, ip by name; trace_core.bpf.h reads ip,
 * sp and orig_ax (the system call number).  Declared in full because its
 * size matters where no BTF relocation applies: user_regs() finds the
 * user registers of a 5.10 task at the top of its kernel stack as
 * (struct pt_regs *)(stack + THREAD_SIZE) - 1, like task_pt_regs().
 * 21 * 8 = 168 bytes, unchanged since x86-64 was merged.
 */
#ifndef AFALG_VMLINUX_ARCH_H
#define AFALG_VMLINUX_ARCH_H

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

#endif /* AFALG_VMLINUX_ARCH_H */
