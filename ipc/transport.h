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
 * Private to the transfer: the interface between the loops and modes
 * (loops.c, transfer.c), which know no IPC type, and the IPC types that
 * move the bytes, one file each: transport_pipe.c, transport_local.c,
 * transport_tcp.c and transport_shmem.c, the first three over the
 * descriptor I/O of transport_fd.c.  endpoint.c picks the type for -i.
 * Included by those files and by the unit tests; nothing else may
 * include it.
 *
 * An object has two sides, the receiver's and the sender's (struct
 * ipc_end).  A simplex object, the bandwidth run's, carries messages
 * from the sender's side to the receiver's; a duplex one carries them
 * both ways (pipe: one pipe per direction; local and tcp: one
 * connection; shmem: one region per direction).
 */

#ifndef TRANSPORT_H
#define	TRANSPORT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

/* shmem.c's region, opaque here (shmem.h). */
struct ipc_shmem;

/*
 * One side of a run's IPC object: what it receives from and what it
 * sends into (a descriptor, or shmem's region); -1 or NULL where this
 * side does not.  A socket does both.  Only the transports look inside.
 */
struct ipc_end {
	int		 ie_rfd;
	int		 ie_wfd;
	struct ipc_shmem *ie_rshm;
	struct ipc_shmem *ie_wshm;
};

/*
 * The IPC object of one run: its type's transport, the receiver's side
 * and the sender's, and what the kernel granted for -s.
 */
struct ipc_endpoints {
	const struct transport *ep_tr;
	struct ipc_end	 ep_receiver;
	struct ipc_end	 ep_sender;
	int		 ep_sndbuf;	/* SO_SNDBUF read back, -1 if n/a */
	int		 ep_rcvbuf;	/* SO_RCVBUF read back, -1 if n/a */
};

/*
 * One IPC type.  tr_send and tr_recv behave like write(2) and read(2): they
 * return the bytes moved (a descriptor may move fewer than asked; shmem
 * always moves one whole message of buffersize bytes), 0 when the peer has
 * gone (the receiver's end of file; for a shmem sender, a receiver that
 * left: a descriptor's sender gets -1 with EPIPE or ECONNRESET instead, as
 * write(2) does), or -1 with errno set (EAGAIN on a non-blocking 1thread
 * end, EINTR, or a failure).  Each records its call in ios, right after it.
 * Only tr_open exits (err(3), "FAIL: <call>"); nothing prints.
 */
struct transport {
	const char	*tr_name;	/* as -i spells it */
	/* The calls, as "FAIL: <call>" names them. */
	const char	*tr_send_call;
	const char	*tr_recv_call;
	const char	*tr_wait_call;
	const struct ipc_accounting *tr_acct;	/* how -v and -j label ios */
	/*
	 * 2proc, for a type whose blocked side sees no end of file when the
	 * other process dies (shmem): tell its waits which processes watch
	 * each other, before fork() (child 0) and in the parent after it;
	 * and say whether those waits reaped the child, with its status.
	 * NULL for the types that see end of file.
	 */
	void		(*tr_watch)(struct ipc_endpoints *ep, pid_t parent,
			    pid_t child);
	bool		(*tr_reaped)(const struct ipc_endpoints *ep,
			    int *status);
	/*
	 * Create the object for one run, for cfg's mode (1thread: every
	 * descriptor non-blocking) and -s, and fill ep's two sides.
	 */
	void		(*tr_open)(const struct ipc_config *cfg, bool duplex,
			    struct ipc_endpoints *ep);
	/* Send up to len bytes from buf out of side e; receive into buf. */
	ssize_t		(*tr_send)(struct ipc_end *e, const char *buf,
			    size_t len, struct ipc_io_stats *ios);
	ssize_t		(*tr_recv)(struct ipc_end *e, char *buf, size_t len,
			    struct ipc_io_stats *ios);
	/*
	 * 1thread, when neither side made progress: wait until rx can
	 * receive or, if tx is not NULL, tx can send.  0, or -1 and errno.
	 */
	int		(*tr_wait)(const struct ipc_end *rx,
			    const struct ipc_end *tx);
	/* Side e is leaving early: its peer sees end of file, not a hang. */
	void		(*tr_hangup)(struct ipc_end *e);
	/* This process will not use side e (2proc, after fork()). */
	void		(*tr_release)(struct ipc_end *e);
	/* In a 2proc child right after fork(); NULL if nothing to do. */
	void		(*tr_forked)(struct ipc_endpoints *ep);
	/* Close whatever is still open, in this process. */
	void		(*tr_close)(struct ipc_endpoints *ep);
};

/* endpoint.c: a run's IPC object of cfg's type, made and closed. */
void	endpoint_open(const struct ipc_config *cfg, bool duplex,
	    struct ipc_endpoints *ep);
void	endpoint_close(struct ipc_endpoints *ep);

extern const struct transport transport_pipe;
extern const struct transport transport_local;
extern const struct transport transport_tcp;
extern const struct transport transport_shmem;

/* transport_fd.c: the descriptor I/O that pipe, local and tcp share. */
#define	FD_TRANSPORT_OPS						\
	.tr_send_call = "write",					\
	.tr_recv_call = "read",						\
	.tr_wait_call = "poll",						\
	.tr_acct = &fd_accounting,					\
	.tr_watch = NULL,						\
	.tr_reaped = NULL,						\
	.tr_send = fd_send,						\
	.tr_recv = fd_recv,						\
	.tr_wait = fd_wait,						\
	.tr_hangup = fd_hangup,						\
	.tr_release = fd_release,					\
	.tr_forked = NULL,						\
	.tr_close = fd_close

extern const struct ipc_accounting fd_accounting;
void	fd_end_init(struct ipc_end *e, int rfd, int wfd);
void	fd_set_nonblocking(int fd, bool on);
void	fd_sockbuf_request(int fd, int opt, const struct ipc_config *cfg);
void	fd_open_finish(const struct ipc_config *cfg,
	    struct ipc_endpoints *ep);
ssize_t	fd_send(struct ipc_end *e, const char *buf, size_t len,
	    struct ipc_io_stats *ios);
ssize_t	fd_recv(struct ipc_end *e, char *buf, size_t len,
	    struct ipc_io_stats *ios);
int	fd_wait(const struct ipc_end *rx, const struct ipc_end *tx);
void	fd_hangup(struct ipc_end *e);
void	fd_release(struct ipc_end *e);
void	fd_close(struct ipc_endpoints *ep);

#endif /* !TRANSPORT_H */
