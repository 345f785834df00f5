/*-
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Copyright (c) 2026 The ipc-static developers
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions
 * are met:
 * 1. Redistributions of source code must retain the above copyright
 *    notice, this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright
 *    notice, this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE AUTHOR AND CONTRIBUTORS ``AS IS'' AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED.  IN NO EVENT SHALL THE AUTHOR OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS
 * OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
 * LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY
 * OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF
 * SUCH DAMAGE.
 */

/*
 * The one printer.  Text: the lines of the 2017–18 reference version
 * byte for byte (the -v "Benchmark configuration:" block, the counter
 * block, "NNN.NN KBytes/sec" last), with our extensions between the
 * counter block and the rate line.  JSON (-j): one document whose
 * container and key names follow the course's 2020–23 libxo layout, so
 * its notebooks parse it.  Everything printed was computed before: the
 * rates and summaries by stats.c, the derived counter values by pmc.c,
 * the host-description sections by sysinfo.c.  The summary after the
 * runs, and its stability verdict, are in report_summary.c.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "ipc.h"

/* Width of the quantize()-style histogram bars. */
#define	HIST_BAR_WIDTH	40

/* Room for one formatted time, "S.NNNNNNNNN". */
#define	TIMEBUF		48

static const char *fmt_nsec(char *buf, size_t len,
		    const struct timespec *ts);
static const char *fmt_usec(char *buf, size_t len,
		    const struct timespec *ts);
static void	text_config(const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	text_counters(const struct ipc_counters_sample *cs);
static void	text_rusage(const struct ipc_rusage *ru);
static void	text_histogram(const char *what, const struct ipc_io_stats *ios);
static void	text_details(const struct ipc_config *cfg,
		    const struct ipc_sample *s, size_t index);
static void	text_sysinfo(const struct ipc_sysinfo *si);
static void	json_sysinfo(struct json *js, const struct ipc_sysinfo *si);
static void	json_list(struct json *js, const struct ipc_sysinfo_item *it);
static void	json_config(struct json *js, const struct ipc_config *cfg,
		    const struct ipc_results *rs);
static void	json_datum(struct json *js, const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	json_histograms(struct json *js, const struct ipc_sample *s);

/*
 * "S.NNNNNNNNN": a run's time, as L41 prints times.
 */
static const char *
fmt_nsec(char *buf, size_t len, const struct timespec *ts)
{

	(void)snprintf(buf, len, "%jd.%09ld", (intmax_t)ts->tv_sec,
	    (long)ts->tv_nsec);
	return (buf);
}

/*
 * "S.UUUUUU": a getrusage time, at the microseconds it has.
 */
static const char *
fmt_usec(char *buf, size_t len, const struct timespec *ts)
{

	(void)snprintf(buf, len, "%jd.%06ld", (intmax_t)ts->tv_sec,
	    (long)ts->tv_nsec / 1000);
	return (buf);
}

/*
 * The reference -v block, exactly the reference version's seven lines
 * (time last), whatever else was asked for: what -s was granted is in the
 * run details.
 */
static void
text_config(const struct ipc_config *cfg, const struct ipc_sample *s)
{
	char t[TIMEBUF];

	printf("Benchmark configuration:\n");
	printf("  buffersize: %zu\n", cfg->ic_buffersize);
	printf("  totalsize: %zu\n", cfg->ic_totalsize);
	printf("  blockcount: %zu\n", cfg->ic_totalsize / cfg->ic_buffersize);
	printf("  mode: %s\n", name_of(ipc_mode_names, (int)cfg->ic_mode));
	printf("  ipctype: %s\n", name_of(ipc_type_names, (int)cfg->ic_type));
	if (s == NULL)
		return;
	printf("  time: %s\n", fmt_nsec(t, sizeof(t), &s->is_time));
}

/*
 * The reference counter block: each counter, each followed by the
 * derived values that belong after it (CPI after CLOCK_CYCLES, a
 * counter's per-instruction and per-cycle ratios after it), then any
 * derived values that follow the whole set.
 */
static void
text_counters(const struct ipc_counters_sample *cs)
{
	const struct ipc_derived *dv;
	size_t i, d;

	printf("\n");
	printf("  pmctype: %s\n", name_of(ipc_pmcset_names, (int)cs->cs_set));
	d = 0;
	for (i = 0; i < cs->cs_count; i++) {
		printf("  %s: %" PRIu64 "\n", cs->cs_ctr[i].ctr_name,
		    cs->cs_ctr[i].ctr_value);
		for (; d < cs->cs_nderived &&
		    cs->cs_derived[d].dv_after == i; d++) {
			dv = &cs->cs_derived[d];
			printf("  %s: %F\n", dv->dv_name, dv->dv_value);
		}
	}
	for (; d < cs->cs_nderived; d++)
		printf("  %s: %F\n", cs->cs_derived[d].dv_name,
		    cs->cs_derived[d].dv_value);
	printf("\n");
}

/*
 * -g: getrusage deltas with the labels and units of the course's 2020–23
 * version.
 */
static void
text_rusage(const struct ipc_rusage *ru)
{
	char t[TIMEBUF];

	printf("Resource usage:\n");
	printf("  stime: %s seconds\n", fmt_usec(t, sizeof(t), &ru->ru_stime));
	printf("  utime: %s seconds\n", fmt_usec(t, sizeof(t), &ru->ru_utime));
	printf("  minflt: %ld minor page faults\n", ru->ru_minflt);
	printf("  majflt: %ld major page faults\n", ru->ru_majflt);
	printf("  msgsnd: %ld messages\n", ru->ru_msgsnd);
	printf("  msgrcv: %ld messages\n", ru->ru_msgrcv);
	printf("  nvcsw: %ld voluntary context switches\n", ru->ru_nvcsw);
	printf("  nivcsw: %ld involuntary context switches\n", ru->ru_nivcsw);
}

/*
 * A DTrace quantize()-like table of the sizes read() or write() returned,
 * from one empty bucket below the smallest to one above the largest.
 */
static void
text_histogram(const char *what, const struct ipc_io_stats *ios)
{
	uint64_t total;
	int lo, hi, k, bar;

	lo = -1;
	hi = -1;
	total = 0;
	for (k = 0; k < IPC_HIST_BUCKETS; k++) {
		if (ios->ios_hist[k] == 0)
			continue;
		if (lo == -1)
			lo = k;
		hi = k;
		total += ios->ios_hist[k];
	}
	printf("  %s sizes:\n", what);
	if (total == 0)
		return;
	printf("  %16s  %s %s\n", "value",
	    "------------- Distribution -------------", "count");
	if (lo > 0)
		lo--;
	if (hi < IPC_HIST_BUCKETS - 1)
		hi++;
	for (k = lo; k <= hi; k++) {
		bar = (int)((ios->ios_hist[k] * HIST_BAR_WIDTH + total / 2) /
		    total);
		printf("  %16" PRIu64 " |%.*s%*s %" PRIu64 "\n",
		    (uint64_t)1 << k, bar,
		    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
		    HIST_BAR_WIDTH - bar, "", ios->ios_hist[k]);
	}
}

/*
 * -v extensions for one run: placement and in-loop transfer accounting.
 */
static void
text_details(const struct ipc_config *cfg, const struct ipc_sample *s,
    size_t index)
{
	const struct ipc_counters_sample *cs;
	const char *in, *out, *wait;
	size_t i;

	/* shmem counts memcpy() calls and condition-variable waits. */
	if (cfg->ic_type == IPC_TYPE_SHMEM) {
		out = "memcpy out";
		in = "memcpy in";
		wait = "waited";
	} else {
		out = "read";
		in = "write";
		wait = "would block";
	}
	printf("Run details:\n");
	printf("  iteration: %zu of %u (warm-up runs discarded: %u)\n",
	    index + 1, cfg->ic_iterations, cfg->ic_warmup);
	if (cfg->ic_verify)
		printf("  verify: every byte received was checked, inside the "
		    "timed loop (-V)\n");
	if (cfg->ic_sockbuf) {
		/* What the kernel granted: Linux doubles and caps it. */
		printf("  sndbuf: %d\n", s->is_sndbuf);
		printf("  rcvbuf: %d\n", s->is_rcvbuf);
	}
	printf("  sender cpu: %d -> %d%s\n", s->is_cpu_sender[0],
	    s->is_cpu_sender[1], cfg->ic_pin.pin_sender >= 0 ? " (pinned)" :
	    "");
	printf("  receiver cpu: %d -> %d%s\n", s->is_cpu_receiver[0],
	    s->is_cpu_receiver[1], cfg->ic_pin.pin_receiver >= 0 ?
	    " (pinned)" : "");
	printf("  %s calls: %" PRIu64 " (short %" PRIu64 ", %s %" PRIu64
	    ", bytes %" PRIu64 ")\n", out, s->is_read.ios_calls,
	    s->is_read.ios_short, wait, s->is_read.ios_wouldblock,
	    s->is_read.ios_bytes);
	printf("  %s calls: %" PRIu64 " (short %" PRIu64 ", %s %" PRIu64
	    ", bytes %" PRIu64 ")\n", in, s->is_write.ios_calls,
	    s->is_write.ios_short, wait, s->is_write.ios_wouldblock,
	    s->is_write.ios_bytes);
	if (cfg->ic_mode == IPC_MODE_1THREAD)
		printf("  poll waits: %" PRIu64 "\n", s->is_polls);
	text_histogram(out, &s->is_read);
	text_histogram(in, &s->is_write);
	cs = &s->is_counters;
	for (i = 0; i < cs->cs_count; i++)
		printf("  counter %s: %s%s\n", cs->cs_ctr[i].ctr_name,
		    cs->cs_ctr[i].ctr_event != NULL ? cs->cs_ctr[i].ctr_event :
		    "?", cs->cs_ctr[i].ctr_scaled ?
		    " (multiplexed: value scaled)" : "");
	if (cs->cs_table != NULL)
		printf("  pmc table: %s (%s)\n", cs->cs_table,
		    cs->cs_table_why);
}

/*
 * Host description (describe, -v): each non-empty section under its
 * heading.
 */
static void
text_sysinfo(const struct ipc_sysinfo *si)
{
	const struct ipc_sysinfo_section *ss;
	const struct ipc_sysinfo_item *it;
	size_t s, i;

	for (s = 0; s < IPC_SYSINFO_SECTIONS; s++) {
		ss = &si->si_sections[s];
		if (ss->ss_count == 0)
			continue;
		printf("%s\n", ss->ss_heading);
		for (i = ss->ss_first; i < ss->ss_first + ss->ss_count; i++) {
			it = &si->si_items[i];
			printf("  %s: %s\n", it->hi_key, it->hi_value);
		}
	}
}

/*
 * Text report.  Each kept run prints what a single reference run prints,
 * with our extensions between the counter block and the rate line.
 */
void
report_text(const struct ipc_config *cfg, const struct ipc_results *rs)
{
	const struct ipc_sample *s;
	size_t i;

	if (cfg->ic_mode == IPC_MODE_DESCRIBE) {
		if (rs->rs_sysinfo != NULL)
			text_sysinfo(rs->rs_sysinfo);
		text_config(cfg, NULL);
		return;
	}
	for (i = 0; i < rs->rs_count; i++) {
		s = &rs->rs_samples[i];
		if (cfg->ic_verbose)
			text_config(cfg, s);
		if (cfg->ic_pmcset != IPC_PMC_NONE)
			text_counters(&s->is_counters);
		if (cfg->ic_rusage)
			text_rusage(&s->is_rusage);
		if (cfg->ic_verbose) {
			text_details(cfg, s, i);
			if (i == 0 && rs->rs_sysinfo != NULL)
				text_sysinfo(rs->rs_sysinfo);
		}
		/* A -V rate must never pass for a clean measurement. */
		printf("%.2F KBytes/sec%s\n", s->is_kbytes_per_sec,
		    cfg->ic_verify ? " (-V: every byte checked in the loop)" :
		    "");
	}
	if (cfg->ic_verbose && rs->rs_count > 1)
		report_summary_text(cfg, rs);
}

/*
 * Host description (-j with -v or describe): one container per
 * non-empty section; integers unquoted.
 */
static void
json_sysinfo(struct json *js, const struct ipc_sysinfo *si)
{
	const struct ipc_sysinfo_section *ss;
	const struct ipc_sysinfo_item *it;
	size_t s, i;

	for (s = 0; s < IPC_SYSINFO_SECTIONS; s++) {
		ss = &si->si_sections[s];
		if (ss->ss_count == 0)
			continue;
		json_open(js, ss->ss_json, '{');
		for (i = ss->ss_first; i < ss->ss_first + ss->ss_count; i++) {
			it = &si->si_items[i];
			if (it->hi_each != NULL)
				json_list(js, it);
			else if (it->hi_numeric)
				json_raw(js, it->hi_key, it->hi_value);
			else
				json_str(js, it->hi_key, it->hi_value);
		}
		json_close(js, '{');
	}
}

/*
 * A list item of the host description: an array with one {hi_each: N}
 * object per integer of the value (none if the probe failed).
 */
static void
json_list(struct json *js, const struct ipc_sysinfo_item *it)
{
	const char *p;
	char *end;
	uintmax_t v;

	json_open(js, it->hi_key, '[');
	for (p = it->hi_value; *p != '\0'; p = end) {
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			break;
		v = strtoumax(p, &end, 10);
		json_open(js, NULL, '{');
		json_u64(js, it->hi_each, (uint64_t)v);
		json_close(js, '{');
	}
	json_close(js, '[');
}

/*
 * benchmark_configuration: L41's keys, then ours.
 */
static void
json_config(struct json *js, const struct ipc_config *cfg,
    const struct ipc_results *rs)
{

	json_open(js, "benchmark_configuration", '{');
	json_u64(js, "buffersize", cfg->ic_buffersize);
	json_u64(js, "totalsize", cfg->ic_totalsize);
	json_u64(js, "msgcount", cfg->ic_totalsize / cfg->ic_buffersize);
	json_u64(js, "blockcount", cfg->ic_totalsize / cfg->ic_buffersize);
	json_str(js, "mode", name_of(ipc_mode_names, (int)cfg->ic_mode));
	json_str(js, "ipctype", name_of(ipc_type_names, (int)cfg->ic_type));
	json_str(js, "pmctype", name_of(ipc_pmcset_names,
	    (int)cfg->ic_pmcset));
	if (rs->rs_count > 0 && rs->rs_samples[0].is_counters.cs_table !=
	    NULL) {
		json_str(js, "pmc_table",
		    rs->rs_samples[0].is_counters.cs_table);
		json_str(js, "pmc_table_source",
		    rs->rs_samples[0].is_counters.cs_table_why);
	}
	json_u64(js, "iterations", cfg->ic_iterations);
	json_u64(js, "warmup", cfg->ic_warmup);
	json_u64(js, "tcp_port", cfg->ic_port);
	json_raw(js, "bare", cfg->ic_bare ? "true" : "false");
	json_raw(js, "sockbuf", cfg->ic_sockbuf ? "true" : "false");
	json_raw(js, "prefault", cfg->ic_prefault ? "true" : "false");
	json_raw(js, "verify", cfg->ic_verify ? "true" : "false");
	json_int(js, "pin_sender", cfg->ic_pin.pin_sender);
	json_int(js, "pin_receiver", cfg->ic_pin.pin_receiver);
	json_str(js, "program", cfg->ic_identity->id_progname);
	json_str(js, "linkage", cfg->ic_identity->id_linkage);
	json_str(js, "clock", "CLOCK_MONOTONIC via the clock_gettime "
	    "system call");
	json_str(js, "bandwidth_unit", "KBytes/sec (1 KByte = 1024 bytes)");
	json_str(js, "accounting", cfg->ic_type == IPC_TYPE_SHMEM ?
	    "read_* count memcpy() out of and write_* memcpy() into shared "
	    "memory; *_wouldblock count condition-variable waits" :
	    "read_* and write_* count read() and write() calls");
	json_close(js, '{');
}

/*
 * One datum: every value a number (notebooks float() each key of the
 * first datum), the same keys in every datum of a run.  The counters
 * come first, then their derived values.
 */
static void
json_datum(struct json *js, const struct ipc_config *cfg,
    const struct ipc_sample *s)
{
	const struct ipc_counters_sample *cs;
	char t[TIMEBUF];
	size_t i;

	json_open(js, NULL, '{');
	json_double(js, "bandwidth", s->is_kbytes_per_sec, 2);
	/* Only -V runs carry it: notebooks plot every key of a datum. */
	if (cfg->ic_verify)
		json_int(js, "verified", 1);
	json_raw(js, "time", fmt_nsec(t, sizeof(t), &s->is_time));
	if (cfg->ic_rusage) {
		json_raw(js, "stime", fmt_usec(t, sizeof(t),
		    &s->is_rusage.ru_stime));
		json_raw(js, "utime", fmt_usec(t, sizeof(t),
		    &s->is_rusage.ru_utime));
		json_int(js, "minflt", s->is_rusage.ru_minflt);
		json_int(js, "majflt", s->is_rusage.ru_majflt);
		json_int(js, "msgsnd", s->is_rusage.ru_msgsnd);
		json_int(js, "msgrcv", s->is_rusage.ru_msgrcv);
		json_int(js, "nvcsw", s->is_rusage.ru_nvcsw);
		json_int(js, "nivcsw", s->is_rusage.ru_nivcsw);
	}
	cs = &s->is_counters;
	for (i = 0; i < cs->cs_count; i++)
		json_u64(js, cs->cs_ctr[i].ctr_name, cs->cs_ctr[i].ctr_value);
	for (i = 0; i < cs->cs_nderived; i++)
		json_double(js, cs->cs_derived[i].dv_name,
		    cs->cs_derived[i].dv_value, 6);
	if (cfg->ic_pmcset != IPC_PMC_NONE)
		json_double(js, "counter_running_fraction", cs->cs_running,
		    6);
	if (cfg->ic_sockbuf) {
		json_int(js, "sndbuf", s->is_sndbuf);
		json_int(js, "rcvbuf", s->is_rcvbuf);
	}
	json_u64(js, "read_calls", s->is_read.ios_calls);
	json_u64(js, "read_short", s->is_read.ios_short);
	json_u64(js, "read_wouldblock", s->is_read.ios_wouldblock);
	json_u64(js, "read_bytes", s->is_read.ios_bytes);
	json_u64(js, "write_calls", s->is_write.ios_calls);
	json_u64(js, "write_short", s->is_write.ios_short);
	json_u64(js, "write_wouldblock", s->is_write.ios_wouldblock);
	json_u64(js, "write_bytes", s->is_write.ios_bytes);
	json_u64(js, "poll_waits", s->is_polls);
	json_int(js, "sender_cpu_start", s->is_cpu_sender[0]);
	json_int(js, "sender_cpu_end", s->is_cpu_sender[1]);
	json_int(js, "receiver_cpu_start", s->is_cpu_receiver[0]);
	json_int(js, "receiver_cpu_end", s->is_cpu_receiver[1]);
	json_close(js, '{');
}

/*
 * One entry of transfer_histograms: for reads and for writes, the
 * non-empty power-of-two buckets (lower bound, calls, bytes), plus the
 * event each counter was counted with.
 */
static void
json_histograms(struct json *js, const struct ipc_sample *s)
{
	const struct ipc_io_stats *dir[2] = { &s->is_read, &s->is_write };
	const char *name[2] = { "read", "write" };
	const struct ipc_counters_sample *cs = &s->is_counters;
	int d, k;
	size_t i;

	json_open(js, NULL, '{');
	for (d = 0; d < 2; d++) {
		json_open(js, name[d], '[');
		for (k = 0; k < IPC_HIST_BUCKETS; k++) {
			if (dir[d]->ios_hist[k] == 0)
				continue;
			json_open(js, NULL, '{');
			json_u64(js, "size", (uint64_t)1 << k);
			json_u64(js, "count", dir[d]->ios_hist[k]);
			json_u64(js, "bytes", dir[d]->ios_hist_bytes[k]);
			json_close(js, '{');
		}
		json_close(js, '[');
	}
	if (cs->cs_count > 0) {
		json_open(js, "counter_events", '{');
		for (i = 0; i < cs->cs_count; i++)
			json_str(js, cs->cs_ctr[i].ctr_name,
			    cs->cs_ctr[i].ctr_event != NULL ?
			    cs->cs_ctr[i].ctr_event : "?");
		json_close(js, '{');
	}
	json_close(js, '{');
}

/*
 * JSON report: host sections (-v/describe), benchmark_configuration,
 * benchmark_samples (one datum per kept run), transfer_histograms and
 * benchmark_summary.
 */
void
report_json(const struct ipc_config *cfg, const struct ipc_results *rs)
{
	struct json js;
	size_t i;

	json_begin(&js);
	if (rs->rs_sysinfo != NULL)
		json_sysinfo(&js, rs->rs_sysinfo);
	json_config(&js, cfg, rs);
	if (cfg->ic_mode != IPC_MODE_DESCRIBE) {
		json_open(&js, "benchmark_samples", '[');
		for (i = 0; i < rs->rs_count; i++)
			json_datum(&js, cfg, &rs->rs_samples[i]);
		json_close(&js, '[');
		json_open(&js, "transfer_histograms", '[');
		for (i = 0; i < rs->rs_count; i++)
			json_histograms(&js, &rs->rs_samples[i]);
		json_close(&js, '[');
		report_summary_json(&js, rs);
	}
	json_end(&js);
}
