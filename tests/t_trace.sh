# Tracing tests: what strace sees of the timed region, and the names the
# threads and the 2proc child carry.  Run by tests/run.sh after
# tests/lib.sh (run/expect/pass/fail/skip, $BINS, $BINS_FULL, $OUT, $ERR,
# $RC, $TMPD, next_port).  ipc-dynamic, whose start-up the loader
# changes, gets one traced run per mode (each IPC type once), bare and
# non-bare, and the thread names (lib.sh explains the subset).
#
# Each run is traced whole (`strace -f`, every syscall rather than an
# -e trace= list, so that "nothing else" can be checked) and judged by
# tests/strace_bracket.py, whose docstring states the rules and why they
# hold whatever the scheduling: exactly two clock_gettime syscalls; the bytes
# written and read on the transfer fds add up to totalsize; the sender takes
# the start stamp and the receiver the end stamp; every transfer read that
# returns data completes inside the bracket and every write is issued inside
# it; nothing else happens in the receiving thread inside the bracket (in
# bare 2thread/2proc runs from its first read on, because there the sender
# may stamp before the receiver's own setup has returned) nor in the
# sender's loop; and no thread renames itself.  Non-bare runs, where the
# sender sleeps 1 s before stamping, get the whole bracket checked; they run
# in parallel so that their sleeps overlap.  The comm of the threads and of
# the 2proc child is also read from /proc while non-bare runs sleep.

TT_MODES="1thread 2thread 2proc"
TT_TYPES="pipe local tcp"
TT_B=12288
TT_T=368640
TT_CHECK=$TOP/tests/strace_bracket.py
# Port offsets 400..499 belong to this file.
TT_PORTN=400
TT_PORT=$(port 400)
# The traced runs, as BINARY,MODE,TYPE: every mode x type on the binaries
# with full coverage, and on ipc-dynamic otherwise one per mode.
TT_RUNS=
for b in $BINS_FULL; do
	for m in $TT_MODES; do
		for ty in $TT_TYPES; do
			TT_RUNS="$TT_RUNS $(name "$b"),$m,$ty"
		done
	done
done
in_full "$IPC_DYNAMIC" || TT_RUNS="$TT_RUNS ipc-dynamic,1thread,pipe \
    ipc-dynamic,2thread,local ipc-dynamic,2proc,tcp"

# tt_port [TYPE]: for TCP (the default), move to this file's next free
# test port; other types keep the current one.
tt_port() {
	[ "${1:-tcp}" = tcp ] || return 0
	next_port $((TT_PORTN + 1))
	TT_PORTN=$NEXT_PORTN
	TT_PORT=$NEXT_PORT
}

# tt_judge NAME MODE TRACE bare|nonbare: the traced run left RC/OUT/ERR;
# it must have exited 0 silently (-q), and the trace must pass the checker.
tt_judge() {
	if [ "$RC" != 0 ] || [ -s "$OUT" ] || [ -s "$ERR" ]; then
		expect "$1" 0 "" ""
		return
	fi
	python3 "$TT_CHECK" "$3" "$2" "$TT_B" "$TT_T" "$4" >"$OUT" 2>"$ERR"
	RC=$?
	if [ "$RC" = 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
		pass "$1"
	else
		fail "$1" "strace_bracket.py exit $RC; violations:"
	fi
}

# tt_comms PID: the comm of every thread of PID, one per line.
tt_comms() {
	for _tk in /proc/"$1"/task/*; do
		cat "$_tk/comm" 2>/dev/null
	done
}

tt_have=
if [ -n "${IPC_SANITIZED:-}" ]; then
	# The sanitizer runtime makes clock_gettime system calls of its own:
	# the syscall pattern is checked on the normal build only.
	tt_why="sanitizer build (IPC_SANITIZED)"
elif ! have strace; then
	tt_why="strace not installed"
elif ! have python3; then
	tt_why="python3 not installed"
elif ! strace -qq -o /dev/null true 2>/dev/null; then
	tt_why="strace cannot trace here (ptrace refused)"
else
	tt_have=1
fi

# --- traced non-bare runs, all at once ----------------------------------------

tt_nbpids=
if [ -n "$tt_have" ]; then
	for tt_run in $TT_RUNS; do
		n=${tt_run%%,*} m=${tt_run#*,} ty=${tt_run##*,}
		m=${m%,*}
		tt_port "$ty"
		tt_f=$TMPD/nb.$n.$m.$ty
		(
			timeout -k 5 "$RUN_TIMEOUT" strace -f -qq \
			    -o "$tt_f.trace" "$TOP/ipc/$n" -q -b "$TT_B" \
			    -t "$TT_T" -i "$ty" -p "$TT_PORT" "$m" \
			    >"$tt_f.out" 2>"$tt_f.err" </dev/null
			echo $? >"$tt_f.rc"
		) &
		tt_nbpids="$tt_nbpids $!"
	done
fi

# --- comm of threads and of the 2proc child -----------------------------------
# Non-bare runs, so that the threads and the child exist long enough to be
# looked at: the 2thread sender sleeps 1 s before sending, the 2proc child
# 1 s before and 1 s after.  One binary at a time (the windows are short),
# while the traced runs above sleep too.

if [ -d /proc/self/task ] && have pgrep; then
	for b in $BINS; do
		n=$(name "$b")
		timeout -k 5 "$RUN_TIMEOUT" "$b" -b 4096 -t 65536 2thread \
		    >"$TMPD/comm.2thread.out" 2>"$TMPD/comm.2thread.err" </dev/null &
		tt_comm_2thread=$!
		timeout -k 5 "$RUN_TIMEOUT" "$b" -b 4096 -t 65536 2proc \
		    >"$TMPD/comm.2proc.out" 2>"$TMPD/comm.2proc.err" </dev/null &
		tt_comm_2proc=$!
		# 2thread: wait until the sender thread exists.
		tt_case="trace-comm-2thread-$n"
		: >"$OUT"; : >"$ERR"
		if ! tt_bp=$(child_of "$tt_comm_2thread"); then
			fail "$tt_case" "no process appeared"
		else
			tt_i=0
			while [ "$(tt_comms "$tt_bp" | wc -l)" -lt 2 ] && [ "$tt_i" -lt 100 ]; do
				sleep 0.05
				tt_i=$((tt_i + 1))
			done
			tt_comms "$tt_bp" >"$OUT"
			if [ "$(wc -l <"$OUT")" -lt 2 ]; then
				fail "$tt_case" "never saw two threads in pid $tt_bp"
			elif _match "$OUT" "$n"; then
				pass "$tt_case"
			else
				fail "$tt_case" "a thread is not named '$n' (stdout: the comms)"
			fi
		fi
		# 2proc: the parent's threads and the child's.
		tt_case="trace-comm-2proc-$n"
		: >"$OUT"; : >"$ERR"
		if ! tt_bp=$(child_of "$tt_comm_2proc") || ! tt_cp=$(child_of "$tt_bp"); then
			fail "$tt_case" "no 2proc child appeared"
		else
			{ tt_comms "$tt_bp"; tt_comms "$tt_cp"; } >"$OUT"
			if _match "$OUT" "$n"; then
				pass "$tt_case"
			else
				fail "$tt_case" "parent or child is not named '$n' (stdout: the comms)"
			fi
		fi
		# Both runs must still finish normally.
		for m in 2thread 2proc; do
			if [ "$m" = 2thread ]; then
				wait "$tt_comm_2thread"
			else
				wait "$tt_comm_2proc"
			fi
			RC=$?
			cp "$TMPD/comm.$m.out" "$OUT"
			cp "$TMPD/comm.$m.err" "$ERR"
			expect "trace-comm-run-$m-$n" 0 "$RATE" ""
		done
	done
else
	for b in $BINS; do
		n=$(name "$b")
		for tt_case in trace-comm-2thread trace-comm-2proc \
		    trace-comm-run-2thread trace-comm-run-2proc; do
			skip "$tt_case-$n" "no /proc task directories or no pgrep"
		done
	done
fi

# --- bare traced runs: mode x type x binary ------------------------------------

for tt_run in $TT_RUNS; do
	n=${tt_run%%,*} m=${tt_run#*,} ty=${tt_run##*,}
	m=${m%,*}
	tt_case="trace-bracket-$m-$ty-$n"
	if [ -z "$tt_have" ]; then
		skip "$tt_case" "$tt_why"
		continue
	fi
	tt_port "$ty"
	run strace -f -qq -o "$TMPD/trace" "$TOP/ipc/$n" -B -q -b "$TT_B" \
	    -t "$TT_T" -i "$ty" -p "$TT_PORT" "$m" </dev/null
	tt_judge "$tt_case" "$m" "$TMPD/trace" bare
done

# --- judge the non-bare traced runs ---------------------------------------------

for tt_pid in $tt_nbpids; do
	wait "$tt_pid"
done
for tt_run in $TT_RUNS; do
	n=${tt_run%%,*} m=${tt_run#*,} ty=${tt_run##*,}
	m=${m%,*}
	tt_case="trace-bracket-nonbare-$m-$ty-$n"
	if [ -z "$tt_have" ]; then
		skip "$tt_case" "$tt_why"
		continue
	fi
	tt_f=$TMPD/nb.$n.$m.$ty
	RC=$(cat "$tt_f.rc" 2>/dev/null || echo missing)
	cp "$tt_f.out" "$OUT"
	cp "$tt_f.err" "$ERR"
	tt_judge "$tt_case" "$m" "$tt_f.trace" nonbare
done
