/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Naming code from what the kernel saw: a (file, offset) of a call site to
 * function and source line, and an executable to its GNU build-id, with
 * libdwfl (separate debuginfo found by build-id under /usr/lib/debug).
 */
#ifndef AFALG_SYMBOLIZE_H
#define AFALG_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "afalg_trace.h"

struct sym_frame {
	uint64_t addr;		     /* user virtual address as captured; 0 = no frame */
	bool valid;		     /* file found and matched (dev, ino) */
	char file[AFALG_PATH_LEN];   /* path of the ELF file opened */
	uint64_t offset;	     /* file offset of the address */
	char function[128];	     /* "" if no symbol covers the address */
	char source[AFALG_PATH_LEN]; /* "" without debuginfo */
	int line;
};

/*
 * Find the file behind f (the kernel's dentry path and (dev, ino), or, when
 * the kernel could not resolve it, /proc/tgid/maps while the process lives)
 * and symbolize it.  is_return: f->addr is a return address (look up addr-1).
 */
void symbolize_frame(const struct afalg_frame *f, pid_t tgid, bool is_return,
		     struct sym_frame *out);

/* Which of the captured frames names the code that called into AF_ALG: the
 * caller when frame 0 is a libc system-call wrapper, else frame 0.  -1: none. */
int symbolize_site_index(const struct sym_frame frames[AFALG_SITE_FRAMES]);

/* GNU build-id of the ELF file at path, lower-case hex; false if none. */
bool elf_build_id(const char *path, char *hex, size_t hexsz);

/* Kernel dev_t (major << 20 | minor) of a user-space st_dev. */
uint32_t kernel_dev(dev_t dev);

#endif
