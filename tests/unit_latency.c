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
 * Unit tests for latency.c: the histogram's bucket layout at every
 * boundary, nearest-rank percentiles against ranks worked out by hand,
 * and the summary of a stamp series (durations, sum, order statistics,
 * histogram counts), including the degenerate and extreme cases.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "latency.h"
#include "unit.h"

#define	NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static void	test_bucket_small(void);
static void	test_bucket_layout(void);
static void	test_percentile_ranks(void);
static void	test_summarize_known(void);
static void	test_summarize_shuffled(void);
static void	test_summarize_one(void);
static void	test_summarize_equal(void);
static void	test_summarize_backwards(void);
static void	test_summarize_empty(void);

/*
 * Times below 8 ns have buckets of their own; the first split power of
 * two, [8, 16), goes 2 ns a bucket.
 */
static void
test_bucket_small(void)
{
	static const struct {
		uint64_t ns;
		size_t	 bucket;
	} cases[] = {
		{ 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 4 }, { 5, 5 },
		{ 6, 6 }, { 7, 7 }, { 8, 8 }, { 9, 8 }, { 10, 9 }, { 11, 9 },
		{ 12, 10 }, { 14, 11 }, { 15, 11 }, { 16, 12 }, { 19, 12 },
		{ 20, 13 }, { 31, 15 }, { 32, 16 },
		{ 1000, 4 * 8 + 3 },	/* 2^9 = 512: [896, 1024) */
		{ 8191, 4 * 11 + 3 }, { 8192, 4 * 12 },
		{ UINT64_MAX, IPC_LAT_BUCKETS - 1 },
		{ (uint64_t)1 << 63, IPC_LAT_BUCKETS - 4 },
	};
	size_t i;
	bool ok;

	ok = true;
	for (i = 0; i < NITEMS(cases); i++)
		if (latency_bucket(cases[i].ns) != cases[i].bucket) {
			printf("# latency_bucket(%ju) = %zu, want %zu\n",
			    (uintmax_t)cases[i].ns,
			    latency_bucket(cases[i].ns), cases[i].bucket);
			ok = false;
		}
	UNIT_CHECK("latency-bucket-small-and-edges", ok);
}

/*
 * Every bucket's floor falls in that bucket, the value just below it in
 * the bucket before, floors rise, and from 8 ns on each bucket is a
 * quarter of its power of two wide.
 */
static void
test_bucket_layout(void)
{
	uint64_t lo, next, width;
	size_t b;
	bool ok, rising, quarter;

	ok = rising = quarter = true;
	for (b = 0; b < IPC_LAT_BUCKETS; b++) {
		lo = latency_bucket_floor(b);
		if (latency_bucket(lo) != b)
			ok = false;
		if (b > 0 && latency_bucket(lo - 1) != b - 1)
			ok = false;
		if (b + 1 < IPC_LAT_BUCKETS) {
			next = latency_bucket_floor(b + 1);
			if (next <= lo)
				rising = false;
			width = next - lo;
			/* Bucket b >= 8 covers [2^k, 2^(k+1)), k = b/4 + 1. */
			if (b >= 8 && width != (uint64_t)1 << (b / 4 + 1 - 2))
				quarter = false;
		}
	}
	UNIT_CHECK("latency-bucket-floor-roundtrip", ok);
	UNIT_CHECK("latency-bucket-floors-rise", rising);
	UNIT_CHECK("latency-bucket-quarter-octave", quarter);
}

/*
 * Nearest rank: rank ceil(p n), at least 1.  With 1..n sorted, the
 * percentile is the rank itself.
 */
static void
test_percentile_ranks(void)
{
	uint64_t *v;
	size_t i;

	v = calloc(10001, sizeof(*v));
	if (v == NULL) {
		UNIT_CHECK("latency-percentile-alloc", false);
		return;
	}
	for (i = 0; i < 10001; i++)
		v[i] = i + 1;
	UNIT_CHECK("latency-percentile-p50-10000",
	    latency_percentile(v, 10000, 5000) == 5000);
	UNIT_CHECK("latency-percentile-p90-10000",
	    latency_percentile(v, 10000, 9000) == 9000);
	UNIT_CHECK("latency-percentile-p99-10000",
	    latency_percentile(v, 10000, 9900) == 9900);
	UNIT_CHECK("latency-percentile-p999-10000",
	    latency_percentile(v, 10000, 9990) == 9990);
	UNIT_CHECK("latency-percentile-p100-10000",
	    latency_percentile(v, 10000, 10000) == 10000);
	/* 10001 values: ceil(0.5 * 10001) = 5001, ceil(0.999 * 10001) = 9991. */
	UNIT_CHECK("latency-percentile-p50-10001",
	    latency_percentile(v, 10001, 5000) == 5001);
	UNIT_CHECK("latency-percentile-p999-10001",
	    latency_percentile(v, 10001, 9990) == 9991);
	/* Few values: p99.9 of 10 is the largest, p50 of 3 the middle. */
	UNIT_CHECK("latency-percentile-p999-10",
	    latency_percentile(v, 10, 9990) == 10);
	UNIT_CHECK("latency-percentile-p50-3",
	    latency_percentile(v, 3, 5000) == 2);
	UNIT_CHECK("latency-percentile-p50-2",
	    latency_percentile(v, 2, 5000) == 1);
	UNIT_CHECK("latency-percentile-p0-is-min",
	    latency_percentile(v, 100, 0) == 1);
	UNIT_CHECK("latency-percentile-one",
	    latency_percentile(v, 1, 9990) == 1);
	free(v);
}

/*
 * Stamps 1000 + the running sum of 1..n: round trip i takes i ns.
 */
static void
test_summarize_known(void)
{
	struct ipc_latency lt;
	uint64_t *st, hist[IPC_LAT_BUCKETS], total;
	size_t i, n;
	bool sorted;

	n = 1000;
	st = calloc(n + 1, sizeof(*st));
	if (st == NULL) {
		UNIT_CHECK("latency-summarize-alloc", false);
		return;
	}
	st[0] = 1000;
	for (i = 1; i <= n; i++)
		st[i] = st[i - 1] + i;
	memset(hist, 0xff, sizeof(hist));
	latency_summarize(st, n, hist, &lt);
	UNIT_CHECK("latency-summarize-count", lt.lt_count == n);
	UNIT_CHECK("latency-summarize-sum", lt.lt_sum == n * (n + 1) / 2);
	UNIT_CHECK("latency-summarize-min", lt.lt_min == 1);
	UNIT_CHECK("latency-summarize-p50", lt.lt_p50 == 500);
	UNIT_CHECK("latency-summarize-p90", lt.lt_p90 == 900);
	UNIT_CHECK("latency-summarize-p99", lt.lt_p99 == 990);
	UNIT_CHECK("latency-summarize-p999", lt.lt_p999 == 999);
	UNIT_CHECK("latency-summarize-max", lt.lt_max == 1000);
	UNIT_CHECK("latency-summarize-hist-pointer", lt.lt_hist == hist);
	sorted = true;
	for (i = 0; i < n; i++)
		if (st[i] != i + 1)
			sorted = false;
	UNIT_CHECK("latency-summarize-leaves-sorted-times", sorted);
	total = 0;
	for (i = 0; i < IPC_LAT_BUCKETS; i++)
		total += hist[i];
	UNIT_CHECK("latency-summarize-hist-total", total == n);
	/* 1..7 one each; [8, 10) holds 8 and 9; [512, 640) holds 128. */
	UNIT_CHECK("latency-summarize-hist-exact", hist[1] == 1 &&
	    hist[7] == 1 && hist[0] == 0);
	UNIT_CHECK("latency-summarize-hist-split", hist[8] == 2 &&
	    hist[latency_bucket(512)] == 128);
	free(st);
}

/*
 * Order does not matter: round trips of a permutation of 1..n give the
 * same statistics (a shuffle by a fixed LCG, so the test is repeatable).
 */
static void
test_summarize_shuffled(void)
{
	struct ipc_latency lt;
	uint64_t *d, *st, x, t;
	size_t i, j, n;

	n = 4099;
	d = calloc(n, sizeof(*d));
	st = calloc(n + 1, sizeof(*st));
	if (d == NULL || st == NULL) {
		UNIT_CHECK("latency-shuffled-alloc", false);
		free(d);
		free(st);
		return;
	}
	for (i = 0; i < n; i++)
		d[i] = (i + 1) * 10;
	x = 12345;
	for (i = n - 1; i > 0; i--) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		j = (size_t)((x >> 33) % (i + 1));
		t = d[i];
		d[i] = d[j];
		d[j] = t;
	}
	st[0] = 5;
	for (i = 0; i < n; i++)
		st[i + 1] = st[i] + d[i];
	latency_summarize(st, n, NULL, &lt);
	/* Ranks: ceil(0.5 * 4099) = 2050, ceil(0.999 * 4099) = 4095. */
	UNIT_CHECK("latency-shuffled-p50", lt.lt_p50 == 20500);
	UNIT_CHECK("latency-shuffled-p90", lt.lt_p90 == 36900);
	UNIT_CHECK("latency-shuffled-p99", lt.lt_p99 == 40590);
	UNIT_CHECK("latency-shuffled-p999", lt.lt_p999 == 40950);
	UNIT_CHECK("latency-shuffled-extremes", lt.lt_min == 10 &&
	    lt.lt_max == 40990);
	UNIT_CHECK("latency-shuffled-no-hist", lt.lt_hist == NULL);
	free(d);
	free(st);
}

/*
 * One round trip: every statistic is that one time.
 */
static void
test_summarize_one(void)
{
	struct ipc_latency lt;
	uint64_t st[2] = { 7, 7 + 8123 }, hist[IPC_LAT_BUCKETS];

	latency_summarize(st, 1, hist, &lt);
	UNIT_CHECK("latency-one-all-equal", lt.lt_count == 1 &&
	    lt.lt_sum == 8123 && lt.lt_min == 8123 && lt.lt_p50 == 8123 &&
	    lt.lt_p999 == 8123 && lt.lt_max == 8123);
	UNIT_CHECK("latency-one-hist", hist[latency_bucket(8123)] == 1);
}

/*
 * Equal stamps (a clock coarser than the round trips): zero times, in
 * bucket 0, not an error.
 */
static void
test_summarize_equal(void)
{
	struct ipc_latency lt;
	uint64_t st[5] = { 9, 9, 9, 9, 9 }, hist[IPC_LAT_BUCKETS];

	latency_summarize(st, 4, hist, &lt);
	UNIT_CHECK("latency-equal-zero", lt.lt_sum == 0 && lt.lt_max == 0 &&
	    lt.lt_p50 == 0 && hist[0] == 4);
}

/*
 * A stamp earlier than its predecessor counts as 0 ns, never as a
 * wrapped-around 2^64 - d.
 */
static void
test_summarize_backwards(void)
{
	struct ipc_latency lt;
	uint64_t st[4] = { 100, 150, 140, 200 };

	latency_summarize(st, 3, NULL, &lt);
	UNIT_CHECK("latency-backwards-clamped", lt.lt_min == 0 &&
	    lt.lt_max == 60 && lt.lt_sum == 110);
}

/*
 * No round trips, or no array: all zero, and the histogram cleared.
 */
static void
test_summarize_empty(void)
{
	struct ipc_latency lt;
	uint64_t st[1] = { 42 }, hist[IPC_LAT_BUCKETS];
	size_t i;
	bool clear;

	memset(hist, 0xff, sizeof(hist));
	latency_summarize(st, 0, hist, &lt);
	clear = true;
	for (i = 0; i < IPC_LAT_BUCKETS; i++)
		if (hist[i] != 0)
			clear = false;
	UNIT_CHECK("latency-empty-zero", lt.lt_count == 0 &&
	    lt.lt_sum == 0 && lt.lt_max == 0 && clear);
	latency_summarize(NULL, 5, NULL, &lt);
	UNIT_CHECK("latency-null-zero", lt.lt_count == 0);
}

void
unit_latency_tests(void)
{

	test_bucket_small();
	test_bucket_layout();
	test_percentile_ranks();
	test_summarize_known();
	test_summarize_shuffled();
	test_summarize_one();
	test_summarize_equal();
	test_summarize_backwards();
	test_summarize_empty();
}
