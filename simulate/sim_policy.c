// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "sim_policy.h"

static const char *const names[SIM_COUNT] = {
	[SIM_M0_HASH] = "M0:hash", [SIM_M0_SKCIPHER] = "M0:skcipher",
	[SIM_M0_AEAD] = "M0:aead", [SIM_M0_RNG] = "M0:rng",
	[SIM_M1] = "M1",	   [SIM_M2] = "M2",
	[SIM_M3] = "M3",	   [SIM_M4] = "M4",
	[SIM_M5] = "M5",	   [SIM_M6] = "M6",
};

/* The AF_ALG type each M0 measure turns off. */
static const char *const m0_type[SIM_M0_RNG + 1] = {"hash", "skcipher", "aead", "rng"};

const char *sim_measure_name(int m)
{
	return m >= 0 && m < SIM_COUNT ? names[m] : NULL;
}

bool sim_measure_parse(const char *s, unsigned *mask)
{
	if (!s)
		return false;
	if (!strcmp(s, "M0")) {
		for (int m = SIM_M0_HASH; m <= SIM_M0_RNG; m++)
			*mask |= 1u << m;
		return true;
	}
	for (int m = 0; m < SIM_COUNT; m++)
		if (!strcmp(s, names[m])) {
			*mask |= 1u << m;
			return true;
		}
	return false;
}

bool sim_measure_simulated(int m)
{
	return m >= 0 && m < SIM_COUNT && m != SIM_M1 && m != SIM_M2 && m != SIM_M3;
}

static const struct sim_allow_entry *lookup(const struct sim_allowlist *al, const char *type,
					    const char *name)
{
	for (unsigned i = 0; al && i < al->n; i++)
		if (!strcmp(al->e[i].type, type) && !strcmp(al->e[i].name, name))
			return &al->e[i];
	return NULL;
}

int sim_policy(int m, const struct sim_allowlist *al, const struct sim_call *c, bool *applies)
{
	const struct sim_allow_entry *e;

	*applies = false;
	if (m == SIM_M6) {
		*applies = !c->is_bind;
		return *applies ? EAFNOSUPPORT : 0;
	}
	if (!c->is_bind || !c->type || !c->name)
		return 0;
	if (m >= SIM_M0_HASH && m <= SIM_M0_RNG) {
		*applies = !strcmp(c->type, m0_type[m]);
		return *applies ? ENOENT : 0;
	}
	if (m == SIM_M4) {
		*applies = true;
		return lookup(al, c->type, c->name) ? 0 : ENOENT;
	}
	if (m == SIM_M5) {
		e = lookup(al, c->type, c->name);
		*applies = e && e->privileged;
		return *applies && !c->privileged_proc ? ENOENT : 0;
	}
	return 0;
}
