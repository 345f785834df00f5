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
 * The host description's probes on systems other than Linux and FreeBSD:
 * what POSIX and uname(3) can say.  The whole file compiles only where
 * neither sysinfo_linux.c nor sysinfo_freebsd.c does.
 */

#if !defined(__linux__) && !defined(__FreeBSD__)

#include <stdint.h>
#include <unistd.h>

#include "ipc.h"
#include "sysinfo_probes.h"

static void	probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr);

/*
 * Other systems: what POSIX and uname(3) can say, without the
 * OS-specific tunables.
 */
const struct probe sysinfo_probes[] = {
	{ SEC_HW, "hw.machine", NULL, sysinfo_probe_uname, 0 },
	{ SEC_HW, "hw.ncpu", NULL, sysinfo_probe_ncpu, 0 },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_OS, "kern.ostype", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.ident", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.hostname", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    sysinfo_probe_clockres, 0 },
	{ SEC_NET, "ifnet.name", "lo0", sysinfo_probe_loopback, 0 },
	{ SEC_RUN, "run.pinned", NULL, sysinfo_probe_pinned, 0 },
	{ SEC_RUN, "vm.loadavg", NULL, sysinfo_probe_loadavg, 0 },
	{ SEC_RUN, "cpufreq.governor", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "cpufreq.boost", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "cpu.smt_active", NULL, sysinfo_probe_unknown, P_NUMERIC },
	{ SEC_RUN, "cpu.smt_siblings", NULL, sysinfo_probe_unknown, 0 },
	{ SEC_RUN, "proc.tracer_pid", NULL, sysinfo_probe_unknown, P_NUMERIC },
};
const size_t sysinfo_probes_count = sizeof(sysinfo_probes) /
    sizeof(sysinfo_probes[0]);

/*
 * No files or sysctls to read here: every item is computed.
 */
void
sysinfo_probe_source(struct ipc_sysinfo *si, const struct probe *pr)
{

	sysinfo_add(si, pr->pr_section, pr->pr_key, NULL,
	    (pr->pr_flags & P_NUMERIC) != 0);
}

/*
 * hw.pagesizes: the base page only.
 */
static void
probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr)
{
	uintmax_t pg;
	long len;

	len = sysconf(_SC_PAGESIZE);
	pg = len > 0 ? (uintmax_t)len : 0;
	sysinfo_add_pagesizes(si, pr, &pg, len > 0 ? 1 : 0);
}

#endif /* !__linux__ && !__FreeBSD__ */
