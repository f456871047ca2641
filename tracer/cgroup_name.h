/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Container attribution: the cgroup v2 path of a cgroup id (the id the kernel
 * gives bpf_get_current_cgroup_id() is the inode number of the cgroup's
 * directory in cgroupfs).
 */
#ifndef AFALG_CGROUP_NAME_H
#define AFALG_CGROUP_NAME_H

#include <stddef.h>
#include <stdint.h>

struct cgroup_names;

/* Index the cgroup2 hierarchy mounted at root (e.g. /sys/fs/cgroup); NULL if none. */
struct cgroup_names *cgroup_names_load(const char *root);
/* This system's: /sys/fs/cgroup (unified), else its cgroup2 part (hybrid). */
struct cgroup_names *cgroup_names_load_system(void);
/* The path relative to the hierarchy's root ("/" for the root), or NULL if unknown. */
const char *cgroup_names_find(const struct cgroup_names *c, uint64_t id);
void cgroup_names_free(struct cgroup_names *c);

#endif
