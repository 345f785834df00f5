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
 * Private to the transfer: the timed loops of loops.c (and -l's, of
 * pingpong.c) as the modes of transfer.c run them, what the 2thread and
 * 2proc sender is given and hands back, and how a loop that failed says
 * so.  Included by those files; the loops reach the IPC types through
 * transport.h.
 */

#ifndef LOOPS_H
#define	LOOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "ipc.h"
#include "verify.h"

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
 * What the sender of 2thread and 2proc is given and what it hands back.
 * In 2proc this lives in a shared page, so the parent can read the
 * child's start stamp.
 */
struct sender_arg {
	const struct ipc_config *sa_cfg;
	struct ipc_endpoints *sa_ep;
	char		*sa_buf;
	const struct ipc_verify *sa_verify;	/* -V, else NULL */
	struct ipc_counters *sa_ctrs;
	int		 sa_ready;	/* its end of the "ready" pipe */
	struct timespec	 sa_start;
	struct ipc_io_stats sa_stats;
	struct ipc_io_stats sa_rstats;	/* -l: the echo side's receives */
	int		 sa_cpu[2];
	struct loop_result sa_result;
};

void	loop_fail(struct loop_result *lr, const char *call, int error,
	    int code);
void	loop_fail_verify(struct loop_result *lr);
bool	loop_own_failure(const struct loop_result *lr);
int	loop_say(const struct ipc_config *cfg, const struct loop_result *lr,
	    size_t done);
_Noreturn void loop_report(const struct ipc_config *cfg,
	    const struct loop_result *lr, size_t done);
void	loop_send(struct sender_arg *sa);
size_t	loop_receive(const struct ipc_config *cfg, struct ipc_endpoints *ep,
	    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
	    struct timespec *end, struct ipc_io_stats *ios,
	    struct loop_result *lr);
void	loop_1thread(const struct ipc_config *cfg, struct ipc_endpoints *ep,
	    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
	    struct ipc_sample *s);

/* pingpong.c: -l's loops over a duplex object. */
size_t	pingpong_first(const struct ipc_config *cfg, struct ipc_endpoints *ep,
	    const struct ipc_buffers *buf, struct ipc_counters *ctrs,
	    struct timespec *start, struct timespec *end, struct ipc_sample *s,
	    struct loop_result *lr);
void	pingpong_echo(struct sender_arg *sa);
void	pingpong_1thread(const struct ipc_config *cfg,
	    struct ipc_endpoints *ep, const struct ipc_buffers *buf,
	    struct ipc_counters *ctrs, struct ipc_sample *s);

#endif /* !LOOPS_H */
