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
 * The host description's probes on FreeBSD: the table of items, in
 * output order, read with sysctlbyname(3) under their own names, and
 * hw.pagesizes.  sysinfo.c walks the table.  The whole file compiles on
 * FreeBSD only.
 */

#if defined(__FreeBSD__)

#include <sys/types.h>
#include <sys/procctl.h>
#include <sys/sysctl.h>
#include <sys/wait.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "sysinfo_probes.h"

static void	probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_smt_active(struct ipc_sysinfo *si,
		    const struct probe *pr);
static void	probe_tracer(struct ipc_sysinfo *si, const struct probe *pr);

/*
 * FreeBSD: L41's own sysctls, plus the pipe, socket-buffer and
 * timecounter settings that bear on its results.
 */
const struct probe sysinfo_probes[] = {
	{ SEC_HW, "hw.machine", NULL, NULL, 0 },
	{ SEC_HW, "hw.model", NULL, NULL, 0 },
	{ SEC_HW, "hw.ncpu", NULL, sysinfo_probe_ncpu, 0 },
	{ SEC_HW, "hw.physmem", NULL, NULL, P_NUMERIC },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_HW, "hw.cpufreq.arm_freq", NULL, NULL,
	    P_NUMERIC | P_SIGNED | P_OPTIONAL },
	{ SEC_OS, "kern.ostype", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.ident", NULL, NULL, 0 },
	{ SEC_OS, "kern.hostname", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.timecounter.hardware", NULL, NULL, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    sysinfo_probe_clockres, 0 },
	{ SEC_NET, "kern.ipc.pipe_mindirect", NULL, NULL,
	    P_NUMERIC | P_SIGNED },
	{ SEC_NET, "kern.ipc.maxpipekva", NULL, NULL, P_NUMERIC | P_SIGNED },
	{ SEC_NET, "kern.ipc.maxsockbuf", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "net.inet.tcp.sendspace", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "net.inet.tcp.recvspace", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "ifnet.name", "lo0", sysinfo_probe_loopback, 0 },
	{ SEC_NET, "net.inet.tcp.cc.algorithm", NULL, NULL, 0 },
	{ SEC_NET, "net.isr.bindthreads", NULL, NULL, P_NUMERIC | P_SIGNED },
	{ SEC_NET, "net.isr.defaultqlimit", NULL, NULL,
	    P_NUMERIC | P_SIGNED },
	/*
	 * What drives run-to-run variance.  FreeBSD has no frequency
	 * governor in the kernel (powerd(8) is a daemon) and no boost
	 * switch or per-CPU sibling list among its documented sysctls.
	 */
	{ SEC_RUN, "run.pinned", NULL, sysinfo_probe_pinned, 0 },
	{ SEC_RUN, "vm.loadavg", NULL, sysinfo_probe_loadavg, 0 },
	{ SEC_RUN, "cpufreq.governor", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "cpufreq.boost", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "cpu.smt_active", NULL, probe_smt_active, P_NUMERIC },
	{ SEC_RUN, "cpu.smt_siblings", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "proc.tracer_pid", NULL, probe_tracer, P_NUMERIC },
};
const size_t sysinfo_probes_count = sizeof(sysinfo_probes) /
    sizeof(sysinfo_probes[0]);

/*
 * An item read from the sysctl named by its key.  A string is sized
 * first so long values (hw.model) are fetched whole before sysinfo_add()
 * truncates them.  An integer of 4 or 8 bytes (int, u_int, long, u_long)
 * is told apart by the length the kernel returns.  An optional sysctl
 * that does not exist is left out instead of reading "unknown".
 */
void
sysinfo_probe_source(struct ipc_sysinfo *si, const struct probe *pr)
{
	union {
		int32_t		i32;
		uint32_t	u32;
		int64_t		i64;
		uint64_t	u64;
	} v;
	bool is_signed;
	char num[32];
	size_t len;
	char *buf;

	if ((pr->pr_flags & P_NUMERIC) == 0) {
		buf = NULL;
		if (sysctlbyname(pr->pr_key, NULL, &len, NULL, 0) == 0 &&
		    (buf = malloc(len + 1)) != NULL &&
		    sysctlbyname(pr->pr_key, buf, &len, NULL, 0) == 0)
			buf[len] = '\0';
		else if (buf != NULL) {
			free(buf);
			buf = NULL;
		}
		sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
		free(buf);
		return;
	}
	is_signed = (pr->pr_flags & P_SIGNED) != 0;
	len = sizeof(v);
	memset(&v, 0, sizeof(v));
	if (sysctlbyname(pr->pr_key, &v, &len, NULL, 0) != 0) {
		if ((pr->pr_flags & P_OPTIONAL) == 0)
			sysinfo_add(si, pr->pr_section, pr->pr_key, UNKNOWN,
			    true);
		return;
	}
	if (len == sizeof(v.i32) && is_signed)
		(void)snprintf(num, sizeof(num), "%jd", (intmax_t)v.i32);
	else if (len == sizeof(v.u32))
		(void)snprintf(num, sizeof(num), "%ju", (uintmax_t)v.u32);
	else if (len == sizeof(v.i64) && is_signed)
		(void)snprintf(num, sizeof(num), "%jd", (intmax_t)v.i64);
	else if (len == sizeof(v.u64))
		(void)snprintf(num, sizeof(num), "%ju", (uintmax_t)v.u64);
	else
		(void)snprintf(num, sizeof(num), "%s", UNKNOWN);
	sysinfo_add(si, pr->pr_section, pr->pr_key, num, true);
}

/*
 * hw.pagesizes: an array of u_long, unused slots zero.
 */
static void
probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr)
{
	u_long ps[SYSINFO_PAGESIZES_MAX];
	uintmax_t sizes[SYSINFO_PAGESIZES_MAX];
	size_t len, i, n;

	n = 0;
	len = sizeof(ps);
	if (sysctlbyname("hw.pagesizes", ps, &len, NULL, 0) == 0)
		for (i = 0; i < len / sizeof(ps[0]); i++)
			if (ps[i] != 0)
				sizes[n++] = ps[i];
	sysinfo_add_pagesizes(si, pr, sizes, n);
}

/*
 * cpu.smt_active: 1 if the cores run more than one hardware thread
 * (kern.smp.threads_per_core), else 0.
 */
static void
probe_smt_active(struct ipc_sysinfo *si, const struct probe *pr)
{
	size_t len;
	int tpc;

	len = sizeof(tpc);
	if (sysctlbyname("kern.smp.threads_per_core", &tpc, &len, NULL,
	    0) != 0 || len != sizeof(tpc) || tpc < 1)
		tpc = 0;
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, tpc == 0 ? -1 :
	    tpc > 1);
}

/*
 * proc.tracer_pid: the debugger attached with ptrace(2), 0 if none
 * (procctl(2) PROC_TRACE_STATUS: -1 when tracing is disabled, 0 when
 * allowed but nothing is attached).
 */
static void
probe_tracer(struct ipc_sysinfo *si, const struct probe *pr)
{
	int st;

	if (procctl(P_PID, getpid(), PROC_TRACE_STATUS, &st) != 0)
		st = -2;
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, st == -2 ? -1 :
	    st > 0 ? st : 0);
}

#endif /* __FreeBSD__ */
