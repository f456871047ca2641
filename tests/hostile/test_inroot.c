// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Issue #15 item 13: paths inside a --root are resolved like a chroot would,
 * by openat2(RESOLVE_IN_ROOT) or, on kernels without it, by the resolver of
 * analyzer/fileio.c (open_in_root_compat).  Both are run over the same tree
 * of hostile symlinks (absolute, "..", loops, dangling, a way out of the
 * root) and must land on the same inode, or fail alike; nothing may resolve
 * outside the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "fileio.h"

static char top[] = "/tmp/afalg-inroot-XXXXXX";
static char root[64], outside[64];
static int rootfd = -1;

static void put(const char *rel, const char *target)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (target)
		assert_int_equal(symlink(target, p), 0);
	else
		close(open(p, O_CREAT | O_WRONLY, 0644));
}

static int setup(void **state)
{
	char p[256];

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(root, sizeof(root), "%s/root", top);
	snprintf(outside, sizeof(outside), "%s/outside", top);
	mkdir(root, 0755);
	mkdir(outside, 0755);
	snprintf(p, sizeof(p), "%s/secret", outside);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	for (const char *d = "usr\0usr/lib\0var\0var/lib\0etc\0"; *d; d += strlen(d) + 1) {
		snprintf(p, sizeof(p), "%s/%s", root, d);
		mkdir(p, 0755);
	}
	put("usr/lib/libx.so.1", NULL);
	put("etc/secret", NULL);	     /* the root's own, to tell it from outside's */
	put("lib", "/usr/lib");		     /* absolute, inside */
	put("lib64", "usr/lib");	     /* relative */
	put("usr/lib/libx.so", "libx.so.1"); /* relative, same directory */
	put("var/lib/dpkg", "/var/lib/../../../../../etc"); /* ".." clamped at the root */
	snprintf(p, sizeof(p), "%s", outside);
	put("out", p);		     /* absolute to the host's path of outside */
	put("up", "../../../../.."); /* as far up as it goes: the root */
	put("loop1", "loop2");
	put("loop2", "/loop1");
	put("dangling", "/nonexistent");
	put("usr/lib/chain", "/lib64/../lib/libx.so");
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(rootfd >= 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* Result of one resolution: the inode, or the error. */
struct res {
	dev_t dev;
	ino_t ino;
	int err;
	bool link;
};

static struct res resolve(int (*fn)(int, const char *, bool), const char *path, bool follow)
{
	struct res r = {0};
	struct stat st;
	int fd = fn(rootfd, path, follow);

	if (fd < 0) {
		r.err = errno;
		return r;
	}
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	r.dev = st.st_dev;
	r.ino = st.st_ino;
	r.link = S_ISLNK(st.st_mode);
	return r;
}

static struct res expect_path(const char *rel)
{
	struct res r = {0};
	struct stat st;
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(lstat(p, &st), 0);
	r.dev = st.st_dev;
	r.ino = st.st_ino;
	r.link = S_ISLNK(st.st_mode);
	return r;
}

static bool has_openat2(void)
{
	struct open_how how = {.flags = O_PATH, .resolve = RESOLVE_IN_ROOT};
	long fd = syscall(SYS_openat2, rootfd, ".", &how, sizeof(how));

	if (fd >= 0)
		close((int)fd);
	return fd >= 0;
}

static void same(const char *path, bool follow, const char *want_rel, int want_err)
{
	struct res c = resolve(open_in_root_compat, path, follow);
	struct res k = resolve(open_in_root, path, follow);

	if (want_rel) {
		struct res w = expect_path(want_rel);

		if (c.err || c.ino != w.ino || c.dev != w.dev)
			fail_msg("compat: %s -> err %d ino %lu, want %s", path, c.err,
				 (unsigned long)c.ino, want_rel);
		if (k.err || k.ino != w.ino || k.dev != w.dev)
			fail_msg("openat2: %s -> err %d ino %lu, want %s", path, k.err,
				 (unsigned long)k.ino, want_rel);
	} else {
		if (c.err != want_err)
			fail_msg("compat: %s -> err %d, want %d", path, c.err, want_err);
		if (k.err != want_err)
			fail_msg("openat2: %s -> err %d, want %d", path, k.err, want_err);
	}
}

static void test_in_root(void **state)
{
	(void)state;
	if (!has_openat2())
		print_message("no openat2 here: open_in_root is the compat resolver\n");
	same("/usr/lib/libx.so.1", true, "usr/lib/libx.so.1", 0);
	same("usr/lib/libx.so.1", true, "usr/lib/libx.so.1", 0);
	same("/lib/libx.so.1", true, "usr/lib/libx.so.1", 0);
	same("/lib64/libx.so", true, "usr/lib/libx.so.1", 0);
	same("/lib/libx.so", false, "usr/lib/libx.so", 0);
	same("/var/lib/dpkg/secret", true, "etc/secret", 0);
	same("/var/lib/dpkg", true, "etc", 0);
	same("/var/lib/dpkg", false, "var/lib/dpkg", 0);
	same("/up/etc/secret", true, "etc/secret", 0);
	same("/../../../etc/secret", true, "etc/secret", 0);
	same("/usr/lib/chain", true, "usr/lib/libx.so.1", 0);
	same("//usr//./lib/../lib/libx.so.1", true, "usr/lib/libx.so.1", 0);
	same("/", true, ".", 0);
	/* The host's path of a directory outside: looked up inside the root, not found. */
	same("/out/secret", true, NULL, ENOENT);
	same("/dangling", true, NULL, ENOENT);
	same("/dangling", false, "dangling", 0);
	same("/loop1", true, NULL, ELOOP);
	same("/loop1/x", true, NULL, ELOOP);
	same("/usr/lib/libx.so.1/x", true, NULL, ENOTDIR);
	same("/nope/x", true, NULL, ENOENT);
}

/* path_in_root names the file on this system, inside the root. */
static void test_path_in_root(void **state)
{
	char want[256], *p;

	(void)state;
	p = path_in_root(rootfd, root, "/var/lib/dpkg/secret", true);
	assert_non_null(p);
	snprintf(want, sizeof(want), "%s/etc/secret", root);
	assert_string_equal(p, want);
	free(p);
	assert_null(path_in_root(rootfd, root, "/out/secret", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_root),
		cmocka_unit_test(test_path_in_root),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
