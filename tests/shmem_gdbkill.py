#!/usr/bin/env python3
"""
Peer death at one exact instant, under a debugger, for tests/t_hard.sh.

usage: shmem_gdbkill.py BOUND LOCATION BINARY ARGS...

Start BINARY ARGS (a 2proc run long enough never to finish), attach gdb
to its child, stop the child at LOCATION (a gdb location; "FILE:/TEXT/"
stands for the line of FILE that holds TEXT) and kill it there, then
require the parent's exit 74 with "FAIL: sender process killed by signal
9 after N of M bytes" within BOUND seconds.  Prints one line; exits 0 if
so, 1 if not (or if FILE holds no line with TEXT: the test names a step
the source no longer has), 77 if the location does not exist in BINARY
or the child never reached it (a skip, not a pass).
"""

import os
import re
import signal
import subprocess
import sys
import time

EX_IOERR = 74
SKIP = 77


def resolve(loc):
    """FILE:/TEXT/ -> FILE:LINE, the first line of FILE holding TEXT."""
    m = re.fullmatch(r"(.+):/(.+)/", loc)
    if not m:
        return loc
    with open(m.group(1)) as f:
        for n, line in enumerate(f, 1):
            if m.group(2) in line:
                return "%s:%d" % (os.path.basename(m.group(1)), n)
    return None


def first_child(pid, seconds):
    """The first child of pid, waiting up to seconds; or None."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                c = f.read().split()
        except OSError:
            return None
        if c:
            return int(c[0])
        time.sleep(0.001)
    return None


def main(a):
    if len(a) < 3:
        sys.stderr.write(__doc__)
        return 64
    bound, loc, argv = float(a[0]), resolve(a[1]), a[2:]
    name = os.path.basename(argv[0])
    if loc is None:
        print("FAIL %s: no such line" % a[1])
        return 1
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    child = first_child(p.pid, 5)
    if child is None:
        p.kill()
        p.communicate()
        print("FAIL %s: no child appeared" % loc)
        return 1
    # A command file: a location gdb cannot resolve ends it there.
    script = "/tmp/shmem_gdbkill.%d.gdb" % os.getpid()
    with open(script, "w") as f:
        f.write("set pagination off\nset confirm off\n"
            "set breakpoint pending off\nbreak %s\ncontinue\nkill\n" % loc)
    try:
        g = subprocess.run(["gdb", "-q", "-batch", "-nx", "-p", str(child),
            "-x", script], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=60)
        out = g.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        out = "gdb timed out"
    finally:
        os.unlink(script)
    t0 = time.monotonic()
    hit = re.search(r"Breakpoint 1(\.\d+)?, ", out) is not None
    if not hit:
        try:
            os.kill(child, signal.SIGKILL)
        except OSError:
            pass
        p.kill()
        p.communicate()
        print("SKIP %s: the child never stopped there (%s)" % (loc,
            " / ".join(out.strip().splitlines()[-2:])))
        return SKIP
    try:
        _, err = p.communicate(timeout=bound)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        print("FAIL %s: the parent still ran %g s after its child was "
            "killed there" % (loc, bound))
        return 1
    ms = (time.monotonic() - t0) * 1000
    text = err.decode("utf-8", "replace").strip()
    want = r"%s: FAIL: sender process killed by signal 9 after \d+ of " \
        r"\d+ bytes" % re.escape(name)
    if p.returncode != EX_IOERR or not re.fullmatch(want, text):
        print("FAIL %s: exit %s, stderr %r" % (loc, p.returncode, text))
        return 1
    print("ok %s: the parent exited 74 %.0f ms after the kill" % (loc, ms))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
