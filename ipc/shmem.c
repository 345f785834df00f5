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
 * One anonymous shared mapping holds a control block (one 32-bit state
 * word) followed by one data buffer of buffersize rounded up to a page.
 * A message is one memcpy() into the buffer by the sender and one
 * memcpy() out of it by the receiver, handed over by the word's "full"
 * bit: one message per hand-off, as in 2023-24, and no system call
 * unless a side has to wait.  The mapping is created before fork(),
 * whole, with MAP_SHARED, so a 2proc child shares every page of it.
 * DEVIATION: L41's copies went the wrong way until a later fix (no data
 * moved), and its minherit() covered only the buffer's first page (a
 * 2proc child's writes beyond it stayed private).
 *
 * DEVIATION: 2023-24 handed over under a process-shared mutex with two
 * condition variables.  A process killed inside pthread_cond_signal()
 * holds the condition variable's internal lock, which no robust mutex
 * releases, and its peer then waits for ever.  Here nothing is ever
 * locked: every step is one atomic operation on the state word, and a
 * side that must wait sleeps on the word itself (ipc_futex_wait()) for at
 * most SHMEM_SLICE_MS at a time, a waker waking it only when it said it
 * sleeps.  Between sleeps a 2proc process checks that the other lives:
 * the parent reaps a dead child (waitpid() with WNOHANG, so its status is
 * kept for the report), the child compares getppid() with its parent.
 * A dead peer hangs the transfer up, as a closed descriptor would.
 *
 * The accounting counts each memcpy() as one call of buffersize bytes
 * (read_* for copies out, write_* for copies in) and each hand-off that
 * had to wait as a "would block".
 *
 * Build-time test hooks (tests/t_shmem.sh builds throwaway binaries):
 * -DIPC_TEST_SHMEM_BUG=1 reverses both copies, =2 leaves all but the
 * buffer's first page private to a 2proc child, as the course's versions
 * did; -V must catch both.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "iostats.h"
#include "shmem.h"

#ifndef IPC_TEST_SHMEM_BUG
#define	IPC_TEST_SHMEM_BUG	0
#endif

/*
 * The state word.  Only the sender sets SH_FULL, and only the receiver
 * clears it; each, handing a message over, knows the whole word it wants
 * (no side waits while it hands over) and writes it by one exchange
 * (shmem_publish), which x86 does faster after a copy than an addition
 * or a compare-and-swap loop that keeps the other bits.
 */
#define	SH_FULL		0x1u	/* a message is in the buffer */
#define	SH_HANGUP	0x2u	/* a side left or died: stop waiting */
#define	SH_SWAIT	0x4u	/* the sender sleeps until "not full" */
#define	SH_RWAIT	0x8u	/* the receiver sleeps until "full" */

/* The longest sleep: how long a dead peer can go unnoticed. */
#define	SHMEM_SLICE_MS	100

/* The control block, at the start of the shared mapping. */
struct ipc_shmem {
	_Atomic uint32_t sh_state;	/* SH_* */
	bool		 sh_pshared;	/* 2proc: the word is shared */
	bool		 sh_single;	/* 1thread: a wait would never end */
	size_t		 sh_len;	/* message size: buffersize */
	size_t		 sh_maplen;	/* the whole mapping */
	char		*sh_data;	/* page-aligned, after this block */
	/* 2proc: who watches whom while waiting (0: nobody watches). */
	pid_t		 sh_parent;	/* the child's waits watch it */
	pid_t		 sh_child;	/* the parent's waits watch it */
	/* The parent's own: it reaped the child while waiting. */
	bool		 sh_reaped;
	int		 sh_status;
};

static size_t	roundup_page(size_t len, size_t page);
static bool	shmem_peer_gone(struct ipc_shmem *shm);
static int	shmem_wait(struct ipc_shmem *shm, uint32_t mine,
		    uint32_t *sp);
static ssize_t	shmem_fail(int error);
static void	shmem_wake(struct ipc_shmem *shm, uint32_t old,
		    uint32_t theirs);
static inline void shmem_publish(struct ipc_shmem *shm, uint32_t state,
		    uint32_t theirs);
static int	shmem_await(struct ipc_shmem *shm, uint32_t mine,
		    uint32_t busy, uint32_t *sp);

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
 * Create the shared region for messages of len bytes, for a mode (only
 * 2proc shares the state word across processes).  With prefault, touch
 * the data buffer now rather than in the timed loop.  Returns NULL with
 * errno set, and *what naming the call that failed.
 */
struct ipc_shmem *
shmem_open(size_t len, enum ipc_mode mode, bool prefault, const char **what)
{
	struct ipc_shmem *shm;
	size_t map, ctl;
	long pg;

	*what = "sysconf _SC_PAGESIZE";
	if ((pg = sysconf(_SC_PAGESIZE)) <= 0)
		return (NULL);
	ctl = roundup_page(sizeof(*shm), (size_t)pg);
	*what = "mmap shared memory";
	if ((map = shmem_mapsize(len)) == 0) {
		errno = ENOMEM;
		return (NULL);
	}
	/* One mapping for control block and data, shared across fork(). */
	if ((shm = ipc_shared_page(map)) == NULL)
		return (NULL);
	atomic_init(&shm->sh_state, 0);
	shm->sh_len = len;
	shm->sh_maplen = map;
	shm->sh_data = (char *)shm + ctl;
	shm->sh_pshared = mode == IPC_MODE_2PROC;
	shm->sh_single = mode == IPC_MODE_1THREAD;
	if (prefault)
		memset(shm->sh_data, 0, map - ctl);
	return (shm);
}

/*
 * Unmap the region.
 */
void
shmem_close(struct ipc_shmem *shm)
{

	if (shm != NULL)
		(void)munmap(shm, shm->sh_maplen);
}

/*
 * 2proc: the two processes whose waits watch each other, set before
 * fork() (child 0: the child's waits watch the parent) and again in the
 * parent after it (its waits watch the child).
 */
void
shmem_watch(struct ipc_shmem *shm, pid_t parent, pid_t child)
{

	shm->sh_parent = parent;
	shm->sh_child = child;
	shm->sh_reaped = false;
}

/*
 * Whether the parent's waits reaped the child; its wait status if so.
 */
bool
shmem_reaped(const struct ipc_shmem *shm, int *status)
{

	if (shm->sh_reaped)
		*status = shm->sh_status;
	return (shm->sh_reaped);
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
 * After a sleep ran out: has the other process died?  The parent reaps
 * its child if so, keeping the status; the child asks who its parent is
 * now.  Threads of one process never watch (they die together).
 */
static bool
shmem_peer_gone(struct ipc_shmem *shm)
{
	int status;

	if (shm->sh_parent <= 0)
		return (false);
	if (getpid() != shm->sh_parent)
		return (getppid() != shm->sh_parent);
	if (shm->sh_child <= 0)
		return (false);
	if (shm->sh_reaped)
		return (true);
	if (waitpid(shm->sh_child, &status, WNOHANG) != shm->sh_child)
		return (false);
	shm->sh_reaped = true;
	shm->sh_status = status;
	return (true);
}

/*
 * Wait once for the state word to leave *sp: say this side sleeps (bit
 * mine) unless the word changed meanwhile, then sleep while it holds
 * that, for at most one slice; after a slice that ran out, a dead peer
 * hangs the transfer up.  *sp gets the word's new value.  Returns 0, or
 * an error number (EDEADLK in 1thread, where nobody could wake us).
 */
static int
shmem_wait(struct ipc_shmem *shm, uint32_t mine, uint32_t *sp)
{
	uint32_t s;

	if (shm->sh_single)
		return (EDEADLK);
	s = *sp;
	if ((s & mine) == 0) {
		if (!atomic_compare_exchange_strong(&shm->sh_state, &s,
		    s | mine)) {
			*sp = s;
			return (0);
		}
		s |= mine;
	}
	if (ipc_futex_wait((uint32_t *)&shm->sh_state, s, shm->sh_pshared,
	    SHMEM_SLICE_MS) == -1) {
		if (errno == ETIMEDOUT) {
			if (shmem_peer_gone(shm))
				(void)atomic_fetch_or(&shm->sh_state,
				    SH_HANGUP);
		} else if (errno != EINTR)
			return (errno);
	}
	*sp = atomic_load_explicit(&shm->sh_state, memory_order_acquire);
	return (0);
}

/*
 * Wait while the state word *sp, as far as SH_FULL and SH_HANGUP go, is
 * busy (the sender's SH_FULL, the receiver's 0); mine is this side's
 * sleep bit.  Out of line: a hand-off that need not wait never comes
 * here.  Returns 0 with the new word in *sp, or an error number.
 */
static int
shmem_await(struct ipc_shmem *shm, uint32_t mine, uint32_t busy,
    uint32_t *sp)
{
	int error;

	while ((*sp & (SH_FULL | SH_HANGUP)) == busy)
		if ((error = shmem_wait(shm, mine, sp)) != 0)
			return (error);
	return (0);
}

/*
 * A wait that failed with error, as a put or a get returns it.
 */
static ssize_t
shmem_fail(int error)
{

	errno = error;
	return (-1);
}

/*
 * The state word was old just before this side changed it: wake the
 * other side if it said it sleeps (its bit theirs).
 */
static void
shmem_wake(struct ipc_shmem *shm, uint32_t old, uint32_t theirs)
{

	if ((old & theirs) != 0) {
		(void)atomic_fetch_and(&shm->sh_state, ~theirs);
		(void)ipc_futex_wake((uint32_t *)&shm->sh_state,
		    shm->sh_pshared);
	}
}

/*
 * A hand-off: the state word becomes state (release: whoever sees it
 * sees the copy before it).  Meanwhile the other side may have said it
 * sleeps (its bit theirs, which state clears: wake it) or hung up (which
 * state must not undo: set it again).
 */
static inline void
shmem_publish(struct ipc_shmem *shm, uint32_t state, uint32_t theirs)
{
	uint32_t old;

	old = atomic_exchange_explicit(&shm->sh_state, state,
	    memory_order_release);
	if ((old & ~state & SH_HANGUP) != 0)
		(void)atomic_fetch_or(&shm->sh_state, SH_HANGUP);
	if ((old & theirs) != 0)
		(void)ipc_futex_wake((uint32_t *)&shm->sh_state,
		    shm->sh_pshared);
}

/*
 * Sender: wait until the buffer is empty, copy one message of sh_len
 * bytes in, mark it present and wake the receiver if it sleeps.  Like
 * write(2): returns sh_len, 0 if the receiver has gone, or -1 with errno
 * (EDEADLK in 1thread, where the wait would never end), so that the
 * transport's send is a jump here.
 */
ssize_t
shmem_put(struct ipc_shmem *shm, const char *src, struct ipc_io_stats *ios)
{
	uint32_t s, w;
	int error;

	s = atomic_load_explicit(&shm->sh_state, memory_order_acquire);
	if ((s & (SH_FULL | SH_HANGUP)) == SH_FULL) {
		ios->ios_wouldblock++;
		w = s;
		if ((error = shmem_await(shm, SH_SWAIT, SH_FULL, &w)) != 0)
			return (shmem_fail(error));
		s = w;
	}
	if ((s & SH_HANGUP) != 0)
		return (0);
#if IPC_TEST_SHMEM_BUG == 1
	memcpy((char *)(uintptr_t)src, shm->sh_data, shm->sh_len);
#else
	memcpy(shm->sh_data, src, shm->sh_len);
#endif
	shmem_publish(shm, SH_FULL, SH_RWAIT);
	io_stats_record(ios, shm->sh_len, (ssize_t)shm->sh_len);
	return ((ssize_t)shm->sh_len);
}

/*
 * Receiver: wait until a message is present, copy its sh_len bytes out,
 * mark the buffer empty and wake the sender if it sleeps.  Like read(2):
 * returns sh_len, 0 (end of file) if the sender has gone with no message
 * left, or -1 with errno.
 */
ssize_t
shmem_get(struct ipc_shmem *shm, char *dst, struct ipc_io_stats *ios)
{
	uint32_t s, w;
	int error;

	s = atomic_load_explicit(&shm->sh_state, memory_order_acquire);
	if ((s & (SH_FULL | SH_HANGUP)) == 0) {
		ios->ios_wouldblock++;
		w = s;
		if ((error = shmem_await(shm, SH_RWAIT, 0, &w)) != 0)
			return (shmem_fail(error));
		s = w;
	}
	if ((s & SH_FULL) == 0)
		return (0);
#if IPC_TEST_SHMEM_BUG == 1
	memcpy(shm->sh_data, dst, shm->sh_len);
#else
	memcpy(dst, shm->sh_data, shm->sh_len);
#endif
	shmem_publish(shm, s & SH_HANGUP, SH_SWAIT);
	io_stats_record(ios, shm->sh_len, (ssize_t)shm->sh_len);
	return ((ssize_t)shm->sh_len);
}

/*
 * One side is leaving (a failed 2thread sender): wake whoever waits, so
 * that it fails instead of waiting for the slices to run out.  Like
 * closing a descriptor.
 */
void
shmem_hangup(struct ipc_shmem *shm)
{

	shmem_wake(shm, atomic_fetch_or(&shm->sh_state, SH_HANGUP),
	    SH_SWAIT | SH_RWAIT);
}
