#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# This build's bandwidth against an earlier commit's, side by side:
#     sh bench/against.sh REV
# for a change that must not move what is measured (a refactor of the
# loops, say).  REV's ipc-static is built from `git archive REV` in a
# temporary directory with the same compiler and flags; then, for every
# mode x IPC type at the default sizes (128 KiB x 128) and at 4 KiB
# messages, both binaries run interleaved round by round (bench/spawntime
# reverses the order every other round) and each round gives the ratio
# of their reported transfer times: REV's time / this build's, so > 1
# means this build is faster.  Each row prints the median ratio and a
# distribution-free ~95% confidence interval of it (bench/stats.awk);
# "same" when the interval holds 1.  Rows run unpinned and, where taskset
# exists, with both runs on CPU 0.
#
# Environment: PAIRS (rounds per row, default 31), ROWS (an extended
# regular expression: only the rows whose label and pin match, e.g.
# ROWS='1thread shmem b=4K'), BENCH_PORT (TCP port), CC.
# `sh bench/against.sh HEAD` is an A/A control: the noise floor of this
# machine.

TOP=$(cd "$(dirname "$0")/.." && pwd)
NEW=$TOP/ipc/ipc-static
PAIRS=${PAIRS:-31}
ROWS=${ROWS:-}
PORT=${BENCH_PORT:-$((30000 + $$ % 20000))}
CC=${CC:-cc}

die() { echo "bench/against: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: sh bench/against.sh REV"
REV=$1
[ -x "$NEW" ] || die "missing $NEW: run make first"
git -C "$TOP" rev-parse --verify -q "$REV^{commit}" >/dev/null ||
    die "no commit $REV"

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-against.XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT TERM

# --- REV's binary and the spawn timer ------------------------------------
mkdir "$TMPD/old"
git -C "$TOP" archive "$REV" | tar -x -C "$TMPD/old" ||
    die "cannot unpack $REV"
make -C "$TMPD/old/ipc" CC="$CC" ipc-static >"$TMPD/build.log" 2>&1 ||
    { tail -20 "$TMPD/build.log"; die "cannot build $REV"; }
OLD=$TMPD/old/ipc/ipc-static
SPAWNTIME=$TMPD/spawntime
$CC -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o "$SPAWNTIME" \
    "$TOP/bench/spawntime.c" || die "cannot build spawntime"
AWKLIB=$(cat "$TOP/bench/stats.awk")
PIN=
command -v taskset >/dev/null 2>&1 && PIN="taskset -c 0"

# row LABEL PIN ARGS...: PAIRS interleaved rounds of REV's and this
# build's ipc-static -B -v ARGS; one table row.
row() {
	_label=$1 _pin=$2
	shift 2
	[ -z "$ROWS" ] || echo "$_label $_pin" | grep -Eq -- "$ROWS" || return 0
	_pfx=
	[ "$_pin" = cpu0 ] && _pfx=$PIN
	$_pfx "$SPAWNTIME" "$PAIRS" -- "$OLD" -B -v "$@" \
	    -- "$NEW" -B -v "$@" >"$TMPD/pairs" || die "spawntime failed"
	awk -v label="$_label" -v pin="$_pin" "$AWKLIB"'
	$3 != 0 || $5 < 0 { bad++; next }
	{ t[$1, $2] = $5; seen[$1] = 1 }
	END {
		for (r in seen)
			if (((r, 0) in t) && ((r, 1) in t))
				ratio[++n] = t[r, 0] / t[r, 1]
		if (n == 0) {
			printf "%-30s %-5s   no valid pairs (%d failed runs)\n",
			    label, pin, bad
			exit
		}
		isort(ratio, n)
		lo = cilo(ratio, n); hi = cihi(ratio, n)
		v = "same"
		if (lo > 1)
			v = "faster"
		else if (hi < 1)
			v = "slower"
		printf "%-30s %-5s %5d   %6.3f  [%5.3f,%5.3f]  %s%s\n",
		    label, pin, n, med(ratio, n), lo, hi, v,
		    bad ? sprintf(" (%d failed runs)", bad) : ""
	}' "$TMPD/pairs"
}

echo "=== ipc-static: this build against $REV" \
    "($(git -C "$TOP" rev-parse --short "$REV")) ==="
echo "host: $(uname -srm), load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "ratio = $REV's transfer time / this build's (> 1: this build is" \
    "faster); median of $PAIRS interleaved rounds, [..] ~95% CI."
printf '%-30s %-5s %5s   %6s  %-13s  %s\n' config pin pairs ratio CI verdict
START=$(date +%s)
for pin in none cpu0; do
	[ "$pin" = cpu0 ] && [ -z "$PIN" ] && continue
	for m in 1thread 2thread 2proc; do
		for i in pipe local tcp shmem; do
			row "$m $i b=128K t=16M" $pin -i $i -p $PORT $m
		done
		for i in pipe local shmem; do
			row "$m $i b=4K t=16M" $pin -b 4096 -t 16777216 -i $i \
			    -p $PORT $m
		done
	done
done
echo "elapsed: $(($(date +%s) - START)) s"
