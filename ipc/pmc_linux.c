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
 * The Linux counter backend: perf_event_open(2), one event per counter
 * (inherit does not mix with PERF_FORMAT_GROUP), on the calling thread
 * for any CPU, counting user and kernel, inherited by the threads and
 * children created later.  An ioctl on the parent event applies to all
 * its inherited copies, from whichever thread or child issues it.  The
 * whole file compiles on Linux only; pmc.c holds the policy.
 */

#if defined(__linux__)

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "pmc_backend.h"

_Static_assert(PERF_COUNT_HW_CPU_CYCLES == GHW_CPU_CYCLES &&
    PERF_COUNT_HW_INSTRUCTIONS == GHW_INSTRUCTIONS, "hw event numbers");
_Static_assert(PERF_COUNT_SW_TASK_CLOCK == GSW_TASK_CLOCK &&
    PERF_COUNT_SW_PAGE_FAULTS == GSW_PAGE_FAULTS &&
    PERF_COUNT_SW_CONTEXT_SWITCHES == GSW_CONTEXT_SWITCHES &&
    PERF_COUNT_SW_CPU_MIGRATIONS == GSW_CPU_MIGRATIONS, "sw event numbers");
_Static_assert(PERF_COUNT_HW_CACHE_L1D == GC_L1D &&
    PERF_COUNT_HW_CACHE_L1I == GC_L1I && PERF_COUNT_HW_CACHE_LL == GC_LL &&
    PERF_COUNT_HW_CACHE_DTLB == GC_DTLB &&
    PERF_COUNT_HW_CACHE_ITLB == GC_ITLB &&
    PERF_COUNT_HW_CACHE_OP_READ == GC_READ &&
    PERF_COUNT_HW_CACHE_OP_WRITE == GC_WRITE &&
    PERF_COUNT_HW_CACHE_RESULT_ACCESS == GC_ACCESS &&
    PERF_COUNT_HW_CACHE_RESULT_MISS == GC_MISS, "cache event numbers");

#define	PARANOID_PATH	"/proc/sys/kernel/perf_event_paranoid"

static int	linux_open(const struct ctr_event *ev, uint64_t *handlep,
		    const char **callp);
static int	linux_ioctl_all(const uint64_t *handles, size_t n,
		    unsigned long req);
static int	linux_start(const uint64_t *handles, size_t n);
static int	linux_stop(const uint64_t *handles, size_t n);
static int	linux_read(uint64_t handle, struct ctr_reading *rd,
		    const char **callp);
static void	linux_release(uint64_t handle);
static void	linux_explain(char *buf, size_t len, const char *call,
		    const char *counter, const struct ctr_event *ev, int error);

const struct counters_backend counters_backend_native = {
	.cb_name = "perf_event_open",
	.cb_family = CF_LINUX,
	.cb_prepare = NULL,
	.cb_open = linux_open,
	.cb_start = linux_start,
	.cb_stop = linux_stop,
	.cb_read = linux_read,
	.cb_release = linux_release,
	.cb_explain = linux_explain,
};

/*
 * Open one disabled, inherited, close-on-exec event.
 */
static int
linux_open(const struct ctr_event *ev, uint64_t *handlep, const char **callp)
{
	struct perf_event_attr attr;
	int fd;

	*callp = "perf_event_open";
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	switch (ev->ce_kind) {
	case CK_HW:
		attr.type = PERF_TYPE_HARDWARE;
		break;
	case CK_CACHE:
		attr.type = PERF_TYPE_HW_CACHE;
		break;
	case CK_SW:
		attr.type = PERF_TYPE_SOFTWARE;
		break;
	case CK_RAW:
		attr.type = PERF_TYPE_RAW;
		break;
	case CK_NONE:
	default:
		assert(0);
	}
	attr.config = ev->ce_config;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
	    PERF_FORMAT_TOTAL_TIME_RUNNING;
	attr.disabled = 1;
	attr.inherit = 1;
	attr.exclude_kernel = 0;	/* IPC costs are mostly in the kernel */
	attr.exclude_hv = 0;

	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
	    PERF_FLAG_FD_CLOEXEC);
	if (fd < 0 && errno == EINVAL) {
		/* Kernels before 3.14 lack PERF_FLAG_FD_CLOEXEC. */
		fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
		if (fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
			(void)close(fd);
			fd = -1;
		}
	}
	if (fd < 0)
		return (-1);
	*handlep = (uint64_t)fd;
	return (0);
}

/*
 * Apply one perf ioctl to every event; 0, or -1 with errno.
 */
static int
linux_ioctl_all(const uint64_t *handles, size_t n, unsigned long req)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ioctl((int)handles[i], req, 0) < 0)
			return (-1);
	return (0);
}

/*
 * Enable every event and its inherited copies.
 */
static int
linux_start(const uint64_t *handles, size_t n)
{

	return (linux_ioctl_all(handles, n, PERF_EVENT_IOC_ENABLE));
}

/*
 * Disable every event and its inherited copies.
 */
static int
linux_stop(const uint64_t *handles, size_t n)
{

	return (linux_ioctl_all(handles, n, PERF_EVENT_IOC_DISABLE));
}

/*
 * Value, time enabled and time running of one event, its exited and
 * reaped inheritors included.  A short read (never seen; the format is
 * fixed) is reported as EIO.
 */
static int
linux_read(uint64_t handle, struct ctr_reading *rd, const char **callp)
{
	uint64_t buf[3];
	ssize_t len;

	*callp = "read counter";
	len = read((int)handle, buf, sizeof(buf));
	if (len < 0)
		return (-1);
	if (len != (ssize_t)sizeof(buf)) {
		errno = EIO;
		return (-1);
	}
	rd->rd_value = buf[0];
	rd->rd_enabled = buf[1];
	rd->rd_running = buf[2];
	return (0);
}

/*
 * Close one event.
 */
static void
linux_release(uint64_t handle)
{

	(void)close((int)handle);
}

/*
 * Why perf_event_open refused a counter, and what would fix it: no such
 * event (no PMU, as in most VMs), or perf_event_paranoid too high.
 */
static void
linux_explain(char *buf, size_t len, const char *call, const char *counter,
    const struct ctr_event *ev, int error)
{
	char paranoid[32];
	FILE *fp;

	switch (error) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		(void)snprintf(buf, len, "%s %s (%s): this machine has no "
		    "such hardware event, or no PMU at all (common in VMs; "
		    "-P sw needs none)", call, counter, ev->ce_desc);
		break;
	case ENOSYS:
		(void)snprintf(buf, len, "%s %s (%s): this kernel has no perf "
		    "events at all (built without them, or an emulator such "
		    "as qemu-user), so -P cannot count here", call, counter,
		    ev->ce_desc);
		break;
	case EACCES:
	case EPERM:
		strcpy(paranoid, "unreadable");
		fp = fopen(PARANOID_PATH, "re");
		if (fp != NULL) {
			if (fgets(paranoid, sizeof(paranoid), fp) != NULL)
				paranoid[strcspn(paranoid, "\n")] = '\0';
			fclose(fp);
		}
		(void)snprintf(buf, len, "%s %s (%s): "
		    "kernel.perf_event_paranoid is %s; counting kernel work "
		    "needs it <= 1 (sysctl kernel.perf_event_paranoid=1), or "
		    "root, or CAP_PERFMON", call, counter, ev->ce_desc,
		    paranoid);
		break;
	default:
		(void)snprintf(buf, len, "%s %s (%s)", call, counter,
		    ev->ce_desc);
		break;
	}
}

#endif /* __linux__ */
