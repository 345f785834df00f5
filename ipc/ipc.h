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
 * The program's data flow: the types that carry data one way through it
 * (flags -> config -> endpoints -> transfer -> sample -> results ->
 * report), the reference defaults of the 2017–18 reference version of
 * the L41 IPC benchmark, and the prototypes of the modules each step
 * calls, grouped by the file that defines them.  It includes no
 * OS-specific header.  A module that only a few others use declares
 * itself in a header named for it (compat.h, cpuinfo.h, json.h,
 * latency.h, memlimit.h, resources.h, shmem.h, stability.h, sysinfo.h,
 * verify.h); the private interfaces between a module and its parts are
 * loops.h, pmc_backend.h, pmc_tables.h, report.h, sysinfo_probes.h and
 * transport.h.
 */

#ifndef IPC_H
#define	IPC_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * glibc's getopt() permutes argv unless the optstring starts with '+';
 * BSD's never does.  With it, "ipc-static 2proc -i tcp" fails alike on both.
 */
#ifdef __GLIBC__
#define	IPC_OPTSTRING_PREFIX	"+"
#else
#define	IPC_OPTSTRING_PREFIX	""
#endif

/* Reference defaults (the 2017–18 reference version). */
#define	IPC_DEFAULT_BUFFERSIZE	(128 * 1024)
#define	IPC_DEFAULT_TOTALSIZE	(16 * 1024 * 1024)
#define	IPC_DEFAULT_TCP_PORT	10141
#define	IPC_DEFAULT_ITERATIONS	1
#define	IPC_DEFAULT_WARMUP	0

/* -l without -t: round trips per run (totalsize = this many messages). */
#define	IPC_DEFAULT_ROUNDTRIPS	10000

/* Upper bound on -n plus -w: keeps sample storage bounded. */
#define	IPC_MAX_ITERATIONS	100000

/* Histogram buckets: bucket k counts sizes in [2^k, 2^(k+1)). */
#define	IPC_HIST_BUCKETS	64

/*
 * -l round-trip histogram buckets: 0-3 ns exactly, then four per power of
 * two up to 2^64 ns (latency.c).
 */
#define	IPC_LAT_BUCKETS		252

/* Counters one set may report (including the two trailer counters). */
#define	IPC_COUNTERS_MAX	8

/* Derived values (ratios, rates) one set may report, and name length. */
#define	IPC_DERIVED_MAX		24
#define	IPC_DERIVED_NAMELEN	64

/* Regimes the stability verdict tells apart, and its reason's length. */
#define	IPC_REGIMES_MAX		8
#define	IPC_REASONLEN		512

enum ipc_mode {
	IPC_MODE_1THREAD,
	IPC_MODE_2THREAD,
	IPC_MODE_2PROC,
	IPC_MODE_DESCRIBE,
};

enum ipc_type {
	IPC_TYPE_PIPE,
	IPC_TYPE_LOCAL,
	IPC_TYPE_TCP,
	IPC_TYPE_SHMEM,
};

enum ipc_pmcset {
	IPC_PMC_NONE,
	IPC_PMC_L1D,
	IPC_PMC_L1I,
	IPC_PMC_L2,
	IPC_PMC_MEM,
	IPC_PMC_TLB,
	IPC_PMC_AXI,
	IPC_PMC_SW,
	IPC_PMC_CPI,		/* ours: the trailer alone, for minimal vPMUs */
	IPC_PMC_ARCH,		/* the 2020-24 labs' sets (ARMv8 names) */
	IPC_PMC_DCACHE,
	IPC_PMC_INSTR,
	IPC_PMC_TLBMEM,
};

/* How far the median of the kept runs can be trusted (stability.c). */
enum ipc_verdict {
	IPC_VERDICT_NONE,	/* fewer than two runs: nothing to judge */
	IPC_VERDICT_STABLE,
	IPC_VERDICT_NOISY,
	IPC_VERDICT_MULTIMODAL,
};

/* config_parse() and config_validate() results. */
enum ipc_config_error {
	IPC_CONFIG_OK = 0,
	IPC_CONFIG_USAGE = -1,		/* print the usage text */
	IPC_CONFIG_NOT_MULTIPLE = -2,	/* totalsize % buffersize != 0 */
	IPC_CONFIG_PIN_1THREAD = -3,	/* -c S,R apart in 1thread */
};

/* Counter state owned by pmc.c; opaque to everyone else. */
struct ipc_counters;

/* Declared in verify.h and sysinfo.h; held here by pointer only. */
struct ipc_verify;
struct ipc_sysinfo;

/* One row of a name table: user-visible name <-> enum value. */
struct ipc_name {
	const char	*in_name;
	int		 in_value;
};

/* What the binary is: set by ipc-static.c / ipc-dynamic.c. */
struct ipc_identity {
	const char	*id_progname;	/* "ipc-static" or "ipc-dynamic" */
	const char	*id_linkage;	/* "static" or "dynamic" */
};

/* CPU placement requested with -c; -1 means "not pinned". */
struct ipc_pinning {
	int		 pin_sender;
	int		 pin_receiver;
};

/* Parsed command line; never modified after config_parse(). */
struct ipc_config {
	const struct ipc_identity *ic_identity;
	enum ipc_mode	 ic_mode;	/* operand */
	enum ipc_type	 ic_type;	/* -i */
	enum ipc_pmcset	 ic_pmcset;	/* -P */
	size_t		 ic_buffersize;	/* -b */
	size_t		 ic_totalsize;	/* -t */
	unsigned int	 ic_port;	/* -p */
	bool		 ic_bare;	/* -B: no sync/sleep before timing */
	bool		 ic_quiet;	/* -q: print nothing */
	bool		 ic_sockbuf;	/* -s: SO_SNDBUF/SO_RCVBUF = buffersize */
	bool		 ic_verbose;	/* -v (or describe): describe the run */
	/* Extensions beyond the 2017–18 reference version. */
	bool		 ic_json;	/* -j: one JSON document on stdout */
	bool		 ic_rusage;	/* -g: getrusage deltas */
	bool		 ic_prefault;	/* -f: touch buffers before timing */
	bool		 ic_verify;	/* -V: check every byte received */
	bool		 ic_latency;	/* -l: ping-pong round trips */
	unsigned int	 ic_iterations;	/* -n: measured runs */
	unsigned int	 ic_warmup;	/* -w: discarded runs before those */
	struct ipc_pinning ic_pin;	/* -c: CPU placement */
};

/* How -v and -j name an IPC type's in-loop accounting. */
struct ipc_accounting {
	const char	*ac_recv;	/* "read", "memcpy out" */
	const char	*ac_send;	/* "write", "memcpy in" */
	const char	*ac_wait;	/* "would block", "waited" */
	const char	*ac_json;	/* what read_* and write_* count */
};

/* Buffers shared by every iteration of one process. */
struct ipc_buffers {
	char		*ib_read;
	char		*ib_write;
	size_t		 ib_len;
	const struct ipc_verify *ib_verify;	/* -V, else NULL */
	/* -l, else NULL: the echo side's buffer; the round-trip stamps. */
	char		*ib_echo;
	uint64_t	*ib_stamps;	/* round trips + 1, touched */
	size_t		 ib_stampslen;	/* bytes mapped for ib_stamps */
};

/*
 * Per-direction accounting done inside the loop (no tracer needed); read
 * it only after io_stats_settle() (iostats.h), as transfer_run() leaves it.
 */
struct ipc_io_stats {
	/* Whole calls of ios_runlen bytes not yet counted below (iostats.h). */
	uint64_t	 ios_run;
	size_t		 ios_runlen;
	uint64_t	 ios_calls;	/* read() or write() calls */
	uint64_t	 ios_short;	/* returned fewer bytes than asked */
	uint64_t	 ios_wouldblock; /* EAGAIN returns (1thread) */
	uint64_t	 ios_bytes;	/* bytes moved */
	uint64_t	 ios_hist[IPC_HIST_BUCKETS]; /* calls, by log2 of size */
	uint64_t	 ios_hist_bytes[IPC_HIST_BUCKETS]; /* bytes, likewise */
};

/* Resource usage of the process and its children across one run. */
struct ipc_rusage {
	struct timespec	 ru_utime;
	struct timespec	 ru_stime;
	long		 ru_minflt;
	long		 ru_majflt;
	long		 ru_nvcsw;
	long		 ru_nivcsw;
	long		 ru_msgsnd;
	long		 ru_msgrcv;
};

/* One counter result, named as L41 names it. */
struct ipc_counter {
	const char	*ctr_name;	/* L41 name, e.g. "L1_DCACHE_ACCESS" */
	const char	*ctr_event;	/* event used on this machine */
	uint64_t	 ctr_value;
	bool		 ctr_scaled;	/* multiplexed: value extrapolated */
};

/*
 * A value pmc.c derives from the counts (a ratio or a rate), computed
 * once before reporting.  Text prints it right after the counter
 * cs_ctr[dv_after] (as L41 prints each counter's ratios after it); JSON
 * prints every derived value after every counter, in list order.
 */
struct ipc_derived {
	char		 dv_name[IPC_DERIVED_NAMELEN];
	double		 dv_value;
	size_t		 dv_after;	/* index into cs_ctr[] */
};

/*
 * Counter results of one run: the counters of the set that exist on
 * this machine, in L41's report order, then the derived values; how
 * much of the run the least-scheduled counter ran (multiplexing), and
 * which event table was used and why (static strings).
 */
struct ipc_counters_sample {
	enum ipc_pmcset	 cs_set;
	size_t		 cs_count;
	struct ipc_counter cs_ctr[IPC_COUNTERS_MAX];
	size_t		 cs_nderived;
	struct ipc_derived cs_derived[IPC_DERIVED_MAX];
	double		 cs_running;	/* least running/enabled; 1: none scaled */
	const char	*cs_table;	/* event table: "cortex-a72", ... */
	const char	*cs_table_why;	/* why that table */
};

/*
 * What else the machine did while one run ran (-j, -v), read before and
 * after it, outside the timed region; -1 where this OS cannot say.
 */
struct ipc_noise {
	int64_t		 nz_steal_ms;	/* steal time, summed over CPUs */
	int64_t		 nz_ctxt;	/* context switches, whole machine */
	int64_t		 nz_nivcsw;	/* this run's involuntary switches */
};

/*
 * -l: what one run's per-round-trip stamps show (latency.c); times in ns.
 * lt_sum / lt_count is the mean; lt_hist, when not NULL, points at
 * IPC_LAT_BUCKETS counts owned by the caller.
 */
struct ipc_latency {
	uint64_t	 lt_count;	/* round trips stamped */
	uint64_t	 lt_sum;	/* the first stamp to the last */
	uint64_t	 lt_min;
	uint64_t	 lt_p50;
	uint64_t	 lt_p90;
	uint64_t	 lt_p99;
	uint64_t	 lt_p999;
	uint64_t	 lt_max;
	uint64_t	*lt_hist;
};

/* Everything measured in one run. */
struct ipc_sample {
	struct timespec	 is_time;	/* end stamp - start stamp */
	double		 is_kbytes_per_sec; /* filled by stats_results() */
	double		 is_usec_per_rt;	/* -l: likewise, time / round trips */
	struct ipc_latency is_latency;	/* -l: the per-round-trip stamps */
	struct ipc_io_stats is_read;
	struct ipc_io_stats is_write;
	uint64_t	 is_polls;	/* poll() waits (1thread) */
	struct ipc_rusage is_rusage;	/* -g */
	struct ipc_counters_sample is_counters; /* -P */
	int		 is_sndbuf;	/* granted by the kernel, -1 if n/a */
	int		 is_rcvbuf;
	int		 is_cpu_sender[2];	/* CPU at start, at end */
	int		 is_cpu_receiver[2];
	struct ipc_noise is_noise;	/* -j, -v */
	/* Filled by stats_results() from the stability verdict. */
	bool		 is_outlier;	/* outside Tukey's fences */
	size_t		 is_regime;	/* index into st_regime[] */
};

/* Summary statistics of a series of values (stats.c). */
struct ipc_summary {
	size_t		 sm_count;
	double		 sm_min;
	double		 sm_q1;
	double		 sm_median;
	double		 sm_q3;
	double		 sm_max;
	double		 sm_mean;
	double		 sm_stddev;	/* sample (n - 1) standard deviation */
};

/* One cluster of runs: a contiguous stretch of the sorted values. */
struct ipc_regime {
	size_t		 rg_count;
	double		 rg_median;
	double		 rg_min;
	double		 rg_max;
};

/*
 * The stability verdict over the kept runs' bandwidth (stability.c):
 * the figures it rests on, and the reason in words.
 */
struct ipc_stability {
	enum ipc_verdict st_verdict;
	size_t		 st_count;	/* runs judged */
	double		 st_cv;		/* stddev / mean */
	double		 st_iqr_ratio;	/* (q3 - q1) / median */
	double		 st_fence_lo;	/* Tukey: q1 - 1.5 IQR */
	double		 st_fence_hi;	/* Tukey: q3 + 1.5 IQR */
	size_t		 st_outliers;	/* runs outside the fences */
	size_t		 st_nregimes;	/* 1 unless multimodal */
	struct ipc_regime st_regime[IPC_REGIMES_MAX];	/* by value, rising */
	char		 st_reason[IPC_REASONLEN];
};

/*
 * What ipc_main() hands to the report after all runs: the kept samples
 * and their summaries, computed once by stats_results().
 */
struct ipc_results {
	const struct ipc_sample *rs_samples;	/* kept samples only */
	size_t		 rs_count;
	struct ipc_summary rs_bandwidth;	/* KBytes/sec */
	struct ipc_summary rs_latency;	/* -l: usec per round trip */
	struct ipc_summary rs_time;		/* seconds */
	struct ipc_stability rs_stability;	/* of the bandwidth */
	const struct ipc_sysinfo *rs_sysinfo;	/* NULL unless -v/describe */
};

/* main.c */
int	ipc_main(int argc, char *argv[], const struct ipc_identity *id);
int	config_parse(int argc, char *argv[], const struct ipc_identity *id,
	    struct ipc_config *cfg);
int	config_validate(const struct ipc_config *cfg);
int	parse_number(const char *s, unsigned long long min,
	    unsigned long long max, unsigned long long *valp);
int	parse_pinning(const char *s, struct ipc_pinning *pin);
void	usage(const struct ipc_identity *id);

/* names.c */
extern const struct ipc_name ipc_mode_names[];
extern const struct ipc_name ipc_type_names[];
extern const struct ipc_name ipc_pmcset_names[];
int	name_lookup(const struct ipc_name *table, const char *name);
const char *name_of(const struct ipc_name *table, int value);

/* endpoint.c (the rest of its interface is in transport.h) */
const struct ipc_accounting *endpoint_accounting(enum ipc_type type);

/* iostats.c (the loops' side is iostats.h) */
void	io_stats_add(struct ipc_io_stats *a, const struct ipc_io_stats *b);

/* transfer.c */
void	transfer_run(const struct ipc_config *cfg,
	    const struct ipc_buffers *buf, struct ipc_sample *sample);

/* pmc.c (its backends' interface is in pmc_backend.h) */
bool	counters_compiled(void);
void	counters_check(const struct ipc_config *cfg);
struct ipc_counters *counters_open(const struct ipc_config *cfg);
int	counters_begin(struct ipc_counters *ctrs);
int	counters_end(struct ipc_counters *ctrs);
void	counters_read(struct ipc_counters *ctrs,
	    struct ipc_counters_sample *cs);
void	counters_close(struct ipc_counters *ctrs);

/* stats.c */
double	*stats_sorted_copy(const double *values, size_t n);
double	stats_quantile(const double *sorted, size_t n, double p);
void	stats_summarize(const double *values, size_t n,
	    struct ipc_summary *sm);
double	sample_seconds(const struct ipc_sample *s);
double	sample_kbytes_per_sec(const struct ipc_config *cfg,
	    const struct ipc_sample *s);
double	sample_usec_per_roundtrip(const struct ipc_config *cfg,
	    const struct ipc_sample *s);
void	stats_results(const struct ipc_config *cfg, struct ipc_sample *samples,
	    size_t n, struct ipc_results *rs);

/* report.c and report_json.c: the text report, and the JSON report (-j) */
void	report_text(const struct ipc_config *cfg, const struct ipc_results *rs);
void	report_json(const struct ipc_config *cfg, const struct ipc_results *rs);

#endif /* !IPC_H */
