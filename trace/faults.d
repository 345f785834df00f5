#!/usr/sbin/dtrace -s
/*
 * faults.d: how many page faults does each thread take inside a run?
 * The FreeBSD DTrace twin of faults.bt.
 *
 * Lab question: what does vm_fault() cost the IPC loop?  By default the
 * buffers are untouched zero-filled memory, so the first pass through
 * them faults page by page; ipc-static -f touches both before the start
 * stamp, and the count inside the loop drops to about 0 (in 2proc too:
 * the child never maps the receiver's buffer, so the fork leaves nothing
 * there copy-on-write).
 *
 * Providers: syscall, fbt (vm_fault(), the machine-independent fault
 * handler every VM fault goes through, from the trap handler or from
 * the kernel holding user pages; fbt names can change between FreeBSD
 * releases).  The process tree is progenyof($target), never an execname
 * match.
 *
 * Run as root:
 *	dtrace -s trace/faults.d -c 'ipc/ipc-static -B -q -i pipe 2thread'
 *
 * The bracket is process-wide, not per thread (see bracket.d): it opens
 * when a start stamp's clock_gettime returns in any thread of the tree
 * and closes when the next one is entered.  @faults[run, tid] counts
 * the faults each thread takes meanwhile.
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

fbt::vm_fault:entry
/open && progenyof($target)/
{
	@faults[run, tid] = count();
}
