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
 * The OS shims compat.c defines: clocks, futex wait and wake, thread
 * pinning, the current CPU, a page shared across fork(), memory a child
 * does not inherit, the machine-wide counters behind the noise figures,
 * and resetting getopt().  Each hides a Linux/FreeBSD difference behind
 * one call, so that no other file needs an #ifdef for them.
 */

#ifndef COMPAT_H
#define	COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * The clock of -l's per-round-trip stamps, read through clock_gettime(3).
 * Its id is not the run stamps' CLOCK_MONOTONIC: where the C library's
 * clock is a system call (no vDSO timecounter: FreeBSD on an AM335x,
 * Linux on an hpet or acpi_pm clocksource, some emulators) these reads
 * show in a trace, and tracers tell the two stamps apart by their id.
 * It ticks with CLOCK_MONOTONIC, so round-trip times add up within the
 * bracket's time (CLOCK_MONOTONIC_RAW, unslewed, could exceed it).
 * Linux: CLOCK_BOOTTIME, CLOCK_MONOTONIC plus time suspended, served by
 * the vDSO wherever CLOCK_MONOTONIC is (Linux 5.3 on); FreeBSD:
 * CLOCK_MONOTONIC_PRECISE, the kernel's CLOCK_MONOTONIC under another
 * id, served by libc's timekeeping page as CLOCK_MONOTONIC is.
 */
#if defined(__linux__) && defined(CLOCK_BOOTTIME)
#define	IPC_CLOCK_ROUNDTRIP		CLOCK_BOOTTIME
#define	IPC_CLOCK_ROUNDTRIP_NAME	"CLOCK_BOOTTIME"
#elif defined(__FreeBSD__) && defined(CLOCK_MONOTONIC_PRECISE)
#define	IPC_CLOCK_ROUNDTRIP		CLOCK_MONOTONIC_PRECISE
#define	IPC_CLOCK_ROUNDTRIP_NAME	"CLOCK_MONOTONIC_PRECISE"
#else
#define	IPC_CLOCK_ROUNDTRIP		CLOCK_MONOTONIC
#define	IPC_CLOCK_ROUNDTRIP_NAME	"CLOCK_MONOTONIC"
#endif

int	ipc_clock_now(struct timespec *ts);
int	ipc_clock_coarse(struct timespec *ts);
int	ipc_futex_wait(uint32_t *word, uint32_t val, bool shared, int ms);
int	ipc_futex_wake(uint32_t *word, bool shared);
void	ipc_getopt_reset(void);
void	timespec_sub(const struct timespec *a, const struct timespec *b,
	    struct timespec *res);
int	ipc_pin_thread(int cpu);
int	ipc_current_cpu(void);
void	*ipc_shared_page(size_t len);
int	ipc_no_inherit(void *p, size_t len);
void	ipc_machine_counts(int64_t *steal_ticks, int64_t *ctxt);

#endif /* !COMPAT_H */
