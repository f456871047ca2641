/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A child's command line, built one named argument at a time:
 *
 *	struct argv_builder a = {0};
 *
 *	argv_add(&a, "scan");
 *	argv_add(&a, "-o");
 *	argv_add(&a, out);
 *	if (!a.failed)
 *		cmd_run_self(a.v);
 *	argv_free(&a);
 *
 * The strings are not copied: they must outlive the builder.  Out of memory
 * is sticky (a.failed; later additions do nothing), so a line is built
 * without a check after each argument and checked once before it is used.
 */
#ifndef AFALG_ARGV_BUILDER_H
#define AFALG_ARGV_BUILDER_H

#include <stdbool.h>
#include <stddef.h>

struct argv_builder {
	const char **v; /* NULL-terminated once anything was added */
	size_t n, cap;
	bool failed; /* out of memory: v is missing arguments */
};

void argv_add(struct argv_builder *a, const char *arg);
/* Every argument of from, in order. */
void argv_add_all(struct argv_builder *a, const struct argv_builder *from);
void argv_free(struct argv_builder *a);

#endif /* AFALG_ARGV_BUILDER_H */
