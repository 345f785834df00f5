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
 * The counters' tables: the event table, one entry per counter L41
 * names with a column per platform (FreeBSD hwpmc's names; Linux raw
 * Cortex-A8 and Cortex-A72 numbers and generic perf events); the sets,
 * each its counters in report order and the values derived from them;
 * the tables' names; and the cores that have a raw table.  pmc.c holds
 * the policy that walks them.  A new counter is an enum ctr_id value
 * (pmc_tables.h) and an entry here; a new set, an entry in set_defs.
 */

#include <sys/types.h>

#include <stdint.h>

#include "ipc.h"
#include "pmc_backend.h"
#include "pmc_tables.h"

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

/*
 * The counters, indexed by enum ctr_id.  Columns: FreeBSD hwpmc, then
 * the Linux tables cortex-a8, cortex-a72 and generic.  A raw column
 * exists for the sets written for that core (the 2017–18 sets on the
 * BeagleBone Black's Cortex-A8, the 2020–24 sets on the Raspberry Pi 4's
 * Cortex-A72); elsewhere a Linux column repeats the generic event.  The
 * generic column is a best analogue, not the same event: see
 * docs/counters.md, "Which event is counted where".
 */
const struct ctr_def ctr_defs[C_COUNT] = {
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

/* The sets, in L41's order: the trailer first, then the set's own. */
const struct set_def set_defs[] = {
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
const size_t set_defs_count = sizeof(set_defs) / sizeof(set_defs[0]);

/* Table names, as IPC_PMC_TABLE, -v and -j spell them. */
const char *const ctr_table_names[CT_COUNT] = {
	[CT_HWPMC] = "hwpmc",
	[CT_LINUX_A8] = "cortex-a8",
	[CT_LINUX_A72] = "cortex-a72",
	[CT_LINUX] = "generic",
};

/* The cores with a raw table, as /proc/cpuinfo identifies them. */
const struct ctr_raw_core ctr_raw_cores[] = {
	{ CT_LINUX_A8, 0x41, 0xc08, "/proc/cpuinfo: every processor is a "
	    "Cortex-A8 (implementer 0x41, part 0xc08)" },
	{ CT_LINUX_A72, 0x41, 0xd08, "/proc/cpuinfo: every processor is a "
	    "Cortex-A72 (implementer 0x41, part 0xd08)" },
};
const size_t ctr_raw_cores_count = sizeof(ctr_raw_cores) /
    sizeof(ctr_raw_cores[0]);
