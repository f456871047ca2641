/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The kernel types afalg-audit's BPF programs read, written by hand.
 *
 * Why not a generated vmlinux.h: the build must work on machines whose
 * running kernel has no BTF, and a 3 MB header dumped from one particular
 * kernel says nothing about 5.10 or 7.2 anyway.  Every struct below carries
 * preserve_access_index, so each field access is a CO-RE relocation that
 * libbpf resolves against the *target* kernel's BTF at load time; a field
 * that does not exist there fails the load (or is guarded with
 * bpf_core_field_exists()).  Only the fields we read are declared, which
 * also documents exactly what the tracer depends on.  Field order and
 * offsets here are irrelevant: CO-RE matches by name.
 */
#ifndef AFALG_VMLINUX_MIN_H
#define AFALG_VMLINUX_MIN_H

#include <linux/types.h>
#include <linux/bpf.h>

#define __VMLINUX_H__ /* tell bpf_tracing.h to use the kernel's pt_regs names */

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
typedef _Bool bool;
typedef u32 dev_t;
typedef int pid_t;
typedef unsigned int uid_t;
#define true 1
#define false 0

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct qstr {
	union {
		struct {
			u32 hash;
			u32 len;
		};
		u64 hash_len;
	};
	const unsigned char *name;
};

struct super_block {
	dev_t s_dev;
};

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
};

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
};

struct vfsmount {
	struct dentry *mnt_root;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
};

struct mm_struct {
	struct file *exe_file;
};

typedef struct {
	uid_t val;
} kuid_t;

struct cred {
	kuid_t uid;
	kuid_t euid;
};

struct task_struct {
	pid_t pid;
	pid_t tgid;
	struct mm_struct *mm;
	const struct cred *cred;
	struct task_struct *real_parent;
	char comm[16];
};

struct net;

struct socket {
	short type;
	struct sock *sk;
};

#pragma clang attribute pop

#endif /* AFALG_VMLINUX_MIN_H */
