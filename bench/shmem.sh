#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# `make bench`, shared memory and -V.  Two measurements, each
# interleaving the commands it compares round by round (order reversed
# every other round, by bench/spawntime), reported as the median of the
# per-round ratios with a distribution-free ~95% confidence interval:
#   1. -i shmem against pipe and local at the same buffer sizes, 2thread
#      and 2proc, with both sides on CPU 0 (-c 0) and apart (-c 1,0):
#      bandwidth ratios shmem/pipe and shmem/local;
#   2. the cost of -V: bandwidth with -V over bandwidth without, per IPC
#      type, pinned to CPU 0, both with -f (-V pre-faults the sender's
#      buffer as it fills it).
# Bandwidths come from the "time:" each run prints with -v (the timed
# transfer only), not from process wall time.
#
# Environment: ROUNDS (rounds per row, default 31), CC.

TOP=$(cd "$(dirname "$0")/.." && pwd)
IPC_STATIC=${IPC_STATIC:-$TOP/ipc/ipc-static}
ROUNDS=${ROUNDS:-31}
CC=${CC:-cc}
MIB=1048576
T=16777216

BENCH=bench/shmem
[ -x "$IPC_STATIC" ] || { echo "$BENCH: missing $IPC_STATIC: run make first" >&2; exit 1; }
. "$TOP/bench/common.sh"

# ratio_awk: from spawntime lines "round cmd exit wall_ns transfer_ns" of
# commands 0..N-1, print per command its median MiB/s, and the median
# ratio (with CI) of each command's bandwidth to command 0's.
ratio_awk() {
	awk -v label="$1" -v bytes="$2" -v mib="$MIB" "$AWKLIB"'
	$3 != 0 || $5 <= 0 { bad++; next }
	{ t[$1, $2] = $5; seen[$1] = 1; if ($2 > maxc) maxc = $2 }
	END {
		line = sprintf("%-30s", label)
		for (c = 0; c <= maxc; c++) {
			n = 0
			for (r in seen)
				if ((r, c) in t)
					bw[++n] = bytes / mib / (t[r, c] / 1e9)
			isort(bw, n)
			line = line sprintf(" %9.0f", med(bw, n))
		}
		for (c = 1; c <= maxc; c++) {
			n = 0
			for (r in seen)
				if ((r, 0) in t && (r, c) in t)
					q[++n] = t[r, c] / t[r, 0]
			isort(q, n)
			line = line sprintf("  %6.3f [%5.3f,%5.3f]", med(q, n),
			    cilo(q, n), cihi(q, n))
		}
		if (bad)
			line = line sprintf("  (%d failed runs)", bad)
		print line
	}' "$TMPD/rows"
}

echo "=== ipc-static: shared memory against pipe and local; the cost of -V ==="
echo "host: $(uname -srm), $NCPU CPUs; ROUNDS=$ROUNDS;" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')"

echo
echo "--- 1. shmem vs pipe and local (-B, t=16M, 4M for b=4096; MiB/s medians;" \
    "ratio = shmem bandwidth / the other's, [~95% CI]) ---"
printf '%-30s %9s %9s %9s  %-21s  %s\n' config shmem pipe local \
    "shmem/pipe" "shmem/local"
for m in 2thread 2proc; do
	for pin in 0 1,0; do
		[ "$pin" = 1,0 ] && [ "$NCPU" -lt 2 ] && continue
		for b in 4096 65536 1048576; do
			# 4 KiB apart can be slow (a wake-up per message).
			t=$T
			[ "$b" = 4096 ] && t=$((T / 4))
			set -- -B -v -c "$pin" -b "$b" -t "$t"
			"$SPAWNTIME" "$ROUNDS" \
			    -- "$IPC_STATIC" "$@" -i shmem "$m" \
			    -- "$IPC_STATIC" "$@" -i pipe "$m" \
			    -- "$IPC_STATIC" "$@" -i local "$m" \
			    >"$TMPD/rows" || die "spawntime failed"
			ratio_awk "$m -c $pin b=$b" "$t"
		done
	done
done

echo
echo "--- 2. the cost of -V (-B -f -c 0, t=16M; ratio = bandwidth with -V /" \
    "without, [~95% CI]) ---"
echo "-f on both: -V fills the sender's buffer before timing, which"
echo "pre-faults it; -f does the same for the plain run, so only the"
echo "in-loop cost (header stamps, the receiver's check) is compared."
printf '%-30s %9s %9s  %s\n' config "-V MiB/s" "plain" "-V/plain"
for m in 1thread 2thread; do
	for ty in pipe local shmem; do
		for b in 4096 131072; do
			set -- -B -f -v -c 0 -b "$b" -t "$T" -i "$ty"
			"$SPAWNTIME" "$ROUNDS" \
			    -- "$IPC_STATIC" "$@" -V "$m" \
			    -- "$IPC_STATIC" "$@" "$m" \
			    >"$TMPD/rows" || die "spawntime failed"
			ratio_awk "$m $ty b=$b" "$T"
		done
	done
done
