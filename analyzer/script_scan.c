// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Scripts: shell scripts that run libkcapi's tools (dracut's FIPS module runs
 * sha512hmac in the initrd — without AF_ALG that machine does not boot), and
 * Python sources that use socket.AF_ALG.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static bool ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Interpreter named by a "#!" line: "/bin/sh", "/usr/bin/env python3 -u", ... */
static bool shebang_kind(const unsigned char *head, size_t n, enum file_kind *kind)
{
	char line[256], *p, *word;
	size_t len = 0;

	if (n < 3 || head[0] != '#' || head[1] != '!')
		return false;
	while (2 + len < n && len < sizeof(line) - 1 && head[2 + len] != '\n')
		len++;
	memcpy(line, head + 2, len);
	line[len] = '\0';
	p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	word = strsep(&p, " \t");
	if (!word)
		return false;
	if (!strcmp(base_name(word), "env") && p) {
		while (*p == ' ' || *p == '\t')
			p++;
		while (p && *p == '-') /* env -S ... */
			strsep(&p, " \t");
		if (!p || !(word = strsep(&p, " \t")))
			return false;
	}
	word = (char *)base_name(word);
	if (!strcmp(word, "sh") || !strcmp(word, "bash") || !strcmp(word, "dash") ||
	    !strcmp(word, "ksh") || !strcmp(word, "mksh") || !strcmp(word, "zsh") ||
	    !strcmp(word, "ash") || !strcmp(word, "busybox")) {
		*kind = KIND_SHELL;
		return true;
	}
	if (!strncmp(word, "python", 6)) {
		*kind = KIND_PYTHON;
		return true;
	}
	return false;
}

bool script_candidate(const char *path, const unsigned char *head, size_t n, enum file_kind *kind)
{
	const char *b = base_name(path);

	if (shebang_kind(head, n, kind))
		return true;
	/* Sourced shell fragments (dracut modules) and Python modules have no "#!". */
	if (ends(b, ".sh") || ends(b, ".bash")) {
		*kind = KIND_SHELL;
		return n == 0 || !memchr(head, 0, n);
	}
	if (ends(b, ".py")) {
		*kind = KIND_PYTHON;
		return n == 0 || !memchr(head, 0, n);
	}
	return false;
}

static bool word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Shell: the tool name as a command word (possibly with a directory), outside comments. */
static void scan_shell_line(const char *line, size_t len, int lineno, struct file_result *r)
{
	char word[64];
	size_t i = 0;

	while (i < len) {
		size_t start, wlen;

		if (line[i] == '#' && (i == 0 || isspace((unsigned char)line[i - 1])))
			return; /* comment to end of line */
		if (!word_char((unsigned char)line[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < len && word_char((unsigned char)line[i]))
			i++;
		wlen = i - start;
		if (wlen >= sizeof(word))
			continue;
		memcpy(word, line + start, wlen);
		word[wlen] = '\0';
		/* A path's last component counts: /usr/bin/sha512hmac. */
		if (start > 0 && line[start - 1] == '/' && i < len && line[i] == '/')
			continue;
		{
			const char *alg = NULL;
			unsigned t = classify_kcapi_tool(word, &alg);
			struct evidence *e;

			if (!t)
				continue;
			r->types |= t;
			r->cls = CLASS_USES;
			if (alg)
				result_add_algorithm(r, alg);
			e = result_add_evidence(r, EV_SCRIPT_TOOL, CONF_MEDIUM, word, NO_OFFSET);
			if (e)
				e->src_line = lineno;
		}
	}
}

/* Quoted literals in a Python line that name AF_ALG types or algorithms. */
static void python_literals(const char *line, size_t len, struct file_result *r)
{
	for (size_t i = 0; i < len; i++) {
		char q = line[i], lit[100];
		size_t j;

		if (q != '\'' && q != '"')
			continue;
		for (j = i + 1; j < len && line[j] != q && j - i - 1 < sizeof(lit) - 1; j++)
			;
		if (j >= len || line[j] != q) {
			i = j;
			continue;
		}
		memcpy(lit, line + i + 1, j - i - 1);
		lit[j - i - 1] = '\0';
		if (afalg_type_from_name(lit) >= 0)
			r->types |= AFALG_BIT(afalg_type_from_name(lit));
		else if (classify_algorithm(lit))
			result_add_algorithm(r, lit);
		i = j;
	}
}

static bool ident_char(unsigned char c)
{
	return isalnum(c) || c == '_';
}

static void scan_python_line(const char *line, size_t len, int lineno, struct file_result *r,
			     bool *seen)
{
	const char *hash = memchr(line, '#', len);
	size_t code =
		hash ? (size_t)(hash - line) : len; /* good enough: '#' inside strings is rare */
	const char *hit = memmem(line, code, "AF_ALG", 6);

	if (hit && (hit + 6 == line + code || !ident_char((unsigned char)hit[6])) &&
	    (hit == line || !ident_char((unsigned char)hit[-1]))) {
		struct evidence *e = result_add_evidence(r, EV_PYTHON_AF_ALG, CONF_HIGH,
							 "socket.AF_ALG", NO_OFFSET);

		if (e)
			e->src_line = lineno;
		r->cls = CLASS_USES;
		r->direct = true;
		*seen = true;
	}
	if (*seen || memmem(line, code, "ALG_SET_", 8) || memmem(line, code, "bind(", 5))
		python_literals(line, code, r);
}

void script_scan(const unsigned char *data, size_t size, enum file_kind kind, struct file_result *r)
{
	const char *p = (const char *)data, *end = p + size;
	int lineno = 0;
	bool seen = false;

	r->kind = kind;
	r->role = ROLE_SCRIPT;
	if (!data || !size) /* an empty (or emptied: truncated mid-scan) file */
		return;
	/* Cheap gate: most scripts mention neither. */
	if (kind == KIND_PYTHON && !memmem(data, size, "AF_ALG", 6))
		return;
	if (kind == KIND_SHELL && !memmem(data, size, "hmac", 4) &&
	    !memmem(data, size, "kcapi", 5) && !memmem(data, size, "fipscheck", 9))
		return;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		lineno++;
		if (kind == KIND_SHELL)
			scan_shell_line(p, len, lineno, r);
		else
			scan_python_line(p, len, lineno, r, &seen);
		p += len + 1;
	}
}
