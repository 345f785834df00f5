# Extensions beyond the 2017–18 reference: -j, -n/-w with the summary, -g,
# -c placement, in-loop accounting checked against strace, histogram
# totals and -f pre-faulting.  Run by tests/run.sh after tests/lib.sh
# (run/expect/pass/fail/skip, $BINS, $BINS_FULL, $OUT, $ERR, $RC, $TMPD,
# next_port).  ipc-dynamic gets one -j run (lib.sh explains the subset).

EXT_CHECK=$TOP/tests/ext_check.py
EXT_NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
# Port offsets 500..599 belong to this file.
EXT_PORTN=500

# ext_port: move to this file's next free test port ($EXT_PORT).
ext_port() {
	next_port $((EXT_PORTN + 1))
	EXT_PORTN=$NEXT_PORTN
	EXT_PORT=$NEXT_PORT
}

# ext_check NAME CHECK ARGS...: run ext_check.py on $OUT for the last run,
# which must have exited 0 with nothing on stderr.
ext_check() {
	_xn=$1; shift
	py_check "$_xn" "$EXT_CHECK" "$@"
}

# ext_field NAME: the value of "  NAME: VALUE" in the last text output.
ext_field() { sed -n "s/^  $1: //p" "$OUT" | head -n 1; }

# ext_expect_block NAME WANT: the last run exited 0 with nothing on
# stderr, and its stdout, normalised, is exactly file WANT.  Normalised:
# the rate line reads "RATE"; the values of "  time:", of -g's "  stime:"
# and "  utime:" and of its counts, and of "  read calls:"/"  write
# calls:" read T, S.SSSSSS or N, as do the counts of "  machine
# meanwhile:"; each histogram (the lines under "  read sizes:"/"  write
# sizes:") reads "    H"; and the host description keeps its four
# headers only (t_describe.sh checks its contents).
ext_expect_block() {
	if [ "$RC" != 0 ]; then fail "$1" "exit $RC, want 0"; return; fi
	if [ -s "$ERR" ]; then fail "$1" "stderr not empty"; return; fi
	sed -E -e "s|^$RATE\$|RATE|" \
	    -e 's/^  time: [0-9]+\.[0-9]{9}$/  time: T/' \
	    -e 's/^  ([su]time): [0-9]+\.[0-9]{6} seconds$/  \1: S.SSSSSS seconds/' \
	    -e 's/^  (minflt|majflt|msgsnd|msgrcv|nvcsw|nivcsw): [0-9]+ /  \1: N /' \
	    -e 's/^  (read|write) calls: [0-9]+ \(short [0-9]+, would block [0-9]+, bytes [0-9]+\)$/  \1 calls: N (short N, would block N, bytes N)/' \
	    -e 's/^  machine meanwhile: steal ([0-9]+|unknown) ms, ([0-9]+|unknown) context switches; this run: ([0-9]+|unknown) involuntary switches$/  machine meanwhile: steal N ms, N context switches; this run: N involuntary switches/' \
	    "$OUT" | awk '
	/^RATE$/ { host = 0; hist = 0 }
	/^((Hardware|OS|Network and IPC) configuration|Run conditions):$/ {
		print; host = 1; hist = 0; next
	}
	host && /^  / { next }
	/^  (read|write) sizes:$/ { print; print "    H"; hist = 1; next }
	hist && /^    / { next }
	{ hist = 0; print }
	' >"$TMPD/ext_block.got"
	if cmp -s "$2" "$TMPD/ext_block.got"; then
		pass "$1"
	else
		fail_diff "$1" "stdout (normalised) is not the expected block" \
		    "$2" "$TMPD/ext_block.got"
	fi
}

# --- -j: one run on ipc-dynamic, every mode on the others ----------------------

for b in $BINS; do
	n=$(name "$b")
	for m in 1thread 2thread 2proc; do
		[ "$m" = 2thread ] || in_full "$b" || continue
		run "$b" -B -j -n 3 -w 1 -b 4096 -t 262144 -i pipe "$m"
		ext_check "ext-json-$m-$n" json 3 1 262144
	done
done

for b in $BINS_FULL; do
	n=$(name "$b")
	ext_port
	run "$b" -B -j -n 2 -i tcp -p "$EXT_PORT" -b 65536 -t 1048576 2proc
	ext_check "ext-json-tcp-$n" json 2 0 1048576
	run "$b" -B -j -v -n 2 -i local -s -b 8192 -t 65536 2thread
	ext_check "ext-json-v-s-$n" json 2 0 65536
	ext_check "ext-json-v-has-host-$n" host
	run "$b" -B -j -q 2thread
	expect "ext-json-q-silent-$n" 0 "" ""

	# Statistics against an independent computation from the samples.
	run "$b" -B -j -n 9 -b 8192 -t 131072 2thread
	ext_check "ext-stats-$n" stats

	# -n / -w in text: one rate line per kept run; the summary with -v.
	run "$b" -B -n 2 -w 3 -b 4096 -t 65536 2thread
	expect "ext-text-n-lines-$n" 0 "$RATE" ""
	[ "$(wc -l <"$OUT")" -eq 2 ] && pass "ext-text-n-count-$n" ||
	    fail "ext-text-n-count-$n" "want 2 rate lines"
	run "$b" -B -v -n 3 -b 4096 -t 65536 1thread
	if [ "$RC" = 0 ] && grep -q '^Summary of 3 samples (warm-up runs discarded: 0):$' "$OUT" &&
	    [ "$(grep -c '^Benchmark configuration:$' "$OUT")" -eq 3 ] &&
	    [ "$(grep -Ec "^$RATE\$" "$OUT")" -eq 3 ]; then
		pass "ext-text-v-summary-$n"
	else
		fail "ext-text-v-summary-$n" "want 3 blocks, 3 rate lines, a summary"
	fi
	run "$b" -B -n 0 2thread
	expect "ext-n-zero-usage-$n" 64 "" ".*"
	run "$b" -B -w x 2thread
	expect "ext-w-junk-usage-$n" 64 "" ".*"

	# -g: the reference labels, in order, each once, then the rate.
	run "$b" -B -g -b 4096 -t 65536 2proc
	cat >"$TMPD/ext_rusage.want" <<'EOF'
Resource usage:
  stime: S.SSSSSS seconds
  utime: S.SSSSSS seconds
  minflt: N minor page faults
  majflt: N major page faults
  msgsnd: N messages
  msgrcv: N messages
  nvcsw: N voluntary context switches
  nivcsw: N involuntary context switches
RATE
EOF
	ext_expect_block "ext-rusage-fields-$n" "$TMPD/ext_rusage.want"
	# The sender's buffer faults land in the child in 2proc and in the
	# process itself in 2thread: equal totals mean the child is counted.
	run "$b" -B -g -b 8388608 -t 8388608 2thread
	f2t=$(ext_field minflt | cut -d' ' -f1)
	run "$b" -B -g -b 8388608 -t 8388608 2proc
	f2p=$(ext_field minflt | cut -d' ' -f1)
	if [ -n "$f2t" ] && [ -n "$f2p" ] && [ "$f2t" -gt 2048 ] &&
	    [ $((f2p * 4)) -ge $((f2t * 3)) ]; then
		pass "ext-rusage-2proc-child-counted-$n" "minflt 2proc $f2p, 2thread $f2t"
	else
		fail "ext-rusage-2proc-child-counted-$n" "minflt 2proc=$f2p 2thread=$f2t"
	fi

	# -f: the buffers' page faults move out of the measured run.
	run "$b" -B -g -f -b 8388608 -t 8388608 2thread
	ff=$(ext_field minflt | cut -d' ' -f1)
	if [ -n "$ff" ] && [ -n "$f2t" ] && [ $((ff * 4)) -lt "$f2t" ]; then
		pass "ext-prefault-$n" "minflt with -f $ff, without $f2t"
	else
		fail "ext-prefault-$n" "minflt with -f $ff, without $f2t"
	fi

	# -c: placement is applied and reported, in the run details.
	run "$b" -B -v -c 0 -b 4096 -t 65536 2thread
	cat >"$TMPD/ext_pin.want" <<'EOF'
Benchmark configuration:
  buffersize: 4096
  totalsize: 65536
  blockcount: 16
  mode: 2thread
  ipctype: pipe
  time: T
Run details:
  iteration: 1 of 1 (warm-up runs discarded: 0)
  sender cpu: 0 -> 0 (pinned)
  receiver cpu: 0 -> 0 (pinned)
  machine meanwhile: steal N ms, N context switches; this run: N involuntary switches
  read calls: N (short N, would block N, bytes N)
  write calls: N (short N, would block N, bytes N)
  read sizes:
    H
  write sizes:
    H
Hardware configuration:
OS configuration:
Network and IPC configuration:
Run conditions:
RATE
EOF
	ext_expect_block "ext-pin-one-cpu-$n" "$TMPD/ext_pin.want"
	if [ "$EXT_NCPU" -ge 2 ]; then
		run "$b" -B -j -c 1,0 -b 4096 -t 65536 2proc
		ext_check "ext-pin-apart-$n" pinned 1 0
	else
		skip "ext-pin-apart-$n" "one CPU"
	fi
	run "$b" -B -c 4095 2thread
	expect "ext-pin-bad-cpu-$n" 71 "" "$n: FAIL: pin to CPU 4095: .*"
	run "$b" -B -j -b 4096 -t 65536 2thread
	ext_check "ext-cpus-reported-$n" cpus "$EXT_NCPU"
done

# --- in-loop accounting equals what strace counts for that very run ------------

for m in 1thread 2thread 2proc; do
	for t in pipe local; do
		ext_case="ext-accounting-vs-strace-$m-$t"
		if ! have strace; then
			skip "$ext_case" "strace not installed"
			continue
		fi
		timeout 60 strace -f -qq -o "$TMPD/strace" \
		    -e trace=pipe,pipe2,socketpair,read,write \
		    "$IPC_STATIC" -B -j -i $t -b 8192 -t 262144 $m \
		    >"$OUT" 2>"$ERR"
		RC=$?
		ext_check "$ext_case" strace "$TMPD/strace"
	done
done
