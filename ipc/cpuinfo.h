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
 * The /proc/cpuinfo reader (cpuinfo.c): what it keeps of each processor
 * and of the board, and the questions the counters' table choice
 * (pmc.c) and the host description (sysinfo_linux.c) ask of it.
 */

#ifndef CPUINFO_H
#define	CPUINFO_H

#include <stdbool.h>
#include <stddef.h>

/* Processors the reader keeps. */
#define	IPC_CPUINFO_MAX		64

/*
 * Field length: that of a host-description value, which a model name
 * becomes (sysinfo_linux.c checks the two agree).
 */
#define	IPC_CPUINFO_FIELDLEN	128

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

void	cpuinfo_parse(const char *text, struct ipc_cpuinfo *ci);
int	cpuinfo_read(struct ipc_cpuinfo *ci);
bool	cpuinfo_all_match(const struct ipc_cpuinfo *ci,
	    unsigned long implementer, unsigned long part);
const char *cpuinfo_model(const struct ipc_cpuinfo *ci);

#endif /* !CPUINFO_H */
