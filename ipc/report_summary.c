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
 * The printer's summary part (report.c and report_json.c call it): what
 * -v prints after the last run and what -j puts in benchmark_summary,
 * from the summaries and the stability verdict stats.c computed.  Beyond
 * L41, whose report was one rate line per run.
 */

#include <stdio.h>

#include "ipc.h"
#include "json.h"
#include "report.h"
#include "stability.h"

static void	text_runs(const struct ipc_results *rs, bool outliers,
		    size_t regime);
static void	json_summary(struct json *js, const char *key,
		    const struct ipc_summary *sm, int decimals);
static void	json_runs(struct json *js, const char *key,
		    const struct ipc_results *rs, bool outliers, size_t regime);
static void	json_stability(struct json *js, const struct ipc_results *rs,
		    int decimals);

/*
 * The run numbers (from 1, in the order they ran) of the outliers, or of
 * the runs in one regime.
 */
static void
text_runs(const struct ipc_results *rs, bool outliers, size_t regime)
{
	const struct ipc_sample *s;
	const char *sep;
	size_t i;

	sep = "";
	for (i = 0; i < rs->rs_count; i++) {
		s = &rs->rs_samples[i];
		if (outliers ? !s->is_outlier : s->is_regime != regime)
			continue;
		printf("%s%zu", sep, i + 1);
		sep = ", ";
	}
	if (sep[0] == '\0')
		printf("none");
	printf("\n");
}

/*
 * -v with several runs: the summaries of the kept samples (with -l the
 * time per round trip stands where the bandwidth does), then the
 * stability verdict on that figure, what it rests on, and each regime.
 */
void
report_summary_text(const struct ipc_config *cfg,
    const struct ipc_results *rs)
{
	const struct ipc_summary *bw = &rs->rs_bandwidth, *t = &rs->rs_time;
	const struct ipc_stability *st = &rs->rs_stability;
	const struct ipc_regime *rg;
	const char *unit;
	size_t r;
	int d;

	unit = cfg->ic_latency ? "usec/round-trip" : "KBytes/sec";
	d = cfg->ic_latency ? 3 : 2;
	printf("Summary of %zu samples (warm-up runs discarded: %u):\n",
	    t->sm_count, cfg->ic_warmup);
	if (cfg->ic_latency)
		bw = &rs->rs_latency;
	printf("  %s: median %.*F, q1 %.*F, q3 %.*F, min %.*F, max %.*F, "
	    "mean %.*F, stddev %.*F %s\n", cfg->ic_latency ? "latency" :
	    "bandwidth", d, bw->sm_median, d, bw->sm_q1, d, bw->sm_q3, d,
	    bw->sm_min, d, bw->sm_max, d, bw->sm_mean, d, bw->sm_stddev,
	    unit);
	printf("  time: median %.9F, q1 %.9F, q3 %.9F, min %.9F, max %.9F, "
	    "mean %.9F, stddev %.9F seconds\n", t->sm_median, t->sm_q1,
	    t->sm_q3, t->sm_min, t->sm_max, t->sm_mean, t->sm_stddev);
	printf("  stability: %s: %s\n",
	    stability_verdict_name(st->st_verdict), st->st_reason);
	printf("  spread: CV %.6F, IQR/median %.6F, Tukey's fences %.*F and "
	    "%.*F %s\n", st->st_cv, st->st_iqr_ratio, d, st->st_fence_lo, d,
	    st->st_fence_hi, unit);
	printf("  outlier runs: ");
	text_runs(rs, true, 0);
	if (st->st_nregimes < 2)
		return;
	for (r = 0; r < st->st_nregimes; r++) {
		rg = &st->st_regime[r];
		printf("  regime %zu: %zu runs, median %.*F, min %.*F, max %.*F "
		    "%s, runs ", r + 1, rg->rg_count, d, rg->rg_median, d,
		    rg->rg_min, d, rg->rg_max, unit);
		text_runs(rs, false, r);
	}
}

/*
 * One summary of benchmark_summary.
 */
static void
json_summary(struct json *js, const char *key, const struct ipc_summary *sm,
    int decimals)
{

	json_open(js, key, '{');
	json_u64(js, "count", sm->sm_count);
	json_double(js, "median", sm->sm_median, decimals);
	json_double(js, "q1", sm->sm_q1, decimals);
	json_double(js, "q3", sm->sm_q3, decimals);
	json_double(js, "min", sm->sm_min, decimals);
	json_double(js, "max", sm->sm_max, decimals);
	json_double(js, "mean", sm->sm_mean, decimals);
	json_double(js, "stddev", sm->sm_stddev, decimals);
	json_close(js, '{');
}

/*
 * A JSON list of run numbers, as text_runs() selects them.
 */
static void
json_runs(struct json *js, const char *key, const struct ipc_results *rs,
    bool outliers, size_t regime)
{
	const struct ipc_sample *s;
	size_t i;

	json_open(js, key, '[');
	for (i = 0; i < rs->rs_count; i++) {
		s = &rs->rs_samples[i];
		if (outliers ? s->is_outlier : s->is_regime == regime)
			json_u64(js, NULL, i + 1);
	}
	json_close(js, '[');
}

/*
 * benchmark_summary's stability object.  With one run only the verdict
 * "none", its reason and the count: there is nothing else to say.
 */
static void
json_stability(struct json *js, const struct ipc_results *rs, int decimals)
{
	const struct ipc_stability *st = &rs->rs_stability;
	const struct ipc_regime *rg;
	size_t r;

	json_open(js, "stability", '{');
	json_str(js, "verdict", stability_verdict_name(st->st_verdict));
	json_str(js, "reason", st->st_reason);
	json_u64(js, "count", st->st_count);
	if (st->st_verdict != IPC_VERDICT_NONE) {
		json_double(js, "cv", st->st_cv, 6);
		json_double(js, "iqr_ratio", st->st_iqr_ratio, 6);
		json_double(js, "fence_low", st->st_fence_lo, decimals);
		json_double(js, "fence_high", st->st_fence_hi, decimals);
		json_u64(js, "outliers", st->st_outliers);
		json_runs(js, "outlier_runs", rs, true, 0);
		json_open(js, "regimes", '[');
		for (r = 0; r < st->st_nregimes; r++) {
			rg = &st->st_regime[r];
			json_open(js, NULL, '{');
			json_u64(js, "count", rg->rg_count);
			json_double(js, "median", rg->rg_median, decimals);
			json_double(js, "min", rg->rg_min, decimals);
			json_double(js, "max", rg->rg_max, decimals);
			json_runs(js, "runs", rs, false, r);
			json_close(js, '{');
		}
		json_close(js, '[');
	}
	json_close(js, '{');
}

/*
 * benchmark_summary: the bandwidth (with -l the latency: usec per round
 * trip) and time summaries, and the verdict on the first.
 */
void
report_summary_json(struct json *js, const struct ipc_config *cfg,
    const struct ipc_results *rs)
{

	json_open(js, "benchmark_summary", '{');
	if (cfg->ic_latency)
		json_summary(js, "latency", &rs->rs_latency, 3);
	else
		json_summary(js, "bandwidth", &rs->rs_bandwidth, 2);
	json_summary(js, "time", &rs->rs_time, 9);
	json_stability(js, rs, cfg->ic_latency ? 3 : 2);
	json_close(js, '{');
}
