/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Finding a function of a loaded module in its BTF, for loading a fentry
 * program on it with bpf_prog_load() (tracer/fastpath.c), without libbpf
 * parsing all of vmlinux's BTF every time (~8 MiB and ~100 ms under TCG).
 */
#ifndef AFALG_MODULE_BTF_H
#define AFALG_MODULE_BTF_H

#include <stddef.h>
#include <stdint.h>

/* What a module's split BTF needs from vmlinux's: where its ids and strings start. */
struct btf_base_info {
	uint32_t type_cnt; /* vmlinux types, void included: the module's first id */
	uint32_t str_len;  /* vmlinux string section: module names are offset by it */
};

/*
 * The type id of FUNC `func` in a module's raw split BTF (data, size: the
 * contents of /sys/kernel/btf/MODULE), or a negative errno: -ENOENT if
 * absent, -EINVAL if the data is not well-formed BTF (every offset and
 * length is checked against size).
 */
int module_btf_func_id(const void *data, size_t size, const struct btf_base_info *base,
		       const char *func);

/* vmlinux's counts (reads /sys/kernel/btf/vmlinux through libbpf once). */
int btf_base_info_vmlinux(struct btf_base_info *base);

/* An fd of the loaded module's BTF object (for attach_btf_obj_fd), or a negative errno. */
int module_btf_fd(const char *module);

/* /sys/kernel/btf/MODULE into a malloc()ed buffer (at most 16 MiB). */
int module_btf_read(const char *module, void **data, size_t *size);

#endif
