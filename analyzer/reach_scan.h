/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The scan's use of function-level reachability (reach.h) on a file whose
 * own code opens AF_ALG sockets (issue #16, items 1 and 3):
 *   - call sites nothing in the file reaches become evidence
 *     "unreached-site", and a file with no reached site is `unreachable`
 *     (information, not a blocker), unless something else makes it a user
 *     (libkcapi's API or imports, a plugin: loaders call what they want);
 *   - the file's AF_ALG entry points (file_result.entries) are its exports
 *     that may reach a reached site; resolve.c matches importers on them.
 *     When a reached site is not accounted for by any export (load-time
 *     code, main, a callback no export installs) or the analysis hit a
 *     bound, the entries are unknown and importers keep the link-level
 *     answer; the evidence says why ("link-level").
 */
#ifndef AFALG_REACH_SCAN_H
#define AFALG_REACH_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "scan.h"

/*
 * After elf_scan() found r's call sites (evidence with addresses).  image:
 * the file's bytes, handed to libelf as reach_analyze() says (a private
 * mapping or a heap copy).  Does nothing for files without call sites or of
 * machines reach.c does not decode (their entries stay unknown).
 */
void reach_scan_apply(unsigned char *image, size_t size, struct file_result *r);

#endif /* AFALG_REACH_SCAN_H */
