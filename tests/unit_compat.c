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
 * Unit tests for compat.c: the raw clock_gettime stamp must be a valid
 * struct timespec of this ABI and agree with libc's clock_gettime().  On
 * 32-bit Linux built with a 64-bit time_t (-D_TIME_BITS=64), the old
 * SYS_clock_gettime wrote a 32-bit timespec into a 64-bit one: seconds
 * and nanoseconds both came out wrong, and every rate as 0.00.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ipc.h"
#include "compat.h"
#include "unit.h"

/*
 * A raw stamp taken between two libc stamps lies between them.
 */
static void
test_clock_abi(void)
{
	struct timespec before, raw, after;
	int rc;

	memset(&raw, 0xa5, sizeof(raw));
	(void)clock_gettime(CLOCK_MONOTONIC, &before);
	rc = ipc_clock_now(&raw);
	(void)clock_gettime(CLOCK_MONOTONIC, &after);
	printf("# clock: time_t %zu bytes, long %zu; libc %jd.%09ld, "
	    "raw %jd.%09ld\n", sizeof(time_t), sizeof(long),
	    (intmax_t)before.tv_sec, (long)before.tv_nsec,
	    (intmax_t)raw.tv_sec, (long)raw.tv_nsec);
	UNIT_CHECK("compat clock succeeds", rc == 0);
	UNIT_CHECK("compat clock nanoseconds in range", raw.tv_nsec >= 0 &&
	    raw.tv_nsec < 1000000000L);
	UNIT_CHECK("compat clock after libc stamp",
	    raw.tv_sec > before.tv_sec || (raw.tv_sec == before.tv_sec &&
	    raw.tv_nsec >= before.tv_nsec));
	UNIT_CHECK("compat clock before libc stamp",
	    raw.tv_sec < after.tv_sec || (raw.tv_sec == after.tv_sec &&
	    raw.tv_nsec <= after.tv_nsec));
}

/*
 * Entry point called by tests/unit.c.
 */
void
unit_compat_tests(void)
{

	test_clock_abi();
}
