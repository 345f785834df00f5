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
 * What bench/handloop.c and bench/pingloop.c share; see benchlib.h.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "benchlib.h"

static int	parse_size(const char *s, size_t *v);
static int	parse_cpus(const char *s, int *first, int *second);

/*
 * A positive decimal number of bytes (at most SIZE_MAX / 2): 0, or -1.
 */
static int
parse_size(const char *s, size_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 ||
	    n == 0 || n > SIZE_MAX / 2)
		return (-1);
	*v = (size_t)n;
	return (0);
}

/*
 * -c: "F,S" or "C" (both): 0, or -1.
 */
static int
parse_cpus(const char *s, int *first, int *second)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (end == s || errno != 0 || v > 1023 ||
	    (*end != '\0' && *end != ','))
		return (-1);
	*first = *second = (int)v;
	if (*end == '\0')
		return (0);
	s = end + 1;
	v = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v > 1023)
		return (-1);
	*second = (int)v;
	return (0);
}

/*
 * Parse ipc-static's letters -B (ignored: the yardsticks never sleep)
 * -b -c -i -p -q -t -v, plus those of extra that the program has ("a",
 * "l" ignored, "S"), and the mode operand.  -i shmem is the
 * program's to refuse if it has no such type.  Returns 0, or -1 for the
 * caller to print its usage.
 */
int
bench_args(int argc, char *argv[], const char *extra, struct bench_args *ba)
{
	unsigned long long n;
	char *end;
	int ch;

	memset(ba, 0, sizeof(*ba));
	ba->ba_size = IPC_DEFAULT_BUFFERSIZE;
	ba->ba_port = IPC_DEFAULT_TCP_PORT;
	ba->ba_type = BENCH_PIPE;
	ba->ba_cpu[0] = ba->ba_cpu[1] = -1;
	while ((ch = getopt(argc, argv, "aBb:c:i:lp:qSt:v")) != -1) {
		if (ch != '?' && ch != ':' && strchr("Bbcipqtv", ch) == NULL &&
		    strchr(extra, ch) == NULL)
			return (-1);
		switch (ch) {
		case 'a':
			ba->ba_account = true;
			break;
		case 'B':
		case 'l':
			break;
		case 'b':
			if (parse_size(optarg, &ba->ba_size) != 0)
				return (-1);
			break;
		case 'c':
			if (parse_cpus(optarg, &ba->ba_cpu[0],
			    &ba->ba_cpu[1]) != 0)
				return (-1);
			break;
		case 'i':
			if (strcmp(optarg, "pipe") == 0)
				ba->ba_type = BENCH_PIPE;
			else if (strcmp(optarg, "local") == 0)
				ba->ba_type = BENCH_LOCAL;
			else if (strcmp(optarg, "tcp") == 0)
				ba->ba_type = BENCH_TCP;
			else if (strcmp(optarg, "shmem") == 0)
				ba->ba_type = BENCH_SHMEM;
			else
				return (-1);
			break;
		case 'p':
			errno = 0;
			n = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    n == 0 || n > 65535)
				return (-1);
			ba->ba_port = (unsigned int)n;
			break;
		case 'q':
			ba->ba_quiet = true;
			break;
		case 'S':
			ba->ba_stamps = true;
			break;
		case 't':
			if (parse_size(optarg, &ba->ba_total) != 0)
				return (-1);
			break;
		case 'v':
			ba->ba_verbose = true;
			break;
		default:
			return (-1);
		}
	}
	if (argc - optind != 1)
		return (-1);
	if (strcmp(argv[optind], "1thread") == 0)
		ba->ba_mode = BENCH_1THREAD;
	else if (strcmp(argv[optind], "2thread") == 0)
		ba->ba_mode = BENCH_2THREAD;
	else if (strcmp(argv[optind], "2proc") == 0)
		ba->ba_mode = BENCH_2PROC;
	else
		return (-1);
	return (0);
}

/*
 * Pin the calling thread to cpu unless it is -1, with ipc-static's own
 * ipc_pin_thread().
 */
void
bench_pin(int cpu)
{

	if (cpu >= 0 && ipc_pin_thread(cpu) == -1)
		err(EX_OSERR, "FAIL: pin to CPU %d", cpu);
}

/*
 * A TCP connection over 127.0.0.1:port as L41 makes it: *rfd connects
 * non-blocking to a SO_REUSEADDR listener and *wfd is the accepted
 * socket; *rfd is made blocking again before use.
 */
void
bench_tcp_pair(unsigned int port, int *rfd, int *wfd)
{
	struct sockaddr_in sin;
	int lfd, flags, one;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	if ((lfd = socket(PF_INET, SOCK_STREAM, 0)) < 0)
		err(EX_OSERR, "FAIL: socket");
	one = 1;
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		err(EX_OSERR, "FAIL: setsockopt SO_REUSEADDR");
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(EX_OSERR, "FAIL: bind");
	if (listen(lfd, 1) < 0)
		err(EX_OSERR, "FAIL: listen");
	if ((*rfd = socket(PF_INET, SOCK_STREAM, 0)) < 0)
		err(EX_OSERR, "FAIL: socket");
	if ((flags = fcntl(*rfd, F_GETFL, 0)) < 0 ||
	    fcntl(*rfd, F_SETFL, flags | O_NONBLOCK) < 0)
		err(EX_OSERR, "FAIL: fcntl");
	if (connect(*rfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 &&
	    errno != EINPROGRESS)
		err(EX_OSERR, "FAIL: connect");
	if ((*wfd = accept(lfd, NULL, NULL)) < 0)
		err(EX_OSERR, "FAIL: accept");
	if (fcntl(*rfd, F_SETFL, flags) < 0)
		err(EX_OSERR, "FAIL: fcntl");
	close(lfd);
}

/*
 * Zero-filled private anonymous memory, deliberately not touched: the
 * first pass of the loop takes the page faults, as in ipc-static
 * without -f.
 */
char *
bench_map(size_t len)
{
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	if (p == MAP_FAILED)
		err(EX_OSERR, "FAIL: mmap");
	return (p);
}

/*
 * The raw clock_gettime system call on CLOCK_MONOTONIC, as ipc-static's
 * ipc_clock_now() does.
 */
void
bench_now(struct timespec *ts)
{

	if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts) != 0)
		err(EX_OSERR, "FAIL: clock_gettime");
}

/*
 * *end becomes end - start.
 */
void
bench_interval(const struct timespec *start, struct timespec *end)
{

	end->tv_sec -= start->tv_sec;
	end->tv_nsec -= start->tv_nsec;
	if (end->tv_nsec < 0) {
		end->tv_sec--;
		end->tv_nsec += 1000000000L;
	}
}
