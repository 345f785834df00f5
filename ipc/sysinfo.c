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
 * in a file of its own (sysinfo_probes.h: sysinfo_linux.c,
 * sysinfo_freebsd.c, sysinfo_other.c), mirroring the table in
 * docs/host-description.md: most read a file (Linux) or a sysctl
 * (FreeBSD); a few compute their value.  This file owns the sections'
 * JSON names and text headings, how an item is added, the probes every
 * OS shares, and the walk over this OS's table; it never prints:
 * report.c renders the items.  DEVIATION: L41 exits when a sysctl is
 * missing; here every probe degrades to the value "unknown".
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include <net/if.h>

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipc.h"
#include "sysinfo.h"
#include "sysinfo_probes.h"

static const struct {
	const char	*sn_json;
	const char	*sn_heading;
} section_names[IPC_SYSINFO_SECTIONS] = {
	[SEC_HW] = { "hardware_configuration", "Hardware configuration:" },
	[SEC_OS] = { "os_configuration", "OS configuration:" },
	[SEC_NET] = { "network_ipc_configuration",
	    "Network and IPC configuration:" },
	[SEC_RUN] = { "run_conditions", "Run conditions:" },
};

static bool	is_integer(const char *s);
static int	cmp_size(const void *a, const void *b);
static void	collect(struct ipc_sysinfo *si, const struct probe *table,
		    size_t n);

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
void
sysinfo_add(struct ipc_sysinfo *si, enum section section, const char *key,
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
void
sysinfo_add_num(struct ipc_sysinfo *si, enum section section, const char *key,
    intmax_t value)
{
	char buf[32];

	if (value < 0) {
		sysinfo_add(si, section, key, UNKNOWN, true);
		return;
	}
	(void)snprintf(buf, sizeof(buf), "%jd", value);
	sysinfo_add(si, section, key, buf, true);
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
void
sysinfo_add_pagesizes(struct ipc_sysinfo *si, const struct probe *pr,
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
	sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
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
			sysinfo_probe_source(si, &table[i]);
	}
}

/*
 * The kernel's identity and the machine type from uname(3), which every
 * OS has, picked by the item's key.
 */
void
sysinfo_probe_uname(struct ipc_sysinfo *si, const struct probe *pr)
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
	sysinfo_add(si, pr->pr_section, pr->pr_key, v, false);
}

/*
 * hw.ncpu: the processors online.
 */
void
sysinfo_probe_ncpu(struct ipc_sysinfo *si, const struct probe *pr)
{

	sysinfo_add_num(si, pr->pr_section, pr->pr_key,
	    (intmax_t)sysconf(_SC_NPROCESSORS_ONLN));
}

/*
 * The resolution of CLOCK_MONOTONIC, the clock that times each run, in
 * nanoseconds: a lower bound on what a single time sample can resolve.
 */
void
sysinfo_probe_clockres(struct ipc_sysinfo *si, const struct probe *pr)
{
	struct timespec ts;
	intmax_t ns;

	ns = -1;
	if (clock_getres(CLOCK_MONOTONIC, &ts) == 0)
		ns = (intmax_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	sysinfo_add_num(si, pr->pr_section, pr->pr_key, ns);
}

/*
 * ifnet.name (pr_source: lo or lo0, L41 hard-codes lo0) and ifnet.mtu of
 * the loopback interface, read with the SIOCGIFMTU ioctl on a throwaway
 * datagram socket.
 */
void
sysinfo_probe_loopback(struct ipc_sysinfo *si, const struct probe *pr)
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
	sysinfo_add(si, pr->pr_section, pr->pr_key, pr->pr_source, false);
	sysinfo_add_num(si, pr->pr_section, "ifnet.mtu", mtu);
}

/*
 * run.pinned: where -c put the two ends, or "no".
 */
void
sysinfo_probe_pinned(struct ipc_sysinfo *si, const struct probe *pr)
{
	char buf[64];

	if (si->si_pin.pin_sender < 0 && si->si_pin.pin_receiver < 0)
		(void)snprintf(buf, sizeof(buf), "no");
	else
		(void)snprintf(buf, sizeof(buf),
		    "sender cpu %d, receiver cpu %d", si->si_pin.pin_sender,
		    si->si_pin.pin_receiver);
	sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
}

/*
 * vm.loadavg: the 1, 5 and 15 minute load averages as the run starts
 * (getloadavg(3), on both systems): how busy the machine already was.
 */
void
sysinfo_probe_loadavg(struct ipc_sysinfo *si, const struct probe *pr)
{
	double la[3];
	char buf[64];

	if (getloadavg(la, 3) != 3) {
		sysinfo_add(si, pr->pr_section, pr->pr_key, NULL, false);
		return;
	}
	(void)snprintf(buf, sizeof(buf), "%.2f %.2f %.2f", la[0], la[1],
	    la[2]);
	sysinfo_add(si, pr->pr_section, pr->pr_key, buf, false);
}

/*
 * An item this OS cannot tell: "unknown", so that every OS lists it.
 */
void
sysinfo_probe_unknown(struct ipc_sysinfo *si, const struct probe *pr)
{

	sysinfo_add(si, pr->pr_section, pr->pr_key, NULL,
	    (pr->pr_flags & P_NUMERIC) != 0);
}

/*
 * The CPUs the run may use: the ones -c pins it to, or every configured
 * CPU when it is not pinned (at most max).  Returns how many.
 */
size_t
sysinfo_cpus_in_use(const struct ipc_sysinfo *si, int *cpus, size_t max)
{
	long ncpu;
	size_t n;
	int c;

	n = 0;
	if (si->si_pin.pin_sender >= 0 || si->si_pin.pin_receiver >= 0) {
		if (si->si_pin.pin_sender >= 0 && max > 0)
			cpus[n++] = si->si_pin.pin_sender;
		if (si->si_pin.pin_receiver >= 0 && n < max &&
		    (n == 0 || cpus[0] != si->si_pin.pin_receiver))
			cpus[n++] = si->si_pin.pin_receiver;
		return (n);
	}
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	for (c = 0; c < ncpu && n < max; c++)
		cpus[n++] = c;
	return (n);
}

/*
 * Fill *si with this host's description, afresh; pin (NULL: not pinned)
 * says which CPUs the run uses, for the run conditions.
 */
void
sysinfo_collect(struct ipc_sysinfo *si, const struct ipc_pinning *pin)
{
	size_t s;

	si->si_pin.pin_sender = pin != NULL ? pin->pin_sender : -1;
	si->si_pin.pin_receiver = pin != NULL ? pin->pin_receiver : -1;
	si->si_count = 0;
	for (s = 0; s < IPC_SYSINFO_SECTIONS; s++) {
		si->si_sections[s].ss_json = section_names[s].sn_json;
		si->si_sections[s].ss_heading = section_names[s].sn_heading;
		si->si_sections[s].ss_first = 0;
		si->si_sections[s].ss_count = 0;
	}
	collect(si, sysinfo_probes, sysinfo_probes_count);
}
