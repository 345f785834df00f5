#!/usr/sbin/dtrace -s
/*
 * bracket.d: which system calls does each run make between its two
 * clock_gettime stamps, and what sizes do read() and write() return?
 * The FreeBSD DTrace twin of bracket.bt; same analysis, same names.
 *
 * Lab question: how does changing the buffer size affect IPC
 * performance, and why?  (Counts of read() and write() per run, and the
 * quantize() of their return values: short reads and writes.)
 *
 * Providers: syscall.  The process tree is progenyof($target), the
 * command dtrace -c started and all its descendants, never an execname
 * match, so other ipc-static runs on the machine stay out.
 *
 * Run as root on a bare, quiet benchmark:
 *	dtrace -s trace/bracket.d -c 'ipc/ipc-static -B -q -i pipe 2thread'
 *
 * The bracket is process-wide, not per thread (a self-> flag would
 * never close in 2thread and 2proc, where the sender takes the start
 * stamp and the receiver the end stamp): it opens when a start stamp's
 * clock_gettime returns in any thread of the tree and closes when the
 * next stamp is entered.  Stamps alternate start, end, ...: with
 * -n N -w W there are N + W runs, keyed 1, 2, ... (the first W are the
 * warm-ups).  Inside a run:
 *   @syscalls[run, name]	calls entered inside the bracket (the stamps
 *			excluded), plus reads carried in;
 *   @carried_in[run]	reads already blocked when the bracket opened
 *			that returned inside it (the receiver's first read);
 *   @read_sizes, @read_bytes	reads that return inside the bracket;
 *   @write_sizes, @write_bytes	writes entered inside the bracket, sized
 *			when they return, even after the end stamp.
 * The receiver's one-byte "ready" write, entered before the start stamp,
 * is not part of the transfer and is not counted, so @read_bytes and
 * @write_bytes are both totalsize.  D clauses for one probe run in
 * program order, which the bracket logic below relies on.
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

/* Which run (0: none) this thread's current call was entered in. */
syscall:::entry
/progenyof($target)/
{
	self->in_run = (open && !self->stamp) ? run : 0;
}

syscall:::entry
/progenyof($target) && self->in_run/
{
	@syscalls[self->in_run, probefunc] = count();
}

/* Blocked before the start stamp, done inside: carried in. */
syscall::read:return
/progenyof($target) && self->in_run == 0 && open/
{
	self->in_run = run;
	@carried_in[run] = count();
	@syscalls[run, probefunc] = count();
}

syscall::read:return
/progenyof($target) && self->in_run/
{
	@read_sizes[self->in_run] = quantize((int64_t)arg0);
	@read_bytes[self->in_run] = sum((int64_t)arg0 > 0 ? arg0 : 0);
}

syscall::write:return
/progenyof($target) && self->in_run/
{
	@write_sizes[self->in_run] = quantize((int64_t)arg0);
	@write_bytes[self->in_run] = sum((int64_t)arg0 > 0 ? arg0 : 0);
}

syscall:::return
/self->in_run/
{
	self->in_run = 0;
}
