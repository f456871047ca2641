// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pkgmeta.h"

bool deb_control_field(const char *text, size_t len, const char *field, char *out, size_t outsz)
{
	size_t flen = strlen(field);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l == 0)
			break; /* end of the first paragraph */
		if (l > flen && !strncasecmp(p, field, flen) && p[flen] == ':') {
			const char *v = p + flen + 1, *ve = p + l;

			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			if (ve == v || (size_t)(ve - v) >= outsz || memchr(v, 0, (size_t)(ve - v)))
				return false;
			memcpy(out, v, (size_t)(ve - v));
			out[ve - v] = '\0';
			return true;
		}
		p += l + 1;
	}
	return false;
}

#define RPM_LEAD 96
#define RPM_MAX_INDEX 65536
#define RPM_TAG_NAME 1000
#define RPM_TAG_VERSION 1001
#define RPM_TAG_RELEASE 1002
#define RPM_TAG_EPOCH 1003
#define RPM_TAG_SOURCERPM 1044
#define RPM_STRING 6
#define RPM_INT32 4

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One header structure at off: sets index count and data size; 0 if malformed. */
static size_t header_at(const unsigned char *d, size_t n, size_t off, uint32_t *il, uint32_t *dl)
{
	static const unsigned char magic[3] = {0x8e, 0xad, 0xe8};
	uint64_t total;

	if (off > n || n - off < 16 || memcmp(d + off, magic, 3))
		return 0;
	*il = be32(d + off + 8);
	*dl = be32(d + off + 12);
	if (*il > RPM_MAX_INDEX)
		return 0;
	total = 16 + (uint64_t)*il * 16 + *dl;
	if (total > n - off)
		return 0;
	return (size_t)total;
}

static size_t main_header(const unsigned char *d, size_t n, uint32_t *il, uint32_t *dl)
{
	size_t sig, off;

	if (n < RPM_LEAD || be32(d) != 0xedabeedb)
		return 0;
	sig = header_at(d, n, RPM_LEAD, il, dl);
	if (!sig)
		return 0;
	off = RPM_LEAD + sig;
	off = (off + 7) & ~(size_t)7; /* the signature header is padded to 8 bytes */
	return header_at(d, n, off, il, dl) ? off : 0;
}

size_t rpm_payload_offset(const unsigned char *d, size_t n)
{
	uint32_t il, dl;
	size_t off = main_header(d, n, &il, &dl);

	return off ? off + 16 + (size_t)il * 16 + dl : 0;
}

static const char *tag_string(const unsigned char *d, size_t off, uint32_t il, uint32_t dl,
			      uint32_t tag)
{
	const unsigned char *index = d + off + 16, *store = index + (size_t)il * 16;

	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = index + (size_t)i * 16;
		uint32_t o = be32(e + 8);

		if (be32(e) != tag || be32(e + 4) != RPM_STRING || o >= dl ||
		    !memchr(store + o, 0, dl - o))
			continue;
		return (const char *)store + o;
	}
	return NULL;
}

static bool tag_int32(const unsigned char *d, size_t off, uint32_t il, uint32_t dl, uint32_t tag,
		      uint32_t *v)
{
	const unsigned char *index = d + off + 16, *store = index + (size_t)il * 16;

	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = index + (size_t)i * 16;
		uint32_t o = be32(e + 8);

		if (be32(e) == tag && be32(e + 4) == RPM_INT32 && o <= dl && dl - o >= 4) {
			*v = be32(store + o);
			return true;
		}
	}
	return false;
}

bool rpm_name_version(const unsigned char *d, size_t n, char *name, size_t namesz, char *ver,
		      size_t versz, const char **why)
{
	uint32_t il, dl, epoch;
	size_t off = main_header(d, n, &il, &dl);
	const char *nm, *v, *rel;
	int len;

	if (!off) {
		*why = "malformed rpm lead or header";
		return false;
	}
	nm = tag_string(d, off, il, dl, RPM_TAG_NAME);
	v = tag_string(d, off, il, dl, RPM_TAG_VERSION);
	rel = tag_string(d, off, il, dl, RPM_TAG_RELEASE);
	if (!nm || !v) {
		*why = "rpm header has no name or version";
		return false;
	}
	if ((size_t)snprintf(name, namesz, "%s", nm) >= namesz) {
		*why = "rpm name too long";
		return false;
	}
	if (tag_int32(d, off, il, dl, RPM_TAG_EPOCH, &epoch))
		len = snprintf(ver, versz, "%u:%s%s%s", epoch, v, rel ? "-" : "", rel ? rel : "");
	else
		len = snprintf(ver, versz, "%s%s%s", v, rel ? "-" : "", rel ? rel : "");
	if (len < 0 || (size_t)len >= versz) {
		*why = "rpm version too long";
		return false;
	}
	return true;
}

bool rpm_source_package(const unsigned char *d, size_t n, char *out, size_t outsz)
{
	uint32_t il, dl;
	size_t off = main_header(d, n, &il, &dl);
	const char *srpm = off ? tag_string(d, off, il, dl, RPM_TAG_SOURCERPM) : NULL;

	return srpm && rpm_source_name(srpm, out, outsz);
}

bool deb_source_name(const char *field, char *out, size_t outsz)
{
	size_t l = strcspn(field, " \t(");

	if (!l || l >= outsz)
		return false;
	memcpy(out, field, l);
	out[l] = '\0';
	return true;
}

bool rpm_source_name(const char *srpm, char *out, size_t outsz)
{
	static const char *const sfx[] = {".src.rpm", ".nosrc.rpm"};
	size_t l = strlen(srpm);
	int dashes = 0;

	for (size_t i = 0; i < 2; i++) {
		size_t sl = strlen(sfx[i]);

		if (l > sl && !strcmp(srpm + l - sl, sfx[i])) {
			l -= sl;
			break;
		}
	}
	/* NAME-VERSION-RELEASE: the name is what precedes the last two dashes. */
	while (l && dashes < 2)
		if (srpm[--l] == '-')
			dashes++;
	if (dashes < 2 || !l || l >= outsz || strchr(srpm, '/'))
		return false;
	memcpy(out, srpm, l);
	out[l] = '\0';
	return true;
}
