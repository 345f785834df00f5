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
 * The one printer, JSON half (-j): one document whose container and key
 * names follow the course's 2020–23 libxo layout, so its notebooks parse
 * it.  A datum (benchmark_samples[i]) carries only what the course's
 * datum carried for the same flags, plus the keys of our flags the user
 * asked for: those notebooks plot every key of the first datum.  What
 * every run also measures goes beside it, one object per kept run, in
 * run_extras and transfer_histograms (with -l, latency_histograms too;
 * and the datum's latency keys stand in place of bandwidth).
 * benchmark_summary, with the stability verdict, is printed by
 * report_summary.c.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "compat.h"
#include "json.h"
#include "latency.h"
#include "report.h"
#include "sysinfo.h"

static void	json_sysinfo(struct json *js, const struct ipc_sysinfo *si);
static void	json_list(struct json *js, const struct ipc_sysinfo_item *it);
static void	json_config(struct json *js, const struct ipc_config *cfg,
		    const struct ipc_results *rs);
static void	json_datum(struct json *js, const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	json_extras(struct json *js, const struct ipc_config *cfg,
		    const struct ipc_sample *s);
static void	json_histograms(struct json *js, const struct ipc_sample *s);
static void	json_usec(struct json *js, const char *key, uint64_t ns);
static void	json_latency(struct json *js, const struct ipc_sample *s);
static void	json_latency_histogram(struct json *js,
		    const struct ipc_latency *lt);

/*
 * Host description (-j with -v or describe): one container per
 * non-empty section; integer keys unquoted, null where unknown.
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
				json_raw(js, it->hi_key, strcmp(it->hi_value,
				    IPC_SYSINFO_UNKNOWN) == 0 ? "null" :
				    it->hi_value);
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
	json_raw(js, "latency", cfg->ic_latency ? "true" : "false");
	/* Set on both TCP ends of a ping-pong only; see docs/latency.md. */
	json_raw(js, "tcp_nodelay", cfg->ic_latency &&
	    cfg->ic_type == IPC_TYPE_TCP ? "true" : "false");
	if (cfg->ic_latency)
		json_u64(js, "roundtrips", cfg->ic_totalsize /
		    cfg->ic_buffersize);
	json_int(js, "pin_sender", cfg->ic_pin.pin_sender);
	json_int(js, "pin_receiver", cfg->ic_pin.pin_receiver);
	json_str(js, "program", cfg->ic_identity->id_progname);
	json_str(js, "linkage", cfg->ic_identity->id_linkage);
	json_str(js, "clock", "CLOCK_MONOTONIC via the clock_gettime "
	    "system call");
	json_str(js, "bandwidth_unit", "KBytes/sec (1 KByte = 1024 bytes)");
	if (cfg->ic_latency) {
		json_str(js, "latency_unit", "usec per round trip");
		json_str(js, "latency_clock", IPC_CLOCK_ROUNDTRIP_NAME
		    " via clock_gettime(3) (the vDSO where it serves it: no "
		    "system call), before the first round trip and after "
		    "each");
	}
	json_str(js, "accounting", endpoint_accounting(cfg->ic_type)->ac_json);
	json_close(js, '{');
}

/*
 * -l: a time in ns as microseconds to the nanosecond.
 */
static void
json_usec(struct json *js, const char *key, uint64_t ns)
{

	json_double(js, key, (double)ns / 1000.0, 3);
}

/*
 * -l: the datum's keys in place of bandwidth: time per round trip
 * (bracket / round trips), then what the per-round-trip stamps show.
 */
static void
json_latency(struct json *js, const struct ipc_sample *s)
{
	const struct ipc_latency *lt = &s->is_latency;

	json_double(js, "latency", s->is_usec_per_rt, 3);
	json_double(js, "latency_mean", lt->lt_count == 0 ? 0.0 :
	    (double)lt->lt_sum / 1000.0 / (double)lt->lt_count, 3);
	json_usec(js, "latency_min", lt->lt_min);
	json_usec(js, "latency_p50", lt->lt_p50);
	json_usec(js, "latency_p90", lt->lt_p90);
	json_usec(js, "latency_p99", lt->lt_p99);
	json_usec(js, "latency_p999", lt->lt_p999);
	json_usec(js, "latency_max", lt->lt_max);
}

/*
 * One entry of latency_histograms: the non-empty buckets of one run's
 * round-trip times, each [from_ns, to_ns) with its count.
 */
static void
json_latency_histogram(struct json *js, const struct ipc_latency *lt)
{
	size_t b;

	json_open(js, NULL, '[');
	for (b = 0; lt->lt_hist != NULL && b < IPC_LAT_BUCKETS; b++) {
		if (lt->lt_hist[b] == 0)
			continue;
		json_open(js, NULL, '{');
		json_u64(js, "from_ns", latency_bucket_floor(b));
		json_u64(js, "to_ns", b + 1 < IPC_LAT_BUCKETS ?
		    latency_bucket_floor(b + 1) : UINT64_MAX);
		json_u64(js, "count", lt->lt_hist[b]);
		json_close(js, '{');
	}
	json_close(js, '[');
}

/*
 * One datum: bandwidth (-l: the latency keys) and time, then what -g and
 * -P add (the course's keys, in its order), then the keys of our flags
 * the user gave (-V, -s).  Every value a number (notebooks float() each
 * key of the first datum), the same keys in every datum of a run.
 */
static void
json_datum(struct json *js, const struct ipc_config *cfg,
    const struct ipc_sample *s)
{
	const struct ipc_counters_sample *cs;
	char t[IPC_TIMEBUF];
	size_t i;

	json_open(js, NULL, '{');
	if (cfg->ic_latency)
		json_latency(js, s);
	else
		json_double(js, "bandwidth", s->is_kbytes_per_sec, 2);
	/* Only -V runs carry it: notebooks plot every key of a datum. */
	if (cfg->ic_verify)
		json_int(js, "verified", 1);
	json_raw(js, "time", report_fmt_nsec(t, sizeof(t), &s->is_time));
	if (cfg->ic_rusage) {
		json_raw(js, "stime", report_fmt_usec(t, sizeof(t),
		    &s->is_rusage.ru_stime));
		json_raw(js, "utime", report_fmt_usec(t, sizeof(t),
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
	if (cfg->ic_sockbuf) {
		json_int(js, "sndbuf", s->is_sndbuf);
		json_int(js, "rcvbuf", s->is_rcvbuf);
	}
	json_close(js, '{');
}

/*
 * One entry of run_extras: what every run measures beyond the course's
 * datum (transfer accounting, where each side ran, what else the
 * machine did meanwhile; with -P how long the counters really counted),
 * same keys in every entry.
 */
static void
json_extras(struct json *js, const struct ipc_config *cfg,
    const struct ipc_sample *s)
{
	static const char *const key[2][4] = {
		{ "read_calls", "read_short", "read_wouldblock", "read_bytes" },
		{ "write_calls", "write_short", "write_wouldblock",
		    "write_bytes" } };
	const struct ipc_io_stats *dir[2] = { &s->is_read, &s->is_write };
	int d;

	json_open(js, NULL, '{');
	for (d = 0; d < 2; d++) {
		json_u64(js, key[d][0], dir[d]->ios_calls);
		json_u64(js, key[d][1], dir[d]->ios_short);
		json_u64(js, key[d][2], dir[d]->ios_wouldblock);
		json_u64(js, key[d][3], dir[d]->ios_bytes);
	}
	json_u64(js, "poll_waits", s->is_polls);
	json_int(js, "sender_cpu_start", s->is_cpu_sender[0]);
	json_int(js, "sender_cpu_end", s->is_cpu_sender[1]);
	json_int(js, "receiver_cpu_start", s->is_cpu_receiver[0]);
	json_int(js, "receiver_cpu_end", s->is_cpu_receiver[1]);
	/* What else the machine did meanwhile; -1: this OS cannot say. */
	json_int(js, "steal_ms", s->is_noise.nz_steal_ms);
	json_int(js, "machine_context_switches", s->is_noise.nz_ctxt);
	json_int(js, "involuntary_switches", s->is_noise.nz_nivcsw);
	if (cfg->ic_pmcset != IPC_PMC_NONE)
		json_double(js, "counter_running_fraction",
		    s->is_counters.cs_running, 6);
	if (cfg->ic_latency)
		json_u64(js, "latency_stamped_ns", s->is_latency.lt_sum);
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
 * benchmark_samples (one datum per kept run), then per kept run in the
 * same order run_extras and transfer_histograms, and benchmark_summary.
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
		json_open(&js, "run_extras", '[');
		for (i = 0; i < rs->rs_count; i++)
			json_extras(&js, cfg, &rs->rs_samples[i]);
		json_close(&js, '[');
		json_open(&js, "transfer_histograms", '[');
		for (i = 0; i < rs->rs_count; i++)
			json_histograms(&js, &rs->rs_samples[i]);
		json_close(&js, '[');
		if (cfg->ic_latency) {
			json_open(&js, "latency_histograms", '[');
			for (i = 0; i < rs->rs_count; i++)
				json_latency_histogram(&js,
				    &rs->rs_samples[i].is_latency);
			json_close(&js, '[');
		}
		report_summary_json(&js, cfg, rs);
	}
	json_end(&js);
}
