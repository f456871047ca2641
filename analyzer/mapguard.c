// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mapguard.h"

/*
 * Per thread: a worker has its file and perhaps a separate debug file
 * mapped at once.  A mapping that finds no free slot is simply not guarded.
 */
#define SLOTS 8

struct guarded {
	uintptr_t base, size; /* base 0: free slot */
	volatile sig_atomic_t shrank;
};

static __thread struct guarded slots[SLOTS];
static uintptr_t page_size = 4096;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	int saved = errno;

	(void)uc;
	for (int i = 0; i < SLOTS; i++) {
		struct guarded *g = &slots[i];
		uintptr_t page = a & ~(page_size - 1);
		long p;

		if (!g->base || a < g->base || a - g->base >= g->size)
			continue;
		/* The raw system call: no sanitizer interceptor in a signal handler. */
		p = syscall(SYS_mmap, page, g->base + g->size - page, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (p == (long)page) {
			g->shrank = 1;
			errno = saved;
			return; /* the read is retried and now sees zeros */
		}
		break;
	}
	/* Not one of our mappings (or no way to patch it): a real crash. */
	signal(sig, SIG_DFL);
	raise(sig);
}

void mapguard_install(void)
{
	struct sigaction sa;
	long ps = sysconf(_SC_PAGESIZE);

	if (ps > 0)
		page_size = (uintptr_t)ps;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

void mapguard_add(const void *base, size_t size)
{
	for (int i = 0; i < SLOTS; i++)
		if (!slots[i].base) {
			slots[i].shrank = 0;
			slots[i].size = size;
			slots[i].base = (uintptr_t)base;
			return;
		}
}

void mapguard_remove(const void *base)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].base == (uintptr_t)base)
			slots[i].base = 0;
}

bool mapguard_shrank(const void *base)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].base == (uintptr_t)base)
			return slots[i].shrank;
	return false;
}
