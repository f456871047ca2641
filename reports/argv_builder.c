// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>

#include "afalg.h"
#include "argv_builder.h"

void argv_add(struct argv_builder *a, const char *arg)
{
	/* Room for arg and the NULL after it. */
	if (a->failed || afalg_grow(&a->v, &a->cap, a->n + 1, sizeof(*a->v), 8)) {
		a->failed = true;
		return;
	}
	a->v[a->n++] = arg;
	a->v[a->n] = NULL;
}

void argv_add_all(struct argv_builder *a, const struct argv_builder *from)
{
	for (size_t i = 0; i < from->n; i++)
		argv_add(a, from->v[i]);
	if (from->failed)
		a->failed = true;
}

void argv_free(struct argv_builder *a)
{
	free(a->v);
	*a = (struct argv_builder){0};
}
