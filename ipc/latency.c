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
 * -l: what the per-round-trip stamps of one run show.  The ping-pong
 * loop reads the library clock (IPC_CLOCK_ROUNDTRIP) once before
 * the first round trip and once after each, into an array allocated and
 * touched before the run; here, after the run, consecutive stamps become
 * round-trip times, sorted in place (no allocation: the array may be
 * large), and summarised as the minimum, the nearest-rank percentiles
 * p50, p90, p99 and p99.9, the maximum, their sum (the mean is the sum
 * over the count), and a log-scale histogram with four buckets per power
 * of two of nanoseconds (HdrHistogram's layout with two sub-bucket bits:
 * each bucket's width is a quarter of its power of two).
 */

#include <stdint.h>
#include <string.h>

#include "ipc.h"
#include "latency.h"

static void	sift_down(uint64_t *a, size_t root, size_t n);
static void	heapsort_u64(uint64_t *a, size_t n);

/*
 * Restore the max-heap property below root in a[0 .. n-1].
 */
static void
sift_down(uint64_t *a, size_t root, size_t n)
{
	size_t child;
	uint64_t v;

	v = a[root];
	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[child] <= v)
			break;
		a[root] = a[child];
		root = child;
	}
	a[root] = v;
}

/*
 * Sort a[0 .. n-1] ascending in place, in O(n log n) whatever the input:
 * qsort(3) may allocate a copy as large as the array (glibc does), which
 * the memory guard does not count.
 */
static void
heapsort_u64(uint64_t *a, size_t n)
{
	size_t i;
	uint64_t t;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n - 1; i > 0; i--) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

/*
 * The histogram bucket of a time of ns nanoseconds: 0 to 3 hold those
 * values exactly; from 4 on, each power of two [2^k, 2^(k+1)) is split
 * into four equal buckets 4(k-1) .. 4(k-1)+3.
 */
size_t
latency_bucket(uint64_t ns)
{
	unsigned int k;

	if (ns < 4)
		return ((size_t)ns);
	for (k = 2; k < 63 && ns >> (k + 1) != 0; k++)
		;
	return ((size_t)(4 * (k - 1) + ((ns >> (k - 2)) & 3)));
}

/*
 * The smallest time (ns) that falls in bucket b (b < IPC_LAT_BUCKETS).
 */
uint64_t
latency_bucket_floor(size_t b)
{
	unsigned int k;

	if (b < 8)
		return ((uint64_t)b);
	k = (unsigned int)(b / 4 + 1);
	return ((uint64_t)(4 + b % 4) << (k - 2));
}

/*
 * The nearest-rank percentile of sorted[0 .. n-1] (n >= 1), p given in
 * hundredths of a percent (9990 for p99.9): the smallest time that at
 * least that share of the round trips did not exceed, always one that
 * was measured.  The rank is computed in integers, so p99.9 of 10000
 * round trips is exactly the 9990th.
 */
uint64_t
latency_percentile(const uint64_t *sorted, size_t n, unsigned int p)
{
	uint64_t rank;

	/*
	 * ceil(n * p / 10000) without n * p, which could overflow: with
	 * n = 10000 q + r it is q p + ceil(r p / 10000).  (A test of n
	 * against UINT64_MAX / 10000 instead is always false where size_t
	 * has 32 bits, which -Wtype-limits rejects on armhf.)
	 */
	rank = (uint64_t)n / 10000 * p + ((uint64_t)n % 10000 * p + 9999) /
	    10000;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return (sorted[rank - 1]);
}

/*
 * Summarise the rounds + 1 stamps (ns, in the order taken) of one run
 * into *lt, and count the round-trip times into hist (IPC_LAT_BUCKETS
 * entries, zeroed here; NULL: none wanted).  Consumes the array: its
 * first rounds entries end up as the sorted round-trip times.  A stamp
 * earlier than the one before it (which CLOCK_MONOTONIC rules out)
 * counts as a round trip of 0 ns rather than wrapping around.
 */
void
latency_summarize(uint64_t *stamps, size_t rounds, uint64_t *hist,
    struct ipc_latency *lt)
{
	uint64_t d, sum;
	size_t i;

	memset(lt, 0, sizeof(*lt));
	lt->lt_hist = hist;
	if (hist != NULL)
		memset(hist, 0, IPC_LAT_BUCKETS * sizeof(*hist));
	if (stamps == NULL || rounds == 0)
		return;
	sum = 0;
	for (i = 0; i < rounds; i++) {
		/* stamps[i] is read before it is overwritten. */
		d = stamps[i + 1] >= stamps[i] ? stamps[i + 1] - stamps[i] : 0;
		stamps[i] = d;
		sum += d;
		if (hist != NULL)
			hist[latency_bucket(d)]++;
	}
	heapsort_u64(stamps, rounds);
	lt->lt_count = rounds;
	lt->lt_sum = sum;
	lt->lt_min = stamps[0];
	lt->lt_p50 = latency_percentile(stamps, rounds, 5000);
	lt->lt_p90 = latency_percentile(stamps, rounds, 9000);
	lt->lt_p99 = latency_percentile(stamps, rounds, 9900);
	lt->lt_p999 = latency_percentile(stamps, rounds, 9990);
	lt->lt_max = stamps[rounds - 1];
}
