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
 * -i shmem: the 2023-24 L41 shared-memory IPC type, without its bugs.
 * One anonymous shared mapping holds a control block (a mutex, an "empty"
 * and a "full" condition variable, and a data-present flag) followed by
 * one data buffer of buffersize rounded up to a page.  A message is one
 * memcpy() into the buffer by the sender and one memcpy() out of it by
 * the receiver, each under the mutex; there are no partial transfers and
 * no system calls unless a side has to wait.  The mapping is created
 * before fork(), whole, with MAP_SHARED, so a 2proc child shares every
 * page of it.  DEVIATION: L41's copies went the wrong way until a later
 * fix (no data moved), and its minherit() covered only the buffer's first
 * page (a 2proc child's writes beyond it stayed private).
 *
 * The accounting counts each memcpy() as one call of buffersize bytes
 * (read_* for copies out, write_* for copies in) and each condition
 * variable wait as a "would block".
 *
 * Build-time test hooks (tests/t_shmem.sh builds throwaway binaries):
 * -DIPC_TEST_SHMEM_BUG=1 reverses both copies, =2 leaves all but the
 * buffer's first page private to a 2proc child, as the course's versions
 * did; -V must catch both.
 */

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"

#ifndef IPC_TEST_SHMEM_BUG
#define	IPC_TEST_SHMEM_BUG	0
#endif

/* The control block, at the start of the shared mapping. */
struct ipc_shmem {
	pthread_mutex_t	 sh_mutex;
	pthread_cond_t	 sh_empty;	/* the receiver took the message */
	pthread_cond_t	 sh_full;	/* the sender put one */
	bool		 sh_datapresent;
	bool		 sh_hangup;	/* a side left or died: stop waiting */
	bool		 sh_pshared;	/* 2proc: process-shared, robust */
	bool		 sh_single;	/* 1thread: a wait would never end */
	size_t		 sh_len;	/* message size: buffersize */
	size_t		 sh_maplen;	/* the whole mapping */
	char		*sh_data;	/* page-aligned, after this block */
};

static size_t	roundup_page(size_t len, size_t page);
static int	shmem_lock(struct ipc_shmem *shm);
static int	shmem_wait(struct ipc_shmem *shm, pthread_cond_t *cv);

/*
 * len rounded up to a whole number of pages; 0 on overflow.
 */
static size_t
roundup_page(size_t len, size_t page)
{

	if (len > SIZE_MAX - (page - 1))
		return (0);
	return ((len + page - 1) / page * page);
}

/*
 * Lock the mutex.  In 2proc it is robust: if the other process died
 * holding it, take it anyway, mark the transfer hung up and make the
 * mutex usable again.  Returns 0 or an error number.
 */
static int
shmem_lock(struct ipc_shmem *shm)
{
	int error;

	error = pthread_mutex_lock(&shm->sh_mutex);
	if (error == EOWNERDEAD) {
		shm->sh_hangup = true;
		error = pthread_mutex_consistent(&shm->sh_mutex);
	}
	return (error);
}

/*
 * Wait on cv with the mutex held, as shmem_lock() handles a dead owner.
 */
static int
shmem_wait(struct ipc_shmem *shm, pthread_cond_t *cv)
{
	int error;

	if (shm->sh_single)
		return (EDEADLK);
	error = pthread_cond_wait(cv, &shm->sh_mutex);
	if (error == EOWNERDEAD) {
		shm->sh_hangup = true;
		error = pthread_mutex_consistent(&shm->sh_mutex);
	}
	return (error);
}

/*
 * Bytes of the shared region for messages of len bytes: the control
 * block and the data buffer, each in whole pages; 0 if that overflows.
 */
size_t
shmem_mapsize(size_t len)
{
	size_t page, ctl, data;
	long pg;

	if ((pg = sysconf(_SC_PAGESIZE)) <= 0)
		pg = 4096;
	page = (size_t)pg;
	ctl = roundup_page(sizeof(struct ipc_shmem), page);
	data = roundup_page(len, page);
	if (len == 0 || data == 0 || data > SIZE_MAX - ctl)
		return (0);
	return (ctl + data);
}

/*
 * Create the shared region for messages of len bytes, for a mode:
 * process-shared and robust synchronisation for 2proc, none of that
 * otherwise (as L41).  With prefault, touch the data buffer now rather
 * than in the timed loop.  Returns NULL with errno set, and *what naming
 * the call that failed.
 */
struct ipc_shmem *
shmem_open(size_t len, enum ipc_mode mode, bool prefault, const char **what)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	struct ipc_shmem *shm;
	size_t page, ctl, data;
	long pg;
	int error;

	*what = "sysconf _SC_PAGESIZE";
	if ((pg = sysconf(_SC_PAGESIZE)) <= 0)
		return (NULL);
	page = (size_t)pg;
	ctl = roundup_page(sizeof(*shm), page);
	data = roundup_page(len, page);
	*what = "mmap shared memory";
	if (len == 0 || data == 0 || data > SIZE_MAX - ctl) {
		errno = ENOMEM;
		return (NULL);
	}
	/* One mapping for control block and data, shared across fork(). */
	if ((shm = ipc_shared_page(ctl + data)) == NULL)
		return (NULL);
	shm->sh_len = len;
	shm->sh_maplen = ctl + data;
	shm->sh_data = (char *)shm + ctl;
	shm->sh_pshared = mode == IPC_MODE_2PROC;
	shm->sh_single = mode == IPC_MODE_1THREAD;
	if (prefault)
		memset(shm->sh_data, 0, data);

	*what = "pthread_mutexattr_init";
	if ((error = pthread_mutexattr_init(&ma)) != 0)
		goto fail;
	*what = "pthread_condattr_init";
	if ((error = pthread_condattr_init(&ca)) != 0) {
		(void)pthread_mutexattr_destroy(&ma);
		goto fail;
	}
	if (shm->sh_pshared) {
		*what = "pthread_mutexattr_setpshared";
		if ((error = pthread_mutexattr_setpshared(&ma,
		    PTHREAD_PROCESS_SHARED)) != 0)
			goto fail_attr;
		*what = "pthread_mutexattr_setrobust";
		if ((error = pthread_mutexattr_setrobust(&ma,
		    PTHREAD_MUTEX_ROBUST)) != 0)
			goto fail_attr;
		*what = "pthread_condattr_setpshared";
		if ((error = pthread_condattr_setpshared(&ca,
		    PTHREAD_PROCESS_SHARED)) != 0)
			goto fail_attr;
	}
	*what = "pthread_mutex_init";
	if ((error = pthread_mutex_init(&shm->sh_mutex, &ma)) != 0)
		goto fail_attr;
	*what = "pthread_cond_init";
	if ((error = pthread_cond_init(&shm->sh_empty, &ca)) != 0) {
		(void)pthread_mutex_destroy(&shm->sh_mutex);
		goto fail_attr;
	}
	if ((error = pthread_cond_init(&shm->sh_full, &ca)) != 0) {
		(void)pthread_cond_destroy(&shm->sh_empty);
		(void)pthread_mutex_destroy(&shm->sh_mutex);
		goto fail_attr;
	}
	(void)pthread_condattr_destroy(&ca);
	(void)pthread_mutexattr_destroy(&ma);
	return (shm);

fail_attr:
	(void)pthread_condattr_destroy(&ca);
	(void)pthread_mutexattr_destroy(&ma);
fail:
	(void)munmap(shm, shm->sh_maplen);
	errno = error;
	return (NULL);
}

/*
 * Destroy the synchronisation objects and unmap the region.
 */
void
shmem_close(struct ipc_shmem *shm)
{

	if (shm == NULL)
		return;
	(void)pthread_cond_destroy(&shm->sh_full);
	(void)pthread_cond_destroy(&shm->sh_empty);
	(void)pthread_mutex_destroy(&shm->sh_mutex);
	(void)munmap(shm, shm->sh_maplen);
}

/*
 * In a 2proc child, right after fork().  Nothing to do: the child already
 * shares the whole mapping.  The test hook reproduces L41's 2023-24
 * minherit() of the first page only.
 */
void
shmem_child_init(struct ipc_shmem *shm)
{
#if IPC_TEST_SHMEM_BUG == 2
	size_t page;

	page = (size_t)sysconf(_SC_PAGESIZE);
	if (shm->sh_maplen - (size_t)(shm->sh_data - (char *)shm) > page)
		(void)mmap(shm->sh_data + page, shm->sh_maplen -
		    (size_t)(shm->sh_data - (char *)shm) - page,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED,
		    -1, 0);
#else
	(void)shm;
#endif
}

/*
 * Sender: wait until the buffer is empty, copy one message of sh_len
 * bytes in, mark it present and wake the receiver.  Returns 0, EPIPE if
 * the receiver has gone, or another error number.
 */
int
shmem_put(struct ipc_shmem *shm, const char *src, struct ipc_io_stats *ios)
{
	int error;

	if ((error = shmem_lock(shm)) != 0)
		return (error);
	while (shm->sh_datapresent && !shm->sh_hangup) {
		ios->ios_wouldblock++;
		if ((error = shmem_wait(shm, &shm->sh_empty)) != 0)
			goto out;
	}
	if (shm->sh_hangup) {
		error = EPIPE;
		goto out;
	}
#if IPC_TEST_SHMEM_BUG == 1
	memcpy((char *)(uintptr_t)src, shm->sh_data, shm->sh_len);
#else
	memcpy(shm->sh_data, src, shm->sh_len);
#endif
	shm->sh_datapresent = true;
	(void)pthread_mutex_unlock(&shm->sh_mutex);
	/* After unlocking: the woken receiver must not block on the mutex. */
	error = pthread_cond_signal(&shm->sh_full);
	if (error == 0)
		io_stats_record(ios, shm->sh_len, (ssize_t)shm->sh_len);
	return (error);
out:
	(void)pthread_mutex_unlock(&shm->sh_mutex);
	return (error);
}

/*
 * Receiver: wait until a message is present, copy its sh_len bytes out,
 * mark the buffer empty and wake the sender.  Returns 0, EPIPE if the
 * sender has gone with no message left, or another error number.
 */
int
shmem_get(struct ipc_shmem *shm, char *dst, struct ipc_io_stats *ios)
{
	int error;

	if ((error = shmem_lock(shm)) != 0)
		return (error);
	while (!shm->sh_datapresent) {
		if (shm->sh_hangup) {
			error = EPIPE;
			goto out;
		}
		ios->ios_wouldblock++;
		if ((error = shmem_wait(shm, &shm->sh_full)) != 0)
			goto out;
	}
#if IPC_TEST_SHMEM_BUG == 1
	memcpy(shm->sh_data, dst, shm->sh_len);
#else
	memcpy(dst, shm->sh_data, shm->sh_len);
#endif
	shm->sh_datapresent = false;
	(void)pthread_mutex_unlock(&shm->sh_mutex);
	error = pthread_cond_signal(&shm->sh_empty);
	if (error == 0)
		io_stats_record(ios, shm->sh_len, (ssize_t)shm->sh_len);
	return (error);
out:
	(void)pthread_mutex_unlock(&shm->sh_mutex);
	return (error);
}

/*
 * One side is leaving (a failed 2thread sender) or has died (the 2proc
 * child, seen by the parent's reaper): wake whoever waits, so that it
 * fails instead of waiting forever.  Like closing a descriptor.
 */
void
shmem_hangup(struct ipc_shmem *shm)
{

	if (shmem_lock(shm) != 0)
		return;
	shm->sh_hangup = true;
	(void)pthread_cond_broadcast(&shm->sh_full);
	(void)pthread_cond_broadcast(&shm->sh_empty);
	(void)pthread_mutex_unlock(&shm->sh_mutex);
}
