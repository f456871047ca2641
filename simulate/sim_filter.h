/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The seccomp filter of a simulated run and the system calls it sends to the
 * supervisor (sim_run.h).  Native calls of x86-64 (x32 numbers included) or
 * aarch64, and the 32-bit compat calls that can reach AF_ALG: socket, bind,
 * and on x86 socketcall.
 */
#ifndef AFALG_SIM_FILTER_H
#define AFALG_SIM_FILTER_H

#include <stdbool.h>
#include <stdint.h>

enum sim_call_kind {
	SIM_CALL_OTHER,
	SIM_CALL_SOCKET,
	SIM_CALL_BIND,
	SIM_CALL_SOCKETCALL, /* i386 multiplexer: args[0] = SYS_SOCKET/SYS_BIND, args[1] = u32 args
			      */
	SIM_CALL_SPLICE,
	SIM_CALL_SENDFILE,
	SIM_CALL_IO_SUBMIT,
	SIM_CALL_IO_URING_SETUP,
};

/* What the notified call is; *compat: it came from the 32-bit ABI. */
enum sim_call_kind sim_filter_kind(uint32_t arch, int nr, bool *compat);

/*
 * Install the filter in the calling process (the child, before exec) with a
 * listener; returns the listener fd, or -1 with errno set.  nnp: set
 * no_new_privs first (needed without CAP_SYS_ADMIN).
 */
int sim_filter_install(bool nnp);

#endif /* AFALG_SIM_FILTER_H */
