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
 * Private to the printer: what its three files share.  report.c
 * formats times for both reports; report_summary.c writes the closing
 * summary into either.  main.c calls only report_text() and
 * report_json(), in ipc.h.
 */

#ifndef REPORT_H
#define	REPORT_H

#include <stddef.h>
#include <time.h>

#include "ipc.h"
#include "json.h"

/* Room for one formatted time, "S.NNNNNNNNN". */
#define	IPC_TIMEBUF		48

const char *report_fmt_nsec(char *buf, size_t len, const struct timespec *ts);
const char *report_fmt_usec(char *buf, size_t len, const struct timespec *ts);
void	report_summary_text(const struct ipc_config *cfg,
	    const struct ipc_results *rs);
void	report_summary_json(struct json *js, const struct ipc_config *cfg,
	    const struct ipc_results *rs);

#endif /* !REPORT_H */
