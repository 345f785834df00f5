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
 * Private to the host description: the interface between sysinfo.c,
 * which owns the sections, the order of a walk and how an item is added,
 * and the per-OS probe tables (sysinfo_linux.c, sysinfo_freebsd.c,
 * sysinfo_other.c), exactly one of which is compiled in on each OS.  A
 * table lists its items in output order, each section's together; an
 * item is read from a file or sysctl (sysinfo_probe_source(), the OS
 * file's) or computed by a probe function.  Included by those files
 * only.
 */

#ifndef SYSINFO_PROBES_H
#define	SYSINFO_PROBES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc.h"
#include "sysinfo.h"

#define	UNKNOWN		IPC_SYSINFO_UNKNOWN

/* Page sizes listed in hw.pagesizes, at most. */
#define	SYSINFO_PAGESIZES_MAX	16

/* The sections, in output order. */
enum section {
	SEC_HW,
	SEC_OS,
	SEC_NET,
	SEC_RUN,
};

/* CPUs whose settings the run-conditions probes report, at most. */
#define	SYSINFO_CPUS_MAX	64

/* Probe flags. */
#define	P_NUMERIC	0x1	/* an integer ("unknown" if it is not one) */
#define	P_SIGNED	0x2	/* FreeBSD: a signed integer sysctl */
#define	P_OPTIONAL	0x4	/* left out, not "unknown", where absent */

/*
 * One item of the description: where its value comes from.  Without a
 * function, pr_source names a file whose first line is the value
 * (Linux), or the sysctl is the key itself (FreeBSD).
 */
struct probe {
	enum section	 pr_section;
	const char	*pr_key;
	const char	*pr_source;
	void		(*pr_fn)(struct ipc_sysinfo *si,
			    const struct probe *pr);
	int		 pr_flags;
};

/*
 * sysinfo.c: add an item (a NULL or empty value reads "unknown"; a
 * numeric one that is not an integer, too), an integer item (negative:
 * the probe failed), or hw.pagesizes from a list of sizes in bytes.
 */
void	sysinfo_add(struct ipc_sysinfo *si, enum section section,
	    const char *key, const char *value, bool numeric);
void	sysinfo_add_num(struct ipc_sysinfo *si, enum section section,
	    const char *key, intmax_t value);
void	sysinfo_add_pagesizes(struct ipc_sysinfo *si, const struct probe *pr,
	    uintmax_t *sizes, size_t n);

/* sysinfo.c: the probes every OS shares. */
void	sysinfo_probe_uname(struct ipc_sysinfo *si, const struct probe *pr);
void	sysinfo_probe_ncpu(struct ipc_sysinfo *si, const struct probe *pr);
void	sysinfo_probe_clockres(struct ipc_sysinfo *si,
	    const struct probe *pr);
void	sysinfo_probe_loopback(struct ipc_sysinfo *si,
	    const struct probe *pr);
void	sysinfo_probe_pinned(struct ipc_sysinfo *si, const struct probe *pr);
void	sysinfo_probe_loadavg(struct ipc_sysinfo *si,
	    const struct probe *pr);
void	sysinfo_probe_unknown(struct ipc_sysinfo *si,
	    const struct probe *pr);
size_t	sysinfo_cpus_in_use(const struct ipc_sysinfo *si, int *cpus,
	    size_t max);

/*
 * The OS file: its table, and how it reads an item that has no probe
 * function (a file on Linux, a sysctl on FreeBSD).
 */
extern const struct probe sysinfo_probes[];
extern const size_t sysinfo_probes_count;
void	sysinfo_probe_source(struct ipc_sysinfo *si, const struct probe *pr);

#endif /* !SYSINFO_PROBES_H */
