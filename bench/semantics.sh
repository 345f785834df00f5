#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# One experiment, one number: does `-n 7` in one process measure what 7
# separate processes measure?  For each row, ROUNDS rounds; each round
# takes the median bandwidth of one `ipc-static -B -c CPU -n 7` process
# and the median of 7 single-run processes, in alternating order, and
# their ratio.  Prints the median ratio over the rounds and its range.
# A ratio near 1.00 means a run's number does not depend on what ran
# before it in the same process.  Pinned to one CPU (the first this shell
# may use) so that placement noise does not swamp the comparison.
#
# Environment: ROUNDS (default 11), IPC_STATIC, BENCH_PORT.

TOP=$(cd "$(dirname "$0")/.." && pwd)
IPC_STATIC=${IPC_STATIC:-$TOP/ipc/ipc-static}
ROUNDS=${ROUNDS:-11}
PORT=${BENCH_PORT:-$((30000 + $$ % 20000))}
N=7

[ -x "$IPC_STATIC" ] || { echo "bench: missing $IPC_STATIC: run make first" >&2; exit 1; }
CPU=$(python3 -c 'import os; print(sorted(os.sched_getaffinity(0))[0])' 2>/dev/null ||
    echo 0)

# rates ARGS...: the bandwidths one process printed, one per line.
rates() {
	timeout 120 "$IPC_STATIC" "$@" </dev/null 2>/dev/null |
	    sed -n 's/^\([0-9.]*\) KBytes\/sec$/\1/p'
}

# median: of the numbers on stdin.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
	    if (NR == 0) { print "nan"; exit }
	    if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row LABEL ARGS...: ROUNDS rounds of -n N against N separate processes.
row() {
	_label=$1; shift
	_r=0
	: >"$TMPF.ratios"
	while [ "$_r" -lt "$ROUNDS" ]; do
		_r=$((_r + 1))
		if [ $((_r % 2)) = 1 ]; then
			_n=$(rates -B -c "$CPU" -n "$N" "$@" | median)
		fi
		_i=0
		: >"$TMPF.sep"
		while [ "$_i" -lt "$N" ]; do
			_i=$((_i + 1))
			rates -B -c "$CPU" "$@" >>"$TMPF.sep"
		done
		_s=$(median <"$TMPF.sep")
		if [ $((_r % 2)) = 0 ]; then
			_n=$(rates -B -c "$CPU" -n "$N" "$@" | median)
		fi
		awk -v a="$_n" -v b="$_s" 'BEGIN { if (b > 0) printf "%.4f\n", a / b }' \
		    >>"$TMPF.ratios"
	done
	_med=$(median <"$TMPF.ratios")
	_lo=$(sort -g "$TMPF.ratios" | head -n 1)
	_hi=$(sort -g "$TMPF.ratios" | tail -n 1)
	printf '%-34s %8.3f   [%s .. %s]\n' "$_label" "$_med" "$_lo" "$_hi"
}

TMPF=$(mktemp "${TMPDIR:-/tmp}/ipc-bench-sem.XXXXXX") || exit 1
trap 'rm -f "$TMPF" "$TMPF".*' EXIT
trap 'exit 130' INT TERM

echo "== -n $N in one process vs $N processes: median bandwidth ratio (CPU $CPU, $ROUNDS rounds)"
printf '%-34s %8s   %s\n' "configuration" "ratio" "[min .. max over rounds]"
row "2thread pipe  16 MiB x 1" -i pipe -b 16777216 -t 16777216 2thread
row "2thread pipe   1 MiB x 16" -i pipe -b 1048576 -t 16777216 2thread
row "2thread pipe 128 KiB x 128" -i pipe -b 131072 -t 16777216 2thread
row "2proc   pipe   1 MiB x 16" -i pipe -b 1048576 -t 16777216 2proc
row "2thread local  1 MiB x 16" -i local -b 1048576 -t 16777216 2thread
row "2thread tcp    1 MiB x 16" -i tcp -p "$PORT" -b 1048576 -t 16777216 2thread
row "1thread pipe   1 MiB x 16" -i pipe -b 1048576 -t 16777216 1thread
row "2thread pipe -f 1 MiB x 16" -f -i pipe -b 1048576 -t 16777216 2thread
