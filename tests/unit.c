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
 * The unit-test driver: runs every module's tests and prints the totals.
 * stdout capture uses a temporary file dup'ed over fd 1, so report.c is
 * tested through the very stdio stream it writes in production.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "unit.h"

static int	unit_passed;
static int	unit_failed;
static FILE	*capture_file;
static int	capture_saved_fd = -1;
static char	*capture_buf;

void
unit_check(const char *name, bool ok, const char *file, int line,
    const char *expr)
{

	if (ok) {
		unit_passed++;
		printf("ok %s\n", name);
	} else {
		unit_failed++;
		printf("FAIL %s: %s:%d: %s\n", name, file, line, expr);
	}
}

void
unit_check_str(const char *name, const char *got, const char *want,
    const char *file, int line)
{

	if (got != NULL && want != NULL && strcmp(got, want) == 0) {
		unit_passed++;
		printf("ok %s\n", name);
		return;
	}
	unit_failed++;
	printf("FAIL %s: %s:%d:\n--- want\n%s\n+++ got\n%s\n", name, file, line,
	    want != NULL ? want : "(null)", got != NULL ? got : "(null)");
}

void
unit_check_near(const char *name, double got, double want, double eps,
    const char *file, int line)
{

	if (fabs(got - want) <= eps || (isnan(got) && isnan(want))) {
		unit_passed++;
		printf("ok %s\n", name);
		return;
	}
	unit_failed++;
	printf("FAIL %s: %s:%d: got %.17g, want %.17g\n", name, file, line,
	    got, want);
}

void
unit_skip(const char *name, const char *why)
{

	printf("SKIP %s: %s\n", name, why);
}

int
unit_child(void (*fn)(void *), void *arg, char *errbuf, size_t len)
{
	FILE *tmp;
	pid_t pid;
	size_t n;
	int status;

	fflush(NULL);
	if ((tmp = tmpfile()) == NULL)
		err(1, "tmpfile");
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		(void)dup2(fileno(tmp), STDERR_FILENO);
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		err(1, "waitpid");
	rewind(tmp);
	n = fread(errbuf, 1, len - 1, tmp);
	errbuf[n] = '\0';
	fclose(tmp);
	return (status);
}

void
unit_capture_begin(void)
{

	fflush(stdout);
	capture_file = tmpfile();
	if (capture_file == NULL)
		err(1, "tmpfile");
	capture_saved_fd = dup(STDOUT_FILENO);
	if (capture_saved_fd < 0 ||
	    dup2(fileno(capture_file), STDOUT_FILENO) < 0)
		err(1, "dup");
	clearerr(stdout);
}

const char *
unit_capture_end(void)
{
	long len;

	fflush(stdout);
	if (dup2(capture_saved_fd, STDOUT_FILENO) < 0)
		err(1, "dup2");
	close(capture_saved_fd);
	capture_saved_fd = -1;
	len = ftell(capture_file);
	if (len < 0)
		err(1, "ftell");
	free(capture_buf);
	capture_buf = calloc(1, (size_t)len + 1);
	if (capture_buf == NULL)
		err(1, "calloc");
	rewind(capture_file);
	if (len > 0 && fread(capture_buf, 1, (size_t)len, capture_file) !=
	    (size_t)len)
		err(1, "fread");
	fclose(capture_file);
	capture_file = NULL;
	return (capture_buf);
}

int
main(void)
{

	unit_main_tests();
	unit_report_tests();
	unit_pmc_tests();
	unit_counters_tests();
	unit_stats_tests();
	unit_memlimit_tests();
	unit_compat_tests();
	unit_verify_tests();
	unit_shmem_tests();
	unit_stability_tests();
	unit_latency_tests();
	unit_transport_tests();
	free(capture_buf);
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return (unit_failed == 0 ? 0 : 1);
}
