# Sweeps that never damage what they are pointed at (tools/ipc-sweep):
# output files are only ever regular files of ours; one sweep per output;
# each point's whole process group ends with it; numeric options are
# range-checked; bytes that are not UTF-8 never give a traceback; a failed
# sweep leaves nothing of ours behind.  Drives ipc-sweep as a user would,
# with stand-ins for the benchmark that pass through to the real one;
# tests/sweep_check.py judges the files.  The classes found by random
# search (concurrent sweeps, signals at random instants) take
# IPC_SWEEP_SAMPLES samples each (`make check-sweep` takes many, and with
# IPC_SWEEP_SLOW=1 also runs the cases that wait out ipc-sweep's 2 s
# grace and every kind of file at every output's place).  Cases
# that need mount namespaces (devices, a full or read-only file system)
# run inside `unshare -m` with a tmpfs of their own: never on the real
# /dev.  No TCP.

SS_TOOL=$TOP/tools/ipc-sweep
SS_CHECK=$TOP/tests/sweep_check.py
SS_D=$TMPD/sweepsafe
SS_N=${IPC_SWEEP_SAMPLES:-2}
SS_SLOW=${IPC_SWEEP_SLOW:-}
mkdir -p "$SS_D"
# The interpreter: Debian's when present (pyenv's shim is slow to start).
SS_PY=
for ss_p in /usr/bin/python3 python3; do
	if have "$ss_p" && "$ss_p" -c 'import statistics; statistics.quantiles' \
	    >/dev/null 2>&1; then
		SS_PY=$ss_p; break
	fi
done

# ss_run ARGS...: `ipc-sweep ARGS`, bounded well below the file's limit
# (a sweep that waits for an orphan would otherwise hold the file).
ss_run() {
	timeout -k 5 20 "$SS_PY" "$SS_TOOL" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# ss_ls DIR: the names in DIR, one a line.
ss_ls() { (cd "$1" && ls -A | LC_ALL=C sort); }

# ss_rand N MAX SEED: N pseudo-random delays in [0, MAX) seconds.
ss_rand() {
	awk -v n="$1" -v m="$2" -v s="$3" \
	    'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * m }'
}

# Stand-ins for the benchmark.  Each records the processes it starts as
# "PID STARTTIME" in $D/procs (the start time tells a PID reused since),
# and none execs the benchmark: it runs as a child of the wrapper.  Each
# writes $D/started when asked to `describe` (the sweep has begun).
#   log.sh    logs each command line to $D/log
#   hang.sh   the 8 KiB point never ends (a child sleeps), after writing
#             $D/hanging
#   deaf.sh   the same, and the point's processes ignore SIGTERM
#   stray.sh  each point leaves a sleeping process behind that holds its
#             output open
#   escape.sh each point starts a process in a session of its own (out of
#             the point's process group) that holds its output for 5 s
#             (not the sweep's tiny probe run, which has -q)
#   gate.sh   points wait for $D/go
#   slow.sh   each point runs a 50 ms sleep, then the benchmark, and
#             leaves a sleeping process behind (output not held)
#   fill.sh   the 8 KiB point fills the file system of $D/fs first, once
#             after $D/fill-armed is made
ss_stub() {
	{
		echo '#!/bin/sh'
		echo "D='$SS_D' B='$IPC_STATIC'"
		echo 'rec() { echo "$1 $(sed "s/.*) //" /proc/$1/stat | cut -d" " -f20)" >>"$D/procs"; }'
		echo 'case " $* " in *" describe "*) : >"$D/started"; exec "$B" "$@";; esac'
		echo "$2"
		echo '"$B" "$@"'
	} >"$SS_D/$1"
	chmod +x "$SS_D/$1"
}
ss_stub log.sh 'echo "$*" >>"$D/log"'
ss_stub hang.sh 'case " $* " in *" -b 8192 "*) sleep 60 & rec $!; : >"$D/hanging"; wait;; esac'
ss_stub deaf.sh 'case " $* " in *" -b 8192 "*) trap "" TERM; sleep 60 & rec $!; : >"$D/hanging"; wait;; esac'
ss_stub stray.sh 'sleep 60 & rec $!'
ss_stub escape.sh 'case " $* " in *" -q "*) ;; *) rm -f "$D/esc"
	setsid sh -c "echo \$\$ >\"$D/esc.new\"; mv \"$D/esc.new\" \"$D/esc\"; exec sleep 5" &
	while [ ! -s "$D/esc" ]; do sleep 0.01; done; rec "$(cat "$D/esc")";; esac'
ss_stub gate.sh 'while [ ! -e "$D/go" ]; do sleep 0.01; done'
ss_stub slow.sh 'sleep 0.05 & rec $!; wait; sleep 60 </dev/null >/dev/null 2>&1 & rec $!'
ss_stub fill.sh 'case " $* " in *" -b 8192 "*) rm "$D/fill-armed" 2>/dev/null &&
	cat /dev/zero >"$D/fs/filler" 2>/dev/null;; esac'

# ss_alive [TRIES]: print the recorded processes still running, after
# giving the killed ones up to TRIES/20 s (default 5 s) to go; then kill
# any left and forget them all.
ss_alive() {
	ss_ai=0
	while :; do
		ss_live=
		[ -f "$SS_D/procs" ] && while read -r ss_pid ss_st; do
			ss_now=$(sed 's/.*) //' "/proc/$ss_pid/stat" 2>/dev/null)
			case $ss_now in Z* | '') continue ;; esac
			[ "$(echo "$ss_now" | cut -d' ' -f20)" = "$ss_st" ] &&
			    ss_live="$ss_live $ss_pid"
		done <"$SS_D/procs"
		[ -z "$ss_live" ] || [ "$ss_ai" -ge "${1:-100}" ] && break
		sleep 0.05; ss_ai=$((ss_ai + 1))
	done
	for ss_pid in $ss_live; do kill -9 "$ss_pid" 2>/dev/null; done
	rm -f "$SS_D/procs"
	echo $ss_live
}

# ss_wait FILE [TENTHS]: wait up to TENTHS/10 s (default 10 s) for FILE.
ss_wait() {
	ss_wi=0
	while [ ! -e "$1" ] && [ "$ss_wi" -lt "${2:-100}" ]; do
		sleep 0.1; ss_wi=$((ss_wi + 1))
	done
	[ -e "$1" ]
}

# ss_bg OUTFILE ERRFILE PIDFILE RCFILE ARGS...: start `ipc-sweep ARGS` in
# the background; its exit status goes to RCFILE when it ends.  An inner
# sh owns it, so that this shell never reaps a job killed by a signal.
ss_bg() {
	sh -c 'o=$1 e=$2 p=$3 r=$4; shift 4; "$@" >"$o" 2>"$e" & echo $! >"$p"
	    wait $!; echo $? >"$r"' ss "$@" 2>/dev/null &
}

ss_grid="--types pipe --modes 1thread --trials 2 --warmups 0 --total 64K"

if [ -z "$SS_PY" ]; then
	skip sweep-safe "no python3 with statistics.quantiles (3.8 or later)"
	return 0 2>/dev/null || exit 0
fi

# A small sweep for the plot cases.
ss_run run $ss_grid --sizes 4K,8K -q --out "$SS_D/ok.csv"
[ "$RC" = 0 ] || fail sweep-safe-setup "exit $RC"

# ---- output files: only regular files, refused before anything runs ----
# Each kind at --out, at the journal's and the histogram file's places,
# and at plot's --out: exit 74 naming the user's path, the object
# untouched, nothing created, the benchmark never run (not even to judge
# the grid).
ss_link='a symbolic link \(ipc-sweep writes only regular files, by renaming a new file over the old one, which would replace the link; give the path of the file itself\)'
while IFS='|' read -r ss_kind ss_make ss_what; do
	for ss_at in csv jsonl hist png; do
		ss_f=x.$ss_at
		[ "$ss_at" = hist ] && ss_f=x.hist.csv
		# Every kind at every place is check-sweep's; here the
		# histogram file and figures get two kinds.
		case $SS_SLOW:$ss_at:$ss_kind in
		:hist:fifo | :hist:link-to-file | :png:fifo | :png:link-to-file | \
		    :csv:* | :jsonl:* | 1:*) ;;
		*) continue ;;
		esac
		ss_k=$SS_D/k-$ss_kind-$ss_at
		rm -rf "$ss_k"; mkdir -p "$ss_k"
		: >"$ss_k/target"
		echo keep >"$ss_k/file"
		(cd "$ss_k" && eval "$ss_make $ss_f") ||
		    { skip "sweep-out-$ss_at-$ss_kind" "cannot make $ss_kind"; continue; }
		ss_before=$(cd "$ss_k" && ls -lA --time-style=+ | sed 's/^[^ ]* *[0-9]* //' | LC_ALL=C sort; cksum file)
		rm -f "$SS_D/log"
		if [ "$ss_at" = png ]; then
			ss_run plot "$SS_D/ok.csv" --out "$ss_k/x.png"
		else
			ss_run run $ss_grid --sizes 4K --binary "$SS_D/log.sh" \
			    -q --out "$ss_k/x.csv"
		fi
		[ "$ss_kind" = link-to-file ] && ss_w="$ss_link" || ss_w="$ss_what"
		ss_after=$(cd "$ss_k" && ls -lA --time-style=+ | sed 's/^[^ ]* *[0-9]* //' | LC_ALL=C sort; cksum file)
		if [ "$ss_before" != "$ss_after" ]; then
			fail "sweep-out-$ss_at-$ss_kind" "the directory changed: $ss_after"
		elif [ -s "$SS_D/log" ]; then
			fail "sweep-out-$ss_at-$ss_kind" "the benchmark ran"
		else
			expect "sweep-out-$ss_at-$ss_kind" 74 "" \
			    "ipc-sweep: cannot write $ss_k/$ss_f: it is $ss_w"
		fi
	done
done <<'EOF'
fifo|mkfifo|a FIFO
directory|mkdir|a directory
link-to-file|ln -s file|-
link-to-nothing|ln -s nothing|a symbolic link .*
link-to-fifo|mkfifo fifo && ln -s fifo|a symbolic link .*
link-to-directory|ln -s .|a symbolic link .*
socket|"$SS_PY" -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])'|a socket
EOF

# A regular file is replaced whole, and keeps its permissions.
ss_k=$SS_D/k-mode
rm -rf "$ss_k"; mkdir -p "$ss_k"
echo old >"$ss_k/x.csv"; chmod 600 "$ss_k/x.csv"
ss_run run $ss_grid --sizes 4K -q --out "$ss_k/x.csv"
if [ "$(stat -c %a "$ss_k/x.csv")" = 600 ] && ! grep -q '^old$' "$ss_k/x.csv"; then
	expect sweep-out-regular-keeps-mode 0 "" ""
else
	fail sweep-out-regular-keeps-mode "exit $RC; mode $(stat -c %a "$ss_k/x.csv")"
fi

# Devices, as root, in a mount namespace of our own whose /dev is a fresh
# tmpfs with fresh device nodes: /dev/null, /dev/full and the /dev/stdout
# symbolic link stay what they are, and nothing appears beside them.  The
# script stops before running anything unless /dev is the private tmpfs.
if [ "$(id -u)" != 0 ] || ! have unshare ||
    ! unshare -m true 2>/dev/null; then
	skip sweep-out-devices "needs root and unshare -m"
else
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c '
		py=$1 tool=$2 bin=$3 res=$4
		mount --make-rprivate / 2>/dev/null
		mount -t tmpfs -o size=1m,mode=755 ipc-sweep-test /dev || exit 3
		[ "$(stat -f -c %T /dev)" = tmpfs ] || exit 3
		: >/dev/.ipc-sweep-test-ns
		mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 &&
		    ln -s /proc/self/fd/1 /dev/stdout &&
		    mknod -m 666 /dev/fig.png c 1 3 || exit 3
		for o in /dev/null /dev/full /dev/stdout; do
			"$py" "$tool" run --binary "$bin" --sizes 4K --types pipe \
			    --modes 1thread --trials 1 --total 4K -q --out "$o" \
			    </dev/null >/dev/.out 2>/dev/.err
			echo "$o $? $(cat /dev/.out /dev/.err | tr "\n" " ")"
		done >"$res"
		"$py" "$tool" plot "${res%/*}/ok.csv" --out /dev/fig.png \
		    </dev/null >/dev/.out 2>/dev/.err
		echo "/dev/fig.png $? $(cat /dev/.out /dev/.err | tr "\n" " ")" >>"$res"
		rm -f /dev/.out /dev/.err /dev/.ipc-sweep-test-ns
		echo "ls $(ls -A /dev | tr "\n" " ")" >>"$res"
		for f in null full fig.png; do
			echo "$f $(stat -c "%F %t:%T" /dev/$f)"
		done >>"$res"
		echo "stdout $(stat -c %F /dev/stdout) $(readlink /dev/stdout)" >>"$res"
		if echo x >/dev/full 2>/dev/null; then echo "full accepts writes"
		else echo "full refuses writes"; fi >>"$res"
		' ss "$SS_PY" "$SS_TOOL" "$SS_D/log.sh" "$SS_D/devices" \
	    >"$OUT" 2>"$ERR"
	RC=$?
	{
		for o in null full; do
			echo "/dev/$o 74 ipc-sweep: cannot write /dev/$o: it is a character device "
		done
		echo "/dev/stdout 74 ipc-sweep: cannot write /dev/stdout: it is $(echo "$ss_link" | tr -d '\\') "
		echo "/dev/fig.png 74 ipc-sweep: cannot write /dev/fig.png: it is a character device "
		echo "ls fig.png full null stdout "
		echo "null character special file 1:3"
		echo "full character special file 1:7"
		echo "fig.png character special file 1:3"
		echo "stdout symbolic link /proc/self/fd/1"
		echo "full refuses writes"
	} >"$SS_D/devices.want"
	if [ "$RC" = 3 ]; then
		skip sweep-out-devices "cannot mount a private tmpfs on /dev"
	elif [ "$RC" != 0 ]; then
		fail sweep-out-devices "the namespace script exited $RC"
	elif cmp -s "$SS_D/devices.want" "$SS_D/devices"; then
		pass sweep-out-devices
	else
		fail_diff sweep-out-devices "a device was touched" \
		    "$SS_D/devices.want" "$SS_D/devices"
	fi
fi

# ---- one sweep per output ---------------------------------------------
# A sweep blocked in its first point holds the lock: a second one on the
# same files, fresh or --resume, or named another way, is refused with 75
# while the first still runs (so "at once", without timing it), and
# changes nothing; the first then ends whole.
ss_l=$SS_D/lock
rm -rf "$ss_l" "$SS_D/go"; mkdir -p "$ss_l"
ss_bg "$ss_l/a.out" "$ss_l/a.err" "$ss_l/a.pid" "$ss_l/a.rc" \
    "$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K,8K,16K --binary "$SS_D/gate.sh" \
    -q --out "$ss_l/x.csv"
ss_lock_ere='ipc-sweep: .* is being written by another ipc-sweep run \(it holds the lock on .*/x\.jsonl\); wait for it to end, or give another --out'
if ss_wait "$ss_l/x.jsonl"; then
	ss_before=$(ss_ls "$ss_l")
	for ss_v in "fresh|" "resume|--resume" "other-name|--out $ss_l/../lock/x" \
	    "dry-run-not-locked|--dry-run --resume"; do
		ss_n=${ss_v%%|*}
		# shellcheck disable=SC2086 # the options are words
		ss_run run $ss_grid --sizes 4K,8K,16K --binary "$SS_D/gate.sh" -q \
		    --out "$ss_l/x.csv" ${ss_v#*|}
		if [ -e "$ss_l/a.rc" ]; then
			fail "sweep-lock-$ss_n" "the first sweep ended meanwhile"
		elif [ "$ss_n" = dry-run-not-locked ]; then
			expect "sweep-lock-$ss_n" 0 "'?$SS_D/gate.sh'? -B .*" ""
		elif [ "$(ss_ls "$ss_l")" != "$ss_before" ]; then
			fail "sweep-lock-$ss_n" "files changed: $(ss_ls "$ss_l" | tr '\n' ' ')"
		else
			expect "sweep-lock-$ss_n" 75 "" "$ss_lock_ere"
		fi
	done
else
	fail sweep-lock-fresh "the first sweep never started"
fi
: >"$SS_D/go"
ss_wait "$ss_l/a.rc"
if [ "$(cat "$ss_l/a.rc" 2>/dev/null)" = 0 ]; then
	swp_why=$("$SS_PY" "$SS_CHECK" rows "$ss_l/x.csv" 3 2 2>&1) &&
	    pass sweep-lock-first-whole || fail sweep-lock-first-whole "$swp_why"
else
	fail sweep-lock-first-whole "exit $(cat "$ss_l/a.rc" 2>/dev/null)"
fi

# Concurrent sweeps, sampled: B starts at a random instant (0-250 ms)
# after A, each fresh or --resume at random, over no files or a partial
# sweep (one point of three complete, a torn line).  Whichever takes the
# lock blocks in its first point until the other has ended: exactly one
# must be refused (75); then the winner ends (0) and the files hold the
# grid exactly once.  In half the pairs the gate opens at a random instant
# instead, so that the winner may end while the other starts: then both
# may succeed, one after the other, and the files must still be whole.
ss_seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
ss_pairs=0 ss_refused=0 ss_bad=
ss_i=0
# A journal with the 4K point of the grid complete.
: >"$SS_D/go"
"$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K --binary "$SS_D/gate.sh" -q \
    --out "$SS_D/part.csv" >/dev/null 2>&1
ss_rand $((SS_N * 4)) 1 "$ss_seed" >"$SS_D/rand"
while [ "$ss_i" -lt "$SS_N" ]; do
	ss_i=$((ss_i + 1))
	read -r ss_r1; read -r ss_r2; read -r ss_r3; read -r ss_r4
	ss_l=$SS_D/pair$ss_i
	rm -rf "$ss_l" "$SS_D/go"; mkdir -p "$ss_l"
	ss_a=; ss_b=
	awk -v r="$ss_r1" 'BEGIN { exit !(r < 0.5) }' && ss_a=--resume
	awk -v r="$ss_r2" 'BEGIN { exit !(r < 0.5) }' && ss_b=--resume
	ss_hold=$(awk -v r="$ss_r3" 'BEGIN { print (r < 0.5) ? 1 : 0 }')
	ss_d=$(awk -v r="$ss_r4" 'BEGIN { printf "%.3f", r * 0.25 }')
	if awk -v r="$ss_r3" 'BEGIN { exit !(r * 4 % 1 < 0.5) }'; then
		cp "$SS_D/part.jsonl" "$ss_l/x.jsonl"
		printf '{"type": "pi' >>"$ss_l/x.jsonl"
	fi
	# shellcheck disable=SC2086 # the option is a word or none
	ss_bg "$ss_l/a.out" "$ss_l/a.err" "$ss_l/a.pid" "$ss_l/a.rc" \
	    "$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K,8K,16K \
	    --binary "$SS_D/gate.sh" -q $ss_a --out "$ss_l/x.csv"
	sleep "$ss_d"
	# shellcheck disable=SC2086
	ss_bg "$ss_l/b.out" "$ss_l/b.err" "$ss_l/b.pid" "$ss_l/b.rc" \
	    "$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K,8K,16K \
	    --binary "$SS_D/gate.sh" -q $ss_b --out "$ss_l/x.csv"
	if [ "$ss_hold" = 1 ]; then
		ss_j=0
		while [ ! -e "$ss_l/a.rc" ] && [ ! -e "$ss_l/b.rc" ] &&
		    [ "$ss_j" -lt 200 ]; do
			sleep 0.05; ss_j=$((ss_j + 1))
		done
	else
		sleep "$(awk -v r="$ss_r1" 'BEGIN { printf "%.3f", r * 0.3 }')"
	fi
	: >"$SS_D/go"
	ss_wait "$ss_l/a.rc" 200; ss_wait "$ss_l/b.rc" 200
	ss_rcs="$(cat "$ss_l/a.rc" 2>/dev/null) $(cat "$ss_l/b.rc" 2>/dev/null)"
	ss_pairs=$((ss_pairs + 1))
	case $ss_rcs in *75*) ss_refused=$((ss_refused + 1)) ;; esac
	ss_why=
	case $ss_hold:$ss_rcs in
	1:"0 75" | 1:"75 0" | 0:"0 75" | 0:"75 0" | 0:"0 0") ;;
	*) ss_why="exits $ss_rcs" ;;
	esac
	for ss_w in a b; do
		case $(cat "$ss_l/$ss_w.rc" 2>/dev/null) in
		75) grep -Eqx "$ss_lock_ere" "$ss_l/$ss_w.err" ||
		    ss_why="$ss_why; $ss_w: $(cat "$ss_l/$ss_w.err")" ;;
		0) grep -v '^ipc-sweep: resume: dropped 1 torn or incomplete row(s) from ' \
		    "$ss_l/$ss_w.err" | grep -q . &&
		    ss_why="$ss_why; $ss_w: $(cat "$ss_l/$ss_w.err")" ;;
		esac
	done
	if [ -z "$ss_why" ] &&
	    ! ss_c=$("$SS_PY" "$SS_CHECK" rows "$ss_l/x.csv" 3 2 2>&1); then
		ss_why="files: $ss_c"
	fi
	ls "$ss_l" | grep -q '\.tmp$' && ss_why="$ss_why; left $(ls "$ss_l" | tr '\n' ' ')"
	[ -n "$ss_why" ] && ss_bad="$ss_bad [pair $ss_i: A ${ss_a:-fresh}, B ${ss_b:-fresh} after ${ss_d}s, hold $ss_hold: $ss_why]"
done <"$SS_D/rand"
if [ -z "$ss_bad" ]; then
	pass sweep-lock-concurrent-sampled "$ss_pairs pairs, $ss_refused refused, seed $ss_seed"
else
	fail sweep-lock-concurrent-sampled "seed $ss_seed:$ss_bad"
fi

# ---- each point's whole process group ---------------------------------
# The stand-ins do not exec the benchmark, so a kill of the direct child
# alone would leave the rest running (and the sweep waiting on the output
# they hold).  Grid order: 4K, 8K (the one that hangs), 16K.
ss_g="$ss_grid --sizes 4K,8K,16K --order grid"
rm -f "$SS_D/procs"
# shellcheck disable=SC2086
ss_run run $ss_g --binary "$SS_D/hang.sh" --timeout 0.5 -q \
    --out "$SS_D/to.csv"
ss_left=$(ss_alive)
ss_e='ipc-sweep: point pipe 1thread 8K failed \(exit 124\): ipc-sweep: timed out after 0\.5 s'
if [ -n "$ss_left" ]; then
	fail sweep-pgrp-timeout "processes left running: $ss_left"
else
	expect sweep-pgrp-timeout 1 "" "$ss_e|ipc-sweep: 1 point\(s\) failed; .*"
fi
swp_why=$("$SS_PY" "$SS_CHECK" failed "$SS_D/to.csv" 8192 124 \
    "timed out after 0.5 s" 2>&1) && [ "$(grep -c ',16384,' "$SS_D/to.csv")" = 2 ] &&
    pass sweep-pgrp-timeout-recorded ||
    fail sweep-pgrp-timeout-recorded "$swp_why"

# SIGINT and SIGTERM while the 8K point hangs: the sweep ends (130, 143),
# and so does everything the point started.
# With deaf.sh the SIGTERM the sweep passes on is ignored: SIGKILL
# follows 2 s later.
ss_sigs="INT:130:hang TERM:143:hang"
if [ -n "$SS_SLOW" ]; then
	ss_sigs="$ss_sigs TERM:143:deaf"
else
	skip sweep-pgrp-sigTERM-ignored "waits out the 2 s grace: make check-sweep"
fi
for ss_s in $ss_sigs; do
	ss_sn=${ss_s%%:*}
	ss_sb=${ss_s##*:}
	ss_s=${ss_s%:*}
	rm -f "$SS_D/hanging" "$SS_D/s.rc" "$SS_D/procs"
	ss_bg "$OUT" "$ERR" "$SS_D/s.pid" "$SS_D/s.rc" "$SS_PY" "$SS_TOOL" run \
	    $ss_g --binary "$SS_D/$ss_sb.sh" -q --out "$SS_D/sig.csv"
	if ss_wait "$SS_D/hanging"; then
		kill "-${ss_s%:*}" "$(cat "$SS_D/s.pid")"
		ss_wait "$SS_D/s.rc" 150
	fi
	RC=$(cat "$SS_D/s.rc" 2>/dev/null)
	ss_left=$(ss_alive)
	ss_n=sweep-pgrp-sig$ss_sn
	[ "$ss_sb" = deaf ] && ss_n=$ss_n-ignored
	if [ -z "$RC" ]; then
		kill -9 "$(cat "$SS_D/s.pid")"
		fail "$ss_n" "the sweep did not end"
	elif [ -n "$ss_left" ]; then
		fail "$ss_n" "processes left running: $ss_left"
	else
		expect "$ss_n" "${ss_s#*:}" "" \
		    "ipc-sweep: interrupted: 1 of 3 points run now are recorded in .*; rerun with --resume to finish"
	fi
done

# A point whose leader ends but leaves a process behind holding its
# output: the point ends with its leader, whatever it left is killed.
rm -f "$SS_D/procs"
ss_run run $ss_g --binary "$SS_D/stray.sh" -q --out "$SS_D/stray.csv"
ss_left=$(ss_alive)
if [ -n "$ss_left" ]; then
	fail sweep-pgrp-stray "processes left running: $ss_left"
else
	expect sweep-pgrp-stray 0 "" ""
fi

# A process that leaves the point's process group (setsid) is out of
# reach: its hold on the output is given up GRACE (2 s) after the leader
# ends, and the row says so.
if [ -z "$SS_SLOW" ]; then
	skip sweep-pgrp-escaped "waits out the 2 s grace: make check-sweep"
else
	rm -f "$SS_D/procs"
	ss_run run $ss_grid --sizes 4K --binary "$SS_D/escape.sh" -q \
	    --out "$SS_D/esc.csv"
	ss_alive 0 >/dev/null
	if grep -q 'its output was still open 2 s after it ended, held by a process outside its process group; stopped reading it' \
	    "$SS_D/esc.csv"; then
		expect sweep-pgrp-escaped 0 "" ""
	else
		fail sweep-pgrp-escaped "exit $RC; no note in the row"
	fi
fi

# ---- numeric options: ranges, never a traceback -------------------------
# Each bad value: exit 64 and the reason before anything runs.
while read -r ss_n ss_args; do
	rm -f "$SS_D/log" "$SS_D/range.csv"
	# shellcheck disable=SC2086
	ss_run run $ss_grid --sizes 4K --binary "$SS_D/log.sh" $ss_args \
	    --out "$SS_D/range.csv"
	if [ -e "$SS_D/range.csv" ] || grep -qv ' describe$' "$SS_D/log" 2>/dev/null; then
		fail "sweep-range-$ss_n" "a point ran or a file was written"
	else
		expect "sweep-range-$ss_n" 64 "" "ipc-sweep: bad grid: (bad --[a-z]+ '[^ ]*'(\\.\\.\\.)?: want .*|bad size '[0-9]+G?'(\\.\\.\\.)?: at most 9223372036854775807|--trials 50000 plus --warmups 50001 is more than 100000, the benchmark's cap on -n plus -w)"
	fi
done <<EOF
timeout-inf --timeout inf
timeout-1e308 --timeout 1e308
timeout-2200000 --timeout 2200000
timeout-nan --timeout nan
timeout-zero --timeout 0
timeout-negative --timeout -1
timeout-underflow --timeout 1e-400
timeout-word --timeout soon
trials-zero --trials 0
trials-above --trials 100001
trials-digits --trials 1$(printf '%05000d' 0)
runs-above --trials 50000 --warmups 50001
warmups-above --warmups 100001
warmups-digits --warmups 1$(printf '%05000d' 0)
seed-negative --seed -1
seed-above --seed 9223372036854775808
seed-digits --seed 1$(printf '%05000d' 0)
size-digits --total 1$(printf '%05000d' 0)
size-above --total 8589934592G
EOF
# The ends of each range are accepted, and so are leading zeros
# (--dry-run: nothing runs).
ss_run run $ss_grid --sizes 0$(printf '%05000d' 4)K --timeout 1000000 \
    --trials 0$(printf '%05000d' 100000) --warmups 0 \
    --seed 9223372036854775807 --order grid --dry-run --out "$SS_D/range.csv"
expect sweep-range-ends 0 ".* -n 100000 -w 0 .* -b 4096 .*" ""

# ---- bytes that are not UTF-8 -------------------------------------------
ss_u=$SS_D/$(printf 'u\377')
mkdir -p "$ss_u"
cp "$SS_D/log.sh" "$ss_u/bench"
ss_run run $ss_grid --sizes 4K --binary "$ss_u/bench" --out "$SS_D/u.csv"
expect sweep-utf8-binary 64 "" \
    "ipc-sweep: bad grid: bad --binary .*/u\\\\xff/bench: not UTF-8, and the CSV and the journal record it as text .*"
ss_run run $ss_grid --sizes 4K -q --out "$ss_u/x.csv"
if [ -s "$ss_u/x.csv" ] && [ -s "$ss_u/x.jsonl" ]; then
	expect sweep-utf8-out 0 "" ""
else
	fail sweep-utf8-out "exit $RC; no files"
fi
printf 'type,mode\npipe,\377\n' >"$SS_D/bad.csv"
ss_run plot "$SS_D/bad.csv" --out "$SS_D/bad.png"
expect sweep-utf8-plot-csv 65 "" "ipc-sweep: .*/bad\.csv is not UTF-8 text \(.*\)"
ss_run plot "$SS_D/ok.csv" --title "$(printf 'a\377')" --out "$SS_D/t.svg"
expect sweep-utf8-plot-title 64 "" 'ipc-sweep: bad --title a\\xff: not UTF-8'
ss_run plot "$SS_D/ok.csv" --label "$(printf 'pipe 1thread=\377')" \
    --out "$SS_D/t.svg"
expect sweep-utf8-plot-label 64 "" 'ipc-sweep: bad --label pipe 1thread=\\xff: not UTF-8'
ss_run compare "$SS_D/ok.csv" --a "$(printf 'ipctype=\377')" --b ipctype=pipe
expect sweep-utf8-compare-selector 64 "" 'ipc-sweep: bad --a ipctype=\\xff: not UTF-8'
if "$SS_PY" -c 'import scipy, matplotlib' 2>/dev/null; then
	ss_b=$SS_D/$(printf 'b\377').csv
	cp "$SS_D/ok.csv" "$ss_b"
	ss_run compare "$SS_D/ok.csv" "$ss_b" --out "$SS_D/cmp.svg"
	if [ "$RC" = 0 ] && grep -qx '  B = b\\xff\.csv' "$OUT" &&
	    grep -q 'b\\xff\.csv' "$SS_D/cmp.svg"; then
		pass sweep-utf8-compare-path
	else
		fail sweep-utf8-compare-path "exit $RC; want B = b\\xff.csv in the table and the figure"
	fi
else
	skip sweep-utf8-compare-path "no scipy and matplotlib for $SS_PY"
fi
# Journal rows that hold a list or an object where a value belongs, and
# lines that are not rows at all: dropped, and their points run again.
cp "$SS_D/ok.jsonl" "$SS_D/j.jsonl"
for ss_s in 's/"buffersize": [0-9]*/"buffersize": [4096]/' \
    's/"ipctype": "pipe"/"ipctype": {"pipe": 1}/' 's/"stderr": ""/"stderr": [""]/'; do
	sed -n 1p "$SS_D/ok.jsonl" | sed "$ss_s" >>"$SS_D/j.jsonl"
done
{
	echo '[1, 2]'; echo 'null'; echo '{"status": true}'; echo '"x"'
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }'
	printf '\377\n'
} >>"$SS_D/j.jsonl"
ss_run run $ss_grid --sizes 4K,8K -q --resume --out "$SS_D/j.csv"
if swp_why=$("$SS_PY" "$SS_CHECK" rows "$SS_D/j.csv" 2 2 2>&1); then
	expect sweep-utf8-journal-values 0 "" \
	    "ipc-sweep: resume: dropped [0-9]+ torn or incomplete row\(s\) from .*"
else
	fail sweep-utf8-journal-values "exit $RC; $swp_why"
fi

# ---- clean failure ------------------------------------------------------
# In a mount namespace of our own: a read-only file system, and a full
# one (before the first point, with and without an earlier sweep's files
# there, and in the middle of a sweep).  The error names the user's file,
# never a temporary of ours, and nothing of ours is left: a sweep that
# records nothing changes nothing.  The script writes "NAME RC STDERR"
# and "NAME-ls LISTING" lines to clean.res; the judging is done here.
cat >"$SS_D/clean.sh" <<'CLEAN'
py=$1 tool=$2 d=$3
grid="--types pipe --modes 1thread --trials 4 --warmups 0 --total 64K -q"
mount --make-rprivate / 2>/dev/null
mkdir -p "$d/fs" "$d/ro" || exit 3
mount -t tmpfs -o size=64k ipc-sweep-test "$d/fs" &&
    mount -t tmpfs -o ro,size=64k ipc-sweep-test "$d/ro" || exit 3
sweep() {
	name=$1; shift
	"$py" "$tool" run $grid "$@" </dev/null >/dev/null 2>"$d/c.err"
	echo "$name $? $(tr '\n' ' ' <"$d/c.err")"
}
list() { echo "$1-ls $(cd "$2" && ls -A | tr '\n' ' ')$(cd "$2" && cksum x.* 2>/dev/null | tr '\n' ' ')"; }
sweep ro --sizes 4K --binary "$d/log.sh" --out "$d/ro/x.csv"
list ro "$d/ro"
cat /dev/zero >"$d/fs/filler" 2>/dev/null
sweep full-empty --sizes 4K --binary "$d/log.sh" --out "$d/fs/x.csv"
list full-empty "$d/fs"
rm -f "$d/fs/filler"
cp "$d/ok.csv" "$d/fs/x.csv" && cp "$d/ok.jsonl" "$d/fs/x.jsonl"
list full-old-before "$d/fs"
cat /dev/zero >"$d/fs/filler" 2>/dev/null
sweep full-old --sizes 4K --binary "$d/log.sh" --out "$d/fs/x.csv"
list full-old "$d/fs"
rm -f "$d/fs/filler" "$d/fs/x.csv" "$d/fs/x.jsonl"
: >"$d/fill-armed"
sweep full-midway --sizes 4K,8K,16K --order grid --binary "$d/fill.sh" \
    --out "$d/fs/x.csv"
list full-midway "$d/fs"
rm -f "$d/fs/filler"
sweep full-resumed --sizes 4K,8K,16K --order grid --binary "$d/fill.sh" \
    --resume --out "$d/fs/x.csv"
cp "$d/fs/x.csv" "$d/fs/x.jsonl" "$d/" 2>/dev/null
list full-resumed "$d/fs"
CLEAN
if [ "$(id -u)" != 0 ] || ! have unshare || ! unshare -m true 2>/dev/null; then
	skip sweep-clean "needs root and unshare -m"
else
	rm -f "$SS_D/x.csv" "$SS_D/x.jsonl"
	unshare -m sh "$SS_D/clean.sh" "$SS_PY" "$SS_TOOL" "$SS_D" \
	    >"$SS_D/clean.res" 2>&1
	RC=$?
	if [ "$RC" = 3 ]; then
		skip sweep-clean "cannot mount a tmpfs"
	else
		: >"$OUT"; : >"$ERR"
		# ss_res NAME: the recorded line of NAME, without the name.
		ss_res() { sed -n "s|^$1 ||p" "$SS_D/clean.res"; }
		ss_old=$(ss_res full-old-before-ls)
		while IFS='|' read -r ss_n ss_want ss_wls; do
			ss_got=$(ss_res "$ss_n")
			ss_gotls=$(ss_res "$ss_n-ls")
			if ! echo "$ss_got" | grep -Eqx "$ss_want"; then
				fail "sweep-clean-$ss_n" "got: $ss_got"
			elif echo "$ss_got" | grep -q '\.tmp'; then
				fail "sweep-clean-$ss_n" "names a temporary: $ss_got"
			elif [ "$ss_gotls" != "$ss_wls" ]; then
				fail "sweep-clean-$ss_n" "left: $ss_gotls; want $ss_wls"
			else
				pass "sweep-clean-$ss_n"
			fi
		done <<EOF
ro|74 ipc-sweep: cannot write $SS_D/ro/x\.jsonl: Read-only file system |
full-empty|74 ipc-sweep: cannot write $SS_D/fs/x\.csv: No space left on device |filler 
full-old|74 ipc-sweep: cannot write $SS_D/fs/x\.csv: No space left on device |filler $ss_old
EOF
		ss_got=$(ss_res full-midway)
		ss_gotls=$(ss_res full-midway-ls)
		if ! echo "$ss_got" | grep -Eqx "74 ipc-sweep: cannot write $SS_D/fs/x\.(csv|jsonl): No space left on device; the points recorded so far are kept: rerun with --resume to finish "; then
			fail sweep-clean-full-midway "got: $ss_got"
		elif echo "$ss_gotls" | grep -q '\.tmp'; then
			fail sweep-clean-full-midway "left: $ss_gotls"
		else
			pass sweep-clean-full-midway
		fi
		ss_got=$(ss_res full-resumed)
		if ! echo "$ss_got" | grep -Eqx "0 (ipc-sweep: resume: dropped [0-9]+ torn or incomplete row\(s\) from $SS_D/fs/x\.jsonl )?"; then
			fail sweep-clean-full-resumed "got: $ss_got"
		elif ! swp_why=$("$SS_PY" "$SS_CHECK" rows "$SS_D/x.csv" 3 4 2>&1); then
			fail sweep-clean-full-resumed "$swp_why"
		else
			pass sweep-clean-full-resumed
		fi
	fi
fi

# ---- signals at random instants ----------------------------------------
# SIGINT, SIGTERM or SIGKILL, 0-400 ms after the sweep has begun (its
# first `describe`), to a fresh sweep of 4 points through slow.sh.  After
# SIGINT or SIGTERM: exit 130 or 143 (0 if it ended first), the files hold
# whole points only (none at all if none was recorded), no temporary of
# ours is left, and no process of any point.  After any of them, --resume
# ends the sweep with every point exactly once.
ss_seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
ss_rand $((SS_N * 2)) 1 "$ss_seed" >"$SS_D/rand"
ss_i=0 ss_bad= ss_hits=0
while [ "$ss_i" -lt "$SS_N" ]; do
	ss_i=$((ss_i + 1))
	read -r ss_r1; read -r ss_r2
	ss_s=$(awk -v r="$ss_r1" 'BEGIN { print (r < 0.4) ? "INT" : (r < 0.8) ? "TERM" : "KILL" }')
	ss_d=$(awk -v r="$ss_r2" 'BEGIN { printf "%.3f", r * 0.4 }')
	ss_l=$SS_D/sig$ss_i
	rm -rf "$ss_l" "$SS_D/started" "$SS_D/procs"; mkdir -p "$ss_l"
	ss_bg "$ss_l/a.out" "$ss_l/a.err" "$ss_l/a.pid" "$ss_l/a.rc" \
	    "$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K,8K,16K,32K \
	    --binary "$SS_D/slow.sh" -q --out "$ss_l/x.csv"
	ss_wait "$SS_D/started" && sleep "$ss_d"
	kill "-$ss_s" "$(cat "$ss_l/a.pid")" 2>/dev/null
	ss_wait "$ss_l/a.rc" 150
	ss_rc=$(cat "$ss_l/a.rc" 2>/dev/null)
	ss_why=
	if [ "$ss_s" = KILL ]; then
		ss_alive 0 >/dev/null  # what the killed sweep could not end
		case $ss_rc in 0 | 137) ;; *) ss_why="exit $ss_rc" ;; esac
	else
		ss_left=$(ss_alive)
		[ -n "$ss_left" ] && ss_why="left running: $ss_left"
		ss_n=$(sed -n 's/^ipc-sweep: interrupted: \([0-9]*\) of 4 points run now are recorded in .*; rerun with --resume to finish$/\1/p' "$ss_l/a.err")
		case $ss_rc:$ss_s in
		0:*) [ -s "$ss_l/a.err" ] && ss_why="$ss_why; stderr $(cat "$ss_l/a.err")" ;;
		130:INT | 143:TERM)
			ss_hits=$((ss_hits + 1))
			if [ -n "$ss_n" ]; then
				ss_c=$("$SS_PY" "$SS_CHECK" rows "$ss_l/x.csv" "$ss_n" 2 2>&1) ||
				    ss_why="$ss_why; files: $ss_c"
			elif ! grep -Eqx 'ipc-sweep: interrupted before any point was recorded; .* is as it was' "$ss_l/a.err"; then
				ss_why="$ss_why; stderr $(cat "$ss_l/a.err")"
			elif [ -n "$(ls -A "$ss_l" | grep '^x\.')" ]; then
				ss_why="$ss_why; left $(ls -A "$ss_l" | tr '\n' ' ')"
			fi
			;;
		*) ss_why="$ss_why; exit $ss_rc, stderr $(cat "$ss_l/a.err")" ;;
		esac
		ls -A "$ss_l" | grep -q '\.tmp$' &&
		    ss_why="$ss_why; left $(ls -A "$ss_l" | tr '\n' ' ')"
	fi
	"$SS_PY" "$SS_TOOL" run $ss_grid --sizes 4K,8K,16K,32K \
	    --binary "$SS_D/slow.sh" -q --resume --out "$ss_l/x.csv" \
	    >"$ss_l/r.out" 2>"$ss_l/r.err"
	ss_rrc=$?
	ss_alive 0 >/dev/null
	if [ "$ss_rrc" != 0 ]; then
		ss_why="$ss_why; --resume exit $ss_rrc: $(cat "$ss_l/r.err")"
	elif ! ss_c=$("$SS_PY" "$SS_CHECK" rows "$ss_l/x.csv" 4 2 2>&1); then
		ss_why="$ss_why; after --resume: $ss_c"
	fi
	[ -n "$ss_why" ] && ss_bad="$ss_bad [SIG$ss_s ${ss_d}s after start: $ss_why]"
done <"$SS_D/rand"
if [ -z "$ss_bad" ]; then
	pass sweep-signal-sampled "$SS_N instants, $ss_hits interrupted mid-sweep, seed $ss_seed"
else
	fail sweep-signal-sampled "seed $ss_seed:$ss_bad"
fi
