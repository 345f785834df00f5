#!/usr/bin/env python3
"""Checks for tests/t_ext.sh: validates ipc-static's -j output and compares
it with independently computed statistics or with an strace log.

usage: ext_check.py json N WARMUP TOTAL < out.json
       ext_check.py stats < out.json
       ext_check.py strace STRACE_LOG < out.json
       ext_check.py host < out.json
       ext_check.py pinned SENDER_CPU RECEIVER_CPU < out.json
       ext_check.py cpus NCPU < out.json
Prints nothing and exits 0 on success; prints the reason and exits 1.
"""
import json
import re
import statistics
import sys


def die(msg):
    print(msg)
    sys.exit(1)


def load():
    text = sys.stdin.read()
    try:
        return json.loads(text)
    except ValueError as e:
        die("not one JSON document: %s" % e)


def quantile(sorted_vals, p):
    # Linear interpolation between closest ranks (numpy's default).
    pos = p * (len(sorted_vals) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo)


# What run_extras holds for every run (with -P also counter_running_fraction).
EXTRAS = ["read_calls", "read_short", "read_wouldblock", "read_bytes",
          "write_calls", "write_short", "write_wouldblock", "write_bytes",
          "poll_waits", "sender_cpu_start", "sender_cpu_end",
          "receiver_cpu_start", "receiver_cpu_end", "steal_ms",
          "machine_context_switches", "involuntary_switches"]


def numbers(what, objs):
    """Every value of every object a number, the same keys in each."""
    keys = list(objs[0].keys())
    for d in objs:
        if list(d.keys()) != keys:
            die("%s keys differ between runs" % what)
        for k, v in d.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                die("%s %s is not a number: %r" % (what, k, v))
            float(v)


def check_json(j, n, warmup, total):
    for key in ("benchmark_configuration", "benchmark_samples",
                "run_extras", "transfer_histograms", "benchmark_summary"):
        if key not in j:
            die("missing %s" % key)
    cfg = j["benchmark_configuration"]
    if cfg["iterations"] != n or cfg["warmup"] != warmup:
        die("configuration says %s/%s" % (cfg["iterations"], cfg["warmup"]))
    if cfg["totalsize"] != total:
        die("totalsize %s" % cfg["totalsize"])
    samples = j["benchmark_samples"]
    extras = j["run_extras"]
    if len(samples) != n or len(extras) != n:
        die("%d samples, %d run_extras, want %d" % (len(samples),
            len(extras), n))
    numbers("datum", samples)
    numbers("run_extras", extras)
    if list(extras[0].keys()) != EXTRAS:
        die("run_extras keys %s, want %s" % (list(extras[0]), EXTRAS))
    moved = [k for k in samples[0] if k in EXTRAS]
    if moved:
        die("datum carries run_extras keys %s" % moved)
    for d in extras:
        if d["read_bytes"] != total or d["write_bytes"] != total:
            die("bytes moved %s/%s, want %d" % (d["read_bytes"],
                d["write_bytes"], total))
    hists = j["transfer_histograms"]
    if len(hists) != n:
        die("%d histograms, want %d" % (len(hists), n))
    for d, h in zip(extras, hists):
        for side in ("read", "write"):
            nbytes = sum(b["bytes"] for b in h[side])
            calls = sum(b["count"] for b in h[side])
            if nbytes != total:
                die("%s histogram totals %d bytes, want %d" % (side, nbytes,
                    total))
            if calls != d[side + "_calls"] - d[side + "_wouldblock"]:
                die("%s histogram has %d calls, extras %d - %d" % (side, calls,
                    d[side + "_calls"], d[side + "_wouldblock"]))
            for b in h[side]:
                lo = b["size"]
                if not (b["count"] * lo <= b["bytes"] < b["count"] * 2 * lo):
                    die("%s bucket %d holds %d bytes in %d calls" % (side,
                        lo, b["bytes"], b["count"]))


def check_stats(j):
    samples = j["benchmark_samples"]
    summary = j["benchmark_summary"]
    for metric, tol in (("bandwidth", 0.006), ("time", 6e-10)):
        vals = sorted(float(d[metric]) for d in samples)
        s = summary[metric]
        want = {
            "count": len(vals), "min": vals[0], "max": vals[-1],
            "median": quantile(vals, 0.5), "q1": quantile(vals, 0.25),
            "q3": quantile(vals, 0.75), "mean": statistics.fmean(vals),
            "stddev": statistics.stdev(vals) if len(vals) > 1 else 0.0,
        }
        for k, w in want.items():
            # The summary is computed from unrounded values; the samples
            # are printed rounded, so allow for that rounding only.
            slack = tol + 1e-9 * abs(w)
            if k == "stddev":
                slack = 2 * tol + 1e-6 * abs(w)
            if abs(float(s[k]) - w) > slack:
                die("%s %s: summary %s, computed %r" % (metric, k, s[k], w))


def check_strace(j, log):
    """Every read()/write() on the transfer descriptors, as strace saw it,
    equals what the benchmark counted (calls and would-block returns)."""
    d = j["run_extras"][0]
    lines = open(log).read().splitlines()
    rfd = wfd = None
    for line in lines:
        m = re.search(r"\b(pipe2?|socketpair)\(.*\[(\d+), (\d+)\]", line)
        if m:
            rfd, wfd = m.group(2), m.group(3)
            start = lines.index(line)
            break
    if rfd is None:
        die("no pipe/socketpair in the strace log")
    counts = {"read": 0, "write": 0, "read_eagain": 0, "write_eagain": 0}
    pending = {}
    for line in lines[start + 1:]:
        # A call ending "= ? ERESTART..." was stopped by a signal for the
        # tracer (ptrace stops a task even for SIGCHLD, which the program
        # ignores) and is issued again by the kernel: not a call.
        m = re.match(r"(\d+)\s+(read|write)\((\d+),", line)
        if m and m.group(3) == (rfd if m.group(2) == "read" else wfd):
            if "ERESTART" in line:
                continue
            counts[m.group(2)] += 1
            if "EAGAIN" in line:
                counts[m.group(2) + "_eagain"] += 1
            if "<unfinished" in line:
                pending[m.group(1)] = m.group(2)
            continue
        m = re.match(r"(\d+)\s+<\.\.\. (read|write) resumed>", line)
        if m and pending.pop(m.group(1), None):
            if "ERESTART" in line:
                counts[m.group(2)] -= 1
            elif "EAGAIN" in line:
                counts[m.group(2) + "_eagain"] += 1
    for side in ("read", "write"):
        if counts[side] != d[side + "_calls"]:
            die("%s calls: strace %d, benchmark %d" % (side, counts[side],
                d[side + "_calls"]))
        if counts[side + "_eagain"] != d[side + "_wouldblock"]:
            die("%s EAGAIN: strace %d, benchmark %d" % (side,
                counts[side + "_eagain"], d[side + "_wouldblock"]))


def check_host(j):
    """-j -v -s: the host description's containers, and the socket-buffer
    sizes the kernel granted in the sample."""
    for k in ("hardware_configuration", "os_configuration",
              "network_ipc_configuration"):
        if k not in j:
            die("missing %s" % k)
    d = j["benchmark_samples"][0]
    if not (d.get("sndbuf", 0) > 0 and d.get("rcvbuf", 0) > 0):
        die("sndbuf %r, rcvbuf %r: want both > 0" % (d.get("sndbuf"),
            d.get("rcvbuf")))


def check_pinned(j, sender, receiver):
    """-c S,R: each side ran on its CPU from start to end."""
    d = j["run_extras"][0]
    got = (d["sender_cpu_start"], d["sender_cpu_end"],
           d["receiver_cpu_start"], d["receiver_cpu_end"])
    if got != (sender, sender, receiver, receiver):
        die("sender/receiver CPUs at start and end %r, want %r" % (got,
            (sender, sender, receiver, receiver)))


def check_cpus(j, ncpu):
    """The CPU numbers reported are CPUs of this machine."""
    d = j["run_extras"][0]
    for k in ("sender_cpu_start", "sender_cpu_end", "receiver_cpu_start",
              "receiver_cpu_end"):
        if not 0 <= d[k] < ncpu:
            die("%s is %r, want 0..%d" % (k, d[k], ncpu - 1))


def main():
    what = sys.argv[1]
    j = load()
    if what == "json":
        check_json(j, int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif what == "stats":
        check_stats(j)
    elif what == "strace":
        check_strace(j, sys.argv[2])
    elif what == "host":
        check_host(j)
    elif what == "pinned":
        check_pinned(j, int(sys.argv[2]), int(sys.argv[3]))
    elif what == "cpus":
        check_cpus(j, int(sys.argv[2]))
    else:
        die("unknown check %s" % what)


main()
