/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Function-level reachability inside one ELF file (issue #16, first part):
 * which of its exported functions can reach which of its AF_ALG call sites,
 * and which call sites nothing in the file reaches.
 *
 * The call graph is built from the code with Capstone (x86-64, aarch64):
 *   - functions: .symtab and .dynsym FUNC symbols, .eh_frame FDE ranges
 *     (all three when present, so a stripped file still has its static
 *     functions), e_entry, DT_INIT, DT_FINI;
 *   - edges: direct calls, direct jumps into another function (tail calls,
 *     .cold parts), calls and jumps through the file's own PLT or GOT to a
 *     function it defines itself, a function running off its end into the
 *     next one, and an address taken in code (lea rip+X, adrp+add, adr) from
 *     the function taking it to the function taken;
 *   - data objects are nodes too: a function -> each object whose address
 *     it forms or reads (lea/mov rip+X, adrp+add/ldr, GOT slots); an object
 *     -> each function or object a word of it points at (relocations, RELR;
 *     in ET_EXEC files words equal to a function start or a data address).
 *     So a function pointer in a table is reached from the functions that
 *     use the table (or a table of tables holding it), not from everywhere;
 *   - objects: .symtab/.dynsym OBJECT symbols are exact; elsewhere (stripped
 *     files) an object runs from an address code forms (lea, adrp+add, an
 *     indexed access) or a relocation stores, to the next such address or
 *     the section's end; every GOT word is its own object.  This assumes
 *     code reaches the rest of an object only from its start: a member
 *     whose address is formed on its own cuts its object there, and a use of
 *     the object's start no longer reaches past it (stated, not proved);
 *   - roots: e_entry, main (.symtab), exported functions, DT_INIT, DT_FINI,
 *     init/fini/preinit arrays and IRELATIVE resolvers, and "free" data
 *     objects: exported ones (importers read them) and those nothing we
 *     decode forms, reads or points at (code we cannot follow might).
 *
 * Work is bounded (REACH_MAX_*); when a bound is hit the answer is not
 * complete, `bounded` says so and why, and the caller must keep the
 * link-level answer.  Every offset and size read from the file is checked
 * against the image (libelf for sections; the code here for the rest).
 */
#ifndef AFALG_REACH_H
#define AFALG_REACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Call sites per file: one bit each in the masks below. */
#define REACH_MAX_SITES 64
/* Functions (symbols and FDEs merged); 32 bytes each. */
#define REACH_MAX_FUNCS (512u * 1024)
/*
 * Instructions decoded, all functions and PLT stubs together: Capstone with
 * operand details decodes 0.6-2 M/s (busy/quiet machine), so 2-7 s at most.
 * libcryptsetup and libell are ~85,000 each; libLLVM-15 is 12.6 M (bounded).
 */
#define REACH_MAX_INSNS (4u * 1024 * 1024)
/* Memory for the analysis: functions, edges, relocations, tables. */
#define REACH_MAX_BYTES ((size_t)64 << 20)

struct reach_site {
	uint64_t addr;	      /* the call site, as callsite_scan() found it */
	uint64_t func_start;  /* start of the function holding it (0: none known) */
	const char *function; /* its name, NULL when unnamed (stripped) */
	bool in_function;     /* false: in no known function; then reachable is true */
	bool reachable;	      /* from some root: false means dead code */
	bool from_export;     /* from an exported function (calls, jumps, addresses in code) */
	bool from_taken;      /* from an address-taken function (a callback) */
};

struct reach_export {
	const char *name;
	const char *version;  /* from .gnu.version_d; NULL when unversioned */
	bool default_version; /* name@@version (true) or name@version */
	uint64_t addr;
	/* bit i: sites[i] is reached through calls, jumps and addresses taken in code */
	uint64_t reaches;
	/*
	 * reaches, plus call sites in no known function, plus, when the function
	 * (or one it reaches) makes an indirect call, free_reaches below: the
	 * pointers an indirect call may find without this export having formed
	 * them.  A pointer some other export forms makes that export reach its
	 * target: its importer is the user.
	 */
	uint64_t may_reach;
};

struct reach_stats {
	size_t functions, instructions, edges, taken, roots;
	size_t objects, free_objects; /* data objects; those importers or unseen code may read */
	bool symtab; /* function bounds came from .symtab (else .eh_frame and .dynsym) */
};

struct reach_result {
	bool bounded;	    /* a limit was hit or the file cannot be analysed: no answer
			       (every site then says reachable, no export is listed) */
	const char *reason; /* why (static string), when bounded */
	struct reach_site *sites;
	size_t nsites;
	struct reach_export *exports; /* defined FUNC/IFUNC dynsym entries, in dynsym order */
	size_t nexports;
	uint64_t taken_reaches; /* sites reached from some address-taken function */
	/* sites an indirect call may reach through a pointer no export formed */
	uint64_t free_reaches;
	struct reach_stats stats;
	char *strings; /* owns every name above */
};

/*
 * Analyse an ELF image (x86-64 or aarch64, little-endian, 64-bit, ET_EXEC or
 * ET_DYN) with the call sites found in it.  The image is handed to libelf
 * (elf_memory), which may write to it, as elf_scan() does: a private mapping
 * or a copy.  The result owns its strings and needs nothing of the image
 * afterwards.  Returns true when the answer is complete (!out->bounded).
 */
bool reach_analyze(unsigned char *image, size_t size, const uint64_t *sites, size_t nsites,
		   struct reach_result *out);
void reach_free(struct reach_result *r);

/*
 * For the IMPORTING file (issue #16, second part: is a program that imports a
 * reaching export really calling it?).  For each of names[0..n) (undefined
 * dynsym functions of the image, unversioned names), does code reachable
 * from the file's roots call it, jump to it (tail call) or take its address?
 * live[i] gets the answer.  Returns false (nothing decided, live[] all true)
 * when the analysis is bounded or the machine unsupported; *why then gets a
 * static reason (NULL on success).  The image is handed to libelf as by
 * reach_analyze().
 *
 * The graph is reach_analyze()'s, with these additions:
 *   - uses: every dynamic relocation naming the import (JUMP_SLOT, GLOB_DAT,
 *     a pointer in data, any other) is a use where it applies; in ET_EXEC
 *     files so is a data word equal to the import's canonical PLT address.
 *     Each of its GOT slots is a data object of its own;
 *   - code reads a slot when it loads it (mov reg,[rip+GOT] or call/jmp
 *     [rip+GOT] with -fno-plt; adrp+ldr on aarch64), and when it calls,
 *     jumps to or forms the address of (lea, adrp+add, ET_EXEC immediates)
 *     a PLT entry (.plt, .plt.sec, .plt.got) jumping through that slot;
 *   - code in no known function that is not alignment padding is decoded as
 *     a function of its own, and is a root: in doubt, what it uses is live.
 * An import is live when one of its uses lies in a data object reached from
 * the roots (e_entry, main, exports, DT_INIT/DT_FINI, init/fini arrays,
 * IRELATIVE resolvers, free data objects, and the code above), or in no
 * data object at all.  A JUMP_SLOT nothing reads is not a free object: only
 * its PLT entry reads it, and every use of the entry is decoded (aarch64 ld
 * makes entries for imports whose address is only stored in data).  An
 * address-taken function is reached from where its address is taken (code,
 * or a table the code uses), as for call sites; on aarch64 an address left
 * in an argument register at a call counts as passed, so a GCC section
 * anchor that is also a dead table's address makes that table live.  A
 * name the file does not import, or with no relocation naming it (ld.so
 * binds nothing to it), is not live.
 */
bool reach_imports_live(unsigned char *image, size_t size, const char *const *names, size_t n,
			bool *live, const char **why);

#endif /* AFALG_REACH_H */
