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
 * pmu-hog N: hold N counters of the PMU of CPU 0 until killed, so that
 * ipc-static's counters, which follow a task, must share what is left
 * (the kernel multiplexes and ipc-static scales) or get nothing at all
 * (ipc-static must fail with "never ran").  A guest tool of the
 * emulated-PMU leg (tests/pmu/), run there as root; never on the host.
 *
 * Each held counter is a pinned, CPU-wide cycles event.  The kernel
 * schedules pinned CPU-wide events before any task's events and never
 * rotates them out, and a cycles event takes the dedicated cycle counter
 * first, then a general-purpose one, so N events take N counters of any
 * kind.  One that does not fit is parked in an error state.
 *
 * Once the events are on, prints "pmu-hog: holding K of N counters",
 * K being the events actually running, then sleeps until a signal.
 */

#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#define	HOG_MAX		64

static int	hog_open(void);
static int	hog_running(int fd);

/*
 * One pinned, enabled cycles event on CPU 0 for every task; the fd.
 */
static int
hog_open(void)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_CPU_CYCLES;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
	    PERF_FORMAT_TOTAL_TIME_RUNNING;
	attr.pinned = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0);
	if (fd < 0)
		err(EX_OSERR, "FAIL: perf_event_open cycles on cpu 0");
	return (fd);
}

/*
 * Whether the event has run, i.e. holds a counter: a parked event reads
 * as end-of-file, a waiting one has no running time.
 */
static int
hog_running(int fd)
{
	uint64_t buf[3];	/* value, time enabled, time running */

	if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return (0);
	return (buf[2] > 0);
}

/*
 * Open and start N events, report how many hold a counter, then wait to
 * be killed: the counters are released when the process exits.
 */
int
main(int argc, char *argv[])
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int fd[HOG_MAX];
	char *end;
	long n;
	int i, k;

	if (argc != 2)
		errx(EX_USAGE, "usage: pmu-hog N");
	n = strtol(argv[1], &end, 10);
	if (*end != '\0' || n < 1 || n > HOG_MAX)
		errx(EX_USAGE, "N must be 1..%d", HOG_MAX);
	for (i = 0; i < n; i++)
		fd[i] = hog_open();
	/* Let the scheduler place them (20 ms of guest time). */
	(void)nanosleep(&ts, NULL);
	k = 0;
	for (i = 0; i < n; i++)
		k += hog_running(fd[i]);
	printf("pmu-hog: holding %d of %ld counters\n", k, n);
	if (fflush(stdout) != 0)
		err(EX_IOERR, "FAIL: stdout");
	for (;;)
		(void)pause();
}
