// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Function-level reachability (reach.c): a library whose exports differ in
 * whether they reach socket(AF_ALG).  Built -O2 -fPIC, so that
 *   reach_open  tail-calls (jmp / b) the static helper open_alg;
 *   reach_plt   calls reach_open through the library's own PLT;
 *   reach_none  reaches nothing;
 *   reach_table calls through reach_ops, whose only AF_ALG entry, table_alg,
 *               is address-taken in data (a RELATIVE relocation) only;
 *   reach_open@REACH_0, an older version of reach_open, reaches nothing;
 *   reach_cb    calls through cb_ops, a static const table only it uses,
 *               whose entry cb_alg opens AF_ALG;
 *   reach_other calls through other_ops, a static const table of functions
 *               that do not: it reaches no AF_ALG function of another table;
 *   reach_nested calls through nested, a table of tables: inner_alg is only
 *               in inner_b, which only nested points at.
 * Versions: libreach.map.
 */
#include <sys/socket.h>

int reach_open(int flags);
int reach_open_v1(int flags);
int reach_open_v0(int flags);
int reach_plt(void);
int reach_none(int x);
int reach_table(unsigned i);
int reach_cb(unsigned i);
int reach_other(unsigned i);
int reach_nested(unsigned i);

static int opened;

static __attribute__((noinline)) int open_alg(int flags)
{
	int fd = socket(38, SOCK_SEQPACKET | flags, 0);

	if (fd >= 0)
		opened++;
	return fd;
}

static __attribute__((noinline)) int twice(int x)
{
	return x * 2 + opened;
}

/* reach_open@@REACH_1: explicit, as its old version is (the same name in two nodes). */
__asm__(".symver reach_open_v1, reach_open@@REACH_1");
int reach_open_v1(int flags)
{
	if (flags < 0)
		return -1;
	return open_alg(flags); /* a tail call at -O2 */
}

/* The old ABI of reach_open: it never opened a socket. */
__asm__(".symver reach_open_v0, reach_open@REACH_0");
int reach_open_v0(int flags)
{
	return flags + opened;
}

int reach_plt(void)
{
	return reach_open(0) + 1;
}

int reach_none(int x)
{
	return twice(x) + 1;
}

static __attribute__((noinline)) int table_alg(void)
{
	int fd = socket(38, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	return fd < 0 ? -1 : fd + opened;
}

static __attribute__((noinline)) int table_nop(void)
{
	return opened;
}

/* Exported data, so the compiler cannot see which entry a call uses. */
int (*reach_ops[])(void) = {table_nop, table_alg};

int reach_table(unsigned i)
{
	return reach_ops[i & 1]() + 3;
}

struct reach_ops_s {
	int (*op)(int);
	int (*other)(int);
};

static __attribute__((noinline)) int cb_alg(int flags)
{
	return socket(38, SOCK_SEQPACKET | flags, 0);
}

static __attribute__((noinline)) int cb_nop(int x)
{
	return x + opened;
}

static __attribute__((noinline)) int other_a(int x)
{
	return x * 3 + opened;
}

static __attribute__((noinline)) int other_b(int x)
{
	return x ^ opened;
}

static __attribute__((noinline)) int inner_alg(int flags)
{
	return socket(38, SOCK_SEQPACKET | SOCK_NONBLOCK | flags, 0);
}

/* Static and const: in .data.rel.ro, found only through the code that uses them. */
static const struct reach_ops_s cb_ops[] = {{cb_nop, cb_nop}, {cb_alg, cb_nop}};
static const struct reach_ops_s other_ops[] = {{other_a, other_b}, {other_b, other_a}};
static const struct reach_ops_s inner_a = {other_a, cb_nop};
static const struct reach_ops_s inner_b = {inner_alg, other_b};
static const struct reach_ops_s *const nested[] = {&inner_a, &inner_b};

int reach_cb(unsigned i)
{
	return cb_ops[i & 1].op((int)i);
}

int reach_other(unsigned i)
{
	return other_ops[i & 1].other((int)i) + 5;
}

int reach_nested(unsigned i)
{
	return nested[i & 1]->op((int)i) + 7;
}
