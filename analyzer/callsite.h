/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Call-site analysis with Capstone: where a program creates an AF_ALG socket
 * with a constant family.  Only small windows around the instructions that
 * load 38 (AF_ALG) into an argument register are decoded, so a file costs a
 * byte search unless it really has such a load.
 */
#ifndef AFALG_CALLSITE_H
#define AFALG_CALLSITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan.h"

enum target_kind { TGT_NONE = 0, TGT_SOCKET, TGT_SYSCALL };

/* A function entry (PLT stub, defined function) or a GOT slot. */
struct target {
	uint64_t addr;
	enum target_kind kind;
};

struct targets {
	struct target *v;
	size_t n, cap;
};

bool targets_add(struct targets *t, uint64_t addr, enum target_kind kind);
enum target_kind targets_find(const struct targets *t, uint64_t addr);
void targets_free(struct targets *t);

/* An executable section as mapped in the file. */
struct code_region {
	uint64_t addr;	 /* virtual address */
	uint64_t offset; /* file offset */
	const unsigned char *bytes;
	size_t size;
};

struct callsite_hit {
	enum evidence_kind kind; /* EV_SOCKET_CALL, EV_SYSCALL_CALL, EV_RAW_SYSCALL */
	uint64_t addr, offset;
};

/*
 * PLT stubs → GOT slots: decode the stubs in a .plt/.plt.sec/.plt.got
 * region; for each one jumping through a GOT slot known in got, add the
 * stub's entry address to funcs with the slot's kind.
 */
void callsite_map_plt(int machine, const struct code_region *plt, const struct targets *got,
		      struct targets *funcs);

/*
 * Scan regions for AF_ALG socket creation.  funcs: entries of socket() and
 * syscall(); got: their GOT slots (for calls through the GOT).  Up to maxhits
 * hits are stored; returns how many.  *features gets AFALG_FEAT_AIO when the
 * code also calls syscall(SYS_io_submit, ...).
 */
size_t callsite_scan(int machine, const struct code_region *regions, size_t nregions,
		     const struct targets *funcs, const struct targets *got,
		     struct callsite_hit *hits, size_t maxhits, unsigned *features);

/*
 * AF_ALG type names stored as instruction immediates (a sockaddr_alg built
 * on the stack); returns type bits, reports algorithm names through alg.
 * x86-64 only.
 */
unsigned callsite_type_immediates(int machine, const struct code_region *regions, size_t nregions,
				  void (*alg)(void *arg, const char *name), void *arg);

/* Does machine have call-site analysis? */
bool callsite_supported(int machine);

#endif /* AFALG_CALLSITE_H */
