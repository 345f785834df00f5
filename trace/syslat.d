#!/usr/sbin/dtrace -s
/*
 * syslat.d: how long does each system call take inside a run?
 * The FreeBSD DTrace twin of syslat.bt.
 *
 * Lab question: how does the buffer size change IPC performance, and
 * why?  quantize() the execution time of the system calls: a write that
 * must wait for the reader, a read that finds no data, or one that
 * copies a whole buffer show up as separate modes.
 *
 * Providers: syscall.  The process tree is progenyof($target), never an
 * execname match.
 *
 * Run as root:
 *	dtrace -s trace/syslat.d -c 'ipc/ipc-static -B -q -i pipe 2thread'
 *
 * The bracket is process-wide, not per thread (see bracket.d): it opens
 * when a start stamp's clock_gettime returns in any thread of the tree
 * and closes when the next one is entered.  @latency_ns[run, name] is
 * the quantize() of nanoseconds from entry to return of the same calls
 * bracket.d counts: those entered inside the bracket (the stamps
 * excluded), whenever they return, plus the receiver's first read,
 * already blocked when the bracket opened.
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
self int in_run;	/* the run this thread's call was entered in */
self uint64_t ts;	/* when this thread's call was entered */

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

syscall:::entry
/progenyof($target)/
{
	self->in_run = (open && !self->stamp) ? run : 0;
	self->ts = timestamp;
}

/* Blocked before the start stamp, done inside: carried in. */
syscall::read:return
/self->ts && self->in_run == 0 && open/
{
	self->in_run = run;
}

syscall:::return
/self->ts && self->in_run/
{
	@latency_ns[self->in_run, probefunc] = quantize(timestamp - self->ts);
}

syscall:::return
/self->ts/
{
	self->in_run = 0;
	self->ts = 0;
}
