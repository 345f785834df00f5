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
 * The host description printed by describe and -v: hardware, OS, and
 * network/IPC settings that bear on IPC throughput, as items in three
 * sections, in a fixed order.  It mirrors L41's 2021–22 configuration
 * containers and their FreeBSD sysctl names; on Linux the same meanings
 * keep L41's names and Linux-only settings appear under their own
 * sysctl-style names.  Each OS has one table of probes, in output order,
 * mirroring the table in docs/host-description.md: most read a file
 * (Linux) or a sysctl (FreeBSD); a few compute their value.  This file
 * owns the sections' JSON names and text headings, and never prints:
 * report.c renders the items.  DEVIATION: L41 exits when a sysctl is
 * missing; here every probe degrades to the value "unknown".
 *
 * Longer than 600 lines for a reason: the three OS tables and their few
 * OS-specific probes sit side by side, one #if block each, so that each
 * can be read against that table and against the others.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#if defined(__FreeBSD__)
#include <sys/sysctl.h>
#endif
#include <sys/utsname.h>

#include <net/if.h>

#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipc.h"

#define	UNKNOWN		IPC_SYSINFO_UNKNOWN

/* Page sizes listed in hw.pagesizes, at most. */
#define	PAGESIZES_MAX	16

/* The sections, in output order. */
enum section {
	SEC_HW,
	SEC_OS,
	SEC_NET,
};

static const struct {
	const char	*sn_json;
	const char	*sn_heading;
} section_names[IPC_SYSINFO_SECTIONS] = {
	[SEC_HW] = { "hardware_configuration", "Hardware configuration:" },
	[SEC_OS] = { "os_configuration", "OS configuration:" },
	[SEC_NET] = { "network_ipc_configuration",
	    "Network and IPC configuration:" },
};

/* Probe flags. */
#define	P_NUMERIC	0x1	/* an integer ("unknown" if it is not one) */
#define	P_SIGNED	0x2	/* FreeBSD: a signed integer sysctl */
#define	P_OPTIONAL	0x4	/* left out, not "unknown", where absent */

/*
 * One item of the description: where its value comes from.  Without a
 * function, pr_source names a file whose first line is the value
 * (Linux), or the sysctl is the key itself (FreeBSD).
 */
struct probe {
	enum section	 pr_section;
	const char	*pr_key;
	const char	*pr_source;
	void		(*pr_fn)(struct ipc_sysinfo *si,
			    const struct probe *pr);
	int		 pr_flags;
};

static bool	is_integer(const char *s);
static void	add(struct ipc_sysinfo *si, enum section section,
		    const char *key, const char *value, bool numeric);
static void	add_num(struct ipc_sysinfo *si, enum section section,
		    const char *key, intmax_t value);
static void	add_pagesizes(struct ipc_sysinfo *si, const struct probe *pr,
		    uintmax_t *sizes, size_t n);
static int	cmp_size(const void *a, const void *b);
static void	collect(struct ipc_sysinfo *si, const struct probe *table,
		    size_t n);
static void	probe_source(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_uname(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_ncpu(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_clock_resolution(struct ipc_sysinfo *si,
		    const struct probe *pr);
static void	probe_loopback(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr);
#if defined(__linux__)
static int	read_line(const char *path, char *buf, size_t len);
static void	probe_physmem(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_cpu_model(struct ipc_sysinfo *si, const struct probe *pr);
static void	probe_pipe_capacity(struct ipc_sysinfo *si,
		    const struct probe *pr);
#endif

/*
 * True if s is a JSON integer: an optional '-', then 0 or digits without
 * a leading zero.  Such a value is also one that strtod(3) consumes whole.
 */
static bool
is_integer(const char *s)
{

	if (*s == '-')
		s++;
	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return (false);
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return (false);
	return (true);
}

/*
 * Append one item to its section, dropping it if the table is full.  The
 * value is trimmed, tabs become spaces, other control and non-ASCII bytes
 * become '?' (so any truncation is safe), and it is cut to fit; an empty
 * or NULL value reads "unknown".  A numeric key keeps its type whatever
 * it reads: an integer, or "unknown" (JSON null), never another string,
 * so that a notebook sees one type per key on every host (a container's
 * network namespace hides net.core.netdev_max_backlog, for one).
 */
static void
add(struct ipc_sysinfo *si, enum section section, const char *key,
    const char *value, bool numeric)
{
	struct ipc_sysinfo_section *ss;
	struct ipc_sysinfo_item *it;
	size_t len, i;
	unsigned char c;

	if (si->si_count >= IPC_SYSINFO_MAX)
		return;
	ss = &si->si_sections[section];
	if (ss->ss_count == 0)
		ss->ss_first = si->si_count;
	/* The tables list each section's items together. */
	assert(ss->ss_first + ss->ss_count == si->si_count);
	ss->ss_count++;
	it = &si->si_items[si->si_count++];
	it->hi_key = key;
	it->hi_each = NULL;
	if (value == NULL)
		value = UNKNOWN;
	while (*value == ' ' || *value == '\t')
		value++;
	len = strlen(value);
	while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == ' ' ||
	    value[len - 1] == '\t' || value[len - 1] == '\r'))
		len--;
	if (len > IPC_SYSINFO_VALUELEN - 1)
		len = IPC_SYSINFO_VALUELEN - 1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)value[i];
		if (c == '\t')
			c = ' ';
		else if (c < 0x20 || c > 0x7e)
			c = '?';
		it->hi_value[i] = (char)c;
	}
	it->hi_value[len] = '\0';
	if (len == 0)
		(void)snprintf(it->hi_value, sizeof(it->hi_value), "%s",
		    UNKNOWN);
	it->hi_numeric = numeric;
	if (numeric && !is_integer(it->hi_value))
		(void)snprintf(it->hi_value, sizeof(it->hi_value), "%s",
		    UNKNOWN);
}

/*
 * Append an integer item; a negative value means the probe failed.
 */
static void
add_num(struct ipc_sysinfo *si, enum section section, const char *key,
    intmax_t value)
{
	char buf[32];

	if (value < 0) {
		add(si, section, key, UNKNOWN, true);
		return;
	}
	(void)snprintf(buf, sizeof(buf), "%jd", value);
	add(si, section, key, buf, true);
}

/*
 * qsort(3) comparator for page sizes, ascending.
 */
static int
cmp_size(const void *a, const void *b)
{
	uintmax_t x, y;

	x = *(const uintmax_t *)a;
	y = *(const uintmax_t *)b;
	return ((x > y) - (x < y));
}

/*
 * Append hw.pagesizes: the supported page sizes in bytes, ascending.
 * Text shows them space-separated; JSON, as L41's libxo did, a list of
 * instances each carrying "pagesize" (the 2020-24 notebooks read it so).
 */
static void
add_pagesizes(struct ipc_sysinfo *si, const struct probe *pr,
    uintmax_t *sizes, size_t n)
{
	char buf[IPC_SYSINFO_VALUELEN];
	size_t i, off;
	int len;

	qsort(sizes, n, sizeof(*sizes), cmp_size);
	buf[0] = '\0';
	off = 0;
	for (i = 0; i < n; i++) {
		len = snprintf(buf + off, sizeof(buf) - off, "%s%ju",
		    i == 0 ? "" : " ", sizes[i]);
		if (len < 0 || (size_t)len >= sizeof(buf) - off)
			break;
		off += (size_t)len;
	}
	add(si, pr->pr_section, pr->pr_key, buf, false);
	if (si->si_count > 0 &&
	    si->si_items[si->si_count - 1].hi_key == pr->pr_key)
		si->si_items[si->si_count - 1].hi_each = "pagesize";
}

/*
 * Run a table of probes in order.
 */
static void
collect(struct ipc_sysinfo *si, const struct probe *table, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (table[i].pr_fn != NULL)
			table[i].pr_fn(si, &table[i]);
		else
			probe_source(si, &table[i]);
	}
}

/*
 * The kernel's identity and the machine type from uname(3), which every
 * OS has, picked by the item's key.
 */
static void
probe_uname(struct ipc_sysinfo *si, const struct probe *pr)
{
	struct utsname u;
	const char *v;

	v = NULL;
	if (uname(&u) == 0) {
		if (strcmp(pr->pr_key, "hw.machine") == 0)
			v = u.machine;
		else if (strcmp(pr->pr_key, "kern.ostype") == 0)
			v = u.sysname;
		else if (strcmp(pr->pr_key, "kern.osrelease") == 0)
			v = u.release;
		else if (strcmp(pr->pr_key, "kern.ident") == 0)
			v = u.version;
		else if (strcmp(pr->pr_key, "kern.hostname") == 0)
			v = u.nodename;
	}
	add(si, pr->pr_section, pr->pr_key, v, false);
}

/*
 * hw.ncpu: the processors online.
 */
static void
probe_ncpu(struct ipc_sysinfo *si, const struct probe *pr)
{

	add_num(si, pr->pr_section, pr->pr_key,
	    (intmax_t)sysconf(_SC_NPROCESSORS_ONLN));
}

/*
 * The resolution of CLOCK_MONOTONIC, the clock that times each run, in
 * nanoseconds: a lower bound on what a single time sample can resolve.
 */
static void
probe_clock_resolution(struct ipc_sysinfo *si, const struct probe *pr)
{
	struct timespec ts;
	intmax_t ns;

	ns = -1;
	if (clock_getres(CLOCK_MONOTONIC, &ts) == 0)
		ns = (intmax_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	add_num(si, pr->pr_section, pr->pr_key, ns);
}

/*
 * ifnet.name (pr_source: lo or lo0, L41 hard-codes lo0) and ifnet.mtu of
 * the loopback interface, read with the SIOCGIFMTU ioctl on a throwaway
 * datagram socket.
 */
static void
probe_loopback(struct ipc_sysinfo *si, const struct probe *pr)
{
	intmax_t mtu;
#if defined(SIOCGIFMTU)
	struct ifreq ifr;
	int s;
#endif

	mtu = -1;
#if defined(SIOCGIFMTU)
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s >= 0) {
		memset(&ifr, 0, sizeof(ifr));
		(void)snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s",
		    pr->pr_source);
		if (ioctl(s, SIOCGIFMTU, &ifr) == 0)
			mtu = ifr.ifr_mtu;
		(void)close(s);
	}
#endif
	add(si, pr->pr_section, pr->pr_key, pr->pr_source, false);
	add_num(si, pr->pr_section, "ifnet.mtu", mtu);
}

#if defined(__linux__)
/*
 * Linux: L41's names where the meaning is the same (hw.*, kern.*,
 * ifnet.*), the sysctl(8) names for /proc/sys settings, and sysfs paths
 * in dotted form for the rest.  Frequencies are in kHz as sysfs gives
 * them, and appear only where cpufreq exists (not in most VMs).
 */
#define	CPUFREQ		"/sys/devices/system/cpu/cpu0/cpufreq/"
static const struct probe probes[] = {
	{ SEC_HW, "hw.machine", NULL, probe_uname, 0 },
	{ SEC_HW, "hw.model", NULL, probe_cpu_model, 0 },
	{ SEC_HW, "hw.ncpu", NULL, probe_ncpu, 0 },
	{ SEC_HW, "hw.physmem", NULL, probe_physmem, 0 },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_HW, "cpu0.cpufreq.scaling_cur_freq",
	    CPUFREQ "scaling_cur_freq", NULL, P_NUMERIC | P_OPTIONAL },
	{ SEC_HW, "cpu0.cpufreq.cpuinfo_max_freq",
	    CPUFREQ "cpuinfo_max_freq", NULL, P_NUMERIC | P_OPTIONAL },
	{ SEC_OS, "kern.ostype", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, probe_uname, 0 },
	/*
	 * kern.ident: FreeBSD's kernel configuration name has no Linux
	 * counterpart; the nearest is the kernel's build identity, uname -v.
	 */
	{ SEC_OS, "kern.ident", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.hostname", NULL, probe_uname, 0 },
	{ SEC_OS, "clocksource0.current_clocksource",
	    "/sys/devices/system/clocksource/clocksource0/current_clocksource",
	    NULL, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    probe_clock_resolution, 0 },
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
	{ SEC_NET, "ifnet.name", "lo", probe_loopback, 0 },
	{ SEC_NET, "net.ipv4.tcp_congestion_control",
	    "/proc/sys/net/ipv4/tcp_congestion_control", NULL, 0 },
	{ SEC_NET, "net.core.netdev_max_backlog",
	    "/proc/sys/net/core/netdev_max_backlog", NULL, P_NUMERIC },
};

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
static void
probe_source(struct ipc_sysinfo *si, const struct probe *pr)
{
	char buf[IPC_SYSINFO_VALUELEN];
	bool ok;

	ok = read_line(pr->pr_source, buf, sizeof(buf)) == 0;
	if (!ok && (pr->pr_flags & P_OPTIONAL) != 0)
		return;
	add(si, pr->pr_section, pr->pr_key, ok ? buf : NULL,
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
	add_num(si, pr->pr_section, pr->pr_key, pages > 0 && pg > 0 ?
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
		add(si, pr->pr_section, pr->pr_key, cpuinfo_model(ci), false);
	else
		add(si, pr->pr_section, pr->pr_key, NULL, false);
	free(ci);
}

/*
 * hw.pagesizes: the base page plus each huge page size the kernel offers
 * under /sys/kernel/mm/hugepages ("hugepages-2048kB" and so on).
 */
static void
probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr)
{
	uintmax_t sizes[PAGESIZES_MAX];
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
	while (d != NULL && n < PAGESIZES_MAX && (de = readdir(d)) != NULL) {
		/* end stays 0 unless the whole "kB" suffix matched. */
		end = 0;
		if (sscanf(de->d_name, "hugepages-%lukB%n", &kb, &end) == 1 &&
		    end > 0 && de->d_name[end] == '\0')
			sizes[n++] = (uintmax_t)kb * 1024;
	}
	if (d != NULL)
		(void)closedir(d);
	add_pagesizes(si, pr, sizes, n);
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
	add_num(si, pr->pr_section, pr->pr_key, cap);
}

#elif defined(__FreeBSD__)
/*
 * FreeBSD: L41's own sysctls, plus the pipe, socket-buffer and
 * timecounter settings that bear on its results.
 */
static const struct probe probes[] = {
	{ SEC_HW, "hw.machine", NULL, NULL, 0 },
	{ SEC_HW, "hw.model", NULL, NULL, 0 },
	{ SEC_HW, "hw.ncpu", NULL, probe_ncpu, 0 },
	{ SEC_HW, "hw.physmem", NULL, NULL, P_NUMERIC },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_HW, "hw.cpufreq.arm_freq", NULL, NULL,
	    P_NUMERIC | P_SIGNED | P_OPTIONAL },
	{ SEC_OS, "kern.ostype", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.ident", NULL, NULL, 0 },
	{ SEC_OS, "kern.hostname", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.timecounter.hardware", NULL, NULL, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    probe_clock_resolution, 0 },
	{ SEC_NET, "kern.ipc.pipe_mindirect", NULL, NULL,
	    P_NUMERIC | P_SIGNED },
	{ SEC_NET, "kern.ipc.maxpipekva", NULL, NULL, P_NUMERIC | P_SIGNED },
	{ SEC_NET, "kern.ipc.maxsockbuf", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "net.inet.tcp.sendspace", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "net.inet.tcp.recvspace", NULL, NULL, P_NUMERIC },
	{ SEC_NET, "ifnet.name", "lo0", probe_loopback, 0 },
	{ SEC_NET, "net.inet.tcp.cc.algorithm", NULL, NULL, 0 },
	{ SEC_NET, "net.isr.bindthreads", NULL, NULL, P_NUMERIC | P_SIGNED },
	{ SEC_NET, "net.isr.defaultqlimit", NULL, NULL,
	    P_NUMERIC | P_SIGNED },
};

/*
 * An item read from the sysctl named by its key.  A string is sized
 * first so long values (hw.model) are fetched whole before add()
 * truncates them.  An integer of 4 or 8 bytes (int, u_int, long, u_long)
 * is told apart by the length the kernel returns.  An optional sysctl
 * that does not exist is left out instead of reading "unknown".
 */
static void
probe_source(struct ipc_sysinfo *si, const struct probe *pr)
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
		add(si, pr->pr_section, pr->pr_key, buf, false);
		free(buf);
		return;
	}
	is_signed = (pr->pr_flags & P_SIGNED) != 0;
	len = sizeof(v);
	memset(&v, 0, sizeof(v));
	if (sysctlbyname(pr->pr_key, &v, &len, NULL, 0) != 0) {
		if ((pr->pr_flags & P_OPTIONAL) == 0)
			add(si, pr->pr_section, pr->pr_key, UNKNOWN, true);
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
	add(si, pr->pr_section, pr->pr_key, num, true);
}

/*
 * hw.pagesizes: an array of u_long, unused slots zero.
 */
static void
probe_pagesizes(struct ipc_sysinfo *si, const struct probe *pr)
{
	u_long ps[PAGESIZES_MAX];
	uintmax_t sizes[PAGESIZES_MAX];
	size_t len, i, n;

	n = 0;
	len = sizeof(ps);
	if (sysctlbyname("hw.pagesizes", ps, &len, NULL, 0) == 0)
		for (i = 0; i < len / sizeof(ps[0]); i++)
			if (ps[i] != 0)
				sizes[n++] = ps[i];
	add_pagesizes(si, pr, sizes, n);
}

#else /* !__linux__ && !__FreeBSD__ */
/*
 * Other systems: what POSIX and uname(3) can say, without the
 * OS-specific tunables.
 */
static const struct probe probes[] = {
	{ SEC_HW, "hw.machine", NULL, probe_uname, 0 },
	{ SEC_HW, "hw.ncpu", NULL, probe_ncpu, 0 },
	{ SEC_HW, "hw.pagesizes", NULL, probe_pagesizes, 0 },
	{ SEC_OS, "kern.ostype", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.osrelease", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.ident", NULL, probe_uname, 0 },
	{ SEC_OS, "kern.hostname", NULL, probe_uname, 0 },
	{ SEC_OS, "clock.monotonic.resolution_ns", NULL,
	    probe_clock_resolution, 0 },
	{ SEC_NET, "ifnet.name", "lo0", probe_loopback, 0 },
};

/*
 * No files or sysctls to read here: every item is computed.
 */
static void
probe_source(struct ipc_sysinfo *si, const struct probe *pr)
{

	add(si, pr->pr_section, pr->pr_key, NULL,
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
	add_pagesizes(si, pr, &pg, len > 0 ? 1 : 0);
}
#endif /* __linux__ */

/*
 * Fill *si with this host's description, afresh.
 */
void
sysinfo_collect(struct ipc_sysinfo *si)
{
	size_t s;

	si->si_count = 0;
	for (s = 0; s < IPC_SYSINFO_SECTIONS; s++) {
		si->si_sections[s].ss_json = section_names[s].sn_json;
		si->si_sections[s].ss_heading = section_names[s].sn_heading;
		si->si_sections[s].ss_first = 0;
		si->si_sections[s].ss_count = 0;
	}
	collect(si, probes, sizeof(probes) / sizeof(probes[0]));
}
