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
 * The in-loop accounting's hot path, inline in the transports that
 * account their calls (transport_fd.c, shmem.c); the rest is in
 * iostats.c.  A call that moved all it was asked, of the size the calls
 * before it moved, only bumps a count (ios_run): a compare and an add,
 * where a function call updating four counters and two histogram buckets
 * took some 20 instructions, a sixth of a 1thread shmem round trip's.
 * Any other call settles that run into the counts first.  Readers settle
 * a record before they look at it (io_stats_settle; io_stats_add does).
 */

#ifndef IOSTATS_H
#define	IOSTATS_H

#include <sys/types.h>

#include <stddef.h>

#include "ipc.h"

void	io_stats_call(struct ipc_io_stats *ios, size_t asked, ssize_t len);
void	io_stats_settle(struct ipc_io_stats *ios);

/*
 * Account one read() or write() that asked for `asked` bytes and returned
 * `len` (with errno still as the call left it when len < 0).
 */
static inline void
io_stats_record(struct ipc_io_stats *ios, size_t asked, ssize_t len)
{

	if ((size_t)len == asked && asked == ios->ios_runlen)
		ios->ios_run++;
	else
		io_stats_call(ios, asked, len);
}

#endif /* !IOSTATS_H */
