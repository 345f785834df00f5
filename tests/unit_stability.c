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
 * Unit tests of the stability verdict (ipc/stability.c) on samples whose
 * verdicts follow from the rule by hand: one cluster with noise, two and
 * three regimes, one outlier and several, constant values, a spread too
 * wide, gaps too small to count, and n = 1, 2 and 3.  Each checks the
 * verdict, the figures behind it and the reason word for word.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "stability.h"
#include "unit.h"

#define	NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define	UNIT		"KBytes/sec"

static void	judge(const double *v, size_t n, struct ipc_stability *st);
static void	test_one_cluster(void);
static void	test_two_regimes(void);
static void	test_three_regimes(void);
static void	test_one_outlier(void);
static void	test_many_outliers(void);
static void	test_constant(void);
static void	test_wide(void);
static void	test_small_gap(void);
static void	test_n1(void);
static void	test_n2(void);
static void	test_n3(void);
static void	test_names(void);
static void	results_of(const long *nsec, struct ipc_sample *s, size_t n,
		    struct ipc_results *rs);
static void	latency_results_of(const long *nsec, struct ipc_sample *s,
		    size_t n, struct ipc_results *rs);
static void	test_results(void);
static void	test_noise(void);

static void
judge(const double *v, size_t n, struct ipc_stability *st)
{

	stability_judge(v, n, UNIT, st);
}

/*
 * Eleven runs within 3% of 100: quartiles 99.25 and 101.25.
 */
static void
test_one_cluster(void)
{
	static const double v[] = { 100, 101, 99, 102, 98, 100.5, 99.5, 103,
	    97, 100, 101.5 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability one cluster: stable",
	    st.st_verdict == IPC_VERDICT_STABLE && st.st_nregimes == 1 &&
	    st.st_outliers == 0 && st.st_count == NITEMS(v));
	UNIT_CHECK_NEAR("stability one cluster: IQR/median", st.st_iqr_ratio,
	    0.02, 1e-12);
	UNIT_CHECK_NEAR("stability one cluster: fence low", st.st_fence_lo,
	    96.25, 1e-9);
	UNIT_CHECK_NEAR("stability one cluster: fence high", st.st_fence_hi,
	    104.25, 1e-9);
	UNIT_CHECK_STR("stability one cluster: reason", st.st_reason,
	    "IQR 2.0% of the median, CV 0.017, no outliers");
}

/*
 * The runs of the tcp 1thread case that motivated the verdict: 8 near
 * 1.8M, 13 near 4.3M.  The gap 2.12M..3.45M is 2.66 times the lower
 * side's IQR (0.5M).
 */
static void
test_two_regimes(void)
{
	static const double v[] = { 4.29e6, 1.42e6, 4.65e6, 1.50e6, 1.55e6,
	    3.45e6, 1.77e6, 1.91e6, 4.27e6, 2.02e6, 2.09e6, 2.12e6, 3.76e6,
	    3.95e6, 4.31e6, 4.32e6, 4.36e6, 4.49e6, 4.58e6, 4.65e6, 4.69e6 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability two regimes: multimodal",
	    st.st_verdict == IPC_VERDICT_MULTIMODAL && st.st_nregimes == 2);
	UNIT_CHECK("stability two regimes: 8 and 13 runs",
	    st.st_regime[0].rg_count == 8 && st.st_regime[1].rg_count == 13);
	UNIT_CHECK("stability two regimes: ranges",
	    st.st_regime[0].rg_min == 1.42e6 &&
	    st.st_regime[0].rg_max == 2.12e6 &&
	    st.st_regime[1].rg_min == 3.45e6 &&
	    st.st_regime[1].rg_max == 4.69e6);
	UNIT_CHECK_NEAR("stability two regimes: median 1", 
	    st.st_regime[0].rg_median, 1.84e6, 1e-3);
	UNIT_CHECK_NEAR("stability two regimes: median 2",
	    st.st_regime[1].rg_median, 4.32e6, 1e-3);
	UNIT_CHECK_STR("stability two regimes: reason", st.st_reason,
	    "two regimes: 8 runs near 1.84M, 13 near 4.32M KBytes/sec");
	UNIT_CHECK("stability two regimes: which regime",
	    stability_regime_of(&st, 2.12e6) == 0 &&
	    stability_regime_of(&st, 3.45e6) == 1 &&
	    stability_regime_of(&st, 1.0) == 0 &&
	    stability_regime_of(&st, 9e9) == 1);
}

/*
 * Three tight groups of four at 10, 20 and 40: the widest gap (20..40)
 * splits first, then 10..20.
 */
static void
test_three_regimes(void)
{
	static const double v[] = { 40, 10, 20, 10.1, 19.9, 40.2, 9.9, 20.1,
	    39.8, 10, 20, 40 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability three regimes: multimodal",
	    st.st_verdict == IPC_VERDICT_MULTIMODAL && st.st_nregimes == 3 &&
	    st.st_regime[0].rg_count == 4 && st.st_regime[1].rg_count == 4 &&
	    st.st_regime[2].rg_count == 4);
	UNIT_CHECK_STR("stability three regimes: reason", st.st_reason,
	    "three regimes: 4 runs near 10, 4 near 20, 4 near 40 KBytes/sec");
}

/*
 * The one-cluster sample with its sixth run at half speed: one run of 11
 * is within the outlier allowance (one in ten), and the IQR barely moves.
 */
static void
test_one_outlier(void)
{
	static const double v[] = { 100, 101, 99, 102, 98, 50, 100.5, 99.5,
	    103, 97, 100 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability one outlier: stable, one outlier",
	    st.st_verdict == IPC_VERDICT_STABLE && st.st_outliers == 1 &&
	    st.st_nregimes == 1);
	UNIT_CHECK("stability one outlier: the run at 50",
	    stability_is_outlier(&st, 50) && !stability_is_outlier(&st, 97) &&
	    !stability_is_outlier(&st, 103));
	UNIT_CHECK_STR("stability one outlier: reason", st.st_reason,
	    "IQR 2.2% of the median, CV 0.159, 1 of 11 runs outside Tukey's "
	    "fences 95.1..104 (run 6)");
}

/*
 * Three scattered stray runs among 18 tight ones: no three of them form
 * a regime, and three in 21 is more than one in ten.
 */
static void
test_many_outliers(void)
{
	static const double v[] = { 100, 30, 101, 99, 100, 102, 98, 100,
	    60, 101, 99, 100, 100, 98, 102, 101, 99, 100, 150, 100, 100 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability outliers: noisy", st.st_verdict ==
	    IPC_VERDICT_NOISY && st.st_outliers == 3 && st.st_nregimes == 1);
	UNIT_CHECK_STR("stability outliers: reason", st.st_reason,
	    "IQR 2.0% of the median, CV 0.217, 3 of 21 runs outside Tukey's "
	    "fences 96..104 (runs 2, 9, 19; noisy above one run in ten)");
}

/*
 * Identical runs: no spread, no outlier, no division by zero.
 */
static void
test_constant(void)
{
	static const double v[] = { 7, 7, 7, 7, 7, 7, 7 };
	struct ipc_stability st;

	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability constant: stable", st.st_verdict ==
	    IPC_VERDICT_STABLE && st.st_cv == 0.0 && st.st_iqr_ratio == 0.0 &&
	    st.st_outliers == 0 && st.st_nregimes == 1 &&
	    st.st_regime[0].rg_median == 7.0);
	UNIT_CHECK_STR("stability constant: reason", st.st_reason,
	    "IQR 0.0% of the median, CV 0.000, no outliers");
}

/*
 * Evenly spread runs from 50 to 150: one regime (no gap stands out), but
 * the IQR is half the median.
 */
static void
test_wide(void)
{
	double v[11];
	struct ipc_stability st;
	size_t i;

	for (i = 0; i < NITEMS(v); i++)
		v[i] = 50.0 + 10.0 * (double)i;
	judge(v, NITEMS(v), &st);
	UNIT_CHECK("stability wide: noisy",
	    st.st_verdict == IPC_VERDICT_NOISY && st.st_nregimes == 1 &&
	    st.st_outliers == 0);
	UNIT_CHECK_STR("stability wide: reason", st.st_reason,
	    "IQR 50.0% of the median (noisy above 10%), CV 0.332, no outliers");
}

/*
 * Two flat groups 8% apart: the gap is infinitely many IQRs wide but
 * under 10% of the median, so not a regime.  At 20% apart it is.
 */
static void
test_small_gap(void)
{
	static const double near[] = { 100, 100, 100, 108, 108, 108 };
	static const double far[] = { 100, 100, 100, 120, 120, 120 };
	struct ipc_stability st;

	judge(near, NITEMS(near), &st);
	UNIT_CHECK("stability small gap: one regime", st.st_nregimes == 1 &&
	    st.st_verdict == IPC_VERDICT_STABLE);
	judge(far, NITEMS(far), &st);
	UNIT_CHECK("stability 20% gap: two regimes", st.st_nregimes == 2 &&
	    st.st_verdict == IPC_VERDICT_MULTIMODAL);
	UNIT_CHECK_STR("stability 20% gap: reason", st.st_reason,
	    "two regimes: 3 runs near 100, 3 near 120 KBytes/sec");
}

/*
 * One run: nothing to judge, and the reason says so.
 */
static void
test_n1(void)
{
	static const double v[] = { 123.0 };
	struct ipc_stability st;

	judge(v, 1, &st);
	UNIT_CHECK("stability n=1: none", st.st_verdict == IPC_VERDICT_NONE &&
	    st.st_count == 1 && st.st_outliers == 0 &&
	    !stability_is_outlier(&st, 1.0));
	UNIT_CHECK_STR("stability n=1: reason", st.st_reason,
	    "one run: nothing to judge");
	judge(NULL, 0, &st);
	UNIT_CHECK_STR("stability n=0: reason", st.st_reason,
	    "no runs: nothing to judge");
}

/*
 * Two runs: judged by their spread alone (the IQR is half their range).
 */
static void
test_n2(void)
{
	static const double close[] = { 100, 101 };
	static const double apart[] = { 100, 150 };
	struct ipc_stability st;

	judge(close, 2, &st);
	UNIT_CHECK("stability n=2 close: stable", st.st_verdict ==
	    IPC_VERDICT_STABLE);
	UNIT_CHECK_STR("stability n=2 close: reason", st.st_reason,
	    "IQR 0.5% of the median, CV 0.007, no outliers; 2 runs are too "
	    "few to look for regimes (6 needed)");
	judge(apart, 2, &st);
	UNIT_CHECK("stability n=2 apart: noisy", st.st_verdict ==
	    IPC_VERDICT_NOISY);
	UNIT_CHECK_STR("stability n=2 apart: reason", st.st_reason,
	    "IQR 20.0% of the median (noisy above 10%), CV 0.283, no "
	    "outliers; 2 runs are too few to look for regimes (6 needed)");
}

/*
 * Three runs: Tukey's fences cannot exclude any of three, so a stray
 * third run shows as spread.
 */
static void
test_n3(void)
{
	static const double close[] = { 100, 102, 101 };
	static const double stray[] = { 100, 300, 100 };
	struct ipc_stability st;

	judge(close, 3, &st);
	UNIT_CHECK("stability n=3 close: stable", st.st_verdict ==
	    IPC_VERDICT_STABLE && st.st_outliers == 0);
	UNIT_CHECK_STR("stability n=3 close: reason", st.st_reason,
	    "IQR 1.0% of the median, CV 0.010, no outliers; 3 runs are too "
	    "few to look for regimes (6 needed)");
	judge(stray, 3, &st);
	UNIT_CHECK("stability n=3 stray: noisy, no outlier", st.st_verdict ==
	    IPC_VERDICT_NOISY && st.st_outliers == 0);
	UNIT_CHECK_STR("stability n=3 stray: reason", st.st_reason,
	    "IQR 100.0% of the median (noisy above 10%), CV 0.693, no "
	    "outliers; 3 runs are too few to look for regimes (6 needed)");
}

static void
test_names(void)
{

	UNIT_CHECK_STR("stability names: none",
	    stability_verdict_name(IPC_VERDICT_NONE), "none");
	UNIT_CHECK_STR("stability names: stable",
	    stability_verdict_name(IPC_VERDICT_STABLE), "stable");
	UNIT_CHECK_STR("stability names: noisy",
	    stability_verdict_name(IPC_VERDICT_NOISY), "noisy");
	UNIT_CHECK_STR("stability names: multimodal",
	    stability_verdict_name(IPC_VERDICT_MULTIMODAL), "multimodal");
}

/*
 * What stats_results() makes of runs of 1 MiB that took nsec[i] each
 * (zeroed samples otherwise).
 */
static void
results_of(const long *nsec, struct ipc_sample *s, size_t n,
    struct ipc_results *rs)
{
	struct ipc_config cfg;
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_totalsize = 1024 * 1024;
	for (i = 0; i < n; i++)
		s[i].is_time.tv_nsec = nsec[i];
	stats_results(&cfg, s, n, rs);
}

/*
 * The same for -l: 1000 round trips a run, so nsec[i] / 1e6 usec each.
 */
static void
latency_results_of(const long *nsec, struct ipc_sample *s, size_t n,
    struct ipc_results *rs)
{
	struct ipc_config cfg;
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_latency = true;
	cfg.ic_buffersize = 4;
	cfg.ic_totalsize = 4000;
	for (i = 0; i < n; i++)
		s[i].is_time.tv_nsec = nsec[i];
	stats_results(&cfg, s, n, rs);
}

/*
 * stats_results() judges the bandwidth and marks each sample with its
 * regime and whether it is an outlier.
 */
static void
test_results(void)
{
	static const long nsec[] = { 100000000, 100000000, 100000000,
	    250000000, 250000000, 250000000, 500000000 };
	struct ipc_sample s[NITEMS(nsec)];
	struct ipc_results rs;

	memset(s, 0, sizeof(s));
	results_of(nsec, s, NITEMS(s), &rs);
	UNIT_CHECK("stability results: two regimes", rs.rs_stability.
	    st_verdict == IPC_VERDICT_MULTIMODAL &&
	    rs.rs_stability.st_nregimes == 2);
	UNIT_CHECK("stability results: regimes per sample",
	    s[0].is_regime == 1 && s[3].is_regime == 0 && s[6].is_regime == 0);
	UNIT_CHECK("stability results: no outliers", !s[0].is_outlier &&
	    !s[6].is_outlier);
}

/*
 * With -j or -v the reason points at the machine: runs with steal time,
 * and a slowest regime preempted more than the fastest.
 */
static void
test_noise(void)
{
	static const long nsec[] = { 100000000, 100000000, 100000000,
	    250000000, 250000000, 250000000 };
	static const int64_t steal[] = { 0, 0, 0, 4, 0, 12 };
	static const int64_t nivcsw[] = { 2, 3, 1, 40, 38, 45 };
	struct ipc_sample s[NITEMS(nsec)];
	struct ipc_results rs;
	size_t i;

	memset(s, 0, sizeof(s));
	for (i = 0; i < NITEMS(nsec); i++) {
		s[i].is_noise.nz_steal_ms = steal[i];
		s[i].is_noise.nz_ctxt = -1;
		s[i].is_noise.nz_nivcsw = nivcsw[i];
	}
	results_of(nsec, s, NITEMS(s), &rs);
	UNIT_CHECK_STR("stability noise: reason", rs.rs_stability.st_reason,
	    "two regimes: 3 runs near 4.1K, 3 near 10.2K KBytes/sec; steal "
	    "time in 2 of 6 runs; the slowest regime's runs were preempted "
	    "more (median 40 involuntary switches a run, the fastest's 2)");
	/*
	 * -l: the same runs as round trips, where the long runs (the high
	 * values) are the slow regime.  Preempted more there: said; only
	 * in the fast one: not said.
	 */
	for (i = 0; i < NITEMS(nsec); i++) {
		s[i].is_noise.nz_steal_ms = 0;
		s[i].is_noise.nz_nivcsw = nivcsw[i];
	}
	latency_results_of(nsec, s, NITEMS(s), &rs);
	UNIT_CHECK_STR("stability noise: -l's slowest regime is its last",
	    rs.rs_stability.st_reason,
	    "two regimes: 3 runs near 100, 3 near 250 usec/round-trip; the "
	    "slowest regime's runs were preempted more (median 40 "
	    "involuntary switches a run, the fastest's 2)");
	for (i = 0; i < NITEMS(nsec); i++)
		s[i].is_noise.nz_nivcsw = nivcsw[NITEMS(nsec) - 1 - i];
	latency_results_of(nsec, s, NITEMS(s), &rs);
	UNIT_CHECK_STR("stability noise: -l's fastest preempted more, not said",
	    rs.rs_stability.st_reason,
	    "two regimes: 3 runs near 100, 3 near 250 usec/round-trip");
	/* Unknown counts (-1) say nothing. */
	for (i = 0; i < NITEMS(nsec); i++) {
		s[i].is_noise.nz_steal_ms = -1;
		s[i].is_noise.nz_nivcsw = -1;
	}
	results_of(nsec, s, NITEMS(s), &rs);
	UNIT_CHECK_STR("stability noise: unknown says nothing",
	    rs.rs_stability.st_reason,
	    "two regimes: 3 runs near 4.1K, 3 near 10.2K KBytes/sec");
}

void
unit_stability_tests(void)
{

	test_one_cluster();
	test_two_regimes();
	test_three_regimes();
	test_one_outlier();
	test_many_outliers();
	test_constant();
	test_wide();
	test_small_gap();
	test_n1();
	test_n2();
	test_n3();
	test_names();
	test_results();
	test_noise();
}
