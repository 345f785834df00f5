#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Probe effect of the tracing scripts (`make bench`): what bandwidth does
# ipc-static report with each trace/NAME.bt attached, against none?
# Students must see this number next to their traced results.
#
# For each script and each buffer size: PAIRS rounds, each running
#   ipc-static -B -j -g -c 0 -n RUNS -i pipe -b SIZE 2thread
# once bare and once under trace/run NAME (order swapped every other
# round), and taking two medians over each invocation's RUNS runs:
# bandwidth, and CPU time (user + system, both threads: getrusage).  A
# row gives, over the rounds, the median of traced / bare bandwidth (what
# a student sees), with its smallest and largest value, and the median of
# bare / traced CPU time per run: the bandwidth ratio an otherwise idle
# CPU would show, since pinned 2thread is CPU-bound, and much steadier on
# a shared machine, where other processes' turns on CPU 0 stretch the
# wall time of a run several-fold but not its CPU time.  The probes' own
# work runs in the benchmark's threads (system calls, context switches)
# or interrupts them (profile), so both ratios include it.  Both ends are
# pinned to CPU 0 (-c 0); bpftrace's start-up and exit are outside the
# timed region.
#
# Needs root and bpftrace (tracefs is mounted if missing); otherwise it
# says why and skips.  Environment: PAIRS (default 7), RUNS (default 31),
# SIZES (buffer sizes, default "131072 4096"), SCRIPTS (default all six).

TOP=$(cd "$(dirname "$0")/.." && pwd)
IPC_STATIC=${IPC_STATIC:-$TOP/ipc/ipc-static}
PAIRS=${PAIRS:-7}
RUNS=${RUNS:-31}
SIZES=${SIZES:-131072 4096}
SCRIPTS=${SCRIPTS:-looptime bracket syslat sched faults profile}
TOTAL=16777216

skip() { echo "bench/trace.sh: skipped: $*"; exit 0; }

# Debian's python3 starts fastest; the runner needs only the stdlib.
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3
elif command -v python3 >/dev/null 2>&1; then PY=python3
else skip "no python3 for trace/run"; fi
[ -x "$IPC_STATIC" ] || { echo "bench: missing $IPC_STATIC: run make first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "bpftrace needs root"
command -v bpftrace >/dev/null 2>&1 || skip "bpftrace not installed"
if [ ! -d /sys/kernel/tracing/events ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
	    skip "tracefs cannot be mounted"
fi

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-bench-trace.XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT TERM

# bw [trace/run --json NAME --]: one invocation; print the medians of its
# bandwidth and CPU time per run (nothing if it failed).
bw() {
	timeout -k 5 300 "$@" "$IPC_STATIC" -B -j -g -c 0 -n "$RUNS" -i pipe \
	    -b "$B" -t "$TOTAL" 2thread >"$TMPD/out" 2>"$TMPD/err" </dev/null
	"$PY" -c '
import json, statistics, sys
doc = json.load(open(sys.argv[1]))
if "runs" in doc:               # trace/run --json: the benchmark inside
    doc = json.loads(doc["stdout"])
s = doc["benchmark_samples"]
print(statistics.median(x["bandwidth"] for x in s),
      statistics.median(x["utime"] + x["stime"] for x in s))
' "$TMPD/out" 2>/dev/null
}

echo "=== probe effect of trace/*.bt (bench/trace.sh) ==="
echo "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN) CPUs," \
    "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null |
    head -n 1); $(bpftrace --version 2>/dev/null)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  PAIRS=$PAIRS RUNS=$RUNS"
echo "workload: ipc-static -B -c 0 -n $RUNS -i pipe -b SIZE -t $TOTAL" \
    "2thread; load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "bw ratio = traced / bare median bandwidth [min, max over rounds];" \
    "cpu ratio = bare / traced median CPU time per run"
printf '%-9s %8s %6s %11s %11s %8s %-15s %9s\n' script buffer pairs \
    "bare KiB/s" "traced" "bw ratio" " [min, max]" "cpu ratio"
for B in $SIZES; do
	for NAME in $SCRIPTS; do
		: >"$TMPD/pairs"
		i=0
		while [ "$i" -lt "$PAIRS" ]; do
			if [ $((i % 2)) = 0 ]; then
				a=$(bw); t=$(bw "$PY" "$TOP/trace/run" --json "$NAME" --)
			else
				t=$(bw "$PY" "$TOP/trace/run" --json "$NAME" --); a=$(bw)
			fi
			if [ -n "$a" ] && [ -n "$t" ]; then
				echo "$a $t" >>"$TMPD/pairs"
			else
				echo "  ($NAME b=$B round $i failed:" \
				    "$(head -n 3 "$TMPD/err" | tr '\n' ' '))"
			fi
			i=$((i + 1))
		done
		awk -v name="$NAME" -v b="$B" '
		function isort(x, n,   i, j, v) {
			for (i = 2; i <= n; i++) {
				v = x[i]
				for (j = i - 1; j >= 1 && x[j] > v; j--)
					x[j + 1] = x[j]
				x[j + 1] = v
			}
		}
		function med(x, n) {
			return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
		}
		$4 > 0 {
			n++; a[n] = $1; t[n] = $3; r[n] = $3 / $1; c[n] = $2 / $4
		}
		END {
			if (n == 0) {
				printf "%-9s %8d   no valid pairs\n", name, b
				exit
			}
			isort(a, n); isort(t, n); isort(r, n); isort(c, n)
			printf "%-9s %8d %6d %11.0f %11.0f %8.3f  [%.3f, %.3f] " \
			    "%9.3f\n", name, b, n, med(a, n), med(t, n), med(r, n),
			    r[1], r[n], med(c, n)
		}' "$TMPD/pairs"
	done
done
