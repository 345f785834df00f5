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
 * Unit tests for memlimit.c: the limit-file parsers on canned text, and
 * the whole probe over directory trees that stand in for /proc and
 * /sys/fs/cgroup (cgroup v1, v2 under the hybrid "unified" mount, v2-only,
 * nothing at all), so each layout is checked on any machine.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "memlimit.h"
#include "resources.h"
#include "unit.h"

#define	MIB		(1024ULL * 1024)

static void	test_parse_value(void);
static void	test_parse_field(void);
static void	test_cgroup_path(void);
static void	test_needed(void);
static void	test_needed_latency(void);
#if defined(__linux__)
/* The probe over canned trees reads Linux's /proc and cgroup layouts. */
static void	test_probe_trees(void);
static int	put_file(const char *root, const char *path,
		    const char *text);
static int	remove_entry(const char *path, const struct stat *st,
		    int flag, struct FTW *ftw);
static void	remove_tree(const char *dir);
#endif

/*
 * Limit files: a number or "max", then at most blanks.
 */
static void
test_parse_value(void)
{
	uint64_t v;

	v = 0;
	UNIT_CHECK("memlimit value number", memlimit_parse_value("536870912\n",
	    &v) == 0 && v == 536870912);
	UNIT_CHECK("memlimit value v1 unlimited", memlimit_parse_value(
	    "9223372036854771712\n", &v) == 0 && v == 9223372036854771712ULL);
	UNIT_CHECK("memlimit value max", memlimit_parse_value("max\n", &v) ==
	    0 && v == UINT64_MAX);
	UNIT_CHECK("memlimit value empty", memlimit_parse_value("", &v) == -1);
	UNIT_CHECK("memlimit value junk", memlimit_parse_value("12abc\n",
	    &v) == -1);
	UNIT_CHECK("memlimit value sign", memlimit_parse_value("-1\n", &v) ==
	    -1);
	UNIT_CHECK("memlimit value overflow", memlimit_parse_value(
	    "99999999999999999999999\n", &v) == -1);
}

/*
 * "Key: N kB" (/proc/meminfo) and "key N" (memory.stat) lines; a key
 * never matches a longer one that contains it.
 */
static void
test_parse_field(void)
{
	static const char meminfo[] =
	    "MemTotal:       24576000 kB\n"
	    "MemFree:        20000000 kB\n"
	    "MemAvailable:   23000000 kB\n"
	    "SwapFree:              0 kB\n";
	static const char stat[] =
	    "cache 100\n"
	    "inactive_file 7\n"
	    "active_file 9\n"
	    "total_inactive_file 4096\n"
	    "total_active_file 8192\n";
	uint64_t v;

	v = 0;
	UNIT_CHECK("memlimit field meminfo kB", memlimit_parse_field(meminfo,
	    "MemAvailable", &v) == 0 && v == 23000000ULL * 1024);
	UNIT_CHECK("memlimit field first line", memlimit_parse_field(meminfo,
	    "MemTotal", &v) == 0 && v == 24576000ULL * 1024);
	UNIT_CHECK("memlimit field absent", memlimit_parse_field(meminfo,
	    "MemAvail", &v) == -1);
	UNIT_CHECK("memlimit field stat", memlimit_parse_field(stat,
	    "inactive_file", &v) == 0 && v == 7);
	UNIT_CHECK("memlimit field stat total", memlimit_parse_field(stat,
	    "total_active_file", &v) == 0 && v == 8192);
	UNIT_CHECK("memlimit field last line no newline", memlimit_parse_field(
	    "a 1\nb 2", "b", &v) == 0 && v == 2);
	UNIT_CHECK("memlimit field malformed", memlimit_parse_field("a x\n",
	    "a", &v) == -1);
}

/*
 * /proc/self/cgroup: the v1 line whose controller list names memory, or
 * the v2 "0::" line.
 */
static void
test_cgroup_path(void)
{
	static const char hybrid[] =
	    "9:name=systemd:/\n"
	    "8:pids:/\n"
	    "4:memory:/process_api/abc\n"
	    "3:cpu,cpuacct:/x\n"
	    "0::/\n";
	static const char joint[] = "5:cpu,memory,blkio:/joint/one\n";
	static const char v2only[] = "0::/user.slice/session-1.scope\n";
	char path[PATH_MAX];

	UNIT_CHECK("memlimit cgroup v1 memory", memlimit_cgroup_path(hybrid,
	    "memory", path, sizeof(path)) == 0 &&
	    strcmp(path, "/process_api/abc") == 0);
	UNIT_CHECK("memlimit cgroup v2 in hybrid", memlimit_cgroup_path(hybrid,
	    "", path, sizeof(path)) == 0 && strcmp(path, "/") == 0);
	UNIT_CHECK("memlimit cgroup joint controllers", memlimit_cgroup_path(
	    joint, "memory", path, sizeof(path)) == 0 &&
	    strcmp(path, "/joint/one") == 0);
	UNIT_CHECK("memlimit cgroup no v1 memory", memlimit_cgroup_path(
	    v2only, "memory", path, sizeof(path)) == -1);
	UNIT_CHECK("memlimit cgroup v2 only", memlimit_cgroup_path(v2only, "",
	    path, sizeof(path)) == 0 &&
	    strcmp(path, "/user.slice/session-1.scope") == 0);
	UNIT_CHECK("memlimit cgroup cpu is not cpuacct", memlimit_cgroup_path(
	    hybrid, "cpuacct", path, sizeof(path)) == 0 &&
	    strcmp(path, "/x") == 0);
	UNIT_CHECK("memlimit cgroup too long", memlimit_cgroup_path(hybrid,
	    "memory", path, 5) == -1);
}

/*
 * Every part of a run's need: the buffers, page-rounded, -f or not; the
 * shared region's control page; the samples of -n; page tables in each
 * process; the base and the margin; saturated when too large.
 */
static void
test_needed(void)
{
	struct ipc_config cfg;
	struct ipc_memneed mn;
	uint64_t page, total, sum;

	page = (uint64_t)sysconf(_SC_PAGESIZE);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_iterations = 1;
	cfg.ic_mode = IPC_MODE_2THREAD;
	cfg.ic_buffersize = (size_t)page;
	total = memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed one page each", mn.mn_buffer == page &&
	    mn.mn_nbuffers == 2 && mn.mn_shmem == 0);
	sum = 2 * page + mn.mn_sample;
	UNIT_CHECK("memlimit needed adds it up", total == mn.mn_total &&
	    mn.mn_pagetables == sum / 512 + page &&
	    mn.mn_margin == (sum + mn.mn_pagetables + mn.mn_base +
	    mn.mn_stack) / 64 && total == sum + mn.mn_pagetables +
	    mn.mn_base + mn.mn_stack + mn.mn_margin);
	UNIT_CHECK("memlimit needed counts the stack pre-fault and its pad",
	    mn.mn_stack == IPC_STACK_PREFAULT + page);
	UNIT_CHECK("memlimit needed counts a sample and its statistics",
	    mn.mn_sample == sizeof(struct ipc_sample) + 4 * sizeof(double) &&
	    mn.mn_samples == mn.mn_sample);
	UNIT_CHECK("memlimit needed has a base of 4 MiB", mn.mn_base ==
	    4 * MIB);
	cfg.ic_buffersize = (size_t)page + 1;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed rounds up", mn.mn_buffer == 2 * page);
	cfg.ic_prefault = true;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed same with -f", mn.mn_buffer == 2 * page &&
	    mn.mn_nbuffers == 2);
	cfg.ic_type = IPC_TYPE_SHMEM;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed shmem buffer and control page",
	    mn.mn_nbuffers == 3 && mn.mn_shmem >= page &&
	    mn.mn_shmem % page == 0);
	cfg.ic_verify = true;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed -V table too", mn.mn_nbuffers == 4);
	cfg.ic_iterations = IPC_MAX_ITERATIONS;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed counts every sample", mn.mn_samples ==
	    (uint64_t)IPC_MAX_ITERATIONS * mn.mn_sample);
	total = mn.mn_pagetables;
	cfg.ic_mode = IPC_MODE_2PROC;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed 2proc maps it twice",
	    mn.mn_pagetables == 2 * total);
	cfg.ic_buffersize = SSIZE_MAX;
	UNIT_CHECK("memlimit needed saturates", SIZE_MAX < UINT64_MAX ||
	    memlimit_needed(&cfg, &mn) == UINT64_MAX);
	test_needed_latency();
}

/*
 * -l: the echo side's buffer, a shared region each way, the stamps of
 * every round trip and one (in whole pages), and a histogram per sample.
 */
static void
test_needed_latency(void)
{
	struct ipc_config cfg;
	struct ipc_memneed mn, plain;
	uint64_t page;

	page = (uint64_t)sysconf(_SC_PAGESIZE);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_iterations = 3;
	cfg.ic_mode = IPC_MODE_2THREAD;
	cfg.ic_buffersize = 4;
	cfg.ic_totalsize = 4 * 10000;
	(void)memlimit_needed(&cfg, &plain);
	cfg.ic_latency = true;
	(void)memlimit_needed(&cfg, &mn);
	UNIT_CHECK("memlimit needed -l echo buffer", mn.mn_nbuffers == 3 &&
	    plain.mn_stamps == 0);
	/* 10001 stamps of 8 bytes: 80008 bytes, in whole pages. */
	UNIT_CHECK("memlimit needed -l stamps", mn.mn_stamps ==
	    (80008 + page - 1) / page * page);
	UNIT_CHECK("memlimit needed -l histograms", mn.mn_sample ==
	    plain.mn_sample + IPC_LAT_BUCKETS * sizeof(uint64_t) &&
	    mn.mn_samples == 3 * mn.mn_sample);
	cfg.ic_type = IPC_TYPE_SHMEM;
	(void)memlimit_needed(&cfg, &mn);
	cfg.ic_latency = false;
	(void)memlimit_needed(&cfg, &plain);
	UNIT_CHECK("memlimit needed -l shmem one region each way",
	    mn.mn_nbuffers == 5 && mn.mn_shmem == 2 * plain.mn_shmem);
}

#if defined(__linux__)
/*
 * Write text to root/path, creating directories on the way; 0 or -1.
 */
static int
put_file(const char *root, const char *path, const char *text)
{
	char name[PATH_MAX];
	char *slash;
	FILE *fp;

	if (snprintf(name, sizeof(name), "%s%s", root, path) >=
	    (int)sizeof(name))
		return (-1);
	for (slash = strchr(name + strlen(root) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(name, 0700) == -1 && errno != EEXIST)
			return (-1);
		*slash = '/';
	}
	if ((fp = fopen(name, "w")) == NULL)
		return (-1);
	(void)fputs(text, fp);
	return (fclose(fp) == 0 ? 0 : -1);
}

/*
 * nftw() callback: remove one entry, children first.
 */
static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{

	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path) == 0 ? 0 : -1);
}

/*
 * rm -r dir.
 */
static void
remove_tree(const char *dir)
{

	(void)nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * The whole probe over canned trees, one per layout.
 */
static void
test_probe_trees(void)
{
	struct ipc_memlimit ml;
	char root[] = "/tmp/unit-memlimit.XXXXXX";
	const char *v1 = "/sys/fs/cgroup/memory/a/b";
	const char *v1p = "/sys/fs/cgroup/memory/a";
	int ok;

	if (mkdtemp(root) == NULL) {
		UNIT_CHECK("memlimit probe tree", false);
		return;
	}

	/* Nothing readable: no limit known. */
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe nothing", ml.ml_avail == UINT64_MAX);

	/* Only /proc/meminfo. */
	ok = put_file(root, "/proc/meminfo",
	    "MemTotal: 4000000 kB\nMemAvailable: 3000000 kB\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe meminfo", ok &&
	    ml.ml_avail == 3000000ULL * 1024 &&
	    strstr(ml.ml_what, "MemAvailable") != NULL);

	/*
	 * cgroup v1: 512 MiB limit, 100 MiB in use of which 30 MiB page
	 * cache, under a parent whose 1 GiB limit leaves more.
	 */
	ok = put_file(root, "/proc/self/cgroup",
	    "4:memory:/a/b\n3:cpu:/\n0::/\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/a/b/memory.limit_in_bytes",
	    "536870912\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/a/b/memory.usage_in_bytes",
	    "104857600\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/a/b/memory.stat",
	    "inactive_file 1\nactive_file 1\n"
	    "total_inactive_file 20971520\ntotal_active_file 10485760\n") ==
	    0 &&
	    put_file(root, "/sys/fs/cgroup/memory/a/memory.limit_in_bytes",
	    "1073741824\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/a/memory.usage_in_bytes",
	    "104857600\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes",
	    "9223372036854771712\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/memory/memory.usage_in_bytes",
	    "2000000000\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v1 leaf", ok &&
	    ml.ml_avail == 512 * MIB - 70 * MIB &&
	    strstr(ml.ml_what, v1) != NULL &&
	    strstr(ml.ml_what, "cgroup v1") != NULL);

	/* A tighter parent wins: 128 MiB less 100 MiB in use. */
	ok = put_file(root, "/sys/fs/cgroup/memory/a/memory.limit_in_bytes",
	    "134217728\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v1 parent", ok &&
	    ml.ml_avail == 28 * MIB && strstr(ml.ml_what, v1p) != NULL &&
	    strstr(ml.ml_what, v1) == NULL);

	/* Over the limit already: nothing left. */
	ok = put_file(root, "/sys/fs/cgroup/memory/a/memory.usage_in_bytes",
	    "200000000\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v1 over", ok && ml.ml_avail == 0);
	remove_tree(root);

	/* cgroup v2 under the hybrid mount: memory.max in the leaf. */
	if (mkdtemp(strcpy(root, "/tmp/unit-memlimit.XXXXXX")) == NULL) {
		UNIT_CHECK("memlimit probe tree", false);
		return;
	}
	ok = put_file(root, "/proc/meminfo", "MemAvailable: 8000000 kB\n") ==
	    0 &&
	    put_file(root, "/proc/self/cgroup",
	    "1:name=systemd:/\n0::/s/t\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/unified/cgroup.controllers",
	    "memory\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/unified/s/t/memory.max",
	    "268435456\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/unified/s/t/memory.current",
	    "16777216\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/unified/s/t/memory.stat",
	    "anon 8388608\nactive_file 4194304\ninactive_file 4194304\n") ==
	    0 &&
	    put_file(root, "/sys/fs/cgroup/unified/s/memory.max", "max\n") ==
	    0 &&
	    put_file(root, "/sys/fs/cgroup/unified/s/memory.current",
	    "16777216\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v2 hybrid", ok &&
	    ml.ml_avail == 256 * MIB - 8 * MIB &&
	    strstr(ml.ml_what, "cgroup v2") != NULL &&
	    strstr(ml.ml_what, "/unified/s/t") != NULL);
	remove_tree(root);

	/* v2-only host: the hierarchy is /sys/fs/cgroup itself. */
	if (mkdtemp(strcpy(root, "/tmp/unit-memlimit.XXXXXX")) == NULL) {
		UNIT_CHECK("memlimit probe tree", false);
		return;
	}
	ok = put_file(root, "/proc/meminfo", "MemAvailable: 8000000 kB\n") ==
	    0 &&
	    put_file(root, "/proc/self/cgroup", "0::/u.slice\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/cgroup.controllers",
	    "cpu memory\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/u.slice/memory.max",
	    "1073741824\n") == 0 &&
	    put_file(root, "/sys/fs/cgroup/u.slice/memory.current",
	    "0\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v2 only", ok && ml.ml_avail == 1024 * MIB &&
	    strstr(ml.ml_what, "/sys/fs/cgroup/u.slice") != NULL);

	/* ...and an unlimited cgroup leaves MemAvailable in charge. */
	ok = put_file(root, "/sys/fs/cgroup/u.slice/memory.max", "max\n") == 0;
	memlimit_probe(root, &ml);
	UNIT_CHECK("memlimit probe v2 unlimited", ok &&
	    ml.ml_avail == 8000000ULL * 1024 &&
	    strstr(ml.ml_what, "MemAvailable") != NULL);
	remove_tree(root);
}
#endif

/*
 * Entry point called by tests/unit.c.
 */
void
unit_memlimit_tests(void)
{

	test_parse_value();
	test_parse_field();
	test_cgroup_path();
	test_needed();
#if defined(__linux__)
	test_probe_trees();
#endif
}
