/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Test helper: a report built the way 'report' builds one, from the real
 * scan and trace fixtures of tests/report/data, with a fixed kernel (the
 * renderers' kernel sections), and optionally one program renamed to a
 * hostile path and package.  The renderers print from struct report, so
 * this is how the tests give them one; 'report' reads only scan and trace
 * results, never a report document.
 */
#ifndef AFALG_TEST_REPORT_FIXTURE_H
#define AFALG_TEST_REPORT_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kinfo.h"
#include "model.h"
#include "rdata.h"
#include "report.h"

struct fixture {
	struct rdata data;
	struct model model;
	struct kinfo kernel;
	struct report *report;
};

/* A Debian 6.1 kernel: algif modules, algif_aead blocked, no af_alg_restrict. */
static inline void fixture_kernel(struct kinfo *k)
{
	memset(k, 0, sizeof(*k));
	snprintf(k->release, sizeof(k->release), "6.1.0-56-amd64");
	snprintf(k->config_source, sizeof(k->config_source), "/boot/config-6.1.0-56-amd64");
	for (int i = 0; i < KOPT_N; i++)
		k->opt[i] = 'm';
	k->opt[KOPT_RNG_CAVP] = 'n';
	k->opt[KOPT_OBSOLETE] = 'y';
	for (int i = 0; i < KMOD_N; i++)
		k->mod[i].loaded = i <= KMOD_HASH;
	k->mod[KMOD_AEAD].blacklisted = k->mod[KMOD_AEAD].install = true;
	snprintf(k->mod[KMOD_AEAD].source, sizeof(k->mod[KMOD_AEAD].source),
		 "/etc/modprobe.d/copy-fail.conf:2");
	k->modprobe_files = 3;
}

/*
 * inputs: scan/trace files (NULL-terminated); with_kernel: fixture_kernel(),
 * else none (--no-kernel); evil_path/evil_pkg: /usr/libexec/iwd renamed (NULL:
 * unchanged).  0, or -1 after an error line.
 */
static inline int fixture_build(struct fixture *f, const char *datadir, const char *const *inputs,
				bool with_kernel, const char *evil_path, const char *evil_pkg)
{
	memset(f, 0, sizeof(*f));
	if (rdata_load(&f->data, datadir, NULL) || model_init(&f->model, &f->data))
		return -1;
	for (; *inputs; inputs++)
		if (model_fold_file(&f->model, *inputs))
			return -1;
	for (size_t i = 0; evil_path && i < f->model.nprogs; i++) {
		struct mprog *p = f->model.progs[i];

		/* after folding: the model's path index is not used again */
		if (!strcmp(p->path, "/usr/libexec/iwd")) {
			p->path = evil_path;
			if (evil_pkg)
				p->package = evil_pkg;
		}
	}
	fixture_kernel(&f->kernel);
	f->report = report_build(&f->model, with_kernel ? &f->kernel : NULL);
	return f->report ? 0 : -1;
}

static inline void fixture_free(struct fixture *f)
{
	report_free(f->report);
	model_free(&f->model);
	rdata_free(&f->data);
}

#endif /* AFALG_TEST_REPORT_FIXTURE_H */
