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
 * The IPC types: which transport implements each -i value, and the calls
 * main.c makes around every run to open and close its object.  The
 * types themselves, and how the 2017-18 reference version (pipe, local,
 * tcp) and the 2023-24 one (shmem) set their objects up, are in
 * transport_pipe.c, transport_local.c, transport_tcp.c and
 * transport_shmem.c, behind the interface of transport.h.
 */

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"
#include "transport.h"

static const struct transport *endpoint_transport(enum ipc_type type);

/*
 * The transport of an IPC type.
 */
static const struct transport *
endpoint_transport(enum ipc_type type)
{

	switch (type) {
	case IPC_TYPE_PIPE:
		return (&transport_pipe);
	case IPC_TYPE_LOCAL:
		return (&transport_local);
	case IPC_TYPE_TCP:
		return (&transport_tcp);
	case IPC_TYPE_SHMEM:
		return (&transport_shmem);
	}
	assert(0);
	return (NULL);
}

/*
 * Create the IPC object of cfg's type for one run and fill ep with its
 * two sides; duplex asks for messages both ways.  Exits on failure.
 */
void
endpoint_open(const struct ipc_config *cfg, bool duplex,
    struct ipc_endpoints *ep)
{

	ep->ep_tr = endpoint_transport(cfg->ic_type);
	ep->ep_sndbuf = ep->ep_rcvbuf = -1;
	ep->ep_tr->tr_open(cfg, duplex, ep);
}

/*
 * Close whatever the run left open.
 */
void
endpoint_close(struct ipc_endpoints *ep)
{

	ep->ep_tr->tr_close(ep);
}

/*
 * How -v and -j label a type's in-loop accounting.
 */
const struct ipc_accounting *
endpoint_accounting(enum ipc_type type)
{

	return (endpoint_transport(type)->tr_acct);
}
