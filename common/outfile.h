/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Every file afalg-audit writes goes through here (docs/security.md, "What
 * afalg-audit writes"), whatever the command:
 *
 *  - "-" (and /dev/stdout): standard output.
 *  - an existing character device (/dev/null, a terminal) or FIFO: written
 *    in place, never replaced.  A FIFO is opened with O_NONBLOCK: without a
 *    reader that is an error, not a wait.  A FIFO in a world-writable sticky
 *    directory that belongs neither to us nor to the directory's owner is
 *    refused (it may be another user's, waiting to read what we write; the
 *    rule of the kernel's fs.protected_fifos).
 *  - a regular file, or no file yet: replaced atomically by a new file that
 *    only we can read (mode 0600, whatever the umask and the old file's
 *    mode), written in the same directory without a name (O_TMPFILE; else
 *    under a random name created with O_EXCL|O_NOFOLLOW), fsync'ed, given a
 *    name with linkat (which never replaces anything) and renamed over the
 *    target, and the directory fsync'ed.  Readers see the old file or the
 *    whole new one; a crash leaves the old one.
 *  - a symbolic link at the final component is an error, never followed
 *    (the directories on the way are the caller's choice and are followed);
 *    so are directories, block devices and sockets.
 *
 * Errors are reported on stderr, one line naming the file:
 * "afalg-audit: PATH: why".
 */
#ifndef AFALG_OUTFILE_H
#define AFALG_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Mode of every file afalg-audit creates. */
#define AFALG_OUTFILE_MODE 0600

struct afalg_outfile;

/*
 * Can path be written as an output?  What afalg_outfile_open() would say,
 * without creating or opening it (a FIFO is not opened: its reader would see
 * end-of-file; whether it has a reader is known when it is written).  For
 * use before long work, so that a bad output fails in a second, not after
 * an hour.  what names the output in messages ("trace result").  NULL or "-"
 * is stdout.  0, or -1 reported.
 */
int afalg_outfile_check(const char *path, const char *what);

/* Open path for writing as described above; NULL reported. */
struct afalg_outfile *afalg_outfile_open(const char *path, const char *what);

/* The stream to write to. */
FILE *afalg_outfile_stream(struct afalg_outfile *o);

/*
 * Finish: flush, and for a replaced file fsync, name and rename it into
 * place, fsync the directory.  Frees o.  0, or -1 reported (the target is
 * then untouched; nothing is left behind).
 */
int afalg_outfile_commit(struct afalg_outfile *o);

/* Give up: the target is left as it was.  Frees o (NULL: nothing). */
void afalg_outfile_abort(struct afalg_outfile *o);

/* Open, write len bytes of data, commit.  0, or -1 reported. */
int afalg_outfile_write(const char *path, const char *what, const char *data, size_t len);

/*
 * A process killed between naming its new file and renaming it leaves
 * "NAME.tmp.PID.RANDOM" beside the target (older versions "NAME.tmp.PID"):
 * remove those that are ours (regular files of our uid) and whose process
 * is gone.
 */
void afalg_outfile_clean_stale(const char *path);

#endif /* AFALG_OUTFILE_H */
