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
 * pmu-runas UID CMD [ARG ...]: run CMD as user and group UID, with no
 * supplementary groups and the environment kept, so that the guest of the
 * emulated-PMU leg (tests/pmu/) can show what an unprivileged user gets.
 * Busybox's su(1) would need a passwd file and reset the environment.
 */

#include <err.h>
#include <grp.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

/*
 * Drop groups, then the group and the user ID, and exec CMD.
 */
int
main(int argc, char *argv[])
{
	char *end;
	long id;

	if (argc < 3)
		errx(EX_USAGE, "usage: pmu-runas UID CMD [ARG ...]");
	id = strtol(argv[1], &end, 10);
	if (*end != '\0' || id < 1 || id > 65534)
		errx(EX_USAGE, "UID must be 1..65534");
	if (setgroups(0, NULL) < 0)
		err(EX_OSERR, "FAIL: setgroups");
	if (setgid((gid_t)id) < 0)
		err(EX_OSERR, "FAIL: setgid");
	if (setuid((uid_t)id) < 0)
		err(EX_OSERR, "FAIL: setuid");
	execvp(argv[2], argv + 2);
	err(EX_OSERR, "FAIL: exec %s", argv[2]);
}
