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
 * (-f), so parent and child together touch the same two buffers.  The
 * figure is per run: only one run's buffers are ever mapped at a time.
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

/* Big enough for /proc/meminfo and a cgroup v1 memory.stat. */
#define	MEMLIMIT_TEXT		8192

static void	memlimit_offer(struct ipc_memlimit *ml, uint64_t avail,
		    const char *what);
#if defined(__linux__)
static int	memlimit_read(const char *root, const char *path, char *buf,
		    size_t len);
static void	memlimit_cgroup_level(const char *dir, int version,
		    struct ipc_memlimit *ml);
static void	memlimit_cgroup_walk(const char *root, const char *mount,
		    const char *cg, int version, struct ipc_memlimit *ml);
#endif

/*
 * Bytes one run touches: the two buffers, plus shmem's shared buffer and
 * -V's table, each rounded up to whole pages (UINT64_MAX if that does not
 * fit in 64 bits).
 */
uint64_t
memlimit_needed(const struct ipc_config *cfg)
{
	uint64_t page, len, n;
	long ps;

	ps = sysconf(_SC_PAGESIZE);
	page = ps > 0 ? (uint64_t)ps : 4096;
	n = 2 + (cfg->ic_type == IPC_TYPE_SHMEM) + cfg->ic_verify;
	len = ((uint64_t)cfg->ic_buffersize + page - 1) / page * page;
	if (len < cfg->ic_buffersize || len > UINT64_MAX / n)
		return (UINT64_MAX);
	return (n * len);
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

/*
 * Keep the smaller of what we had and avail, with where it came from.
 */
static void
memlimit_offer(struct ipc_memlimit *ml, uint64_t avail, const char *what)
{

	if (avail >= ml->ml_avail)
		return;
	ml->ml_avail = avail;
	(void)snprintf(ml->ml_what, sizeof(ml->ml_what), "%s", what);
}

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
 * Exit with EX_OSERR, before any buffer is mapped, if a run would touch
 * more memory than the machine (or our cgroup) can give.
 */
void
memlimit_check(const struct ipc_config *cfg)
{
	struct ipc_memlimit ml;
	uint64_t need;

	need = memlimit_needed(cfg);
	memlimit_probe("", &ml);
	if (need > ml.ml_avail)
		errx(EX_OSERR, "FAIL: memory: a run touches %" PRIu64 " bytes "
		    "(two buffers of %zu), more than the %" PRIu64 " available "
		    "(%s)", need, cfg->ic_buffersize, ml.ml_avail,
		    ml.ml_what);
}
