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
 * The three modes of L41: who runs which loop (loops.c), and where.
 * 1thread runs one loop on the calling thread.  In 2thread and 2proc the
 * receiver is the first thread (or the parent), so that it knows when
 * the last byte has arrived; the sender is a second thread (or a forked
 * child), started only once the receiver says it is ready.  The two
 * share their set-up, their receiving side and the copy-back of the
 * sender's results; they differ in how the sender is started and
 * reaped.  Around every mode: the sync and sleep that settle the
 * machine (unless -B) and getrusage() for -g.  No mode knows which IPC
 * type it runs; the transport says what a type needs (transport.h).
 * Nothing here prints except err(3) diagnostics.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <assert.h>
#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "iostats.h"
#include "loops.h"
#include "resources.h"
#include "transport.h"

static void	pin_or_die(int cpu);
static void	ready_open(const struct ipc_config *cfg, int ready[2]);
static int	ready_wait(int fd);
static int	ready_tell(int fd);
static bool	ready_signal(int fd, struct loop_result *lr);
static void	sender(struct sender_arg *sa);
static void	*sender_thread(void *arg);
static void	run_1thread(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static void	two_party_setup(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct sender_arg *sa,
		    int ready[2], struct ipc_sample *s);
static size_t	two_party_receive(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, int ready, struct sender_arg *sa,
		    struct timespec *end, struct ipc_sample *s,
		    struct loop_result *lr);
static void	two_party_finish(const struct sender_arg *sa,
		    const struct timespec *end, struct ipc_sample *s);
static void	run_2thread(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static void	run_2proc(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct ipc_counters *ctrs, struct ipc_sample *s);
static _Noreturn void run_child(const struct ipc_config *cfg,
		    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
		    struct sender_arg *sa, int ready[2]);

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
 * its end of file tells the child the parent is gone.  With -l it runs
 * the other way: the receiver's side takes both stamps, once the echo
 * side (the sender's) has finished its set-up.  Either way ready[0] is
 * the sender's end and ready[1] the receiver's.
 */
static void
ready_open(const struct ipc_config *cfg, int ready[2])
{
	int fd;

	if (pipe(ready) == -1)
		err(EX_OSERR, "FAIL: pipe (ready)");
	if (cfg->ic_latency) {
		fd = ready[0];
		ready[0] = ready[1];
		ready[1] = fd;
	}
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
 * Say "ready" on fd.  Returns 0, or -1 with errno (EPIPE: the other side
 * is gone); it may run in a forked child.
 */
static int
ready_tell(int fd)
{
	ssize_t len;

	do
		len = write(fd, "r", 1);
	while (len == -1 && errno == EINTR);
	return (len == 1 ? 0 : -1);
}

/*
 * Receiver: tell the sender to start.  EPIPE means the sender is already
 * gone, which the receive loop reports as end of file; any other failure
 * would leave both sides waiting for ever, so it fails the run (set-up,
 * 71) in *lr, as the loop's own failures are, so that a 2proc parent
 * ends and reaps its child before it says so.  Returns false then.
 */
static bool
ready_signal(int fd, struct loop_result *lr)
{

	if (ready_tell(fd) == -1 && errno != EPIPE) {
		loop_fail(lr, "write (ready)", errno, EX_OSERR);
		return (false);
	}
	return (true);
}

/*
 * The sender of 2thread and 2proc: wait for the receiver, then the
 * sending loop; with -l, tell the receiver's side it is ready, then
 * echo.  Failures are left in sa_result.
 */
static void
sender(struct sender_arg *sa)
{

	if (sa->sa_cfg->ic_latency) {
		if (ready_tell(sa->sa_ready) == -1) {
			loop_fail(&sa->sa_result, "write (ready)", errno,
			    EX_OSERR);
			return;
		}
		pingpong_echo(sa);
		return;
	}
	if (ready_wait(sa->sa_ready) == -1) {
		loop_fail(&sa->sa_result, "read (ready)", errno, EX_OSERR);
		sa->sa_result.lr_eof = "receiver gone";
		return;
	}
	loop_send(sa);
}

/*
 * Body of the 2thread sender.  On failure it hangs its side up (closes
 * its descriptors, or wakes the shared regions' waiters) and closes its
 * end of the ready pipe, so that the receiver sees end of file instead
 * of waiting forever, in the loop or (-l) still for "ready".
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
		sa->sa_ep->ep_tr->tr_hangup(&sa->sa_ep->ep_sender);
		(void)close(sa->sa_ready);
		sa->sa_ready = -1;
	}
	return (NULL);
}

/*
 * 1thread: pinned where -c says, one loop sends and receives.
 */
static void
run_1thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{

	pin_or_die(cfg->ic_pin.pin_receiver);
	s->is_cpu_sender[0] = s->is_cpu_receiver[0] = ipc_current_cpu();
	if (cfg->ic_latency)
		pingpong_1thread(cfg, ep, buf, ctrs, s);
	else
		loop_1thread(cfg, ep, buf, ctrs, s);
	s->is_cpu_sender[1] = s->is_cpu_receiver[1] = ipc_current_cpu();
}

/*
 * The set-up 2thread and 2proc share, before the sender exists: what
 * the sender needs, the "receiver ready" pipe, and the receiver's
 * placement.
 */
static void
two_party_setup(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct sender_arg *sa, int ready[2], struct ipc_sample *s)
{

	memset(sa, 0, sizeof(*sa));
	sa->sa_cfg = cfg;
	sa->sa_ep = ep;
	sa->sa_buf = cfg->ic_latency ? buf->ib_echo : buf->ib_write;
	sa->sa_verify = buf->ib_verify;
	sa->sa_ctrs = ctrs;
	ready_open(cfg, ready);
	sa->sa_ready = ready[0];
	pin_or_die(cfg->ic_pin.pin_receiver);
	s->is_cpu_receiver[0] = ipc_current_cpu();
}

/*
 * The receiving side 2thread and 2proc share, once the sender exists:
 * tell it to start, then receive.  With -l: wait until the echo side is
 * ready, then the round trips, between our own two stamps (the start
 * into sa_start, where the sender's would be).  Returns the bytes
 * received.
 */
static size_t
two_party_receive(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs, int ready,
    struct sender_arg *sa, struct timespec *end, struct ipc_sample *s,
    struct loop_result *lr)
{
	size_t done;

	if (cfg->ic_latency) {
		if (ready_wait(ready) == -1) {
			loop_fail(lr, "read (ready)", errno, EX_OSERR);
			lr->lr_eof = "sender gone";
			done = 0;
		} else
			done = pingpong_first(cfg, ep, buf, ctrs,
			    &sa->sa_start, end, s, lr) * cfg->ic_buffersize;
	} else if (!ready_signal(ready, lr))
		done = 0;
	else
		done = loop_receive(cfg, ep, buf, ctrs, end, &s->is_read, lr);
	s->is_cpu_receiver[1] = ipc_current_cpu();
	return (done);
}

/*
 * Copy back what the finished sender measured: its sends (-l: added to
 * ours, and its receives to ours), its CPUs, and the timed interval from
 * its start stamp (-l: ours) to our end stamp.
 */
static void
two_party_finish(const struct sender_arg *sa, const struct timespec *end,
    struct ipc_sample *s)
{

	if (sa->sa_cfg->ic_latency) {
		io_stats_add(&s->is_write, &sa->sa_stats);
		io_stats_add(&s->is_read, &sa->sa_rstats);
	} else
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
	done = two_party_receive(cfg, ep, buf, ctrs, ready[1], &sa, &end, s,
	    &lr);
	if (loop_own_failure(&lr))
		loop_report(cfg, &lr, done);	/* exits; the sender dies too */
	if ((error = pthread_join(thread, NULL)) != 0) {
		errno = error;
		err(EX_OSERR, "FAIL: pthread_join");
	}
	if (sa.sa_ready != -1)		/* ready[0], unless the sender closed it */
		(void)close(sa.sa_ready);
	(void)close(ready[1]);
	/* The sender's failure is the cause of any end of file we saw. */
	if (sa.sa_result.lr_call != NULL)
		loop_report(cfg, &sa.sa_result, done);
	if (lr.lr_call != NULL)
		loop_report(cfg, &lr, done);
	two_party_finish(&sa, &end, s);
}

/*
 * The 2proc child: the sender.  Never exit() or err() here, which would
 * run the parent's atexit and stdio state.  Letting go of the
 * receiver's side leaves the parent its only holder.  DEVIATION: the
 * child never has the read buffer (ipc_no_inherit; unmapped here where
 * the OS cannot keep it out), which L41 left shared copy-on-write, so
 * that the parent's writes into it during the timed loop take no
 * copy-on-write faults.
 */
static _Noreturn void
run_child(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct sender_arg *sa, int ready[2])
{
	const struct transport *tr = ep->ep_tr;

	tr->tr_release(&ep->ep_receiver);
	(void)close(ready[1]);
	(void)munmap(buf->ib_read, buf->ib_len);
	if (cfg->ic_latency) {
		/* The parent's alone, as the read buffer; the echo's is ours. */
		(void)munmap(buf->ib_write, buf->ib_len);
		(void)munmap(buf->ib_stamps, buf->ib_stampslen);
		if (cfg->ic_prefault)
			memset(buf->ib_echo, 0, buf->ib_len);
	}
	if (tr->tr_forked != NULL)
		tr->tr_forked(ep);
	if (cfg->ic_pin.pin_sender >= 0 &&
	    ipc_pin_thread(cfg->ic_pin.pin_sender) == -1) {
		warn("FAIL: pin sender to CPU %d", cfg->ic_pin.pin_sender);
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

/*
 * 2proc: the parent receives, a forked child sends.  The child's start
 * stamp comes back through a shared anonymous page (L41 used minherit).
 * DEVIATION: each side lets go of the side it does not use, so that
 * either one dying is seen by the other as end of file or EPIPE rather
 * than a hang, and the parent reaps the child and passes on its failure.
 */
static void
run_2proc(const struct ipc_config *cfg, struct ipc_endpoints *ep,
    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
    struct ipc_sample *s)
{
	const struct transport *tr = ep->ep_tr;
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
	/* Waits that see no end of file watch the other process. */
	parent = getpid();
	if (tr->tr_watch != NULL)
		tr->tr_watch(ep, parent, 0);
	if ((pid = fork()) == -1)
		err(EX_OSERR, "FAIL: fork");
	if (pid == 0)
		run_child(cfg, ep, buf, sa, ready);
	tr->tr_release(&ep->ep_sender);
	if (tr->tr_watch != NULL)
		tr->tr_watch(ep, parent, pid);
	(void)close(ready[0]);
	done = two_party_receive(cfg, ep, buf, ctrs, ready[1], sa, &end, s,
	    &lr);
	/*
	 * Our own failure: do not leave the child behind, and end it before
	 * the ready pipe closes, whose end of file it would report too.
	 */
	if (loop_own_failure(&lr))
		(void)kill(pid, SIGKILL);
	(void)close(ready[1]);
	/* Unless a wait already reaped it. */
	if (tr->tr_reaped == NULL || !tr->tr_reaped(ep, &status))
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
 * One run on a fresh IPC object with fresh counters: settle the machine
 * unless -B, then the chosen mode, with getrusage() around it for -g and
 * the machine's steal time and context switches for -j and -v; the
 * counters are read before the object is closed.
 */
void
transfer_run(const struct ipc_config *cfg, const struct ipc_buffers *buf,
    struct ipc_sample *s)
{
	struct rusage self0, child0, self1, child1;
	struct ipc_noise_mark nm0, nm1;
	struct ipc_endpoints ep;
	struct ipc_counters *ctrs;
	bool noise;

	ctrs = counters_open(cfg);
	endpoint_open(cfg, cfg->ic_latency, &ep);
	s->is_sndbuf = ep.ep_sndbuf;
	s->is_rcvbuf = ep.ep_rcvbuf;
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
	/* Only when reported: a plain run makes no system call more. */
	noise = (cfg->ic_json || cfg->ic_verbose) && !cfg->ic_quiet;
	if (noise)
		noise_mark(&nm0);
	if (cfg->ic_rusage)
		rusage_take(&self0, &child0);
	switch (cfg->ic_mode) {
	case IPC_MODE_1THREAD:
		run_1thread(cfg, &ep, buf, ctrs, s);
		break;
	case IPC_MODE_2THREAD:
		run_2thread(cfg, &ep, buf, ctrs, s);
		break;
	case IPC_MODE_2PROC:
		run_2proc(cfg, &ep, buf, ctrs, s);
		break;
	default:
		/* describe runs nothing and never gets here. */
		assert(0);
	}
	io_stats_settle(&s->is_read);
	io_stats_settle(&s->is_write);
	if (cfg->ic_rusage) {
		rusage_take(&self1, &child1);
		rusage_delta(&self0, &child0, &self1, &child1, &s->is_rusage);
	}
	if (noise) {
		noise_mark(&nm1);
		noise_delta(&nm0, &nm1, &s->is_noise);
	}
	counters_read(ctrs, &s->is_counters);
	counters_close(ctrs);
	endpoint_close(&ep);
}
