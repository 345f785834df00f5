# Latency (-l): a ping-pong in every mode x IPC type with sane statistics
# (tests/latency_check.py holds each run to exact relations: percentiles
# in order, the headline the bracket over the round trips, the stamps
# inside the bracket, both sides' bytes), the output lines and flags, the
# default round trips, strace of a 2thread pipe ping-pong (the write/read
# pairs and the only two clock_gettime system calls), -V catching a
# flipped byte in the echo, and a peer killed mid-ping-pong in every type.
# Run by tests/run.sh after tests/lib.sh (run/expect/pass/fail/skip,
# $BINS_FULL, $OUT, $ERR, $RC, $TMPD, next_port).  ipc-dynamic gets one
# run per mode (lib.sh explains the subset) and the LD_PRELOAD cases.

TL_CHECK=$TOP/tests/latency_check.py
TL_NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
# Port offsets 1500..1599 belong to this file.
TL_PORTN=1500
LAT='[0-9]+\.[0-9]{3} usec/round-trip'

# tl_port: move to this file's next free test port ($TL_PORT).
tl_port() {
	next_port $((TL_PORTN + 1))
	TL_PORTN=$NEXT_PORTN
	TL_PORT=$NEXT_PORT
}

# tl_json NAME N ROUNDTRIPS BUFFERSIZE TYPE: latency_check.py json on the
# last run's stdout.
tl_json() {
	_tn=$1; shift
	py_check "$_tn" "$TL_CHECK" json "$@"
}

# --- every mode x type: sane statistics, exactly ----------------------------
# 1000 round trips of 64 bytes, two kept runs after one warm-up.
for b in $BINS_FULL; do
	n=$(name "$b")
	for m in 1thread 2thread 2proc; do
		for i in pipe local tcp shmem; do
			tl_port
			run "$b" -B -j -l -n 2 -w 1 -b 64 -t 64000 -i "$i" \
			    -p "$TL_PORT" "$m"
			tl_json "latency-json-$i-$m-$n" 2 1000 64 "$i"
		done
	done
done
for m in 1thread 2thread 2proc; do
	run "$IPC_DYNAMIC" -B -j -l -b 16 -t 16000 -i local "$m"
	tl_json "latency-json-local-$m-ipc-dynamic" 1 1000 16 local
done

# The checker is not vacuous: each broken relation fails it.
run "$IPC_STATIC" -B -j -l -n 1 -b 64 -t 64000 -i pipe 2thread
if [ "$RC" = 0 ] && have python3; then
	cp "$OUT" "$TMPD/tl.json"
	for tl_mut in \
	    's/"latency_p99": [0-9.]*/"latency_p99": 999999.000/' \
	    's/"latency_stamped_ns": [0-9]*/"latency_stamped_ns": 99999999999/' \
	    's/"latency": \([0-9]*\)\.[0-9]*,/"latency": 9\1.000,/' \
	    's/"count": \([0-9]*\)$/"count": 1\1/' \
	    's/"read_bytes": [0-9]*/"read_bytes": 64000/'; do
		sed "$tl_mut" "$TMPD/tl.json" >"$OUT"
		: >"$ERR"
		if python3 "$TL_CHECK" json 1 1000 64 pipe <"$OUT" >/dev/null; then
			fail "latency-check-catches-$(echo "$tl_mut" |
			    sed 's/^s\/"\([a-z_0-9]*\).*/\1/')" \
			    "latency_check.py passed a broken document ($tl_mut)"
		else
			pass "latency-check-catches-$(echo "$tl_mut" |
			    sed 's/^s\/"\([a-z_0-9]*\).*/\1/')"
		fi
	done
else
	skip latency-check-catches "no JSON run or no python3"
fi

# --- output: one line, a unit that is not the bandwidth's --------------------
run "$IPC_STATIC" -B -l -b 4 -t 4000 -i pipe 2thread
expect latency-line 0 "$LAT" ""
run "$IPC_STATIC" -B -l -n 3 -b 4 -t 4000 -i pipe 2proc
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
    [ "$(grep -Ec "^($LAT)\$" "$OUT")" = 3 ] && [ "$(wc -l <"$OUT")" = 3 ]; then
	pass latency-line-per-run
else
	fail latency-line-per-run "want exit 0 and three latency lines"
fi
run "$IPC_STATIC" -B -q -l -b 4 -t 4000 -i local 2proc
expect latency-quiet 0 "" ""
run "$IPC_STATIC" -B -l -V -b 64 -t 64000 -i pipe 1thread
expect latency-verify-line 0 \
    "$LAT \(-V: every echoed byte checked in the loop\)" ""

# -v: the reference block first, the round trips and their times.
tl_port
run "$IPC_STATIC" -B -v -l -b 4 -t 4000 -i tcp -p "$TL_PORT" 2thread
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
    head -n 1 "$OUT" | grep -qx 'Benchmark configuration:' &&
    grep -qx '  blockcount: 1000' "$OUT" &&
    grep -Eqx '  round trips: 1000 of 4 bytes each way; .*' "$OUT" &&
    grep -qx '  tcp_nodelay: on, both ends' "$OUT" &&
    grep -Eqx '  round-trip time: min [0-9.]+, p50 [0-9.]+, p90 [0-9.]+, p99 [0-9.]+, p99.9 [0-9.]+, max [0-9.]+, mean [0-9.]+ usec' "$OUT" &&
    grep -qx '  round-trip times (ns):' "$OUT" &&
    tail -n 1 "$OUT" | grep -Eqx "$LAT"; then
	pass latency-verbose
else
	fail latency-verbose "no reference block, round-trip lines or latency line last"
fi
run "$IPC_STATIC" -B -v -l -n 3 -b 4 -t 4000 -i pipe 2thread
if [ "$RC" = 0 ] &&
    grep -Eqx '  latency: median [0-9.]+, q1 [0-9.]+, q3 [0-9.]+, min [0-9.]+, max [0-9.]+, mean [0-9.]+, stddev [0-9.]+ usec/round-trip' "$OUT" &&
    grep -Eq '^  stability: (stable|noisy|multimodal): ' "$OUT" &&
    ! grep -q 'KBytes/sec' "$OUT"; then
	pass latency-verbose-summary
else
	fail latency-verbose-summary "no latency summary, or a bandwidth in it"
fi

# The default: 10000 round trips at any -b; -t still counts bytes.
run "$IPC_STATIC" -B -v -l -b 7 -i pipe 1thread
if [ "$RC" = 0 ] && grep -qx '  totalsize: 70000' "$OUT" &&
    grep -qx '  blockcount: 10000' "$OUT"; then
	pass latency-default-roundtrips
else
	fail latency-default-roundtrips "want totalsize 70000, blockcount 10000"
fi
run "$IPC_STATIC" -B -l -b 3 -t 10 1thread
expect latency-not-a-multiple 64 "" \
    "ipc-static: FAIL: data size \(10\) is not a multiple of buffersize \(3\)"
run "$IPC_STATIC" -B -l -s -i pipe 2thread
if [ "$RC" = 64 ] && [ ! -s "$OUT" ]; then
	pass latency-sockbuf-pipe-usage
else
	fail latency-sockbuf-pipe-usage "exit $RC, want 64"
fi

# Every flag that works for bandwidth works here.
tl_flags() {
	_tfn=$1; shift
	run "$IPC_STATIC" -B -l -b 64 -t 64000 "$@"
	case $* in
	*-q*)	expect "latency-flag-$_tfn" 0 "" "" ;;
	*-j*)	py_check "latency-flag-$_tfn" "$TL_CHECK" json 1 1000 64 \
		    "$TL_TYPE" ;;
	*)	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
		    tail -n 1 "$OUT" | grep -Eqx "$LAT( \(-V: .*\))?"; then
			pass "latency-flag-$_tfn"
		else
			fail "latency-flag-$_tfn" "exit $RC, or no latency line last"
		fi ;;
	esac
}
TL_TYPE=pipe
tl_flags g -g -i pipe 2proc
tl_flags f -f -i pipe 2proc
tl_flags f-shmem -f -i shmem 2proc
tl_flags c0 -c 0 -i pipe 2thread
[ "$TL_NCPU" -ge 2 ] && tl_flags c10 -c 1,0 -i local 2proc
tl_flags w -w 2 -n 2 -i pipe 1thread
tl_flags V-shmem -V -i shmem 2proc
tl_flags V-local -V -i local 2thread
tl_flags s-local -s -i local 2thread
tl_flags j-g -j -g -i pipe 2thread
tl_port
TL_TYPE=tcp
tl_flags s-tcp-j -j -s -i tcp -p "$TL_PORT" 2proc
run "$IPC_STATIC" -B -l -P sw -b 64 -t 64000 -i pipe 2thread
case $RC in
0)	if grep -qx '  pmctype: sw' "$OUT" &&
	    tail -n 1 "$OUT" | grep -Eqx "$LAT"; then
		pass latency-flag-P-sw
	else
		fail latency-flag-P-sw "no counter block or no latency line"
	fi ;;
71)	skip latency-flag-P-sw "perf_event_open refused here" ;;
*)	fail latency-flag-P-sw "exit $RC" ;;
esac

# --- strace: the write/read pairs and the only two clock system calls --------
if [ -n "${IPC_SANITIZED:-}" ]; then
	# The sanitizer runtimes make clock_gettime system calls of their own.
	skip latency-strace-2thread-pipe "sanitizer build (IPC_SANITIZED)"
elif have strace && have python3; then
	run strace -f -qq -o "$TMPD/tl.strace" "$IPC_STATIC" -B -q -l -b 4 \
	    -t 200 -i pipe 2thread
	if [ "$RC" != 0 ]; then
		fail latency-strace-2thread-pipe "exit $RC under strace"
	elif _tlw=$(python3 "$TL_CHECK" strace "$TMPD/tl.strace" 50 4); then
		pass latency-strace-2thread-pipe
	else
		fail latency-strace-2thread-pipe "$_tlw"
	fi
else
	skip latency-strace-2thread-pipe "strace or python3 not installed"
fi

# --- -V: a byte flipped on the way is caught at its offset -------------------
# The LD_PRELOAD write() of tests/verify_preload.c flips the byte at
# stream offset 5000: with IPC_VERIFY_PEER in the echo side's writes
# (2thread, 2proc), else in the first side's message (1thread, where one
# thread is both).  Both reach the first side as a wrong echo.
TL_PRELOAD=
if [ -z "${IPC_SANITIZED:-}" ] && have cc &&
    cc -std=c11 -D_GNU_SOURCE -shared -fPIC -o "$TMPD/tl_preload.so" \
    "$TOP/tests/verify_preload.c" -ldl >"$TMPD/tl_preload.log" 2>&1; then
	TL_PRELOAD=$TMPD/tl_preload.so
fi
if [ -n "$TL_PRELOAD" ]; then
	for m in 2thread 2proc; do
		for i in pipe local; do
			run env IPC_VERIFY_AT=5000 IPC_VERIFY_FAULT=corrupt \
			    IPC_VERIFY_PEER=1 LD_PRELOAD="$TL_PRELOAD" \
			    "$IPC_DYNAMIC" -B -V -l -b 4096 -t 65536 -i "$i" "$m"
			expect "latency-verify-echo-$i-$m" 74 "" \
			    "ipc-dynamic: FAIL: verify: wrong byte at offset 5000: expected 0x[0-9a-f]{2}, saw 0x[0-9a-f]{2}"
		done
	done
	run env IPC_VERIFY_AT=5000 IPC_VERIFY_FAULT=corrupt \
	    LD_PRELOAD="$TL_PRELOAD" "$IPC_DYNAMIC" -B -V -l -b 4096 \
	    -t 65536 -i pipe 1thread
	expect latency-verify-ping-pipe-1thread 74 "" \
	    "ipc-dynamic: FAIL: verify: wrong byte at offset 5000: .*"
	# Without -V the same damage passes unnoticed: what -V is for.
	run env IPC_VERIFY_AT=5000 IPC_VERIFY_FAULT=corrupt \
	    IPC_VERIFY_PEER=1 LD_PRELOAD="$TL_PRELOAD" "$IPC_DYNAMIC" -B -l \
	    -b 4096 -t 65536 -i pipe 2thread
	expect latency-verify-unseen-without-V 0 "$LAT" ""
else
	skip latency-verify-echo "sanitizer build or no cc for the preload library"
fi

# --- a peer killed mid-ping-pong: the documented exit, never a hang ----------
# 2proc, 4 * 10^6 round trips of 1000 bytes (seconds): the echo child is
# killed once it exists; the parent must report it and exit 74, with the
# bytes each way so far: whole messages, so a multiple of 1000 (at
# whatever instant the kill lands: before the first round trip it is the
# same report, with 0).  Then
# the parent is killed: the child must not outlive it.  Every wait is
# bounded (RUN_TIMEOUT; 30 s for a child to go), far beyond a run's end.
tl_death() {
	_tdn=$1 _tdi=$2
	tl_port
	timeout -k 5 "$RUN_TIMEOUT" "$IPC_STATIC" -B -l -b 1000 -t 4000000000 \
	    -i "$_tdi" -p "$TL_PORT" 2proc >"$OUT" 2>"$ERR" &
	_tdp=$!
	_tdc=$(child_of "$_tdp") && _tdc=$(child_of "$_tdc")
	if [ -z "$_tdc" ]; then
		wait "$_tdp"
		fail "$_tdn" "no echo child appeared"
		return
	fi
	sleep 0.2
	kill -KILL "$_tdc" 2>/dev/null
	wait "$_tdp"
	RC=$?
	expect "$_tdn" 74 "" \
	    "ipc-static: FAIL: sender process killed by signal 9 after (0|[1-9][0-9]*000) of 4000000000 bytes"
}
tl_orphan() {
	_ton=$1 _toi=$2
	tl_port
	"$IPC_STATIC" -B -l -b 4 -t 40000000 -i "$_toi" -p "$TL_PORT" \
	    2proc >"$OUT" 2>"$ERR" &
	_top=$!
	_toc=$(child_of "$_top")
	if [ -z "$_toc" ]; then
		kill -KILL "$_top" 2>/dev/null
		wait "$_top"
		fail "$_ton" "no echo child appeared"
		return
	fi
	sleep 0.2
	kill -KILL "$_top"
	wait "$_top" 2>/dev/null
	if ! wait_gone "$_toc" 300; then
		kill -KILL "$_toc" 2>/dev/null
		fail "$_ton" "the echo child outlived its parent by 30 s"
	else
		pass "$_ton"
	fi
}
for i in pipe local tcp shmem; do
	tl_death "latency-peer-death-$i" "$i"
	tl_orphan "latency-orphan-exits-$i" "$i"
done

# --- an echo thread that fails: the documented exit, never a hang ----------
# Its pinning fails before it says "ready" (the second pthread_setaffinity_np
# of the run; the first side's is the first): the first side, waiting for
# "ready", must see the ready pipe's end of file.  Its third read of a
# 1 MiB message fails while the first side is still writing that message
# into a full pipe: the echo side hangs up both of its ends, so that write
# fails instead of waiting for ever.  Bounded by 20 s; a hang is exit 124.
if faultinject_usable latency-echo-fails; then
	for i in pipe local tcp shmem; do
		tl_port
		RUN_TIMEOUT=20 run env IPCFI_FAIL=pthread_setaffinity_np:2 \
		    LD_PRELOAD="$TOP/tests/faultinject.so" "$IPC_DYNAMIC" -B -l \
		    -c 0,0 -i "$i" -p "$TL_PORT" 2thread
		expect "latency-echo-pin-fails-$i" 71 "" \
		    "ipc-dynamic: FAIL: pin sender: Invalid argument"
	done
	RUN_TIMEOUT=20 run env IPCFI_FAIL=read:3 \
	    LD_PRELOAD="$TOP/tests/faultinject.so" "$IPC_DYNAMIC" -B -l \
	    -b 1048576 -t 10485760 -i pipe 2thread
	expect latency-echo-read-fails-pipe 74 "" \
	    "ipc-dynamic: FAIL: read: Input/output error"
fi

# --- ipc-sweep --latency: points, refusals, the CSV, plots -------------------
TL_SWEEP=$TOP/tools/ipc-sweep
TL_PY=$(python_with 'import statistics; statistics.quantiles')
TL_MPL=$(python_with 'import matplotlib')
TL_D=$TMPD/sweep
mkdir -p "$TL_D"
if [ -z "$TL_PY" ]; then
	skip latency-sweep "python3 not installed"
else
	# Every point runs -l, its total the round trips times its size.
	run "$TL_PY" "$TL_SWEEP" run --latency --roundtrips 7 --sizes 1,4K \
	    --types pipe --modes 2proc --dry-run --out "$TL_D/dry.csv"
	if [ "$RC" = 0 ] && grep -q -- ' -t 7 -b 1 -i pipe -l 2proc$' "$OUT" &&
	    grep -q -- ' -t 28672 -b 4096 -i pipe -l 2proc$' "$OUT" &&
	    [ "$(wc -l <"$OUT")" = 2 ]; then
		pass latency-sweep-points
	else
		fail latency-sweep-points "want -l and -t = 7 x size at 1 and 4K"
	fi
	run "$TL_PY" "$TL_SWEEP" run --latency --types pipe --modes 2proc \
	    --dry-run --out "$TL_D/dry.csv"
	if [ "$RC" = 0 ] && [ "$(wc -l <"$OUT")" = 21 ] &&
	    grep -q -- ' -t 1000 -b 1 -i pipe -l ' "$OUT" &&
	    grep -q -- ' -t 1048576000 -b 1048576 -i pipe -l ' "$OUT"; then
		pass latency-sweep-defaults
	else
		fail latency-sweep-defaults "want 1 B .. 1 MiB at 1000 round trips"
	fi
	for tl_bad in "--latency --total 16M" "--roundtrips 5" \
	    "--flags -l" "--latency --roundtrips 0"; do
		# shellcheck disable=SC2086 # the options are split on purpose
		run "$TL_PY" "$TL_SWEEP" run $tl_bad --dry-run \
		    --out "$TL_D/dry.csv"
		if [ "$RC" = 64 ] && [ ! -s "$OUT" ] &&
		    grep -q '^ipc-sweep: bad grid: ' "$ERR"; then
			pass "latency-sweep-refuses-$(echo "$tl_bad" |
			    sed 's/^--//; s/ --*/-/g; s/ /-/g')"
		else
			fail "latency-sweep-refuses-$(echo "$tl_bad" |
			    sed 's/^--//; s/ --*/-/g; s/ /-/g')" "exit $RC, want 64"
		fi
	done
	# A real sweep: latency keys in the CSV, the summary in usec.
	run "$TL_PY" "$TL_SWEEP" run --latency --roundtrips 50 --sizes 4,64 \
	    --types pipe,shmem --modes 2thread --trials 2 --warmups 0 -q \
	    --out "$TL_D/lat.csv"
	if [ "$RC" = 0 ] && head -n 1 "$TL_D/lat.csv" | tr ',' '\n' |
	    grep -qx latency_p999 && ! head -n 1 "$TL_D/lat.csv" |
	    tr ',' '\n' | grep -qx bandwidth &&
	    [ "$(grep -c ',-l,' "$TL_D/lat.csv")" = 8 ]; then
		pass latency-sweep-csv
	else
		fail latency-sweep-csv "want 8 rows of -l with latency keys, no bandwidth"
	fi
	run "$TL_PY" "$TL_SWEEP" run --latency --roundtrips 50 --sizes 4,64 \
	    --types pipe,shmem --modes 2thread --trials 2 --warmups 0 \
	    --resume --out "$TL_D/lat.csv"
	if [ "$RC" = 0 ] && grep -q '^latency in usec per round trip' "$OUT"; then
		pass latency-sweep-summary
	else
		fail latency-sweep-summary "no latency summary"
	fi
	if [ -z "$TL_MPL" ]; then
		skip latency-sweep-plot "no python3 with matplotlib"
	else
		for tl_p in "" "--percentiles" "--percentiles --at 64" \
		    "--metric latency_p99,latency_max"; do
			# shellcheck disable=SC2086
			run "$TL_MPL" "$TL_SWEEP" plot "$TL_D/lat.csv" $tl_p \
			    --out "$TL_D/lat.png"
			_tln="latency-sweep-plot$(echo " ${tl_p:-default}" |
			    sed 's/ --*/-/g; s/[ ,]/-/g')"
			if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
			    head -c 8 "$TL_D/lat.png" | grep -q PNG; then
				pass "$_tln"
			else
				fail "$_tln" "exit $RC, or no PNG"
			fi
			rm -f "$TL_D/lat.png"
		done
		run "$TL_MPL" "$TL_SWEEP" plot "$TL_D/lat.csv" --percentiles \
		    --at 8K --out "$TL_D/lat.png"
		expect latency-sweep-plot-at-missing 64 "" \
		    "ipc-sweep: no buffer size 8K in the data; it has 4, 64"
	fi
fi
