#!/bin/sh
# Runs the suite (tests/run.sh) N times and names every case that did not
# pass every time: a case that can fail by luck is a defect, and one run
# rarely shows it.  Optionally with K CPU hogs beside it, as on a loaded
# CI machine.  Ends with "N passed, N failed", counting cases: passed =
# passed in every run, failed = failed, vanished or was skipped in at
# least one run but not in all (a case skipped every time is only
# counted on the "# skipped every run" line).  Exits non-zero iff a case
# failed.
#
# usage: tests/check_flaky.sh [-n RUNS] [-l HOGS] [tests/run.sh ARGS ...]
#   -n RUNS  how many times (default 10)
#   -l HOGS  CPU hogs beside the suite (default 0): busy shell loops,
#            as `stress-ng --cpu HOGS` would be
#   ARGS     files and case patterns, as tests/run.sh takes them
# `make check-flaky FLAKY_RUNS=20 FLAKY_LOAD=2 TESTS=t_semantics` passes
# them on.  Run it in a network namespace of its own, as the suite:
#   unshare -n sh -c 'ip link set lo up; make check-flaky'

TOP=$(cd "$(dirname "$0")/.." && pwd)
runs=10
hogs=0
while [ $# -gt 0 ]; do
	case $1 in
	-n)	[ $# -ge 2 ] || break; runs=$2; shift ;;
	-l)	[ $# -ge 2 ] || break; hogs=$2; shift ;;
	*)	break ;;
	esac
	shift
done
case $runs$hogs in
*[!0-9]* | '')
	echo "usage: tests/check_flaky.sh [-n RUNS] [-l HOGS] [ARGS ...]" >&2
	exit 64
	;;
esac
if [ "$runs" -lt 1 ]; then
	echo "tests/check_flaky.sh: -n wants at least 1 run" >&2
	exit 64
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ipc-flaky.XXXXXX")
KEEP=
HOGS=
stop_hogs() {
	for _p in $HOGS; do kill "$_p" 2>/dev/null; done
	for _p in $HOGS; do wait "$_p" 2>/dev/null; done
	HOGS=
}
trap 'stop_hogs; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Each hog spins, and ends by itself once this script is gone, however
# it ended.
_i=0
while [ "$_i" -lt "$hogs" ]; do
	# shellcheck disable=SC2016 # expanded by the hog's own sh
	sh -c 'n=0; while :; do n=$((n + 1)); [ "$n" -lt 100000 ] && continue
	    kill -0 "$1" 2>/dev/null || exit 0; n=0; done' hog $$ &
	HOGS="$HOGS $!"
	_i=$((_i + 1))
done

echo "# check-flaky: $runs runs of tests/run.sh $*; $hogs CPU hogs beside it"
i=1
while [ "$i" -le "$runs" ]; do
	_t0=$(date +%s)
	: >"$WORK/verdicts.$i"
	IPC_TEST_VERDICT_LOG=$WORK/verdicts.$i sh "$TOP/tests/run.sh" "$@" \
	    >"$WORK/run.$i" 2>&1
	_rc=$?
	# The whole output of a run with a failure is kept.
	if [ "$_rc" != 0 ]; then
		[ -n "$KEEP" ] || KEEP=$(mktemp -d "${TMPDIR:-/tmp}/ipc-flaky-logs.XXXXXX")
		cp "$WORK/run.$i" "$KEEP/run.$i"
	fi
	_t1=$(date +%s)
	read -r _load _ <"/proc/loadavg" 2>/dev/null || _load=?
	echo "# run $i: $(tail -n 1 "$WORK/run.$i") (exit $_rc, $((_t1 - _t0)) s, load $_load)"
	i=$((i + 1))
done
stop_hogs

# One line per case and run, "RUN VERDICT NAME", from the verdicts
# run.sh counted (IPC_TEST_VERDICT_LOG), not from its output, where a
# case's diagnostics could look like a verdict.
i=1
while [ "$i" -le "$runs" ]; do
	sed "s/^/$i /" "$WORK/verdicts.$i" 2>/dev/null
	i=$((i + 1))
done >"$WORK/verdicts"

awk -v runs="$runs" -v work="$WORK" -v keep="$KEEP" '
    {
	k = $0; sub(/^[^ ]+ [^ ]+ /, "", k)
	if (!(k in seen)) { seen[k] = 1; order[++n] = k }
	cnt[k, $2]++
	if ($2 == "FAIL" && !((k, "first") in cnt)) cnt[k, "first"] = $1
    }
    END {
	good = bad = skipped = 0
	for (i = 1; i <= n; i++) {
	    k = order[i]
	    ok = cnt[k, "ok"] + 0; f = cnt[k, "FAIL"] + 0; s = cnt[k, "SKIP"] + 0
	    if (ok == runs && f == 0) { good++; continue }
	    if (s == runs) { skipped++; continue }
	    bad++
	    printf "FLAKY %s: passed %d of %d runs, failed %d, skipped %d, absent %d\n",
		k, ok, runs, f, s, runs - ok - f - s
	    if ((k, "first") in cnt) {
		r = cnt[k, "first"]
		name = k; sub(/^unit: /, "", name)
		while ((getline line < (work "/run." r)) > 0)
		    if (index(line, "FAIL " name ":") == 1) {
			print "  first failure, run " r ": " line
			break
		    }
		close(work "/run." r)
	    }
	}
	print "# skipped every run: " skipped
	if (keep != "")
	    print "# the whole output of every run with a failure: " keep
	print good " passed, " bad " failed"
	exit (bad > 0 ? 1 : 0)
    }' "$WORK/verdicts"
