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
 * -i pipe: a pipe(2) per direction, as the 2017-18 reference version
 * made it (fd[0], the read end, for the receiver; fd[1] for the sender).
 * Its writes and reads are the descriptor I/O of transport_fd.c.
 */

#include <err.h>
#include <stdbool.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "transport.h"

static void	pipe_open(const struct ipc_config *cfg, bool duplex,
		    struct ipc_endpoints *ep);

const struct transport transport_pipe = {
	.tr_name = "pipe",
	.tr_open = pipe_open,
	FD_TRANSPORT_OPS,
};

/*
 * One pipe from the sender to the receiver; duplex, a second one back.
 */
static void
pipe_open(const struct ipc_config *cfg, bool duplex, struct ipc_endpoints *ep)
{
	int fwd[2], back[2];

	/* Portably, fd[0] is the read end and fd[1] the write end. */
	if (pipe(fwd) == -1)
		err(EX_OSERR, "FAIL: pipe");
	back[0] = back[1] = -1;
	if (duplex && pipe(back) == -1)
		err(EX_OSERR, "FAIL: pipe");
	fd_end_init(&ep->ep_receiver, fwd[0], back[1]);
	fd_end_init(&ep->ep_sender, back[0], fwd[1]);
	fd_open_finish(cfg, ep);
}
