# -i shmem and -V.  -V passes on every mode x type x buffer
# size (1, 7, 4096, 65537, 1 MiB) and with -n; it catches a broken
# transfer: one byte corrupted or dropped on the descriptor path (an
# LD_PRELOAD write()), and the two 2023-24 shmem bugs rebuilt into
# throwaway binaries (-DIPC_TEST_SHMEM_BUG=1: reversed memcpy; =2: only
# the buffer's first page shared with the 2proc child); the 2proc child's
# copies reach the parent on every page of a many-page buffer.  shmem's
# options, accounting, JSON, timing bracket (two clock_gettime calls) and
# peer death.  Uses only lib.sh's helpers; state in TS_* variables.
# Port offsets 1000..1099 belong to this file.

TS_VRATE="$RATE \(-V: every byte checked in the loop\)"
TS_PORTN=999
TS_NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
TS_CC=${CC:-cc}
TS_LIBS=-lpthread
[ "$(uname -s)" = FreeBSD ] && TS_LIBS="-lpthread -lpmc"

# ts_port: the next free TCP test port of this file, in TS_PORT.
ts_port() {
	next_port $((TS_PORTN + 1))
	TS_PORTN=$NEXT_PORTN
	TS_PORT=$NEXT_PORT
}

# ts_child PID: print the first child process of PID, waiting up to 5 s.
ts_child() {
	_tsi=0
	while [ "$_tsi" -lt 100 ]; do
		_tsc=$(pgrep -P "$1" 2>/dev/null | head -n 1)
		if [ -n "$_tsc" ]; then echo "$_tsc"; return 0; fi
		sleep 0.05
		_tsi=$((_tsi + 1))
	done
	return 1
}

# ts_json NAME PYTHON: run the python check on $OUT (a -j document) of a
# successful, silent run; skip without python3.
ts_json() {
	if ! have python3; then skip "$1" "python3 not installed"; return; fi
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		fail "$1" "exit $RC or stderr not empty"; return
	fi
	if _tsw=$(python3 -c "import json, sys
j = json.load(sys.stdin)
$2" <"$OUT" 2>&1); then pass "$1"; else fail "$1" "$_tsw"; fi
}

# --- throwaway builds, in the background while the other cases run ------------
# The 2023-24 bugs, rebuilt with the test hook: shmem.c compiled once per
# bug and linked with the objects `make` built (a sanitizer build compiles
# every file afresh instead, as its objects need its runtime).  Of the
# identity files (each with a main()), ipc-dynamic's only.
TS_OBJS=
for _tsf in "$TOP"/ipc/*.o; do
	case $_tsf in
	*/ipc-static.o | */ipc-benchmark.o | */shmem.o | */unit*.o) continue ;;
	esac
	TS_OBJS="$TS_OBJS $_tsf"
done
if [ -n "${IPC_SANITIZED:-}" ] || [ ! -f "$TOP/ipc/ipc-dynamic.o" ]; then
	TS_OBJS=$TOP/ipc/ipc-dynamic.c
	for _tsf in "$TOP"/ipc/*.c; do
		case $_tsf in */ipc-*.c | */shmem.c) continue ;; esac
		TS_OBJS="$TS_OBJS $_tsf"
	done
fi
mkdir -p "$TMPD/bugobj"
# shellcheck disable=SC2086
(
	cd "$TMPD/bugobj" &&
	for _tsb in 1 2; do
		$TS_CC -std=c11 -O0 -D_GNU_SOURCE -DIPC_TEST_SHMEM_BUG=$_tsb \
		    -I"$TOP/ipc" -c -o "shmem-bug$_tsb.o" "$TOP/ipc/shmem.c" &&
		$TS_CC -std=c11 -O0 -D_GNU_SOURCE -I"$TOP/ipc" \
		    -o "../ipc-bug$_tsb" $TS_OBJS "shmem-bug$_tsb.o" \
		    $TS_LIBS || exit 1
	done
) >"$TMPD/bug.log" 2>&1 &
TS_BUGPIDS=$!
TS_PRELOAD=
if [ -z "${IPC_SANITIZED:-}" ] &&
    $TS_CC -std=c11 -D_GNU_SOURCE -shared -fPIC \
    -o "$TMPD/verify_preload.so" "$TOP/tests/verify_preload.c" -ldl \
    >"$TMPD/preload.log" 2>&1; then
	TS_PRELOAD=$TMPD/verify_preload.so
fi

# --- -V on every mode x type x buffer size ------------------------------------
# Totals keep each run to tens of milliseconds; b=1 and b=7 stay short.
for ts_m in 1thread 2thread 2proc; do
	for ts_ty in pipe local tcp shmem; do
		for ts_bt in 1:512 7:896 4096:65536 65537:196611 \
		    1048576:2097152; do
			ts_b=${ts_bt%%:*} ts_t=${ts_bt##*:}
			set --
			if [ "$ts_ty" = tcp ]; then ts_port; set -- -p "$TS_PORT"; fi
			run "$IPC_STATIC" -B -V -b "$ts_b" -t "$ts_t" -i "$ts_ty" "$@" "$ts_m"
			expect "verify-$ts_m-$ts_ty-b$ts_b" 0 "$TS_VRATE" ""
		done
	done
done
for ts_b in $BINS; do
	ts_n=$(name "$ts_b")
	run "$ts_b" -B -V -f -n 3 -w 1 -b 65536 -t 1048576 -i shmem 2proc
	expect "verify-n-shmem-2proc-$ts_n" 0 "$TS_VRATE" ""
	run "$ts_b" -B -V -n 2 -b 4096 -t 65536 -i pipe 1thread
	expect "verify-n-pipe-1thread-$ts_n" 0 "$TS_VRATE" ""
done

# -V says so in JSON: every datum carries verified = 1; without -V no
# datum has the key (notebooks would plot it as a metric).
for ts_ty in pipe local tcp shmem; do
	set --
	if [ "$ts_ty" = tcp ]; then ts_port; set -- -p "$TS_PORT"; fi
	run "$IPC_STATIC" -B -j -V -n 3 -w 1 -b 4096 -t 65536 -i "$ts_ty" "$@" 2proc
	ts_json "verify-json-$ts_ty" '
d = j["benchmark_samples"]
assert len(d) == 3, len(d)
assert all(x["verified"] == 1 for x in d), d
assert all(isinstance(v, (int, float)) for x in d for v in x.values())
assert j["benchmark_configuration"]["verify"] is True'
done
run "$IPC_STATIC" -B -j -n 2 -b 4096 -t 65536 -i shmem 2thread
ts_json "verify-json-absent-without-V" '
assert all("verified" not in x for x in j["benchmark_samples"])
assert j["benchmark_configuration"]["verify"] is False'
run "$IPC_STATIC" -B -v -V -b 4096 -t 65536 -i pipe 2thread
if [ "$RC" = 0 ] && grep -q '^  verify: every byte received was checked, inside the timed loop (-V)$' "$OUT" &&
    [ "$(grep -Ec "^$TS_VRATE\$" "$OUT")" = 1 ]; then
	pass "verify-text-v-says-so"
else
	fail "verify-text-v-says-so" "no verify line or no marked rate line"
fi

# --- a broken transfer is caught ---------------------------------------------
# Descriptor path: one byte flipped or dropped at offset 5000 by write().
if [ -n "$TS_PRELOAD" ]; then
	for ts_m in 1thread 2thread 2proc; do
		for ts_f in corrupt drop; do
			run env IPC_VERIFY_AT=5000 IPC_VERIFY_FAULT=$ts_f \
			    LD_PRELOAD="$TS_PRELOAD" \
			    "$IPC_DYNAMIC" -B -V -b 4096 -t 65536 -i pipe "$ts_m"
			expect "verify-catches-$ts_f-pipe-$ts_m" 74 "" \
			    "ipc-dynamic: FAIL: verify: wrong byte at offset 5000: expected 0x[0-9a-f]{2}, saw 0x[0-9a-f]{2}"
		done
	done
	run env IPC_VERIFY_AT=70000 IPC_VERIFY_FAULT=corrupt \
	    LD_PRELOAD="$TS_PRELOAD" \
	    "$IPC_DYNAMIC" -B -V -b 65536 -t 1048576 -i local 2proc
	expect "verify-catches-corrupt-local-2proc" 74 "" \
	    "ipc-dynamic: FAIL: verify: wrong byte at offset 70000: .*"
	# Without -V the same damage passes unnoticed: what -V is for.
	run env IPC_VERIFY_AT=5000 IPC_VERIFY_FAULT=corrupt \
	    LD_PRELOAD="$TS_PRELOAD" "$IPC_DYNAMIC" -B -b 4096 -t 65536 \
	    -i pipe 2thread
	expect "verify-corrupt-unseen-without-V" 0 "$RATE" ""
else
	skip "verify-catches-corrupt-pipe" "sanitizer build or no shared-library build"
fi

# Short reads and writes, EINTR and EAGAIN at random (the fault-injection
# interposer of tests/t_inject.sh): -V still sees every byte intact.
TS_FI=$TOP/tests/faultinject.so
if faultinject_usable "verify-under-fault-injection"; then
	# Every mode and descriptor type at 4 KiB; odd sizes on pipe 2thread.
	for ts_m in 1thread 2thread 2proc; do
		for ts_ty in pipe local tcp; do
			set --
			if [ "$ts_ty" = tcp ]; then ts_port; set -- -p "$TS_PORT"; fi
			ts_s=4096
			[ "$ts_m$ts_ty" = 2threadpipe ] && ts_s="7 4096 65537"
			for ts_b in $ts_s; do
				run env LD_PRELOAD="$TS_FI" IPCFI_SOFT=1 \
				    IPCFI_SEED="$ts_b" "$IPC_DYNAMIC" -B -V -v -b "$ts_b" \
				    -t $((ts_b * 32)) -i "$ts_ty" "$@" "$ts_m"
				# Some writes must have come back short.
				if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
				    grep -Eq "^$TS_VRATE\$" "$OUT" &&
				    grep -Eq '^  write calls: [0-9]+ \(short [1-9]' "$OUT"; then
					pass "verify-under-fault-injection-$ts_m-$ts_ty-b$ts_b"
				else
					fail "verify-under-fault-injection-$ts_m-$ts_ty-b$ts_b" \
					    "exit $RC, stderr, no -V rate line or no short write"
				fi
			done
		done
	done
fi

# shmem: the two historical bugs, rebuilt (see the top of this file).
TS_BUGOK=1
for _tsp in $TS_BUGPIDS; do
	wait "$_tsp" || TS_BUGOK=
done
if [ -n "$TS_BUGOK" ]; then
	for ts_m in 1thread 2thread 2proc; do
		run "$TMPD/ipc-bug1" -B -V -b 65536 -t 1048576 -i shmem "$ts_m"
		expect "shmem-bug-reversed-copy-caught-$ts_m" 74 "" \
		    "ipc-bug1: FAIL: verify: wrong byte at offset 0: expected 0x[0-9a-f]{2}, saw 0x00"
	done
	# -V's own kill of the child, at whatever instant of its hand-off the
	# child is (8-byte messages, the two ends together or apart), must
	# end the run every time, within 5 s.
	ts_bad=
	for ts_i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		ts_c=0
		[ $((ts_i % 2)) = 0 ] && [ "$TS_NCPU" -ge 2 ] && ts_c=1,0
		RUN_TIMEOUT=5 run "$TMPD/ipc-bug1" -B -V -c "$ts_c" -b 8 \
		    -t 1073741824 -i shmem 2proc
		if [ "$RC" != 74 ] || ! grep -q 'FAIL: verify: wrong byte at offset 0:' "$ERR"; then
			ts_bad="$ts_bad run-$ts_i:exit-$RC"
		fi
	done
	if [ -z "$ts_bad" ]; then
		pass "shmem-verify-kill-never-hangs" "12 runs, 12 exits 74"
	else
		fail "shmem-verify-kill-never-hangs" "$ts_bad"
	fi
	# As in the course, nothing else notices.
	run "$TMPD/ipc-bug1" -B -b 65536 -t 1048576 -i shmem 2proc
	expect "shmem-bug-reversed-copy-unseen-without-V" 0 "$RATE" ""
	for ts_b in 65536 1048577; do
		run "$TMPD/ipc-bug2" -B -V -b "$ts_b" -t $((ts_b * 3)) -i shmem 2proc
		expect "shmem-bug-first-page-only-caught-b$ts_b" 74 "" \
		    "ipc-bug2: FAIL: verify: wrong byte at offset 4096: .*"
	done
	# One page is all there is: the bug cannot show, nor in 2thread.
	run "$TMPD/ipc-bug2" -B -V -b 4096 -t 65536 -i shmem 2proc
	expect "shmem-bug-first-page-only-one-page-passes" 0 "$TS_VRATE" ""
	run "$TMPD/ipc-bug2" -B -V -b 65536 -t 1048576 -i shmem 2thread
	expect "shmem-bug-first-page-only-2thread-passes" 0 "$TS_VRATE" ""
else
	fail "shmem-bug-builds" "$(head -5 "$TMPD/bug.log")"
fi

# The fixed type: the child's copies reach the parent on every page.
for ts_b in 65536 1048577; do
	run "$IPC_STATIC" -B -V -b "$ts_b" -t $((ts_b * 4)) -i shmem 2proc
	expect "shmem-2proc-every-page-b$ts_b" 0 "$TS_VRATE" ""
done

# --- shmem's interface --------------------------------------------------------
for ts_b in $BINS; do
	ts_n=$(name "$ts_b")
	run "$ts_b" -s -i shmem 2thread
	if [ "$RC" = 64 ] && [ ! -s "$OUT" ] &&
	    head -n 1 "$ERR" | grep -q "^$ts_n \[-Bqsv\]"; then
		pass "shmem-s-usage-$ts_n"
	else
		fail "shmem-s-usage-$ts_n" "want exit 64 and the usage text"
	fi
	run "$ts_b" -i shmem describe
	if [ "$RC" = 0 ] && grep -q '^  ipctype: shmem$' "$OUT"; then
		pass "shmem-describe-$ts_n"
	else
		fail "shmem-describe-$ts_n" "exit $RC or no 'ipctype: shmem'"
	fi
	for ts_m in 1thread 2thread 2proc; do
		run "$ts_b" -B -i shmem -b 65536 -t 262144 "$ts_m"
		expect "shmem-runs-$ts_m-$ts_n" 0 "$RATE" ""
	done
done
# The other options work with shmem; each in one mode, the modes in turn.
set -- "-f 2proc" "-g 2thread" "-n 3 -w 1 1thread" "-c 0 2proc"
[ "$TS_NCPU" -ge 2 ] && set -- "$@" "-c 1,0 2thread"
[ "$(id -u)" = 0 ] && set -- "$@" "-P sw 2proc"
for ts_o in "$@"; do
	ts_n=shmem-option-$(echo "$ts_o" |
	    sed 's/^-//; s/ -/-/g; s/ /-/g; s/,/./g')
	# shellcheck disable=SC2086
	run "$IPC_STATIC" -B -i shmem -b 65536 -t 262144 $ts_o
	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
	    [ "$(grep -Ec "^$RATE\$" "$OUT")" -ge 1 ]; then
		pass "$ts_n"
	else
		fail "$ts_n" "exit $RC, or no rate line, or stderr"
	fi
done

# Accounting: one memcpy per message each way, whole messages, in text
# (labelled memcpy) and JSON (read_*/write_* keys, said so in the config).
for ts_m in 1thread 2thread 2proc; do
	run "$IPC_STATIC" -B -v -i shmem -b 4096 -t 65536 "$ts_m"
	if [ "$RC" = 0 ] &&
	    grep -Eq '^  memcpy out calls: 16 \(short 0, waited [0-9]+, bytes 65536\)$' "$OUT" &&
	    grep -Eq '^  memcpy in calls: 16 \(short 0, waited [0-9]+, bytes 65536\)$' "$OUT" &&
	    ! grep -q '^  read calls' "$OUT"; then
		pass "shmem-accounting-text-$ts_m"
	else
		fail "shmem-accounting-text-$ts_m" "want 16 memcpy calls each way"
	fi
	run "$IPC_STATIC" -B -j -i shmem -b 4096 -t 65536 "$ts_m"
	ts_json "shmem-accounting-json-$ts_m" '
d = j["run_extras"][0]
assert d["read_calls"] == d["write_calls"] == 16, d
assert d["read_bytes"] == d["write_bytes"] == 65536, d
assert d["read_short"] == d["write_short"] == 0, d
assert "memcpy" in j["benchmark_configuration"]["accounting"]
assert j["benchmark_configuration"]["ipctype"] == "shmem"
h = j["transfer_histograms"][0]
assert h["read"] == [{"size": 4096, "count": 16, "bytes": 65536}], h'
	if [ "$ts_m" = 1thread ]; then
		ts_json "shmem-1thread-never-waits" '
d = j["run_extras"][0]
assert d["read_wouldblock"] == d["write_wouldblock"] == 0, d'
	fi
done

# The same bracket: exactly two clock_gettime system calls, the first
# after the receiver-ready write, and no read()/write() inside.
if [ -n "${IPC_SANITIZED:-}" ]; then
	skip "shmem-two-clock-gettime" "sanitizer build (its runtime reads clocks)"
elif ! have strace || ! strace -qq -o /dev/null true 2>/dev/null; then
	skip "shmem-two-clock-gettime" "strace missing or cannot trace here"
else
	for ts_m in 1thread 2thread 2proc; do
		run strace -f -qq -o "$TMPD/ts.strace" \
		    -e trace=clock_gettime,clock_gettime64,read,write \
		    "$IPC_STATIC" -B -q -i shmem -b 4096 -t 262144 "$ts_m"
		# Calls are counted at their entry: strace -f may split one
		# across an "unfinished" and a "resumed" line.
		_tsn=$(grep -c 'clock_gettime(' "$TMPD/ts.strace")
		# I/O calls entered between the two stamps.
		_tsio=$(awk '/clock_gettime\(CLOCK_MONOTONIC,/ { c++; next }
		    c == 1 && /(read|write)\(/ { n++ } END { print n + 0 }' \
		    "$TMPD/ts.strace")
		_tsr=$(awk '/clock_gettime\(CLOCK_MONOTONIC,/ { exit }
		    /write\([0-9]+, "r", 1/ { r = 1 } END { print r + 0 }' \
		    "$TMPD/ts.strace")
		[ "$ts_m" = 1thread ] && _tsr=1
		if [ "$RC" = 0 ] && [ "$_tsn" = 2 ] && [ "$_tsio" = 0 ] &&
		    [ "$_tsr" = 1 ]; then
			pass "shmem-two-clock-gettime-$ts_m"
		else
			fail "shmem-two-clock-gettime-$ts_m" \
			    "exit $RC, $_tsn clock_gettime, $_tsio I/O calls inside, ready-first $_tsr"
		fi
	done
fi

# --- peer death in 2proc: no hang either way ---------------------------------
# Bare: 16-byte messages for 1 GiB, so the kill lands mid-transfer, often
# inside a hand-off.  Not bare: the child is killed in its 1 s sleep
# before sending, while the parent waits for "full": only its own check of
# the child between sleeps can end the wait; or the parent is killed
# then, and the child's own check of its parent between sleeps (or the
# end of file of the ready pipe) ends it, where it would otherwise wait
# for "empty" forever after its first message.  tests/t_hard.sh samples many more instants.
# All four run at once: the bare ones are killed 0.3 s in, the non-bare
# ones as soon as their child appears (after the parent's 1 s settle),
# well within the child's own 1 s sleep.

# ts_kill_start I -B|"": start case I in the background (its timeout
# wrapper's pid in TS_T<I>).
ts_kill_start() {
	# shellcheck disable=SC2086
	timeout -k 5 30 "$IPC_STATIC" $2 -b 16 -t 1073741824 -i shmem 2proc \
	    >"$TMPD/kill$1.out" 2>"$TMPD/kill$1.err" </dev/null &
	eval "TS_T$1=\$!"
}

# ts_kill I WHO: kill the child or the parent of case I; remember when.
# shellcheck disable=SC2154
ts_kill() {
	eval "_tst=\$TS_T$1"
	if ! _tsp=$(ts_child "$_tst") || ! _tsk=$(ts_child "$_tsp"); then
		eval "TS_K$1=; TS_P$1="
		return
	fi
	eval "TS_K$1=$_tsk; TS_P$1=$_tsp; TS_MS$1=$(date +%s)"
	if [ "$2" = child ]; then kill -KILL "$_tsk"; else kill -KILL "$_tsp"; fi
}

# ts_kill_judge I WHO NAME: a dead child must make the parent exit 74
# within 3 s; a dead parent must take the child with it within 2.5 s.
# shellcheck disable=SC2154
ts_kill_judge() {
	eval "_tst=\$TS_T$1 _tsk=\$TS_K$1 _tsms=\$TS_MS$1"
	if [ -z "$_tsk" ]; then
		kill -KILL "$_tst" 2>/dev/null
		wait "$_tst"
		fail "$3" "no 2proc child appeared"
		return
	fi
	if [ "$2" = child ]; then
		wait "$_tst"
		RC=$?
		cp "$TMPD/kill$1.out" "$OUT"
		cp "$TMPD/kill$1.err" "$ERR"
		if [ $(($(date +%s) - _tsms)) -gt 4 ]; then
			fail "$3" "the parent took over 3 s to exit"
			return
		fi
		expect "$3" 74 "" \
		    "ipc-static: FAIL: sender process killed by signal 9 after [0-9]+ of 1073741824 bytes"
		return
	fi
	if ! wait_gone "$_tsk" 25; then
		kill -KILL "$_tsk" 2>/dev/null
		fail "$3" "the child still runs 2.5 s after its parent died"
	else
		pass "$3"
	fi
	wait "$_tst"
}

ts_kill_start 3 ""
ts_kill_start 4 ""
ts_kill_start 1 -B
ts_kill_start 2 -B
sleep 0.3
ts_kill 1 child
ts_kill 2 parent
ts_kill 3 child
ts_kill 4 parent
ts_kill_judge 1 child shmem-kill-child
ts_kill_judge 2 parent shmem-kill-parent
ts_kill_judge 3 child shmem-kill-child-nonbare
ts_kill_judge 4 parent shmem-kill-parent-nonbare
