#!/usr/bin/env python3
"""Checks for tests/t_latency.sh: a -l run's JSON, and the strace log of
a 2thread pipe ping-pong.

usage: latency_check.py json N ROUNDTRIPS BUFFERSIZE TYPE < out.json
       latency_check.py strace TRACE ROUNDTRIPS BUFFERSIZE
Prints nothing and exits 0 on success; prints the reason and exits 1.

What `json` holds every run to, exactly (no tolerance that luck could
exceed; the only slack is the printed rounding, named where used):
  * the datum has the latency keys in place of bandwidth, every value a
    number; min <= p50 <= p90 <= p99 <= p99.9 <= max and min <= mean <=
    max (each time an integer number of ns, printed to the ns);
  * the headline `latency` is the bracket `time` over the round trips
    (to its printed 3 decimals);
  * the stamps lie inside the bracket: latency_stamped_ns <= time, both
    in integer ns; so mean x round trips (the stamps' span) is at most
    the bracket time, and `latency_mean` is that span over the round
    trips (to its printed rounding: half a ns per round trip).  How much
    of the bracket lies outside the stamps (the counters' start, the
    first and last clock reads) is not bounded: a preemption there is
    legitimate, and a bound would fail by luck;
  * the histogram counts every round trip once, min and max fall in its
    first and last buckets;
  * both sides' reads and writes move 2 x totalsize bytes each way;
  * the configuration says latency, the round trips and TCP_NODELAY (on
    for tcp only); the summary is of latency, not bandwidth.
"""
import decimal
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strace_bracket import CLOCKS, is_stamp, parse, split_args  # noqa: E402

KEYS = ["latency", "latency_mean", "latency_min", "latency_p50",
        "latency_p90", "latency_p99", "latency_p999", "latency_max"]
ORDER = ["latency_min", "latency_p50", "latency_p90", "latency_p99",
         "latency_p999", "latency_max"]


def die(msg):
    print(msg)
    sys.exit(1)


def ns(usec):
    """A time printed in usec to 3 decimals, as integer ns (exact)."""
    return int(decimal.Decimal(usec) * 1000)


def check_json(n, rounds, bufsize, ipctype):
    text = sys.stdin.read()
    try:
        j = json.loads(text, parse_float=decimal.Decimal)
    except ValueError as e:
        die("not one JSON document: %s" % e)
    cfg = j.get("benchmark_configuration", {})
    if cfg.get("latency") is not True:
        die("benchmark_configuration.latency is not true")
    if cfg.get("roundtrips") != rounds:
        die("roundtrips %r, want %d" % (cfg.get("roundtrips"), rounds))
    if cfg.get("tcp_nodelay") is not (ipctype == "tcp"):
        die("tcp_nodelay %r for %s" % (cfg.get("tcp_nodelay"), ipctype))
    samples = j.get("benchmark_samples", [])
    extras = j.get("run_extras", [])
    hists = j.get("latency_histograms", [])
    if not (len(samples) == len(extras) == len(hists) == n):
        die("%d samples, %d run_extras, %d latency_histograms; want %d" %
            (len(samples), len(extras), len(hists), n))
    total = rounds * bufsize
    for i, (d, x, h) in enumerate(zip(samples, extras, hists)):
        run = "run %d: " % (i + 1)
        if "bandwidth" in d:
            die(run + "the datum has bandwidth")
        if list(d.keys())[:len(KEYS)] != KEYS:
            die(run + "datum keys %s, want %s first" % (list(d), KEYS))
        for k, v in d.items():
            if isinstance(v, bool) or not isinstance(v, (int,
                                                         decimal.Decimal)):
                die(run + "%s is not a number: %r" % (k, v))
        t = [ns(d[k]) for k in ORDER]
        if t != sorted(t):
            die(run + "not min <= p50 <= p90 <= p99 <= p99.9 <= max: %s" %
                [str(d[k]) for k in ORDER])
        mean = ns(d["latency_mean"])
        if not t[0] <= mean <= t[-1]:
            die(run + "mean %s outside [min, max]" % d["latency_mean"])
        bracket = int(decimal.Decimal(d["time"]) * 1000000000)
        head = decimal.Decimal(d["latency"])
        exact = decimal.Decimal(bracket) / 1000 / rounds
        if abs(head - exact) > decimal.Decimal("0.0005"):
            die(run + "latency %s is not time / round trips (%s)" %
                (head, exact))
        stamped = x.get("latency_stamped_ns")
        if not isinstance(stamped, int):
            die(run + "run_extras has no latency_stamped_ns")
        if stamped > bracket:
            die(run + "the stamps span %d ns, more than the bracket's %d" %
                (stamped, bracket))
        # mean = stamped / rounds, printed to the ns: within half a ns.
        if abs(decimal.Decimal(mean) * rounds - stamped) > \
                decimal.Decimal(rounds) / 2:
            die(run + "mean %s x %d round trips is not the stamps' span "
                "%d ns" % (d["latency_mean"], rounds, stamped))
        if sum(b["count"] for b in h) != rounds:
            die(run + "the histogram counts %d round trips, want %d" %
                (sum(b["count"] for b in h), rounds))
        if any(b["from_ns"] >= b["to_ns"] or b["count"] <= 0 for b in h) \
                or [b["from_ns"] for b in h] != sorted(b["from_ns"]
                                                       for b in h):
            die(run + "histogram buckets malformed: %s" % h)
        if not (h[0]["from_ns"] <= t[0] < h[0]["to_ns"] and
                h[-1]["from_ns"] <= t[-1] < h[-1]["to_ns"]):
            die(run + "min %d or max %d ns not in the first or last bucket"
                % (t[0], t[-1]))
        for what in ("read", "write"):
            if x.get(what + "_bytes") != 2 * total:
                die(run + "%s_bytes %r, want 2 x %d (both sides)" %
                    (what, x.get(what + "_bytes"), total))
            if x.get(what + "_calls", 0) < 2 * rounds:
                die(run + "%s_calls %r, fewer than 2 per round trip" %
                    (what, x.get(what + "_calls")))
    summary = j.get("benchmark_summary", {})
    if "latency" not in summary or "bandwidth" in summary:
        die("benchmark_summary has %s, want latency (and no bandwidth)" %
            sorted(summary))
    if summary["latency"].get("count") != n:
        die("summary count %r, want %d" % (summary["latency"].get("count"),
                                          n))


def fd_of(c):
    a = split_args(c.args)
    return int(a[0]) if a and a[0].lstrip("-").isdigit() else None


def check_strace(path, rounds, bufsize):
    """A 2thread pipe ping-pong, every syscall traced: two stamps
    (clock_gettime system calls of CLOCK_MONOTONIC), in one thread, and
    between them that thread makes exactly `rounds` (write, read) pairs
    of bufsize bytes, on two descriptors; the echo thread says ready
    once, then makes exactly `rounds` (read, write) pairs of bufsize
    bytes on the other two ends.  Reads of other clocks (the
    per-round-trip stamps, system calls only where the C library's clock
    is one) are left out here: tests/libclock_check.py checks them."""
    calls, _ = parse(path)
    clocks = [c for c in calls if is_stamp(c)]
    if len(clocks) != 2:
        die("%d CLOCK_MONOTONIC clock_gettime system calls, want 2" %
            len(clocks))
    first = clocks[0].tid
    if clocks[1].tid != first:
        die("the stamps are in two threads (%d, %d)" % (first,
                                                         clocks[1].tid))
    inside = [c for c in calls if c.tid == first and c.name not in CLOCKS
              and clocks[0].entry < c.entry < clocks[1].entry]
    want = ["write", "read"] * rounds
    got = [c.name for c in inside]
    if got != want:
        die("the first thread's calls between the stamps are not %d "
            "(write, read) pairs: %s" % (rounds, " ".join(got[:12])))
    if any(c.ret != bufsize or split_args(c.args)[-1] != str(bufsize)
           for c in inside):
        die("a first-side call does not move %d bytes" % bufsize)
    wfd = {fd_of(c) for c in inside if c.name == "write"}
    rfd = {fd_of(c) for c in inside if c.name == "read"}
    if len(wfd) != 1 or len(rfd) != 1 or wfd == rfd:
        die("the first side writes on %s and reads on %s: want one pipe "
            "each way" % (sorted(wfd), sorted(rfd)))
    echo = [c for c in calls if c.tid != first and
            c.name in ("read", "write")]
    tids = {c.tid for c in echo}
    if len(tids) != 1:
        die("reads and writes in %d other threads, want 1" % len(tids))
    got = [c.name for c in echo]
    if got != ["write"] + ["read", "write"] * rounds:
        die("the echo thread's reads and writes are not one ready write, "
            "then %d (read, write) pairs: %s" % (rounds, " ".join(got[:12])))
    if echo[0].ret != 1:
        die("the echo side's ready write returned %r" % echo[0].ret)
    body = echo[1:]
    if any(c.ret != bufsize for c in body):
        die("an echo call does not move %d bytes" % bufsize)
    erfd = {fd_of(c) for c in body if c.name == "read"}
    ewfd = {fd_of(c) for c in body if c.name == "write"}
    if len(erfd) != 1 or len(ewfd) != 1 or erfd & (wfd | rfd) or \
            ewfd & (wfd | rfd) or erfd == ewfd:
        die("the echo side reads on %s and writes on %s: want the other "
            "ends of the two pipes" % (sorted(erfd), sorted(ewfd)))


def main():
    a = sys.argv[1:]
    if len(a) == 5 and a[0] == "json":
        check_json(int(a[1]), int(a[2]), int(a[3]), a[4])
    elif len(a) == 4 and a[0] == "strace":
        check_strace(a[1], int(a[2]), int(a[3]))
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
