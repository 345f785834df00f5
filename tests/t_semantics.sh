# One experiment, one number: every run of -n/-w is the same experiment
# as a single invocation (fresh, untouched buffers; -f pre-faults every
# run), the 2020-24 course notebooks run unchanged against ipc-benchmark,
# and the reference -v block keeps `time:` on line 7 whatever the flags.
# Sourced after tests/lib.sh (run/expect/pass/fail/skip, $BINS, $OUT,
# $ERR, $RC, $TMPD, port).  Port offsets 1100..1199 belong to this file.

TS_BENCH=$TOP/ipc/ipc-benchmark
TS_PORTN=1100

# ts_port: this file's next free TCP port, in $TS_PORT.
ts_port() {
	next_port $((TS_PORTN + 1))
	TS_PORTN=$NEXT_PORTN
	TS_PORT=$NEXT_PORT
}

# ts_minflt: the -g minflt of every run of the last text output, one per
# line.
ts_minflt() {
	sed -n 's/^  minflt: \([0-9][0-9]*\) minor page faults$/\1/p' "$OUT"
}

# ts_cpu: the first CPU this process may run on (not necessarily 0).
ts_cpu=$(python3 -c 'import os; print(sorted(os.sched_getaffinity(0))[0])' \
    2>/dev/null)

# --- every run alike: -g minflt per run --------------------------------------
# 1 MiB buffers: 256 pages each.  Without -f the receiver's first pass
# faults in its buffer and the sender's reads map the zero page, in every
# run; with -f none of that is left.  Like is compared with like, exactly:
#   - the kept runs of -n 4 -w 1 are all equal, and equal to the second
#     run of -n 2 (a run after the first, warm-up or not);
#   - the first run of -n 2 equals a single invocation (both are a
#     process's first run), with the stack started at 16 offsets in a page
#     (the environment's size moves it, as ASLR does): the program settles
#     its stack before the first run, so that no count depends on where
#     the stack starts;
#   - the first run takes more than later ones only by the process's
#     one-time costs (in 2thread the first thread's stack and stdio's
#     locking flag), far fewer than a buffer's pages.
# All on ipc-static: a dynamic binary's first run also takes faults on
# code pages, how many depending on where its libraries were loaded.
# Under a sanitizer (both binaries dynamic) the runtime takes faults of
# its own in the runs, so these cases skip there; the normal build's
# suite checks them.  These counts, not bandwidth, are what would show
# buffers reused across runs: the -n median against separate processes
# is a timing ratio, which a loaded machine blurs, so it is measured by
# bench/semantics.sh (make bench), not asserted here.

# ts_runs FLAGS...: the minflt values of one invocation of ipc-static
# with the environment grown by $ts_envpad bytes, space-separated, in
# $ts_v; returns non-zero (after judging $ts_case) if it failed.
ts_runs() {
	ts_pad=$(printf "%${ts_envpad:-0}s" "")
	IPC_TS_PAD=$ts_pad run "$IPC_STATIC" -B -g "$@"
	ts_v=$(ts_minflt | tr '\n' ' ')
	ts_v=${ts_v% }
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		expect "$ts_case" 0 ".*" ""
		return 1
	fi
}

for ts_f in "" "-f"; do
	ts_sfx=${ts_f:+-prefault}
	for m in 1thread 2thread 2proc; do
		ts_case="semantics-minflt-per-run-$m$ts_sfx"
		if [ -n "${IPC_SANITIZED:-}" ]; then
			skip "$ts_case" "a sanitizer's runtime takes page faults of its own"
			continue
		fi
		ts_envpad=0
		# shellcheck disable=SC2086
		ts_runs $ts_f -n 4 -w 1 -b 1048576 -t 4194304 "$m" || continue
		ts_kept=$ts_v
		set -- $ts_kept
		if [ $# != 4 ]; then
			fail "$ts_case" "want 4 minflt lines, got '$ts_kept'"
			continue
		fi
		ts_later=$1
		# shellcheck disable=SC2086
		ts_runs $ts_f -n 2 -b 1048576 -t 4194304 "$m" || continue
		ts_two=$ts_v
		ts_first=${ts_two%% *}
		ts_bad=
		if [ "$ts_kept" != "$ts_later $ts_later $ts_later $ts_later" ]; then
			ts_bad="kept runs of -n 4 -w 1 differ: $ts_kept"
		elif [ "$ts_two" != "$ts_first $ts_later" ]; then
			ts_bad="-n 2 gave '$ts_two'; a later run should take $ts_later like the kept runs of -n 4 -w 1"
		elif [ "$ts_first" -lt "$ts_later" ] ||
		    [ $((ts_first - ts_later)) -ge 64 ]; then
			ts_bad="first run $ts_first, later runs $ts_later: want 0 to 63 more in the first"
		elif [ -z "$ts_f" ] && [ "$ts_later" -lt 256 ]; then
			ts_bad="minflt per run: $ts_kept; untouched 1 MiB buffers fault >= 256 pages"
		elif [ -n "$ts_f" ] && [ "$ts_later" -ge 64 ]; then
			ts_bad="minflt per run with -f: $ts_kept; want < 64"
		fi
		ts_envpad=0
		while [ -z "$ts_bad" ] && [ "$ts_envpad" -lt 4096 ]; do
			# shellcheck disable=SC2086
			ts_runs $ts_f -b 1048576 -t 4194304 "$m" || continue 2
			[ "$ts_v" = "$ts_first" ] ||
			    ts_bad="a single invocation with the environment $ts_envpad bytes longer took '$ts_v', the first run of -n 2 $ts_first"
			ts_envpad=$((ts_envpad + 256))
		done
		if [ -n "$ts_bad" ]; then
			fail "$ts_case" "$ts_bad"
		else
			pass "$ts_case" "$ts_first first, $ts_later later"
		fi
	done
done

# --- the reference -v block: `time:` stays on line 7 -------------------------
# Whatever else is asked for, every run's text output starts with the
# 2017–18 block, exactly these seven lines; the extras (-s buffer sizes,
# counters, rusage, run details) come after it.

# ts_block7 BUF TOTAL MODE TYPE: the expected first seven lines of a block,
# with the time written as T.
ts_block7() {
	printf 'Benchmark configuration:\n  buffersize: %s\n  totalsize: %s\n  blockcount: %s\n  mode: %s\n  ipctype: %s\n  time: T\n' \
	    "$1" "$2" $(($2 / $1)) "$3" "$4"
}

ts_sw=no
if [ "$(uname -s)" = Linux ]; then
	run "$IPC_STATIC" -B -q -P sw -b 4096 -t 4096 1thread
	[ "$RC" = 0 ] && ts_sw=yes
fi
while IFS='|' read -r ts_label ts_type ts_mode ts_flags; do
	[ -n "$ts_label" ] || continue
	case $ts_flags in
	*"-P sw"*) if [ "$ts_sw" != yes ]; then
			skip "semantics-v-block-$ts_label" "software counters refused here"
			continue
		fi ;;
	esac
	case $ts_flags in
	*"-c C"*) if [ -z "$ts_cpu" ]; then
			skip "semantics-v-block-$ts_label" "cannot list the allowed CPUs"
			continue
		fi
		ts_flags=$(echo "$ts_flags" | sed "s/-c C/-c $ts_cpu/") ;;
	esac
	ts_port
	# shellcheck disable=SC2086
	run "$IPC_STATIC" -B -v $ts_flags -b 8192 -t 65536 -i "$ts_type" \
	    -p "$TS_PORT" "$ts_mode"
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		expect "semantics-v-block-$ts_label" 0 ".*" ""
		continue
	fi
	ts_block7 8192 65536 "$ts_mode" "$ts_type" >"$TMPD/ts.want"
	# Every block of the output (one per kept run) is checked.
	awk -v want="$TMPD/ts.got" '
	    /^Benchmark configuration:$/ { n = 7; blocks++ }
	    n > 0 { sub(/^  time: [0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/, "  time: T");
		print > (want "." blocks); n-- }
	    END { print blocks + 0 > (want ".count") }' "$OUT"
	ts_nb=$(cat "$TMPD/ts.got.count")
	ts_bad=
	[ "$ts_nb" -ge 1 ] || ts_bad="no configuration block"
	ts_i=1
	while [ -z "$ts_bad" ] && [ "$ts_i" -le "$ts_nb" ]; do
		if ! cmp -s "$TMPD/ts.want" "$TMPD/ts.got.$ts_i"; then
			ts_bad="block $ts_i differs: $(diff "$TMPD/ts.want" "$TMPD/ts.got.$ts_i" | tr '\n' ' ')"
		fi
		ts_i=$((ts_i + 1))
	done
	rm -f "$TMPD"/ts.got.*
	if [ -n "$ts_bad" ]; then
		fail "semantics-v-block-$ts_label" "$ts_bad"
	else
		pass "semantics-v-block-$ts_label"
	fi
done <<'EOF'
plain-1thread|pipe|1thread|
plain-2thread|pipe|2thread|
plain-2proc|pipe|2proc|
sockbuf-local|local|2thread|-s
sockbuf-tcp|tcp|2proc|-s
sockbuf-tcp-1thread|tcp|1thread|-s
counters-sw|pipe|2thread|-P sw
rusage|local|2proc|-g
prefault|pipe|1thread|-f
pinned|tcp|2thread|-c C
iterations|pipe|2proc|-n 2 -w 1
everything-local|local|2thread|-s -g -f -n 2 -w 1 -P sw
everything-tcp|tcp|2proc|-s -g -f -n 2 -c C
EOF

# --- ipc-benchmark: the name the 2020-24 notebooks call ------------------------

if [ ! -x "$TS_BENCH" ]; then
	: >"$OUT"; : >"$ERR"
	fail "semantics-ipc-benchmark-built" "ipc/ipc-benchmark missing after make"
else
	pass "semantics-ipc-benchmark-built"
	run "$TS_BENCH"
	sed 's/PROG/ipc-benchmark/g' "$TOP/tests/golden/usage.txt" >"$TMPD/ts.usage"
	if [ "$RC" = 64 ] && [ ! -s "$OUT" ] && cmp -s "$ERR" "$TMPD/ts.usage"; then
		pass "semantics-ipc-benchmark-usage"
	else
		fail "semantics-ipc-benchmark-usage" "want exit 64 and the usage text naming ipc-benchmark (exit $RC)"
	fi
	run "$TS_BENCH" -B -b 3 -t 10 2thread
	expect "semantics-ipc-benchmark-own-name" 64 "" \
	    "ipc-benchmark: FAIL: data size \(10\) is not a multiple of buffersize \(3\)"
	run "$TS_BENCH" -B -b 4096 -t 65536 2proc
	expect "semantics-ipc-benchmark-runs" 0 "$RATE" ""
fi

# --- the 2020-24 notebooks' parsing, replayed ---------------------------------
# Their cell: output = !ipc/ipc-benchmark -i pipe -t $totalsize -b
# $buffersize -j -P dcache -n $iterations -g -v 2proc; then
# json.loads(' '.join(output)), j["benchmark_samples"], and float() of
# every key of every datum (the metrics are the first datum's keys).  Here
# with -P sw (no PMU on CI machines) and without -P, and with -B added so
# that the suite does not sleep 3 s a run (-B changes no output).

cat >"$TMPD/ts_notebook.py" <<'PYEOF'
import json, sys

output = open(sys.argv[1]).read().splitlines()   # what `!` captures
iterations = int(sys.argv[2])
j = json.loads(' '.join(output))
samples = j["benchmark_samples"]
assert len(samples) == iterations, "%d samples" % len(samples)
metrics = list(samples[0].keys())
for x in samples:
    assert list(x.keys()) == metrics, "datum keys differ"
    for metric in metrics:
        float(x[metric])
    float(x["bandwidth"])
for k in ("stime", "utime", "msgsnd", "msgrcv", "nvcsw", "nivcsw"):
    assert k in metrics, "no %s with -g" % k
hw = j["hardware_configuration"]
ps = hw["hw.pagesizes"]
assert isinstance(ps, list) and ps, "hw.pagesizes is %r" % (ps,)
for p in ps:
    assert isinstance(p, dict) and isinstance(p.get("pagesize"), int), p
assert "kern.ident" in j["os_configuration"], "no kern.ident"
cfg = j["benchmark_configuration"]
for k in ("buffersize", "totalsize", "msgcount", "mode", "ipctype",
          "pmctype", "iterations"):
    assert k in cfg, "benchmark_configuration lacks %s" % k
PYEOF

if ! have python3; then
	skip "semantics-notebook-replay" "python3 not installed"
elif [ ! -x "$TS_BENCH" ]; then
	skip "semantics-notebook-replay" "ipc/ipc-benchmark missing"
else
	for ts_p in "-P sw" ""; do
		ts_sfx=${ts_p:+-sw}
		if [ -n "$ts_p" ] && [ "$ts_sw" != yes ]; then
			skip "semantics-notebook-replay$ts_sfx" "software counters refused here"
			continue
		fi
		for m in 2proc 2thread; do
			for ty in pipe local tcp; do
				ts_port
				ts_case="semantics-notebook-replay$ts_sfx-$m-$ty"
				# shellcheck disable=SC2086
				run "$TS_BENCH" -B -i "$ty" -p "$TS_PORT" -t 1048576 \
				    -b 65536 -j $ts_p -n 3 -g -v "$m"
				if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
					expect "$ts_case" 0 ".*" ""
				elif ts_why=$(python3 "$TMPD/ts_notebook.py" "$OUT" 3 2>&1); then
					pass "$ts_case"
				else
					fail "$ts_case" "$(echo "$ts_why" | tail -n 1)"
				fi
			done
		done
	done
fi
