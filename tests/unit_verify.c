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
 * Unit tests of -V's pattern (ipc/verify.c): the stream a sender makes
 * (fill once, stamp each block's header) is the reference pattern; the
 * checker accepts it however the reads split it; and for buffersizes 1,
 * 2, 3, 7, 8, 4096 and 65537 every dropped, duplicated or reordered block
 * or byte, and every corrupted byte, makes the received bytes differ from
 * the pattern within about one block, where the checker names the first
 * wrong offset with the expected and the seen byte.  Runs of 2, 8, 32 and
 * 128 lost bytes show as fast: the table has no short period.  Shifts of
 * any length up to 2^40 bytes show as fast at buffersizes 1 to 9 and 4096
 * (a 256-byte duplicate at -b 1 and a 128 KiB shift at -b 2 among them):
 * no header repeats within a run.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "unit.h"
#include "verify.h"

/* Chunk sizes the simulated receiver reads in, in turn. */
static const size_t read_sizes[] = { 1, 5, 4096, 3, 65536, 7, 1000, 2 };
#define	NREADS	(sizeof(read_sizes) / sizeof(read_sizes[0]))

static unsigned char *sender_stream(const struct ipc_verify *v,
		    size_t nblocks);
static int	receive(const struct ipc_verify *v, const unsigned char *p,
		    size_t len, struct ipc_verify_mismatch *vm);
static size_t	first_diff(const unsigned char *a, const unsigned char *b,
		    size_t len);
static int	fault_ok(const struct ipc_verify *v, const unsigned char *good,
		    const unsigned char *bad, size_t len, size_t at,
		    size_t window);
static void	faults_for(size_t b, size_t nblocks);
static int	shift_caught(const struct ipc_verify *v, uint64_t p,
		    uint64_t from, size_t window);
static void	long_shifts(size_t b, uint64_t dmax);

/*
 * What a -V sender transmits: its buffer filled once, then per block the
 * header stamped and the whole buffer sent.
 */
static unsigned char *
sender_stream(const struct ipc_verify *v, size_t nblocks)
{
	unsigned char *s;
	char *buf;
	size_t k, b;

	b = v->vf_msg;
	if ((s = malloc(b * nblocks)) == NULL || (buf = malloc(b)) == NULL) {
		perror("malloc");
		exit(1);
	}
	verify_fill(v, buf);
	for (k = 0; k < nblocks; k++) {
		verify_stamp(v, buf, k);
		memcpy(s + k * b, buf, b);
	}
	free(buf);
	return (s);
}

/*
 * Feed len received bytes to the checker in reads of varying sizes, as a
 * receiver loop does.  Returns verify_check()'s verdict.
 */
static int
receive(const struct ipc_verify *v, const unsigned char *p, size_t len,
    struct ipc_verify_mismatch *vm)
{
	size_t off, n, i;

	for (off = 0, i = 0; off < len; off += n, i++) {
		n = read_sizes[i % NREADS];
		if (n > len - off)
			n = len - off;
		if (verify_check(v, off, (const char *)p + off, n, vm) != 0)
			return (-1);
	}
	return (0);
}

/*
 * Index of the first byte where a and b differ, or len.
 */
static size_t
first_diff(const unsigned char *a, const unsigned char *b, size_t len)
{
	size_t i, n;

	/* memcmp() whole pages first: the fault loops call this a lot. */
	for (i = 0; i < len; i += n) {
		n = len - i < 4096 ? len - i : 4096;
		if (memcmp(a + i, b + i, n) != 0)
			break;
	}
	for (; i < len && a[i] == b[i]; i++)
		continue;
	return (i);
}

/*
 * A fault at offset `at` turned the correct stream good into bad (len
 * bytes received).  True when the bytes differ no later than at + window
 * and the checker reports exactly that first difference.
 */
static int
fault_ok(const struct ipc_verify *v, const unsigned char *good,
    const unsigned char *bad, size_t len, size_t at, size_t window)
{
	struct ipc_verify_mismatch vm;
	size_t d;

	d = first_diff(good, bad, len);
	if (d == len || d > at + window)
		return (0);
	if (receive(v, bad, len, &vm) == 0)
		return (0);
	return (vm.vm_offset == d && vm.vm_expected == good[d] &&
	    vm.vm_seen == bad[d]);
}

/*
 * Every kind of fault, for buffersize b over a stream of nblocks blocks
 * (messages).  Byte faults are tried at every offset of streams up to
 * 8 KiB; beyond, at the first and last 64 bytes of each block and at
 * every 61st offset (every 251st past 64 KiB), to keep the unit tests
 * fast.  Below 8 bytes a message holds a part of one 8-byte header, so a
 * fault shows within 8 bytes rather than within the message.
 */
static void
faults_for(size_t b, size_t nblocks)
{
	struct ipc_verify v;
	struct ipc_verify_mismatch vm;
	unsigned char *good, *bad;
	size_t len, j, o, d, w, bw, window, tried, missed[6];
	char name[96];
	unsigned char c;
	int kind;

	if (verify_init(&v, b) != 0) {
		perror("verify_init");
		exit(1);
	}
	len = b * nblocks;
	good = sender_stream(&v, nblocks);
	if ((bad = malloc(len + b)) == NULL) {
		perror("malloc");
		exit(1);
	}

	/* The sender's stream is the pattern, and the checker accepts it. */
	for (o = 0; o < len && good[o] == verify_byte(&v, o); o++)
		continue;
	(void)snprintf(name, sizeof(name), "verify-b%zu-sender-is-pattern", b);
	UNIT_CHECK(name, o == len);
	(void)snprintf(name, sizeof(name), "verify-b%zu-clean-passes", b);
	UNIT_CHECK(name, receive(&v, good, len, &vm) == 0);

	/* Whole blocks: dropped, duplicated, swapped with the next. */
	memset(missed, 0, sizeof(missed));
	bw = b < v.vf_hdrlen ? v.vf_hdrlen : b;
	for (j = 0; j + 1 < nblocks; j++) {
		memcpy(bad, good, j * b);
		memcpy(bad + j * b, good + (j + 1) * b, len - (j + 1) * b);
		if (!fault_ok(&v, good, bad, len - b, j * b, bw))
			missed[0]++;
		memcpy(bad, good, (j + 1) * b);
		memcpy(bad + (j + 1) * b, good + j * b, len - (j + 1) * b);
		if (!fault_ok(&v, good, bad, len, (j + 1) * b, bw))
			missed[1]++;
		/* Two equal messages swapped change nothing: no fault. */
		if (memcmp(good + j * b, good + (j + 1) * b, b) == 0)
			continue;
		memcpy(bad, good, len);
		memcpy(bad + j * b, good + (j + 1) * b, b);
		memcpy(bad + (j + 1) * b, good + j * b, b);
		if (!fault_ok(&v, good, bad, len, j * b, bw))
			missed[2]++;
	}
	(void)snprintf(name, sizeof(name), "verify-b%zu-dropped-block", b);
	UNIT_CHECK(name, missed[0] == 0);
	(void)snprintf(name, sizeof(name), "verify-b%zu-duplicated-block", b);
	UNIT_CHECK(name, missed[1] == 0);
	(void)snprintf(name, sizeof(name), "verify-b%zu-swapped-blocks", b);
	UNIT_CHECK(name, missed[2] == 0);

	/* Single bytes: dropped, duplicated, swapped, corrupted. */
	memset(missed, 0, sizeof(missed));
	window = 8;
	tried = 0;
	for (o = 0; o + 1 < len; o++) {
		if (len > 8192 && o % b >= 64 && b - o % b > 64 &&
		    o % (len > 65536 ? 251 : 61) != 0)
			continue;
		tried++;
		/*
		 * Inside a block body, neighbouring table bytes differ, so a
		 * byte dropped shows at its own offset, a doubled one next.
		 */
		w = (o % b >= v.vf_hdrlen && o % b + 1 < b) ? 0 : window;
		memcpy(bad, good, o);
		memcpy(bad + o, good + o + 1, len - o - 1);
		if (!fault_ok(&v, good, bad, len - 1, o, w))
			missed[0]++;
		memcpy(bad, good, o + 1);
		memcpy(bad + o + 1, good + o, len - o - 1);
		if (!fault_ok(&v, good, bad, len, o, w + 1))
			missed[1]++;
		/* A run of bytes lost: the table has no short period. */
		for (d = 2; d < b && d <= 256 && o + d < len; d *= 4) {
			memcpy(bad, good, o);
			memcpy(bad + o, good + o + d, len - o - d);
			if (!fault_ok(&v, good, bad, len - d, o, window))
				missed[4]++;
		}
		/* A swap of equal bytes changes nothing: not a fault. */
		if (good[o] != good[o + 1]) {
			memcpy(bad, good, len);
			c = bad[o];
			bad[o] = bad[o + 1];
			bad[o + 1] = c;
			if (!fault_ok(&v, good, bad, len, o, 1))
				missed[2]++;
		}
		memcpy(bad, good, len);
		bad[o] ^= 0x01;
		if (!fault_ok(&v, good, bad, len, o, 0))
			missed[3]++;
	}
	/*
	 * Every run length at once: losing d bytes from the start of block
	 * 1's body, for each d < b, shows within 8 bytes (no period).
	 */
	j = 0;
	o = b + v.vf_hdrlen;
	for (d = 1; d < b && o + d + 9 <= len; d++) {
		memcpy(bad, good, o);
		memcpy(bad + o, good + o + d, 9);
		if (!fault_ok(&v, good, bad, o + 9, o, 8))
			j++;
	}
	(void)snprintf(name, sizeof(name), "verify-b%zu-every-shift", b);
	UNIT_CHECK(name, j == 0);

	for (kind = 0; kind < 5; kind++) {
		static const char *what[] = { "dropped-byte",
		    "duplicated-byte", "swapped-bytes", "corrupted-byte",
		    "dropped-run" };

		(void)snprintf(name, sizeof(name), "verify-b%zu-%s", b,
		    what[kind]);
		if (missed[kind] != 0)
			printf("# b=%zu %s: %zu of %zu offsets missed\n", b,
			    what[kind], missed[kind], tried);
		UNIT_CHECK(name, missed[kind] == 0 && tried > 0);
	}

	/* A receiver that got nothing (zero bytes) fails at offset 0. */
	memset(bad, 0, len);
	(void)snprintf(name, sizeof(name), "verify-b%zu-zeros-fail-at-0", b);
	UNIT_CHECK(name, receive(&v, bad, len, &vm) != 0 &&
	    vm.vm_offset == 0 && vm.vm_seen == 0 && vm.vm_expected != 0);

	free(bad);
	free(good);
	verify_free(&v);
}

/*
 * The receiver expects the stream from offset p on but gets it from
 * offset `from` (a loss or a duplicate of |from - p| bytes at p).  True
 * when the bytes differ within window bytes and the checker, fed from p,
 * names exactly that first difference.
 */
static int
shift_caught(const struct ipc_verify *v, uint64_t p, uint64_t from,
    size_t window)
{
	struct ipc_verify_mismatch vm;
	unsigned char got[4096 + 16];
	size_t i, f;

	if (window > sizeof(got))
		return (0);
	for (i = 0; i < window; i++)
		got[i] = verify_byte(v, from + i);
	for (f = 0; f < window && got[f] == verify_byte(v, p + f); f++)
		continue;
	if (f == window)
		return (0);
	return (verify_check(v, p, (const char *)got, window, &vm) != 0 &&
	    vm.vm_offset == p + f && vm.vm_seen == got[f] &&
	    vm.vm_expected == verify_byte(v, p + f));
}

/*
 * Shifts of any length up to dmax: every d up to 2048 (64 for large
 * buffers) and, around every power of 256 times the buffer size and
 * times 8, where a header narrower than 8 bytes would repeat, d - 1 to
 * d + 1.  Each is lost and duplicated at message boundaries and inside
 * messages, near offset 0 and across carries of the block number, and
 * must show within one block plus a header.
 */
static void
long_shifts(size_t b, uint64_t dmax)
{
	struct ipc_verify v;
	uint64_t d, p, base, pw, sizes[16], ds[4096 + 64];
	size_t nd, ns, i, k, u, window, tried, missed;
	char name[96];

	if (verify_init(&v, b) != 0) {
		perror("verify_init");
		exit(1);
	}
	window = v.vf_block + v.vf_hdrlen;
	nd = 0;
	for (d = 1; d <= (b > 64 ? 64 : 2048) && d <= dmax; d++)
		ds[nd++] = d;
	for (u = 0; u < 2; u++)
		for (pw = 256; pw <= dmax / (u == 0 ? b : 8); pw *= 256)
			for (d = pw * (u == 0 ? b : 8) - 1;
			    d <= pw * (u == 0 ? b : 8) + 1 && d <= dmax; d++)
				ds[nd++] = d;
	/* Fault positions relative to a base: boundaries and inside. */
	ns = 0;
	sizes[ns++] = 0;
	sizes[ns++] = 1;
	sizes[ns++] = b;
	sizes[ns++] = b + b / 2;
	sizes[ns++] = 3 * b - 1;
	tried = missed = 0;
	for (i = 0; i < nd; i++) {
		d = ds[i];
		for (base = 0; base < 3; base++) {
			/* Offset 0, the first block past d, a carry. */
			p = base == 0 ? 0 : base == 1 ? d / b * b + b :
			    (d / v.vf_block + 65536) / 65536 * 65536 *
			    v.vf_block;
			for (k = 0; k < ns; k++) {
				tried += 2;
				if (!shift_caught(&v, p + sizes[k],
				    p + sizes[k] + d, window))
					missed++;
				if (p + sizes[k] >= d && !shift_caught(&v,
				    p + sizes[k], p + sizes[k] - d, window))
					missed++;
			}
		}
	}
	(void)snprintf(name, sizeof(name), "verify-b%zu-long-shifts", b);
	if (missed != 0)
		printf("# b=%zu: %zu of %zu shifts missed\n", b, missed, tried);
	UNIT_CHECK(name, missed == 0 && tried > 0);
	verify_free(&v);
}

void
unit_verify_tests(void)
{
	struct ipc_verify v;
	char buf[16];
	size_t b;

	faults_for(1, 1500);
	faults_for(2, 1000);
	faults_for(3, 700);
	faults_for(7, 300);
	faults_for(8, 300);
	faults_for(4096, 8);
	faults_for(65537, 3);
	/* Shifts up to 2^40 bytes: a header never repeats in a run. */
	for (b = 1; b <= 9; b++)
		long_shifts(b, UINT64_C(1) << 40);
	long_shifts(4096, UINT64_C(1) << 40);

	/* The header names the block: a stamp rewrites only its bytes. */
	UNIT_CHECK("verify-init-rejects-zero", verify_init(&v, 0) != 0);
	if (verify_init(&v, 16) == 0) {
		verify_fill(&v, buf);
		verify_stamp(&v, buf, 0x0102);
		UNIT_CHECK("verify-stamp-header-only",
		    memcmp(buf + 8, v.vf_table + 8, 8) == 0 &&
		    (unsigned char)buf[0] == verify_byte(&v, 16 * 0x0102) &&
		    (unsigned char)buf[7] == verify_byte(&v, 16 * 0x0102 + 7));
		verify_free(&v);
	}
}
