// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Imports with versions (imports.c, test_scan_imports): a library with two
 * versions of one function, imp_open@IMP_1 (the old ABI) and
 * imp_open@@IMP_2 (the default), a data object imp_ops@@IMP_1 (an ops
 * table) and imp_close@@IMP_1, which no test program imports.
 * Versions: libimp.map.  No libc: it is also built -nostdlib for i386 and
 * big-endian aarch64, where there is no C library to link.
 */
struct imp_ops {
	int (*open)(int flags);
};

int imp_open_v1(int flags);
int imp_open_v2(int flags);
int imp_close(int fd);

__asm__(".symver imp_open_v1, imp_open@IMP_1");
int imp_open_v1(int flags)
{
	return flags;
}

__asm__(".symver imp_open_v2, imp_open@@IMP_2");
int imp_open_v2(int flags)
{
	return flags + 1;
}

int imp_close(int fd)
{
	return fd - 1;
}

const struct imp_ops imp_ops = {imp_open_v2};
