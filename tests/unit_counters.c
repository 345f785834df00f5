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
 * explanation.  The cpuinfo cases are canned listings: x86, a Cortex-A8
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
static void	test_counts(void);
static void	test_report_order(void);
static void	test_multiplexed(void);
static void	test_zero_denominator(void);
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
 * A ratio whose denominator is 0 is 0, never inf or nan, in the sample
 * and in the printed block.
 */
static void
test_zero_denominator(void)
{
	struct ipc_counters_sample cs;
	size_t i;
	bool zero;

	mock_reset();
	mock_reading(0, 0, 10, 10);
	mock_reading(1, 0, 10, 10);
	mock_reading(2, 7, 10, 10);
	mock_reading(3, 0, 10, 10);
	mock_run(IPC_PMC_L1D, &cs);
	zero = cs.cs_nderived == 5;
	for (i = 0; i < cs.cs_nderived; i++)
		if (cs.cs_derived[i].dv_value != 0.0)
			zero = false;
	UNIT_CHECK("counters mock: ratio over 0 is 0", zero);
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
 * The one choice of event table, with its reason.
 */
static void
test_pick_table(void)
{
	static const char a8[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xc08\n";
	static const char mixed[] = "processor\t: 0\nCPU implementer\t: 0x41\n"
	    "CPU part\t: 0xd03\n\nprocessor\t: 1\nCPU implementer\t: 0x51\n"
	    "CPU part\t: 0xc08\n";
	static struct ipc_cpuinfo ci;
	const char *why;

	why = NULL;
	UNIT_CHECK("counters table: hwpmc", counters_pick_table(CF_HWPMC,
	    IPC_PMC_L1D, NULL, &why) == CT_HWPMC && why != NULL);
	cpuinfo_parse(a8, &ci);
	why = NULL;
	UNIT_CHECK("counters table: Cortex-A8 gets the raw events",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, &ci, &why) ==
	    CT_LINUX_A8 && why != NULL && strstr(why, "Cortex-A8") != NULL);
	UNIT_CHECK("counters table: software set is generic even on an A8",
	    counters_pick_table(CF_LINUX, IPC_PMC_SW, &ci, &why) == CT_LINUX);
	cpuinfo_parse(mixed, &ci);
	UNIT_CHECK("counters table: big.LITTLE listing is generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, &ci, &why) ==
	    CT_LINUX);
	UNIT_CHECK("counters table: no cpuinfo is generic",
	    counters_pick_table(CF_LINUX, IPC_PMC_L1D, NULL, &why) ==
	    CT_LINUX);
}

/*
 * Entry point called by tests/unit.c.
 */
void
unit_counters_tests(void)
{

	test_counts();
	test_report_order();
	test_multiplexed();
	test_zero_denominator();
	test_failures();
	test_cpuinfo();
	test_pick_table();
}
