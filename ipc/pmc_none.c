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
 * The counter backend of systems with no known counter interface:
 * counters_compiled() is false there, so config_validate() refuses -P
 * and nothing below is reached in a run.  The whole file compiles only
 * where neither pmc_linux.c nor pmc_freebsd.c does.
 */

#if !defined(__linux__) && !defined(__FreeBSD__)

#include <errno.h>
#include <stdio.h>

#include "ipc.h"
#include "pmc_backend.h"

static int	none_prepare(const char **callp);
static int	none_open(const struct ctr_event *ev, uint64_t *handlep,
		    const char **callp);
static int	none_startstop(const uint64_t *handles, size_t n);
static int	none_read(uint64_t handle, struct ctr_reading *rd,
		    const char **callp);
static void	none_release(uint64_t handle);
static void	none_explain(char *buf, size_t len, const char *call,
		    const char *counter, const struct ctr_event *ev, int error);

const struct counters_backend counters_backend_native = {
	.cb_name = "none",
	.cb_family = CF_NONE,
	.cb_prepare = none_prepare,
	.cb_open = none_open,
	.cb_start = none_startstop,
	.cb_stop = none_startstop,
	.cb_read = none_read,
	.cb_release = none_release,
	.cb_explain = none_explain,
};

/*
 * There is nothing to open counters with.
 */
static int
none_prepare(const char **callp)
{

	*callp = "counters";
	errno = ENOTSUP;
	return (-1);
}

static int
none_open(const struct ctr_event *ev, uint64_t *handlep, const char **callp)
{

	(void)ev;
	(void)handlep;
	return (none_prepare(callp));
}

/*
 * No-ops: no counter is ever open.
 */
static int
none_startstop(const uint64_t *handles, size_t n)
{

	(void)handles;
	(void)n;
	return (0);
}

static int
none_read(uint64_t handle, struct ctr_reading *rd, const char **callp)
{

	(void)handle;
	(void)rd;
	return (none_prepare(callp));
}

static void
none_release(uint64_t handle)
{

	(void)handle;
}

/*
 * The one message there is.
 */
static void
none_explain(char *buf, size_t len, const char *call, const char *counter,
    const struct ctr_event *ev, int error)
{

	(void)call;
	(void)counter;
	(void)ev;
	(void)error;
	(void)snprintf(buf, len, "counters not supported on this OS");
}

#endif /* !__linux__ && !__FreeBSD__ */
