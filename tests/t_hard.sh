# Hard cases: holes an adversarial user found, each as a class sampled
# over many inputs, not one case each.  A report that outgrows
# RLIMIT_FSIZE is a write error (74 with a message), never a SIGXFSZ
# death; -c with two CPUs in 1thread is refused; -V at buffers below 8
# bytes catches duplicates its headers once repeated over; the memory
# guard lets no run through to the OOM killer in a memory cgroup; a shmem
# peer killed at any instant never hangs the run; describe judges
# IPC_PMC_TABLE as runs do; the TCP accept deadline is a time, however
# many strays come.  IPC_HARD_SLOW=1 (make check-hard) runs the slow
# legs at full size instead.  Uses only lib.sh's helpers; state in TH_*
# variables.  Port offsets 1700..1799 belong to this file.

TH_PORTN=1700

# th_port: the next free TCP test port of this file, in TH_PORT.
th_port() {
	next_port $((TH_PORTN + 1))
	TH_PORTN=$NEXT_PORTN
	TH_PORT=$NEXT_PORT
}

# --- a report beyond RLIMIT_FSIZE -------------------------------------------
# The limit (in 512-byte blocks, as sh's ulimit -f counts) cuts the
# report at several places: in the text report, the -v description and
# the JSON document, in every mode.  The file holds exactly the limit,
# and the run says why it stopped.
for b in $BINS; do
	n=$(name "$b")
	for th_case in "1:-v:1thread" "2:-v:2thread" "3:-j:2proc" \
	    "1:-j -v:2proc" "4:-v -g -n 3:2thread"; do
		th_blocks=${th_case%%:*}
		th_rest=${th_case#*:}
		th_flags=${th_rest%%:*}
		th_mode=${th_rest#*:}
		th_name="hard-fsize-$th_blocks-$(echo "$th_flags" |
		    tr -d ' -')-$th_mode-$n"
		# ipc-dynamic: the JSON case only (stdio is libc's).
		if ! in_full "$b"; then
			case $th_case in 3:*) ;; *) continue ;; esac
		fi
		rm -f "$TMPD/fsize.out"
		# shellcheck disable=SC2086
		run sh -c 'ulimit -f "$1"; shift; exec "$@" >"$0"' \
		    "$TMPD/fsize.out" "$th_blocks" "$b" -B $th_flags \
		    -b 4096 -t 65536 "$th_mode"
		th_size=$(wc -c <"$TMPD/fsize.out" | tr -d ' ')
		if [ "$th_size" != $((th_blocks * 512)) ]; then
			fail "$th_name" "stdout file holds $th_size bytes, want $((th_blocks * 512))"
			continue
		fi
		expect "$th_name" 74 "" "$n: FAIL: stdout: File too large"
	done
	# Under the limit nothing changes.
	run sh -c 'ulimit -f 64; exec "$@"' sh "$b" -B -b 4096 -t 65536 2thread
	expect "hard-fsize-under-limit-$n" 0 "$RATE" ""
done

# --- -c with two CPUs in 1thread -------------------------------------------
# One thread cannot be on two CPUs: whichever two (a CPU that exists or
# not), the run is refused before anything runs; the same CPU twice is
# one CPU, and two CPUs stay fine where there are two threads.
for th_pin in 4095,0 0,1 1,0 0,4095 17,3; do
	run "$IPC_STATIC" -B -c "$th_pin" -b 4096 -t 65536 1thread
	expect "hard-pin-1thread-two-cpus-$(echo "$th_pin" | tr , .)" 64 "" \
	    "ipc-static: FAIL: -c $th_pin: 1thread sends and receives in one thread, on one CPU: give one"
done
run "$IPC_DYNAMIC" -B -j -c 4095,0 -b 4096 -t 65536 1thread
expect "hard-pin-1thread-two-cpus-json-ipc-dynamic" 64 "" \
    "ipc-dynamic: FAIL: -c 4095,0: 1thread sends and receives in one thread, on one CPU: give one"
run "$IPC_STATIC" -B -c 0,0 -b 4096 -t 65536 1thread
expect "hard-pin-1thread-same-cpu-twice" 0 "$RATE" ""

# --- -V below 8-byte buffers: a duplicate the pattern would repeat over -----
# A duplicate of d bytes sent again at offset AT (tests/verify_preload.c's
# write()), which the receiver must catch where the bytes first differ
# (within 8 bytes of AT): d at and around 256 messages, where a header
# of one byte per message would repeat, and other lengths, for buffer
# sizes 1 to 7 and every mode.
TH_PRELOAD=
if [ -z "${IPC_SANITIZED:-}" ] &&
    ${CC:-cc} -std=c11 -D_GNU_SOURCE -shared -fPIC \
    -o "$TMPD/verify_preload.so" "$TOP/tests/verify_preload.c" -ldl \
    >"$TMPD/preload.log" 2>&1; then
	TH_PRELOAD=$TMPD/verify_preload.so
fi
if [ -z "$TH_PRELOAD" ]; then
	skip "hard-verify-small-buffer-duplicates" "sanitizer build or no shared-library build"
else
	for th_b in 1 2 3 5 7; do
		th_ds="256 255 257 1024 3"
		[ "$th_b" = 1 ] || th_ds="$th_ds $((256 * th_b))"
		for th_d in $th_ds; do
			th_ats=1000
			[ "$th_d" = 256 ] && th_ats="1000 $((2048 * th_b + 1))"
			for th_at in $th_ats; do
				# Only what was sent can be sent again.
				[ "$th_d" -le "$th_at" ] || continue
				th_t=$((8192 * th_b))
				th_m=2thread
				case $th_d.$th_at in
				256.1000) th_m=1thread ;;
				257.1000) th_m=2proc ;;
				esac
				run env IPC_VERIFY_AT=$th_at IPC_VERIFY_FAULT=dup \
				    IPC_VERIFY_LEN=$th_d LD_PRELOAD="$TH_PRELOAD" \
				    "$IPC_DYNAMIC" -B -V -b "$th_b" -t "$th_t" \
				    -i pipe "$th_m"
				th_offs=$th_at
				for th_i in 1 2 3 4 5 6 7; do
					th_offs="$th_offs|$((th_at + th_i))"
				done
				expect "hard-verify-dup-b$th_b-d$th_d-at$th_at-$th_m" 74 "" \
				    "ipc-dynamic: FAIL: verify: wrong byte at offset ($th_offs): expected 0x[0-9a-f]{2}, saw 0x[0-9a-f]{2}"
			done
		done
	done
fi

# --- the memory guard in a memory cgroup ----------------------------------------
# Inside a memory cgroup made for the test (lib.sh's cg_make), a grid of
# sizes around the cgroup's limit, for configurations that touch two,
# three and four buffers (-f, shmem 2proc, -V) and for -n's samples: each
# run either completes or is refused up front (71, naming what it
# counted); none may be OOM-killed (137).  The note says how close to the
# limit the largest run that went ahead came (bytes it touches / limit).
# make test uses a 64 MiB cgroup; `make check-hard` a 512 MiB one.

# th_pct A B: A / B as a percentage with one decimal.
th_pct() {
	echo "$(($1 * 1000 / $2 / 10)).$(($1 * 1000 / $2 % 10))%"
}

# th_grid NAME LIMIT K LO HI STEP ARGS...: in a fresh cgroup of LIMIT
# bytes, for f = LO, LO+STEP, ... HI (percent), run ARGS with
# -b = -t = LIMIT * f / 100 / K rounded down to pages (K: the buffers the
# run touches), and judge each run; with K = 0, -n = LIMIT * f / 100 /
# 4608 of 1-byte runs instead (a sample and its statistics take about
# 4.5 KB).
th_grid() {
	_thn=$1 _thl=$2 _thk=$3 _thf=$4 _thhi=$5 _thst=$6
	shift 6
	if ! cg_make ipc-hard "$_thl"; then
		skip "$_thn" "$CGWHY"
		return
	fi
	_thbad= _thruns=0 _thgo=0 _thbest=0 _thpeak=
	# The cgroup's peak usage, reset before each run where it can be.
	_thpf=$CG/memory.max_usage_in_bytes
	[ -f "$_thpf" ] || _thpf=$CG/memory.peak
	while [ "$_thf" -le "$_thhi" ]; do
		echo 0 >"$_thpf" 2>/dev/null || _thpf=
		if [ "$_thk" = 0 ]; then
			_thx=$((_thl / 100 * _thf / 4608))
			cg_run "$IPC_STATIC" -B -q -b 1 -t 1 -n "$_thx" "$@"
			_thtouch=$((_thx * 4608))
		else
			_thx=$((_thl / 100 * _thf / _thk / 4096 * 4096))
			cg_run "$IPC_STATIC" -B -q -b "$_thx" -t "$_thx" "$@"
			_thtouch=$((_thx * _thk))
		fi
		_thruns=$((_thruns + 1))
		case $RC in
		0)	_thgo=$((_thgo + 1))
			if [ "$_thtouch" -gt "$_thbest" ]; then
				_thbest=$_thtouch
				[ -n "$_thpf" ] && _thpeak=$(cat "$_thpf")
			fi
			;;
		71)	grep -q '^ipc-static: FAIL: memory: a run needs ' "$ERR" ||
			    _thbad="$_thbad f=$_thf%:71-not-memory" ;;
		*)	_thbad="$_thbad f=$_thf%:exit-$RC" ;;
		esac
		_thf=$((_thf + _thst))
	done
	cg_remove
	if [ -n "$_thbad" ]; then
		fail "$_thn" "$_thruns sizes:$_thbad"
	elif [ "$_thgo" = 0 ]; then
		fail "$_thn" "$_thruns sizes, every one refused: the guard is far too cautious"
	else
		_thpeak=${_thpeak:+, its peak use $(th_pct "$_thpeak" "$_thl")}
		pass "$_thn" "$_thruns sizes, $_thgo ran, none killed; the largest touched $(th_pct "$_thbest" "$_thl") of the limit$_thpeak"
	fi
}

if [ -n "${IPC_SANITIZED:-}" ]; then
	skip "hard-memory" "sanitizer build (its shadow memory is not counted)"
elif [ -n "${IPC_HARD_SLOW:-}" ]; then
	TH_L=536870912
	th_grid hard-memory-512m-shmem-2proc-f "$TH_L" 3 86 104 1 -f -i shmem 2proc
	th_grid hard-memory-512m-shmem-2proc-V "$TH_L" 4 86 104 1 -V -i shmem 2proc
	th_grid hard-memory-512m-pipe-1thread-f "$TH_L" 2 86 104 1 -f 1thread
	th_grid hard-memory-512m-local-2proc-V "$TH_L" 3 86 104 1 -f -V -i local 2proc
	th_grid hard-memory-512m-pipe-2thread-V "$TH_L" 3 86 104 1 -V 2thread
	# -n's limit keeps samples under 512 MiB: they fill 256 MiB.
	th_grid hard-memory-256m-samples 268435456 0 86 104 2 1thread
else
	# The two runs the guard once let through to the OOM killer.
	if cg_make ipc-hard 268435456; then
		cg_run "$IPC_STATIC" -B -q -b 1 -t 1 -n 100000 1thread
		expect "hard-memory-samples-counted" 71 "" \
		    "ipc-static: FAIL: memory: a run needs [0-9]+ bytes \(2 buffers of [0-9]+: read, write; 100000 samples of [0-9]+; page tables: [0-9]+; the process: [0-9]+; its stack pre-fault: [0-9]+; margin: [0-9]+\), more than the [0-9]+ available \(memory cgroup v[12] .*\)"
		cg_remove
	else
		skip "hard-memory-samples-counted" "$CGWHY"
	fi
	if cg_make ipc-hard 536870912; then
		cg_run "$IPC_STATIC" -B -f -i shmem -b 178257920 -t 178257920 2proc
		expect "hard-memory-overhead-counted" 71 "" \
		    "ipc-static: FAIL: memory: a run needs [0-9]+ bytes \(3 buffers of 178257920: read, write, shared; shared control: [0-9]+; 1 sample of [0-9]+; page tables: [0-9]+; the process: [0-9]+; its stack pre-fault: [0-9]+; margin: [0-9]+\), more than the [0-9]+ available \(memory cgroup v[12] .*\)"
		cg_remove
	else
		skip "hard-memory-overhead-counted" "$CGWHY"
	fi
	TH_L=67108864
	th_grid hard-memory-64m-shmem-2proc-f "$TH_L" 3 80 104 8 -f -i shmem 2proc
	th_grid hard-memory-32m-samples 33554432 0 80 104 12 1thread
fi

# --- shmem: peer death at any instant never hangs the run ----------------------
# The child of a 2proc shmem run (8-byte messages, 1 GiB: mostly inside a
# hand-off, never finished) is killed at random instants, the two ends on
# one CPU or apart; the parent must exit 74 ("sender process killed")
# within 2 s every time; likewise a killed parent must take its child
# with it.  Under gdb the child is stopped and killed at each step of the
# hand-off (the copy, the "full" bit, the wake-up, the sleep), and with
# the old protocol at pthread_cond_signal+64, where it held the condition
# variable's lock.  make test samples 16 instants and two gdb stops;
# check-hard 500 instants, 100 parent kills and every gdb stop in both
# placements.
TH_NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
TH_KILL="-B -b 8 -t 1073741824 -i shmem"
if [ -n "${IPC_SANITIZED:-}" ]; then
	skip "hard-shmem-peer-death" "sanitizer build"
elif ! have python3 || [ ! -r /proc/self/stat ]; then
	skip "hard-shmem-peer-death" "python3 or /proc missing"
else
	if [ -n "${IPC_HARD_SLOW:-}" ]; then
		set -- 250:1,0 150:0 100:none
		TH_PK=100
	else
		set -- 8:1,0 4:0
		TH_PK=4
	fi
	for th_kc in "$@"; do
		th_n=${th_kc%%:*} th_c=${th_kc#*:}
		[ "$th_c" = 1,0 ] && [ "$TH_NCPU" -lt 2 ] && th_c=0
		th_pin="-c $th_c"
		[ "$th_c" = none ] && th_pin=
		# shellcheck disable=SC2086
		if python3 "$TOP/tests/shmem_kill.py" child "$th_n" "$th_n" 2 20 \
		    "$IPC_STATIC" $TH_KILL $th_pin 2proc >"$TMPD/kill.out" 2>&1; then
			pass "hard-shmem-kill-child-c$(echo "$th_c" | tr , .)" "$(tail -n 1 "$TMPD/kill.out")"
		else
			fail "hard-shmem-kill-child-c$(echo "$th_c" | tr , .)" "$(tr '\n' ';' <"$TMPD/kill.out")"
		fi
	done
	# shellcheck disable=SC2086
	if python3 "$TOP/tests/shmem_kill.py" parent "$TH_PK" 7 2 20 \
	    "$IPC_STATIC" $TH_KILL 2proc >"$TMPD/kill.out" 2>&1; then
		pass "hard-shmem-kill-parent" "$(tail -n 1 "$TMPD/kill.out")"
	else
		fail "hard-shmem-kill-parent" "$(tr '\n' ';' <"$TMPD/kill.out")"
	fi
fi

# th_gdb NAME LOCATION ARGS...: stop the child at LOCATION under gdb and
# kill it there (tests/shmem_gdbkill.py).
th_gdb() {
	_thgn=$1 _thgl=$2
	shift 2
	python3 "$TOP/tests/shmem_gdbkill.py" 2 "$_thgl" "$IPC_STATIC" \
	    "$@" >"$TMPD/gdb.out" 2>&1
	case $? in
	0)	pass "$_thgn" "$(tail -n 1 "$TMPD/gdb.out" | sed 's/^ok .*: the parent/the parent/')" ;;
	77)	skip "$_thgn" "$(tail -n 1 "$TMPD/gdb.out" | sed 's/^SKIP //')" ;;
	*)	fail "$_thgn" "$(tr '\n' ';' <"$TMPD/gdb.out")" ;;
	esac
}

if [ -n "${IPC_SANITIZED:-}" ]; then
	skip "hard-shmem-gdb" "sanitizer build"
elif ! have gdb || ! have python3 || [ "$(id -u)" != 0 ]; then
	skip "hard-shmem-gdb" "gdb, python3 or root (to attach) missing"
else
	th_pl="0 1,0"
	[ -n "${IPC_HARD_SLOW:-}" ] || th_pl=0
	[ "$TH_NCPU" -lt 2 ] && th_pl=0
	for th_c in $th_pl; do
		th_cn=$(echo "$th_c" | tr , .)
		# shellcheck disable=SC2086
		{
		th_gdb "hard-shmem-gdb-copied-c$th_cn" \
		    "$TOP/ipc/shmem.c:/shmem_publish(shm, SH_FULL, SH_RWAIT);/" \
		    $TH_KILL -c "$th_c" 2proc
		[ -n "${IPC_HARD_SLOW:-}" ] &&
		th_gdb "hard-shmem-gdb-published-c$th_cn" \
		    "$TOP/ipc/shmem.c:/if ((old & ~state & SH_HANGUP) != 0)/" \
		    $TH_KILL -c "$th_c" 2proc
		[ -n "${IPC_HARD_SLOW:-}" ] &&
		th_gdb "hard-shmem-gdb-waking-c$th_cn" ipc_futex_wake \
		    $TH_KILL -c "$th_c" 2proc
		[ -n "${IPC_HARD_SLOW:-}" ] &&
		th_gdb "hard-shmem-gdb-said-it-sleeps-c$th_cn" \
		    "$TOP/ipc/shmem.c:/		s |= mine;/" $TH_KILL -c "$th_c" 2proc
		th_gdb "hard-shmem-gdb-sleeping-c$th_cn" ipc_futex_wait \
		    $TH_KILL -c "$th_c" 2proc
		}
		# Where the old protocol hung: only if it ever comes back.
		if ! have nm; then
			skip "hard-shmem-gdb-old-cond-signal-c$th_cn" "nm missing"
		elif nm "$IPC_STATIC" 2>/dev/null | grep -q ' pthread_cond_signal$'; then
			# shellcheck disable=SC2086
			th_gdb "hard-shmem-gdb-old-cond-signal-c$th_cn" \
			    "*pthread_cond_signal+64" $TH_KILL -c "$th_c" 2proc
		else
			pass "hard-shmem-gdb-old-cond-signal-c$th_cn" "no pthread_cond_signal in the binary (nm)"
		fi
	done
fi

# --- describe judges IPC_PMC_TABLE as a run would -----------------------------
# The sweep's pre-flight runs `describe` with each point's flags: it must
# refuse an unknown table for every hardware set (64, the run's message),
# so that the grid is refused before anything runs, not point by point;
# the software set and a run without -P ignore the variable, as runs do.
for th_s in l1d l1i l2 mem tlb axi cpi arch dcache instr tlbmem; do
	th_bads="bogus"
	case $th_s in l1d | cpi | dcache) th_bads="bogus CORTEX-A72 \" generic\" hwpmc" ;; esac
	eval "set -- $th_bads"
	for th_bad in "$@"; do
		run env IPC_PMC_TABLE="$th_bad" "$IPC_STATIC" -q -P "$th_s" describe
		expect "hard-describe-table-$th_s-$(echo "$th_bad" | tr -c 'a-zA-Z0-9\n' _)" 64 "" \
		    "ipc-static: FAIL: IPC_PMC_TABLE=$th_bad: unknown event table \(cortex-a8, cortex-a72 or generic\)"
	done
	run env IPC_PMC_TABLE=cortex-a8 "$IPC_STATIC" -q -P "$th_s" describe
	expect "hard-describe-table-$th_s-valid" 0 "" ""
done
run env IPC_PMC_TABLE=bogus "$IPC_DYNAMIC" -P dcache describe
expect "hard-describe-table-text-ipc-dynamic" 64 "" \
    "ipc-dynamic: FAIL: IPC_PMC_TABLE=bogus: unknown event table \(cortex-a8, cortex-a72 or generic\)"
run env IPC_PMC_TABLE=bogus "$IPC_STATIC" -q -P sw describe
expect "hard-describe-table-ignored-by-sw" 0 "" ""
run env IPC_PMC_TABLE=bogus "$IPC_STATIC" -q describe
expect "hard-describe-table-ignored-without-P" 0 "" ""
if have python3; then
	run env IPC_PMC_TABLE=bogus python3 "$TOP/tools/ipc-sweep" run -q \
	    --sizes 4K --types pipe --modes 2thread --trials 1 --warmups 0 \
	    --total 64K --flags "-P dcache" --binary "$IPC_STATIC" \
	    --out "$TMPD/table.csv"
	if [ "$RC" = 64 ] && [ ! -s "$TMPD/table.csv" ] &&
	    grep -q 'IPC_PMC_TABLE=bogus: unknown event table' "$ERR"; then
		pass "hard-describe-table-sweep-preflight"
	else
		fail "hard-describe-table-sweep-preflight" "exit $RC, want 64 before any point ran"
	fi
else
	skip "hard-describe-table-sweep-preflight" "python3 not installed"
fi

# --- the TCP accept deadline is a time ---------------------------------------------
# tests/faultinject.so under ipc-dynamic.  Not shortened: a flood of stray
# connections (one every 1 or 5 ms, from a thread of the process itself)
# while our own connection arrives 200 or 400 ms late (a slow handshake):
# hundreds of strays, each closed, and the run still completes (before,
# every poll() a stray cut short counted as a full 100 ms slice, so 100
# strays used up the 10 s).  Not lengthened: our own connection never
# arrives and strays keep coming, every 1, 20 or 150 ms or none at all:
# the run ends (71) once the deadline's clock says 10 s, and says how long
# it waited and how many strays it closed.  There the clock and poll()
# run 20 times faster (IPCFI_CLOCK_MUL, IPCFI_POLL_DIV): 10 s take 0.5 s.
TH_FI=$TOP/tests/faultinject.so
if faultinject_usable "hard-accept-deadline"; then
	for th_c in 1:200:2thread 1:400:2proc 5:400:1thread 5:200:2thread; do
		th_st=${th_c%%:*} th_r=${th_c#*:}
		th_dl=${th_r%%:*} th_m=${th_r#*:}
		th_port
		run env LD_PRELOAD="$TH_FI" IPCFI_STRAY_MS="$th_st" \
		    IPCFI_CONNECT_DELAY_MS="$th_dl" "$IPC_DYNAMIC" -B -b 4096 \
		    -t 65536 -i tcp -p "$TH_PORT" "$th_m"
		expect "hard-accept-flood-every-${th_st}ms-own-${th_dl}ms-late-$th_m" 0 "$RATE" ""
	done
	for th_st in 1 20 150 0; do
		th_port
		set -- IPCFI_STRAY_MS="$th_st"
		[ "$th_st" = 0 ] && set --
		RUN_TIMEOUT=8 run env LD_PRELOAD="$TH_FI" IPCFI_FAIL=connect \
		    IPCFI_ERRNO=EINPROGRESS IPCFI_POLL_DIV=20 IPCFI_CLOCK_MUL=20 \
		    "$@" "$IPC_DYNAMIC" -B -b 4096 -t 65536 -i tcp \
		    -p "$TH_PORT" 2thread
		th_n=hard-accept-deadline-strays-every-${th_st}ms
		[ "$th_st" = 0 ] && th_n=hard-accept-deadline-no-strays
		th_many="[1-9][0-9]* other connections closed|1 other connection closed"
		[ "$th_st" = 0 ] && th_many="0 other connections closed"
		# At least 10 s by the deadline's clock, however late a loaded
		# machine wakes the last poll() (each real ms is 20 here: 14.4 s
		# was seen beside two CPU hogs); a deadline that strays could
		# push back would never end (RUN_TIMEOUT).
		expect "$th_n" 71 "" \
		    "ipc-dynamic: FAIL: accept: no connection from our own socket after waiting [1-9][0-9]+\.[0-9]{3} s \(($th_many)\)"
	done
fi
