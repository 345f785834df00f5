#!/usr/bin/env python3
"""Checks for tests/t_compare.sh: makes synthetic sweep CSVs with known
differences and judges `ipc-sweep compare` independently of it.

usage: compare_check.py synth DIR
           writes DIR/aa1.csv and DIR/aa2.csv (one configuration drawn
           twice from one distribution) and DIR/shift.csv (variants
           "none" and "-s"; "-s" is 1.5 times faster from 1M up; and a
           64K point without -s whose runs are two regimes, 1M and 3M)
           and DIR/procs.csv (the same variants, six processes of three
           runs a point each, as run --repeat 6 --trials 3 writes them;
           "-s" twice as fast at 1M and 2M)
       compare_check.py agrees A.csv B.csv [COLUMN=VALUE COLUMN=VALUE]
           < compare.json
           every point's medians, ratio, p-value and Holm-adjusted
           p-value, recomputed here with scipy, equal the document's;
           with selectors, A is the first CSV's rows where the first
           holds, B's where the second does
       compare_check.py table compare.json < compare.txt
           the table says what the JSON document says, point by point
       compare_check.py adjust TOOL
           ipc-sweep's Holm and Benjamini-Hochberg adjustments on a
           worked example
       compare_check.py verdicts WORD=N[,WORD=N...] < compare.json
           the verdicts counted are exactly these
Prints nothing and exits 0 on success; prints the reason and exits 1.
Needs numpy and scipy (run it with an interpreter that has them).
"""
import csv
import importlib.machinery
import importlib.util
import json
import random
import sys

CONFIG = ["ipctype", "ipcmode", "buffersize", "totalsize", "extra_flags",
          "trials", "warmups", "bare", "binary"]
RUN = ["trial", "status", "started", "wall", "stderr"]
TRUST = ["stability", "regime", "outlier"]
KEY = ["ipctype", "ipcmode", "buffersize", "totalsize", "extra_flags"]
SIZES = [4096 << k for k in range(8)]          # 4K .. 512K
SHIFT_SIZES = [1 << 20, 1 << 21, 1 << 22]       # 1M, 2M, 4M
TRIALS = 11


def die(msg):
    print(msg)
    sys.exit(1)


def write_csv(path, points, reps=None):
    """points: [(ipctype, ipcmode, size, flags, [values])]; a point whose
    values are two groups, the second at least twice the first, is marked
    multimodal, the others stable.  With reps, a rep column says which
    process each value came from (the file then has run --repeat's
    columns)."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        cfg = CONFIG[:-1] + (["rep"] if reps else []) + CONFIG[-1:]
        w.writerow(cfg + RUN + TRUST + ["bandwidth"])
        for t, m, size, flags, vals in points:
            two = max(vals) > 2 * min(vals)
            for i, v in enumerate(vals):
                rep = [1 + i // reps] if reps else []
                w.writerow([t, m, size, 16777216, flags,
                            reps or len(vals), 1, 1] +
                           rep + ["ipc-static", i + 1, 0,
                                  "2026-01-01T00:00:00Z", 0.1, "",
                                  "multimodal" if two else "stable",
                                  1 + (two and v > 2 * min(vals)), 0,
                                  repr(v)])


def synth(d):
    rng = random.Random(18)

    def draw(level):
        return [level * rng.lognormvariate(0, 0.1) for _ in range(TRIALS)]
    grid = [(t, m, s) for t in ("pipe", "local") for m in ("2thread",
                                                           "2proc")
            for s in SIZES]
    level = dict(((t, m, s), 1e6 * (1 + i % 5)) for i, (t, m, s) in
                 enumerate(grid))
    for name in ("aa1", "aa2"):
        write_csv("%s/%s.csv" % (d, name), [(t, m, s, "none",
                                              draw(level[t, m, s]))
                                             for t, m, s in grid])
    pts = [("local", "2thread", 64 << 10, "none",
            draw(1e6)[:6] + draw(3e6)[:5])]
    for s in SIZES[-3:] + SHIFT_SIZES:
        pts.append(("local", "2thread", s, "none", draw(1e6)))
        pts.append(("local", "2thread", s, "-s",
                    draw(1.5e6 if s in SHIFT_SIZES else 1e6)))
    write_csv("%s/shift.csv" % d, pts)

    # Six processes of three runs a point and variant: each process draws
    # a level of its own (the machine's moment), its runs stay close to
    # it.  "-s" is twice as fast at 1M and 2M only.
    def procs(level):
        out = []
        for _ in range(6):
            p = level * rng.lognormvariate(0, 0.25)
            out += [p * rng.lognormvariate(0, 0.01) for _ in range(3)]
        return out
    pts = []
    for s in SIZES[-4:] + SHIFT_SIZES[:2]:
        pts.append(("local", "2thread", s, "none", procs(1e6)))
        pts.append(("local", "2thread", s, "-s",
                    procs(2e6 if s in SHIFT_SIZES else 1e6)))
    write_csv("%s/procs.csv" % d, pts, reps=3)


def rows_of(path, sel, unit):
    """{point: observations}: every run's bandwidth, or with unit
    "process" the median of each process's (rep's) runs."""
    import numpy as np
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["status"] != "0" or (sel and r[sel[0]] != sel[1]):
                continue
            k = tuple((c, r[c]) for c in KEY if not sel or c != sel[0])
            out.setdefault(k, {}).setdefault(r.get("rep", "1"), []).append(
                float(r["bandwidth"]))
    if unit == "process":
        return dict((k, [float(np.median(v[rep])) for rep in sorted(v)])
                    for k, v in out.items())
    return dict((k, [x for rep in sorted(v) for x in v[rep]])
                for k, v in out.items())


def holm_by_definition(ps):
    """adj_i = max over p_j <= p_i of min(1, (m - rank_j) * p_j), ranks
    from 0: the textbook form, not ipc-sweep's running maximum."""
    m = len(ps)
    ranked = sorted(ps)
    return [max(min(1.0, (m - j) * ranked[j]) for j in range(m)
                if ranked[j] <= p) for p in ps]


def agrees(a_path, b_path, sels):
    import numpy as np
    from scipy.stats import mannwhitneyu
    doc = json.load(sys.stdin)
    sa = tuple(sels[0].split("=", 1)) if sels else None
    sb = tuple(sels[1].split("=", 1)) if sels else None
    unit = doc.get("observation", "run")
    a, b = rows_of(a_path, sa, unit), rows_of(b_path, sb, unit)
    common = set(a) & set(b)
    if len(doc["points"]) != len(common):
        die("%d points, want %d" % (len(doc["points"]), len(common)))
    ps = []
    for pt in doc["points"]:
        k = tuple((c, str(pt[c])) for c in KEY if c in pt)
        if k not in common:
            die("point %r is not on both sides" % (k,))
        ma, mb = float(np.median(a[k])), float(np.median(b[k]))
        p = mannwhitneyu(a[k], b[k], alternative="two-sided").pvalue
        ps.append(p)
        for name, got, want in (("median_a", pt["median_a"], ma),
                                ("median_b", pt["median_b"], mb),
                                ("ratio", pt["ratio"], mb / ma),
                                ("p", pt["p"], p)):
            if abs(got - want) > 1e-9 * max(1.0, abs(want)):
                die("%r %s: %r, want %r" % (k, name, got, want))
        if not pt["ratio_low"] <= pt["ratio"] <= pt["ratio_high"]:
            die("%r: ratio %r outside its interval" % (k, pt["ratio"]))
    for pt, want in zip(doc["points"], holm_by_definition(ps)):
        if abs(pt["p_adjusted"] - want) > 1e-12:
            die("p_adjusted %r, want %r" % (pt["p_adjusted"], want))
        word = pt["verdict"]
        if (want < doc["alpha"]) != (word != "no detectable difference"):
            die("verdict %r with adjusted p %r" % (word, want))
        if word != "no detectable difference" and \
                (word == "faster") != (pt["ratio"] > 1):
            die("verdict %r with ratio %r" % (word, pt["ratio"]))


def value(v):
    """How the table prints a median: two decimals from 100 up, else six
    significant digits."""
    return "%.2f" % v if abs(v) >= 100 else "%.6g" % v


def table(json_path):
    doc = json.load(open(json_path))
    lines = sys.stdin.read().splitlines()
    at = [i for i, l in enumerate(lines) if l.startswith("ipctype ")]
    if len(at) != 1:
        die("no header line")
    body = lines[at[0] + 1:at[0] + 1 + len(doc["points"])]
    for line, pt in zip(body, doc["points"]):
        f = line.split()
        want = [pt["ipctype"], pt["ipcmode"], str(pt["buffersize"]),
                str(pt["n_a"]), str(pt["n_b"]), value(pt["median_a"]),
                value(pt["median_b"]), "%.3f" % pt["ratio"],
                "%.3f..%.3f" % (pt["ratio_low"], pt["ratio_high"]),
                "%.4f" % pt["p"], "%.4f" % pt["p_adjusted"]]
        if f[:len(want)] != want or pt["verdict"] not in line:
            die("line %r, want %r %s" % (line, want, pt["verdict"]))
    counts = lines[at[0] + 1 + len(doc["points"]):]
    want = ", ".join("%d %s" % (n, w) for w, n in sorted(
        doc["counts"].items(), key=lambda x: (x[0] ==
                                              "no detectable difference",
                                              x[0])))
    if not counts or not counts[0].startswith(want):
        die("last line %r, want %r" % (counts[:1], want))


def adjust(tool):
    loader = importlib.machinery.SourceFileLoader("ipc_sweep", tool)
    spec = importlib.util.spec_from_loader("ipc_sweep", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    ps = [0.01, 0.04, 0.03, 0.005]
    # Holm: 0.005*4, 0.01*3, 0.03*2, then max(0.06, 0.04*1).
    # BH: 0.04*4/4, min(that, 0.03*4/3), 0.01*4/2, 0.005*4/1.
    for name, fn, want in (("holm", mod.holm, [0.03, 0.06, 0.06, 0.02]),
                           ("bh", mod.benjamini_hochberg,
                            [0.02, 0.04, 0.04, 0.02])):
        got = fn(ps)
        if any(abs(g - w) > 1e-12 for g, w in zip(got, want)):
            die("%s(%r) = %r, want %r" % (name, ps, got, want))
    if mod.holm([]) != [] or mod.holm([0.7]) != [0.7]:
        die("holm of no or one p-value")


def verdicts(spec):
    doc = json.load(sys.stdin)
    want = dict((w, int(n)) for w, _, n in (x.rpartition("=")
                                            for x in spec.split(",")))
    if doc["counts"] != want:
        die("verdicts %r, want %r" % (doc["counts"], want))


def main():
    what = sys.argv[1]
    if what == "synth":
        synth(sys.argv[2])
    elif what == "agrees":
        agrees(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif what == "table":
        table(sys.argv[2])
    elif what == "adjust":
        adjust(sys.argv[2])
    elif what == "verdicts":
        verdicts(sys.argv[2])
    else:
        die("unknown check %s" % what)


if __name__ == "__main__":
    main()
