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
 * Unit tests of the shared-memory transport (ipc/shmem.c): a message
 * round trip with its accounting; 1thread's alternation can never block;
 * a hang-up wakes a waiting receiver; and across fork() the parent sees
 * every page the child wrote (both 2023-24 L41 bugs would fail it); a
 * child killed at any instant cannot hang the parent.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "iostats.h"
#include "shmem.h"
#include "unit.h"

/* 2thread test: messages and their size. */
#define	T_MSGS		200
#define	T_LEN		1000

/* 2proc test: a message of many pages, not a multiple of the page. */
#define	P_LEN		(16 * 4096 + 17)
#define	P_MSGS		3

/* Peer-death test: rounds, each killing the child at another instant. */
#define	D_ROUNDS	4

struct put_arg {
	struct ipc_shmem *pa_shm;
	struct ipc_io_stats pa_stats;
	int		 pa_error;
};

static void	*putter(void *arg);
static void	peer_death_test(void);
static void	fill_msg(char *buf, size_t len, unsigned int k);

/*
 * Message k: every byte a function of k and its position (pages differ).
 */
static void
fill_msg(char *buf, size_t len, unsigned int k)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(unsigned char)(k * 31 + i / 4096 * 7 + i % 251);
}

/*
 * 2thread sender: T_MSGS messages, then hang up.
 */
static void *
putter(void *arg)
{
	struct put_arg *pa = arg;
	char buf[T_LEN];
	unsigned int k;

	for (k = 0; k < T_MSGS && pa->pa_error == 0; k++) {
		fill_msg(buf, sizeof(buf), k);
		if (shmem_put(pa->pa_shm, buf, &pa->pa_stats) != T_LEN)
			pa->pa_error = 1;
	}
	shmem_hangup(pa->pa_shm);
	return (NULL);
}

/*
 * A 2proc child killed at a different instant each time, mid-transfer of
 * tiny messages (so mostly inside a hand-off: its copy, the state word's
 * update, a sleep or a wake-up): the parent, watching it, must see the
 * death within a slice of its wait, reap it (SIGKILL, kept for the
 * report) and end its gets (0, end of file); never wait for ever (the alarm
 * would end the unit tests, which counts as a failure).  Nothing is
 * locked, so no instant can leave a lock held.
 */
static void
peer_death_test(void)
{
	struct ipc_io_stats ios;
	struct ipc_shmem *shm;
	const char *what;
	char msg[8];
	pid_t pid;
	ssize_t n;
	int i, k, status, bad;

	bad = 0;
	for (i = 0; i < D_ROUNDS; i++) {
		memset(&ios, 0, sizeof(ios));
		if ((shm = shmem_open(sizeof(msg), IPC_MODE_2PROC, false,
		    &what)) == NULL) {
			bad++;
			break;
		}
		shmem_watch(shm, getpid(), 0);
		fflush(stdout);
		if ((pid = fork()) == -1) {
			perror("fork");
			exit(1);
		}
		if (pid == 0) {
			memset(msg, 0, sizeof(msg));
			while (shmem_put(shm, msg, &ios) > 0)
				continue;
			_exit(0);
		}
		shmem_watch(shm, getpid(), pid);
		/* The instant: after 37 * i messages and i * 97 us. */
		for (k = 0; k < 37 * i; k++)
			if (shmem_get(shm, msg, &ios) != sizeof(msg))
				bad++;
		(void)usleep((useconds_t)(i * 97));
		(void)kill(pid, SIGKILL);
		(void)alarm(20);
		while ((n = shmem_get(shm, msg, &ios)) > 0)
			continue;
		(void)alarm(0);
		if (n != 0 || !shmem_reaped(shm, &status) ||
		    !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			bad++;
		shmem_close(shm);
	}
	UNIT_CHECK("shmem-peer-death-at-any-instant", bad == 0);
}

void
unit_shmem_tests(void)
{
	struct ipc_io_stats rs, ws;
	struct ipc_shmem *shm;
	struct put_arg pa;
	pthread_t t;
	const char *what;
	char *in, *out;
	unsigned int k, bad;
	size_t i;
	int status, error;
	pid_t pid;

	/* 1thread: put then get; a second put or get would wait forever. */
	memset(&rs, 0, sizeof(rs));
	memset(&ws, 0, sizeof(ws));
	in = malloc(P_LEN);
	out = malloc(P_LEN);
	if (in == NULL || out == NULL) {
		perror("malloc");
		exit(1);
	}
	shm = shmem_open(10000, IPC_MODE_1THREAD, true, &what);
	UNIT_CHECK("shmem-open-1thread", shm != NULL);
	if (shm != NULL) {
		fill_msg(in, 10000, 1);
		memset(out, 0, 10000);
		UNIT_CHECK("shmem-1thread-put", shmem_put(shm, in, &ws) ==
		    10000);
		UNIT_CHECK("shmem-1thread-put-again-no-hang",
		    shmem_put(shm, in, &ws) == -1 && errno == EDEADLK);
		UNIT_CHECK("shmem-1thread-get", shmem_get(shm, out, &rs) ==
		    10000);
		/* Against a fresh copy: a reversed memcpy() clobbers in. */
		fill_msg(in, 10000, 1);
		UNIT_CHECK("shmem-1thread-data", memcmp(in, out, 10000) == 0);
		UNIT_CHECK("shmem-1thread-get-again-no-hang",
		    shmem_get(shm, out, &rs) == -1 && errno == EDEADLK);
		io_stats_settle(&ws);
		io_stats_settle(&rs);
		UNIT_CHECK("shmem-accounting-one-memcpy-each",
		    ws.ios_calls == 1 && ws.ios_bytes == 10000 &&
		    rs.ios_calls == 1 && rs.ios_bytes == 10000 &&
		    ws.ios_short == 0 && rs.ios_hist[13] == 1);
		/*
		 * A hang-up after the last message: the message is still
		 * taken whole, then every get and put ends (0, end of file),
		 * none waits; the hand-off that took it kept the hang-up.
		 */
		UNIT_CHECK("shmem-hangup-keeps-last-message",
		    shmem_put(shm, in, &ws) == 10000 &&
		    (shmem_hangup(shm), shmem_get(shm, out, &rs) == 10000) &&
		    memcmp(in, out, 10000) == 0);
		UNIT_CHECK("shmem-hangup-then-eof",
		    shmem_get(shm, out, &rs) == 0 &&
		    shmem_put(shm, in, &ws) == 0 &&
		    shmem_get(shm, out, &rs) == 0);
		shmem_close(shm);
	}

	/* 2thread: every message arrives whole and in order. */
	memset(&pa, 0, sizeof(pa));
	memset(&rs, 0, sizeof(rs));
	shm = shmem_open(T_LEN, IPC_MODE_2THREAD, false, &what);
	UNIT_CHECK("shmem-open-2thread", shm != NULL);
	if (shm != NULL) {
		pa.pa_shm = shm;
		error = pthread_create(&t, NULL, putter, &pa);
		UNIT_CHECK("shmem-2thread-create", error == 0);
		bad = 0;
		for (k = 0; error == 0 && k < T_MSGS; k++) {
			if (shmem_get(shm, out, &rs) != T_LEN) {
				bad++;
				break;
			}
			fill_msg(in, T_LEN, k);
			if (memcmp(in, out, T_LEN) != 0)
				bad++;
		}
		UNIT_CHECK("shmem-2thread-data", error == 0 && bad == 0);
		/* All taken and the sender gone: no wait, an end of file. */
		UNIT_CHECK("shmem-2thread-hangup-eof", error == 0 &&
		    shmem_get(shm, out, &rs) == 0);
		if (error == 0)
			(void)pthread_join(t, NULL);
		io_stats_settle(&pa.pa_stats);
		io_stats_settle(&rs);
		UNIT_CHECK("shmem-2thread-counts", pa.pa_error == 0 &&
		    pa.pa_stats.ios_calls == T_MSGS &&
		    rs.ios_calls == T_MSGS && rs.ios_bytes == T_MSGS * T_LEN);
		shmem_close(shm);
	}

	/*
	 * 2proc: the child's copies reach the parent on every page.  L41's
	 * reversed memcpy() moved nothing; its first-page-only minherit()
	 * kept pages 2.. private to the child.
	 */
	shm = shmem_open(P_LEN, IPC_MODE_2PROC, false, &what);
	UNIT_CHECK("shmem-open-2proc", shm != NULL);
	if (shm == NULL)
		goto done;
	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		memset(&ws, 0, sizeof(ws));
		shmem_child_init(shm);
		for (k = 0; k < P_MSGS; k++) {
			fill_msg(in, P_LEN, k);
			if (shmem_put(shm, in, &ws) != P_LEN)
				_exit(1);
		}
		_exit(0);
	}
	bad = 0;
	for (k = 0; k < P_MSGS; k++) {
		memset(out, 0, P_LEN);
		if (shmem_get(shm, out, &rs) != P_LEN) {
			bad = P_LEN;
			break;
		}
		fill_msg(in, P_LEN, k);
		for (i = 0; i < P_LEN; i += 4096)
			if (memcmp(in + i, out + i, P_LEN - i < 4096 ?
			    P_LEN - i : 4096) != 0)
				bad++;
	}
	UNIT_CHECK("shmem-2proc-every-page-seen", bad == 0);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	UNIT_CHECK("shmem-2proc-child-ok", WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0);
	/* What a failing sender does: the receiver stops at once. */
	shmem_hangup(shm);
	UNIT_CHECK("shmem-2proc-hangup-eof", shmem_get(shm, out, &rs) ==
	    0);
	shmem_close(shm);
done:
	peer_death_test();
	UNIT_CHECK("shmem-open-zero-fails",
	    shmem_open(0, IPC_MODE_2THREAD, false, &what) == NULL);
	free(in);
	free(out);
}
