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
 * Summary statistics over the kept samples of a run (-n), and the two
 * per-sample figures every report prints: seconds and L41's "KBytes/sec".
 * The L41 notebooks computed median, standard deviation and Q1/Q3 error
 * bars from the JSON samples; these are the same figures, computed here,
 * once, before reporting, so that text output can carry them too.
 */

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "ipc.h"
#include "stability.h"

static int	stats_cmp(const void *a, const void *b);
static double	stats_sqrt(double v);

/*
 * qsort(3) comparator for doubles, ascending.  Written without a
 * subtraction, which could overflow or lose the sign of tiny differences.
 */
static int
stats_cmp(const void *a, const void *b)
{
	double x, y;

	x = *(const double *)a;
	y = *(const double *)b;
	return ((x > y) - (x < y));
}

/*
 * Square root by Newton's method, so that the binaries need no libm (the
 * contract is libc and libpthread only).  From x >= sqrt(v) the iterates
 * fall monotonically; the last one that still fell is within an ulp.
 */
static double
stats_sqrt(double v)
{
	double x, prev;

	if (!(v > 0.0))
		return (0.0);
	x = v > 1.0 ? v : 1.0;
	do {
		prev = x;
		x = 0.5 * (x + v / x);
	} while (x < prev);
	return (prev);
}

/*
 * The p-quantile of a sorted series by linear interpolation between the
 * closest ranks at position p * (n - 1): numpy's default "linear" method,
 * R type 7, Excel QUARTILE.INC.  n must be at least 1.
 */
double
stats_quantile(const double *sorted, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	pos = p * (double)(n - 1);
	lo = (size_t)pos;
	if (lo >= n - 1)
		return (sorted[n - 1]);
	frac = pos - (double)lo;
	return (sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]));
}

/*
 * A sorted copy of n >= 1 values, for the caller to free(3).
 */
double *
stats_sorted_copy(const double *values, size_t n)
{
	double *sorted;

	if (n > SIZE_MAX / sizeof(*sorted))
		errx(EX_SOFTWARE, "FAIL: stats_sorted_copy: %zu values", n);
	sorted = malloc(n * sizeof(*sorted));
	if (sorted == NULL)
		err(EX_OSERR, "FAIL: malloc");
	memcpy(sorted, values, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), stats_cmp);
	return (sorted);
}

/*
 * Summarise n values into *sm without touching the caller's array: the
 * quartiles come from a sorted copy.  The mean and the sample (n - 1)
 * standard deviation use a shifted, corrected two-pass sum, so a series of
 * identical values gives exactly that value and exactly 0.
 */
void
stats_summarize(const double *values, size_t n, struct ipc_summary *sm)
{
	double *sorted, shift, mean, d, sum, sumsq;
	size_t i;

	memset(sm, 0, sizeof(*sm));
	if (n == 0)
		return;
	sorted = stats_sorted_copy(values, n);

	sm->sm_count = n;
	sm->sm_min = sorted[0];
	sm->sm_max = sorted[n - 1];
	sm->sm_q1 = stats_quantile(sorted, n, 0.25);
	sm->sm_median = stats_quantile(sorted, n, 0.5);
	sm->sm_q3 = stats_quantile(sorted, n, 0.75);

	/* Pass 1: the mean, summed relative to the median to limit error. */
	shift = sm->sm_median;
	sum = 0.0;
	for (i = 0; i < n; i++)
		sum += sorted[i] - shift;
	mean = shift + sum / (double)n;
	if (mean < sm->sm_min)
		mean = sm->sm_min;
	if (mean > sm->sm_max)
		mean = sm->sm_max;
	sm->sm_mean = mean;

	/*
	 * Pass 2: squared deviations, less the rounding error of pass 1
	 * (the "corrected two-pass" algorithm of Chan, Golub and LeVeque).
	 */
	if (n > 1) {
		sum = sumsq = 0.0;
		for (i = 0; i < n; i++) {
			d = sorted[i] - mean;
			sum += d;
			sumsq += d * d;
		}
		sumsq -= sum * sum / (double)n;
		sm->sm_stddev = sumsq > 0.0 ?
		    stats_sqrt(sumsq / (double)(n - 1)) : 0.0;
	}
	free(sorted);
}

/*
 * The measured time of one run, in seconds.
 */
double
sample_seconds(const struct ipc_sample *s)
{

	return ((double)s->is_time.tv_sec +
	    (double)s->is_time.tv_nsec / 1000000000.0);
}

/*
 * L41's "KBytes/sec": total bytes / 1024 / seconds, in double (L41 used
 * float).  A zero or negative time gives 0 rather than inf or nan, which
 * JSON cannot carry.
 */
double
sample_kbytes_per_sec(const struct ipc_config *cfg,
    const struct ipc_sample *s)
{
	double secs;

	secs = sample_seconds(s);
	if (!(secs > 0.0))
		return (0.0);
	return ((double)cfg->ic_totalsize / secs / 1024.0);
}

/*
 * -l: the run's time per round trip in microseconds (round trips =
 * totalsize / buffersize); 0 for a zero time, like the rate.
 */
double
sample_usec_per_roundtrip(const struct ipc_config *cfg,
    const struct ipc_sample *s)
{
	double secs;

	secs = sample_seconds(s);
	if (!(secs > 0.0))
		return (0.0);
	return (secs * 1e6 / (double)(cfg->ic_totalsize /
	    cfg->ic_buffersize));
}

/*
 * Fill in what the report prints but the runs did not measure directly:
 * each sample's KBytes/sec (and with -l its time per round trip), the
 * summaries over the n kept samples, and the stability verdict on the
 * headline figure (bandwidth, or with -l the time per round trip) with
 * each sample's place in it.  The report only prints these.
 */
void
stats_results(const struct ipc_config *cfg, struct ipc_sample *samples,
    size_t n, struct ipc_results *rs)
{
	const char *unit;
	double *bw, *secs, *lat, *head;
	size_t i;

	unit = cfg->ic_latency ? "usec/round-trip" : "KBytes/sec";
	rs->rs_samples = samples;
	rs->rs_count = n;
	memset(&rs->rs_bandwidth, 0, sizeof(rs->rs_bandwidth));
	memset(&rs->rs_latency, 0, sizeof(rs->rs_latency));
	memset(&rs->rs_time, 0, sizeof(rs->rs_time));
	stability_judge(NULL, 0, unit, &rs->rs_stability);
	if (n == 0)
		return;
	bw = calloc(n, sizeof(*bw));
	secs = calloc(n, sizeof(*secs));
	lat = calloc(n, sizeof(*lat));
	if (bw == NULL || secs == NULL || lat == NULL)
		err(EX_OSERR, "FAIL: calloc");
	for (i = 0; i < n; i++) {
		samples[i].is_kbytes_per_sec = sample_kbytes_per_sec(cfg,
		    &samples[i]);
		bw[i] = samples[i].is_kbytes_per_sec;
		secs[i] = sample_seconds(&samples[i]);
		if (cfg->ic_latency)
			samples[i].is_usec_per_rt = sample_usec_per_roundtrip(
			    cfg, &samples[i]);
		lat[i] = samples[i].is_usec_per_rt;
	}
	stats_summarize(bw, n, &rs->rs_bandwidth);
	stats_summarize(secs, n, &rs->rs_time);
	if (cfg->ic_latency)
		stats_summarize(lat, n, &rs->rs_latency);
	head = cfg->ic_latency ? lat : bw;
	stability_judge(head, n, unit, &rs->rs_stability);
	for (i = 0; i < n; i++) {
		samples[i].is_outlier = stability_is_outlier(
		    &rs->rs_stability, head[i]);
		samples[i].is_regime = stability_regime_of(&rs->rs_stability,
		    head[i]);
	}
	stability_noise(&rs->rs_stability, samples, n, cfg->ic_latency);
	free(bw);
	free(secs);
	free(lat);
}
