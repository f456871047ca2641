// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Imports (test_scan_imports): imports imp_open at its default version
 * (imp_open@@IMP_2), the data object imp_ops@IMP_1 (a PIE on x86-64
 * copies it in: a COPY relocation, the symbol defined in the program with
 * libimp's version), and plain_fn from libimpplain.so, unversioned.
 */
struct imp_ops {
	int (*open)(int flags);
};

extern const struct imp_ops imp_ops;
int imp_open(int flags);
int plain_fn(int x);

int main(int argc, char **argv)
{
	(void)argv;
	return imp_open(argc) + imp_ops.open(argc) + plain_fn(argc);
}
