// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * tracefs for the tracer: libbpf finds a tracepoint's perf event id in
 * TRACEFS/events/<category>/<name>/id, and the data path's kprobe events
 * are made in TRACEFS/kprobe_events.  On a system booted by systemd tracefs
 * is mounted at /sys/kernel/tracing already (sys-kernel-tracing.mount); on
 * a minimal one (a sandbox, a container host, a VM without systemd) it may
 * be mounted nowhere.
 */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>

#include "tracefs.h"

#define TRACEFS_MAGIC 0x74726163

const char *tracefs_dir(void)
{
	static const char *const dirs[] = {TRACEFS_DIR, "/sys/kernel/debug/tracing"};
	struct statfs st;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (statfs(dirs[i], &st) == 0 && st.f_type == TRACEFS_MAGIC)
			return dirs[i];
	return NULL;
}

/*
 * A mount namespace of this process's own whose new mounts stay in it.
 * unshare() copies the mounts with their propagation, and / is usually
 * shared (systemd), so a mount on /sys/kernel/tracing would reach the peer
 * namespaces, the system's included, unless / is made a slave first.  A
 * slave, not private: the system's later mounts and unmounts still reach
 * the tracer, which reads other processes' binaries and writes its results.
 * False if the namespace cannot be had as such (then the caller mounts in
 * the namespace it is in, whichever that is now).
 */
static bool private_namespace(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return false; /* EPERM: seccomp (RestrictNamespaces=); EINVAL: threads */
	/* EINVAL: / is not a mount point (a chroot): mounts propagate as before. */
	return mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == 0;
}

const char *tracefs_get(char *msg, size_t msgsz)
{
	const char *dir = tracefs_dir();
	bool private;
	int err;

	msg[0] = '\0';
	if (dir)
		return dir;
	private = private_namespace();
	if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL) < 0) {
		err = errno;
		snprintf(msg, msgsz, "not mounted, and mounting it at %s failed: %s", TRACEFS_DIR,
			 strerror(err));
		errno = err;
		return NULL;
	}
	snprintf(msg, msgsz, "tracefs was not mounted: mounted it at %s %s", TRACEFS_DIR,
		 private ? "in the tracer's own mount namespace"
			 : "(no mount namespace of its own here: it stays mounted)");
	return TRACEFS_DIR;
}
