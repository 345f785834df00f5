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
 * Unit tests of report.c, report_json.c and json.c on synthetic samples:
 * the reference text lines byte for byte, the counter block with its
 * derived values in place, the -g block, the quantize()-style histogram,
 * the host description's sections and the JSON layout.  Rates and summaries are
 * filled in by stats_results() first, as ipc_main() does.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "compat.h"
#include "latency.h"
#include "sysinfo.h"
#include "unit.h"

static const struct ipc_identity test_id = { "ipc-test", "test" };

/*
 * The reference output of an l1d run of 16 MiB in 0.5 s that counted
 * 1000 instructions, 2500 cycles, 500 L1D accesses and 5 refills.
 */
const char unit_l1d_report[] =
    "\n"
    "  pmctype: l1d\n"
    "  INSTR_EXECUTED: 1000\n"
    "  CLOCK_CYCLES: 2500\n"
    "  CLOCK_CYCLES/INSTR_EXECUTED: 2.500000\n"
    "  L1_DCACHE_ACCESS: 500\n"
    "  L1_DCACHE_ACCESS/INSTR_EXECUTED: 0.500000\n"
    "  L1_DCACHE_ACCESS/CLOCK_CYCLES: 0.200000\n"
    "  L1_DCACHE_REFILL: 5\n"
    "  L1_DCACHE_REFILL/INSTR_EXECUTED: 0.005000\n"
    "  L1_DCACHE_REFILL/CLOCK_CYCLES: 0.002000\n"
    "\n"
    "32768.00 KBytes/sec\n";

/* A config as config_parse() would leave it, with the given mode. */
static void
test_config_init(struct ipc_config *cfg, enum ipc_mode mode)
{

	memset(cfg, 0, sizeof(*cfg));
	cfg->ic_identity = &test_id;
	cfg->ic_mode = mode;
	cfg->ic_type = IPC_TYPE_PIPE;
	cfg->ic_buffersize = 131072;
	cfg->ic_totalsize = 16777216;
	cfg->ic_port = 10141;
	cfg->ic_iterations = 1;
	cfg->ic_pin.pin_sender = cfg->ic_pin.pin_receiver = -1;
}

/* A sample of exactly 0.5 s: 16 MiB / 0.5 s = 32768 KBytes/sec. */
static void
test_sample_init(struct ipc_sample *s)
{

	memset(s, 0, sizeof(*s));
	s->is_time.tv_sec = 0;
	s->is_time.tv_nsec = 500000000;
	s->is_sndbuf = s->is_rcvbuf = -1;
	s->is_cpu_sender[0] = s->is_cpu_sender[1] = 1;
	s->is_cpu_receiver[0] = s->is_cpu_receiver[1] = 0;
	s->is_read.ios_calls = 256;
	s->is_read.ios_bytes = 16777216;
	s->is_read.ios_hist[16] = 256;
	s->is_read.ios_hist_bytes[16] = 16777216;
	s->is_write.ios_calls = 128;
	s->is_write.ios_bytes = 16777216;
	s->is_write.ios_hist[17] = 128;
	s->is_write.ios_hist_bytes[17] = 16777216;
	s->is_noise.nz_steal_ms = -1;
	s->is_noise.nz_ctxt = 1234;
	s->is_noise.nz_nivcsw = 7;
}

/*
 * The report of n samples (and a host description, if si is not NULL),
 * as ipc_main() would print it.
 */
static const char *
render_si(const struct ipc_config *cfg, const struct ipc_sample *s, size_t n,
    const struct ipc_sysinfo *si)
{
	struct ipc_results rs;
	struct ipc_sample *copy;
	const char *out;

	memset(&rs, 0, sizeof(rs));
	copy = calloc(n + 1, sizeof(*copy));
	if (copy == NULL)
		return ("");
	if (n > 0)
		memcpy(copy, s, n * sizeof(*copy));
	stats_results(cfg, copy, n, &rs);
	rs.rs_sysinfo = si;
	unit_capture_begin();
	if (cfg->ic_json)
		report_json(cfg, &rs);
	else
		report_text(cfg, &rs);
	out = unit_capture_end();
	free(copy);
	return (out);
}

static const char *
render(const struct ipc_config *cfg, const struct ipc_sample *s, size_t n)
{

	return (render_si(cfg, s, n, NULL));
}

static void
test_text_reference(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;

	test_config_init(&cfg, IPC_MODE_2THREAD);
	test_sample_init(&s);
	UNIT_CHECK_STR("report: default is one rate line", render(&cfg, &s, 1),
	    "32768.00 KBytes/sec\n");

	s.is_time.tv_sec = 3;
	s.is_time.tv_nsec = 7;
	UNIT_CHECK_STR("report: rate uses the whole time",
	    render(&cfg, &s, 1), "5461.33 KBytes/sec\n");

	test_sample_init(&s);
	s.is_time.tv_nsec = 59394292;
	cfg.ic_verbose = true;
	{
		static const char want[] =
		    "Benchmark configuration:\n"
		    "  buffersize: 131072\n"
		    "  totalsize: 16777216\n"
		    "  blockcount: 128\n"
		    "  mode: 2thread\n"
		    "  ipctype: pipe\n"
		    "  time: 0.059394292\n";

		UNIT_CHECK("report: -v starts with the reference block",
		    strncmp(render(&cfg, &s, 1), want, strlen(want)) == 0);
	}
	{
		const char *out = render(&cfg, &s, 1);
		size_t len = strlen(out);

		UNIT_CHECK("report: -v ends with the rate line", len > 25 &&
		    strcmp(out + len - strlen("275851.42 KBytes/sec\n"),
		    "275851.42 KBytes/sec\n") == 0);
	}
	cfg.ic_type = IPC_TYPE_LOCAL;
	cfg.ic_sockbuf = true;
	s.is_sndbuf = 262144;
	s.is_rcvbuf = 262144;
	/* The reference block keeps time on its seventh line. */
	{
		static const char want[] =
		    "Benchmark configuration:\n"
		    "  buffersize: 131072\n"
		    "  totalsize: 16777216\n"
		    "  blockcount: 128\n"
		    "  mode: 2thread\n"
		    "  ipctype: local\n"
		    "  time: 0.059394292\n";

		UNIT_CHECK("report: -v -s keeps the reference block",
		    strncmp(render(&cfg, &s, 1), want, strlen(want)) == 0);
	}
	UNIT_CHECK("report: -v -s shows granted sizes in the run details",
	    strstr(render(&cfg, &s, 1), "Run details:\n"
	    "  iteration: 1 of 1 (warm-up runs discarded: 0)\n"
	    "  sndbuf: 262144\n  rcvbuf: 262144\n") != NULL);
	s.is_noise.nz_steal_ms = -1;
	s.is_noise.nz_ctxt = 1234;
	s.is_noise.nz_nivcsw = 7;
	UNIT_CHECK("report: -v says what the machine did meanwhile, unknown "
	    "where it cannot say", strstr(render(&cfg, &s, 1),
	    "  machine meanwhile: steal unknown ms, 1234 context switches; "
	    "this run: 7 involuntary switches\n") != NULL);
}

/*
 * Append a derived value as pmc.c would: printed after cs_ctr[after].
 */
static void
add_derived(struct ipc_counters_sample *cs, const char *name, double value,
    size_t after)
{
	struct ipc_derived *dv;

	dv = &cs->cs_derived[cs->cs_nderived++];
	snprintf(dv->dv_name, sizeof(dv->dv_name), "%s", name);
	dv->dv_value = value;
	dv->dv_after = after;
}

static void
test_text_counters(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;
	const char *out;

	test_config_init(&cfg, IPC_MODE_2THREAD);
	test_sample_init(&s);
	cfg.ic_pmcset = IPC_PMC_L1D;
	s.is_counters.cs_set = IPC_PMC_L1D;
	s.is_counters.cs_count = 4;
	s.is_counters.cs_ctr[0].ctr_name = "INSTR_EXECUTED";
	s.is_counters.cs_ctr[0].ctr_value = 1000;
	s.is_counters.cs_ctr[1].ctr_name = "CLOCK_CYCLES";
	s.is_counters.cs_ctr[1].ctr_value = 2500;
	s.is_counters.cs_ctr[2].ctr_name = "L1_DCACHE_ACCESS";
	s.is_counters.cs_ctr[2].ctr_value = 500;
	s.is_counters.cs_ctr[3].ctr_name = "L1_DCACHE_REFILL";
	s.is_counters.cs_ctr[3].ctr_value = 5;
	/* As pmc.c derives them: each after the counter it belongs to. */
	add_derived(&s.is_counters, "CLOCK_CYCLES/INSTR_EXECUTED", 2.5, 1);
	add_derived(&s.is_counters, "L1_DCACHE_ACCESS/INSTR_EXECUTED", 0.5, 2);
	add_derived(&s.is_counters, "L1_DCACHE_ACCESS/CLOCK_CYCLES", 0.2, 2);
	add_derived(&s.is_counters, "L1_DCACHE_REFILL/INSTR_EXECUTED", 0.005,
	    3);
	add_derived(&s.is_counters, "L1_DCACHE_REFILL/CLOCK_CYCLES", 0.002, 3);
	s.is_counters.cs_running = 1.0;
	UNIT_CHECK_STR("report: -P block as the reference prints it",
	    render(&cfg, &s, 1), unit_l1d_report);

	cfg.ic_json = true;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("json: counters, then derived values in order", strstr(out,
	    "      \"INSTR_EXECUTED\": 1000,\n"
	    "      \"CLOCK_CYCLES\": 2500,\n"
	    "      \"L1_DCACHE_ACCESS\": 500,\n"
	    "      \"L1_DCACHE_REFILL\": 5,\n"
	    "      \"CLOCK_CYCLES/INSTR_EXECUTED\": 2.500000,\n"
	    "      \"L1_DCACHE_ACCESS/INSTR_EXECUTED\": 0.500000,\n"
	    "      \"L1_DCACHE_ACCESS/CLOCK_CYCLES\": 0.200000,\n"
	    "      \"L1_DCACHE_REFILL/INSTR_EXECUTED\": 0.005000,\n"
	    "      \"L1_DCACHE_REFILL/CLOCK_CYCLES\": 0.002000\n"
	    "    }\n") != NULL);
	UNIT_CHECK("json: counter_running_fraction in run_extras, last",
	    strstr(out, "      \"involuntary_switches\": 7,\n"
	    "      \"counter_running_fraction\": 1.000000\n    }\n") != NULL);
	cfg.ic_json = false;

	/* Named values (the 2020–24 sets' kind) follow all counters. */
	add_derived(&s.is_counters, "CYCLES_PER_INSTRUCTION", 2.5, 3);
	out = render(&cfg, &s, 1);
	UNIT_CHECK("report: a value derived from the whole set comes last",
	    strstr(out, "  L1_DCACHE_REFILL/CLOCK_CYCLES: 0.002000\n"
	    "  CYCLES_PER_INSTRUCTION: 2.500000\n\n") != NULL);

	cfg.ic_pmcset = IPC_PMC_SW;
	memset(&s.is_counters, 0, sizeof(s.is_counters));
	s.is_counters.cs_set = IPC_PMC_SW;
	s.is_counters.cs_count = 2;
	s.is_counters.cs_ctr[0].ctr_name = "PAGE_FAULTS";
	s.is_counters.cs_ctr[0].ctr_value = 4096;
	s.is_counters.cs_ctr[1].ctr_name = "CONTEXT_SWITCHES";
	s.is_counters.cs_ctr[1].ctr_value = 12;
	UNIT_CHECK_STR("report: -P sw block", render(&cfg, &s, 1),
	    "\n  pmctype: sw\n  PAGE_FAULTS: 4096\n  CONTEXT_SWITCHES: 12\n"
	    "\n32768.00 KBytes/sec\n");
}

static void
test_text_extensions(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;
	const char *out;

	test_config_init(&cfg, IPC_MODE_2PROC);
	test_sample_init(&s);
	cfg.ic_rusage = true;
	s.is_rusage.ru_stime.tv_sec = 1;
	s.is_rusage.ru_stime.tv_nsec = 2000;
	s.is_rusage.ru_nvcsw = 7;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("report: -g block with L41 labels", strstr(out,
	    "  stime: 1.000002 seconds\n  utime: 0.000000 seconds\n") != NULL &&
	    strstr(out, "  nvcsw: 7 voluntary context switches\n") != NULL);
	UNIT_CHECK("report: -g without -v still ends with the rate line",
	    strlen(out) > 20 && strcmp(out + strlen(out) - 20,
	    "32768.00 KBytes/sec\n") == 0);

	cfg.ic_rusage = false;
	cfg.ic_verbose = true;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("report: -v histogram row for 64 KiB reads",
	    strstr(out, "             65536 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
	    "@@@@@@@@ 256\n") != NULL);
	UNIT_CHECK("report: -v histogram has empty rows around",
	    strstr(out, "             32768 |                              "
	    "           0\n") != NULL);
	UNIT_CHECK("report: -v shows the call counts",
	    strstr(out, "  read calls: 256 (short 0, would block 0, bytes "
	    "16777216)\n") != NULL);
}

static void
test_text_iterations(void)
{
	struct ipc_config cfg;
	struct ipc_sample s[3];
	const char *out;

	test_config_init(&cfg, IPC_MODE_2THREAD);
	test_sample_init(&s[0]);
	test_sample_init(&s[1]);
	test_sample_init(&s[2]);
	s[1].is_time.tv_nsec = 250000000;
	s[2].is_time.tv_sec = 1;
	s[2].is_time.tv_nsec = 0;
	cfg.ic_iterations = 3;
	UNIT_CHECK_STR("report: -n prints one rate line per run",
	    render(&cfg, s, 3), "32768.00 KBytes/sec\n65536.00 KBytes/sec\n"
	    "16384.00 KBytes/sec\n");
	cfg.ic_verbose = true;
	out = render(&cfg, s, 3);
	UNIT_CHECK("report: -v -n ends with the summary", strstr(out,
	    "Summary of 3 samples (warm-up runs discarded: 0):\n"
	    "  bandwidth: median 32768.00, ") != NULL);
}

static void
test_json(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;
	const char *out;

	test_config_init(&cfg, IPC_MODE_2THREAD);
	test_sample_init(&s);
	cfg.ic_json = true;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("json: one object", out[0] == '{' &&
	    strcmp(out + strlen(out) - 2, "}\n") == 0);
	UNIT_CHECK("json: L41 containers", strstr(out,
	    "\n  \"benchmark_configuration\": {\n    \"buffersize\": 131072,\n"
	    "    \"totalsize\": 16777216,\n    \"msgcount\": 128,\n") != NULL &&
	    strstr(out, "\n  \"benchmark_samples\": [\n    {\n"
	    "      \"bandwidth\": 32768.00,\n      \"time\": 0.500000000\n"
	    "    }\n  ],\n") != NULL);
	UNIT_CHECK("json: the always-on extras in run_extras, after the "
	    "samples", strstr(out, "\n  ],\n  \"run_extras\": [\n    {\n"
	    "      \"read_calls\": 256,\n") != NULL && strstr(out,
	    "      \"receiver_cpu_end\": 0,\n"
	    "      \"steal_ms\": -1,\n"
	    "      \"machine_context_switches\": 1234,\n"
	    "      \"involuntary_switches\": 7\n    }\n  ],\n"
	    "  \"transfer_histograms\": [\n") != NULL);
	UNIT_CHECK("json: histogram bucket with calls and bytes", strstr(out,
	    "\"read\": [\n        {\n          \"size\": 65536,\n"
	    "          \"count\": 256,\n          \"bytes\": 16777216\n"
	    "        }\n      ]") != NULL);
	UNIT_CHECK("json: summary present", strstr(out,
	    "\"benchmark_summary\": {") != NULL);
}

/*
 * The host description: each non-empty section under its heading (text)
 * or in its container (JSON), in table order, numbers unquoted.
 */
static void
test_sysinfo_sections(void)
{
	static const char want_json[] =
	    "{\n  \"hw_json\": {\n    \"a.b\": \"x y\",\n    \"a.n\": 42\n"
	    "  },\n  \"net_json\": {\n    \"c.d\": \"z\"\n  },\n"
	    "  \"benchmark_configuration\": {\n";
	static struct ipc_sysinfo si;
	struct ipc_config cfg;
	struct ipc_sample s;
	const char *out;

	memset(&si, 0, sizeof(si));
	si.si_sections[0] = (struct ipc_sysinfo_section){ "hw_json",
	    "HW heading:", 0, 2 };
	si.si_sections[1] = (struct ipc_sysinfo_section){ "empty_json",
	    "Empty heading:", 0, 0 };
	si.si_sections[2] = (struct ipc_sysinfo_section){ "net_json",
	    "Net heading:", 2, 1 };
	si.si_count = 3;
	si.si_items[0].hi_key = "a.b";
	snprintf(si.si_items[0].hi_value, IPC_SYSINFO_VALUELEN, "x y");
	si.si_items[1].hi_key = "a.n";
	snprintf(si.si_items[1].hi_value, IPC_SYSINFO_VALUELEN, "42");
	si.si_items[1].hi_numeric = true;
	si.si_items[2].hi_key = "c.d";
	snprintf(si.si_items[2].hi_value, IPC_SYSINFO_VALUELEN, "z");

	test_config_init(&cfg, IPC_MODE_DESCRIBE);
	cfg.ic_verbose = true;
	UNIT_CHECK_STR("report: describe prints the sections, then the "
	    "configuration", render_si(&cfg, NULL, 0, &si),
	    "HW heading:\n  a.b: x y\n  a.n: 42\nNet heading:\n  c.d: z\n"
	    "Benchmark configuration:\n  buffersize: 131072\n"
	    "  totalsize: 16777216\n  blockcount: 128\n  mode: describe\n"
	    "  ipctype: pipe\n");
	cfg.ic_json = true;
	out = render_si(&cfg, NULL, 0, &si);
	UNIT_CHECK("json: describe containers", strncmp(out, want_json,
	    strlen(want_json)) == 0 && strstr(out, "empty") == NULL);

	/* A list item: text as is, JSON a list of {"pagesize": N}. */
	si.si_items[0].hi_key = "hw.pagesizes";
	snprintf(si.si_items[0].hi_value, IPC_SYSINFO_VALUELEN,
	    "4096 2097152");
	si.si_items[0].hi_each = "pagesize";
	out = render_si(&cfg, NULL, 0, &si);
	UNIT_CHECK("json: a list item is a list of objects", strstr(out,
	    "\"hw.pagesizes\": [\n      {\n        \"pagesize\": 4096\n"
	    "      },\n      {\n        \"pagesize\": 2097152\n      }\n"
	    "    ],\n") != NULL);
	cfg.ic_json = false;
	UNIT_CHECK("report: a list item prints as is in text", strstr(
	    render_si(&cfg, NULL, 0, &si), "  hw.pagesizes: 4096 2097152\n")
	    != NULL);
	snprintf(si.si_items[0].hi_value, IPC_SYSINFO_VALUELEN, "unknown");
	cfg.ic_json = true;
	UNIT_CHECK("json: a failed list probe is an empty list", strstr(
	    render_si(&cfg, NULL, 0, &si), "\"hw.pagesizes\": [],\n") !=
	    NULL);
	si.si_items[0].hi_key = "a.b";
	snprintf(si.si_items[0].hi_value, IPC_SYSINFO_VALUELEN, "x y");
	si.si_items[0].hi_each = NULL;

	/* An integer key that could not be read: "unknown", JSON null. */
	snprintf(si.si_items[1].hi_value, IPC_SYSINFO_VALUELEN, "%s",
	    IPC_SYSINFO_UNKNOWN);
	UNIT_CHECK("json: an unknown integer key is null", strstr(
	    render_si(&cfg, NULL, 0, &si), "\"a.n\": null\n") != NULL);
	cfg.ic_json = false;
	UNIT_CHECK("report: an unknown integer key prints unknown", strstr(
	    render_si(&cfg, NULL, 0, &si), "  a.n: unknown\n") != NULL);
	snprintf(si.si_items[1].hi_value, IPC_SYSINFO_VALUELEN, "42");

	test_config_init(&cfg, IPC_MODE_1THREAD);
	cfg.ic_verbose = true;
	test_sample_init(&s);
	out = render_si(&cfg, &s, 1, &si);
	UNIT_CHECK("report: -v prints the host description after the run "
	    "details", strstr(out, "  write sizes:\n") != NULL &&
	    strstr(out, "HW heading:\n") > strstr(out, "  write sizes:\n"));
}

/*
 * -l: 10000 round trips of 4 bytes in 25 ms are 2.500 usec each; the
 * stamps' figures as latency_summarize() would leave them.
 */
static void
test_latency(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;
	uint64_t hist[IPC_LAT_BUCKETS];
	const char *out;

	test_config_init(&cfg, IPC_MODE_2PROC);
	cfg.ic_latency = true;
	cfg.ic_buffersize = 4;
	cfg.ic_totalsize = 40000;
	test_sample_init(&s);
	s.is_time.tv_nsec = 25000000;
	memset(hist, 0, sizeof(hist));
	hist[latency_bucket(2000)] = 9990;
	hist[latency_bucket(50000)] = 10;
	s.is_latency.lt_count = 10000;
	s.is_latency.lt_sum = 24900000;
	s.is_latency.lt_min = 1900;
	s.is_latency.lt_p50 = 2000;
	s.is_latency.lt_p90 = 2100;
	s.is_latency.lt_p99 = 2400;
	s.is_latency.lt_p999 = 50000;
	s.is_latency.lt_max = 51000;
	s.is_latency.lt_hist = hist;
	UNIT_CHECK_STR("report: -l line", render(&cfg, &s, 1),
	    "2.500 usec/round-trip\n");
	cfg.ic_verify = true;
	UNIT_CHECK_STR("report: -l -V line says so", render(&cfg, &s, 1),
	    "2.500 usec/round-trip (-V: every echoed byte checked in the "
	    "loop)\n");
	cfg.ic_verify = false;
	cfg.ic_verbose = true;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("report: -l -v round trips and their times", strstr(out,
	    "  round trips: 10000 of 4 bytes each way; the receiver starts "
	    "each and takes the stamps, the sender echoes\n"
	    "  round-trip time: min 1.900, p50 2.000, p90 2.100, p99 2.400, "
	    "p99.9 50.000, max 51.000, mean 2.490 usec\n"
	    "  stamped: 24900000 ns of the 0.025000000 s between the two "
	    "stamps (library clock, " IPC_CLOCK_ROUNDTRIP_NAME ")\n"
	    "  round-trip times (ns):\n") != NULL);
	UNIT_CHECK("report: -l -v histogram by power of two", strstr(out,
	    "              1024 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ "
	    "9990\n") != NULL && strstr(out, "             32768 |"
	    "                                         10\n") != NULL);
	UNIT_CHECK("report: -l -v no tcp_nodelay line for pipe",
	    strstr(out, "tcp_nodelay") == NULL);
	cfg.ic_verbose = false;
	cfg.ic_json = true;
	out = render(&cfg, &s, 1);
	UNIT_CHECK("json: -l datum keys in place of bandwidth", strstr(out,
	    "      \"latency\": 2.500,\n"
	    "      \"latency_mean\": 2.490,\n"
	    "      \"latency_min\": 1.900,\n"
	    "      \"latency_p50\": 2.000,\n"
	    "      \"latency_p90\": 2.100,\n"
	    "      \"latency_p99\": 2.400,\n"
	    "      \"latency_p999\": 50.000,\n"
	    "      \"latency_max\": 51.000,\n"
	    "      \"time\": 0.025000000\n") != NULL &&
	    strstr(out, "\"bandwidth\"") == NULL);
	UNIT_CHECK("json: -l configuration", strstr(out,
	    "    \"latency\": true,\n"
	    "    \"tcp_nodelay\": false,\n"
	    "    \"roundtrips\": 10000,\n") != NULL);
	UNIT_CHECK("json: -l stamped span and histogram", strstr(out,
	    "\"latency_stamped_ns\": 24900000\n") != NULL && strstr(out,
	    "  \"latency_histograms\": [\n"
	    "    [\n"
	    "      {\n"
	    "        \"from_ns\": 1792,\n"
	    "        \"to_ns\": 2048,\n"
	    "        \"count\": 9990\n") != NULL);
	UNIT_CHECK("json: -l summary is of latency", strstr(out,
	    "  \"benchmark_summary\": {\n"
	    "    \"latency\": {\n") != NULL);
}

void
unit_report_tests(void)
{

	test_latency();
	test_text_reference();
	test_text_counters();
	test_text_extensions();
	test_text_iterations();
	test_json();
	test_sysinfo_sections();
}
