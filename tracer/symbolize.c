// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Call-site naming in a helper process (symbolize.h).  The tracer side keeps
 * a queue and sends one request at a time over a SOCK_SEQPACKET socket
 * pair; the helper answers each with one message.  Everything that touches
 * files of the traced programs — /proc/PID/maps and /proc/PID/exe, the
 * binaries, their debuginfo — happens in the helper.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "afalg.h"
#include "buildid.h"
#include "debuginfo.h"
#include "safeopen.h"
#include "symbolize.h"

#if defined(__SANITIZE_ADDRESS__)
#define SYM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SYM_SANITIZED 1
#endif
#endif

#define DEBUG_ROOT "/usr/lib/debug"
#define SYM_DATA_LIMIT (1ull << 30) /* the helper's heap, unless sanitized */
#define SYM_MAX_WARNINGS 10

uint32_t kernel_dev(dev_t dev)
{
	return (uint32_t)((major(dev) << 20) | (minor(dev) & 0xfffff));
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630

/*
 * Is the file (st, and fd or path for statfs) the one the kernel saw?
 * Files mapped from an overlayfs are the real (lower or upper) files, so
 * their device is not the overlay's; there the inode number alone is
 * compared (overlayfs reports the real inode number of non-directories when
 * all layers are on one file system or with xino).
 */
static bool same_file(const struct stat *st, int fd, const char *path, uint32_t dev, uint64_t ino)
{
	struct statfs sfs;

	if (!S_ISREG(st->st_mode) || (uint64_t)st->st_ino != ino)
		return false;
	if (!dev || kernel_dev(st->st_dev) == dev)
		return true;
	if (fd >= 0 ? fstatfs(fd, &sfs) : statfs(path, &sfs))
		return false;
	return (unsigned long)sfs.f_type == OVERLAYFS_SUPER_MAGIC;
}

bool symbolize_same_file(const char *path, uint32_t dev, uint64_t ino)
{
	struct stat st;

	return lstat(path, &st) == 0 && same_file(&st, -1, path, dev, ino);
}

/* ---- the helper: naming ---- */

/* What the tracer asks. */
struct sym_req {
	uint64_t seq;
	uint32_t tgid;
	uint32_t exe_dev;
	uint64_t exe_ino;
	char exe[AFALG_PATH_LEN]; /* the kernel's path of the executable */
	struct afalg_frame frames[AFALG_SITE_FRAMES];
};

/* What the helper answers. */
struct sym_resp {
	uint64_t seq;
	char exe[AFALG_PATH_LEN];
	char build_id[AFALG_BUILD_ID_HEX_SIZE];
	struct sym_frame frames[AFALG_SITE_FRAMES];
};

/* From /proc/tgid/maps: the file mapped at addr and the file offset. */
bool symbolize_maps_lookup(pid_t tgid, uint64_t addr, char *path, size_t pathsz, uint64_t *off,
			   uint32_t *dev, uint64_t *ino)
{
	char fn[64], line[4096 + 256];
	FILE *f;
	bool found = false;

	snprintf(fn, sizeof(fn), "/proc/%d/maps", (int)tgid);
	f = fopen(fn, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		uint64_t start, end, pgoff, inode;
		unsigned int maj, min;
		int n = 0;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %x:%x %" SCNu64 " %n",
			   &start, &end, &pgoff, &maj, &min, &inode, &n) < 6)
			continue;
		if (addr < start || addr >= end || !inode || !n || line[n] != '/')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(path, pathsz, "%s", line + n);
		*off = addr - start + pgoff;
		*dev = (maj << 20) | min;
		*ino = inode;
		found = true;
	}
	fclose(f);
	return found;
}

/* File offset -> the ELF's own virtual address, through its PT_LOAD headers. */
static bool offset_to_vaddr(Elf *elf, uint64_t off, uint64_t *vaddr)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n && i < 65536; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (off >= ph.p_offset && off - ph.p_offset < ph.p_filesz) {
			*vaddr = off - ph.p_offset + ph.p_vaddr;
			return true;
		}
	}
	return false;
}

/* Where a frame's address lives (file, offset) and what (dev, ino) it must be. */
static void locate_frame(const struct afalg_frame *f, pid_t tgid, struct sym_frame *out,
			 uint32_t *dev, uint64_t *ino)
{
	uint64_t off = f->file_off;

	memset(out, 0, sizeof(*out));
	out->addr = f->addr;
	*dev = f->dev;
	*ino = f->ino;
	if (!f->addr)
		return;
	if (f->resolved) {
		memcpy(out->file, f->path, sizeof(out->file));
		out->file[sizeof(out->file) - 1] = '\0';
	} else if (!symbolize_maps_lookup(tgid, f->addr, out->file, sizeof(out->file), &off, dev,
					  ino)) {
		return; /* no bpf_find_vma() and the process is gone: address only */
	}
	out->offset = off;
}

/*
 * Function and source line of a located frame, from its symbols and
 * debuginfo (common/debuginfo.h: the same naming and the same debug-file
 * policy as the scan, with this machine's /usr/lib/debug and the frame's
 * file for its .gnu_debuglink).  The file is opened here (regular, not a
 * symlink, the (dev, ino) the kernel saw: "valid"); the offset is turned
 * into the file's own address here, and a return address (every frame but
 * the first) into its call instruction's (- 1).
 */
static void describe_frame(struct sym_frame *out, uint32_t dev, uint64_t ino, bool is_return)
{
	struct afalg_debuginfo_where where = {.debug_root = DEBUG_ROOT, .module_path = out->file};
	struct afalg_debuginfo di;
	const char *why;
	struct stat st;
	uint64_t vaddr;
	char *name, *src;
	Elf *elf;
	int fd;

	if (!out->addr || !out->file[0])
		return;
	fd = afalg_open_ro(AT_FDCWD, out->file, AFALG_RO_NOFOLLOW, SYM_MAX_FILE, &st, &why);
	if (fd < 0)
		return;
	out->valid = same_file(&st, fd, NULL, dev, ino);
	elf = out->valid ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (elf && elf_kind(elf) == ELF_K_ELF && offset_to_vaddr(elf, out->offset, &vaddr)) {
		uint64_t lookup = vaddr - (is_return ? 1 : 0);

		afalg_debuginfo_init(&di, elf, &where);
		name = afalg_debuginfo_function(&di, lookup);
		if (name)
			snprintf(out->function, sizeof(out->function), "%s", name);
		if (afalg_debuginfo_source(&di, lookup, &src, &out->line))
			snprintf(out->source, sizeof(out->source), "%s", src);
		else
			out->line = 0;
		free(name);
		free(src);
		afalg_debuginfo_free(&di);
	}
	if (elf)
		elf_end(elf);
	close(fd);
}

/*
 * The executable: the kernel's path is as the process's own root names it
 * (trace_core.bpf.h, file_path(): across mounts, up to its chroot or
 * container root), or "" when the kernel could not be sure of it; prefer
 * what /proc says, if that path still names the same binary here.  Its build-id
 * from /proc/PID/exe itself (the very file the process runs, if it is still
 * the process the kernel saw), else from the path, checked the same way.
 */
static void resolve_exe(const struct sym_req *rq, struct sym_resp *rs)
{
	char link[64], path[AFALG_PATH_LEN];
	const char *why;
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(link, sizeof(link), "/proc/%u/exe", rq->tgid);
	n = readlink(link, path, sizeof(path) - 1);
	if (n > 0) {
		path[n] = '\0';
		if (symbolize_same_file(path, rq->exe_dev, rq->exe_ino))
			memcpy(rs->exe, path, (size_t)n + 1);
	}
	fd = afalg_open_ro(AT_FDCWD, link, 0, SYM_MAX_FILE, &st, &why);
	if (fd >= 0 && !same_file(&st, fd, NULL, rq->exe_dev, rq->exe_ino)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		const char *p = rs->exe[0] ? rs->exe : rq->exe;

		if (!p[0])
			return;
		fd = afalg_open_ro(AT_FDCWD, p, AFALG_RO_NOFOLLOW, SYM_MAX_FILE, &st, &why);
		if (fd >= 0 && !same_file(&st, fd, NULL, rq->exe_dev, rq->exe_ino)) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0) {
		unsigned char id[AFALG_BUILD_ID_MAX];

		afalg_build_id_hex(id, afalg_build_id_fd(fd, id), rs->build_id);
		close(fd);
	}
}

/* Tests of the time limit only: a request naming this string never ends. */
static void test_stall(const struct sym_req *rq)
{
	const char *stall = getenv("AFALG_TEST_SYMBOLIZER_STALL");

	if (!stall || !*stall)
		return;
	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		if (strstr(rq->exe, stall) || strstr(rq->frames[i].path, stall))
			for (;;)
				pause();
}

static void handle(const struct sym_req *rq, struct sym_resp *rs)
{
	uint32_t dev[AFALG_SITE_FRAMES];
	uint64_t ino[AFALG_SITE_FRAMES];

	memset(rs, 0, sizeof(*rs));
	rs->seq = rq->seq;
	test_stall(rq);
	/* The maps first, while the process may still live. */
	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		locate_frame(&rq->frames[i], (pid_t)rq->tgid, &rs->frames[i], &dev[i], &ino[i]);
	resolve_exe(rq, rs);
	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		describe_frame(&rs->frames[i], dev[i], ino[i], i > 0);
}

/* Keep only what naming needs: reading any file, and other processes' /proc. */
static void drop_capabilities(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];
	uint64_t keep = (1ull << CAP_DAC_READ_SEARCH) | (1ull << CAP_SYS_PTRACE);

	if (syscall(SYS_capget, &h, d) != 0)
		return;
	for (int i = 0; i < 2; i++) {
		d[i].effective &= (uint32_t)(keep >> (32 * i));
		d[i].permitted &= (uint32_t)(keep >> (32 * i));
		d[i].inheritable = 0;
	}
	syscall(SYS_capset, &h, d);
}

static void close_other_fds(int keep)
{
	if (close_range((unsigned)keep + 1, ~0u, 0) == 0)
		return;
	for (int fd = keep + 1; fd < 65536; fd++)
		close(fd);
}

static __attribute__((noreturn)) void helper_main(int sock, pid_t parent)
{
	struct sym_req rq;
	struct sym_resp rs;
	struct rlimit rl = {0, 0};
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* Stopped by its socket's end (the tracer closing it or gone) or SIGKILL. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (sock != 3) {
		if (dup2(sock, 3) < 0)
			_exit(1);
		sock = 3;
	}
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
	}
	close_other_fds(sock); /* the tracer's BPF objects, its outputs */
	/* In a memory-limited cgroup (the systemd unit's), this one goes first. */
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1000", 4) < 0) {
			/* best effort */
		}
		close(fd);
	}
	setrlimit(RLIMIT_CORE, &rl);
#ifndef SYM_SANITIZED
	/* (a sanitizer's shadow memory counts as data) */
	rl.rlim_cur = rl.rlim_max = SYM_DATA_LIMIT;
	setrlimit(RLIMIT_DATA, &rl);
#endif
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	drop_capabilities();
	elf_version(EV_CURRENT);
	for (;;) {
		ssize_t n = recv(sock, &rq, sizeof(rq), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(rq))
			_exit(0); /* end of the socket, or not our message */
		rq.exe[sizeof(rq.exe) - 1] = '\0';
		for (int i = 0; i < AFALG_SITE_FRAMES; i++)
			rq.frames[i].path[sizeof(rq.frames[i].path) - 1] = '\0';
		handle(&rq, &rs);
		if (send(sock, &rs, sizeof(rs), MSG_NOSIGNAL) != (ssize_t)sizeof(rs))
			_exit(0);
	}
}

/* ---- the tracer's side ---- */

struct sym_item {
	struct sym_req req;
	struct afalg_key key;
	bool have_frames;
};

struct symbolizer {
	struct sym_item *q; /* ring of cap items from head, n of them used */
	size_t cap, head, n;
	uint64_t seq;
	pid_t pid; /* the helper, or 0 */
	int sock;
	bool inflight; /* q[head] was sent */
	double sent_at;
	double sent_cpu; /* the helper's CPU time then */
	bool disabled;	 /* the helper cannot be started */
	bool resent;	 /* q[head] could not be sent: a new helper was started for it */
	unsigned warnings;
	pid_t zombies[16];
	unsigned nzombies;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time (user + system) the helper has used, in seconds; 0 if unknown. */
static double helper_cpu(pid_t pid)
{
	char fn[64], buf[1024], *p;
	unsigned long long ut, st;
	ssize_t n;
	int fd;

	snprintf(fn, sizeof(fn), "/proc/%d/stat", (int)pid);
	fd = open(fn, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* after "pid (comm) ": state is field 3, utime 14, stime 15 */
	p = strrchr(buf, ')');
	if (!p ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

struct symbolizer *symbolizer_new(void)
{
	struct symbolizer *s = calloc(1, sizeof(*s));

	if (s)
		s->sock = -1;
	return s;
}

static void reap(struct symbolizer *s)
{
	unsigned k = 0;

	for (unsigned i = 0; i < s->nzombies; i++)
		if (waitpid(s->zombies[i], NULL, WNOHANG) == 0)
			s->zombies[k++] = s->zombies[i];
	s->nzombies = k;
}

/* Stop the helper without waiting for it (it may be stuck in the kernel). */
static void stop_helper(struct symbolizer *s, bool kill_it)
{
	if (s->sock >= 0)
		close(s->sock);
	s->sock = -1;
	if (s->pid > 0) {
		if (kill_it)
			kill(s->pid, SIGKILL);
		if (waitpid(s->pid, NULL, WNOHANG) == 0) {
			if (s->nzombies == sizeof(s->zombies) / sizeof(s->zombies[0])) {
				kill(s->zombies[0], SIGKILL);
				memmove(s->zombies, s->zombies + 1,
					sizeof(s->zombies) - sizeof(s->zombies[0]));
				s->nzombies--;
			}
			s->zombies[s->nzombies++] = s->pid;
		}
	}
	s->pid = 0;
	s->inflight = false;
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	if (s->pid > 0) {
		pid_t pid = s->pid;

		/* The end of the socket ends it; give it a moment, then kill it. */
		s->pid = 0;
		close(s->sock);
		s->sock = -1;
		for (int i = 0; i < 20 && waitpid(pid, NULL, WNOHANG) == 0; i++)
			usleep(5000);
		if (waitpid(pid, NULL, WNOHANG) == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, WNOHANG);
		}
	}
	stop_helper(s, true);
	for (unsigned i = 0; i < s->nzombies; i++)
		kill(s->zombies[i], SIGKILL);
	usleep(s->nzombies ? 10000 : 0);
	reap(s);
	free(s->q);
	free(s);
}

static int spawn(struct symbolizer *s)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		helper_main(sv[1], parent);
	}
	close(sv[1]);
	s->sock = sv[0];
	s->pid = pid;
	return 0;
}

static void unnamed_from(const struct sym_item *it, struct sym_result *out)
{
	memset(out, 0, sizeof(*out));
	out->key = it->key;
	out->have_frames = it->have_frames;
	for (int i = 0; i < AFALG_SITE_FRAMES; i++) {
		const struct afalg_frame *f = &it->req.frames[i];

		out->frames[i].addr = f->addr;
		if (f->addr && f->resolved) {
			memcpy(out->frames[i].file, f->path, sizeof(out->frames[i].file));
			out->frames[i].file[sizeof(out->frames[i].file) - 1] = '\0';
			out->frames[i].offset = f->file_off;
		}
	}
}

static void fill_item(struct sym_item *it, const struct afalg_event *ev)
{
	memset(it, 0, sizeof(*it));
	it->key = ev->key;
	it->req.tgid = ev->tgid;
	it->req.exe_dev = ev->key.exe_dev;
	it->req.exe_ino = ev->key.exe_ino;
	memcpy(it->req.exe, ev->exe, sizeof(it->req.exe));
	it->req.exe[sizeof(it->req.exe) - 1] = '\0';
	memcpy(it->req.frames, ev->site, sizeof(it->req.frames));
	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		it->req.frames[i].path[sizeof(it->req.frames[i].path) - 1] = '\0';
	it->have_frames = ev->site[0].addr || ev->site[1].addr;
}

void symbolizer_unnamed(const struct afalg_event *ev, struct sym_result *out)
{
	struct sym_item it;

	fill_item(&it, ev);
	unnamed_from(&it, out);
}

bool symbolizer_submit(struct symbolizer *s, const struct afalg_event *ev)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		struct sym_item *nq;

		if (s->cap >= SYM_QUEUE_MAX || !(nq = calloc(ncap, sizeof(*nq))))
			return false;
		for (size_t i = 0; i < s->n; i++)
			nq[i] = s->q[(s->head + i) % s->cap];
		free(s->q);
		s->q = nq;
		s->cap = ncap;
		s->head = 0;
	}
	fill_item(&s->q[(s->head + s->n) % s->cap], ev);
	s->q[(s->head + s->n) % s->cap].req.seq = ++s->seq;
	s->n++;
	return true;
}

static void pop(struct symbolizer *s)
{
	s->head = (s->head + 1) % s->cap;
	s->n--;
	s->inflight = false;
	s->resent = false;
}

/* The program a request is about, for messages. */
static const char *item_name(const struct sym_item *it)
{
	if (it->req.exe[0])
		return it->req.exe;
	for (int i = 0; i < AFALG_SITE_FRAMES; i++)
		if (it->req.frames[i].addr && it->req.frames[i].resolved)
			return it->req.frames[i].path;
	return "trace";
}

/* The request in flight failed: the helper goes, the finding stays (unnamed). */
static void fail_head(struct symbolizer *s, const char *why, sym_done_fn done, void *ctx)
{
	struct sym_item *it = &s->q[s->head];
	struct sym_result r;

	stop_helper(s, true);
	if (s->warnings < SYM_MAX_WARNINGS)
		afalg_warn(item_name(it),
			   "call site left unnamed: %s (naming goes on in a new "
			   "helper)",
			   why);
	else if (s->warnings == SYM_MAX_WARNINGS)
		afalg_warn("trace", "more call sites left unnamed: not reported");
	s->warnings++;
	unnamed_from(it, &r);
	pop(s);
	done(ctx, &r);
}

bool symbolizer_pump(struct symbolizer *s, double budget, sym_done_fn done, void *ctx)
{
	double end = now_s() + budget;

	if (!s)
		return false;
	reap(s);
	for (;;) {
		struct sym_result r;

		if (s->inflight) {
			struct sym_item *it = &s->q[s->head];
			struct sym_resp rs;
			ssize_t n = recv(s->sock, &rs, sizeof(rs), MSG_DONTWAIT);
			double t;

			if (n == (ssize_t)sizeof(rs) && rs.seq == it->req.seq) {
				memset(&r, 0, sizeof(r));
				r.key = it->key;
				r.have_frames = it->have_frames;
				memcpy(r.exe, rs.exe, sizeof(r.exe));
				r.exe[sizeof(r.exe) - 1] = '\0';
				memcpy(r.build_id, rs.build_id, sizeof(r.build_id));
				r.build_id[sizeof(r.build_id) - 1] = '\0';
				memcpy(r.frames, rs.frames, sizeof(r.frames));
				for (int i = 0; i < AFALG_SITE_FRAMES; i++) {
					r.frames[i].file[sizeof(r.frames[i].file) - 1] = '\0';
					r.frames[i].function[sizeof(r.frames[i].function) - 1] =
						'\0';
					r.frames[i].source[sizeof(r.frames[i].source) - 1] = '\0';
				}
				pop(s);
				done(ctx, &r);
				continue;
			}
			if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
				fail_head(s, "the naming helper stopped", done, ctx);
				continue;
			}
			t = now_s();
			if (t - s->sent_at >= SYM_WALL_S ||
			    helper_cpu(s->pid) - s->sent_cpu >= SYM_CPU_S) {
				char why[96];

				snprintf(why, sizeof(why), "naming it took longer than %g s%s",
					 t - s->sent_at >= SYM_WALL_S ? SYM_WALL_S : SYM_CPU_S,
					 t - s->sent_at >= SYM_WALL_S ? "" : " of CPU time");
				fail_head(s, why, done, ctx);
				continue;
			}
			if (t >= end)
				return true;
			{
				/* CPU time looked at again at least every 0.5 s */
				double w = end - t < 0.5 ? end - t : 0.5;
				struct pollfd p = {.fd = s->sock, .events = POLLIN};

				poll(&p, 1, (int)(w * 1000) + 1);
			}
			continue;
		}
		if (!s->n)
			return false;
		if (!s->disabled && s->sock < 0 && spawn(s) < 0) {
			afalg_errno("trace", errno,
				    "cannot start the call-site naming helper: call sites are "
				    "recorded by address only");
			s->disabled = true;
		}
		if (s->disabled) {
			unnamed_from(&s->q[s->head], &r);
			pop(s);
			done(ctx, &r);
			continue;
		}
		if (send(s->sock, &s->q[s->head].req, sizeof(s->q[s->head].req),
			 MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)sizeof(s->q[s->head].req)) {
			/* A helper that ended while idle: a new one, once, for this request. */
			if (!s->resent) {
				s->resent = true;
				stop_helper(s, true);
				continue;
			}
			s->inflight = true;
			fail_head(s, "the naming helper stopped", done, ctx);
			continue;
		}
		s->resent = false;
		s->inflight = true;
		s->sent_at = now_s();
		s->sent_cpu = helper_cpu(s->pid);
	}
}

void symbolizer_drop(struct symbolizer *s, sym_done_fn done, void *ctx)
{
	if (!s)
		return;
	stop_helper(s, true);
	while (s->n) {
		struct sym_result r;

		unnamed_from(&s->q[s->head], &r);
		pop(s);
		done(ctx, &r);
	}
}

/* glibc/musl wrappers whose caller is the interesting frame. */
static bool is_syscall_wrapper(const char *fn)
{
	static const char *const wrappers[] = {"socket",  "__socket",	   "bind",	   "__bind",
					       "syscall", "__libc_socket", "__GI___socket"};

	for (size_t i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++)
		if (!strcmp(fn, wrappers[i]))
			return true;
	return false;
}

int symbolize_site_index(const struct sym_frame frames[AFALG_SITE_FRAMES])
{
	if (!frames[0].valid)
		return frames[1].valid ? 1 : -1;
	if (is_syscall_wrapper(frames[0].function))
		return frames[1].valid ? 1 : -1;
	return 0;
}
