// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Imports (test_scan_imports): a library without symbol versions. */
int plain_fn(int x);

int plain_fn(int x)
{
	return x * 3;
}
