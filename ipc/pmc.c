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
 * Performance counters for -P (L41 2017-18 "-P l1d|l1i|l2|mem|tlb|axi",
 * plus our software set "sw").  One table names every counter the way L41
 * names it and says which event stands for it on each platform; the
 * backends below only open, start, stop and read what the table says.
 *
 * As in L41, the counters are process-mode and cover the whole process
 * tree: the sender starts them right after its start stamp (in 2proc that
 * is the child, through the handles it inherited) and the receiver stops
 * them right before the end stamp.  The values are read by the main
 * thread after pthread_join()/waitpid(), so exited threads and the 2proc
 * child are included.
 *
 * Backends: FreeBSD libpmc/hwpmc (Cortex-A8 event names, as L41 used on
 * the BeagleBone Black), Linux perf_event_open(2) (raw Cortex-A8 events
 * on a Cortex-A8, generic events elsewhere), and none.
 */

#include <sys/types.h>
#if defined(__linux__)
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#endif

#include <assert.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#if defined(__FreeBSD__)
#include <pmc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"

/* Where a counter's event comes from: one column per platform. */
enum pmc_platform {
	PLAT_HWPMC,		/* FreeBSD libpmc, Cortex-A8 event names */
	PLAT_LINUX_A8,		/* Linux perf, raw Cortex-A8 event numbers */
	PLAT_LINUX,		/* Linux perf, generic events */
	PLAT_COUNT,
};

/* Kinds of Linux event, mirroring the perf_event_attr types we use. */
enum lx_kind {
	LX_NONE,		/* no event for this counter here */
	LX_HW,			/* PERF_TYPE_HARDWARE */
	LX_CACHE,		/* PERF_TYPE_HW_CACHE */
	LX_SW,			/* PERF_TYPE_SOFTWARE */
	LX_RAW,			/* PERF_TYPE_RAW */
};

/*
 * Generic event numbers, spelled out so that the table compiles where
 * <linux/perf_event.h> does not exist.  They are kernel ABI; the Linux
 * backend checks them against the header at compile time.
 */
#define	GHW_CPU_CYCLES		0
#define	GHW_INSTRUCTIONS	1
#define	GSW_TASK_CLOCK		1
#define	GSW_PAGE_FAULTS		2
#define	GSW_CONTEXT_SWITCHES	3
#define	GSW_CPU_MIGRATIONS	4
#define	GC_L1D			0
#define	GC_L1I			1
#define	GC_LL			2
#define	GC_DTLB			3
#define	GC_ITLB			4
#define	GC_READ			0
#define	GC_WRITE		1
#define	GC_ACCESS		0
#define	GC_MISS			1
#define	GCACHE(id, op, res)	((uint64_t)(id) | ((uint64_t)(op) << 8) | \
				    ((uint64_t)(res) << 16))

/* How one platform counts one L41 counter. */
struct ctr_event {
	enum lx_kind	 ce_kind;	/* Linux only; LX_NONE: not here */
	uint64_t	 ce_config;	/* Linux attr.config */
	const char	*ce_spec;	/* FreeBSD: pmc_allocate() specifier */
	const char	*ce_desc;	/* what ctr_event reports */
};

/* One counter: its L41 name and its event on every platform. */
struct ctr_def {
	const char	*cd_name;
	struct ctr_event cd_ev[PLAT_COUNT];
};

/*
 * Shorthands for the table below.  Each builds the description from the
 * very tokens that select the event, so the two cannot disagree.
 */
#define	HWPMC(spec)	{ LX_NONE, 0, spec, spec " (hwpmc)" }
#define	HWPMC_SOFT(spec) { LX_NONE, 0, spec, spec " (hwpmc soft)" }
#define	NOEV		{ LX_NONE, 0, NULL, NULL }
#define	A8RAW(n)	{ LX_RAW, (n), NULL, "raw " #n }
#define	LXHW(ev, what)	{ LX_HW, GHW_##ev, NULL,			\
			    what " (PERF_COUNT_HW_" #ev ")" }
#define	LXSW(ev, what)	{ LX_SW, GSW_##ev, NULL,			\
			    what " (PERF_COUNT_SW_" #ev ")" }
#define	LXCACHE(id, op, res, what)					\
	{ LX_CACHE, GCACHE(GC_##id, GC_##op, GC_##res), NULL,		\
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
	C_COUNT,
	C_END = -1,
};

/*
 * The counters, indexed by enum ctr_id.  Columns: FreeBSD hwpmc, Linux on
 * a Cortex-A8, Linux elsewhere.  The generic Linux column is a best
 * analogue, not the same event: see README "Hardware counters".
 */
static const struct ctr_def ctr_defs[C_COUNT] = {
	[C_INSTR_EXECUTED] = { "INSTR_EXECUTED", {
	    HWPMC("INSTR_EXECUTED"),
	    A8RAW(0x08),
	    LXHW(INSTRUCTIONS, "instructions") } },
	[C_CLOCK_CYCLES] = { "CLOCK_CYCLES", {
	    HWPMC("CLOCK_CYCLES"),
	    LXHW(CPU_CYCLES, "cycles"),
	    LXHW(CPU_CYCLES, "cycles") } },
	[C_L1_DCACHE_ACCESS] = { "L1_DCACHE_ACCESS", {
	    HWPMC("L1_DCACHE_ACCESS"),
	    A8RAW(0x04),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_L1_DCACHE_REFILL] = { "L1_DCACHE_REFILL", {
	    HWPMC("L1_DCACHE_REFILL"),
	    A8RAW(0x03),
	    LXCACHE(L1D, READ, MISS, "L1-dcache-load-misses") } },
	[C_L1_ICACHE_REFILL] = { "L1_ICACHE_REFILL", {
	    HWPMC("L1_ICACHE_REFILL"),
	    A8RAW(0x01),
	    LXCACHE(L1I, READ, MISS, "L1-icache-load-misses") } },
	[C_L2_ACCESS] = { "L2_ACCESS", {
	    HWPMC("L2_ACCESS"),
	    A8RAW(0x43),
	    LXCACHE(LL, READ, ACCESS, "LLC-loads") } },
	/*
	 * DEVIATION: L41's l2 set has no second counter.  Where the event
	 * is the generic last-level cache, an access count alone says
	 * little, so generic Linux adds its misses here.
	 */
	[C_L2_REFILL] = { "L2_REFILL", {
	    NOEV,
	    NOEV,
	    LXCACHE(LL, READ, MISS, "LLC-load-misses") } },
	[C_MEM_READ] = { "MEM_READ", {
	    HWPMC("MEM_READ"),
	    A8RAW(0x06),
	    LXCACHE(L1D, READ, ACCESS, "L1-dcache-loads") } },
	[C_MEM_WRITE] = { "MEM_WRITE", {
	    HWPMC("MEM_WRITE"),
	    A8RAW(0x07),
	    LXCACHE(L1D, WRITE, ACCESS, "L1-dcache-stores") } },
	[C_ITLB_REFILL] = { "ITLB_REFILL", {
	    HWPMC("ITLB_REFILL"),
	    A8RAW(0x02),
	    LXCACHE(ITLB, READ, MISS, "iTLB-load-misses") } },
	[C_DTLB_REFILL] = { "DTLB_REFILL", {
	    HWPMC("DTLB_REFILL"),
	    A8RAW(0x05),
	    LXCACHE(DTLB, READ, MISS, "dTLB-load-misses") } },
	[C_AXI_READ] = { "AXI_READ", {
	    HWPMC("AXI_READ"),
	    A8RAW(0x45),
	    LXCACHE(LL, READ, MISS, "LLC-load-misses") } },
	[C_AXI_WRITE] = { "AXI_WRITE", {
	    HWPMC("AXI_WRITE"),
	    A8RAW(0x46),
	    LXCACHE(LL, WRITE, MISS, "LLC-store-misses") } },
	/*
	 * The software set.  hwpmc(4) has a soft event for page faults
	 * only (pmc.soft(3)); the others have no FreeBSD counterpart.
	 */
	[C_PAGE_FAULTS] = { "PAGE_FAULTS", {
	    HWPMC_SOFT("PAGE_FAULT.ALL"),
	    LXSW(PAGE_FAULTS, "page-faults"),
	    LXSW(PAGE_FAULTS, "page-faults") } },
	[C_CONTEXT_SWITCHES] = { "CONTEXT_SWITCHES", {
	    NOEV,
	    LXSW(CONTEXT_SWITCHES, "context-switches"),
	    LXSW(CONTEXT_SWITCHES, "context-switches") } },
	[C_CPU_MIGRATIONS] = { "CPU_MIGRATIONS", {
	    NOEV,
	    LXSW(CPU_MIGRATIONS, "cpu-migrations"),
	    LXSW(CPU_MIGRATIONS, "cpu-migrations") } },
	[C_TASK_CLOCK] = { "TASK_CLOCK", {
	    NOEV,
	    LXSW(TASK_CLOCK, "task-clock in ns"),
	    LXSW(TASK_CLOCK, "task-clock in ns") } },
};

/*
 * The sets, in L41's order: the trailer (INSTR_EXECUTED, CLOCK_CYCLES)
 * first, as struct ipc_counters_sample wants, then the set's own
 * counters.  A counter with no event on the platform is left out, which
 * is how L41's "(none)" slots disappear.
 */
#define	SET_MAX		6
static const enum ctr_id set_defs[][SET_MAX] = {
	[IPC_PMC_NONE] = { C_END },
	[IPC_PMC_L1D] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L1_DCACHE_ACCESS, C_L1_DCACHE_REFILL, C_END },
	[IPC_PMC_L1I] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L1_ICACHE_REFILL, C_END },
	[IPC_PMC_L2] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_L2_ACCESS, C_L2_REFILL, C_END },
	[IPC_PMC_MEM] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_MEM_READ, C_MEM_WRITE, C_END },
	[IPC_PMC_TLB] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_ITLB_REFILL, C_DTLB_REFILL, C_END },
	[IPC_PMC_AXI] = { C_INSTR_EXECUTED, C_CLOCK_CYCLES,
	    C_AXI_READ, C_AXI_WRITE, C_END },
	[IPC_PMC_SW] = { C_PAGE_FAULTS, C_CONTEXT_SWITCHES,
	    C_CPU_MIGRATIONS, C_TASK_CLOCK, C_END },
};
#define	SET_COUNT	(sizeof(set_defs) / sizeof(set_defs[0]))

/* Platform names for the test hook. */
static const char *const plat_names[PLAT_COUNT] = {
	[PLAT_HWPMC] = "hwpmc",
	[PLAT_LINUX_A8] = "linux-a8",
	[PLAT_LINUX] = "linux",
};

/* One open counter. */
struct ctr_slot {
	const struct ctr_def *sl_def;
	const struct ctr_event *sl_ev;
#if defined(__FreeBSD__)
	pmc_id_t	 sl_pmcid;
#else
	int		 sl_fd;
#endif
	/* Totals at the previous counters_read(): values are deltas. */
	uint64_t	 sl_last_value;
	uint64_t	 sl_last_enabled;
	uint64_t	 sl_last_running;
};

struct ipc_counters {
	enum ipc_pmcset	 ctrs_set;
	size_t		 ctrs_count;
	struct ctr_slot	 ctrs_slot[IPC_COUNTERS_MAX];
};

static size_t	ctrs_plan(enum ipc_pmcset set, enum pmc_platform plat,
		    const struct ctr_def **defs, size_t max);
#if defined(__FreeBSD__) || defined(__linux__)
static struct ipc_counters *ctrs_alloc(enum ipc_pmcset set,
		    enum pmc_platform plat);
static void	ctrs_sample(struct ctr_slot *slot, uint64_t value,
		    uint64_t enabled, uint64_t running, struct ipc_counter *c);
#endif
#if defined(__FreeBSD__)
/*
 * pmc_allocate() gained a sixth argument (the initial count) in FreeBSD
 * 12.  Rather than guess the __FreeBSD_version, let _Generic pick the
 * caller whose parameter type matches the installed <pmc.h>.
 */
typedef int	(*hwpmc_alloc6_t)(const char *, enum pmc_mode, uint32_t, int,
		    pmc_id_t *, uint64_t);
typedef int	(*hwpmc_alloc5_t)(const char *, enum pmc_mode, uint32_t, int,
		    pmc_id_t *);

static int	hwpmc_alloc6(hwpmc_alloc6_t fn, const char *spec,
		    pmc_id_t *idp);
static int	hwpmc_alloc5(hwpmc_alloc5_t fn, const char *spec,
		    pmc_id_t *idp);
static int	hwpmc_allocate(const char *spec, pmc_id_t *idp);
#elif defined(__linux__)
static enum pmc_platform linux_platform(void);
static int	linux_open(const struct ctr_event *ev);
static _Noreturn void linux_fail(const struct ctr_slot *s);
static int	linux_ioctl_all(struct ipc_counters *ctrs, unsigned long req);
#endif

/*
 * The counters of a set that exist on a platform, in report order.
 * Returns how many were stored in defs (at most max).
 */
static size_t
ctrs_plan(enum ipc_pmcset set, enum pmc_platform plat,
    const struct ctr_def **defs, size_t max)
{
	const struct ctr_event *ev;
	size_t i, n;

	if ((size_t)set >= SET_COUNT)
		return (0);
	n = 0;
	for (i = 0; i < SET_MAX && set_defs[set][i] != C_END; i++) {
		ev = &ctr_defs[set_defs[set][i]].cd_ev[plat];
		if (ev->ce_desc == NULL)
			continue;
		if (n < max)
			defs[n] = &ctr_defs[set_defs[set][i]];
		n++;
	}
	return (n < max ? n : max);
}

/*
 * Test hook: fill ctr[] with the L41 name and event description of each
 * counter `set' uses on `platform' ("hwpmc", "linux-a8" or "linux"), with
 * zero values.  Returns the count, 0 for an unknown platform.
 */
size_t
counters_plan(enum ipc_pmcset set, const char *platform,
    struct ipc_counter *ctr, size_t max)
{
	const struct ctr_def *defs[IPC_COUNTERS_MAX];
	size_t i, n;
	int p;

	for (p = 0; p < PLAT_COUNT; p++)
		if (strcmp(platform, plat_names[p]) == 0)
			break;
	if (p == PLAT_COUNT)
		return (0);
	if (max > IPC_COUNTERS_MAX)
		max = IPC_COUNTERS_MAX;
	n = ctrs_plan(set, (enum pmc_platform)p, defs, max);
	for (i = 0; i < n; i++) {
		memset(&ctr[i], 0, sizeof(ctr[i]));
		ctr[i].ctr_name = defs[i]->cd_name;
		ctr[i].ctr_event = defs[i]->cd_ev[p].ce_desc;
	}
	return (n);
}

/*
 * num / den, and 0.0 when den is 0: a set with no cycles or instructions
 * counted prints 0 rather than "nan" or "inf" (decided once, in README).
 */
double
counters_ratio(uint64_t num, uint64_t den)
{

	if (den == 0)
		return (0.0);
	return ((double)num / (double)den);
}

#if defined(__FreeBSD__) || defined(__linux__)
/*
 * A zeroed counter state for the counters `set' uses on `plat'.  Exits
 * if the set is empty there (the software set on FreeBSD is not).
 */
static struct ipc_counters *
ctrs_alloc(enum ipc_pmcset set, enum pmc_platform plat)
{
	const struct ctr_def *defs[IPC_COUNTERS_MAX];
	struct ipc_counters *ctrs;
	size_t i, n;

	n = ctrs_plan(set, plat, defs, IPC_COUNTERS_MAX);
	if (n == 0)
		errx(EX_OSERR, "FAIL: counters: no events for this set on %s",
		    plat_names[plat]);
	ctrs = calloc(1, sizeof(*ctrs));
	if (ctrs == NULL)
		err(EX_OSERR, "FAIL: calloc");
	ctrs->ctrs_set = set;
	ctrs->ctrs_count = n;
	for (i = 0; i < n; i++) {
		ctrs->ctrs_slot[i].sl_def = defs[i];
		ctrs->ctrs_slot[i].sl_ev = &defs[i]->cd_ev[plat];
#if !defined(__FreeBSD__)
		ctrs->ctrs_slot[i].sl_fd = -1;
#endif
	}
	return (ctrs);
}

/*
 * Turn running totals into this run's counter: subtract the totals seen
 * at the previous read, and extrapolate by enabled/running time if the
 * kernel multiplexed the counter.  Begin and end only start and stop the
 * counters, so the sender (perhaps a child process) never writes counter
 * state, and counters opened once serve any number of runs.
 */
static void
ctrs_sample(struct ctr_slot *slot, uint64_t value, uint64_t enabled,
    uint64_t running, struct ipc_counter *c)
{
	uint64_t dv, de, dr;

	dv = value - slot->sl_last_value;
	de = enabled - slot->sl_last_enabled;
	dr = running - slot->sl_last_running;
	slot->sl_last_value = value;
	slot->sl_last_enabled = enabled;
	slot->sl_last_running = running;

	c->ctr_name = slot->sl_def->cd_name;
	c->ctr_event = slot->sl_ev->ce_desc;
	c->ctr_value = dv;
	c->ctr_scaled = false;
	if (dr < de) {
		/* Never scheduled: there is no number to report. */
		if (dr == 0)
			errx(EX_OSERR, "FAIL: counter %s (%s) never ran: "
			    "too many counters for the PMU", c->ctr_name,
			    c->ctr_event);
		c->ctr_value = (uint64_t)((long double)dv * de / dr + 0.5L);
		c->ctr_scaled = true;
	}
}
#endif /* __FreeBSD__ || __linux__ */

#if defined(__FreeBSD__)
/*
 * FreeBSD: libpmc process-mode counting PMCs attached to ourselves with
 * PMC_F_DESCENDANTS, as L41 did.  hwpmc lets a descendant start and stop
 * its ancestor's PMCs, so the 2proc child can run counters_begin().
 * XXX: written against pmc(3), pmc.soft(3) and the hwpmc sources; not yet
 * compiled or run on FreeBSD.
 */

/*
 * Call a six-argument pmc_allocate(), with an initial count of 0.
 */
static int
hwpmc_alloc6(hwpmc_alloc6_t fn, const char *spec, pmc_id_t *idp)
{

	return (fn(spec, PMC_MODE_TC, PMC_F_DESCENDANTS, PMC_CPU_ANY, idp, 0));
}

/*
 * Call a five-argument pmc_allocate() (FreeBSD 11 and before).
 */
static int
hwpmc_alloc5(hwpmc_alloc5_t fn, const char *spec, pmc_id_t *idp)
{

	return (fn(spec, PMC_MODE_TC, PMC_F_DESCENDANTS, PMC_CPU_ANY, idp));
}

/*
 * Allocate one process-mode counting PMC that follows descendants.
 */
static int
hwpmc_allocate(const char *spec, pmc_id_t *idp)
{

	return (_Generic(&pmc_allocate,
	    hwpmc_alloc6_t: hwpmc_alloc6,
	    default: hwpmc_alloc5)(&pmc_allocate, spec, idp));
}

/*
 * Counters are compiled in: libpmc is always there on FreeBSD.
 */
bool
counters_compiled(void)
{

	return (true);
}

/*
 * Allocate and attach the set's PMCs; NULL for no -P.  Exits with
 * EX_OSERR if hwpmc is missing or refuses an event.
 */
struct ipc_counters *
counters_open(const struct ipc_config *cfg)
{
	struct ipc_counters *ctrs;
	struct ctr_slot *s;
	size_t i;

	if (cfg->ic_pmcset == IPC_PMC_NONE)
		return (NULL);
	assert((size_t)cfg->ic_pmcset < SET_COUNT);
	if (pmc_init() < 0)
		err(EX_OSERR, "FAIL: pmc_init (is hwpmc loaded? "
		    "kldload hwpmc)");
	ctrs = ctrs_alloc(cfg->ic_pmcset, PLAT_HWPMC);
	for (i = 0; i < ctrs->ctrs_count; i++) {
		s = &ctrs->ctrs_slot[i];
		if (hwpmc_allocate(s->sl_ev->ce_spec, &s->sl_pmcid) < 0)
			err(EX_OSERR, "FAIL: pmc_allocate %s (%s; the event "
			    "must exist on this CPU, which L41 assumes is a "
			    "Cortex-A8)", s->sl_def->cd_name,
			    s->sl_ev->ce_spec);
		if (pmc_attach(s->sl_pmcid, 0) < 0)
			err(EX_OSERR, "FAIL: pmc_attach %s",
			    s->sl_def->cd_name);
	}
	return (ctrs);
}

/*
 * Start every PMC.  Called by the sender; 0, or -1 with errno.
 */
int
counters_begin(struct ipc_counters *ctrs)
{
	size_t i;

	if (ctrs == NULL)
		return (0);
	for (i = 0; i < ctrs->ctrs_count; i++)
		if (pmc_start(ctrs->ctrs_slot[i].sl_pmcid) < 0)
			return (-1);
	return (0);
}

/*
 * Stop every PMC.  Called by the receiver; 0, or -1 with errno.
 */
int
counters_end(struct ipc_counters *ctrs)
{
	size_t i;

	if (ctrs == NULL)
		return (0);
	for (i = 0; i < ctrs->ctrs_count; i++)
		if (pmc_stop(ctrs->ctrs_slot[i].sl_pmcid) < 0)
			return (-1);
	return (0);
}

/*
 * Read the counts of the last begin/end into cs.  hwpmc does not
 * multiplex process-mode PMCs, so nothing is ever scaled.
 */
void
counters_read(struct ipc_counters *ctrs, struct ipc_counters_sample *cs)
{
	pmc_value_t v;
	size_t i;

	memset(cs, 0, sizeof(*cs));
	cs->cs_set = IPC_PMC_NONE;
	if (ctrs == NULL)
		return;
	cs->cs_set = ctrs->ctrs_set;
	cs->cs_count = ctrs->ctrs_count;
	for (i = 0; i < ctrs->ctrs_count; i++) {
		if (pmc_read(ctrs->ctrs_slot[i].sl_pmcid, &v) < 0)
			err(EX_OSERR, "FAIL: pmc_read %s",
			    ctrs->ctrs_slot[i].sl_def->cd_name);
		ctrs_sample(&ctrs->ctrs_slot[i], v, 0, 0, &cs->cs_ctr[i]);
	}
}

/*
 * Release the PMCs (which detaches them) and free the state.
 */
void
counters_close(struct ipc_counters *ctrs)
{
	size_t i;

	if (ctrs == NULL)
		return;
	for (i = 0; i < ctrs->ctrs_count; i++)
		(void)pmc_release(ctrs->ctrs_slot[i].sl_pmcid);
	free(ctrs);
}

#elif defined(__linux__)
/*
 * Linux: perf_event_open(2), one event per counter (inherit does not mix
 * with PERF_FORMAT_GROUP), on the calling thread for any CPU, counting
 * user and kernel, inherited by the threads and children created later.
 * An ioctl on the parent event applies to all its inherited copies, from
 * whichever thread or child issues it.
 */

_Static_assert(PERF_COUNT_HW_CPU_CYCLES == GHW_CPU_CYCLES &&
    PERF_COUNT_HW_INSTRUCTIONS == GHW_INSTRUCTIONS, "hw event numbers");
_Static_assert(PERF_COUNT_SW_TASK_CLOCK == GSW_TASK_CLOCK &&
    PERF_COUNT_SW_PAGE_FAULTS == GSW_PAGE_FAULTS &&
    PERF_COUNT_SW_CONTEXT_SWITCHES == GSW_CONTEXT_SWITCHES &&
    PERF_COUNT_SW_CPU_MIGRATIONS == GSW_CPU_MIGRATIONS, "sw event numbers");
_Static_assert(PERF_COUNT_HW_CACHE_L1D == GC_L1D &&
    PERF_COUNT_HW_CACHE_L1I == GC_L1I && PERF_COUNT_HW_CACHE_LL == GC_LL &&
    PERF_COUNT_HW_CACHE_DTLB == GC_DTLB &&
    PERF_COUNT_HW_CACHE_ITLB == GC_ITLB &&
    PERF_COUNT_HW_CACHE_OP_READ == GC_READ &&
    PERF_COUNT_HW_CACHE_OP_WRITE == GC_WRITE &&
    PERF_COUNT_HW_CACHE_RESULT_ACCESS == GC_ACCESS &&
    PERF_COUNT_HW_CACHE_RESULT_MISS == GC_MISS, "cache event numbers");

#define	PARANOID_PATH	"/proc/sys/kernel/perf_event_paranoid"

/*
 * PLAT_LINUX_A8 on an ARM Cortex-A8 (implementer 0x41, part 0xc08 in
 * /proc/cpuinfo), where L41's raw event numbers apply; else PLAT_LINUX.
 */
static enum pmc_platform
linux_platform(void)
{
	char line[256];
	FILE *fp;
	bool arm, a8;

	fp = fopen("/proc/cpuinfo", "re");
	if (fp == NULL)
		return (PLAT_LINUX);
	arm = a8 = false;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "CPU implementer", 15) == 0 &&
		    strstr(line, "0x41") != NULL)
			arm = true;
		if (strncmp(line, "CPU part", 8) == 0 &&
		    strstr(line, "0xc08") != NULL)
			a8 = true;
	}
	fclose(fp);
	return (arm && a8 ? PLAT_LINUX_A8 : PLAT_LINUX);
}

/*
 * Open one disabled, inherited, close-on-exec event; the fd or -1.
 */
static int
linux_open(const struct ctr_event *ev)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	switch (ev->ce_kind) {
	case LX_HW:
		attr.type = PERF_TYPE_HARDWARE;
		break;
	case LX_CACHE:
		attr.type = PERF_TYPE_HW_CACHE;
		break;
	case LX_SW:
		attr.type = PERF_TYPE_SOFTWARE;
		break;
	case LX_RAW:
		attr.type = PERF_TYPE_RAW;
		break;
	case LX_NONE:
	default:
		assert(0);
	}
	attr.config = ev->ce_config;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
	    PERF_FORMAT_TOTAL_TIME_RUNNING;
	attr.disabled = 1;
	attr.inherit = 1;
	attr.exclude_kernel = 0;	/* IPC costs are mostly in the kernel */
	attr.exclude_hv = 0;

	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
	    PERF_FLAG_FD_CLOEXEC);
	if (fd < 0 && errno == EINVAL) {
		/* Kernels before 3.14 lack PERF_FLAG_FD_CLOEXEC. */
		fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
		if (fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
			(void)close(fd);
			fd = -1;
		}
	}
	return (fd);
}

/*
 * Exit for a counter the kernel refused, saying why and what would fix
 * it.  errno is still the open's.
 */
static _Noreturn void
linux_fail(const struct ctr_slot *s)
{
	char paranoid[32];
	FILE *fp;
	int error;

	error = errno;
	switch (error) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		errno = error;
		err(EX_OSERR, "FAIL: perf_event_open %s (%s): this machine "
		    "has no such hardware event, or no PMU at all (common "
		    "in VMs; -P sw needs none)", s->sl_def->cd_name,
		    s->sl_ev->ce_desc);
	case ENOSYS:
		errno = error;
		err(EX_OSERR, "FAIL: perf_event_open %s (%s): this kernel has "
		    "no perf events at all (built without them, or an emulator "
		    "such as qemu-user), so -P cannot count here",
		    s->sl_def->cd_name, s->sl_ev->ce_desc);
	case EACCES:
	case EPERM:
		strcpy(paranoid, "unreadable");
		fp = fopen(PARANOID_PATH, "re");
		if (fp != NULL) {
			if (fgets(paranoid, sizeof(paranoid), fp) != NULL)
				paranoid[strcspn(paranoid, "\n")] = '\0';
			fclose(fp);
		}
		errno = error;
		err(EX_OSERR, "FAIL: perf_event_open %s (%s): "
		    "kernel.perf_event_paranoid is %s; counting kernel work "
		    "needs it <= 1 (sysctl kernel.perf_event_paranoid=1), or "
		    "root, or CAP_PERFMON", s->sl_def->cd_name,
		    s->sl_ev->ce_desc, paranoid);
	default:
		errno = error;
		err(EX_OSERR, "FAIL: perf_event_open %s (%s)",
		    s->sl_def->cd_name, s->sl_ev->ce_desc);
	}
}

/*
 * Counters are compiled in: perf_event_open(2) is always there on Linux.
 */
bool
counters_compiled(void)
{

	return (true);
}

/*
 * Open the set's events on the calling thread, disabled; NULL for no -P.
 * Must run before the sender thread or 2proc child is created, so that
 * they inherit the events.  Exits with EX_OSERR if one is refused.
 */
struct ipc_counters *
counters_open(const struct ipc_config *cfg)
{
	struct ipc_counters *ctrs;
	struct ctr_slot *s;
	size_t i;

	if (cfg->ic_pmcset == IPC_PMC_NONE)
		return (NULL);
	assert((size_t)cfg->ic_pmcset < SET_COUNT);
	ctrs = ctrs_alloc(cfg->ic_pmcset, cfg->ic_pmcset == IPC_PMC_SW ?
	    PLAT_LINUX : linux_platform());
	for (i = 0; i < ctrs->ctrs_count; i++) {
		s = &ctrs->ctrs_slot[i];
		s->sl_fd = linux_open(s->sl_ev);
		if (s->sl_fd < 0)
			linux_fail(s);
	}
	return (ctrs);
}

/*
 * Apply one perf ioctl to every event; 0, or -1 with errno.
 */
static int
linux_ioctl_all(struct ipc_counters *ctrs, unsigned long req)
{
	size_t i;

	for (i = 0; i < ctrs->ctrs_count; i++)
		if (ioctl(ctrs->ctrs_slot[i].sl_fd, req, 0) < 0)
			return (-1);
	return (0);
}

/*
 * Enable every event (and its inherited copies).  Called by the sender
 * right after its start stamp; 0, or -1 with errno.  There is no reset:
 * counters_read() reports the change since the previous read, as on
 * FreeBSD, so a run's count never depends on what PERF_EVENT_IOC_RESET
 * does to counts folded in from exited threads and children.
 */
int
counters_begin(struct ipc_counters *ctrs)
{

	if (ctrs == NULL)
		return (0);
	return (linux_ioctl_all(ctrs, PERF_EVENT_IOC_ENABLE));
}

/*
 * Disable every event.  Called by the receiver right before its end
 * stamp; 0, or -1 with errno.
 */
int
counters_end(struct ipc_counters *ctrs)
{

	if (ctrs == NULL)
		return (0);
	return (linux_ioctl_all(ctrs, PERF_EVENT_IOC_DISABLE));
}

/*
 * Read every event after the sender and receiver have finished: the
 * value includes exited threads and reaped children.  Exits on a failed
 * read.
 */
void
counters_read(struct ipc_counters *ctrs, struct ipc_counters_sample *cs)
{
	uint64_t buf[3];	/* value, time enabled, time running */
	struct ctr_slot *s;
	ssize_t len;
	size_t i;

	memset(cs, 0, sizeof(*cs));
	cs->cs_set = IPC_PMC_NONE;
	if (ctrs == NULL)
		return;
	cs->cs_set = ctrs->ctrs_set;
	cs->cs_count = ctrs->ctrs_count;
	for (i = 0; i < ctrs->ctrs_count; i++) {
		s = &ctrs->ctrs_slot[i];
		len = read(s->sl_fd, buf, sizeof(buf));
		if (len < 0)
			err(EX_OSERR, "FAIL: read counter %s",
			    s->sl_def->cd_name);
		if (len != (ssize_t)sizeof(buf))
			errx(EX_OSERR, "FAIL: read counter %s: %zd bytes",
			    s->sl_def->cd_name, len);
		ctrs_sample(s, buf[0], buf[1], buf[2], &cs->cs_ctr[i]);
	}
}

/*
 * Close every event and free the state.
 */
void
counters_close(struct ipc_counters *ctrs)
{
	size_t i;

	if (ctrs == NULL)
		return;
	for (i = 0; i < ctrs->ctrs_count; i++)
		if (ctrs->ctrs_slot[i].sl_fd >= 0)
			(void)close(ctrs->ctrs_slot[i].sl_fd);
	free(ctrs);
}

#else /* !__FreeBSD__ && !__linux__ */
/*
 * No counter interface known: -P is refused by config_validate().
 */

/*
 * Counters are not compiled in here.
 */
bool
counters_compiled(void)
{

	return (false);
}

/*
 * Nothing to open; -P never gets this far.
 */
struct ipc_counters *
counters_open(const struct ipc_config *cfg)
{

	if (cfg->ic_pmcset == IPC_PMC_NONE)
		return (NULL);
	errno = ENOTSUP;
	err(EX_OSERR, "FAIL: counters not supported on this OS");
}

/*
 * No-op.
 */
int
counters_begin(struct ipc_counters *ctrs)
{

	(void)ctrs;
	return (0);
}

/*
 * No-op.
 */
int
counters_end(struct ipc_counters *ctrs)
{

	(void)ctrs;
	return (0);
}

/*
 * An empty sample.
 */
void
counters_read(struct ipc_counters *ctrs, struct ipc_counters_sample *cs)
{

	(void)ctrs;
	memset(cs, 0, sizeof(*cs));
	cs->cs_set = IPC_PMC_NONE;
}

/*
 * No-op.
 */
void
counters_close(struct ipc_counters *ctrs)
{

	(void)ctrs;
}
#endif /* __FreeBSD__ */
