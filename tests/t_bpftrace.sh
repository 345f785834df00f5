# Tracing scripts (trace/*.bt, trace/*.d, trace/run).  Sourced after
# tests/lib.sh (run/expect/pass/fail/skip, $TOP, $TMPD, $IPC_STATIC, port).
#
# Always (fast, part of `make test`): every .bt has its .d sibling and
# back; each opening comment names its lab question, and each .d the
# DTrace providers it uses, which must cover every probe it declares; no
# script scopes by program name; trace/run's usage errors (64) and its
# "tracer unavailable" exits (69) with cause and fix: no bpftrace, not
# root, no tracefs, a tracer that writes nothing; its stdout closed or
# full (74); and, under a stand-in tracer that runs the command as
# bpftrace -c does, non-UTF-8 arguments and a profile of a file that only
# looks like ELF; its getopt string agrees with ipc/main.c's.
#
# Live (`make check-trace`, which sets IPC_CHECK_TRACE=1; root and
# bpftrace needed, tracefs mounted here when missing): every script in
# every mode and IPC type runs and its JSON parses, with each script's
# own check (bracket: read bytes = write bytes = totalsize; looptime:
# within a loose factor of -v's time:; faults: one per page of the
# receiver's buffer at least, and about 0 with -f;
# sched: switches when pinned; syslat, profile: well-formed), and the
# bracket and looptime of a -l ping-pong in every mode; -n 3 gives
# three runs and -w a warm-up more, marked as one; nothing of trace/run's
# own launcher falls inside a bracket; a concurrent, unrelated ipc-static
# run does not leak in; the benchmark's failure status comes back; the
# bpftrace one-liner of docs/tracing.md works in every mode.
# TCP port offsets 600..699 belong to this file.

TB_SCRIPTS="bracket looptime sched faults profile syslat"
TB_MODES="1thread 2thread 2proc"
TB_TYPES="pipe local tcp"
TB_RUN=$TOP/trace/run
TB_CHECK=$TOP/tests/bpftrace_check.py
TB_PORTN=600
TB_PORT=$(port 600)
TB_B=131072
TB_T=16777216

# tb_port: move to this file's next free TCP test port.
tb_port() {
	next_port $((TB_PORTN + 1))
	TB_PORTN=$NEXT_PORTN
	TB_PORT=$NEXT_PORT
}

# --- static: the pairs, their opening comments, their scope --------------------
# One awk pass over every script prints "CHECK: problem" lines:
#   pairs	a .bt without its .d or back, a missing analysis, an opening
#		comment (up to the first "*/") naming no lab question;
#   providers	a .d without a "Providers:" line in its opening comment, or
#		a probe description ("provider:module:function:" at the
#		start of a line) whose provider that line does not list;
#   scope	a comparison of comm or execname outside comments: the
#		scope is the traced command's process tree, never a name.
awk -v want="$TB_SCRIPTS" '
FNR == 1 {
	f = FILENAME; sub(/.*\//, "", f); seen[f] = 1; head = 1
}
head && /Lab question:/ { q[f] = 1 }
head && /^ \* Providers:/ {
	p = $0; sub(/^ \* Providers: */, "", p); sub(/[.(].*/, "", p)
	gsub(/,/, " ", p); prov[f] = " " p " "
}
head && /\*\// { head = 0 }
f ~ /\.d$/ && /^[a-z_]+:[a-z_0-9]*:[a-z_0-9]*:/ {
	p = $0; sub(/:.*/, "", p); use[f] = use[f] " " p
}
!/^[[:space:]]*(\/?\*|\/\/)/ && /(comm|execname)[[:space:]]*[!=]=/ {
	print "scope: " f " compares comm or execname"
}
END {
	n = split(want, w, " ")
	for (i = 1; i <= n; i++)
		if (!((w[i] ".bt") in seen))
			print "pairs: no " w[i] ".bt"
	for (f in seen) {
		sib = f; if (!sub(/\.bt$/, ".d", sib)) sub(/\.d$/, ".bt", sib)
		if (!(sib in seen))
			print "pairs: " f " has no " sib
		if (!(f in q))
			print "pairs: " f " names no lab question"
		if (f !~ /\.d$/)
			continue
		if (!(f in prov)) {
			print "providers: " f " has no Providers: line"
			continue
		}
		m = split(use[f], u, " ")
		for (i = 1; i <= m; i++)
			if (index(prov[f], " " u[i] " ") == 0)
				print "providers: " f " uses " u[i] \
				    ", not in Providers:" prov[f]
	}
}' "$TOP"/trace/*.bt "$TOP"/trace/*.d >"$TMPD/tb.static" 2>&1
for tb_k in pairs providers scope; do
	tb_why=$(sed -n "s/^$tb_k: //p" "$TMPD/tb.static" | tr '\n' ';')
	if [ -z "$tb_why" ] && ! grep -qv '^[a-z]*: ' "$TMPD/tb.static"; then
		pass "bpftrace-static-$tb_k"
	else
		: >"$OUT"; cp "$TMPD/tb.static" "$ERR"
		fail "bpftrace-static-$tb_k" "${tb_why:-awk failed}"
	fi
done

# --- static: trace/run's usage and "unavailable" exits --------------------------

# Debian's python3 when there is one: it starts fastest (a pyenv shim
# first on PATH can take seconds); the runner needs only the stdlib.
tb_py=
if [ -x /usr/bin/python3 ]; then tb_py=/usr/bin/python3
elif have python3; then tb_py=python3; fi
# --- static: the .d scripts are valid D as far as names go ------------------
# D resolves every identifier when it compiles: a variable read before any
# declaration or assignment, in program order, stops the compiler.  Nobody
# here can run DTrace, so tests/d_check.py checks exactly that rule: on
# every .d, on the DTrace example of docs/tracing.md, and (red) on the
# looptime.d that read run, open, stamps and t_open before assigning them.
tb_dcheck=$TOP/tests/d_check.py
if [ -z "$tb_py" ]; then
	for tb_c in bpftrace-static-d-declared bpftrace-static-d-doc-example \
	    bpftrace-static-d-check-red bpftrace-static-d-check-red-all \
	    bpftrace-static-d-check-rules; do
		skip "$tb_c" "python3 not installed"
	done
else
	run "$tb_py" "$tb_dcheck" "$TOP"/trace/*.d
	expect "bpftrace-static-d-declared" 0 "" ""

	sed -n "/^dtrace -n '\$/,/^  -c '/p" "$TOP/docs/tracing.md" |
	    sed -e '1d' -e '$d' -e "s/' \\\\\$//" >"$TMPD/tb-doc.d"
	if [ -s "$TMPD/tb-doc.d" ]; then
		run "$tb_py" "$tb_dcheck" "$TMPD/tb-doc.d"
		expect "bpftrace-static-d-doc-example" 0 "" ""
	else
		: >"$OUT"; : >"$ERR"
		fail "bpftrace-static-d-doc-example" "no dtrace -n example in docs/tracing.md"
	fi

	# looptime.d as it was: without its declarations.
	tb_old=$TMPD/looptime-undeclared.d
	grep -Ev '^(self )?(int|uint64_t) [a-z_]+;' "$TOP/trace/looptime.d" \
	    >"$tb_old"
	run "$tb_py" "$tb_dcheck" "$tb_old"
	expect "bpftrace-static-d-check-red" 1 \
	    "$tb_old:[0-9]+: (stamps|open|run|t_open) is read before it is declared or assigned" ""
	if [ "$RC" = 1 ] && [ "$(wc -l <"$OUT")" != 4 ]; then
		fail "bpftrace-static-d-check-red-all" "want stamps, open, run and t_open"
	elif [ "$RC" = 1 ]; then
		pass "bpftrace-static-d-check-red-all"
	fi

	# The rule case by case: each script's expected report, or none.
	tb_bad=
	while IFS='|' read -r tb_want tb_src; do
		[ -n "$tb_src" ] || continue
		printf '%s\n' "$tb_src" | tr '~' '\n' >"$TMPD/tb-rule.d"
		tb_got=$("$tb_py" "$tb_dcheck" "$TMPD/tb-rule.d" |
		    sed 's/^[^:]*:\([0-9]*\): \([^ ]*\) .*/\1:\2/' | tr '\n' ' ')
		[ "$tb_got" = "$tb_want" ] ||
		    tb_bad="$tb_bad [$tb_src: got '$tb_got', want '$tb_want']"
	done <<'EOF'
|int x;~a:::b { @c[x] = count(); }
2:x |a:::b { y = 1; }~a:::c /x/ { x = 1; }
1:x |a:::b { x = x + 1; }
1:x |a:::b { x++; }
|a:::b { x = 1; }~a:::c { x++; }
2:self->t |a:::b { @c = count(); }~a:::c /self->t/ { self->t = 0; }
|self int t;~a:::b /self->t/ { self->t = 0; }
2:this->v |a:::b { this->v = 1; }~a:::c { @c = sum(this->v); }
|a:::b { this->v = 1; @c = sum(this->v); }
|a:::b /args[1]->p_pid == $target && execname != "x"/ { @c[probefunc, tid] = max(`hz); }
2:n |a:::b { @c = count(); }~a:::c { trace(n); }~int n;
|BEGIN { n = 0; }~a:::b /n % 2/ { n = stringof(arg0) == "a" ? 1 : 0; }
EOF
	if [ -z "$tb_bad" ]; then
		pass "bpftrace-static-d-check-rules"
	else
		: >"$OUT"; : >"$ERR"
		fail "bpftrace-static-d-check-rules" "$tb_bad"
	fi
fi

if [ -z "$tb_py" ]; then
	skip "bpftrace-run-usage" "python3 not installed"
else
	run "$tb_py" "$TB_RUN"
	expect "bpftrace-run-usage" 64 "" "trace/run: no analysis|usage: .*"
	run env BPFTRACE=/nonexistent/bpftrace "$tb_py" "$TB_RUN" bracket -- true
	expect "bpftrace-run-no-bpftrace" 69 "" \
	    "trace/run: FAIL: /nonexistent/bpftrace not found: install bpftrace \(apt-get install bpftrace\).*"
fi

# Not root: as nobody (the system python, which nobody can run), or as
# ourselves when we are not root.  bpftrace must look present, so point
# BPFTRACE at a stand-in that would fail if it were ever run.  It lives
# in a directory of its own that nobody can reach ($TMPD's parents may
# be private to us).
tb_fakedir=$(mktemp -d "${TMPDIR:-/tmp}/tb-fake.XXXXXX")
chmod 755 "$tb_fakedir"
tb_fake=$tb_fakedir/bpftrace
printf '#!/bin/sh\nexit 99\n' >"$tb_fake"
chmod 755 "$tb_fake"
if [ -z "$tb_py" ]; then
	skip "bpftrace-run-not-root" "python3 not installed"
elif [ "$(id -u)" != 0 ]; then
	run env BPFTRACE="$tb_fake" "$tb_py" "$TB_RUN" bracket -- true
	expect "bpftrace-run-not-root" 69 "" \
	    "trace/run: FAIL: bpftrace needs root: run as root .*"
elif ! have setpriv || [ "$tb_py" != /usr/bin/python3 ]; then
	skip "bpftrace-run-not-root" "needs setpriv and /usr/bin/python3"
else
	chmod 755 "$TMPD"
	run setpriv --reuid=65534 --regid=65534 --clear-groups env \
	    BPFTRACE="$tb_fake" "$tb_py" "$TB_RUN" bracket -- true
	if grep -q 'Permission denied' "$ERR"; then
		skip "bpftrace-run-not-root" "nobody cannot read $TB_RUN"
	else
		expect "bpftrace-run-not-root" 69 "" \
		    "trace/run: FAIL: bpftrace needs root: run as root .*"
	fi
fi

# No tracefs: in a mount namespace of our own, where unmounting it
# touches nobody else.
if [ -z "$tb_py" ]; then
	skip "bpftrace-run-no-tracefs" "python3 not installed"
elif [ "$(id -u)" != 0 ] || ! have unshare; then
	skip "bpftrace-run-no-tracefs" "needs root and unshare"
else
	# shellcheck disable=SC2016 # expanded by the inner shell
	run unshare -m sh -c 'for d in /sys/kernel/debug/tracing \
	    /sys/kernel/tracing /sys/kernel/debug; do
		umount "$d" 2>/dev/null; done
	    [ -d /sys/kernel/tracing/events ] && exit 42
	    BPFTRACE="$1" exec "$2" "$3" bracket -- true' sh \
	    "$tb_fake" "$tb_py" "$TB_RUN"
	if [ "$RC" = 42 ]; then
		skip "bpftrace-run-no-tracefs" "cannot unmount tracefs here"
	else
		expect "bpftrace-run-no-tracefs" 69 "" \
		    "trace/run: FAIL: tracefs is not mounted \(no /sys/kernel/tracing/events\): mount -t tracefs nodev /sys/kernel/tracing"
	fi
fi

# Stdout closed or full: refused before anything runs, or reported at
# the end; 74 either way, with a message, never a traceback.
if [ -z "$tb_py" ]; then
	skip "bpftrace-run-stdout-closed" "python3 not installed"
else
	timeout -k 5 60 env BPFTRACE="$tb_fake" "$tb_py" "$TB_RUN" bracket -- \
	    true >&- 2>"$ERR"
	RC=$?
	: >"$OUT"
	expect "bpftrace-run-stdout-closed" 74 "" \
	    "trace/run: FAIL: stdout: Bad file descriptor: nowhere to print to"
fi

# trace/run's copy of ipc-static's getopt string (to find -w).
tb_want=$(sed -n 's/.*IPC_OPTSTRING_PREFIX ":\([^"]*\)".*/\1/p' \
    "$TOP/ipc/main.c")
tb_got=$(sed -n 's/^IPC_OPTSTRING = "\([^"]*\)"$/\1/p' "$TB_RUN")
if [ -n "$tb_want" ] && [ "$tb_want" = "$tb_got" ]; then
	pass "bpftrace-run-optstring"
else
	: >"$OUT"; : >"$ERR"
	fail "bpftrace-run-optstring" "trace/run has '$tb_got', ipc/main.c '$tb_want'"
fi

# A stand-in for bpftrace that attaches nothing but says it did, and runs
# the -c command as bpftrace 0.17 does (split at blanks): trace/run's own
# handling of the command, its arguments and its output, without BPF.
# trace/run still wants root and tracefs first.
tb_stand=$tb_fakedir/standin
cat >"$tb_stand" <<'EOF'
#!/bin/sh
while [ $# -gt 1 ]; do
	case $1 in -o) o=$2; shift ;; -c) c=$2; shift ;; esac
	shift
done
echo '{"type": "attached_probes", "data": {"probes": 1}}' >"$o"
$c
EOF
chmod 755 "$tb_stand"
if [ -z "$tb_py" ]; then
	tb_swhy="python3 not installed"
elif [ "$(id -u)" != 0 ]; then
	tb_swhy="trace/run wants root before it runs any tracer"
elif [ ! -d /sys/kernel/tracing/events/syscalls ] &&
    [ ! -d /sys/kernel/debug/tracing/events/syscalls ]; then
	tb_swhy="tracefs is not mounted"
else
	tb_swhy=
fi
for tb_c in bpftrace-run-false bpftrace-run-stdout-full \
    bpftrace-run-non-utf8 bpftrace-run-non-utf8-json \
    bpftrace-run-profile-short-elf; do
	[ -z "$tb_swhy" ] || skip "$tb_c" "$tb_swhy"
done
if [ -z "$tb_swhy" ]; then
	# A tracer that writes no output at all: unavailable, 69.
	run env BPFTRACE=/bin/false "$tb_py" "$TB_RUN" bracket -- true
	expect "bpftrace-run-false" 69 "" \
	    "trace/run: FAIL: /bin/false wrote no bpftrace output \(exit 1; .*\): it is not a working bpftrace; install bpftrace or set BPFTRACE to its path"

	timeout -k 5 60 env BPFTRACE="$tb_stand" "$tb_py" "$TB_RUN" \
	    looptime -- true >/dev/full 2>"$ERR"
	RC=$?
	: >"$OUT"
	expect "bpftrace-run-stdout-full" 74 "" \
	    "trace/run: FAIL: stdout: No space left on device"

	# A byte that is not UTF-8 reaches the command as it is; trace/run
	# shows it as \xff.
	tb_ff=$(printf '\377')
	run env BPFTRACE="$tb_stand" "$tb_py" "$TB_RUN" looptime -- \
	    printf '%s\n' "a${tb_ff}b"
	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
	    [ "$(head -n 1 "$OUT")" = "a${tb_ff}b" ] &&
	    [ "$(sed -n 2p "$OUT")" = "# trace/run looptime: printf '%s\n' 'a\xffb'" ]; then
		pass "bpftrace-run-non-utf8"
	else
		fail "bpftrace-run-non-utf8" "exit $RC; want the byte passed through and shown as \\xff"
	fi
	run env BPFTRACE="$tb_stand" "$tb_py" "$TB_RUN" --json looptime -- \
	    printf '%s\n' "a${tb_ff}b"
	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && "$tb_py" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["command"] == ["printf", "%s\\n", "a\\xffb"], d["command"]
assert d["stdout"] == "a\ufffdb\n", repr(d["stdout"])
assert d["runs"] == [] and d["status"] == 0 and d["warmups"] is None, d
' "$OUT" 2>"$TMPD/tb.why"; then
		pass "bpftrace-run-non-utf8-json"
	else
		fail "bpftrace-run-non-utf8-json" "exit $RC; $(tail -n 1 "$TMPD/tb.why")"
	fi

	# profile reads the symbols of the command's file: four bytes that
	# only look like ELF have none, and the command's own failure (it
	# cannot be executed) comes back.
	tb_elf=$tb_fakedir/elf4
	printf '\177ELF' >"$tb_elf"
	chmod 755 "$tb_elf"
	run env BPFTRACE="$tb_stand" "$tb_py" "$TB_RUN" profile -- "$tb_elf"
	if [ "$RC" != 0 ] && [ "$RC" != 1 ] && ! grep -q Traceback "$ERR" &&
	    [ "$(tail -n 1 "$ERR")" = "trace/run: the command exited $RC" ] &&
	    grep -q '^no run: ' "$OUT"; then
		pass "bpftrace-run-profile-short-elf"
	else
		fail "bpftrace-run-profile-short-elf" "exit $RC; want the command's failure, no traceback"
	fi
fi
rm -rf "$tb_fakedir"

# --- live ----------------------------------------------------------------------

tb_live=
tb_why=$(live_trace_why)
if [ -n "$tb_why" ]; then
	:
elif [ -z "$tb_py" ]; then
	tb_why="python3 not installed"
elif ! timeout 60 bpftrace -e 'tracepoint:syscalls:sys_enter_getpid { exit(); }' \
    -c /bin/true >/dev/null 2>&1; then
	tb_why="bpftrace cannot attach a tracepoint here"
else
	tb_live=1
fi

# tb_trace CASE CHECK RUNS CHECKARGS -- NAME BENCHARGS...: trace one
# ipc-static run with trace/run --json and judge it.
tb_trace() {
	_tc=$1 _tk=$2 _tn=$3 _ta=$4
	shift 5
	_tname=$1
	shift
	run "$tb_py" "$TB_RUN" --json "$_tname" -- "$IPC_STATIC" "$@"
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		expect "$_tc" 0 ".*" ""
		return
	fi
	# shellcheck disable=SC2086 # CHECKARGS is a word list
	if "$tb_py" "$TB_CHECK" "$OUT" "$_tk" "$_tn" $_ta >"$TMPD/tb.why"; then
		pass "$_tc"
	else
		fail "$_tc" "$(tr '\n' ';' <"$TMPD/tb.why")"
	fi
}

if [ -z "$tb_live" ]; then
	skip "bpftrace-live" "$tb_why"
else
	# Every script x mode x IPC type.
	for tb_m in $TB_MODES; do
		for tb_ty in $TB_TYPES; do
			tb_port
			tb_args="-B -i $tb_ty -p $TB_PORT"
			tb_c="$tb_m-$tb_ty"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-bracket-$tb_c" bytes 1 "$TB_T" -- \
			    bracket $tb_args -q "$tb_m"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-looptime-$tb_c" looptime 1 "" -- \
			    looptime $tb_args -v "$tb_m"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-sched-$tb_c" runs 1 "" -- \
			    sched $tb_args -q "$tb_m"
			# First pass through untouched buffers: a fault per page
			# of the receiver's buffer at least.
			# shellcheck disable=SC2086
			tb_trace "bpftrace-faults-$tb_c" faults 1 $((TB_B / 4096)) -- \
			    faults $tb_args -q "$tb_m"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-faults-prefaulted-$tb_c" prefaulted 1 \
			    "$tb_m $((TB_B / 4096))" -- faults $tb_args -q -f "$tb_m"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-profile-$tb_c" profile 1 0 -- \
			    profile $tb_args -q "$tb_m"
			# shellcheck disable=SC2086
			tb_trace "bpftrace-syslat-$tb_c" syslat 1 "" -- \
			    syslat $tb_args -q "$tb_m"
		done
	done

	# sched: a pinned 2thread run must switch between its two threads.
	for tb_ty in $TB_TYPES; do
		tb_port
		tb_trace "bpftrace-sched-pinned-2thread-$tb_ty" switches 1 "" -- \
		    sched -B -q -c 0 -i "$tb_ty" -p "$TB_PORT" 2thread
	done

	# profile: a long run gets samples, and they fold.
	tb_trace "bpftrace-profile-samples" profile 1 20 -- \
	    profile -B -q -t 536870912 2thread

	# -l: a ping-pong's bracket (both stamps in the first side; both
	# sides read and write, 2 x totalsize each way) and its looptime.
	for tb_m in $TB_MODES; do
		tb_trace "bpftrace-bracket-latency-$tb_m" bytes 1 8000 -- \
		    bracket -B -q -l -b 4 -t 4000 -i pipe "$tb_m"
		tb_trace "bpftrace-looptime-latency-$tb_m" looptime 1 "" -- \
		    looptime -B -v -l -b 4 -t 40000 -i pipe "$tb_m"
	done

	# -n 3: three runs, each whole; with -w 1 a fourth, the warm-up.
	for tb_n in $TB_SCRIPTS; do
		case $tb_n in
		bracket)	tb_k=bytes tb_a=$TB_T ;;
		faults)		tb_k=runs tb_a= ;;
		*)		tb_k=runs tb_a= ;;
		esac
		tb_trace "bpftrace-$tb_n-n3-2proc" "$tb_k" 3 "$tb_a" -- \
		    "$tb_n" -B -q -n 3 2proc
	done
	tb_trace "bpftrace-looptime-n3-w1-2thread" looptime 4 "" -- \
	    looptime -B -v -n 3 -w 1 2thread
	tb_trace "bpftrace-bracket-n3-w1-1thread" bytes 4 "$TB_T" -- \
	    bracket -B -q -n 3 -w 1 1thread

	# An unrelated ipc-static, same name, running all along with other
	# sizes: nothing of it may appear (no extra run, no extra byte).
	timeout -k 5 120 "$IPC_STATIC" -B -q -n 100000 -b 4096 -t 65536 2proc \
	    >/dev/null 2>&1 </dev/null &
	tb_bg=$!
	timeout -k 5 120 "$IPC_DYNAMIC" -B -q -n 100000 -b 4096 -t 65536 2thread \
	    >/dev/null 2>&1 </dev/null &
	tb_bg2=$!
	sleep 0.2
	tb_trace "bpftrace-leak-bracket-2proc" bytes 2 "$TB_T" -- \
	    bracket -B -q -n 2 2proc
	tb_trace "bpftrace-leak-looptime-2thread" runs 2 "" -- \
	    looptime -B -q -n 2 2thread
	tb_trace "bpftrace-leak-syslat-1thread" syslat 2 "" -- \
	    syslat -B -q -n 2 1thread
	kill "$tb_bg" "$tb_bg2" 2>/dev/null
	wait "$tb_bg" "$tb_bg2" 2>/dev/null

	run "$tb_py" "$TB_RUN" nosuch -- true
	expect "bpftrace-run-usage-name" 64 "" \
	    "trace/run: unknown analysis 'nosuch'|usage: .*"
	run "$tb_py" "$TB_RUN" bracket true
	expect "bpftrace-run-usage-dashdash" 64 "" \
	    "trace/run: expected -- before the command|usage: .*"

	# The benchmark's failure comes back: its status and its message.
	run "$tb_py" "$TB_RUN" bracket -- "$IPC_STATIC" -B -q -b 7 -t 100 2thread
	expect "bpftrace-run-status" 64 \
	    "# trace/run bracket: .*|no run: the command took no start stamp \(clock_gettime\)" \
	    "ipc-static: FAIL: data size \(100\) is not a multiple of buffersize \(7\)|trace/run: the command exited 64"

	# Human-readable output: one block per run, a warm-up marked.
	run "$tb_py" "$TB_RUN" looptime -- "$IPC_STATIC" -B -q -n 2 2thread
	expect "bpftrace-run-text" 0 \
	    "# trace/run looptime: .*|run [12] \(start stamp: tid [0-9]+, end stamp: tid [0-9]+\)|  loop time: 0\.[0-9]{9} s" ""
	run "$tb_py" "$TB_RUN" looptime -- "$IPC_STATIC" -B -q -n 1 -w 1 2thread
	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
	    grep -Eq '^run 1 \(warm-up, discarded by -w; start stamp: tid [0-9]+, end stamp: tid [0-9]+\)$' "$OUT" &&
	    grep -Eq '^run 2 \(start stamp: tid [0-9]+, end stamp: tid [0-9]+\)$' "$OUT"; then
		pass "bpftrace-run-text-warmup"
	else
		fail "bpftrace-run-text-warmup" "exit $RC; want run 1 marked a warm-up, run 2 not"
	fi

	# Nothing of trace/run's own runs while the command does: its
	# launcher lets the command go only once it sleeps in its wait, so
	# no call of the launcher falls inside a bracket.  Sampled: 8
	# commands of 20 short runs each per mode.
	tb_i=0
	while [ "$tb_i" -lt 8 ]; do
		tb_i=$((tb_i + 1))
		tb_trace "bpftrace-run-launcher-outside-1thread-$tb_i" \
		    only 20 read,write,poll -- bracket -B -q -n 20 -b 65536 \
		    -t 1048576 1thread
		tb_trace "bpftrace-run-launcher-outside-2thread-$tb_i" never 20 \
		    wait4,waitid,rt_sigsuspend,openat,dup2,fcntl,exit_group -- \
		    bracket -B -q -n 20 -b 65536 -t 1048576 2thread
	done

	# The one-liner of docs/tracing.md, in every mode: its read()
	# histogram must hold every read of the transfer (at least
	# totalsize / buffersize).
	tb_prog=$TMPD/tb-oneliner.bt
	sed -n "/^bpftrace -e '\$/,/^END .*' -c '/p" "$TOP/docs/tracing.md" |
	    sed -e '1d' -e "s/' -c '.*//" >"$tb_prog"
	for tb_m in $TB_MODES; do
		if [ ! -s "$tb_prog" ]; then
			: >"$OUT"; : >"$ERR"
			fail "bpftrace-readme-oneliner-$tb_m" "no one-liner in docs/tracing.md"
			continue
		fi
		run bpftrace -c "$IPC_STATIC -B -q $tb_m" "$tb_prog"
		tb_reads=$(sed -n 's/^[[(][^])]*[])][[:space:]]*\([0-9][0-9]*\) |.*/\1/p' \
		    "$OUT" | awk '{ s += $1 } END { print s + 0 }')
		if [ "$RC" = 0 ] && [ "$tb_reads" -ge $((TB_T / TB_B)) ]; then
			pass "bpftrace-readme-oneliner-$tb_m"
		else
			fail "bpftrace-readme-oneliner-$tb_m" \
			    "exit $RC, $tb_reads reads in the histogram"
		fi
	done
fi
