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
 * The timed loops, written once over the transport interface
 * (transport.h), whatever the IPC type: the sender's and the receiver's
 * of 2thread and 2proc, and 1thread's, which drives both sides in turn.
 * Each runs between the run's two clock_gettime system calls (the sender
 * takes the start stamp just before its first send, the receiver the end
 * stamp after its last byte; 1thread takes both), so a tracer can
 * bracket the loop by them.  -V's stamps and checks and the counters'
 * start and stop happen here, at L41's points; each transport accounts
 * its own calls as it makes them.  How a failed loop is described is
 * here too; the modes that run the loops are in transfer.c.
 */

#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "ipc.h"
#include "compat.h"
#include "loops.h"
#include "transport.h"
#include "verify.h"


/*
 * Record a loop failure for the caller to report.
 */
void
loop_fail(struct loop_result *lr, const char *call, int error, int code)
{

	lr->lr_call = call;
	lr->lr_errno = error;
	lr->lr_exit = code;
}

/*
 * Record that -V found a wrong byte (already described in lr_vm).
 */
void
loop_fail_verify(struct loop_result *lr)
{

	loop_fail(lr, "verify", 0, EX_IOERR);
	lr->lr_verify = true;
}

/*
 * The receiver failed by itself (an error or a wrong byte), as opposed
 * to seeing the end of the data because the sender stopped.
 */
bool
loop_own_failure(const struct loop_result *lr)
{

	return (lr->lr_call != NULL && (lr->lr_errno != 0 || lr->lr_verify));
}

/*
 * The one message builder for a failed loop: an early end of file says
 * why, or how far the data got; anything else carries its errno.  Prints
 * it (warn(3), safe in the 2proc child) and returns the exit code.
 */
int
loop_say(const struct ipc_config *cfg, const struct loop_result *lr,
    size_t done)
{

	if (lr->lr_verify)
		warnx("FAIL: verify: wrong byte at offset %ju: expected "
		    "0x%02x, saw 0x%02x", (uintmax_t)lr->lr_vm.vm_offset,
		    lr->lr_vm.vm_expected, lr->lr_vm.vm_seen);
	else if (lr->lr_errno != 0) {
		errno = lr->lr_errno;
		warn("FAIL: %s", lr->lr_call);
	} else if (lr->lr_eof != NULL)
		warnx("FAIL: %s: unexpected end of file (%s)", lr->lr_call,
		    lr->lr_eof);
	else
		warnx("FAIL: %s: unexpected end of file after %zu of %zu "
		    "bytes", lr->lr_call, done, cfg->ic_totalsize);
	return (lr->lr_exit);
}

/*
 * Report a failed loop and exit.
 */
_Noreturn void
loop_report(const struct ipc_config *cfg, const struct loop_result *lr,
    size_t done)
{

	exit(loop_say(cfg, lr, done));
}

/*
 * The sending side of 2thread and 2proc, once the receiver is ready:
 * the start stamp, then blocking sends of a whole buffer from its start.
 * DEVIATION: a short send is resumed where it stopped (L41 gave up) and
 * EINTR is retried.  Failures are left in sa_result; this may run in a
 * forked child.
 */
void
loop_send(struct sender_arg *sa)
{
	const struct ipc_config *cfg = sa->sa_cfg;
	const struct ipc_verify *v = sa->sa_verify;
	const struct transport *tr = sa->sa_ep->ep_tr;
	struct ipc_end *tx = &sa->sa_ep->ep_sender;
	size_t sent, off, b;
	ssize_t len;

	b = cfg->ic_buffersize;
	sa->sa_cpu[0] = ipc_current_cpu();
	if (ipc_clock_now(&sa->sa_start) == -1) {
		loop_fail(&sa->sa_result, "clock_gettime", errno, EX_OSERR);
		return;
	}
	if (counters_begin(sa->sa_ctrs) == -1) {
		loop_fail(&sa->sa_result, "counters begin", errno, EX_OSERR);
		return;
	}

	/*
	 * HERE BEGINS THE BENCHMARK (2thread/2proc sender).
	 */
	sent = off = 0;
	while (sent < cfg->ic_totalsize) {
		/* -V: a new block starts; give it its header. */
		if (off == 0 && v != NULL)
			verify_stamp(v, sa->sa_buf, sent / b);
		len = tr->tr_send(tx, sa->sa_buf + off, b - off, &sa->sa_stats);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			loop_fail(&sa->sa_result, tr->tr_send_call, errno,
			    EX_IOERR);
			return;
		}
		if (len == 0) {
			loop_fail(&sa->sa_result, tr->tr_send_call, 0,
			    EX_IOERR);
			sa->sa_result.lr_eof = "receiver gone";
			return;
		}
		sent += (size_t)len;
		off += (size_t)len;
		if (off == b)
			off = 0;
	}
	sa->sa_cpu[1] = ipc_current_cpu();
}

/*
 * The receiving side of 2thread and 2proc: receive into the buffer at
 * offset done % buffersize, up to the buffer's end, so that the sizes
 * show what the kernel hands back (shmem: whole messages); with -V,
 * check every byte as it arrives.  Takes the end stamp after the last
 * byte.  DEVIATION: end of file before totalsize is an error (L41 spun
 * forever when the peer died).  Returns the bytes received; failures in
 * *lr.
 */
size_t
loop_receive(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct timespec *end, struct ipc_io_stats *ios,
    struct loop_result *lr)
{
	const struct ipc_verify *v = buf->ib_verify;
	const struct transport *tr = ep->ep_tr;
	struct ipc_end *rx = &ep->ep_receiver;
	size_t done, off, ask, b;
	ssize_t len;

	b = cfg->ic_buffersize;
	done = off = 0;
	while (done < cfg->ic_totalsize) {
		ask = b - off;
		len = tr->tr_recv(rx, buf->ib_read + off, ask, ios);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			loop_fail(lr, tr->tr_recv_call, errno, EX_IOERR);
			return (done);
		}
		if (len == 0) {
			loop_fail(lr, tr->tr_recv_call, 0, EX_IOERR);
			return (done);
		}
		if (v != NULL && verify_check(v, done, buf->ib_read + off,
		    (size_t)len, &lr->lr_vm) != 0) {
			loop_fail_verify(lr);
			return (done);
		}
		done += (size_t)len;
		off += (size_t)len;	/* done % b, without a division */
		if (off == b)
			off = 0;
	}

	/*
	 * HERE ENDS THE BENCHMARK (2thread/2proc receiver).
	 */
	if (counters_end(ctrs) == -1)
		loop_fail(lr, "counters end", errno, EX_OSERR);
	else if (ipc_clock_now(end) == -1)
		loop_fail(lr, "clock_gettime", errno, EX_OSERR);
	return (done);
}

/*
 * 1thread: one thread sends and receives on both non-blocking sides in
 * turn, resuming partial transfers, and waits (tr_wait) only when
 * neither made progress; the start stamp, the loop and the end stamp
 * into s->is_time.  A failure is reported and ends the program.
 * DEVIATION: L41 used select() with nfds = max(fd) and fd_sets it never
 * re-armed; poll() has neither problem, and partial writes mean a buffer
 * larger than the kernel's cannot deadlock.
 */
void
loop_1thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	const struct ipc_verify *v = buf->ib_verify;
	const struct transport *tr = ep->ep_tr;
	struct ipc_end *rx = &ep->ep_receiver, *tx = &ep->ep_sender;
	struct timespec start, end;
	struct loop_result lr;
	size_t sent, woff, done, roff, ask, b, total;
	ssize_t len;
	bool progress;

	memset(&lr, 0, sizeof(lr));
	b = cfg->ic_buffersize;
	total = cfg->ic_totalsize;
	if (ipc_clock_now(&start) == -1)
		err(EX_OSERR, "FAIL: clock_gettime");
	if (counters_begin(ctrs) == -1)
		err(EX_OSERR, "FAIL: counters begin");

	/*
	 * HERE BEGINS THE BENCHMARK (1thread).
	 */
	sent = woff = done = roff = 0;
	while (done < total) {
		progress = false;
		if (sent < total) {
			if (woff == 0 && v != NULL)
				verify_stamp(v, buf->ib_write, sent / b);
			len = tr->tr_send(tx, buf->ib_write + woff, b - woff,
			    &s->is_write);
			if (len > 0) {
				sent += (size_t)len;
				woff += (size_t)len;
				if (woff == b)
					woff = 0;
				progress = true;
			} else if (len == 0) {
				loop_fail(&lr, tr->tr_send_call, 0, EX_IOERR);
				lr.lr_eof = "receiver gone";
				break;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				loop_fail(&lr, tr->tr_send_call, errno,
				    EX_IOERR);
				break;
			}
		}
		ask = b - roff;
		len = tr->tr_recv(rx, buf->ib_read + roff, ask, &s->is_read);
		if (len > 0 && v != NULL && verify_check(v, done,
		    buf->ib_read + roff, (size_t)len, &lr.lr_vm) != 0) {
			loop_fail_verify(&lr);
			break;
		}
		if (len > 0) {
			done += (size_t)len;
			roff += (size_t)len;	/* done % b */
			if (roff == b)
				roff = 0;
			progress = true;
		} else if (len == 0) {
			loop_fail(&lr, tr->tr_recv_call, 0, EX_IOERR);
			break;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			loop_fail(&lr, tr->tr_recv_call, errno, EX_IOERR);
			break;
		}
		if (!progress) {
			s->is_polls++;
			if (tr->tr_wait(rx, sent < total ? tx : NULL) == -1 &&
			    errno != EINTR) {
				loop_fail(&lr, tr->tr_wait_call, errno,
				    EX_IOERR);
				break;
			}
		}
	}

	/*
	 * HERE ENDS THE BENCHMARK (1thread).
	 */
	if (lr.lr_call != NULL)
		loop_report(cfg, &lr, done);
	if (counters_end(ctrs) == -1)
		err(EX_OSERR, "FAIL: counters end");
	if (ipc_clock_now(&end) == -1)
		err(EX_OSERR, "FAIL: clock_gettime");
	timespec_sub(&end, &start, &s->is_time);
}
