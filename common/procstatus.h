/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Fields of /proc/PID/status, read the one way: trace (its own capabilities,
 * -p's thread check) and simulate (the caller's thread group, capabilities,
 * parent).  /proc files never block; lines are bounded.
 */
#ifndef AFALG_PROCSTATUS_H
#define AFALG_PROCSTATUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The value of "KEY:" in /proc/PID/status (pid 0: this process), leading
 * blanks and the newline removed, into out.  0, or an errno: the open's
 * (ENOENT: no such process), ENODATA when the field is absent.
 */
int afalg_proc_status(pid_t pid, const char *key, char *out, size_t outsz);

/* The effective capability set (CapEff) of pid (0: this process); 0 or an errno. */
int afalg_proc_cap_eff(pid_t pid, uint64_t *caps);

#endif /* AFALG_PROCSTATUS_H */
