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
 * Unit tests of the counters' front end (pmc.c) over a mock backend, and
 * of the /proc/cpuinfo reader (cpuinfo.c) that chooses its event table:
 * the counts and their order, the derived values and where the report
 * prints them, multiplexing scale-up, a zero denominator, the calls the
 * backend sees, and the failures that must exit 71 with the backend's
 * explanation; the 2020-24 sets' derived values, the event-table
 * override (IPC_PMC_TABLE), the rule that a hardware set whose
 * instructions or cycles read 0 is an error, and the multiplexing
 * figure of -j.  The cpuinfo cases are canned listings: x86, a Cortex-A8
 * board (new and old kernel formats), a Raspberry Pi, and a big.LITTLE
 * listing whose Arm implementer and Cortex-A8 part are on different
 * processors.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "ipc.h"
#include "cpuinfo.h"
#include "pmc_backend.h"
#include "unit.h"

/* Mock handles are MOCK_BASE + the order of opening. */
#define	MOCK_BASE	100

/* What the mock backend was asked, and what it answers. */
static struct {
	size_t		 opened;
	size_t		 released;
	int		 starts;
	int		 stops;
	bool		 handles_ok;	/* start/stop saw every handle */
	int		 fail_open_at;	/* open number that fails, or -1 */
	bool		 fail_read;
	struct ctr_reading readings[IPC_COUNTERS_MAX];
} mock;

static int	mock_open(const struct ctr_event *ev, uint64_t *handlep,
		    const char **callp);
static bool	mock_handles(const uint64_t *handles, size_t n);
static int	mock_start(const uint64_t *handles, size_t n);
static int	mock_stop(const uint64_t *handles, size_t n);
static int	mock_read(uint64_t handle, struct ctr_reading *rd,
		    const char **callp);
static void	mock_release(uint64_t handle);
static void	mock_explain(char *buf, size_t len, const char *call,
		    const char *counter, const struct ctr_event *ev, int error);
static void	mock_reset(void);
static void	mock_reading(size_t i, uint64_t value, uint64_t enabled,
		    uint64_t running);
static struct ipc_counters *mock_open_set(enum ipc_pmcset set);
static void	mock_run(enum ipc_pmcset set, struct ipc_counters_sample *cs);
static void	run_in_child(void *arg);
static void	run_a72_in_child(void *arg);
static void	run_generic_in_child(void *arg);
static void	run_table_in_child(void *arg);
static void	test_counts(void);
static void	test_report_order(void);
static void	test_multiplexed(void);
static void	test_zero_denominator(void);
static void	mock_run_dv(enum ipc_pmcset set, const uint64_t *values,
		    size_t n, struct ipc_counters_sample *cs);
static double	dv_value(const struct ipc_counters_sample *cs,
		    const char *name);
static void	test_2020_derived(void);
static void	test_2020_report(void);
static void	test_zero_counts(void);
static void	test_no_analogue(void);
static void	test_override(void);
static void	test_running_fraction(void);
static void	test_failures(void);
static void	test_cpuinfo(void);
static void	test_pick_table(void);

static const struct counters_backend mock_backend = {
	.cb_name = "mock",
	.cb_family = CF_LINUX,
	.cb_prepare = NULL,
	.cb_open = mock_open,
	.cb_start = mock_start,
	.cb_stop = mock_stop,
	.cb_read = mock_read,
	.cb_release = mock_release,
	.cb_explain = mock_explain,
};

static int
mock_open(const struct ctr_event *ev, uint64_t *handlep, const char **callp)
{

	(void)ev;
	*callp = "mock_open";
	if ((int)mock.opened == mock.fail_open_at) {
		errno = ENOENT;
		return (-1);
	}
	*handlep = MOCK_BASE + mock.opened++;
	return (0);
}

/* Whether handles are exactly those opened, in order. */
static bool
mock_handles(const uint64_t *handles, size_t n)
{
	size_t i;

	if (n != mock.opened)
		return (false);
	for (i = 0; i < n; i++)
		if (handles[i] != MOCK_BASE + i)
			return (false);
	return (true);
}

static int
mock_start(const uint64_t *handles, size_t n)
{

	mock.starts++;
	mock.handles_ok = mock.handles_ok && mock_handles(handles, n);
	return (0);
}

static int
mock_stop(const uint64_t *handles, size_t n)
{

	mock.stops++;
	mock.handles_ok = mock.handles_ok && mock_handles(handles, n);
	return (0);
}

static int
mock_read(uint64_t handle, struct ctr_reading *rd, const char **callp)
{

	*callp = "mock_read";
	if (mock.fail_read || handle < MOCK_BASE ||
	    handle >= MOCK_BASE + IPC_COUNTERS_MAX) {
		errno = EIO;
		return (-1);
	}
	*rd = mock.readings[handle - MOCK_BASE];
	return (0);
}

static void
mock_release(uint64_t handle)
{

	(void)handle;
	mock.released++;
}

static void
mock_explain(char *buf, size_t len, const char *call, const char *counter,
    const struct ctr_event *ev, int error)
{

	(void)error;
	snprintf(buf, len, "%s %s (%s): the mock refuses", call,
	    counter != NULL ? counter : "-", ev != NULL ? ev->ce_desc : "-");
}

static void
mock_reset(void)
{

	memset(&mock, 0, sizeof(mock));
	mock.fail_open_at = -1;
	mock.handles_ok = true;
}

/* Counter i (in report order) will read value, enabled, running. */
static void
mock_reading(size_t i, uint64_t value, uint64_t enabled, uint64_t running)
{

	mock.readings[i].rd_value = value;
	mock.readings[i].rd_enabled = enabled;
	mock.readings[i].rd_running = running;
}

static struct ipc_counters *
mock_open_set(enum ipc_pmcset set)
{
	struct ipc_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = set;
	return (counters_open_backend(&mock_backend, &cfg));
}

/* A whole run over the mock: open, begin, end, read, close. */
static void
mock_run(enum ipc_pmcset set, struct ipc_counters_sample *cs)
{
	struct ipc_counters *ctrs;

	ctrs = mock_open_set(set);
	(void)counters_begin(ctrs);
	(void)counters_end(ctrs);
	counters_read(ctrs, cs);
	counters_close(ctrs);
}

/* Child body: a run of the set in *arg (which may exit). */
static void
run_in_child(void *arg)
{
	struct ipc_counters_sample cs;

	mock_run(*(enum ipc_pmcset *)arg, &cs);
}

/*
 * The counts come back in L41's order with their names, the derived
 * values in report order, and the backend sees one open and one release
 * per counter and every handle at start and stop.
 */
static void
test_counts(void)
{
	static const char *const want_dv[] = {
	    "CLOCK_CYCLES/INSTR_EXECUTED", "L1_DCACHE_ACCESS/INSTR_EXECUTED",
	    "L1_DCACHE_ACCESS/CLOCK_CYCLES", "L1_DCACHE_REFILL/INSTR_EXECUTED",
	    "L1_DCACHE_REFILL/CLOCK_CYCLES" };
	static const double want_val[] = { 2.5, 0.5, 0.2, 0.005, 0.002 };
	static const size_t want_after[] = { 1, 2, 2, 3, 3 };
	struct ipc_counters_sample cs;
	size_t i;
	bool names, values, after;

	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2500, 10, 10);
	mock_reading(2, 500, 10, 10);
	mock_reading(3, 5, 10, 10);
	mock_run(IPC_PMC_L1D, &cs);
	UNIT_CHECK("counters mock: one open and one release per counter",
	    mock.opened == 4 && mock.released == 4);
	UNIT_CHECK("counters mock: start and stop see every handle",
	    mock.starts == 1 && mock.stops == 1 && mock.handles_ok);
	UNIT_CHECK("counters mock: set and count", cs.cs_set == IPC_PMC_L1D &&
	    cs.cs_count == 4);
	UNIT_CHECK("counters mock: names in L41 order", cs.cs_count == 4 &&
	    strcmp(cs.cs_ctr[0].ctr_name, "INSTR_EXECUTED") == 0 &&
	    strcmp(cs.cs_ctr[1].ctr_name, "CLOCK_CYCLES") == 0 &&
	    strcmp(cs.cs_ctr[2].ctr_name, "L1_DCACHE_ACCESS") == 0 &&
	    strcmp(cs.cs_ctr[3].ctr_name, "L1_DCACHE_REFILL") == 0);
	UNIT_CHECK("counters mock: values as read, not scaled",
	    cs.cs_ctr[0].ctr_value == 1000 && cs.cs_ctr[1].ctr_value == 2500 &&
	    cs.cs_ctr[2].ctr_value == 500 && cs.cs_ctr[3].ctr_value == 5 &&
	    !cs.cs_ctr[0].ctr_scaled && !cs.cs_ctr[3].ctr_scaled);
	names = values = after = cs.cs_nderived == 5;
	for (i = 0; i < 5 && i < cs.cs_nderived; i++) {
		if (strcmp(cs.cs_derived[i].dv_name, want_dv[i]) != 0)
			names = false;
		if (cs.cs_derived[i].dv_value < want_val[i] - 1e-12 ||
		    cs.cs_derived[i].dv_value > want_val[i] + 1e-12)
			values = false;
		if (cs.cs_derived[i].dv_after != want_after[i])
			after = false;
	}
	UNIT_CHECK("counters mock: derived names in order", names);
	UNIT_CHECK("counters mock: derived values", values);
	UNIT_CHECK("counters mock: each ratio follows its counter", after);

	mock_reset();
	mock_run(IPC_PMC_SW, &cs);
	UNIT_CHECK("counters mock: sw set is plain counts", cs.cs_count == 4 &&
	    cs.cs_nderived == 0 && mock.released == 4);
}

/*
 * End to end through the report: the reference counter block, byte for
 * byte, from what the mock counted.
 */
static void
test_report_order(void)
{
	struct ipc_config cfg;
	struct ipc_results rs;
	struct ipc_sample s;

	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2500, 10, 10);
	mock_reading(2, 500, 10, 10);
	mock_reading(3, 5, 10, 10);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_mode = IPC_MODE_2THREAD;
	cfg.ic_pmcset = IPC_PMC_L1D;
	cfg.ic_buffersize = cfg.ic_totalsize = 16777216;
	memset(&s, 0, sizeof(s));
	s.is_time.tv_nsec = 500000000;
	mock_run(IPC_PMC_L1D, &s.is_counters);
	stats_results(&cfg, &s, 1, &rs);
	unit_capture_begin();
	report_text(&cfg, &rs);
	UNIT_CHECK_STR("counters mock: the report prints each ratio after "
	    "its counter", unit_capture_end(), unit_l1d_report);
}

/*
 * A multiplexed counter is scaled up by enabled/running time, rounded
 * to the nearest count, and marked; the ratios use the scaled value.
 */
static void
test_multiplexed(void)
{
	struct ipc_counters_sample cs;

	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2000, 10, 10);
	mock_reading(2, 50, 200, 100);	/* ran half the time */
	mock_reading(3, 1, 3, 2);	/* 1.5 rounds to 2 */
	mock_run(IPC_PMC_L1D, &cs);
	UNIT_CHECK("counters mock: multiplexed value scaled up",
	    cs.cs_ctr[2].ctr_value == 100 && cs.cs_ctr[2].ctr_scaled);
	UNIT_CHECK("counters mock: scaled value rounded",
	    cs.cs_ctr[3].ctr_value == 2 && cs.cs_ctr[3].ctr_scaled);
	UNIT_CHECK("counters mock: full-time counters not marked",
	    !cs.cs_ctr[0].ctr_scaled && !cs.cs_ctr[1].ctr_scaled);
	UNIT_CHECK_NEAR("counters mock: ratio of the scaled value",
	    cs.cs_derived[1].dv_value, 0.1, 1e-12);
}

/*
 * A derived value whose denominator is 0 is 0, never inf or nan: the
 * 2020-24 rates with no accesses (and no branches), in the sample.  (The
 * 2017–18 ratios divide by instructions and cycles, which may not be 0:
 * see test_zero_counts.)
 */
static void
test_zero_denominator(void)
{
	static const uint64_t dcache[] = { 1000, 2000, 0, 0, 0, 0 };
	static const uint64_t instr[] = { 1000, 2000, 0, 0, 0, 0 };
	struct ipc_counters_sample cs;

	mock_run_dv(IPC_PMC_DCACHE, dcache, 6, &cs);
	UNIT_CHECK("counters mock: hit rates over 0 accesses are 0",
	    cs.cs_nderived == 3 &&
	    dv_value(&cs, "L1D_CACHE_HIT_RATE") == 0.0 &&
	    dv_value(&cs, "L2D_CACHE_HIT_RATE") == 0.0);
	mock_run_dv(IPC_PMC_INSTR, instr, 6, &cs);
	UNIT_CHECK("counters mock: L1I hit rate and BR_PRED_RATE over 0 are 0",
	    cs.cs_nderived == 3 &&
	    dv_value(&cs, "L1I_CACHE_HIT_RATE") == 0.0 &&
	    dv_value(&cs, "BR_PRED_RATE") == 0.0);
}

/*
 * A run of set over the mock with the Cortex-A72 table, counter i
 * reading values[i], not multiplexed.
 */
static void
mock_run_dv(enum ipc_pmcset set, const uint64_t *values, size_t n,
    struct ipc_counters_sample *cs)
{
	size_t i;

	mock_reset();
	for (i = 0; i < n; i++)
		mock_reading(i, values[i], 10, 10);
	setenv("IPC_PMC_TABLE", "cortex-a72", 1);
	mock_run(set, cs);
	unsetenv("IPC_PMC_TABLE");
}

/*
 * The named derived value in cs, or -1e9 if there is none.
 */
static double
dv_value(const struct ipc_counters_sample *cs, const char *name)
{
	size_t i;

	for (i = 0; i < cs->cs_nderived; i++)
		if (strcmp(cs->cs_derived[i].dv_name, name) == 0)
			return (cs->cs_derived[i].dv_value);
	return (-1e9);
}

/*
 * The 2020-24 sets: the raw counts in that version's order, then
 * CYCLES_PER_INSTRUCTION, then the set's rates, all printed after the
 * last counter; and each formula.  A refill count above the access
 * count gives a negative hit rate, not a wrapped-round one.
 */
static void
test_2020_derived(void)
{
	static const uint64_t arch[] = { 1000, 2500, 300, 200, 10, 40 };
	static const uint64_t dcache[] = { 1000, 2500, 800, 40, 100, 75 };
	static const uint64_t instr[] = { 1000, 2500, 400, 4, 5, 95 };
	static const uint64_t tlbmem[] = { 1000, 2500, 3, 2, 600, 50 };
	static const uint64_t odd[] = { 1000, 2500, 10, 30, 100, 75 };
	struct ipc_counters_sample cs;
	char got[512];
	size_t i;
	bool after;

	mock_run_dv(IPC_PMC_DCACHE, dcache, 6, &cs);
	got[0] = '\0';
	for (i = 0; i < cs.cs_count; i++) {
		strcat(got, cs.cs_ctr[i].ctr_name);
		strcat(got, ",");
	}
	after = true;
	for (i = 0; i < cs.cs_nderived; i++) {
		strcat(got, cs.cs_derived[i].dv_name);
		strcat(got, i + 1 < cs.cs_nderived ? "," : "");
		if (cs.cs_derived[i].dv_after != cs.cs_count - 1)
			after = false;
	}
	UNIT_CHECK_STR("counters mock: dcache keys in 2020-24 order", got,
	    "INST_RETIRED,CPU_CYCLES,L1D_CACHE,L1D_CACHE_REFILL,L2D_CACHE,"
	    "L2D_CACHE_REFILL,CYCLES_PER_INSTRUCTION,L1D_CACHE_HIT_RATE,"
	    "L2D_CACHE_HIT_RATE");
	UNIT_CHECK("counters mock: dcache derived values after all counters",
	    after && cs.cs_nderived == 3);
	UNIT_CHECK_NEAR("counters mock: CYCLES_PER_INSTRUCTION = cycles / "
	    "instructions", dv_value(&cs, "CYCLES_PER_INSTRUCTION"), 2.5,
	    1e-12);
	UNIT_CHECK_NEAR("counters mock: L1D_CACHE_HIT_RATE = (L1D - refill) "
	    "/ L1D", dv_value(&cs, "L1D_CACHE_HIT_RATE"), 0.95, 1e-12);
	UNIT_CHECK_NEAR("counters mock: L2D_CACHE_HIT_RATE = (L2D - refill) "
	    "/ L2D", dv_value(&cs, "L2D_CACHE_HIT_RATE"), 0.25, 1e-12);

	mock_run_dv(IPC_PMC_INSTR, instr, 6, &cs);
	UNIT_CHECK("counters mock: instr derived names in order",
	    cs.cs_nderived == 3 &&
	    strcmp(cs.cs_derived[0].dv_name, "CYCLES_PER_INSTRUCTION") == 0 &&
	    strcmp(cs.cs_derived[1].dv_name, "L1I_CACHE_HIT_RATE") == 0 &&
	    strcmp(cs.cs_derived[2].dv_name, "BR_PRED_RATE") == 0);
	UNIT_CHECK_NEAR("counters mock: L1I_CACHE_HIT_RATE = (L1I - refill) "
	    "/ L1I", dv_value(&cs, "L1I_CACHE_HIT_RATE"), 0.99, 1e-12);
	UNIT_CHECK_NEAR("counters mock: BR_PRED_RATE = pred / (pred + "
	    "mispred)", dv_value(&cs, "BR_PRED_RATE"), 0.95, 1e-12);

	mock_run_dv(IPC_PMC_ARCH, arch, 6, &cs);
	UNIT_CHECK("counters mock: arch has only CYCLES_PER_INSTRUCTION",
	    cs.cs_count == 6 && cs.cs_nderived == 1 &&
	    strcmp(cs.cs_derived[0].dv_name, "CYCLES_PER_INSTRUCTION") == 0 &&
	    cs.cs_derived[0].dv_after == 5);
	mock_run_dv(IPC_PMC_TLBMEM, tlbmem, 6, &cs);
	UNIT_CHECK("counters mock: tlbmem has only CYCLES_PER_INSTRUCTION",
	    cs.cs_count == 6 && cs.cs_nderived == 1 &&
	    dv_value(&cs, "CYCLES_PER_INSTRUCTION") == 2.5);

	mock_run_dv(IPC_PMC_DCACHE, odd, 6, &cs);
	UNIT_CHECK_NEAR("counters mock: refills above accesses give a "
	    "negative hit rate", dv_value(&cs, "L1D_CACHE_HIT_RATE"), -2.0,
	    1e-12);

	mock_run_dv(IPC_PMC_CPI, dcache, 2, &cs);
	UNIT_CHECK("counters mock: cpi is the trailer and its ratio",
	    cs.cs_count == 2 && cs.cs_nderived == 1 &&
	    strcmp(cs.cs_derived[0].dv_name,
	    "CLOCK_CYCLES/INSTR_EXECUTED") == 0 &&
	    cs.cs_derived[0].dv_value == 2.5);
}

/*
 * The same keys, in the same order, in text and in JSON: a 2020-24 set
 * through both reports.
 */
static void
test_2020_report(void)
{
	static const uint64_t dcache[] = { 1000, 2500, 800, 40, 100, 75 };
	struct ipc_identity id = { "ipc-static", "static" };
	struct ipc_config cfg;
	struct ipc_results rs;
	struct ipc_sample s;
	const char *out, *p;
	static const char *const keys[] = { "\"INST_RETIRED\": 1000",
	    "\"CPU_CYCLES\": 2500", "\"L1D_CACHE\": 800",
	    "\"L1D_CACHE_REFILL\": 40", "\"L2D_CACHE\": 100",
	    "\"L2D_CACHE_REFILL\": 75",
	    "\"CYCLES_PER_INSTRUCTION\": 2.500000",
	    "\"L1D_CACHE_HIT_RATE\": 0.950000",
	    "\"L2D_CACHE_HIT_RATE\": 0.250000",
	    "\"run_extras\"", "\"counter_running_fraction\": 1.000000" };
	size_t i;
	bool order;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_identity = &id;
	cfg.ic_mode = IPC_MODE_2THREAD;
	cfg.ic_pmcset = IPC_PMC_DCACHE;
	cfg.ic_buffersize = cfg.ic_totalsize = 1024;
	cfg.ic_iterations = 1;
	cfg.ic_pin.pin_sender = cfg.ic_pin.pin_receiver = -1;
	memset(&s, 0, sizeof(s));
	s.is_time.tv_sec = 1;
	mock_run_dv(IPC_PMC_DCACHE, dcache, 6, &s.is_counters);
	memset(&rs, 0, sizeof(rs));
	stats_results(&cfg, &s, 1, &rs);
	rs.rs_sysinfo = NULL;
	unit_capture_begin();
	report_text(&cfg, &rs);
	UNIT_CHECK_STR("counters mock: the dcache block as 2020-24 printed it",
	    unit_capture_end(),
	    "\n"
	    "  pmctype: dcache\n"
	    "  INST_RETIRED: 1000\n"
	    "  CPU_CYCLES: 2500\n"
	    "  L1D_CACHE: 800\n"
	    "  L1D_CACHE_REFILL: 40\n"
	    "  L2D_CACHE: 100\n"
	    "  L2D_CACHE_REFILL: 75\n"
	    "  CYCLES_PER_INSTRUCTION: 2.500000\n"
	    "  L1D_CACHE_HIT_RATE: 0.950000\n"
	    "  L2D_CACHE_HIT_RATE: 0.250000\n"
	    "\n"
	    "1.00 KBytes/sec\n");

	cfg.ic_json = true;
	unit_capture_begin();
	report_json(&cfg, &rs);
	out = unit_capture_end();
	order = true;
	p = out;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		p = strstr(p, keys[i]);
		if (p == NULL) {
			order = false;
			break;
		}
	}
	UNIT_CHECK("counters mock: dcache JSON keys and values in the "
	    "text's order, counter_running_fraction in run_extras", order);
	UNIT_CHECK("counters mock: JSON names the table and why",
	    strstr(out, "\"pmc_table\": \"cortex-a72\",\n") != NULL &&
	    strstr(out, "\"pmc_table_source\": \"from IPC_PMC_TABLE\"") !=
	    NULL);

	cfg.ic_json = false;
	cfg.ic_verbose = true;
	unit_capture_begin();
	report_text(&cfg, &rs);
	out = unit_capture_end();
	UNIT_CHECK("counters mock: -v names the table and why",
	    strstr(out, "\n  pmc table: cortex-a72 (from IPC_PMC_TABLE)\n") !=
	    NULL);
}

/*
 * Child body: a run of the set in *arg with the Cortex-A72 table.
 */
static void
run_a72_in_child(void *arg)
{

	setenv("IPC_PMC_TABLE", "cortex-a72", 1);
	run_in_child(arg);
}

/*
 * Zero is not a measurement: a hardware set whose instruction or cycle
 * counter reads 0 exits 71 naming it; other counters and the software
 * set may read 0.
 */
static void
test_zero_counts(void)
{
	static const struct {
		enum ipc_pmcset	 set;
		uint64_t	 instr, cycles;
		const char	*name;
		const char	*label;
	} cases[] = {
		{ IPC_PMC_DCACHE, 0, 2000, "INST_RETIRED (raw 0x08)",
		    "dcache instructions" },
		{ IPC_PMC_ARCH, 1000, 0, "CPU_CYCLES (raw 0x11)",
		    "arch cycles" },
		{ IPC_PMC_CPI, 0, 2000, "INSTR_EXECUTED (", "cpi instructions" },
		{ IPC_PMC_L1D, 1000, 0, "CLOCK_CYCLES (", "l1d cycles" },
	};
	enum ipc_pmcset set;
	char errbuf[1024], label[128], want[128];
	size_t i;
	int status;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mock_reset();
		mock_reading(0, cases[i].instr, 10, 10);
		mock_reading(1, cases[i].cycles, 10, 10);
		set = cases[i].set;
		status = unit_child(run_a72_in_child, &set, errbuf,
		    sizeof(errbuf));
		snprintf(want, sizeof(want), ": FAIL: counter %s",
		    cases[i].name);
		snprintf(label, sizeof(label), "counters mock: %s read 0 exits "
		    "71: the PMU did not count", cases[i].label);
		UNIT_CHECK(label, WIFEXITED(status) &&
		    WEXITSTATUS(status) == EX_OSERR &&
		    strstr(errbuf, want) != NULL &&
		    strstr(errbuf, "read 0: the PMU did not count") != NULL);
	}

	mock_reset();
	set = IPC_PMC_SW;
	status = unit_child(run_in_child, &set, errbuf, sizeof(errbuf));
	UNIT_CHECK("counters mock: sw may read 0", WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 && errbuf[0] == '\0');
	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2000, 10, 10);
	set = IPC_PMC_DCACHE;
	status = unit_child(run_a72_in_child, &set, errbuf, sizeof(errbuf));
	UNIT_CHECK("counters mock: other counters may read 0",
	    WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    errbuf[0] == '\0');
}

/*
 * Child body: a run of the set in *arg with the generic table.
 */
static void
run_generic_in_child(void *arg)
{

	setenv("IPC_PMC_TABLE", "generic", 1);
	run_in_child(arg);
}

/*
 * A counter with no generic analogue fails the run, naming it, before
 * the backend is asked for it.
 */
static void
test_no_analogue(void)
{
	enum ipc_pmcset set = IPC_PMC_ARCH;
	char errbuf[1024];
	int status;

	mock_reset();
	status = unit_child(run_generic_in_child, &set, errbuf,
	    sizeof(errbuf));
	UNIT_CHECK("counters mock: generic arch exits 71 naming EXC_RETURN",
	    WIFEXITED(status) && WEXITSTATUS(status) == EX_OSERR &&
	    strstr(errbuf, ": FAIL: counter EXC_RETURN: the generic event "
	    "table has no event for it (IPC_PMC_TABLE=cortex-a72") != NULL);
}

/*
 * Child body: a run of l1d with IPC_PMC_TABLE set to *arg.
 */
static void
run_table_in_child(void *arg)
{
	enum ipc_pmcset set = IPC_PMC_L1D;

	setenv("IPC_PMC_TABLE", (const char *)arg, 1);
	run_in_child(&set);
}

/*
 * IPC_PMC_TABLE: a valid name wins over /proc/cpuinfo and is reported
 * as the reason; "" is unset; any other value is a usage error (64)
 * naming the variable, the value and the valid names; sw and FreeBSD
 * ignore it.
 */
static void
test_override(void)
{
	static const char a8[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc08\n";
	static const char *const bad[] = { "bogus", "CORTEX-A72", "hwpmc",
	    "cortex-a72 ", "linux" };
	static struct ipc_cpuinfo ci;
	enum ctr_table t;
	const char *why;
	char errbuf[1024], label[128];
	size_t i;
	int status;

	cpuinfo_parse(a8, &ci);
	UNIT_CHECK("counters table: IPC_PMC_TABLE=cortex-a72 wins over "
	    "cpuinfo", counters_pick_table(CF_LINUX, IPC_PMC_L1D,
	    "cortex-a72", &ci, &t, &why) == 0 && t == CT_LINUX_A72 &&
	    strcmp(why, "from IPC_PMC_TABLE") == 0);
	UNIT_CHECK("counters table: IPC_PMC_TABLE=generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_DCACHE, "generic", &ci, &t,
	    &why) == 0 && t == CT_LINUX);
	UNIT_CHECK("counters table: IPC_PMC_TABLE=cortex-a8",
	    counters_pick_table(CF_LINUX, IPC_PMC_DCACHE, "cortex-a8", NULL,
	    &t, &why) == 0 && t == CT_LINUX_A8);
	UNIT_CHECK("counters table: empty IPC_PMC_TABLE is unset",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, "", &ci, &t, &why) ==
	    0 && t == CT_LINUX_A8 && strstr(why, "/proc/cpuinfo") != NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(label, sizeof(label), "counters table: "
		    "IPC_PMC_TABLE=\"%s\" is refused", bad[i]);
		UNIT_CHECK(label, counters_pick_table(CF_LINUX, IPC_PMC_L1D,
		    bad[i], &ci, &t, &why) == -1);
	}
	UNIT_CHECK("counters table: sw ignores IPC_PMC_TABLE",
	    counters_pick_table(CF_LINUX, IPC_PMC_SW, "bogus", &ci, &t,
	    &why) == 0 && t == CT_LINUX);
	UNIT_CHECK("counters table: hwpmc ignores IPC_PMC_TABLE",
	    counters_pick_table(CF_HWPMC, IPC_PMC_DCACHE, "bogus", NULL, &t,
	    &why) == 0 && t == CT_HWPMC);

	mock_reset();
	status = unit_child(run_table_in_child, "cortex-a9", errbuf,
	    sizeof(errbuf));
	UNIT_CHECK("counters mock: invalid IPC_PMC_TABLE exits 64 with a "
	    "clear message", WIFEXITED(status) &&
	    WEXITSTATUS(status) == EX_USAGE && strstr(errbuf, ": FAIL: "
	    "IPC_PMC_TABLE=cortex-a9: unknown event table (cortex-a8, "
	    "cortex-a72 or generic)\n") != NULL && mock.opened == 0);
}

/*
 * -j's multiplexing figure: the least running/enabled fraction of the
 * run's counters, 1 when none was scaled.
 */
static void
test_running_fraction(void)
{
	struct ipc_counters_sample cs;

	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2000, 10, 10);
	mock_reading(2, 50, 200, 100);		/* half the time */
	mock_reading(3, 1, 40, 30);		/* three quarters */
	mock_run(IPC_PMC_L1D, &cs);
	UNIT_CHECK_NEAR("counters mock: running fraction is the least "
	    "scheduled counter's", cs.cs_running, 0.5, 1e-12);
	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2000, 10, 10);
	mock_reading(2, 50, 10, 10);
	mock_reading(3, 1, 0, 0);		/* times not kept (hwpmc) */
	mock_run(IPC_PMC_L1D, &cs);
	UNIT_CHECK_NEAR("counters mock: running fraction 1 when nothing is "
	    "scaled", cs.cs_running, 1.0, 0.0);
}

/*
 * What must exit 71 with a message: a counter the backend refuses (in
 * the backend's words, with errno), a failed read, and a counter that
 * never ran (enabled but never on the PMU).
 */
static void
test_failures(void)
{
	enum ipc_pmcset set = IPC_PMC_L1D;
	char errbuf[1024];
	int status;

	mock_reset();
	mock.fail_open_at = 2;
	status = unit_child(run_in_child, &set, errbuf, sizeof(errbuf));
	UNIT_CHECK("counters mock: refused open exits 71", WIFEXITED(status) &&
	    WEXITSTATUS(status) == EX_OSERR);
	UNIT_CHECK("counters mock: refused open says why", strstr(errbuf,
	    ": FAIL: mock_open L1_DCACHE_ACCESS (") != NULL &&
	    strstr(errbuf, "): the mock refuses: ") != NULL);

	mock_reset();
	mock.fail_read = true;
	status = unit_child(run_in_child, &set, errbuf, sizeof(errbuf));
	UNIT_CHECK("counters mock: failed read exits 71", WIFEXITED(status) &&
	    WEXITSTATUS(status) == EX_OSERR &&
	    strstr(errbuf, ": FAIL: mock_read INSTR_EXECUTED: ") != NULL);

	mock_reset();
	mock_reading(0, 1000, 10, 10);
	mock_reading(1, 2000, 10, 10);
	mock_reading(2, 0, 10, 0);	/* enabled, never on the PMU */
	mock_reading(3, 5, 10, 10);
	status = unit_child(run_in_child, &set, errbuf, sizeof(errbuf));
	UNIT_CHECK("counters mock: never ran exits 71", WIFEXITED(status) &&
	    WEXITSTATUS(status) == EX_OSERR);
	UNIT_CHECK("counters mock: never ran names the counter",
	    strstr(errbuf, ": FAIL: counter L1_DCACHE_ACCESS (") != NULL &&
	    strstr(errbuf, ") never ran: too many counters for the PMU\n") !=
	    NULL);
}

/*
 * The /proc/cpuinfo reader on canned listings.
 */
static void
test_cpuinfo(void)
{
	static const char x86[] =
	    "processor\t: 0\n"
	    "vendor_id\t: GenuineIntel\n"
	    "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
	    "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep\n"
	    "\n"
	    "processor\t: 1\n"
	    "vendor_id\t: GenuineIntel\n"
	    "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
	    "\n";
	static const char a8[] =
	    "processor\t: 0\n"
	    "model name\t: ARMv7 Processor rev 2 (v7l)\n"
	    "BogoMIPS\t: 995.32\n"
	    "Features\t: half thumb fastmult vfp edsp thumbee neon vfpv3\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU architecture: 7\n"
	    "CPU variant\t: 0x3\n"
	    "CPU part\t: 0xc08\n"
	    "CPU revision\t: 2\n"
	    "\n"
	    "Hardware\t: Generic AM33XX (Flattened Device Tree)\n"
	    "Revision\t: 0000\n";
	static const char a8_old[] =
	    "Processor\t: ARMv7 Processor rev 2 (v7l)\n"
	    "BogoMIPS\t: 498.89\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc08\n"
	    "\n"
	    "Hardware\t: Generic AM33XX (Flattened Device Tree)\n";
	static const char rpi[] =
	    "processor\t: 0\n"
	    "BogoMIPS\t: 108.00\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd08\n"
	    "processor\t: 1\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd08\n"
	    "\n"
	    "Hardware\t: BCM2835\n"
	    "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n";
	static const char mixed[] =
	    "processor\t: 0\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd03\n"
	    "\n"
	    "processor\t: 1\n"
	    "CPU implementer\t: 0x51\n"
	    "CPU part\t: 0xc08\n"
	    "\n";
	static const char half_a8[] =
	    "processor\t: 0\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc08\n"
	    "\n"
	    "processor\t: 1\n"
	    "CPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc09\n";
	static struct ipc_cpuinfo ci;
	const char *m;

	cpuinfo_parse(x86, &ci);
	UNIT_CHECK("cpuinfo x86: two processors", ci.ci_count == 2);
	m = cpuinfo_model(&ci);
	UNIT_CHECK_STR("cpuinfo x86: model name", m,
	    "Intel(R) Xeon(R) CPU @ 2.20GHz");
	UNIT_CHECK("cpuinfo x86: not a Cortex-A8",
	    !cpuinfo_all_match(&ci, 0x41, 0xc08));

	cpuinfo_parse(a8, &ci);
	UNIT_CHECK("cpuinfo a8: one processor, board block apart",
	    ci.ci_count == 1 && strcmp(ci.ci_cpu[0].cc_implementer,
	    "0x41") == 0 && strcmp(ci.ci_cpu[0].cc_part, "0xc08") == 0);
	UNIT_CHECK("cpuinfo a8: is a Cortex-A8",
	    cpuinfo_all_match(&ci, 0x41, 0xc08));
	UNIT_CHECK_STR("cpuinfo a8: model name first", cpuinfo_model(&ci),
	    "ARMv7 Processor rev 2 (v7l)");

	cpuinfo_parse(a8_old, &ci);
	UNIT_CHECK("cpuinfo old a8 format: is a Cortex-A8", ci.ci_count == 1 &&
	    cpuinfo_all_match(&ci, 0x41, 0xc08));
	UNIT_CHECK_STR("cpuinfo old a8 format: Hardware as the model",
	    cpuinfo_model(&ci), "Generic AM33XX (Flattened Device Tree)");

	cpuinfo_parse(rpi, &ci);
	UNIT_CHECK("cpuinfo rpi: processors without blank lines",
	    ci.ci_count == 2);
	UNIT_CHECK_STR("cpuinfo rpi: Model before Hardware",
	    cpuinfo_model(&ci), "Raspberry Pi 4 Model B Rev 1.4");
	UNIT_CHECK("cpuinfo rpi: not a Cortex-A8",
	    !cpuinfo_all_match(&ci, 0x41, 0xc08));

	cpuinfo_parse(mixed, &ci);
	UNIT_CHECK("cpuinfo big.LITTLE: Arm and part 0xc08 on different "
	    "processors is not a Cortex-A8", ci.ci_count == 2 &&
	    !cpuinfo_all_match(&ci, 0x41, 0xc08));
	cpuinfo_parse(half_a8, &ci);
	UNIT_CHECK("cpuinfo: one Cortex-A8 of two is not enough",
	    ci.ci_count == 2 && !cpuinfo_all_match(&ci, 0x41, 0xc08));

	cpuinfo_parse("", &ci);
	UNIT_CHECK("cpuinfo empty: nothing", ci.ci_count == 0 &&
	    cpuinfo_model(&ci) == NULL && !cpuinfo_all_match(&ci, 0x41, 0xc08));
}

/*
 * The one choice of event table, with its reason, when IPC_PMC_TABLE is
 * not set: every processor a Cortex-A8, or every one a Cortex-A72, gets
 * its raw events; anything else is generic.
 */
static void
test_pick_table(void)
{
	static const char a8[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc08\n";
	static const char a72[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd08\nprocessor\t: 1\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd08\n";
	static const char mixed[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd03\n\nprocessor\t: 1\nCPU implementer\t: 0x51\n"
	    "CPU part\t: 0xc08\n";
	static const char big_little[] = "processor\t: 0\n"
	    "CPU implementer\t: 0x41\nCPU part\t: 0xd03\n\nprocessor\t: 1\n"
	    "CPU implementer\t: 0x41\nCPU part\t: 0xd08\n";
	static struct ipc_cpuinfo ci;
	enum ctr_table t;
	const char *why;

	why = NULL;
	UNIT_CHECK("counters table: hwpmc", counters_pick_table(CF_HWPMC,
	    IPC_PMC_L1D, NULL, NULL, &t, &why) == 0 && t == CT_HWPMC &&
	    why != NULL);
	cpuinfo_parse(a8, &ci);
	why = NULL;
	UNIT_CHECK("counters table: Cortex-A8 gets the raw events",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, NULL, &ci, &t, &why) ==
	    0 && t == CT_LINUX_A8 && why != NULL &&
	    strstr(why, "Cortex-A8") != NULL);
	UNIT_CHECK("counters table: software set is generic even on an A8",
	    counters_pick_table(CF_LINUX, IPC_PMC_SW, NULL, &ci, &t, &why) ==
	    0 && t == CT_LINUX);
	cpuinfo_parse(a72, &ci);
	why = NULL;
	UNIT_CHECK("counters table: Cortex-A72 gets its raw events",
	    counters_pick_table(CF_LINUX, IPC_PMC_DCACHE, NULL, &ci, &t,
	    &why) == 0 && t == CT_LINUX_A72 && why != NULL &&
	    strstr(why, "every processor is a Cortex-A72") != NULL);
	cpuinfo_parse(mixed, &ci);
	UNIT_CHECK("counters table: big.LITTLE listing is generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, NULL, &ci, &t, &why) ==
	    0 && t == CT_LINUX &&
	    strcmp(why, "/proc/cpuinfo: no Cortex-A8 or Cortex-A72 on every "
	    "processor") == 0);
	cpuinfo_parse(big_little, &ci);
	UNIT_CHECK("counters table: Cortex-A53 + Cortex-A72 is generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_DCACHE, NULL, &ci, &t,
	    &why) == 0 && t == CT_LINUX);
	UNIT_CHECK("counters table: no cpuinfo is generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, NULL, NULL, &t, &why) ==
	    0 && t == CT_LINUX && strcmp(why, "/proc/cpuinfo unreadable") ==
	    0);
	UNIT_CHECK_STR("counters table: names", counters_table_name(CT_LINUX),
	    "generic");
}

/*
 * Entry point called by tests/unit.c.
 */
void
unit_counters_tests(void)
{

	/* The tests choose their tables; the caller's must not leak in. */
	unsetenv("IPC_PMC_TABLE");
	test_counts();
	test_report_order();
	test_multiplexed();
	test_zero_denominator();
	test_failures();
	test_cpuinfo();
	test_pick_table();
	test_2020_derived();
	test_2020_report();
	test_zero_counts();
	test_no_analogue();
	test_override();
	test_running_fraction();
}
