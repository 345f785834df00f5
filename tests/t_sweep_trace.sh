# ipc-sweep run --trace, without root: a stand-in for trace/run
# (IPC_SWEEP_TRACE_RUN) that runs the benchmark and reports made-up
# per-run numbers the way trace/run --json does, so that what the sweep
# records can be checked exactly: the trace column, one trace_* column per
# number (a table of counts one per name), the warm-up runs dropped, the
# untraced variant beside it, compare between the two; and --repeat,
# every point as several processes.  With the real
# trace/run and no tracer (BPFTRACE names none), or not as root: exit 69
# with the fix and nothing written.  The real tracer is `make check-trace`'s
# (tests/check_probe.sh).  Run by tests/run.sh after tests/lib.sh.  No
# TCP ports.

TST_TOOL=$TOP/tools/ipc-sweep
TST_D=$TMPD/sweep_trace
mkdir -p "$TST_D/fake"
TST_PY=$(python_with 'import statistics; statistics.quantiles')

# The stand-in: "NAME -- true" (the sweep's check) succeeds; "--json NAME
# -- COMMAND" runs COMMAND and reports run k with looptime_ns 1000 k and
# a table syscalls {read: k, write: 2 k}.
: >"$TST_D/fake/fake.bt"
cat >"$TST_D/fake/run" <<'STUB'
#!/usr/bin/env python3
import json, subprocess, sys
a = sys.argv[1:]
if a[0] != "--json":
    sys.exit(0)
cmd = a[a.index("--") + 1:]
p = subprocess.run(cmd, capture_output=True, text=True)
sys.stderr.write(p.stderr)
n = int(cmd[cmd.index("-n") + 1]) + int(cmd[cmd.index("-w") + 1])
print(json.dumps({"script": a[1], "command": cmd, "status": p.returncode,
                  "stdout": p.stdout,
                  "runs": [{"run": k, "sender_tid": 1, "receiver_tid": 2,
                            "looptime_ns": 1000 * k,
                            "syscalls": {"read": k, "write": 2 * k},
                            "read_sizes": [{"min": 1, "max": 1,
                                            "count": 1}]}
                           for k in range(1, n + 1)]}))
sys.exit(p.returncode)
STUB
chmod +x "$TST_D/fake/run"

if [ -z "$TST_PY" ]; then
	skip sweep-trace "no python3 with statistics.quantiles (3.8 or later)"
else
	run env IPC_SWEEP_TRACE_RUN="$TST_D/fake/run" "$TST_PY" "$TST_TOOL" run \
	    -q --trace none,fake --sizes 4K,8K --types pipe --modes 2thread \
	    --trials 3 --warmups 2 --total 64K --out "$TST_D/t.csv"
	expect sweep-trace-runs 0 "" ""
	if "$TST_PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
bad = []
for r in rows:
    t = int(r["trial"])
    if r["trace"] == "fake":
        # Runs 1 and 2 are the warm-ups: kept trial t is run t + 2.
        want = {"trace_looptime_ns": str(1000 * (t + 2)),
                "trace_syscalls_read": str(t + 2),
                "trace_syscalls_write": str(2 * (t + 2))}
    else:
        want = {"trace_looptime_ns": "", "trace_syscalls_read": "",
                "trace_syscalls_write": ""}
    got = dict((k, r.get(k)) for k in want)
    if got != want:
        bad.append((r["trace"], t, got, want))
if sorted(set(r["trace"] for r in rows)) != ["fake", "none"] or \
        len(rows) != 12 or [k for k in rows[0] if "sizes" in k] or bad:
    print(bad or "rows %d, columns %s" % (len(rows), list(rows[0])))
    sys.exit(1)' "$TST_D/t.csv" >"$TST_D/why"; then
		pass sweep-trace-columns
	else
		fail sweep-trace-columns "$(cat "$TST_D/why")"
	fi
	run env IPC_SWEEP_TRACE_RUN="$TST_D/fake/run" "$TST_PY" "$TST_TOOL" run \
	    --dry-run --trace fake --sizes 4K --types pipe --modes 2thread \
	    --out "$TST_D/d.csv"
	expect sweep-trace-dry-run 0 ".*/fake/run --json fake -- .*ipc-static -B -j .* 2thread" ""

	# The probe effect: compare the traced variant against the untraced.
	if "$TST_PY" -c 'import scipy.stats' 2>/dev/null; then
		run "$TST_PY" "$TST_TOOL" compare "$TST_D/t.csv" --a trace=none \
		    --b trace=fake --json
		if [ "$RC" = 0 ] && "$TST_PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(len(d["points"]) != 2 or d["a"].split()[-1] != "trace=none")' "$OUT"
		then
			pass sweep-trace-compare
		else
			fail sweep-trace-compare "want two points compared"
		fi
	else
		skip sweep-trace-compare "no python3 with scipy"
	fi

	# --repeat K: every point K times, rep 1..K, each a process of its own.
	run "$TST_PY" "$TST_TOOL" run --repeat 3 --sizes 4K --types pipe \
	    --modes 2thread --trials 2 --warmups 0 --total 64K --out "$TST_D/r.csv"
	expect sweep-repeat-summary 0 "bandwidth in KBytes/sec .*|type .* flags|pipe +2thread +4096 +2 .*|[0-9] of 3 points not stable .*" ""
	if [ "$(grep -c '(rep [23])$' "$OUT")" = 2 ] && "$TST_PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
reps = sorted((r["rep"], r["trial"], r["started"]) for r in rows)
sys.exit([x[:2] for x in reps] != [(str(k), str(t)) for k in (1, 2, 3)
                                   for t in (1, 2)] or
         len(set(x[2] for x in reps)) != 3)' "$TST_D/r.csv"; then
		pass sweep-repeat-processes
	else
		fail sweep-repeat-processes "want reps 1..3, two runs and one start each"
	fi

	# Refusals, before anything runs or is written.
	run env IPC_SWEEP_TRACE_RUN="$TST_D/fake/run" "$TST_PY" "$TST_TOOL" run \
	    --trace nope --sizes 4K --types pipe --modes 2thread --out "$TST_D/n.csv"
	expect sweep-trace-unknown-name 64 "" "ipc-sweep: bad grid: bad --trace 'nope': want one of fake"
	run env BPFTRACE=/nonexistent/bpftrace "$TST_PY" "$TST_TOOL" run \
	    --trace looptime --sizes 4K --types pipe --modes 2thread \
	    --out "$TST_D/x.csv"
	expect sweep-trace-no-tracer-69 69 "" "ipc-sweep: --trace looptime cannot trace here, so nothing ran and nothing was written: trace/run: FAIL: /nonexistent/bpftrace not found: install bpftrace .*"
	[ ! -e "$TST_D/x.csv" ] && [ ! -e "$TST_D/x.jsonl" ] &&
	    pass sweep-trace-no-tracer-no-files ||
	    fail sweep-trace-no-tracer-no-files "x.csv or x.jsonl written"
	# Not root: the same, naming root as the fix.  The output goes to a
	# directory the unprivileged user may write (otherwise that is
	# refused first, 74).
	if [ "$(id -u)" = 0 ] && have setpriv && have bpftrace &&
	    tst_nb=$(mktemp -d "${TMPDIR:-/tmp}/ipc-sweep-nobody.XXXXXX"); then
		chmod 777 "$tst_nb"
		run setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$TST_PY" "$TST_TOOL" run --trace looptime --sizes 4K \
		    --types pipe --modes 2thread --out "$tst_nb/u.csv"
		rm -rf "$tst_nb"
		expect sweep-trace-not-root-69 69 "" "ipc-sweep: --trace looptime cannot trace here, .*: trace/run: FAIL: bpftrace needs root: run as root .*"
	else
		skip sweep-trace-not-root-69 "needs root, setpriv and bpftrace to drop root"
	fi
	run env IPC_SWEEP_TRACE_RUN="$TST_D/nonexistent/run" "$TST_PY" \
	    "$TST_TOOL" run --trace looptime --sizes 4K --types pipe \
	    --modes 2thread --out "$TST_D/y.csv"
	expect sweep-trace-no-runner-69 69 "" "ipc-sweep: --trace needs trace/run, which is not at .*"
fi

# --- live (make check-trace): the real tracer, and the probe-effect figure --
tst_why=$(live_trace_why)
if [ -z "$tst_why" ] && [ -z "$TST_PY" ]; then
	tst_why="no python3 with statistics.quantiles"
fi
if [ -n "$tst_why" ]; then
	skip sweep-trace-live "$tst_why"
else
	# Untraced, bracket and looptime as variants of one sweep, so that
	# its random order interleaves them.
	run "$TST_PY" "$TST_TOOL" run -q --trace none,bracket,looptime \
	    --sizes 16K,1M --types pipe --modes 2thread --flags "-c 0" \
	    --trials 5 --warmups 1 --total 4M --out "$TST_D/live.csv"
	expect sweep-trace-live-runs 0 "" ""
	# What the tracer saw of each kept run: bracket, every byte written
	# and read inside the bracket; looptime, a loop inside the
	# benchmark's own time (its probes fire within the two stamps).
	if "$TST_PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
bad = []
for r in rows:
    if r["trace"] == "bracket":
        ok = r["trace_read_bytes"] == r["trace_write_bytes"] == r["totalsize"]
    elif r["trace"] == "looptime":
        ns = int(r["trace_looptime_ns"])
        ok = 0 < ns <= float(r["time"]) * 1e9
    else:
        ok = not any(r[k] for k in r if k.startswith("trace_"))
    if not ok:
        bad.append(dict((k, v) for k, v in r.items()
                        if k.startswith("trace") or k in ("time", "trial")))
if len(rows) != 30 or bad:
    print(bad[:2] or "%d rows, want 30" % len(rows))
    sys.exit(1)' "$TST_D/live.csv" >"$TST_D/why"; then
		pass sweep-trace-live-columns
	else
		fail sweep-trace-live-columns "$(cat "$TST_D/why")"
	fi
	# The probe effect, one figure per script.
	for tst_s in bracket looptime; do
		if [ -z "$(python_with 'import scipy.stats, matplotlib')" ]; then
			skip "sweep-trace-live-figure-$tst_s" "no python3 with scipy and matplotlib"
			continue
		fi
		rm -f "$TST_D/probe-$tst_s.png"
		run "$TST_PY" "$TST_TOOL" compare "$TST_D/live.csv" \
		    --a trace=none --b "trace=$tst_s" --json \
		    --out "$TST_D/probe-$tst_s.png"
		if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
		    [ "$(head -c 4 "$TST_D/probe-$tst_s.png" | od -An -c | tr -d ' ')" = '211PNG' ] &&
		    "$TST_PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(len(d["points"]) != 2 or not all(p["ratio"] > 0 for p in d["points"]))' "$OUT"
		then
			pass "sweep-trace-live-figure-$tst_s"
		else
			fail "sweep-trace-live-figure-$tst_s" "want two points and a PNG"
		fi
	done
fi
