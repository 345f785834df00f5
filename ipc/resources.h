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
 * What a run holds and spends around its timed loop (resources.c): the
 * transfer buffers, the stack pre-fault, the getrusage deltas (-g) and
 * the machine's noise figures read before and after a run.  Used by
 * main.c, which allocates the buffers, and by the modes that bracket a
 * run (transfer.c, pingpong.c).
 */

#ifndef RESOURCES_H
#define	RESOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "ipc.h"

struct rusage;

/*
 * Stack faulted in below the settled position before the first run:
 * several times what a run's deepest path (pthread_create, fork, the
 * loops, err(3)) uses.  The memory guard counts it (memlimit.c).
 */
#define	IPC_STACK_PREFAULT	(64 * 1024)

/* A reading of the counters behind struct ipc_noise. */
struct ipc_noise_mark {
	int64_t		 nm_steal_ticks;
	int64_t		 nm_ctxt;
	int64_t		 nm_nivcsw;
};

void	buffers_alloc(const struct ipc_config *cfg, struct ipc_buffers *buf);
void	buffers_free(struct ipc_buffers *buf);
size_t	stack_pad_len(const void *here);
void	stack_prefault(void);
void	rusage_take(struct rusage *self, struct rusage *children);
void	noise_mark(struct ipc_noise_mark *m);
void	noise_delta(const struct ipc_noise_mark *m0,
	    const struct ipc_noise_mark *m1, struct ipc_noise *nz);
void	rusage_delta(const struct rusage *self0, const struct rusage *child0,
	    const struct rusage *self1, const struct rusage *child1,
	    struct ipc_rusage *d);

#endif /* !RESOURCES_H */
