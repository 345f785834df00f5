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
 * Unit tests of the transport interface (ipc/transport.h) as the loops
 * use it, for every IPC type, simplex and duplex, with blocking
 * (2thread) and non-blocking (1thread) sides: a message from the
 * sender's side arrives whole at the receiver's, accounted on both; a
 * duplex object carries one back; a non-blocking side with nothing to
 * receive says so instead of waiting; a side that hangs up is seen as
 * end of file.  Each case runs in a child, since opening exits on
 * failure (a TCP port that is taken moves the case to the next port).
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "iostats.h"
#include "transport.h"
#include "unit.h"

/* The message size, and the TCP port offset these tests start from. */
#define	TT_LEN		64
#define	TT_PORTN	1490

struct tt_case {
	enum ipc_type	 tc_type;
	enum ipc_mode	 tc_mode;
	bool		 tc_duplex;
	unsigned int	 tc_port;
};

static int	tt_failed;

static void	tt_check(bool ok, const char *what);
static ssize_t	tt_recv_all(const struct transport *tr, struct ipc_end *e,
		    char *buf, size_t len, struct ipc_io_stats *ios);
static void	tt_one_way(const struct transport *tr, struct ipc_end *from,
		    struct ipc_end *to, char c);
static void	tt_child(void *arg);
static void	tt_run(struct tt_case *tc);

/*
 * In the child: note a failed check on stderr for the parent.
 */
static void
tt_check(bool ok, const char *what)
{

	if (!ok) {
		fprintf(stderr, "%s\n", what);
		tt_failed++;
	}
}

/*
 * Receive exactly len bytes into buf, waiting (tr_wait) whenever a
 * non-blocking side has nothing yet.  Returns len, 0 at end of file, or
 * -1 on failure.
 */
static ssize_t
tt_recv_all(const struct transport *tr, struct ipc_end *e, char *buf,
    size_t len, struct ipc_io_stats *ios)
{
	size_t done;
	ssize_t n;

	for (done = 0; done < len; done += (size_t)n) {
		n = tr->tr_recv(e, buf + done, len - done, ios);
		if (n == -1 && errno == EAGAIN) {
			if (tr->tr_wait(e, NULL) == -1)
				return (-1);
			n = 0;
			continue;
		}
		if (n <= 0)
			return (n);
	}
	return ((ssize_t)len);
}

/*
 * One message of TT_LEN bytes of c from side from to side to, checked
 * with its accounting.
 */
static void
tt_one_way(const struct transport *tr, struct ipc_end *from,
    struct ipc_end *to, char c)
{
	struct ipc_io_stats out, in;
	char sbuf[TT_LEN], rbuf[TT_LEN];

	memset(&out, 0, sizeof(out));
	memset(&in, 0, sizeof(in));
	memset(sbuf, c, sizeof(sbuf));
	memset(rbuf, 0, sizeof(rbuf));
	tt_check(tr->tr_send(from, sbuf, TT_LEN, &out) == TT_LEN,
	    "send moves the whole message");
	tt_check(tt_recv_all(tr, to, rbuf, TT_LEN, &in) == TT_LEN,
	    "receive gets the whole message");
	tt_check(memcmp(sbuf, rbuf, TT_LEN) == 0, "the bytes arrive intact");
	io_stats_settle(&out);
	io_stats_settle(&in);
	tt_check(out.ios_calls == 1 && out.ios_bytes == TT_LEN,
	    "the send is accounted");
	tt_check(in.ios_bytes == TT_LEN && in.ios_calls >= 1,
	    "the receive is accounted");
}

/*
 * One case, in a child: open, move messages, hang up, close.
 */
static void
tt_child(void *arg)
{
	const struct tt_case *tc = arg;
	const struct transport *tr;
	struct ipc_config cfg;
	struct ipc_endpoints ep;
	struct ipc_io_stats ios;
	char buf[TT_LEN];
	ssize_t n;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ic_type = tc->tc_type;
	cfg.ic_mode = tc->tc_mode;
	cfg.ic_buffersize = cfg.ic_totalsize = TT_LEN;
	cfg.ic_port = tc->tc_port;
	cfg.ic_pin.pin_sender = cfg.ic_pin.pin_receiver = -1;
	endpoint_open(&cfg, tc->tc_duplex, &ep);
	tr = ep.ep_tr;
	tt_check(strcmp(tr->tr_name, name_of(ipc_type_names,
	    (int)tc->tc_type)) == 0, "the transport is -i's type");
	tt_check(tr->tr_acct == endpoint_accounting(tc->tc_type),
	    "report.c gets the type's accounting labels");
	memset(&ios, 0, sizeof(ios));
	if (tc->tc_mode == IPC_MODE_1THREAD) {
		/* Nothing sent yet: a 1thread side must not wait for it. */
		n = tr->tr_recv(&ep.ep_receiver, buf, TT_LEN, &ios);
		tt_check(n == -1 && (errno == EAGAIN ||
		    tc->tc_type == IPC_TYPE_SHMEM), "1thread never blocks");
	}
	tt_one_way(tr, &ep.ep_sender, &ep.ep_receiver, 's');
	if (tc->tc_duplex)
		tt_one_way(tr, &ep.ep_receiver, &ep.ep_sender, 'r');
	tr->tr_hangup(&ep.ep_sender);
	tt_check(tt_recv_all(tr, &ep.ep_receiver, buf, TT_LEN, &ios) == 0,
	    "a hang-up is seen as end of file");
	endpoint_close(&ep);
	_exit(tt_failed == 0 ? 0 : 1);
}

/*
 * Run one case in a child and count it; a TCP port that is taken moves
 * the case on to the next port.
 */
static void
tt_run(struct tt_case *tc)
{
	char name[128], errbuf[1024];
	int status, tries;

	snprintf(name, sizeof(name), "transport-%s-%s-%s",
	    name_of(ipc_type_names, (int)tc->tc_type),
	    name_of(ipc_mode_names, (int)tc->tc_mode),
	    tc->tc_duplex ? "duplex" : "simplex");
	tries = 0;
	do {
		tc->tc_port++;
		status = unit_child(tt_child, tc, errbuf, sizeof(errbuf));
	} while (strstr(errbuf, "FAIL: bind") != NULL && ++tries < 5);
	if (errbuf[0] != '\0')
		printf("# %s: %s", name, errbuf);
	UNIT_CHECK(name, WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    errbuf[0] == '\0');
}

void
unit_transport_tests(void)
{
	static const enum ipc_type types[] = { IPC_TYPE_PIPE, IPC_TYPE_LOCAL,
	    IPC_TYPE_TCP, IPC_TYPE_SHMEM };
	static const enum ipc_mode modes[] = { IPC_MODE_1THREAD,
	    IPC_MODE_2THREAD };
	struct tt_case tc;
	const char *base;
	size_t t, m;
	int d;

	base = getenv("IPC_TEST_PORT");
	tc.tc_port = (base != NULL ? (unsigned int)atoi(base) :
	    20000 + (unsigned int)getpid() % 9000) + TT_PORTN;
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
		for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
			for (d = 0; d < 2; d++) {
				tc.tc_type = types[t];
				tc.tc_mode = modes[m];
				tc.tc_duplex = d != 0;
				tt_run(&tc);
			}
}
