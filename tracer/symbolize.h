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
 * Symbolize the n captured frames of one call site.  First find the file
 * behind every frame (the kernel's dentry path and (dev, ino), or, when the
 * kernel could not resolve it, /proc/tgid/maps — read once, before the slow
 * part, while the process may still live), then name each with libdwfl.
 * Frames after the first are return addresses (looked up at addr-1).
 */
void symbolize_frames(const struct afalg_frame *f, int n, pid_t tgid, struct sym_frame *out);

/* Which of the captured frames names the code that called into AF_ALG: the
 * caller when frame 0 is a libc system-call wrapper, else frame 0.  -1: not
 * known (e.g. frame 0 is a wrapper whose caller could not be resolved). */
int symbolize_site_index(const struct sym_frame frames[AFALG_SITE_FRAMES]);

/* Is path the file the kernel saw as (dev, ino)? */
bool symbolize_same_file(const char *path, uint32_t dev, uint64_t ino);

/* GNU build-id of the ELF file at path, lower-case hex; false if none. */
bool elf_build_id(const char *path, char *hex, size_t hexsz);

/* Kernel dev_t (major << 20 | minor) of a user-space st_dev. */
uint32_t kernel_dev(dev_t dev);

#endif
