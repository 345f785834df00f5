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
 * Private to the counters' front end: the types of its tables.  The
 * event table (every counter L41 names, and the event that stands for it
 * in each platform's table) and the sets (their counters and derived
 * values) are data, held in pmc_tables.c; pmc.c walks them.  Included by
 * those two files only.
 */

#ifndef PMC_TABLES_H
#define	PMC_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"
#include "pmc_backend.h"

/* One counter: its L41 name and its event in every table. */
struct ctr_def {
	const char	*cd_name;
	struct ctr_event cd_ev[CT_COUNT];
};

/* Every counter L41 names: the index into ctr_defs. */
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

/* A core that has a raw table, as /proc/cpuinfo identifies it. */
struct ctr_raw_core {
	enum ctr_table	 rc_table;
	unsigned long	 rc_implementer;
	unsigned long	 rc_part;
	const char	*rc_why;
};

/* pmc_tables.c */
extern const struct ctr_def ctr_defs[C_COUNT];
extern const struct set_def set_defs[];
extern const size_t set_defs_count;
extern const char *const ctr_table_names[CT_COUNT];
extern const struct ctr_raw_core ctr_raw_cores[];
extern const size_t ctr_raw_cores_count;

#endif /* !PMC_TABLES_H */
