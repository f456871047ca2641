// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The short-lived processes of the host fork/exec storm (tests/trace/
 * host-storm): as small as an executable gets (no libc, static, one page
 * of code), so that the storm measures process starts and the tracer, not
 * a C library's start-up.
 *
 * Built twice:
 *  - STORM_AFALG: socket(AF_ALG, SOCK_SEQPACKET, 0) K times, K being the
 *    number after the last '-' of the name it was started as (copies named
 *    alg-07-3 try three times), so the test knows exactly how many attempts
 *    each distinct executable made; a socket that opens (a kernel with
 *    AF_ALG) is closed again.  Exit 0, or 2 if the name carries no K.
 *  - otherwise: one socket(AF_UNIX, SOCK_DGRAM, 0) and exit 0 — a process
 *    that uses sockets but not AF_ALG, which the tracer must not record.
 *
 * Compiled with -nostdlib -static (tests/trace/CMakeLists.txt): system
 * calls are made directly, x86-64 and arm64 only.
 */

#if defined(__x86_64__)
#define NR_SOCKET 41
#define NR_CLOSE 3
#define NR_EXIT_GROUP 231

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The kernel starts us with argc, argv[], envp[] on the stack. */
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call storm_main\n"
	"	hlt\n");
#elif defined(__aarch64__)
#define NR_SOCKET 198
#define NR_CLOSE 57
#define NR_EXIT_GROUP 94

static long sys3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}

__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	mov x0, sp\n"
	"	bl storm_main\n"
	"	brk #0\n");
#else
#error "storm_proc: system calls are written for x86-64 and arm64 only"
#endif

#define AF_UNIX 1
#define AF_ALG 38
#define SOCK_DGRAM 2
#define SOCK_SEQPACKET 5

void storm_main(long *sp) __attribute__((noreturn, used));

static __attribute__((noreturn)) void leave(int code)
{
	for (;;)
		sys3(NR_EXIT_GROUP, code, 0, 0);
}

#ifdef STORM_AFALG
/* K from "...-K" at the end of the name; -1 if there is none. */
static int attempts(const char *name)
{
	const char *p, *dash = 0;
	int k = 0;

	for (p = name; *p; p++)
		if (*p == '-')
			dash = p;
	if (!dash || !dash[1])
		return -1;
	for (p = dash + 1; *p; p++) {
		if (*p < '0' || *p > '9' || k > 1000)
			return -1;
		k = k * 10 + (*p - '0');
	}
	return k;
}
#endif

void storm_main(long *sp)
{
#ifdef STORM_AFALG
	const char *name = sp[0] > 0 ? (const char *)sp[1] : 0;
	int k = name ? attempts(name) : -1;

	if (k < 0)
		leave(2);
	for (int i = 0; i < k; i++) {
		long fd = sys3(NR_SOCKET, AF_ALG, SOCK_SEQPACKET, 0);

		if (fd >= 0)
			sys3(NR_CLOSE, fd, 0, 0);
	}
#else
	long fd = sys3(NR_SOCKET, AF_UNIX, SOCK_DGRAM, 0);

	(void)sp;
	if (fd >= 0)
		sys3(NR_CLOSE, fd, 0, 0);
#endif
	leave(0);
}
