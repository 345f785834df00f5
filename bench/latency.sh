#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# `make bench`, latency (-l).  Three measurements, each interleaving the
# commands it compares round by round (order reversed every other round,
# by bench/spawntime), reported as the median of the per-round ratios
# with a distribution-free ~95% confidence interval of that median:
#   1. round trips per second: ipc-static -B -l against bench/pingloop,
#      the shortest hand-written ping-pong over the same IPC objects with
#      the same timing points and clock, for every mode x IPC type, with
#      both sides on CPU 0, apart (-c 1,0), and unpinned.  Each round
#      runs three commands: ipc-static, pingloop -S (which takes the same
#      per-round-trip stamps as -l: the fair reference, since -l must
#      stamp every round trip to give percentiles) and pingloop (no
#      stamps: the stamps' cost shows too).  Ratios = reference time /
#      ipc-static time; the target (>= 0.97) applies to the one against
#      pingloop -S.  A row below target is rerun with 3 x PAIRS;
#   2. the cost of the per-round-trip stamps (the library clock after
#      every round trip, into memory): ipc-static -l built without them
#      against the real one, and pingloop against pingloop -S; ns per
#      stamp = median extra time / round trips;
#   3. perf bench sched pipe (two processes, a pipe each way, 4 bytes)
#      against ipc-static -l -b 4 -i pipe 2proc, both on CPU 0 (taskset)
#      and both unpinned: ratio = perf usecs/op / ipc-static usec per
#      round trip (above 1: ours turns round trips faster).
# Times are the bracketed loop only: each program's "time:" line, and
# perf's usecs/op times its loop count; never process wall time.
#
# Environment: PAIRS (rounds per row, default 31), ROUNDTRIPS (per run,
# default 10000; 1thread shmem, whose round trip is some 50 ns, runs ten
# times as many so that a run lasts milliseconds), PERF_LOOPS (default
# 100000), RERUN (default 1), SECTIONS (default "1 2 3"), ROWS (an
# extended regular expression: only the rows whose label matches, e.g.
# ROWS='shmem b=4'), BENCH_PORT (TCP port), CC, PERF.
# IPC_STATIC=bench/pingloop gives an A/A control of section 1 (its spread
# is the machine's noise floor).

TOP=$(cd "$(dirname "$0")/.." && pwd)
IPC_STATIC=${IPC_STATIC:-$TOP/ipc/ipc-static}
PINGLOOP=$TOP/bench/pingloop
PAIRS=${PAIRS:-31}
ROUNDTRIPS=${ROUNDTRIPS:-10000}
PERF_LOOPS=${PERF_LOOPS:-100000}
RERUN=${RERUN:-1}
SECTIONS=${SECTIONS:-1 2 3}
ROWS=${ROWS:-}
PORT=${BENCH_PORT:-$((30000 + $$ % 20000))}
CC=${CC:-cc}
PERF=${PERF:-perf}
TARGET=0.97

BENCH=bench/latency
[ -x "$IPC_STATIC" ] || { echo "$BENCH: missing $IPC_STATIC: run make first" >&2; exit 1; }
. "$TOP/bench/common.sh"

# pingloop is linked statically like ipc-static and pins with ipc/compat.c's
# ipc_pin_thread(), as ipc-static -c does.
$CC -std=c11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -I"$TOP/ipc" $STATIC \
    -o "$PINGLOOP" "$TOP/bench/pingloop.c" "$TOP/bench/benchlib.c" \
    "$TOP/ipc/compat.c" -lpthread || die "cannot build pingloop"

# ipc-static without the per-round-trip stamps (section 2): the objects
# `make` built, with the ping-pong loop recompiled under the hook.
NOSTAMP=
if [ -f "$TOP/ipc/pingpong.c" ] && [ -f "$TOP/ipc/ipc-static.o" ]; then
	_objs=
	for _o in "$TOP"/ipc/*.o; do
		case $_o in
		*/ipc-dynamic.o | */ipc-benchmark.o | */pingpong.o | \
		    */unit*.o) continue ;;
		esac
		_objs="$_objs $_o"
	done
	# shellcheck disable=SC2086
	if $CC -std=c11 -O2 -g -D_GNU_SOURCE -DIPC_BENCH_NO_STAMPS \
	    -I"$TOP/ipc" -c -o "$TMPD/pingpong.o" "$TOP/ipc/pingpong.c" &&
	    $CC $STATIC -o "$TMPD/ipc-nostamp" $_objs "$TMPD/pingpong.o" \
	    -lpthread; then
		NOSTAMP=$TMPD/ipc-nostamp
	else
		echo "note: cannot build ipc-static without stamps; skipped"
	fi
fi

# ratio_row LABEL PIN N ROUNDS -- CMD0... -- CMD1...: spawntime N rounds
# of two commands (both under taskset for PIN=cpu0); print the median
# usec per round trip of each, the median ratio time1 / time0 with its
# CI, and the median of time0 - time1 per round trip.
ratio_row() {
	_rl=$1 _rp=$2 _rn=$3 _rr=$4
	shift 4
	_pfx=
	[ "$_rp" = cpu0 ] && _pfx=$PIN
	$_pfx "$SPAWNTIME" "$_rn" "$@" >"$TMPD/pairs" ||
	    die "spawntime failed"
	awk -v label="$_rl" -v pin="$_rp" -v rt="$_rr" "$AWKLIB"'
	$3 != 0 || $5 <= 0 { bad++; next }
	{ t[$1, $2] = $5; seen[$1] = 1 }
	END {
		for (r in seen) {
			if (!((r, 0) in t) || !((r, 1) in t))
				continue
			n++
			ratio[n] = t[r, 1] / t[r, 0]
			a[n] = t[r, 0] / rt / 1e3
			h[n] = t[r, 1] / rt / 1e3
			d[n] = (t[r, 0] - t[r, 1]) / rt
		}
		if (n == 0) {
			printf "%-34s %-5s   no valid pairs (%d failed runs)\n",
			    label, pin, bad
			exit 1
		}
		isort(ratio, n); isort(a, n); isort(h, n); isort(d, n)
		printf "%-34s %-5s %5d %9.3f %9.3f   %6.3f  " \
		    "[%5.3f,%5.3f]  %+.1f ns/rt%s\n", label, pin, n,
		    med(a, n), med(h, n), med(ratio, n), cilo(ratio, n),
		    cihi(ratio, n), med(d, n),
		    bad ? sprintf(" (%d failed runs)", bad) : ""
	}' "$TMPD/pairs"
}

# has_section N: whether SECTIONS holds N.
has_section() {
	case " $SECTIONS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# want LABEL: whether ROWS selects the row.
want() {
	[ -z "$ROWS" ] || echo "$1" | grep -Eq -- "$ROWS"
}

# ref_row LABEL PIN N ROUNDS ARGS...: spawntime N rounds of ipc-static,
# pingloop -S and pingloop with ARGS (all under taskset for PIN=cpu0);
# print the median usec per round trip of each and the median ratios
# against both references, with their CIs and, against pingloop -S, the
# verdict.  Returns 1 if that median is below target.
ref_row() {
	_rl=$1 _rp=$2 _rn=$3 _rr=$4
	shift 4
	_pfx=
	[ "$_rp" = cpu0 ] && _pfx=$PIN
	$_pfx "$SPAWNTIME" "$_rn" -- "$IPC_STATIC" "$@" -- "$PINGLOOP" -S "$@" \
	    -- "$PINGLOOP" "$@" >"$TMPD/pairs" || die "spawntime failed"
	awk -v label="$_rl" -v pin="$_rp" -v rt="$_rr" \
	    -v target="$TARGET" "$AWKLIB"'
	$3 != 0 || $5 <= 0 { bad++; next }
	{ t[$1, $2] = $5; seen[$1] = 1 }
	END {
		for (r in seen) {
			if (!((r, 0) in t) || !((r, 1) in t) || !((r, 2) in t))
				continue
			n++
			rs[n] = t[r, 1] / t[r, 0]
			ru[n] = t[r, 2] / t[r, 0]
			a[n] = t[r, 0] / rt / 1e3
			hs[n] = t[r, 1] / rt / 1e3
			hu[n] = t[r, 2] / rt / 1e3
		}
		if (n == 0) {
			printf "%-28s %-5s   no valid rounds (%d failed runs)\n",
			    label, pin, bad
			exit 1
		}
		isort(rs, n); isort(ru, n); isort(a, n); isort(hs, n)
		isort(hu, n)
		m = med(rs, n)
		v = "ok"
		if (m < target)
			v = cihi(rs, n) >= target ? "noise?" : "LOW"
		printf "%-28s %-5s %4d %8.3f %8.3f  %5.3f [%5.3f,%5.3f] %-6s" \
		    " %8.3f  %5.3f [%5.3f,%5.3f]%s\n", label, pin, n,
		    med(a, n), med(hs, n), m, cilo(rs, n), cihi(rs, n), v,
		    med(hu, n), med(ru, n), cilo(ru, n), cihi(ru, n),
		    bad ? sprintf(" (%d failed runs)", bad) : ""
		exit (m < target)
	}' "$TMPD/pairs"
}

# vs_ref LABEL ROUNDTRIPS BYTES ARGS... MODE: section 1's rows for one
# configuration, one per placement.  (ARGS hold no blanks.)
vs_ref() {
	_cl=$1 _rt=$2 _by=$3
	shift 3
	_rest="$*"
	for _p in cpu0 split none; do
		[ "$_p" = cpu0 ] && [ -z "$PIN" ] && continue
		[ "$_p" = split ] && [ "$NCPU" -lt 2 ] && continue
		case "$_p $_cl" in
		split\ 1thread*) continue ;;
		esac
		want "$_cl $_p" || continue
		_c= _vn=$_rt
		# Apart, each hand-off wakes an idle CPU (on a VM, about
		# 0.1 ms): a tenth of the round trips keeps the row short.
		[ "$_p" = split ] && _c="-c 1,0" _vn=$((_rt / 10))
		_a="-B -l -v $_c -b $_by -t $((_by * _vn)) $_rest"
		# shellcheck disable=SC2086 # _a is split on purpose
		ref_row "$_cl" "$_p" "$PAIRS" "$_vn" $_a && continue
		# shellcheck disable=SC2086
		[ "$RERUN" = 1 ] && ref_row "  (rerun) $_cl" "$_p" \
		    $((PAIRS * 3)) "$_vn" $_a && continue
		BELOW="$BELOW|$_cl/$_p"
	done
}

echo "=== ipc-static -l: latency against a reference ping-pong and perf bench ==="
echo "host: $(uname -srm), $NCPU CPUs; PAIRS=$PAIRS ROUNDTRIPS=$ROUNDTRIPS;" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
START=$(date +%s)

if has_section 1; then
echo
echo "--- 1. round trips/s: ipc-static -B -l vs pingloop -S (the same" \
    "stamps: the fair reference, target >= $TARGET) and vs pingloop (no" \
    "stamps) ---"
echo "ratio = reference time / ipc-static time, median of the rounds;" \
    "[..] ~95% CI; usec per round trip are medians."
echo "pin cpu0: taskset -c 0 on both; split: -c 1,0 (echo side on CPU 1," \
    "first side on CPU 0); none: unpinned.  'noise?' = median below" \
    "target but its CI reaches it."
printf '%-28s %-5s %4s %8s %8s  %-19s %-6s %8s  %s\n' config pin rnds \
    "ipc us" "-S us" "vs -S [CI]" verdict "ref us" "vs pingloop [CI]"
BELOW=
TYPES="pipe local tcp shmem"
for m in 1thread 2thread 2proc; do
	for i in $TYPES; do
		_n=$ROUNDTRIPS
		[ "$m $i" = "1thread shmem" ] && _n=$((ROUNDTRIPS * 10))
		vs_ref "$m $i b=4" "$_n" 4 -i "$i" -p "$PORT" "$m"
	done
done
for i in $TYPES; do
	vs_ref "2thread $i b=128K" $((ROUNDTRIPS / 10)) 131072 -i "$i" \
	    -p "$PORT" 2thread
done
if [ -n "$BELOW" ]; then
	echo "below target against pingloop -S (after any rerun):" \
	    "$(echo "$BELOW" | sed 's/^|//; s/|/, /g')"
fi
fi

if has_section 2; then
echo
echo "--- 2. the per-round-trip stamps (ratio = time without / time with;" \
    "${PIN:-unpinned}; ns/rt = median extra time per round trip) ---"
printf '%-34s %-5s %5s %9s %9s   %6s  %-13s  %s\n' config pin pairs \
    "with usec" "w/o usec" ratio CI "cost"
for _ty in "1thread pipe" "2thread pipe" "2proc pipe" "1thread shmem" \
    "2thread shmem"; do
	want "$_ty stamps" || continue
	_pl=none
	[ -n "$PIN" ] && _pl=cpu0
	set -- -B -l -v -b 4 -t $((4 * ROUNDTRIPS)) -i ${_ty#* } ${_ty% *}
	if [ -n "$NOSTAMP" ]; then
		ratio_row "ipc-static $_ty b=4" "$_pl" "$PAIRS" \
		    "$ROUNDTRIPS" -- "$IPC_STATIC" "$@" -- "$NOSTAMP" "$@"
	fi
	ratio_row "pingloop $_ty b=4" "$_pl" "$PAIRS" "$ROUNDTRIPS" \
	    -- "$PINGLOOP" -S "$@" -- "$PINGLOOP" "$@"
done
fi

if has_section 3; then
echo
echo "--- 3. perf bench sched pipe vs ipc-static -B -l -b 4 -i pipe 2proc" \
    "(ratio = perf usecs/op / ipc-static usec per round trip) ---"
if ! "$PERF" bench sched pipe -l 10 >/dev/null 2>&1; then
	echo "SKIP: '$PERF bench sched pipe' does not run here" \
	    "(Debian: apt-get install linux-perf)"
else
	# perf prints usecs/op to six places, but "Total time" to the ms:
	# a wrapper turns usecs/op x loops into a "time:" line for spawntime.
	cat >"$TMPD/perfwrap" <<EOF
#!/bin/sh
"$PERF" bench sched pipe -l "\$1" 2>&1 | awk -v n="\$1" '
/usecs\/op/ { printf "  time: %.9f\n", \$1 * n / 1e6; ok = 1 }
END { exit !ok }'
EOF
	chmod +x "$TMPD/perfwrap"
	printf '%-34s %-5s %5s %9s %9s   %6s  %-13s  %s\n' config pin pairs \
	    "ipc usec" "perf usec" ratio CI "ours - perf"
	for _p in cpu0 none; do
		[ "$_p" = cpu0 ] && [ -z "$PIN" ] && continue
		want "pipe 2proc perf bench $_p" || continue
		ratio_row "pipe 2proc b=4 vs perf bench" "$_p" "$PAIRS" \
		    "$PERF_LOOPS" -- "$IPC_STATIC" -B -l -v -b 4 \
		    -t $((4 * PERF_LOOPS)) -i pipe 2proc \
		    -- "$TMPD/perfwrap" "$PERF_LOOPS"
	done
fi
fi

echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "elapsed: $(($(date +%s) - START)) s"
