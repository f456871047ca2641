// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* survey/debindex.c: Release and Packages files, their checks, impact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debindex.h"

#define SHA_A "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA_B "abcdefABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123"

static void release_sections(void **state)
{
	static const char text[] =
		"Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\n"
		"Date: Sat, 11 Jul 2026 10:16:37 UTC\n"
		"MD5Sum:\n 0123456789abcdef0123456789abcdef 12 main/binary-amd64/Packages\n"
		"SHA256:\n " SHA_A " 1234 main/binary-amd64/Packages.xz\n"
		"  " SHA_B "   99 contrib/binary-arm64/Packages\n";
	struct release r;
	char err[128];
	const struct release_file *f;

	(void)state;
	assert_int_equal(release_parse(text, strlen(text), &r, err, sizeof(err)), 0);
	assert_string_equal(r.codename, "bookworm");
	assert_string_equal(r.suite, "stable");
	assert_null(r.valid_until);
	/* Only the SHA256 section's lines: the MD5Sum line is not a file. */
	assert_int_equal(r.nfiles, 2);
	f = release_find(&r, "main/binary-amd64/Packages.xz");
	assert_non_null(f);
	assert_int_equal(f->size, 1234);
	assert_int_equal(f->sha256[0], 0x11);
	f = release_find(&r, "contrib/binary-arm64/Packages");
	assert_non_null(f);
	assert_int_equal(f->size, 99);
	assert_int_equal(f->sha256[0], 0xab);
	assert_null(release_find(&r, "main/binary-amd64/Packages"));
	release_free(&r);
}

static void release_refusals(void **state)
{
	static const char *const bad[] = {
		/* no SHA256 section: MD5 alone is not trusted */
		"Origin: x\nMD5Sum:\n 0123456789abcdef0123456789abcdef 12 main/Packages\n",
		/* a path escaping dists/SUITE */
		"SHA256:\n " SHA_A " 1 ../../../etc/passwd\n",
		"SHA256:\n " SHA_A " 1 /etc/passwd\n",
		/* a short hash, a size that is not a number */
		"SHA256:\n 1111 1 main/Packages\n",
		"SHA256:\n " SHA_A " 1x main/Packages\n",
		/* a line that is not a field */
		"garbage\nSHA256:\n " SHA_A " 1 main/Packages\n",
	};
	struct release r;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(release_parse(bad[i], strlen(bad[i]), &r, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		release_free(&r);
	}
	/* A NUL byte inside. */
	static const char nul[] = "Origin: a\0b\nSHA256:\n " SHA_A " 1 main/Packages\n";
	assert_int_equal(release_parse(nul, sizeof(nul) - 1, &r, err, sizeof(err)), -1);
	release_free(&r);
}

static void clearsigned(void **state)
{
	static const char msg[] = "-----BEGIN PGP SIGNED MESSAGE-----\n"
				  "Hash: SHA256\n"
				  "\n"
				  "Origin: Debian\n"
				  "- -----BEGIN dashed line\n"
				  "SHA256:\n"
				  "-----BEGIN PGP SIGNATURE-----\n"
				  "\n"
				  "iQIz...\n"
				  "-----END PGP SIGNATURE-----\n";
	char *body = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(clearsign_body(msg, strlen(msg), &body, &n), 0);
	assert_string_equal(body, "Origin: Debian\n-----BEGIN dashed line\nSHA256:");
	assert_int_equal(n, strlen(body));
	free(body);
	assert_int_equal(clearsign_body("Origin: x\n", 10, &body, &n), -1);
	/* No signature block: not a clearsigned message. */
	static const char cut[] = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: x\n";
	assert_int_equal(clearsign_body(cut, strlen(cut), &body, &n), -1);
}

static void warn_count(void *arg, const char *why)
{
	(*(int *)arg)++;
	assert_non_null(strstr(why, "stanza"));
}

static const char packages[] = "Package: libfoo1\n"
			       "Source: foo (1.2-3)\n"
			       "Version: 1.2-3+b1\n"
			       "Architecture: amd64\n"
			       "Maintainer: Jane Doe <jane@example.org>\n"
			       "Provides: libfoo-abi-1\n"
			       "Filename: pool/main/f/foo/libfoo1_1.2-3+b1_amd64.deb\n"
			       "Size: 1000\n"
			       "SHA256: " SHA_A "\n"
			       "Description: a library\n"
			       " with a long description\n"
			       "\n"
			       "Package: foo-tools\n"
			       "Source: foo\n"
			       "Version: 1.2-3\n"
			       "Architecture: amd64\n"
			       "Depends: libfoo1 (>= 1.2), libc6 (>= 2.34)\n"
			       "Filename: pool/main/f/foo/foo-tools_1.2-3_amd64.deb\n"
			       "Size: 2000\n"
			       "SHA256: " SHA_B "\n"
			       "\n"
			       "Package: bar\n"
			       "Version: 2:0.1\n"
			       "Architecture: all\n"
			       "Pre-Depends: libfoo-abi-1 | libbar0,\n"
			       " libfoo1:any\n"
			       "Filename: pool/main/b/bar/bar_0.1_all.deb\n"
			       "Size: 3\n"
			       "SHA256: " SHA_A "\n"
			       "\n"
			       /* Rejected: a Filename escaping the repository. */
			       "Package: evil\n"
			       "Version: 1\n"
			       "Architecture: amd64\n"
			       "Filename: pool/../../../etc/shadow\n"
			       "Size: 3\n"
			       "SHA256: " SHA_A "\n"
			       "\n"
			       /* Rejected: no SHA256 (only MD5sum). */
			       "Package: nohash\n"
			       "Version: 1\n"
			       "Architecture: amd64\n"
			       "Filename: pool/main/n/nohash_1_amd64.deb\n"
			       "Size: 3\n"
			       "MD5sum: 0123456789abcdef0123456789abcdef\n"
			       "\n"
			       /* Rejected: a control byte in the name. */
			       "Package: bad\x1b[2Jname\n"
			       "Version: 1\n"
			       "Architecture: amd64\n"
			       "Filename: pool/x.deb\n"
			       "Size: 3\n"
			       "SHA256: " SHA_A "\n";

static void packages_and_impact(void **state)
{
	struct pkg_index ix = {0};
	int warned = 0;
	const struct deb_pkg *foo = NULL, *tools = NULL, *bar = NULL;

	(void)state;
	assert_int_equal(
		packages_parse(packages, strlen(packages), "main", &ix, warn_count, &warned), 0);
	/* The same file again, as an Architecture: all package is listed for each architecture. */
	assert_int_equal(packages_parse(packages, strlen(packages), "main", &ix, NULL, NULL), 0);
	assert_int_equal(warned, 3);
	assert_int_equal(ix.skipped, 6);
	assert_int_equal(pkg_index_finish(&ix), 0);
	assert_int_equal(ix.n, 3);
	for (size_t i = 0; i < ix.n; i++) {
		if (!strcmp(ix.v[i].name, "libfoo1"))
			foo = &ix.v[i];
		else if (!strcmp(ix.v[i].name, "foo-tools"))
			tools = &ix.v[i];
		else if (!strcmp(ix.v[i].name, "bar"))
			bar = &ix.v[i];
	}
	assert_non_null(foo);
	assert_non_null(tools);
	assert_non_null(bar);
	/* Sorted by name. */
	assert_string_equal(ix.v[0].name, "bar");
	assert_string_equal(foo->source, "foo");
	assert_string_equal(foo->source_version, "1.2-3");
	assert_string_equal(foo->maintainer, "Jane Doe <jane@example.org>");
	assert_string_equal(foo->component, "main");
	assert_int_equal(foo->size, 1000);
	assert_string_equal(tools->source, "foo");
	assert_null(tools->source_version);
	assert_null(bar->source);
	assert_string_equal(bar->version, "2:0.1");
	/*
	 * libfoo1: foo-tools by name, bar by name (libfoo1:any, on a
	 * continuation line) and through libfoo-abi-1 it Provides: counted
	 * once each.
	 */
	assert_int_equal(foo->impact, 2);
	assert_int_equal(tools->impact, 0);
	assert_int_equal(bar->impact, 0);
	pkg_index_free(&ix);
}

static void syntax(void **state)
{
	(void)state;
	assert_true(debindex_valid_name("libkcapi1"));
	assert_true(debindex_valid_name("g++-12"));
	assert_false(debindex_valid_name("Upper"));
	assert_false(debindex_valid_name("a"));
	assert_false(debindex_valid_name("-x"));
	assert_false(debindex_valid_name("a/b"));
	assert_true(debindex_valid_version("2:2.6.1-4~deb12u2"));
	assert_false(debindex_valid_version("1 2"));
	assert_false(debindex_valid_version("1/2"));
	assert_true(debindex_valid_arch("amd64"));
	assert_false(debindex_valid_arch("amd64/../x"));
	assert_true(debindex_valid_relpath("pool/main/libk/libkcapi/libkcapi1_1.4.0-1_amd64.deb"));
	assert_false(debindex_valid_relpath("pool//x.deb"));
	assert_false(debindex_valid_relpath("pool/./x.deb"));
	assert_false(debindex_valid_relpath("pool/x.deb/.."));
	assert_false(debindex_valid_relpath("pool/x y.deb"));
	assert_false(debindex_valid_relpath("pool/x;rm.deb"));
	assert_false(debindex_valid_relpath(""));
	unsigned char out[DEBINDEX_SHA256_LEN];
	assert_true(debindex_parse_sha256(SHA_B, 64, out));
	assert_int_equal(out[31], 0x23);
	assert_false(debindex_parse_sha256(SHA_B, 63, out));
	assert_false(debindex_parse_sha256("g" SHA_B, 64, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(release_sections), cmocka_unit_test(release_refusals),
		cmocka_unit_test(clearsigned),	    cmocka_unit_test(packages_and_impact),
		cmocka_unit_test(syntax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
