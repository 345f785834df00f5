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
 * The stability verdict (stability.c): judging a series of values, where
 * one value falls against it (outlier, regime), the verdict's name, and
 * the runs' noise figures folded into its reason.  stats.c judges the
 * kept runs; the summary reports the verdict.
 */

#ifndef STABILITY_H
#define	STABILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

void	stability_judge(const double *values, size_t n, const char *unit,
	    struct ipc_stability *st);
bool	stability_is_outlier(const struct ipc_stability *st, double v);
size_t	stability_regime_of(const struct ipc_stability *st, double v);
const char *stability_verdict_name(enum ipc_verdict v);
void	stability_noise(struct ipc_stability *st,
	    const struct ipc_sample *samples, size_t n, bool lower_is_faster);

#endif /* !STABILITY_H */
