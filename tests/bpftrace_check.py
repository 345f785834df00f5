#!/usr/bin/env python3
"""Judge one `trace/run --json NAME -- ipc-static ...` document.

Usage: bpftrace_check.py FILE CHECK RUNS [ARG...]

FILE holds the runner's stdout, which must be exactly one JSON document
(json.loads) with status 0 and RUNS per-run objects, numbered 1..RUNS,
each closed by an end stamp.  CHECK then judges every run:

  runs                    nothing more;
  bytes TOTAL             bracket: read_bytes = write_bytes = TOTAL;
  looptime                looptime: within a factor 0.5-1.5 of the time:
                          lines ipc-static -v printed (in "stdout"; none
                          for the warm-ups, which come first);
  switches                sched: at least one context switch;
  faults MIN              faults: at least MIN page faults in all;
  prefaulted MODE PAGES   faults with -f: every thread at most 4, and all
                          threads together at most 4 (the 2proc child
                          never maps the receiver's buffer, so fork()
                          leaves nothing copy-on-write there; PAGES is
                          kept for the message);
  syslat                  syslat: read and write latencies present, with
                          as many calls as their histograms hold;
  profile MIN             profile: at least MIN samples in all, every
                          folded stack naming its thread's role;
  only CALL,...           bracket: no system call but these inside any
                          bracket (nothing of the runner's own);
  never CALL,...          bracket: none of these inside any bracket;
  calls CALL=N,...        bracket: exactly N of each CALL inside every
                          bracket (0: none).

Always: "warmups" is the command's -w (0 without), and the first that
many runs, and only those, are marked "warmup".

Prints nothing and exits 0 if all holds; else one line per violation
and exit 1.
"""

import json
import re
import sys


def main():
    path, check, nruns = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = sys.argv[4:]
    with open(path) as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except ValueError as e:
        print("stdout is not one JSON document: %s" % e)
        return 1
    bad = []
    if doc.get("status") != 0:
        bad.append("status %r" % doc.get("status"))
    runs = doc.get("runs", [])
    numbers = [r.get("run") for r in runs]
    if numbers != list(range(1, nruns + 1)):
        bad.append("runs %s, want 1..%d" % (
            numbers if len(numbers) <= 12 else "%r ... (%d)" % (
                numbers[:6], len(numbers)), nruns))
    for r in runs:
        if r.get("receiver_tid") is None:
            bad.append("run %s: no end stamp" % r.get("run"))
    cmd = doc.get("command", [])
    warm = 0
    for i, a in enumerate(cmd[1:-1], 1):
        if a == "-w":
            warm = int(cmd[i + 1])
        elif a.startswith("-w"):
            warm = int(a[2:])
    if doc.get("warmups") != warm:
        bad.append("warmups %r, want %d" % (doc.get("warmups"), warm))
    marks = [r.get("warmup") for r in runs]
    if marks != [i < warm for i in range(len(runs))]:
        bad.append("warm-up marks %r, want the first %d" % (marks, warm))
    times = [float(m) for m in re.findall(r"^\s*time: ([0-9.]+)$",
                                          doc.get("stdout") or "", re.M)]
    if check == "looptime" and not 0 < len(times) <= len(runs):
        bad.append("%d time: lines for %d runs" % (len(times), len(runs)))
    for i, r in enumerate(runs):
        n = r.get("run")
        if check == "bytes":
            want = int(args[0])
            if not r["read_bytes"] == r["write_bytes"] == want:
                bad.append("run %d: read %d, write %d bytes, want %d" % (
                    n, r["read_bytes"], r["write_bytes"], want))
        elif check == "looptime":
            # -v prints no time: for warm-up runs, which come first.
            j = i - (len(runs) - len(times))
            if j < 0:
                continue
            if r.get("looptime") is None:
                bad.append("run %d: no loop time" % n)
                continue
            ratio = r["looptime"] / times[j] if times[j] else 0
            if not 0.5 <= ratio <= 1.5:
                bad.append("run %d: looptime %.6f s vs time: %.6f s" % (
                    n, r["looptime"], times[j]))
        elif check == "switches":
            if r["switches"] <= 0:
                bad.append("run %d: no context switch" % n)
        elif check == "faults":
            if r["faults"] < int(args[0]):
                bad.append("run %d: %d faults, want >= %s" % (
                    n, r["faults"], args[0]))
        elif check == "prefaulted":
            mode, pages = args[0], int(args[1])
            for t in r["threads"]:
                limit = 4
                if t["faults"] > limit:
                    bad.append("run %d: tid %d (%s) %d faults, want <= %d"
                               % (n, t["tid"], t["role"], t["faults"],
                                  limit))
            if r["faults"] > 4:
                bad.append("run %d: %d faults with -f (%s, a buffer of %d "
                           "pages)" % (n, r["faults"], mode, pages))
        elif check == "syslat":
            for call in ("read", "write"):
                s = r["syscalls"].get(call)
                if not s or s["count"] <= 0 or s["count"] != sum(
                        b["count"] for b in s["latency_ns"]):
                    bad.append("run %d: %s latency %r" % (n, call, s))
        elif check == "profile":
            for s in r["stacks"]:
                if not re.match(r"^(sender|receiver|sender\+receiver|"
                                r"other)(;|$)", s["stack"]):
                    bad.append("run %d: stack %r" % (n, s["stack"]))
                    break
        elif check in ("only", "never"):
            calls = set(args[0].split(","))
            got = set(r["syscalls"])
            odd = got - calls if check == "only" else got & calls
            if odd:
                bad.append("run %d: %s inside the bracket" % (
                    n, ", ".join(sorted(odd))))
        elif check == "calls":
            for want in args[0].split(","):
                call, k = want.split("=")
                got = r["syscalls"].get(call, 0)
                if got != int(k):
                    bad.append("run %d: %d %s inside the bracket, want %s"
                               % (n, got, call, k))
        elif check != "runs":
            print("unknown check %s" % check)
            return 2
    if check == "profile" and sum(r["samples"] for r in runs) < int(args[0]):
        bad.append("%d samples, want >= %s" % (
            sum(r["samples"] for r in runs), args[0]))
    for b in bad[:12]:
        print(b)
    if len(bad) > 12:
        print("... and %d more" % (len(bad) - 12))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
