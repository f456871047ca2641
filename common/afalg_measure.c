// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The names of the hardening measures (afalg_measure.h). */
#include <stddef.h>
#include <string.h>

#include "afalg_measure.h"

static const char *const measure_names[AFALG_M_COUNT] = {
	[AFALG_M_OPTION_OFF] = "M0",	[AFALG_M_NO_ZEROCOPY] = "M1", [AFALG_M_NO_AIO] = "M2",
	[AFALG_M_SOFTWARE_ONLY] = "M3", [AFALG_M_ALLOWLIST] = "M4",   [AFALG_M_CAPABILITY] = "M5",
	[AFALG_M_AF_ALG_OFF] = "M6",
};

const char *afalg_measure_name(unsigned int id)
{
	return id < AFALG_M_COUNT ? measure_names[id] : NULL;
}

int afalg_measure_from_name(const char *name)
{
	for (unsigned int i = 0; name && i < AFALG_M_COUNT; i++)
		if (!strcmp(name, measure_names[i]))
			return (int)i;
	return -1;
}
