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
 * Helpers the hand-written yardsticks (bench/handloop.c, bench/pingloop.c)
 * share: argument parsing, CPU pinning, L41's TCP pair, untouched buffers
 * and the raw clock.  Each exits with a "FAIL:" message on a failed
 * system call, as ipc-static does; the parsers return -1 instead, so
 * that each program prints its own usage.
 */

#ifndef BENCHLIB_H
#define	BENCHLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum bench_mode { BENCH_1THREAD, BENCH_2THREAD, BENCH_2PROC };
enum bench_type { BENCH_PIPE, BENCH_LOCAL, BENCH_TCP, BENCH_SHMEM };

/* The command line both yardsticks share (ipc-static's letters). */
struct bench_args {
	enum bench_mode	 ba_mode;	/* operand */
	enum bench_type	 ba_type;	/* -i */
	size_t		 ba_size;	/* -b */
	size_t		 ba_total;	/* -t; 0 if not given */
	unsigned int	 ba_port;	/* -p */
	int		 ba_cpu[2];	/* -c F,S (one number: both); -1 */
	bool		 ba_quiet;	/* -q */
	bool		 ba_verbose;	/* -v */
	bool		 ba_account;	/* -a (handloop) */
	bool		 ba_stamps;	/* -S (pingloop) */
};

int	bench_args(int argc, char *argv[], const char *extra,
	    struct bench_args *ba);
void	bench_pin(int cpu);
void	bench_tcp_pair(unsigned int port, int *rfd, int *wfd);
char	*bench_map(size_t len);
void	bench_now(struct timespec *ts);
void	bench_interval(const struct timespec *start, struct timespec *end);

#endif /* !BENCHLIB_H */
