// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "symbolize.h"

uint32_t kernel_dev(dev_t dev)
{
	return (uint32_t)((major(dev) << 20) | (minor(dev) & 0xfffff));
}

static char *debuginfo_path = "-.debug:/usr/lib/debug";

/* Does the ELF file open at fd carry the build-id bits[0..len)? */
static bool build_id_matches(int fd, const unsigned char *bits, int len)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	const void *id = NULL;
	bool same = false;

	if (elf) {
		same = dwelf_elf_gnu_build_id(elf, &id) == len &&
		       memcmp(id, bits, (size_t)len) == 0;
		elf_end(elf);
	}
	return same;
}

/*
 * Separate debuginfo, found on this machine only.  dwfl_standard_find_debuginfo
 * ends, for a module with a build-id whose debuginfo is not installed, in
 * elfutils' debuginfod client: libdw dlopen()s libdebuginfod, and with it
 * libcurl and its TLS and LDAP stacks (+7 MiB of resident memory measured on
 * elfutils 0.188, even with DEBUGINFOD_URLS unset), for a tracer that must
 * never download anything.  So: the build-id tree, then the .gnu_debuglink
 * name in the same directories as the standard search (DIR/.debug/NAME,
 * /usr/lib/debug/DIR/NAME), accepted only with the module's build-id.
 * Modules without a build-id never reach debuginfod: the standard search.
 */
static int find_local_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
				GElf_Addr base, const char *file_name, const char *debuglink_file,
				GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int len, fd;
	char dir[4096], cand[4096 + 512];
	const char *slash;

	fd = dwfl_build_id_find_debuginfo(mod, userdata, modname, base, file_name, debuglink_file,
					  debuglink_crc, debuginfo_file_name);
	if (fd >= 0)
		return fd;
	len = dwfl_module_build_id(mod, &bits, &vaddr);
	if (len <= 0)
		return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
						    debuglink_file, debuglink_crc,
						    debuginfo_file_name);
	if (!debuglink_file || !file_name || strchr(debuglink_file, '/') ||
	    !(slash = strrchr(file_name, '/')) || (size_t)(slash - file_name) >= sizeof(dir))
		return -1;
	memcpy(dir, file_name, (size_t)(slash - file_name));
	dir[slash - file_name] = '\0';
	for (int i = 0; i < 2; i++) {
		snprintf(cand, sizeof(cand), i ? "/usr/lib/debug%s/%s" : "%s/.debug/%s", dir,
			 debuglink_file);
		fd = open(cand, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue;
		if (build_id_matches(fd, bits, len)) {
			*debuginfo_file_name = strdup(cand);
			return fd;
		}
		close(fd);
	}
	return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = find_local_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

#define OVERLAYFS_SUPER_MAGIC 0x794c7630

/*
 * Is path the file the kernel saw?  Files mapped from an overlayfs are the
 * real (lower or upper) files, so their device is not the overlay's; there
 * the inode number alone is compared (overlayfs reports the real inode
 * number of non-directories when all layers are on one file system or with
 * xino).
 */
bool symbolize_same_file(const char *path, uint32_t dev, uint64_t ino)
{
	struct stat st;
	struct statfs sfs;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_ino != ino)
		return false;
	if (!dev || kernel_dev(st.st_dev) == dev)
		return true;
	return statfs(path, &sfs) == 0 && (unsigned long)sfs.f_type == OVERLAYFS_SUPER_MAGIC;
}

/* From /proc/tgid/maps: the file mapped at addr and the file offset. */
static bool maps_lookup(pid_t tgid, uint64_t addr, char *path, size_t pathsz, uint64_t *off,
			uint32_t *dev, uint64_t *ino)
{
	char fn[64], line[4096 + 256];
	FILE *f;
	bool found = false;

	snprintf(fn, sizeof(fn), "/proc/%d/maps", (int)tgid);
	f = fopen(fn, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		uint64_t start, end, pgoff, inode;
		unsigned int maj, min;
		int n = 0;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %x:%x %" SCNu64 " %n",
			   &start, &end, &pgoff, &maj, &min, &inode, &n) < 6)
			continue;
		if (addr < start || addr >= end || !inode || !n || line[n] != '/')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(path, pathsz, "%s", line + n);
		*off = addr - start + pgoff;
		*dev = (maj << 20) | min;
		*ino = inode;
		found = true;
	}
	fclose(f);
	return found;
}

/* File offset -> the ELF's own virtual address, through its PT_LOAD headers. */
static bool offset_to_vaddr(Elf *elf, uint64_t off, uint64_t *vaddr)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (off >= ph.p_offset && off - ph.p_offset < ph.p_filesz) {
			*vaddr = off - ph.p_offset + ph.p_vaddr;
			return true;
		}
	}
	return false;
}

static Dwfl_Module *report_file(Dwfl *dwfl, const char *path)
{
	Dwfl_Module *mod;

	dwfl_report_begin(dwfl);
	mod = dwfl_report_offline(dwfl, path, path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	return mod;
}

/* Where the frame's address lives: file, offset, and whether it is still that file. */
static void locate_frame(const struct afalg_frame *f, pid_t tgid, struct sym_frame *out)
{
	uint64_t off = f->file_off, ino = f->ino;
	uint32_t dev = f->dev;

	memset(out, 0, sizeof(*out));
	out->addr = f->addr;
	if (!f->addr)
		return;
	if (f->resolved) {
		memcpy(out->file, f->path, sizeof(out->file));
		out->file[sizeof(out->file) - 1] = '\0';
	} else if (!maps_lookup(tgid, f->addr, out->file, sizeof(out->file), &off, &dev, &ino)) {
		return; /* no bpf_find_vma() and the process is gone: address only */
	}
	out->offset = off;
	/* Not verified: replaced, deleted, or in another mount namespace. */
	out->valid = symbolize_same_file(out->file, dev, ino);
}

/* Function and source line of a located frame, from its symbols and debuginfo. */
static void describe_frame(struct sym_frame *out, bool is_return)
{
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;
	GElf_Addr bias = 0;
	uint64_t vaddr, lookup;
	const char *name;
	Dwfl_Line *dl;

	if (!out->valid || !(dwfl = dwfl_begin(&offline_callbacks)))
		return;
	mod = report_file(dwfl, out->file);
	elf = mod ? dwfl_module_getelf(mod, &bias) : NULL;
	if (elf && offset_to_vaddr(elf, out->offset, &vaddr)) {
		lookup = vaddr + bias - (is_return ? 1 : 0);
		name = dwfl_module_addrname(mod, lookup);
		if (name)
			snprintf(out->function, sizeof(out->function), "%s", name);
		dl = dwfl_module_getsrc(mod, lookup);
		if (dl) {
			const char *src = dwfl_lineinfo(dl, NULL, &out->line, NULL, NULL, NULL);

			if (src)
				snprintf(out->source, sizeof(out->source), "%s", src);
		}
	}
	dwfl_end(dwfl);
}

void symbolize_frames(const struct afalg_frame *f, int n, pid_t tgid, struct sym_frame *out)
{
	for (int i = 0; i < n; i++)
		locate_frame(&f[i], tgid, &out[i]);
	for (int i = 0; i < n; i++)
		describe_frame(&out[i], i > 0);
}

/* glibc/musl wrappers whose caller is the interesting frame. */
static bool is_syscall_wrapper(const char *fn)
{
	static const char *const wrappers[] = {"socket",  "__socket",	   "bind",	   "__bind",
					       "syscall", "__libc_socket", "__GI___socket"};

	for (size_t i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++)
		if (!strcmp(fn, wrappers[i]))
			return true;
	return false;
}

int symbolize_site_index(const struct sym_frame frames[AFALG_SITE_FRAMES])
{
	if (!frames[0].valid)
		return frames[1].valid ? 1 : -1;
	if (is_syscall_wrapper(frames[0].function))
		return frames[1].valid ? 1 : -1;
	return 0;
}

bool elf_build_id(const char *path, char *hex, size_t hexsz)
{
	Dwfl *dwfl = dwfl_begin(&offline_callbacks);
	Dwfl_Module *mod;
	const unsigned char *bits;
	GElf_Addr vaddr;
	int len;
	bool ok = false;

	if (!dwfl)
		return false;
	mod = report_file(dwfl, path);
	if (mod && (len = dwfl_module_build_id(mod, &bits, &vaddr)) > 0 &&
	    (size_t)len * 2 < hexsz) {
		for (int i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", bits[i]);
		ok = true;
	}
	dwfl_end(dwfl);
	return ok;
}
