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
 * -i tcp: one TCP connection over loopback, set up as the 2017-18
 * reference version sets it up: the receiver's socket connects without
 * blocking and the sender's is the accepted one, -s sizes the buffers
 * before the handshake, and only our own connection is accepted.  The
 * one connection carries both directions of a duplex object, with
 * TCP_NODELAY on both ends.  Its
 * writes and reads are the descriptor I/O of transport_fd.c.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "transport.h"

/* How long to wait for our own loopback connection to be accepted. */
#define	ACCEPT_TIMEOUT_MS	10000

/* Backlog for the listener; DEVIATION: L41 passed -1. */
#define	LISTEN_BACKLOG		16

static int	tcp_accept_own(int listenfd, const struct sockaddr_in *own);
static void	tcp_nodelay(int fd);
static void	tcp_open(const struct ipc_config *cfg, bool duplex,
		    struct ipc_endpoints *ep);

const struct transport transport_tcp = {
	.tr_name = "tcp",
	.tr_open = tcp_open,
	FD_TRANSPORT_OPS,
};

/*
 * DEVIATION: accept connections until the one from our own read socket
 * arrives (matched by its local address); anything else is another
 * process's stray connection, closed at once so it is never benchmarked.
 * L41 took whatever came first and could wait forever.  The limit is one
 * deadline of ACCEPT_TIMEOUT_MS on a monotonic clock, however many strays
 * come and whenever: each poll() waits only for what is left of it.  The
 * clock is ipc_clock_coarse(): on Linux no system call; where it is one,
 * its clock id is not the stamps' CLOCK_MONOTONIC, so tracers still
 * count the stamps alone.  A POSIX timer (timer_create, SIGEV_NONE, read
 * by timer_gettime) would read no clock, but make every TCP run at least
 * three system calls longer (create, read, delete), vDSO or not.
 */
static int
tcp_accept_own(int listenfd, const struct sockaddr_in *own)
{
	struct sockaddr_in peer;
	struct timespec t0, now, d;
	struct pollfd pfd;
	socklen_t len;
	unsigned long strays;
	long waited;
	int fd, n;

	if (ipc_clock_coarse(&t0) == -1)
		err(EX_OSERR, "FAIL: clock_gettime (accept deadline)");
	strays = 0;
	/* The first poll() waits the whole time: nothing can have passed. */
	for (waited = 0; waited < ACCEPT_TIMEOUT_MS; ) {
		pfd.fd = listenfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)(ACCEPT_TIMEOUT_MS - waited));
		if (n == -1 && errno != EINTR)
			err(EX_OSERR, "FAIL: poll (accept)");
		if (n == 1) {
			len = sizeof(peer);
			fd = accept(listenfd, (struct sockaddr *)&peer, &len);
			if (fd == -1 && errno != EINTR &&
			    errno != ECONNABORTED)
				err(EX_OSERR, "FAIL: accept");
			if (fd != -1 && len >= sizeof(peer) &&
			    peer.sin_family == AF_INET &&
			    peer.sin_port == own->sin_port &&
			    peer.sin_addr.s_addr == own->sin_addr.s_addr)
				return (fd);
			if (fd != -1) {
				(void)close(fd);
				strays++;
			}
		}
		if (ipc_clock_coarse(&now) == -1)
			err(EX_OSERR, "FAIL: clock_gettime (accept deadline)");
		timespec_sub(&now, &t0, &d);
		waited = (long)d.tv_sec * 1000 + d.tv_nsec / 1000000;
	}
	errx(EX_OSERR, "FAIL: accept: no connection from our own socket "
	    "after waiting %ld.%03ld s (%lu other connection%s closed)",
	    waited / 1000, waited % 1000, strays, strays == 1 ? "" : "s");
}

/*
 * A duplex object carries ping-pong messages (-l): each end sends a
 * message as soon as it is written (TCP_NODELAY).  With Nagle's
 * algorithm a message's last segment waits for the ACK of the one
 * before, which the peer delays (40 ms on Linux, 100 ms on FreeBSD), so
 * a message larger than a segment, or written in pieces, would measure
 * the delayed-ACK timer instead of a hand-off.
 */
static void
tcp_nodelay(int fd)
{
	int one;

	one = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1)
		err(EX_OSERR, "FAIL: setsockopt TCP_NODELAY");
}

/*
 * TCP over 127.0.0.1:port.  The receiver's socket connects without
 * blocking and the sender's is the accepted socket, so data can only
 * flow once the whole three-way handshake is done (L41's reasoning); the
 * listener is closed before the run.
 */
static void
tcp_open(const struct ipc_config *cfg, bool duplex, struct ipc_endpoints *ep)
{
	struct sockaddr_in sin, own;
	socklen_t len;
	int listenfd, one, rfd, wfd;

	listenfd = socket(AF_INET, SOCK_STREAM, 0);
	if (listenfd == -1)
		err(EX_OSERR, "FAIL: socket (listen)");
	one = 1;
	if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == -1)
		err(EX_OSERR, "FAIL: setsockopt SO_REUSEADDR");
	/*
	 * DEVIATION: -s sizes the TCP buffers before the handshake (L41 did
	 * it after accept).  Linux advertises a window from the receive
	 * buffer it has at the handshake; shrinking SO_RCVBUF below it later
	 * makes the kernel drop segments and wait out retransmission
	 * timeouts, which the run would then measure.  FreeBSD never shrinks
	 * an advertised window, so there the order changes nothing.  The
	 * accepted write end inherits the listener's SO_SNDBUF.
	 */
	if (cfg->ic_sockbuf)
		fd_sockbuf_request(listenfd, SO_SNDBUF, cfg);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)cfg->ic_port);
	if (bind(listenfd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		err(EX_OSERR, "FAIL: bind 127.0.0.1 port %u", cfg->ic_port);
	if (listen(listenfd, LISTEN_BACKLOG) == -1)
		err(EX_OSERR, "FAIL: listen port %u", cfg->ic_port);

	rfd = socket(AF_INET, SOCK_STREAM, 0);
	if (rfd == -1)
		err(EX_OSERR, "FAIL: socket (read)");
	if (cfg->ic_sockbuf)
		fd_sockbuf_request(rfd, SO_RCVBUF, cfg);
	fd_set_nonblocking(rfd, true);
	if (connect(rfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS)
		err(EX_OSERR, "FAIL: connect 127.0.0.1 port %u", cfg->ic_port);
	len = sizeof(own);
	if (getsockname(rfd, (struct sockaddr *)&own, &len) == -1)
		err(EX_OSERR, "FAIL: getsockname");

	wfd = tcp_accept_own(listenfd, &own);
	fd_set_nonblocking(rfd, false);
	(void)close(listenfd);
	if (duplex) {
		tcp_nodelay(rfd);
		tcp_nodelay(wfd);
	}
	fd_end_init(&ep->ep_receiver, rfd, duplex ? rfd : -1);
	fd_end_init(&ep->ep_sender, duplex ? wfd : -1, wfd);
	fd_open_finish(cfg, ep);
}
