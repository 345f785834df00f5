#!/usr/bin/env python3
"""Checks for tests/t_stability.sh: recomputes the stability verdict of an
ipc-static -j document from its samples, independently of ipc/stability.c,
and compares it with benchmark_summary.stability.

usage: stability_check.py json < out.json     the verdict object agrees
       stability_check.py text N < out.txt     the -v summary's shape
Prints nothing and exits 0 on success; prints the reason and exits 1.

The bandwidths are recomputed from each datum's "time" text exactly as
the benchmark computes them (totalsize / seconds / 1024 in doubles), so
every comparison of the rule sees the very values the benchmark saw.
"""
import json
import re
import statistics
import sys

WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven",
         "eight")
VERDICTS = ("none", "stable", "noisy", "multimodal")


def die(msg):
    print(msg)
    sys.exit(1)


def quantile(s, p):
    pos = p * (len(s) - 1)
    lo = int(pos)
    if lo >= len(s) - 1:
        return s[-1]
    return s[lo] + (pos - lo) * (s[lo + 1] - s[lo])


def iqr(s):
    return quantile(s, 0.75) - quantile(s, 0.25)


def human(v):
    """%.3g with a K/M/G/T suffix, as the reason prints values."""
    k = 0
    while k < 4 and (v >= 999.5 or v <= -999.5):
        v /= 1000.0
        k += 1
    return "%.3g%s" % (v, " KMGT"[k].strip())


def regimes(s, med):
    """The regime rule, written as plainly as it reads: groups of single
    runs; join the narrowest failing boundary until every one stands."""
    groups = [[v] for v in s]

    def stands(a, b):
        gap = b[0] - a[-1]
        return (len(a) >= 3 and len(b) >= 3 and gap > 0.10 * med and
                gap > 2 * iqr(a) and gap > 2 * iqr(b))

    while True:
        failing = [k for k in range(len(groups) - 1)
                   if len(groups) > 8 or not stands(groups[k], groups[k + 1])]
        if not failing:
            return groups
        k = min(failing, key=lambda k: (groups[k + 1][0] - groups[k][-1], k))
        groups[k:k + 2] = [groups[k] + groups[k + 1]]


def noise_note(verdict, groups, vals, extras):
    """What the reason adds from run_extras: runs with steal time, and a
    slowest regime preempted more than the fastest."""
    if verdict == "none" or not extras:
        return ""
    note = ""
    stolen = sum(e["steal_ms"] > 0 for e in extras)
    if stolen:
        note += "; steal time in %d of %d runs" % (stolen, len(vals))
    if len(groups) > 1:
        def med(g):
            xs = sorted(e["involuntary_switches"] for v, e in zip(vals, extras)
                        if g[0] <= v <= g[-1] and e["involuntary_switches"] >= 0)
            return quantile(xs, 0.5) if xs else -1
        slow, fast = med(groups[0]), med(groups[-1])
        if fast >= 0 and slow > fast:
            note += ("; the slowest regime's runs were preempted more "
                     "(median %.0f involuntary switches a run, the "
                     "fastest's %.0f)" % (slow, fast))
    return note


def judge(vals, extras=None):
    n = len(vals)
    if n < 2:
        return {"verdict": "none", "count": n,
                "reason": "%s: nothing to judge" % ("one run" if n else
                                                    "no runs")}
    s = sorted(vals)
    med, q1, q3 = quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75)
    spread = q3 - q1
    mean = statistics.fmean(s)
    cv = statistics.stdev(s) / mean if mean > 0 else 0.0
    ratio = spread / med if med > 0 else 0.0
    lo, hi = q1 - 1.5 * spread, q3 + 1.5 * spread
    out = [i + 1 for i, v in enumerate(vals) if v < lo or v > hi]
    groups = regimes(s, med)
    if len(groups) > 1:
        verdict = "multimodal"
    elif ratio > 0.10 or len(out) * 10 > n:
        verdict = "noisy"
    else:
        verdict = "stable"
    if verdict == "multimodal":
        reason = "%s regimes: %s KBytes/sec" % (WORDS[len(groups)], ", ".join(
            "%d%s near %s" % (len(g), " runs" if i == 0 else "",
                              human(quantile(g, 0.5)))
            for i, g in enumerate(groups)))
    else:
        reason = "IQR %.1f%% of the median%s, CV %.3f" % (
            100 * ratio, " (noisy above 10%)" if ratio > 0.10 else "", cv)
        if not out:
            reason += ", no outliers"
        else:
            runs = [str(r) for r in out[:8]] + (["..."] if out[8:] else [])
            reason += ", %d of %d runs outside Tukey's fences %s..%s (run%s %s%s)" % (
                len(out), n, human(lo), human(hi), "s" if len(out) > 1 else "",
                ", ".join(runs), "; noisy above one run in ten"
                if len(out) * 10 > n else "")
        if n < 6:
            reason += "; %d runs are too few to look for regimes (6 needed)" % n
    reason += noise_note(verdict, groups, vals, extras)
    return {"verdict": verdict, "reason": reason, "count": n, "cv": cv,
            "iqr_ratio": ratio, "fence_low": lo, "fence_high": hi,
            "outliers": len(out), "outlier_runs": out,
            "regimes": [{"count": len(g), "median": quantile(g, 0.5),
                         "min": g[0], "max": g[-1],
                         "runs": [i + 1 for i, v in enumerate(vals)
                                  if g[0] <= v <= g[-1]]}
                        for g in groups]}


def bandwidths(text):
    """Each datum's bandwidth, recomputed from its exact "time" text."""
    j = json.loads(text, parse_float=str)
    total = float(j["benchmark_configuration"]["totalsize"])
    vals = []
    for d in j["benchmark_samples"]:
        sec, _, frac = d["time"].partition(".")
        secs = float(int(sec)) + float(int(frac.ljust(9, "0"))) / 1e9
        vals.append(total / secs / 1024.0 if secs > 0 else 0.0)
    return vals


def close(a, b, tol):
    return abs(float(a) - b) <= tol + 1e-9 * abs(b)


def check_json(text):
    doc = json.loads(text)
    got = doc["benchmark_summary"]["stability"]
    want = judge(bandwidths(text), doc.get("run_extras"))
    if got["verdict"] not in VERDICTS:
        die("verdict %r" % got["verdict"])
    if want["verdict"] == "none":
        if got != want:
            die("one run: %r, want %r" % (got, want))
        return
    for k in ("verdict", "reason", "count", "outliers", "outlier_runs"):
        if got[k] != want[k]:
            die("%s: %r, want %r" % (k, got[k], want[k]))
    for k, tol in (("cv", 2e-6), ("iqr_ratio", 2e-6), ("fence_low", 0.006),
                   ("fence_high", 0.006)):
        if not close(got[k], want[k], tol):
            die("%s: %r, want %r" % (k, got[k], want[k]))
    if len(got["regimes"]) != len(want["regimes"]):
        die("%d regimes, want %d" % (len(got["regimes"]),
                                     len(want["regimes"])))
    for g, w in zip(got["regimes"], want["regimes"]):
        if g["count"] != w["count"] or g["runs"] != w["runs"]:
            die("regime %r, want %r" % (g, w))
        for k in ("median", "min", "max"):
            if not close(g[k], w[k], 0.006):
                die("regime %s: %r, want %r" % (k, g[k], w[k]))


def check_text(text, n):
    """The -v summary's verdict lines: the verdict, the spread, the
    outlier runs, and one line per regime when there are several."""
    lines = text.splitlines()
    try:
        at = lines.index("Summary of %d samples (warm-up runs discarded: "
                         "0):" % n)
    except ValueError:
        die("no summary of %d samples" % n)
    tail = lines[at + 3:]
    m = re.match(r"^  stability: (stable|noisy|multimodal): (.+)$",
                 tail[0] if tail else "")
    if not m:
        die("no stability line: %r" % tail[:1])
    if not re.match(r"^  spread: CV [0-9]+\.[0-9]{6}, IQR/median "
                    r"[0-9]+\.[0-9]{6}, Tukey's fences -?[0-9]+\.[0-9]{2} "
                    r"and -?[0-9]+\.[0-9]{2} KBytes/sec$", tail[1]):
        die("spread line %r" % tail[1])
    if not re.match(r"^  outlier runs: (none|[0-9]+(, [0-9]+)*)$", tail[2]):
        die("outlier line %r" % tail[2])
    rest = tail[3:]
    if m.group(1) == "multimodal":
        k = WORDS.index(m.group(2).split()[0])
        if len(rest) != k or not all(re.match(
                r"^  regime %d: [0-9]+ runs, median .* runs [0-9, ]+$" %
                (i + 1), line) for i, line in enumerate(rest)):
            die("want %d regime lines: %r" % (k, rest))
    elif rest:
        die("lines after the summary: %r" % rest)


def main():
    text = sys.stdin.read()
    if sys.argv[1] == "json":
        check_json(text)
    elif sys.argv[1] == "text":
        check_text(text, int(sys.argv[2]))
    else:
        die("unknown check %s" % sys.argv[1])


if __name__ == "__main__":
    main()
