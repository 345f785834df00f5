# The brackets where the C library's clock is a system call.  Every
# tracer finds a run's timed loop by its two stamps, raw clock_gettime
# system calls of CLOCK_MONOTONIC.  The program's other clock reads (the
# TCP accept deadline, before the start stamp; -l's per-round-trip
# stamps, inside the bracket) go through clock_gettime(3), which the vDSO
# serves here without a system call; on FreeBSD without a user-space
# timecounter (the course's BeagleBone), Linux on an hpet or acpi_pm
# clocksource, or some emulators, the C library makes the system call.
# tests/faultinject.so (IPCFI_CLOCK_SYSCALL=1) makes ipc-dynamic's
# clock_gettime(3) the system call, so those reads show, with their own
# clock ids, and the consumers must still find exactly the stamps:
#
#   strace (make test): tests/strace_bracket.py on a tcp run in 1thread
#   and 2proc; tests/libclock_check.py on a tcp command of 3 runs and a
#   warm-up (every bracket whole, no clock read inside) and on a -l
#   2proc tcp run (one clock read before the first round trip and one
#   after each, inside the bracket, of one clock id);
#   tests/latency_check.py on a -l 2thread pipe run.
#
#   bpftrace (make check-trace: root, bpftrace, tracefs): trace/run
#   bracket and looptime of a tcp bandwidth command of 3 runs (3 runs,
#   totalsize each way, no clock_gettime inside; the loop time within a
#   loose factor of -v's time:) and of -l runs (one run, 2 x totalsize
#   each way, exactly round trips + 1 clock_gettime calls inside).
#
# Each case first needs clock reads other than the stamps in the log
# (libclock_check.py's rule; the bpftrace -l cases count them), so none
# passes because the interposer did nothing.  Sourced by tests/run.sh
# after tests/lib.sh, and by `make check-trace` (IPC_CHECK_TRACE=1).
# Port offsets 1800..1899 belong to this file.

TLC_FI=$TOP/tests/faultinject.so
TLC_BRACKET=$TOP/tests/strace_bracket.py
TLC_CHECK=$TOP/tests/libclock_check.py
TLC_LATENCY=$TOP/tests/latency_check.py
TLC_PORTN=1800
TLC_B=12288
TLC_T=368640

# tlc_port: this file's next free TCP test port, in TLC_PORT.
tlc_port() {
	next_port $((TLC_PORTN + 1))
	TLC_PORTN=$NEXT_PORTN
	TLC_PORT=$NEXT_PORT
}

# tlc_strace ARGS...: ipc-dynamic ARGS traced whole into $TMPD/tlc.trace,
# its clock_gettime(3) the system call.
tlc_strace() {
	run strace -f -qq -o "$TMPD/tlc.trace" -E LD_PRELOAD="$TLC_FI" \
	    -E IPCFI_CLOCK_SYSCALL=1 "$IPC_DYNAMIC" "$@"
}

# tlc_judge CASE CHECKER ARGS...: the traced run exited 0 silently and
# the checker, given ARGS, says nothing and exits 0.
tlc_judge() {
	_lc=$1
	shift
	if [ "$RC" != 0 ] || [ -s "$OUT" ] || [ -s "$ERR" ]; then
		expect "$_lc" 0 "" ""
		return
	fi
	python3 "$@" >"$OUT" 2>"$ERR"
	RC=$?
	if [ "$RC" = 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
		pass "$_lc"
	else
		fail "$_lc" "checker exit $RC"
	fi
}

tlc_have=
if ! faultinject_usable libclock-strace; then
	:
elif ! have strace || ! have python3; then
	skip libclock-strace "strace or python3 not installed"
elif ! strace -qq -o /dev/null true 2>/dev/null; then
	skip libclock-strace "strace cannot trace here (ptrace refused)"
else
	tlc_have=1
fi

# --- strace -------------------------------------------------------------------

if [ -n "$tlc_have" ]; then
	for tlc_m in 1thread 2proc; do
		tlc_port
		tlc_strace -B -q -b "$TLC_B" -t "$TLC_T" -i tcp -p "$TLC_PORT" \
		    "$tlc_m"
		tlc_judge "libclock-strace-bracket-tcp-$tlc_m" "$TLC_BRACKET" \
		    "$TMPD/tlc.trace" "$tlc_m" "$TLC_B" "$TLC_T" bare
	done

	tlc_port
	tlc_strace -B -q -n 3 -w 1 -b "$TLC_B" -t "$TLC_T" -i tcp \
	    -p "$TLC_PORT" 2thread
	tlc_judge libclock-strace-runs-tcp-2thread "$TLC_CHECK" runs \
	    "$TMPD/tlc.trace" 4 "$TLC_T"

	tlc_strace -B -q -l -b 4 -t 200 -i pipe 2thread
	tlc_judge libclock-strace-latency-2thread-pipe "$TLC_LATENCY" strace \
	    "$TMPD/tlc.trace" 50 4

	tlc_port
	tlc_strace -B -q -l -b 4 -t 200 -i tcp -p "$TLC_PORT" 2proc
	tlc_judge libclock-strace-latency-2proc-tcp "$TLC_CHECK" latency \
	    "$TMPD/tlc.trace" 50
fi

# --- bpftrace (make check-trace) ------------------------------------------------

tlc_py=
if [ -x /usr/bin/python3 ]; then tlc_py=/usr/bin/python3
elif have python3; then tlc_py=python3; fi
tlc_why=$(live_trace_why)
if [ -n "$tlc_why" ]; then
	:
elif [ ! -f "$TLC_FI" ]; then
	tlc_why="tests/faultinject.so not built (make check-trace builds it)"
elif [ -z "$tlc_py" ]; then
	tlc_why="python3 not installed"
fi

# tlc_trace CASE CHECK RUNS CHECKARGS -- NAME BENCHARGS...: trace/run
# --json NAME on ipc-dynamic BENCHARGS with its clock_gettime(3) the
# system call, judged by tests/bpftrace_check.py.
tlc_trace() {
	_tc=$1 _tk=$2 _tn=$3 _ta=$4
	shift 5
	_tname=$1
	shift
	run "$tlc_py" "$TOP/trace/run" --json "$_tname" -- env \
	    LD_PRELOAD="$TLC_FI" IPCFI_CLOCK_SYSCALL=1 "$IPC_DYNAMIC" "$@"
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		expect "$_tc" 0 ".*" ""
		return
	fi
	# shellcheck disable=SC2086 # CHECKARGS is a word list
	if "$tlc_py" "$TOP/tests/bpftrace_check.py" "$OUT" "$_tk" "$_tn" \
	    $_ta >"$TMPD/tlc.why"; then
		pass "$_tc"
	else
		fail "$_tc" "$(tr '\n' ';' <"$TMPD/tlc.why")"
	fi
}

if [ -n "$tlc_why" ]; then
	skip libclock-bpftrace "$tlc_why"
else
	tlc_port
	tlc_trace libclock-bpftrace-bracket-tcp-2proc bytes 3 "$TLC_T" -- \
	    bracket -B -q -n 3 -b "$TLC_B" -t "$TLC_T" -i tcp -p "$TLC_PORT" \
	    2proc
	"$tlc_py" "$TOP/tests/bpftrace_check.py" "$OUT" calls 3 \
	    clock_gettime=0 >"$TMPD/tlc.why"
	if [ "$?" = 0 ]; then
		pass libclock-bpftrace-bracket-tcp-2proc-no-clock
	else
		fail libclock-bpftrace-bracket-tcp-2proc-no-clock \
		    "$(tr '\n' ';' <"$TMPD/tlc.why")"
	fi
	tlc_port
	tlc_trace libclock-bpftrace-looptime-tcp-2thread looptime 3 "" -- \
	    looptime -B -v -n 3 -b "$TLC_B" -t "$TLC_T" -i tcp \
	    -p "$TLC_PORT" 2thread

	# -l: 1000 round trips, so 1001 clock reads inside the bracket.
	for tlc_x in 2thread,pipe 1thread,local 2proc,tcp; do
		tlc_m=${tlc_x%,*} tlc_ty=${tlc_x#*,}
		tlc_port
		tlc_trace "libclock-bpftrace-bracket-latency-$tlc_m-$tlc_ty" \
		    calls 1 clock_gettime=1001 -- bracket -B -q -l -b 4 \
		    -t 4000 -i "$tlc_ty" -p "$TLC_PORT" "$tlc_m"
		"$tlc_py" "$TOP/tests/bpftrace_check.py" "$OUT" bytes 1 8000 \
		    >"$TMPD/tlc.why"
		if [ "$?" = 0 ]; then
			pass "libclock-bpftrace-bracket-latency-$tlc_m-$tlc_ty-bytes"
		else
			fail "libclock-bpftrace-bracket-latency-$tlc_m-$tlc_ty-bytes" \
			    "$(tr '\n' ';' <"$TMPD/tlc.why")"
		fi
		tlc_port
		tlc_trace "libclock-bpftrace-looptime-latency-$tlc_m-$tlc_ty" \
		    looptime 1 "" -- looptime -B -v -l -b 4 -t 40000 \
		    -i "$tlc_ty" -p "$TLC_PORT" "$tlc_m"
	done
fi
