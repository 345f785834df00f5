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
 * Unit tests of pmc.c: the counter-set tables of every platform (names,
 * order, events), the ratio helper, the NULL no-ops, and on Linux the
 * software set for real, counting a thread and a forked child that did
 * the work between begin and end, as the sender does in 2thread/2proc.
 */

#include <sys/types.h>
#include <sys/mman.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif
#include <sys/wait.h>
#if defined(__linux__)
#include <linux/perf_event.h>
#endif

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "unit.h"

#define	PAGE		4096

/* What a thread or child does between counters_begin() and the end. */
struct fault_job {
	struct ipc_counters *fj_ctrs;
	size_t		 fj_pages;
	int		 fj_begin;	/* counters_begin() result */
};

static void	join_field(char *buf, size_t len, const struct ipc_counter *c,
		    size_t n, bool events);
static void	check_set(const char *plat, enum ipc_pmcset set,
		    const char *name, const char *want_names);
static void	test_tables(void);
static void	events_of(enum ipc_pmcset set, const char *plat, size_t from,
		    char *buf, size_t len);
static void	test_events(void);
static void	test_ratio(void);
static void	test_null(void);
#if defined(__linux__)
static size_t	touch_pages(size_t pages);
static bool	sw_permitted(void);
static void	*fault_thread(void *arg);
static uint64_t	sample_value(const struct ipc_counters_sample *cs,
		    const char *name);
static void	test_sw_live(void);
#endif

/*
 * Join the names (or events) of n counters with commas, for one
 * string comparison with a readable diff.
 */
static void
join_field(char *buf, size_t len, const struct ipc_counter *c, size_t n,
    bool events)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, events ? c[i].ctr_event : c[i].ctr_name,
		    len - strlen(buf) - 1);
	}
}

/*
 * The names a set reports on a platform, in order, must be want_names.
 */
static void
check_set(const char *plat, enum ipc_pmcset set, const char *name,
    const char *want_names)
{
	struct ipc_counter c[IPC_COUNTERS_MAX];
	char label[80], got[512];
	size_t n;

	n = counters_plan(set, plat, c, IPC_COUNTERS_MAX);
	join_field(got, sizeof(got), c, n, false);
	snprintf(label, sizeof(label), "pmc table %s %s", plat, name);
	UNIT_CHECK_STR(label, got, want_names);
}

/*
 * Every set on every platform: trailer first, then L41's counters, with
 * L41's "(none)" slots absent; generic Linux adds only L2_REFILL.
 */
static void
test_tables(void)
{
	static const char *const plats[] = { "hwpmc", "linux-a8", "linux" };
	struct ipc_counter c[IPC_COUNTERS_MAX];
	size_t i, n;
	bool generic;

	for (i = 0; i < sizeof(plats) / sizeof(plats[0]); i++) {
		generic = strcmp(plats[i], "linux") == 0;
		check_set(plats[i], IPC_PMC_L1D, "l1d",
		    "INSTR_EXECUTED,CLOCK_CYCLES,"
		    "L1_DCACHE_ACCESS,L1_DCACHE_REFILL");
		check_set(plats[i], IPC_PMC_L1I, "l1i",
		    "INSTR_EXECUTED,CLOCK_CYCLES,L1_ICACHE_REFILL");
		check_set(plats[i], IPC_PMC_L2, "l2", generic ?
		    "INSTR_EXECUTED,CLOCK_CYCLES,L2_ACCESS,L2_REFILL" :
		    "INSTR_EXECUTED,CLOCK_CYCLES,L2_ACCESS");
		check_set(plats[i], IPC_PMC_MEM, "mem",
		    "INSTR_EXECUTED,CLOCK_CYCLES,MEM_READ,MEM_WRITE");
		check_set(plats[i], IPC_PMC_TLB, "tlb",
		    "INSTR_EXECUTED,CLOCK_CYCLES,ITLB_REFILL,DTLB_REFILL");
		check_set(plats[i], IPC_PMC_AXI, "axi",
		    "INSTR_EXECUTED,CLOCK_CYCLES,AXI_READ,AXI_WRITE");
		check_set(plats[i], IPC_PMC_SW, "sw",
		    strcmp(plats[i], "hwpmc") == 0 ? "PAGE_FAULTS" :
		    "PAGE_FAULTS,CONTEXT_SWITCHES,CPU_MIGRATIONS,TASK_CLOCK");
		check_set(plats[i], IPC_PMC_NONE, "none", "");
	}
	n = counters_plan(IPC_PMC_L1D, "nosuch", c, IPC_COUNTERS_MAX);
	UNIT_CHECK("pmc table unknown platform is empty", n == 0);
	n = counters_plan(IPC_PMC_L1D, "linux", c, 3);
	UNIT_CHECK("pmc table honours max", n == 3);
}

/*
 * The events of a set on a platform from counter `from' on, joined with
 * commas, into buf.
 */
static void
events_of(enum ipc_pmcset set, const char *plat, size_t from, char *buf,
    size_t len)
{
	struct ipc_counter c[IPC_COUNTERS_MAX];
	size_t n;

	n = counters_plan(set, plat, c, IPC_COUNTERS_MAX);
	if (n < from)
		n = from;
	join_field(buf, len, c + from, n - from, true);
}

/*
 * The events behind the names: L41's raw Cortex-A8 numbers, the libpmc
 * names L41 passed to pmc_allocate(), and the generic perf events.  The
 * descriptions are built from the tokens that select the events, so
 * these also pin the event numbers.
 */
static void
test_events(void)
{
	char got[1024];

	events_of(IPC_PMC_L1D, "linux-a8", 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l1d", got,
	    "raw 0x08,cycles (PERF_COUNT_HW_CPU_CYCLES),raw 0x04,raw 0x03");
	events_of(IPC_PMC_L1I, "linux-a8", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l1i", got, "raw 0x01");
	events_of(IPC_PMC_L2, "linux-a8", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 l2", got, "raw 0x43");
	events_of(IPC_PMC_MEM, "linux-a8", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 mem", got, "raw 0x06,raw 0x07");
	events_of(IPC_PMC_TLB, "linux-a8", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 tlb", got, "raw 0x02,raw 0x05");
	events_of(IPC_PMC_AXI, "linux-a8", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux-a8 axi", got, "raw 0x45,raw 0x46");

	events_of(IPC_PMC_AXI, "hwpmc", 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc axi", got,
	    "INSTR_EXECUTED (hwpmc),CLOCK_CYCLES (hwpmc),"
	    "AXI_READ (hwpmc),AXI_WRITE (hwpmc)");
	events_of(IPC_PMC_SW, "hwpmc", 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events hwpmc sw", got,
	    "PAGE_FAULT.ALL (hwpmc soft)");

	events_of(IPC_PMC_L1D, "linux", 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l1d", got,
	    "instructions (PERF_COUNT_HW_INSTRUCTIONS),"
	    "cycles (PERF_COUNT_HW_CPU_CYCLES),"
	    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
	    "L1-dcache-load-misses (PERF_TYPE_HW_CACHE L1D READ MISS)");
	events_of(IPC_PMC_L1I, "linux", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l1i", got,
	    "L1-icache-load-misses (PERF_TYPE_HW_CACHE L1I READ MISS)");
	events_of(IPC_PMC_L2, "linux", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux l2", got,
	    "LLC-loads (PERF_TYPE_HW_CACHE LL READ ACCESS),"
	    "LLC-load-misses (PERF_TYPE_HW_CACHE LL READ MISS)");
	events_of(IPC_PMC_MEM, "linux", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux mem", got,
	    "L1-dcache-loads (PERF_TYPE_HW_CACHE L1D READ ACCESS),"
	    "L1-dcache-stores (PERF_TYPE_HW_CACHE L1D WRITE ACCESS)");
	events_of(IPC_PMC_TLB, "linux", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux tlb", got,
	    "iTLB-load-misses (PERF_TYPE_HW_CACHE ITLB READ MISS),"
	    "dTLB-load-misses (PERF_TYPE_HW_CACHE DTLB READ MISS)");
	events_of(IPC_PMC_AXI, "linux", 2, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux axi", got,
	    "LLC-load-misses (PERF_TYPE_HW_CACHE LL READ MISS),"
	    "LLC-store-misses (PERF_TYPE_HW_CACHE LL WRITE MISS)");
	events_of(IPC_PMC_SW, "linux", 0, got, sizeof(got));
	UNIT_CHECK_STR("pmc events linux sw", got,
	    "page-faults (PERF_COUNT_SW_PAGE_FAULTS),"
	    "context-switches (PERF_COUNT_SW_CONTEXT_SWITCHES),"
	    "cpu-migrations (PERF_COUNT_SW_CPU_MIGRATIONS),"
	    "task-clock in ns (PERF_COUNT_SW_TASK_CLOCK)");
}

/*
 * counters_ratio(): a plain quotient, and 0 for a zero denominator.
 */
static void
test_ratio(void)
{

	UNIT_CHECK_NEAR("pmc ratio 3/4", counters_ratio(3, 4), 0.75, 0.0);
	UNIT_CHECK_NEAR("pmc ratio 10/4", counters_ratio(10, 4), 2.5, 0.0);
	UNIT_CHECK_NEAR("pmc ratio 0/7", counters_ratio(0, 7), 0.0, 0.0);
	UNIT_CHECK_NEAR("pmc ratio 5/0 is 0", counters_ratio(5, 0), 0.0, 0.0);
	UNIT_CHECK_NEAR("pmc ratio 0/0 is 0", counters_ratio(0, 0), 0.0, 0.0);
	UNIT_CHECK_NEAR("pmc ratio max/1", counters_ratio(UINT64_MAX, 1),
	    18446744073709551615.0, 1.0);
}

/*
 * No -P: counters_open() gives NULL and everything accepts NULL.
 */
static void
test_null(void)
{
	struct ipc_config cfg;
	struct ipc_counters_sample cs;
	struct ipc_counters *ctrs;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = IPC_PMC_NONE;
	ctrs = counters_open(&cfg);
	UNIT_CHECK("pmc open none is NULL", ctrs == NULL);
	UNIT_CHECK("pmc begin NULL", counters_begin(NULL) == 0);
	UNIT_CHECK("pmc end NULL", counters_end(NULL) == 0);
	memset(&cs, 0xa5, sizeof(cs));
	counters_read(NULL, &cs);
	UNIT_CHECK("pmc read NULL is empty",
	    cs.cs_count == 0 && cs.cs_set == IPC_PMC_NONE);
	counters_close(NULL);
	UNIT_CHECK("pmc close NULL", true);
#if defined(__linux__) || defined(__FreeBSD__)
	UNIT_CHECK("pmc compiled", counters_compiled());
#else
	UNIT_CHECK("pmc not compiled", !counters_compiled());
#endif
}

#if defined(__linux__)
/*
 * Write to each page of a fresh mapping, one fault per page (no huge
 * pages).  Returns the pages touched, 0 if the mapping failed.
 */
static size_t
touch_pages(size_t pages)
{
	volatile char *p;
	size_t i;

	p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return (0);
#if defined(MADV_NOHUGEPAGE)
	(void)madvise((void *)p, pages * PAGE, MADV_NOHUGEPAGE);
#endif
	for (i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	(void)munmap((void *)p, pages * PAGE);
	return (pages);
}

/*
 * Whether the kernel lets us count kernel work: false for EACCES or
 * EPERM (perf_event_paranoid >= 2 without root or CAP_PERFMON) and for
 * ENOSYS (no perf events: such kernels, qemu-user), in which cases
 * counters_open() would rightly exit.
 */
static bool
sw_permitted(void)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_PAGE_FAULTS;
	attr.disabled = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd >= 0) {
		close(fd);
		return (true);
	}
	return (errno != EACCES && errno != EPERM && errno != ENOSYS);
}

/*
 * A sender stand-in: start the counters, then fault pages.
 */
static void *
fault_thread(void *arg)
{
	struct fault_job *fj;

	fj = arg;
	fj->fj_begin = counters_begin(fj->fj_ctrs);
	(void)touch_pages(fj->fj_pages);
	return (NULL);
}

/*
 * The value of the named counter in cs, or UINT64_MAX if absent.
 */
static uint64_t
sample_value(const struct ipc_counters_sample *cs, const char *name)
{
	size_t i;

	for (i = 0; i < cs->cs_count; i++)
		if (strcmp(cs->cs_ctr[i].ctr_name, name) == 0)
			return (cs->cs_ctr[i].ctr_value);
	return (UINT64_MAX);
}

/*
 * The software set for real: faults made by a thread (2thread) or a
 * forked child (2proc) between begin and end are counted, faults before
 * begin are not, and a second run reports only its own faults.
 */
static void
test_sw_live(void)
{
	struct ipc_config cfg;
	struct ipc_counters_sample cs;
	struct ipc_counters *ctrs;
	struct fault_job fj;
	pthread_t td;
	uint64_t pf;
	pid_t pid;
	int status;

	if (!sw_permitted()) {
		printf("# pmc sw live tests not run: perf_event_open refused "
		    "(perf_event_paranoid; not root)\n");
		return;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_pmcset = IPC_PMC_SW;
	ctrs = counters_open(&cfg);
	UNIT_CHECK("pmc sw open", ctrs != NULL);
	if (ctrs == NULL)
		return;

	/* Faults before begin must not count. */
	(void)touch_pages(2048);

	fj.fj_ctrs = ctrs;
	fj.fj_pages = 4096;
	fj.fj_begin = -1;
	if (pthread_create(&td, NULL, fault_thread, &fj) != 0 ||
	    pthread_join(td, NULL) != 0) {
		UNIT_CHECK("pmc sw thread", false);
		counters_close(ctrs);
		return;
	}
	UNIT_CHECK("pmc sw begin in thread", fj.fj_begin == 0);
	UNIT_CHECK("pmc sw end", counters_end(ctrs) == 0);
	counters_read(ctrs, &cs);
	UNIT_CHECK("pmc sw sample set", cs.cs_set == IPC_PMC_SW &&
	    cs.cs_count == 4);
	UNIT_CHECK_STR("pmc sw first name", cs.cs_ctr[0].ctr_name,
	    "PAGE_FAULTS");
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw thread run: PAGE_FAULTS %ju (4096 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw counts the thread's faults", pf >= 4096);
	UNIT_CHECK("pmc sw skips faults before begin", pf < 4096 + 1024);
	UNIT_CHECK("pmc sw task clock", sample_value(&cs, "TASK_CLOCK") > 0);
	UNIT_CHECK("pmc sw not scaled", !cs.cs_ctr[0].ctr_scaled &&
	    !cs.cs_ctr[3].ctr_scaled);

	/* A second run on the same counters reports only its own work. */
	fj.fj_pages = 1024;
	fj.fj_begin = -1;
	if (pthread_create(&td, NULL, fault_thread, &fj) != 0 ||
	    pthread_join(td, NULL) != 0) {
		UNIT_CHECK("pmc sw thread", false);
		counters_close(ctrs);
		return;
	}
	(void)counters_end(ctrs);
	counters_read(ctrs, &cs);
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw second run: PAGE_FAULTS %ju (1024 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw second run counts its faults", pf >= 1024);
	UNIT_CHECK("pmc sw second run excludes the first", pf < 2048);

	/* 2proc: the child begins through inherited fds and exits. */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (counters_begin(ctrs) != 0)
			_exit(1);
		(void)touch_pages(2048);
		_exit(0);
	}
	UNIT_CHECK("pmc sw fork", pid > 0);
	if (pid < 0) {
		counters_close(ctrs);
		return;
	}
	UNIT_CHECK("pmc sw child begin", waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0);
	(void)counters_end(ctrs);
	counters_read(ctrs, &cs);
	pf = sample_value(&cs, "PAGE_FAULTS");
	printf("# pmc sw child run: PAGE_FAULTS %ju (2048 pages touched)\n",
	    (uintmax_t)pf);
	UNIT_CHECK("pmc sw counts the child's faults", pf >= 2048);
	counters_close(ctrs);
}
#endif /* __linux__ */

/*
 * Entry point called by tests/unit.c.
 */
void
unit_pmc_tests(void)
{

	test_tables();
	test_events();
	test_ratio();
	test_null();
#if defined(__linux__)
	test_sw_live();
#endif
}
