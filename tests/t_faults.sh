# Fault tests: a TCP port in use, a listener elsewhere left alone, a second
# instance on the same port, a stray connection, peer death both ways in
# 2proc, stdout on /dev/full or closed, and an allocation that cannot
# succeed.  Run by tests/run.sh after tests/lib.sh (run/expect/pass/fail/
# skip, $BINS, $BINS_FULL, $OUT, $ERR, $RC, $TMPD, next_port, now_ms,
# child_of).  Every run is bounded by a timeout, and every background
# process started here is waited for or killed by its pid.  ipc-dynamic
# gets what goes through interposable libc calls: stdout on /dev/full or
# closed, the allocation that fails, and a stray client (lib.sh explains
# the subset).

TF_MODES="1thread 2thread 2proc"
TF_TYPES="pipe local tcp"
TF_NET=$TOP/tests/netutil.py
# Port offsets 200..299 belong to this file.
TF_PORTN=200
TF_PORT=$(port 200)

# tf_port [TYPE]: for TCP (the default), move to this file's next free
# test port; other types keep the current one.
tf_port() {
	[ "${1:-tcp}" = tcp ] || return 0
	next_port $((TF_PORTN + 1))
	TF_PORTN=$NEXT_PORTN
	TF_PORT=$NEXT_PORT
}

# tf_wait_file FILE [SECONDS]: wait up to SECONDS (default 5) for FILE to
# exist.
tf_wait_file() {
	_wi=0
	while [ ! -e "$1" ] && [ "$_wi" -lt $((${2:-5} * 20)) ]; do
		sleep 0.05
		_wi=$((_wi + 1))
	done
	[ -e "$1" ]
}

# tf_age_ms PID: how long ago PID started, in ms, from /proc (Linux);
# nothing where that cannot be read (the caller then judges the run).
tf_age_ms() {
	_ag_tck=$(getconf CLK_TCK 2>/dev/null)
	_ag_start=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
	_ag_up=$(cut -d' ' -f1 /proc/uptime 2>/dev/null)
	case "$_ag_tck:$_ag_start:$_ag_up" in
	*[!0-9.:]* | :* | *::* | *:) return 0 ;;
	esac
	awk -v t="$_ag_tck" -v s="$_ag_start" -v u="$_ag_up" \
	    'BEGIN { printf "%d\n", u * 1000 - s * 1000 / t }'
}

# tf_lines_ok FILE ERE: FILE is empty or every line matches ERE.
tf_lines_ok() {
	[ ! -s "$1" ] || ! grep -Evq -- "^($2)\$" "$1"
}

# tf_rate NAME: the last run exited 0 with exactly one rate line on stdout
# and nothing on stderr.
tf_rate() {
	if [ "$RC" = 0 ] && [ "$(wc -l <"$OUT")" -ne 1 ]; then
		fail "$1" "stdout has $(wc -l <"$OUT") lines, want 1"
		return
	fi
	expect "$1" 0 "$RATE" ""
}

# tf_bind_busy NAME BIN PORT: the last run failed cleanly on a busy port:
# exit 71, empty stdout, and a FAIL line naming bind, the port and EADDRINUSE.
tf_bind_busy() {
	_bn=$(name "$2")
	if [ "$RC" != 71 ]; then fail "$1" "exit $RC, want 71"; return; fi
	if [ -s "$OUT" ]; then fail "$1" "stdout not empty"; return; fi
	if ! _match "$ERR" "$_bn: FAIL: .*"; then
		fail "$1" "stderr lines are not '$_bn: FAIL: ...'"; return
	fi
	if ! grep -q 'bind' "$ERR" || ! grep -q "$3" "$ERR" ||
	    ! grep -q 'Address already in use' "$ERR"; then
		fail "$1" "stderr does not name bind, port $3 and 'Address already in use'"
		return
	fi
	pass "$1"
}

# --- a port in use; a listener elsewhere is left alone ------------------------

if have python3; then
	tf_port
	tf_hport=$TF_PORT
	rm -f "$TMPD/hold.ready" "$TMPD/hold.count"
	python3 "$TF_NET" hold "$tf_hport" "$TMPD/hold.ready" "$TMPD/hold.count" 60 \
	    </dev/null >/dev/null 2>&1 &
	tf_hold=$!
	if ! tf_wait_file "$TMPD/hold.ready"; then
		: >"$OUT"; : >"$ERR"
		fail "faults-port-holder" "the python listener on port $tf_hport did not start"
		kill "$tf_hold" 2>/dev/null
		wait "$tf_hold"
	else
		for b in $BINS_FULL; do
			n=$(name "$b")
			for m in $TF_MODES; do
				run "$b" -B -b 4096 -t 65536 -i tcp -p "$tf_hport" "$m"
				tf_bind_busy "faults-port-in-use-$m-$n" "$b" "$tf_hport"
			done
		done
		# Runs on other ports succeed beside the foreign listener...
		for m in $TF_MODES; do
			tf_port
			run "$IPC_STATIC" -B -b 4096 -t 65536 -i tcp -p "$TF_PORT" "$m"
			tf_rate "faults-other-listener-$m"
		done
		# ...which still listens and has seen exactly one connection,
		# our probe: no run ever connected to it.
		python3 "$TF_NET" probe "$tf_hport" </dev/null >"$OUT" 2>"$ERR"
		tf_probe=$?
		kill -TERM "$tf_hold" 2>/dev/null
		wait "$tf_hold"
		tf_count=$(cat "$TMPD/hold.count" 2>/dev/null)
		if [ "$tf_probe" = 0 ] && [ "$tf_count" = 1 ]; then
			pass "faults-foreign-listener-untouched"
		else
			fail "faults-foreign-listener-untouched" \
			    "probe exit $tf_probe, listener accepted '$tf_count' connections, want 0 and 1"
		fi
	fi
else
	for b in $BINS_FULL; do
		for m in $TF_MODES; do
			skip "faults-port-in-use-$m-$(name "$b")" "no python3"
		done
	done
	for m in $TF_MODES; do
		skip "faults-other-listener-$m" "no python3"
	done
	skip "faults-foreign-listener-untouched" "no python3"
fi

# --- two instances on one port at once ----------------------------------------
# Whichever binds second while the first still listens must fail cleanly
# (71, bind, EADDRINUSE); otherwise both complete.  Never a hang, a crash,
# or a run that talks to the other instance.

tf_port
tf_ok=0 tf_busy=0 tf_bad=
# tf_instance I: one run on $TF_PORT in the background, results in cc.I.*.
tf_instance() {
	(
		timeout -k 5 20 "$IPC_STATIC" -B -b 4096 -t 65536 -i tcp \
		    -p "$TF_PORT" 2thread >"$TMPD/cc.$1.out" \
		    2>"$TMPD/cc.$1.err" </dev/null
		echo $? >"$TMPD/cc.$1.rc"
	) &
}
for tf_round in 1 2 3 4 5 6 7 8; do
	tf_instance 1
	tf_cc1=$!
	tf_instance 2
	tf_cc2=$!
	wait "$tf_cc1"
	wait "$tf_cc2"
	for tf_i in 1 2; do
		cp "$TMPD/cc.$tf_i.out" "$OUT"
		cp "$TMPD/cc.$tf_i.err" "$ERR"
		RC=$(cat "$TMPD/cc.$tf_i.rc")
		if [ "$RC" = 0 ] && _match "$OUT" "$RATE" && [ ! -s "$ERR" ]; then
			tf_ok=$((tf_ok + 1))
		elif [ "$RC" = 71 ] && [ ! -s "$OUT" ] &&
		    _match "$ERR" "ipc-static: FAIL: .*" &&
		    grep -q 'Address already in use' "$ERR"; then
			tf_busy=$((tf_busy + 1))
		else
			tf_bad="round $tf_round instance $tf_i: exit $RC"
			break 2
		fi
	done
done
if [ -z "$tf_bad" ]; then
	pass "faults-two-instances-one-port" "$tf_ok completed, $tf_busy refused"
else
	fail "faults-two-instances-one-port" "$tf_bad"
fi

# --- a stray connection and a second instance, made deterministic ------------
# strace delays the benchmark's own connect() by 4 s, so its listener is
# open for that long: a stray client, already running and trying every
# 5 ms, connects first (and so is first in the accept queue), and a second
# instance tries the same port.  The second must fail cleanly; the first
# must either reject the stray and complete, or fail cleanly (71), and the
# stray must receive no benchmark data.  The cases run side by side, each
# on its own port, so that their delays overlap; 4 s leaves room for the
# second instances, one after another, on a slow (sanitizer) build.

tf_strace_ok=
if have strace && have python3 && strace -qq -o /dev/null true 2>/dev/null; then
	tf_strace_ok=1
fi
tf_strays=
for b in $BINS_FULL; do
	for m in $TF_MODES; do
		tf_strays="$tf_strays $(name "$b"),$m"
	done
done
in_full "$IPC_DYNAMIC" || tf_strays="$tf_strays ipc-dynamic,2thread"
if [ -n "$tf_strace_ok" ]; then
	# The stray clients first, each ready to connect before its benchmark
	# starts listening, whatever python's start-up costs.
	for tf_s in $tf_strays; do
		tf_port
		echo "$TF_PORT" >"$TMPD/stray.$tf_s.port"
		rm -f "$TMPD/stray.$tf_s.ready"
		python3 "$TF_NET" stray "$TF_PORT" "$TMPD/stray.$tf_s.conn" \
		    "$TMPD/stray.$tf_s.count" 15 "$TMPD/stray.$tf_s.ready" \
		    </dev/null >/dev/null 2>&1 &
		echo $! >"$TMPD/stray.$tf_s.pid"
	done
	for tf_s in $tf_strays; do
		tf_wait_file "$TMPD/stray.$tf_s.ready" 15
	done
	for tf_s in $tf_strays; do
		n=${tf_s%,*} m=${tf_s#*,}
		(
			timeout -k 5 30 strace -f -qq -o /dev/null -e trace=connect \
			    -e inject=connect:delay_enter=4000000 \
			    "$TOP/ipc/$n" -B -b 4096 -t 65536 -i tcp \
			    -p "$(cat "$TMPD/stray.$tf_s.port")" "$m" \
			    >"$TMPD/a.$tf_s.out" 2>"$TMPD/a.$tf_s.err" </dev/null
			echo $? >"$TMPD/a.$tf_s.rc"
		) &
		echo $! >"$TMPD/a.$tf_s.pid"
	done
fi
for tf_s in $tf_strays; do
	n=${tf_s%,*} m=${tf_s#*,}
	if [ -z "$tf_strace_ok" ]; then
		skip "faults-second-instance-$m-$n" "strace (with ptrace) or python3 missing"
		skip "faults-stray-$m-$n" "strace (with ptrace) or python3 missing"
		continue
	fi
	tf_sport=$(cat "$TMPD/stray.$tf_s.port")
	if tf_wait_file "$TMPD/stray.$tf_s.conn"; then
		run "$TOP/ipc/$n" -B -b 4096 -t 65536 -i tcp -p "$tf_sport" "$m"
		tf_bind_busy "faults-second-instance-$m-$n" "$TOP/ipc/$n" "$tf_sport"
	else
		: >"$OUT"; : >"$ERR"
		fail "faults-second-instance-$m-$n" "the stray client never connected to port $tf_sport"
	fi
done
for tf_s in $tf_strays; do
	[ -n "$tf_strace_ok" ] || break
	n=${tf_s%,*} m=${tf_s#*,}
	wait "$(cat "$TMPD/a.$tf_s.pid")"
	wait "$(cat "$TMPD/stray.$tf_s.pid")"
	cp "$TMPD/a.$tf_s.out" "$OUT"
	cp "$TMPD/a.$tf_s.err" "$ERR"
	RC=$(cat "$TMPD/a.$tf_s.rc" 2>/dev/null)
	tf_got=$(cat "$TMPD/stray.$tf_s.count" 2>/dev/null)
	if [ "$tf_got" != 0 ]; then
		fail "faults-stray-$m-$n" "the stray connection received '$tf_got' bytes, want 0"
	elif [ "$RC" = 71 ]; then
		expect "faults-stray-$m-$n" 71 "" "$n: FAIL: .*"
	else
		tf_rate "faults-stray-$m-$n"
	fi
done

# --- peer death in 2proc ------------------------------------------------------

# tf_peer_death WHO BIN TYPE BARE: start a 2proc run, kill WHO (child or
# parent) with SIGKILL, and judge what is left.  Bare runs move 1 GiB in
# 16-byte writes, so the kill lands mid-transfer; non-bare runs move a
# little after the child's 1 s sleep, so the kill lands in that sleep.
tf_peer_death() {
	_pw=$1 _pb=$2 _py=$3 _pbare=$4
	_pn=$(name "$_pb")
	_pc="faults-kill-$_pw-2proc-$_py-$_pn"
	[ "$_pbare" = 1 ] || _pc="$_pc-nonbare"
	tf_port "$_py"
	if [ "$_pbare" = 1 ]; then
		set -- -B -b 16 -t 1073741824
	else
		set -- -b 4096 -t 1048576
	fi
	_ptry=0
	while :; do
		_ptry=$((_ptry + 1))
		timeout -k 5 30 "$_pb" "$@" -i "$_py" -p "$TF_PORT" 2proc \
		    >"$OUT" 2>"$ERR" </dev/null &
		_pt=$!
		_pp=$(child_of "$_pt")
		if [ -z "$_pp" ] || ! _pk=$(child_of "$_pp"); then
			kill -KILL "$_pt" "$_pp" 2>/dev/null
			wait "$_pt"
			fail "$_pc" "no 2proc child appeared"
			return
		fi
		# Non-bare, the kill must land in the child's first 1 s sleep,
		# which starts at its fork (the parent's own settle second
		# comes before it, so it is the child's age that counts).  On a
		# machine so loaded that finding the child took half of that,
		# let the run finish and start again (three tries) rather than
		# judge a late kill.
		[ "$_pbare" = 1 ] || [ "$_ptry" -ge 3 ] && break
		_page=$(tf_age_ms "$_pk")
		[ -z "$_page" ] || [ "$_page" -lt 500 ] && break
		wait "$_pt"
	done
	[ "$_pbare" = 1 ] && sleep 0.3
	if [ "$_pw" = child ]; then
		_p0=$(now_ms)
		kill -KILL "$_pk"
		wait "$_pt"
		RC=$?
		_pms=$(($(now_ms) - _p0))
		if [ "$_pms" -gt 3000 ]; then
			fail "$_pc" "the parent took $_pms ms to exit after its child died"
		elif [ "$RC" = 0 ] || [ "$RC" -ge 124 ]; then
			fail "$_pc" "parent exit $RC, want a clean failure (1..123)"
		elif [ "$_pbare" = 1 ]; then
			# EOF in the middle of the loop is an I/O failure.
			expect "$_pc" 74 "" "$_pn: .*"
		else
			expect "$_pc" "$RC" "" "$_pn: .*"
		fi
		return
	fi
	kill -KILL "$_pp"
	if ! wait_gone "$_pk" 25; then
		kill -KILL "$_pk" 2>/dev/null
		wait "$_pt"
		fail "$_pc" "the child (pid $_pk) still runs 2.5 s after its parent died"
		return
	fi
	wait "$_pt"
	if [ -s "$OUT" ]; then
		fail "$_pc" "something printed on stdout"
	elif ! tf_lines_ok "$ERR" "$_pn: .*"; then
		fail "$_pc" "stderr lines are not '$_pn: ...'"
	else
		pass "$_pc"
	fi
}

for b in $BINS_FULL; do
	for ty in $TF_TYPES; do
		tf_peer_death child "$b" "$ty" 1
		tf_peer_death parent "$b" "$ty" 1
	done
done
tf_peer_death child "$IPC_STATIC" pipe 0
tf_peer_death parent "$IPC_STATIC" pipe 0

# --- stdout on /dev/full, stdout closed -----------------------------------------

if [ -w /dev/full ]; then
	for b in $BINS; do
		n=$(name "$b")
		for m in $TF_MODES; do
			timeout -k 5 "$RUN_TIMEOUT" "$b" -B -b 4096 -t 65536 "$m" \
			    >/dev/full 2>"$ERR" </dev/null
			RC=$?
			: >"$OUT"
			expect "faults-devfull-$m-$n" 74 "" "$n: FAIL: stdout.*"
		done
		timeout -k 5 "$RUN_TIMEOUT" "$b" -B -v -b 4096 -t 65536 2proc \
		    >/dev/full 2>"$ERR" </dev/null
		RC=$?
		: >"$OUT"
		expect "faults-devfull-verbose-$n" 74 "" "$n: FAIL: stdout.*"
	done
else
	skip "faults-devfull" "no writable /dev/full"
fi

# With fd 1 closed, the IPC objects may be given fd 1; the rate line must
# not end up in them and the exit must say the output failed.
for b in $BINS; do
	n=$(name "$b")
	for m in $TF_MODES; do
		for ty in $TF_TYPES; do
			tf_port "$ty"
			timeout -k 5 "$RUN_TIMEOUT" "$b" -B -b 4096 -t 65536 \
			    -i "$ty" -p "$TF_PORT" "$m" >&- 2>"$ERR" </dev/null
			RC=$?
			: >"$OUT"
			if [ "$RC" = 0 ] || [ "$RC" -ge 124 ]; then
				fail "faults-stdout-closed-$m-$ty-$n" "exit $RC, want a clean failure (1..123)"
			else
				expect "faults-stdout-closed-$m-$ty-$n" "$RC" "" "$n: .*"
			fi
		done
	done
done

# --- an allocation that cannot succeed ------------------------------------------

# Linux's default heuristic overcommit (0) refuses a single 1 TiB mapping
# beyond RAM + swap; mode 1, or another kernel's lazier policy, may grant it.
if [ "$(uname -s)" != Linux ]; then
	skip "faults-huge-allocation" "only Linux is known to refuse 1 TiB up front"
elif [ "$(cat /proc/sys/vm/overcommit_memory 2>/dev/null)" = 1 ]; then
	skip "faults-huge-allocation" "vm.overcommit_memory=1 lets 1 TiB succeed"
else
	for b in $BINS; do
		n=$(name "$b")
		for m in $TF_MODES; do
			run "$b" -B -b 1099511627776 -t 1099511627776 "$m"
			# 32-bit: 1 TiB is beyond SSIZE_MAX, a usage error.
			if [ "$(getconf LONG_BIT)" = 32 ]; then
				expect "faults-huge-allocation-$m-$n" 64 "" ".*"
			else
				expect "faults-huge-allocation-$m-$n" 71 "" "$n: FAIL: .*"
			fi
		done
	done
fi
