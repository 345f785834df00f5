#!/usr/bin/env python3
"""
Peer death at random instants, for tests/t_hard.sh (Linux: reads /proc).

usage: shmem_kill.py child|parent COUNT SEED BOUND MAXDELAY_MS BINARY ARGS...

COUNT times: start BINARY ARGS (a 2proc run long enough never to finish),
wait for its child, sleep a random 0..MAXDELAY_MS ms (fixed SEED), then
SIGKILL the child (or the parent) and require, within BOUND seconds, the
parent's exit 74 with "FAIL: sender process killed by signal 9 after N of
M bytes" (or the child's end).  Prints one line per failure and, last,
"COUNT instants: N exits within BOUND s (slowest T ms)"; exits 0 if and
only if every instant ended so.
"""

import os
import random
import re
import signal
import subprocess
import sys
import time

EX_IOERR = 74


def children(pid):
    """The pids whose parent is pid."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        pass
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        if int(st[st.rindex(")") + 2:].split()[1]) == pid:
            found.append(int(d))
    return found


def alive(pid):
    """pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return False
    return st[st.rindex(")") + 2:].split()[0] != "Z"


def one(who, bound, delay, argv, name):
    """One instant; returns (ok, ms, why)."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    child = None
    t_end = time.monotonic() + 5
    while child is None and time.monotonic() < t_end:
        c = children(p.pid)
        if c:
            child = c[0]
        elif p.poll() is not None:
            break
        else:
            time.sleep(0.0005)
    if child is None:
        p.kill()
        p.wait()
        return (False, 0, "no child appeared (exit %s)" % p.returncode)
    time.sleep(delay)
    t0 = time.monotonic()
    if who == "child":
        os.kill(child, signal.SIGKILL)
        try:
            _, err = p.communicate(timeout=bound)
        except subprocess.TimeoutExpired:
            p.kill()
            os.kill(child, signal.SIGKILL) if alive(child) else None
            p.communicate()
            return (False, bound * 1000, "the parent still ran %g s after "
                "its child was killed" % bound)
        ms = (time.monotonic() - t0) * 1000
        text = err.decode("utf-8", "replace").strip()
        want = r"%s: FAIL: sender process killed by signal 9 after \d+ " \
            r"of \d+ bytes" % re.escape(name)
        if p.returncode != EX_IOERR or not re.fullmatch(want, text):
            return (False, ms, "exit %s, stderr %r" % (p.returncode, text))
        return (True, ms, "")
    os.kill(p.pid, signal.SIGKILL)
    p.communicate()
    while alive(child) and time.monotonic() - t0 < bound:
        time.sleep(0.001)
    ms = (time.monotonic() - t0) * 1000
    if alive(child):
        os.kill(child, signal.SIGKILL)
        return (False, ms, "the child still ran %g s after its parent was "
            "killed" % bound)
    return (True, ms, "")


def main(a):
    if len(a) < 7 or a[0] not in ("child", "parent"):
        sys.stderr.write(__doc__)
        return 64
    who, count, seed, bound, maxdelay = a[0], int(a[1]), int(a[2]), \
        float(a[3]), float(a[4])
    argv = a[5:]
    name = os.path.basename(argv[0])
    rnd = random.Random(seed)
    good, slowest = 0, 0.0
    for i in range(count):
        delay = rnd.uniform(0, maxdelay) / 1000
        ok, ms, why = one(who, bound, delay, argv, name)
        slowest = max(slowest, ms)
        if ok:
            good += 1
        else:
            print("instant %d (%.2f ms in): %s" % (i, delay * 1000, why))
    print("%d instants: %d exits within %g s (slowest %.0f ms)" %
        (count, good, bound, slowest))
    return 0 if good == count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
