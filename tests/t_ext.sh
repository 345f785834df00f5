# Extensions beyond the 2017-18 reference (issue 4): -j, -n/-w with the
# summary, -g, -c placement, in-loop accounting checked against strace,
# histogram totals and -f pre-faulting.  Sourced by tests/run.sh.

EXT=$TOP/tests/ext_check.py
NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

# ext_check NAME CHECK ARGS...: run ext_check.py on $OUT for the last run.
ext_check() {
	_n=$1; shift
	if ! have python3; then skip "$_n" "python3 not installed"; return; fi
	if [ "$RC" != 0 ]; then fail "$_n" "exit $RC"; return; fi
	if [ -s "$ERR" ]; then fail "$_n" "stderr not empty"; return; fi
	_why=$(python3 "$EXT" "$@" <"$OUT")
	if [ $? -eq 0 ]; then pass "$_n"; else fail "$_n" "$_why"; fi
}

# field NAME: the value of "  NAME: VALUE" in the last text output.
field() { sed -n "s/^  $1: //p" "$OUT" | head -n 1; }

for b in $BINS; do
	n=$(name "$b")
	for m in 1thread 2thread 2proc; do
		run "$b" -B -j -n 3 -w 1 -b 4096 -t 262144 -i pipe "$m"
		ext_check "ext-json-$m-$n" json 3 1 262144
	done
	run "$b" -B -j -n 2 -i tcp -p "$(port 40)" -b 65536 -t 1048576 2proc
	ext_check "ext-json-tcp-$n" json 2 0 1048576
	run "$b" -B -j -v -n 2 -i local -s -b 8192 -t 65536 2thread
	ext_check "ext-json-v-s-$n" json 2 0 65536
	if have python3; then
		if python3 -c 'import json,sys; j=json.load(sys.stdin)
for k in ("hardware_configuration","os_configuration","network_ipc_configuration"):
    assert k in j, k
d=j["benchmark_samples"][0]; assert d["sndbuf"] > 0 and d["rcvbuf"] > 0' <"$OUT"
		then pass "ext-json-v-has-host-$n"
		else fail "ext-json-v-has-host-$n" "host sections or sndbuf missing"; fi
	fi
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

	# -g: the reference labels, and the 2proc child's usage included.
	run "$b" -B -g -b 4096 -t 65536 2proc
	expect "ext-rusage-fields-$n" 0 "Resource usage:|  stime: [0-9]+\.[0-9]{6} seconds|  utime: [0-9]+\.[0-9]{6} seconds|  minflt: [0-9]+ minor page faults|  majflt: [0-9]+ major page faults|  msgsnd: [0-9]+ messages|  msgrcv: [0-9]+ messages|  nvcsw: [0-9]+ voluntary context switches|  nivcsw: [0-9]+ involuntary context switches|$RATE" ""
	# The sender's buffer faults land in the child in 2proc and in the
	# process itself in 2thread: equal totals mean the child is counted.
	run "$b" -B -g -b 8388608 -t 8388608 2thread
	f2t=$(field minflt | cut -d' ' -f1)
	run "$b" -B -g -b 8388608 -t 8388608 2proc
	f2p=$(field minflt | cut -d' ' -f1)
	if [ -n "$f2t" ] && [ -n "$f2p" ] && [ "$f2t" -gt 2048 ] &&
	    [ $((f2p * 4)) -ge $((f2t * 3)) ]; then
		pass "ext-rusage-2proc-child-counted-$n"
	else
		fail "ext-rusage-2proc-child-counted-$n" "minflt 2proc=$f2p 2thread=$f2t"
	fi

	# -f: the buffers' page faults move out of the measured run.
	run "$b" -B -g -f -b 8388608 -t 8388608 2thread
	ff=$(field minflt | cut -d' ' -f1)
	if [ -n "$ff" ] && [ -n "$f2t" ] && [ $((ff * 4)) -lt "$f2t" ]; then
		pass "ext-prefault-$n"
	else
		fail "ext-prefault-$n" "minflt with -f $ff, without $f2t"
	fi

	# -c: placement is applied and reported.
	run "$b" -B -v -c 0 -b 4096 -t 65536 2thread
	expect "ext-pin-one-cpu-$n" 0 "Benchmark configuration:|  .*|Run details:|  sender cpu: 0 -> 0 \(pinned\)|  receiver cpu: 0 -> 0 \(pinned\)|  [ -].*|.*configuration:|$RATE" ""
	if [ "$NCPU" -ge 2 ]; then
		run "$b" -B -j -c 1,0 -b 4096 -t 65536 2proc
		if [ "$RC" = 0 ] && have python3 && python3 -c 'import json,sys
d=json.load(sys.stdin)["benchmark_samples"][0]
assert (d["sender_cpu_start"], d["sender_cpu_end"]) == (1, 1), d
assert (d["receiver_cpu_start"], d["receiver_cpu_end"]) == (0, 0), d' <"$OUT"
		then pass "ext-pin-apart-$n"
		else fail "ext-pin-apart-$n" "CPUs not as pinned"; fi
	else
		skip "ext-pin-apart-$n" "one CPU"
	fi
	run "$b" -B -c 4095 2thread
	expect "ext-pin-bad-cpu-$n" 71 "" "$n: FAIL: pin to CPU 4095: .*"
	run "$b" -B -j -b 4096 -t 65536 2thread
	if [ "$RC" = 0 ] && have python3 && python3 -c 'import json,sys
n=int(sys.argv[1]); d=json.load(sys.stdin)["benchmark_samples"][0]
for k in ("sender_cpu_start","sender_cpu_end","receiver_cpu_start","receiver_cpu_end"):
    assert 0 <= d[k] < n, (k, d[k])' "$NCPU" <"$OUT"
	then pass "ext-cpus-reported-$n"
	else fail "ext-cpus-reported-$n" "CPU numbers out of range"; fi
done

# In-loop accounting equals what strace counts for that very run.
if have strace && have python3; then
	for m in 1thread 2thread 2proc; do
		for t in pipe local; do
			timeout 60 strace -f -qq -o "$TMPD/strace" \
			    -e trace=pipe,pipe2,socketpair,read,write \
			    "$IPC_STATIC" -B -j -i $t -b 8192 -t 262144 $m \
			    >"$OUT" 2>"$ERR"
			RC=$?
			ext_check "ext-accounting-vs-strace-$m-$t" strace "$TMPD/strace"
		done
	done
else
	skip "ext-accounting-vs-strace" "strace or python3 not installed"
fi
