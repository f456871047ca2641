/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * trace --journal: each new AF_ALG user, the moment it is named, as one
 * structured entry in the systemd journal (sd_journal_sendv(3)), so that a
 * log pipeline sees it without reading the tracer's JSON.  docs/journal.md
 * lists the fields and the journalctl queries.
 *
 * A finding is a first sighting of this tracer's life that the state file
 * did not already hold (a restart does not announce old users again) and
 * that says who uses AF_ALG: a bind() (type, algorithm, the driver the
 * kernel chose; failed binds too: an algorithm that is not there), or a
 * socket() that failed (EAFNOSUPPORT: the program needs AF_ALG, which is
 * off).  setsockopt/send/recv of a known user add nothing new to say.
 */
#ifndef AFALG_TRACE_JOURNAL_H
#define AFALG_TRACE_JOURNAL_H

#include <stdbool.h>

struct trace_entry;
struct trace_journal;

/* The entries' MESSAGE_ID (journalctl MESSAGE_ID=...), fixed for good. */
#define AFALG_JOURNAL_MESSAGE_ID "5e3f713a0c9c44bdb5934f22ad0055e3"

/* Where journald listens for native entries (sd_journal_sendv writes there). */
#define TRACE_JOURNAL_SOCKET "/run/systemd/journal/socket"

struct trace_journal *trace_journal_new(void);
void trace_journal_free(struct trace_journal *j);
/*
 * e was just named (trace_output.c): send it if it is a new finding.  A
 * journal that cannot be written to is said once on stderr; tracing goes on.
 */
void trace_journal_finding(struct trace_journal *j, const struct trace_entry *e);
/* Entries sent, and entries the journal refused. */
unsigned trace_journal_sent(const struct trace_journal *j);
unsigned trace_journal_failed(const struct trace_journal *j);

#endif /* AFALG_TRACE_JOURNAL_H */
