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
 * Unit tests of pmc.c's tables and of this OS's backend for real: every
 * set's counters in every event table (names, order, events), the NULL
 * no-ops, and on Linux the software set counting a thread and a forked
 * child that did the work between begin and end, as the sender does in
 * 2thread/2proc, with fresh counters per run.  A hardware set is tried
 * live where there is a PMU, and reported as SKIP where there is none.
 * The front end's logic is tested over a mock backend in
 * unit_counters.c.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "pmc_backend.h"
#include "unit.h"

#define	PAGE		4096

static const char *const table_name[CT_COUNT] = {
	[CT_HWPMC] = "hwpmc",
	[CT_LINUX_A8] = "linux-a8",
	[CT_LINUX_A72] = "linux-a72",
	[CT_LINUX] = "linux",
};

/* What a thread or child does between counters_begin() and the end. */
struct fault_job {
	struct ipc_counters *fj_ctrs;
	size_t		 fj_pages;
	int		 fj_begin;	/* counters_begin() result */
};

static void	join_field(char *buf, size_t len, const struct ipc_counter *c,
		    size_t n, bool events);
static void	check_set(enum ctr_table table, enum ipc_pmcset set,
		    const char *name, const char *want_names);
static void	test_tables(void);
static void	events_of(enum ipc_pmcset set, enum ctr_table table,
		    size_t from, char *buf, size_t len);
static void	test_events(void);
static void	test_events_2020(void);
static void	close_null(void *arg);
static void	test_null(void);
static size_t	touch_pages(size_t pages);
static void	open_close(void *arg);
static bool	native_can_open(enum ipc_pmcset set, char *why, size_t len);
static void	*fault_thread(void *arg);
static uint64_t	sample_value(const struct ipc_counters_sample *cs,
		    const char *name);
static bool	fault_run(enum ipc_pmcset set, size_t pages, bool in_child,
		    struct ipc_counters_sample *cs);
static void	test_sw_live(void);
static void	test_hw_live(void);

/*
 * Join the names (or events) of n counters with commas, for one
 * string comparison with a readable diff.
 */
static void
join_field(char *buf, size_t len, const struct ipc_counter *c, size_t n,
    bool events)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, events ? c[i].ctr_event : c[i].ctr_name,
		    len - strlen(buf) - 1);
	}
}

/*
 * The names a set reports with a table, in order, must be want_names.
 */
static void
check_set(enum ctr_table table, enum ipc_pmcset set, const char *name,
    const char *want_names)
{
	struct ipc_counter c[IPC_COUNTERS_MAX];
	char label[80], got[512];
	size_t n;

	n = counters_plan(set, table, c, IPC_COUNTERS_MAX);
	join_field(got, sizeof(got), c, n, false);
	snprintf(label, sizeof(label), "pmc table %s %s", table_name[table],
	    name);
	UNIT_CHECK_STR(label, got, want_names);
}

/*
 * Every set in every table: trailer first, then L41's counters, with
 * L41's "(none)" slots absent; generic events (the generic table, and
 * the Cortex-A72 table for the 2017–18 sets) add only L2_REFILL.  The
 * 2020-24 sets have the same six counters everywhere, their trailer
 * first, in that version's order; cpi is the 2017–18 trailer alone.
 */
static void
test_tables(void)
{
	struct ipc_counter c[IPC_COUNTERS_MAX];
	size_t n;
	int t;
	bool generic;

	for (t = 0; t < CT_COUNT; t++) {
		generic = t == CT_LINUX || t == CT_LINUX_A72;
		check_set((enum ctr_table)t, IPC_PMC_L1D, "l1d",
		    "INSTR_EXECUTED,CLOCK_CYCLES,"
		    "L1_DCACHE_ACCESS,L1_DCACHE_REFILL");
		check_set((enum ctr_table)t, IPC_PMC_L1I, "l1i",
		    "INSTR_EXECUTED,CLOCK_CYCLES,L1_ICACHE_REFILL");
		check_set((enum ctr_table)t, IPC_PMC_L2, "l2", generic ?
		    "INSTR_EXECUTED,CLOCK_CYCLES,L2_ACCESS,L2_REFILL" :
		    "INSTR_EXECUTED,CLOCK_CYCLES,L2_ACCESS");
		check_set((enum ctr_table)t, IPC_PMC_MEM, "mem",
		    "INSTR_EXECUTED,CLOCK_CYCLES,MEM_READ,MEM_WRITE");
		check_set((enum ctr_table)t, IPC_PMC_TLB, "tlb",
		    "INSTR_EXECUTED,CLOCK_CYCLES,ITLB_REFILL,DTLB_REFILL");
		check_set((enum ctr_table)t, IPC_PMC_AXI, "axi",
		    "INSTR_EXECUTED,CLOCK_CYCLES,AXI_READ,AXI_WRITE");
		check_set((enum ctr_table)t, IPC_PMC_SW, "sw",
		    t == CT_HWPMC ? "PAGE_FAULTS" :
		    "PAGE_FAULTS,CONTEXT_SWITCHES,CPU_MIGRATIONS,TASK_CLOCK");
		check_set((enum ctr_table)t, IPC_PMC_NONE, "none", "");
		check_set((enum ctr_table)t, IPC_PMC_CPI, "cpi",
		    "INSTR_EXECUTED,CLOCK_CYCLES");
		check_set((enum ctr_table)t, IPC_PMC_ARCH, "arch",
		    "INST_RETIRED,CPU_CYCLES,"
		    "LD_SPEC,ST_SPEC,EXC_RETURN,BR_RETURN_SPEC");
		check_set((enum ctr_table)t, IPC_PMC_DCACHE, "dcache",
		    "INST_RETIRED,CPU_CYCLES,"
		    "L1D_CACHE,L1D_CACHE_REFILL,L2D_CACHE,L2D_CACHE_REFILL");
		check_set((enum ctr_table)t, IPC_PMC_INSTR, "instr",
		    "INST_RETIRED,CPU_CYCLES,"
		    "L1I_CACHE,L1I_CACHE_REFILL,BR_MIS_PRED,BR_PRED");
		check_set((enum ctr_table)t, IPC_PMC_TLBMEM, "tlbmem",
		    "INST_RETIRED,CPU_CYCLES,"
		    "L1D_TLB_REFILL,L1I_TLB_REFILL,MEM_ACCESS,BUS_ACCESS");
	}
	n = counters_plan(IPC_PMC_L1D, CT_COUNT, c, IPC_COUNTERS_MAX);
	UNIT_CHECK("pmc table unknown table is empty", n == 0);
	n = counters_plan(IPC_PMC_L1D, CT_LINUX, c, 3);
	UNIT_CHECK("pmc table honours max", n == 3);
}

/*
 * The events of a set in a table from counter `from' on, joined with
 * commas, into buf.
 */
static void
events_of(enum ipc_pmcset set, enum ctr_table table, size_t from, char *buf,
    size_t len)
{
	struct ipc_counter c[IPC_COUNTERS_MAX];
	size_t n;

	n = counters_plan(set, table, c, IPC_COUNTERS_MAX);
	if (n < from)
		n = from;
	join_field(buf, len, c + from, n - from, true);
}

/*
 * The events behind the names: L41's raw Cortex-A8 numbers, the libpmc
 * names L41 passed to pmc_allocate(), and the generic perf events.  The
 * descriptions are built from the tokens that select the events, so
 * these also pin the event numbers.
 */
static void
test_events(void)
{
	char got[1024];

	events_of(IPC_PMC_L1D, CT_LINUX_A8, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l1d", got,
	    "raw 0x08,cycles (PERF_COUNT_HW_CPU_CYCLES),raw 0x04,raw 0x03");
	events_of(IPC_PMC_L1I, CT_LINUX_A8, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l1i", got, "raw 0x01");
	events_of(IPC_PMC_L2, CT_LINUX_A8, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l2", got, "raw 0x43");
	events_of(IPC_PMC_MEM, CT_LINUX_A8, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 mem", got, "raw 0x06,raw 0x07");
	events_of(IPC_PMC_TLB, CT_LINUX_A8, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 tlb", got, "raw 0x02,raw 0x05");
	events_of(IPC_PMC_AXI, CT_LINUX_A8, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 axi", got, "raw 0x45,raw 0x46");

	events_of(IPC_PMC_AXI, CT_HWPMC, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc axi", got,
	    "INSTR_EXECUTED (hwpmc),CLOCK_CYCLES (hwpmc),"
	    "AXI_READ (hwpmc),AXI_WRITE (hwpmc)");
	events_of(IPC_PMC_SW, CT_HWPMC, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc sw", got,
	    "PAGE_FAULT.ALL (hwpmc soft)");

	events_of(IPC_PMC_L1D, CT_LINUX, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l1d", got,
	    "instructions (PERF_COUNT_HW_INSTRUCTIONS),"
	    "cycles (PERF_COUNT_HW_CPU_CYCLES),"
	    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
	    "L1-dcache-load-misses (PERF_TYPE_HW_CACHE L1D READ MISS)");
	events_of(IPC_PMC_L1I, CT_LINUX, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l1i", got,
	    "L1-icache-load-misses (PERF_TYPE_HW_CACHE L1I READ MISS)");
	events_of(IPC_PMC_L2, CT_LINUX, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l2", got,
	    "LLC-loads (PERF_TYPE_HW_CACHE LL READ ACCESS),"
	    "LLC-load-misses (PERF_TYPE_HW_CACHE LL READ MISS)");
	events_of(IPC_PMC_MEM, CT_LINUX, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux mem", got,
	    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
	    "L1-dcache-stores (PERF_TYPE_HW_CACHE L1D WRITE ACCESS)");
	events_of(IPC_PMC_TLB, CT_LINUX, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux tlb", got,
	    "iTLB-load-misses (PERF_TYPE_HW_CACHE ITLB READ MISS),"
	    "dTLB-load-misses (PERF_TYPE_HW_CACHE DTLB READ MISS)");
	events_of(IPC_PMC_AXI, CT_LINUX, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux axi", got,
	    "LLC-load-misses (PERF_TYPE_HW_CACHE LL READ MISS),"
	    "LLC-store-misses (PERF_TYPE_HW_CACHE LL WRITE MISS)");
	events_of(IPC_PMC_SW, CT_LINUX, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux sw", got,
	    "page-faults (PERF_COUNT_SW_PAGE_FAULTS),"
	    "context-switches (PERF_COUNT_SW_CONTEXT_SWITCHES),"
	    "cpu-migrations (PERF_COUNT_SW_CPU_MIGRATIONS),"
	    "task-clock in ns (PERF_COUNT_SW_TASK_CLOCK)");
	test_events_2020();
}

/*
 * The 2020-24 sets and cpi.  Cortex-A72: the ARMv8 PMUv3 event numbers
 * (Cortex-A72 TRM, Linux arm_pmuv3.h); hwpmc: the ARMv8 names; generic
 * (and the Cortex-A8 table, which has no raw events for these sets):
 * perf's generic analogues, and none for EXC_RETURN and BR_RETURN_SPEC.
 * The 2017–18 sets on a Cortex-A72 keep their generic events.
 */
static void
test_events_2020(void)
{
	static const enum ctr_table generic_like[] = { CT_LINUX,
	    CT_LINUX_A8 };
	char got[1024], label[80];
	size_t i;

	events_of(IPC_PMC_ARCH, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 arch", got,
	    "raw 0x08,raw 0x11,raw 0x70,raw 0x71,raw 0x0a,raw 0x79");
	events_of(IPC_PMC_DCACHE, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 dcache", got,
	    "raw 0x08,raw 0x11,raw 0x04,raw 0x03,raw 0x16,raw 0x17");
	events_of(IPC_PMC_INSTR, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 instr", got,
	    "raw 0x08,raw 0x11,raw 0x14,raw 0x01,raw 0x10,raw 0x12");
	events_of(IPC_PMC_TLBMEM, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 tlbmem", got,
	    "raw 0x08,raw 0x11,raw 0x05,raw 0x02,raw 0x13,raw 0x19");
	events_of(IPC_PMC_L1D, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 l1d is generic", got,
	    "instructions (PERF_COUNT_HW_INSTRUCTIONS),"
	    "cycles (PERF_COUNT_HW_CPU_CYCLES),"
	    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
	    "L1-dcache-load-misses (PERF_TYPE_HW_CACHE L1D READ MISS)");

	events_of(IPC_PMC_ARCH, CT_HWPMC, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc arch", got,
	    "INST_RETIRED (hwpmc),CPU_CYCLES (hwpmc),LD_SPEC (hwpmc),"
	    "ST_SPEC (hwpmc),EXC_RETURN (hwpmc),BR_RETURN_SPEC (hwpmc)");
	events_of(IPC_PMC_DCACHE, CT_HWPMC, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc dcache", got,
	    "L1D_CACHE (hwpmc),L1D_CACHE_REFILL (hwpmc),L2D_CACHE (hwpmc),"
	    "L2D_CACHE_REFILL (hwpmc)");
	events_of(IPC_PMC_INSTR, CT_HWPMC, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc instr", got,
	    "L1I_CACHE (hwpmc),L1I_CACHE_REFILL (hwpmc),BR_MIS_PRED (hwpmc),"
	    "BR_PRED (hwpmc)");
	events_of(IPC_PMC_TLBMEM, CT_HWPMC, 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc tlbmem", got,
	    "L1D_TLB_REFILL (hwpmc),L1I_TLB_REFILL (hwpmc),MEM_ACCESS (hwpmc),"
	    "BUS_ACCESS (hwpmc)");

	for (i = 0; i < sizeof(generic_like) / sizeof(generic_like[0]);
	    i++) {
		events_of(IPC_PMC_ARCH, generic_like[i], 0, got, sizeof(got));
		snprintf(label, sizeof(label), "pmc events %s arch",
		    table_name[generic_like[i]]);
		UNIT_CHECK_STR(label, got,
		    "instructions (PERF_COUNT_HW_INSTRUCTIONS),"
		    "cycles (PERF_COUNT_HW_CPU_CYCLES),"
		    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
		    "L1-dcache-stores (PERF_TYPE_HW_CACHE L1D WRITE ACCESS),"
		    "no generic perf event,no generic perf event");
		events_of(IPC_PMC_DCACHE, generic_like[i], 2, got,
		    sizeof(got));
		snprintf(label, sizeof(label), "pmc events %s dcache",
		    table_name[generic_like[i]]);
		UNIT_CHECK_STR(label, got,
		    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
		    "L1-dcache-load-misses (PERF_TYPE_HW_CACHE L1D READ MISS),"
		    "LLC-loads (PERF_TYPE_HW_CACHE LL READ ACCESS),"
		    "LLC-load-misses (PERF_TYPE_HW_CACHE LL READ MISS)");
		events_of(IPC_PMC_INSTR, generic_like[i], 2, got,
		    sizeof(got));
		snprintf(label, sizeof(label), "pmc events %s instr",
		    table_name[generic_like[i]]);
		UNIT_CHECK_STR(label, got,
		    "L1-icache-loads (PERF_TYPE_HW_CACHE L1I READ ACCESS),"
		    "L1-icache-load-misses (PERF_TYPE_HW_CACHE L1I READ MISS),"
		    "branch-misses (PERF_COUNT_HW_BRANCH_MISSES),"
		    "branch-instructions (PERF_COUNT_HW_BRANCH_INSTRUCTIONS)");
		events_of(IPC_PMC_TLBMEM, generic_like[i], 2, got,
		    sizeof(got));
		snprintf(label, sizeof(label), "pmc events %s tlbmem",
		    table_name[generic_like[i]]);
		UNIT_CHECK_STR(label, got,
		    "dTLB-load-misses (PERF_TYPE_HW_CACHE DTLB READ MISS),"
		    "iTLB-load-misses (PERF_TYPE_HW_CACHE ITLB READ MISS),"
		    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
		    "cache-misses (PERF_COUNT_HW_CACHE_MISSES)");
	}

	events_of(IPC_PMC_CPI, CT_LINUX_A8, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 cpi", got,
	    "raw 0x08,cycles (PERF_COUNT_HW_CPU_CYCLES)");
	events_of(IPC_PMC_CPI, CT_LINUX_A72, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a72 cpi", got,
	    "instructions (PERF_COUNT_HW_INSTRUCTIONS),"
	    "cycles (PERF_COUNT_HW_CPU_CYCLES)");
	events_of(IPC_PMC_CPI, CT_HWPMC, 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc cpi", got,
	    "INSTR_EXECUTED (hwpmc),CLOCK_CYCLES (hwpmc)");
}

/*
 * Child body: counters_close(NULL) must return, not crash.
 */
static void
close_null(void *arg)
{

	(void)arg;
	counters_close(NULL);
}

/*
 * No -P: counters_open() gives NULL and everything accepts NULL.
 */
static void
test_null(void)
{
	struct ipc_config cfg;
	struct ipc_counters_sample cs;
	char errbuf[256];
	int status;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = IPC_PMC_NONE;
	UNIT_CHECK("pmc open none is NULL", counters_open(&cfg) == NULL);
	UNIT_CHECK("pmc begin NULL", counters_begin(NULL) == 0);
	UNIT_CHECK("pmc end NULL", counters_end(NULL) == 0);
	memset(&cs, 0xa5, sizeof(cs));
	counters_read(NULL, &cs);
	UNIT_CHECK("pmc read NULL is empty", cs.cs_count == 0 &&
	    cs.cs_nderived == 0 && cs.cs_set == IPC_PMC_NONE);
	status = unit_child(close_null, NULL, errbuf, sizeof(errbuf));
	UNIT_CHECK("pmc close NULL returns", WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 && errbuf[0] == '\0');
#if defined(__linux__) || defined(__FreeBSD__)
	UNIT_CHECK("pmc compiled", counters_compiled());
#else
	UNIT_CHECK("pmc not compiled", !counters_compiled());
#endif
}

/*
 * Write to each page of a fresh mapping, one fault per page (no huge
 * pages).  Returns the pages touched, 0 if the mapping failed.
 */
static size_t
touch_pages(size_t pages)
{
	volatile char *p;
	size_t i;

	p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return (0);
#if defined(MADV_NOHUGEPAGE)
	(void)madvise((void *)p, pages * PAGE, MADV_NOHUGEPAGE);
#endif
	for (i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	(void)munmap((void *)p, pages * PAGE);
	return (pages);
}

/* Child body: open and close the set in *arg as a run would. */
static void
open_close(void *arg)
{
	struct ipc_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = *(enum ipc_pmcset *)arg;
	counters_close(counters_open(&cfg));
}

/*
 * Whether counters_open() can open a set here (tried in a child, since
 * it exits when refused); if not, why, in its own words.
 */
static bool
native_can_open(enum ipc_pmcset set, char *why, size_t len)
{
	int status;

	status = unit_child(open_close, &set, why, len);
	why[strcspn(why, "\n")] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return (true);
	if (why[0] == '\0')
		snprintf(why, len, "counters_open: wait status %d", status);
	return (false);
}

/*
 * A sender stand-in: start the counters, then fault pages.
 */
static void *
fault_thread(void *arg)
{
	struct fault_job *fj;

	fj = arg;
	fj->fj_begin = counters_begin(fj->fj_ctrs);
	(void)touch_pages(fj->fj_pages);
	return (NULL);
}

/*
 * The value of the named counter in cs, or UINT64_MAX if absent.
 */
static uint64_t
sample_value(const struct ipc_counters_sample *cs, const char *name)
{
	size_t i;

	for (i = 0; i < cs->cs_count; i++)
		if (strcmp(cs->cs_ctr[i].ctr_name, name) == 0)
			return (cs->cs_ctr[i].ctr_value);
	return (UINT64_MAX);
}

/*
 * One run as ipc_main() makes it, on fresh counters: fault pages we do
 * not want counted, then start the counters and fault `pages' more in a
 * thread (2thread) or a forked child (2proc), stop, read, close.
 */
static bool
fault_run(enum ipc_pmcset set, size_t pages, bool in_child,
    struct ipc_counters_sample *cs)
{
	struct ipc_config cfg;
	struct ipc_counters *ctrs;
	struct fault_job fj;
	pthread_t td;
	pid_t pid;
	int status;
	bool ok;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = set;
	ctrs = counters_open(&cfg);
	(void)touch_pages(2048);	/* before begin: must not count */
	fj.fj_ctrs = ctrs;
	fj.fj_pages = pages;
	fj.fj_begin = -1;
	if (in_child) {
		fflush(NULL);
		if ((pid = fork()) == 0) {
			(void)fault_thread(&fj);
			_exit(fj.fj_begin == 0 ? 0 : 1);
		}
		ok = pid > 0 && waitpid(pid, &status, 0) == pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0;
	} else
		ok = pthread_create(&td, NULL, fault_thread, &fj) == 0 &&
		    pthread_join(td, NULL) == 0 && fj.fj_begin == 0;
	ok = counters_end(ctrs) == 0 && ok;
	counters_read(ctrs, cs);
	counters_close(ctrs);
	return (ok);
}

/*
 * The software set for real: faults made by a thread (2thread) or a
 * forked child (2proc) between begin and end are counted, faults before
 * begin are not, and fresh counters for a second run count only it.
 */
static void
test_sw_live(void)
{
	struct ipc_counters_sample cs;
	char why[512];
	uint64_t pf;

	if (!native_can_open(IPC_PMC_SW, why, sizeof(why))) {
		UNIT_SKIP("pmc sw live thread run", why);
		UNIT_SKIP("pmc sw live second run", why);
		UNIT_SKIP("pmc sw live child run", why);
		return;
	}
	UNIT_CHECK("pmc sw thread run", fault_run(IPC_PMC_SW, 4096, false,
	    &cs));
	UNIT_CHECK("pmc sw sample set", cs.cs_set == IPC_PMC_SW &&
	    cs.cs_count == 4 && cs.cs_nderived == 0);
	UNIT_CHECK_STR("pmc sw first name", cs.cs_ctr[0].ctr_name,
	    "PAGE_FAULTS");
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw thread run: PAGE_FAULTS %ju (4096 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw counts the thread's faults", pf >= 4096);
	UNIT_CHECK("pmc sw skips faults before begin", pf < 4096 + 1024);
	UNIT_CHECK("pmc sw task clock", sample_value(&cs, "TASK_CLOCK") > 0);
	UNIT_CHECK("pmc sw not scaled", !cs.cs_ctr[0].ctr_scaled &&
	    !cs.cs_ctr[3].ctr_scaled);

	UNIT_CHECK("pmc sw second run", fault_run(IPC_PMC_SW, 1024, false,
	    &cs));
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw second run: PAGE_FAULTS %ju (1024 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw second run counts its faults", pf >= 1024);
	UNIT_CHECK("pmc sw second run excludes the first", pf < 2048);

	UNIT_CHECK("pmc sw child run", fault_run(IPC_PMC_SW, 2048, true, &cs));
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw child run: PAGE_FAULTS %ju (2048 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw counts the child's faults", pf >= 2048 &&
	    pf < 2048 + 1024);
}

/*
 * A hardware set for real, where there is a PMU: instructions and cycles
 * are counted, and every further counter has its two ratios.
 */
static void
test_hw_live(void)
{
	struct ipc_counters_sample cs;
	char why[512];

	if (!native_can_open(IPC_PMC_L1D, why, sizeof(why))) {
		UNIT_SKIP("pmc hw l1d live", why);
		return;
	}
	UNIT_CHECK("pmc hw l1d live", fault_run(IPC_PMC_L1D, 256, false, &cs));
	UNIT_CHECK("pmc hw l1d counts instructions and cycles",
	    sample_value(&cs, "INSTR_EXECUTED") > 0 &&
	    sample_value(&cs, "INSTR_EXECUTED") != UINT64_MAX &&
	    sample_value(&cs, "CLOCK_CYCLES") > 0);
	UNIT_CHECK("pmc hw l1d derived values", cs.cs_count >= 2 &&
	    cs.cs_nderived == 1 + 2 * (cs.cs_count - 2));
}

/*
 * Entry point called by tests/unit.c.
 */
void
unit_pmc_tests(void)
{

	test_tables();
	test_events();
	test_null();
	test_sw_live();
	test_hw_live();
}
