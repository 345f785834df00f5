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
 * -l: the ping-pong loops, written once over the transport interface
 * (transport.h) on a duplex IPC object.  The first side (the first thread,
 * or the parent: the receiver's side of the object) sends a message of
 * buffersize bytes; the echo side (the second thread, or the child: the
 * sender's side) receives all of it and sends it back from the same
 * buffer; the first side receives all of that.  One round trip,
 * totalsize / buffersize of them.  Short sends and receives are resumed
 * and EINTR retried, as in the bandwidth loops.  1thread does the four
 * steps in turn on non-blocking sides, so no round trip waits for a
 * wake-up: a message that does not fit in the object at once crosses in
 * pieces, a send then a receive, until all of it is over.
 *
 * The first side takes both raw clock_gettime system calls, around all
 * the round trips, so a tracer brackets the loop by them as in a
 * bandwidth run; in between it reads the library clock (compat.h's
 * IPC_CLOCK_ROUNDTRIP: the vDSO, no system call, where it serves it;
 * else a clock_gettime of another clock id, which tracers do not take
 * for a stamp) once before the first round trip and after each one,
 * into an array allocated and touched before the run (buffers_alloc),
 * which latency.c turns into round-trip times afterwards.  -V: the first side
 * stamps each message's header and checks every byte of each echo.
 *
 * Build-time hook for the bench (bench/latency.sh builds a throwaway
 * binary): -DIPC_BENCH_NO_STAMPS leaves the per-round-trip clock reads
 * out, to measure what they cost.
 */

#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "ipc.h"
#include "compat.h"
#include "loops.h"
#include "transport.h"
#include "verify.h"

/*
 * 1thread: one half of a round trip, a message from side lg_tx's buffer
 * to side lg_rx's.
 */
struct leg {
	struct ipc_end	*lg_tx;
	const char	*lg_wbuf;
	struct ipc_end	*lg_rx;
	char		*lg_rbuf;
};

static void	stamp(uint64_t *stamps, size_t i);
static bool	peer_gone(int error);
static inline size_t move(const struct transport *tr, struct ipc_end *e,
		    bool out, char *buf, size_t len, struct ipc_io_stats *ios,
		    struct loop_result *lr);
static size_t	move_on(const struct transport *tr, struct ipc_end *e,
		    bool out, char *buf, size_t len, ssize_t n,
		    struct ipc_io_stats *ios, struct loop_result *lr);
static bool	across(const struct transport *tr, const struct leg *lg,
		    size_t len, struct ipc_sample *s, struct loop_result *lr);
static bool	echo_check(const struct ipc_verify *v, uint64_t k, size_t b,
		    const char *buf, struct loop_result *lr);

/*
 * Round trip i is over (i = 0: about to start): the library clock, in
 * ns, into stamps[i].  Never CLOCK_MONOTONIC: where clock_gettime(3) is a
 * system call, the two raw stamps stay the run's only ones of that id.
 */
static void
stamp(uint64_t *stamps, size_t i)
{
#ifndef IPC_BENCH_NO_STAMPS
	struct timespec ts;

	(void)clock_gettime(IPC_CLOCK_ROUNDTRIP, &ts);
	stamps[i] = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#else
	(void)stamps;
	(void)i;
#endif
}

/*
 * A failure that only says the other side has gone: both sides send, so
 * a dead peer shows as EPIPE or ECONNRESET as often as an end of file.
 * The caller then reports it as an end of file, and a 2proc parent
 * reports why its child went.
 */
static bool
peer_gone(int error)
{

	return (error == EPIPE || error == ECONNRESET);
}

/*
 * Blocking: send (out) or receive all len bytes of buf on side e.  Most
 * calls move all of it at once, which is all this does, inline; the
 * rest is move_on()'s.  Returns the bytes moved; short of len, the
 * failure is in *lr.
 */
static inline size_t
move(const struct transport *tr, struct ipc_end *e, bool out, char *buf,
    size_t len, struct ipc_io_stats *ios, struct loop_result *lr)
{
	ssize_t n;

	n = out ? tr->tr_send(e, buf, len, ios) :
	    tr->tr_recv(e, buf, len, ios);
	if (n == (ssize_t)len)
		return (len);
	return (move_on(tr, e, out, buf, len, n, ios, lr));
}

/*
 * What a first send or receive of len bytes that returned n leaves to
 * do: resume a short transfer, retry EINTR, or give up, recording why in
 * *lr (errno 0: the peer has gone).  Returns the bytes moved in all.
 */
static size_t
move_on(const struct transport *tr, struct ipc_end *e, bool out, char *buf,
    size_t len, ssize_t n, struct ipc_io_stats *ios, struct loop_result *lr)
{
	size_t done;

	for (done = 0;;) {
		if (n > 0)
			done += (size_t)n;
		else if (n == 0 || errno != EINTR) {
			if (n == -1 && peer_gone(errno))
				n = 0;
			loop_fail(lr, out ? tr->tr_send_call :
			    tr->tr_recv_call, n == 0 ? 0 : errno, EX_IOERR);
			if (n == 0)
				lr->lr_eof = "peer gone";
			return (done);
		}
		if (done >= len)
			return (done);
		n = out ? tr->tr_send(e, buf + done, len - done, ios) :
		    tr->tr_recv(e, buf + done, len - done, ios);
	}
}

/*
 * -V: echo k (k * buffersize bytes into the stream) must be message k
 * as sent, byte for byte.
 */
static bool
echo_check(const struct ipc_verify *v, uint64_t k, size_t b, const char *buf,
    struct loop_result *lr)
{

	if (v == NULL || verify_check(v, k * b, buf, b, &lr->lr_vm) == 0)
		return (true);
	loop_fail_verify(lr);
	return (false);
}

/*
 * The first side of 2thread and 2proc, once the echo side is ready: the
 * start stamp, the round trips, the end stamp.  *ios gets its receives,
 * *wios its sends.  Returns the round trips completed; failures in *lr.
 */
size_t
pingpong_first(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct timespec *start, struct timespec *end, struct ipc_sample *s,
    struct loop_result *lr)
{
	const struct ipc_verify *v = buf->ib_verify;
	const struct transport *tr = ep->ep_tr;
	struct ipc_end *me = &ep->ep_receiver;
	uint64_t *stamps = buf->ib_stamps;
	size_t k, n, b;

	b = cfg->ic_buffersize;
	n = cfg->ic_totalsize / b;
	if (ipc_clock_now(start) == -1) {
		loop_fail(lr, "clock_gettime", errno, EX_OSERR);
		return (0);
	}
	if (counters_begin(ctrs) == -1) {
		loop_fail(lr, "counters begin", errno, EX_OSERR);
		return (0);
	}

	/*
	 * HERE BEGINS THE BENCHMARK (2thread/2proc, -l).
	 */
	stamp(stamps, 0);
	for (k = 0; k < n; k++) {
		if (v != NULL)
			verify_stamp(v, buf->ib_write, k);
		if (move(tr, me, true, buf->ib_write, b, &s->is_write, lr) <
		    b || move(tr, me, false, buf->ib_read, b, &s->is_read,
		    lr) < b || !echo_check(v, k, b, buf->ib_read, lr))
			return (k);
		stamp(stamps, k + 1);
	}

	/*
	 * HERE ENDS THE BENCHMARK (2thread/2proc, -l).
	 */
	if (counters_end(ctrs) == -1)
		loop_fail(lr, "counters end", errno, EX_OSERR);
	else if (ipc_clock_now(end) == -1)
		loop_fail(lr, "clock_gettime", errno, EX_OSERR);
	return (n);
}

/*
 * The echo side of 2thread and 2proc: each message received whole and
 * sent back whole from the same buffer; its receives go to sa_rstats,
 * its sends to sa_stats.  Failures are left in sa_result; this may run
 * in a forked child.  In the loop it touches only its own stack: in
 * 2thread *sa lies on the first side's stack, and a cache line the two
 * sides shared would cross between their CPUs at every call.
 */
void
pingpong_echo(struct sender_arg *sa)
{
	const struct transport *tr = sa->sa_ep->ep_tr;
	struct ipc_end me = sa->sa_ep->ep_sender;
	struct ipc_io_stats rios, wios;
	struct loop_result lr;
	char *buf = sa->sa_buf;
	size_t k, n, b;

	memset(&rios, 0, sizeof(rios));
	memset(&wios, 0, sizeof(wios));
	memset(&lr, 0, sizeof(lr));
	b = sa->sa_cfg->ic_buffersize;
	n = sa->sa_cfg->ic_totalsize / b;
	sa->sa_cpu[0] = ipc_current_cpu();
	for (k = 0; k < n; k++)
		if (move(tr, &me, false, buf, b, &rios, &lr) < b ||
		    move(tr, &me, true, buf, b, &wios, &lr) < b)
			break;
	if (k == n)
		sa->sa_cpu[1] = ipc_current_cpu();
	sa->sa_rstats = rios;
	sa->sa_stats = wios;
	sa->sa_result = lr;
}

/*
 * 1thread: one message of len bytes over leg lg, both sides
 * non-blocking: a send (while any is left), then a receive, until all
 * of it is across; a wait (tr_wait) only when neither moved.  Returns
 * false with *lr filled on a failure.
 */
static bool
across(const struct transport *tr, const struct leg *lg, size_t len,
    struct ipc_sample *s, struct loop_result *lr)
{
	size_t sent, got;
	ssize_t n;
	bool progress;

	sent = got = 0;
	while (got < len) {
		progress = false;
		if (sent < len) {
			n = tr->tr_send(lg->lg_tx, lg->lg_wbuf + sent,
			    len - sent, &s->is_write);
			if (n > 0) {
				sent += (size_t)n;
				progress = true;
			} else if (n == 0) {
				loop_fail(lr, tr->tr_send_call, 0, EX_IOERR);
				lr->lr_eof = "peer gone";
				return (false);
			} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				loop_fail(lr, tr->tr_send_call, errno,
				    EX_IOERR);
				return (false);
			}
		}
		n = tr->tr_recv(lg->lg_rx, lg->lg_rbuf + got, len - got,
		    &s->is_read);
		if (n > 0) {
			got += (size_t)n;
			progress = true;
		} else if (n == 0) {
			loop_fail(lr, tr->tr_recv_call, 0, EX_IOERR);
			return (false);
		} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			loop_fail(lr, tr->tr_recv_call, errno, EX_IOERR);
			return (false);
		}
		if (!progress) {
			s->is_polls++;
			if (tr->tr_wait(lg->lg_rx, sent < len ? lg->lg_tx :
			    NULL) == -1 && errno != EINTR) {
				loop_fail(lr, tr->tr_wait_call, errno,
				    EX_IOERR);
				return (false);
			}
		}
	}
	return (true);
}

/*
 * 1thread, -l: the start stamp, every round trip's four steps in turn
 * (first side to echo side, echo side back: the two legs, taken by one
 * call of across() so that it is compiled into the loop), the end stamp
 * into s->is_time.  A failure is reported and ends the program.
 */
void
pingpong_1thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	const struct ipc_verify *v = buf->ib_verify;
	const struct transport *tr = ep->ep_tr;
	uint64_t *stamps = buf->ib_stamps;
	struct leg legs[2];
	struct loop_result lr;
	struct timespec start, end;
	size_t k, n, len;
	int l;

	memset(&lr, 0, sizeof(lr));
	legs[0].lg_tx = legs[1].lg_rx = &ep->ep_receiver;
	legs[0].lg_rx = legs[1].lg_tx = &ep->ep_sender;
	legs[0].lg_wbuf = buf->ib_write;
	legs[0].lg_rbuf = buf->ib_echo;
	legs[1].lg_wbuf = buf->ib_echo;
	legs[1].lg_rbuf = buf->ib_read;
	len = cfg->ic_buffersize;
	n = cfg->ic_totalsize / len;
	if (ipc_clock_now(&start) == -1)
		err(EX_OSERR, "FAIL: clock_gettime");
	if (counters_begin(ctrs) == -1)
		err(EX_OSERR, "FAIL: counters begin");

	/*
	 * HERE BEGINS THE BENCHMARK (1thread, -l).
	 */
	stamp(stamps, 0);
	for (k = 0; k < n; k++) {
		if (v != NULL)
			verify_stamp(v, buf->ib_write, k);
		for (l = 0; l < 2 && across(tr, &legs[l], len, s, &lr); l++)
			continue;
		if (l < 2 || !echo_check(v, k, len, buf->ib_read, &lr))
			break;
		stamp(stamps, k + 1);
	}

	/*
	 * HERE ENDS THE BENCHMARK (1thread, -l).
	 */
	if (lr.lr_call != NULL)
		loop_report(cfg, &lr, k * len);
	if (counters_end(ctrs) == -1)
		err(EX_OSERR, "FAIL: counters end");
	if (ipc_clock_now(&end) == -1)
		err(EX_OSERR, "FAIL: clock_gettime");
	timespec_sub(&end, &start, &s->is_time);
}
