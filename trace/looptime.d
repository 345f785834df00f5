#!/usr/sbin/dtrace -s
/*
 * looptime.d: how long is each run's timed loop, seen from the two
 * clock_gettime probes alone?  The FreeBSD DTrace twin of looptime.bt.
 *
 * Lab question: what does the benchmark's own "time:" measure, and how
 * far does tracing change it?  Instrument clock_gettime to delimit the
 * IPC loop and compare with ipc-static -v's time: (two probe firings a
 * run: the smallest probe effect of the set).
 *
 * Providers: syscall.  The process tree is progenyof($target), never an
 * execname match.
 *
 * Run as root:
 *	dtrace -s trace/looptime.d -c 'ipc/ipc-static -B -v -i pipe 2thread'
 *
 * The bracket is process-wide, not per thread (see bracket.d): it opens
 * when a start stamp's clock_gettime returns in any thread of the tree
 * and closes when the next one is entered.  @looptime_ns[run] is the
 * time between the two probes, a little shorter than the program's
 * time:, which also holds part of each clock_gettime call.
 */

#pragma D option quiet

/*
 * D resolves every name when it compiles a script, so every variable is
 * declared here, before the first clause that uses it.
 */
int stamps;		/* stamps entered so far */
int run;		/* the current run: 1, 2, ... */
int open;		/* 1 while a run's bracket is open */
self int stamp;		/* inside a stamp's clock_gettime */
uint64_t t_open;	/* when the bracket opened */

/*
 * The stamps are the clock_gettime calls of CLOCK_MONOTONIC (clock id 4
 * on FreeBSD).  The program's other clock reads (-l's per-round-trip
 * stamps, the TCP accept deadline) use other clock ids: where the C
 * library's clock is a system call (no user-space timecounter, as on
 * the BeagleBone's AM335x), they are clock_gettime calls too, and no
 * stamps.  Odd-numbered stamps start a run, even-numbered ones end it.
 */
syscall::clock_gettime:entry
/progenyof($target) && arg0 == 4/
{
	self->stamp = 1;
	stamps++;
}

syscall::clock_gettime:entry
/self->stamp && stamps % 2 == 0 && open/
{
	open = 0;
	@receiver[run] = max(tid);
	@looptime_ns[run] = sum(timestamp - t_open);
}

syscall::clock_gettime:return
/self->stamp && stamps % 2 == 1 && !open/
{
	run++;
	open = 1;
	@sender[run] = max(tid);
	t_open = timestamp;
}

syscall::clock_gettime:return
/self->stamp/
{
	self->stamp = 0;
}
