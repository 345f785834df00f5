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
 * OS shims, declared in compat.h: the only place with per-OS code besides
 * the counter backends (pmc_linux.c, pmc_freebsd.c, pmc_none.c), the host
 * description's per-OS tables (sysinfo_linux.c, sysinfo_freebsd.c,
 * sysinfo_other.c) and memlimit.c's reading of free memory.
 * The timestamps use the raw clock_gettime system call of CLOCK_MONOTONIC,
 * as L41 did from 2021 on with __sys_clock_gettime, so that DTrace,
 * strace, perf trace and bpftrace see the two calls that bracket the
 * measured loop; every other clock read (deadlines here, -l's stamps
 * through IPC_CLOCK_ROUNDTRIP) goes through the C library, with another
 * clock id, so that where the library's clock is a system call the
 * stamps are still told apart.  shmem sleeps on its state word
 * with the OS's futex (Linux futex(2), FreeBSD _umtx_op(2)).
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#if defined(__FreeBSD__)
#include <sys/cpuset.h>
#include <sys/param.h>
#include <sys/sysctl.h>
#include <sys/umtx.h>
#endif
#if defined(__linux__)
#include <linux/futex.h>
#endif

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"

/*
 * Take a timestamp with the clock_gettime system call itself, bypassing
 * the vDSO.  DEVIATION: CLOCK_MONOTONIC rather than L41's CLOCK_REALTIME,
 * so a clock step cannot distort a run; it is system-wide, hence valid
 * between the 2proc child (start) and the parent (end).
 */
int
ipc_clock_now(struct timespec *ts)
{

#if defined(__linux__) && defined(SYS_clock_gettime64)
	/*
	 * 32-bit Linux with a 64-bit time_t (-D_TIME_BITS=64): the old call
	 * fills a 32-bit timespec, so use the one that fills ours.  The
	 * condition is a constant; the compiler keeps one branch.
	 */
	if (sizeof(ts->tv_sec) > sizeof(long))
		return ((int)syscall(SYS_clock_gettime64, CLOCK_MONOTONIC,
		    ts));
#endif
	return ((int)syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts));
}

/*
 * A monotonic clock for deadlines outside the timed region, read without
 * a system call where the OS allows: Linux's vDSO serves the coarse clock
 * from memory whatever the clocksource, as it reads no counter; FreeBSD's
 * libc serves CLOCK_MONOTONIC_FAST only with a user-space timecounter,
 * and makes the system call otherwise.  Either way its clock id is not
 * the stamps' CLOCK_MONOTONIC, which tracers count alone.  Elsewhere,
 * with neither id, CLOCK_MONOTONIC.  Returns 0, or -1 with errno set.
 */
int
ipc_clock_coarse(struct timespec *ts)
{

#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
	return (clock_gettime(CLOCK_MONOTONIC_COARSE, ts));
#elif defined(__FreeBSD__) && defined(CLOCK_MONOTONIC_FAST)
	return (clock_gettime(CLOCK_MONOTONIC_FAST, ts));
#else
	return (clock_gettime(CLOCK_MONOTONIC, ts));
#endif
}

/*
 * Sleep while the 32-bit word at word holds val, for at most ms
 * milliseconds: Linux's futex(2) FUTEX_WAIT, FreeBSD's _umtx_op(2)
 * UMTX_OP_WAIT_UINT; the check and the sleep are one atomic step, so a
 * wake-up after a change of the word is never lost.  shared: the word
 * may be in memory shared with another process.  Returns 0 when woken,
 * when the word no longer held val, or spuriously; else -1 with errno
 * ETIMEDOUT, EINTR or another error.  Elsewhere it only sleeps 1 ms
 * (a bounded poll).
 */
int
ipc_futex_wait(uint32_t *word, uint32_t val, bool shared, int ms)
{
#if defined(__linux__) && defined(SYS_futex)
	/* The kernel's timespec of SYS_futex: two longs, whatever time_t. */
	struct {
		long	tv_sec;
		long	tv_nsec;
	} ts;
	long rc;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	rc = syscall(SYS_futex, word, shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE,
	    val, &ts, NULL, 0);
	if (rc == -1 && errno == EAGAIN)
		return (0);
	return (rc == -1 ? -1 : 0);
#elif defined(__linux__) && defined(SYS_futex_time64)
	/* 32-bit ABIs born with a 64-bit time_t only have this one. */
	struct timespec ts;
	long rc;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	rc = syscall(SYS_futex_time64, word, shared ? FUTEX_WAIT :
	    FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
	if (rc == -1 && errno == EAGAIN)
		return (0);
	return (rc == -1 ? -1 : 0);
#elif defined(__FreeBSD__)
	struct timespec ts;

	/* uaddr carries the size of the timeout uaddr2 points to. */
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	return (_umtx_op(word, shared ? UMTX_OP_WAIT_UINT :
	    UMTX_OP_WAIT_UINT_PRIVATE, val, (void *)(uintptr_t)sizeof(ts),
	    &ts) == -1 ? -1 : 0);
#else
	struct timespec ts;

	(void)word;
	(void)val;
	(void)shared;
	(void)ms;
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000L;
	return (nanosleep(&ts, NULL));
#endif
}

/*
 * Wake every thread sleeping in ipc_futex_wait() on word.  Returns 0, or
 * -1 with errno set.
 */
int
ipc_futex_wake(uint32_t *word, bool shared)
{
#if defined(__linux__) && (defined(SYS_futex) || defined(SYS_futex_time64))
#if defined(SYS_futex)
	long nr = SYS_futex;
#else
	long nr = SYS_futex_time64;
#endif

	return (syscall(nr, word, shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE,
	    INT_MAX, NULL, NULL, 0) == -1 ? -1 : 0);
#elif defined(__FreeBSD__)
	return (_umtx_op(word, shared ? UMTX_OP_WAKE : UMTX_OP_WAKE_PRIVATE,
	    INT_MAX, NULL, NULL) == -1 ? -1 : 0);
#else
	(void)word;
	(void)shared;
	return (0);
#endif
}

/*
 * res = a - b, for a >= b, borrowing from the seconds as needed.
 */
void
timespec_sub(const struct timespec *a, const struct timespec *b,
    struct timespec *res)
{
	struct timespec r;

	r.tv_sec = a->tv_sec - b->tv_sec;
	r.tv_nsec = a->tv_nsec - b->tv_nsec;
	if (r.tv_nsec < 0) {
		r.tv_sec--;
		r.tv_nsec += 1000000000L;
	}
	*res = r;
}

/*
 * Pin the calling thread to one CPU; threads and processes it creates
 * afterwards inherit the mask.  Returns 0, or -1 with errno set.
 */
int
ipc_pin_thread(int cpu)
{
#if defined(__linux__)
	cpu_set_t set;
	int error;

	if (cpu < 0 || cpu >= CPU_SETSIZE) {
		errno = EINVAL;
		return (-1);
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	error = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (error != 0) {
		errno = error;
		return (-1);
	}
	return (0);
#elif defined(__FreeBSD__)
	cpuset_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE) {
		errno = EINVAL;
		return (-1);
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return (cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_TID, -1,
	    sizeof(set), &set));
#else
	(void)cpu;
	errno = ENOTSUP;
	return (-1);
#endif
}

/*
 * The CPU the caller runs on now, or -1 where the OS cannot say.
 */
int
ipc_current_cpu(void)
{
#if defined(__linux__) || (defined(__FreeBSD__) && __FreeBSD_version >= 1301000)
	return (sched_getcpu());
#else
	return (-1);
#endif
}

/*
 * A zero-filled anonymous mapping shared with children forked later.
 * Portable replacement for L41's mmap + minherit(INHERIT_SHARE).
 */
void *
ipc_shared_page(size_t len)
{
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON,
	    -1, 0);
	return (p == MAP_FAILED ? NULL : p);
}

/*
 * Keep a private mapping out of children forked later: the child does not
 * get it at all, so fork() does not make the parent's pages copy-on-write.
 * Returns 0, or -1 with errno; where the OS has no such call, 0 (the
 * child then unmaps its copy, at the price of copy-on-write faults).
 */
int
ipc_no_inherit(void *p, size_t len)
{
#if defined(__linux__) && defined(MADV_DONTFORK)
	return (madvise(p, len, MADV_DONTFORK));
#elif defined(__FreeBSD__)
	return (minherit(p, len, INHERIT_NONE));
#else
	(void)p;
	(void)len;
	return (0);
#endif
}

/*
 * Make the next getopt() call start afresh (unit tests parse many argvs).
 * glibc resets fully on optind = 0; the BSDs want optreset.
 */
void
ipc_getopt_reset(void)
{
#if defined(__GLIBC__)
	optind = 0;
#elif defined(__FreeBSD__) || defined(__APPLE__) || defined(__NetBSD__) || \
    defined(__OpenBSD__)
	optreset = 1;
	optind = 1;
#else
	optind = 1;
#endif
}

/*
 * The machine's steal time (clock ticks, summed over its CPUs: time a
 * hypervisor gave them to someone else) and its context switches, since
 * boot; -1 for what this OS does not count.  Linux: /proc/stat's "cpu"
 * line (the eighth number) and "ctxt".  FreeBSD counts switches
 * (vm.stats.sys.v_swtch, a 64-bit counter since FreeBSD 12; a kernel
 * with COMPAT_FREEBSD11 answers a 4-byte request with 4 bytes, so ask
 * for 8 and take what comes) but not steal time.
 */
void
ipc_machine_counts(int64_t *steal_ticks, int64_t *ctxt)
{
#if defined(__linux__)
	char line[512];
	FILE *fp;
	uintmax_t v[8];
#elif defined(__FreeBSD__)
	union {
		uint64_t	u64;
		uint32_t	u32;
	} sw;
	size_t len;
#endif

	*steal_ticks = -1;
	*ctxt = -1;
#if defined(__linux__)
	fp = fopen("/proc/stat", "r");
	if (fp == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "cpu ", 4) == 0 && sscanf(line + 4,
		    "%ju %ju %ju %ju %ju %ju %ju %ju", &v[0], &v[1], &v[2],
		    &v[3], &v[4], &v[5], &v[6], &v[7]) == 8)
			*steal_ticks = (int64_t)v[7];
		else if (strncmp(line, "ctxt ", 5) == 0 &&
		    sscanf(line + 5, "%ju", &v[0]) == 1)
			*ctxt = (int64_t)v[0];
	}
	(void)fclose(fp);
#elif defined(__FreeBSD__)
	len = sizeof(sw.u64);
	if (sysctlbyname("vm.stats.sys.v_swtch", &sw, &len, NULL, 0) != 0)
		return;
	if (len == sizeof(sw.u64))
		*ctxt = (int64_t)sw.u64;
	else if (len == sizeof(sw.u32))
		*ctxt = (int64_t)sw.u32;
#endif
}
