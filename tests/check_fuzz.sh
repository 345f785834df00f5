#!/bin/sh
# make check-fuzz: the bounded argument fuzzer (tests/fuzz_args.py) over
# both binaries: a fixed seed, 2,000 cases under -B with small totals, each
# bounded by a timeout.  Ends with "N passed, N failed".  FUZZ_SEED,
# FUZZ_CASES and FUZZ_JOBS override the defaults (9, 2000, 2).

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/lib.sh"
trap cleanup_lib EXIT

for b in $BINS; do
	[ -x "$b" ] || { echo "missing $b: run make first"; exit 2; }
done
CF_PY=
for _p in /usr/bin/python3 python3; do
	if "$_p" -c 'import json' 2>/dev/null; then CF_PY=$_p; break; fi
done
if [ -z "$CF_PY" ]; then
	skip "fuzz" "no python3"
	echo "$PASSED passed, $FAILED failed"
	exit 0
fi
# Port offsets 900..999 belong to the fuzzer.
# shellcheck disable=SC2086 # $BINS is a list of paths without blanks
"$CF_PY" "$TOP/tests/fuzz_args.py" --seed "${FUZZ_SEED:-9}" \
    --cases "${FUZZ_CASES:-2000}" --jobs "${FUZZ_JOBS:-2}" \
    --port-base "$(port 900)" $BINS
