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
 * The host description (describe, -v) as sysinfo.c collects it and the
 * reports print it: its items, its sections, and the call that fills
 * them.  The per-OS probe tables behind it are in sysinfo_probes.h.
 */

#ifndef SYSINFO_H
#define	SYSINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

/* Entries the description may hold, their length, and its sections. */
#define	IPC_SYSINFO_MAX		64
#define	IPC_SYSINFO_VALUELEN	128
#define	IPC_SYSINFO_SECTIONS	4

/* What the host description says of a value it could not read. */
#define	IPC_SYSINFO_UNKNOWN	"unknown"

/* One line of the host description. */
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

void	sysinfo_collect(struct ipc_sysinfo *si, const struct ipc_pinning *pin);

#endif /* !SYSINFO_H */
