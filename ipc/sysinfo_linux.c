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
 * The host description's probes on Linux: the table of items, in output
 * order, and the probes that only Linux needs (/proc and /sys files,
 * /proc/cpuinfo, F_GETPIPE_SZ).  sysinfo.c walks the table.  The whole
 * file compiles on Linux only.
 */

#if defined(__linux__)

#include <sys/types.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "cpuinfo.h"
#include "sysinfo.h"
#include "sysinfo_probes.h"

/* hw.model copies a /proc/cpuinfo field into a value whole. */
_Static_assert(IPC_CPUINFO_FIELDLEN <= IPC_SYSINFO_VALUELEN,
    "a cpuinfo field must fit a host-description value");

static int	read_line(const char *path, char *buf, size_t len);
static void	probe_physmem(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_cpu_model(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_pipe_capacity(struct ipc_sysinfo *si,
		    const struct probe *pr);
static void	probe_governor(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_boost(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_smt_siblings(struct ipc_sysinfo *si,
		    const struct probe *pr);
static void	probe_tracer(struct ipc_sysinfo *si, const struct probe *pr);

/*
 * Linux: L41's names where the meaning is the same (hw.*, kern.*,
 * ifnet.*), the sysctl(8) names for /proc/sys settings, and sysfs paths
 * in dotted form for the rest.  Frequencies are in kHz as sysfs gives
 * them, and appear only where cpufreq exists (not in most VMs).
 */
#define	CPUFREQ		"/sys/devices/system/cpu/cpu0/cpufreq/"
const struct probe sysinfo_probes[] = {
	{ SEC_HW, "hw.machine", NULL, sysinfo_probe_uname, 0 },
	{ SEC_HW, "hw.model", NULL, probe_cpu_model, 0 },
	{ SEC_HW, "hw.ncpu", NULL, sysinfo_probe_ncpu, 0 },
	{ SEC_HW, "hw.physmem", NULL, probe_physmem, 0 },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_HW, "cpu0.cpufreq.scaling_cur_freq",
	    CPUFREQ "scaling_cur_freq", NULL, P_NUMERIC | P_OPTIONAL },
	{ SEC_HW, "cpu0.cpufreq.cpuinfo_max_freq",
	    CPUFREQ "cpuinfo_max_freq", NULL, P_NUMERIC | P_OPTIONAL },
	{ SEC_OS, "kern.ostype", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, sysinfo_probe_uname, 0 },
	/*
	 * kern.ident: FreeBSD's kernel configuration name has no Linux
	 * counterpart; the nearest is the kernel's build identity, uname -v.
	 */
	{ SEC_OS, "kern.ident", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "kern.hostname", NULL, sysinfo_probe_uname, 0 },
	{ SEC_OS, "clocksource0.current_clocksource",
	    "/sys/devices/system/clocksource/clocksource0/current_clocksource",
	    NULL, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    sysinfo_probe_clockres, 0 },
	{ SEC_OS, "kernel.perf_event_paranoid",
	    "/proc/sys/kernel/perf_event_paranoid", NULL, P_NUMERIC },
	{ SEC_NET, "fs.pipe-max-size", "/proc/sys/fs/pipe-max-size", NULL,
	    P_NUMERIC },
	{ SEC_NET, "pipe.default_capacity", NULL, probe_pipe_capacity, 0 },
	{ SEC_NET, "fs.pipe-user-pages-soft",
	    "/proc/sys/fs/pipe-user-pages-soft", NULL, P_NUMERIC },
	{ SEC_NET, "net.core.wmem_max", "/proc/sys/net/core/wmem_max", NULL,
	    P_NUMERIC },
	{ SEC_NET, "net.core.rmem_max", "/proc/sys/net/core/rmem_max", NULL,
	    P_NUMERIC },
	{ SEC_NET, "net.core.wmem_default", "/proc/sys/net/core/wmem_default",
	    NULL, P_NUMERIC },
	{ SEC_NET, "net.core.rmem_default", "/proc/sys/net/core/rmem_default",
	    NULL, P_NUMERIC },
	{ SEC_NET, "net.ipv4.tcp_wmem", "/proc/sys/net/ipv4/tcp_wmem", NULL,
	    0 },
	{ SEC_NET, "net.ipv4.tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem", NULL,
	    0 },
	{ SEC_NET, "ifnet.name", "lo", sysinfo_probe_loopback, 0 },
	{ SEC_NET, "net.ipv4.tcp_congestion_control",
	    "/proc/sys/net/ipv4/tcp_congestion_control", NULL, 0 },
	{ SEC_NET, "net.core.netdev_max_backlog",
	    "/proc/sys/net/core/netdev_max_backlog", NULL, P_NUMERIC },
	/* What drives run-to-run variance, for the CPUs the run uses. */
	{ SEC_RUN, "run.pinned", NULL, sysinfo_probe_pinned, 0 },
	{ SEC_RUN, "vm.loadavg", NULL, sysinfo_probe_loadavg, 0 },
	{ SEC_RUN, "cpufreq.governor", NULL, probe_governor, 0 },
	{ SEC_RUN, "cpufreq.boost", NULL, probe_boost, 0 },
	{ SEC_RUN, "cpu.smt_active", "/sys/devices/system/cpu/smt/active",
	    NULL, P_NUMERIC },
	{ SEC_RUN, "cpu.smt_siblings", NULL, probe_smt_siblings, 0 },
	{ SEC_RUN, "proc.tracer_pid", NULL, probe_tracer, P_NUMERIC },
};
const size_t sysinfo_probes_count = sizeof(sysinfo_probes) /
    sizeof(sysinfo_probes[0]);

/*
 * Read the first line of a /proc or /sys file into buf, without its
 * newline.  Returns 0, or -1 if the file cannot be read or is empty.
 */
static int
read_line(const char *path, char *buf, size_t len)
{
	FILE *fp;
	char *p;

	fp = fopen(path, "r");
	if (fp == NULL)
		return (-1);
	p = fgets(buf, (int)len, fp);
	(void)fclose(fp);
	if (p == NULL || buf[0] == '\0' || buf[0] == '\n')
		return (-1);
	buf[strcspn(buf, "\n")] = '\0';
	return (0);
}

/*
 * An item read from a file: the first line, or "unknown" (or nothing,
 * if optional) when it cannot be read.
 */
void
sysinfo_probe_source(struct ipc_sysinfo *si, const struct probe *pr)
{
	char buf[IPC_SYSINFO_VALUELEN];
	bool ok;

	ok = read_line(pr->pr_source, buf, sizeof(buf)) == 0;
	if (!ok && (pr->pr_flags & P_OPTIONAL) != 0)
		return;
	sysinfo_add(si, pr->pr_section, pr->pr_key, ok ? buf : NULL,
	    (pr->pr_flags & P_NUMERIC) != 0);
}

/*
 * hw.physmem: physical pages times the page size, in bytes.
 */
static void
probe_physmem(struct ipc_sysinfo *si, const struct probe *pr)
{
	long pages, pg;

	pages = sysconf(_SC_PHYS_PAGES);
	pg = sysconf(_SC_PAGESIZE);
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, pages > 0 && pg > 0 ?
	    (intmax_t)pages * pg : -1);
}

/*
 * hw.model: the CPU's name as /proc/cpuinfo gives it (see cpuinfo.c).
 */
static void
probe_cpu_model(struct ipc_sysinfo *si, const struct probe *pr)
{
	struct ipc_cpuinfo *ci;

	/* Too large for the stack of a small thread; once per process. */
	ci = malloc(sizeof(*ci));
	if (ci != NULL && cpuinfo_read(ci) == 0)
		sysinfo_add(si, pr->pr_section, pr->pr_key, cpuinfo_model(ci),
		    false);
	else
		sysinfo_add(si, pr->pr_section, pr->pr_key, NULL, false);
	free(ci);
}

/*
 * hw.pagesizes: the base page plus each huge page size the kernel offers
 * under /sys/kernel/mm/hugepages ("hugepages-2048kB" and so on).
 */
static void
probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr)
{
	uintmax_t sizes[SYSINFO_PAGESIZES_MAX];
	struct dirent *de;
	unsigned long kb;
	size_t n;
	long pg;
	DIR *d;
	int end;

	n = 0;
	pg = sysconf(_SC_PAGESIZE);
	if (pg > 0)
		sizes[n++] = (uintmax_t)pg;
	d = opendir("/sys/kernel/mm/hugepages");
	while (d != NULL && n < SYSINFO_PAGESIZES_MAX &&
	    (de = readdir(d)) != NULL) {
		/* end stays 0 unless the whole "kB" suffix matched. */
		end = 0;
		if (sscanf(de->d_name, "hugepages-%lukB%n", &kb, &end) == 1 &&
		    end > 0 && de->d_name[end] == '\0')
			sizes[n++] = (uintmax_t)kb * 1024;
	}
	if (d != NULL)
		(void)closedir(d);
	sysinfo_add_pagesizes(si, pr, sizes, n);
}

/*
 * The capacity of a fresh pipe (F_GETPIPE_SZ): what a pipe writer can
 * queue before blocking unless it asks for more, up to fs.pipe-max-size.
 */
static void
probe_pipe_capacity(struct ipc_sysinfo *si, const struct probe *pr)
{
	intmax_t cap;
	int fds[2];

	cap = -1;
#if defined(F_GETPIPE_SZ)
	if (pipe(fds) == 0) {
		cap = fcntl(fds[0], F_GETPIPE_SZ);
		(void)close(fds[0]);
		(void)close(fds[1]);
	}
#else
	(void)fds;
#endif
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, cap);
}

/*
 * cpufreq.governor: the scaling governors of the CPUs the run uses, each
 * different one once ("performance", "powersave schedutil"); "unknown"
 * where cpufreq is absent, as in most VMs.
 */
static void
probe_governor(struct ipc_sysinfo *si, const struct probe *pr)
{
	char path[96], gov[64], buf[IPC_SYSINFO_VALUELEN];
	int cpus[SYSINFO_CPUS_MAX];
	size_t i, n, off;

	buf[0] = '\0';
	off = 0;
	n = sysinfo_cpus_in_use(si, cpus, SYSINFO_CPUS_MAX);
	for (i = 0; i < n; i++) {
		(void)snprintf(path, sizeof(path), "/sys/devices/system/cpu/"
		    "cpu%d/cpufreq/scaling_governor", cpus[i]);
		if (read_line(path, gov, sizeof(gov)) != 0 ||
		    strstr(buf, gov) != NULL || off + strlen(gov) + 2 >
		    sizeof(buf))
			continue;
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s",
		    off == 0 ? "" : " ", gov);
	}
	sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
}

/*
 * cpufreq.boost: whether the CPUs may run above their base clock, "on" or
 * "off": the cpufreq boost switch (acpi-cpufreq, amd-pstate), else
 * intel_pstate's no_turbo (inverted); "unknown" where neither exists.
 */
static void
probe_boost(struct ipc_sysinfo *si, const struct probe *pr)
{
	char buf[16];
	const char *v;

	v = NULL;
	if (read_line("/sys/devices/system/cpu/cpufreq/boost", buf,
	    sizeof(buf)) == 0)
		v = strcmp(buf, "1") == 0 ? "on" : "off";
	else if (read_line("/sys/devices/system/cpu/intel_pstate/no_turbo",
	    buf, sizeof(buf)) == 0)
		v = strcmp(buf, "1") == 0 ? "off" : "on";
	sysinfo_add(si, pr->pr_section, pr->pr_key, v, false);
}

/*
 * cpu.smt_siblings: for each CPU the run uses, the hardware threads that
 * share its core ("cpu0: 0,4; cpu1: 1,5"), from sysfs topology.  Two ends
 * on siblings share one core's caches and execution units.
 */
static void
probe_smt_siblings(struct ipc_sysinfo *si, const struct probe *pr)
{
	char path[96], sib[64], buf[IPC_SYSINFO_VALUELEN];
	int cpus[SYSINFO_CPUS_MAX];
	size_t i, n, off;
	int len;

	buf[0] = '\0';
	off = 0;
	n = sysinfo_cpus_in_use(si, cpus, SYSINFO_CPUS_MAX);
	for (i = 0; i < n; i++) {
		(void)snprintf(path, sizeof(path), "/sys/devices/system/cpu/"
		    "cpu%d/topology/thread_siblings_list", cpus[i]);
		if (read_line(path, sib, sizeof(sib)) != 0)
			continue;
		len = snprintf(buf + off, sizeof(buf) - off, "%scpu%d: %s",
		    off == 0 ? "" : "; ", cpus[i], sib);
		if (len < 0 || (size_t)len >= sizeof(buf) - off) {
			buf[off] = '\0';
			break;
		}
		off += (size_t)len;
	}
	sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
}

/*
 * proc.tracer_pid: the process tracing this one (strace, gdb, any ptrace
 * user), 0 if none: /proc/self/status's TracerPid.
 */
static void
probe_tracer(struct ipc_sysinfo *si, const struct probe *pr)
{
	char line[128];
	long pid;
	FILE *fp;

	pid = -1;
	fp = fopen("/proc/self/status", "r");
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "TracerPid: %ld", &pid) == 1)
			break;
	if (fp != NULL)
		(void)fclose(fp);
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, (intmax_t)pid);
}

#endif /* __linux__ */
