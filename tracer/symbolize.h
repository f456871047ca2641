/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Naming code from what the kernel saw: a (file, offset) of a call site to
 * function and source line, and an executable to its path and GNU build-id.
 * The naming itself is common/debuginfo.h (the scan's too: symbols, DWARF,
 * separate debuginfo found on this machine by build-id, then
 * .gnu_debuglink); what is the tracer's own is finding the file and offset
 * of an address (bpf_find_vma() or /proc/PID/maps), turning the offset into
 * the file's address (PT_LOAD), and everything below about the helper.
 *
 * Every file named here belongs to whoever ran the traced program, so none
 * of it happens in the tracer: a helper process (forked on first use, with
 * no capability but reading files and other processes' /proc entries, first
 * in line for the OOM killer, its data size limited) does it, one request at
 * a time, and is killed and replaced when a request uses more than
 * SYM_CPU_S of CPU time or SYM_WALL_S in all (a helper slowed down by a busy
 * machine is not hung; one waiting on a FUSE file that never answers is).
 * Its opens never block and never open anything but regular
 * files (common/safeopen.h); libdw is never let open files by itself
 * (common/dwsafe.h).  The tracer's main loop drives it with
 * symbolizer_pump(), which waits at most the time it is given: saves,
 * --duration and signals are never held up by what it is naming.
 */
#ifndef AFALG_SYMBOLIZE_H
#define AFALG_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "afalg_trace.h"
#include "buildid.h"

/* One request's limits, after which the helper is killed and replaced. */
#define SYM_CPU_S 5.0	/* CPU time */
#define SYM_WALL_S 30.0 /* elapsed time */
/* Requests waiting beyond this are not named (their first sighting is kept). */
#define SYM_QUEUE_MAX 1024
/* Largest ELF or debuginfo file read. */
#define SYM_MAX_FILE (1ll << 30)

struct sym_frame {
	uint64_t addr;		     /* user virtual address as captured; 0 = no frame */
	bool valid;		     /* file found and matched (dev, ino) */
	char file[AFALG_PATH_LEN];   /* path of the ELF file opened */
	uint64_t offset;	     /* file offset of the address */
	char function[128];	     /* "" if no symbol covers the address */
	char source[AFALG_PATH_LEN]; /* "" without debuginfo */
	int line;
};

/* What is known of a first sighting once named (or given up on). */
struct sym_result {
	struct afalg_key key;			/* the finding it belongs to */
	char exe[AFALG_PATH_LEN];		/* "" = keep the kernel's path */
	char build_id[AFALG_BUILD_ID_HEX_SIZE]; /* common/buildid.h; "" = unknown */
	bool have_frames;			/* the event carried a call site */
	struct sym_frame frames[AFALG_SITE_FRAMES];
};

struct symbolizer;

struct symbolizer *symbolizer_new(void);
/* Stops the helper (never waits for it). */
void symbolizer_free(struct symbolizer *s);

/* Queue a first sighting for naming; false when the queue is full. */
bool symbolizer_submit(struct symbolizer *s, const struct afalg_event *ev);

typedef void (*sym_done_fn)(void *ctx, const struct sym_result *res);

/*
 * Drive the helper for at most budget seconds: send queued requests, hand
 * each result to done (in order; a request that failed or timed out is
 * handed over unnamed).  budget 0: no waiting.  Returns true while
 * requests are left.
 */
bool symbolizer_pump(struct symbolizer *s, double budget, sym_done_fn done, void *ctx);

/* Hand every request still queued to done unnamed, and stop the helper. */
void symbolizer_drop(struct symbolizer *s, sym_done_fn done, void *ctx);

/* A first sighting as the kernel reported it, unnamed. */
void symbolizer_unnamed(const struct afalg_event *ev, struct sym_result *out);

/* Which of the captured frames names the code that called into AF_ALG: the
 * caller when frame 0 is a libc system-call wrapper, else frame 0.  -1: not
 * known (e.g. frame 0 is a wrapper whose caller could not be resolved). */
int symbolize_site_index(const struct sym_frame frames[AFALG_SITE_FRAMES]);

/* Is path (not followed if a symlink) the file the kernel saw as (dev, ino)? */
bool symbolize_same_file(const char *path, uint32_t dev, uint64_t ino);

/*
 * From /proc/PID/maps: the file mapped at addr (its path, the file offset of
 * addr, the kernel's (dev, ino)).  false: nothing file-backed there.  Used by
 * simulate, which locates a call site while its caller waits.
 */
bool symbolize_maps_lookup(pid_t tgid, uint64_t addr, char *path, size_t pathsz, uint64_t *off,
			   uint32_t *dev, uint64_t *ino);

/* Kernel dev_t (major << 20 | minor) of a user-space st_dev. */
uint32_t kernel_dev(dev_t dev);

#endif
