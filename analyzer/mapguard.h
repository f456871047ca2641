/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Files truncated by someone else while we read them through a mapping.
 * The pages past the new end raise SIGBUS.  The guard replaces the rest of
 * that mapping with zero pages and marks it, and the faulting read goes on:
 * the analysis (libelf, libarchive, Capstone, libdw) runs to its normal end
 * on harmless bytes — nothing is left allocated or locked, as it would be
 * after jumping out of a library — and the caller reports the file as
 * shrunk instead of what was found in it.  map_file() and unmap_file()
 * register mappings; only the thread that mapped a file is covered.
 */
#ifndef AFALG_MAPGUARD_H
#define AFALG_MAPGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* Install the SIGBUS handler (once, before worker threads start). */
void mapguard_install(void);
void mapguard_add(const void *base, size_t size);
void mapguard_remove(const void *base);
/* Has the mapping starting at base lost pages to a truncation? */
bool mapguard_shrank(const void *base);

#endif /* AFALG_MAPGUARD_H */
