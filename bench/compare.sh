#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# How far can `ipc-sweep compare` be trusted on this machine?
#
#  1. A/A, separate sweeps: one configuration swept twice, one sweep after
#     the other, compared point by point.  Every "faster" or "slower" is a
#     false positive; their share is printed with Holm (the default), with
#     Benjamini-Hochberg, and uncorrected (raw p < alpha).  Twice: each
#     point one process of 21 runs (runs as observations), and each point
#     seven processes of 3 runs at seven moments of the sweep (run
#     --repeat 7; each process's median an observation).
#  2. A/A, interleaved: the same configuration as two variants of one
#     sweep (`-p PORT` changes nothing for pipe and local), so the random
#     order interleaves the two sides; seven processes a point.
#  3. A real difference: -f against no -f at 1..16 MiB buffers, one sweep,
#     seven processes of 3 runs a point.
#
# Grid of 1 and 2: pipe, local x 2thread, 2proc x 4K..16M (52 points).
# Environment: ROUNDS (A/A rounds of each kind, default 3), PYTHON (an
# interpreter with scipy, default: the first of /usr/bin/python3 and
# python3 that has it).

TOP=$(cd "$(dirname "$0")/.." && pwd)
SWEEP=$TOP/tools/ipc-sweep
ROUNDS=${ROUNDS:-3}

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
    --warmups 1 --binary $TOP/ipc/ipc-static"
ONE="--trials 21"
SEVEN="--trials 3 --repeat 7"

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

# compare_aa LABEL ARGS...: compare ARGS with Holm and with BH; print
# both shares.
compare_aa() {
	_l=$1; shift
	for c in holm bh; do
		"$PYTHON" "$SWEEP" compare "$@" --correction $c --json \
		    >"$TMPD/c.json" || die "compare failed"
		share "$_l" "$TMPD/c.json"
	done
}

echo "A/A: one configuration against itself; every verdict is a false positive"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	# shellcheck disable=SC2086 # word lists
	sweep "$TMPD/a$r.csv" $ONE
	# shellcheck disable=SC2086
	sweep "$TMPD/b$r.csv" $ONE
	compare_aa "separate, 1 process, round $r" "$TMPD/a$r.csv" "$TMPD/b$r.csv"
	# shellcheck disable=SC2086
	sweep "$TMPD/c$r.csv" $SEVEN
	# shellcheck disable=SC2086
	sweep "$TMPD/d$r.csv" $SEVEN
	compare_aa "separate, 7 processes, round $r" "$TMPD/c$r.csv" \
	    "$TMPD/d$r.csv"
	# shellcheck disable=SC2086
	sweep "$TMPD/i$r.csv" $SEVEN --flags "" --flags "-p 10141"
	compare_aa "interleaved, 7 processes, round $r" "$TMPD/i$r.csv" \
	    --a extra_flags=none --b "extra_flags=-p 10141"
	r=$((r + 1))
done

echo
echo "-f against no -f (pipe, local x 2thread, 2proc x 1M..16M), one sweep,"
echo "seven processes of 3 runs a point:"
"$PYTHON" "$SWEEP" run -q --sizes 1M..16M --types pipe,local \
    --modes 2thread,2proc --trials 3 --repeat 7 --warmups 1 --flags "" \
    --flags "-f" --binary "$TOP/ipc/ipc-static" --out "$TMPD/f.csv" ||
    die "sweep failed"
"$PYTHON" "$SWEEP" compare "$TMPD/f.csv" --a extra_flags=none \
    --b extra_flags=-f || die "compare failed"
