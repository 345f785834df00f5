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
 * perfprobe hw|sw: how the kernel answers a counter like the benchmark's
 * (one perf event counting this process in user and kernel mode), asked
 * of perf_event_open(2) directly rather than of the program under test.
 * hw is instructions retired, sw is page faults.  Prints one word:
 *   yes      the counter opened;
 *   nopmu    no such event here (no PMU, common in VMs);
 *   denied   not allowed (perf_event_paranoid, not root);
 *   nosys    no perf_event_open at all (old kernel, qemu-user, seccomp);
 *   unknown  another error, or not Linux.
 * For tests/t_counters.sh; `make test` builds it.
 */

#ifdef __linux__
#define	_GNU_SOURCE		/* syscall(2) */
#include <linux/perf_event.h>
#include <sys/syscall.h>
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char *
probe(const char *kind)
{
#ifdef __linux__
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	if (strcmp(kind, "hw") == 0) {
		attr.type = PERF_TYPE_HARDWARE;
		attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	} else {
		attr.type = PERF_TYPE_SOFTWARE;
		attr.config = PERF_COUNT_SW_PAGE_FAULTS;
	}
	attr.disabled = 1;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0UL);
	if (fd >= 0) {
		(void)close((int)fd);
		return ("yes");
	}
	switch (errno) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		return ("nopmu");
	case EACCES:
	case EPERM:
		return ("denied");
	case ENOSYS:
		return ("nosys");
	default:
		return ("unknown");
	}
#else
	(void)kind;
	return ("unknown");
#endif
}

int
main(int argc, char *argv[])
{

	if (argc != 2 || (strcmp(argv[1], "hw") != 0 &&
	    strcmp(argv[1], "sw") != 0)) {
		fprintf(stderr, "usage: perfprobe hw|sw\n");
		return (EX_USAGE);
	}
	printf("%s\n", probe(argv[1]));
	return (0);
}
