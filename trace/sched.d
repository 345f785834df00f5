#!/usr/sbin/dtrace -s
/*
 * sched.d: what does the scheduler do to each thread during a run?
 * The FreeBSD DTrace twin of sched.bt.
 *
 * Lab question: how do buffering and the scheduler interact?  Collect
 * on-CPU and off-CPU time and sleep/wakeup events per thread (pid and
 * tid kept apart), inside the IPC loop only.
 *
 * Providers: syscall, sched (sleep and preempt in the thread that is
 * about to leave the CPU, off-cpu and on-cpu around every switch, wakeup
 * with the woken thread and process as args[0] and args[1]).  The
 * process tree is progenyof($target), never an execname match; for a
 * woken thread, whose probe fires in its waker, it is $target or a child
 * of it (ipc-static's 2proc child).
 *
 * Run as root:
 *	dtrace -s trace/sched.d -c 'ipc/ipc-static -B -q -c 0 -i pipe 2thread'
 *
 * The bracket is process-wide, not per thread (see bracket.d): it opens
 * when a start stamp's clock_gettime returns in any thread of the tree
 * and closes when the next one is entered.  Per run and thread:
 *   @switch_blocked	went to sleep (blocked in read(), write(), ...);
 *   @switch_preempted	preempted while runnable;
 *   @wakeups		times the thread was woken;
 *   @migrations	times it came back on a different CPU;
 *   @oncpu_ns, @offcpu_ns	time on and off a CPU inside the bracket
 *			(intervals clipped at the start stamp; the closing
 *			thread's on-CPU time runs to the end stamp).
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
self uint64_t on_since;	/* this thread's last on-CPU */
self uint64_t off_since;	/* and off-CPU */
self int seen;		/* it has been on a CPU before */
self int last_cpu;	/* the CPU it last ran on */

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
	@oncpu_ns[run, tid] = sum(timestamp -
	    (self->on_since > t_open ? self->on_since : t_open));
	self->on_since = timestamp;
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

sched:::sleep
/open && progenyof($target)/
{
	@switch_blocked[run, tid] = count();
}

sched:::preempt
/open && progenyof($target)/
{
	@switch_preempted[run, tid] = count();
}

sched:::off-cpu
/open && progenyof($target)/
{
	@oncpu_ns[run, tid] = sum(timestamp -
	    (self->on_since > t_open ? self->on_since : t_open));
}

sched:::off-cpu
/progenyof($target)/
{
	self->off_since = timestamp;
}

sched:::on-cpu
/open && progenyof($target) && self->off_since/
{
	@offcpu_ns[run, tid] = sum(timestamp -
	    (self->off_since > t_open ? self->off_since : t_open));
}

sched:::on-cpu
/open && progenyof($target) && self->seen && self->last_cpu != cpu/
{
	@migrations[run, tid] = count();
}

sched:::on-cpu
/progenyof($target)/
{
	self->on_since = timestamp;
	self->last_cpu = cpu;
	self->seen = 1;
}

sched:::wakeup
/open && (args[1]->p_pid == $target || args[1]->p_pptr->p_pid == $target)/
{
	@wakeups[run, args[0]->td_tid] = count();
}
