/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef AFALG_TRACE_PRIVS_H
#define AFALG_TRACE_PRIVS_H

/*
 * Check up front what loading the tracer needs: privileges and kernel BTF.
 * Prints one error line naming what is missing and returns -1, or 0.
 */
int trace_check_privileges(void);

#endif
