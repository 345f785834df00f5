#!/usr/bin/env python3
"""Checks for tests/t_sweep.sh: reads an ipc-sweep CSV and its JSON Lines
journal independently of tools/ipc-sweep and judges them.

usage: sweep_check.py rows FILE.csv POINTS TRIALS
           every grid point has exactly TRIALS rows (no duplicate, none
           missing), CSV and JSONL hold the same rows, the columns are the
           configuration and run columns then the datum keys, and every
           datum value is a number
       sweep_check.py summary FILE.csv < summary.txt
           the printed summary matches statistics computed here, each
           point's stability its CSV rows' and the closing count of
           points not stable the number of such points
       sweep_check.py failed FILE.csv SIZE STATUS TEXT
           the point of buffer size SIZE is one row with that status and
           TEXT in its stderr
       sweep_check.py absent FILE.csv SIZE
           no row has buffer size SIZE
       sweep_check.py hist FILE.csv
           FILE.hist.csv holds exactly the journal's histograms, one row
           per run, direction and size class
       sweep_check.py pipe128 FILE.csv
           from FILE.hist.csv alone: at a 128 KiB buffer, every pipe
           write is in the 128 KiB class, no read above the 64 KiB class,
           and the 64 KiB class holds the most bytes read
       sweep_check.py synth FILE.csv
           write a sweep CSV of known values: pipe, local and local -s,
           2thread, 1K..64K, 3 runs, bandwidth 2..6 GiB/s
       sweep_check.py figure FIG.svg FIG.png|"" WIDTH HEIGHT UNIT N TEXT...
           the PNG is WIDTH x HEIGHT pixels; the SVG has at least N
           distinct tick labels, each a number then UNIT (" GiB/s", "%"),
           every TEXT and no !TEXT
       sweep_check.py series FILE.csv SIZES TRIALS "TYPE MODE FLAGS"...
           exactly these series (extra_flags "none" when there are none),
           each with SIZES buffer sizes of TRIALS successful runs
Prints nothing and exits 0 on success; prints the reason and exits 1.
"""
import csv
import json
import re
import statistics
import sys

CONFIG = ["ipctype", "ipcmode", "buffersize", "totalsize", "extra_flags",
          "trials", "warmups", "bare", "trace", "rep", "binary"]
RUN = ["trial", "status", "started", "wall", "stderr"]
# The benchmark's stability verdict per run: the point's, the run's regime
# and whether it is an outlier.
TRUST = ["stability", "regime", "outlier"]
# What ipc-static -j puts in every datum and run_extras entry without -g,
# -P or -s, as the sweep flattens them into one row.
DATUM = ["bandwidth", "time", "read_calls", "read_short", "read_wouldblock",
         "read_bytes", "write_calls", "write_short", "write_wouldblock",
         "write_bytes", "poll_waits", "sender_cpu_start", "sender_cpu_end",
         "receiver_cpu_start", "receiver_cpu_end", "steal_ms",
         "machine_context_switches", "involuntary_switches"]


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
    if header != CONFIG + RUN + TRUST + DATUM:
        die("columns %s" % header)
    if len(rows) != points * trials or len(jrows) != len(rows):
        die("%d CSV rows, %d JSONL rows, want %d" %
            (len(rows), len(jrows), points * trials))
    seen, verdicts = {}, {}
    for r, j in zip(rows, jrows):
        if list(j) != header + ["transfer_histogram"]:
            die("JSONL keys %s" % list(j))
        h = j["transfer_histogram"]
        for side in ("read", "write"):
            if sum(b["bytes"] for b in h[side]) != j[side + "_bytes"]:
                die("JSONL %s histogram %s, %s_bytes %s" % (side, h[side],
                    side, j[side + "_bytes"]))
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
        check_trust(r, verdicts.setdefault(key, r["stability"]))
    if len(seen) != points:
        die("%d distinct points, want %d" % (len(seen), points))
    for key, ts in seen.items():
        if sorted(ts) != list(range(1, trials + 1)):
            die("point %s has trials %s" % (key, sorted(ts)))


def check_trust(r, verdict):
    """A run's stability columns: the point's verdict (the same in each of
    its rows), a regime from 1 (only 1 unless multimodal), an outlier
    flag."""
    if r["stability"] not in ("stable", "noisy", "multimodal", "none") or \
            r["stability"] != verdict:
        die("stability %r in a point judged %r" % (r["stability"], verdict))
    if not r["regime"].isdigit() or int(r["regime"]) < 1 or \
            (verdict != "multimodal" and r["regime"] != "1"):
        die("regime %r in a %s point" % (r["regime"], verdict))
    if r["outlier"] not in ("0", "1"):
        die("outlier %r" % r["outlier"])


def check_summary(path):
    _, rows = load_csv(path)
    bw, verdict = {}, {}
    for r in rows:
        if r["status"] == "0":
            flags = "" if r["extra_flags"] == "none" else r["extra_flags"]
            key = (r["ipctype"], r["ipcmode"], int(r["buffersize"]), flags)
            bw.setdefault(key, []).append(float(r["bandwidth"]))
            verdict[key] = r["stability"]
    found = shaky = 0
    for line in sys.stdin:
        f = line.split()
        m = re.match(r"^([0-9]+) of ([0-9]+) points not stable ", line)
        if m:
            if int(m.group(1)) != shaky or int(m.group(2)) != len(bw):
                die("%r: %d of %d are not stable" % (line, shaky, len(bw)))
            shaky = -1
            continue
        if len(f) < 10 or not (f[2].isdigit() and f[3].isdigit()):
            continue  # the title, the header, a failed point
        key = (f[0], f[1], int(f[2]), " ".join(f[10:]))
        if key not in bw:
            die("summary line for a point not in the CSV: %s" % line)
        if f[9] != verdict[key]:
            die("summary %s: stability %s, CSV %s" % (key, f[9],
                                                      verdict[key]))
        shaky += f[9] in ("noisy", "multimodal")
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
    if shaky > 0:
        die("no line counts the %d points not stable" % shaky)


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


def hist_csv(path):
    return path[:-4] + ".hist.csv"


def check_hist(path):
    header, rows = load_csv(hist_csv(path))
    if header != CONFIG + ["trial", "direction", "size_class", "calls",
                           "bytes"]:
        die("hist columns %s" % header)
    got = sorted(tuple(r[k] for k in header) for r in rows)
    want = []
    for j in load_jsonl(journal(path)):
        if j["status"] != 0:
            continue
        key = ["none" if j[k] is None else str(j[k]) for k in CONFIG]
        for side in ("read", "write"):
            for b in j["transfer_histogram"][side]:
                want.append(tuple(key + [str(j["trial"]), side,
                                         str(b["size"]), str(b["count"]),
                                         str(b["bytes"])]))
    if got != sorted(want) or not got:
        die("%d hist rows, journal has %d" % (len(got), len(want)))


def check_pipe128(path):
    _, rows = load_csv(hist_csv(path))
    mine = [r for r in rows if r["ipctype"] == "pipe" and
            r["buffersize"] == "131072"]
    writes = set(r["size_class"] for r in mine if r["direction"] == "write")
    reads = {}
    for r in mine:
        if r["direction"] == "read":
            c = int(r["size_class"])
            reads[c] = reads.get(c, 0) + int(r["bytes"])
    if writes != {"131072"}:
        die("128 KiB pipe writes in classes %s, want 131072 only" % writes)
    if not reads or max(reads) > 65536 or \
            max(reads, key=reads.get) != 65536:
        die("128 KiB pipe read bytes by class: %s" % reads)


def synth(path):
    cols = CONFIG + RUN + ["bandwidth", "time", "read_calls"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for s, (ty, fl) in enumerate((("pipe", "none"), ("local", "none"),
                                      ("local", "-s"))):
            for k in range(7):
                size = 1024 << k
                for t in range(3):
                    gib = 2.0 + (s + k + t) * 4.0 / 10  # 2 .. 6 GiB/s
                    kb = gib * (1 << 20)
                    w.writerow([ty, "2thread", size, 1 << 20, fl, 3, 1, 1,
                                "none", 1, "ipc-static", t + 1, 0, "", 0.1,
                                "",
                                "%.2f" % kb, "%.9f" % (1024.0 / kb),
                                (1 << 20) // size])


def check_figure(svg, png, width, height, unit, n, texts):
    import re
    doc = open(svg, encoding="utf-8").read()
    words = re.findall(r">([^<>]+)</text>", doc)
    ticks = set(w for w in words if w.endswith(unit) and
                w[:-len(unit)].strip().replace(".", "").isdigit())
    if len(ticks) < n:
        die("tick labels in %s: %s, want %d or more" % (unit, sorted(ticks),
                                                       n))
    for t in texts:
        if t.startswith("!"):
            if any(w == t[1:] for w in words):
                die("%r in the figure" % t[1:])
        elif not any(t in w for w in words):
            die("no %r in the figure (texts: %s)" % (t, words))
    if png:
        head = open(png, "rb").read(24)
        got = (int.from_bytes(head[16:20], "big"),
               int.from_bytes(head[20:24], "big"))
        if head[:8] != b"\x89PNG\r\n\x1a\n" or got != (width, height):
            die("PNG %r, %s pixels, want %dx%d" % (head[:8], got, width,
                                                    height))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "rows":
        check_rows(args[0], int(args[1]), int(args[2]))
    elif cmd == "summary":
        check_summary(args[0])
    elif cmd == "failed":
        check_failed(*args)
    elif cmd == "hist":
        check_hist(args[0])
    elif cmd == "pipe128":
        check_pipe128(args[0])
    elif cmd == "synth":
        synth(args[0])
    elif cmd == "figure":
        check_figure(args[0], args[1], int(args[2]), int(args[3]), args[4],
                     int(args[5]), args[6:])
    elif cmd == "series":
        check_series(args[0], int(args[1]), int(args[2]), args[3:])
    elif cmd == "absent":
        if any(r["buffersize"] == args[1] for r in load_csv(args[0])[1]):
            die("size %s is in %s" % (args[1], args[0]))
    else:
        die("unknown check %s" % cmd)


if __name__ == "__main__":
    main()
