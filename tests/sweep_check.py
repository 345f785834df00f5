#!/usr/bin/env python3
"""Checks for tests/t_sweep.sh: reads an ipc-sweep CSV and its JSON Lines
journal independently of tools/ipc-sweep and judges them.

usage: sweep_check.py rows FILE.csv POINTS TRIALS
           every grid point has exactly TRIALS rows (no duplicate, none
           missing), CSV and JSONL hold the same rows, the columns are the
           configuration and run columns then the datum keys, and every
           datum value is a number
       sweep_check.py summary FILE.csv < summary.txt
           the printed summary matches statistics computed here
       sweep_check.py failed FILE.csv SIZE STATUS TEXT
           the point of buffer size SIZE is one row with that status and
           TEXT in its stderr
       sweep_check.py absent FILE.csv SIZE
           no row has buffer size SIZE
       sweep_check.py series FILE.csv SIZES TRIALS "TYPE MODE FLAGS"...
           exactly these series (extra_flags "none" when there are none),
           each with SIZES buffer sizes of TRIALS successful runs
Prints nothing and exits 0 on success; prints the reason and exits 1.
"""
import csv
import json
import statistics
import sys

CONFIG = ["ipctype", "ipcmode", "buffersize", "totalsize", "extra_flags",
          "trials", "warmups", "bare", "binary"]
RUN = ["trial", "status", "started", "wall", "stderr"]
# What ipc-static -j puts in every datum and run_extras entry without -g,
# -P or -s, as the sweep flattens them into one row.
DATUM = ["bandwidth", "time", "read_calls", "read_short", "read_wouldblock",
         "read_bytes", "write_calls", "write_short", "write_wouldblock",
         "write_bytes", "poll_waits", "sender_cpu_start", "sender_cpu_end",
         "receiver_cpu_start", "receiver_cpu_end"]


def die(msg):
    print(msg)
    sys.exit(1)


def load_csv(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, r)) for r in reader]


def load_jsonl(path):
    with open(path) as f:
        text = f.read()
    if text and not text.endswith("\n"):
        die("%s does not end with a newline" % path)
    return [json.loads(line) for line in text.splitlines()]


def journal(path):
    return path[:-4] + ".jsonl"


def check_rows(path, points, trials):
    header, rows = load_csv(path)
    jrows = load_jsonl(journal(path))
    if header != CONFIG + RUN + DATUM:
        die("columns %s" % header)
    if len(rows) != points * trials or len(jrows) != len(rows):
        die("%d CSV rows, %d JSONL rows, want %d" %
            (len(rows), len(jrows), points * trials))
    seen = {}
    for r, j in zip(rows, jrows):
        if list(j) != header:
            die("JSONL keys %s" % list(j))
        for k in header:
            want = "" if j[k] is None else str(j[k])
            if isinstance(j[k], float):
                want = repr(j[k])
            if r[k] != want:
                die("CSV %s=%r, JSONL %r" % (k, r[k], j[k]))
        for k in DATUM + ["buffersize", "totalsize", "trial", "wall"]:
            try:
                float(r[k])
            except ValueError:
                die("%s %r is not a number" % (k, r[k]))
            if isinstance(j[k], bool) or not isinstance(j[k], (int, float)):
                die("JSONL %s %r is not a number" % (k, j[k]))
        if r["status"] != "0" or r["stderr"] != "":
            die("status %r stderr %r" % (r["status"], r["stderr"]))
        empty = [k for k in CONFIG if r[k] == ""]
        if empty:
            die("empty configuration cells: %s" % empty)
        key = tuple(r[k] for k in CONFIG)
        seen.setdefault(key, []).append(int(r["trial"]))
    if len(seen) != points:
        die("%d distinct points, want %d" % (len(seen), points))
    for key, ts in seen.items():
        if sorted(ts) != list(range(1, trials + 1)):
            die("point %s has trials %s" % (key, sorted(ts)))


def check_summary(path):
    _, rows = load_csv(path)
    bw = {}
    for r in rows:
        if r["status"] == "0":
            flags = "" if r["extra_flags"] == "none" else r["extra_flags"]
            key = (r["ipctype"], r["ipcmode"], int(r["buffersize"]), flags)
            bw.setdefault(key, []).append(float(r["bandwidth"]))
    found = 0
    for line in sys.stdin:
        f = line.split()
        if len(f) < 9 or not (f[2].isdigit() and f[3].isdigit()):
            continue  # the title, the header, a failed point
        key = (f[0], f[1], int(f[2]), " ".join(f[9:]))
        if key not in bw:
            die("summary line for a point not in the CSV: %s" % line)
        xs = bw[key]
        q1, med, q3 = statistics.quantiles(xs, n=4, method="inclusive")
        want = [len(xs), med, q1, q3, min(xs), max(xs)]
        got = [int(f[3])] + [float(v) for v in f[4:9]]
        for w, g in zip(want, got):
            if abs(w - g) > 0.0051:
                die("summary %s: got %s, want %s" % (key, got, want))
        found += 1
    if found != len(bw):
        die("summary has %d points, CSV %d" % (found, len(bw)))


def check_failed(path, size, status, text):
    _, rows = load_csv(path)
    mine = [r for r in rows if r["buffersize"] == size]
    if len(mine) != 1:
        die("%d rows for size %s, want 1" % (len(mine), size))
    r = mine[0]
    if r["status"] != status or text not in r["stderr"] or r["trial"]:
        die("row %s" % r)


def check_series(path, sizes, trials, want):
    _, rows = load_csv(path)
    got = {}
    for r in rows:
        if r["status"] != "0" or any(r[k] == "" for k in CONFIG):
            die("row %s" % r)
        key = " ".join((r["ipctype"], r["ipcmode"], r["extra_flags"]))
        got.setdefault(key, {}).setdefault(r["buffersize"], []).append(
            r["trial"])
    if sorted(got) != sorted(want):
        die("series %s, want %s" % (sorted(got), sorted(want)))
    for key, points in got.items():
        if len(points) != sizes or any(len(t) != trials
                                       for t in points.values()):
            die("series %s: runs per size %s" % (key, points))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "rows":
        check_rows(args[0], int(args[1]), int(args[2]))
    elif cmd == "summary":
        check_summary(args[0])
    elif cmd == "failed":
        check_failed(*args)
    elif cmd == "series":
        check_series(args[0], int(args[1]), int(args[2]), args[3:])
    elif cmd == "absent":
        if any(r["buffersize"] == args[1] for r in load_csv(args[0])[1]):
            die("size %s is in %s" % (args[1], args[0]))
    else:
        die("unknown check %s" % cmd)


if __name__ == "__main__":
    main()
