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
 * The FreeBSD counter backend: libpmc process-mode counting PMCs
 * attached to ourselves with PMC_F_DESCENDANTS, as L41 did.  hwpmc lets
 * a descendant start and stop its ancestor's PMCs, so the 2proc child
 * can start them.  It does not multiplex process-mode PMCs, so readings
 * carry no times and nothing is ever scaled.  The whole file compiles on
 * FreeBSD only; pmc.c holds the policy.
 * XXX: written against pmc(3), pmc.soft(3) and the hwpmc sources; not yet
 * compiled or run on FreeBSD.
 */

#if defined(__FreeBSD__)

#include <sys/types.h>

#include <errno.h>
#include <pmc.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "pmc_backend.h"

/*
 * pmc_allocate() gained a sixth argument (the initial count) in FreeBSD
 * 12.  Rather than guess the __FreeBSD_version, let _Generic pick the
 * caller whose parameter type matches the installed <pmc.h>.
 */
typedef int	(*hwpmc_alloc6_t)(const char *, enum pmc_mode, uint32_t, int,
		    pmc_id_t *, uint64_t);
typedef int	(*hwpmc_alloc5_t)(const char *, enum pmc_mode, uint32_t, int,
		    pmc_id_t *);

static int	hwpmc_alloc6(hwpmc_alloc6_t fn, const char *spec,
		    pmc_id_t *idp);
static int	hwpmc_alloc5(hwpmc_alloc5_t fn, const char *spec,
		    pmc_id_t *idp);
static int	hwpmc_allocate(const char *spec, pmc_id_t *idp);
static int	hwpmc_prepare(const char **callp);
static int	hwpmc_open(const struct ctr_event *ev, uint64_t *handlep,
		    const char **callp);
static int	hwpmc_start(const uint64_t *handles, size_t n);
static int	hwpmc_stop(const uint64_t *handles, size_t n);
static int	hwpmc_read(uint64_t handle, struct ctr_reading *rd,
		    const char **callp);
static void	hwpmc_release(uint64_t handle);
static void	hwpmc_explain(char *buf, size_t len, const char *call,
		    const char *counter, const struct ctr_event *ev, int error);

const struct counters_backend counters_backend_native = {
	.cb_name = "hwpmc",
	.cb_family = CF_HWPMC,
	.cb_prepare = hwpmc_prepare,
	.cb_open = hwpmc_open,
	.cb_start = hwpmc_start,
	.cb_stop = hwpmc_stop,
	.cb_read = hwpmc_read,
	.cb_release = hwpmc_release,
	.cb_explain = hwpmc_explain,
};

/*
 * Call a six-argument pmc_allocate(), with an initial count of 0.
 */
static int
hwpmc_alloc6(hwpmc_alloc6_t fn, const char *spec, pmc_id_t *idp)
{

	return (fn(spec, PMC_MODE_TC, PMC_F_DESCENDANTS, PMC_CPU_ANY, idp, 0));
}

/*
 * Call a five-argument pmc_allocate() (FreeBSD 11 and before).
 */
static int
hwpmc_alloc5(hwpmc_alloc5_t fn, const char *spec, pmc_id_t *idp)
{

	return (fn(spec, PMC_MODE_TC, PMC_F_DESCENDANTS, PMC_CPU_ANY, idp));
}

/*
 * Allocate one process-mode counting PMC that follows descendants.
 */
static int
hwpmc_allocate(const char *spec, pmc_id_t *idp)
{

	return (_Generic(&pmc_allocate,
	    hwpmc_alloc6_t: hwpmc_alloc6,
	    default: hwpmc_alloc5)(&pmc_allocate, spec, idp));
}

/*
 * Connect to hwpmc(4); fails when the module is not loaded.
 */
static int
hwpmc_prepare(const char **callp)
{

	*callp = "pmc_init";
	return (pmc_init() < 0 ? -1 : 0);
}

/*
 * Allocate one PMC and attach it to this process.
 */
static int
hwpmc_open(const struct ctr_event *ev, uint64_t *handlep, const char **callp)
{
	pmc_id_t id;

	*callp = "pmc_allocate";
	if (hwpmc_allocate(ev->ce_spec, &id) < 0)
		return (-1);
	*callp = "pmc_attach";
	if (pmc_attach(id, 0) < 0)
		return (-1);
	*handlep = id;
	return (0);
}

/*
 * Start every PMC; 0, or -1 with errno.
 */
static int
hwpmc_start(const uint64_t *handles, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pmc_start((pmc_id_t)handles[i]) < 0)
			return (-1);
	return (0);
}

/*
 * Stop every PMC; 0, or -1 with errno.
 */
static int
hwpmc_stop(const uint64_t *handles, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pmc_stop((pmc_id_t)handles[i]) < 0)
			return (-1);
	return (0);
}

/*
 * The count of one PMC; no enabled/running times.
 */
static int
hwpmc_read(uint64_t handle, struct ctr_reading *rd, const char **callp)
{
	pmc_value_t v;

	*callp = "pmc_read";
	if (pmc_read((pmc_id_t)handle, &v) < 0)
		return (-1);
	rd->rd_value = v;
	rd->rd_enabled = rd->rd_running = 0;
	return (0);
}

/*
 * Release one PMC, which detaches it.
 */
static void
hwpmc_release(uint64_t handle)
{

	(void)pmc_release((pmc_id_t)handle);
}

/*
 * Why hwpmc refused: most often the module is not loaded, or the event
 * does not exist on this CPU.
 */
static void
hwpmc_explain(char *buf, size_t len, const char *call, const char *counter,
    const struct ctr_event *ev, int error)
{

	(void)error;
	if (counter == NULL)
		(void)snprintf(buf, len, "%s (is hwpmc loaded? kldload "
		    "hwpmc)", call);
	else if (strcmp(call, "pmc_allocate") == 0)
		(void)snprintf(buf, len, "%s %s (%s; the event must exist on "
		    "this CPU, which L41 assumes is a Cortex-A8)", call,
		    counter, ev->ce_spec);
	else
		(void)snprintf(buf, len, "%s %s", call, counter);
}

#endif /* __FreeBSD__ */
