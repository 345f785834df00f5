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
 * The stability verdict: can the median of the kept runs stand for them?
 * Not an L41 behaviour; the course's notebooks plotted medians whatever
 * the runs looked like.  The rule, in the order it is applied:
 *
 *   regimes     Sort the runs; each starts as a group of its own.  The
 *               boundary between two neighbouring groups stands when
 *               each holds at least STAB_REGIME_MIN runs and the gap
 *               between them is wider than STAB_GAP_IQR times the
 *               interquartile range of either group and than
 *               STAB_GAP_MEDIAN of the median of all runs.  While some
 *               boundary does not stand, join the two groups at the
 *               narrowest such boundary.  The groups left are the
 *               regimes (joining on down to IPC_REGIMES_MAX at most).
 *               Two or more regimes: "multimodal".
 *   spread      The IQR over the median above STAB_NOISY_IQR: "noisy".
 *   outliers    More than one run in STAB_NOISY_OUTLIERS outside Tukey's
 *               fences (1.5 IQR beyond the quartiles): "noisy".
 *   otherwise   "stable"; the reason still names any outlier.
 *
 * The coefficient of variation is reported but does not decide: a single
 * stray run can double it, while the IQR moves only when a quarter of the
 * runs do.  Outliers are reported by run number, counting kept runs from
 * 1 in the order they ran.  Where -j or -v recorded what else the machine
 * did during each run, stability_noise() adds it to the reason.
 */

#include <err.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "ipc.h"
#include "stability.h"

#define	STAB_REGIME_MIN		3	/* runs on each side of a split */
#define	STAB_GAP_IQR		2.0	/* gap > this * IQR of either side */
#define	STAB_GAP_MEDIAN		0.10	/* gap > this * median of all runs */
#define	STAB_NOISY_IQR		0.10	/* IQR / median above this: noisy */
#define	STAB_NOISY_IQR_TEXT	"10%"	/* the same, as the reason says it */
#define	STAB_NOISY_OUTLIERS	10	/* noisy: outliers > runs / this */
#define	STAB_NOISY_OUTLIERS_TEXT "ten"
#define	STAB_LIST_MAX		8	/* run numbers the reason lists */

/* A regime under construction: sorted[first .. first + count). */
struct stab_span {
	size_t		 sp_first;
	size_t		 sp_count;
};

static double	stab_iqr(const double *sorted, size_t n);
static bool	stab_boundary_holds(const double *sorted,
		    const struct stab_span *a, const struct stab_span *b,
		    double median);
static size_t	stab_merge(struct stab_span *spans, size_t nspans, size_t k);
static size_t	stab_regimes(const double *sorted, size_t n, double median,
		    struct stab_span *spans);
static void	stab_append(struct ipc_stability *st, const char *fmt, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
static const char *stab_human(char *buf, size_t len, double v);
static void	stab_reason(struct ipc_stability *st, const double *values,
		    const char *unit);
static double	stab_noise_median(const struct ipc_sample *samples,
		    size_t n, size_t r);

/*
 * The interquartile range of sorted[0 .. n), n >= 1.
 */
static double
stab_iqr(const double *sorted, size_t n)
{

	return (stats_quantile(sorted, n, 0.75) -
	    stats_quantile(sorted, n, 0.25));
}

/*
 * Whether the boundary between neighbouring spans a and b stands by the
 * regime rule (see the top of the file).
 */
static bool
stab_boundary_holds(const double *sorted, const struct stab_span *a,
    const struct stab_span *b, double median)
{
	double gap, ia, ib;

	if (a->sp_count < STAB_REGIME_MIN || b->sp_count < STAB_REGIME_MIN)
		return (false);
	gap = sorted[b->sp_first] - sorted[b->sp_first - 1];
	ia = stab_iqr(sorted + a->sp_first, a->sp_count);
	ib = stab_iqr(sorted + b->sp_first, b->sp_count);
	return (gap > STAB_GAP_MEDIAN * median && gap > STAB_GAP_IQR * ia &&
	    gap > STAB_GAP_IQR * ib);
}

/*
 * Merge span k + 1 into span k.  Returns the new number of spans.
 */
static size_t
stab_merge(struct stab_span *spans, size_t nspans, size_t k)
{

	spans[k].sp_count += spans[k + 1].sp_count;
	memmove(&spans[k + 1], &spans[k + 2],
	    (nspans - k - 2) * sizeof(*spans));
	return (nspans - 1);
}

/*
 * Group n sorted values into regimes (see the top of the file); spans
 * must have room for n.  Returns the number of regimes, at most
 * IPC_REGIMES_MAX.
 *
 * A gap of at most STAB_GAP_MEDIAN of the median never stands, and such
 * gaps are the narrowest, so they are joined first, in one pass; only the
 * few wider gaps go through the join-the-narrowest-failing loop.
 */
static size_t
stab_regimes(const double *sorted, size_t n, double median,
    struct stab_span *spans)
{
	double gap, best;
	size_t i, k, nspans, join;
	bool any;

	nspans = 0;
	for (i = 0; i < n; i++) {
		if (i == 0 || !(sorted[i] - sorted[i - 1] >
		    STAB_GAP_MEDIAN * median)) {
			if (i == 0) {
				spans[0].sp_first = 0;
				spans[0].sp_count = 0;
				nspans = 1;
			}
			spans[nspans - 1].sp_count++;
			continue;
		}
		spans[nspans].sp_first = i;
		spans[nspans].sp_count = 1;
		nspans++;
	}
	for (;;) {
		any = false;
		best = 0.0;
		join = 0;
		for (k = 0; k + 1 < nspans; k++) {
			gap = sorted[spans[k + 1].sp_first] -
			    sorted[spans[k + 1].sp_first - 1];
			if ((nspans <= IPC_REGIMES_MAX &&
			    stab_boundary_holds(sorted, &spans[k],
			    &spans[k + 1], median)) || (any && gap >= best))
				continue;
			any = true;
			best = gap;
			join = k;
		}
		if (!any)
			break;
		nspans = stab_merge(spans, nspans, join);
	}
	return (nspans);
}

/*
 * Append to the reason; what does not fit is cut, never overrun.
 */
static void
stab_append(struct ipc_stability *st, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	used = strlen(st->st_reason);
	if (used + 1 >= sizeof(st->st_reason))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(st->st_reason + used, sizeof(st->st_reason) - used,
	    fmt, ap);
	va_end(ap);
}

/*
 * A value to three significant digits with a K, M, G or T suffix
 * (powers of 1000), as a person would say it: 1.84M, 950K, 12.9.
 */
static const char *
stab_human(char *buf, size_t len, double v)
{
	static const char suffix[] = " KMGT";
	size_t k;

	for (k = 0; k + 1 < sizeof(suffix) - 1 &&
	    (v >= 999.5 || v <= -999.5); k++)
		v /= 1000.0;
	if (k == 0)
		(void)snprintf(buf, len, "%.3g", v);
	else
		(void)snprintf(buf, len, "%.3g%c", v, suffix[k]);
	return (buf);
}

/*
 * The verdict's reason in words, from the figures already in *st.
 */
static void
stab_reason(struct ipc_stability *st, const double *values, const char *unit)
{
	static const char *const count_word[IPC_REGIMES_MAX + 1] = { "no",
	    "one", "two", "three", "four", "five", "six", "seven", "eight" };
	char a[32], b[32];
	size_t r, i, listed;

	st->st_reason[0] = '\0';
	switch (st->st_verdict) {
	case IPC_VERDICT_NONE:
		stab_append(st, "%s: nothing to judge",
		    st->st_count == 0 ? "no runs" : "one run");
		return;
	case IPC_VERDICT_MULTIMODAL:
		stab_append(st, "%s regimes:", count_word[st->st_nregimes]);
		for (r = 0; r < st->st_nregimes; r++)
			stab_append(st, "%s %zu%s near %s", r == 0 ? "" : ",",
			    st->st_regime[r].rg_count, r == 0 ? " runs" : "",
			    stab_human(a, sizeof(a),
			    st->st_regime[r].rg_median));
		stab_append(st, " %s", unit);
		return;
	case IPC_VERDICT_NOISY:
	case IPC_VERDICT_STABLE:
		break;
	}
	stab_append(st, "IQR %.1f%% of the median%s", 100.0 *
	    st->st_iqr_ratio, st->st_iqr_ratio > STAB_NOISY_IQR ?
	    " (noisy above " STAB_NOISY_IQR_TEXT ")" : "");
	stab_append(st, ", CV %.3f", st->st_cv);
	if (st->st_outliers == 0) {
		stab_append(st, ", no outliers");
	} else {
		stab_append(st, ", %zu of %zu runs outside Tukey's fences "
		    "%s..%s (run%s", st->st_outliers, st->st_count,
		    stab_human(a, sizeof(a), st->st_fence_lo),
		    stab_human(b, sizeof(b), st->st_fence_hi),
		    st->st_outliers > 1 ? "s" : "");
		listed = 0;
		for (i = 0; i < st->st_count; i++) {
			if (!stability_is_outlier(st, values[i]))
				continue;
			if (listed == STAB_LIST_MAX) {
				stab_append(st, ", ...");
				break;
			}
			stab_append(st, "%s %zu", listed == 0 ? "" : ",",
			    i + 1);
			listed++;
		}
		stab_append(st, "%s)", st->st_outliers * STAB_NOISY_OUTLIERS >
		    st->st_count ? "; noisy above one run in "
		    STAB_NOISY_OUTLIERS_TEXT : "");
	}
	if (st->st_count < 2 * STAB_REGIME_MIN)
		stab_append(st, "; %zu runs are too few to look for regimes "
		    "(%d needed)", st->st_count, 2 * STAB_REGIME_MIN);
}

/*
 * Judge n values (in the order they were measured) and fill *st: the
 * figures, the regimes, the verdict and its reason.  unit names the
 * values' unit in the reason.
 */
void
stability_judge(const double *values, size_t n, const char *unit,
    struct ipc_stability *st)
{
	struct stab_span *spans;
	struct ipc_summary sm;
	struct ipc_regime *rg;
	double *sorted, iqr;
	size_t i, r, nspans;

	memset(st, 0, sizeof(*st));
	st->st_count = n;
	st->st_nregimes = n > 0 ? 1 : 0;
	if (n < 2) {
		st->st_verdict = IPC_VERDICT_NONE;
		if (n == 1) {
			st->st_regime[0].rg_count = 1;
			st->st_regime[0].rg_median = values[0];
			st->st_regime[0].rg_min = values[0];
			st->st_regime[0].rg_max = values[0];
			st->st_fence_lo = st->st_fence_hi = values[0];
		}
		stab_reason(st, values, unit);
		return;
	}
	stats_summarize(values, n, &sm);
	iqr = sm.sm_q3 - sm.sm_q1;
	st->st_cv = sm.sm_mean > 0.0 ? sm.sm_stddev / sm.sm_mean : 0.0;
	st->st_iqr_ratio = sm.sm_median > 0.0 ? iqr / sm.sm_median : 0.0;
	st->st_fence_lo = sm.sm_q1 - 1.5 * iqr;
	st->st_fence_hi = sm.sm_q3 + 1.5 * iqr;
	for (i = 0; i < n; i++)
		if (stability_is_outlier(st, values[i]))
			st->st_outliers++;

	sorted = stats_sorted_copy(values, n);
	spans = calloc(n, sizeof(*spans));
	if (spans == NULL)
		err(EX_OSERR, "FAIL: calloc");
	nspans = stab_regimes(sorted, n, sm.sm_median, spans);
	st->st_nregimes = nspans;
	for (r = 0; r < nspans; r++) {
		rg = &st->st_regime[r];
		rg->rg_count = spans[r].sp_count;
		rg->rg_min = sorted[spans[r].sp_first];
		rg->rg_max = sorted[spans[r].sp_first + spans[r].sp_count - 1];
		rg->rg_median = stats_quantile(sorted + spans[r].sp_first,
		    spans[r].sp_count, 0.5);
	}
	free(spans);
	free(sorted);

	if (nspans > 1)
		st->st_verdict = IPC_VERDICT_MULTIMODAL;
	else if (st->st_iqr_ratio > STAB_NOISY_IQR ||
	    st->st_outliers * STAB_NOISY_OUTLIERS > n)
		st->st_verdict = IPC_VERDICT_NOISY;
	else
		st->st_verdict = IPC_VERDICT_STABLE;
	stab_reason(st, values, unit);
}

/*
 * The median of the known (non-negative) noise counts of the runs in
 * regime r, or -1 if none is known.
 */
static double
stab_noise_median(const struct ipc_sample *samples, size_t n, size_t r)
{
	double *v, *sorted, med;
	size_t i, k;

	v = calloc(n, sizeof(*v));
	if (v == NULL)
		err(EX_OSERR, "FAIL: calloc");
	for (i = k = 0; i < n; i++)
		if (samples[i].is_regime == r &&
		    samples[i].is_noise.nz_nivcsw >= 0)
			v[k++] = (double)samples[i].is_noise.nz_nivcsw;
	med = -1.0;
	if (k > 0) {
		sorted = stats_sorted_copy(v, k);
		med = stats_quantile(sorted, k, 0.5);
		free(sorted);
	}
	free(v);
	return (med);
}

/*
 * Point the reason at what the machine did meanwhile, where -j or -v
 * recorded it: the runs that lost time to a hypervisor (steal), and for
 * several regimes, whether the slowest one's runs were preempted more
 * than the fastest one's.  Regimes run from the lowest value up, so the
 * slowest is the first for a rate and the last where lower is faster
 * (-l's time per round trip).
 */
void
stability_noise(struct ipc_stability *st, const struct ipc_sample *samples,
    size_t n, bool lower_is_faster)
{
	double slow, fast;
	size_t i, stolen, slowest, fastest;

	if (st->st_verdict == IPC_VERDICT_NONE)
		return;
	for (i = stolen = 0; i < n; i++)
		if (samples[i].is_noise.nz_steal_ms > 0)
			stolen++;
	if (stolen > 0)
		stab_append(st, "; steal time in %zu of %zu runs", stolen, n);
	if (st->st_nregimes < 2)
		return;
	slowest = lower_is_faster ? st->st_nregimes - 1 : 0;
	fastest = st->st_nregimes - 1 - slowest;
	slow = stab_noise_median(samples, n, slowest);
	fast = stab_noise_median(samples, n, fastest);
	if (fast >= 0.0 && slow > fast)
		stab_append(st, "; the slowest regime's runs were preempted "
		    "more (median %.0f involuntary switches a run, the "
		    "fastest's %.0f)", slow, fast);
}

/*
 * Whether v lies outside Tukey's fences of the judged runs.
 */
bool
stability_is_outlier(const struct ipc_stability *st, double v)
{

	return (st->st_count > 1 &&
	    (v < st->st_fence_lo || v > st->st_fence_hi));
}

/*
 * The regime a judged value belongs to: regimes are disjoint ranges of
 * value, in rising order.
 */
size_t
stability_regime_of(const struct ipc_stability *st, double v)
{
	size_t r;

	for (r = 0; r + 1 < st->st_nregimes; r++)
		if (v <= st->st_regime[r].rg_max)
			break;
	return (r);
}

/*
 * The verdict as JSON and -v print it.
 */
const char *
stability_verdict_name(enum ipc_verdict v)
{

	switch (v) {
	case IPC_VERDICT_NONE:
		return ("none");
	case IPC_VERDICT_STABLE:
		return ("stable");
	case IPC_VERDICT_NOISY:
		return ("noisy");
	case IPC_VERDICT_MULTIMODAL:
		return ("multimodal");
	}
	return ("?");
}
