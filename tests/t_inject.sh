# Hostile environments and injected faults.  Part one needs no help: an
# inherited ignored SIGCHLD, -s over TCP with tiny buffers, and buffers
# larger than a memory cgroup allows.  Part two puts tests/faultinject.so
# (LD_PRELOAD; see the top of tests/faultinject.c) under ipc-dynamic:
# soft faults (short counts, EINTR, EAGAIN, poll EINTR) that every run
# must absorb, hard I/O errors that must end a run with 74, set-up calls
# that must end it with 71, a receiver-ready signal that fails, stray
# connections that must not stretch the accept limit, and a kernel without
# perf events.  Every run is bounded by a timeout.  Port offsets 800..899
# belong to this file.

TI_SO=$TOP/tests/faultinject.so
TI_MODES="1thread 2thread 2proc"
TI_TYPES="pipe local tcp"
TI_PORTN=800
TI_PORT=$(port 800)

# ti_port [TYPE]: for TCP (the default), move to this file's next free
# test port; other types keep the current one.
ti_port() {
	[ "${1:-tcp}" = tcp ] || return 0
	next_port $((TI_PORTN + 1))
	TI_PORTN=$NEXT_PORTN
	TI_PORT=$NEXT_PORT
}

# ti_rate NAME: the last run exited 0, printed one rate line and nothing
# on stderr.
ti_rate() {
	if [ "$RC" = 0 ] && [ "$(wc -l <"$OUT")" -ne 1 ]; then
		fail "$1" "stdout has $(wc -l <"$OUT") lines, want 1"
		return
	fi
	expect "$1" 0 "$RATE" ""
}

# ti_ms: milliseconds since the epoch (GNU date; else 1 s resolution).
ti_ms() {
	_tins=$(date +%s%N)
	case $_tins in
	*N) echo $(($(date +%s) * 1000)) ;;
	*) echo $((_tins / 1000000)) ;;
	esac
}

# --- an ignored SIGCHLD inherited through exec --------------------------------
# A launcher that ignores SIGCHLD passes that on through exec; waitpid()
# then finds no child unless the program resets it.

if env --ignore-signal=CHLD true 2>/dev/null; then
	ti_ign="env --ignore-signal=CHLD"
elif have python3; then
	# No blanks: the command is split into words when used.
	ti_ign="python3 -c s=__import__('signal');s.signal(s.SIGCHLD,s.SIG_IGN);o=__import__('os');o.execv(o.sys.argv[1],o.sys.argv[1:])"
else
	ti_ign=
fi
for ti_b in $BINS; do
	ti_n=$(basename "$ti_b")
	if [ -z "$ti_ign" ]; then
		skip "inject-sigchld-ignored-2proc-$ti_n" "neither env --ignore-signal nor python3"
		continue
	fi
	# shellcheck disable=SC2086 # $ti_ign is a command and its arguments
	run $ti_ign "$ti_b" -B -b 4096 -t 65536 2proc
	ti_rate "inject-sigchld-ignored-2proc-$ti_n"
	# shellcheck disable=SC2086
	run $ti_ign "$ti_b" -B -n 3 -b 4096 -t 65536 2proc
	if [ "$RC" = 0 ] && [ "$(grep -Ec "^$RATE\$" "$OUT")" != 3 ]; then
		fail "inject-sigchld-ignored-2proc-n3-$ti_n" "want 3 rate lines"
	else
		expect "inject-sigchld-ignored-2proc-n3-$ti_n" 0 "$RATE" ""
	fi
done

# --- -s over TCP with small buffers -------------------------------------------
# Shrinking SO_RCVBUF after the window was advertised made Linux drop
# segments and wait for retransmission timeouts: 4 KiB buffers moved 1 MiB
# in ~20 s.  Sized before the handshake, it takes a fraction of a second;
# 8 s is a generous bound on a loaded machine, not a throughput claim.

for ti_m in $TI_MODES; do
	ti_port
	ti_t0=$(ti_ms)
	timeout -k 2 8 "$IPC_STATIC" -B -i tcp -s -b 4096 -t 1048576 \
	    -p "$TI_PORT" "$ti_m" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	ti_el=$(($(ti_ms) - ti_t0))
	if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
		fail "inject-tcp-sockbuf-4k-$ti_m" "still running after 8 s (1 MiB in 4 KiB buffers)"
	else
		ti_rate "inject-tcp-sockbuf-4k-$ti_m"
		echo "  ($ti_m: ${ti_el} ms)"
	fi
done

# --- buffers larger than a memory cgroup allows -------------------------------
# Inside a memory cgroup of 64 MiB made for the test (a child of our own,
# so only our processes are in it and only they can be OOM-killed), runs
# that would touch more than that must be refused up front with 71; runs
# that fit must complete.  A run touches both buffers, -f or not: the
# sender's reads fault the write buffer in (not every kernel maps the
# shared zero page), so 2 x 48 MiB is refused and
# 2 x 16 MiB fits.  In 2proc -f the child only reads the write buffer the
# parent pre-faulted and unmaps the read buffer, so it adds no pages of
# its own: 2 x 24 MiB fits, where a copy (72 MiB) would be OOM-killed.

if cg_make ipc-inject 67108864; then
	for ti_b in $BINS; do
		ti_n=$(basename "$ti_b")
		for ti_m in $TI_MODES; do
			cg_run "$ti_b" -B -b 1073741824 -t 1073741824 "$ti_m"
			expect "inject-cgroup-refuses-1g-$ti_m-$ti_n" 71 "" "$ti_n: FAIL: memory: .*"
		done
		cg_run "$ti_b" -B -b 50331648 -t 50331648 2thread
		expect "inject-cgroup-refuses-2x48m-$ti_n" 71 "" "$ti_n: FAIL: memory: .*"
	done
	cg_run "$IPC_STATIC" -B -b 16777216 -t 16777216 1thread
	ti_rate "inject-cgroup-fits-2x16m"
	cg_run "$IPC_STATIC" -B -f -b 25165824 -t 25165824 2proc
	ti_rate "inject-cgroup-fits-prefault-2proc-2x24m"
	cg_remove
else
	skip "inject-cgroup" "$CGWHY"
fi

# --- the interposer -------------------------------------------------------------

# ti_run VAR=VALUE... -- ARGS...: run ipc-dynamic under the interposer,
# for at most 10 s (a hang is the failure these cases look for).
ti_run() {
	_tie=
	while [ "$1" != -- ]; do _tie="$_tie $1"; shift; done
	shift
	# Fresh files, as run() in lib.sh makes.
	rm -f "$OUT" "$ERR"
	# shellcheck disable=SC2086 # $_tie is a list of VAR=VALUE words
	timeout -k 2 10 env LD_PRELOAD="$TI_SO" $_tie "$IPC_DYNAMIC" "$@" \
	    >"$OUT" 2>"$ERR" </dev/null
	RC=$?
}

# ti_run_all VAR=VALUE... -- ARGS...: as ti_run, but stderr goes through
# a pipe read to its end, which comes only once every process of the run
# has let go of it: what a child left behind writes after the parent has
# exited is in $ERR too, whatever the timing.
ti_run_all() {
	_tie=
	while [ "$1" != -- ]; do _tie="$_tie $1"; shift; done
	shift
	rm -f "$OUT" "$ERR" "$TMPD/ti.rc"
	# shellcheck disable=SC2086 # $_tie is a list of VAR=VALUE words
	{ timeout -k 2 10 env LD_PRELOAD="$TI_SO" $_tie "$IPC_DYNAMIC" "$@" \
	    2>&1 >"$OUT" </dev/null; echo "$?" >"$TMPD/ti.rc"; } | cat >"$ERR"
	RC=$(cat "$TMPD/ti.rc")
}

# A sanitizer runtime wants to be first; ours may come before it.
[ -n "${ASAN_OPTIONS:-}" ] && ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
TI_SKIP=
if [ ! -f "$TI_SO" ]; then
	TI_SKIP="tests/faultinject.so not built (make test builds it)"
elif [ "$(uname -s)" != Linux ]; then
	TI_SKIP="the interposer is written for glibc"
else
	env LD_PRELOAD="$TI_SO" IPCFI_FAIL=pipe "$IPC_DYNAMIC" -B 1thread \
	    >/dev/null 2>&1 </dev/null
	[ "$?" = 71 ] ||
	    TI_SKIP="LD_PRELOAD of the interposer has no effect on ipc-dynamic"
fi

if [ -n "$TI_SKIP" ]; then
	skip "inject-interposer" "$TI_SKIP"
else
	# Soft faults: every run completes, and the accounting shows every
	# byte written and read once.
	for ti_m in $TI_MODES; do
		for ti_ty in $TI_TYPES; do
			ti_port "$ti_ty"
			ti_run IPCFI_SOFT=1 IPCFI_SEED=41 -- -B -v -b 4096 \
			    -t 1048576 -i "$ti_ty" -p "$TI_PORT" "$ti_m"
			_tic="inject-soft-faults-$ti_m-$ti_ty"
			_tir=$(sed -n 's/^  read calls: .*bytes \([0-9]*\))$/\1/p' "$OUT")
			_tiw=$(sed -n 's/^  write calls: .*bytes \([0-9]*\))$/\1/p' "$OUT")
			if [ "$RC" != 0 ]; then
				fail "$_tic" "exit $RC, want 0"
			elif [ "$_tir" != 1048576 ] || [ "$_tiw" != 1048576 ]; then
				fail "$_tic" "read bytes '$_tir', write bytes '$_tiw', want 1048576 each"
			elif ! tail -n 1 "$OUT" | grep -Eq "^$RATE\$" || [ -s "$ERR" ]; then
				fail "$_tic" "no rate line last, or stderr not empty"
			else
				pass "$_tic"
			fi
		done
	done

	# A hard I/O error at the k-th read or write of the loop: 74, named.
	# 2thread's first write is the ready signal and one of its first two
	# reads the sender's wait for it, so k starts at 3; in 2proc the
	# reads are the parent's and the writes the child's.  Early and late
	# calls alternate over the IPC types.
	for ti_m in $TI_MODES; do
		for ti_ty in $TI_TYPES; do
			ti_k=3
			[ "$ti_ty" = local ] && ti_k=40
			for ti_c in read write; do
				[ "$ti_ty" = tcp ] && ti_k=$((43 - ti_k))
				ti_port "$ti_ty"
				_tiwho=
				[ "$ti_m" = 2proc ] && [ "$ti_c" = read ] && _tiwho=IPCFI_WHO=parent
				[ "$ti_m" = 2proc ] && [ "$ti_c" = write ] && _tiwho=IPCFI_WHO=child
				ti_run IPCFI_FAIL="$ti_c:$ti_k" $_tiwho -- -B -b 1024 \
				    -t 65536 -i "$ti_ty" -p "$TI_PORT" "$ti_m"
				expect "inject-eio-$ti_c-$ti_k-$ti_m-$ti_ty" 74 "" \
				    "ipc-dynamic: FAIL: $ti_c: Input/output error"
			done
		done
	done
	# poll fails only where 1thread waits: make it wait with EAGAINs.
	ti_run IPCFI_SOFT=1 IPCFI_FAIL=poll -- -B -b 4096 -t 1048576 1thread
	expect "inject-eio-poll-1thread" 74 "" "ipc-dynamic: FAIL: poll: Input/output error"

	# The receiver-ready signal fails: the run ends at once (71: it is
	# set-up, outside the timed loop) instead of both sides waiting.  In
	# 2proc the parent ends and reaps its child first, so its own line
	# is all there is: nothing of the child, even after the parent has
	# gone (ti_run_all).  -l's ready signal goes the other way: the
	# echo child's failed write, or the parent's failed wait for it, is
	# one line too.
	for ti_ty in $TI_TYPES; do
		ti_port "$ti_ty"
		ti_run IPCFI_FAIL=write:1 -- -B -b 4096 -t 65536 -i "$ti_ty" \
		    -p "$TI_PORT" 2thread
		expect "inject-ready-signal-eio-2thread-$ti_ty" 71 "" \
		    "ipc-dynamic: FAIL: write \(ready\): Input/output error"
		ti_port "$ti_ty"
		ti_run_all IPCFI_FAIL=write:1 IPCFI_WHO=parent -- -B -b 4096 \
		    -t 65536 -i "$ti_ty" -p "$TI_PORT" 2proc
		expect "inject-ready-signal-eio-2proc-$ti_ty" 71 "" \
		    "ipc-dynamic: FAIL: write \(ready\): Input/output error"
		ti_port "$ti_ty"
		ti_run_all IPCFI_FAIL=write:1 IPCFI_WHO=child -- -B -l -b 4096 \
		    -t 65536 -i "$ti_ty" -p "$TI_PORT" 2proc
		expect "inject-ready-signal-eio-2proc-latency-child-$ti_ty" 71 "" \
		    "ipc-dynamic: FAIL: write \(ready\): Input/output error"
		ti_port "$ti_ty"
		ti_run_all IPCFI_FAIL=read:1 IPCFI_WHO=parent -- -B -l -b 4096 \
		    -t 65536 -i "$ti_ty" -p "$TI_PORT" 2proc
		expect "inject-ready-signal-eio-2proc-latency-parent-$ti_ty" 71 "" \
		    "ipc-dynamic: FAIL: read \(ready\): Input/output error"
	done

	# Each set-up call failing: 71, and the message names it.
	# ti_setup CALL[:K] TYPE MODE WORDS...: fail CALL, want WORDS named.
	ti_setup() {
		_tif=$1 _tity=$2 _tim=$3
		shift 3
		ti_port "$_tity"
		ti_run IPCFI_FAIL="$_tif" -- -B -b 4096 -t 65536 -i "$_tity" \
		    -p "$TI_PORT" "$_tim"
		expect "inject-setup-${_tif%%:*}-$_tim-$_tity" 71 "" \
		    "ipc-dynamic: FAIL: $*.*"
	}
	ti_setup socket tcp 1thread socket
	ti_setup bind tcp 1thread bind
	ti_setup listen tcp 2thread listen
	ti_setup connect tcp 2proc connect
	ti_setup accept tcp 1thread accept
	ti_setup pipe pipe 1thread pipe
	ti_setup pipe local 2thread 'pipe \(ready\)'
	ti_setup socketpair local 2proc socketpair
	ti_setup mmap pipe 1thread mmap read buffer
	ti_setup mmap:2 local 2thread mmap write buffer
	ti_setup mmap:3 tcp 2proc mmap shared page
	ti_setup pthread_create pipe 2thread pthread_create
	ti_setup fork local 2proc fork

	# Our own connection never arrives and a stray client connects every
	# 150 ms.  The deadline's clock and poll timeouts run 20 times faster
	# here, so the 10 s accept limit is 0.5 s: it must hold as one
	# deadline, not restart with every stray (before, the run waited as
	# long as the strays kept coming).
	for ti_m in 1thread 2thread; do
		ti_port
		ti_t0=$(ti_ms)
		timeout -k 2 4 env LD_PRELOAD="$TI_SO" IPCFI_FAIL=connect \
		    IPCFI_ERRNO=EINPROGRESS IPCFI_POLL_DIV=20 IPCFI_CLOCK_MUL=20 \
		    IPCFI_STRAY_MS=150 \
		    "$IPC_DYNAMIC" -B -b 4096 -t 65536 -i tcp -p "$TI_PORT" "$ti_m" \
		    >"$OUT" 2>"$ERR" </dev/null
		RC=$?
		ti_el=$(($(ti_ms) - ti_t0))
		if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
			fail "inject-accept-deadline-strays-$ti_m" "still waiting after 4 s (0.5 s limit)"
		else
			expect "inject-accept-deadline-strays-$ti_m" 71 "" \
			    "ipc-dynamic: FAIL: accept: no connection from our own socket.*"
			echo "  ($ti_m: ${ti_el} ms)"
		fi
	done

	# A kernel without perf events (or qemu-user): said plainly, 71.
	for ti_m in 1thread 2proc; do
		ti_run IPCFI_FAIL=perf_event_open -- -B -P sw -b 4096 -t 65536 "$ti_m"
		expect "inject-perf-enosys-$ti_m" 71 "" \
		    "ipc-dynamic: FAIL: perf_event_open .*this kernel has no perf events.*"
	done
fi
