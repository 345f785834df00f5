# The stability verdict of -n runs: benchmark_summary.stability agrees
# with an independent recomputation from the samples (stability_check.py),
# one run says there is nothing to judge, -v prints the verdict after the
# summary, and a run without -v prints exactly what it printed before.
# The verdict of a live run is never asserted (it depends on the
# machine); its agreement with the rule is.  Run by tests/run.sh after
# tests/lib.sh (run/expect/pass/fail/skip, $BINS, $BINS_FULL, $OUT, $ERR,
# $RC, $TMPD, next_port, py_check).  ipc-dynamic gets one -j run (lib.sh explains
# the subset).

TSB_CHECK=$TOP/tests/stability_check.py
# Port offsets 1300..1399 belong to this file.
TSB_PORTN=1300

tsb_port() {
	next_port $((TSB_PORTN + 1))
	TSB_PORTN=$NEXT_PORTN
	TSB_PORT=$NEXT_PORT
}

# tsb_check NAME CHECK ARGS...: stability_check.py on the last run.
tsb_check() {
	_sn=$1; shift
	py_check "$_sn" "$TSB_CHECK" "$@"
}

for b in $BINS; do
	n=$(name "$b")
	run "$b" -B -j -n 9 -b 8192 -t 131072 2thread
	tsb_check "stab-json-agrees-$n" json
	in_full "$b" || continue

	run "$b" -B -j -n 1 -b 8192 -t 131072 2thread
	tsb_check "stab-json-one-run-$n" json
	run "$b" -B -j -n 2 -b 8192 -t 131072 2proc
	tsb_check "stab-json-two-runs-$n" json
	run "$b" -B -j -n 21 -i local -b 4096 -t 65536 1thread
	tsb_check "stab-json-21-runs-$n" json
	tsb_port
	run "$b" -B -j -n 7 -i tcp -p "$TSB_PORT" -b 16384 -t 262144 2proc
	tsb_check "stab-json-tcp-$n" json

	# -v: the verdict, its figures and the outliers after the summary.
	run "$b" -B -v -n 7 -b 4096 -t 65536 2thread
	tsb_check "stab-text-v-$n" text 7
	# One run under -v: no summary, so no verdict, as before.
	run "$b" -B -v -b 4096 -t 65536 2thread
	if [ "$RC" = 0 ] && ! grep -q -e '^Summary' -e 'stability' "$OUT"; then
		pass "stab-text-v-one-run-$n"
	else
		fail "stab-text-v-one-run-$n" "want no summary and no verdict"
	fi
	# Without -v the verdict never shows: one rate line per run, only.
	run "$b" -B -n 5 -b 4096 -t 65536 2thread
	expect "stab-plain-rate-lines-only-$n" 0 "$RATE" ""
	[ "$(wc -l <"$OUT")" -eq 5 ] && pass "stab-plain-five-lines-$n" ||
	    fail "stab-plain-five-lines-$n" "want 5 rate lines"
	run "$b" -B -q -n 5 -b 4096 -t 65536 2thread
	expect "stab-quiet-silent-$n" 0 "" ""
done

# What drives run-to-run variance.  describe's run conditions: the tracer
# is named when there is one (strace's own PID), 0 when there is none;
# run.pinned and the SMT siblings follow -c; JSON keeps each key's type.
# Per run, with -j or -v only, the machine's steal time and context
# switches and the run's involuntary switches: read outside the timed
# region (never between a run's two clock_gettime calls), and a plain run
# reads nothing more.
tsb_val() { sed -n "s/^  $1: //p" "$OUT" | head -n 1; }
b=$IPC_STATIC
run "$b" describe
if [ "$RC" = 0 ] && [ "$(tsb_val proc.tracer_pid)" = 0 ] &&
    [ "$(tsb_val run.pinned)" = no ] &&
    tsb_val vm.loadavg | grep -Eq '^([0-9]+\.[0-9]{2} ){2}[0-9]+\.[0-9]{2}$'; then
	pass stab-describe-run-conditions
else
	fail stab-describe-run-conditions "want tracer 0, pinned no, a load average"
fi
if [ "$(uname -s)" = Linux ] && have strace && strace -qq -o /dev/null true 2>/dev/null; then
	run sh -c 'echo $$ >"$1"; exec strace -qq -o /dev/null "$2" describe' \
	    sh "$TMPD/tsb.pid" "$b"
	if [ "$RC" = 0 ] && [ "$(tsb_val proc.tracer_pid)" = "$(cat "$TMPD/tsb.pid")" ]
	then
		pass stab-describe-tracer-named
	else
		fail stab-describe-tracer-named "want proc.tracer_pid $(cat "$TMPD/tsb.pid")"
	fi
	# A plain run reads no /proc/stat; -j reads it twice a run, outside
	# the bracket.
	run strace -f -qq -e trace=openat,clock_gettime -o "$TMPD/tsb.trace" \
	    "$b" -B -n 3 -b 4096 -t 65536 2thread
	if [ "$RC" = 0 ] && ! grep -q '/proc/stat' "$TMPD/tsb.trace"; then
		pass stab-plain-reads-no-proc-stat
	else
		fail stab-plain-reads-no-proc-stat "exit $RC, or /proc/stat read"
	fi
	run strace -f -qq -e trace=openat,clock_gettime -o "$TMPD/tsb.trace" \
	    "$b" -B -j -n 3 -b 4096 -t 65536 2thread
	if [ -n "${IPC_SANITIZED:-}" ]; then
		# The sanitizer runtime makes clock_gettime calls of its own.
		skip stab-json-reads-proc-stat-outside "sanitizer build (IPC_SANITIZED)"
	elif [ "$RC" = 0 ] && awk '
	    /clock_gettime\(CLOCK_MONOTONIC,/ { inside = !inside; stamps++ }
	    /openat\(.*"\/proc\/stat"/ { reads++; if (inside) bad++ }
	    END { exit !(stamps == 6 && reads == 6 && bad == 0) }' "$TMPD/tsb.trace"
	then
		pass stab-json-reads-proc-stat-outside
	else
		fail stab-json-reads-proc-stat-outside "want 6 stamps and 6 reads of /proc/stat, none between a start and an end stamp"
	fi
else
	skip stab-describe-tracer-named "needs Linux and a working strace"
	skip stab-plain-reads-no-proc-stat "needs Linux and a working strace"
	skip stab-json-reads-proc-stat-outside "needs Linux and a working strace"
fi
run "$b" -c 0 describe
tsb_sib=$(cat /sys/devices/system/cpu/cpu0/topology/thread_siblings_list 2>/dev/null)
if [ "$RC" = 0 ] && [ "$(tsb_val run.pinned)" = "sender cpu 0, receiver cpu 0" ] &&
    { [ -z "$tsb_sib" ] || [ "$(tsb_val cpu.smt_siblings)" = "cpu0: $tsb_sib" ]; }
then
	pass stab-describe-pinned-siblings
else
	fail stab-describe-pinned-siblings "want pinned to 0, cpu0's siblings $tsb_sib"
fi
if have python3; then
	run "$b" -B -j -v -n 2 -b 4096 -t 65536 2thread
	if [ "$RC" = 0 ] && python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
rc = d["run_conditions"]
ok = all(isinstance(rc[k], str) for k in ("run.pinned", "vm.loadavg",
         "cpufreq.governor", "cpufreq.boost", "cpu.smt_siblings"))
ok = ok and all(rc[k] is None or isinstance(rc[k], int)
                for k in ("cpu.smt_active", "proc.tracer_pid"))
for e in d["run_extras"]:
    for k in ("steal_ms", "machine_context_switches", "involuntary_switches"):
        ok = ok and isinstance(e[k], int) and e[k] >= -1
    # Linux counts all three; a run is at least one context switch.
    if sys.argv[2] == "Linux":
        ok = ok and e["steal_ms"] >= 0 and \
            e["machine_context_switches"] > 0 and \
            e["involuntary_switches"] >= 0
sys.exit(not ok)' "$OUT" "$(uname -s)"; then
		pass stab-json-noise-keys
	else
		fail stab-json-noise-keys "want run_conditions and the per-run noise keys, typed"
	fi
else
	skip stab-json-noise-keys "python3 not installed"
fi
