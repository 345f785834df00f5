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
 * -i local: a UNIX-domain stream socket pair, as the 2017-18 reference
 * version made it (fd[0] for the receiver, fd[1] for the sender), one
 * pair for both directions; -s asks for buffersize bytes of send buffer
 * on the sender's socket and of receive buffer on the receiver's.  Its
 * writes and reads are the descriptor I/O of transport_fd.c.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <err.h>
#include <stdbool.h>
#include <sysexits.h>

#include "ipc.h"
#include "transport.h"

static void	local_open(const struct ipc_config *cfg, bool duplex,
		    struct ipc_endpoints *ep);

const struct transport transport_local = {
	.tr_name = "local",
	.tr_open = local_open,
	FD_TRANSPORT_OPS,
};

/*
 * One socket pair; each side sends on its socket only when duplex.
 */
static void
local_open(const struct ipc_config *cfg, bool duplex,
    struct ipc_endpoints *ep)
{
	int fd[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == -1)
		err(EX_OSERR, "FAIL: socketpair");
	fd_end_init(&ep->ep_receiver, fd[0], duplex ? fd[0] : -1);
	fd_end_init(&ep->ep_sender, duplex ? fd[1] : -1, fd[1]);
	if (cfg->ic_sockbuf) {
		fd_sockbuf_request(fd[1], SO_SNDBUF, cfg);
		fd_sockbuf_request(fd[0], SO_RCVBUF, cfg);
	}
	fd_open_finish(cfg, ep);
}
