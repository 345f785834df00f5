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
 * The yardstick for ipc-static: the shortest hand-written program that
 * moves the same bytes the same way.  Same modes (1thread, 2thread,
 * 2proc), same IPC objects (pipe, PF_LOCAL socketpair, TCP over
 * 127.0.0.1 with L41's connect/accept ordering), same untouched mmap'ed
 * buffers, same read/write pattern and the same two timestamps taken with
 * the raw clock_gettime system call.  Everything else ipc-static does
 * (option tables, reports, counters, host description) is absent, so the
 * ratio of the two bandwidths is the price of the framework.  With -a the
 * loops also call io_stats_record() after every read() and write(), as
 * ipc-static always does, which isolates the cost of that accounting.
 *
 * Usage: handloop [-aBqv] [-b buffersize] [-c cpu[,cpu]] [-i pipe|local|tcp]
 *            [-p port] [-t totalsize] 1thread|2thread|2proc
 * -c S,R pins the sender to CPU S and the receiver to R (one number: both),
 * with ipc-static's own ipc_pin_thread() and at the same points.
 * Output: with -v "  time: S.NNNNNNNNN", then "NNN.NN KBytes/sec".
 * -B is accepted and ignored (handloop never syncs or sleeps), so that
 * handloop can stand in for ipc-static in an A/A control run of run.sh.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
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
#include "iostats.h"
#include "benchlib.h"

/* What the sending thread or child needs; the start stamp comes back. */
struct hl_sender {
	int		 hs_fd;
	char		*hs_buf;
	size_t		 hs_bufsize;
	size_t		 hs_total;
	bool		 hs_account;
	int		 hs_cpu;	/* CPU for the sender, or -1 */
	struct timespec	*hs_start;	/* the sender's stamp */
};

static void	 hl_usage(void);
static void	 open_pair(enum bench_type type, unsigned int port, int *rfd,
		    int *wfd);
static int	 send_all(const struct hl_sender *hs);
static void	*sender_thread(void *arg);
static void	 receive_all(int fd, char *buf, size_t bufsize, size_t total,
		    bool account);
static void	 run_1thread(int rfd, int wfd, char *rbuf, char *wbuf,
		    size_t bufsize, size_t total, bool account,
		    struct timespec *start, struct timespec *end);

static void
hl_usage(void)
{

	fprintf(stderr, "usage: handloop [-aBqv] [-b buffersize] "
	    "[-c cpu[,cpu]] [-i pipe|local|tcp]\n"
	    "                [-p port] [-t totalsize] 1thread|2thread|2proc\n");
	exit(EX_USAGE);
}

/*
 * Open a connected pair: data flows from *wfd to *rfd (TCP: as L41 makes
 * the connection, bench_tcp_pair()).
 */
static void
open_pair(enum bench_type type, unsigned int port, int *rfd, int *wfd)
{
	int fds[2];

	switch (type) {
	case BENCH_PIPE:
		if (pipe(fds) < 0)
			err(EX_OSERR, "FAIL: pipe");
		break;
	case BENCH_LOCAL:
		if (socketpair(PF_LOCAL, SOCK_STREAM, 0, fds) < 0)
			err(EX_OSERR, "FAIL: socketpair");
		break;
	case BENCH_TCP:
		bench_tcp_pair(port, rfd, wfd);
		return;
	case BENCH_SHMEM:
		errx(EX_USAGE, "handloop has no -i shmem");
	}
	*rfd = fds[0];
	*wfd = fds[1];
}

/*
 * Blocking sender: stamp, then total / bufsize writes of the whole buffer
 * from its start, each finished by further writes if it comes back short.
 * Returns 0, or -1 with errno set; it may run in a forked child, so it
 * does not exit.
 */
static int
send_all(const struct hl_sender *hs)
{
	struct ipc_io_stats ios;
	size_t blocks, off;
	ssize_t len;

	memset(&ios, 0, sizeof(ios));
	blocks = hs->hs_total / hs->hs_bufsize;
	if (hs->hs_cpu >= 0 && ipc_pin_thread(hs->hs_cpu) == -1)
		return (-1);
	if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, hs->hs_start) != 0)
		return (-1);
	/* Measured region starts (sender side). */
	while (blocks-- > 0) {
		off = 0;
		do {
			len = write(hs->hs_fd, hs->hs_buf + off,
			    hs->hs_bufsize - off);
			if (hs->hs_account)
				io_stats_record(&ios, hs->hs_bufsize - off,
				    len);
			if (len < 0)
				return (-1);
			off += (size_t)len;
		} while (off < hs->hs_bufsize);
	}
	return (0);
}

/*
 * Body of the 2thread sender.
 */
static void *
sender_thread(void *arg)
{

	if (send_all(arg) == -1)
		err(EX_IOERR, "FAIL: sender");
	return (NULL);
}

/*
 * Blocking receiver: read at a rotating offset into the buffer until
 * total bytes have arrived; short reads are normal, EOF is an error.
 */
static void
receive_all(int fd, char *buf, size_t bufsize, size_t total, bool account)
{
	struct ipc_io_stats ios;
	size_t done, off, ask;
	ssize_t len;

	memset(&ios, 0, sizeof(ios));
	done = 0;
	while (done < total) {
		off = done % bufsize;
		ask = total - done < bufsize - off ? total - done :
		    bufsize - off;
		len = read(fd, buf + off, ask);
		if (account)
			io_stats_record(&ios, ask, len);
		if (len <= 0) {
			if (len < 0)
				err(EX_IOERR, "FAIL: read");
			errx(EX_IOERR, "FAIL: read: unexpected EOF");
		}
		done += (size_t)len;
	}
	/* Measured region ends (the caller stamps next). */
}

/*
 * One thread, both descriptors non-blocking: try a write, then a read,
 * and sleep in poll() only when neither moved any data.
 */
static void
run_1thread(int rfd, int wfd, char *rbuf, char *wbuf, size_t bufsize,
    size_t total, bool account, struct timespec *start, struct timespec *end)
{
	struct ipc_io_stats rios, wios;
	struct pollfd pfd[2];
	size_t rdone, wdone, woff, off, ask;
	ssize_t len;
	int flags, nfds;
	bool progress;

	memset(&rios, 0, sizeof(rios));
	memset(&wios, 0, sizeof(wios));
	if ((flags = fcntl(rfd, F_GETFL, 0)) < 0 ||
	    fcntl(rfd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    (flags = fcntl(wfd, F_GETFL, 0)) < 0 ||
	    fcntl(wfd, F_SETFL, flags | O_NONBLOCK) < 0)
		err(EX_OSERR, "FAIL: fcntl");
	rdone = wdone = woff = 0;
	bench_now(start);
	/* Measured region starts. */
	while (rdone < total) {
		progress = false;
		if (wdone < total) {
			len = write(wfd, wbuf + woff, bufsize - woff);
			if (account)
				io_stats_record(&wios, bufsize - woff, len);
			if (len > 0) {
				wdone += (size_t)len;
				woff += (size_t)len;
				if (woff == bufsize)
					woff = 0;
				progress = true;
			} else if (len < 0 && errno != EAGAIN)
				err(EX_IOERR, "FAIL: write");
		}
		off = rdone % bufsize;
		ask = total - rdone < bufsize - off ? total - rdone :
		    bufsize - off;
		len = read(rfd, rbuf + off, ask);
		if (account)
			io_stats_record(&rios, ask, len);
		if (len > 0) {
			rdone += (size_t)len;
			progress = true;
		} else if (len == 0)
			errx(EX_IOERR, "FAIL: read: unexpected EOF");
		else if (errno != EAGAIN)
			err(EX_IOERR, "FAIL: read");
		if (progress)
			continue;
		nfds = 0;
		pfd[nfds].fd = rfd;
		pfd[nfds++].events = POLLIN;
		if (wdone < total) {
			pfd[nfds].fd = wfd;
			pfd[nfds++].events = POLLOUT;
		}
		if (poll(pfd, (nfds_t)nfds, -1) < 0)
			err(EX_IOERR, "FAIL: poll");
	}
	bench_now(end);
	/* Measured region ends. */
}

/*
 * Parse, open the pair, map the buffers, run the mode, print the time.
 */
int
main(int argc, char *argv[])
{
	struct bench_args ba;
	struct hl_sender hs;
	struct timespec start, end, *shared;
	pthread_t thr;
	size_t bufsize, total;
	char *rbuf, *wbuf;
	double secs;
	pid_t pid;
	int error, rfd, wfd, status;

	if (bench_args(argc, argv, "a", &ba) != 0 ||
	    ba.ba_type == BENCH_SHMEM)
		hl_usage();
	bufsize = ba.ba_size;
	total = ba.ba_total != 0 ? ba.ba_total : IPC_DEFAULT_TOTALSIZE;
	if (total % bufsize != 0)
		errx(EX_USAGE, "FAIL: data size (%zu) is not a multiple of "
		    "buffersize (%zu)", total, bufsize);

	open_pair(ba.ba_type, ba.ba_port, &rfd, &wfd);
	rbuf = bench_map(bufsize);
	wbuf = bench_map(bufsize);
	hs.hs_fd = wfd;
	hs.hs_buf = wbuf;
	hs.hs_bufsize = bufsize;
	hs.hs_total = total;
	hs.hs_account = ba.ba_account;
	hs.hs_cpu = ba.ba_cpu[0];
	hs.hs_start = &start;
	bench_pin(ba.ba_cpu[1]);

	switch (ba.ba_mode) {
	case BENCH_1THREAD:
		run_1thread(rfd, wfd, rbuf, wbuf, bufsize, total, ba.ba_account,
		    &start, &end);
		break;
	case BENCH_2THREAD:
		error = pthread_create(&thr, NULL, sender_thread, &hs);
		if (error != 0) {
			errno = error;
			err(EX_OSERR, "FAIL: pthread_create");
		}
		receive_all(rfd, rbuf, bufsize, total, ba.ba_account);
		bench_now(&end);
		error = pthread_join(thr, NULL);
		if (error != 0) {
			errno = error;
			err(EX_OSERR, "FAIL: pthread_join");
		}
		break;
	case BENCH_2PROC:
		/* The child's stamp comes back through a shared page. */
		shared = mmap(NULL, (size_t)getpagesize(),
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
		if (shared == MAP_FAILED)
			err(EX_OSERR, "FAIL: mmap");
		hs.hs_start = shared;
		fflush(NULL);
		if ((pid = fork()) < 0)
			err(EX_OSERR, "FAIL: fork");
		if (pid == 0) {
			close(rfd);
			if (send_all(&hs) == -1) {
				warn("FAIL: sender");
				_exit(EX_IOERR);
			}
			_exit(0);
		}
		close(wfd);
		receive_all(rfd, rbuf, bufsize, total, ba.ba_account);
		bench_now(&end);
		if (waitpid(pid, &status, 0) < 0)
			err(EX_OSERR, "FAIL: waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			errx(EX_IOERR, "FAIL: sender child status %d", status);
		start = *shared;
		break;
	}

	bench_interval(&start, &end);
	if (ba.ba_quiet)
		return (0);
	secs = (double)end.tv_sec + (double)end.tv_nsec / 1e9;
	if (ba.ba_verbose)
		printf("  time: %jd.%09ld\n", (intmax_t)end.tv_sec,
		    end.tv_nsec);
	printf("%.2F KBytes/sec\n", (double)total / 1024.0 / secs);
	return (0);
}
