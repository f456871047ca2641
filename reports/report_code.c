// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The words about where a program's AF_ALG code lives at function level
 * (issue #16), made once for the JSON writer and every renderer: which
 * library functions a user imports that lead to AF_ALG ("libell.so.0:
 * l_checksum_new, l_cipher_new → hash, skcipher"), and which functions of
 * its own hold the call sites.  Plain text: each renderer escapes it for
 * its medium.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "afalg_vocab.h"
#include "model.h"
#include "report.h"

/* Append to buf, bounded; "..." once it is full. */
static void put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	int n;

	if (len + 4 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - len - 4) {
		buf[len] = 0;
		snprintf(buf + len, size - len, "...");
		buf[size - 1] = 0;
	}
}

unsigned report_types(const struct mprog *p)
{
	return p->uses || p->capable ? p->types : p->types | p->info_types;
}

bool report_via_shown(const struct mvia *v)
{
	return v->functions_known || v->link_level;
}

bool report_any_via_shown(const struct mprog *p)
{
	for (unsigned i = 0; i < p->nvia; i++)
		if (report_via_shown(&p->via[i]))
			return true;
	return false;
}

void report_via_text(const struct mvia *v, char *buf, size_t size)
{
	bool first = true;

	buf[0] = 0;
	put(buf, size, "%s: ", v->lib);
	if (!v->functions_known)
		put(buf, size, "functions not known (%s)",
		    v->link_level ? v->link_level : "link level");
	else if (!v->nfunctions)
		put(buf, size, "none of its AF_ALG functions");
	for (unsigned i = 0; v->functions_known && i < v->nfunctions; i++)
		put(buf, size, "%s%s", i ? ", " : "", v->functions[i]);
	if (v->functions_truncated)
		put(buf, size, ", ...");
	for (unsigned id = 0; id < AFALG_TYPE_COUNT; id++)
		if (v->types & AFALG_BIT(id)) {
			put(buf, size, "%s%s", first ? " → " : ", ", afalg_type_name(id));
			first = false;
		}
}

void report_sites_text(const struct mprog *p, bool reached, char *buf, size_t size)
{
	bool first = true;

	buf[0] = 0;
	for (unsigned i = 0; i < p->nsites; i++) {
		const struct msite *s = &p->sites[i];

		if (s->reached != reached)
			continue;
		put(buf, size, "%s", first ? "" : ", ");
		first = false;
		if (s->function)
			put(buf, size, "%s", s->function);
		else
			put(buf, size, "(unknown function)");
		/* a dead site is named precisely: that is the code to remove */
		if (!reached && s->has_address && s->source)
			put(buf, size, " (0x%" PRIx64 ", %s)", s->address, s->source);
		else if (!reached && s->has_address)
			put(buf, size, " (0x%" PRIx64 ")", s->address);
		else if (!reached && s->source)
			put(buf, size, " (%s)", s->source);
	}
}
