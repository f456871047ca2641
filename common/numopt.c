// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Command-line numbers: whole argument, no sign, overflow-checked, in range (numopt.h). */
#include <stdio.h>
#include <string.h>

#include "afalg.h"
#include "numopt.h"

const char *numopt_strerror(enum numopt_err e)
{
	switch (e) {
	case NUMOPT_OK:
		return "ok";
	case NUMOPT_EMPTY:
		return "empty";
	case NUMOPT_NEGATIVE:
		return "negative";
	case NUMOPT_SYNTAX:
		return "not a number of the accepted form";
	case NUMOPT_RANGE:
		break;
	}
	return "out of range";
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Leading decimal digits of s into *v; *end after them.  NUMOPT_RANGE on
 * overflow (the digits are still consumed, so the caller can tell junk from
 * a big number).
 */
static enum numopt_err digits(const char *s, uint64_t *v, const char **end)
{
	enum numopt_err e = NUMOPT_OK;

	*v = 0;
	if (!*s)
		return NUMOPT_EMPTY;
	if (*s == '-')
		return NUMOPT_NEGATIVE;
	if (!is_digit(*s))
		return NUMOPT_SYNTAX;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*v > (UINT64_MAX - d) / 10)
			e = NUMOPT_RANGE;
		else
			*v = *v * 10 + d;
	}
	*end = s;
	return e;
}

enum numopt_err numopt_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end = s;
	uint64_t v;
	enum numopt_err e = digits(s, &v, &end);

	if (e == NUMOPT_RANGE && *end)
		return NUMOPT_SYNTAX;
	if (e)
		return e;
	if (*end)
		return NUMOPT_SYNTAX;
	if (v < min || v > max)
		return NUMOPT_RANGE;
	*out = v;
	return NUMOPT_OK;
}

static int suffix_shift(char c)
{
	static const char units[] = "KMGTPE";
	const char *p = c ? strchr(units, c & ~0x20) : NULL;

	return p ? 10 * (int)(p - units + 1) : -1;
}

enum numopt_err numopt_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end = s;
	uint64_t v;
	enum numopt_err e = digits(s, &v, &end);
	int shift = 0;

	if (e && e != NUMOPT_RANGE)
		return e;
	if (*end) {
		shift = suffix_shift(*end);
		if (shift < 0 || end[1])
			return NUMOPT_SYNTAX;
	}
	if (e)
		return e;
	if (v > (UINT64_MAX >> shift))
		return NUMOPT_RANGE;
	v <<= shift;
	if (v < min || v > max)
		return NUMOPT_RANGE;
	*out = v;
	return NUMOPT_OK;
}

enum numopt_err numopt_shard(const char *s, uint32_t max_n, uint32_t *k, uint32_t *n)
{
	const char *slash = strchr(s, '/');
	char kbuf[32];
	uint64_t kv, nv;
	enum numopt_err e;

	if (!*s)
		return NUMOPT_EMPTY;
	if (!slash)
		return *s == '-' ? NUMOPT_NEGATIVE : NUMOPT_SYNTAX;
	if ((size_t)(slash - s) >= sizeof(kbuf))
		return strspn(s, "0123456789") == (size_t)(slash - s) ? NUMOPT_RANGE
								      : NUMOPT_SYNTAX;
	memcpy(kbuf, s, (size_t)(slash - s));
	kbuf[slash - s] = '\0';
	if ((e = numopt_count(kbuf, 1, max_n, &kv)) == NUMOPT_EMPTY)
		e = NUMOPT_SYNTAX;
	if (e)
		return e;
	if ((e = numopt_count(slash + 1, 1, max_n, &nv)) == NUMOPT_EMPTY)
		e = NUMOPT_SYNTAX;
	if (e)
		return e;
	if (kv > nv)
		return NUMOPT_RANGE;
	*k = (uint32_t)kv;
	*n = (uint32_t)nv;
	return NUMOPT_OK;
}

enum numopt_err numopt_duration(const char *s, double min, double max, double *out)
{
	const char *end = s;
	uint64_t whole, frac = 0, scale = 1;
	enum numopt_err e = digits(s, &whole, &end);
	double v, unit = 1;

	if (e && e != NUMOPT_RANGE)
		return e;
	if (*end == '.') {
		if (!is_digit(end[1]))
			return NUMOPT_SYNTAX;
		for (end++; is_digit(*end); end++)
			if (scale < 1000000000u) { /* nanoseconds are enough */
				frac = frac * 10 + (uint64_t)(*end - '0');
				scale *= 10;
			}
	}
	if (*end) {
		if (end[1])
			return NUMOPT_SYNTAX;
		if (*end == 'm')
			unit = 60;
		else if (*end == 'h')
			unit = 3600;
		else if (*end != 's')
			return NUMOPT_SYNTAX;
	}
	if (e)
		return e;
	v = ((double)whole + (double)frac / (double)scale) * unit;
	if (!(v >= min && v <= max))
		return NUMOPT_RANGE;
	*out = v;
	return NUMOPT_OK;
}

/* A byte count with the largest binary suffix that divides it: 1048576 -> "1M". */
static void fmt_size(char *buf, size_t n, uint64_t v)
{
	static const char *const units[] = {"", "K", "M", "G", "T", "P", "E"};
	size_t u = 0;

	while (v && u < 6 && !(v & 1023)) {
		v >>= 10;
		u++;
	}
	snprintf(buf, n, "%llu%s", (unsigned long long)v, units[u]);
}

static void fmt_seconds(char *buf, size_t n, double v)
{
	if (v >= 0 && v < 1e15 && v == (double)(uint64_t)v)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%g", v);
}

static void report(const char *cmd, const char *opt, const char *arg, enum numopt_err e,
		   const char *range)
{
	afalg_err(cmd, "%s '%s': %s (accepted: %s)", opt, arg, numopt_strerror(e), range);
}

int afalg_opt_count(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	enum numopt_err e = numopt_count(arg, min, max, out);
	char range[64];

	if (!e)
		return 0;
	snprintf(range, sizeof(range), "%llu to %llu", (unsigned long long)min,
		 (unsigned long long)max);
	report(cmd, opt, arg, e, range);
	return -1;
}

int afalg_opt_uint(const char *cmd, const char *opt, const char *arg, unsigned min, unsigned max,
		   unsigned *out)
{
	uint64_t v;

	if (afalg_opt_count(cmd, opt, arg, min, max, &v))
		return -1;
	*out = (unsigned)v;
	return 0;
}

int afalg_opt_size(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	enum numopt_err e = numopt_size(arg, min, max, out);
	char lo[32], hi[32], range[128];

	if (!e)
		return 0;
	fmt_size(lo, sizeof(lo), min);
	fmt_size(hi, sizeof(hi), max);
	snprintf(range, sizeof(range), "%s to %s bytes, with an optional suffix K, M, G, T, P or E",
		 lo, hi);
	report(cmd, opt, arg, e, range);
	return -1;
}

int afalg_opt_shard(const char *cmd, const char *opt, const char *arg, uint32_t max_n, uint32_t *k,
		    uint32_t *n)
{
	enum numopt_err e = numopt_shard(arg, max_n, k, n);
	char range[64];

	if (!e)
		return 0;
	snprintf(range, sizeof(range), "K/N with 1 <= K <= N <= %u", max_n);
	report(cmd, opt, arg, e, range);
	return -1;
}

int afalg_opt_duration(const char *cmd, const char *opt, const char *arg, double min, double max,
		       double *out)
{
	enum numopt_err e = numopt_duration(arg, min, max, out);
	char lo[32], hi[32], range[160];

	if (!e)
		return 0;
	fmt_seconds(lo, sizeof(lo), min);
	fmt_seconds(hi, sizeof(hi), max);
	snprintf(range, sizeof(range), "%s to %s seconds, as SECS or with a unit: 10s, 5m, 1h", lo,
		 hi);
	report(cmd, opt, arg, e, range);
	return -1;
}
