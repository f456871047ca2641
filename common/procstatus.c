// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "procstatus.h"

int afalg_proc_status(pid_t pid, const char *key, char *out, size_t outsz)
{
	char fn[64], line[512];
	size_t klen = strlen(key);
	int err = ENODATA;
	FILE *f;

	if (pid)
		snprintf(fn, sizeof(fn), "/proc/%d/status", (int)pid);
	else
		snprintf(fn, sizeof(fn), "/proc/self/status");
	f = fopen(fn, "re");
	if (!f)
		return errno;
	while (err && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			char *v = line + klen + 1;

			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = '\0';
			snprintf(out, outsz, "%s", v);
			err = 0;
		}
	fclose(f);
	return err;
}

int afalg_proc_cap_eff(pid_t pid, uint64_t *caps)
{
	char v[64];
	int err = afalg_proc_status(pid, "CapEff", v, sizeof(v));

	if (err)
		return err;
	return sscanf(v, "%" SCNx64, caps) == 1 ? 0 : EINVAL;
}
