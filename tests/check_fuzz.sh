#!/bin/sh
# make check-fuzz: the bounded argument fuzzer (tests/fuzz_args.py) over
# both binaries: a fixed seed, 2,000 cases under -B with small totals, each
# bounded by a timeout.  Ends with "N passed, N failed".  FUZZ_SEED,
# FUZZ_CASES and FUZZ_JOBS override the defaults (9, 2000, 2).

TOP=$(cd "$(dirname "$0")/.." && pwd)
CF_BINS="$TOP/ipc/ipc-static $TOP/ipc/ipc-dynamic"
for b in $CF_BINS; do
	[ -x "$b" ] || { echo "missing $b: run make first"; exit 2; }
done
CF_PY=
for _p in /usr/bin/python3 python3; do
	if "$_p" -c 'import json' 2>/dev/null; then CF_PY=$_p; break; fi
done
if [ -z "$CF_PY" ]; then
	echo "SKIP fuzz: no python3"
	echo "0 passed, 0 failed"
	exit 0
fi
# Port offsets 900..999 of a per-run base below Linux's ephemeral range,
# computed as tests/lib.sh does, belong to the fuzzer.
# shellcheck disable=SC2086 # $CF_BINS is a list of paths without blanks
exec "$CF_PY" "$TOP/tests/fuzz_args.py" --seed "${FUZZ_SEED:-9}" \
    --cases "${FUZZ_CASES:-2000}" --jobs "${FUZZ_JOBS:-2}" \
    --port-base "$((${IPC_TEST_PORT:-$((10000 + $$ % 20000))} + 900))" \
    $CF_BINS
