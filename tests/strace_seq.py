#!/usr/bin/env python3
"""Reduce an `strace -f` log of one ipc-static run to the sequence of
system calls, per task, that the golden files under tests/golden/ hold.

Usage: strace_seq.py TRACE MODE TYPE BUFFERSIZE PORT

TRACE comes from `strace -f -qq -o TRACE BIN -B -q -b BUFFERSIZE ...
-p PORT -i TYPE MODE` with every system call traced.  Prints the
sequence on stdout (exit 0), or a reason on stdout and exits 2 when the
log cannot be read as one run.

What is compared, and why it is the same in every run of one binary:
  * The run's window: from the first of the two transfer buffers (the
    first private anonymous mmap() of exactly BUFFERSIZE bytes) to the
    end.  Before it come the C library's start-up and the memory check's
    probes of /proc and cgroup files, which belong to the machine.
  * One sequence per task, in that task's program order; tasks are named
    by who created them and in which order (T0, its first clone T0.1,
    ...), never by scheduling.  How two tasks' calls interleave is not
    compared.
  * Each call keeps its name, its descriptors, the sizes asked for and
    the value returned.  Addresses, times, process ids, the stack size
    the C library picks (MAP_STACK and its guard, the madvise() of a
    finished thread's stack, which follows the stack depth) and the
    ephemeral TCP port are replaced by fixed words; mapping lengths are
    given in pages, as the kernel maps them (the shared page that carries
    the 2proc sender's results is one page, whatever its struct's size);
    socket-buffer sizes read back with getsockopt() are the kernel's.
  * Dropped, because how many there are depends on the scheduler:
    futex() calls (contended locks, condition variables, pthread_join);
    poll() calls that time out (the slices of the TCP accept wait);
    signal and exit lines; a call a signal interrupted for the tracer
    (ptrace stops a task even for a signal it ignores, such as SIGCHLD
    from the 2proc child), which the kernel then issues again or resumes
    as restart_syscall (kept, under the interrupted call's name).
  * 1thread over TCP only: loopback TCP may hand a segment to the
    receiving socket after write() has returned (softirq work deferred
    under load), so a non-blocking read() can find nothing yet.  Between
    the two stamps (the clock_gettime calls of CLOCK_MONOTONIC) the
    EAGAIN returns and the poll() waits are dropped, and the writes and
    the reads are listed as two
    sequences (writes first), each in program order.  Pipes and local
    sockets deliver within write(), so their loops are compared as one
    exact sequence.
Sizes the tests pick make every transfer read return what the kernel
cannot split differently (see tests/t_strace.sh).
"""

import copy
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strace_bracket import is_stamp, parse, split_args  # noqa: E402

IO = {"read", "write", "recvfrom", "sendto", "recv", "send"}
CLOCKS = {"clock_gettime", "clock_gettime64"}
CLONES = {"clone", "clone3", "fork", "vfork"}
HEX = re.compile(r"0x[0-9a-fA-F]+")
TIMESPEC = re.compile(r"\{tv_sec=[^}]*\}")
PORT = re.compile(r"htons\((\d+)\)")
RESTART = re.compile(r"=\s+\?\s+ERESTART")


def retval(c):
    """The return text: "4096", "-1 EAGAIN", "?"."""
    m = re.search(r"\)\s+=\s+(\S+)(?:\s+([A-Z][A-Z0-9_]+))?", c.text[
        len(c.args):] if c.text.startswith(c.args) else c.text)
    if not m:
        return "?"
    if m.group(1) == "-1" and m.group(2):
        return "-1 " + m.group(2)
    return m.group(1)


def pages(length):
    """A mapping's length in pages, as the kernel maps it: "3p"."""
    page = os.sysconf("SC_PAGESIZE")
    return "%dp" % ((int(length) + page - 1) // page)


def strip(s):
    """Addresses and times out of an argument text."""
    return TIMESPEC.sub("{TIME}", HEX.sub("ADDR", s))


def token(c, label, port):
    """One call as the golden files spell it."""
    a = split_args(c.args)
    ret = retval(c)
    n = c.name
    if n in IO:
        return "%s(%s, %s) = %s" % (n, a[0], a[2] if len(a) > 2 else "?",
                                    ret)
    if n in CLOCKS:
        return "%s(%s)" % (n, a[0] if a else "?")
    if n in CLONES:
        flags = re.search(r"flags=([A-Z0-9_|]+)", c.args)
        return "%s(%s) = %s" % (n, flags.group(1) if flags else "",
                                label(c.ret))
    if n in ("wait4", "waitpid", "waitid"):
        who = label(int(a[0])) if a and a[0].lstrip("-").isdigit() else a[0]
        return "%s(%s, %s) = %s" % (n, who, ", ".join(a[1:]),
                                    label(c.ret) if c.ret and c.ret > 0
                                    else ret)
    if n in ("getpid", "getppid", "gettid"):
        return "%s() = %s" % (n, label(c.ret))
    if n in ("kill", "tgkill", "tkill"):
        return "%s(%s) = %s" % (n, ", ".join(
            label(int(x)) if x.isdigit() else x for x in a), ret)
    if n == "mmap":
        ln = "STACK" if "MAP_STACK" in c.args else pages(a[1])
        return "mmap(%s, %s, %s, %s, %s)" % (ln, a[2], a[3], a[4], a[5])
    if n == "mprotect":
        return "mprotect(%s) = %s" % (a[2], ret)
    if n == "madvise":
        ln = "N" if a[2] == "MADV_DONTNEED" else pages(a[1])
        return "madvise(%s, %s) = %s" % (ln, a[2], ret)
    if n == "getsockopt":
        # What the kernel grants depends on its build (sk_buff size) and
        # settings: the call is compared, the value is not.
        return "getsockopt(%s, %s, %s) = %s" % (a[0], a[1], a[2], ret)
    if n == "munmap":
        return "munmap(%s) = %s" % (pages(a[1]), ret)
    text = strip(c.args)
    text = PORT.sub(lambda m: "htons(%s)" % (
        "PORT" if int(m.group(1)) == port else "EPHEMERAL"), text)
    return "%s(%s) = %s" % (n, text, ret)


def main():
    if len(sys.argv) != 6:
        print("usage: strace_seq.py TRACE MODE TYPE BUFFERSIZE PORT")
        return 2
    path, mode, ipctype = sys.argv[1], sys.argv[2], sys.argv[3]
    bsize, port = int(sys.argv[4]), int(sys.argv[5])
    calls, _ = parse(path)
    if not calls:
        print("no system calls in %s" % path)
        return 2

    # The window opens at the read buffer's mmap() in the first task.
    root = calls[0].tid
    start = None
    for c in calls:
        if c.tid == root and c.name == "mmap" and c.ret is not None:
            a = split_args(c.args)
            if len(a) > 3 and a[1] == str(bsize) and \
                    a[3] == "MAP_PRIVATE|MAP_ANONYMOUS":
                start = c.entry
                break
    if start is None:
        print("no mmap of a %d-byte buffer in task %d" % (bsize, root))
        return 2

    # Tasks named by creator and creation order.
    names = {root: "T0"}
    made = {}
    for c in calls:
        if c.name in CLONES and c.ret is not None and c.ret > 0 and \
                c.tid in names:
            made[c.tid] = made.get(c.tid, 0) + 1
            names[c.ret] = "%s.%d" % (names[c.tid], made[c.tid])

    def label(pid):
        return names.get(pid, "PID") if pid is not None else "?"

    seqs = {}
    interrupted = {}
    for c in calls:
        if c.tid == root and c.entry < start:
            continue
        if c.tid not in names:
            print("task %d was not created by the run" % c.tid)
            return 2
        restart = RESTART.search(c.text[len(c.args):])
        if restart:
            # A signal stopped the call for the tracer (even one the
            # program ignores, as SIGCHLD from the 2proc child): the
            # kernel issues it again, or resumes it as restart_syscall.
            interrupted[c.tid] = c
            continue
        if c.name == "restart_syscall" and c.tid in interrupted:
            resumed = copy.copy(interrupted.pop(c.tid))
            resumed.text = resumed.args + c.text[len(c.args):]
            resumed.finish(c.exit, "")
            c = resumed
        ret = retval(c)
        if c.name == "futex":
            continue
        if c.name in ("poll", "ppoll") and ret == "0":
            continue
        seqs.setdefault(c.tid, []).append((c, token(c, label, port)))

    for tid in sorted(seqs, key=lambda t: [int(x) for x in
                                          names[t][1:].split(".")]):
        seq = seqs[tid]
        if mode == "1thread" and ipctype == "tcp":
            seq = split_waits(seq)
        for _, tok in seq:
            print("%s %s" % (names[tid], tok))
    return 0


def split_waits(seq):
    """1thread TCP: inside the bracket, no waits, writes before reads."""
    clocks = [i for i, (c, _) in enumerate(seq) if is_stamp(c)]
    if len(clocks) != 2:
        return seq
    lo, hi = clocks
    inside = [(c, t) for c, t in seq[lo + 1:hi]
              if c.name not in ("poll", "ppoll", "select", "pselect6")
              and not retval(c).startswith("-1 EAGAIN")]
    writes = [(c, t) for c, t in inside if c.name not in
              ("read", "recvfrom", "recv")]
    reads = [(c, t) for c, t in inside if c.name in
             ("read", "recvfrom", "recv")]
    return seq[:lo + 1] + writes + reads + seq[hi:]


if __name__ == "__main__":
    sys.exit(main())
