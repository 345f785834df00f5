#!/usr/bin/env python3
"""Checks for tests/t_libclock.sh: an `strace -f` log of one ipc-dynamic
command run where the C library's clock_gettime(3) is the system call
(tests/faultinject.so, IPCFI_CLOCK_SYSCALL=1), so that every clock read
of the program shows in the log, not only its stamps.

usage: libclock_check.py runs TRACE RUNS TOTALSIZE
       libclock_check.py latency TRACE ROUNDTRIPS

The brackets are found as every bracket consumer finds them: by the
clock_gettime calls of clock id CLOCK_MONOTONIC alone (the stamps), in
the order strace logged their entries, odd = start, even = end.  Both
modes first require at least one clock_gettime of another clock id in
the log: without it the library clock was not a system call and the
check could not fail.

  runs     a bandwidth command of RUNS runs (-n plus -w): 2 x RUNS
           stamps; in each bracket the start stamp is taken by the
           thread that writes and the end stamp by the one that reads;
           the reads that return data inside it (from the start stamp's
           return to the end stamp's entry) and the writes entered
           inside it move TOTALSIZE bytes each; no clock is read inside
           any bracket (a bandwidth loop reads none).
  latency  a -l command of one run: two stamps, in one thread; inside
           the bracket that thread reads another clock once before the
           first round trip and after each, always the same clock id,
           and does nothing else but send and receive: clock, then
           ROUNDTRIPS times (send, receive, clock).

Prints nothing and exits 0 when all holds; else the reason, exit 1.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strace_bracket import (CLOCKS, READS, WRITES, is_stamp,  # noqa: E402
                            parse, split_args)


def die(msg):
    print(msg)
    sys.exit(1)


def clock_id(c):
    a = split_args(c.args or c.text)
    return a[0] if a else "?"


def split(calls):
    """The stamps, and the other clock reads."""
    stamps = [c for c in calls if is_stamp(c)]
    others = [c for c in calls if c.name in CLOCKS and not is_stamp(c)]
    if not others:
        die("no clock_gettime system call but the stamps: the library "
            "clock was not made a system call, so nothing is tested")
    return stamps, others


def check_runs(path, runs, total):
    calls, _ = parse(path)
    stamps, others = split(calls)
    if len(stamps) != 2 * runs:
        die("%d CLOCK_MONOTONIC stamps, want %d (%d runs)" % (
            len(stamps), 2 * runs, runs))
    for k in range(runs):
        a, b = stamps[2 * k], stamps[2 * k + 1]
        if a.exit is None or b.exit is None:
            die("run %d: a stamp did not return" % (k + 1))
        lo, hi = a.exit, b.entry
        data = [c for c in calls if c.ret is not None and c.ret > 0 and
                (split_args(c.args)[:1] or ["0"])[0].isdigit() and
                int(split_args(c.args)[0]) > 2]
        reads = [c for c in data if c.name in READS and lo < c.exit < hi]
        writes = [c for c in data if c.name in WRITES and lo < c.entry < hi]
        rb, wb = sum(c.ret for c in reads), sum(c.ret for c in writes)
        if rb != total or wb != total:
            die("run %d: %d bytes read, %d written inside the bracket, "
                "want %d" % (k + 1, rb, wb, total))
        if {c.tid for c in writes} != {a.tid} or \
                {c.tid for c in reads} != {b.tid}:
            die("run %d: start stamp in %d, end stamp in %d; writers %s, "
                "readers %s" % (k + 1, a.tid, b.tid,
                                sorted({c.tid for c in writes}),
                                sorted({c.tid for c in reads})))
        inside = [c for c in others if lo < c.entry < hi]
        if inside:
            die("run %d: a clock read inside the bracket: %s" % (
                k + 1, inside[0].line))


def check_latency(path, rounds):
    calls, _ = parse(path)
    stamps, others = split(calls)
    if len(stamps) != 2:
        die("%d CLOCK_MONOTONIC stamps, want 2" % len(stamps))
    a, b = stamps
    if a.tid != b.tid:
        die("the stamps are in two threads (%d, %d)" % (a.tid, b.tid))
    inside = [c for c in calls if c.tid == a.tid and
              a.entry < c.entry < b.entry]
    ids = {clock_id(c) for c in inside if c.name in CLOCKS}
    if len(ids) != 1:
        die("clock ids read inside the bracket: %s, want one" %
            sorted(ids))
    word = "".join("c" if c.name in CLOCKS else "s" if c.name in WRITES
                   else "r" if c.name in READS else "?" for c in inside)
    if word != "c" + "src" * rounds:
        die("the first side's calls inside the bracket are not a clock "
            "read, then %d times (send, receive, clock read): %s" % (
                rounds, " ".join(c.name for c in inside[:12])))


# Each mode: its check, and how to read its arguments.
MODES = {"runs": (check_runs, (str, int, int)),
         "latency": (check_latency, (str, int))}


def main():
    mode = MODES.get(sys.argv[1] if len(sys.argv) > 1 else "")
    if mode is None or len(sys.argv) - 2 != len(mode[1]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    mode[0](*[kind(a) for kind, a in zip(mode[1], sys.argv[2:])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
