#!/usr/bin/env python3
"""Check the timing bracket of one ipc-static run from an strace log.

Usage: strace_bracket.py TRACE MODE BUFFERSIZE TOTALSIZE bare|nonbare

TRACE comes from `strace -f -qq -o TRACE BIN [-B] -q -b BUFFERSIZE -t
TOTALSIZE ... MODE` with every syscall traced (no -e trace= filter); the
last argument says whether -B was given.  Prints nothing and
exits 0 when every rule holds; otherwise prints one line per violation and
exits 1 (2 for a usage or parse error).

Ordering model.  strace -f writes one line per syscall, or an
"<unfinished ...>" line at syscall entry and a "<... NAME resumed>" line at
exit when another thread's event came in between.  A line's position is the
order in which strace saw the event; per thread it is program order, and
across threads it respects causality (a tracee stopped at an event cannot go
on until strace has logged it).  So:
  * the start stamp's exit is logged before any byte can be read, and a
    read that returns data is logged (at its exit) after it;
  * the end stamp's entry is logged after the receiver's last read, and a
    write must be entered before the data it sends is read.
A write's *return* may legitimately be logged after the end stamp in
2thread/2proc (the receiver can consume the last bytes and stamp before the
writer is scheduled back), so writes are checked at entry there and at exit
only in 1thread, where one thread does everything.

Rules:
  1. exactly two clock_gettime syscalls of CLOCK_MONOTONIC, the stamps,
     in the whole run (clock_gettime calls of other clock ids are the
     program's other clock reads, system calls where the C library's
     clock has no vDSO: no stamps);
  2. the transfer fds are the (process, fd) pairs of read-like/write-like
     calls that ask for exactly BUFFERSIZE bytes: one pair each; calls on
     that fd count from its last close before the first such call (fd
     numbers are reused, e.g. after the dynamic loader), and one thread
     does all the reads and one all the writes;
  3. bytes returned by writes on the write pair sum to TOTALSIZE, likewise
     reads on the read pair;
  4. the receiver (the thread doing the reads) takes the end stamp, the
     sender (the thread doing the writes) the start stamp;
  5. every read returning > 0 completes after the first clock_gettime
     returns and before the second is entered; every write returning > 0 is
     entered inside the same bracket (1thread: also completes inside);
  6. no other syscall of the receiving thread is entered inside the bracket
     (1thread may also write to its write fd and poll/select).  The sender
     stamps only after the receiver's "ready" byte, so this holds for bare
     runs too (it once failed there: glibc's sigmask restore after clone3
     and the close of the unused end after fork raced into the bracket);
  6b. between the start stamp and its last transfer write, the sender makes
     no syscall but those writes (program order, so exact in every run);
  7. no thread renames itself (prctl(PR_SET_NAME) or a write-open of a
     .../comm file), so `comm` stays the program name.
"""

import re
import sys

READS = {"read", "recvfrom", "recv"}
WRITES = {"write", "sendto", "send"}
POLLS = {"poll", "ppoll", "select", "pselect6", "_newselect",
         "epoll_wait", "epoll_pwait", "epoll_pwait2"}
CLOCKS = {"clock_gettime", "clock_gettime64"}
# The stamps read CLOCK_MONOTONIC, and every other clock read of the
# program another clock id: where the C library's clock is a system call
# (no vDSO), those reads show here too, and are no stamps.
STAMP = re.compile(r"\s*CLOCK_MONOTONIC\s*[,)]")

LINE = re.compile(r"^(\d+)\s+(.*)$")
RESUMED = re.compile(r"^<\.\.\. ([A-Za-z0-9_]+) resumed>(.*)$")
CALL = re.compile(r"^([A-Za-z0-9_?]+)\((.*)$")
UNFINISHED = " <unfinished ...>"


class Call:
    def __init__(self, tid, name, entry, line):
        self.tid = tid
        self.name = name
        self.entry = entry      # index of the entry event
        self.exit = None        # index of the exit event (None: never)
        self.text = ""          # "args) = ret ..." once complete
        self.line = line        # first line, for messages
        self.ret = None         # int, or None for "?" / unknown
        self.args = ""

    def finish(self, idx, rest):
        self.exit = idx
        self.text += rest
        m = re.match(r"^(.*)\)\s+=\s+(\S+)(.*)$", self.text, re.S)
        if m:
            self.args = m.group(1)
            try:
                self.ret = int(m.group(2), 0)
            except ValueError:
                self.ret = None
        else:
            self.args = self.text


def is_stamp(c):
    """c is a stamp: a clock_gettime system call of CLOCK_MONOTONIC."""
    return c.name in CLOCKS and STAMP.match(c.text) is not None


def split_args(args):
    """Split strace's argument text at top-level commas."""
    out, cur, depth, i, n = [], [], 0, 0, len(args)
    while i < n:
        c = args[i]
        if c == '"':
            j = i + 1
            while j < n and args[j] != '"':
                j += 2 if args[j] == "\\" else 1
            cur.append(args[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if cur:
        out.append("".join(cur).strip())
    return out


def parse(path):
    calls, pending = [], {}
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    for idx, raw in enumerate(lines):
        m = LINE.match(raw)
        if not m:
            continue
        tid, rest = int(m.group(1)), m.group(2)
        if rest.startswith("---") or rest.startswith("+++"):
            continue
        r = RESUMED.match(rest)
        if r:
            c = pending.pop(tid, None)
            if c is None:
                # Resumed without a seen entry (e.g. attach races): log it
                # as a call entered and finished here.
                c = Call(tid, r.group(1), idx, raw)
                calls.append(c)
            body = r.group(2)
            if body.startswith(UNFINISHED):
                body = body[len(UNFINISHED):]
            c.finish(idx, body)
            continue
        cm = CALL.match(rest)
        if not cm:
            continue
        c = Call(tid, cm.group(1), idx, raw)
        calls.append(c)
        body = cm.group(2)
        if UNFINISHED + ")" in body:
            # Killed while inside the call: "<unfinished ...>) = ?".
            c.finish(idx, body.replace(UNFINISHED, ""))
        elif body.endswith(UNFINISHED):
            c.text = body[:-len(UNFINISHED)]
            pending[tid] = c
        else:
            c.finish(idx, body)
    return calls, len(lines)


def thread_groups(calls):
    """Map each tid to its process (thread-group) id, from clone results."""
    tgid = {}
    if calls:
        tgid[calls[0].tid] = calls[0].tid
    for c in calls:
        if c.name not in ("clone", "clone3", "fork", "vfork") or \
                c.ret is None or c.ret <= 0:
            continue
        parent = tgid.setdefault(c.tid, c.tid)
        tgid[c.ret] = parent if "CLONE_THREAD" in c.args else c.ret
    return tgid


def fd_count(c):
    a = split_args(c.args)
    try:
        return int(a[0]), int(a[2])
    except (IndexError, ValueError):
        return None, None


def main():
    if len(sys.argv) != 6 or sys.argv[5] not in ("bare", "nonbare"):
        print("usage: strace_bracket.py TRACE MODE BUFFERSIZE TOTALSIZE "
              "bare|nonbare")
        return 2
    path, mode, bare = sys.argv[1], sys.argv[2], sys.argv[5] == "bare"
    bsize, tsize = int(sys.argv[3]), int(sys.argv[4])
    calls, nlines = parse(path)
    bad = []
    if not calls:
        print("no syscalls parsed from %s (%d lines)" % (path, nlines))
        return 2

    # 7: no renaming.
    for c in calls:
        if c.name == "prctl" and "PR_SET_NAME" in c.args:
            bad.append("thread renamed itself: %s" % c.line)
        if c.name in ("open", "openat") and re.search(r'/comm"', c.args) \
                and re.search(r"O_WRONLY|O_RDWR", c.args):
            bad.append("comm opened for writing: %s" % c.line)

    # 1: two stamps.
    clocks = [c for c in calls if is_stamp(c)]
    if len(clocks) != 2:
        bad.append("%d CLOCK_MONOTONIC clock_gettime syscalls, want 2: %s" % (
            len(clocks), "; ".join(c.line for c in clocks[:6])))
        print("\n".join(bad))
        return 1
    c1, c2 = clocks
    if c1.exit is None or c2.exit is None:
        bad.append("a clock_gettime did not return")
        print("\n".join(bad))
        return 1

    # 2: transfer pairs, keyed by process (fd tables are per process) and
    # fd; an fd number may have been used before (the dynamic loader reads
    # libraries on fd 3), so only calls after its last close count.
    tgid = thread_groups(calls)
    rpairs, wpairs = set(), set()
    first = {}
    for c in calls:
        if c.name in READS or c.name in WRITES:
            fd, cnt = fd_count(c)
            if cnt == bsize:
                key = (c.name in READS, tgid.get(c.tid, c.tid), fd)
                (rpairs if c.name in READS else wpairs).add(key[1:])
                first.setdefault(key, c.entry)
    if len(rpairs) != 1 or len(wpairs) != 1:
        bad.append("want one read and one write (process, fd) pair of "
                   "%d-byte calls; reads %s, writes %s" % (
                       bsize, sorted(rpairs), sorted(wpairs)))
        print("\n".join(bad))
        return 1
    rpair, wpair = rpairs.pop(), wpairs.pop()

    def generation(pair, is_read):
        start = first[(is_read,) + pair]
        gen = -1
        for c in calls:
            if c.entry >= start:
                break
            if c.name == "close" and tgid.get(c.tid, c.tid) == pair[0] \
                    and split_args(c.args)[:1] == [str(pair[1])]:
                gen = c.entry
        names = READS if is_read else WRITES
        return [c for c in calls if c.name in names and c.entry > gen
                and (tgid.get(c.tid, c.tid), fd_count(c)[0]) == pair]

    reads = generation(rpair, True)
    writes = generation(wpair, False)
    rtids = sorted({c.tid for c in reads if c.ret and c.ret > 0})
    wtids = sorted({c.tid for c in writes if c.ret and c.ret > 0})
    if len(rtids) != 1 or len(wtids) != 1:
        bad.append("want one reading and one writing thread; readers %s, "
                   "writers %s" % (rtids, wtids))
        print("\n".join(bad))
        return 1

    # 3: byte totals.
    rsum = sum(c.ret for c in reads if c.ret and c.ret > 0)
    wsum = sum(c.ret for c in writes if c.ret and c.ret > 0)
    if rsum != tsize:
        bad.append("reads on fd %d returned %d bytes, want %d" % (
            rpair[1], rsum, tsize))
    if wsum != tsize:
        bad.append("writes on fd %d returned %d bytes, want %d" % (
            wpair[1], wsum, tsize))

    # 4: who stamps.
    receiver, sender = rtids[0], wtids[0]
    if mode == "1thread" and receiver != sender:
        bad.append("1thread: reads in thread %d, writes in %d" % (
            receiver, sender))
    if mode != "1thread" and receiver == sender:
        bad.append("%s: reads and writes both in thread %d" % (mode, receiver))
    if c1.tid != sender:
        bad.append("start stamp taken by %d, not the sender %d: %s" % (
            c1.tid, sender, c1.line))
    if c2.tid != receiver:
        bad.append("end stamp taken by %d, not the receiver %d: %s" % (
            c2.tid, receiver, c2.line))

    # 5: the bracket.
    lo, hi = c1.exit, c2.entry
    for c in reads:
        if c.ret is not None and c.ret > 0 and not lo < c.exit < hi:
            bad.append("read outside the bracket (start stamp returns at "
                       "line %d, end stamp entered at line %d): line %d %s"
                       % (lo + 1, hi + 1, c.exit + 1, c.line))
    for c in writes:
        if c.ret is None or c.ret <= 0:
            continue
        last = c.exit if mode == "1thread" else c.entry
        if not lo < c.entry < hi or not lo < last < hi:
            bad.append("write outside the bracket (start stamp returns at "
                       "line %d, end stamp entered at line %d): line %d %s"
                       % (lo + 1, hi + 1, c.entry + 1, c.line))

    # 6: nothing else in the receiving thread inside the bracket.
    for c in calls:
        if c.tid != receiver or c is c2 or not lo < c.entry < hi:
            continue
        if c in reads:
            continue
        if mode == "1thread" and (c in writes or c.name in POLLS):
            continue
        bad.append("receiving thread %d makes another syscall inside the "
                   "bracket: line %d %s" % (receiver, c.entry + 1, c.line))

    # 6b: nothing but writes in the sender's loop.
    if mode != "1thread":
        hi6 = max(c.entry for c in writes)
        for c in calls:
            if c.tid == sender and lo < c.entry < hi6 and c not in writes:
                bad.append("sender %d makes another syscall inside its loop: "
                           "line %d %s" % (sender, c.entry + 1, c.line))

    if bad:
        print("\n".join(bad[:20]))
        if len(bad) > 20:
            print("... and %d more" % (len(bad) - 20))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
