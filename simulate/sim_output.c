// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "afalg.h"
#include "json_bytes.h"
#include "sim_output.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0"
#endif

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* A byte string member, or null when empty and nullable. */
static void add_bytes_or_null(struct json_object *o, const char *key, const char *s)
{
	if (s && *s)
		afalg_json_add_bytes(o, key, s);
	else
		json_object_object_add(o, key, NULL);
}

/* Append a byte string to an array (common/json_bytes.h); *esc set if it was escaped. */
static void array_add_bytes(struct json_object *a, const char *s, bool *esc)
{
	bool e;

	json_object_array_add(a, afalg_json_new_bytes(s, &e));
	*esc |= e;
}

static struct json_object *stream(const struct sim_stream *s, bool keep)
{
	struct json_object *o = json_object_new_object();
	char h[65];

	hex(s->sha256, sizeof(s->sha256), h);
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)s->bytes));
	json_object_object_add(o, "sha256", json_object_new_string(h));
	if (keep) {
		afalg_json_add_bytes(o, "text", s->kept ? s->kept : "");
		json_object_object_add(o, "truncated",
				       json_object_new_boolean(s->bytes > s->kept_len));
	}
	return o;
}

static struct json_object *site(const struct sim_denied *d)
{
	struct json_object *o = json_object_new_object();

	add_bytes_or_null(o, "file", d->named ? d->file : NULL);
	json_object_object_add(o, "offset",
			       d->named && *d->file ? json_object_new_int64((int64_t)d->offset)
						    : NULL);
	add_bytes_or_null(o, "function", d->named ? d->function : NULL);
	add_bytes_or_null(o, "source", d->named ? d->source : NULL);
	json_object_object_add(o, "line",
			       d->named && d->line > 0 ? json_object_new_int(d->line) : NULL);
	return o;
}

static struct json_object *denied(const struct sim_denied *d)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "call", json_object_new_string(d->is_bind ? "bind" : "socket"));
	json_object_object_add(o, "pid", json_object_new_int(d->pid));
	afalg_json_add_bytes(o, "comm", d->comm);
	add_bytes_or_null(o, "exe", d->exe);
	add_bytes_or_null(o, "type", d->is_bind ? d->type : NULL);
	add_bytes_or_null(o, "name", d->is_bind ? d->name : NULL);
	json_object_object_add(
		o, "errno", json_object_new_string(d->err == ENOENT ? "ENOENT" : "EAFNOSUPPORT"));
	json_object_object_add(o, "site", site(d));
	return o;
}

static struct json_object *exit_obj(const struct sim_result *r)
{
	struct json_object *o = json_object_new_object();

	if (r->exited) {
		json_object_object_add(o, "status", json_object_new_int(r->status));
	} else {
		const char *s = sigabbrev_np(r->status);
		char name[32];

		snprintf(name, sizeof(name), "SIG%s", s ? s : "UNKNOWN");
		json_object_object_add(o, "signal", json_object_new_string(name));
		json_object_object_add(o, "core", json_object_new_boolean(r->core));
	}
	return o;
}

static struct json_object *run_obj(const struct sim_result *r, bool keep)
{
	struct json_object *o = json_object_new_object(), *a, *obs, *ex;
	const char *mname = sim_measure_name(r->measure);

	json_object_object_add(o, "measure", mname ? json_object_new_string(mname) : NULL);
	json_object_object_add(o, "exit", exit_obj(r));
	json_object_object_add(o, "wall_s", json_object_new_double(r->wall_s));
	json_object_object_add(o, "timed_out", json_object_new_boolean(r->timed_out));
	json_object_object_add(o, "stdout", stream(&r->out, keep));
	json_object_object_add(o, "stderr", stream(&r->err, keep));
	a = json_object_new_array();
	{
		bool esc = false;

		for (unsigned i = 0; i < r->nerror_lines; i++)
			array_add_bytes(a, r->error_lines[i], &esc);
		json_object_object_add(o, "error_lines", a);
		if (esc)
			json_object_object_add(o, "error_lines_escaped",
					       json_object_new_boolean(true));
	}
	ex = json_object_new_object();
	json_object_object_add(ex, "socket", json_object_new_int((int)r->n_socket));
	json_object_object_add(ex, "bind", json_object_new_int((int)r->n_bind));
	json_object_object_add(o, "examined", ex);
	a = json_object_new_array();
	for (unsigned i = 0; i < r->nbound; i++) {
		struct json_object *b = json_object_new_object();

		afalg_json_add_bytes(b, "type", r->bound[i].type);
		afalg_json_add_bytes(b, "name", r->bound[i].name);
		json_object_object_add(b, "count", json_object_new_int((int)r->bound[i].count));
		json_object_array_add(a, b);
	}
	json_object_object_add(o, "bound", a);
	a = json_object_new_array();
	for (unsigned i = 0; i < r->ndenied; i++)
		json_object_array_add(a, denied(&r->denied[i]));
	json_object_object_add(o, "denied", a);
	json_object_object_add(o, "denied_total", json_object_new_int((int)r->denied_total));
	obs = json_object_new_object();
	json_object_object_add(obs, "splice", json_object_new_int((int)r->splice));
	json_object_object_add(obs, "sendfile", json_object_new_int((int)r->sendfile));
	json_object_object_add(obs, "io_submit", json_object_new_int((int)r->io_submit));
	json_object_object_add(obs, "io_uring_setup", json_object_new_int((int)r->io_uring_setup));
	json_object_object_add(obs, "unreadable", json_object_new_int((int)r->unreadable));
	json_object_object_add(obs, "compat", json_object_new_int((int)r->compat));
	json_object_object_add(o, "observed", obs);
	return o;
}

struct json_object *sim_output_json(const struct sim_doc *d)
{
	struct json_object *o = json_object_new_object(), *a, *h;
	bool esc = false;

	json_object_object_add(o, "format", json_object_new_string(SIM_FORMAT));
	json_object_object_add(o, "version", json_object_new_int(SIM_FORMAT_VERSION));
	json_object_object_add(o, "generator",
			       json_object_new_string(AFALG_PROG " " AFALG_VERSION));
	a = json_object_new_array();
	for (char **p = d->argv; *p; p++)
		array_add_bytes(a, *p, &esc);
	json_object_object_add(o, "command", a);
	if (esc)
		json_object_object_add(o, "command_escaped", json_object_new_boolean(true));
	add_bytes_or_null(o, "executable", d->executable);
	json_object_object_add(o, "mechanism", json_object_new_string("seccomp-user-notification"));
	h = json_object_new_object();
	json_object_object_add(h, "kernel", json_object_new_string(d->kernel));
	json_object_object_add(h, "machine", json_object_new_string(d->machine));
	json_object_object_add(h, "af_alg", json_object_new_boolean(d->af_alg));
	json_object_object_add(o, "host", h);
	if (d->allow_file) {
		struct json_object *al = json_object_new_object();

		json_object_object_add(al, "file", json_object_new_string(d->allow_file));
		json_object_object_add(
			al, "name", d->allow_name ? json_object_new_string(d->allow_name) : NULL);
		json_object_object_add(o, "allowlist", al);
	} else {
		json_object_object_add(o, "allowlist", NULL);
	}
	a = json_object_new_array();
	for (unsigned i = 0; i < d->nlimits; i++)
		json_object_array_add(a, json_object_new_string(d->limits[i]));
	json_object_object_add(o, "limits", a);
	h = json_object_new_object();
	json_object_object_add(h, "stdout", json_object_new_boolean(d->out_varies));
	json_object_object_add(h, "stderr", json_object_new_boolean(d->err_varies));
	json_object_object_add(o, "output_varies", h);
	a = json_object_new_array();
	for (unsigned i = 0; i < d->nruns; i++)
		json_object_array_add(a, run_obj(&d->runs[i], d->keep_output));
	json_object_object_add(o, "runs", a);
	a = json_object_new_array();
	for (unsigned i = 0; i < d->noutcomes; i++) {
		const struct sim_outcome *v = &d->outcomes[i];
		const struct sim_result *src = v->run ? v->run : &d->runs[0];
		struct json_object *e = json_object_new_object(), *pr = json_object_new_array();
		bool pesc = false;

		json_object_object_add(e, "measure",
				       json_object_new_string(sim_measure_name(v->measure)));
		json_object_object_add(e, "verdict",
				       json_object_new_string(sim_verdict_name(v->verdict)));
		json_object_object_add(e, "why", json_object_new_string(v->why));
		if (v->verdict == SIM_NOT_SIMULATED) {
			for (unsigned k = 0; k < src->ndoers; k++)
				if (src->doers[k].what & 1u << v->measure)
					array_add_bytes(pr, src->doers[k].exe, &pesc);
		} else if (v->verdict != SIM_NOT_REACHED) {
			for (unsigned k = 0; k < src->nprograms; k++)
				array_add_bytes(pr, src->programs[k], &pesc);
		}
		json_object_object_add(e, "programs", pr);
		if (pesc)
			json_object_object_add(e, "programs_escaped",
					       json_object_new_boolean(true));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "verdicts", a);
	return o;
}

/* Untrusted bytes to a terminal: escaped (common/escape.c). */
static void put_esc(FILE *f, const char *s)
{
	char buf[1024];

	afalg_escape_text(buf, sizeof(buf), s, strlen(s));
	fputs(buf, f);
}

static void print_cmd(FILE *f, char **argv)
{
	for (char **p = argv; *p; p++) {
		fputs(p == argv ? "" : " ", f);
		put_esc(f, *p);
	}
}

void sim_output_text(FILE *f, const struct sim_doc *d)
{
	const struct sim_result *n = &d->runs[0];
	char end[64];

	fputs("simulate: ", f);
	print_cmd(f, d->argv);
	fprintf(f, "\nkernel %s (%s), AF_ALG %s; seccomp user notification\n", d->kernel,
		d->machine,
		d->af_alg ? "available" : "NOT available (socket() fails with EAFNOSUPPORT)");
	sim_describe_end(n, end, sizeof(end));
	fprintf(f, "normal run: %s, %.2f s, AF_ALG socket %u, bind %u", end, n->wall_s, n->n_socket,
		n->n_bind);
	for (unsigned i = 0; i < n->nbound && i < 8; i++) {
		fputs(i ? ", " : ": ", f);
		put_esc(f, n->bound[i].type);
		fputc(' ', f);
		put_esc(f, n->bound[i].name);
	}
	fputs(n->nbound > 8 ? ", ...\n" : "\n", f);
	if (d->out_varies || d->err_varies)
		fprintf(f,
			"the two normal runs wrote different %s: there, only new error lines "
			"count\n",
			d->out_varies && d->err_varies ? "stdout and stderr"
			: d->out_varies		       ? "stdout"
						       : "stderr");
	fputc('\n', f);
	for (unsigned i = 0; i < d->noutcomes; i++) {
		const struct sim_outcome *v = &d->outcomes[i];

		fprintf(f, "%-12s %-13s %s\n", sim_measure_name(v->measure),
			sim_verdict_name(v->verdict), v->why);
		if (!v->run)
			continue;
		for (unsigned k = 0; k < v->run->ndenied && k < 3; k++) {
			const struct sim_denied *dn = &v->run->denied[k];

			fputs("                           denied: ", f);
			if (dn->is_bind) {
				fputs("bind(", f);
				put_esc(f, dn->type);
				fputs(", ", f);
				put_esc(f, dn->name);
				fputs(")", f);
			} else {
				fputs("socket(AF_ALG)", f);
			}
			fputs(" by ", f);
			put_esc(f, *dn->exe ? dn->exe : dn->comm);
			if (dn->named && *dn->function) {
				fputs(" in ", f);
				put_esc(f, dn->function);
				if (*dn->source) {
					fputs(" (", f);
					put_esc(f, dn->source);
					fprintf(f, ":%d)", dn->line);
				}
			}
			fputc('\n', f);
		}
	}
	if (d->nlimits) {
		fputs("\nlimits:\n", f);
		for (unsigned i = 0; i < d->nlimits; i++)
			fprintf(f, "  - %s\n", d->limits[i]);
	}
}
