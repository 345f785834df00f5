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
 * Unit tests of main.c, names.c, iostats.c and compat.c: the number
 * parser at its boundaries, the name tables, config_parse() and
 * config_validate() on whole command lines, in-loop accounting, and
 * timespec_sub()'s borrow.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "compat.h"
#include "iostats.h"
#include "unit.h"

static const struct ipc_identity test_id = { "ipc-test", "test" };

static void	test_config_latency(void);

/*
 * Parse and validate a command line given as a NULL-terminated list:
 * 0 valid, 1 usage, 2 not a multiple of the buffer size, 3 two CPUs
 * for 1thread.
 */
static int
parse_line(struct ipc_config *cfg, const char **words)
{
	char *argv[32];
	int argc, rc;

	for (argc = 0; words[argc] != NULL && argc < 31; argc++)
		argv[argc] = (char *)(uintptr_t)words[argc];
	argv[argc] = NULL;
	if (config_parse(argc, argv, &test_id, cfg) != IPC_CONFIG_OK)
		return (1);
	rc = config_validate(cfg);
	return (rc == IPC_CONFIG_OK ? 0 : (rc == IPC_CONFIG_NOT_MULTIPLE ?
	    2 : (rc == IPC_CONFIG_PIN_1THREAD ? 3 : 1)));
}

#define	LINE(...)	((const char *[]){ "ipc-test", __VA_ARGS__, NULL })

static void
test_parse_number(void)
{
	unsigned long long v;
	char buf[64];

	UNIT_CHECK("parse_number accepts 1", parse_number("1", 1, 10, &v) == 0
	    && v == 1);
	UNIT_CHECK("parse_number accepts max", parse_number("10", 1, 10, &v) ==
	    0 && v == 10);
	UNIT_CHECK("parse_number rejects below min",
	    parse_number("0", 1, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects above max",
	    parse_number("11", 1, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects empty", parse_number("", 0, 10, &v) ==
	    -1);
	UNIT_CHECK("parse_number rejects sign +",
	    parse_number("+1", 0, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects sign -",
	    parse_number("-1", 0, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects leading blank",
	    parse_number(" 1", 0, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects trailing junk",
	    parse_number("1k", 0, 10, &v) == -1);
	UNIT_CHECK("parse_number rejects hex", parse_number("0x10", 0, 100, &v)
	    == -1);
	UNIT_CHECK("parse_number rejects 2^64",
	    parse_number("18446744073709551616", 0, ULLONG_MAX, &v) == -1);
	snprintf(buf, sizeof(buf), "%lld", (long long)SSIZE_MAX);
	UNIT_CHECK("parse_number accepts SSIZE_MAX",
	    parse_number(buf, 1, SSIZE_MAX, &v) == 0 &&
	    v == (unsigned long long)SSIZE_MAX);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)SSIZE_MAX + 1);
	UNIT_CHECK("parse_number rejects SSIZE_MAX+1",
	    parse_number(buf, 1, SSIZE_MAX, &v) == -1);
	UNIT_CHECK("parse_number rejects NULL",
	    parse_number(NULL, 0, 10, &v) == -1);
}

static void
test_tables(void)
{
	const struct ipc_name *tables[] = { ipc_mode_names, ipc_type_names,
	    ipc_pmcset_names };
	const struct ipc_name *n;
	bool ok;
	size_t t;

	ok = true;
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (n = tables[t]; n->in_name != NULL; n++)
			if (name_lookup(tables[t], n->in_name) != n->in_value ||
			    strcmp(name_of(tables[t], n->in_value),
			    n->in_name) != 0)
				ok = false;
	UNIT_CHECK("name tables round-trip", ok);
	UNIT_CHECK("mode names are L41's",
	    name_lookup(ipc_mode_names, "1thread") == IPC_MODE_1THREAD &&
	    name_lookup(ipc_mode_names, "2thread") == IPC_MODE_2THREAD &&
	    name_lookup(ipc_mode_names, "2proc") == IPC_MODE_2PROC);
	UNIT_CHECK("type names are L41's",
	    name_lookup(ipc_type_names, "pipe") == IPC_TYPE_PIPE &&
	    name_lookup(ipc_type_names, "local") == IPC_TYPE_LOCAL &&
	    name_lookup(ipc_type_names, "tcp") == IPC_TYPE_TCP);
	UNIT_CHECK("unknown name is -1",
	    name_lookup(ipc_type_names, "udp") == -1);
	UNIT_CHECK("names are case-sensitive",
	    name_lookup(ipc_type_names, "PIPE") == -1);
	UNIT_CHECK_STR("unknown value prints invalid",
	    name_of(ipc_mode_names, 99), "invalid");
	UNIT_CHECK("every counter set is known", name_lookup(ipc_pmcset_names,
	    "l1d") == IPC_PMC_L1D && name_lookup(ipc_pmcset_names, "l1i") ==
	    IPC_PMC_L1I && name_lookup(ipc_pmcset_names, "l2") == IPC_PMC_L2 &&
	    name_lookup(ipc_pmcset_names, "mem") == IPC_PMC_MEM &&
	    name_lookup(ipc_pmcset_names, "tlb") == IPC_PMC_TLB &&
	    name_lookup(ipc_pmcset_names, "axi") == IPC_PMC_AXI &&
	    name_lookup(ipc_pmcset_names, "sw") == IPC_PMC_SW);
}

static void
test_config(void)
{
	struct ipc_config cfg;

	UNIT_CHECK("defaults are L41's", parse_line(&cfg, LINE("1thread")) ==
	    0 && cfg.ic_buffersize == 131072 && cfg.ic_totalsize == 16777216 &&
	    cfg.ic_port == 10141 && cfg.ic_type == IPC_TYPE_PIPE &&
	    cfg.ic_mode == IPC_MODE_1THREAD && cfg.ic_pmcset == IPC_PMC_NONE &&
	    !cfg.ic_bare && !cfg.ic_quiet && !cfg.ic_verbose &&
	    cfg.ic_iterations == 1 && cfg.ic_warmup == 0 &&
	    cfg.ic_pin.pin_sender == -1 && cfg.ic_pin.pin_receiver == -1);
	UNIT_CHECK("all reference flags parse", parse_line(&cfg,
	    LINE("-B", "-q", "-v", "-s", "-i", "tcp", "-p", "65535", "-b",
	    "1024", "-t", "4096", "-P", "l1d", "2proc")) == 0 &&
	    cfg.ic_bare && cfg.ic_quiet && cfg.ic_verbose && cfg.ic_sockbuf &&
	    cfg.ic_type == IPC_TYPE_TCP && cfg.ic_port == 65535 &&
	    cfg.ic_buffersize == 1024 && cfg.ic_totalsize == 4096 &&
	    cfg.ic_pmcset == IPC_PMC_L1D && cfg.ic_mode == IPC_MODE_2PROC);
	UNIT_CHECK("extension flags parse", parse_line(&cfg, LINE("-j", "-g",
	    "-f", "-n", "5", "-w", "2", "-c", "1,0", "2thread")) == 0 &&
	    cfg.ic_json && cfg.ic_rusage && cfg.ic_prefault &&
	    cfg.ic_iterations == 5 && cfg.ic_warmup == 2 &&
	    cfg.ic_pin.pin_sender == 1 && cfg.ic_pin.pin_receiver == 0);
	UNIT_CHECK("-c N pins both sides", parse_line(&cfg, LINE("-c", "3",
	    "2thread")) == 0 && cfg.ic_pin.pin_sender == 3 &&
	    cfg.ic_pin.pin_receiver == 3);
	UNIT_CHECK("-c S,R apart in 1thread is refused apart",
	    parse_line(&cfg, LINE("-c", "4095,0", "1thread")) == 3 &&
	    parse_line(&cfg, LINE("-c", "0,1", "1thread")) == 3);
	UNIT_CHECK("-c S,S in 1thread is one CPU", parse_line(&cfg,
	    LINE("-c", "1,1", "1thread")) == 0 && parse_line(&cfg,
	    LINE("-c", "0,1", "2proc")) == 0);
	UNIT_CHECK("-w 0 is the default made explicit", parse_line(&cfg,
	    LINE("-w", "0", "2thread")) == 0 && cfg.ic_warmup == 0);
	UNIT_CHECK("no operand is usage", parse_line(&cfg,
	    (const char *[]){ "ipc-test", NULL }) == 1);
	UNIT_CHECK("two operands is usage", parse_line(&cfg, LINE("1thread",
	    "2thread")) == 1);
	UNIT_CHECK("unknown mode is usage", parse_line(&cfg, LINE("3thread"))
	    == 1);
	UNIT_CHECK("unknown flag is usage", parse_line(&cfg, LINE("-x",
	    "1thread")) == 1);
	UNIT_CHECK("flag after the operand is usage (no argv permutation)",
	    parse_line(&cfg, LINE("2proc", "-i", "tcp")) == 1);
	UNIT_CHECK("-s with pipe is usage", parse_line(&cfg, LINE("-s",
	    "1thread")) == 1);
	UNIT_CHECK("-s with local is fine", parse_line(&cfg, LINE("-s", "-i",
	    "local", "1thread")) == 0);
	UNIT_CHECK("-p 0 is usage", parse_line(&cfg, LINE("-p", "0",
	    "1thread")) == 1);
	UNIT_CHECK("-p 65536 is usage", parse_line(&cfg, LINE("-p", "65536",
	    "1thread")) == 1);
	UNIT_CHECK("-b 0 is usage", parse_line(&cfg, LINE("-b", "0",
	    "1thread")) == 1);
	UNIT_CHECK("-b -1 is usage", parse_line(&cfg, LINE("-b", "-1",
	    "1thread")) == 1);
	UNIT_CHECK("-t junk is usage", parse_line(&cfg, LINE("-t", "16M",
	    "1thread")) == 1);
	UNIT_CHECK("-n 0 is usage", parse_line(&cfg, LINE("-n", "0",
	    "1thread")) == 1);
	UNIT_CHECK("-n + -w over the cap is usage", parse_line(&cfg,
	    LINE("-n", "100000", "-w", "1", "1thread")) == 1);
	UNIT_CHECK("-P bogus is usage", parse_line(&cfg, LINE("-P", "bogus",
	    "1thread")) == 1);
	UNIT_CHECK("-P none is usage (not a set)", parse_line(&cfg,
	    LINE("-P", "none", "1thread")) == 1);
	UNIT_CHECK("-i bogus is usage", parse_line(&cfg, LINE("-i", "udp",
	    "1thread")) == 1);
	UNIT_CHECK("-c junk is usage", parse_line(&cfg, LINE("-c", "1,",
	    "1thread")) == 1 && parse_line(&cfg, LINE("-c", ",1", "1thread"))
	    == 1 && parse_line(&cfg, LINE("-c", "a", "1thread")) == 1);
	UNIT_CHECK("not a multiple is reported apart", parse_line(&cfg,
	    LINE("-b", "3", "-t", "10", "1thread")) == 2);
	UNIT_CHECK("buffer equal to total is fine", parse_line(&cfg,
	    LINE("-b", "4096", "-t", "4096", "1thread")) == 0);
	UNIT_CHECK("buffer larger than total is not a multiple",
	    parse_line(&cfg, LINE("-b", "8192", "-t", "4096", "1thread")) == 2);
	UNIT_CHECK("describe implies -v", parse_line(&cfg, LINE("describe"))
	    == 0 && cfg.ic_mode == IPC_MODE_DESCRIBE && cfg.ic_verbose);
	UNIT_CHECK("config_parse alone reads the mode",
	    config_parse(2, (char *[]){ "ipc-test", "2proc", NULL }, &test_id,
	    &cfg) == IPC_CONFIG_OK && cfg.ic_mode == IPC_MODE_2PROC);
	UNIT_CHECK("a second parse starts afresh", parse_line(&cfg,
	    LINE("-B", "2thread")) == 0 && parse_line(&cfg,
	    LINE("2thread")) == 0 && !cfg.ic_bare);
	test_config_latency();
}

/*
 * -l: round trips of buffersize bytes, totalsize / buffersize of them;
 * without -t, IPC_DEFAULT_ROUNDTRIPS at every size (fewer only where
 * totalsize would not fit in a ssize_t).
 */
static void
test_config_latency(void)
{
	struct ipc_config cfg;
	char big[32], third[32];

	UNIT_CHECK("-l off by default", parse_line(&cfg, LINE("2thread")) ==
	    0 && !cfg.ic_latency && cfg.ic_totalsize == 16777216);
	UNIT_CHECK("-l default round trips at -b's default", parse_line(&cfg,
	    LINE("-l", "2thread")) == 0 && cfg.ic_latency &&
	    cfg.ic_buffersize == 131072 &&
	    cfg.ic_totalsize == (size_t)131072 * IPC_DEFAULT_ROUNDTRIPS);
	UNIT_CHECK("-l default round trips at -b 4", parse_line(&cfg,
	    LINE("-l", "-b", "4", "2proc")) == 0 &&
	    cfg.ic_totalsize == 4 * IPC_DEFAULT_ROUNDTRIPS);
	UNIT_CHECK("-l takes -t as given, before or after it",
	    parse_line(&cfg, LINE("-t", "4096", "-l", "-b", "4", "1thread")) ==
	    0 && cfg.ic_totalsize == 4096 && parse_line(&cfg, LINE("-l", "-b",
	    "4", "-t", "8", "1thread")) == 0 && cfg.ic_totalsize == 8);
	UNIT_CHECK("-l -t not a multiple is reported apart", parse_line(&cfg,
	    LINE("-l", "-b", "3", "-t", "10", "1thread")) == 2);
	(void)snprintf(big, sizeof(big), "%zd", (ssize_t)SSIZE_MAX);
	(void)snprintf(third, sizeof(third), "%zd", (ssize_t)SSIZE_MAX / 3);
	UNIT_CHECK("-l default fits a ssize_t", parse_line(&cfg, LINE("-l",
	    "-b", big, "2thread")) == 0 && cfg.ic_totalsize ==
	    (size_t)SSIZE_MAX && parse_line(&cfg, LINE("-l", "-b", third,
	    "2thread")) == 0 && cfg.ic_totalsize == (size_t)(SSIZE_MAX / 3) * 3);
	UNIT_CHECK("-l with -s still needs a socket", parse_line(&cfg,
	    LINE("-l", "-s", "2thread")) == 1 && parse_line(&cfg, LINE("-l",
	    "-s", "-i", "tcp", "2thread")) == 0);
}

static void
test_timespec_sub(void)
{
	struct timespec a, b, r;

	a.tv_sec = 5;
	a.tv_nsec = 100;
	b.tv_sec = 3;
	b.tv_nsec = 999999900;
	timespec_sub(&a, &b, &r);
	UNIT_CHECK("timespec_sub borrows", r.tv_sec == 1 && r.tv_nsec == 200);
	b.tv_sec = 5;
	b.tv_nsec = 100;
	timespec_sub(&a, &b, &r);
	UNIT_CHECK("timespec_sub of equal times is 0", r.tv_sec == 0 &&
	    r.tv_nsec == 0);
	a.tv_sec = 2;
	a.tv_nsec = 0;
	b.tv_sec = 1;
	b.tv_nsec = 1;
	timespec_sub(&a, &b, &r);
	UNIT_CHECK("timespec_sub borrow at the edge", r.tv_sec == 0 &&
	    r.tv_nsec == 999999999);
}

static void
test_clock(void)
{
	struct timespec a, b, d;

	UNIT_CHECK("ipc_clock_now works", ipc_clock_now(&a) == 0 &&
	    ipc_clock_now(&b) == 0);
	timespec_sub(&b, &a, &d);
	UNIT_CHECK("ipc_clock_now is monotonic", d.tv_sec >= 0 &&
	    d.tv_nsec >= 0);
}

/*
 * What io_stats_record() must end up counting, one call at a time (the
 * accounting before runs of whole transfers were counted by one bump).
 */
static void
iostats_model(struct ipc_io_stats *m, size_t asked, ssize_t len, bool again)
{
	unsigned int k;

	m->ios_calls++;
	if (len < 0) {
		if (again)
			m->ios_wouldblock++;
		return;
	}
	if ((size_t)len < asked)
		m->ios_short++;
	if (len > 0) {
		for (k = 0; ((uint64_t)len >> (k + 1)) != 0; k++)
			continue;
		m->ios_bytes += (uint64_t)len;
		m->ios_hist[k]++;
		m->ios_hist_bytes[k] += (uint64_t)len;
	}
}

static void
test_iostats(void)
{
	struct ipc_io_stats ios, m;
	uint32_t x;
	size_t asked;
	ssize_t len;
	int i, k, bad;

	memset(&ios, 0, sizeof(ios));
	io_stats_record(&ios, 4096, 4096);
	io_stats_record(&ios, 4096, 100);
	io_stats_record(&ios, 4096, 1);
	errno = EAGAIN;
	io_stats_record(&ios, 4096, -1);
	io_stats_record(&ios, 4096, 0);
	io_stats_settle(&ios);
	UNIT_CHECK("iostats counts every call", ios.ios_calls == 5);
	UNIT_CHECK("iostats counts short returns", ios.ios_short == 3);
	UNIT_CHECK("iostats counts would-block", ios.ios_wouldblock == 1);
	UNIT_CHECK("iostats counts bytes", ios.ios_bytes == 4197);
	UNIT_CHECK("iostats buckets by log2", ios.ios_hist[12] == 1 &&
	    ios.ios_hist[6] == 1 && ios.ios_hist[0] == 1);
	UNIT_CHECK("iostats bucket bytes", ios.ios_hist_bytes[12] == 4096 &&
	    ios.ios_hist_bytes[6] == 100 && ios.ios_hist_bytes[0] == 1);

	/*
	 * Runs of whole transfers, sizes that change, short, empty and
	 * failed calls, settled at odd moments: the counts match the
	 * call-by-call model's.
	 */
	memset(&ios, 0, sizeof(ios));
	memset(&m, 0, sizeof(m));
	x = 12345;
	for (i = 0; i < 20000; i++) {
		x = x * 1103515245u + 12345u;
		asked = (x >> 8) % 4 == 0 ? 1 + (x >> 12) % 5000 : 4096;
		switch ((x >> 20) % 8) {
		case 0:
			len = (ssize_t)((x >> 4) % (asked + 1));
			break;
		case 1:
			len = -1;
			break;
		default:
			len = (ssize_t)asked;
			break;
		}
		errno = (x >> 28) % 2 ? EAGAIN : EINTR;
		iostats_model(&m, asked, len, errno == EAGAIN);
		io_stats_record(&ios, asked, len);
		if ((x >> 3) % 997 == 0)
			io_stats_settle(&ios);
	}
	io_stats_settle(&ios);
	bad = ios.ios_calls != m.ios_calls || ios.ios_short != m.ios_short ||
	    ios.ios_wouldblock != m.ios_wouldblock ||
	    ios.ios_bytes != m.ios_bytes;
	for (k = 0; k < IPC_HIST_BUCKETS; k++)
		bad |= ios.ios_hist[k] != m.ios_hist[k] ||
		    ios.ios_hist_bytes[k] != m.ios_hist_bytes[k];
	UNIT_CHECK("iostats runs settle to the call-by-call counts", !bad);
	UNIT_CHECK("iostats settling twice changes nothing",
	    (io_stats_settle(&ios), ios.ios_calls == m.ios_calls));

	/* io_stats_add settles both sides (the second on a copy). */
	memset(&ios, 0, sizeof(ios));
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 10; i++) {
		io_stats_record(&ios, 64, 64);
		io_stats_record(&m, 64, 64);
	}
	io_stats_add(&ios, &m);
	UNIT_CHECK("iostats add settles both", ios.ios_calls == 20 &&
	    ios.ios_bytes == 1280 && ios.ios_hist[6] == 20 &&
	    ios.ios_hist_bytes[6] == 1280 && m.ios_run == 10);
}

void
unit_main_tests(void)
{

	test_parse_number();
	test_tables();
	test_config();
	test_timespec_sub();
	test_clock();
	test_iostats();
}
