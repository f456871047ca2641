// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * trace_journal.h: one journal entry per new finding.  Every value that
 * came from a traced process (its path, comm, the algorithm it asked for)
 * is escaped as the live lines are (afalg_escape_text: printable UTF-8
 * passes, other bytes become \xNN), so a query for a plain path matches
 * and a hostile name cannot forge a second field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <time.h>

/* The entries say where in the traced program, not where in the tracer. */
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-journal.h>

#include "afalg.h"
#include "cgroup_name.h"
#include "intern.h"
#include "pkg_owner.h"
#include "strmap.h"
#include "trace_journal.h"
#include "trace_output.h"

#define FIELDS_MAX 24
#define FIELD_LEN (AFALG_PATH_LEN * 4 + 64)

struct trace_journal {
	struct pkg_owners *owners; /* exe path -> package */
	struct cgroup_names *cg;
	time_t cg_loaded; /* the hierarchy is read again for an unknown id, once a second */
	unsigned sent, failed;
};

struct trace_journal *trace_journal_new(void)
{
	struct trace_journal *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	if (!(j->owners = pkg_owners_new())) {
		free(j);
		return NULL;
	}
	return j;
}

void trace_journal_free(struct trace_journal *j)
{
	if (!j)
		return;
	pkg_owners_free(j->owners);
	cgroup_names_free(j->cg);
	free(j);
}

unsigned trace_journal_sent(const struct trace_journal *j)
{
	return j ? j->sent : 0;
}

unsigned trace_journal_failed(const struct trace_journal *j)
{
	return j ? j->failed : 0;
}

static const char *cgroup_path(struct trace_journal *j, uint64_t id)
{
	const char *p = cgroup_names_find(j->cg, id);
	time_t now = time(NULL);

	if (!p && now != j->cg_loaded) {
		cgroup_names_free(j->cg);
		j->cg = cgroup_names_load_system();
		j->cg_loaded = now;
		p = cgroup_names_find(j->cg, id);
	}
	return p;
}

struct fields {
	struct iovec iov[FIELDS_MAX];
	char buf[FIELDS_MAX][FIELD_LEN];
	int n;
};

static void add(struct fields *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct fields *f, const char *fmt, ...)
{
	va_list ap;
	int l;

	if (f->n >= FIELDS_MAX)
		return;
	va_start(ap, fmt);
	l = vsnprintf(f->buf[f->n], FIELD_LEN, fmt, ap);
	va_end(ap);
	if (l < 0)
		return;
	f->iov[f->n].iov_base = f->buf[f->n];
	f->iov[f->n].iov_len = (size_t)l < FIELD_LEN ? (size_t)l : FIELD_LEN - 1;
	f->n++;
}

/* A traced process's bytes (up to max, NUL-terminated or not), escaped. */
static const char *esc(char *out, size_t outsz, const char *s, size_t max)
{
	afalg_escape_text(out, outsz, s, strnlen(s, max));
	return out;
}

void trace_journal_finding(struct trace_journal *j, const struct trace_entry *e)
{
	char exe[AFALG_PATH_LEN * 4], comm[AFALG_COMM_LEN * 4], type[AFALG_TYPE_LEN * 4];
	char alg[AFALG_ALG_LEN * 4], drv[AFALG_DRIVER_LEN * 4], mod[AFALG_MODNAME_LEN * 4];
	char site[128 * 4 + AFALG_PATH_LEN * 4 + 8] = "", ebuf[16], what[AFALG_ALG_LEN * 12];
	char cgb[FIELD_LEN - 16];
	const char *pkg, *cg, *en;
	struct fields *f;
	int si, r;

	if (!j || e->saved || e->base.count)
		return; /* the state file already had it */
	if (e->key.op != AFALG_OP_BIND && !(e->key.op == AFALG_OP_SOCKET && e->key.err))
		return;
	f = calloc(1, sizeof(*f));
	if (!f)
		return;
	pkg = pkg_owners_exe(j->owners, e->exe, e->key.exe_dev, e->key.exe_ino);
	cg = cgroup_path(j, e->key.cgroup_id);
	en = afalg_errno_name(e->key.err, ebuf, sizeof(ebuf));
	esc(exe, sizeof(exe), e->exe, sizeof(e->exe));
	esc(comm, sizeof(comm), e->comm, sizeof(e->comm));
	esc(type, sizeof(type), e->key.salg_type, AFALG_TYPE_LEN);
	esc(alg, sizeof(alg), e->key.salg_name, AFALG_ALG_LEN);
	esc(drv, sizeof(drv), e->key.driver, AFALG_DRIVER_LEN);
	si = e->frames ? symbolize_site_index(e->frames) : -1;
	if (si >= 0 && e->frames[si].function[0]) {
		char fn[128 * 4], file[AFALG_PATH_LEN * 4];

		esc(fn, sizeof(fn), e->frames[si].function, sizeof(e->frames[si].function));
		esc(file, sizeof(file), e->frames[si].file, sizeof(e->frames[si].file));
		snprintf(site, sizeof(site), "%s in %s", fn, file);
	}
	if (e->key.op == AFALG_OP_BIND)
		snprintf(what, sizeof(what), "bound %s:%s%s%s", type, alg, drv[0] ? " => " : "",
			 drv);
	else
		snprintf(what, sizeof(what), "socket(AF_ALG)");

	add(f, "MESSAGE=AF_ALG user: %s%s%s%s uid %u %s%s%s", exe[0] ? exe : comm,
	    pkg ? " (package " : "", pkg ? pkg : "", pkg ? ")" : "", e->key.uid, what,
	    en ? " -> " : "", en ? en : "");
	add(f, "MESSAGE_ID=%s", AFALG_JOURNAL_MESSAGE_ID);
	/* A failed call is a program that breaks without AF_ALG: worth a warning. */
	add(f, "PRIORITY=%d", e->key.err ? LOG_WARNING : LOG_NOTICE);
	add(f, "SYSLOG_IDENTIFIER=%s", AFALG_PROG);
	add(f, "AFALG_OP=%s", trace_op_name(e->key.op));
	if (exe[0])
		add(f, "AFALG_EXE=%s", exe);
	add(f, "AFALG_COMM=%s", comm);
	add(f, "AFALG_PID=%u", e->tgid);
	add(f, "AFALG_UID=%u", e->key.uid);
	if (e->build_id[0])
		add(f, "AFALG_BUILD_ID=%s", e->build_id);
	if (pkg)
		add(f, "AFALG_PACKAGE=%s", pkg);
	if (type[0])
		add(f, "AFALG_TYPE=%s", type);
	if (alg[0])
		add(f, "AFALG_ALGORITHM=%s", alg);
	if (drv[0])
		add(f, "AFALG_DRIVER=%s", drv);
	if (e->have_driver && e->driver.module[0])
		add(f, "AFALG_DRIVER_MODULE=%s",
		    esc(mod, sizeof(mod), e->driver.module, AFALG_MODNAME_LEN));
	if (e->have_driver)
		add(f, "AFALG_DRIVER_ASYNC=%d", !!(e->driver.cra_flags & AFALG_CRYPTO_ALG_ASYNC));
	if (en)
		add(f, "AFALG_ERRNO=%s", en);
	add(f, "AFALG_CGROUP_ID=%llu", (unsigned long long)e->key.cgroup_id);
	if (cg)
		add(f, "AFALG_CGROUP=%s", esc(cgb, sizeof(cgb), cg, strlen(cg)));
	if (site[0])
		add(f, "AFALG_SITE=%s", site);
	r = sd_journal_sendv(f->iov, f->n);
	free(f);
	if (r < 0) {
		if (!j->failed++)
			afalg_errno("trace", -r,
				    "--journal: cannot write to the journal (the "
				    "findings are still in the trace result)");
		return;
	}
	j->sent++;
}
