// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The data path's kprobes on AF_ALG's module functions, as tracefs kprobe
 * events: "p:afalg_audit/afalg_<pid>_<function> <module>:<function>".
 *
 * Why tracefs events and not libbpf's perf kprobes: a perf kprobe needs the
 * symbol when it is created, but af_alg.ko and algif_*.ko autoload on first
 * use, usually after the tracer started, and the first operations follow
 * the load at once, before user space could react to it.  An event on
 * "module:function" is accepted while the module is absent; the kernel arms
 * it from its module notifier when the module comes (before its init runs,
 * so before any socket of that type exists), drops it at unload and arms it
 * again at the next load (kernel/trace/trace_kprobe.c,
 * trace_kprobe_module_callback).  It does not pin the module, where fentry
 * on a module function would (rmmod algif_aead would fail with EBUSY).
 *
 * The events are global, named objects: a tracer removes its own on exit,
 * and removes those of tracers that died without doing so on start.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "afalg.h"
#include "kprobe_events.h"
#include "tracefs.h"

#define GROUP "afalg_audit"
#define EVENTS_MAX (1u << 20) /* bytes of kprobe_events read when cleaning up */

struct kprobe_event {
	char name[64]; /* event name within GROUP (the kernel's limit is 64) */
	const char *module, *func, *prog;
	struct bpf_link *link;
};

struct kprobe_events {
	char tracefs[32];
	struct bpf_object *obj; /* of the programs, once attached */
	size_t n;
	struct kprobe_event ev[];
};

/* Append one command line to kprobe_events; 0 or -errno. */
static int events_write(const char *tracefs, const char *cmd)
{
	char path[64];
	size_t len = strlen(cmd);
	ssize_t w;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w = write(fd, cmd, len);
	if (w < 0)
		err = -errno;
	else if ((size_t)w != len)
		err = -EIO;
	close(fd);
	return err;
}

static void event_remove(const char *tracefs, const char *name)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "-:%s/%s\n", GROUP, name);
	events_write(tracefs, cmd); /* best effort: gone already, or still busy */
}

/* Remove events of tracers that are no longer running (killed with -9, crashed). */
static void remove_stale(const char *tracefs)
{
	char path[64], *buf, *line, *save = NULL;
	ssize_t got;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	buf = malloc(EVENTS_MAX + 1);
	while (buf && len < EVENTS_MAX && (got = read(fd, buf + len, EVENTS_MAX - len)) > 0)
		len += (size_t)got;
	close(fd);
	if (!buf)
		return;
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		int pid;

		/* "p:afalg_audit/afalg_1234_hash_sendmsg algif_hash:hash_sendmsg" */
		if (sscanf(line, "p:" GROUP "/%63s", name) != 1 ||
		    sscanf(name, "afalg_%d_", &pid) != 1 || pid <= 0)
			continue;
		if (kill(pid, 0) < 0 && errno == ESRCH)
			event_remove(tracefs, name);
	}
	free(buf);
}

/* Is this module built into the running kernel (then its symbols are vmlinux's)? */
static bool module_builtin(const char *module)
{
	struct utsname u;
	char path[320], line[512], want[80];
	bool found = false;
	FILE *f;

	if (uname(&u) < 0)
		return false;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin", u.release);
	f = fopen(path, "re");
	if (!f)
		return false;
	snprintf(want, sizeof(want), "/%s.ko", module);
	while (!found && fgets(line, sizeof(line), f)) {
		size_t l = strlen(line), w = strlen(want);

		while (l && (line[l - 1] == '\n'))
			line[--l] = '\0';
		found = l >= w && !strcmp(line + l - w, want);
	}
	fclose(f);
	return found;
}

struct kprobe_events *kprobe_events_create(const struct kprobe_fn *fns, size_t n, char *why,
					   size_t whysz)
{
	const char *tracefs = tracefs_dir();
	struct kprobe_events *ke;
	int err;

	if (!tracefs) {
		snprintf(why, whysz, "tracefs is not mounted at /sys/kernel/tracing");
		errno = ENOENT;
		return NULL;
	}
	ke = calloc(1, sizeof(*ke) + n * sizeof(ke->ev[0]));
	if (!ke) {
		snprintf(why, whysz, "out of memory");
		return NULL;
	}
	snprintf(ke->tracefs, sizeof(ke->tracefs), "%s", tracefs);
	remove_stale(tracefs);
	for (size_t i = 0; i < n; i++) {
		struct kprobe_event *ev = &ke->ev[i];
		char cmd[256];

		snprintf(ev->name, sizeof(ev->name), "afalg_%d_%s", (int)getpid(), fns[i].func);
		ev->prog = fns[i].prog;
		ev->module = fns[i].module;
		ev->func = fns[i].func;
		if (module_builtin(fns[i].module))
			snprintf(cmd, sizeof(cmd), "p:%s/%s %s\n", GROUP, ev->name, fns[i].func);
		else
			snprintf(cmd, sizeof(cmd), "p:%s/%s %s:%s\n", GROUP, ev->name,
				 fns[i].module, fns[i].func);
		/* An event of ours with this name (pid reuse after a kill -9). */
		event_remove(tracefs, ev->name);
		err = events_write(tracefs, cmd);
		if (err) {
			snprintf(why, whysz, "%s/kprobe_events refused a probe on %s:%s: %s",
				 tracefs, fns[i].module, fns[i].func, strerror(-err));
			ke->n = i;
			kprobe_events_destroy(ke);
			errno = -err;
			return NULL;
		}
		ke->n = i + 1;
	}
	return ke;
}

static int event_id(const struct kprobe_events *ke, const struct kprobe_event *ev)
{
	char path[160], buf[32];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "%s/events/%s/%s/id", ke->tracefs, GROUP, ev->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return -EIO;
	buf[got] = '\0';
	return atoi(buf);
}

int kprobe_events_attach_one(struct kprobe_events *ke, size_t i, char *why, size_t whysz)
{
	struct kprobe_event *ev = &ke->ev[i];
	struct bpf_program *prog = bpf_object__find_program_by_name(ke->obj, ev->prog);
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	int id = event_id(ke, ev), pfd, err;

	if (ev->link)
		return 0;
	if (!prog) {
		snprintf(why, whysz, "no BPF program %s", ev->prog);
		return -ENOENT;
	}
	if (id <= 0) {
		snprintf(why, whysz, "cannot read the id of kprobe event %s: %s", ev->name,
			 strerror(id < 0 ? -id : EINVAL));
		return id < 0 ? id : -EINVAL;
	}
	attr.config = (__u64)id;
	/* pid -1, cpu 0: the program is the event's, it runs on every CPU. */
	pfd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0) {
		err = -errno;
		snprintf(why, whysz, "perf_event_open on kprobe event %s: %s", ev->name,
			 strerror(-err));
		return err;
	}
	ev->link = bpf_program__attach_perf_event(prog, pfd);
	if (!ev->link) {
		err = -errno;
		close(pfd);
		snprintf(why, whysz, "attaching %s to kprobe event %s: %s", ev->prog, ev->name,
			 strerror(-err));
		return err;
	}
	return 0;
}

void kprobe_events_detach_one(struct kprobe_events *ke, size_t i)
{
	/* Closing the last perf event unregisters the kprobe, which waits for running handlers. */
	bpf_link__destroy(ke->ev[i].link);
	ke->ev[i].link = NULL;
}

int kprobe_events_attach(struct kprobe_events *ke, struct bpf_object *obj, char *why, size_t whysz)
{
	ke->obj = obj;
	for (size_t i = 0; i < ke->n; i++) {
		int err = kprobe_events_attach_one(ke, i, why, whysz);

		if (err)
			return err;
	}
	return 0;
}

size_t kprobe_events_count(const struct kprobe_events *ke)
{
	return ke ? ke->n : 0;
}

const char *kprobe_events_module(const struct kprobe_events *ke, size_t i)
{
	return ke->ev[i].module;
}

const char *kprobe_events_func(const struct kprobe_events *ke, size_t i)
{
	return ke->ev[i].func;
}

/*
 * Hits of each event so far, from kprobe_profile ("  NAME  NHIT  NMISS" per
 * event, the name without its group): counted by the kernel whether or not
 * a program is attached, at no cost to us.  0 or -errno.
 */
int kprobe_events_hits(const struct kprobe_events *ke, uint64_t *hits)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_profile", ke->tracefs);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	for (size_t i = 0; i < ke->n; i++)
		hits[i] = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		unsigned long long nhit;

		if (sscanf(line, " %63s %llu", name, &nhit) != 2)
			continue;
		for (size_t i = 0; i < ke->n; i++)
			if (!strcmp(name, ke->ev[i].name))
				hits[i] = nhit;
	}
	fclose(f);
	return 0;
}

void kprobe_events_destroy(struct kprobe_events *ke)
{
	if (!ke)
		return;
	for (size_t i = 0; i < ke->n; i++) {
		kprobe_events_detach_one(ke, i); /* closes the perf event: the event is idle */
		event_remove(ke->tracefs, ke->ev[i].name);
	}
	free(ke);
}
