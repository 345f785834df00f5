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
 * -i shmem's shared region (shmem.c): its size, opening and closing it,
 * watching the peer, and moving one message in or out.  Opaque to its
 * callers; transport_shmem.c makes it an IPC type.
 */

#ifndef SHMEM_H
#define	SHMEM_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

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

#endif /* !SHMEM_H */
