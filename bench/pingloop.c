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
 * The yardstick for ipc-static -l: the shortest hand-written ping-pong
 * over the same IPC objects.  Side A (the first thread, or the parent)
 * writes a message of buffersize bytes, side B (a second thread, or a
 * forked child) reads all of it and writes it back, and A reads all of
 * that: one round trip, totalsize / buffersize of them.  pipe: one pipe
 * per direction; local: one socket pair, both directions; tcp: one
 * connection over 127.0.0.1 (L41's connect/accept ordering) with
 * TCP_NODELAY on both ends; shmem: one shared region per direction, a
 * memcpy() in and one out per message, handed over by one atomic state
 * word with a futex sleep only when a side must wait (ipc-static's
 * protocol, without its watch for a dead peer).  1thread does the four
 * steps in turn in one thread on non-blocking descriptors (a message
 * larger than the kernel holds moves in pieces, a write then a read,
 * until all of it is across).  B says it is ready on a pipe of its own;
 * then A takes the two stamps, raw clock_gettime system calls on
 * CLOCK_MONOTONIC, around the round trips.  Short reads and writes are
 * resumed; EINTR is retried.  The buffers are untouched mmap'ed memory,
 * as in ipc-static without -f.  With -S, A also reads the library clock
 * (IPC_CLOCK_ROUNDTRIP) after every round trip into an array
 * touched before the run and kept out of a 2proc child, as ipc-static -l
 * does: the difference to a run without -S is the cost of those stamps.
 *
 * Usage: pingloop [-BlqSv] [-b buffersize] [-c cpu[,cpu]]
 *            [-i pipe|local|tcp|shmem] [-p port] [-t totalsize]
 *            1thread|2thread|2proc
 * -c S,R pins B to CPU S and A to R (one number: both), as ipc-static -l
 * pins its echo side (the "sender") and its first thread.  -B and -l are
 * accepted and ignored, so that the bench can pass both programs the
 * same arguments.  Output: with -v "  time: S.NNNNNNNNN", then
 * "N.NNN usec/round-trip".
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "benchlib.h"

/*
 * The shmem state word: a message is in; a side sleeps on the word.
 * Handing a message over, put() and get() write the whole word by one
 * exchange (full; empty), clearing the other side's sleep bit, and wake
 * it if the bit was set, as ipc-static's shmem.c does.
 */
#define	PL_FULL		0x1u
#define	PL_SWAIT	0x2u
#define	PL_RWAIT	0x4u
/* A futex sleep's bound, as ipc-static's (it never runs out here). */
#define	PL_SLICE_MS	100

/* One direction of shmem: a state word, then the message's buffer. */
struct pl_region {
	_Atomic uint32_t pr_state;
	char		*pr_data;
};

/*
 * Both sides' ends: A writes a_w and reads a_r, B likewise (a socket
 * both); shmem: A puts into ab and gets from ba.
 */
struct pl_ends {
	int		 a_r, a_w, b_r, b_w;
	struct pl_region *ab, *ba;
	bool		 shared;	/* 2proc: the futex is process-shared */
};

/* What the echo side (thread or child) needs. */
struct pl_echo {
	const struct pl_ends *pe_ends;
	int		 pe_ready;	/* write end of the ready pipe */
	char		*pe_buf;
	size_t		 pe_size;
	size_t		 pe_rounds;
	int		 pe_cpu;	/* CPU for B, or -1 */
};

static void	 pl_usage(void);
static void	 nodelay(int fd);
static struct pl_region *region(size_t size);
static void	 open_ends(enum bench_type type, unsigned int port,
		    enum bench_mode mode, size_t size, struct pl_ends *pe);
static void	 stamp(uint64_t *stamps, size_t i);
static void	 put(struct pl_region *r, bool shared, const char *src,
		    size_t len);
static void	 get(struct pl_region *r, bool shared, char *dst, size_t len);
static int	 write_all(int fd, const char *buf, size_t len);
static int	 read_all(int fd, char *buf, size_t len);
static int	 send_msg(const struct pl_ends *pe, bool a, const char *buf,
		    size_t len);
static int	 recv_msg(const struct pl_ends *pe, bool a, char *buf,
		    size_t len);
static int	 echo(const struct pl_echo *e);
static void	*echo_thread(void *arg);
static void	 ping(const struct pl_ends *pe, int ready, char *wbuf,
		    char *rbuf, size_t size, size_t rounds, uint64_t *stamps,
		    struct timespec *start, struct timespec *end);
static void	 across(int wfd, const char *wbuf, int rfd, char *rbuf,
		    size_t size);
static void	 run_1thread(const struct pl_ends *pe, char *wbuf, char *rbuf,
		    char *bbuf, size_t size, size_t rounds, uint64_t *stamps,
		    struct timespec *start, struct timespec *end);

static void
pl_usage(void)
{

	fprintf(stderr, "usage: pingloop [-BlqSv] [-b buffersize] "
	    "[-c cpu[,cpu]] [-i pipe|local|tcp|shmem]\n"
	    "                [-p port] [-t totalsize] 1thread|2thread|2proc\n");
	exit(EX_USAGE);
}

/*
 * TCP_NODELAY: a message must leave when written, not wait for the ACK
 * of the one before (Nagle) while the peer delays that ACK.
 */
static void
nodelay(int fd)
{
	int one;

	one = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
		err(EX_OSERR, "FAIL: setsockopt TCP_NODELAY");
}

/*
 * One shmem direction: a page for the state word, then the buffer, in
 * one anonymous shared mapping made before any fork().
 */
static struct pl_region *
region(size_t size)
{
	struct pl_region *r;
	size_t page;

	page = (size_t)sysconf(_SC_PAGESIZE);
	r = ipc_shared_page(page + (size + page - 1) / page * page);
	if (r == NULL)
		err(EX_OSERR, "FAIL: mmap shared memory");
	atomic_init(&r->pr_state, 0);
	r->pr_data = (char *)r + page;
	return (r);
}

/*
 * Both sides' ends.  For TCP, A's socket is the one that connects and
 * B's the accepted one, as L41 makes the connection.  1thread: every
 * descriptor non-blocking.
 */
static void
open_ends(enum bench_type type, unsigned int port, enum bench_mode mode,
    size_t size, struct pl_ends *pe)
{
	int fds[2], back[2], i, flags;

	memset(pe, 0, sizeof(*pe));
	pe->a_r = pe->a_w = pe->b_r = pe->b_w = -1;
	switch (type) {
	case BENCH_PIPE:
		if (pipe(fds) < 0 || pipe(back) < 0)
			err(EX_OSERR, "FAIL: pipe");
		pe->a_w = fds[1];
		pe->b_r = fds[0];
		pe->b_w = back[1];
		pe->a_r = back[0];
		break;
	case BENCH_LOCAL:
		if (socketpair(PF_LOCAL, SOCK_STREAM, 0, fds) < 0)
			err(EX_OSERR, "FAIL: socketpair");
		pe->a_r = pe->a_w = fds[0];
		pe->b_r = pe->b_w = fds[1];
		break;
	case BENCH_TCP:
		bench_tcp_pair(port, &pe->a_r, &pe->b_r);
		pe->a_w = pe->a_r;
		pe->b_w = pe->b_r;
		nodelay(pe->a_r);
		nodelay(pe->b_r);
		break;
	case BENCH_SHMEM:
		pe->ab = region(size);
		pe->ba = region(size);
		pe->shared = mode == BENCH_2PROC;
		return;
	}
	if (mode != BENCH_1THREAD)
		return;
	fds[0] = pe->a_r;
	fds[1] = pe->a_w;
	back[0] = pe->b_r;
	back[1] = pe->b_w;
	for (i = 0; i < 4; i++)
		if ((flags = fcntl(i < 2 ? fds[i] : back[i - 2], F_GETFL, 0)) <
		    0 || fcntl(i < 2 ? fds[i] : back[i - 2], F_SETFL,
		    flags | O_NONBLOCK) < 0)
			err(EX_OSERR, "FAIL: fcntl");
}

/*
 * With -S: the library clock (IPC_CLOCK_ROUNDTRIP, the vDSO where it
 * serves it) into stamps[i], as ipc-static -l takes it.
 */
static void
stamp(uint64_t *stamps, size_t i)
{
	struct timespec ts;

	if (stamps == NULL)
		return;
	(void)clock_gettime(IPC_CLOCK_ROUNDTRIP, &ts);
	stamps[i] = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * shmem: wait until r is empty (saying so on the word, then a futex
 * sleep), copy the message in, mark it full, wake a sleeping receiver.
 */
static void
put(struct pl_region *r, bool shared, const char *src, size_t len)
{
	uint32_t s, old;

	s = atomic_load_explicit(&r->pr_state, memory_order_acquire);
	while ((s & PL_FULL) != 0) {
		if ((s & PL_SWAIT) == 0 && !atomic_compare_exchange_strong(
		    &r->pr_state, &s, s | PL_SWAIT))
			continue;
		(void)ipc_futex_wait((uint32_t *)&r->pr_state, s | PL_SWAIT,
		    shared, PL_SLICE_MS);
		s = atomic_load_explicit(&r->pr_state, memory_order_acquire);
	}
	memcpy(r->pr_data, src, len);
	old = atomic_exchange_explicit(&r->pr_state, PL_FULL,
	    memory_order_release);
	if ((old & PL_RWAIT) != 0)
		(void)ipc_futex_wake((uint32_t *)&r->pr_state, shared);
}

/*
 * shmem: wait until r is full, copy the message out, mark it empty,
 * wake a sleeping sender.
 */
static void
get(struct pl_region *r, bool shared, char *dst, size_t len)
{
	uint32_t s, old;

	s = atomic_load_explicit(&r->pr_state, memory_order_acquire);
	while ((s & PL_FULL) == 0) {
		if ((s & PL_RWAIT) == 0 && !atomic_compare_exchange_strong(
		    &r->pr_state, &s, s | PL_RWAIT))
			continue;
		(void)ipc_futex_wait((uint32_t *)&r->pr_state, s | PL_RWAIT,
		    shared, PL_SLICE_MS);
		s = atomic_load_explicit(&r->pr_state, memory_order_acquire);
	}
	memcpy(dst, r->pr_data, len);
	old = atomic_exchange_explicit(&r->pr_state, 0,
	    memory_order_release);
	if ((old & PL_SWAIT) != 0)
		(void)ipc_futex_wake((uint32_t *)&r->pr_state, shared);
}

/*
 * Blocking: all len bytes, resuming short writes.  0, or -1 (errno).
 */
static int
write_all(int fd, const char *buf, size_t len)
{
	size_t off;
	ssize_t n;

	for (off = 0; off < len; off += (size_t)n) {
		n = write(fd, buf + off, len - off);
		if (n < 0) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			return (-1);
		}
	}
	return (0);
}

/*
 * Blocking: all len bytes, resuming short reads.  0, or -1 (errno; 0
 * for an early end of file).
 */
static int
read_all(int fd, char *buf, size_t len)
{
	size_t off;
	ssize_t n;

	for (off = 0; off < len; off += (size_t)n) {
		n = read(fd, buf + off, len - off);
		if (n < 0) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			return (-1);
		}
		if (n == 0) {
			errno = 0;
			return (-1);
		}
	}
	return (0);
}

/*
 * One whole message out of side A (a) or B.  0, or -1 (errno).
 */
static int
send_msg(const struct pl_ends *pe, bool a, const char *buf, size_t len)
{

	if (pe->ab != NULL) {
		put(a ? pe->ab : pe->ba, pe->shared, buf, len);
		return (0);
	}
	return (write_all(a ? pe->a_w : pe->b_w, buf, len));
}

/*
 * One whole message into side A (a) or B.  0, or -1 (errno).
 */
static int
recv_msg(const struct pl_ends *pe, bool a, char *buf, size_t len)
{

	if (pe->ab != NULL) {
		get(a ? pe->ba : pe->ab, pe->shared, buf, len);
		return (0);
	}
	return (read_all(a ? pe->a_r : pe->b_r, buf, len));
}

/*
 * Side B: say it is ready, then read each message whole and write it
 * back from the same buffer.  It may run in a forked child, so it
 * returns -1 instead of exiting.
 */
static int
echo(const struct pl_echo *e)
{
	size_t r;

	if (e->pe_cpu >= 0 && ipc_pin_thread(e->pe_cpu) == -1)
		return (-1);
	if (write_all(e->pe_ready, "r", 1) == -1)
		return (-1);
	for (r = 0; r < e->pe_rounds; r++)
		if (recv_msg(e->pe_ends, false, e->pe_buf, e->pe_size) == -1 ||
		    send_msg(e->pe_ends, false, e->pe_buf, e->pe_size) == -1)
			return (-1);
	return (0);
}

/*
 * Body of the 2thread echo side.
 */
static void *
echo_thread(void *arg)
{

	if (echo(arg) == -1)
		err(EX_IOERR, "FAIL: echo");
	return (NULL);
}

/*
 * Side A of 2thread and 2proc: wait for B's ready byte, stamp, then the
 * round trips, then stamp.  With stamps, the library clock after every
 * round trip (and once before the first).
 */
static void
ping(const struct pl_ends *pe, int ready, char *wbuf, char *rbuf,
    size_t size, size_t rounds, uint64_t *stamps, struct timespec *start,
    struct timespec *end)
{
	size_t r;
	char c;

	if (read_all(ready, &c, 1) == -1)
		err(EX_IOERR, "FAIL: read (ready)");
	bench_now(start);
	/* Measured region starts. */
	stamp(stamps, 0);
	for (r = 0; r < rounds; r++) {
		if (send_msg(pe, true, wbuf, size) == -1)
			err(EX_IOERR, "FAIL: write");
		if (recv_msg(pe, true, rbuf, size) == -1)
			err(EX_IOERR, "FAIL: read");
		stamp(stamps, r + 1);
	}
	bench_now(end);
	/* Measured region ends. */
}

/*
 * 1thread: one message from wfd to rfd, both non-blocking: a write, then
 * a read, until all of it is across; poll() only when neither moved.
 */
static void
across(int wfd, const char *wbuf, int rfd, char *rbuf, size_t size)
{
	struct pollfd pfd[2];
	size_t woff, roff;
	ssize_t n;
	bool progress;

	woff = roff = 0;
	while (roff < size) {
		progress = false;
		if (woff < size) {
			n = write(wfd, wbuf + woff, size - woff);
			if (n > 0) {
				woff += (size_t)n;
				progress = true;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR)
				err(EX_IOERR, "FAIL: write");
		}
		n = read(rfd, rbuf + roff, size - roff);
		if (n > 0) {
			roff += (size_t)n;
			progress = true;
		} else if (n == 0)
			errx(EX_IOERR, "FAIL: read: unexpected EOF");
		else if (errno != EAGAIN && errno != EINTR)
			err(EX_IOERR, "FAIL: read");
		if (progress)
			continue;
		pfd[0].fd = rfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = wfd;
		pfd[1].events = POLLOUT;
		if (poll(pfd, woff < size ? 2 : 1, -1) < 0 && errno != EINTR)
			err(EX_IOERR, "FAIL: poll");
	}
}

/*
 * 1thread: the four steps of each round trip in turn, A to B and back
 * (shmem: a put then a get, which never wait).
 */
static void
run_1thread(const struct pl_ends *pe, char *wbuf, char *rbuf, char *bbuf,
    size_t size, size_t rounds, uint64_t *stamps, struct timespec *start,
    struct timespec *end)
{
	size_t r;

	bench_now(start);
	/* Measured region starts. */
	stamp(stamps, 0);
	for (r = 0; r < rounds; r++) {
		if (pe->ab != NULL) {
			put(pe->ab, false, wbuf, size);
			get(pe->ab, false, bbuf, size);
			put(pe->ba, false, bbuf, size);
			get(pe->ba, false, rbuf, size);
		} else {
			across(pe->a_w, wbuf, pe->b_r, bbuf, size);
			across(pe->b_w, bbuf, pe->a_r, rbuf, size);
		}
		stamp(stamps, r + 1);
	}
	bench_now(end);
	/* Measured region ends. */
}

/*
 * Parse, open the ends, map the buffers, run the mode, print the time
 * per round trip.
 */
int
main(int argc, char *argv[])
{
	struct bench_args ba;
	struct pl_ends pe;
	struct pl_echo ec;
	struct timespec start, end;
	pthread_t thr;
	size_t size, total, rounds, slen;
	uint64_t *stamps;
	char *rbuf, *wbuf, *bbuf;
	double usecs;
	pid_t pid;
	int error, status, ready[2];

	if (bench_args(argc, argv, "lS", &ba) != 0)
		pl_usage();
	size = ba.ba_size;
	total = ba.ba_total;
	if (total == 0)
		total = size * IPC_DEFAULT_ROUNDTRIPS;
	if (total % size != 0)
		errx(EX_USAGE, "FAIL: data size (%zu) is not a multiple of "
		    "buffersize (%zu)", total, size);
	rounds = total / size;

	open_ends(ba.ba_type, ba.ba_port, ba.ba_mode, size, &pe);
	if (pipe(ready) < 0)
		err(EX_OSERR, "FAIL: pipe (ready)");
	wbuf = bench_map(size);
	rbuf = bench_map(size);
	bbuf = bench_map(size);
	stamps = NULL;
	if (ba.ba_stamps) {
		/* Touched now and kept from a child: no fault in the loop. */
		slen = (rounds + 1) * sizeof(*stamps);
		stamps = (uint64_t *)(void *)bench_map(slen);
		if (ipc_no_inherit(stamps, slen) == -1)
			err(EX_OSERR, "FAIL: madvise");
		memset(stamps, 0, slen);
	}
	ec.pe_ends = &pe;
	ec.pe_ready = ready[1];
	ec.pe_buf = bbuf;
	ec.pe_size = size;
	ec.pe_rounds = rounds;
	ec.pe_cpu = ba.ba_cpu[0];
	bench_pin(ba.ba_cpu[1]);

	switch (ba.ba_mode) {
	case BENCH_1THREAD:
		run_1thread(&pe, wbuf, rbuf, bbuf, size, rounds, stamps,
		    &start, &end);
		break;
	case BENCH_2THREAD:
		error = pthread_create(&thr, NULL, echo_thread, &ec);
		if (error != 0) {
			errno = error;
			err(EX_OSERR, "FAIL: pthread_create");
		}
		ping(&pe, ready[0], wbuf, rbuf, size, rounds, stamps, &start,
		    &end);
		error = pthread_join(thr, NULL);
		if (error != 0) {
			errno = error;
			err(EX_OSERR, "FAIL: pthread_join");
		}
		break;
	case BENCH_2PROC:
		fflush(NULL);
		if ((pid = fork()) < 0)
			err(EX_OSERR, "FAIL: fork");
		if (pid == 0) {
			if (pe.a_r != -1)
				close(pe.a_r);
			if (pe.a_w != pe.a_r)
				close(pe.a_w);
			close(ready[0]);
			if (echo(&ec) == -1) {
				warn("FAIL: echo");
				_exit(EX_IOERR);
			}
			_exit(0);
		}
		if (pe.b_r != -1)
			close(pe.b_r);
		if (pe.b_w != pe.b_r)
			close(pe.b_w);
		close(ready[1]);
		ping(&pe, ready[0], wbuf, rbuf, size, rounds, stamps, &start,
		    &end);
		if (waitpid(pid, &status, 0) < 0)
			err(EX_OSERR, "FAIL: waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			errx(EX_IOERR, "FAIL: echo child status %d", status);
		break;
	}

	bench_interval(&start, &end);
	if (ba.ba_quiet)
		return (0);
	usecs = ((double)end.tv_sec * 1e6 + (double)end.tv_nsec / 1e3) /
	    (double)rounds;
	if (ba.ba_verbose)
		printf("  time: %jd.%09ld\n", (intmax_t)end.tv_sec,
		    end.tv_nsec);
	if (ba.ba_verbose && stamps != NULL)
		printf("  stamped: %zu round trips, %.3F usec\n", rounds,
		    (double)(stamps[rounds] - stamps[0]) / 1e3 /
		    (double)rounds);
	printf("%.3F usec/round-trip\n", usecs);
	return (0);
}
