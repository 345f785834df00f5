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
 * Private to the counters: the interface between pmc.c, which knows the
 * counter sets, their events and what to derive from them, and the
 * per-OS backends that only open, start, stop, read and release what
 * they are given (pmc_linux.c, pmc_freebsd.c, pmc_none.c).  Included by
 * those files and by the unit tests, which run the front end over a mock
 * backend; nothing else may include it.
 */

#ifndef PMC_BACKEND_H
#define	PMC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc.h"
#include "cpuinfo.h"

/* Which columns of the event table a backend can use. */
enum ctr_family {
	CF_NONE,		/* no counter interface: -P is refused */
	CF_HWPMC,		/* FreeBSD libpmc */
	CF_LINUX,		/* Linux perf_event_open(2) */
};

/*
 * The event tables, one column each (see ctr_defs in pmc.c).  On Linux
 * the table is named by IPC_PMC_TABLE or chosen from /proc/cpuinfo.
 */
enum ctr_table {
	CT_HWPMC,		/* FreeBSD libpmc: hwpmc's event names */
	CT_LINUX_A8,		/* Linux "cortex-a8": raw Cortex-A8 numbers */
	CT_LINUX_A72,		/* Linux "cortex-a72": raw Cortex-A72 numbers */
	CT_LINUX,		/* Linux "generic": generic perf events */
	CT_COUNT,
};

/* Kinds of Linux event, mirroring the perf_event_attr types we use. */
enum ctr_kind {
	CK_NONE,		/* no event for this counter here */
	CK_MISSING,		/* no analogue in this table: a set using it fails */
	CK_HW,			/* PERF_TYPE_HARDWARE */
	CK_CACHE,		/* PERF_TYPE_HW_CACHE */
	CK_SW,			/* PERF_TYPE_SOFTWARE */
	CK_RAW,			/* PERF_TYPE_RAW */
};

/*
 * Generic Linux event numbers, spelled out so that the table compiles
 * where <linux/perf_event.h> does not exist.  They are kernel ABI;
 * pmc_linux.c checks them against the header at compile time.
 */
#define	GHW_CPU_CYCLES		0
#define	GHW_INSTRUCTIONS	1
#define	GHW_CACHE_MISSES	3
#define	GHW_BRANCH_INSTRUCTIONS	4
#define	GHW_BRANCH_MISSES	5
#define	GSW_TASK_CLOCK		1
#define	GSW_PAGE_FAULTS		2
#define	GSW_CONTEXT_SWITCHES	3
#define	GSW_CPU_MIGRATIONS	4
#define	GC_L1D			0
#define	GC_L1I			1
#define	GC_LL			2
#define	GC_DTLB			3
#define	GC_ITLB			4
#define	GC_READ			0
#define	GC_WRITE		1
#define	GC_ACCESS		0
#define	GC_MISS			1
#define	GCACHE(id, op, res)	((uint64_t)(id) | ((uint64_t)(op) << 8) | \
				    ((uint64_t)(res) << 16))

/* How one table counts one L41 counter. */
struct ctr_event {
	enum ctr_kind	 ce_kind;	/* Linux only; CK_NONE: not here */
	uint64_t	 ce_config;	/* Linux attr.config */
	const char	*ce_spec;	/* FreeBSD: pmc_allocate() specifier */
	const char	*ce_desc;	/* what -v and -j report as the event */
};

/* One reading of one counter. */
struct ctr_reading {
	uint64_t	 rd_value;
	uint64_t	 rd_enabled;	/* time enabled (0 if not kept) */
	uint64_t	 rd_running;	/* time on the PMU (0 if not kept) */
};

/*
 * A backend.  A counter is a uint64_t handle (an fd, a pmc_id_t).  Every
 * call returns 0, or -1 with errno set and, where it takes callp, the
 * name of the system call that failed; the front end reports it.
 */
struct counters_backend {
	const char	*cb_name;
	enum ctr_family	 cb_family;
	/* Before a set is opened (pmc_init); NULL if nothing to do. */
	int		(*cb_prepare)(const char **callp);
	/* Open one counter, disabled, inherited by threads and children. */
	int		(*cb_open)(const struct ctr_event *ev, uint64_t *handlep,
			    const char **callp);
	/* Start or stop every counter; any thread or child may call. */
	int		(*cb_start)(const uint64_t *handles, size_t n);
	int		(*cb_stop)(const uint64_t *handles, size_t n);
	/* Read one counter after the run. */
	int		(*cb_read)(uint64_t handle, struct ctr_reading *rd,
			    const char **callp);
	void		(*cb_release)(uint64_t handle);
	/*
	 * The message for a refused call, after "FAIL: ", saying why and
	 * what would fix it: the call, the counter (NULL before any) and
	 * its event, and the errno.
	 */
	void		(*cb_explain)(char *buf, size_t len, const char *call,
			    const char *counter, const struct ctr_event *ev,
			    int error);
};

/* This OS's backend: one of the three backend files defines it. */
extern const struct counters_backend counters_backend_native;

/* counters_open() over a given backend (the unit tests pass a mock). */
struct ipc_counters *counters_open_backend(const struct counters_backend *be,
	    const struct ipc_config *cfg);

/* The environment variable that names the Linux event table. */
#define	COUNTERS_TABLE_ENV	"IPC_PMC_TABLE"

/*
 * The event table for a set on a backend family into *tablep, and why
 * into *whyp: the table named by override (IPC_PMC_TABLE; NULL or ""
 * if unset), else a Cortex-A8 or Cortex-A72 table only when every
 * processor in ci is one (ci may be NULL where there is no
 * /proc/cpuinfo), else generic.  -1 if override names no table.
 */
int	counters_pick_table(enum ctr_family family, enum ipc_pmcset set,
	    const char *override, const struct ipc_cpuinfo *ci,
	    enum ctr_table *tablep, const char **whyp);

/* A table's name as IPC_PMC_TABLE, -v and -j spell it. */
const char *counters_table_name(enum ctr_table table);

/*
 * The counters a set would use with a table, in report order, with zero
 * values: name and event description.  Returns the count (at most max).
 */
size_t	counters_plan(enum ipc_pmcset set, enum ctr_table table,
	    struct ipc_counter *ctr, size_t max);

#endif /* !PMC_BACKEND_H */
