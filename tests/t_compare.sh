# ipc-sweep compare: on synthetic sweeps with known differences (an A/A
# pair drawn from one distribution, and a variant 1.5 times faster at
# three sizes) the verdicts are exactly the known ones, and every figure
# agrees with an independent recomputation (tests/compare_check.py);
# the table, --json and the figure say the same; refusals exit as
# documented.  Live, a small grid's -f against no -f at 16 MiB differs in
# page faults (a count, so the case cannot fail by luck).  Run by
# tests/run.sh after tests/lib.sh.  No TCP ports.

CMP_TOOL=$TOP/tools/ipc-sweep
CMP_CHECK=$TOP/tests/compare_check.py
CMP_D=$TMPD/compare
mkdir -p "$CMP_D"
# An interpreter with scipy (and so numpy), if any: compare needs one.
CMP_PY=
for cmp_p in /usr/bin/python3 python3; do
	if have "$cmp_p" && "$cmp_p" -c 'import scipy.stats' >/dev/null 2>&1; then
		CMP_PY=$cmp_p; break
	fi
done
CMP_MPL=
if [ -n "$CMP_PY" ] && "$CMP_PY" -c 'import matplotlib' >/dev/null 2>&1; then
	CMP_MPL=$CMP_PY
fi

# cmp_check NAME CHECK ARGS...: compare_check.py on $OUT of the last run,
# which must have exited 0 with nothing on stderr.
cmp_check() {
	_cn=$1; shift
	py_check "$_cn" "$CMP_CHECK" "$@"
}

# cmp_run ARGS...: ipc-sweep compare ARGS with the scipy interpreter.
cmp_run() { run "$CMP_PY" "$CMP_TOOL" compare "$@"; }

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
	cmp_run "$CMP_D/shift.csv" --a extra_flags=none --b extra_flags=-s --json
	cp "$OUT" "$CMP_D/shift.json"
	cmp_check compare-variants-verdicts verdicts \
	    "faster=3,no detectable difference=3"
	cmp_check compare-variants-agrees agrees "$CMP_D/shift.csv" \
	    "$CMP_D/shift.csv" extra_flags=none extra_flags=-s <"$CMP_D/shift.json"
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
	expect compare-live-bandwidth-table 0 "compare bandwidth .*|  [AB] = .*|  95% CI: .*|  p: .*|ipctype .*|pipe +2thread +16777216 +5 +5 .*|[0-9]+ (faster|slower|no detectable difference)" ""
fi
