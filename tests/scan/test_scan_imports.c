// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * imports.c on test-built files (tests/scan/progs/libimp.c, libimpplain.c,
 * imp_v1.c, imp_v2.c): the exact import list of each, with versions and the
 * files that define them, on x86-64 and aarch64 (programs), i386 (32-bit)
 * and big-endian aarch64 (shared objects); the matcher's answers; then
 * corrupted and truncated copies: a list or "unknown", never a crash.
 *
 * Usage: test_scan_imports IMPORTS_TREE
 *        test_scan_imports --measure DIR...   (imports and bytes of every ELF file below)
 */
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libelf.h>

#include "imports.h"
#include "linkrec.h"

static const char *tree;

static unsigned char *slurp(const char *arch, const char *name, size_t *n)
{
	char path[4096];
	unsigned char *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s/%s", tree, arch, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open (built by scan/build-progs)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* imports_read on a private copy of img[0..n) (libelf may write to its image). */
static bool read_image(const unsigned char *img, size_t n, struct imports *im)
{
	unsigned char *copy = malloc(n ? n : 1);
	Elf *e;
	bool ok;

	assert_non_null(copy);
	memcpy(copy, img, n);
	e = elf_memory((char *)copy, n);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		free(copy);
		memset(im, 0, sizeof(*im));
		im->unknown = true;
		return false;
	}
	ok = imports_read(e, im);
	elf_end(e);
	free(copy);
	return ok;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const kinds[] = {"func", "notype", "ifunc", "object"};

/*
 * "name@version(file):kind" per import, sorted, joined by spaces.  skip_libc:
 * leave out what the C library and its start files bring (versions required
 * from libc.so.6, names starting with '_'), which differ per toolchain.
 */
static char *describe(const struct imports *im, bool skip_libc)
{
	char **lines = calloc(im->nsyms + 1, sizeof(*lines)), *out;
	size_t n = 0, total = 1;

	assert_non_null(lines);
	for (size_t i = 0; i < im->nsyms; i++) {
		const struct import_sym *s = &im->syms[i];
		const struct import_version *v = s->version ? &im->versions[s->version - 1] : NULL;

		assert_true(s->version <= im->nversions);
		if (skip_libc && (s->name[0] == '_' || (v && !strcmp(v->file, "libc.so.6"))))
			continue;
		if (v)
			assert_true(asprintf(&lines[n], "%s@%s(%s):%s", s->name, v->name, v->file,
					     kinds[s->kind]) > 0);
		else
			assert_true(asprintf(&lines[n], "%s:%s", s->name, kinds[s->kind]) > 0);
		total += strlen(lines[n++]) + 1;
	}
	qsort(lines, n, sizeof(*lines), str_cmp);
	out = calloc(1, total);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return out;
}

static const char *const archs[] = {"x86_64", "aarch64", "i386", "aarch64_be"};

/* Programs link the C library; the i386 and big-endian shared objects do not. */
static bool has_libc(const char *arch)
{
	return !strcmp(arch, "x86_64") || !strcmp(arch, "aarch64");
}

static void expect_imports(const char *arch, const char *file, const char *want)
{
	struct imports im;
	size_t n;
	unsigned char *img = slurp(arch, file, &n);
	char *got;

	assert_true(read_image(img, n, &im));
	assert_false(im.unknown);
	got = describe(&im, has_libc(arch));
	if (strcmp(got, want))
		fail_msg("%s/%s: imports\n  got  %s\n  want %s", arch, file, got, want);
	if (has_libc(arch) && !strncmp(file, "imp_", 4)) {
		bool start = false;

		/* The C library's entry is versioned, from libc.so.6. */
		for (size_t i = 0; i < im.nsyms; i++)
			if (!strcmp(im.syms[i].name, "__libc_start_main") && im.syms[i].version)
				start = !strcmp(im.versions[im.syms[i].version - 1].file,
						"libc.so.6") &&
					!strncmp(im.versions[im.syms[i].version - 1].name,
						 "GLIBC_2.", 8);
		assert_true(start);
	}
	free(got);
	imports_free(&im);
	free(img);
}

static void test_lists(void **state)
{
	(void)state;
	for (size_t a = 0; a < sizeof(archs) / sizeof(archs[0]); a++) {
		expect_imports(archs[a], "imp_v1", "imp_open@IMP_1(libimp.so):func");
		expect_imports(archs[a], "imp_v2",
			       "imp_open@IMP_2(libimp.so):func imp_ops@IMP_1(libimp.so):object "
			       "plain_fn:func");
		/* Libraries importing nothing of each other: only the C library's, if any. */
		expect_imports(archs[a], "libimp.so", "");
	}
}

/* ---- matcher ---- */

struct packed_file {
	struct import_names names;
	struct arena arena;
	const struct imports_packed *p[2]; /* imp_v1, imp_v2 */
};

static void pack_arch(const char *arch, struct packed_file *f)
{
	static const char *const progs[] = {"imp_v1", "imp_v2"};

	memset(f, 0, sizeof(*f));
	import_names_init(&f->names);
	for (size_t i = 0; i < 2; i++) {
		struct imports im;
		size_t n;
		unsigned char *img = slurp(arch, progs[i], &n);

		assert_true(read_image(img, n, &im));
		f->p[i] = imports_pack(&im, &f->names, &f->arena);
		assert_non_null(f->p[i]);
		/* Packed, then read back: the same list, deduplicated. */
		assert_true(f->p[i]->nsyms <= im.nsyms);
		for (size_t k = 0; k < f->p[i]->nsyms; k++) {
			const char *name, *version, *file;
			enum import_kind kind;
			bool found = false;

			imports_packed_get(&f->names, f->p[i], k, &name, &version, &file, &kind);
			for (size_t j = 0; j < im.nsyms && !found; j++) {
				const struct import_sym *s = &im.syms[j];
				const struct import_version *v =
					s->version ? &im.versions[s->version - 1] : NULL;

				found = !strcmp(s->name, name) &&
					(s->kind == IMPORT_OBJECT) == (kind == IMPORT_OBJECT) &&
					(v ? version && !strcmp(v->name, version) &&
							 !strcmp(v->file, file)
					   : !version && !file);
			}
			assert_true(found);
		}
		imports_free(&im);
		free(img);
	}
}

static void free_packed(struct packed_file *f)
{
	import_names_free(&f->names);
	arena_free(&f->arena);
}

static const struct import_export libimp[] = {
	{"imp_open", "IMP_1", false},
	{"imp_open", "IMP_2", true},
	{"imp_ops", "IMP_1", true},
	{"imp_close", "IMP_1", true},
};

static void expect_hits(const struct packed_file *f, int prog, const char *needed,
			const struct import_export *x, size_t n, const char *want)
{
	bool hit[8];
	char got[9] = {0};
	enum import_answer a = imports_match(&f->names, f->p[prog], needed, x, n, hit);

	assert_true(n < sizeof(hit));
	for (size_t i = 0; i < n; i++)
		got[i] = hit[i] ? '1' : '0';
	assert_string_equal(got, want);
	assert_int_equal(a, strchr(want, '1') ? IMPORTS_SOME : IMPORTS_NONE);
}

static void test_match(void **state)
{
	static const struct import_export plain[] = {{"plain_fn", NULL, true}};
	/* An unversioned import binds whatever the version (the conservative rule). */
	static const struct import_export plain_versioned[] = {{"plain_fn", "P_2", false}};
	/* A versioned import binds an unversioned definition in the file it names. */
	static const struct import_export open_unversioned[] = {{"imp_open", NULL, true}};
	static const struct import_export nobody[] = {{"never_imported", "IMP_1", true},
						      {"imp_close", NULL, true}};

	(void)state;
	for (size_t a = 0; a < sizeof(archs) / sizeof(archs[0]); a++) {
		struct packed_file f;

		pack_arch(archs[a], &f);
		expect_hits(&f, 0, "libimp.so", libimp, 4, "1000");
		expect_hits(&f, 1, "libimp.so", libimp, 4, "0110");
		/* Versioned imports name their file: not another library with those versions. */
		expect_hits(&f, 0, "libother.so", libimp, 4, "0000");
		expect_hits(&f, 1, "libimpplain.so", plain, 1, "1");
		expect_hits(&f, 0, "libimpplain.so", plain, 1, "0");
		expect_hits(&f, 1, "libimpplain.so", plain_versioned, 1, "1");
		expect_hits(&f, 0, "libimp.so", open_unversioned, 1, "1");
		expect_hits(&f, 1, "libimp.so", open_unversioned, 1, "1");
		expect_hits(&f, 1, "libimp.so", nobody, 2, "00");
		expect_hits(&f, 1, "libimp.so", libimp, 0, "");
		assert_int_equal(imports_match(&f.names, NULL, "libimp.so", libimp, 4, NULL),
				 IMPORTS_UNKNOWN);
		free_packed(&f);
	}
}

/* Bounds of the packed form: an unknown list and too many versions pack to NULL. */
static void test_pack_bounds(void **state)
{
	struct import_names names;
	struct arena arena = {0};
	struct import_sym sym = {"f", 1, IMPORT_FUNC};
	struct import_version v = {"V", "libx.so"};
	struct imports im = {.syms = &sym, .nsyms = 1, .versions = &v, .nversions = 1};
	const struct imports_packed *p;

	(void)state;
	import_names_init(&names);
	p = imports_pack(&im, &names, &arena);
	assert_non_null(p);
	assert_int_equal(imports_packed_bytes(p), 8 + 4 + 8 + 1);
	im.nversions = IMPORTS_MAX_VERSIONS + 1;
	assert_null(imports_pack(&im, &names, &arena));
	im.nversions = 1;
	im.unknown = true;
	assert_null(imports_pack(&im, &names, &arena));
	/* Nothing imported: a shared record, no bytes. */
	im.unknown = false;
	im.nsyms = 0;
	p = imports_pack(&im, &names, &arena);
	assert_non_null(p);
	assert_int_equal(p->nsyms, 0);
	assert_int_equal(imports_packed_bytes(p), 0);
	import_names_free(&names);
	arena_free(&arena);
}

/* ---- hostile copies (x86-64: 64-bit little-endian, patched in place) ---- */

struct scn_at {
	uint64_t hdr;  /* file offset of the section header */
	uint64_t data; /* of the section's bytes */
	uint64_t size;
};

/* Where the first section of a type is, in img. */
static struct scn_at find_scn(const unsigned char *img, size_t n, uint32_t type)
{
	unsigned char *copy = malloc(n);
	struct scn_at at = {0};
	Elf_Scn *scn = NULL;
	Elf *e;
	GElf_Ehdr eh;

	assert_non_null(copy);
	memcpy(copy, img, n);
	e = elf_memory((char *)copy, n);
	assert_non_null(e);
	assert_non_null(gelf_getehdr(e, &eh));
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == type) {
			at.hdr = eh.e_shoff + elf_ndxscn(scn) * (uint64_t)eh.e_shentsize;
			at.data = sh.sh_offset;
			at.size = sh.sh_size;
			break;
		}
	}
	elf_end(e);
	free(copy);
	assert_true(at.hdr != 0);
	return at;
}

static void put16(unsigned char *p, uint16_t v)
{
	memcpy(p, &v, 2); /* the test files are little-endian, like this host */
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void expect_unknown(const unsigned char *img, size_t n, const char *reason)
{
	struct imports im;

	if (read_image(img, n, &im))
		fail_msg("read, want unknown: %s", reason);
	assert_true(im.unknown);
	assert_null(im.syms);
	if (!im.reason || !strstr(im.reason, reason))
		fail_msg("reason \"%s\", want \"%s\"", im.reason ? im.reason : "(none)", reason);
	imports_free(&im);
}

static void test_hostile_versym(void **state)
{
	size_t n;
	unsigned char *img = slurp("x86_64", "imp_v2", &n), *bad = malloc(n);
	struct scn_at vs = find_scn(img, n, SHT_GNU_versym);
	struct scn_at sym = find_scn(img, n, SHT_DYNSYM);
	size_t nsym = (size_t)(sym.size / 24);

	(void)state;
	assert_non_null(bad);
	/* An undefined import whose index names no required version. */
	for (size_t i = 1; i < nsym; i++) {
		uint16_t shndx, ver;

		memcpy(&shndx, img + sym.data + i * 24 + 6, 2);
		memcpy(&ver, img + vs.data + i * 2, 2);
		if (shndx != SHN_UNDEF || ver < 2)
			continue;
		memcpy(bad, img, n);
		put16(bad + vs.data + i * 2, 0x63);
		expect_unknown(bad, n, "names no required version");
		break;
	}
	/* .gnu.version shorter than .dynsym (its sh_size: offset 32 of an Elf64_Shdr). */
	memcpy(bad, img, n);
	put64(bad + vs.hdr + 32, 4);
	expect_unknown(bad, n, "fewer entries than .dynsym");
	/* .gnu.version linked to another section (sh_link: offset 40). */
	memcpy(bad, img, n);
	put32(bad + vs.hdr + 40, 0);
	expect_unknown(bad, n, "not the one of .dynsym");
	free(bad);
	free(img);
}

static void test_hostile_verneed(void **state)
{
	size_t n;
	unsigned char *img = slurp("x86_64", "imp_v2", &n), *bad = malloc(n);
	struct scn_at vr = find_scn(img, n, SHT_GNU_verneed);
	struct imports im;
	uint32_t aux;

	(void)state;
	assert_non_null(bad);
	memcpy(&aux, img + vr.data + 8, 4); /* vn_aux of the first verneed */
	/* vn_next far past the section (imp_v2 requires from two files at least). */
	memcpy(bad, img, n);
	put32(bad + vr.data + 12, 0x7ffff000);
	expect_unknown(bad, n, "outside the section");
	/* A required file's name past its string table (vn_file: offset 4). */
	memcpy(bad, img, n);
	put32(bad + vr.data + 4, 0xfffffff0);
	expect_unknown(bad, n, "outside its string table");
	/* A version name past its string table (vna_name: offset 8 of the vernaux). */
	memcpy(bad, img, n);
	put32(bad + vr.data + aux + 8, 0xfffffff0);
	expect_unknown(bad, n, "outside its string table");
	/* A reserved index (vna_other: offset 6). */
	memcpy(bad, img, n);
	put16(bad + vr.data + aux + 6, 1);
	expect_unknown(bad, n, "reserved index");
	/*
	 * vn_cnt 65535 and every vernaux chained to the next 16 bytes: the walk
	 * reads the next verneed as a vernaux, then leaves the section; an answer
	 * or unknown, within the bounds either way.
	 */
	memcpy(bad, img, n);
	put16(bad + vr.data + 2, 0xffff);
	put32(bad + vr.data + aux + 12, 16);
	put32(bad + vr.data + aux + 16 + 12, 16);
	read_image(bad, n, &im);
	assert_true(im.nversions <= IMPORTS_MAX_VERSIONS);
	imports_free(&im);
	free(bad);
	free(img);
}

/* Truncated at many lengths and with bytes flipped: an answer or unknown, never a crash. */
static void test_hostile_fuzz(void **state)
{
	size_t n;
	unsigned char *img = slurp("x86_64", "imp_v2", &n), *bad = malloc(n);
	const uint32_t types[] = {SHT_GNU_versym, SHT_GNU_verneed, SHT_DYNSYM, SHT_STRTAB};
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(bad);
	for (size_t len = 0; len < n; len += len < 4096 ? 7 : 509) {
		struct imports im;

		read_image(img, len, &im);
		assert_true(im.nversions <= IMPORTS_MAX_VERSIONS);
		imports_free(&im);
	}
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		struct scn_at at = find_scn(img, n, types[t]);

		for (int round = 0; round < 400 && at.size; round++) {
			struct imports im;

			memcpy(bad, img, n);
			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245u + 12345u;
				bad[at.data + (seed >> 8) % at.size] ^=
					(unsigned char)(seed >> 24 | 1);
			}
			read_image(bad, n, &im);
			for (size_t i = 0; i < im.nsyms; i++)
				assert_true(im.syms[i].version <= im.nversions);
			imports_free(&im);
		}
	}
	free(bad);
	free(img);
}

/* ---- --measure: imports and bytes for every ELF file below some directories ---- */

static struct {
	struct import_names names;
	struct arena arena;
	size_t files, elf, unknown, raw, packed, records, max_syms, max_versions;
	size_t versions_hist[4]; /* ≤15, ≤31, ≤63, more */
} m;

static int measure_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	unsigned char *map;
	int fd;
	Elf *e;
	struct imports im;
	const struct imports_packed *p;

	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode) || st->st_size < 64)
		return 0;
	m.files++;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return 0;
	map = mmap(NULL, (size_t)st->st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	if (memcmp(map, ELFMAG, SELFMAG) || !(e = elf_memory((char *)map, (size_t)st->st_size))) {
		munmap(map, (size_t)st->st_size);
		return 0;
	}
	m.elf++;
	imports_read(e, &im);
	elf_end(e);
	munmap(map, (size_t)st->st_size);
	if (im.unknown) {
		m.unknown++;
		fprintf(stderr, "unknown: %s: %s\n", path, im.reason);
	}
	m.raw += im.nsyms;
	m.max_syms = im.nsyms > m.max_syms ? im.nsyms : m.max_syms;
	m.max_versions = im.nversions > m.max_versions ? im.nversions : m.max_versions;
	m.versions_hist[im.nversions <= 15   ? 0
			: im.nversions <= 31 ? 1
			: im.nversions <= 63 ? 2
					     : 3]++;
	if ((p = imports_pack(&im, &m.names, &m.arena))) {
		m.packed += p->nsyms;
		m.records += imports_packed_bytes(p);
	}
	imports_free(&im);
	return 0;
}

static int measure(int argc, char **argv)
{
	struct timespec t0, t1;

	import_names_init(&m.names);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < argc; i++)
		nftw(argv[i], measure_one, 64, FTW_PHYS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("files %zu, ELF %zu, imports unknown %zu\n", m.files, m.elf, m.unknown);
	printf("imports %zu (%.1f per ELF file), %zu after dropping duplicates\n", m.raw,
	       m.elf ? (double)m.raw / (double)m.elf : 0.0, m.packed);
	printf("records: %zu bytes (%.2f per import, %.0f per ELF file)\n", m.records,
	       m.packed ? (double)m.records / (double)m.packed : 0.0,
	       m.elf ? (double)m.records / (double)m.elf : 0.0);
	printf("names: %zu distinct, %zu bytes (strings, id table, hash slots)\n", m.names.n,
	       import_names_bytes(&m.names));
	printf("most imports in one file %zu; most required versions %zu "
	       "(files with <=15: %zu, <=31: %zu, <=63: %zu, more: %zu)\n",
	       m.max_syms, m.max_versions, m.versions_hist[0], m.versions_hist[1],
	       m.versions_hist[2], m.versions_hist[3]);
	printf("time %.2f s (read + pack, one thread)\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	import_names_free(&m.names);
	arena_free(&m.arena);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),		cmocka_unit_test(test_match),
		cmocka_unit_test(test_pack_bounds),	cmocka_unit_test(test_hostile_versym),
		cmocka_unit_test(test_hostile_verneed), cmocka_unit_test(test_hostile_fuzz),
	};

	elf_version(EV_CURRENT);
	if (argc > 2 && !strcmp(argv[1], "--measure"))
		return measure(argc - 2, argv + 2);
	if (argc != 2) {
		fprintf(stderr, "usage: %s IMPORTS_TREE | --measure DIR...\n", argv[0]);
		return 2;
	}
	tree = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
