#!/bin/sh
# `make check-notebook`: executes examples/lab2-ipc.ipynb headless with
# jupyter nbconvert and the python3 kernel (Debian: jupyter-nbconvert,
# python3-nbclient, python3-ipykernel, python3-matplotlib, python3-pandas),
# on the small grid (LAB2_QUICK=1), and judges the result.  nbconvert exits non-zero if
# any cell raises; the notebook turns a failed `!` command into an
# exception with check().  Ends with "N passed, N failed"; a machine
# without jupyter skips, with the reason.
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/lib.sh"

NB=$TOP/examples/lab2-ipc.ipynb
PACKAGES="jupyter-nbconvert python3-nbclient python3-ipykernel"
PACKAGES="$PACKAGES python3-matplotlib python3-pandas"
NBPY=${NBPY:-/usr/bin/python3}
[ -x "$NBPY" ] || NBPY=python3

# The committed notebook carries no outputs: a diff shows only real edits.
if "$NBPY" -c 'import json, sys
nb = json.load(open(sys.argv[1]))
bad = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
       and (c.get("outputs") or c.get("execution_count") is not None)]
sys.exit(1 if bad else 0)' "$NB" 2>/dev/null; then
	pass notebook-committed-without-outputs
else
	fail notebook-committed-without-outputs "clear its outputs before committing"
fi

if have jupyter-nbconvert; then
	NBCONVERT=jupyter-nbconvert
elif have jupyter && jupyter nbconvert --version >/dev/null 2>&1; then
	NBCONVERT="jupyter nbconvert"
else
	NBCONVERT=
fi
if [ -z "$NBCONVERT" ]; then
	why="jupyter nbconvert not installed"
	skip notebook-executes "$why (apt-get install $PACKAGES)"
elif ! "$NBPY" -c 'import ipykernel, matplotlib, pandas' 2>/dev/null; then
	why="$NBPY lacks ipykernel, matplotlib or pandas"
	skip notebook-executes "$why (apt-get install $PACKAGES)"
else
	start=$(date +%s)
	# PYDEVD_...: ipykernel's debugger would warn about frozen modules.
	LAB2_QUICK=1 LAB2_OUT=$TMPD/results PYDEVD_DISABLE_FILE_VALIDATION=1 \
	    timeout -k 10 600 $NBCONVERT \
	    --to notebook --execute \
	    --ExecutePreprocessor.timeout=300 \
	    --ExecutePreprocessor.kernel_name=python3 \
	    --output-dir "$TMPD" --output executed "$NB" >"$OUT" 2>"$ERR"
	RC=$?
	secs=$(($(date +%s) - start))
	if [ "$RC" = 0 ]; then
		pass "notebook-executes ($secs s)"
	else
		fail notebook-executes "exit $RC after $secs s"
		# nbconvert names the failing cell and its error first.
		sed -n '/An error occurred while executing/,$p' "$ERR" |
		    head -40 | grep . || tail -30 "$ERR"
	fi
	# Every figure made it into the executed notebook: nine from
	# ipc-sweep plot, one drawn in the notebook.
	if [ "$RC" = 0 ] && "$NBPY" -c 'import json, sys
nb = json.load(open(sys.argv[1]))
outs = [o for c in nb["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", [])]
errors = [o for o in outs if o.get("output_type") == "error"]
images = [o for o in outs if "image/png" in o.get("data", {})]
print("%d figures" % len(images))
sys.exit(1 if errors or len(images) != 10 else 0)' "$TMPD/executed.ipynb" \
	    >"$OUT" 2>"$ERR"; then
		pass "notebook-figures ($(cat "$OUT"))"
	else
		fail notebook-figures "want 10 figures and no error output"
	fi
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
