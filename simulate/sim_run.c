// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "procstatus.h"
#include "sim_filter.h"
#include "sim_run.h"
#include "symbolize.h"

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif

#define AF_ALG_FAMILY 38
#define CAP_NET_ADMIN_BIT 12
#define CAP_SYS_ADMIN_BIT 21
/* iocbs of one io_submit() looked at */
#define SIM_IOCB_MAX 64

/* struct sockaddr_alg without the kernel header (its salg_name[64]). */
/*
 * struct sockaddr_alg_new without the kernel header: since 5.9 alg_bind()
 * takes any addr_len from the header plus one byte up to the 128 bytes of a
 * sockaddr_storage, and ends the name at its last byte (salg_name[addr_len -
 * 24 - 1] = 0), so a short address is as valid as the classic 88 bytes.
 */
#define ALG_ADDR_HDR 24
#define ALG_ADDR_MAX 128 /* sizeof(struct sockaddr_storage): bind() refuses more */
struct alg_addr {
	uint16_t family;
	unsigned char type[14];
	uint32_t feat, mask;
	unsigned char name[ALG_ADDR_MAX - ALG_ADDR_HDR];
};
_Static_assert(sizeof(struct alg_addr) == ALG_ADDR_MAX, "sockaddr_alg_new layout");

struct run_ctx {
	const struct sim_opts *o;
	int m;
	struct sim_result *r;
	int listener;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	EVP_MD_CTX *md_out, *md_err;
	char linebuf[SIM_ERROR_LINE_MAX + 1]; /* the stderr line being gathered */
	size_t linelen;
	bool line_over;
	uint64_t init_userns;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool read_mem(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = {.iov_base = buf, .iov_len = len};
	struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = len};

	return addr && process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len;
}

/* Still the same call of the same task? (its tid may be reused once it died) */
static bool notif_valid(struct run_ctx *c)
{
	uint64_t id = c->req->id;

	return ioctl(c->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

/* A field of /proc/TID/status (common/procstatus.h). */
static bool status_field(pid_t tid, const char *key, char *out, size_t outsz)
{
	return afalg_proc_status(tid, key, out, outsz) == 0;
}

static uint64_t ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (uint64_t)st.st_ino;
}

/*
 * The capability M5 asks for: CAP_NET_ADMIN in the initial user namespace,
 * or CAP_SYS_ADMIN (capable(): also the initial namespace).  The initial
 * namespace is taken to be PID 1's: simulate runs in the host's PID namespace.
 */
static bool privileged(struct run_ctx *c, pid_t tid)
{
	char fn[64];
	uint64_t caps;

	if (afalg_proc_cap_eff(tid, &caps))
		return false;
	snprintf(fn, sizeof(fn), "/proc/%d/ns/user", (int)tid);
	if (!c->init_userns || ns_ino(fn) != c->init_userns)
		return false;
	return (caps >> CAP_NET_ADMIN_BIT & 1) || (caps >> CAP_SYS_ADMIN_BIT & 1);
}

/*
 * Is fd of the thread tid's process an AF_ALG socket?  -1: cannot tell.
 * Every splice() and io_submit() of the tree asks, so the common case costs
 * no /proc read: pidfd_open() takes the tid itself when it leads its thread
 * group, and says EINVAL for another thread, whose group leader is then
 * read from /proc.
 */
static int fd_is_afalg(pid_t tid, int fd)
{
	char v[32];
	int pidfd, mine, domain = -1;
	socklen_t len = sizeof(domain);
	long tgid;

	if (fd < 0)
		return -1;
	pidfd = (int)syscall(__NR_pidfd_open, tid, 0);
	if (pidfd < 0 && errno == EINVAL && status_field(tid, "Tgid", v, sizeof(v)) &&
	    (tgid = strtol(v, NULL, 10)) > 0)
		pidfd = (int)syscall(__NR_pidfd_open, (pid_t)tgid, 0);
	if (pidfd < 0)
		return -1;
	mine = (int)syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (mine < 0)
		return errno == EBADF ? 0 : -1;
	if (getsockopt(mine, SOL_SOCKET, SO_DOMAIN, &domain, &len))
		domain = -1; /* not a socket (ENOTSOCK) */
	close(mine);
	return domain == AF_ALG_FAMILY;
}

static void add_program(struct sim_result *r, const char *exe)
{
	if (!*exe)
		return;
	for (unsigned i = 0; i < r->nprograms; i++)
		if (!strcmp(r->programs[i], exe))
			return;
	if (r->nprograms < SIM_PROGRAMS_MAX)
		snprintf(r->programs[r->nprograms++], AFALG_PATH_LEN, "%s", exe);
}

static void read_exe(pid_t tid, char *out, size_t outsz)
{
	char fn[64];
	ssize_t n;

	snprintf(fn, sizeof(fn), "/proc/%d/exe", (int)tid);
	n = readlink(fn, out, outsz - 1);
	out[n > 0 ? n : 0] = '\0';
}

/* tid's executable did what measure m changes without an error */
static void add_doer(struct sim_result *r, pid_t tid, int m)
{
	char exe[AFALG_PATH_LEN];

	read_exe(tid, exe, sizeof(exe));
	if (!*exe)
		return;
	for (unsigned i = 0; i < r->ndoers; i++)
		if (!strcmp(r->doers[i].exe, exe)) {
			r->doers[i].what |= 1u << m;
			return;
		}
	if (r->ndoers < SIM_PROGRAMS_MAX) {
		snprintf(r->doers[r->ndoers].exe, AFALG_PATH_LEN, "%s", exe);
		r->doers[r->ndoers++].what = 1u << m;
	}
}

static void add_bound(struct sim_result *r, const char *type, const char *name)
{
	for (unsigned i = 0; i < r->nbound; i++)
		if (!strcmp(r->bound[i].type, type) && !strcmp(r->bound[i].name, name)) {
			r->bound[i].count++;
			return;
		}
	if (r->nbound < SIM_BOUND_MAX) {
		struct sim_bound *b = &r->bound[r->nbound++];

		snprintf(b->type, sizeof(b->type), "%s", type);
		snprintf(b->name, sizeof(b->name), "%s", name);
		b->count = 1;
	}
}

/*
 * Where the call came from, as the tracer records it (bpf/afalg_trace.h):
 * the instruction pointer at the system call and the word on top of the
 * user stack (the caller of a leaf libc wrapper), each located in the file
 * mapped there now, while the caller waits for the answer.
 */
static void locate(pid_t tid, uint64_t ip, struct afalg_frame site[AFALG_SITE_FRAMES])
{
	char fn[64], line[512];
	uint64_t sp = 0, ret = 0;
	FILE *f;

	memset(site, 0, sizeof(struct afalg_frame) * AFALG_SITE_FRAMES);
	site[0].addr = ip;
	/* /proc/TID/syscall: "nr a0 .. a5 sp pc" while it is in the call */
	snprintf(fn, sizeof(fn), "/proc/%d/syscall", (int)tid);
	f = fopen(fn, "re");
	if (f) {
		if (fgets(line, sizeof(line), f)) {
			char *tok, *save = NULL, *last2 = NULL, *last1 = NULL;

			for (tok = strtok_r(line, " \n", &save); tok;
			     tok = strtok_r(NULL, " \n", &save)) {
				last2 = last1;
				last1 = tok;
			}
			if (last2)
				sp = strtoull(last2, NULL, 16);
		}
		fclose(f);
	}
	if (sp && read_mem(tid, sp, &ret, sizeof(ret)))
		site[1].addr = ret;
	for (int i = 0; i < AFALG_SITE_FRAMES; i++) {
		uint64_t off;
		uint32_t dev;
		uint64_t ino;

		if (site[i].addr && symbolize_maps_lookup(tid, site[i].addr, site[i].path,
							  sizeof(site[i].path), &off, &dev, &ino)) {
			site[i].file_off = off;
			site[i].dev = dev;
			site[i].ino = ino;
			site[i].resolved = 1;
		}
	}
}

static void record_denied(struct run_ctx *c, pid_t tid, const struct sim_call *call, int err,
			  const char *exe)
{
	struct sim_result *r = c->r;
	struct sim_denied *d;

	r->denied_total++;
	if (r->ndenied >= SIM_DENIED_MAX)
		return;
	d = &r->denied[r->ndenied++];
	memset(d, 0, sizeof(*d));
	d->is_bind = call->is_bind;
	d->pid = tid;
	d->err = err;
	snprintf(d->exe, sizeof(d->exe), "%s", exe);
	if (call->is_bind) {
		snprintf(d->type, sizeof(d->type), "%s", call->type);
		snprintf(d->name, sizeof(d->name), "%s", call->name);
	}
	{
		char fn[64];
		int fd;
		ssize_t n;

		snprintf(fn, sizeof(fn), "/proc/%d/comm", (int)tid);
		fd = open(fn, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, d->comm, sizeof(d->comm) - 1);
			d->comm[n > 0 ? n : 0] = '\0';
			d->comm[strcspn(d->comm, "\n")] = '\0';
			close(fd);
		}
	}
	locate(tid, c->req->data.instruction_pointer, d->site);
}

/* An AF_ALG socket() or bind(): the policy decides.  Returns the error to fail it with. */
static int afalg_call(struct run_ctx *c, pid_t tid, struct sim_call *call)
{
	char exe[AFALG_PATH_LEN];
	bool applies = false;
	int err;

	if (call->is_bind) {
		c->r->n_bind++;
		add_bound(c->r, call->type, call->name);
		add_doer(c->r, tid, SIM_M3);
	} else {
		c->r->n_socket++;
	}
	if (c->m < 0)
		return 0;
	if (c->m == SIM_M5 && call->is_bind)
		call->privileged_proc = privileged(c, tid);
	err = sim_policy(c->m, c->o->allow, call, &applies);
	if (!applies)
		return 0;
	c->r->applied++;
	read_exe(tid, exe, sizeof(exe));
	add_program(c->r, exe);
	if (err)
		record_denied(c, tid, call, err, exe);
	return err;
}

/* bind(fd, addr, len) with the address at addr in the caller: AF_ALG? */
static int on_bind(struct run_ctx *c, pid_t tid, uint64_t addr, uint64_t len)
{
	struct alg_addr a;
	char type[sizeof(a.type) + 1], name[sizeof(a.name) + 1];
	struct sim_call call = {.is_bind = true, .type = type, .name = name};
	size_t n = len < sizeof(a) ? (size_t)len : sizeof(a);

	memset(&a, 0, sizeof(a));
	if (n < sizeof(a.family))
		return 0; /* the kernel says EINVAL itself */
	if (!read_mem(tid, addr, &a, n) || !notif_valid(c)) {
		/* cannot see the family: an AF_ALG bind may pass unexamined */
		c->r->unreadable++;
		return 0;
	}
	if (a.family != AF_ALG_FAMILY || len < ALG_ADDR_HDR + 1 || len > ALG_ADDR_MAX)
		return 0; /* not AF_ALG, or a length alg_bind()/bind() fail with EINVAL */
	/* as alg_bind(): the type ends at its last byte, the name at addr_len's */
	memcpy(type, a.type, sizeof(a.type));
	type[sizeof(a.type) - 1] = '\0';
	memcpy(name, a.name, sizeof(a.name));
	name[len - ALG_ADDR_HDR - 1] = '\0';
	return afalg_call(c, tid, &call);
}

/* io_submit(ctx, nr, iocbpp): iocbs on AF_ALG sockets (M2). */
static void on_io_submit(struct run_ctx *c, pid_t tid, const uint64_t *args)
{
	uint64_t ptrs[SIM_IOCB_MAX];
	long nr = (long)args[1];
	size_t n = nr <= 0 ? 0 : nr > SIM_IOCB_MAX ? SIM_IOCB_MAX : (size_t)nr;

	if (!n)
		return;
	if (!read_mem(tid, args[2], ptrs, n * sizeof(ptrs[0]))) {
		c->r->unreadable++;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t fd; /* struct iocb: aio_fildes at offset 20 */

		if (!read_mem(tid, ptrs[i] + 20, &fd, sizeof(fd))) {
			c->r->unreadable++;
			continue;
		}
		if (fd_is_afalg(tid, (int)fd) == 1) {
			c->r->io_submit++;
			add_doer(c->r, tid, SIM_M2);
		}
	}
}

static void handle_notification(struct run_ctx *c)
{
	struct seccomp_notif *q = c->req;
	struct seccomp_notif_resp *p = c->resp;
	pid_t tid;
	const uint64_t *a;
	bool compat;
	int err = 0;

	memset(q, 0, sizeof(*q));
	if (ioctl(c->listener, SECCOMP_IOCTL_NOTIF_RECV, q) < 0)
		return; /* EINTR, or the caller died (ENOENT) */
	tid = (pid_t)q->pid;
	a = (const uint64_t *)q->data.args;
	switch (sim_filter_kind(q->data.arch, q->data.nr, &compat)) {
	case SIM_CALL_SOCKET:
		if (compat)
			c->r->compat++;
		if ((int)a[0] == AF_ALG_FAMILY) {
			struct sim_call call = {.is_bind = false};

			err = afalg_call(c, tid, &call);
		}
		break;
	case SIM_CALL_BIND:
		if (compat)
			c->r->compat++;
		err = on_bind(c, tid, compat ? (uint32_t)a[1] : a[1], a[2]);
		break;
	case SIM_CALL_SOCKETCALL: {
		uint32_t sa[3];

		c->r->compat++;
		/* linux/net.h: SYS_SOCKET 1, SYS_BIND 2 */
		if (a[0] != 1 && a[0] != 2)
			break;
		if (!read_mem(tid, (uint32_t)a[1], sa, sizeof(sa))) {
			c->r->unreadable++;
			break;
		}
		if (a[0] == 1 && (int)sa[0] == AF_ALG_FAMILY) {
			struct sim_call call = {.is_bind = false};

			err = afalg_call(c, tid, &call);
		} else if (a[0] == 2) {
			err = on_bind(c, tid, sa[1], sa[2]);
		}
		break;
	}
	case SIM_CALL_SPLICE:
		if (fd_is_afalg(tid, (int)a[2]) == 1) {
			c->r->splice++;
			add_doer(c->r, tid, SIM_M1);
		}
		break;
	case SIM_CALL_SENDFILE:
		if (fd_is_afalg(tid, (int)a[0]) == 1) {
			c->r->sendfile++;
			add_doer(c->r, tid, SIM_M1);
		}
		break;
	case SIM_CALL_IO_SUBMIT:
		on_io_submit(c, tid, a);
		break;
	case SIM_CALL_IO_URING_SETUP:
		c->r->io_uring_setup++;
		break;
	case SIM_CALL_OTHER:
		break;
	}
	memset(p, 0, sizeof(*p));
	p->id = q->id;
	if (err) {
		p->error = -err;
	} else {
		p->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	/* ENOENT: the caller died meanwhile; nothing to answer */
	(void)ioctl(c->listener, SECCOMP_IOCTL_NOTIF_SEND, p);
}

static void error_line_byte(struct run_ctx *c, unsigned char ch)
{
	struct sim_result *r = c->r;

	if (r->nerror_lines >= SIM_ERROR_LINES)
		return;
	if (ch == '\n') {
		if (c->linelen || c->line_over) {
			memcpy(r->error_lines[r->nerror_lines], c->linebuf, c->linelen);
			r->error_lines[r->nerror_lines++][c->linelen] = '\0';
		}
		c->linelen = 0;
		c->line_over = false;
		return;
	}
	if (c->linelen < SIM_ERROR_LINE_MAX && ch != '\0' && ch != '\r')
		c->linebuf[c->linelen++] = (char)ch;
	else
		c->line_over = true;
}

/* Read what is there on an output pipe; false at end of file. */
static bool drain(struct run_ctx *c, int fd, bool is_err)
{
	unsigned char buf[16384];
	struct sim_stream *s = is_err ? &c->r->err : &c->r->out;
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	s->bytes += (uint64_t)n;
	EVP_DigestUpdate(is_err ? c->md_err : c->md_out, buf, (size_t)n);
	/* kept always (the verdict compares lines); written out with --keep-output */
	if (s->kept_len < SIM_KEEP_MAX) {
		size_t k = (size_t)n < SIM_KEEP_MAX - s->kept_len ? (size_t)n
								  : SIM_KEEP_MAX - s->kept_len;

		if (!s->kept)
			s->kept = calloc(1, SIM_KEEP_MAX + 1);
		if (s->kept) {
			memcpy(s->kept + s->kept_len, buf, k);
			s->kept_len += k;
		}
	}
	if (is_err)
		for (ssize_t i = 0; i < n; i++)
			error_line_byte(c, buf[i]);
	return true;
}

/* SIGKILL every process below this one (the tree, reparented to us or not). */
static void kill_tree(pid_t top_pgid)
{
	DIR *d;
	struct dirent *e;
	pid_t self = getpid();

	if (top_pgid > 0)
		kill(-top_pgid, SIGKILL);
	/* what left the process group: all our children are the tree (subreaper) */
	for (int round = 0; round < 4; round++) {
		bool any = false;

		d = opendir("/proc");
		if (!d)
			return;
		while ((e = readdir(d))) {
			char v[32];
			long pid = strtol(e->d_name, NULL, 10);

			if (pid <= 0)
				continue;
			if (status_field((pid_t)pid, "PPid", v, sizeof(v)) &&
			    strtol(v, NULL, 10) == (long)self) {
				kill((pid_t)pid, SIGKILL);
				any = true;
			}
		}
		closedir(d);
		if (!any)
			return;
	}
}

static __attribute__((noreturn)) void child(const struct sim_opts *o, int sock, int out, int err)
{
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC), listener;
	struct msghdr msg = {0};
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov;
	struct cmsghdr *cm;
	char one = 1;
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	listener = sim_filter_install(o->need_nnp);
	if (listener < 0) {
		int e = errno;

		(void)!write(sock, &e, sizeof(e));
		_exit(127);
	}
	memset(cbuf, 0, sizeof(cbuf));
	iov.iov_base = &one;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &listener, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		_exit(127);
	close(listener);
	execvp(o->argv[0], o->argv);
	{
		int e = errno;

		(void)!write(sock, &e, sizeof(e));
	}
	_exit(127);
}

/* The listener from the child; or -1 and *child_err (its errno) when it failed. */
static int recv_listener(int sock, int *child_err)
{
	struct msghdr msg = {0};
	char cbuf[CMSG_SPACE(sizeof(int))];
	int e = 0, fd = -1;
	struct iovec iov = {.iov_base = &e, .iov_len = sizeof(e)};
	struct cmsghdr *cm;
	ssize_t n;

	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	for (cm = CMSG_FIRSTHDR(&msg); n > 0 && cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (fd < 0)
		*child_err = n == (ssize_t)sizeof(e) ? e : EIO;
	return fd;
}

static int setup(struct run_ctx *c)
{
	struct seccomp_notif_sizes sizes;

	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		afalg_errno("simulate", errno, "seccomp user notification is not available");
		return -1;
	}
	c->req = calloc(1, sizes.seccomp_notif > sizeof(*c->req) ? sizes.seccomp_notif
								 : sizeof(*c->req));
	c->resp = calloc(1, sizes.seccomp_notif_resp > sizeof(*c->resp) ? sizes.seccomp_notif_resp
									: sizeof(*c->resp));
	c->md_out = EVP_MD_CTX_new();
	c->md_err = EVP_MD_CTX_new();
	if (!c->req || !c->resp || !c->md_out || !c->md_err ||
	    !EVP_DigestInit_ex(c->md_out, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(c->md_err, EVP_sha256(), NULL)) {
		afalg_err("simulate", "out of memory");
		return -1;
	}
	c->init_userns = ns_ino("/proc/1/ns/user");
	return 0;
}

static void teardown(struct run_ctx *c)
{
	free(c->req);
	free(c->resp);
	EVP_MD_CTX_free(c->md_out);
	EVP_MD_CTX_free(c->md_err);
}

/* Reap what has exited; true once no child is left. */
static bool reap(struct sim_result *r, pid_t main_pid, bool *main_done, double t0)
{
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);

		if (p < 0)
			return errno == ECHILD;
		if (p == 0)
			return false;
		if (p == main_pid) {
			*main_done = true;
			r->wall_s = now_s() - t0;
			r->exited = WIFEXITED(st);
			r->status = WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st);
			r->core = WIFSIGNALED(st) && WCOREDUMP(st);
		}
	}
}

int sim_run(const struct sim_opts *o, int m, struct sim_result *r)
{
	struct run_ctx c = {.o = o, .m = m, .r = r, .listener = -1};
	int sv[2] = {-1, -1}, outp[2] = {-1, -1}, errp[2] = {-1, -1}, sfd = -1, child_err = 0;
	bool main_done = false, out_open = true, err_open = true, tree_gone = false, hup = false;
	int interrupted = 0;
	sigset_t chld, old;
	double t0, deadline;
	pid_t pid;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->measure = m;
	if (setup(&c))
		goto out;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	/* interrupted: the tree (its own process group) is killed, not left behind */
	sigaddset(&chld, SIGINT);
	sigaddset(&chld, SIGTERM);
	sigaddset(&chld, SIGHUP);
	sigprocmask(SIG_BLOCK, &chld, &old);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) || pipe2(outp, O_CLOEXEC) ||
	    pipe2(errp, O_CLOEXEC) || (sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		afalg_errno("simulate", errno, "cannot set up a run");
		goto out;
	}
	/* orphans of the tree are reparented here, so the run waits for them too */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	t0 = now_s();
	pid = fork();
	if (pid < 0) {
		afalg_errno("simulate", errno, "fork");
		goto out;
	}
	if (pid == 0) {
		close(sv[0]);
		child(o, sv[1], outp[1], errp[1]);
	}
	setpgid(pid, pid); /* also in the child: whichever runs first */
	close(sv[1]);
	sv[1] = -1;
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	c.listener = recv_listener(sv[0], &child_err);
	if (c.listener < 0) {
		waitpid(pid, NULL, 0);
		afalg_errno(
			o->argv[0], child_err,
			child_err == EACCES || child_err == EPERM || child_err == EINVAL
				? "cannot install the seccomp filter (Linux 5.5+ with seccomp user "
				  "notification needed)"
				: "cannot install the seccomp filter");
		goto out;
	}
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	deadline = o->timeout_s > 0 ? t0 + o->timeout_s : 0;
	while (!tree_gone || out_open || err_open) {
		struct pollfd pf[4] = {
			{.fd = hup ? -1 : c.listener, .events = POLLIN},
			{.fd = out_open ? outp[0] : -1, .events = POLLIN},
			{.fd = err_open ? errp[0] : -1, .events = POLLIN},
			{.fd = sfd, .events = POLLIN},
		};
		int wait_ms = -1;

		if (tree_gone) {
			/* everyone has exited: what is left in the pipes is there now,
			 * unless a process outside the tree holds a copy of them */
			wait_ms = 0;
			pf[0].fd = pf[3].fd = -1;
		} else if (deadline) {
			double left = deadline - now_s();

			wait_ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
		}
		if (poll(pf, 4, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			afalg_errno("simulate", errno, "poll");
			break;
		}
		if (pf[0].revents & POLLIN)
			handle_notification(&c);
		else if (pf[0].revents & (POLLHUP | POLLERR))
			hup = true; /* no task uses the filter any more (Linux 5.8+) */
		if (pf[1].revents)
			out_open = drain(&c, outp[0], false);
		if (pf[2].revents)
			err_open = drain(&c, errp[0], true);
		if (tree_gone && !(pf[1].revents | pf[2].revents))
			break;
		if (pf[3].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo != SIGCHLD && !interrupted) {
					interrupted = (int)si.ssi_signo;
					kill_tree(pid);
				}
		}
		if (!tree_gone)
			tree_gone = reap(r, pid, &main_done, t0);
		if (!tree_gone && deadline && now_s() >= deadline && !r->timed_out) {
			r->timed_out = true;
			kill_tree(pid);
		}
	}
	if (c.linelen && r->nerror_lines < SIM_ERROR_LINES) {
		memcpy(r->error_lines[r->nerror_lines], c.linebuf, c.linelen);
		r->error_lines[r->nerror_lines++][c.linelen] = '\0';
	}
	EVP_DigestFinal_ex(c.md_out, r->out.sha256, NULL);
	EVP_DigestFinal_ex(c.md_err, r->err.sha256, NULL);
	if (interrupted) {
		afalg_err("simulate", "interrupted by SIG%s: the run's processes were killed",
			  sigabbrev_np(interrupted) ? sigabbrev_np(interrupted) : "?");
		goto out;
	}
	if (!main_done) {
		r->wall_s = now_s() - t0;
		r->exited = false;
		r->status = SIGKILL;
	}
	ret = 0;
out:
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (sfd >= 0)
		close(sfd);
	if (c.listener >= 0)
		close(c.listener);
	sigprocmask(SIG_SETMASK, &old, NULL);
	teardown(&c);
	return ret;
}

void sim_result_free(struct sim_result *r)
{
	free(r->out.kept);
	free(r->err.kept);
	r->out.kept = r->err.kept = NULL;
}
