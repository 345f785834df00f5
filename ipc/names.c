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
 * The user-visible names of modes, IPC types and counter sets, one table
 * each (the names of the 2017–18 reference version, plus our extensions),
 * and the two look-ups every other file uses: parsing reads them, usage
 * and the report print them.  A leaf: it depends on nothing but ipc.h.
 */

#include <string.h>

#include "ipc.h"

const struct ipc_name ipc_mode_names[] = {
	{ "1thread",	IPC_MODE_1THREAD },
	{ "2thread",	IPC_MODE_2THREAD },
	{ "2proc",	IPC_MODE_2PROC },
	{ "describe",	IPC_MODE_DESCRIBE },
	{ NULL,		-1 },
};

const struct ipc_name ipc_type_names[] = {
	{ "pipe",	IPC_TYPE_PIPE },
	{ "local",	IPC_TYPE_LOCAL },
	{ "tcp",	IPC_TYPE_TCP },
	{ "shmem",	IPC_TYPE_SHMEM },
	{ NULL,		-1 },
};

const struct ipc_name ipc_pmcset_names[] = {
	{ "none",	IPC_PMC_NONE },
	{ "l1d",	IPC_PMC_L1D },
	{ "l1i",	IPC_PMC_L1I },
	{ "l2",		IPC_PMC_L2 },
	{ "mem",	IPC_PMC_MEM },
	{ "tlb",	IPC_PMC_TLB },
	{ "axi",	IPC_PMC_AXI },
	{ "sw",		IPC_PMC_SW },
	{ "cpi",	IPC_PMC_CPI },
	{ "arch",	IPC_PMC_ARCH },
	{ "dcache",	IPC_PMC_DCACHE },
	{ "instr",	IPC_PMC_INSTR },
	{ "tlbmem",	IPC_PMC_TLBMEM },
	{ NULL,		-1 },
};

/*
 * Look a user-visible name up in a table; -1 when it is not there.
 */
int
name_lookup(const struct ipc_name *table, const char *name)
{
	const struct ipc_name *n;

	for (n = table; n->in_name != NULL; n++)
		if (strcmp(n->in_name, name) == 0)
			return (n->in_value);
	return (-1);
}

/*
 * The user-visible name of an enum value; "invalid" as L41 prints.
 */
const char *
name_of(const struct ipc_name *table, int value)
{
	const struct ipc_name *n;

	for (n = table; n->in_name != NULL; n++)
		if (n->in_value == value)
			return (n->in_name);
	return ("invalid");
}
