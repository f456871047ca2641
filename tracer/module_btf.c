// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A module's BTF is split BTF (kernel/bpf/btf.c): its type ids continue
 * after vmlinux's, and its name offsets continue after vmlinux's string
 * section.  To find one FUNC by name, walking the module's own types is
 * enough: only vmlinux's type count and string length are needed from the
 * base, read once at start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <linux/btf.h>

#include "module_btf.h"

#define MODULE_BTF_MAX (16u << 20)

/* Bytes that follow a struct btf_type of this kind (include/uapi/linux/btf.h). */
static int64_t btf_type_extra(const struct btf_type *t)
{
	uint32_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return (int64_t)sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (int64_t)vlen * (int64_t)sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (int64_t)vlen * (int64_t)sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (int64_t)vlen * (int64_t)sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (int64_t)vlen * (int64_t)sizeof(struct btf_var_secinfo);
	case 19: /* BTF_KIND_ENUM64: struct btf_enum64 (6.0+; absent from older headers) */
		return (int64_t)vlen * 12;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1; /* a kind this reader does not know: cannot step over it */
	}
}

int module_btf_func_id(const void *data, size_t size, const struct btf_base_info *base,
		       const char *func)
{
	const struct btf_header *h = data;
	const char *types, *strs;
	uint64_t off = 0;
	uint32_t id;

	if (!data || !base || !func || size < sizeof(*h) || h->magic != BTF_MAGIC ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > size ||
	    (uint64_t)h->hdr_len + h->type_off + h->type_len > size ||
	    (uint64_t)h->hdr_len + h->str_off + h->str_len > size || h->type_len % 4)
		return -EINVAL;
	types = (const char *)data + h->hdr_len + h->type_off;
	strs = (const char *)data + h->hdr_len + h->str_off;
	for (id = base->type_cnt; off < h->type_len; id++) {
		struct btf_type t;
		int64_t extra;
		uint64_t name;

		if (h->type_len - off < sizeof(t))
			return -EINVAL;
		memcpy(&t, types + off, sizeof(t));
		extra = btf_type_extra(&t);
		if (extra < 0 || (uint64_t)extra > h->type_len - off - sizeof(t))
			return -EINVAL;
		off += sizeof(t) + (uint64_t)extra;
		if (BTF_INFO_KIND(t.info) != BTF_KIND_FUNC || t.name_off < base->str_len)
			continue; /* a vmlinux name is never one of this module's functions */
		name = t.name_off - base->str_len;
		if (name >= h->str_len)
			return -EINVAL;
		if (strnlen(strs + name, h->str_len - name) == strlen(func) &&
		    !memcmp(strs + name, func, strlen(func)))
			return (int)id;
	}
	return -ENOENT;
}

int btf_base_info_vmlinux(struct btf_base_info *base)
{
	struct btf_header h;
	struct btf *v;
	int fd, err = 0;

	fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) || h.magic != BTF_MAGIC)
		err = -EINVAL;
	close(fd);
	if (err)
		return err;
	v = btf__load_vmlinux_btf();
	if (!v)
		return -errno;
	base->type_cnt = btf__type_cnt(v);
	base->str_len = h.str_len;
	btf__free(v);
	return 0;
}

int module_btf_fd(const char *module)
{
	__u32 id = 0;

	while (bpf_btf_get_next_id(id, &id) == 0) {
		char name[64] = "";
		struct bpf_btf_info info = {.name = (__u64)(uintptr_t)name,
					    .name_len = sizeof(name)};
		__u32 len = sizeof(info);
		int fd = bpf_btf_get_fd_by_id(id);

		if (fd < 0)
			continue; /* gone meanwhile */
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.kernel_btf &&
		    !strcmp(name, module))
			return fd;
		close(fd);
	}
	return -ENOENT;
}

int module_btf_read(const char *module, void **data, size_t *size)
{
	size_t cap = 1 << 16, n = 0;
	char path[128], *buf;
	int fd, err = 0;

	if (strchr(module, '/') ||
	    (size_t)snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module) >= sizeof(path))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	while (buf) {
		ssize_t r;

		if (n == cap) {
			char *nb = cap < MODULE_BTF_MAX ? realloc(buf, cap * 2) : NULL;

			if (!nb) {
				err = cap < MODULE_BTF_MAX ? -ENOMEM : -EFBIG;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? -errno : 0;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (!buf)
		return -ENOMEM;
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*size = n;
	return 0;
}
