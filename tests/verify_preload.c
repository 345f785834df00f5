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
 * LD_PRELOAD test helper for -V (tests/t_shmem.sh): a write() that
 * damages the data stream once, so the test can show that -V catches a
 * broken transfer and that a run without -V does not notice.  It counts
 * the bytes written on each descriptor above 2 and, when that count first
 * passes IPC_VERIFY_AT on one of them, either flips the byte at that
 * offset (IPC_VERIFY_FAULT=corrupt), leaves it out while reporting it
 * written (IPC_VERIFY_FAULT=drop), or first sends the IPC_VERIFY_LEN
 * bytes before it again (IPC_VERIFY_FAULT=dup, up to HISTORY bytes: a
 * duplicate the sender does not know about).  The benchmark's one-byte
 * "receiver ready" write never reaches an offset past 0, so only the
 * data stream is touched.  With IPC_VERIFY_PEER set, only a thread other
 * than the first one of the process that loaded this library (a second
 * thread, or a forked child) does damage: in a ping-pong (-l), the echo
 * side's writes.  Works for the dynamic binary only.
 */

#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	MAXFD	1024
#define	HISTORY	(1024 * 1024)

typedef ssize_t (*write_fn)(int, const void *, size_t);

static unsigned long long done_on[MAXFD];
static int fired;
/* The process that loaded us and its first thread (IPC_VERIFY_PEER). */
static pid_t first_pid;
static pthread_t first_thread;
/* The last HISTORY bytes written, by stream offset (for dup). */
static unsigned char history[HISTORY];

static void	remember(unsigned long long base, const void *buf, ssize_t len);
static void	loaded(void) __attribute__((constructor));
static int	duplicate(write_fn real, int fd, unsigned long long at);

/*
 * Note who loaded us: the process's first thread.
 */
static void
loaded(void)
{

	first_pid = getpid();
	first_thread = pthread_self();
}

/*
 * Keep len bytes written at stream offset base.
 */
static void
remember(unsigned long long base, const void *buf, ssize_t len)
{
	ssize_t i;

	for (i = 0; i < len; i++)
		history[(base + (unsigned long long)i) % HISTORY] =
		    ((const unsigned char *)buf)[i];
}

/*
 * Send the IPC_VERIFY_LEN bytes before offset at once more.  Returns 0,
 * or -1 with errno.
 */
static int
duplicate(write_fn real, int fd, unsigned long long at)
{
	unsigned char copy[4096];
	unsigned long long n, from, i;
	const char *len_s;
	ssize_t len;
	size_t k;

	len_s = getenv("IPC_VERIFY_LEN");
	n = len_s != NULL ? strtoull(len_s, NULL, 10) : 0;
	if (n == 0 || n > at || n > HISTORY) {
		errno = EINVAL;
		return (-1);
	}
	for (from = at - n; from < at; from += (unsigned long long)len) {
		k = at - from < sizeof(copy) ? (size_t)(at - from) :
		    sizeof(copy);
		for (i = 0; i < k; i++)
			copy[i] = history[(from + i) % HISTORY];
		len = real(fd, copy, k);
		if (len == -1 && (errno == EINTR || errno == EAGAIN)) {
			len = 0;
			continue;
		}
		if (len == -1)
			return (-1);
	}
	return (0);
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static write_fn real;
	const char *at_s, *mode;
	unsigned long long at, base;
	char copy[65536];
	size_t n;
	ssize_t len;

	if (real == NULL)
		real = (write_fn)(uintptr_t)dlsym(RTLD_NEXT, "write");
	at_s = getenv("IPC_VERIFY_AT");
	mode = getenv("IPC_VERIFY_FAULT");
	if (fired || fd <= 2 || fd >= MAXFD || at_s == NULL || mode == NULL ||
	    count == 0)
		goto plain;
	/* A forked child's one thread may have its parent's pthread_t. */
	if (getenv("IPC_VERIFY_PEER") != NULL && getpid() == first_pid &&
	    pthread_equal(pthread_self(), first_thread))
		goto plain;
	at = strtoull(at_s, NULL, 10);
	base = done_on[fd];
	if (at < base || at >= base + count)
		goto plain;
	if (at > base) {
		/* A short write up to the byte; the sender resumes there. */
		count = (size_t)(at - base);
		goto plain;
	}
	fired = 1;
	if (strcmp(mode, "dup") == 0 && duplicate(real, fd, at) == -1)
		return (-1);
	if (strcmp(mode, "dup") == 0)
		goto plain;
	if (strcmp(mode, "drop") == 0) {
		/* Claim the byte was written without writing it. */
		done_on[fd]++;
		return (1);
	}
	/* corrupt: the byte flipped, then (a slice of) the rest as is. */
	n = count < sizeof(copy) ? count : sizeof(copy);
	memcpy(copy, buf, n);
	copy[0] ^= 0x5a;
	len = real(fd, copy, n);
	if (len > 0)
		done_on[fd] += (unsigned long long)len;
	return (len);
plain:
	len = real(fd, buf, count);
	if (len > 0 && fd >= 0 && fd < MAXFD) {
		remember(done_on[fd], buf, len);
		done_on[fd] += (unsigned long long)len;
	}
	return (len);
}
