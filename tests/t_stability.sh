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
