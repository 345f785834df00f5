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
 * network/IPC settings that bear on IPC throughput, as (section, key,
 * value) items in a fixed order.  It mirrors L41's 2021-22 configuration
 * containers and their FreeBSD sysctl names; on Linux the same meanings
 * keep L41's names and Linux-only settings appear under their own
 * sysctl-style names.  DEVIATION: L41 exits when a sysctl is missing;
 * here every probe degrades to the value "unknown".  This file never
 * prints: report.c renders the items.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#if defined(__FreeBSD__)
#include <sys/sysctl.h>
#endif
#include <sys/utsname.h>

#include <net/if.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipc.h"

#define	SEC_HW		"hardware_configuration"
#define	SEC_OS		"os_configuration"
#define	SEC_NET		"network_ipc_configuration"
#define	UNKNOWN		"unknown"

/* Page sizes listed in hw.pagesizes, at most. */
#define	PAGESIZES_MAX	16

static bool	is_integer(const char *s);
static void	add(struct ipc_sysinfo *si, const char *section,
		    const char *key, const char *value, bool numeric);
static void	add_num(struct ipc_sysinfo *si, const char *section,
		    const char *key, intmax_t value);
static void	add_pagesizes(struct ipc_sysinfo *si, uintmax_t *sizes,
		    size_t n);
static int	cmp_size(const void *a, const void *b);
static void	collect_os(const struct ipc_config *cfg,
		    struct ipc_sysinfo *si);
static void	add_clock_resolution(struct ipc_sysinfo *si);
static void	add_loopback(struct ipc_sysinfo *si, const char *ifname);
#if defined(__linux__)
static int	read_line(const char *path, char *buf, size_t len);
static void	add_file(struct ipc_sysinfo *si, const char *section,
		    const char *key, const char *path, bool numeric);
static void	add_cpu_model(struct ipc_sysinfo *si);
static void	add_linux_pagesizes(struct ipc_sysinfo *si);
static void	add_pipe_capacity(struct ipc_sysinfo *si);
#elif defined(__FreeBSD__)
static void	add_sysctl_str(struct ipc_sysinfo *si, const char *section,
		    const char *key);
static void	add_sysctl_num(struct ipc_sysinfo *si, const char *section,
		    const char *key, bool is_signed, bool optional);
static void	add_sysctl_pagesizes(struct ipc_sysinfo *si);
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
 * Append one item, dropping it if the table is full.  The value is
 * trimmed, tabs become spaces, other control and non-ASCII bytes become
 * '?' (so any truncation is safe), and it is cut to fit; an empty or
 * NULL value reads "unknown".  numeric is honoured only for integers.
 */
static void
add(struct ipc_sysinfo *si, const char *section, const char *key,
    const char *value, bool numeric)
{
	struct ipc_sysinfo_item *it;
	size_t len, i;
	unsigned char c;

	if (si->si_count >= IPC_SYSINFO_MAX)
		return;
	it = &si->si_items[si->si_count++];
	it->hi_section = section;
	it->hi_key = key;
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
	it->hi_numeric = numeric && is_integer(it->hi_value);
}

/*
 * Append an integer item; a negative value means the probe failed.
 */
static void
add_num(struct ipc_sysinfo *si, const char *section, const char *key,
    intmax_t value)
{
	char buf[32];

	if (value < 0) {
		add(si, section, key, UNKNOWN, false);
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
 * Append hw.pagesizes: the supported page sizes in bytes, ascending and
 * space-separated (a list, so not numeric).  L41 emits one "pagesize"
 * instance per size; one string keeps the item model flat.
 */
static void
add_pagesizes(struct ipc_sysinfo *si, uintmax_t *sizes, size_t n)
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
	add(si, SEC_HW, "hw.pagesizes", buf, false);
}

/*
 * The resolution of CLOCK_MONOTONIC, the clock that times each run, in
 * nanoseconds: a lower bound on what a single time sample can resolve.
 */
static void
add_clock_resolution(struct ipc_sysinfo *si)
{
	struct timespec ts;
	intmax_t ns;

	ns = -1;
	if (clock_getres(CLOCK_MONOTONIC, &ts) == 0)
		ns = (intmax_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	add_num(si, SEC_OS, "clock.monotonic.resolution_ns", ns);
}

/*
 * ifnet.name and ifnet.mtu of the loopback interface (L41 hard-codes
 * lo0), read with the SIOCGIFMTU ioctl on a throwaway datagram socket.
 */
static void
add_loopback(struct ipc_sysinfo *si, const char *ifname)
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
		    ifname);
		if (ioctl(s, SIOCGIFMTU, &ifr) == 0)
			mtu = ifr.ifr_mtu;
		(void)close(s);
	}
#endif
	add(si, SEC_NET, "ifnet.name", ifname, false);
	add_num(si, SEC_NET, "ifnet.mtu", mtu);
}

/*
 * The kern.* identity of the running kernel from uname(3), which every
 * OS has; FreeBSD replaces kern.version with L41's kern.ident.
 */
static void
collect_os(const struct ipc_config *cfg, struct ipc_sysinfo *si)
{
	struct utsname u;
	bool ok;

	(void)cfg;
	ok = uname(&u) == 0;
	add(si, SEC_OS, "kern.ostype", ok ? u.sysname : NULL, false);
	add(si, SEC_OS, "kern.osrelease", ok ? u.release : NULL, false);
#if defined(__FreeBSD__)
	add_sysctl_str(si, SEC_OS, "kern.ident");
#else
	add(si, SEC_OS, "kern.version", ok ? u.version : NULL, false);
#endif
	add(si, SEC_OS, "kern.hostname", ok ? u.nodename : NULL, false);
}

#if defined(__linux__)
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
 * Append the first line of a file, or "unknown" if it cannot be read.
 */
static void
add_file(struct ipc_sysinfo *si, const char *section, const char *key,
    const char *path, bool numeric)
{
	char buf[IPC_SYSINFO_VALUELEN];

	add(si, section, key, read_line(path, buf, sizeof(buf)) == 0 ? buf :
	    NULL, numeric);
}

/*
 * hw.model: the CPU's name from /proc/cpuinfo.  x86 has "model name";
 * many Arm kernels have none, so fall back to the board ("Model", as on
 * a Raspberry Pi) and then to "Hardware".  Long lines (flags) arrive in
 * pieces, so only text at the start of a line is matched.
 */
static void
add_cpu_model(struct ipc_sysinfo *si)
{
	static const char *const fields[] = { "model name", "Model",
	    "Hardware" };
	char line[256], best[IPC_SYSINFO_VALUELEN];
	const char *colon;
	size_t i, rank, flen;
	bool at_start;
	FILE *fp;

	rank = sizeof(fields) / sizeof(fields[0]);
	best[0] = '\0';
	fp = fopen("/proc/cpuinfo", "r");
	if (fp == NULL) {
		add(si, SEC_HW, "hw.model", NULL, false);
		return;
	}
	at_start = true;
	while (rank > 0 && fgets(line, sizeof(line), fp) != NULL) {
		if (at_start && (colon = strchr(line, ':')) != NULL) {
			for (i = 0; i < rank; i++) {
				flen = strlen(fields[i]);
				if (strncmp(line, fields[i], flen) == 0 &&
				    strspn(line + flen, " \t") ==
				    (size_t)(colon - line) - flen)
					break;
			}
			if (i < rank) {
				rank = i;
				(void)snprintf(best, sizeof(best), "%s",
				    colon + 1);
			}
		}
		at_start = strchr(line, '\n') != NULL;
	}
	(void)fclose(fp);
	add(si, SEC_HW, "hw.model", best, false);
}

/*
 * hw.pagesizes: the base page plus each huge page size the kernel offers
 * under /sys/kernel/mm/hugepages ("hugepages-2048kB" and so on).
 */
static void
add_linux_pagesizes(struct ipc_sysinfo *si)
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
	add_pagesizes(si, sizes, n);
}

/*
 * The capacity of a fresh pipe (F_GETPIPE_SZ): what a pipe writer can
 * queue before blocking unless it asks for more, up to fs.pipe-max-size.
 */
static void
add_pipe_capacity(struct ipc_sysinfo *si)
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
	add_num(si, SEC_NET, "pipe.default_capacity", cap);
}

/*
 * Linux: L41's names where the meaning is the same (hw.*, kern.*,
 * ifnet.*), the sysctl(8) names for /proc/sys settings, and sysfs paths
 * in dotted form for the rest.  Frequencies are in kHz as sysfs gives
 * them, and appear only where cpufreq exists (not in most VMs).
 */
void
sysinfo_collect(const struct ipc_config *cfg, struct ipc_sysinfo *si)
{
	struct utsname u;
	char buf[IPC_SYSINFO_VALUELEN];
	long pages, pg;

	si->si_count = 0;
	add(si, SEC_HW, "hw.machine", uname(&u) == 0 ? u.machine : NULL,
	    false);
	add_cpu_model(si);
	add_num(si, SEC_HW, "hw.ncpu", (intmax_t)sysconf(_SC_NPROCESSORS_ONLN));
	pages = sysconf(_SC_PHYS_PAGES);
	pg = sysconf(_SC_PAGESIZE);
	add_num(si, SEC_HW, "hw.physmem", pages > 0 && pg > 0 ?
	    (intmax_t)pages * pg : -1);
	add_linux_pagesizes(si);
	if (read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq",
	    buf, sizeof(buf)) == 0)
		add(si, SEC_HW, "cpu0.cpufreq.scaling_cur_freq", buf, true);
	if (read_line("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq",
	    buf, sizeof(buf)) == 0)
		add(si, SEC_HW, "cpu0.cpufreq.cpuinfo_max_freq", buf, true);

	collect_os(cfg, si);
	add_file(si, SEC_OS, "clocksource0.current_clocksource",
	    "/sys/devices/system/clocksource/clocksource0/current_clocksource",
	    false);
	add_clock_resolution(si);
	add_file(si, SEC_OS, "kernel.perf_event_paranoid",
	    "/proc/sys/kernel/perf_event_paranoid", true);

	add_file(si, SEC_NET, "fs.pipe-max-size",
	    "/proc/sys/fs/pipe-max-size", true);
	add_pipe_capacity(si);
	add_file(si, SEC_NET, "fs.pipe-user-pages-soft",
	    "/proc/sys/fs/pipe-user-pages-soft", true);
	add_file(si, SEC_NET, "net.core.wmem_max",
	    "/proc/sys/net/core/wmem_max", true);
	add_file(si, SEC_NET, "net.core.rmem_max",
	    "/proc/sys/net/core/rmem_max", true);
	add_file(si, SEC_NET, "net.core.wmem_default",
	    "/proc/sys/net/core/wmem_default", true);
	add_file(si, SEC_NET, "net.core.rmem_default",
	    "/proc/sys/net/core/rmem_default", true);
	add_file(si, SEC_NET, "net.ipv4.tcp_wmem",
	    "/proc/sys/net/ipv4/tcp_wmem", false);
	add_file(si, SEC_NET, "net.ipv4.tcp_rmem",
	    "/proc/sys/net/ipv4/tcp_rmem", false);
	add_loopback(si, "lo");
	add_file(si, SEC_NET, "net.ipv4.tcp_congestion_control",
	    "/proc/sys/net/ipv4/tcp_congestion_control", false);
	add_file(si, SEC_NET, "net.core.netdev_max_backlog",
	    "/proc/sys/net/core/netdev_max_backlog", true);
}

#elif defined(__FreeBSD__)
/*
 * Append a string sysctl, sized first so long values (hw.model) are
 * fetched whole before add() truncates them.
 */
static void
add_sysctl_str(struct ipc_sysinfo *si, const char *section, const char *key)
{
	size_t len;
	char *buf;

	buf = NULL;
	if (sysctlbyname(key, NULL, &len, NULL, 0) == 0 &&
	    (buf = malloc(len + 1)) != NULL &&
	    sysctlbyname(key, buf, &len, NULL, 0) == 0)
		buf[len] = '\0';
	else if (buf != NULL) {
		free(buf);
		buf = NULL;
	}
	add(si, section, key, buf, false);
	free(buf);
}

/*
 * Append an integer sysctl of 4 or 8 bytes (int, u_int, long, u_long),
 * told apart by the length the kernel returns.  An optional sysctl that
 * does not exist is left out instead of reading "unknown".
 */
static void
add_sysctl_num(struct ipc_sysinfo *si, const char *section, const char *key,
    bool is_signed, bool optional)
{
	union {
		int32_t		i32;
		uint32_t	u32;
		int64_t		i64;
		uint64_t	u64;
	} v;
	char buf[32];
	size_t len;

	len = sizeof(v);
	memset(&v, 0, sizeof(v));
	if (sysctlbyname(key, &v, &len, NULL, 0) != 0) {
		if (!optional)
			add(si, section, key, UNKNOWN, false);
		return;
	}
	if (len == sizeof(v.i32) && is_signed)
		(void)snprintf(buf, sizeof(buf), "%jd", (intmax_t)v.i32);
	else if (len == sizeof(v.u32))
		(void)snprintf(buf, sizeof(buf), "%ju", (uintmax_t)v.u32);
	else if (len == sizeof(v.i64) && is_signed)
		(void)snprintf(buf, sizeof(buf), "%jd", (intmax_t)v.i64);
	else if (len == sizeof(v.u64))
		(void)snprintf(buf, sizeof(buf), "%ju", (uintmax_t)v.u64);
	else
		(void)snprintf(buf, sizeof(buf), "%s", UNKNOWN);
	add(si, section, key, buf, true);
}

/*
 * hw.pagesizes: an array of u_long, unused slots zero.
 */
static void
add_sysctl_pagesizes(struct ipc_sysinfo *si)
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
	add_pagesizes(si, sizes, n);
}

/*
 * FreeBSD: L41's own sysctls, plus the pipe, socket-buffer and
 * timecounter settings that bear on its results.
 */
void
sysinfo_collect(const struct ipc_config *cfg, struct ipc_sysinfo *si)
{

	si->si_count = 0;
	add_sysctl_str(si, SEC_HW, "hw.machine");
	add_sysctl_str(si, SEC_HW, "hw.model");
	add_sysctl_num(si, SEC_HW, "hw.ncpu", true, false);
	add_sysctl_num(si, SEC_HW, "hw.physmem", false, false);
	add_sysctl_pagesizes(si);
	add_sysctl_num(si, SEC_HW, "hw.cpufreq.arm_freq", true, true);

	collect_os(cfg, si);
	add_sysctl_str(si, SEC_OS, "kern.timecounter.hardware");
	add_clock_resolution(si);

	add_sysctl_num(si, SEC_NET, "kern.ipc.pipe_mindirect", true, false);
	add_sysctl_num(si, SEC_NET, "kern.ipc.maxpipekva", true, false);
	add_sysctl_num(si, SEC_NET, "kern.ipc.maxsockbuf", false, false);
	add_sysctl_num(si, SEC_NET, "net.inet.tcp.sendspace", false, false);
	add_sysctl_num(si, SEC_NET, "net.inet.tcp.recvspace", false, false);
	add_loopback(si, "lo0");
	add_sysctl_str(si, SEC_NET, "net.inet.tcp.cc.algorithm");
	add_sysctl_num(si, SEC_NET, "net.isr.bindthreads", true, false);
	add_sysctl_num(si, SEC_NET, "net.isr.defaultqlimit", true, false);
}

#else /* !__linux__ && !__FreeBSD__ */
/*
 * Other systems: what POSIX and uname(3) can say, without the
 * OS-specific tunables.
 */
void
sysinfo_collect(const struct ipc_config *cfg, struct ipc_sysinfo *si)
{
	struct utsname u;

	uintmax_t pg;
	long len;

	si->si_count = 0;
	add(si, SEC_HW, "hw.machine", uname(&u) == 0 ? u.machine : NULL,
	    false);
	add_num(si, SEC_HW, "hw.ncpu", (intmax_t)sysconf(_SC_NPROCESSORS_ONLN));
	len = sysconf(_SC_PAGESIZE);
	pg = len > 0 ? (uintmax_t)len : 0;
	add_pagesizes(si, &pg, len > 0 ? 1 : 0);
	collect_os(cfg, si);
	add_clock_resolution(si);
	add_loopback(si, "lo0");
}
#endif /* __linux__ */
