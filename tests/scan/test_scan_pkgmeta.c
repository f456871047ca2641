// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Package metadata parsers over hostile bytes: .deb control, .rpm headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pkgmeta.h"

static void test_control_fields(void **state)
{
	const char *c = "Package: libkcapi1\nSource: libkcapi\nVersion: 1.4.0-1\n"
			"Description: x\n continued\n\nPackage: other\n";
	char out[64];

	(void)state;
	assert_true(deb_control_field(c, strlen(c), "Package", out, sizeof(out)));
	assert_string_equal(out, "libkcapi1");
	assert_true(deb_control_field(c, strlen(c), "version", out, sizeof(out)));
	assert_string_equal(out, "1.4.0-1");
	assert_false(deb_control_field(c, strlen(c), "Architecture", out, sizeof(out)));
	/* Too long for the buffer, NUL inside, empty value, no terminating newline. */
	assert_false(deb_control_field(c, strlen(c), "Package", out, 4));
	assert_false(deb_control_field("Package: a\0b\n", 13, "Package", out, sizeof(out)));
	assert_false(deb_control_field("Package:   \n", 12, "Package", out, sizeof(out)));
	assert_true(deb_control_field("Package: tail", 13, "Package", out, sizeof(out)));
	assert_string_equal(out, "tail");
}

static size_t put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return 4;
}

/* lead + empty signature header + header {NAME, VERSION, RELEASE[, EPOCH]} + payload */
static size_t make_rpm(unsigned char *b, size_t cap, bool epoch)
{
	static const char store[] = "kcapi-tools\0001.4.0\0002.fc40\0";
	size_t o = 0, il = epoch ? 4 : 3, dl = sizeof(store) - 1 + (epoch ? 3 + 4 : 0);

	memset(b, 0, cap);
	put32(b, 0xedabeedb);
	o = 96;
	b[o] = 0x8e, b[o + 1] = 0xad, b[o + 2] = 0xe8, b[o + 3] = 1;
	o += 16; /* il = dl = 0 */
	b[o] = 0x8e, b[o + 1] = 0xad, b[o + 2] = 0xe8, b[o + 3] = 1;
	put32(b + o + 8, (uint32_t)il);
	put32(b + o + 12, (uint32_t)dl);
	o += 16;
	o += put32(b + o, 1000), o += put32(b + o, 6), o += put32(b + o, 0), o += put32(b + o, 1);
	o += put32(b + o, 1001), o += put32(b + o, 6), o += put32(b + o, 12), o += put32(b + o, 1);
	o += put32(b + o, 1002), o += put32(b + o, 6), o += put32(b + o, 18), o += put32(b + o, 1);
	if (epoch) {
		o += put32(b + o, 1003), o += put32(b + o, 4), o += put32(b + o, 28);
		o += put32(b + o, 1);
	}
	memcpy(b + o, store, sizeof(store) - 1);
	o += sizeof(store) - 1;
	if (epoch)
		o += 3, o += put32(b + o, 2); /* INT32 data is 4-aligned in the store */
	memcpy(b + o, "PAYLOAD", 7);
	return o + 7;
}

static void test_rpm_name_version(void **state)
{
	unsigned char b[512];
	char name[64], ver[64];
	const char *why = NULL;
	size_t n = make_rpm(b, sizeof(b), false);

	(void)state;
	assert_true(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why));
	assert_string_equal(name, "kcapi-tools");
	assert_string_equal(ver, "1.4.0-2.fc40");
	assert_int_equal(rpm_payload_offset(b, n), n - 7);
	n = make_rpm(b, sizeof(b), true);
	assert_true(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why));
	assert_string_equal(ver, "2:1.4.0-2.fc40");
}

static void test_rpm_malformed(void **state)
{
	unsigned char b[512];
	char name[64], ver[64];
	const char *why = NULL;
	size_t n = make_rpm(b, sizeof(b), false);

	(void)state;
	/* Truncated anywhere: never reads past n. */
	for (size_t cut = 0; cut < n - 7; cut++)
		assert_false(rpm_name_version(b, cut, name, sizeof(name), ver, sizeof(ver), &why));
	/* A huge index count. */
	put32(b + 112 + 8, 0x7fffffff);
	assert_false(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why));
	assert_int_equal(rpm_payload_offset(b, n), 0);
	/* A string offset past the data store. */
	n = make_rpm(b, sizeof(b), false);
	put32(b + 128 + 8, 0xfffffff0);
	assert_false(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why));
	/* An unterminated string at the end of the store. */
	n = make_rpm(b, sizeof(b), false);
	put32(b + 128 + 12, 30); /* dl: cut the store */
	assert_false(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why) &&
		     strlen(ver) > 30);
	/* Not an rpm. */
	memcpy(b,
	       "\x7f"
	       "ELF",
	       4);
	assert_false(rpm_name_version(b, n, name, sizeof(name), ver, sizeof(ver), &why));
	assert_non_null(why);
}

/* Source package names (issue #17: reports group by them). */
static void test_source_names(void **state)
{
	char out[32];

	(void)state;
	assert_true(deb_source_name("cryptsetup", out, sizeof(out)));
	assert_string_equal(out, "cryptsetup");
	/* a binNMU or a binary versioned apart: "name (version)" */
	assert_true(deb_source_name("glibc (2.36-9+deb12u4)", out, sizeof(out)));
	assert_string_equal(out, "glibc");
	assert_false(deb_source_name("", out, sizeof(out)));
	assert_false(deb_source_name("(1.0)", out, sizeof(out)));
	assert_false(deb_source_name("a-name-longer-than-the-buffer-given-here", out, sizeof(out)));

	assert_true(rpm_source_name("systemd-252-18.el9.src.rpm", out, sizeof(out)));
	assert_string_equal(out, "systemd");
	assert_true(rpm_source_name("cryptsetup-libs-2.6.0-2.fc38.src.rpm", out, sizeof(out)));
	assert_string_equal(out, "cryptsetup-libs");
	assert_true(rpm_source_name("foo-1-2.nosrc.rpm", out, sizeof(out)));
	assert_string_equal(out, "foo");
	/* not NAME-VERSION-RELEASE, or a path: no name */
	assert_false(rpm_source_name("foo-1.src.rpm", out, sizeof(out)));
	assert_false(rpm_source_name("-1-2.src.rpm", out, sizeof(out)));
	assert_false(rpm_source_name("../x/foo-1-2.src.rpm", out, sizeof(out)));
	assert_false(rpm_source_name("", out, sizeof(out)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_fields),
		cmocka_unit_test(test_rpm_name_version),
		cmocka_unit_test(test_rpm_malformed),
		cmocka_unit_test(test_source_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
