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
 * The measured transfer: L41's 1thread, 2thread and 2proc modes.  The
 * receiver is the first thread (or the parent) so that it knows when the
 * last byte has arrived; the sender is the second thread (or the child)
 * and takes the start stamp just before its first write.  The two stamps
 * are the run's only clock_gettime system calls, so a tracer can bracket
 * the loop by them.  2thread and 2proc share their set-up, their
 * receiving side and the copy-back of the sender's results; they differ
 * only in how the sender is started and reaped.  Nothing here prints
 * except err(3) diagnostics.  Longer than 600 lines for a reason: the
 * three modes share private helpers (loop results and their one message
 * builder, the ready handshake, the sender and receiver loops) that a
 * split would have to export.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <assert.h>
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"

/*
 * How a loop ended.  lr_call is NULL on success; otherwise the failing
 * call, with lr_errno its errno (0 for an early end of file, with
 * lr_eof saying why where that is known).
 */
struct loop_result {
	const char	*lr_call;
	int		 lr_errno;
	const char	*lr_eof;	/* e.g. "receiver gone", or NULL */
	int		 lr_exit;	/* sysexits code to report it with */
	bool		 lr_verify;	/* -V found a wrong byte: lr_vm */
	struct ipc_verify_mismatch lr_vm;
};

/*
 * What the sender needs and what it hands back.  In 2proc this lives in
 * a shared page, so the parent can read the child's start stamp.
 */
struct sender_arg {
	const struct ipc_config *sa_cfg;
	char		*sa_buf;
	const struct ipc_verify *sa_verify;	/* -V, else NULL */
	struct ipc_counters *sa_ctrs;
	int		 sa_fd;
	struct ipc_shmem *sa_shm;	/* shmem instead of sa_fd */
	int		 sa_ready;	/* read end of the "receiver ready" pipe */
	bool		 sa_closed;	/* sender closed sa_fd after failing */
	struct timespec	 sa_start;
	struct ipc_io_stats sa_stats;
	int		 sa_cpu[2];
	struct loop_result sa_result;
};

static void	loop_fail(struct loop_result *lr, const char *call, int error,
		    int code);
static void	loop_fail_verify(struct loop_result *lr);
static bool	loop_own_failure(const struct loop_result *lr);
static size_t	loop_1thread_shmem(const struct ipc_config *cfg,
		    struct ipc_shmem *shm, const struct ipc_buffers *buf,
		    struct ipc_sample *s, struct loop_result *lr);
static int	loop_say(const struct ipc_config *cfg,
		    const struct loop_result *lr, size_t done);
static _Noreturn void loop_report(const struct ipc_config *cfg,
		    const struct loop_result *lr, size_t done);
static void	sender(struct sender_arg *sa);
static void	*sender_thread(void *arg);
static size_t	receiver(const struct ipc_config *cfg,
		    const struct ipc_endpoints *ep,
		    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
		    struct timespec *end, struct ipc_io_stats *ios,
		    struct loop_result *lr);
static void	run_1thread(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static void	two_party_setup(const struct ipc_config *cfg,
		    const struct ipc_endpoints *ep,
		    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
		    struct sender_arg *sa, int ready[2], struct ipc_sample *s);
static size_t	two_party_receive(const struct ipc_config *cfg,
		    const struct ipc_endpoints *ep,
		    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
		    int ready, struct timespec *end, struct ipc_sample *s,
		    struct loop_result *lr);
static void	two_party_finish(const struct sender_arg *sa,
		    const struct timespec *end, struct ipc_sample *s);
static void	run_2thread(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static void	run_2proc(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static void	pin_or_die(int cpu);
static void	ready_open(int ready[2]);
static int	ready_wait(int fd);
static void	ready_signal(int fd);

/*
 * Record a loop failure for the caller to report.
 */
static void
loop_fail(struct loop_result *lr, const char *call, int error, int code)
{

	lr->lr_call = call;
	lr->lr_errno = error;
	lr->lr_exit = code;
}

/*
 * Record that -V found a wrong byte (already described in lr_vm).
 */
static void
loop_fail_verify(struct loop_result *lr)
{

	loop_fail(lr, "verify", 0, EX_IOERR);
	lr->lr_verify = true;
}

/*
 * The receiver failed by itself (an error or a wrong byte), as opposed
 * to seeing the end of the data because the sender stopped.
 */
static bool
loop_own_failure(const struct loop_result *lr)
{

	return (lr->lr_call != NULL && (lr->lr_errno != 0 || lr->lr_verify));
}

/*
 * The one message builder for a failed loop: an early end of file says
 * why, or how far the data got; anything else carries its errno.  Prints
 * it (warn(3), safe in the 2proc child) and returns the exit code.
 */
static int
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
static _Noreturn void
loop_report(const struct ipc_config *cfg, const struct loop_result *lr,
    size_t done)
{

	exit(loop_say(cfg, lr, done));
}

/*
 * Pin the calling thread to cpu (if one was asked for), or exit.
 */
static void
pin_or_die(int cpu)
{

	if (cpu >= 0 && ipc_pin_thread(cpu) == -1)
		err(EX_OSERR, "FAIL: pin to CPU %d", cpu);
}

/*
 * DEVIATION: the "receiver ready" handshake of 2thread and 2proc, which
 * L41 did not have: the sender takes its start stamp only once the
 * receiver has finished its own set-up (thread creation, fork, closing
 * the unused end), so that between the two stamps the receiver does
 * nothing but read.  A pipe works alike for a thread and a child, and
 * its end of file tells the child the parent is gone.
 */
static void
ready_open(int ready[2])
{

	if (pipe(ready) == -1)
		err(EX_OSERR, "FAIL: pipe (ready)");
}

/*
 * Sender: block until the receiver says it is ready.  Returns 0, or -1
 * (errno 0 for end of file: the receiver is gone).
 */
static int
ready_wait(int fd)
{
	ssize_t len;
	char c;

	do
		len = read(fd, &c, 1);
	while (len == -1 && errno == EINTR);
	if (len == 1)
		return (0);
	if (len == 0)
		errno = 0;
	return (-1);
}

/*
 * Receiver: tell the sender to start.  EPIPE means the sender is already
 * gone, which the receive loop reports as end of file; any other failure
 * would leave both sides waiting for ever, so it ends the run (set-up).
 */
static void
ready_signal(int fd)
{
	ssize_t len;

	do
		len = write(fd, "r", 1);
	while (len == -1 && errno == EINTR);
	if (len == -1 && errno != EPIPE)
		err(EX_OSERR, "FAIL: write (ready)");
}

/*
 * The sending side of 2thread and 2proc: blocking writes of a whole
 * buffer from its start.  DEVIATION: a short write is resumed where it
 * stopped (L41 gave up) and EINTR is retried.  Failures are left in
 * sa_result; this may run in a forked child.
 */
static void
sender(struct sender_arg *sa)
{
	const struct ipc_config *cfg = sa->sa_cfg;
	const struct ipc_verify *v = sa->sa_verify;
	size_t sent, off, b;
	ssize_t len;
	int error;

	b = cfg->ic_buffersize;
	if (ready_wait(sa->sa_ready) == -1) {
		loop_fail(&sa->sa_result, "read (ready)", errno, EX_OSERR);
		sa->sa_result.lr_eof = "receiver gone";
		return;
	}
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
	if (sa->sa_shm != NULL) {
		/* shmem: one whole message per memcpy(), never partial. */
		for (sent = 0; sent < cfg->ic_totalsize; sent += b) {
			if (v != NULL)
				verify_stamp(v, sa->sa_buf, sent / b);
			error = shmem_put(sa->sa_shm, sa->sa_buf,
			    &sa->sa_stats);
			if (error != 0) {
				loop_fail(&sa->sa_result, "shared memory (put)",
				    error == EPIPE ? 0 : error, EX_IOERR);
				if (error == EPIPE)
					sa->sa_result.lr_eof = "receiver gone";
				return;
			}
		}
		sa->sa_cpu[1] = ipc_current_cpu();
		return;
	}
	sent = off = 0;
	while (sent < cfg->ic_totalsize) {
		/* -V: a new block starts; give it its header. */
		if (off == 0 && v != NULL)
			verify_stamp(v, sa->sa_buf, sent / b);
		len = write(sa->sa_fd, sa->sa_buf + off, b - off);
		io_stats_record(&sa->sa_stats, b - off, len);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			loop_fail(&sa->sa_result, "write", errno, EX_IOERR);
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
 * Body of the 2thread sender.  On failure it closes its end (or hangs
 * the shared region up) so that the receiver sees end of file instead of
 * waiting forever.
 */
static void *
sender_thread(void *arg)
{
	struct sender_arg *sa = arg;

	if (sa->sa_cfg->ic_pin.pin_sender >= 0 &&
	    ipc_pin_thread(sa->sa_cfg->ic_pin.pin_sender) == -1)
		loop_fail(&sa->sa_result, "pin sender", errno, EX_OSERR);
	else {
		if (!sa->sa_cfg->ic_bare)
			(void)sleep(1);
		sender(sa);
	}
	if (sa->sa_result.lr_call != NULL) {
		if (sa->sa_shm != NULL)
			shmem_hangup(sa->sa_shm);
		else {
			(void)close(sa->sa_fd);
			sa->sa_closed = true;
		}
	}
	return (NULL);
}

/*
 * The receiving side of every two-party mode: read into the buffer at
 * offset done % buffersize, up to the buffer's end, so read sizes show
 * what the kernel hands back (shmem: copy whole messages out); with -V,
 * check every byte as it arrives.  Takes the end stamp after the last byte.
 * DEVIATION: end of file before totalsize is an error (L41 spun forever
 * when the peer died).  Returns the bytes received; failures in *lr.
 */
static size_t
receiver(const struct ipc_config *cfg, const struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct timespec *end, struct ipc_io_stats *ios, struct loop_result *lr)
{
	const struct ipc_verify *v = buf->ib_verify;
	size_t done, off, ask, b;
	ssize_t len;
	int error;

	b = cfg->ic_buffersize;
	done = 0;
	while (ep->ep_shm != NULL && done < cfg->ic_totalsize) {
		/* shmem: one whole message per memcpy(). */
		error = shmem_get(ep->ep_shm, buf->ib_read, ios);
		if (error != 0) {
			loop_fail(lr, "shared memory (get)",
			    error == EPIPE ? 0 : error, EX_IOERR);
			return (done);
		}
		if (v != NULL && verify_check(v, done, buf->ib_read, b,
		    &lr->lr_vm) != 0) {
			loop_fail_verify(lr);
			return (done);
		}
		done += b;
	}
	while (ep->ep_shm == NULL && done < cfg->ic_totalsize) {
		off = done % b;
		ask = b - off;
		len = read(ep->ep_read, buf->ib_read + off, ask);
		io_stats_record(ios, ask, len);
		if (len == -1) {
			if (errno == EINTR)
				continue;
			loop_fail(lr, "read", errno, EX_IOERR);
			return (done);
		}
		if (len == 0) {
			loop_fail(lr, "read", 0, EX_IOERR);
			return (done);
		}
		if (v != NULL && verify_check(v, done, buf->ib_read + off,
		    (size_t)len, &lr->lr_vm) != 0) {
			loop_fail_verify(lr);
			return (done);
		}
		done += (size_t)len;
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
 * 1thread over shmem: copy a message in, then out, in turn, so that
 * neither side ever waits.  Returns the bytes received; failures in *lr.
 */
static size_t
loop_1thread_shmem(const struct ipc_config *cfg, struct ipc_shmem *shm,
    const struct ipc_buffers *buf, struct ipc_sample *s,
    struct loop_result *lr)
{
	const struct ipc_verify *v = buf->ib_verify;
	size_t done, b;
	int error;

	b = cfg->ic_buffersize;
	for (done = 0; done < cfg->ic_totalsize; done += b) {
		if (v != NULL)
			verify_stamp(v, buf->ib_write, done / b);
		error = shmem_put(shm, buf->ib_write, &s->is_write);
		if (error != 0) {
			loop_fail(lr, "shared memory (put)", error, EX_IOERR);
			break;
		}
		error = shmem_get(shm, buf->ib_read, &s->is_read);
		if (error != 0) {
			loop_fail(lr, "shared memory (get)", error, EX_IOERR);
			break;
		}
		if (v != NULL && verify_check(v, done, buf->ib_read, b,
		    &lr->lr_vm) != 0) {
			loop_fail_verify(lr);
			break;
		}
	}
	return (done);
}

/*
 * 1thread: one thread writes and reads both non-blocking ends in turn,
 * resuming partial transfers, and waits in poll() only when neither made
 * progress.  DEVIATION: L41 used select() with nfds = max(fd) and fd_sets
 * it never re-armed; poll() has neither problem, and partial writes mean
 * a buffer larger than the kernel's cannot deadlock.
 */
static void
run_1thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	const struct ipc_verify *v = buf->ib_verify;
	struct timespec start, end;
	struct loop_result lr;
	struct pollfd pfd[2];
	size_t sent, woff, done, roff, ask, b, total;
	ssize_t len;
	bool progress;

	memset(&lr, 0, sizeof(lr));
	b = cfg->ic_buffersize;
	total = cfg->ic_totalsize;
	pin_or_die(cfg->ic_pin.pin_receiver);
	s->is_cpu_sender[0] = s->is_cpu_receiver[0] = ipc_current_cpu();
	if (ipc_clock_now(&start) == -1)
		err(EX_OSERR, "FAIL: clock_gettime");
	if (counters_begin(ctrs) == -1)
		err(EX_OSERR, "FAIL: counters begin");

	/*
	 * HERE BEGINS THE BENCHMARK (1thread).
	 */
	sent = woff = done = 0;
	if (ep->ep_shm != NULL)
		done = loop_1thread_shmem(cfg, ep->ep_shm, buf, s, &lr);
	while (ep->ep_shm == NULL && done < total) {
		progress = false;
		if (sent < total) {
			if (woff == 0 && v != NULL)
				verify_stamp(v, buf->ib_write, sent / b);
			len = write(ep->ep_write, buf->ib_write + woff,
			    b - woff);
			io_stats_record(&s->is_write, b - woff, len);
			if (len > 0) {
				sent += (size_t)len;
				woff = (woff + (size_t)len) % b;
				progress = true;
			} else if (len == -1 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR) {
				loop_fail(&lr, "write", errno, EX_IOERR);
				break;
			}
		}
		roff = done % b;
		ask = b - roff;
		len = read(ep->ep_read, buf->ib_read + roff, ask);
		io_stats_record(&s->is_read, ask, len);
		if (len > 0 && v != NULL && verify_check(v, done,
		    buf->ib_read + roff, (size_t)len, &lr.lr_vm) != 0) {
			loop_fail_verify(&lr);
			break;
		}
		if (len > 0) {
			done += (size_t)len;
			progress = true;
		} else if (len == 0) {
			loop_fail(&lr, "read", 0, EX_IOERR);
			break;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			loop_fail(&lr, "read", errno, EX_IOERR);
			break;
		}
		if (!progress) {
			pfd[0].fd = ep->ep_read;
			pfd[0].events = POLLIN;
			pfd[1].fd = ep->ep_write;
			pfd[1].events = POLLOUT;
			pfd[0].revents = pfd[1].revents = 0;
			s->is_polls++;
			if (poll(pfd, sent < total ? 2 : 1, -1) == -1 &&
			    errno != EINTR) {
				loop_fail(&lr, "poll", errno, EX_IOERR);
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
	s->is_cpu_sender[1] = s->is_cpu_receiver[1] = ipc_current_cpu();
	timespec_sub(&end, &start, &s->is_time);
}

/*
 * The set-up 2thread and 2proc share, before the sender exists: what
 * the sender needs, the "receiver ready" pipe, and the receiver's
 * placement.
 */
static void
two_party_setup(const struct ipc_config *cfg, const struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct sender_arg *sa, int ready[2], struct ipc_sample *s)
{

	memset(sa, 0, sizeof(*sa));
	sa->sa_cfg = cfg;
	sa->sa_buf = buf->ib_write;
	sa->sa_verify = buf->ib_verify;
	sa->sa_ctrs = ctrs;
	sa->sa_fd = ep->ep_write;
	sa->sa_shm = ep->ep_shm;
	ready_open(ready);
	sa->sa_ready = ready[0];
	pin_or_die(cfg->ic_pin.pin_receiver);
	s->is_cpu_receiver[0] = ipc_current_cpu();
}

/*
 * The receiving side 2thread and 2proc share, once the sender exists:
 * tell it to start, then receive.  Returns the bytes received.
 */
static size_t
two_party_receive(const struct ipc_config *cfg,
    const struct ipc_endpoints *ep, const struct ipc_buffers *buf,
    struct ipc_counters *ctrs, int ready, struct timespec *end,
    struct ipc_sample *s, struct loop_result *lr)
{
	size_t done;

	ready_signal(ready);
	done = receiver(cfg, ep, buf, ctrs, end, &s->is_read, lr);
	s->is_cpu_receiver[1] = ipc_current_cpu();
	return (done);
}

/*
 * Copy back what the finished sender measured: its writes, its CPUs,
 * and the timed interval from its start stamp to our end stamp.
 */
static void
two_party_finish(const struct sender_arg *sa, const struct timespec *end,
    struct ipc_sample *s)
{

	s->is_write = sa->sa_stats;
	s->is_cpu_sender[0] = sa->sa_cpu[0];
	s->is_cpu_sender[1] = sa->sa_cpu[1];
	timespec_sub(end, &sa->sa_start, &s->is_time);
}

/*
 * 2thread: the main thread receives, a second thread sends.  Ordinary
 * memory carries the start stamp back; pthread_join() orders it.
 * DEVIATION: pthread_* results are checked as error numbers (L41 tested
 * them for < 0, which never fires).
 */
static void
run_2thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	struct sender_arg sa;
	struct loop_result lr;
	struct timespec end;
	pthread_t thread;
	size_t done;
	int error, ready[2];

	memset(&lr, 0, sizeof(lr));
	two_party_setup(cfg, ep, buf, ctrs, &sa, ready, s);
	if ((error = pthread_create(&thread, NULL, sender_thread, &sa)) != 0) {
		errno = error;
		err(EX_OSERR, "FAIL: pthread_create");
	}
	done = two_party_receive(cfg, ep, buf, ctrs, ready[1], &end, s, &lr);
	if (loop_own_failure(&lr))
		loop_report(cfg, &lr, done);	/* exits; the sender dies too */
	if ((error = pthread_join(thread, NULL)) != 0) {
		errno = error;
		err(EX_OSERR, "FAIL: pthread_join");
	}
	(void)close(ready[0]);
	(void)close(ready[1]);
	if (sa.sa_closed)
		ep->ep_write = -1;
	/* The sender's failure is the cause of any end of file we saw. */
	if (sa.sa_result.lr_call != NULL)
		loop_report(cfg, &sa.sa_result, done);
	if (lr.lr_call != NULL)
		loop_report(cfg, &lr, done);
	two_party_finish(&sa, &end, s);
}

/*
 * 2proc: the parent receives, a forked child sends.  The child's start
 * stamp comes back through a shared anonymous page (L41 used minherit).
 * DEVIATION: each side closes the end it does not use, so that either
 * one dying is seen by the other as end of file or EPIPE rather than a
 * hang, and the parent reaps the child and passes on its failure.
 */
static void
run_2proc(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	struct sender_arg *sa;
	struct loop_result lr;
	struct timespec end;
	size_t done;
	pid_t pid, parent;
	int status, ready[2];

	sa = ipc_shared_page(sizeof(*sa));
	if (sa == NULL)
		err(EX_OSERR, "FAIL: mmap shared page");
	memset(&lr, 0, sizeof(lr));
	two_party_setup(cfg, ep, buf, ctrs, sa, ready, s);

	/* Unflushed stdio must not be written twice. */
	(void)fflush(NULL);
	parent = getpid();
	if (ep->ep_shm != NULL)
		shmem_watch_parent(ep->ep_shm, parent);
	if ((pid = fork()) == -1)
		err(EX_OSERR, "FAIL: fork");
	if (pid == 0) {
		/*
		 * Child: never exit() or err() here, which would run the
		 * parent's atexit and stdio state.  Dropping the read end
		 * leaves the parent the only reader.  DEVIATION: the child
		 * never has the read buffer (ipc_no_inherit; unmapped here
		 * where the OS cannot keep it out), which L41 left shared
		 * copy-on-write, so that the parent's writes into it during
		 * the timed loop take no copy-on-write faults.
		 */
		(void)close(ep->ep_read);
		(void)close(ready[1]);
		(void)munmap(buf->ib_read, buf->ib_len);
		if (ep->ep_shm != NULL) {
			/*
			 * Its waits see a dead parent (shmem.c); the
			 * parent-death signal also ends it wherever else it
			 * is, as a write() would see EPIPE.
			 */
			shmem_child_init(ep->ep_shm);
			if (ipc_die_with_parent(parent) == -1) {
				warn("FAIL: parent-death signal");
				_exit(EX_OSERR);
			}
		}
		if (cfg->ic_pin.pin_sender >= 0 &&
		    ipc_pin_thread(cfg->ic_pin.pin_sender) == -1) {
			warn("FAIL: pin sender to CPU %d",
			    cfg->ic_pin.pin_sender);
			_exit(EX_OSERR);
		}
		if (!cfg->ic_bare)
			(void)sleep(1);
		sender(sa);
		if (sa->sa_result.lr_call != NULL)
			_exit(loop_say(cfg, &sa->sa_result, 0));
		if (!cfg->ic_bare)
			(void)sleep(1);
		_exit(EX_OK);
	}
	/* shmem: the receiver's waits watch the child (shmem.c). */
	if (ep->ep_shm != NULL)
		shmem_watch_child(ep->ep_shm, pid);
	if (ep->ep_write != -1)
		(void)close(ep->ep_write);
	ep->ep_write = -1;
	(void)close(ready[0]);
	done = two_party_receive(cfg, ep, buf, ctrs, ready[1], &end, s, &lr);
	(void)close(ready[1]);
	if (loop_own_failure(&lr)) {
		/* Our own failure: do not leave the child behind. */
		(void)kill(pid, SIGKILL);
	}
	/* Unless a shmem wait already reaped it. */
	if (ep->ep_shm == NULL || !shmem_reaped(ep->ep_shm, &status))
		while (waitpid(pid, &status, 0) == -1)
			if (errno != EINTR)
				err(EX_OSERR, "FAIL: waitpid");
	if (loop_own_failure(&lr))
		loop_report(cfg, &lr, done);
	if (WIFSIGNALED(status))
		errx(EX_IOERR, "FAIL: sender process killed by signal %d "
		    "after %zu of %zu bytes", WTERMSIG(status), done,
		    cfg->ic_totalsize);
	if (WIFEXITED(status) && WEXITSTATUS(status) != EX_OK)
		exit(WEXITSTATUS(status));	/* the child said why */
	if (lr.lr_call != NULL)
		loop_report(cfg, &lr, done);
	two_party_finish(sa, &end, s);
	if (munmap(sa, sizeof(*sa)) == -1)
		err(EX_OSERR, "FAIL: munmap shared page");
}

/*
 * One run on a fresh IPC object: settle the machine unless -B, then the
 * chosen mode, with getrusage() around it for -g.
 */
void
transfer_run(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	struct rusage self0, child0, self1, child1;

	s->is_sndbuf = ep->ep_sndbuf;
	s->is_rcvbuf = ep->ep_rcvbuf;
	s->is_cpu_sender[0] = s->is_cpu_sender[1] = -1;
	s->is_cpu_receiver[0] = s->is_cpu_receiver[1] = -1;
	if (!cfg->ic_bare) {
		/*
		 * Quiesce the filesystems from earlier work and let things
		 * settle for a second, as L41 does; bare mode skips this so
		 * that a traced run costs only setup plus transfer.
		 */
		(void)fflush(stdout);
		(void)fflush(stderr);
		sync();
		sync();
		sync();
		(void)sleep(1);
	}
	if (cfg->ic_rusage)
		rusage_take(&self0, &child0);
	switch (cfg->ic_mode) {
	case IPC_MODE_1THREAD:
		run_1thread(cfg, ep, buf, ctrs, s);
		break;
	case IPC_MODE_2THREAD:
		run_2thread(cfg, ep, buf, ctrs, s);
		break;
	case IPC_MODE_2PROC:
		run_2proc(cfg, ep, buf, ctrs, s);
		break;
	default:
		/* describe runs nothing and never gets here. */
		assert(0);
	}
	if (cfg->ic_rusage) {
		rusage_take(&self1, &child1);
		rusage_delta(&self0, &child0, &self1, &child1, &s->is_rusage);
	}
}
