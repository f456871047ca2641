/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One tracer per state file.  Two tracers saving the same state file would
 * each overwrite the other's saves (the last save wins, the other's counts
 * are lost), so the first takes an exclusive lock and a second is refused
 * before it attaches anything.  The lock is flock(2) on "STATE.lock" beside
 * the state file (the state file itself is replaced by rename at every save,
 * so a lock on it would not outlive the first save).  The lock file holds
 * the tracer's pid for the message the next one prints; it is never
 * removed (removing a lock file races with the next taker).
 */
#ifndef AFALG_STATE_LOCK_H
#define AFALG_STATE_LOCK_H

/*
 * Take the lock of state_path: its descriptor (keep it open as long as the
 * state may be saved; close-on-exec), or -1 after one line on stderr
 * ("afalg-audit: trace: STATE: in use by another tracer (pid N)", or why
 * the lock file cannot be used).
 */
int trace_state_lock(const char *state_path);

/* Release it (-1: nothing). */
void trace_state_unlock(int fd);

#endif /* AFALG_STATE_LOCK_H */
