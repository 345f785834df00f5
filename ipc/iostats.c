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
 * In-loop transfer accounting: what a DTrace quantize() of read()/write()
 * return values shows students, gathered without a tracer and so without
 * a probe effect.  One call per read() or write(), most of them a
 * single add (iostats.h).
 */

#include <errno.h>

#include "ipc.h"
#include "iostats.h"

/*
 * Index of the highest set bit of v > 0: the bucket [2^k, 2^(k+1)).
 * One instruction with gcc/clang; a shift loop cost 4% of the 1thread
 * pipe bandwidth at 4 KiB (make bench).
 */
static inline unsigned int
log2_bucket(uint64_t v)
{
#if defined(__GNUC__)
	return (63 - (unsigned int)__builtin_clzll(v));
#else
	unsigned int k;

	k = 0;
	while (v >>= 1)
		k++;
	return (k);
#endif
}

/*
 * The calls io_stats_record() does not count by a bump alone: a whole
 * transfer of a new size starts a new run (the old one settled first);
 * anything else is counted here.  EAGAIN is a would-block return; other
 * errors are the caller's to report.
 */
void
io_stats_call(struct ipc_io_stats *ios, size_t asked, ssize_t len)
{
	unsigned int k;

	if (len > 0 && (size_t)len == asked) {
		io_stats_settle(ios);
		ios->ios_runlen = asked;
		ios->ios_run = 1;
		return;
	}
	ios->ios_calls++;
	if (len < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			ios->ios_wouldblock++;
		return;
	}
	if ((size_t)len < asked)
		ios->ios_short++;
	if (len > 0) {
		k = log2_bucket((uint64_t)len);
		ios->ios_bytes += (uint64_t)len;
		ios->ios_hist[k]++;
		ios->ios_hist_bytes[k] += (uint64_t)len;
	}
}

/*
 * Count the run of whole transfers into the calls, bytes and histogram.
 */
void
io_stats_settle(struct ipc_io_stats *ios)
{
	uint64_t n, bytes;
	unsigned int k;

	if ((n = ios->ios_run) == 0)
		return;
	bytes = n * (uint64_t)ios->ios_runlen;
	ios->ios_calls += n;
	ios->ios_bytes += bytes;
	if (ios->ios_runlen > 0) {
		k = log2_bucket((uint64_t)ios->ios_runlen);
		ios->ios_hist[k] += n;
		ios->ios_hist_bytes[k] += bytes;
	}
	ios->ios_run = 0;
}

/*
 * Add b's counts into a: -l's two sides each send and receive, and a
 * run reports them together, as a tracer counts them.
 */
void
io_stats_add(struct ipc_io_stats *a, const struct ipc_io_stats *b)
{
	struct ipc_io_stats c;
	int k;

	io_stats_settle(a);
	c = *b;
	io_stats_settle(&c);
	b = &c;
	a->ios_calls += b->ios_calls;
	a->ios_short += b->ios_short;
	a->ios_wouldblock += b->ios_wouldblock;
	a->ios_bytes += b->ios_bytes;
	for (k = 0; k < IPC_HIST_BUCKETS; k++) {
		a->ios_hist[k] += b->ios_hist[k];
		a->ios_hist_bytes[k] += b->ios_hist_bytes[k];
	}
}
