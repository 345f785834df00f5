# Core integration tests: usage text and usage errors, the "not a multiple"
# check, the mode x IPC type matrix on both binaries, the shape of -v and
# -q output, -s, odd sizes, linkage, and a non-bare run.  Run by
# tests/run.sh after tests/lib.sh (run/expect/pass/fail/skip, $BINS,
# $BINS_FULL, $OUT, $ERR, $RC, $TMPD, port).  Every case judges exit
# status, stdout and stderr.  Rates are never compared with anything: only
# the shape of the line.  ipc-dynamic gets the golden usage text, the
# usage errors that libc's getopt diagnoses, one run per mode x type and a
# non-bare run (lib.sh explains the subset).

TC_GOLDEN=$TOP/tests/golden/usage.txt
TC_MODES="1thread 2thread 2proc"
TC_TYPES="pipe local tcp"
# Port offsets 100..199 belong to this file.
TC_PORTN=100
TC_PORT=$(port 100)

# tc_port [TYPE]: for TCP (the default), move to this file's next free
# test port; other types keep the current one.
tc_port() {
	[ "${1:-tcp}" = tcp ] || return 0
	next_port $((TC_PORTN + 1))
	TC_PORTN=$NEXT_PORTN
	TC_PORT=$NEXT_PORT
}

TC_USAGE_LINES=$(wc -l <"$TC_GOLDEN")

# tc_usage_want BIN: the file holding the expected usage text of BIN.
tc_usage_want() {
	_uw=$TMPD/usage.want.${1##*/}
	[ -f "$_uw" ] || sed "s/PROG/${1##*/}/g" "$TC_GOLDEN" >"$_uw"
	echo "$_uw"
}

# tc_expect_usage NAME BIN: the last run printed the usage text and nothing
# else on stdout, exit 64.  Diagnostic lines ("PROG: ...", or from glibc
# getopt "argv[0]: ...", argv[0] as invoked) may precede the text, at most
# two of them; the text itself must be the golden one byte for byte, and
# last.
tc_expect_usage() {
	_tn=$1 _tp=${2##*/}
	if [ "$RC" != 64 ]; then fail "$_tn" "exit $RC, want 64"; return; fi
	if [ -s "$OUT" ]; then fail "$_tn" "stdout not empty"; return; fi
	_tuw=$(tc_usage_want "$2")
	_tw=$TC_USAGE_LINES
	_te=$(wc -l <"$ERR")
	_tx=$((_te - _tw))
	if [ "$_tx" -lt 0 ] || [ "$_tx" -gt 2 ]; then
		fail "$_tn" "stderr has $_te lines, want the $_tw usage lines (+0..2 diagnostics)"
		return
	fi
	_tug=$ERR
	if [ "$_tx" -gt 0 ]; then
		tail -n "$_tw" "$ERR" >"$TMPD/usage.got"
		_tug=$TMPD/usage.got
	fi
	if ! cmp -s "$_tug" "$_tuw"; then
		fail_diff "$_tn" "stderr does not end with the usage text" \
		    "$_tuw" "$_tug"
		return
	fi
	if [ "$_tx" -gt 0 ] &&
	    head -n "$_tx" "$ERR" | grep -Evq "^(.*/)?$_tp: "; then
		fail "$_tn" "a diagnostic before the usage text lacks the '$_tp: ' prefix"
		return
	fi
	pass "$_tn"
}

# tc_expect_lines NAME RC STDOUT_ERE STDERR_ERE NLINES: expect, plus stdout
# has exactly NLINES newline-terminated lines.
tc_expect_lines() {
	if [ "$RC" = "$2" ] && [ "$(wc -l <"$OUT")" -ne "$5" ]; then
		fail "$1" "stdout has $(wc -l <"$OUT") lines, want $5"
		return
	fi
	expect "$1" "$2" "$3" "$4"
}

# tc_rate NAME: the last run exited 0 with exactly one rate line on stdout
# and nothing on stderr.
tc_rate() {
	tc_expect_lines "$1" 0 "$RATE" "" 1
}

# --- non-bare runs, started first --------------------------------------------
# A non-bare run sleeps (sync, 1 s, then the sender's 1 s): these run in
# the background while the rest of the file runs, and are judged at its end.

tc_t0=$(now_ms)
tc_pids=
for b in $BINS; do
	n=$(name "$b")
	(
		timeout -k 5 "$RUN_TIMEOUT" "$b" -b 4096 -t 65536 2thread \
		    >"$TMPD/nb.$n.out" 2>"$TMPD/nb.$n.err" </dev/null
		echo $? >"$TMPD/nb.$n.rc"
		now_ms >"$TMPD/nb.$n.end"
	) &
	tc_pids="$tc_pids $!"
done

# --- the golden usage text --------------------------------------------------

# The 2017–18 reference lines of the usage text, byte for byte; only the
# "Extensions:" block after them is ours.
cat >"$TMPD/usage.ref" <<'EOF'
PROG [-Bqsv] [-b buffersize] [-i pipe|local|tcp] [-p tcp_port]
	[-P l1d|l1i|l2|mem|tlb|axi] [-t totalsize] mode

Modes (pick one - default 1thread):
    1thread                IPC within a single thread
    2thread                IPC between two threads in one process
    2proc                  IPC between two threads in two different processes

Optional flags:
    -B                     Run in bare mode: no preparatory activities
    -i pipe|local|tcp      Select pipe, local sockets, or TCP (default: pipe)
    -p tcp_port            Set TCP port number (default: 10141)
    -P l1d|l1i|l2|mem|tlb|axi  Enable hardware performance counters
    -q                     Just run the benchmark, don't print stuff out
    -s                     Set send/receive socket-buffer sizes to buffersize
    -v                     Provide a verbose benchmark description
    -b buffersize          Specify a buffer size (default: 131072)
    -t totalsize           Specify total I/O size (default: 16777216)
EOF
head -n "$(wc -l <"$TMPD/usage.ref")" "$TC_GOLDEN" >"$TMPD/usage.head"
: >"$OUT"; : >"$ERR"
if cmp -s "$TMPD/usage.ref" "$TMPD/usage.head"; then
	pass "core-golden-reference-lines"
else
	fail_diff "core-golden-reference-lines" \
	    "tests/golden/usage.txt changed the reference lines" \
	    "$TMPD/usage.ref" "$TMPD/usage.head"
fi

for b in $BINS; do
	n=$(name "$b")
	# No operand: exactly the golden text, nothing before it.
	run "$b" </dev/null
	tc_uw=$(tc_usage_want "$b")
	if [ "$RC" = 64 ] && [ ! -s "$OUT" ] && cmp -s "$ERR" "$tc_uw"; then
		pass "core-usage-golden-$n"
	else
		fail_diff "core-usage-golden-$n" \
		    "want exit 64, empty stdout, stderr == golden (exit $RC)" \
		    "$tc_uw" "$ERR"
	fi
done

# --- usage errors: label|arguments (split on blanks) ------------------------
# libc's getopt prints the diagnostic for an unknown flag or a missing
# value: those run on ipc-dynamic too.

TC_GETOPT_LABELS="unknown-flag unknown-flag-alone missing-value"
while IFS='|' read -r tc_label tc_args; do
	[ -n "$tc_label" ] || continue
	tc_bins=$BINS_FULL
	case " $TC_GETOPT_LABELS " in *" $tc_label "*) tc_bins=$BINS ;; esac
	for b in $tc_bins; do
		# shellcheck disable=SC2086 # the arguments are split on purpose
		run "$b" $tc_args </dev/null
		tc_expect_usage "core-usage-$tc_label-$(name "$b")" "$b"
	done
done <<'EOF'
unknown-flag|-x 1thread
unknown-flag-alone|-Z
missing-value|-b
b-zero|-b 0 1thread
b-negative|-b -1 1thread
b-plus-sign|-b +4096 1thread
b-junk|-b 4096x 1thread
b-leading-junk|-b x4096 1thread
b-hex|-b 0x1000 1thread
b-float|-b 1.5 1thread
b-overflow-2^64|-b 18446744073709551616 1thread
b-overflow-huge|-b 99999999999999999999999999 1thread
t-zero|-t 0 1thread
t-junk|-t 1M 1thread
t-negative|-t -65536 1thread
t-overflow-2^64|-t 18446744073709551616 1thread
n-zero|-n 0 1thread
n-junk|-n 1x 1thread
n-negative|-n -3 1thread
n-overflow-2^32|-n 4294967296 1thread
w-junk|-w x 1thread
w-overflow-2^32|-w 4294967297 1thread
p-zero|-p 0 -i tcp 1thread
p-65536|-p 65536 -i tcp 1thread
p-wraps-to-1|-p 4294967297 -i tcp 1thread
p-negative|-p -1 -i tcp 1thread
p-junk|-p http -i tcp 1thread
i-unknown|-i shm 1thread
i-uppercase|-i PIPE 1thread
P-unknown|-P l3 1thread
c-junk|-c x 1thread
c-three|-c 0,1,2 1thread
c-trailing-comma|-c 0, 1thread
c-leading-comma|-c ,1 1thread
c-negative|-c -1 1thread
two-operands|1thread 2thread
two-operands-same|2proc 2proc
unknown-mode|3thread
mode-uppercase|1THREAD
s-default-pipe|-s 1thread
s-explicit-pipe|-s -i pipe 2thread
s-pipe-2proc|-i pipe -s 2proc
flag-after-operand-i|2proc -i tcp
flag-after-operand-B|1thread -B
flag-after-operand-b|2thread -b 4096
EOF

# An empty value is not a number either.
for b in $BINS_FULL; do
	run "$b" -b "" 1thread </dev/null
	tc_expect_usage "core-usage-b-empty-$(name "$b")" "$b"
	run "$b" -t "" 1thread </dev/null
	tc_expect_usage "core-usage-t-empty-$(name "$b")" "$b"
done

# --- edge values that are valid are accepted -----------------------------------
# (-p is ignored by pipe, so its extremes need no free port)

while IFS='|' read -r tc_label tc_args; do
	[ -n "$tc_label" ] || continue
	for b in $BINS_FULL; do
		# shellcheck disable=SC2086 # the arguments are split on purpose
		run "$b" -B $tc_args 2thread </dev/null
		tc_rate "core-accept-$tc_label-$(name "$b")"
	done
done <<'EOF'
p-1|-p 1
p-65535|-p 65535
b1-t1|-b 1 -t 1
n-1|-n 1
w-1|-w 1
w-0|-w 0
EOF
# -c with CPUs this process may run on (not necessarily 0 and 1): from
# Linux's /proc list ("0-1,4"), else from python3.
tc_cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status 2>/dev/null |
    tr ',' '\n' | awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }' |
    head -n 2 | tr '\n' ' ')
[ -n "$tc_cpus" ] || tc_cpus=$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0))[:2])))' 2>/dev/null)
tc_cpus=${tc_cpus% }
tc_c1=${tc_cpus%% *} tc_c2=${tc_cpus#* }
[ "$tc_c2" = "$tc_cpus" ] && tc_c2=
for b in $BINS_FULL; do
	n=$(name "$b")
	if [ -z "$tc_c1" ]; then
		skip "core-accept-c-one-$n" "cannot list the allowed CPUs"
		skip "core-accept-c-two-$n" "cannot list the allowed CPUs"
		continue
	fi
	run "$b" -B -c "$tc_c1" 2thread </dev/null
	tc_rate "core-accept-c-one-$n"
	if [ -z "$tc_c2" ]; then
		skip "core-accept-c-two-$n" "only one CPU allowed"
		continue
	fi
	run "$b" -B -c "$tc_c2,$tc_c1" 2proc </dev/null
	tc_rate "core-accept-c-two-$n"
done

# --- totalsize not a multiple of buffersize -----------------------------------

for b in $BINS_FULL; do
	n=$(name "$b")
	run "$b" -B -b 3 -t 10 1thread
	expect "core-not-multiple-$n" 64 "" \
	    "$n: FAIL: data size \(10\) is not a multiple of buffersize \(3\)"
	run "$b" -B -b 4096 -t 1000 2thread
	expect "core-total-below-buffer-$n" 64 "" \
	    "$n: FAIL: data size \(1000\) is not a multiple of buffersize \(4096\)"
done

# --- the matrix: mode x type x binary ----------------------------------------

for b in $BINS; do
	n=$(name "$b")
	for m in $TC_MODES; do
		for ty in $TC_TYPES; do
			tc_port "$ty"
			run "$b" -B -b 4096 -t 65536 -i "$ty" -p "$TC_PORT" "$m"
			tc_rate "core-run-$m-$ty-$n"
		done
	done
done
for b in $BINS_FULL; do
	n=$(name "$b")
	for m in $TC_MODES; do
		for ty in $TC_TYPES; do
			tc_port "$ty"
			run "$b" -B -q -b 4096 -t 65536 -i "$ty" -p "$TC_PORT" "$m"
			expect "core-quiet-$m-$ty-$n" 0 "" ""
		done
	done
done

# --- the shape of -v ---------------------------------------------------------

# tc_verbose NAME BUFFERSIZE TOTALSIZE MODE TYPE SOCKBUF(0|1) BIN: the last
# run printed the reference block with these values first, `time:` on its
# seventh line, then anything (with SOCKBUF 1, the granted sndbuf and
# rcvbuf among the run details), and the rate line last.
tc_verbose() {
	_vn=$1 _vb=$2 _vt=$3 _vm=$4 _vy=$5 _vs=$6
	if [ "$RC" != 0 ]; then fail "$_vn" "exit $RC, want 0"; return; fi
	if [ -s "$ERR" ]; then fail "$_vn" "stderr not empty"; return; fi
	printf 'Benchmark configuration:\n  buffersize: %s\n  totalsize: %s\n  blockcount: %s\n  mode: %s\n  ipctype: %s\n' \
	    "$_vb" "$_vt" $((_vt / _vb)) "$_vm" "$_vy" >"$TMPD/v.want"
	head -n 6 "$OUT" >"$TMPD/v.got"
	if ! cmp -s "$TMPD/v.want" "$TMPD/v.got"; then
		fail_diff "$_vn" "the first six lines differ from the reference block" \
		    "$TMPD/v.want" "$TMPD/v.got"
		return
	fi
	if [ "$_vs" = 1 ]; then
		for _vk in sndbuf rcvbuf; do
			_vv=$(sed -n '/^Run details:$/,$p' "$OUT" |
			    sed -n "s/^  $_vk: \([0-9][0-9]*\)\$/\1/p")
			if [ -z "$_vv" ] || [ "$_vv" -le 0 ]; then
				fail "$_vn" "no '  $_vk: N' with N > 0 in the run details"
				return
			fi
			# Linux doubles the requested size and reports that
			# (socket(7)); the line must be what the kernel
			# granted, not the request echoed.
			_vmax=$(cat /proc/sys/net/core/wmem_max 2>/dev/null || echo 0)
			_vrmax=$(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo 0)
			[ "$_vrmax" -lt "$_vmax" ] && _vmax=$_vrmax
			if [ "$(uname -s)" = Linux ] && [ "$_vb" -le "$_vmax" ] &&
			    [ "$_vv" != $((2 * _vb)) ]; then
				fail "$_vn" "$_vk is $_vv; Linux grants $((2 * _vb)) for $_vb"
				return
			fi
		done
	fi
	_vl=7
	if ! sed -n "${_vl}p" "$OUT" | grep -Eqx '  time: [0-9]+\.[0-9]{9}'; then
		fail "$_vn" "line $_vl is not '  time: S.NNNNNNNNN'"
		return
	fi
	if ! tail -n 1 "$OUT" | grep -Eqx "$RATE"; then
		fail "$_vn" "the last line is not the rate line"
		return
	fi
	if [ "$(grep -Ecx "$RATE" "$OUT")" != 1 ]; then
		fail "$_vn" "more than one rate line"
		return
	fi
	if [ "$(grep -cx 'Benchmark configuration:' "$OUT")" != 1 ]; then
		fail "$_vn" "more than one configuration block"
		return
	fi
	pass "$_vn"
}

for b in $BINS_FULL; do
	n=$(name "$b")
	for m in $TC_MODES; do
		for ty in $TC_TYPES; do
			tc_port "$ty"
			run "$b" -B -v -b 8192 -t 131072 -i "$ty" -p "$TC_PORT" "$m"
			tc_verbose "core-verbose-$m-$ty-$n" 8192 131072 "$m" "$ty" 0
		done
		for ty in local tcp; do
			tc_port "$ty"
			run "$b" -B -v -s -b 65536 -t 262144 -i "$ty" -p "$TC_PORT" "$m"
			tc_verbose "core-verbose-sockbuf-$m-$ty-$n" 65536 262144 "$m" "$ty" 1
		done
	done
	# -s without -v: still just the rate line.
	tc_port
	run "$b" -B -s -b 16384 -t 65536 -i tcp -p "$TC_PORT" 2thread
	tc_rate "core-sockbuf-tcp-$n"
	run "$b" -B -s -b 16384 -t 65536 -i local 2proc
	tc_rate "core-sockbuf-local-$n"
	# -v with the defaults reports the default sizes.
	run "$b" -B -v 2thread
	tc_verbose "core-verbose-defaults-$n" 131072 16777216 2thread pipe 0
done

# --- odd sizes ----------------------------------------------------------------

for b in $BINS_FULL; do
	n=$(name "$b")
	for m in $TC_MODES; do
		for ty in $TC_TYPES; do
			tc_port "$ty"
			run "$b" -B -b 1 -t 4096 -i "$ty" -p "$TC_PORT" "$m"
			tc_rate "core-b1-$m-$ty-$n"
			tc_port "$ty"
			run "$b" -B -b 65536 -t 65536 -i "$ty" -p "$TC_PORT" "$m"
			tc_rate "core-buffer-eq-total-$m-$ty-$n"
		done
	done
	# A buffer larger than the kernel's in one thread: the reference can
	# deadlock here; the port must finish.
	tc_save=$RUN_TIMEOUT
	RUN_TIMEOUT=20
	for ty in $TC_TYPES; do
		tc_port "$ty"
		run "$b" -B -b 1048576 -t 4194304 -i "$ty" -p "$TC_PORT" 1thread
		tc_rate "core-1thread-big-buffer-$ty-$n"
	done
	RUN_TIMEOUT=$tc_save
done

# The defaults (128 KiB x 128), once.
run "$IPC_STATIC" -B 2thread
tc_rate "core-defaults-2thread-pipe"

# --- flag after the operand is rejected, as by FreeBSD getopt -----------------
# (also in the usage table; `2proc -i tcp`, a flag put last, is the usual
# slip, and glibc's getopt would permute it, so both binaries)

for b in $BINS; do
	run "$b" 2proc -i tcp
	tc_expect_usage "core-operand-then-flag-$(name "$b")" "$b"
done

# --- the build ----------------------------------------------------------------

# The lab notebooks run `make -C ipc` from the top.  Up to date here, so
# this must succeed quietly on stderr and leave both binaries in place.
(cd "$TOP" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    timeout -k 5 600 make -C ipc) >"$OUT" 2>"$ERR"
RC=$?
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ -x "$IPC_STATIC" ] && [ -x "$IPC_DYNAMIC" ]; then
	pass "core-make-C-ipc"
else
	fail "core-make-C-ipc" "exit $RC (want 0, empty stderr, both binaries present)"
fi

# --- linkage ------------------------------------------------------------------

: >"$OUT"; : >"$ERR"
if [ -n "${IPC_SANITIZED:-}" ]; then
	# Sanitizer runtimes cannot be linked -static: .ci/run builds both
	# binaries dynamically for that pass.
	skip "core-linkage-static" "sanitizer build (IPC_SANITIZED)"
	skip "core-linkage-dynamic" "sanitizer build (IPC_SANITIZED)"
elif have file; then
	if file -L "$IPC_STATIC" | grep -Eq 'statically linked|static-pie linked'; then
		pass "core-linkage-static"
	else
		fail "core-linkage-static" "$(file -L "$IPC_STATIC")"
	fi
	if file -L "$IPC_DYNAMIC" | grep -q 'dynamically linked'; then
		pass "core-linkage-dynamic"
	else
		fail "core-linkage-dynamic" "$(file -L "$IPC_DYNAMIC")"
	fi
elif have ldd; then
	if ldd "$IPC_STATIC" 2>&1 | grep -Eq 'not a dynamic executable|statically linked'; then
		pass "core-linkage-static"
	else
		fail "core-linkage-static" "ldd lists libraries"
	fi
	if ldd "$IPC_DYNAMIC" 2>&1 | grep -q 'libc'; then
		pass "core-linkage-dynamic"
	else
		fail "core-linkage-dynamic" "ldd lists no libc"
	fi
else
	skip "core-linkage-static" "neither file nor ldd"
	skip "core-linkage-dynamic" "neither file nor ldd"
fi

# --- the non-bare runs started first sleep (at least 1 s) and work -----------

for tc_pid in $tc_pids; do wait "$tc_pid"; done
for b in $BINS; do
	n=$(name "$b")
	cp "$TMPD/nb.$n.out" "$OUT"
	cp "$TMPD/nb.$n.err" "$ERR"
	RC=$(cat "$TMPD/nb.$n.rc")
	tc_ms=$(($(cat "$TMPD/nb.$n.end") - tc_t0))
	if [ "$tc_ms" -lt 1000 ]; then
		fail "core-nonbare-2thread-$n" "took $tc_ms ms; a non-bare run sleeps at least 1 s"
		continue
	fi
	tc_rate "core-nonbare-2thread-$n"
done

# --- dependencies: libc and libpthread only ------------------------------------

: >"$OUT"; : >"$ERR"
if [ -n "${IPC_SANITIZED:-}" ]; then
	skip "core-deps-libc-only" "sanitizer build (IPC_SANITIZED)"
elif have ldd && [ "$(uname -s)" = Linux ]; then
	core_extra=$(ldd "$IPC_DYNAMIC" 2>&1 | awk '{print $1}' |
	    grep -Ev '^(linux-vdso|linux-gate)|^/|^libc\.so|^libpthread\.so|^ld-linux')
	if [ -z "$core_extra" ]; then
		pass "core-deps-libc-only"
	else
		fail "core-deps-libc-only" "also links: $(echo $core_extra)"
	fi
else
	skip "core-deps-libc-only" "no ldd or not Linux"
fi
