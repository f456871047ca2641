// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Reading this machine's AF_ALG configuration.  Everything read here is
 * bounded (config 16 MiB, other files 1 MiB) and a missing file is an
 * answer ("unknown"), not an error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <zlib.h>

#include "afalg.h"
#include "kinfo.h"

const char *const kopt_names[KOPT_N] = {
	"CONFIG_CRYPTO_USER_API",
	"CONFIG_CRYPTO_USER_API_HASH",
	"CONFIG_CRYPTO_USER_API_SKCIPHER",
	"CONFIG_CRYPTO_USER_API_AEAD",
	"CONFIG_CRYPTO_USER_API_RNG",
	"CONFIG_CRYPTO_USER_API_RNG_CAVP",
	"CONFIG_CRYPTO_USER_API_ENABLE_OBSOLETE",
};

const char *const kmod_names[KMOD_N] = {"af_alg", "algif_hash", "algif_skcipher", "algif_aead",
					"algif_rng"};

#define CONFIG_MAX (16u << 20)
#define SMALL_MAX (1u << 20)

char kconfig_value(const char *buf, size_t len, const char *option)
{
	size_t olen = strlen(option);
	const char *end = buf + len;

	for (const char *l = buf; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t ll = nl ? (size_t)(nl - l) : (size_t)(end - l);

		if (ll > olen + 1 && !memcmp(l, option, olen) && l[olen] == '=') {
			char v = l[olen + 1];

			return v == 'y' || v == 'm' ? v : 'n';
		}
		/* "# CONFIG_X is not set" */
		if (ll == olen + 13 && !memcmp(l, "# ", 2) && !memcmp(l + 2, option, olen) &&
		    !memcmp(l + 2 + olen, " is not set", 11))
			return 'n';
		l = nl ? nl + 1 : end;
	}
	return 'n';
}

static int mod_index(const char *name, size_t n)
{
	char norm[32];

	if (n >= sizeof(norm))
		return -1;
	for (size_t i = 0; i < n; i++)
		norm[i] = name[i] == '-' ? '_' : name[i];
	norm[n] = 0;
	for (int i = 0; i < KMOD_N; i++)
		if (!strcmp(norm, kmod_names[i]))
			return i;
	return -1;
}

/* Next whitespace-separated word of [*p, end); returns its length, 0 at the end. */
static size_t word(const char **p, const char *end, const char **w)
{
	const char *s = *p;
	size_t n = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*w = s;
	while (s + n < end && s[n] != ' ' && s[n] != '\t')
		n++;
	*p = s + n;
	return n;
}

static bool is_no_op(const char *w, size_t n)
{
	static const char *const cmds[] = {"/bin/false",    "/bin/true", "/usr/bin/false",
					   "/usr/bin/true", "false",	 "true"};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (n == strlen(cmds[i]) && !memcmp(w, cmds[i], n))
			return true;
	return false;
}

void modprobe_parse(struct kinfo *k, const char *file, const char *buf, size_t len)
{
	const char *end = buf + len;
	int lineno = 0;

	for (const char *l = buf; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end, *hash, *p = l, *w;
		int first = ++lineno;
		char line[1024];
		size_t n = 0, wl;
		int idx;

		/* join "\\\n" continuations into line[] */
		for (;;) {
			size_t ll = (size_t)(le - l);
			bool cont = ll && l[ll - 1] == '\\';

			if (cont)
				ll--;
			if (n + ll < sizeof(line)) {
				memcpy(line + n, l, ll);
				n += ll;
			}
			l = nl ? nl + 1 : end;
			if (!cont || l >= end)
				break;
			nl = memchr(l, '\n', (size_t)(end - l));
			le = nl ? nl : end;
			lineno++;
		}
		line[n] = 0;
		if ((hash = memchr(line, '#', n)))
			n = (size_t)(hash - line);
		p = line;
		wl = word(&p, line + n, &w);
		if (wl == 9 && !memcmp(w, "blacklist", 9)) {
			wl = word(&p, line + n, &w);
			idx = mod_index(w, wl);
			if (idx >= 0 && !k->mod[idx].blacklisted) {
				k->mod[idx].blacklisted = true;
				snprintf(k->mod[idx].source, sizeof(k->mod[idx].source), "%s:%d",
					 file, first);
			}
		} else if (wl == 7 && !memcmp(w, "install", 7)) {
			wl = word(&p, line + n, &w);
			idx = mod_index(w, wl);
			if (idx < 0)
				continue;
			wl = word(&p, line + n, &w);
			if (is_no_op(w, wl) && !k->mod[idx].install) {
				k->mod[idx].blacklisted = true;
				k->mod[idx].install = true;
				snprintf(k->mod[idx].source, sizeof(k->mod[idx].source), "%s:%d",
					 file, first);
			}
		}
	}
}

void proc_modules_parse(struct kinfo *k, const char *buf, size_t len)
{
	const char *end = buf + len;

	for (int i = 0; i < KMOD_N; i++)
		k->mod[i].loaded = 0;
	for (const char *l = buf; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *sp = memchr(l, ' ', (size_t)((nl ? nl : end) - l));
		int idx = sp ? mod_index(l, (size_t)(sp - l)) : -1;

		if (idx >= 0)
			k->mod[idx].loaded = 1;
		l = nl ? nl + 1 : end;
	}
}

/* Whole file into a malloc'ed buffer, at most max bytes; NULL if unreadable. */
static char *slurp(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	size_t n = 0, cap = 65536;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		ssize_t r;

		if (n == cap) {
			char *nb = cap * 2 <= max ? realloc(buf, cap * 2) : NULL;

			if (!nb)
				break; /* larger than max: keep what fits */
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

static char *slurp_gz(const char *path, size_t max, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	size_t n = 0, cap = 1u << 20;
	char *buf;

	if (!gz)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		int r;

		if (n == cap) {
			char *nb = cap * 2 <= max ? realloc(buf, cap * 2) : NULL;

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		r = gzread(gz, buf + n, (unsigned)(cap - n));
		if (r <= 0) {
			if (r < 0) {
				free(buf);
				buf = NULL;
			}
			break;
		}
		n += (size_t)r;
	}
	gzclose(gz);
	*len = n;
	return buf;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* kmod's order: a file name seen in an earlier directory hides later ones. */
static void read_modprobe_dirs(struct kinfo *k, const char *root)
{
	static const char *const dirs[] = {"/etc/modprobe.d", "/run/modprobe.d",
					   "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d",
					   "/lib/modprobe.d"};
	char *seen[512];
	size_t nseen = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char dir[PATH_MAX];
		char *names[256];
		size_t nn = 0;
		struct dirent *e;
		DIR *dh;

		snprintf(dir, sizeof(dir), "%s%s", root, dirs[d]);
		dh = opendir(dir);
		if (!dh)
			continue;
		while ((e = readdir(dh)) && nn < 256) {
			size_t l = strlen(e->d_name);

			if (l > 5 && !strcmp(e->d_name + l - 5, ".conf") && e->d_name[0] != '.')
				if ((names[nn] = strdup(e->d_name)))
					nn++;
		}
		closedir(dh);
		qsort(names, nn, sizeof(names[0]), cmpstr);
		for (size_t i = 0; i < nn; i++) {
			bool hidden = false;
			char path[PATH_MAX * 2];
			size_t len;
			char *buf;

			for (size_t j = 0; j < nseen; j++)
				if (!strcmp(seen[j], names[i]))
					hidden = true;
			if (hidden) {
				free(names[i]);
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if ((buf = slurp(path, SMALL_MAX, &len))) {
				k->modprobe_files++;
				modprobe_parse(k, path + strlen(root), buf, len);
				free(buf);
			}
			if (nseen < 512)
				seen[nseen++] = names[i];
			else
				free(names[i]);
		}
	}
	for (size_t j = 0; j < nseen; j++)
		free(seen[j]);
}

void kinfo_read(struct kinfo *k, const char *root)
{
	struct utsname u;
	char path[PATH_MAX];
	size_t len = 0;
	char *buf;

	memset(k, 0, sizeof(*k));
	if (!root || !strcmp(root, "/"))
		root = "";
	if (uname(&u) == 0)
		snprintf(k->release, sizeof(k->release), "%s", u.release);
	snprintf(path, sizeof(path), "%s/proc/config.gz", root);
	buf = slurp_gz(path, CONFIG_MAX, &len);
	if (buf && len) {
		snprintf(k->config_source, sizeof(k->config_source), "/proc/config.gz");
	} else {
		free(buf);
		snprintf(path, sizeof(path), "%s/boot/config-%s", root, k->release);
		buf = slurp(path, CONFIG_MAX, &len);
		if (buf && len)
			snprintf(k->config_source, sizeof(k->config_source), "/boot/config-%s",
				 k->release);
	}
	if (k->config_source[0])
		for (int i = 0; i < KOPT_N; i++)
			k->opt[i] = kconfig_value(buf, len, kopt_names[i]);
	free(buf);

	snprintf(path, sizeof(path), "%s/proc/modules", root);
	if ((buf = slurp(path, SMALL_MAX, &len))) {
		proc_modules_parse(k, buf, len);
		free(buf);
	} else {
		for (int i = 0; i < KMOD_N; i++)
			k->mod[i].loaded = -1;
	}
	read_modprobe_dirs(k, root);

	snprintf(path, sizeof(path), "%s/proc/sys/crypto/af_alg_restrict", root);
	if ((buf = slurp(path, 64, &len))) {
		char tmp[16] = {0};

		memcpy(tmp, buf, len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1);
		k->has_restrict = true;
		k->restrict_val = atoi(tmp);
		free(buf);
	}
}

int kinfo_af_alg(const struct kinfo *k)
{
	if (!k->opt[KOPT_API])
		return -1;
	for (int i = KOPT_API; i <= KOPT_RNG; i++)
		if (k->opt[i] != 'n')
			return 1;
	return 0;
}

bool kinfo_type_off(const struct kinfo *k, enum kopt opt)
{
	int mod = opt - KOPT_HASH + KMOD_HASH;

	if (opt < KOPT_HASH || opt > KOPT_RNG || !k->opt[opt])
		return false;
	if (k->opt[opt] == 'n' || k->opt[KOPT_API] == 'n')
		return true;
	/* a module that is not loaded and cannot be autoloaded */
	return k->opt[opt] == 'm' && k->mod[mod].loaded != 1 && k->mod[mod].blacklisted;
}
