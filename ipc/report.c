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
 * The one printer, text half (report_json.c is the JSON half).  Text: the
 * lines of the 2017–18 reference version byte for byte (the -v
 * "Benchmark configuration:" block, the counter block, "NNN.NN
 * KBytes/sec" last), with our extensions between the counter block and
 * the rate line.  Everything printed was computed before: the rates and
 * summaries by stats.c, the derived counter values by pmc.c, the
 * host-description sections by sysinfo.c.  The summary after the runs,
 * with its stability verdict, is in report_summary.c.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "compat.h"
#include "latency.h"
#include "report.h"
#include "sysinfo.h"

/* Width of the quantize()-style histogram bars. */
#define	HIST_BAR_WIDTH	40

static void	text_config(const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	text_counters(const struct ipc_counters_sample *cs);
static void	text_rusage(const struct ipc_rusage *ru);
static void	text_quantize(const char *what, const char *unit,
		    const uint64_t *hist);
static void	text_latency(const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	text_details(const struct ipc_config *cfg,
		    const struct ipc_sample *s, size_t index);
static void	text_sysinfo(const struct ipc_sysinfo *si);
static const char *fmt_count(char *buf, size_t len, int64_t v);

/*
 * "S.NNNNNNNNN": a run's time, as L41 prints times.
 */
const char *
report_fmt_nsec(char *buf, size_t len, const struct timespec *ts)
{

	(void)snprintf(buf, len, "%jd.%09ld", (intmax_t)ts->tv_sec,
	    (long)ts->tv_nsec);
	return (buf);
}

/*
 * "S.UUUUUU": a getrusage time, at the microseconds it has.
 */
const char *
report_fmt_usec(char *buf, size_t len, const struct timespec *ts)
{

	(void)snprintf(buf, len, "%jd.%06ld", (intmax_t)ts->tv_sec,
	    (long)ts->tv_nsec / 1000);
	return (buf);
}

/*
 * A count, or "unknown" for -1 (what this OS cannot say).
 */
static const char *
fmt_count(char *buf, size_t len, int64_t v)
{

	if (v < 0)
		(void)snprintf(buf, len, "unknown");
	else
		(void)snprintf(buf, len, "%" PRId64, v);
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
	char t[IPC_TIMEBUF];

	printf("Benchmark configuration:\n");
	printf("  buffersize: %zu\n", cfg->ic_buffersize);
	printf("  totalsize: %zu\n", cfg->ic_totalsize);
	printf("  blockcount: %zu\n", cfg->ic_totalsize / cfg->ic_buffersize);
	printf("  mode: %s\n", name_of(ipc_mode_names, (int)cfg->ic_mode));
	printf("  ipctype: %s\n", name_of(ipc_type_names, (int)cfg->ic_type));
	if (s == NULL)
		return;
	printf("  time: %s\n", report_fmt_nsec(t, sizeof(t), &s->is_time));
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
	char t[IPC_TIMEBUF];

	printf("Resource usage:\n");
	printf("  stime: %s seconds\n", report_fmt_usec(t, sizeof(t),
	    &ru->ru_stime));
	printf("  utime: %s seconds\n", report_fmt_usec(t, sizeof(t),
	    &ru->ru_utime));
	printf("  minflt: %ld minor page faults\n", ru->ru_minflt);
	printf("  majflt: %ld major page faults\n", ru->ru_majflt);
	printf("  msgsnd: %ld messages\n", ru->ru_msgsnd);
	printf("  msgrcv: %ld messages\n", ru->ru_msgrcv);
	printf("  nvcsw: %ld voluntary context switches\n", ru->ru_nvcsw);
	printf("  nivcsw: %ld involuntary context switches\n", ru->ru_nivcsw);
}

/*
 * A DTrace quantize()-like table of hist[k], the count of values in
 * [2^k, 2^(k+1)), from one empty bucket below the smallest to one above
 * the largest, under the heading "  <what><unit>:".
 */
static void
text_quantize(const char *what, const char *unit, const uint64_t *hist)
{
	uint64_t total;
	int lo, hi, k, bar;

	lo = -1;
	hi = -1;
	total = 0;
	for (k = 0; k < IPC_HIST_BUCKETS; k++) {
		if (hist[k] == 0)
			continue;
		if (lo == -1)
			lo = k;
		hi = k;
		total += hist[k];
	}
	printf("  %s%s:\n", what, unit);
	if (total == 0)
		return;
	printf("  %16s  %s %s\n", "value",
	    "------------- Distribution -------------", "count");
	if (lo > 0)
		lo--;
	if (hi < IPC_HIST_BUCKETS - 1)
		hi++;
	for (k = lo; k <= hi; k++) {
		bar = (int)((hist[k] * HIST_BAR_WIDTH + total / 2) / total);
		printf("  %16" PRIu64 " |%.*s%*s %" PRIu64 "\n",
		    (uint64_t)1 << k, bar,
		    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
		    HIST_BAR_WIDTH - bar, "", hist[k]);
	}
}

/*
 * -l, -v: the round trips, what their stamps show (times in usec, to
 * the ns), and a power-of-two table of them in ns.
 */
static void
text_latency(const struct ipc_config *cfg, const struct ipc_sample *s)
{
	const struct ipc_latency *lt = &s->is_latency;
	uint64_t oct[IPC_HIST_BUCKETS], lo;
	char t[IPC_TIMEBUF];
	size_t b;
	int k;

	printf("  round trips: %zu of %zu bytes each way; the receiver "
	    "starts each and takes the stamps, the sender echoes\n",
	    cfg->ic_totalsize / cfg->ic_buffersize, cfg->ic_buffersize);
	if (cfg->ic_type == IPC_TYPE_TCP)
		printf("  tcp_nodelay: on, both ends\n");
	printf("  round-trip time: min %.3F, p50 %.3F, p90 %.3F, p99 %.3F, "
	    "p99.9 %.3F, max %.3F, mean %.3F usec\n",
	    (double)lt->lt_min / 1e3, (double)lt->lt_p50 / 1e3,
	    (double)lt->lt_p90 / 1e3, (double)lt->lt_p99 / 1e3,
	    (double)lt->lt_p999 / 1e3, (double)lt->lt_max / 1e3,
	    lt->lt_count == 0 ? 0.0 :
	    (double)lt->lt_sum / 1e3 / (double)lt->lt_count);
	printf("  stamped: %" PRIu64 " ns of the %s s between the two "
	    "stamps (library clock, " IPC_CLOCK_ROUNDTRIP_NAME ")\n",
	    lt->lt_sum,
	    report_fmt_nsec(t, sizeof(t), &s->is_time));
	memset(oct, 0, sizeof(oct));
	for (b = 0; lt->lt_hist != NULL && b < IPC_LAT_BUCKETS; b++) {
		lo = latency_bucket_floor(b);
		for (k = 0; lo > 1; k++)
			lo >>= 1;
		oct[k] += lt->lt_hist[b];
	}
	text_quantize("round-trip times", " (ns)", oct);
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
	char n1[24], n2[24], n3[24];
	size_t i;

	/* What the type counts: read() calls, memcpy() calls, ... */
	out = endpoint_accounting(cfg->ic_type)->ac_recv;
	in = endpoint_accounting(cfg->ic_type)->ac_send;
	wait = endpoint_accounting(cfg->ic_type)->ac_wait;
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
	printf("  machine meanwhile: steal %s ms, %s context switches; "
	    "this run: %s involuntary switches\n",
	    fmt_count(n1, sizeof(n1), s->is_noise.nz_steal_ms),
	    fmt_count(n2, sizeof(n2), s->is_noise.nz_ctxt),
	    fmt_count(n3, sizeof(n3), s->is_noise.nz_nivcsw));
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
	text_quantize(out, " sizes", s->is_read.ios_hist);
	text_quantize(in, " sizes", s->is_write.ios_hist);
	if (cfg->ic_latency)
		text_latency(cfg, s);
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
		if (cfg->ic_latency)
			printf("%.3F usec/round-trip%s\n", s->is_usec_per_rt,
			    cfg->ic_verify ? " (-V: every echoed byte checked "
			    "in the loop)" : "");
		else
			printf("%.2F KBytes/sec%s\n", s->is_kbytes_per_sec,
			    cfg->ic_verify ? " (-V: every byte checked in the "
			    "loop)" : "");
	}
	if (cfg->ic_verbose && rs->rs_count > 1)
		report_summary_text(cfg, rs);
}
