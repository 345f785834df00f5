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
 * -V (verify.c): the expected pattern, which the sender writes and the
 * receiver checks, and the first wrong byte a check finds.
 */

#ifndef VERIFY_H
#define	VERIFY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The expected pattern for blocks of vf_block bytes.  vf_table holds the
 * body every block shares; the first vf_hdrlen bytes of a block carry its
 * number.  Messages of fewer than 8 bytes each carry a part of one 8-byte
 * block, so that block numbers never wrap.
 */
struct ipc_verify {
	size_t		 vf_msg;	/* buffersize: bytes per message */
	size_t		 vf_block;	/* pattern block: max(8, buffersize) */
	size_t		 vf_hdrlen;	/* header bytes: 8 */
	unsigned char	*vf_table;	/* vf_block bytes, header part unused */
};

/* The first wrong byte -V found. */
struct ipc_verify_mismatch {
	uint64_t	 vm_offset;	/* absolute offset in the stream */
	unsigned char	 vm_expected;
	unsigned char	 vm_seen;
};

int	verify_init(struct ipc_verify *v, size_t block);
void	verify_free(struct ipc_verify *v);
void	verify_fill(const struct ipc_verify *v, char *buf);
void	verify_stamp(const struct ipc_verify *v, char *buf, uint64_t k);
unsigned char verify_byte(const struct ipc_verify *v, uint64_t off);
int	verify_check(const struct ipc_verify *v, uint64_t off, const char *p,
	    size_t len, struct ipc_verify_mismatch *vm);

#endif /* !VERIFY_H */
