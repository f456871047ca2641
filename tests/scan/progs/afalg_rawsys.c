// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Positive: a raw system call instruction creating an AF_ALG socket (no libc wrapper). */
#include <stdio.h>

static long raw_socket(void)
{
	long ret;
#if defined(__x86_64__)
	__asm__ volatile("mov $41, %%eax\n\tmov $38, %%edi\n\tmov $5, %%esi\n\txor %%edx, %%edx\n\t"
			 "syscall"
			 : "=a"(ret)
			 :
			 : "rdi", "rsi", "rdx", "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x0 __asm__("x0");
	__asm__ volatile("mov x8, #198\n\tmov x0, #38\n\tmov x1, #5\n\tmov x2, #0\n\tsvc #0"
			 : "=r"(x0)
			 :
			 : "x1", "x2", "x8", "memory");
	ret = x0;
#else
	ret = -1;
#endif
	return ret;
}

int main(void)
{
	printf("%ld\n", raw_socket());
	return 0;
}
