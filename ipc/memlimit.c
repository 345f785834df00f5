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
 * How much memory a run may touch, and the guard that refuses, before
 * anything is mapped, a run that cannot fit.  DEVIATION: L41 let mmap()
 * reserve lazily, so buffers larger than memory were found out by the
 * OOM killer (SIGKILL, no message) once the loop touched them.
 *
 * What a run touches is both buffers, whole, with or without -f: the
 * receiver writes every page of the read buffer, and the sender's reads
 * fault in every page of the write buffer wherever the kernel has no
 * shared zero page for anonymous memory (FreeBSD; some Linux builds).  In
 * 2proc the child unmaps the read buffer and only reads the write buffer,
 * either faulting it in instead of the parent (which never touches it
 * without -f) or sharing the parent's pre-faulted pages copy-on-write
 * (-f), so parent and child together touch the same two buffers.  shmem
 * adds its shared region and -V its table.  Only one run's buffers are
 * ever mapped at a time, but the samples of -n live through every run.
 * On top of that come page tables (each process maps what it shares), the
 * process itself and a margin, measured in memory cgroups (README).
 *
 * What the machine can give: Linux's MemAvailable, and for every memory
 * cgroup from ours up to its hierarchy's root, the limit less the memory
 * in use that is not reclaimable page cache (cgroup v1 memory controller,
 * cgroup v2 under the hybrid "unified" mount or on a v2-only host);
 * FreeBSD's free and inactive pages.  Swap is not counted: a run whose
 * buffers must be swapped would measure the disk, not IPC.  It is a
 * snapshot, so it catches what cannot fit, not every race with others.
 */

#include <sys/types.h>
#if defined(__FreeBSD__)
#include <sys/sysctl.h>
#endif

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ipc.h"
#include "memlimit.h"
#include "resources.h"
#include "shmem.h"

/* Big enough for /proc/meminfo and a cgroup v1 memory.stat. */
#define	MEMLIMIT_TEXT		8192

/*
 * What a run needs besides its buffers, samples and page tables: the
 * process image, stacks and stdio, a 2proc child's own pages, and the
 * kernel's pipe and socket buffers as far as they are charged to a
 * memory cgroup.  Measured at under 1.2 MiB in cgroup v1 (README); four
 * times that leaves room for other kernels and libcs.
 */
#define	MEMLIMIT_BASE		(4 * 1024 * 1024)

/* The margin on top of everything: 1/64 of it (about 1.6%). */
#define	MEMLIMIT_MARGIN		64

/*
 * Arrays of doubles per sample: bandwidths, times, latencies, a sorted
 * copy.
 */
#define	MEMLIMIT_SAMPLE_STATS	4

static uint64_t	sat_add(uint64_t a, uint64_t b);
static uint64_t	sat_mul(uint64_t a, uint64_t b);
#if defined(__linux__) || defined(__FreeBSD__)
static void	memlimit_offer(struct ipc_memlimit *ml, uint64_t avail,
		    const char *what);
#endif
#if defined(__linux__)
static int	memlimit_read(const char *root, const char *path, char *buf,
		    size_t len);
static void	memlimit_cgroup_level(const char *dir, int version,
		    struct ipc_memlimit *ml);
static void	memlimit_cgroup_walk(const char *root, const char *mount,
		    const char *cg, int version, struct ipc_memlimit *ml);
#endif

/* Saturating arithmetic: UINT64_MAX stands for "does not fit". */
static uint64_t
sat_add(uint64_t a, uint64_t b)
{

	return (a > UINT64_MAX - b ? UINT64_MAX : a + b);
}

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{

	return (b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b);
}

/*
 * Bytes a run needs at its peak, part by part in *mn: the buffers (read,
 * write, with -l the echo side's, shmem's shared region (-l: one each way),
 * -V's table, each in whole pages), -l's round-trip stamps, the -n samples
 * and their statistics (-l: with a histogram each), which live through every
 * run, the page tables that map all of that in each process (8 bytes per
 * 4 KiB page, the child of 2proc mapping it again), MEMLIMIT_BASE for the
 * process itself, its threads, its child and the kernel's buffers of the IPC
 * object, the main thread's stack that resources.c faults in before the
 * first run (IPC_STACK_PREFAULT, and up to a page that settles it: newer
 * than MEMLIMIT_BASE's measurement, so counted on its own), and a margin of
 * 1/MEMLIMIT_MARGIN of it all.  Returns the total, UINT64_MAX if it does not
 * fit in 64 bits.
 */
uint64_t
memlimit_needed(const struct ipc_config *cfg, struct ipc_memneed *mn)
{
	uint64_t page, sum;
	size_t map;
	unsigned int regions;
	long ps;

	memset(mn, 0, sizeof(*mn));
	ps = sysconf(_SC_PAGESIZE);
	page = ps > 0 ? (uint64_t)ps : 4096;
	mn->mn_buffer = sat_mul((sat_add(cfg->ic_buffersize, page - 1)) /
	    page, page);
	/* -l: one region each way, the echo side's buffer. */
	regions = (cfg->ic_type == IPC_TYPE_SHMEM) * (cfg->ic_latency ? 2 : 1);
	mn->mn_nbuffers = 2 + regions + cfg->ic_verify + cfg->ic_latency;
	if (cfg->ic_type == IPC_TYPE_SHMEM) {
		map = shmem_mapsize(cfg->ic_buffersize);
		mn->mn_shmem = map == 0 || map < mn->mn_buffer ? UINT64_MAX :
		    sat_mul(map - mn->mn_buffer, regions);
	}
	/* -l: a stamp per round trip and one, in whole pages. */
	if (cfg->ic_latency)
		mn->mn_stamps = sat_mul(sat_add(sat_mul(sat_add(
		    cfg->ic_totalsize / cfg->ic_buffersize, 1), 8), page - 1) /
		    page, page);
	mn->mn_sample = sizeof(struct ipc_sample) + MEMLIMIT_SAMPLE_STATS *
	    sizeof(double) + (cfg->ic_latency ? IPC_LAT_BUCKETS *
	    sizeof(uint64_t) : 0);
	mn->mn_samples = sat_mul(mn->mn_sample, cfg->ic_iterations);
	sum = sat_add(sat_add(sat_add(sat_mul(mn->mn_buffer,
	    mn->mn_nbuffers), mn->mn_shmem), mn->mn_stamps), mn->mn_samples);
	mn->mn_pagetables = sat_mul(sat_add(sum / 512, page),
	    cfg->ic_mode == IPC_MODE_2PROC ? 2 : 1);
	mn->mn_base = MEMLIMIT_BASE;
	mn->mn_stack = IPC_STACK_PREFAULT + page;
	sum = sat_add(sat_add(sat_add(sum, mn->mn_pagetables), mn->mn_base),
	    mn->mn_stack);
	mn->mn_margin = sum / MEMLIMIT_MARGIN;
	mn->mn_total = sat_add(sum, mn->mn_margin);
	if (mn->mn_total == UINT64_MAX)
		mn->mn_margin = UINT64_MAX;
	return (mn->mn_total);
}

/*
 * Parse a cgroup limit file's text: a decimal number, or "max" (no
 * limit: UINT64_MAX), then at most blanks.  Returns 0, or -1.
 */
int
memlimit_parse_value(const char *text, uint64_t *v)
{
	unsigned long long n;
	const char *rest;
	char *end;

	if (strncmp(text, "max", 3) == 0) {
		n = ULLONG_MAX;
		rest = text + 3;
	} else {
		if (text[0] < '0' || text[0] > '9')
			return (-1);
		errno = 0;
		n = strtoull(text, &end, 10);
		if (errno != 0)
			return (-1);
		rest = end;
	}
	rest += strspn(rest, " \t\n");
	if (*rest != '\0')
		return (-1);
	*v = n >= UINT64_MAX ? UINT64_MAX : (uint64_t)n;
	return (0);
}

/*
 * Find the line of text that starts with key followed by ':' or a blank
 * ("MemAvailable:   123 kB" in /proc/meminfo, "inactive_file 123" in
 * memory.stat) and parse its number; a " kB" suffix multiplies by 1024.
 * Returns 0, or -1 if the key is absent or its value malformed.
 */
int
memlimit_parse_field(const char *text, const char *key, uint64_t *v)
{
	unsigned long long n;
	const char *p;
	char *end;
	size_t klen;

	klen = strlen(key);
	for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p != NULL ? p + 1 : NULL) {
		if (strncmp(p, key, klen) != 0 ||
		    (p[klen] != ':' && p[klen] != ' ' && p[klen] != '\t'))
			continue;
		p += klen + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			return (-1);
		errno = 0;
		n = strtoull(p, &end, 10);
		if (errno != 0)
			return (-1);
		if (strncmp(end, " kB", 3) == 0) {
			if (n > UINT64_MAX / 1024)
				return (-1);
			n *= 1024;
		}
		*v = (uint64_t)n;
		return (0);
	}
	return (-1);
}

/*
 * From the text of /proc/self/cgroup ("ID:controllers:path" lines), copy
 * the path of the cgroup v1 hierarchy whose controller list includes
 * controller, or with controller "", the cgroup v2 path ("0::path").
 * Returns 0, or -1 if there is no such line or path does not fit.
 */
int
memlimit_cgroup_path(const char *text, const char *controller, char *path,
    size_t len)
{
	const char *line, *list, *colon, *nl, *c, *e;
	size_t clen, n;
	bool found;

	clen = strlen(controller);
	for (line = text; line != NULL && *line != '\0';
	    line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if ((list = strchr(line, ':')) == NULL ||
		    (nl != NULL && list > nl))
			continue;
		list++;
		if ((colon = strchr(list, ':')) == NULL ||
		    (nl != NULL && colon > nl))
			continue;
		if (clen == 0)
			found = colon == list && strncmp(line, "0:", 2) == 0;
		else {
			found = false;
			for (c = list; c < colon; c = e + 1) {
				for (e = c; e < colon && *e != ','; e++)
					;
				if ((size_t)(e - c) == clen &&
				    strncmp(c, controller, clen) == 0)
					found = true;
			}
		}
		if (!found)
			continue;
		colon++;
		n = nl != NULL ? (size_t)(nl - colon) : strlen(colon);
		if (n == 0 || n >= len || colon[0] != '/')
			return (-1);
		memcpy(path, colon, n);
		path[n] = '\0';
		return (0);
	}
	return (-1);
}

#if defined(__linux__) || defined(__FreeBSD__)
/*
 * Keep the smaller of what we had and avail, with where it came from
 * (only where the OS's readers below offer any).
 */
static void
memlimit_offer(struct ipc_memlimit *ml, uint64_t avail, const char *what)
{

	if (avail >= ml->ml_avail)
		return;
	ml->ml_avail = avail;
	(void)snprintf(ml->ml_what, sizeof(ml->ml_what), "%s", what);
}
#endif

#if defined(__linux__)
/*
 * Read root/path into buf as a string; 0, or -1.
 */
static int
memlimit_read(const char *root, const char *path, char *buf, size_t len)
{
	char name[PATH_MAX];
	ssize_t n;
	size_t got;
	int fd;

	if (snprintf(name, sizeof(name), "%s%s", root, path) >=
	    (int)sizeof(name))
		return (-1);
	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	got = 0;
	while (got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	(void)close(fd);
	buf[got] = '\0';
	return (got > 0 ? 0 : -1);
}

/*
 * One cgroup directory: what its limit leaves for us (version 1 or 2).
 */
static void
memlimit_cgroup_level(const char *dir, int version, struct ipc_memlimit *ml)
{
	char text[MEMLIMIT_TEXT], what[sizeof(ml->ml_what)];
	uint64_t limit, usage, active, inactive, file, used, avail;

	if (memlimit_read(dir, version == 1 ? "/memory.limit_in_bytes" :
	    "/memory.max", text, sizeof(text)) != 0 ||
	    memlimit_parse_value(text, &limit) != 0 ||
	    memlimit_read(dir, version == 1 ? "/memory.usage_in_bytes" :
	    "/memory.current", text, sizeof(text)) != 0 ||
	    memlimit_parse_value(text, &usage) != 0)
		return;
	file = 0;
	if (memlimit_read(dir, "/memory.stat", text, sizeof(text)) == 0 &&
	    memlimit_parse_field(text, version == 1 ? "total_active_file" :
	    "active_file", &active) == 0 &&
	    memlimit_parse_field(text, version == 1 ? "total_inactive_file" :
	    "inactive_file", &inactive) == 0)
		file = active + inactive;
	used = usage > file ? usage - file : 0;
	avail = limit > used ? limit - used : 0;
	if (avail >= ml->ml_avail)
		return;
	(void)snprintf(what, sizeof(what), "memory cgroup v%d %s: limit %"
	    PRIu64 ", in use %" PRIu64 " of which %" PRIu64 " page cache",
	    version, dir, limit, usage, file);
	memlimit_offer(ml, avail, what);
}

/*
 * Every cgroup from root/mount/cg up to root/mount, the hierarchy's root.
 * Levels that do not exist here (a container's view) are skipped.
 */
static void
memlimit_cgroup_walk(const char *root, const char *mount, const char *cg,
    int version, struct ipc_memlimit *ml)
{
	char dir[PATH_MAX];
	size_t base;
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s%s", root, mount) >=
	    (int)sizeof(dir))
		return;
	base = strlen(dir);
	if (snprintf(dir + base, sizeof(dir) - base, "%s", cg) >=
	    (int)(sizeof(dir) - base))
		return;
	for (;;) {
		memlimit_cgroup_level(dir, version, ml);
		if (strlen(dir) <= base)
			break;
		slash = strrchr(dir + base, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
	}
}
#endif /* __linux__ */

/*
 * What a run may touch on this machine, read under root ("" for the real
 * one; unit tests pass a directory of canned files).  ml_avail is
 * UINT64_MAX when nothing could be read.
 */
void
memlimit_probe(const char *root, struct ipc_memlimit *ml)
{
#if defined(__linux__)
	char text[MEMLIMIT_TEXT], cg[PATH_MAX], name[PATH_MAX];
	uint64_t v;
#endif

	ml->ml_avail = UINT64_MAX;
	ml->ml_what[0] = '\0';
#if defined(__linux__)
	if (memlimit_read(root, "/proc/meminfo", text, sizeof(text)) == 0 &&
	    memlimit_parse_field(text, "MemAvailable", &v) == 0)
		memlimit_offer(ml, v, "MemAvailable in /proc/meminfo");
	if (memlimit_read(root, "/proc/self/cgroup", text, sizeof(text)) != 0)
		return;
	if (memlimit_cgroup_path(text, "memory", cg, sizeof(cg)) == 0)
		memlimit_cgroup_walk(root, "/sys/fs/cgroup/memory", cg, 1, ml);
	if (memlimit_cgroup_path(text, "", cg, sizeof(cg)) == 0) {
		/* Hybrid hosts mount v2 at .../unified; v2-only at the top. */
		(void)snprintf(name, sizeof(name),
		    "%s/sys/fs/cgroup/unified/cgroup.controllers", root);
		if (access(name, F_OK) == 0)
			memlimit_cgroup_walk(root, "/sys/fs/cgroup/unified", cg,
			    2, ml);
		else
			memlimit_cgroup_walk(root, "/sys/fs/cgroup", cg, 2, ml);
	}
#elif defined(__FreeBSD__)
	u_int nfree, ninactive;
	size_t len;
	int psize;

	(void)root;
	len = sizeof(nfree);
	if (sysctlbyname("vm.stats.vm.v_free_count", &nfree, &len, NULL,
	    0) == -1)
		return;
	len = sizeof(ninactive);
	if (sysctlbyname("vm.stats.vm.v_inactive_count", &ninactive, &len,
	    NULL, 0) == -1)
		return;
	len = sizeof(psize);
	if (sysctlbyname("hw.pagesize", &psize, &len, NULL, 0) == -1 ||
	    psize <= 0)
		return;
	memlimit_offer(ml, ((uint64_t)nfree + ninactive) * (uint64_t)psize,
	    "free and inactive pages (vm.stats.vm)");
#else
	(void)root;
#endif
}

/*
 * Exit with EX_OSERR, before any buffer is mapped, if a run would need
 * more memory than the machine (or our cgroup) can give; the message
 * names every part that was counted.
 */
void
memlimit_check(const struct ipc_config *cfg)
{
	struct ipc_memneed mn;
	struct ipc_memlimit ml;
	char shm[96], bufs[64];

	(void)memlimit_needed(cfg, &mn);
	memlimit_probe("", &ml);
	if (mn.mn_total <= ml.ml_avail)
		return;
	(void)snprintf(bufs, sizeof(bufs), "read, write%s%s%s",
	    cfg->ic_latency ? ", echo" : "", cfg->ic_type != IPC_TYPE_SHMEM ?
	    "" : cfg->ic_latency ? ", shared x 2" : ", shared",
	    cfg->ic_verify ? ", -V table" : "");
	shm[0] = '\0';
	if (mn.mn_shmem != 0)
		(void)snprintf(shm, sizeof(shm), "; shared control: %" PRIu64,
		    mn.mn_shmem);
	if (mn.mn_stamps != 0)
		(void)snprintf(shm + strlen(shm), sizeof(shm) - strlen(shm),
		    "; round-trip stamps: %" PRIu64, mn.mn_stamps);
	errx(EX_OSERR, "FAIL: memory: a run needs %" PRIu64 " bytes (%u "
	    "buffers of %" PRIu64 ": %s%s; %u sample%s of %" PRIu64 "; page "
	    "tables: %" PRIu64 "; the process: %" PRIu64 "; its stack "
	    "pre-fault: %" PRIu64 "; margin: %" PRIu64 "), more than the %"
	    PRIu64 " available (%s)", mn.mn_total, mn.mn_nbuffers,
	    mn.mn_buffer, bufs, shm, cfg->ic_iterations,
	    cfg->ic_iterations == 1 ? "" : "s", mn.mn_sample,
	    mn.mn_pagetables, mn.mn_base, mn.mn_stack, mn.mn_margin,
	    ml.ml_avail, ml.ml_what);
}
