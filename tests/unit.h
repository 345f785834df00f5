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
 * A counting unit-test harness: every check prints "ok <name>" or
 * "FAIL <name>: <where>", nothing aborts, and the run ends with the same
 * "N passed, N failed" line as tests/run.sh.  A check that cannot run on
 * this machine prints "SKIP <name>: <why>" and counts as neither.
 */

#ifndef UNIT_H
#define	UNIT_H

#include <stdbool.h>
#include <stddef.h>

#define	UNIT_CHECK(name, cond)						\
	unit_check((name), (cond), __FILE__, __LINE__, #cond)
#define	UNIT_CHECK_STR(name, got, want)					\
	unit_check_str((name), (got), (want), __FILE__, __LINE__)
#define	UNIT_CHECK_NEAR(name, got, want, eps)				\
	unit_check_near((name), (got), (want), (eps), __FILE__, __LINE__)
#define	UNIT_SKIP(name, why)	unit_skip((name), (why))

void	unit_check(const char *name, bool ok, const char *file, int line,
	    const char *expr);
void	unit_check_str(const char *name, const char *got, const char *want,
	    const char *file, int line);
void	unit_check_near(const char *name, double got, double want,
	    double eps, const char *file, int line);
void	unit_skip(const char *name, const char *why);

/*
 * Run fn(arg) in a forked child (for code that exits, or may crash) and
 * return its wait status; what it wrote to stderr lands in errbuf.
 */
int	unit_child(void (*fn)(void *), void *arg, char *errbuf, size_t len);

/* Capture what the code under test writes to stdout (fd 1). */
void	unit_capture_begin(void);
const char *unit_capture_end(void);

/* An l1d report block, shared by unit_report.c and unit_counters.c. */
extern const char unit_l1d_report[];

/* One entry point per module under test. */
void	unit_main_tests(void);
void	unit_report_tests(void);
void	unit_pmc_tests(void);
void	unit_counters_tests(void);
void	unit_stats_tests(void);
void	unit_memlimit_tests(void);
void	unit_compat_tests(void);
void	unit_verify_tests(void);
void	unit_shmem_tests(void);
void	unit_stability_tests(void);
void	unit_latency_tests(void);
void	unit_transport_tests(void);

#endif /* !UNIT_H */
