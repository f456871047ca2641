// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Package archives read in place, never unpacked to disk: a .deb is an ar
 * archive (parsed here: three members, fixed 60-byte headers) whose
 * data.tar.{xz,zst,gz,bz2} libarchive streams from the file mapping; an .rpm
 * is a lead and two headers (pkgmeta.c) followed by a compressed cpio payload.
 *
 * Memory: libarchive gets the mapping block by block, and the pages behind
 * the block it is given are handed back (they stay in the page cache), so a
 * 100 MB archive does not pile up in the resident set.  Small members are
 * analysed in a heap buffer (within the shared budget); big ELF members are
 * spooled to an unlinked temporary file (spool.c) and analysed from its
 * mapping exactly like an installed file, in slices handed back as they go.
 *
 * Hostile archives: each member is analysed only if it looks like something
 * we analyse (ELF, script), only up to max_member bytes.  Per archive, over
 * all its streams (control.tar, data.tar, the cpio payload): every byte
 * decompressed counts against max_expansion, the tar and cpio headers and
 * members skipped or never analysed included, and every entry read counts
 * against max_entries; libarchive is never left to skip a member on its own
 * (that would decompress it in one call, out of our sight), so a
 * decompression bomb or a flood of headers stops at the limit with one error
 * naming the archive, and the scan marks itself incomplete (exit 2).  The
 * names of recorded library symlinks are bounded too (LINK_NAMES_MAX).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "fileio.h"
#include "mapguard.h"
#include "pkgmeta.h"
#include "scan_ctx.h"
#include "spool.h"

#define AR_MAGIC "!<arch>\n"
#define AR_HDR 60
#define ELF_MAGIC "\177ELF"
#define CONTROL_MAX (16u << 20)
#define CHUNK 65536
/* What libarchive is handed at a time; the pages before it go back. */
#define READ_BLOCK (1u << 20)
/*
 * Memory a hostile archive may pin through library symlinks (kept until the
 * end for resolve.c): their names, plus a slot's worth each.  A real
 * archive's take a few KB.
 */
#define LINK_NAMES_MAX (16u << 20)
#define LINK_SLOT 64
/* A member fetched again (archive_fetch_members) is read into memory whole. */
#define FETCH_MAX (256u << 20)

/* Reads: >= 0 bytes, or one of these. */
enum {
	RD_ERROR = -1,	   /* libarchive's error (archive_error_string) */
	RD_EXPANSION = -2, /* over max_expansion */
	RD_ENTRIES = -3,   /* over max_entries */
	RD_LINKS = -4,	   /* over LINK_NAMES_MAX */
};

enum archive_kind archive_detect(const unsigned char *head, size_t n)
{
	static const unsigned char rpm_magic[4] = {0xed, 0xab, 0xee, 0xdb};

	if (n >= 8 + 13 && !memcmp(head, AR_MAGIC, 8) && !memcmp(head + 8, "debian-binary", 13))
		return ARCHIVE_DEB;
	if (n >= 4 && !memcmp(head, rpm_magic, 4))
		return ARCHIVE_RPM;
	return ARCHIVE_NONE;
}

struct archive_job {
	struct scan_ctx *ctx;
	const char *path;	  /* the archive */
	const unsigned char *map; /* its file mapping */
	size_t map_size;
	size_t dropped; /* pages before this offset were handed back */
	const char *package, *version;
	const char *source; /* source package: control's Source (else Package), SOURCERPM */
	uint64_t expanded;   /* member bytes handed to us (sparse holes included) */
	uint64_t streamed;   /* bytes decompressed by the streams already closed */
	uint64_t entries;    /* headers read, all streams */
	uint64_t link_bytes; /* library symlinks recorded (LINK_NAMES_MAX) */
	bool failed;	     /* an archive-level error was reported */
	bool stop;	     /* a limit was reached: nothing more is read */
	/* archive_fetch_members(): only these members (sorted), each handed to
	 * fetched(); nothing reported */
	const char *const *want;
	size_t nwant, nleft;
	bool *seen;
	archive_fetch_fn *fetched;
	void *fetched_arg;
};

/* An error about the archive as a whole: "<msg>" or "<msg>: <detail>". */
static void archive_error(struct archive_job *j, const char *msg, const char *detail)
{
	struct file_result *r;

	j->failed = true;
	if (j->want) /* fetching again: the scan already said what was wrong */
		return;
	j->ctx->incomplete = true; /* the archive was not read in full */
	if (!(r = result_new(j->path, NULL)))
		return;
	r->package = j->package;
	r->version = j->version;
	r->source_package = j->source;
	/* Whatever went wrong after a truncation came from the zeros (mapguard.c). */
	if (mapguard_shrank(j->map))
		msg = "file shrank while being read", detail = NULL;
	result_set_error(r, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
	ctx_submit(j->ctx, r);
}

static void member_error(struct archive_job *j, const char *member, const char *what,
			 unsigned long long v)
{
	struct file_result *r;

	if (j->want)
		return;
	j->ctx->incomplete = true; /* a member not analysed */
	if (!(r = result_new(member, j->path)))
		return;
	r->package = j->package;
	r->version = j->version;
	r->source_package = j->source;
	result_set_error(r, "%s (%llu bytes)", what, v);
	ctx_submit(j->ctx, r);
}

/*
 * A stretch of the archive's mapping, fed to libarchive a block at a time.
 * libarchive keeps no pointer into a block once it asks for the next one, so
 * everything before the block handed out can leave the resident set; pages
 * touched again later (the next ar header) are simply read in again.  The
 * mapping is private and never written, so dropped pages come back from the
 * file unchanged (or as mapguard.c's zeros after a truncation).
 */
struct block_reader {
	struct archive_job *job;
	const unsigned char *data;
	size_t size, pos;
};

static void drop_behind(struct archive_job *j, const unsigned char *upto)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo = (uintptr_t)j->map + j->dropped, hi = (uintptr_t)upto & ~(page - 1);

	if (upto > j->map && upto <= j->map + j->map_size && hi > lo) {
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
		j->dropped = hi - (uintptr_t)j->map;
	}
}

static la_ssize_t block_read(struct archive *a, void *arg, const void **buf)
{
	struct block_reader *br = arg;
	size_t n = br->size - br->pos < READ_BLOCK ? br->size - br->pos : READ_BLOCK;

	(void)a;
	drop_behind(br->job, br->data + br->pos);
	*buf = br->data + br->pos;
	br->pos += n;
	return (la_ssize_t)n;
}

static la_int64_t block_skip(struct archive *a, void *arg, la_int64_t request)
{
	struct block_reader *br = arg;
	size_t n = br->size - br->pos;

	(void)a;
	if (request < 0)
		return 0;
	if ((uint64_t)request < n)
		n = (size_t)request;
	br->pos += n;
	return (la_int64_t)n;
}

static struct archive *open_stream(struct block_reader *br, bool tar)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	if (tar)
		archive_read_support_format_tar(a);
	else
		archive_read_support_format_cpio(a);
	archive_read_set_read_callback(a, block_read);
	archive_read_set_skip_callback(a, block_skip);
	archive_read_set_callback_data(a, br);
	/* On failure the caller reports archive_error_string before freeing. */
	archive_read_open1(a);
	return a;
}

/*
 * Over max_expansion?  Two counts, each bounded: what libarchive has
 * decompressed (its format-level position: headers, padding and member data,
 * read or skipped), and the member bytes handed to us (more than that for
 * sparse members, whose holes come as zeros).  Cheap: checked per header and
 * per chunk of data.
 */
static bool over_expansion(struct archive_job *j, struct archive *a)
{
	la_int64_t pos = archive_filter_bytes(a, 0);
	uint64_t lim = j->ctx->lim.max_expansion;

	return j->expanded > lim || (pos > 0 && j->streamed + (uint64_t)pos > lim);
}

/* The next header, counted against both limits: ARCHIVE_* or RD_*. */
static int next_entry(struct archive_job *j, struct archive *a, struct archive_entry **ent)
{
	int rc = archive_read_next_header(a, ent);

	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
		return rc;
	if (++j->entries > j->ctx->lim.max_entries)
		return RD_ENTRIES;
	if (over_expansion(j, a))
		return RD_EXPANSION;
	return rc;
}

/* Done with a stream: what it decompressed stays counted. */
static void close_stream(struct archive_job *j, struct archive *a)
{
	la_int64_t pos = archive_filter_bytes(a, 0);

	if (pos > 0)
		j->streamed += (uint64_t)pos;
	archive_read_free(a);
}

/* A limit reached: one error for the archive, and nothing more read from it. */
static void limit_error(struct archive_job *j, int why)
{
	char msg[256];

	if (why == RD_ENTRIES)
		snprintf(msg, sizeof(msg),
			 "more than %llu entries (--max-entries; a flood of headers?): rest "
			 "of the archive skipped",
			 (unsigned long long)j->ctx->lim.max_entries);
	else if (why == RD_LINKS)
		snprintf(msg, sizeof(msg),
			 "library symlinks with more than %u MiB of names (a hostile "
			 "archive?): rest of the archive skipped",
			 LINK_NAMES_MAX >> 20);
	else
		snprintf(msg, sizeof(msg),
			 "decompressed size exceeds the limit (--max-expansion; a "
			 "decompression bomb?): rest of the archive skipped");
	j->stop = true;
	archive_error(j, msg, NULL);
}

/* Read up to n bytes of the current entry, counted: bytes, or RD_ERROR/RD_EXPANSION. */
static long read_entry(struct archive_job *j, struct archive *a, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		la_ssize_t got = archive_read_data(a, (char *)buf + done, n - done);

		/* After a truncation only zeros are left to read (mapguard.c). */
		if (got < 0 || mapguard_shrank(j->map))
			return RD_ERROR;
		if (got == 0)
			break;
		done += (size_t)got;
		j->expanded += (uint64_t)got;
		if (over_expansion(j, a))
			return RD_EXPANSION;
	}
	return (long)done;
}

/*
 * Consume the rest of an entry without keeping it (the stream must be read
 * anyway), counted: never left to archive_read_next_header(), which would
 * skip it in one call, decompressing all of it.  0, or RD_*.
 */
static int drain_entry(struct archive_job *j, struct archive *a)
{
	static __thread char scratch[CHUNK];
	long got;

	while ((got = read_entry(j, a, scratch, sizeof(scratch))) > 0)
		;
	return (int)got;
}

static char *member_path(const char *name)
{
	char *p;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (!strcmp(name, "."))
		name = "";
	if (asprintf(&p, "%s%s", name[0] == '/' ? "" : "/", name) < 0)
		return NULL;
	return p;
}

static struct file_result *member_result(struct archive_job *j, const char *mpath)
{
	struct file_result *r = result_new(mpath, j->path);

	if (r) {
		r->package = j->package;
		r->version = j->version;
		r->source_package = j->source;
		j->ctx->members++;
	}
	return r;
}

/*
 * A big ELF member: written to an unlinked temporary file and analysed from
 * its mapping like an installed file (code in slices handed back), so memory
 * does not grow with the member.  head: its first got bytes, already read.
 * 0 ok, 1 no temporary file (the member is untouched past head: the caller
 * falls back to memory), or RD_ERROR/RD_EXPANSION.
 */
static int spool_member(struct archive_job *j, struct archive *a, const char *mpath,
			const unsigned char *head, size_t got, uint64_t want)
{
	struct scan_ctx *ctx = j->ctx;
	unsigned char *chunk;
	uint64_t done = got;
	struct mapping m;
	struct file_result *r;
	int fd, err;
	bool write_err;
	long n = 0;

	fd = spool_open(ctx);
	if (fd < 0)
		return 1;
	if (!(chunk = malloc(READ_BLOCK))) {
		close(fd);
		return 1;
	}
	err = spool_write(fd, head, got);
	while (!err && done < want) {
		n = read_entry(j, a, chunk, want - done < READ_BLOCK ? want - done : READ_BLOCK);
		if (n <= 0)
			break;
		err = spool_write(fd, chunk, (size_t)n);
		done += (uint64_t)n;
	}
	free(chunk);
	write_err = err != 0;
	if (n < 0) {
		close(fd);
		return (int)n;
	}
	if (err || (err = map_file(fd, (size_t)done, &m))) {
		char what[256];

		snprintf(what, sizeof(what), "cannot %s a temporary copy in %s: %s",
			 write_err ? "write" : "map", spool_dir(), strerror(-err));
		member_error(j, mpath, what, (unsigned long long)want);
	} else {
		if ((r = member_result(j, mpath))) {
			scan_buffer(ctx, m.data, m.size, true, r);
			ctx_submit(ctx, r);
		}
		unmap_file(&m);
	}
	close(fd);
	return drain_entry(j, a);
}

/*
 * Member buffers over 1 MiB come straight from mmap and go straight back.
 * Through malloc they would soon come from the heap (glibc raises its mmap
 * threshold to the size of each mapped block freed), where freed memory
 * stays resident.
 */
#define MEMBER_MMAP (1u << 20)

static unsigned char *member_alloc(uint64_t n)
{
	void *p;

	if (n <= MEMBER_MMAP)
		return malloc(n ? n : 1);
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	return p;
}

static void member_free(unsigned char *p, uint64_t n)
{
	if (n <= MEMBER_MMAP)
		free(p);
	else
		munmap(p, n);
}

/* Analyse one regular member.  0 ok, or RD_*. */
static int scan_member(struct archive_job *j, struct archive *a, struct archive_entry *ent,
		       const char *mpath)
{
	struct scan_ctx *ctx = j->ctx;
	unsigned char head[512], *buf;
	la_int64_t declared = archive_entry_size(ent);
	long got, rest;
	struct file_result *r;
	uint64_t want;

	got = read_entry(j, a, head, sizeof(head));
	if (got < 0)
		return (int)got;
	if (!scan_wants(mpath, head, (size_t)got))
		return drain_entry(j, a);
	if (declared < 0 || (uint64_t)declared > ctx->lim.max_member) {
		member_error(j, mpath, "member too large to analyse in memory",
			     (unsigned long long)declared);
		return drain_entry(j, a);
	}
	want = (uint64_t)declared > (uint64_t)got ? (uint64_t)declared : (uint64_t)got;
	/* Scripts are read up to max_script anyway; big ELF files go to disk. */
	if (want > ctx->lim.max_in_memory && got >= 4 && !memcmp(head, ELF_MAGIC, 4)) {
		int rc = spool_member(j, a, mpath, head, (size_t)got, want);

		if (rc <= 0)
			return rc;
	}
	ctx_mem_acquire(ctx, want);
	buf = member_alloc(want);
	if (!buf) {
		ctx_mem_release(ctx, want);
		member_error(j, mpath, "out of memory", (unsigned long long)want);
		return drain_entry(j, a);
	}
	memcpy(buf, head, (size_t)got);
	rest = (uint64_t)got < want ? read_entry(j, a, buf + got, want - (uint64_t)got) : 0;
	if (rest >= 0 && (r = member_result(j, mpath))) {
		scan_buffer(ctx, buf, (size_t)got + (size_t)rest, false, r);
		ctx_submit(ctx, r);
	}
	member_free(buf, want);
	ctx_mem_release(ctx, want);
	return rest < 0 ? (int)rest : drain_entry(j, a);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fetch mode: which wanted member mpath is (its index), or -1. */
static long wanted(const struct archive_job *j, const char *mpath)
{
	const char *const *hit =
		mpath ? bsearch(&mpath, j->want, j->nwant, sizeof(*j->want), cmp_name) : NULL;

	return hit ? hit - j->want : -1;
}

/*
 * Fetch mode: a wanted member (index i) read whole into the heap and handed
 * to j->fetched(); stop after the last one.  0 or RD_*.
 */
static int fetch_member(struct archive_job *j, struct archive *a, struct archive_entry *ent,
			size_t i)
{
	la_int64_t declared = archive_entry_size(ent);
	unsigned char *buf;
	long got;

	if (j->seen[i]) /* the first of two entries with one name is the one scanned */
		return drain_entry(j, a);
	j->seen[i] = true;
	j->stop = --j->nleft == 0;
	if (declared <= 0 || (uint64_t)declared > j->ctx->lim.max_member ||
	    (uint64_t)declared > FETCH_MAX || !(buf = malloc((size_t)declared)))
		return j->stop ? 0 : drain_entry(j, a);
	got = read_entry(j, a, buf, (size_t)declared);
	if (got == (long)declared && !mapguard_shrank(j->map))
		j->fetched(j->fetched_arg, i, buf, (size_t)got);
	free(buf);
	return got < 0 ? (int)got : 0;
}

/* A library symlink for resolve.c, its names counted against LINK_NAMES_MAX.  0 or RD_LINKS. */
static int add_link(struct archive_job *j, const char *mpath, const char *target)
{
	j->link_bytes += strlen(mpath) + strlen(target) + LINK_SLOT;
	if (j->link_bytes > LINK_NAMES_MAX)
		return RD_LINKS;
	ctx_add_link(j->ctx, mpath, target);
	return 0;
}

/* After a stream ends early: the one error it deserves (none if one was given). */
static void stream_error(struct archive_job *j, struct archive *a, int rc, const char *what)
{
	if (rc == RD_EXPANSION || rc == RD_ENTRIES || rc == RD_LINKS)
		limit_error(j, rc);
	else if (!j->failed)
		archive_error(j, what, archive_error_string(a));
}

/* Every entry of a tar or cpio payload. */
static void scan_payload(struct archive_job *j, const void *data, size_t size, bool tar)
{
	struct block_reader br = {.job = j, .data = data, .size = size};
	struct archive *a = open_stream(&br, tar);
	struct archive_entry *ent;
	int rc;

	if (!a) {
		archive_error(j, "out of memory", NULL);
		return;
	}
	while ((rc = next_entry(j, a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent), *target;
		char *mpath = NULL;

		if (name && !(mpath = member_path(name))) {
			rc = ARCHIVE_FATAL;
			archive_error(j, "out of memory", NULL);
			break;
		}
		if (j->want) {
			long i = archive_entry_filetype(ent) == AE_IFREG ? wanted(j, mpath) : -1;

			rc = i >= 0 ? fetch_member(j, a, ent, (size_t)i) : drain_entry(j, a);
		} else if (!mpath)
			rc = drain_entry(j, a);
		else if (archive_entry_filetype(ent) == AE_IFLNK &&
			 (target = archive_entry_symlink(ent)) && strstr(mpath, ".so"))
			rc = add_link(j, mpath, target);
		else if (archive_entry_filetype(ent) == AE_IFREG)
			rc = scan_member(j, a, ent, mpath);
		else
			rc = drain_entry(j, a); /* nothing, usually; a hard link's data maybe */
		free(mpath);
		if (rc < 0 || j->stop)
			break;
	}
	if (rc != ARCHIVE_EOF && !j->stop)
		stream_error(j, a, rc, "payload");
	close_stream(j, a);
}

/*
 * control.tar.*: the "control" file gives Package and Version.  The entries
 * before it are read through (counted) like any other; the rest of the
 * stream is left unread.
 */
static void read_control(struct archive_job *j, const void *data, size_t size)
{
	struct block_reader br = {.job = j, .data = data, .size = size};
	struct archive *a = open_stream(&br, true);
	struct archive_entry *ent;
	char pkg[256], ver[256], src[256], sname[256];
	int rc;

	if (!a) {
		archive_error(j, "out of memory", NULL);
		return;
	}
	while ((rc = next_entry(j, a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		la_int64_t declared = archive_entry_size(ent);
		/* The size tar declares, within the cap: control files are a few KB. */
		size_t cap =
			declared >= 0 && declared < CONTROL_MAX ? (size_t)declared : CONTROL_MAX;
		char *text;
		long n;

		if (!name || (strcmp(name, "./control") && strcmp(name, "control"))) {
			if ((rc = drain_entry(j, a)) < 0)
				break;
			continue;
		}
		if (!(text = malloc(cap ? cap : 1))) {
			rc = ARCHIVE_FATAL;
			archive_error(j, "out of memory", NULL);
			break;
		}
		n = read_entry(j, a, text, cap);
		if (n > 0 && deb_control_field(text, (size_t)n, "Package", pkg, sizeof(pkg))) {
			j->package = ctx_intern(j->ctx, pkg);
			if (deb_control_field(text, (size_t)n, "Version", ver, sizeof(ver)))
				j->version = ctx_intern(j->ctx, ver);
			/* Policy 5.6.1: no Source field means the source has the binary's name. */
			j->source = deb_control_field(text, (size_t)n, "Source", src, sizeof(src)) &&
					    deb_source_name(src, sname, sizeof(sname))
					    ? ctx_intern(j->ctx, sname)
					    : j->package;
		}
		free(text);
		rc = n < 0 ? (int)n : ARCHIVE_EOF; /* done: the rest is not needed */
		break;
	}
	if (rc != ARCHIVE_EOF)
		stream_error(j, a, rc, "control.tar");
	close_stream(j, a);
}

static bool parse_decimal(const char *s, size_t n, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n && s[i] != ' '; i++) {
		if (s[i] < '0' || s[i] > '9' || *v > UINT64_MAX / 10)
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

static void scan_deb(struct archive_job *j, const unsigned char *d, size_t n)
{
	size_t off = 8;
	bool data_seen = false;

	while (off + AR_HDR <= n) {
		const char *h = (const char *)d + off;
		char name[17];
		uint64_t sz;
		size_t len = 16;

		if (h[58] != '`' || h[59] != '\n' || !parse_decimal(h + 48, 10, &sz) ||
		    sz > n - off - AR_HDR) {
			archive_error(j, "malformed or truncated ar member header", NULL);
			return;
		}
		memcpy(name, h, 16);
		while (len && (name[len - 1] == ' ' || name[len - 1] == '/'))
			len--;
		name[len] = '\0';
		if (!strncmp(name, "control.tar", 11) && !j->want)
			read_control(j, d + off + AR_HDR, (size_t)sz);
		else if (!strncmp(name, "data.tar", 8)) {
			data_seen = true;
			scan_payload(j, d + off + AR_HDR, (size_t)sz, true);
		}
		if (j->stop)
			return;
		off += AR_HDR + (size_t)sz + (size_t)(sz & 1);
	}
	if (!data_seen && !j->failed)
		archive_error(j, "no data.tar member", NULL);
}

static void scan_rpm(struct archive_job *j, const unsigned char *d, size_t n)
{
	char pkg[256], ver[256], src[256];
	const char *why = NULL;
	size_t payload;

	if (!rpm_name_version(d, n, pkg, sizeof(pkg), ver, sizeof(ver), &why)) {
		archive_error(j, why, NULL);
		return;
	}
	if (!j->want) {
		j->package = ctx_intern(j->ctx, pkg);
		j->version = ctx_intern(j->ctx, ver);
		if (rpm_source_package(d, n, src, sizeof(src)))
			j->source = ctx_intern(j->ctx, src);
	}
	payload = rpm_payload_offset(d, n);
	if (!payload || payload >= n) {
		archive_error(j, "rpm has no payload", NULL);
		return;
	}
	scan_payload(j, d + payload, n - payload, false);
}

void archive_scan(struct scan_ctx *ctx, const char *path, const unsigned char *data, size_t size,
		  enum archive_kind kind)
{
	struct archive_job j = {.ctx = ctx, .path = path, .map = data, .map_size = size};

	if (kind == ARCHIVE_DEB)
		scan_deb(&j, data, size);
	else if (kind == ARCHIVE_RPM)
		scan_rpm(&j, data, size);
	/* Zeros after a truncation can read as a clean end of a tar stream. */
	if (!j.failed && mapguard_shrank(data))
		archive_error(&j, "file shrank while being read", NULL);
}

void archive_fetch_members(struct scan_ctx *ctx, const char *path, const char *const *members,
			   size_t n, archive_fetch_fn *fetched, void *arg)
{
	struct archive_job j = {.ctx = ctx,
				.path = path,
				.want = members,
				.nwant = n,
				.nleft = n,
				.fetched = fetched,
				.fetched_arg = arg};
	unsigned char head[32];
	struct mapping m;
	struct stat st;
	const char *why;
	enum archive_kind kind;
	long got;
	int fd;

	if (!n || !(j.seen = calloc(n, sizeof(*j.seen))))
		return;
	if ((fd = open_regular(path, NULL, &st, &why)) < 0) {
		free(j.seen);
		return;
	}
	got = read_at(fd, head, sizeof(head), 0);
	kind = got > 0 ? archive_detect(head, (size_t)got) : ARCHIVE_NONE;
	if (kind == ARCHIVE_NONE || map_file(fd, (size_t)st.st_size, &m) != 0 || !m.data) {
		close(fd);
		free(j.seen);
		return;
	}
	close(fd);
	j.map = m.data;
	j.map_size = m.size;
	if (kind == ARCHIVE_DEB)
		scan_deb(&j, m.data, m.size);
	else
		scan_rpm(&j, m.data, m.size);
	unmap_file(&m);
	free(j.seen);
}
