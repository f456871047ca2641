// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Imports (test_scan_imports): imports the old version of libimp's
 * imp_open, imp_open@IMP_1, and nothing else of it.
 */
int imp_open_old(int flags);
__asm__(".symver imp_open_old, imp_open@IMP_1");

int main(int argc, char **argv)
{
	(void)argv;
	return imp_open_old(argc);
}
