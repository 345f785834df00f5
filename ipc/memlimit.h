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
 * Whether a run fits in memory (memlimit.c): how much this machine and
 * its cgroups let a run touch, what a run needs part by part, and the
 * parsers of the files those limits are read from.
 */

#ifndef MEMLIMIT_H
#define	MEMLIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "ipc.h"

/* How much memory a run may touch. */
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
	uint64_t	 mn_stack;	/* its stack pre-fault and pad */
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

#endif /* !MEMLIMIT_H */
