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
 * -V: prove that every byte arrives intact.  The stream's byte at
 * absolute offset o is a function of o alone: block k = o / B, where B is
 * the buffersize or 8 if that is smaller, starts with a header of 8
 * bytes, the little-endian bytes of k ^ VERIFY_MASK, and the rest of the
 * block is a fixed, non-periodic table indexed by the position in the
 * block.  The sender's buffer holds the table from before timing, so
 * inside the loop it only rewrites the header (8 bytes) per block, or
 * with a buffersize below 8 its message's share of a header (at most 7
 * bytes); the receiver compares every byte it receives, the body with one
 * memcmp() against its own copy of the table.  No L41 version ever
 * checked what it received: the 2023-24 shmem type moved no data at all
 * for a term unnoticed.
 *
 * Why this catches a lost, duplicated, reordered or misplaced byte:
 * block headers are distinct for every block (k ^ mask is one-to-one, and
 * 8 bytes never wrap within a run, whatever the buffersize: a one-byte
 * header would repeat every 256 blocks and miss a 256-byte duplicate), so
 * any fault of whole blocks shows at the next header; adjacent table
 * bytes always differ, so a byte dropped, doubled or swapped in a block
 * body shows at once; and below 8 bytes the stream is headers alone,
 * whose low byte steps through 256 values while the others hold still,
 * so a shift by any amount shows within a few blocks.
 * tests/unit_verify.c proves it for buffersizes 1 to 8, 4096 and 65537.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "verify.h"

/* Header bytes per block. */
#define	VERIFY_HDRLEN	8

/* Fixed mask of the block number, so no header is all zero bytes. */
#define	VERIFY_MASK	UINT64_C(0xa3c59ac2d1e4b7f6)

/* Seed of the table's generator (any value; fixed for reproducibility). */
#define	VERIFY_SEED	UINT64_C(0x5eed1e55c0ffee00)

static uint64_t	verify_mix(uint64_t x);

/*
 * A 64-bit bijective mixer (the splitmix64 finaliser): consecutive inputs
 * give unrelated outputs, which makes the table non-periodic.
 */
static uint64_t
verify_mix(uint64_t x)
{

	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (x ^ (x >> 31));
}

/*
 * Set up the pattern for blocks of `block` bytes: fill the table once,
 * before anything is timed.  Returns 0, or -1 with errno set.
 */
int
verify_init(struct ipc_verify *v, size_t block)
{
	unsigned char *t;
	uint64_t r;
	size_t i;

	memset(v, 0, sizeof(*v));
	if (block == 0) {
		errno = EINVAL;
		return (-1);
	}
	v->vf_msg = block;
	if (block < VERIFY_HDRLEN)
		block = VERIFY_HDRLEN;
	if ((t = malloc(block)) == NULL)
		return (-1);
	v->vf_block = block;
	v->vf_hdrlen = VERIFY_HDRLEN;
	r = 0;
	for (i = 0; i < block; i++) {
		if (i % 8 == 0)
			r = verify_mix(VERIFY_SEED + i / 8 *
			    UINT64_C(0x9e3779b97f4a7c15));
		t[i] = (unsigned char)(r >> (8 * (i % 8)));
		/* Neighbours differ, so a slipped byte cannot go unseen. */
		if (i > 0 && t[i] == t[i - 1])
			t[i] ^= 0xa5;
	}
	memset(t, 0, v->vf_hdrlen);
	v->vf_table = t;
	return (0);
}

/*
 * Release the table.
 */
void
verify_free(struct ipc_verify *v)
{

	free(v->vf_table);
	v->vf_table = NULL;
}

/*
 * Fill a sender's buffer (vf_msg bytes) before timing: the table, with
 * message 0's header bytes.  Only verify_stamp() touches it afterwards.
 */
void
verify_fill(const struct ipc_verify *v, char *buf)
{

	memcpy(buf, v->vf_table, v->vf_msg);
	verify_stamp(v, buf, 0);
}

/*
 * Write message k's header bytes into the sender's buffer: the in-loop
 * cost of -V on the sending side, at most 8 byte stores per message.
 */
void
verify_stamp(const struct ipc_verify *v, char *buf, uint64_t k)
{
	uint64_t tag;
	size_t i;

	if (v->vf_msg < v->vf_block) {
		/* A part of an 8-byte header: the bytes at its offsets. */
		for (i = 0; i < v->vf_msg; i++)
			buf[i] = (char)verify_byte(v, k * v->vf_msg + i);
		return;
	}
	tag = k ^ VERIFY_MASK;
	for (i = 0; i < v->vf_hdrlen; i++)
		buf[i] = (char)(unsigned char)(tag >> (8 * i));
}

/*
 * The byte the stream must carry at absolute offset off: the reference
 * definition of the pattern (mismatch reports and tests use it).
 */
unsigned char
verify_byte(const struct ipc_verify *v, uint64_t off)
{
	uint64_t k;
	size_t i;

	k = off / v->vf_block;
	i = (size_t)(off - k * v->vf_block);
	if (i < v->vf_hdrlen)
		return ((unsigned char)((k ^ VERIFY_MASK) >> (8 * i)));
	return (v->vf_table[i]);
}

/*
 * Check len received bytes at p, which the receiver believes sit at
 * absolute offset off of the stream.  Returns 0, or -1 with the first
 * wrong byte described in *vm.  The header bytes are compared one by one,
 * the rest of each block with memcmp() against the table.
 */
int
verify_check(const struct ipc_verify *v, uint64_t off, const char *p,
    size_t len, struct ipc_verify_mismatch *vm)
{
	const unsigned char *q;
	uint64_t k, tag;
	size_t i, n, j;

	q = (const unsigned char *)p;
	while (len > 0) {
		k = off / v->vf_block;
		i = (size_t)(off - k * v->vf_block);
		if (i < v->vf_hdrlen) {
			tag = k ^ VERIFY_MASK;
			for (; i < v->vf_hdrlen && len > 0; i++, len--) {
				if (*q != (unsigned char)(tag >> (8 * i)))
					goto mismatch;
				q++;
				off++;
			}
			continue;
		}
		n = v->vf_block - i;
		if (n > len)
			n = len;
		if (memcmp(q, v->vf_table + i, n) != 0) {
			for (j = 0; q[j] == v->vf_table[i + j]; j++)
				continue;
			q += j;
			off += j;
			goto mismatch;
		}
		q += n;
		off += n;
		len -= n;
	}
	return (0);
mismatch:
	vm->vm_offset = off;
	vm->vm_expected = verify_byte(v, off);
	vm->vm_seen = *q;
	return (-1);
}
