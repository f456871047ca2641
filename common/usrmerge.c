// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* usrmerge.h: the merged-/usr spelling of a path. */
#include <stdio.h>
#include <string.h>

#include "usrmerge.h"

static const char *const merged[] = {"/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/"};

const char *afalg_usrmerge_key(const char *path, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(merged) / sizeof(*merged); i++)
		if (!strncmp(path, merged[i], strlen(merged[i])) &&
		    (size_t)snprintf(buf, size, "/usr%s", path) < size)
			return buf;
	return path;
}

const char *afalg_usrmerge_alias(const char *path, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(merged) / sizeof(*merged); i++) {
		size_t l = strlen(merged[i]);
		int n;

		if (!strncmp(path, merged[i], l))
			n = snprintf(buf, size, "/usr%s", path);
		else if (!strncmp(path, "/usr", 4) && !strncmp(path + 4, merged[i], l))
			n = snprintf(buf, size, "%s", path + 4);
		else
			continue;
		if (n < 0 || (size_t)n >= size)
			buf[0] = '\0';
		break;
	}
	return buf;
}
