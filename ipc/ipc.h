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
 * The one project header: the types that carry data one way through the
 * program (flags -> config -> endpoints -> transfer -> sample -> results
 * -> report), the reference defaults of the 2017–18 reference version of
 * the L41 IPC benchmark, and the prototypes of every module, grouped by
 * the file that defines them.  It includes no OS-specific header.  The
 * counter backends' private interface is in pmc_backend.h.
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

/* Entries describe/-v may report, and the sections they come in. */
#define	IPC_SYSINFO_MAX		64
#define	IPC_SYSINFO_VALUELEN	128
#define	IPC_SYSINFO_SECTIONS	4

/* Regimes the stability verdict tells apart, and its reason's length. */
#define	IPC_REGIMES_MAX		8
#define	IPC_REASONLEN		512

/* Processors the /proc/cpuinfo reader keeps, and its field length. */
#define	IPC_CPUINFO_MAX		64
#define	IPC_CPUINFO_FIELDLEN	IPC_SYSINFO_VALUELEN

/* Room for one formatted time, "S.NNNNNNNNN". */
#define	IPC_TIMEBUF		48

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

/*
 * -V: the expected pattern for blocks of vf_block bytes (verify.c).
 * vf_table holds the body every block shares; the first vf_hdrlen bytes
 * of a block carry its number.  Messages of fewer than 8 bytes each carry
 * a part of one 8-byte block, so that block numbers never wrap.
 */
struct ipc_verify {
	size_t		 vf_msg;	/* buffersize: bytes per message */
	size_t		 vf_block;	/* pattern block: max(8, buffersize) */
	size_t		 vf_hdrlen;	/* header bytes: 8 */
	unsigned char	*vf_table;	/* vf_block bytes, header part unused */
};

/* The first wrong byte -V found. */
struct ipc_verify_mismatch {
	uint64_t	 vm_offset;	/* absolute offset in the stream */
	unsigned char	 vm_expected;
	unsigned char	 vm_seen;
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

/* A reading of the counters behind struct ipc_noise (resources.c). */
struct ipc_noise_mark {
	int64_t		 nm_steal_ticks;
	int64_t		 nm_ctxt;
	int64_t		 nm_nivcsw;
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

/* What the host description says of a value it could not read. */
#define	IPC_SYSINFO_UNKNOWN	"unknown"

/* One line of the host description (describe, -v). */
struct ipc_sysinfo_item {
	const char	*hi_key;	/* e.g. "kern.osrelease" */
	char		 hi_value[IPC_SYSINFO_VALUELEN];
	/*
	 * An integer key: a JSON number, or null where its value could
	 * not be read (hi_value is then IPC_SYSINFO_UNKNOWN).
	 */
	bool		 hi_numeric;
	/*
	 * A list: hi_value holds space-separated integers, which JSON
	 * emits as an array of {hi_each: N} objects (L41's libxo list
	 * instances, e.g. hw.pagesizes of "pagesize"); NULL otherwise.
	 */
	const char	*hi_each;
};

/* One section of the host description: si_items[first .. first+count). */
struct ipc_sysinfo_section {
	const char	*ss_json;	/* JSON container, "os_configuration" */
	const char	*ss_heading;	/* text heading, "OS configuration:" */
	size_t		 ss_first;
	size_t		 ss_count;
};

struct ipc_sysinfo {
	size_t		 si_count;
	struct ipc_sysinfo_item si_items[IPC_SYSINFO_MAX];
	struct ipc_sysinfo_section si_sections[IPC_SYSINFO_SECTIONS];
	struct ipc_pinning si_pin;	/* the run's -c: which CPUs it uses */
};

/* One processor's record in /proc/cpuinfo; "" where a field is absent. */
struct ipc_cpuinfo_cpu {
	char		 cc_implementer[IPC_CPUINFO_FIELDLEN]; /* "0x41" */
	char		 cc_part[IPC_CPUINFO_FIELDLEN];	/* "0xc08" */
	char		 cc_model_name[IPC_CPUINFO_FIELDLEN]; /* x86 style */
};

/* What /proc/cpuinfo says: per-processor records and the board fields. */
struct ipc_cpuinfo {
	size_t		 ci_count;	/* records kept in ci_cpu[] */
	struct ipc_cpuinfo_cpu ci_cpu[IPC_CPUINFO_MAX];
	char		 ci_model[IPC_CPUINFO_FIELDLEN];	/* "Model" */
	char		 ci_hardware[IPC_CPUINFO_FIELDLEN]; /* "Hardware" */
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

/* Minimal pretty-printing JSON writer state (json.c). */
struct json {
	int		 js_depth;
	bool		 js_first;	/* no member written yet at this depth */
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

/* resources.c */
struct rusage;
void	buffers_alloc(const struct ipc_config *cfg, struct ipc_buffers *buf);
void	buffers_free(struct ipc_buffers *buf);
size_t	stack_pad_len(const void *here);
void	stack_prefault(void);
void	rusage_take(struct rusage *self, struct rusage *children);
void	noise_mark(struct ipc_noise_mark *m);
void	noise_delta(const struct ipc_noise_mark *m0,
	    const struct ipc_noise_mark *m1, struct ipc_noise *nz);
void	rusage_delta(const struct rusage *self0, const struct rusage *child0,
	    const struct rusage *self1, const struct rusage *child1,
	    struct ipc_rusage *d);

/* transfer.c */
void	transfer_run(const struct ipc_config *cfg,
	    const struct ipc_buffers *buf, struct ipc_sample *sample);

/* pmc.c */
bool	counters_compiled(void);
void	counters_check(const struct ipc_config *cfg);
struct ipc_counters *counters_open(const struct ipc_config *cfg);
int	counters_begin(struct ipc_counters *ctrs);
int	counters_end(struct ipc_counters *ctrs);
void	counters_read(struct ipc_counters *ctrs,
	    struct ipc_counters_sample *cs);
void	counters_close(struct ipc_counters *ctrs);

/* cpuinfo.c */
void	cpuinfo_parse(const char *text, struct ipc_cpuinfo *ci);
int	cpuinfo_read(struct ipc_cpuinfo *ci);
bool	cpuinfo_all_match(const struct ipc_cpuinfo *ci,
	    unsigned long implementer, unsigned long part);
const char *cpuinfo_model(const struct ipc_cpuinfo *ci);

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

/* stability.c */
void	stability_judge(const double *values, size_t n, const char *unit,
	    struct ipc_stability *st);
bool	stability_is_outlier(const struct ipc_stability *st, double v);
size_t	stability_regime_of(const struct ipc_stability *st, double v);
const char *stability_verdict_name(enum ipc_verdict v);
void	stability_noise(struct ipc_stability *st,
	    const struct ipc_sample *samples, size_t n);

/* latency.c */
size_t	latency_bucket(uint64_t ns);
uint64_t latency_bucket_floor(size_t b);
uint64_t latency_percentile(const uint64_t *sorted, size_t n, unsigned int p);
void	latency_summarize(uint64_t *stamps, size_t rounds, uint64_t *hist,
	    struct ipc_latency *lt);

/* sysinfo.c */
void	sysinfo_collect(struct ipc_sysinfo *si, const struct ipc_pinning *pin);

/* report.c: the text report, and the time formats both reports use */
void	report_text(const struct ipc_config *cfg, const struct ipc_results *rs);
const char *report_fmt_nsec(char *buf, size_t len, const struct timespec *ts);
const char *report_fmt_usec(char *buf, size_t len, const struct timespec *ts);

/* report_json.c: the JSON report (-j) */
void	report_json(const struct ipc_config *cfg, const struct ipc_results *rs);

/* report_summary.c */
void	report_summary_text(const struct ipc_config *cfg,
	    const struct ipc_results *rs);
void	report_summary_json(struct json *js, const struct ipc_config *cfg,
	    const struct ipc_results *rs);

/* json.c */
void	json_begin(struct json *js);
void	json_end(struct json *js);
void	json_open(struct json *js, const char *key, char bracket);
void	json_close(struct json *js, char bracket);
void	json_str(struct json *js, const char *key, const char *value);
void	json_raw(struct json *js, const char *key, const char *value);
void	json_int(struct json *js, const char *key, intmax_t value);
void	json_u64(struct json *js, const char *key, uint64_t value);
void	json_double(struct json *js, const char *key, double value,
	    int decimals);

/* memlimit.c: how much memory a run may touch */
struct ipc_memlimit {
	uint64_t	 ml_avail;	/* bytes; UINT64_MAX: no limit known */
	char		 ml_what[512];	/* where ml_avail comes from */
};
/* What a run needs, part by part (UINT64_MAX: does not fit 64 bits). */
struct ipc_memneed {
	uint64_t	 mn_buffer;	/* one buffer, in whole pages */
	unsigned int	 mn_nbuffers;	/* read, write, -l echo, shmem's, -V */
	uint64_t	 mn_shmem;	/* shmem's region beyond its buffer */
	uint64_t	 mn_stamps;	/* -l: the round-trip stamps */
	uint64_t	 mn_sample;	/* one sample and its statistics */
	uint64_t	 mn_samples;	/* -n of them */
	uint64_t	 mn_pagetables;	/* for all of that, in each process */
	uint64_t	 mn_base;	/* the process itself, its child */
	uint64_t	 mn_margin;	/* for what the estimate misses */
	uint64_t	 mn_total;
};
uint64_t memlimit_needed(const struct ipc_config *cfg,
	    struct ipc_memneed *mn);
void	memlimit_probe(const char *root, struct ipc_memlimit *ml);
void	memlimit_check(const struct ipc_config *cfg);
int	memlimit_parse_value(const char *text, uint64_t *v);
int	memlimit_parse_field(const char *text, const char *key, uint64_t *v);
int	memlimit_cgroup_path(const char *text, const char *controller,
	    char *path, size_t len);

/* compat.c */
int	ipc_clock_now(struct timespec *ts);
int	ipc_clock_coarse(struct timespec *ts);
int	ipc_futex_wait(uint32_t *word, uint32_t val, bool shared, int ms);
int	ipc_futex_wake(uint32_t *word, bool shared);
void	ipc_getopt_reset(void);
void	timespec_sub(const struct timespec *a, const struct timespec *b,
	    struct timespec *res);
int	ipc_pin_thread(int cpu);
int	ipc_current_cpu(void);
void	*ipc_shared_page(size_t len);
void	ipc_machine_counts(int64_t *steal_ticks, int64_t *ctxt);

/* shmem.c */
struct ipc_shmem;
size_t	shmem_mapsize(size_t len);
struct ipc_shmem *shmem_open(size_t len, enum ipc_mode mode, bool prefault,
	    const char **what);
void	shmem_close(struct ipc_shmem *shm);
void	shmem_watch(struct ipc_shmem *shm, pid_t parent, pid_t child);
bool	shmem_reaped(const struct ipc_shmem *shm, int *status);
void	shmem_child_init(struct ipc_shmem *shm);
ssize_t	shmem_put(struct ipc_shmem *shm, const char *src,
	    struct ipc_io_stats *ios);
ssize_t	shmem_get(struct ipc_shmem *shm, char *dst,
	    struct ipc_io_stats *ios);
void	shmem_hangup(struct ipc_shmem *shm);

/* verify.c */
int	verify_init(struct ipc_verify *v, size_t block);
void	verify_free(struct ipc_verify *v);
void	verify_fill(const struct ipc_verify *v, char *buf);
void	verify_stamp(const struct ipc_verify *v, char *buf, uint64_t k);
unsigned char verify_byte(const struct ipc_verify *v, uint64_t off);
int	verify_check(const struct ipc_verify *v, uint64_t off, const char *p,
	    size_t len, struct ipc_verify_mismatch *vm);
int	ipc_no_inherit(void *p, size_t len);

#endif /* !IPC_H */
