#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# How far can `ipc-sweep compare` be trusted on this machine?
#
#  1. A/A, separate sweeps: one configuration swept twice, one sweep after
#     the other, compared point by point.  Every "faster" or "slower" is a
#     false positive; their share is printed with Holm (the default), with
#     Benjamini-Hochberg, and uncorrected (raw p < alpha).
#  2. A/A, interleaved: the same configuration as two variants of one
#     sweep (`-p PORT` changes nothing for pipe and local), so the random
#     order interleaves the two sides.
#  3. A real difference: -f against no -f at 1..16 MiB buffers, one sweep.
#
# Grid of 1 and 2: pipe, local x 2thread, 2proc x 4K..16M, 11 trials.
# Environment: ROUNDS (A/A pairs of each kind, default 3), TRIALS
# (default 11), PYTHON (an interpreter with scipy, default: the first of
# /usr/bin/python3 and python3 that has it).

TOP=$(cd "$(dirname "$0")/.." && pwd)
SWEEP=$TOP/tools/ipc-sweep
ROUNDS=${ROUNDS:-3}
TRIALS=${TRIALS:-11}

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-bench-compare.XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT TERM

die() { echo "bench/compare: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[ -x "$TOP/ipc/ipc-static" ] || die "missing ipc/ipc-static: run make first"
if [ -z "${PYTHON:-}" ]; then
	for p in /usr/bin/python3 python3; do
		if have "$p" && "$p" -c 'import scipy.stats' 2>/dev/null; then
			PYTHON=$p; break
		fi
	done
fi
[ -n "${PYTHON:-}" ] || die "no python3 with scipy (apt-get install python3-scipy)"

GRID="--sizes 4K..16M --types pipe,local --modes 2thread,2proc
    --trials $TRIALS --warmups 1 --binary $TOP/ipc/ipc-static"

# sweep OUT ARGS...: one quiet sweep.
sweep() {
	_o=$1; shift
	# shellcheck disable=SC2086 # GRID is a word list
	"$PYTHON" "$SWEEP" run -q $GRID "$@" --out "$_o" ||
	    die "sweep $_o failed"
}

# share LABEL JSON: the share of points with a verdict, three ways.
share() {
	"$PYTHON" - "$1" "$2" <<'EOF'
import json, sys
label, doc = sys.argv[1], json.load(open(sys.argv[2]))
pts = doc["points"]
m = len(pts)
found = sum(p["verdict"] != "no detectable difference" for p in pts)
raw = sum(p["p"] < doc["alpha"] for p in pts)
print("%-34s %2d of %d points (%4.1f%%) %-9s raw p < %g: %2d (%4.1f%%)" % (
    label, found, m, 100.0 * found / m, doc["correction"] + ",",
    doc["alpha"], raw, 100.0 * raw / m))
EOF
}

echo "A/A: one configuration against itself; every verdict is a false positive"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	sweep "$TMPD/a$r.csv"
	sweep "$TMPD/b$r.csv"
	for c in holm bh; do
		"$PYTHON" "$SWEEP" compare "$TMPD/a$r.csv" "$TMPD/b$r.csv" \
		    --correction $c --json >"$TMPD/ab$r$c.json" ||
		    die "compare failed"
		share "separate sweeps, round $r" "$TMPD/ab$r$c.json"
	done
	sweep "$TMPD/i$r.csv" --flags "" --flags "-p 10141"
	for c in holm bh; do
		"$PYTHON" "$SWEEP" compare "$TMPD/i$r.csv" --a extra_flags=none \
		    --b "extra_flags=-p 10141" --correction $c --json \
		    >"$TMPD/i$r$c.json" || die "compare failed"
		share "interleaved, round $r" "$TMPD/i$r$c.json"
	done
	r=$((r + 1))
done

echo
echo "-f against no -f (pipe, local x 2thread, 2proc x 1M..16M), one sweep:"
"$PYTHON" "$SWEEP" run -q --sizes 1M..16M --types pipe,local \
    --modes 2thread,2proc --trials "$TRIALS" --warmups 1 --flags "" \
    --flags "-f" --binary "$TOP/ipc/ipc-static" --out "$TMPD/f.csv" ||
    die "sweep failed"
"$PYTHON" "$SWEEP" compare "$TMPD/f.csv" --a extra_flags=none \
    --b extra_flags=-f || die "compare failed"
