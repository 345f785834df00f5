# The system calls of a run, pinned: every mode x IPC type is traced with
# `strace -f`, reduced by tests/strace_seq.py to one sequence per task
# (names, descriptors, sizes asked for and returned; its docstring says
# what is dropped and why that leaves nothing to chance) and compared with
# tests/golden/strace-CASE.txt.  The golden files were produced before the
# transport interface replaced the per-type loops, so they hold what each
# type did then: its calls in order with their sizes, the two
# clock_gettime calls and where they fall, the TCP connect/accept order
# and -s before the handshake.  Run by tests/run.sh after tests/lib.sh.
#
# Sizes are chosen so that the kernel cannot split a transfer two ways:
# 4 KiB messages (one atomic pipe write, one local-socket buffer, one TCP
# segment well inside the first window), 16 KiB in all; -b 1 where a tiny
# TCP window is asked for (-s); and one 1thread pipe run with messages
# larger than the pipe, whose non-blocking writes and reads then stop at
# the pipe's capacity and resume at a rotating offset.
#
# A change that alters a run's system calls on purpose regenerates the
# files and says why in its commit message:
#     unshare -n sh -c 'ip link set lo up; make golden-strace'
# (IPC_STRACE_REGEN=1 makes this file write the golden files instead of
# comparing; each is written only if three traced runs agree.)
#
# The sequences are those of one platform (the C library's thread and
# process start-up are in them): tests/golden/strace-platform.txt names
# it, and elsewhere the cases skip, saying so.
#
# Port offsets 1400..1499 belong to this file.

TS_GOLDEN=$TOP/tests/golden
TS_PLATFORM="$(uname -s) $(uname -m) $(getconf GNU_LIBC_VERSION 2>/dev/null ||
    echo libc-unknown)"
TS_SEQ=$TOP/tests/strace_seq.py
TS_PORTN=1400
# The cases: NAME MODE TYPE BUFFERSIZE TOTALSIZE [FLAG].
TS_CASES="1thread-pipe 1thread pipe 4096 16384
1thread-local 1thread local 4096 16384
1thread-tcp 1thread tcp 4096 16384
1thread-shmem 1thread shmem 4096 16384
2thread-pipe 2thread pipe 4096 16384
2thread-local 2thread local 4096 16384
2thread-tcp 2thread tcp 4096 16384
2thread-shmem 2thread shmem 4096 16384
2proc-pipe 2proc pipe 4096 16384
2proc-local 2proc local 4096 16384
2proc-tcp 2proc tcp 4096 16384
2proc-shmem 2proc shmem 4096 16384
1thread-pipe-partial 1thread pipe 98304 196608
1thread-local-sockbuf 1thread local 4096 16384 -s
2proc-tcp-sockbuf 2proc tcp 1 4 -s"
# ipc-dynamic, whose start-up the loader changes, runs one case per mode
# against the same files (the window starts after start-up).
TS_DYNAMIC="1thread-tcp 2thread-local 2proc-shmem"

# ts_trace BIN NAME MODE TYPE B T [FLAG]: trace one run and reduce it
# into $TMPD/ts.seq (a header line naming the run, then the sequence).
# Sets RC (non-zero: the run or the reduction failed, said in $ERR).
ts_trace() {
	_tb=$1 _tn=$2 _tm=$3 _tt=$4 _tbs=$5 _tts=$6 _tf=${7:-}
	next_port $((TS_PORTN + 1))
	TS_PORTN=$NEXT_PORTN
	# shellcheck disable=SC2086 # _tf is one flag or nothing
	run strace -f -qq -o "$TMPD/ts.trace" "$_tb" -B -q $_tf -b "$_tbs" \
	    -t "$_tts" -i "$_tt" -p "$NEXT_PORT" "$_tm" </dev/null
	[ "$RC" = 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ] || return
	_tcl=$(grep -c 'clock_gettime(' "$TMPD/ts.trace")
	if [ "$_tcl" != 2 ]; then
		echo "$_tcl clock_gettime system calls in the whole run, want 2" >"$ERR"
		RC=1
		return
	fi
	{
		echo "# ipc-static -B -q${_tf:+ $_tf} -b $_tbs -t $_tts -i $_tt $_tm"
		python3 "$TS_SEQ" "$TMPD/ts.trace" "$_tm" "$_tt" "$_tbs" \
		    "$NEXT_PORT"
	} >"$TMPD/ts.seq" 2>"$ERR"
	RC=$?
	[ "$RC" = 0 ] || cat "$TMPD/ts.seq" >>"$ERR"
}

ts_have=
if [ -n "${IPC_SANITIZED:-}" ]; then
	# The sanitizer runtime makes system calls of its own.
	ts_why="sanitizer build (IPC_SANITIZED)"
elif ! have strace; then
	ts_why="strace not installed"
elif ! have python3; then
	ts_why="python3 not installed"
elif ! strace -qq -o /dev/null true 2>/dev/null; then
	ts_why="strace cannot trace here (ptrace refused)"
elif [ -z "${IPC_STRACE_REGEN:-}" ] &&
    [ "$(cat "$TS_GOLDEN/strace-platform.txt" 2>/dev/null)" != "$TS_PLATFORM" ]; then
	ts_why="golden files are for $(cat "$TS_GOLDEN/strace-platform.txt" \
	    2>/dev/null), this is $TS_PLATFORM"
else
	ts_have=1
fi

# --- regenerate (IPC_STRACE_REGEN=1) -------------------------------------------

if [ -n "$ts_have" ] && [ -n "${IPC_STRACE_REGEN:-}" ]; then
	while read -r ts_n ts_m ts_t ts_b ts_s ts_f; do
		ts_case="strace-regen-$ts_n"
		ts_ok=1
		for ts_i in 1 2 3; do
			ts_trace "$IPC_STATIC" "$ts_n" "$ts_m" "$ts_t" "$ts_b" \
			    "$ts_s" $ts_f
			if [ "$RC" != 0 ]; then
				fail "$ts_case" "traced run $ts_i failed (exit $RC)"
				ts_ok=
				break
			fi
			if [ "$ts_i" = 1 ]; then
				cp "$TMPD/ts.seq" "$TMPD/ts.first"
			elif ! cmp -s "$TMPD/ts.first" "$TMPD/ts.seq"; then
				fail_diff "$ts_case" "runs 1 and $ts_i differ" \
				    "$TMPD/ts.first" "$TMPD/ts.seq"
				ts_ok=
				break
			fi
		done
		if [ -n "$ts_ok" ]; then
			cp "$TMPD/ts.first" "$TS_GOLDEN/strace-$ts_n.txt"
			pass "$ts_case" "wrote tests/golden/strace-$ts_n.txt"
		fi
	done <<EOF
$TS_CASES
EOF
	echo "$TS_PLATFORM" >"$TS_GOLDEN/strace-platform.txt"
	TS_COMPARE=
else
	TS_COMPARE=$BINS
fi

# --- compare -------------------------------------------------------------------

for ts_bin in $TS_COMPARE; do
	ts_bn=$(name "$ts_bin")
	while read -r ts_n ts_m ts_t ts_b ts_s ts_f; do
		if ! in_full "$ts_bin"; then
			case " $TS_DYNAMIC " in *" $ts_n "*) ;; *) continue ;; esac
		fi
		ts_case="strace-seq-$ts_n-$ts_bn"
		if [ -z "$ts_have" ]; then
			skip "$ts_case" "$ts_why"
			continue
		fi
		ts_want=$TS_GOLDEN/strace-$ts_n.txt
		ts_trace "$ts_bin" "$ts_n" "$ts_m" "$ts_t" "$ts_b" "$ts_s" $ts_f
		if [ "$RC" != 0 ]; then
			fail "$ts_case" "traced run or reduction failed (exit $RC)"
		elif [ ! -f "$ts_want" ]; then
			fail "$ts_case" "no golden file $ts_want"
		elif cmp -s "$ts_want" "$TMPD/ts.seq"; then
			pass "$ts_case"
		else
			: >"$OUT"; : >"$ERR"
			fail_diff "$ts_case" "system calls differ from the golden file" \
			    "$ts_want" "$TMPD/ts.seq"
		fi
	done <<EOF
$TS_CASES
EOF
done
