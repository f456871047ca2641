// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "afalg.h"
#include "procstatus.h"
#include "trace_privs.h"

#define CAP_SYS_ADMIN 21
#define CAP_PERFMON 38
#define CAP_BPF 39

int trace_check_privileges(void)
{
	uint64_t caps = 0;
	bool has_bpf, has_perfmon, has_admin;

	int err = afalg_proc_cap_eff(0, &caps);

	if (err) {
		afalg_errno("trace", err, "cannot read /proc/self/status to check capabilities");
		return -1;
	}
	has_admin = caps & (1ull << CAP_SYS_ADMIN);
	has_bpf = caps & (1ull << CAP_BPF);
	has_perfmon = caps & (1ull << CAP_PERFMON);
	if (!has_admin && !(has_bpf && has_perfmon)) {
		afalg_err("trace", "needs root, or CAP_BPF and CAP_PERFMON (missing:%s%s)",
			  has_bpf ? "" : " CAP_BPF", has_perfmon ? "" : " CAP_PERFMON");
		return -1;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		afalg_errno("trace", errno,
			    "this kernel exposes no BTF at /sys/kernel/btf/vmlinux "
			    "(needs CONFIG_DEBUG_INFO_BTF=y)");
		return -1;
	}
	return 0;
}
