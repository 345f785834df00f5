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
 * The descriptor I/O that pipe, local and tcp share: one read(2) or
 * write(2) per call on a side's descriptor, poll(2) for 1thread's waits,
 * closing a side so that its peer sees end of file or EPIPE; and what
 * every descriptor type does once its object exists (-s: read back what
 * the kernel granted; 1thread: non-blocking descriptors).  Every pipe,
 * socket-pair and TCP write and read of a run happens here.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "iostats.h"
#include "transport.h"

const struct ipc_accounting fd_accounting = {
	.ac_recv = "read",
	.ac_send = "write",
	.ac_wait = "would block",
	.ac_json = "read_* and write_* count read() and write() calls",
};

/*
 * A side that receives from rfd and sends on wfd (-1: not this side;
 * the same descriptor for a socket that does both).
 */
void
fd_end_init(struct ipc_end *e, int rfd, int wfd)
{

	e->ie_rfd = rfd;
	e->ie_wfd = wfd;
	e->ie_rshm = e->ie_wshm = NULL;
}

/*
 * Switch O_NONBLOCK on or off for one descriptor, or exit.
 */
void
fd_set_nonblocking(int fd, bool on)
{
	int flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1)
		err(EX_OSERR, "FAIL: fcntl F_GETFL");
	flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
	if (fcntl(fd, F_SETFL, flags) == -1)
		err(EX_OSERR, "FAIL: fcntl F_SETFL O_NONBLOCK");
}

/*
 * -s: ask for buffersize bytes of opt (SO_SNDBUF or SO_RCVBUF) on fd.
 */
void
fd_sockbuf_request(int fd, int opt, const struct ipc_config *cfg)
{
	int size;

	size = cfg->ic_buffersize > INT_MAX ? INT_MAX :
	    (int)cfg->ic_buffersize;
	if (setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size)) == -1)
		err(EX_OSERR, "FAIL: setsockopt %s",
		    opt == SO_SNDBUF ? "SO_SNDBUF" : "SO_RCVBUF");
}

/*
 * The last step of opening any descriptor type.  -s: read back what the
 * kernel granted the sender's send buffer and the receiver's receive
 * buffer (Linux doubles and caps a request; -v reports it).  1thread
 * drives both sides from one thread, so every descriptor becomes
 * non-blocking, the receiver's first.
 */
void
fd_open_finish(const struct ipc_config *cfg, struct ipc_endpoints *ep)
{
	const struct ipc_end *side[2] = { &ep->ep_receiver, &ep->ep_sender };
	socklen_t len;
	int i;

	if (cfg->ic_sockbuf) {
		len = sizeof(ep->ep_sndbuf);
		if (getsockopt(ep->ep_sender.ie_wfd, SOL_SOCKET, SO_SNDBUF,
		    &ep->ep_sndbuf, &len) == -1)
			err(EX_OSERR, "FAIL: getsockopt SO_SNDBUF");
		len = sizeof(ep->ep_rcvbuf);
		if (getsockopt(ep->ep_receiver.ie_rfd, SOL_SOCKET, SO_RCVBUF,
		    &ep->ep_rcvbuf, &len) == -1)
			err(EX_OSERR, "FAIL: getsockopt SO_RCVBUF");
	}
	if (cfg->ic_mode != IPC_MODE_1THREAD)
		return;
	for (i = 0; i < 2; i++) {
		if (side[i]->ie_rfd != -1)
			fd_set_nonblocking(side[i]->ie_rfd, true);
		if (side[i]->ie_wfd != -1 && side[i]->ie_wfd != side[i]->ie_rfd)
			fd_set_nonblocking(side[i]->ie_wfd, true);
	}
}

/*
 * One write(2) of len bytes from buf on e's descriptor, accounted.
 */
ssize_t
fd_send(struct ipc_end *e, const char *buf, size_t len,
    struct ipc_io_stats *ios)
{
	ssize_t n;

	n = write(e->ie_wfd, buf, len);
	io_stats_record(ios, len, n);
	return (n);
}

/*
 * One read(2) of up to len bytes into buf from e's descriptor, accounted.
 */
ssize_t
fd_recv(struct ipc_end *e, char *buf, size_t len, struct ipc_io_stats *ios)
{
	ssize_t n;

	n = read(e->ie_rfd, buf, len);
	io_stats_record(ios, len, n);
	return (n);
}

/*
 * 1thread: poll(2) until rx is readable or, if tx is given, tx writable.
 */
int
fd_wait(const struct ipc_end *rx, const struct ipc_end *tx)
{
	struct pollfd pfd[2];

	pfd[0].fd = rx->ie_rfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = tx != NULL ? tx->ie_wfd : -1;
	pfd[1].events = POLLOUT;
	pfd[0].revents = pfd[1].revents = 0;
	return (poll(pfd, tx != NULL ? 2 : 1, -1) == -1 ? -1 : 0);
}

/*
 * Close both of e's descriptors, so that its peer reads end of file, and
 * one writing to e (a -l echo side's pipe back) fails with EPIPE instead
 * of waiting for ever on a full pipe.
 */
void
fd_hangup(struct ipc_end *e)
{

	fd_release(e);
}

/*
 * This process will not use side e (2proc, after fork()): close both its
 * descriptors (one, for a socket that does both), so that the other
 * process holds the only copy and either one dying is seen by the other
 * as end of file or EPIPE.
 */
void
fd_release(struct ipc_end *e)
{

	if (e->ie_rfd != -1)
		(void)close(e->ie_rfd);
	if (e->ie_wfd != -1 && e->ie_wfd != e->ie_rfd)
		(void)close(e->ie_wfd);
	e->ie_rfd = e->ie_wfd = -1;
}

/*
 * Close whatever descriptors are still open: the receiver's, then the
 * sender's.
 */
void
fd_close(struct ipc_endpoints *ep)
{

	fd_release(&ep->ep_receiver);
	fd_release(&ep->ep_sender);
}
