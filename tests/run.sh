#!/bin/sh
# Runs the unit tests and every integration test file, then prints the
# totals as the last line: "N passed, N failed" (skips are not passes).
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/lib.sh"
trap cleanup_lib EXIT

for b in $BINS; do
	[ -x "$b" ] || { echo "missing $b: run make first"; exit 2; }
done

# Unit tests: relay their verdict lines and fold their totals into ours.
if [ -x "$TOP/ipc/unit-tests" ]; then
	"$TOP/ipc/unit-tests" >"$TMPD/unit" 2>&1
	urc=$?
	last=$(tail -n 1 "$TMPD/unit")
	sed '$d' "$TMPD/unit"
	up=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	uf=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$up" ]; then
		FAILED=$((FAILED + 1)); echo "FAIL unit: did not finish (exit $urc)"
	else
		PASSED=$((PASSED + up)); FAILED=$((FAILED + uf))
	fi
else
	FAILED=$((FAILED + 1)); echo "FAIL unit: ipc/unit-tests not built"
fi

for t in "$TOP"/tests/t_*.sh; do
	[ -f "$t" ] || continue
	echo "# $(basename "$t")"
	. "$t"
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
