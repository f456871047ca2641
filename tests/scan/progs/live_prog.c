// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Live and dead imports (reach_imports_live): a program importing from
 * libreach.so, built -O2 with the PLT, with -fno-plt (GOT loads) and as
 * ET_EXEC (-no-pie: imp_ops holds reach_other's canonical PLT entry).
 *   reach_none    live: main calls it;
 *   reach_plt     live: live_tail tail-calls it (jmp / b), main calls live_tail;
 *   reach_table   live: only cb_live calls it, and cb_live is reached only
 *                 through live_ops, a table main calls through;
 *   reach_other   live: its address is in imp_ops, a table main calls through;
 *   reach_open    dead: only dead_user calls it, a static function nothing
 *                 calls and whose address is never taken ("used" keeps it);
 *   reach_cb      dead: only cb_dead calls it, which is only in dead_ops,
 *                 a table only dead_user reads;
 *   reach_nested  dead: its address is only in dead_ops;
 *   getpid        live: only asm without symbol or CFI calls it (code in no
 *                 known function counts as live).
 */
#include <unistd.h>

int reach_none(int x);
int reach_plt(void);
int reach_table(unsigned i);
int reach_other(unsigned i);
int reach_open(int flags);
int reach_cb(unsigned i);
int reach_nested(unsigned i);

static __attribute__((noinline)) int cb_live(unsigned i)
{
	return reach_table(i) + 1;
}

static __attribute__((noinline)) int cb_nop(unsigned i)
{
	return (int)i * 3;
}

static __attribute__((noinline)) int cb_dead(unsigned i)
{
	return reach_cb(i) + 2;
}

static int (*const live_ops[])(unsigned) = {cb_nop, cb_live};
static int (*const imp_ops[])(unsigned) = {cb_nop, reach_other};
/*
 * Volatile, so in .data, apart from the tables above: on aarch64 GCC reaches
 * the tables of one section through one section anchor, and main would form
 * the anchor at dead_ops' address and keep it in x2 across a call (reach.c
 * takes an address left in an argument register at a call as passed on).
 */
static int (*volatile dead_ops[])(unsigned) = {cb_dead, reach_nested};

static __attribute__((used, noinline)) int dead_user(unsigned i)
{
	return reach_open((int)i) + dead_ops[i & 1](i);
}

static __attribute__((noinline)) int live_tail(void)
{
	return reach_plt(); /* a tail call at -O2 */
}

/* Code with no symbol of type function and no FDE: a gap between functions. */
#if defined(__x86_64__)
__asm__(".text\n.p2align 4\nlive_gap:\n\tsub $8, %rsp\n\tcall getpid@PLT\n\tadd $8, %rsp\n\tret\n");
#elif defined(__aarch64__)
__asm__(".text\n.p2align 4\nlive_gap:\n\tstp x29, x30, [sp, #-16]!\n\tbl getpid\n"
	"\tldp x29, x30, [sp], #16\n\tret\n");
#endif

int main(int argc, char **argv)
{
	unsigned i = (unsigned)argc;

	(void)argv;
	if (argc > 3)
		return live_tail();
	return reach_none(argc) + live_ops[i & 1](i) + imp_ops[(i >> 1) & 1](i);
}
