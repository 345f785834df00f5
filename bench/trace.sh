#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Probe effect of the tracing scripts (`make bench`): what bandwidth does
# ipc-static report with each trace/NAME.bt attached, against none, and
# how much of the extra cost is paid per system call?  Students must see
# these numbers next to their traced results.
#
# For each script and each buffer size: PAIRS rounds, each running
#   ipc-static -B -j -g -c 0 -n RUNS -i pipe -b SIZE 2thread
# once bare and once under trace/run NAME (order swapped every other
# round), and taking medians over each invocation's RUNS runs of its
# bandwidth, its CPU time (user + system, both threads: getrusage) and its
# loop's system calls (reads + writes, from -j's run_extras).  Per round:
#   bw ratio   traced / bare bandwidth (what a student sees);
#   cpu ratio  bare / traced CPU time per run: the bandwidth ratio an
#              otherwise idle CPU would show, since pinned 2thread is
#              CPU-bound, and much steadier on a shared machine, where
#              other processes' turns on CPU 0 stretch the wall time of a
#              run several-fold but not its CPU time;
#   ns/call    (traced - bare CPU time per run) / system calls per run:
#              the probes' cost per system call of the loop.  For bracket
#              and syslat, whose probes fire at every call, it is the
#              cost of one firing; the other scripts fire elsewhere
#              (context switches, page faults, timer samples), so theirs
#              is only their whole cost spread over the calls.
# A row gives each as the median over the rounds and its [smallest,
# largest] value.  The probes' own work runs in the benchmark's threads
# (system calls, context switches) or interrupts them (profile), so all
# three include it.  Both ends are pinned to CPU 0 (-c 0); bpftrace's
# start-up and exit are outside the timed region.  The load average is
# printed before and after: on a loaded machine read the ranges, not the
# medians alone.
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

AWKLIB=$(cat "$TOP/bench/stats.awk")

# bw [trace/run --json NAME --]: one invocation; print the medians of its
# bandwidth, CPU time and loop system calls per run (nothing if it
# failed).
bw() {
	timeout -k 5 300 "$@" "$IPC_STATIC" -B -j -g -c 0 -n "$RUNS" -i pipe \
	    -b "$B" -t "$TOTAL" 2thread >"$TMPD/out" 2>"$TMPD/err" </dev/null
	"$PY" -c '
import json, statistics, sys
doc = json.load(open(sys.argv[1]))
if "runs" in doc:               # trace/run --json: the benchmark inside
    doc = json.loads(doc["stdout"])
s, x = doc["benchmark_samples"], doc["run_extras"]
print(statistics.median(d["bandwidth"] for d in s),
      statistics.median(d["utime"] + d["stime"] for d in s),
      statistics.median(e["read_calls"] + e["write_calls"] for e in x))
' "$TMPD/out" 2>/dev/null
}

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null; }

echo "=== probe effect of trace/*.bt (bench/trace.sh) ==="
echo "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN) CPUs," \
    "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null |
    head -n 1); $(bpftrace --version 2>/dev/null)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  PAIRS=$PAIRS RUNS=$RUNS"
echo "workload: ipc-static -B -c 0 -n $RUNS -i pipe -b SIZE -t $TOTAL" \
    "2thread; load average at the start: $(load)"
echo "bw = traced / bare bandwidth; cpu = bare / traced CPU time per run;" \
    "ns/call = extra CPU time per loop system call;"
echo "each: median over the rounds [smallest, largest]"
printf '%-9s %7s %5s %6s %-22s %-22s %s\n' script buffer pairs calls \
    "bw" "cpu" "ns/call"
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
		# Fields: bare bw, cpu, calls; traced bw, cpu, calls.
		awk -v name="$NAME" -v b="$B" "$AWKLIB"'
		$1 > 0 && $5 > 0 && $3 > 0 {
			n++; r[n] = $4 / $1; c[n] = $2 / $5
			p[n] = ($5 - $2) / $3 * 1e9; k[n] = $3
		}
		function col(x) {
			isort(x, n)
			return sprintf("%.3g [%.3g, %.3g]", med(x, n), x[1], x[n])
		}
		END {
			if (n == 0) {
				printf "%-9s %7d   no valid pairs\n", name, b
				exit
			}
			isort(k, n)
			printf "%-9s %7d %5d %6d %-22s %-22s %s\n", name, b, n,
			    med(k, n), col(r), col(c), col(p)
		}' "$TMPD/pairs"
	done
done
echo "load average at the end: $(load)"
