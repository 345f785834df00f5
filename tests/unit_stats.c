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
 * Unit tests for stats.c and sysinfo.c: summary statistics against
 * vectors worked out by hand (quartiles by linear interpolation at
 * p * (n - 1), sample standard deviation), the KBytes/sec formula and its
 * zero-time guard, and the shape of the host description.
 */

#include <sys/utsname.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "sysinfo.h"
#include "unit.h"

#define	NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define	LARGE_N		100000

static void	test_summary_empty(void);
static void	test_summary_known(void);
static void	test_summary_small(void);
static void	test_summary_unsorted(void);
static void	test_summary_large(void);
static void	test_summary_identical(void);
static void	test_summary_offset(void);
static void	test_rate(void);
static void	test_sysinfo_shape(void);
static void	test_sysinfo_run_conditions(void);
static void	test_sysinfo_repeatable(void);
static void	test_sysinfo_values(void);
static const struct ipc_sysinfo_item *find_item(const struct ipc_sysinfo *si,
		    const char *key);

/*
 * The item called key, or NULL.
 */
static const struct ipc_sysinfo_item *
find_item(const struct ipc_sysinfo *si, const char *key)
{
	size_t i;

	for (i = 0; i < si->si_count; i++)
		if (strcmp(si->si_items[i].hi_key, key) == 0)
			return (&si->si_items[i]);
	return (NULL);
}

/*
 * No values: every field is zero, nothing is read through the pointer.
 */
static void
test_summary_empty(void)
{
	struct ipc_summary sm;

	memset(&sm, 0xff, sizeof(sm));
	stats_summarize(NULL, 0, &sm);
	UNIT_CHECK("stats empty count", sm.sm_count == 0);
	UNIT_CHECK("stats empty fields", sm.sm_min == 0.0 && sm.sm_q1 == 0.0 &&
	    sm.sm_median == 0.0 && sm.sm_q3 == 0.0 && sm.sm_max == 0.0 &&
	    sm.sm_mean == 0.0 && sm.sm_stddev == 0.0);
}

/*
 * {1,2,3,4}: positions 0.75, 1.5, 2.25 give 1.75, 2.5, 3.25; the squared
 * deviations sum to 5, so s = sqrt(5 / 3).  {2,4,4,4,5,5,7,9}: positions
 * 1.75, 3.5, 5.25 give 4, 4.5, 5.5; s = sqrt(32 / 7).
 */
static void
test_summary_known(void)
{
	static const double a[] = { 1, 2, 3, 4 };
	static const double b[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct ipc_summary sm;

	stats_summarize(a, NITEMS(a), &sm);
	UNIT_CHECK("stats 1234 count", sm.sm_count == 4);
	UNIT_CHECK_NEAR("stats 1234 min", sm.sm_min, 1.0, 0.0);
	UNIT_CHECK_NEAR("stats 1234 q1", sm.sm_q1, 1.75, 1e-12);
	UNIT_CHECK_NEAR("stats 1234 median", sm.sm_median, 2.5, 1e-12);
	UNIT_CHECK_NEAR("stats 1234 q3", sm.sm_q3, 3.25, 1e-12);
	UNIT_CHECK_NEAR("stats 1234 max", sm.sm_max, 4.0, 0.0);
	UNIT_CHECK_NEAR("stats 1234 mean", sm.sm_mean, 2.5, 1e-12);
	UNIT_CHECK_NEAR("stats 1234 stddev", sm.sm_stddev,
	    1.2909944487358056, 1e-12);

	stats_summarize(b, NITEMS(b), &sm);
	UNIT_CHECK_NEAR("stats 8 q1", sm.sm_q1, 4.0, 1e-12);
	UNIT_CHECK_NEAR("stats 8 median", sm.sm_median, 4.5, 1e-12);
	UNIT_CHECK_NEAR("stats 8 q3", sm.sm_q3, 5.5, 1e-12);
	UNIT_CHECK_NEAR("stats 8 mean", sm.sm_mean, 5.0, 1e-12);
	UNIT_CHECK_NEAR("stats 8 stddev", sm.sm_stddev, 2.138089935299395,
	    1e-12);
}

/*
 * n = 1: every statistic is the value and the deviation is 0.
 * n = 2: the quartiles sit a quarter of the way along the one gap.
 */
static void
test_summary_small(void)
{
	static const double one[] = { 7.5 };
	static const double two[] = { 20, 10 };
	struct ipc_summary sm;

	stats_summarize(one, 1, &sm);
	UNIT_CHECK("stats n=1 count", sm.sm_count == 1);
	UNIT_CHECK("stats n=1 all equal", sm.sm_min == 7.5 &&
	    sm.sm_q1 == 7.5 && sm.sm_median == 7.5 && sm.sm_q3 == 7.5 &&
	    sm.sm_max == 7.5 && sm.sm_mean == 7.5);
	UNIT_CHECK("stats n=1 stddev 0", sm.sm_stddev == 0.0);

	stats_summarize(two, 2, &sm);
	UNIT_CHECK_NEAR("stats n=2 min", sm.sm_min, 10.0, 0.0);
	UNIT_CHECK_NEAR("stats n=2 q1", sm.sm_q1, 12.5, 1e-12);
	UNIT_CHECK_NEAR("stats n=2 median", sm.sm_median, 15.0, 1e-12);
	UNIT_CHECK_NEAR("stats n=2 q3", sm.sm_q3, 17.5, 1e-12);
	UNIT_CHECK_NEAR("stats n=2 max", sm.sm_max, 20.0, 0.0);
	UNIT_CHECK_NEAR("stats n=2 stddev", sm.sm_stddev, 7.0710678118654755,
	    1e-12);
}

/*
 * Unsorted input is summarised as if sorted and is left as it was.
 */
static void
test_summary_unsorted(void)
{
	double v[] = { 5, 1, 4, 2, 3 };
	static const double orig[] = { 5, 1, 4, 2, 3 };
	struct ipc_summary sm;

	stats_summarize(v, NITEMS(v), &sm);
	UNIT_CHECK("stats unsorted untouched",
	    memcmp(v, orig, sizeof(v)) == 0);
	UNIT_CHECK_NEAR("stats unsorted min", sm.sm_min, 1.0, 0.0);
	UNIT_CHECK_NEAR("stats unsorted q1", sm.sm_q1, 2.0, 1e-12);
	UNIT_CHECK_NEAR("stats unsorted median", sm.sm_median, 3.0, 1e-12);
	UNIT_CHECK_NEAR("stats unsorted q3", sm.sm_q3, 4.0, 1e-12);
	UNIT_CHECK_NEAR("stats unsorted max", sm.sm_max, 5.0, 0.0);
	UNIT_CHECK_NEAR("stats unsorted stddev", sm.sm_stddev,
	    1.5811388300841898, 1e-12);
}

/*
 * The iteration limit: 100000 values, descending, 100000 down to 1.
 * Quartile positions 24999.75 and 74999.25; s = sqrt(n (n + 1) / 12).
 */
static void
test_summary_large(void)
{
	struct ipc_summary sm;
	double *v;
	size_t i;
	bool same;

	v = malloc(LARGE_N * sizeof(*v));
	if (v == NULL) {
		UNIT_CHECK("stats large malloc", v != NULL);
		return;
	}
	for (i = 0; i < LARGE_N; i++)
		v[i] = (double)(LARGE_N - i);
	stats_summarize(v, LARGE_N, &sm);
	UNIT_CHECK("stats large count", sm.sm_count == LARGE_N);
	UNIT_CHECK_NEAR("stats large min", sm.sm_min, 1.0, 0.0);
	UNIT_CHECK_NEAR("stats large q1", sm.sm_q1, 25000.75, 1e-9);
	UNIT_CHECK_NEAR("stats large median", sm.sm_median, 50000.5, 1e-9);
	UNIT_CHECK_NEAR("stats large q3", sm.sm_q3, 75000.25, 1e-9);
	UNIT_CHECK_NEAR("stats large max", sm.sm_max, 100000.0, 0.0);
	UNIT_CHECK_NEAR("stats large mean", sm.sm_mean, 50000.5, 1e-9);
	UNIT_CHECK_NEAR("stats large stddev", sm.sm_stddev,
	    28867.657796687745, 1e-8);
	same = true;
	for (i = 0; i < LARGE_N; i++)
		if (v[i] != (double)(LARGE_N - i))
			same = false;
	UNIT_CHECK("stats large untouched", same);
	free(v);
}

/*
 * Identical values (0.1 is inexact in binary): the mean is exactly the
 * value and the deviation exactly 0, not rounding noise.
 */
static void
test_summary_identical(void)
{
	struct ipc_summary sm;
	double *v;
	size_t i;

	v = malloc(LARGE_N * sizeof(*v));
	if (v == NULL) {
		UNIT_CHECK("stats identical malloc", v != NULL);
		return;
	}
	for (i = 0; i < LARGE_N; i++)
		v[i] = 0.1;
	stats_summarize(v, LARGE_N, &sm);
	UNIT_CHECK("stats identical mean exact", sm.sm_mean == 0.1);
	UNIT_CHECK("stats identical stddev 0", sm.sm_stddev == 0.0);
	UNIT_CHECK("stats identical quartiles", sm.sm_q1 == 0.1 &&
	    sm.sm_median == 0.1 && sm.sm_q3 == 0.1);
	free(v);
}

/*
 * A large common offset must not swamp the variance (the textbook
 * failure of sum-of-squares): deviations -6, -3, 3, 6 give s = sqrt(30).
 */
static void
test_summary_offset(void)
{
	static const double v[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	struct ipc_summary sm;

	stats_summarize(v, NITEMS(v), &sm);
	UNIT_CHECK_NEAR("stats offset mean", sm.sm_mean, 1e9 + 10, 1e-6);
	UNIT_CHECK_NEAR("stats offset stddev", sm.sm_stddev,
	    5.477225575051661, 1e-9);
}

/*
 * sample_seconds and L41's KBytes/sec = bytes / seconds / 1024, with the
 * guard that a zero or negative time gives 0, never inf or nan.
 */
static void
test_rate(void)
{
	struct ipc_config cfg;
	struct ipc_sample s;
	char buf[64];
	double r;

	memset(&cfg, 0, sizeof(cfg));
	memset(&s, 0, sizeof(s));
	cfg.ic_totalsize = 16 * 1024 * 1024;
	s.is_time.tv_sec = 1;
	s.is_time.tv_nsec = 500000000;
	UNIT_CHECK_NEAR("sample_seconds 1.5", sample_seconds(&s), 1.5, 0.0);
	s.is_time.tv_sec = 0;
	r = sample_kbytes_per_sec(&cfg, &s);
	(void)snprintf(buf, sizeof(buf), "%.2f", r);
	UNIT_CHECK_STR("rate 16MiB in 0.5s", buf, "32768.00");
	s.is_time.tv_sec = 2;
	s.is_time.tv_nsec = 0;
	UNIT_CHECK_NEAR("rate 16MiB in 2s", sample_kbytes_per_sec(&cfg, &s),
	    8192.0, 1e-9);
	s.is_time.tv_sec = 0;
	s.is_time.tv_nsec = 1;
	r = sample_kbytes_per_sec(&cfg, &s);
	UNIT_CHECK("rate 1ns finite", isfinite(r) && r > 0.0);
	s.is_time.tv_nsec = 0;
	r = sample_kbytes_per_sec(&cfg, &s);
	UNIT_CHECK("rate zero time is 0", r == 0.0 && isfinite(r));
	s.is_time.tv_sec = -1;
	r = sample_kbytes_per_sec(&cfg, &s);
	UNIT_CHECK("rate negative time is 0", r == 0.0);
}

/*
 * The run conditions: every OS lists the same keys; run.pinned follows
 * -c; the load average is three numbers; the tracer is a PID or 0.
 */
static void
test_sysinfo_run_conditions(void)
{
	static const char *const keys[] = { "run.pinned", "vm.loadavg",
	    "cpufreq.governor", "cpufreq.boost", "cpu.smt_active",
	    "cpu.smt_siblings", "proc.tracer_pid" };
	static struct ipc_sysinfo si;
	struct ipc_pinning pin;
	const struct ipc_sysinfo_item *it;
	double la[3];
	size_t i;
	bool all;
	char c;

	sysinfo_collect(&si, NULL);
	all = si.si_sections[3].ss_count == NITEMS(keys);
	for (i = 0; all && i < NITEMS(keys); i++)
		all = strcmp(si.si_items[si.si_sections[3].ss_first + i].hi_key,
		    keys[i]) == 0;
	UNIT_CHECK("sysinfo run conditions: the keys, in order", all);
	it = find_item(&si, "run.pinned");
	UNIT_CHECK_STR("sysinfo run.pinned unpinned",
	    it != NULL ? it->hi_value : NULL, "no");
	it = find_item(&si, "vm.loadavg");
	UNIT_CHECK("sysinfo vm.loadavg: three numbers or unknown", it != NULL &&
	    (strcmp(it->hi_value, "unknown") == 0 || sscanf(it->hi_value,
	    "%lf %lf %lf%c", &la[0], &la[1], &la[2], &c) == 3));
	it = find_item(&si, "proc.tracer_pid");
	UNIT_CHECK("sysinfo proc.tracer_pid: a number", it != NULL &&
	    it->hi_numeric);
	pin.pin_sender = 1;
	pin.pin_receiver = 0;
	sysinfo_collect(&si, &pin);
	it = find_item(&si, "run.pinned");
	UNIT_CHECK_STR("sysinfo run.pinned -c 1,0",
	    it != NULL ? it->hi_value : NULL, "sender cpu 1, receiver cpu 0");
}

/*
 * The four sections, in order, with their JSON names and headings, each
 * non-empty and together covering every item once; keys are unique;
 * every value is non-empty printable ASCII that fits; numeric values are
 * integers strtod(3) consumes whole.
 */
static void
test_sysinfo_shape(void)
{
	static const char *const json[] = { "hardware_configuration",
	    "os_configuration", "network_ipc_configuration",
	    "run_conditions" };
	static const char *const heading[] = { "Hardware configuration:",
	    "OS configuration:", "Network and IPC configuration:",
	    "Run conditions:" };
	static struct ipc_sysinfo si;
	const struct ipc_sysinfo_section *ss;
	const struct ipc_sysinfo_item *it;
	size_t i, j, next;
	bool names, cover, unique, values, numbers;
	const char *p;
	char *end;

	memset(&si, 0xa5, sizeof(si));
	sysinfo_collect(&si, NULL);
	UNIT_CHECK("sysinfo count", si.si_count > 0 &&
	    si.si_count <= IPC_SYSINFO_MAX);

	names = cover = true;
	next = 0;
	for (i = 0; i < IPC_SYSINFO_SECTIONS; i++) {
		ss = &si.si_sections[i];
		if (strcmp(ss->ss_json, json[i]) != 0 ||
		    strcmp(ss->ss_heading, heading[i]) != 0)
			names = false;
		if (ss->ss_count == 0 || ss->ss_first != next)
			cover = false;
		next = ss->ss_first + ss->ss_count;
	}
	UNIT_CHECK("sysinfo section names and headings", names);
	UNIT_CHECK("sysinfo sections in order, non-empty, covering all",
	    cover && next == si.si_count);

	unique = values = numbers = true;
	for (i = 0; i < si.si_count; i++) {
		it = &si.si_items[i];
		for (j = i + 1; j < si.si_count; j++)
			if (strcmp(it->hi_key, si.si_items[j].hi_key) == 0)
				unique = false;
		if (it->hi_value[0] == '\0' ||
		    strlen(it->hi_value) >= IPC_SYSINFO_VALUELEN)
			values = false;
		for (p = it->hi_value; *p != '\0'; p++)
			if (*p < 0x20 || *p > 0x7e)
				values = false;
		/* An integer key holds an integer or exactly "unknown". */
		if (it->hi_numeric && strcmp(it->hi_value,
		    IPC_SYSINFO_UNKNOWN) != 0) {
			(void)strtoll(it->hi_value, &end, 10);
			if (end == it->hi_value || *end != '\0')
				numbers = false;
		}
	}
	UNIT_CHECK("sysinfo keys unique", unique);
	UNIT_CHECK("sysinfo values printable", values);
	UNIT_CHECK("sysinfo numeric values parse", numbers);
}

/*
 * Collecting twice gives the same description, item for item (the table
 * is reset, not appended to, and no probe reads stale or random state);
 * only a CPU's current frequency may change between the two.
 */
static void
test_sysinfo_repeatable(void)
{
	static struct ipc_sysinfo a, b;
	const struct ipc_sysinfo_item *x, *y;
	size_t i, s;
	bool same;

	sysinfo_collect(&a, NULL);
	memset(&b, 0x5a, sizeof(b));
	sysinfo_collect(&b, NULL);
	same = a.si_count == b.si_count;
	for (s = 0; s < IPC_SYSINFO_SECTIONS && same; s++)
		if (a.si_sections[s].ss_first != b.si_sections[s].ss_first ||
		    a.si_sections[s].ss_count != b.si_sections[s].ss_count)
			same = false;
	for (i = 0; i < a.si_count && same; i++) {
		x = &a.si_items[i];
		y = &b.si_items[i];
		if (strcmp(x->hi_key, y->hi_key) != 0 ||
		    x->hi_numeric != y->hi_numeric)
			same = false;
		else if (strcmp(x->hi_key, "cpu0.cpufreq.scaling_cur_freq") !=
		    0 && strcmp(x->hi_key, "vm.loadavg") != 0 &&
		    strcmp(x->hi_value, y->hi_value) != 0)
			same = false;
	}
	UNIT_CHECK("sysinfo repeatable", same);
}

/*
 * Spot values against independent sources: hw.ncpu against sysconf(3),
 * kern.ostype and kern.osrelease against uname(3).
 */
static void
test_sysinfo_values(void)
{
	static struct ipc_sysinfo si;
	const struct ipc_sysinfo_item *it;
	struct utsname u;
	char want[32];

	sysinfo_collect(&si, NULL);
	(void)snprintf(want, sizeof(want), "%ld",
	    sysconf(_SC_NPROCESSORS_ONLN));
	it = find_item(&si, "hw.ncpu");
	UNIT_CHECK_STR("sysinfo hw.ncpu", it != NULL ? it->hi_value : NULL,
	    want);
	UNIT_CHECK("sysinfo hw.ncpu numeric", it != NULL && it->hi_numeric);
	if (uname(&u) != 0) {
		UNIT_CHECK("sysinfo uname", false);
		return;
	}
	it = find_item(&si, "kern.ostype");
	UNIT_CHECK_STR("sysinfo kern.ostype", it != NULL ? it->hi_value :
	    NULL, u.sysname);
	it = find_item(&si, "kern.osrelease");
	UNIT_CHECK_STR("sysinfo kern.osrelease", it != NULL ? it->hi_value :
	    NULL, u.release);
	it = find_item(&si, "hw.machine");
	UNIT_CHECK("sysinfo hw.machine present", it != NULL &&
	    it->hi_value[0] != '\0');
	it = find_item(&si, "ifnet.mtu");
	UNIT_CHECK("sysinfo ifnet.mtu present", it != NULL);
	it = find_item(&si, "hw.pagesizes");
	UNIT_CHECK("sysinfo hw.pagesizes is a list", it != NULL &&
	    !it->hi_numeric);
}

/*
 * Entry point called by tests/unit.c.
 */
void
unit_stats_tests(void)
{

	test_summary_empty();
	test_summary_known();
	test_summary_small();
	test_summary_unsorted();
	test_summary_large();
	test_summary_identical();
	test_summary_offset();
	test_rate();
	test_sysinfo_shape();
	test_sysinfo_run_conditions();
	test_sysinfo_repeatable();
	test_sysinfo_values();
}
