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
 * Performance counters for -P: the front end's policy.  The sets of the
 * 2017–18 reference version ("-P l1d|l1i|l2|mem|tlb|axi"), those of the
 * course's 2020–24 versions ("-P arch|dcache|instr|tlbmem", with their
 * derived values), and ours: "cpi" (the trailer alone) and the software
 * set "sw".  The tables (pmc_tables.c) name every counter the way L41
 * names it and say which event stands for it on each platform, and list
 * each set's counters and the values derived from them; this file walks
 * them.  The backend of this OS (pmc_backend.h: pmc_linux.c,
 * pmc_freebsd.c, pmc_none.c) only opens, starts, stops, reads and
 * releases what the table says; this file chooses the table, turns
 * readings into counts (scaling multiplexed ones), computes the derived
 * values once, into the sample, and reports every failure.
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
#include "cpuinfo.h"
#include "pmc_backend.h"
#include "pmc_tables.h"

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
static void	ctrs_pick_or_die(const struct counters_backend *be,
		    enum ipc_pmcset set, const char *override,
		    const struct ipc_cpuinfo *ci, enum ctr_table *tablep,
		    const char **whyp);
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

	if ((size_t)set >= set_defs_count)
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
			    ctr_table_names[i]) == 0)
				break;
		if (i == CT_COUNT)
			return (-1);
		*tablep = (enum ctr_table)i;
		*whyp = "from " COUNTERS_TABLE_ENV;
		return (0);
	}
	for (i = 0; i < ctr_raw_cores_count; i++)
		if (ci != NULL && cpuinfo_all_match(ci,
		    ctr_raw_cores[i].rc_implementer,
		    ctr_raw_cores[i].rc_part)) {
			*tablep = ctr_raw_cores[i].rc_table;
			*whyp = ctr_raw_cores[i].rc_why;
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

	return ((size_t)table < CT_COUNT ? ctr_table_names[table] : "?");
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
 * Exit with EX_USAGE if IPC_PMC_TABLE names no event table where the
 * set would use one, with the one message for it; else fill *tablep and
 * *whyp as counters_pick_table() does.
 */
static void
ctrs_pick_or_die(const struct counters_backend *be, enum ipc_pmcset set,
    const char *override, const struct ipc_cpuinfo *ci,
    enum ctr_table *tablep, const char **whyp)
{

	if (counters_pick_table(be->cb_family, set, override, ci, tablep,
	    whyp) == -1)
		errx(EX_USAGE, "FAIL: %s=%s: unknown event table (%s, %s or "
		    "%s)", COUNTERS_TABLE_ENV, override,
		    ctr_table_names[CT_LINUX_A8],
		    ctr_table_names[CT_LINUX_A72], ctr_table_names[CT_LINUX]);
}

/*
 * Judge IPC_PMC_TABLE for -P as a run would, without opening anything:
 * describe (the sweep's pre-flight) refuses what every run would refuse.
 */
void
counters_check(const struct ipc_config *cfg)
{
	enum ctr_table table;
	const char *why;

	if (cfg->ic_pmcset == IPC_PMC_NONE)
		return;
	ctrs_pick_or_die(&counters_backend_native, cfg->ic_pmcset,
	    getenv(COUNTERS_TABLE_ENV), NULL, &table, &why);
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
	assert((size_t)cfg->ic_pmcset < set_defs_count);
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
	ctrs_pick_or_die(be, cfg->ic_pmcset, override, ci, &ctrs->ctrs_table,
	    &ctrs->ctrs_why);
	free(ci);
	if (be->cb_prepare != NULL && be->cb_prepare(&call) == -1)
		ctrs_fail(be, call, NULL, NULL, errno);
	ctrs->ctrs_count = ctrs_plan(ctrs->ctrs_set, ctrs->ctrs_table,
	    ctrs->ctrs_id, IPC_COUNTERS_MAX);
	if (ctrs->ctrs_count == 0)
		errx(EX_OSERR, "FAIL: counters: no events for this set on %s",
		    ctr_table_names[ctrs->ctrs_table]);
	for (i = 0; i < ctrs->ctrs_count; i++) {
		ev = &ctr_defs[ctrs->ctrs_id[i]].cd_ev[ctrs->ctrs_table];
		if (ev->ce_kind == CK_MISSING)
			errx(EX_OSERR, "FAIL: counter %s: the %s event table "
			    "has no event for it (%s=cortex-a72 selects the "
			    "Cortex-A72's own events)",
			    ctr_defs[ctrs->ctrs_id[i]].cd_name,
			    ctr_table_names[ctrs->ctrs_table],
			    COUNTERS_TABLE_ENV);
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
	cs->cs_table = ctr_table_names[ctrs->ctrs_table];
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
