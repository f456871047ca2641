// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>

#include "afalg.h"

int afalg_grow(void *parr, size_t *cap, size_t n, size_t elem, size_t first)
{
	void **arr = parr;
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first;
	p = reallocarray(*arr, ncap, elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}
