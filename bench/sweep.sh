#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# What does tools/ipc-sweep add to a lab-sized sweep?  The lab grid: 18
# buffer sizes (128 B .. 16 MiB) x pipe/local/tcp x 2thread/2proc, each
# point one `ipc-static -B -j -n 11 -w 1 -t 16M` process.  The same
# commands, in the same (seeded random) order, run once through
# `ipc-sweep run` and once from a plain shell loop that saves their
# output; the legs alternate A B B A over ROUNDS pairs, and the ratio of
# their wall times is the sweep's overhead (target <= 1.05).  A second
# figure from inside the sweep's own run: its wall time against the sum of
# the wall times of the benchmark processes it ran (recorded per point).
#
# Environment: ROUNDS (A/B pairs, default 2), SIZES (default 128..16M),
# TRIALS (default 11), BENCH_PORT (TCP port), PYTHON (for the report).

TOP=$(cd "$(dirname "$0")/.." && pwd)
SWEEP=$TOP/tools/ipc-sweep
ROUNDS=${ROUNDS:-2}
SIZES=${SIZES:-128..16M}
TRIALS=${TRIALS:-11}
PORT=${BENCH_PORT:-$((30000 + $$ % 20000))}
PYTHON=${PYTHON:-python3}
TARGET=1.05

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-bench-sweep.XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT TERM

die() { echo "bench/sweep: $*" >&2; exit 1; }

[ -x "$TOP/ipc/ipc-static" ] || die "missing ipc/ipc-static: run make first"
have() { command -v "$1" >/dev/null 2>&1; }
have "$PYTHON" || die "no $PYTHON"

GRID="--sizes $SIZES --types pipe,local,tcp --modes 2thread,2proc
    --trials $TRIALS --warmups 1 --total 16M --flags=-p$PORT --seed 1
    --binary $TOP/ipc/ipc-static"

# now: wall-clock seconds with nanoseconds (GNU date; else whole seconds).
now() { date +%s.%N 2>/dev/null | sed 's/\.N$//'; }

# The commands the sweep will run, in its order.
"$SWEEP" run $GRID --dry-run --out "$TMPD/plan.csv" >"$TMPD/commands" ||
    die "ipc-sweep --dry-run failed"
npoints=$(wc -l <"$TMPD/commands")

leg_sweep() {
	rm -f "$TMPD/sweep.csv" "$TMPD/sweep.jsonl"
	t0=$(now)
	"$SWEEP" run $GRID -q --out "$TMPD/sweep.csv" ||
	    die "ipc-sweep run failed"
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

leg_loop() {
	: >"$TMPD/loop.out"
	t0=$(now)
	while IFS= read -r cmd; do
		eval "$cmd" >>"$TMPD/loop.out" || die "failed: $cmd"
	done <"$TMPD/commands"
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

echo "== ipc-sweep vs a plain shell loop: $npoints points ($SIZES x" \
    "pipe/local/tcp x 2thread/2proc), -n $TRIALS -w 1, 16 MiB per run"
: >"$TMPD/pairs"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		s=$(leg_sweep); l=$(leg_loop)
	else
		l=$(leg_loop); s=$(leg_sweep)
	fi
	[ -n "$s" ] && [ -n "$l" ] || exit 1
	echo "$s $l" >>"$TMPD/pairs"
	echo "$r $s $l" | awk '{ printf "round %d: ipc-sweep %.1f s, shell" \
	    " loop %.1f s, ratio %.3f\n", $1, $2, $3, $2 / $3 }'
	r=$((r + 1))
done

"$PYTHON" - "$TMPD/pairs" "$TMPD/sweep.csv" "$TARGET" <<'EOF'
import csv
import statistics
import sys

pairs = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
sweep = sum(p[0] for p in pairs)
loop = sum(p[1] for p in pairs)
ratio = sweep / loop
verdict = "met" if ratio <= float(sys.argv[3]) else "MISSED"
print("ipc-sweep / shell loop, wall time over %d rounds: %.3f "
      "(target <= %s: %s)" % (len(pairs), ratio, sys.argv[3], verdict))
# The last sweep's own record: the wall time of each benchmark process.
walls = {}
with open(sys.argv[2], newline="") as f:
    for r in csv.DictReader(f):
        key = (r["ipctype"], r["ipcmode"], r["buffersize"], r["extra_flags"])
        walls[key] = float(r["wall"])
inner = sum(walls.values())
last = pairs[-1][0]  # every round ends its pair with a sweep or after it
print("last ipc-sweep run: %.1f s wall, %.1f s in its %d benchmark "
      "processes: %.3f, %.2f s of its own" % (last, inner, len(walls),
                                                last / inner, last - inner))
print("whole sweep, wall time: %.1f s (median of %d runs)" %
      (statistics.median(p[0] for p in pairs), len(pairs)))
EOF
