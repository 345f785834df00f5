# Sweeps and plots (tools/ipc-sweep) and `make install` (tests/t_docs.sh
# checks the manual page).  Drives ipc-sweep as a user would;
# tests/sweep_check.py judges its files independently.  Works sourced by tests/run.sh or run on
# its own after lib.sh.  TCP ports: offsets 700-799.

SWP_TOOL=$TOP/tools/ipc-sweep
SWP_CHECK=$TOP/tests/sweep_check.py
SWP_D=$TMPD/sweep
mkdir -p "$SWP_D"
# The interpreter for ipc-sweep: Debian's when present (pyenv's shim takes
# ~1 s per start), else any python3.
SWP_PY=$(python_with 'import statistics; statistics.quantiles')
# An interpreter that has matplotlib, if any (plot cases need one).
SWP_MPL=$(python_with 'import matplotlib')

# swp_check NAME CHECK ARGS...: run sweep_check.py; pass or fail NAME.
swp_check() {
	swp_n=$1; shift
	swp_why=$("$SWP_PY" "$SWP_CHECK" "$@" 2>&1)
	if [ $? -eq 0 ]; then pass "$swp_n"; else fail "$swp_n" "$swp_why"; fi
}

# swp_wait FILE: wait up to 10 s for FILE to appear.
swp_wait() {
	swp_i=0
	while [ ! -e "$1" ] && [ "$swp_i" -lt 200 ]; do
		sleep 0.05; swp_i=$((swp_i + 1))
	done
	[ -e "$1" ]
}

# Stand-ins for the benchmark, each passing through to the real one:
# log.sh records every command line; fail.sh fails the 8 KiB point like a
# failing set-up call; block.sh blocks in the 8 KiB point until the file
# "go" exists, after writing the PID to kill to "blockpid".
swp_stub() {
	{
		echo '#!/bin/sh'
		echo "D='$SWP_D'"
		echo "$2"
		echo "exec '$IPC_STATIC' \"\$@\""
	} >"$SWP_D/$1"
	chmod +x "$SWP_D/$1"
}
swp_stub log.sh 'echo "$*" >>"$D/log"'
swp_stub fail.sh 'case " $* " in *" describe "*) ;; *" -b 8192 "*)
	echo "ipc-static: FAIL: socket: injected failure" >&2; exit 71;; esac'
swp_stub block.sh 'case " $* " in *" describe "*) ;; *" -b 8192 "*)
	[ -e "$D/go" ] || { echo $$ >"$D/blockpid"; exec sleep 60; };; esac'

# swp_bg SIGNAL ARGS...: start `ipc-sweep run ARGS` with block.sh in the
# background, send SIGNAL once it blocks in its second point, and collect
# it as `run` would.  An inner sh owns the sweep, so that this shell never
# reaps a job killed by a signal (dash would print "Killed" on stdout).
swp_bg() {
	swp_sig=$1; shift
	rm -f "$SWP_D/go" "$SWP_D/blockpid" "$SWP_D/pid"
	sh -c 'o=$1 e=$2 p=$3; shift 3; "$@" >"$o" 2>"$e" & echo $! >"$p"
	    wait $!' swp "$OUT" "$ERR" "$SWP_D/pid" "$SWP_PY" "$SWP_TOOL" run \
	    --binary "$SWP_D/block.sh" "$@" 2>/dev/null &
	swp_sh=$!
	if swp_wait "$SWP_D/blockpid"; then
		kill "-$swp_sig" "$(cat "$SWP_D/pid")"
	else
		kill "$(cat "$SWP_D/pid")"
	fi
	wait "$swp_sh"
	RC=$?
	# After a SIGKILL the blocked stand-in outlives the sweep.
	[ -s "$SWP_D/blockpid" ] && kill "$(cat "$SWP_D/blockpid")" 2>/dev/null
}

# The summary of the tiny grid: title, header, a line per point.
swp_summary_ere='bandwidth in KBytes/sec \(1 KByte = 1024 bytes\) over'
swp_summary_ere="$swp_summary_ere each point.s kept runs:"
swp_summary_ere="$swp_summary_ere|type +mode +buffersize"
swp_summary_ere="$swp_summary_ere +n +median +q1 +q3 +min +max +stability +flags"
swp_summary_ere="$swp_summary_ere|[0-9]+ of 12 points not stable \((noisy [0-9]+)?(, )?(multimodal [0-9]+)?\): their medians may not stand for their runs \(docs/trust.md\)"
swp_row_ere='(pipe|local|tcp) +2(thread|proc) +[0-9]+ +3'
swp_row_ere="$swp_row_ere"'( +[0-9]+\.[0-9]{2}){5}  (stable|noisy|multimodal) +-p [0-9]+'

if [ -z "$SWP_PY" ]; then
	skip sweep "no python3 with statistics.quantiles (3.8 or later)"
else
	# A tiny grid: 3 types x 2 modes x 2 sizes, 3 kept runs each.
	next_port 700
	swp_tiny_port=$NEXT_PORT
	run "$SWP_PY" "$SWP_TOOL" run --sizes 4K,8K --types pipe,local,tcp \
	    --modes 2thread,2proc --trials 3 --warmups 1 --total 64K \
	    --flags "-p $swp_tiny_port" --out "$SWP_D/tiny.csv"
	expect sweep-run-tiny 0 "$swp_summary_ere|$swp_row_ere" ""
	cp "$OUT" "$SWP_D/tiny.summary"
	[ "$(grep -c -- '-p ' "$SWP_D/tiny.summary")" -eq 12 ] &&
	    pass sweep-summary-every-point ||
	    fail sweep-summary-every-point "want 12 point lines"
	swp_check sweep-rows-columns-numbers rows "$SWP_D/tiny.csv" 12 3
	swp_check sweep-hist-csv-is-the-journal hist "$SWP_D/tiny.csv"
	swp_check sweep-summary-independent summary "$SWP_D/tiny.csv" \
	    <"$SWP_D/tiny.summary"

	# The course's 2020-24 notebooks draw one panel per key of the first
	# datum: replayed over a small sweep, every panel is a key their
	# datum had for those flags or a key of a flag given (the transfer
	# accounting lives in run_extras, and the CSV above still has it).
	run "$IPC_STATIC" -B -q -P sw -b 4096 -t 4096 1thread
	swp_sw=$RC
	next_port 710
	while read -r swp_name swp_ty swp_m swp_f; do
		case $swp_f in *"-P sw"*) if [ "$swp_sw" != 0 ]; then
			skip "sweep-course-panels-$swp_name" "-P sw refused here"
			continue
		fi;; esac
		# </dev/null: nothing in the loop may read the cases' lines.
		if swp_why=$("$SWP_PY" "$TOP/tests/course_replay.py" \
		    "$IPC_STATIC" "$swp_ty" "$swp_m" "$swp_f" 4096,65536 \
		    </dev/null); then
			pass "sweep-course-panels-$swp_name"
		else
			fail "sweep-course-panels-$swp_name" "$swp_why"
		fi
	done <<-EOF
	psw-g pipe 2proc -P sw -g
	psw-g-s local 2thread -P sw -g -s
	g-V pipe 2thread -g -V
	plain tcp 2proc -p $NEXT_PORT
	EOF

	# pandas: the groupby of docs/sweeps.md, run as written there on a
	# sweep with and without extra flags, keeps every point; no column is
	# a DataFrame attribute.  Needs Debian's python3-pandas.
	swp_pd=/usr/bin/python3
	if ! "$swp_pd" -c 'import pandas' >/dev/null 2>&1; then
		skip sweep-pandas-groupby "no pandas for $swp_pd (apt-get install python3-pandas)"
	else
		run "$SWP_PY" "$SWP_TOOL" run --sizes 4K,128K --variant pipe \
		    --variant local --variant "local -s" --modes 2thread \
		    --trials 2 --warmups 0 --total 256K -q --out "$SWP_D/pd.csv"
		# The first python block after the heading.
		awk '/^### Reading it with pandas/ { h = 1 }
		    h && /^```$/ && b { exit } b { print }
		    h && /^```python$/ { b = 1 }' "$TOP/docs/sweeps.md" \
		    >"$SWP_D/pd.py"
		cat >>"$SWP_D/pd.py" <<-'EOF'
		assert len(med) == 6, med
		assert len(sockbuf) == 4 and len(df) == 12, (len(sockbuf), len(df))
		w = share.loc["pipe", "2thread", "none", 131072, "write"]
		assert list(w.index) == [131072] and w.iloc[0] == 1.0, w
		clash = set(df.columns) & set(dir(pd.DataFrame))
		assert not clash, "columns named after DataFrame attributes: %s" % clash
		EOF
		if [ "$RC" = 0 ] && grep -q 'import pandas as pd' "$SWP_D/pd.py" &&
		    swp_why=$(cd "$SWP_D" && cp pd.csv lab2.csv &&
		    cp pd.hist.csv lab2.hist.csv && "$swp_pd" pd.py 2>&1); then
			pass sweep-pandas-groupby
		else
			fail sweep-pandas-groupby "exit $RC: $swp_why"
		fi
	fi

	# The seed's finding from the sweep's data alone: on Linux as on
	# FreeBSD, a 128 KiB pipe write is read back as two 64 KiB reads.
	run "$SWP_PY" "$SWP_TOOL" run --sizes 64K,128K --types pipe \
	    --modes 2thread --trials 3 --warmups 1 --total 1M -q \
	    --out "$SWP_D/pipe.csv"
	expect sweep-hist-pipe 0 "" ""
	swp_check sweep-hist-pipe-128k pipe128 "$SWP_D/pipe.csv"

	# The commands, in the order they would run; nothing is written.
	run "$SWP_PY" "$SWP_TOOL" run --binary "$IPC_STATIC" --sizes 64..256 \
	    --types pipe --modes 1thread --trials 2 --total 1K --order grid \
	    --dry-run --out "$SWP_D/dry.csv"
	swp_cmd="$IPC_STATIC -B -j -n 2 -w 1 -t 1024 -b"
	expect sweep-dry-run 0 "$swp_cmd (64|128|256) -i pipe 1thread" ""
	[ ! -e "$SWP_D/dry.csv" ] && [ "$(wc -l <"$OUT")" -eq 3 ] &&
	    pass sweep-dry-run-writes-nothing ||
	    fail sweep-dry-run-writes-nothing "want 3 lines and no file"

	# Malformed grids: exit 64 and the rule broken, before any point runs
	# and before any file is written (the benchmark only parses
	# `describe`; its usage text is read, without arguments, for the
	# names it knows).
	while IFS='|' read -r swp_name swp_args swp_ere; do
		rm -f "$SWP_D/log" "$SWP_D/bad.csv" "$SWP_D/bad.jsonl"
		eval "run \"\$SWP_PY\" \"\$SWP_TOOL\" run --binary \"\$SWP_D/log.sh\" \
		    --sizes 4K --total 64K $swp_args --out \"\$SWP_D/bad.csv\" </dev/null"
		expect "sweep-bad-grid-$swp_name" 64 "" "ipc-sweep: bad grid: $swp_ere"
		if [ -e "$SWP_D/bad.csv" ] || [ -e "$SWP_D/bad.jsonl" ] ||
		    grep -v ' describe$' "$SWP_D/log" 2>/dev/null | grep -q .; then
			fail "sweep-bad-grid-$swp_name-nothing-ran" \
			    "a file was written or a point ran"
		else
			pass "sweep-bad-grid-$swp_name-nothing-ran"
		fi
	done <<-'EOF'
	range|--sizes 100..1K|bad range '100..1K': 100 is not a power of two
	not-multiple|--sizes 4K,24K|--total 64K is not a multiple of buffer size 24K .*
	type|--types nosuch|.* refuses `-i nosuch` \(exit 64\): unknown IPC type 'nosuch': the benchmark knows pipe, local, tcp, shmem
	mode|--modes 3thread|bad mode '3thread': want 1thread, 2thread, 2proc
	own-flag|--flags -b5|bad --flags '-b5': -b is set by the sweep \(use --sizes\)
	port|--types tcp --flags '-p 99999'|.* refuses `-i tcp -p 99999` \(exit 64\): -p 99999: a TCP port is a number from 1 to 65535
	pmc-set|--types pipe --flags '-P bogus'|.* refuses `-i pipe -P bogus` \(exit 64\): -P bogus: the counter sets are .*sw.*
	cpu-list|--types pipe --flags '-c 1,x'|.* refuses `-i pipe -c 1,x` \(exit 64\): -c 1,x: want a CPU number N \(both ends\) or S,R .*
	no-value|--types pipe --flags '-p'|.* refuses `-i pipe -p` \(exit 64\): -p needs a value
	unknown-flag|--types pipe --flags '-x'|.* refuses `-i pipe -x` \(exit 64\): ipc-static: illegal option -- x
	variant-s|--variant pipe --variant 'pipe -s'|.* refuses `-i pipe -s` \(exit 64\): -s sizes socket buffers, so it applies to local and tcp only, not to pipe
	flags-s-everywhere|--types pipe,shmem --flags '' --flags -s|.* refuses `-i pipe -s` .*; .* refuses `-i shmem -s` .*
	types-and-variant|--types pipe --variant local|--types and --variant do not mix: each --variant names its own type
	trials-cap|--trials 99999 --warmups 2|--trials 99999 plus --warmups 2 is more than 100000, the benchmark's cap on -n plus -w
	EOF

	# The lab report's Figure 1 in one command: variants name a type with
	# flags for it alone.
	run "$SWP_PY" "$SWP_TOOL" run --variant pipe --variant local \
	    --variant "local -s" --modes 2thread --sizes 4K,8K --trials 2 \
	    --warmups 0 --total 64K -q --out "$SWP_D/var.csv"
	expect sweep-variants 0 "" ""
	swp_check sweep-variants-points series "$SWP_D/var.csv" 2 2 \
	    "pipe 2thread none" "local 2thread none" "local 2thread -s"
	# Crossed types and flag sets: the combination the benchmark refuses
	# (pipe with -s) is left out, and said so with its rule, before
	# anything runs; the rest runs.
	run "$SWP_PY" "$SWP_TOOL" run --types pipe,local --flags "" \
	    --flags "-s" --modes 2thread --sizes 4K,8K --trials 2 --warmups 0 \
	    --total 64K -q --out "$SWP_D/cross.csv"
	expect sweep-crossed-left-out 0 "" "ipc-sweep: left out of the grid: \`-i pipe -s\`, which the benchmark refuses: -s sizes socket buffers, so it applies to local and tcp only, not to pipe"
	swp_check sweep-crossed-left-out-points series "$SWP_D/cross.csv" 2 2 \
	    "pipe 2thread none" "local 2thread none" "local 2thread -s"

	# What parsing cannot judge fails once, before the sweep, with the
	# benchmark's own message (a CPU this machine does not have): one
	# tiny run, no point, no file.
	rm -f "$SWP_D/log" "$SWP_D/bad.csv" "$SWP_D/bad.jsonl"
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/log.sh" --types pipe \
	    --modes 2thread --flags "-c 4000" --sizes 4K,8K --total 64K \
	    --out "$SWP_D/bad.csv"
	swp_e='ipc-sweep: the benchmark fails before the sweep, so nothing ran'
	swp_e="$swp_e and nothing was written: \`.* -B -q -n 1 -w 0 -t 4096"
	swp_e="$swp_e -b 4096 -i pipe -c 4000 2thread\` exited 71: ipc-static:"
	swp_e="$swp_e FAIL: pin to CPU 4000: Invalid argument"
	expect sweep-probe-fails-early 69 "" "$swp_e"
	if [ -e "$SWP_D/bad.csv" ] || [ -e "$SWP_D/bad.jsonl" ] ||
	    grep -v ' describe$' "$SWP_D/log" | grep -v -- '-q -n 1 -w 0 ' |
	    grep -q . ||
	    [ "$(grep -c -- '-q -n 1 -w 0 ' "$SWP_D/log")" != 1 ]; then
		fail sweep-probe-fails-early-nothing-ran "a point ran or a file was written"
	else
		pass sweep-probe-fails-early-nothing-ran
	fi

	# A failing point is recorded with its status and stderr; the sweep
	# goes on (exit 1) unless --fail-fast.
	swp_grid="--sizes 4K,8K,16K --types pipe --modes 2thread --trials 2
	    --warmups 0 --total 64K --order grid"
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/fail.sh" $swp_grid \
	    -q --out "$SWP_D/fail.csv"
	swp_e='ipc-sweep: point pipe 2thread 8K failed \(exit 71\): '
	swp_e="${swp_e}ipc-static: FAIL: socket: injected failure"
	expect sweep-failing-point-not-fatal 1 "" \
	    "$swp_e|ipc-sweep: 1 point\(s\) failed; .*"
	swp_check sweep-failing-point-recorded failed "$SWP_D/fail.csv" 8192 \
	    71 "FAIL: socket: injected failure"
	[ "$(grep -c ',16384,' "$SWP_D/fail.csv")" -eq 2 ] &&
	    pass sweep-failing-point-goes-on ||
	    fail sweep-failing-point-goes-on "the 16K point after it is missing"
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/fail.sh" $swp_grid \
	    -q --fail-fast --out "$SWP_D/ff.csv"
	expect sweep-fail-fast 1 "" "ipc-sweep: .*"
	swp_check sweep-fail-fast-stops absent "$SWP_D/ff.csv" 16384

	# Ctrl-C (SIGINT) in the second point: exit 130, the first point is
	# whole in both files, the second is not recorded.
	swp_grid="--sizes 4K,8K,16K --types pipe,local --modes 2thread
	    --trials 2 --warmups 0 --total 64K --order grid -q"
	swp_bg INT $swp_grid --out "$SWP_D/int.csv"
	expect sweep-interrupt 130 "" "ipc-sweep: interrupted: .*--resume.*"
	swp_check sweep-interrupt-consistent rows "$SWP_D/int.csv" 1 2

	# SIGKILL in the second point, plus a journal line torn as a kill
	# inside a write would leave it: --resume runs exactly the rest.
	swp_bg KILL $swp_grid --out "$SWP_D/kill.csv"
	printf '{"type": "pipe", "mo' >>"$SWP_D/kill.jsonl"
	touch "$SWP_D/go"
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/block.sh" $swp_grid \
	    --resume --out "$SWP_D/kill.csv"
	expect sweep-resume-after-kill 0 "" \
	    "ipc-sweep: resume: dropped 1 torn or incomplete row\(s\) from .*"
	swp_check sweep-resume-no-duplicate-no-gap rows "$SWP_D/kill.csv" 6 2
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/block.sh" $swp_grid \
	    --resume --dry-run --out "$SWP_D/kill.csv"
	expect sweep-resume-complete-runs-nothing 0 "" ""

	# --timeout: the blocked point is killed and recorded, status 124.
	rm -f "$SWP_D/go"
	run "$SWP_PY" "$SWP_TOOL" run --binary "$SWP_D/block.sh" --sizes 8K \
	    --types pipe --modes 2thread --trials 2 --total 64K --timeout 0.2 \
	    -q --out "$SWP_D/to.csv"
	swp_e='ipc-sweep: point pipe 2thread 8K failed \(exit 124\): '
	swp_e="${swp_e}ipc-sweep: timed out after 0.2 s"
	expect sweep-timeout 1 "" "$swp_e|ipc-sweep: 1 .*"
	swp_check sweep-timeout-recorded failed "$SWP_D/to.csv" 8192 124 \
	    "timed out"

	# Progress: on a terminal only (util-linux script(1) provides one).
	if script --version 2>/dev/null | grep -q util-linux; then
		run script -qec "'$SWP_PY' '$SWP_TOOL' run --sizes 4K,8K \
		    --types pipe --modes 2thread --trials 2 --total 64K \
		    --out '$SWP_D/tty.csv'" /dev/null
		if [ "$RC" = 0 ] && grep -q \
		    '[0-9]/2 points, 0:0[0-9] elapsed, ETA .*, running: pipe 2thread' \
		    "$OUT"; then
			pass sweep-progress-on-terminal
		else
			fail sweep-progress-on-terminal "exit $RC, no progress line"
		fi
	else
		skip sweep-progress-on-terminal "no util-linux script(1)"
	fi

	# --no-bare: the course's method, sync() and pauses before every run.
	# The command has no -B (the stand-in logs it), the CSV says bare 0,
	# the point took at least its two 1 s pauses (a lower bound that
	# sleep(3) guarantees), and on a terminal the ETA, before any point
	# has finished, is at least those pauses.
	rm -f "$SWP_D/log"
	swp_nb="'$SWP_PY' '$SWP_TOOL' run --binary '$SWP_D/log.sh' --no-bare \
	    --sizes 4K --types pipe --modes 2thread --trials 1 --warmups 0 \
	    --total 4K --out '$SWP_D/nobare.csv'"
	if script --version 2>/dev/null | grep -q util-linux; then
		run script -qec "$swp_nb" /dev/null
		grep -q 'ETA >= 0:02, running: pipe 2thread 4K (no -B)' "$OUT" &&
		    pass sweep-no-bare-eta ||
		    fail sweep-no-bare-eta "exit $RC, no 'ETA >= 0:02' line"
	else
		eval "run $swp_nb"
		skip sweep-no-bare-eta "no util-linux script(1)"
	fi
	if [ "$RC" = 0 ] && grep -q -- '-j -n 1 -w 0 .* 2thread$' "$SWP_D/log" &&
	    ! grep -- '-j -n 1' "$SWP_D/log" | grep -q -- -B &&
	    "$SWP_PY" - "$SWP_D/nobare.csv" <<-'EOF'
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1])))
	assert len(rows) == 1 and rows[0]["bare"] == "0", rows
	assert float(rows[0]["wall"]) >= 2.0, rows[0]["wall"]
	EOF
	then
		pass sweep-no-bare
	else
		fail sweep-no-bare "exit $RC; want a point without -B, bare 0, >= 2 s"
	fi

	# A journal of an earlier version (columns type, mode, flags with ""
	# for none, no bare column: always -B) resumes: its points count as
	# done.
	"$SWP_PY" - "$SWP_D/tiny.jsonl" "$SWP_D/old.jsonl" <<-'EOF'
	import json, sys
	out = open(sys.argv[2], "w")
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    old = {"type": r.pop("ipctype"), "mode": r.pop("ipcmode")}
	    f = r.pop("extra_flags")
	    old["flags"] = "" if f == "none" else f
	    del r["bare"]
	    old.update(r)
	    out.write(json.dumps(old) + "\n")
	EOF
	cp "$SWP_D/tiny.csv" "$SWP_D/old.csv"
	run "$SWP_PY" "$SWP_TOOL" run --sizes 4K,8K --types pipe,local,tcp \
	    --modes 2thread,2proc --trials 3 --warmups 1 --total 64K \
	    --flags "-p $swp_tiny_port" --resume --dry-run --out "$SWP_D/old.csv"
	expect sweep-resume-earlier-journal 0 "" ""

	# plot: without matplotlib anywhere (a stub package that fails to
	# import shadows it in every interpreter), say how to install it.
	mkdir -p "$SWP_D/nompl/matplotlib"
	echo 'raise ImportError("hidden by t_sweep.sh")' \
	    >"$SWP_D/nompl/matplotlib/__init__.py"
	run env PYTHONPATH="$SWP_D/nompl" PATH=/usr/bin:/bin "$SWP_PY" \
	    "$SWP_TOOL" plot "$SWP_D/tiny.csv" --out "$SWP_D/none.png"
	expect sweep-plot-without-matplotlib 69 "" \
	    "ipc-sweep: plot needs matplotlib.*apt-get install python3-matplotlib.*"
	run "$SWP_PY" "$SWP_TOOL" plot "$SWP_D/tiny.csv" --metric nosuch \
	    --out "$SWP_D/x.png"
	expect sweep-plot-unknown-metric 64 "" "ipc-sweep: no metric 'nosuch' .*"

	if [ -z "$SWP_MPL" ]; then
		skip sweep-plot-png "matplotlib is not installed"
		skip sweep-plot-svg "matplotlib is not installed"
	else
		# PNG and SVG from one call through the re-exec path: this
		# interpreter cannot import matplotlib, IPC_SWEEP_PYTHON names
		# one that can.
		printf '#!/bin/sh\nunset PYTHONPATH\nexec %s "$@"\n' "$SWP_MPL" \
		    >"$SWP_D/mplpy"
		chmod +x "$SWP_D/mplpy"
		run env PYTHONPATH="$SWP_D/nompl" IPC_SWEEP_PYTHON="$SWP_D/mplpy" \
		    "$SWP_PY" "$SWP_TOOL" plot "$SWP_D/tiny.csv" \
		    --metric bandwidth,read_calls --out "$SWP_D/tiny.png" \
		    --out "$SWP_D/tiny.svg"
		if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ -s "$SWP_D/tiny.png" ] &&
		    [ "$(head -c 4 "$SWP_D/tiny.png" | od -An -c | tr -d ' ')" = \
		    '211PNG' ]; then
			pass sweep-plot-png
		else
			fail sweep-plot-png "exit $RC, want a PNG file"
		fi
		swp_miss=
		for swp_s in "pipe 2thread" "pipe 2proc" "local 2thread" \
		    "local 2proc" "tcp 2thread" "tcp 2proc"; do
			grep -q ">$swp_s -p $swp_tiny_port<" "$SWP_D/tiny.svg" ||
			    swp_miss="$swp_miss '$swp_s'"
		done
		grep -q '>bandwidth<' "$SWP_D/tiny.svg" ||
		    swp_miss="$swp_miss 'bandwidth axis'"
		grep -q 'read_calls (read() calls)' "$SWP_D/tiny.svg" ||
		    swp_miss="$swp_miss 'read_calls axis'"
		if [ "$RC" = 0 ] && [ -z "$swp_miss" ]; then
			pass sweep-plot-svg
		else
			fail sweep-plot-svg "exit $RC; missing:$swp_miss"
		fi

		grep -q 'points: median, bars: Q1-Q3' "$SWP_D/tiny.svg" &&
		    pass sweep-plot-error-bars-by-default ||
		    fail sweep-plot-error-bars-by-default "no 'bars: Q1-Q3' label"

		# A figure for a report, from synthetic data (so the ticks are
		# known): bandwidth from 2 to 6 GiB/s and times from 170 to 500
		# µs, less than a factor of ten, on log axes still get at least
		# three labelled ticks each with their unit; a renamed series;
		# bands; the size and DPI asked for.
		"$SWP_PY" "$SWP_CHECK" synth "$SWP_D/syn.csv"
		run "$SWP_MPL" "$SWP_TOOL" plot "$SWP_D/syn.csv" --yscale log \
		    --metric bandwidth,time --errors band \
		    --label "local 2thread -s=local, buffers sized" --size 5x3 \
		    --dpi 120 --out "$SWP_D/syn.svg" --out "$SWP_D/syn.png"
		expect sweep-plot-report 0 "" ""
		swp_check sweep-plot-report-figure figure "$SWP_D/syn.svg" \
		    "$SWP_D/syn.png" 600 360 " GiB/s" 3 "local, buffers sized" \
		    "pipe 2thread" "local 2thread" "!local 2thread -s" \
		    "line: median, band: Q1-Q3"
		swp_check sweep-plot-time-ticks figure "$SWP_D/syn.svg" "" 0 0 \
		    " µs" 3
		while IFS='|' read -r swp_name swp_args swp_ere; do
			eval "run \"\$SWP_MPL\" \"\$SWP_TOOL\" plot \"\$SWP_D/syn.csv\" \
			    $swp_args --out \"\$SWP_D/bad.png\" </dev/null"
			expect "sweep-plot-bad-$swp_name" 64 "" "$swp_ere"
		done <<-'EOF'
		label|--label 'nosuch=x'|ipc-sweep: --label names no series: 'nosuch'; the series are: 'pipe 2thread', 'local 2thread', 'local 2thread -s'
		label-form|--label nosuch|ipc-sweep: bad --label 'nosuch': want "SERIES=NEW LABEL", .*
		size|--size 5|ipc-sweep: bad --size '5': want WIDTHxHEIGHT in inches, .*
		dpi|--dpi 5|ipc-sweep: bad --dpi 5: want 10 to 2400 dots per inch
		EOF

		# Read and write sizes per buffer size: bars at 128 KiB (the
		# pipe's writes in the 128 KiB class, its reads in the 64 KiB
		# one, as the data test above found), a colour map over all.
		run "$SWP_MPL" "$SWP_TOOL" plot "$SWP_D/pipe.csv" --hist calls \
		    --at 128K --out "$SWP_D/hist.svg"
		expect sweep-plot-hist-bars 0 "" ""
		swp_check sweep-plot-hist-bars-figure figure "$SWP_D/hist.svg" "" \
		    0 0 "%" 3 "pipe 2thread, 128 KiB writes" "reads" "writes" \
		    "64 KiB" "128 KiB" "share of calls"
		run "$SWP_MPL" "$SWP_TOOL" plot "$SWP_D/pipe.csv" --hist bytes \
		    --out "$SWP_D/hist.png"
		if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
		    [ "$(head -c 4 "$SWP_D/hist.png" | od -An -c | tr -d ' ')" = \
		    '211PNG' ]; then
			pass sweep-plot-hist-map
		else
			fail sweep-plot-hist-map "exit $RC, want a PNG and no warning"
		fi
		run "$SWP_MPL" "$SWP_TOOL" plot "$SWP_D/pipe.csv" --hist calls \
		    --at 32K --out "$SWP_D/bad.png"
		expect sweep-plot-hist-no-such-size 64 "" \
		    "ipc-sweep: no buffer size 32K in the data; it has 64K, 128K"
		run "$SWP_MPL" "$SWP_TOOL" plot "$SWP_D/syn.csv" --hist calls \
		    --out "$SWP_D/bad.png"
		expect sweep-plot-hist-missing 66 "" \
		    "ipc-sweep: cannot read .*/syn.hist.csv: No such file or directory .*"
	fi
fi

SWP_MAN=$TOP/ipc/ipc-static.1

# make install / uninstall into a staging directory: exactly these files.
SWP_INST=$SWP_D/inst
run make -s -C "$TOP" install DESTDIR="$SWP_INST" PREFIX=/usr
(cd "$SWP_INST" 2>/dev/null && find . ! -type d | sort) >"$SWP_D/installed"
printf '%s\n' ./usr/bin/ipc-benchmark ./usr/bin/ipc-dynamic \
    ./usr/bin/ipc-static ./usr/bin/ipc-sweep \
    ./usr/share/man/man1/ipc-benchmark.1 ./usr/share/man/man1/ipc-dynamic.1 \
    ./usr/share/man/man1/ipc-static.1 >"$SWP_D/want"
if [ "$RC" = 0 ] && cmp -s "$SWP_D/want" "$SWP_D/installed" &&
    [ -x "$SWP_INST/usr/bin/ipc-sweep" ] &&
    [ -x "$SWP_INST/usr/bin/ipc-static" ] &&
    [ -x "$SWP_INST/usr/bin/ipc-dynamic" ] &&
    [ -x "$SWP_INST/usr/bin/ipc-benchmark" ] &&
    cmp -s "$SWP_MAN" "$SWP_INST/usr/share/man/man1/ipc-dynamic.1" &&
    cmp -s "$SWP_MAN" "$SWP_INST/usr/share/man/man1/ipc-benchmark.1"; then
	pass install-destdir
else
	fail install-destdir "exit $RC; installed: $(tr '\n' ' ' <"$SWP_D/installed")"
fi
if [ -n "$SWP_PY" ]; then
	# The installed ipc-sweep runs the ipc-static installed beside it.
	run "$SWP_PY" "$SWP_INST/usr/bin/ipc-sweep" run --dry-run --sizes 4K \
	    --types pipe --modes 2thread --total 4K --out "$SWP_D/i.csv"
	expect install-sweep-finds-binary 0 \
	    "$SWP_INST/usr/bin/ipc-static -B -j .* 2thread" ""
fi
run make -s -C "$TOP" uninstall DESTDIR="$SWP_INST" PREFIX=/usr
if [ "$RC" = 0 ] && [ -z "$(find "$SWP_INST" ! -type d)" ]; then
	pass uninstall-destdir
else
	fail uninstall-destdir "exit $RC; left: $(find "$SWP_INST" ! -type d)"
fi
