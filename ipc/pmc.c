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
 * Performance counters for -P: the front end.  The sets of the 2017–18
 * reference version ("-P l1d|l1i|l2|mem|tlb|axi"), those of the course's
 * 2020–24 versions ("-P arch|dcache|instr|tlbmem", with their derived
 * values), and ours: "cpi" (the trailer alone) and the software set
 * "sw".  One table names every counter the way L41 names it and says
 * which event stands for it on each platform; a set lists its counters
 * and the values derived from them.  The backend of this OS
 * (pmc_backend.h: pmc_linux.c, pmc_freebsd.c, pmc_none.c) only opens,
 * starts, stops, reads and releases what the table says; this file
 * chooses the table, turns readings into counts (scaling multiplexed
 * ones), computes the derived values once, into the sample, and reports
 * every failure.
 *
 * As in L41, the counters are process-mode and cover the whole process
 * tree: opened (inherited) before the sender exists, started by the
 * sender right after its start stamp (in 2proc that is the child) and
 * stopped by the receiver right before the end stamp.  The values are
 * read by the main thread after pthread_join()/waitpid(), so exited
 * threads and the 2proc child are included.
 *
 * Fresh counters per run: ipc_main() opens a set before each run and
 * closes it after, as the 2017–20 method (one process per run) and the
 * course's 2020–24 -n did, so a reading is that run's count and nothing
 * depends on what a reset does to counts folded in from exited threads
 * and children.  (Opening once and reporting deltas was the other way;
 * it bought nothing and made every run depend on the ones before.)
 *
 * Longer than 600 lines for a reason: the event table, one entry per
 * counter with a column per platform, is a third of it and belongs next
 * to the sets that use it.
 */

#include <sys/types.h>

#include <assert.h>
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "ipc.h"
#include "pmc_backend.h"

/* One counter: its L41 name and its event in every table. */
struct ctr_def {
	const char	*cd_name;
	struct ctr_event cd_ev[CT_COUNT];
};

/*
 * Shorthands for the table below.  Each builds the description from the
 * very tokens that select the event, so the two cannot disagree.
 */
#define	HWPMC(spec)	{ CK_NONE, 0, spec, spec " (hwpmc)" }
#define	HWPMC_SOFT(spec) { CK_NONE, 0, spec, spec " (hwpmc soft)" }
#define	NOEV		{ CK_NONE, 0, NULL, NULL }
#define	A8RAW(n)	{ CK_RAW, (n), NULL, "raw " #n }
#define	A72RAW(n)	{ CK_RAW, (n), NULL, "raw " #n }
#define	NOGENERIC	{ CK_MISSING, 0, NULL, "no generic perf event" }
#define	LXHW(ev, what)	{ CK_HW, GHW_##ev, NULL,			\
			    what " (PERF_COUNT_HW_" #ev ")" }
#define	LXSW(ev, what)	{ CK_SW, GSW_##ev, NULL,			\
			    what " (PERF_COUNT_SW_" #ev ")" }
#define	LXCACHE(id, op, res, what)					\
	{ CK_CACHE, GCACHE(GC_##id, GC_##op, GC_##res), NULL,		\
	    what " (PERF_TYPE_HW_CACHE " #id " " #op " " #res ")" }

enum ctr_id {
	C_INSTR_EXECUTED,
	C_CLOCK_CYCLES,
	C_L1_DCACHE_ACCESS,
	C_L1_DCACHE_REFILL,
	C_L1_ICACHE_REFILL,
	C_L2_ACCESS,
	C_L2_REFILL,
	C_MEM_READ,
	C_MEM_WRITE,
	C_ITLB_REFILL,
	C_DTLB_REFILL,
	C_AXI_READ,
	C_AXI_WRITE,
	C_PAGE_FAULTS,
	C_CONTEXT_SWITCHES,
	C_CPU_MIGRATIONS,
	C_TASK_CLOCK,
	C_INST_RETIRED,
	C_CPU_CYCLES,
	C_LD_SPEC,
	C_ST_SPEC,
	C_EXC_RETURN,
	C_BR_RETURN_SPEC,
	C_L1D_CACHE,
	C_L1D_CACHE_REFILL,
	C_L2D_CACHE,
	C_L2D_CACHE_REFILL,
	C_L1I_CACHE,
	C_L1I_CACHE_REFILL,
	C_BR_MIS_PRED,
	C_BR_PRED,
	C_L1D_TLB_REFILL,
	C_L1I_TLB_REFILL,
	C_MEM_ACCESS,
	C_BUS_ACCESS,
	C_COUNT,
	C_END = -1,
};

/*
 * The counters, indexed by enum ctr_id.  Columns: FreeBSD hwpmc, then
 * the Linux tables cortex-a8, cortex-a72 and generic.  A raw column
 * exists for the sets written for that core (the 2017–18 sets on the
 * BeagleBone Black's Cortex-A8, the 2020–24 sets on the Raspberry Pi 4's
 * Cortex-A72); elsewhere a Linux column repeats the generic event.  The
 * generic column is a best analogue, not the same event: see
 * docs/counters.md, "Which event is counted where".
 */
static const struct ctr_def ctr_defs[C_COUNT] = {
	[C_INSTR_EXECUTED] = { "INSTR_EXECUTED", {
	    HWPMC("INSTR_EXECUTED"),
	    A8RAW(0x08),
	    LXHW(INSTRUCTIONS, "instructions"),
	    LXHW(INSTRUCTIONS, "instructions") } },
	[C_CLOCK_CYCLES] = { "CLOCK_CYCLES", {
	    HWPMC("CLOCK_CYCLES"),
	    LXHW(CPU_CYCLES, "cycles"),
	    LXHW(CPU_CYCLES, "cycles"),
	    LXHW(CPU_CYCLES, "cycles") } },
	[C_L1_DCACHE_ACCESS] = { "L1_DCACHE_ACCESS", {
	    HWPMC("L1_DCACHE_ACCESS"),
	    A8RAW(0x04),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads"),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_L1_DCACHE_REFILL] = { "L1_DCACHE_REFILL", {
	    HWPMC("L1_DCACHE_REFILL"),
	    A8RAW(0x03),
	    LXCACHE(L1D, READ, MISS, "L1-dcache-load-misses"),
	    LXCACHE(L1D, READ, MISS, "L1-dcache-load-misses") } },
	[C_L1_ICACHE_REFILL] = { "L1_ICACHE_REFILL", {
	    HWPMC("L1_ICACHE_REFILL"),
	    A8RAW(0x01),
	    LXCACHE(L1I, READ, MISS, "L1-icache-load-misses"),
	    LXCACHE(L1I, READ, MISS, "L1-icache-load-misses") } },
	[C_L2_ACCESS] = { "L2_ACCESS", {
	    HWPMC("L2_ACCESS"),
	    A8RAW(0x43),
	    LXCACHE(LL, READ, ACCESS, "LLC-loads"),
	    LXCACHE(LL, READ, ACCESS, "LLC-loads") } },
	/*
	 * DEVIATION: L41's l2 set has no second counter.  Where the event
	 * is the generic last-level cache, an access count alone says
	 * little, so generic Linux adds its misses here.
	 */
	[C_L2_REFILL] = { "L2_REFILL", {
	    NOEV,
	    NOEV,
	    LXCACHE(LL, READ, MISS, "LLC-load-misses"),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses") } },
	[C_MEM_READ] = { "MEM_READ", {
	    HWPMC("MEM_READ"),
	    A8RAW(0x06),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads"),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_MEM_WRITE] = { "MEM_WRITE", {
	    HWPMC("MEM_WRITE"),
	    A8RAW(0x07),
	    LXCACHE(L1D, WRITE, ACCESS, "L1-dcache-stores"),
	    LXCACHE(L1D, WRITE, ACCESS, "L1-dcache-stores") } },
	[C_ITLB_REFILL] = { "ITLB_REFILL", {
	    HWPMC("ITLB_REFILL"),
	    A8RAW(0x02),
	    LXCACHE(ITLB, READ, MISS, "iTLB-load-misses"),
	    LXCACHE(ITLB, READ, MISS, "iTLB-load-misses") } },
	[C_DTLB_REFILL] = { "DTLB_REFILL", {
	    HWPMC("DTLB_REFILL"),
	    A8RAW(0x05),
	    LXCACHE(DTLB, READ, MISS, "dTLB-load-misses"),
	    LXCACHE(DTLB, READ, MISS, "dTLB-load-misses") } },
	[C_AXI_READ] = { "AXI_READ", {
	    HWPMC("AXI_READ"),
	    A8RAW(0x45),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses"),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses") } },
	[C_AXI_WRITE] = { "AXI_WRITE", {
	    HWPMC("AXI_WRITE"),
	    A8RAW(0x46),
	    LXCACHE(LL, WRITE, MISS, "LLC-store-misses"),
	    LXCACHE(LL, WRITE, MISS, "LLC-store-misses") } },
	/*
	 * The software set.  hwpmc(4) has a soft event for page faults
	 * only (pmc.soft(3)); the others have no FreeBSD counterpart.
	 */
	[C_PAGE_FAULTS] = { "PAGE_FAULTS", {
	    HWPMC_SOFT("PAGE_FAULT.ALL"),
	    LXSW(PAGE_FAULTS, "page-faults"),
	    LXSW(PAGE_FAULTS, "page-faults"),
	    LXSW(PAGE_FAULTS, "page-faults") } },
	[C_CONTEXT_SWITCHES] = { "CONTEXT_SWITCHES", {
	    NOEV,
	    LXSW(CONTEXT_SWITCHES, "context-switches"),
	    LXSW(CONTEXT_SWITCHES, "context-switches"),
	    LXSW(CONTEXT_SWITCHES, "context-switches") } },
	[C_CPU_MIGRATIONS] = { "CPU_MIGRATIONS", {
	    NOEV,
	    LXSW(CPU_MIGRATIONS, "cpu-migrations"),
	    LXSW(CPU_MIGRATIONS, "cpu-migrations"),
	    LXSW(CPU_MIGRATIONS, "cpu-migrations") } },
	[C_TASK_CLOCK] = { "TASK_CLOCK", {
	    NOEV,
	    LXSW(TASK_CLOCK, "task-clock in ns"),
	    LXSW(TASK_CLOCK, "task-clock in ns"),
	    LXSW(TASK_CLOCK, "task-clock in ns") } },
	/*
	 * The 2020–24 sets, in the ARMv8 names of that version (Raspberry
	 * Pi 4, Cortex-A72).  Raw numbers: Arm Cortex-A72 MPCore TRM, table
	 * "PMU events", and Linux include/linux/perf/arm_pmuv3.h, whose
	 * LD_SPEC, ST_SPEC and BR_RETURN_SPEC perf lists for the A72 (its
	 * cortex-a57-a72 events).  hwpmc names: FreeBSD's pmc_events.h, the
	 * Cortex-A57 list that hwpmc also gives a Cortex-A72.  No generic
	 * perf event stands for EXC_RETURN or BR_RETURN_SPEC: a set that
	 * needs one fails there, naming it, rather than print a made-up 0.
	 */
	[C_INST_RETIRED] = { "INST_RETIRED", {
	    HWPMC("INST_RETIRED"),
	    LXHW(INSTRUCTIONS, "instructions"),
	    A72RAW(0x08),
	    LXHW(INSTRUCTIONS, "instructions") } },
	[C_CPU_CYCLES] = { "CPU_CYCLES", {
	    HWPMC("CPU_CYCLES"),
	    LXHW(CPU_CYCLES, "cycles"),
	    A72RAW(0x11),
	    LXHW(CPU_CYCLES, "cycles") } },
	[C_LD_SPEC] = { "LD_SPEC", {
	    HWPMC("LD_SPEC"),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads"),
	    A72RAW(0x70),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_ST_SPEC] = { "ST_SPEC", {
	    HWPMC("ST_SPEC"),
	    LXCACHE(L1D, WRITE, ACCESS, "L1-dcache-stores"),
	    A72RAW(0x71),
	    LXCACHE(L1D, WRITE, ACCESS, "L1-dcache-stores") } },
	[C_EXC_RETURN] = { "EXC_RETURN", {
	    HWPMC("EXC_RETURN"),
	    NOGENERIC,
	    A72RAW(0x0a),
	    NOGENERIC } },
	[C_BR_RETURN_SPEC] = { "BR_RETURN_SPEC", {
	    HWPMC("BR_RETURN_SPEC"),
	    NOGENERIC,
	    A72RAW(0x79),
	    NOGENERIC } },
	[C_L1D_CACHE] = { "L1D_CACHE", {
	    HWPMC("L1D_CACHE"),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads"),
	    A72RAW(0x04),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_L1D_CACHE_REFILL] = { "L1D_CACHE_REFILL", {
	    HWPMC("L1D_CACHE_REFILL"),
	    LXCACHE(L1D, READ, MISS, "L1-dcache-load-misses"),
	    A72RAW(0x03),
	    LXCACHE(L1D, READ, MISS, "L1-dcache-load-misses") } },
	[C_L2D_CACHE] = { "L2D_CACHE", {
	    HWPMC("L2D_CACHE"),
	    LXCACHE(LL, READ, ACCESS, "LLC-loads"),
	    A72RAW(0x16),
	    LXCACHE(LL, READ, ACCESS, "LLC-loads") } },
	[C_L2D_CACHE_REFILL] = { "L2D_CACHE_REFILL", {
	    HWPMC("L2D_CACHE_REFILL"),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses"),
	    A72RAW(0x17),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses") } },
	[C_L1I_CACHE] = { "L1I_CACHE", {
	    HWPMC("L1I_CACHE"),
	    LXCACHE(L1I, READ, ACCESS, "L1-icache-loads"),
	    A72RAW(0x14),
	    LXCACHE(L1I, READ, ACCESS, "L1-icache-loads") } },
	[C_L1I_CACHE_REFILL] = { "L1I_CACHE_REFILL", {
	    HWPMC("L1I_CACHE_REFILL"),
	    LXCACHE(L1I, READ, MISS, "L1-icache-load-misses"),
	    A72RAW(0x01),
	    LXCACHE(L1I, READ, MISS, "L1-icache-load-misses") } },
	[C_BR_MIS_PRED] = { "BR_MIS_PRED", {
	    HWPMC("BR_MIS_PRED"),
	    LXHW(BRANCH_MISSES, "branch-misses"),
	    A72RAW(0x10),
	    LXHW(BRANCH_MISSES, "branch-misses") } },
	[C_BR_PRED] = { "BR_PRED", {
	    HWPMC("BR_PRED"),
	    LXHW(BRANCH_INSTRUCTIONS, "branch-instructions"),
	    A72RAW(0x12),
	    LXHW(BRANCH_INSTRUCTIONS, "branch-instructions") } },
	[C_L1D_TLB_REFILL] = { "L1D_TLB_REFILL", {
	    HWPMC("L1D_TLB_REFILL"),
	    LXCACHE(DTLB, READ, MISS, "dTLB-load-misses"),
	    A72RAW(0x05),
	    LXCACHE(DTLB, READ, MISS, "dTLB-load-misses") } },
	[C_L1I_TLB_REFILL] = { "L1I_TLB_REFILL", {
	    HWPMC("L1I_TLB_REFILL"),
	    LXCACHE(ITLB, READ, MISS, "iTLB-load-misses"),
	    A72RAW(0x02),
	    LXCACHE(ITLB, READ, MISS, "iTLB-load-misses") } },
	[C_MEM_ACCESS] = { "MEM_ACCESS", {
	    HWPMC("MEM_ACCESS"),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads"),
	    A72RAW(0x13),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_BUS_ACCESS] = { "BUS_ACCESS", {
	    HWPMC("BUS_ACCESS"),
	    LXHW(CACHE_MISSES, "cache-misses"),
	    A72RAW(0x19),
	    LXHW(CACHE_MISSES, "cache-misses") } },
};

/*
 * How a derived value is computed from two counters; each is 0 when its
 * denominator is 0 (decided once, in docs/counters.md).  A new formula adds a
 * kind here and a case in derive_one().
 */
enum dv_kind {
	DV_END = 0,		/* ends sd_derived[]; zero, so omitted */
	DV_RATIO,		/* a / b */
	DV_HIT_RATE,		/* (a - b) / a: accesses a, refills b */
	DV_SHARE,		/* a / (a + b) */
};

/* A named derived value, printed after all of a set's counters. */
struct dv_def {
	enum dv_kind	 dd_kind;
	const char	*dd_name;
	enum ctr_id	 dd_a;
	enum ctr_id	 dd_b;
};

#define	SET_MAX		7
#define	SET_DERIVED_MAX	6

/*
 * A set: its counters in report order; whether it reports L41's ratios
 * (CLOCK_CYCLES/INSTR_EXECUTED after the trailer, and each further
 * counter per instruction and per cycle right after it); and any named
 * derived values, printed after all counters.  A counter with no event
 * in the table in use is left out, which is how L41's "(none)" slots
 * disappear, and so is any ratio that needs it.
 */
struct set_def {
	enum ctr_id	 sd_ctr[SET_MAX];	/* C_END-terminated */
	bool		 sd_l41_ratios;
	struct dv_def	 sd_derived[SET_DERIVED_MAX];	/* DV_END-ended */
};

/* The sets, in L41's order: the trailer first, then the set's own. */
static const struct set_def set_defs[] = {
	[IPC_PMC_NONE] = { .sd_ctr = { C_END } },
	[IPC_PMC_L1D] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L1_DCACHE_ACCESS, C_L1_DCACHE_REFILL, C_END },
	    .sd_l41_ratios = true },
	[IPC_PMC_L1I] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L1_ICACHE_REFILL, C_END }, .sd_l41_ratios = true },
	[IPC_PMC_L2] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L2_ACCESS, C_L2_REFILL, C_END }, .sd_l41_ratios = true },
	[IPC_PMC_MEM] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_MEM_READ, C_MEM_WRITE, C_END }, .sd_l41_ratios = true },
	[IPC_PMC_TLB] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_ITLB_REFILL, C_DTLB_REFILL, C_END }, .sd_l41_ratios = true },
	[IPC_PMC_AXI] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_AXI_READ, C_AXI_WRITE, C_END }, .sd_l41_ratios = true },
	/* Plain counts, no ratios. */
	[IPC_PMC_SW] = { .sd_ctr = { C_PAGE_FAULTS, C_CONTEXT_SWITCHES,
	    C_CPU_MIGRATIONS, C_TASK_CLOCK, C_END } },
	/* The trailer alone: what a minimal virtual PMU can count. */
	[IPC_PMC_CPI] = { .sd_ctr = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_END }, .sd_l41_ratios = true },
	/*
	 * The 2020–24 sets: the raw counts, then CYCLES_PER_INSTRUCTION,
	 * then the set's rates, named and ordered as that version printed
	 * them.
	 */
	[IPC_PMC_ARCH] = { .sd_ctr = { C_INST_RETIRED, C_CPU_CYCLES,
	    C_LD_SPEC, C_ST_SPEC, C_EXC_RETURN, C_BR_RETURN_SPEC, C_END },
	    .sd_derived = {
	    { DV_RATIO, "CYCLES_PER_INSTRUCTION", C_CPU_CYCLES,
	    C_INST_RETIRED } } },
	[IPC_PMC_DCACHE] = { .sd_ctr = { C_INST_RETIRED, C_CPU_CYCLES,
	    C_L1D_CACHE, C_L1D_CACHE_REFILL, C_L2D_CACHE, C_L2D_CACHE_REFILL,
	    C_END }, .sd_derived = {
	    { DV_RATIO, "CYCLES_PER_INSTRUCTION", C_CPU_CYCLES,
	    C_INST_RETIRED },
	    { DV_HIT_RATE, "L1D_CACHE_HIT_RATE", C_L1D_CACHE,
	    C_L1D_CACHE_REFILL },
	    { DV_HIT_RATE, "L2D_CACHE_HIT_RATE", C_L2D_CACHE,
	    C_L2D_CACHE_REFILL } } },
	[IPC_PMC_INSTR] = { .sd_ctr = { C_INST_RETIRED, C_CPU_CYCLES,
	    C_L1I_CACHE, C_L1I_CACHE_REFILL, C_BR_MIS_PRED, C_BR_PRED, C_END },
	    .sd_derived = {
	    { DV_RATIO, "CYCLES_PER_INSTRUCTION", C_CPU_CYCLES,
	    C_INST_RETIRED },
	    { DV_HIT_RATE, "L1I_CACHE_HIT_RATE", C_L1I_CACHE,
	    C_L1I_CACHE_REFILL },
	    { DV_SHARE, "BR_PRED_RATE", C_BR_PRED, C_BR_MIS_PRED } } },
	[IPC_PMC_TLBMEM] = { .sd_ctr = { C_INST_RETIRED, C_CPU_CYCLES,
	    C_L1D_TLB_REFILL, C_L1I_TLB_REFILL, C_MEM_ACCESS, C_BUS_ACCESS,
	    C_END }, .sd_derived = {
	    { DV_RATIO, "CYCLES_PER_INSTRUCTION", C_CPU_CYCLES,
	    C_INST_RETIRED } } },
};
#define	SET_COUNT	(sizeof(set_defs) / sizeof(set_defs[0]))

/* Table names, as IPC_PMC_TABLE, -v and -j spell them. */
static const char *const table_names[CT_COUNT] = {
	[CT_HWPMC] = "hwpmc",
	[CT_LINUX_A8] = "cortex-a8",
	[CT_LINUX_A72] = "cortex-a72",
	[CT_LINUX] = "generic",
};

/* The cores with a raw table, as /proc/cpuinfo identifies them. */
static const struct {
	enum ctr_table	 rc_table;
	unsigned long	 rc_implementer;
	unsigned long	 rc_part;
	const char	*rc_why;
} raw_cores[] = {
	{ CT_LINUX_A8, 0x41, 0xc08, "/proc/cpuinfo: every processor is a "
	    "Cortex-A8 (implementer 0x41, part 0xc08)" },
	{ CT_LINUX_A72, 0x41, 0xd08, "/proc/cpuinfo: every processor is a "
	    "Cortex-A72 (implementer 0x41, part 0xd08)" },
};

/* An open set: the backend's handles, in report order. */
struct ipc_counters {
	const struct counters_backend *ctrs_be;
	enum ipc_pmcset	 ctrs_set;
	enum ctr_table	 ctrs_table;
	const char	*ctrs_why;	/* why this table */
	size_t		 ctrs_count;
	enum ctr_id	 ctrs_id[IPC_COUNTERS_MAX];
	uint64_t	 ctrs_handle[IPC_COUNTERS_MAX];
};

static size_t	ctrs_plan(enum ipc_pmcset set, enum ctr_table table,
		    enum ctr_id *ids, size_t max);
static _Noreturn void ctrs_fail(const struct counters_backend *be,
		    const char *call, const char *counter,
		    const struct ctr_event *ev, int error);
static double	ratio(uint64_t num, uint64_t den);
static void	ctrs_value(const struct ctr_def *def,
		    const struct ctr_event *ev, const struct ctr_reading *rd,
		    struct ipc_counter *c);
static int	sample_index(const struct ipc_counters *ctrs, enum ctr_id id);
static void	derive_one(struct ipc_counters_sample *cs, const char *name,
		    enum dv_kind kind, int a, int b, size_t after);
static void	ctrs_derive(const struct ipc_counters *ctrs,
		    struct ipc_counters_sample *cs);
static void	ctrs_check_counted(const struct ipc_counters *ctrs,
		    const struct ipc_counters_sample *cs);

/*
 * The counters of a set that exist in a table, in report order.
 * Returns how many were stored in ids (at most max).
 */
static size_t
ctrs_plan(enum ipc_pmcset set, enum ctr_table table, enum ctr_id *ids,
    size_t max)
{
	const enum ctr_id *c;
	size_t n;

	if ((size_t)set >= SET_COUNT)
		return (0);
	n = 0;
	for (c = set_defs[set].sd_ctr; *c != C_END && c <
	    set_defs[set].sd_ctr + SET_MAX; c++) {
		if (ctr_defs[*c].cd_ev[table].ce_desc == NULL)
			continue;
		if (n < max)
			ids[n++] = *c;
	}
	return (n);
}

/*
 * Test hook (pmc_backend.h): the name and event of each counter `set'
 * uses with `table', with zero values.  Returns the count.
 */
size_t
counters_plan(enum ipc_pmcset set, enum ctr_table table,
    struct ipc_counter *ctr, size_t max)
{
	enum ctr_id ids[IPC_COUNTERS_MAX];
	size_t i, n;

	if ((size_t)table >= CT_COUNT)
		return (0);
	if (max > IPC_COUNTERS_MAX)
		max = IPC_COUNTERS_MAX;
	n = ctrs_plan(set, table, ids, max);
	for (i = 0; i < n; i++) {
		memset(&ctr[i], 0, sizeof(ctr[i]));
		ctr[i].ctr_name = ctr_defs[ids[i]].cd_name;
		ctr[i].ctr_event = ctr_defs[ids[i]].cd_ev[table].ce_desc;
	}
	return (n);
}

/*
 * The one place that chooses an event table, and says why.  hwpmc
 * resolves its own event names; the software set needs no PMU.  On
 * Linux, IPC_PMC_TABLE names the table if it is set; else the raw
 * numbers of a Cortex-A8 or a Cortex-A72 are right only if every
 * processor is one (implementer and part on the same processor's
 * record: on a big.LITTLE system the run may land on either core).
 */
int
counters_pick_table(enum ctr_family family, enum ipc_pmcset set,
    const char *override, const struct ipc_cpuinfo *ci,
    enum ctr_table *tablep, const char **whyp)
{
	size_t i;

	if (family == CF_HWPMC) {
		*tablep = CT_HWPMC;
		*whyp = "FreeBSD: hwpmc resolves the event names for this CPU";
		return (0);
	}
	*tablep = CT_LINUX;
	if (set == IPC_PMC_SW) {
		*whyp = "software events: no PMU needed";
		return (0);
	}
	if (override != NULL && override[0] != '\0') {
		for (i = 0; i < CT_COUNT; i++)
			if (i != CT_HWPMC && strcmp(override,
			    table_names[i]) == 0)
				break;
		if (i == CT_COUNT)
			return (-1);
		*tablep = (enum ctr_table)i;
		*whyp = "from " COUNTERS_TABLE_ENV;
		return (0);
	}
	for (i = 0; i < sizeof(raw_cores) / sizeof(raw_cores[0]); i++)
		if (ci != NULL && cpuinfo_all_match(ci,
		    raw_cores[i].rc_implementer, raw_cores[i].rc_part)) {
			*tablep = raw_cores[i].rc_table;
			*whyp = raw_cores[i].rc_why;
			return (0);
		}
	*whyp = ci == NULL ? "/proc/cpuinfo unreadable" :
	    "/proc/cpuinfo: no Cortex-A8 or Cortex-A72 on every processor";
	return (0);
}

/*
 * A table's name as IPC_PMC_TABLE, -v and -j spell it.
 */
const char *
counters_table_name(enum ctr_table table)
{

	return ((size_t)table < CT_COUNT ? table_names[table] : "?");
}

/*
 * Exit for a call the backend or the kernel refused, in the backend's
 * words.
 */
static _Noreturn void
ctrs_fail(const struct counters_backend *be, const char *call,
    const char *counter, const struct ctr_event *ev, int error)
{
	char msg[512];

	be->cb_explain(msg, sizeof(msg), call, counter, ev, error);
	errno = error;
	err(EX_OSERR, "FAIL: %s", msg);
}

/*
 * Counters are compiled in where this OS has a backend.
 */
bool
counters_compiled(void)
{

	return (counters_backend_native.cb_family != CF_NONE);
}

/*
 * Open the set's counters, disabled; NULL for no -P.  Must run before
 * the sender thread or 2proc child is created, so that they inherit the
 * counters.  Exits with EX_OSERR if one is refused.
 */
struct ipc_counters *
counters_open(const struct ipc_config *cfg)
{

	return (counters_open_backend(&counters_backend_native, cfg));
}

/*
 * counters_open() over a given backend.
 */
struct ipc_counters *
counters_open_backend(const struct counters_backend *be,
    const struct ipc_config *cfg)
{
	struct ipc_cpuinfo *ci;
	struct ipc_counters *ctrs;
	const struct ctr_event *ev;
	const char *call, *override;
	size_t i;

	if (cfg->ic_pmcset == IPC_PMC_NONE)
		return (NULL);
	assert((size_t)cfg->ic_pmcset < SET_COUNT);
	ctrs = calloc(1, sizeof(*ctrs));
	if (ctrs == NULL)
		err(EX_OSERR, "FAIL: calloc");
	ctrs->ctrs_be = be;
	ctrs->ctrs_set = cfg->ic_pmcset;
	override = getenv(COUNTERS_TABLE_ENV);
	ci = NULL;
	if (be->cb_family == CF_LINUX && cfg->ic_pmcset != IPC_PMC_SW &&
	    (override == NULL || override[0] == '\0') &&
	    (ci = malloc(sizeof(*ci))) != NULL && cpuinfo_read(ci) == -1) {
		free(ci);
		ci = NULL;
	}
	if (counters_pick_table(be->cb_family, cfg->ic_pmcset, override, ci,
	    &ctrs->ctrs_table, &ctrs->ctrs_why) == -1)
		errx(EX_USAGE, "FAIL: %s=%s: unknown event table (%s, %s or "
		    "%s)", COUNTERS_TABLE_ENV, override,
		    table_names[CT_LINUX_A8], table_names[CT_LINUX_A72],
		    table_names[CT_LINUX]);
	free(ci);
	if (be->cb_prepare != NULL && be->cb_prepare(&call) == -1)
		ctrs_fail(be, call, NULL, NULL, errno);
	ctrs->ctrs_count = ctrs_plan(ctrs->ctrs_set, ctrs->ctrs_table,
	    ctrs->ctrs_id, IPC_COUNTERS_MAX);
	if (ctrs->ctrs_count == 0)
		errx(EX_OSERR, "FAIL: counters: no events for this set on %s",
		    table_names[ctrs->ctrs_table]);
	for (i = 0; i < ctrs->ctrs_count; i++) {
		ev = &ctr_defs[ctrs->ctrs_id[i]].cd_ev[ctrs->ctrs_table];
		if (ev->ce_kind == CK_MISSING)
			errx(EX_OSERR, "FAIL: counter %s: the %s event table "
			    "has no event for it (%s=cortex-a72 selects the "
			    "Cortex-A72's own events)",
			    ctr_defs[ctrs->ctrs_id[i]].cd_name,
			    table_names[ctrs->ctrs_table], COUNTERS_TABLE_ENV);
		if (be->cb_open(ev, &ctrs->ctrs_handle[i], &call) == -1)
			ctrs_fail(be, call, ctr_defs[ctrs->ctrs_id[i]].cd_name,
			    ev, errno);
	}
	return (ctrs);
}

/*
 * Start every counter.  Called by the sender right after its start
 * stamp; 0, or -1 with errno.  No reset is needed: the counters are
 * fresh.
 */
int
counters_begin(struct ipc_counters *ctrs)
{

	if (ctrs == NULL)
		return (0);
	return (ctrs->ctrs_be->cb_start(ctrs->ctrs_handle, ctrs->ctrs_count));
}

/*
 * Stop every counter.  Called by the receiver right before its end
 * stamp; 0, or -1 with errno.
 */
int
counters_end(struct ipc_counters *ctrs)
{

	if (ctrs == NULL)
		return (0);
	return (ctrs->ctrs_be->cb_stop(ctrs->ctrs_handle, ctrs->ctrs_count));
}

/*
 * num / den, and 0.0 when den is 0: a set with no cycles or instructions
 * counted prints 0 rather than "nan" or "inf" (docs/counters.md,
 * "What each set prints").
 */
static double
ratio(uint64_t num, uint64_t den)
{

	if (den == 0)
		return (0.0);
	return ((double)num / (double)den);
}

/*
 * One reading as a count: extrapolated by enabled/running time if the
 * kernel multiplexed the counter, and an error if it never ran.
 */
static void
ctrs_value(const struct ctr_def *def, const struct ctr_event *ev,
    const struct ctr_reading *rd, struct ipc_counter *c)
{

	c->ctr_name = def->cd_name;
	c->ctr_event = ev->ce_desc;
	c->ctr_value = rd->rd_value;
	c->ctr_scaled = false;
	if (rd->rd_running < rd->rd_enabled) {
		/* Never scheduled: there is no number to report. */
		if (rd->rd_running == 0)
			errx(EX_OSERR, "FAIL: counter %s (%s) never ran: "
			    "too many counters for the PMU", c->ctr_name,
			    c->ctr_event);
		c->ctr_value = (uint64_t)((long double)rd->rd_value *
		    rd->rd_enabled / rd->rd_running + 0.5L);
		c->ctr_scaled = true;
	}
}

/*
 * Where counter id is in the sample, or -1 if this table lacks it.
 */
static int
sample_index(const struct ipc_counters *ctrs, enum ctr_id id)
{
	size_t i;

	for (i = 0; i < ctrs->ctrs_count; i++)
		if (ctrs->ctrs_id[i] == id)
			return ((int)i);
	return (-1);
}

/*
 * Append one derived value of counters a and b (sample indices), named
 * name or, if that is NULL, "A/B"; text prints it after cs_ctr[after].
 */
static void
derive_one(struct ipc_counters_sample *cs, const char *name,
    enum dv_kind kind, int a, int b, size_t after)
{
	struct ipc_derived *dv;
	uint64_t va, vb;

	if (a < 0 || b < 0 || cs->cs_nderived >= IPC_DERIVED_MAX)
		return;
	dv = &cs->cs_derived[cs->cs_nderived++];
	va = cs->cs_ctr[a].ctr_value;
	vb = cs->cs_ctr[b].ctr_value;
	if (name != NULL)
		(void)snprintf(dv->dv_name, sizeof(dv->dv_name), "%s", name);
	else
		(void)snprintf(dv->dv_name, sizeof(dv->dv_name), "%s/%s",
		    cs->cs_ctr[a].ctr_name, cs->cs_ctr[b].ctr_name);
	dv->dv_after = after;
	switch (kind) {
	case DV_RATIO:
		dv->dv_value = ratio(va, vb);
		break;
	case DV_HIT_RATE:
		/*
		 * Signed: where a table's "refill" event counts more than
		 * its "access" event, the rate shows it below 0 rather
		 * than wrapping round as 2020-24's unsigned difference did.
		 */
		dv->dv_value = va == 0 ? 0.0 :
		    ((double)va - (double)vb) / (double)va;
		break;
	case DV_SHARE:
		dv->dv_value = va == 0 && vb == 0 ? 0.0 :
		    (double)va / ((double)va + (double)vb);
		break;
	case DV_END:
	default:
		assert(0);
	}
}

/*
 * The set's derived values, in report order: L41's ratios, each after
 * the counter it belongs to, then the named values after all counters.
 */
static void
ctrs_derive(const struct ipc_counters *ctrs, struct ipc_counters_sample *cs)
{
	const struct set_def *sd = &set_defs[ctrs->ctrs_set];
	const struct dv_def *dd;
	int instr, cycles;
	size_t i;

	cs->cs_nderived = 0;
	if (sd->sd_l41_ratios) {
		instr = sample_index(ctrs, C_INSTR_EXECUTED);
		cycles = sample_index(ctrs, C_CLOCK_CYCLES);
		for (i = 0; i < cs->cs_count; i++) {
			if ((int)i == instr)
				continue;
			if ((int)i == cycles) {
				derive_one(cs, NULL, DV_RATIO, cycles, instr,
				    i);
				continue;
			}
			derive_one(cs, NULL, DV_RATIO, (int)i, instr, i);
			derive_one(cs, NULL, DV_RATIO, (int)i, cycles, i);
		}
	}
	for (dd = sd->sd_derived; dd < sd->sd_derived + SET_DERIVED_MAX &&
	    dd->dd_kind != DV_END; dd++)
		derive_one(cs, dd->dd_name, dd->dd_kind,
		    sample_index(ctrs, dd->dd_a), sample_index(ctrs, dd->dd_b),
		    cs->cs_count - 1);
}

/*
 * Read every counter after the sender and receiver have finished (the
 * values include exited threads and reaped children), then derive the
 * set's values.  Exits on a failed read or a counter that never ran.
 */
void
counters_read(struct ipc_counters *ctrs, struct ipc_counters_sample *cs)
{
	const struct ctr_def *def;
	struct ctr_reading rd;
	const char *call;
	size_t i;

	memset(cs, 0, sizeof(*cs));
	cs->cs_set = IPC_PMC_NONE;
	if (ctrs == NULL)
		return;
	cs->cs_set = ctrs->ctrs_set;
	cs->cs_count = ctrs->ctrs_count;
	cs->cs_running = 1.0;
	cs->cs_table = table_names[ctrs->ctrs_table];
	cs->cs_table_why = ctrs->ctrs_why;
	for (i = 0; i < ctrs->ctrs_count; i++) {
		def = &ctr_defs[ctrs->ctrs_id[i]];
		memset(&rd, 0, sizeof(rd));
		if (ctrs->ctrs_be->cb_read(ctrs->ctrs_handle[i], &rd,
		    &call) == -1)
			err(EX_OSERR, "FAIL: %s %s", call, def->cd_name);
		ctrs_value(def, &def->cd_ev[ctrs->ctrs_table], &rd,
		    &cs->cs_ctr[i]);
		if (rd.rd_running < rd.rd_enabled &&
		    (double)rd.rd_running / (double)rd.rd_enabled <
		    cs->cs_running)
			cs->cs_running = (double)rd.rd_running /
			    (double)rd.rd_enabled;
	}
	ctrs_check_counted(ctrs, cs);
	ctrs_derive(ctrs, cs);
}

/*
 * Zero is not a measurement: no transfer executes zero instructions or
 * takes zero cycles, so a hardware set whose instruction or cycle
 * counter (its first two) reads 0 had a PMU that did not count, as on an
 * emulated board whose PMU driver loads but never counts.  Exits 71.
 * Any other counter may truly be 0, and the software set always may.
 */
static void
ctrs_check_counted(const struct ipc_counters *ctrs,
    const struct ipc_counters_sample *cs)
{
	size_t i;

	if (ctrs->ctrs_set == IPC_PMC_SW)
		return;
	for (i = 0; i < 2 && i < cs->cs_count; i++)
		if (cs->cs_ctr[i].ctr_value == 0)
			errx(EX_OSERR, "FAIL: counter %s (%s) read 0: the PMU "
			    "did not count (no transfer executes zero "
			    "instructions or takes zero cycles)",
			    cs->cs_ctr[i].ctr_name, cs->cs_ctr[i].ctr_event);
}

/*
 * Release every counter and free the state.
 */
void
counters_close(struct ipc_counters *ctrs)
{
	size_t i;

	if (ctrs == NULL)
		return;
	for (i = 0; i < ctrs->ctrs_count; i++)
		ctrs->ctrs_be->cb_release(ctrs->ctrs_handle[i]);
	free(ctrs);
}
