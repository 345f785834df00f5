#!/usr/sbin/dtrace -s
/*
 * profile.d: where does the time inside a run go, kernel and user?
 * The FreeBSD DTrace twin of profile.bt.
 *
 * Lab question: where is most of the time spent: which kernel paths copy
 * the data, take the faults, block and wake (the frequency of each
 * stack(), drawn as a flame graph)?
 *
 * Providers: syscall, profile (4999 Hz on every CPU, an odd rate so that
 * it does not beat with periodic work; a BeagleBone cannot sample that
 * fast: lower it there).  The process tree is progenyof($target), never
 * an execname match.
 *
 * Run as root, on a run long enough to sample:
 *	dtrace -s trace/profile.d -c 'ipc/ipc-static -B -q -t 1073741824 2thread'
 * and fold the output with stackcollapse.pl for flamegraph.pl.
 *
 * The bracket is process-wide, not per thread (see bracket.d): it opens
 * when a start stamp's clock_gettime returns in any thread of the tree
 * and closes when the next one is entered.  @stacks[run, tid, stack(),
 * ustack()] counts samples of the tree's threads on a CPU meanwhile.
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
}

syscall::clock_gettime:return
/self->stamp && stamps % 2 == 1 && !open/
{
	run++;
	open = 1;
	@sender[run] = max(tid);
}

syscall::clock_gettime:return
/self->stamp/
{
	self->stamp = 0;
}

profile:::profile-4999
/open && progenyof($target)/
{
	@stacks[run, tid, stack(), ustack()] = count();
}
