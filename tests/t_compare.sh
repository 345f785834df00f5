# ipc-sweep compare, and the trust marks of run and plot.  compare: on
# synthetic sweeps with known differences (an A/A pair drawn from one
# distribution, and a variant 1.5 times faster at three sizes) the
# verdicts are exactly the known ones, and every figure agrees with an
# independent recomputation (tests/compare_check.py); the table, --json
# and the figure say the same; refusals exit as documented.  Live, a
# small grid's -f against no -f at 16 MiB differs in page faults (a
# count, so the case cannot fail by luck).  Marks: run records the
# benchmark's verdict, regime and outlier flag per run, its summary names
# points not stable, plot draws them hollow.  Run by tests/run.sh after
# tests/lib.sh.  No TCP ports.

CMP_TOOL=$TOP/tools/ipc-sweep
CMP_CHECK=$TOP/tests/compare_check.py
CMP_D=$TMPD/compare
mkdir -p "$CMP_D"
# An interpreter with scipy (and so numpy), if any: compare needs one.
CMP_PY=$(python_with 'import scipy.stats')
CMP_MPL=$(python_with 'import scipy.stats, matplotlib')

# cmp_check NAME CHECK ARGS...: compare_check.py on $OUT of the last run,
# which must have exited 0 with nothing on stderr.
cmp_check() {
	_cn=$1; shift
	py_check "$_cn" "$CMP_CHECK" "$@"
}

# cmp_run ARGS...: ipc-sweep compare ARGS with the scipy interpreter.
cmp_run() { run "$CMP_PY" "$CMP_TOOL" compare "$@"; }

# cmp_variants NAME FILE VERDICTS: compare FILE's -s against none as
# JSON (kept as FILE's .json): exactly these verdicts, and every figure
# as compare_check.py recomputes it.
cmp_variants() {
	cmp_run "$CMP_D/$2.csv" --a extra_flags=none --b extra_flags=-s --json
	cp "$OUT" "$CMP_D/$2.json"
	cmp_check "$1-verdicts" verdicts "$3"
	cmp_check "$1-agrees" agrees "$CMP_D/$2.csv" "$CMP_D/$2.csv" \
	    extra_flags=none extra_flags=-s <"$CMP_D/$2.json"
}

if [ -z "$CMP_PY" ]; then
	skip compare "no python3 with scipy (Debian: apt-get install python3-scipy)"
else
	"$CMP_PY" "$CMP_CHECK" synth "$CMP_D"
	PY_CHECK=$CMP_PY
	run "$CMP_PY" "$CMP_CHECK" adjust "$CMP_TOOL"
	expect compare-holm-bh-worked-example 0 "" ""

	# A/A: one configuration drawn twice.
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/aa2.csv" --json
	cp "$OUT" "$CMP_D/aa.json"
	cmp_check compare-aa-no-difference verdicts "no detectable difference=32"
	cmp_check compare-aa-agrees agrees "$CMP_D/aa1.csv" "$CMP_D/aa2.csv" \
	    <"$CMP_D/aa.json"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/aa2.csv"
	cmp_check compare-aa-table table "$CMP_D/aa.json"

	# Two variants of one file: -s is 1.5 times faster at 1M, 2M, 4M.
	cmp_variants compare-variants shift "faster=3,no detectable difference=3"
	if "$CMP_PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
f = sorted(p["buffersize"] for p in d["points"] if p["verdict"] == "faster")
sys.exit(f != [1 << 20, 1 << 21, 1 << 22])' "$CMP_D/shift.json"; then
		pass compare-variants-which-sizes
	else
		fail compare-variants-which-sizes "want faster at 1M, 2M, 4M only"
	fi
	cmp_run "$CMP_D/shift.csv" --a extra_flags=none --b extra_flags=-s
	cmp_check compare-variants-table table "$CMP_D/shift.json"
	# The other way round, the same points are slower.
	cmp_run "$CMP_D/shift.csv" --a extra_flags=-s --b extra_flags=none --json
	cmp_check compare-variants-reversed verdicts \
	    "slower=3,no detectable difference=3"

	# Processes as observations (run --repeat): each process's runs share
	# a level drawn for that process.  compare takes one median a process,
	# and finds exactly the two real differences; counting every run as
	# independent, it is fooled into a third.
	cmp_variants compare-processes procs "faster=2,no detectable difference=4"
	if "$CMP_PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(d["observation"] != "process" or
         any(p["n_a"] != 6 or p["n_b"] != 6 for p in d["points"]))' \
	    "$CMP_D/procs.json"; then
		pass compare-processes-auto
	else
		fail compare-processes-auto "want six processes a side as observations"
	fi
	cmp_run "$CMP_D/procs.csv" --a extra_flags=none --b extra_flags=-s \
	    --unit run --json
	cmp_check compare-runs-fooled verdicts \
	    "faster=2,slower=1,no detectable difference=3"

	# The figure.
	if [ -n "$CMP_MPL" ]; then
		rm -f "$CMP_D/r.png" "$CMP_D/r.svg"
		cmp_run "$CMP_D/shift.csv" --a extra_flags=none \
		    --b extra_flags=-s --out "$CMP_D/r.png" --out "$CMP_D/r.svg"
		if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
		    [ "$(head -c 4 "$CMP_D/r.png" | od -An -c | tr -d ' ')" = '211PNG' ] &&
		    grep -q 'ratio B/A' "$CMP_D/r.svg"; then
			pass compare-figure
		else
			fail compare-figure "want a PNG and an SVG with the ratio axis"
		fi
	else
		skip compare-figure "no python3 with scipy and matplotlib"
	fi

	# Trust marks: plot draws points not judged stable hollow, with a
	# footnote; a file where every point is stable gets neither.
	if [ -n "$CMP_MPL" ]; then
		run "$CMP_PY" "$CMP_TOOL" plot "$CMP_D/shift.csv" --out "$CMP_D/m.svg"
		if [ "$RC" = 0 ] && grep -q 'hollow: the benchmark judged' "$CMP_D/m.svg"
		then
			pass plot-marks-not-stable
		else
			fail plot-marks-not-stable "want the hollow-marker footnote"
		fi
		run "$CMP_PY" "$CMP_TOOL" plot "$CMP_D/aa1.csv" --out "$CMP_D/s.svg"
		if [ "$RC" = 0 ] && ! grep -q 'hollow' "$CMP_D/s.svg"; then
			pass plot-no-marks-when-stable
		else
			fail plot-no-marks-when-stable "a footnote without a point to mark"
		fi
	else
		skip plot-marks-not-stable "no python3 with matplotlib"
		skip plot-no-marks-when-stable "no python3 with matplotlib"
	fi

	# run records the benchmark's verdict per run: a stand-in prints a
	# multimodal document (runs 2, 4, 6 the slow regime; run 5 outside
	# the fences), and the CSV and the summary carry it.
	cat >"$CMP_D/multi.sh" <<'STUB'
#!/bin/sh
case " $* " in *" describe "*) exit 0 ;; esac
printf '{"benchmark_configuration": {}, "benchmark_samples": ['
for i in 1 2 3 4 5 6; do
	[ $i = 1 ] || printf ','
	printf '{"bandwidth": %d, "time": 1}' $((i % 2 * 2000 + 1000))
done
printf '], "run_extras": [{},{},{},{},{},{}], "transfer_histograms": [],'
printf ' "benchmark_summary": {"stability": {"verdict": "multimodal",'
printf ' "reason": "two regimes", "count": 6, "outliers": 1,'
printf ' "outlier_runs": [5], "regimes": [{"count": 3, "runs": [2, 4, 6]},'
printf ' {"count": 3, "runs": [1, 3, 5]}]}}}\n'
STUB
	chmod +x "$CMP_D/multi.sh"
	run "$CMP_PY" "$CMP_TOOL" run --binary "$CMP_D/multi.sh" --sizes 4K \
	    --types pipe --modes 2thread --trials 6 --out "$CMP_D/multi.csv"
	expect sweep-summary-marks-multimodal 0 "bandwidth in KBytes/sec .*|type .* stability +flags|pipe +2thread +4096 +6 .*  multimodal|1 of 1 points not stable \(multimodal 1\): .*" ""
	if "$CMP_PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = [(r["stability"], r["regime"], r["outlier"]) for r in rows]
want = [("multimodal", str(g), str(int(i == 5))) for i, g in
        zip(range(1, 7), (2, 1, 2, 1, 2, 1))]
sys.exit(got != want)' "$CMP_D/multi.csv"; then
		pass sweep-csv-regimes-outliers
	else
		fail sweep-csv-regimes-outliers "want regimes 2 1 2 1 2 1, run 5 an outlier"
	fi

	# Refusals.
	cmp_run "$CMP_D/shift.csv"
	expect compare-one-file-needs-sides 64 "" "ipc-sweep: compare of one file needs --a and --b.*"
	cmp_run "$CMP_D/shift.csv" --a flags=x --b extra_flags=-s
	expect compare-renamed-column-ok 65 "" "ipc-sweep: no point is on both sides.*"
	cmp_run "$CMP_D/shift.csv" --a bogus=x --b extra_flags=-s
	expect compare-bad-selector 64 "" "ipc-sweep: bad --a 'bogus=x'.*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/aa2.csv" --alpha 1.5
	expect compare-bad-alpha 64 "" "ipc-sweep: bad --alpha 1.5.*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/aa2.csv" --out "$CMP_D/r.txt"
	expect compare-bad-out 64 "" "ipc-sweep: bad --out .*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/aa2.csv" --metric nope
	expect compare-bad-metric 64 "" "ipc-sweep: no metric 'nope'.*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/shift.csv" --b extra_flags=-s
	expect compare-different-selectors 64 "" "ipc-sweep: --a and --b must name.*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/nonexistent.csv"
	expect compare-cannot-read 66 "" "ipc-sweep: cannot read .*"
	cmp_run "$CMP_D/aa1.csv" "$CMP_D/shift.csv" --a extra_flags=-s \
	    --b extra_flags=-s
	expect compare-no-common-point 65 "" "ipc-sweep: no point is on both sides.*"
	# Without scipy anywhere: 69 and the fix.  IPC_SWEEP_REEXEC stops the
	# search for another interpreter, so any python3 without scipy shows it.
	cmp_nosci=
	for cmp_p in python3 /usr/bin/python3; do
		if have "$cmp_p" && ! "$cmp_p" -c 'import scipy' >/dev/null 2>&1; then
			cmp_nosci=$cmp_p; break
		fi
	done
	if [ -n "$cmp_nosci" ]; then
		run env IPC_SWEEP_REEXEC=1 "$cmp_nosci" "$CMP_TOOL" compare \
		    "$CMP_D/aa1.csv" "$CMP_D/aa2.csv"
		expect compare-no-scipy-69 69 "" "ipc-sweep: compare needs numpy and scipy.*apt-get install python3-numpy python3-scipy.*"
	else
		skip compare-no-scipy-69 "every python3 here has scipy"
	fi

	# Live: -f against no -f at 16 MiB, in one small sweep.
	run "$CMP_PY" "$CMP_TOOL" run -q --sizes 16M --types pipe --modes 2thread \
	    --trials 5 --warmups 0 --flags "-g" --flags "-g -f" --out "$CMP_D/f.csv"
	expect compare-live-sweep 0 "" ""
	cmp_run "$CMP_D/f.csv" --a "extra_flags=-g" --b "extra_flags=-g -f" \
	    --metric minflt --json
	cmp_check compare-live-prefault-faults verdicts "lower=1"
	cmp_run "$CMP_D/f.csv" --a "extra_flags=-g" --b "extra_flags=-g -f"
	expect compare-live-bandwidth-table 0 "compare bandwidth .*|  [AB] = .*|  95% CI: .*|  p: .*|  caution: each point is one process a side, .*|ipctype .*|pipe +2thread +16777216 +5 +5 .*|[0-9]+ (faster|slower|no detectable difference)" ""
fi
