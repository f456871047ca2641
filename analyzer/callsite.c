// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Finding socket(AF_ALG, ...) call sites.  The compiler loads the constant
 * into the first argument register shortly before the call:
 *   x86-64:  mov edi, 0x26 ... call socket@plt
 *   aarch64: mov w0, #0x26 ... bl socket
 * and for syscall(SYS_socket, AF_ALG, ...) into the second one, and for a
 * raw system call into the first one with the number in eax / x8.  So: find
 * the bytes of those loads (cheap), decode a window around each with
 * Capstone, and track the few registers that matter until a call.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "afalg.h"
#include "callsite.h"

#define AF_ALG_NR 38
#define X86_64_SYS_SOCKET 41
#define X86_64_SYS_IO_SUBMIT 209
#define AARCH64_SYS_SOCKET 198
#define AARCH64_SYS_IO_SUBMIT 2
/* Instructions decoded after the constant load before giving up on it. */
#define WINDOW_AFTER 24
/* Bytes decoded before it (x86: to see "mov eax, 41" for a raw syscall). */
#define X86_LOOKBACK 48
#define A64_LOOKBACK 16 /* instructions */

bool targets_add(struct targets *t, uint64_t addr, enum target_kind kind)
{
	if (targets_find(t, addr) != TGT_NONE)
		return true;
	if (afalg_grow(&t->v, &t->cap, t->n, sizeof(*t->v), 8))
		return false;
	t->v[t->n].addr = addr;
	t->v[t->n].kind = kind;
	t->n++;
	return true;
}

enum target_kind targets_find(const struct targets *t, uint64_t addr)
{
	/* A handful of entries: linear is fine. */
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].addr == addr)
			return t->v[i].kind;
	return TGT_NONE;
}

void targets_free(struct targets *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

bool callsite_supported(int machine)
{
	return machine == EM_X86_64 || machine == EM_AARCH64;
}

static bool open_cs(int machine, csh *h)
{
	cs_err err;

	if (machine == EM_X86_64)
		err = cs_open(CS_ARCH_X86, CS_MODE_64, h);
	else if (machine == EM_AARCH64)
		err = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, h); /* A64 code is always LE */
	else
		return false;
	if (err != CS_ERR_OK)
		return false;
	cs_option(*h, CS_OPT_DETAIL, CS_OPT_ON);
	return true;
}

/* ---- register tracking ---- */

/* Tracked registers: x86-64 rax/rdi/rsi; aarch64 x0/x1/x8. */
enum { R_A, R_B, R_C, R_COUNT };

struct regstate {
	bool known[R_COUNT];
	uint64_t val[R_COUNT];
};

static int x86_slot(unsigned reg)
{
	switch (reg) {
	case X86_REG_RAX:
	case X86_REG_EAX:
	case X86_REG_AX:
	case X86_REG_AL:
	case X86_REG_AH:
		return R_A; /* syscall number */
	case X86_REG_RDI:
	case X86_REG_EDI:
	case X86_REG_DI:
	case X86_REG_DIL:
		return R_B; /* 1st argument */
	case X86_REG_RSI:
	case X86_REG_ESI:
	case X86_REG_SI:
	case X86_REG_SIL:
		return R_C; /* 2nd argument */
	default:
		return -1;
	}
}

static int a64_regno(unsigned reg)
{
	if (reg >= ARM64_REG_W0 && reg <= ARM64_REG_W30)
		return (int)(reg - ARM64_REG_W0);
	if (reg >= ARM64_REG_X0 && reg <= ARM64_REG_X28)
		return (int)(reg - ARM64_REG_X0);
	if (reg == ARM64_REG_X29)
		return 29;
	if (reg == ARM64_REG_X30)
		return 30;
	return -1;
}

static int a64_slot(unsigned reg)
{
	switch (a64_regno(reg)) {
	case 0:
		return R_B; /* 1st argument / syscall result */
	case 1:
		return R_C; /* 2nd argument */
	case 8:
		return R_A; /* syscall number */
	default:
		return -1;
	}
}

/* Forget every tracked register the instruction writes. */
static void clobber_written(csh h, const cs_insn *in, int machine, struct regstate *s)
{
	cs_regs rd, wr;
	uint8_t nrd = 0, nwr = 0;

	if (cs_regs_access(h, in, rd, &nrd, wr, &nwr) != CS_ERR_OK) {
		memset(s->known, 0, sizeof(s->known));
		return;
	}
	for (uint8_t i = 0; i < nwr; i++) {
		int slot = machine == EM_X86_64 ? x86_slot(wr[i]) : a64_slot(wr[i]);

		if (slot >= 0)
			s->known[slot] = false;
	}
}

static bool is(const struct regstate *s, int slot, uint64_t v)
{
	return s->known[slot] && s->val[slot] == v;
}

struct scan_state {
	const struct code_region *rg;
	const struct targets *funcs, *got;
	struct callsite_hit *hits;
	size_t nhits, maxhits;
	unsigned *features;
};

static void add_hit(struct scan_state *ss, enum evidence_kind kind, uint64_t addr)
{
	/* Overlapping windows see the same call twice. */
	for (size_t i = 0; i < ss->nhits; i++)
		if (ss->hits[i].addr == addr)
			return;
	if (ss->nhits >= ss->maxhits)
		return;
	ss->hits[ss->nhits].kind = kind;
	ss->hits[ss->nhits].addr = addr;
	ss->hits[ss->nhits].offset = ss->rg->offset + (addr - ss->rg->addr);
	ss->nhits++;
}

/* A call (or tail call) to target with the current register state. */
static void check_call(struct scan_state *ss, int machine, enum target_kind k,
		       const struct regstate *s, uint64_t at)
{
	uint64_t sys_socket = machine == EM_X86_64 ? X86_64_SYS_SOCKET : AARCH64_SYS_SOCKET;
	uint64_t sys_io_submit =
		machine == EM_X86_64 ? X86_64_SYS_IO_SUBMIT : AARCH64_SYS_IO_SUBMIT;

	if (k == TGT_SOCKET && is(s, R_B, AF_ALG_NR))
		add_hit(ss, EV_SOCKET_CALL, at);
	else if (k == TGT_SYSCALL && is(s, R_B, sys_socket) && is(s, R_C, AF_ALG_NR))
		add_hit(ss, EV_SYSCALL_CALL, at);
	else if (k == TGT_SYSCALL && is(s, R_B, sys_io_submit))
		*ss->features |= AFALG_BIT(AFALG_FEAT_AIO);
}

/* ---- x86-64 ---- */

static enum target_kind x86_call_target(const struct scan_state *ss, const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;

	if (x->op_count != 1)
		return TGT_NONE;
	if (x->operands[0].type == X86_OP_IMM)
		return targets_find(ss->funcs, (uint64_t)x->operands[0].imm);
	/* call [rip+disp]: -fno-plt, straight through the GOT slot. */
	if (x->operands[0].type == X86_OP_MEM && x->operands[0].mem.base == X86_REG_RIP &&
	    x->operands[0].mem.index == X86_REG_INVALID)
		return targets_find(ss->got,
				    in->address + in->size + (uint64_t)x->operands[0].mem.disp);
	return TGT_NONE;
}

/* Emulate from start; returns false when the decoder never reached `must_reach`. */
static bool x86_window(csh h, struct scan_state *ss, cs_insn *in, uint64_t start,
		       uint64_t must_reach, bool dry_run)
{
	const struct code_region *rg = ss->rg;
	const uint8_t *code = rg->bytes + (start - rg->addr);
	size_t size = rg->size - (start - rg->addr);
	uint64_t addr = start;
	struct regstate s = {0};
	int after = -1;

	while (cs_disasm_iter(h, &code, &size, &addr, in)) {
		const cs_x86 *x = &in->detail->x86;

		if (in->address > must_reach && after < 0)
			return false; /* stepped over the load: out of sync */
		if (in->address == must_reach)
			after = 0;
		if (dry_run && after == 0)
			return true;
		if (after >= 0 && after++ > WINDOW_AFTER)
			break;
		switch (in->id) {
		case X86_INS_MOV:
			if (x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
			    x->operands[1].type == X86_OP_IMM) {
				int slot = x86_slot(x->operands[0].reg);

				if (slot >= 0 && x->operands[0].size >= 4) {
					s.known[slot] = true;
					s.val[slot] =
						(uint64_t)x->operands[1].imm &
						(x->operands[0].size == 4 ? 0xffffffffull : ~0ull);
					continue;
				}
			}
			break;
		case X86_INS_XOR:
			if (x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
			    x->operands[1].type == X86_OP_REG &&
			    x->operands[0].reg == x->operands[1].reg) {
				int slot = x86_slot(x->operands[0].reg);

				if (slot >= 0) {
					s.known[slot] = true;
					s.val[slot] = 0;
					continue;
				}
			}
			break;
		case X86_INS_CALL:
			if (after >= 0)
				check_call(ss, EM_X86_64, x86_call_target(ss, in), &s, in->address);
			memset(s.known, 0, sizeof(s.known)); /* caller-saved */
			continue;
		case X86_INS_JMP:
			if (after >= 0)
				check_call(ss, EM_X86_64, x86_call_target(ss, in), &s, in->address);
			if (after >= 0)
				return true;
			memset(s.known, 0, sizeof(s.known));
			continue;
		case X86_INS_SYSCALL:
			if (after >= 0 && is(&s, R_A, X86_64_SYS_SOCKET) && is(&s, R_B, AF_ALG_NR))
				add_hit(ss, EV_RAW_SYSCALL, in->address);
			s.known[R_A] = false;
			continue;
		case X86_INS_RET:
		case X86_INS_HLT:
		case X86_INS_UD2:
			if (after >= 0)
				return true;
			memset(s.known, 0, sizeof(s.known));
			continue;
		default:
			break;
		}
		clobber_written(h, in, EM_X86_64, &s);
	}
	return after >= 0;
}

static void x86_hit(csh h, struct scan_state *ss, cs_insn *in, uint64_t load)
{
	uint64_t lo = ss->rg->addr;

	/* Find an earlier start that decodes in step with the load instruction. */
	for (uint64_t back = X86_LOOKBACK; back > 0; back--) {
		if (load - lo < back)
			continue;
		if (x86_window(h, ss, in, load - back, load, true)) {
			x86_window(h, ss, in, load - back, load, false);
			return;
		}
	}
	x86_window(h, ss, in, load, load, false);
}

static bool has_kind(const struct targets *t, enum target_kind k)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind == k)
			return true;
	return false;
}

static void x86_scan_region(csh h, struct scan_state *ss, cs_insn *in)
{
	const unsigned char *b = ss->rg->bytes, *end = b + ss->rg->size, *p = b;

	/* syscall(SYS_io_submit, ...): AIO, which the 2026 hardening makes synchronous. */
	if (has_kind(ss->funcs, TGT_SYSCALL) || has_kind(ss->got, TGT_SYSCALL)) {
		while (p < end && (p = memchr(p, X86_64_SYS_IO_SUBMIT, (size_t)(end - p)))) {
			size_t i = (size_t)(p - b);

			if (i >= 1 && i + 4 <= ss->rg->size && !p[1] && !p[2] && !p[3] &&
			    p[-1] == 0xbf)
				x86_hit(h, ss, in, ss->rg->addr + i - 1);
			p++;
		}
		p = b;
	}
	while (p < end && (p = memchr(p, AF_ALG_NR, (size_t)(end - p)))) {
		size_t i = (size_t)(p - b);

		/* imm32 0x00000026: mov edi/esi, imm32 (bf/be) or mov rdi/rsi, imm32 (48 c7 c7/c6).
		 */
		if (i >= 1 && i + 4 <= ss->rg->size && !p[1] && !p[2] && !p[3]) {
			if (p[-1] == 0xbf || p[-1] == 0xbe)
				x86_hit(h, ss, in, ss->rg->addr + i - 1);
			else if (i >= 3 && p[-3] == 0x48 && p[-2] == 0xc7 &&
				 (p[-1] == 0xc7 || p[-1] == 0xc6))
				x86_hit(h, ss, in, ss->rg->addr + i - 3);
		}
		p++;
	}
}

/* ---- aarch64 ---- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void a64_window(csh h, struct scan_state *ss, cs_insn *in, uint64_t load)
{
	const struct code_region *rg = ss->rg;
	uint64_t back = (load - rg->addr) / 4 < A64_LOOKBACK ? (load - rg->addr) / 4 : A64_LOOKBACK;
	uint64_t start = load - back * 4, addr = start;
	const uint8_t *code = rg->bytes + (start - rg->addr);
	size_t size = rg->size - (start - rg->addr);
	struct regstate s = {0};
	int after = -1;

	/* Bounded even if the load itself never decodes: the window ends after it. */
	while (size >= 4 && addr <= load + 4 * (WINDOW_AFTER + 1)) {
		const cs_arm64 *a;

		if (!cs_disasm_iter(h, &code, &size, &addr, in)) {
			/* Data in text: skip the word, forget what we knew. */
			code += 4;
			size -= 4;
			addr += 4;
			memset(s.known, 0, sizeof(s.known));
			continue;
		}
		a = &in->detail->arm64;
		if (in->address == load)
			after = 0;
		if (after >= 0 && after++ > WINDOW_AFTER)
			return;
		switch (in->id) {
		case ARM64_INS_MOV:
		case ARM64_INS_MOVZ:
			if (a->op_count == 2 && a->operands[0].type == ARM64_OP_REG &&
			    a->operands[1].type == ARM64_OP_IMM &&
			    a->operands[1].shift.type == ARM64_SFT_INVALID) {
				int slot = a64_slot(a->operands[0].reg);

				if (slot >= 0) {
					s.known[slot] = true;
					s.val[slot] = (uint64_t)a->operands[1].imm;
					continue;
				}
			}
			break;
		case ARM64_INS_BL:
			if (after >= 0 && a->op_count == 1 && a->operands[0].type == ARM64_OP_IMM)
				check_call(ss, EM_AARCH64,
					   targets_find(ss->funcs, (uint64_t)a->operands[0].imm),
					   &s, in->address);
			memset(s.known, 0, sizeof(s.known));
			continue;
		case ARM64_INS_B:
			if (a->cc != ARM64_CC_INVALID && a->cc != ARM64_CC_AL)
				continue; /* conditional: the fall-through keeps its state */
			if (after >= 0 && a->op_count == 1 && a->operands[0].type == ARM64_OP_IMM)
				check_call(ss, EM_AARCH64,
					   targets_find(ss->funcs, (uint64_t)a->operands[0].imm),
					   &s, in->address);
			if (after >= 0)
				return;
			memset(s.known, 0, sizeof(s.known));
			continue;
		case ARM64_INS_SVC:
			if (after >= 0 && is(&s, R_A, AARCH64_SYS_SOCKET) && is(&s, R_B, AF_ALG_NR))
				add_hit(ss, EV_RAW_SYSCALL, in->address);
			s.known[R_B] = false;
			continue;
		case ARM64_INS_RET:
		case ARM64_INS_BR:
			if (after >= 0)
				return;
			memset(s.known, 0, sizeof(s.known));
			continue;
		case ARM64_INS_BLR:
			memset(s.known, 0, sizeof(s.known));
			continue;
		default:
			break;
		}
		clobber_written(h, in, EM_AARCH64, &s);
	}
}

static void a64_scan_region(csh h, struct scan_state *ss, cs_insn *in)
{
	const struct code_region *rg = ss->rg;
	/* Instructions are 4-byte aligned in the address space. */
	size_t first = (size_t)((4 - (rg->addr & 3)) & 3);

	for (size_t i = first; i + 4 <= rg->size; i += 4) {
		uint32_t w = le32(rg->bytes + i);

		/* movz w0|x0|w1|x1, #0x26 */
		if (w == 0x528004c0 || w == 0xd28004c0 || w == 0x528004c1 || w == 0xd28004c1)
			a64_window(h, ss, in, rg->addr + i);
	}
}

size_t callsite_scan(int machine, const struct code_region *regions, size_t nregions,
		     const struct targets *funcs, const struct targets *got,
		     struct callsite_hit *hits, size_t maxhits, unsigned *features)
{
	struct scan_state ss = {
		.funcs = funcs, .got = got, .hits = hits, .maxhits = maxhits, .features = features};
	cs_insn *in;
	csh h;

	if (!open_cs(machine, &h))
		return 0;
	in = cs_malloc(h);
	if (in) {
		for (size_t r = 0; r < nregions; r++) {
			ss.rg = &regions[r];
			if (machine == EM_X86_64)
				x86_scan_region(h, &ss, in);
			else
				a64_scan_region(h, &ss, in);
		}
		cs_free(in, 1);
	}
	cs_close(&h);
	return ss.nhits;
}

void callsite_map_plt(int machine, const struct code_region *plt, const struct targets *got,
		      struct targets *funcs)
{
	const uint8_t *code = plt->bytes;
	size_t size = plt->size;
	uint64_t addr = plt->addr, prev = UINT64_MAX, x16 = 0, entry = 0;
	bool x16_known = false;
	cs_insn *in;
	csh h;

	if (!open_cs(machine, &h))
		return;
	in = cs_malloc(h);
	while (in && size) {
		if (!cs_disasm_iter(h, &code, &size, &addr, in)) {
			/* padding or data: resync on the next byte/word */
			unsigned step = machine == EM_AARCH64 ? 4 : 1;

			if (size < step)
				break;
			code += step;
			size -= step;
			addr += step;
			prev = UINT64_MAX;
			continue;
		}
		if (machine == EM_X86_64) {
			const cs_x86 *x = &in->detail->x86;

			/* [endbr64;] [bnd] jmp [rip+disp] — the stub starts at endbr64 if any. */
			if (in->id == X86_INS_JMP && x->op_count == 1 &&
			    x->operands[0].type == X86_OP_MEM &&
			    x->operands[0].mem.base == X86_REG_RIP) {
				uint64_t slot =
					in->address + in->size + (uint64_t)x->operands[0].mem.disp;
				enum target_kind k = targets_find(got, slot);

				if (k != TGT_NONE)
					targets_add(funcs, prev != UINT64_MAX ? prev : in->address,
						    k);
			}
			prev = in->id == X86_INS_ENDBR64 ? in->address : UINT64_MAX;
		} else {
			const cs_arm64 *a = &in->detail->arm64;

			/* [bti c;] adrp x16, page; ldr x17, [x16, #lo]; add; br x17 */
			if (in->id == ARM64_INS_ADRP && a->op_count == 2 &&
			    a64_regno(a->operands[0].reg) == 16) {
				x16 = (uint64_t)a->operands[1].imm;
				x16_known = true;
				entry = prev == in->address - 4 ? prev : in->address;
			} else if (in->id == ARM64_INS_LDR && x16_known && a->op_count == 2 &&
				   a->operands[1].type == ARM64_OP_MEM &&
				   a64_regno(a->operands[1].mem.base) == 16) {
				enum target_kind k = targets_find(
					got, x16 + (uint64_t)(int64_t)a->operands[1].mem.disp);

				if (k != TGT_NONE)
					targets_add(funcs, entry, k);
			} else if (in->id == ARM64_INS_BR) {
				x16_known = false;
			}
			prev = in->id == ARM64_INS_HINT ? in->address : UINT64_MAX; /* bti c */
		}
	}
	if (in)
		cs_free(in, 1);
	cs_close(&h);
}

/*
 * struct sockaddr_alg filled with constants is compiled into immediate
 * stores: "skcipher" as movabs r64, imm64 (48 b8+r), "hash"/"aead"/"rng" as
 * mov dword [mem], imm32 (c7 /0).  Finding those bytes in an immediate
 * position names the type precisely, where a string in .rodata ("hash" is
 * also a JSON key in libcryptsetup) would not.
 */
static bool imm64_at(const unsigned char *b, size_t i)
{
	return i >= 2 && (b[i - 2] == 0x48 || b[i - 2] == 0x49) && b[i - 1] >= 0xb8 &&
	       b[i - 1] <= 0xbf;
}

static bool imm32_at(const unsigned char *b, size_t i)
{
	/* c7 modrm [sib] [disp8|disp32] imm32 */
	for (size_t back = 2; back <= 7 && back <= i; back++)
		if (b[i - back] == 0xc7 && ((b[i - back + 1] >> 3) & 7) == 0)
			return true;
	return false;
}

static const char *const imm_algorithms[] = {
	/* Each one's first 8 bytes are unique in this list (hmac(sha* are not: left out). */
	"ecb(aes)",  "cbc(aes)",  "ctr(aes)",	   "xts(aes)", "gcm(aes)", "ccm(aes)",
	"cmac(aes)", "hmac(md5)", "cbc(des3_ede)", "ecb(des)", "cbc(des)",
};

unsigned callsite_type_immediates(int machine, const struct code_region *regions, size_t nregions,
				  void (*alg)(void *arg, const char *name), void *arg)
{
	static const struct {
		const char *bytes;
		size_t len;
		enum afalg_type type;
	} types[] = {
		{"skcipher", 8, AFALG_TYPE_SKCIPHER},
		{"hash", 4, AFALG_TYPE_HASH},
		{"aead", 4, AFALG_TYPE_AEAD},
		{"rng\0", 4, AFALG_TYPE_RNG},
	};
	unsigned found = 0;

	if (machine != EM_X86_64)
		return 0;
	for (size_t r = 0; r < nregions; r++) {
		const unsigned char *b = regions[r].bytes;
		size_t n = regions[r].size;

		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			const unsigned char *p = b, *hit;

			while ((hit = memmem(p, n - (size_t)(p - b), types[t].bytes,
					     types[t].len))) {
				size_t i = (size_t)(hit - b);

				if (types[t].len == 8 ? imm64_at(b, i) : imm32_at(b, i)) {
					found |= AFALG_BIT(types[t].type);
					break;
				}
				p = hit + 1;
			}
		}
		/* Algorithm names: the first 8 bytes of a movabs. */
		for (size_t a = 0; a < sizeof(imm_algorithms) / sizeof(imm_algorithms[0]); a++) {
			const char *name = imm_algorithms[a];
			size_t len = strlen(name) < 8 ? strlen(name) + 1 : 8;
			const unsigned char *p = b, *hit;

			if (len < 8)
				continue; /* short names fit an imm32/imm64 with padding: too common
					   */
			while ((hit = memmem(p, n - (size_t)(p - b), name, len))) {
				if (imm64_at(b, (size_t)(hit - b))) {
					alg(arg, name);
					break;
				}
				p = hit + 1;
			}
		}
	}
	return found;
}
