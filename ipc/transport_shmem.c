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
 * -i shmem as a transport: shmem.c's region, one per direction, made
 * before any fork().  A send is one shmem_put() (one memcpy() in), a
 * receive one shmem_get() (one memcpy() out) of a whole buffersize
 * message, accounted by shmem.c; there are no descriptors to close, and
 * no end of file when the other process dies: in 2proc shmem.c's waits
 * watch it instead (tr_watch), the parent's reaping a dead child
 * (tr_reaped).
 */

#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sysexits.h>

#include "ipc.h"
#include "shmem.h"
#include "transport.h"

static struct ipc_shmem *sht_region(const struct ipc_config *cfg);
static void	sht_open(const struct ipc_config *cfg, bool duplex,
		    struct ipc_endpoints *ep);
static ssize_t	sht_send(struct ipc_end *e, const char *buf, size_t len,
		    struct ipc_io_stats *ios);
static ssize_t	sht_recv(struct ipc_end *e, char *buf, size_t len,
		    struct ipc_io_stats *ios);
static int	sht_wait(const struct ipc_end *rx, const struct ipc_end *tx);
static void	sht_hangup(struct ipc_end *e);
static void	sht_release(struct ipc_end *e);
static void	sht_forked(struct ipc_endpoints *ep);
static void	sht_close(struct ipc_endpoints *ep);
static void	sht_watch(struct ipc_endpoints *ep, pid_t parent,
		    pid_t child);
static bool	sht_reaped(const struct ipc_endpoints *ep, int *status);

static const struct ipc_accounting sht_accounting = {
	.ac_recv = "memcpy out",
	.ac_send = "memcpy in",
	.ac_wait = "waited",
	.ac_json = "read_* count memcpy() out of and write_* memcpy() into "
	    "shared memory; *_wouldblock count the hand-offs that had to "
	    "wait",
};

const struct transport transport_shmem = {
	.tr_name = "shmem",
	.tr_send_call = "shared memory (put)",
	.tr_recv_call = "shared memory (get)",
	.tr_wait_call = "shared memory (wait)",
	.tr_acct = &sht_accounting,
	.tr_watch = sht_watch,
	.tr_reaped = sht_reaped,
	.tr_open = sht_open,
	.tr_send = sht_send,
	.tr_recv = sht_recv,
	.tr_wait = sht_wait,
	.tr_hangup = sht_hangup,
	.tr_release = sht_release,
	.tr_forked = sht_forked,
	.tr_close = sht_close,
};

/*
 * One region for messages of buffersize bytes, or exit.
 */
static struct ipc_shmem *
sht_region(const struct ipc_config *cfg)
{
	struct ipc_shmem *shm;
	const char *what;

	shm = shmem_open(cfg->ic_buffersize, cfg->ic_mode, cfg->ic_prefault,
	    &what);
	if (shm == NULL)
		err(EX_OSERR, "FAIL: %s", what);
	return (shm);
}

/*
 * A region from the sender to the receiver; duplex, a second one back.
 */
static void
sht_open(const struct ipc_config *cfg, bool duplex, struct ipc_endpoints *ep)
{
	struct ipc_shmem *fwd, *back;

	fwd = sht_region(cfg);
	back = duplex ? sht_region(cfg) : NULL;
	ep->ep_receiver.ie_rfd = ep->ep_receiver.ie_wfd = -1;
	ep->ep_sender.ie_rfd = ep->ep_sender.ie_wfd = -1;
	ep->ep_receiver.ie_rshm = fwd;
	ep->ep_receiver.ie_wshm = back;
	ep->ep_sender.ie_rshm = back;
	ep->ep_sender.ie_wshm = fwd;
}

/*
 * Copy one whole message (len is buffersize) in from buf.
 */
static ssize_t
sht_send(struct ipc_end *e, const char *buf, size_t len,
    struct ipc_io_stats *ios)
{

	(void)len;
	return (shmem_put(e->ie_wshm, buf, ios));
}

/*
 * Copy one whole message (len is buffersize) out into buf.
 */
static ssize_t
sht_recv(struct ipc_end *e, char *buf, size_t len, struct ipc_io_stats *ios)
{

	(void)len;
	return (shmem_get(e->ie_rshm, buf, ios));
}

/*
 * Never needed: in 1thread a put or a get that would wait fails instead
 * (it would wait for ever), so every call makes progress or fails.
 */
static int
sht_wait(const struct ipc_end *rx, const struct ipc_end *tx)
{

	(void)rx;
	(void)tx;
	errno = EDEADLK;
	return (-1);
}

/*
 * Wake whoever waits on the regions e sends into and receives from, so
 * that they fail instead of waiting forever; like closing a descriptor.
 */
static void
sht_hangup(struct ipc_end *e)
{

	if (e->ie_wshm != NULL)
		shmem_hangup(e->ie_wshm);
	if (e->ie_rshm != NULL)
		shmem_hangup(e->ie_rshm);
}

/*
 * Nothing to let go of: both processes keep the shared mapping.
 */
static void
sht_release(struct ipc_end *e)
{

	(void)e;
}

/*
 * In a 2proc child: what shmem.c does after fork() for each region.
 */
static void
sht_forked(struct ipc_endpoints *ep)
{

	shmem_child_init(ep->ep_receiver.ie_rshm);
	if (ep->ep_receiver.ie_wshm != NULL)
		shmem_child_init(ep->ep_receiver.ie_wshm);
}

/*
 * Destroy and unmap the regions.
 */
static void
sht_close(struct ipc_endpoints *ep)
{

	shmem_close(ep->ep_receiver.ie_rshm);
	shmem_close(ep->ep_receiver.ie_wshm);
	ep->ep_receiver.ie_rshm = ep->ep_receiver.ie_wshm = NULL;
	ep->ep_sender.ie_rshm = ep->ep_sender.ie_wshm = NULL;
}

/*
 * 2proc: the waits on every region watch these processes.
 */
static void
sht_watch(struct ipc_endpoints *ep, pid_t parent, pid_t child)
{

	shmem_watch(ep->ep_receiver.ie_rshm, parent, child);
	if (ep->ep_receiver.ie_wshm != NULL)
		shmem_watch(ep->ep_receiver.ie_wshm, parent, child);
}

/*
 * Whether a wait on either region reaped the child, and its status.
 */
static bool
sht_reaped(const struct ipc_endpoints *ep, int *status)
{

	return (shmem_reaped(ep->ep_receiver.ie_rshm, status) ||
	    (ep->ep_receiver.ie_wshm != NULL &&
	    shmem_reaped(ep->ep_receiver.ie_wshm, status)));
}
