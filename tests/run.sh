#!/bin/sh
# Runs the unit tests and the integration test files, then prints the
# number of skipped cases ("N skipped") and, last, "N passed, N failed"
# (skips are not passes).  Exits non-zero if and only if something failed.
#
# usage: tests/run.sh [-j N] [-v] [FILE ...] [PATTERN ...]
#   FILE     t_core, t_core.sh or tests/t_core.sh: run that file; "unit":
#            run ipc/unit-tests.  Default: unit and every tests/t_*.sh.
#   PATTERN  any other argument: a shell pattern that a whole case name
#            must match to be reported and counted ('core-usage-*',
#            '*-2proc-*'); several patterns add up.  Files still run every
#            case, so name the file too to be quick:
#                tests/run.sh t_ext 'ext-pin-*'
#   -j N     run N files at a time (default 4, or IPC_TEST_JOBS); each
#            file's output is kept and printed whole, in file order.
#   -v       also print how long each file took.
# `make test TESTS='t_core core-usage-*'` passes TESTS on.
#
# Each file runs in a sh process of its own with tests/lib.sh sourced
# first, so files share no state; each owns a range of TCP port offsets
# (port/next_port), so two can run at once.  A file is bounded by
# IPC_TEST_FILE_TIMEOUT seconds (default 600): one that dies or hangs
# counts as a failure, never as silence.  Case names must be unique across
# the run and hold no blank or colon (the report is "VERDICT NAME: text");
# a repeated or malformed name fails the run.  lib.sh says which cases
# also run on ipc-dynamic.  IPC_TEST_VERDICT_LOG=FILE: one line per
# counted verdict is appended to FILE, "ok NAME", "FAIL NAME" or "SKIP
# NAME" (unit-test names prefixed "unit: "; a failure of the run itself
# as "FAIL run.sh: WHY"), for tests/check_flaky.sh.

TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP

usage() {
	echo "usage: tests/run.sh [-j N] [-v] [t_FILE | unit ...] [CASE-PATTERN ...]" >&2
	exit 64
}

# Four files at a time on two CPUs: most cases wait (on a peer, a
# deadline, a tracer) rather than compute, so two at a time left the CPUs
# idle for half the suite.
jobs=${IPC_TEST_JOBS:-4}
verbose=
files=
cases=
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	-j)	[ $# -ge 2 ] || usage; jobs=$2; shift ;;
	-j*)	jobs=${1#-j} ;;
	-v)	verbose=1 ;;
	-*)	usage ;;
	unit)	files="$files unit" ;;
	*/* | *.sh | t_*)
		f=$(basename "$1" .sh)
		if [ ! -f "$TOP/tests/$f.sh" ]; then
			echo "tests/run.sh: no test file tests/$f.sh" >&2
			exit 64
		fi
		files="$files $f"
		;;
	*)	cases="$cases${cases:+$nl}$1" ;;
	esac
	shift
done
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
if [ -z "$files" ]; then
	files=unit
	for t in "$TOP"/tests/t_*.sh; do
		[ -f "$t" ] && files="$files $(basename "$t" .sh)"
	done
fi
# The slowest files start first, so that files running side by side end
# at about the same time; output still comes in the order above.
SLOW_FIRST="t_faults t_sweep t_sweep_safe t_compare t_trace t_latency t_hard"
order=
for f in $SLOW_FIRST; do
	case " $files " in *" $f "*) order="$order $f" ;; esac
done
for f in $files; do
	case " $order " in *" $f "*) ;; *) order="$order $f" ;; esac
done
IPC_TEST_CASES=$cases
export IPC_TEST_CASES

for b in "$TOP/ipc/ipc-static" "$TOP/ipc/ipc-dynamic"; do
	[ -x "$b" ] || { echo "missing $b: run make first"; exit 2; }
done

RUNTMP=$(mktemp -d "${TMPDIR:-/tmp}/ipc-run.XXXXXX")
# On an interrupt, stop the files still running (each is a timeout(1)
# process leading its own process group), then clean up.
stop_all() {
	for _d in "$RUNTMP"/*/; do
		[ -f "$_d/pid" ] && [ ! -f "$_d/rc" ] &&
		    kill -TERM "$(cat "$_d/pid")" 2>/dev/null
	done
	exit 130
}
trap 'rm -rf "$RUNTMP"' EXIT
trap stop_all INT TERM

# One port base for the whole run: the files' ranges must not overlap.
IPC_TEST_PORT=${IPC_TEST_PORT:-$((10000 + $$ % 20000))}
export IPC_TEST_PORT
# python3 resolved once: a version manager's shim (pyenv) costs a few
# hundred ms per call.  Without python3 there is no link, and the cases
# that need it skip.
mkdir "$RUNTMP/bin"
if _py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
    [ -x "$_py" ]; then
	ln -s "$_py" "$RUNTMP/bin/python3"
fi
PATH=$RUNTMP/bin:$PATH
export PATH
ftimeout=${IPC_TEST_FILE_TIMEOUT:-600}

# ms: wall-clock milliseconds, or whole seconds where date has no %N.
ms() {
	_m=$(date +%s%N)
	case $_m in
	*[!0-9]*) echo $(($(date +%s) * 1000)) ;;
	*) echo "${_m%??????}" ;;
	esac
}

# start FILE: run one file (or the unit tests) in the background; its
# directory gets out (stdout and stderr), verdicts (one "KIND NAME" per
# case, from lib.sh), done (written only if the file ran to its end),
# pid (the timeout process), rc, and start/end times.
start() {
	_d=$RUNTMP/$1
	mkdir "$_d" "$_d/tmp"
	: >"$_d/verdicts"
	ms >"$_d/start"
	_file=$TOP/tests/$1.sh
	if [ "$1" = unit ]; then
		set -- "$TOP/ipc/unit-tests"
	else
		# The paths go through the environment, not "$1"/"$2": a
		# sourced test file may use `set --` for its own ends.
		# shellcheck disable=SC2016 # expanded by the inner sh
		set -- sh -c '. "$TOP/tests/lib.sh"; . "$IPC_TEST_FILE"; : >"$IPC_TEST_DONE"'
	fi
	(
		IPC_TEST_FILE=$_file IPC_TEST_DONE=$_d/done \
		IPC_TEST_TMPD=$_d/tmp IPC_TEST_VERDICTS=$_d/verdicts \
		    timeout -k 10 "$ftimeout" "$@" >"$_d/out" 2>&1 </dev/null 3>&- &
		echo $! >"$_d/pid"
		wait $!
		_rc=$?
		ms >"$_d/end"
		echo $_rc >"$_d/rc"
		echo finished >&3
	) &
}

PASSED=0
FAILED=0
SKIPPED=0
SELECTED=0
TIMES=

# harness_fail WHY: a failure of the run itself (not of a named case).
harness_fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL $1"
	verdict_log FAIL "run.sh: $1"
}

# verdict_log KIND NAME: record a counted verdict (IPC_TEST_VERDICT_LOG).
verdict_log() {
	[ -n "${IPC_TEST_VERDICT_LOG:-}" ] || return 0
	echo "$1 $2" >>"$IPC_TEST_VERDICT_LOG"
}

# unit_selected LINE: the unit-test verdict LINE names a selected case.
unit_selected() {
	[ -n "$cases" ] || return 0
	_ul=${1#* }
	while IFS= read -r _up; do
		# shellcheck disable=SC2254 # the pattern is meant to glob
		case $_ul in $_up | $_up:\ *) return 0 ;; esac
	done <<EOF
$cases
EOF
	return 1
}

# report_unit: relay the unit tests' lines (not their totals line), count
# them, and record their names for the duplicate check.
report_unit() {
	_d=$RUNTMP/unit
	echo "# unit-tests"
	_rc=$(cat "$_d/rc")
	_last=$(tail -n 1 "$_d/out")
	_up=$(echo "$_last" | sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p')
	_uf=$(echo "$_last" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p')
	if [ -n "$_up" ]; then
		sed '$d' "$_d/out" >"$_d/lines"
	else
		cp "$_d/out" "$_d/lines"
	fi
	_p=0 _f=0 _s=0
	while IFS= read -r _line; do
		case $_line in
		'ok '* | 'FAIL '* | 'SKIP '*)
			unit_selected "$_line" || continue
			echo "$_line"
			case $_line in
			ok*)	_p=$((_p + 1))
				echo "unit ${_line#ok }" >>"$RUNTMP/names"
				verdict_log ok "unit: ${_line#ok }" ;;
			FAIL*)	_f=$((_f + 1))
				# The name ends before ": FILE.c:LINE:".
				verdict_log FAIL "unit: $(echo "${_line#FAIL }" |
				    sed 's/: [^ :]*\.c:[0-9]*:.*//')" ;;
			SKIP*)	_s=$((_s + 1))
				verdict_log SKIP "unit: $(echo "${_line#SKIP }" |
				    sed 's/: .*//')" ;;
			esac
			;;
		*)	[ -z "$cases" ] && echo "$_line" ;;
		esac
	done <"$_d/lines"
	if [ -z "$cases" ] && [ -n "$_up" ]; then
		# Its own totals are the authority on passes and failures.
		_p=$_up _f=$_uf
	fi
	PASSED=$((PASSED + _p)) FAILED=$((FAILED + _f)) SKIPPED=$((SKIPPED + _s))
	SELECTED=$((SELECTED + _p + _f + _s))
	if [ ! -x "$TOP/ipc/unit-tests" ]; then
		harness_fail "unit-tests: ipc/unit-tests not built (make test builds it)"
	elif [ "$_rc" = 124 ] || [ "$_rc" = 137 ]; then
		harness_fail "unit-tests: timed out after $ftimeout s"
	elif [ -z "$_up" ]; then
		harness_fail "unit-tests: did not finish (exit $_rc)"
	elif [ "$_rc" != 0 ] && [ "$_f" = 0 ] && [ -z "$cases" ]; then
		harness_fail "unit-tests: exit $_rc with no failed case"
	fi
}

# report_file FILE: relay one file's output and fold in its verdicts.
report_file() {
	_d=$RUNTMP/$1
	echo "# $1.sh"
	cat "$_d/out"
	_rc=$(cat "$_d/rc")
	_p=$(grep -c '^ok ' "$_d/verdicts")
	_f=$(grep -c '^FAIL ' "$_d/verdicts")
	_s=$(grep -c '^SKIP ' "$_d/verdicts")
	PASSED=$((PASSED + _p)) FAILED=$((FAILED + _f)) SKIPPED=$((SKIPPED + _s))
	SELECTED=$((SELECTED + _p + _f + _s))
	sed "s/^[^ ]* /$1 /" "$_d/verdicts" >>"$RUNTMP/names"
	if [ -n "${IPC_TEST_VERDICT_LOG:-}" ]; then
		grep -E '^(ok|FAIL|SKIP) ' "$_d/verdicts" >>"$IPC_TEST_VERDICT_LOG"
	fi
	if [ "$_rc" = 124 ] || [ "$_rc" = 137 ]; then
		harness_fail "$1.sh: timed out after $ftimeout s"
	elif [ ! -f "$_d/done" ]; then
		harness_fail "$1.sh: stopped before its end (exit $_rc)"
	elif [ ! -s "$_d/verdicts" ]; then
		harness_fail "$1.sh: reported no case"
	fi
	_bad=$(sed -n 's/^[^ ]* //p' "$_d/verdicts" | grep -E '[[:space:]:]|^$')
	if [ -n "$_bad" ]; then
		harness_fail "$1.sh: case names with a blank or a colon: $(echo "$_bad" | head -n 3 | tr '\n' '|')"
	fi
}

# flush: report, in file order, every file that has finished and whose
# predecessors have all been reported.
REPORTED=
flush() {
	for _j in $files; do
		case " $REPORTED " in *" $_j "*) continue ;; esac
		[ -f "$RUNTMP/$_j/rc" ] || return 0
		if [ "$_j" = unit ]; then report_unit; else report_file "$_j"; fi
		TIMES="$TIMES $_j:$(($(cat "$RUNTMP/$_j/end") - $(cat "$RUNTMP/$_j/start")))"
		REPORTED="$REPORTED $_j"
	done
}

# Each finished file writes a line to this FIFO: the loop below waits
# on it instead of polling.
mkfifo "$RUNTMP/finished"
exec 3<>"$RUNTMP/finished"
: >"$RUNTMP/names"
nrun=0
for f in $order; do
	if [ "$nrun" -ge "$jobs" ]; then
		read -r _ <&3
		nrun=$((nrun - 1))
		flush
	fi
	start "$f"
	nrun=$((nrun + 1))
done
while [ "$nrun" -gt 0 ]; do
	read -r _ <&3
	nrun=$((nrun - 1))
	flush
done
wait
exec 3>&-

# Every name once across the whole run.
_dups=$(cut -d' ' -f2- "$RUNTMP/names" | sort | uniq -d)
if [ -n "$_dups" ]; then
	echo "$_dups" | while IFS= read -r _n; do
		verdict_log FAIL "run.sh: duplicate case name '$_n'"
		echo "FAIL duplicate case name '$_n' in: $(awk -v n="$_n" \
		    'substr($0, index($0, " ") + 1) == n { print $1 }' \
		    "$RUNTMP/names" | tr '\n' ' ')"
	done
	FAILED=$((FAILED + $(echo "$_dups" | wc -l)))
fi
if [ -n "$cases" ]; then
	echo "# cases that match the pattern(s): $SELECTED"
	[ "$SELECTED" -gt 0 ] ||
	    harness_fail "run.sh: no case name matches the pattern(s)"
fi
if [ -n "$verbose" ]; then
	for _t in $TIMES; do
		_ms=${_t#*:}
		echo "# ${_t%%:*}: $((_ms / 1000)).$((_ms % 1000 / 100)) s"
	done
fi

echo "$SKIPPED skipped"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
