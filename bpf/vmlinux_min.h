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
typedef unsigned long size_t;
typedef unsigned int uid_t;
#define true 1
#define false 0

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

/* struct pt_regs and what else differs per architecture (-D__TARGET_ARCH_*). */
#if defined(__TARGET_ARCH_x86)
#include "x86/vmlinux_arch.h"
#elif defined(__TARGET_ARCH_arm64)
#include "arm64/vmlinux_arch.h"
#else
#error "afalg-audit's BPF programs are built for x86 and arm64: -D__TARGET_ARCH_x86 or _arm64"
#endif

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

/* fs/mount.h: the mount a vfsmount is embedded in, and where it is mounted. */
struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	void *private_data; /* struct socket * for socket files */
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_pgoff; /* in pages */
	struct file *vm_file;
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

/* A task's root directory (chroot, switch_root, a container's pivot_root). */
struct fs_struct {
	struct path root;
};

struct task_struct {
	void *stack;
	unsigned int flags; /* PF_* */
	pid_t pid;
	pid_t tgid;
	struct mm_struct *mm;
	struct fs_struct *fs;
	const struct cred *cred;
	struct task_struct *real_parent;
	char comm[16];
};

struct net;

struct sock_common {
	unsigned short skc_family;
};

/*
 * Only its size matters besides skc_family: AF_ALG's struct alg_sock (in
 * module BTF only, absent on 5.10) starts with a struct sock, and its
 * remaining layout is the same on every kernel we know:
 *   { struct sock sk; struct sock *parent; atomic_t refcnt;
 *     atomic_t nokey_refcnt; const struct af_alg_type *type; void *private; }
 * so afalg_trace.bpf.c reads it at bpf_core_type_size(struct sock) + offset.
 */
struct sock {
	struct sock_common __sk_common;
};

struct file_operations;

struct socket {
	short type;
	struct sock *sk;
	struct file *file;
};

struct kiocb {
	struct file *ki_filp;
	void (*ki_complete)(struct kiocb *iocb, long ret);
};

/* 6.0+; values differ between versions, read with bpf_core_enum_value(). */
enum iter_type {
	ITER_BVEC = 2,
};

struct iov_iter {
	u8 iter_type;	   /* 6.0+ */
	unsigned int type; /* before 6.0: ITER_* bits | direction */
	size_t count;
};

struct msghdr {
	unsigned int msg_flags;
	struct iov_iter msg_iter;
	struct kiocb *msg_iocb; /* gone in 7.2 ("net: Remove support for AIO on sockets") */
};

struct module {
	char name[56];
};

struct crypto_alg {
	u32 cra_flags;
	int cra_priority;
	char cra_name[128];
	char cra_driver_name[128];
	struct module *cra_module;
};

struct crypto_tfm {
	struct crypto_alg *__crt_alg;
};

struct crypto_ahash {
	struct crypto_tfm base;
};

struct crypto_skcipher {
	struct crypto_tfm base;
};

struct crypto_aead {
	struct crypto_tfm base;
};

struct crypto_rng {
	struct crypto_tfm base;
};

#pragma clang attribute pop

#endif /* AFALG_VMLINUX_MIN_H */
