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
 * What a run is given and what it cost, outside the timed region: the
 * two transfer buffers (zero-filled anonymous memory, untouched as in
 * the 2017–18 reference version unless -f; with -V the sender's holds
 * the pattern and the table to check against), the getrusage(2) deltas
 * of -g for the process, its threads and its reaped children, what
 * else the machine did meanwhile (-j, -v: steal time, context switches),
 * and the main thread's stack settled before the first run.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "resources.h"
#include "verify.h"

static char	*buffer_map(size_t len, const char *what);
static void	latency_buffers(const struct ipc_config *cfg,
		    struct ipc_buffers *buf);
static void	tv_delta(const struct timeval *s0, const struct timeval *c0,
		    const struct timeval *s1, const struct timeval *c1,
		    struct timespec *d);

/*
 * One zero-filled private anonymous buffer, or exit.
 */
static char *
buffer_map(size_t len, const char *what)
{
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);
	if (p == MAP_FAILED)
		err(EX_OSERR, "FAIL: mmap %s buffer (%zu bytes)", what, len);
	return (p);
}

/*
 * -l: the echo side's buffer (untouched unless -f, like the others) and
 * the array of round-trip stamps, touched now so that storing a stamp
 * never faults inside the timed loop.  In 2proc the first side (the
 * parent) alone uses the stamps and its send buffer, and the child
 * never gets them: a page the two shared copy-on-write would fault when
 * the parent writes it in the loop.
 */
static void
latency_buffers(const struct ipc_config *cfg, struct ipc_buffers *buf)
{
	size_t n;

	n = cfg->ic_totalsize / cfg->ic_buffersize;
	if (n >= SIZE_MAX / sizeof(*buf->ib_stamps))
		errx(EX_OSERR, "FAIL: mmap stamps buffer: %zu round trips", n);
	buf->ib_echo = buffer_map(buf->ib_len, "echo");
	buf->ib_stampslen = (n + 1) * sizeof(*buf->ib_stamps);
	buf->ib_stamps = (uint64_t *)(void *)buffer_map(buf->ib_stampslen,
	    "stamps");
	if (cfg->ic_mode == IPC_MODE_2PROC &&
	    (ipc_no_inherit(buf->ib_write, buf->ib_len) == -1 ||
	    ipc_no_inherit(buf->ib_stamps, buf->ib_stampslen) == -1))
		err(EX_OSERR, "FAIL: keep the stamps from the child");
	memset(buf->ib_stamps, 0, buf->ib_stampslen);
}

/*
 * Allocate one run's two buffers: fresh zero-filled anonymous memory,
 * untouched (as in the reference version) unless -f asks for every page
 * to be faulted in before timing.  In 2proc the read buffer is kept out
 * of the child (ipc_no_inherit), so that fork() leaves the parent's pages
 * writable and the receiver takes no copy-on-write faults in the loop,
 * with or without -f.
 */
void
buffers_alloc(const struct ipc_config *cfg, struct ipc_buffers *buf)
{
	struct ipc_verify *v;

	buf->ib_len = cfg->ic_buffersize;
	buf->ib_read = buffer_map(buf->ib_len, "read");
	buf->ib_write = buffer_map(buf->ib_len, "write");
	buf->ib_verify = NULL;
	buf->ib_echo = NULL;
	buf->ib_stamps = NULL;
	buf->ib_stampslen = 0;
	if (cfg->ic_mode == IPC_MODE_2PROC &&
	    ipc_no_inherit(buf->ib_read, buf->ib_len) == -1)
		err(EX_OSERR, "FAIL: keep the read buffer from the child");
	if (cfg->ic_latency)
		latency_buffers(cfg, buf);
	if (cfg->ic_prefault) {
		/* Take the page-zeroing faults now, not in the loop. */
		memset(buf->ib_read, 0, buf->ib_len);
		memset(buf->ib_write, 0, buf->ib_len);
		/* A 2proc child faults its own in (transfer.c). */
		if (buf->ib_echo != NULL && cfg->ic_mode != IPC_MODE_2PROC)
			memset(buf->ib_echo, 0, buf->ib_len);
	}
	if (cfg->ic_verify) {
		/*
		 * -V: the pattern's table, and the sender's buffer filled
		 * with it, before anything is timed; in the loop the sender
		 * only rewrites each block's few header bytes.
		 */
		if ((v = malloc(sizeof(*v))) == NULL ||
		    verify_init(v, buf->ib_len) == -1)
			err(EX_OSERR, "FAIL: verify table (%zu bytes)",
			    buf->ib_len);
		verify_fill(v, buf->ib_write);
		buf->ib_verify = v;
	}
}

/*
 * Release the buffers.
 */
void
buffers_free(struct ipc_buffers *buf)
{

	struct ipc_verify *v;

	if (munmap(buf->ib_read, buf->ib_len) == -1 ||
	    munmap(buf->ib_write, buf->ib_len) == -1 ||
	    (buf->ib_echo != NULL && munmap(buf->ib_echo, buf->ib_len) == -1) ||
	    (buf->ib_stamps != NULL && munmap(buf->ib_stamps,
	    buf->ib_stampslen) == -1))
		err(EX_OSERR, "FAIL: munmap");
	buf->ib_read = buf->ib_write = buf->ib_echo = NULL;
	buf->ib_stamps = NULL;
	if ((v = (struct ipc_verify *)(uintptr_t)buf->ib_verify) != NULL) {
		verify_free(v);
		free(v);
		buf->ib_verify = NULL;
	}
}

/*
 * The bytes to leave below the local variable at `here' so that the
 * frames called next start at the same offset in a page in every
 * process.  The kernel starts the stack at a random offset in a page
 * (and the environment's size moves it too), so otherwise the pages a
 * run's frames span, and with them its -g fault counts (stack growth,
 * and in 2proc copy-on-write of the stack after fork), would change by
 * one from process to process.
 */
size_t
stack_pad_len(const void *here)
{
	long ps;

	ps = sysconf(_SC_PAGESIZE);
	if (ps <= 0)
		ps = 4096;
	return ((uintptr_t)here % (uintptr_t)ps + 1);
}

/*
 * Fault in IPC_STACK_PREFAULT bytes of stack below the caller, so that no
 * run takes a fault for stack growth: the first run would take it and
 * later runs not, and where the stack starts decides on which page.
 */
void
stack_prefault(void)
{
	volatile char depth[IPC_STACK_PREFAULT];
	size_t i;

	for (i = 0; i < sizeof(depth); i += 256)
		depth[i] = 0;
}

/*
 * getrusage() of the process and of its reaped children.
 */
void
rusage_take(struct rusage *self, struct rusage *children)
{

	if (getrusage(RUSAGE_SELF, self) == -1)
		err(EX_OSERR, "FAIL: getrusage RUSAGE_SELF");
	if (getrusage(RUSAGE_CHILDREN, children) == -1)
		err(EX_OSERR, "FAIL: getrusage RUSAGE_CHILDREN");
}

/*
 * d = (s1 - s0) + (c1 - c0) for getrusage times, in whole microseconds.
 */
static void
tv_delta(const struct timeval *s0, const struct timeval *c0,
    const struct timeval *s1, const struct timeval *c1, struct timespec *d)
{
	long long us;

	us = (long long)(s1->tv_sec - s0->tv_sec + c1->tv_sec - c0->tv_sec) *
	    1000000 + (s1->tv_usec - s0->tv_usec + c1->tv_usec - c0->tv_usec);
	d->tv_sec = (time_t)(us / 1000000);
	d->tv_nsec = (long)(us % 1000000) * 1000;
}

/*
 * d = (self1 - self0) + (child1 - child0): what this run cost the
 * process, its threads and (2proc) the reaped child.
 */
void
rusage_delta(const struct rusage *self0, const struct rusage *child0,
    const struct rusage *self1, const struct rusage *child1,
    struct ipc_rusage *d)
{

	tv_delta(&self0->ru_utime, &child0->ru_utime, &self1->ru_utime,
	    &child1->ru_utime, &d->ru_utime);
	tv_delta(&self0->ru_stime, &child0->ru_stime, &self1->ru_stime,
	    &child1->ru_stime, &d->ru_stime);
#define	RU_DELTA(f)	(self1->f - self0->f + child1->f - child0->f)
	d->ru_minflt = RU_DELTA(ru_minflt);
	d->ru_majflt = RU_DELTA(ru_majflt);
	d->ru_nvcsw = RU_DELTA(ru_nvcsw);
	d->ru_nivcsw = RU_DELTA(ru_nivcsw);
	d->ru_msgsnd = RU_DELTA(ru_msgsnd);
	d->ru_msgrcv = RU_DELTA(ru_msgrcv);
#undef RU_DELTA
}

/*
 * Read the counters behind struct ipc_noise: the machine's (compat.c)
 * and the involuntary context switches of this process, its threads and
 * its reaped children so far.  -1 for what cannot be read; never fails.
 */
void
noise_mark(struct ipc_noise_mark *m)
{
	struct rusage self, children;

	ipc_machine_counts(&m->nm_steal_ticks, &m->nm_ctxt);
	m->nm_nivcsw = -1;
	if (getrusage(RUSAGE_SELF, &self) == 0 &&
	    getrusage(RUSAGE_CHILDREN, &children) == 0)
		m->nm_nivcsw = (int64_t)self.ru_nivcsw +
		    (int64_t)children.ru_nivcsw;
}

/*
 * What happened between two marks; steal time in milliseconds.  A
 * counter that could not be read either time, or ran backwards, is -1.
 */
void
noise_delta(const struct ipc_noise_mark *m0, const struct ipc_noise_mark *m1,
    struct ipc_noise *nz)
{
	long hz;

	hz = sysconf(_SC_CLK_TCK);
	nz->nz_steal_ms = -1;
	if (m0->nm_steal_ticks >= 0 &&
	    m1->nm_steal_ticks >= m0->nm_steal_ticks && hz > 0)
		nz->nz_steal_ms = (m1->nm_steal_ticks - m0->nm_steal_ticks) *
		    1000 / hz;
	nz->nz_ctxt = m0->nm_ctxt >= 0 && m1->nm_ctxt >= m0->nm_ctxt ?
	    m1->nm_ctxt - m0->nm_ctxt : -1;
	nz->nz_nivcsw = m0->nm_nivcsw >= 0 && m1->nm_nivcsw >= m0->nm_nivcsw ?
	    m1->nm_nivcsw - m0->nm_nivcsw : -1;
}
