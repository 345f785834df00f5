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
 * Interleaved runner and spawn timer for bench/run.sh.  It runs several
 * commands in turn for a number of rounds (forward order in even rounds,
 * reverse order in odd ones, so that neither command always goes first)
 * and prints one line per run:
 *
 *	round command exit wall_ns transfer_ns
 *
 * wall_ns runs from just before posix_spawn() to just after waitpid();
 * transfer_ns is the "time: S.NNNNNNNNN" the command printed on stdout,
 * or -1.  Nothing else happens inside the timed span, so the harness adds
 * only the cost of one vfork-style spawn, which a trivial binary measures.
 *
 * Usage: spawntime rounds -- cmd [arg ...] [-- cmd [arg ...] ...]
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#define	MAXCMDS		16
#define	OUTMAX		(64 * 1024)

extern char **environ;

static int64_t	 mono_ns(void);
static int64_t	 parse_time(const char *out);
static void	 run_one(char *const argv[], int devnull, char *out,
		    int *statusp, int64_t *wallp);

/*
 * CLOCK_MONOTONIC in nanoseconds (through the vDSO: this is the timer,
 * not the timed).
 */
static int64_t
mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		err(EX_OSERR, "FAIL: clock_gettime");
	return ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/*
 * The nanoseconds in the first "time: S.NNNNNNNNN" of out, or -1.
 */
static int64_t
parse_time(const char *out)
{
	const char *p;
	char *end;
	long long s, ns;
	int digits;

	if ((p = strstr(out, "time: ")) == NULL)
		return (-1);
	p += 6;
	s = strtoll(p, &end, 10);
	if (end == p || *end != '.')
		return (-1);
	p = end + 1;
	ns = 0;
	for (digits = 0; digits < 9 && p[digits] >= '0' && p[digits] <= '9';
	    digits++)
		ns = ns * 10 + (p[digits] - '0');
	for (; digits < 9; digits++)
		ns *= 10;
	return ((int64_t)s * 1000000000 + ns);
}

/*
 * Spawn argv with stdout on a pipe (collected into out) and stderr on
 * /dev/null, wait for it, and return its status and wall time.
 */
static void
run_one(char *const argv[], int devnull, char *out, int *statusp,
    int64_t *wallp)
{
	posix_spawn_file_actions_t fa;
	int64_t t0, t1;
	size_t have;
	ssize_t len;
	pid_t pid;
	int error, fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		err(EX_OSERR, "FAIL: pipe");
	if ((error = posix_spawn_file_actions_init(&fa)) != 0 ||
	    (error = posix_spawn_file_actions_adddup2(&fa, fds[1], 1)) != 0 ||
	    (error = posix_spawn_file_actions_adddup2(&fa, devnull, 2)) != 0) {
		errno = error;
		err(EX_OSERR, "FAIL: posix_spawn_file_actions");
	}
	have = 0;
	t0 = mono_ns();
	/* Timed span starts. */
	error = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	if (error != 0) {
		errno = error;
		err(EX_OSERR, "FAIL: posix_spawn %s", argv[0]);
	}
	close(fds[1]);
	while ((len = read(fds[0], out + have, OUTMAX - 1 - have)) > 0)
		have += (size_t)len;
	if (len < 0)
		err(EX_IOERR, "FAIL: read");
	if (waitpid(pid, statusp, 0) < 0)
		err(EX_OSERR, "FAIL: waitpid");
	t1 = mono_ns();
	/* Timed span ends. */
	out[have] = '\0';
	close(fds[0]);
	posix_spawn_file_actions_destroy(&fa);
	*wallp = t1 - t0;
}

int
main(int argc, char *argv[])
{
	char **cmds[MAXCMDS];
	static char out[OUTMAX];
	unsigned long rounds, r;
	int64_t wall;
	char *end;
	int i, c, n, ncmds, devnull, status, code;

	if (argc < 4 || strcmp(argv[2], "--") != 0)
		errx(EX_USAGE, "usage: spawntime rounds -- cmd [arg ...] "
		    "[-- cmd [arg ...] ...]");
	errno = 0;
	rounds = strtoul(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || errno != 0 || rounds == 0)
		errx(EX_USAGE, "bad rounds: %s", argv[1]);
	/* Split argv in place at each "--" into NULL-terminated vectors. */
	ncmds = 0;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") != 0)
			continue;
		argv[i] = NULL;
		if (i + 1 >= argc || strcmp(argv[i + 1], "--") == 0)
			errx(EX_USAGE, "empty command");
		if (ncmds == MAXCMDS)
			errx(EX_USAGE, "too many commands");
		cmds[ncmds++] = &argv[i + 1];
	}
	if ((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		err(EX_OSERR, "FAIL: open /dev/null");
	for (r = 0; r < rounds; r++) {
		for (n = 0; n < ncmds; n++) {
			c = r % 2 == 0 ? n : ncmds - 1 - n;
			run_one(cmds[c], devnull, out, &status, &wall);
			code = WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status);
			printf("%lu %d %d %jd %jd\n", r, c, code,
			    (intmax_t)wall, (intmax_t)parse_time(out));
		}
		fflush(stdout);
	}
	return (0);
}
