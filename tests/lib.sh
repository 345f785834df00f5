# Shared helpers for the integration tests (POSIX sh).  tests/run.sh runs
# each tests/t_*.sh in a process of its own, with this file sourced first;
# a file reports its cases with pass/fail/skip and never exits.  Every case
# checks exit status, stdout and stderr together.  A file can also be run
# by hand:  TOP=$PWD sh -c '. tests/lib.sh; . tests/t_core.sh'
#
# Which binary a case runs on.  ipc-static and ipc-dynamic are built from
# the same objects, so full coverage runs on ipc-static ($BINS_FULL), and
# ipc-dynamic gets a representative subset ($BINS in a loop): what can
# differ by linkage, and what a user can interpose on in a dynamic binary.
# The subset, per file:
#   t_core      linkage and libc-only dependencies, the golden usage text,
#               the usage errors that libc's getopt diagnoses (and the
#               flag after the operand, which glibc's getopt would
#               permute), one run per mode x IPC type, one non-bare run;
#   t_describe  describe and -j describe (the host probes are libc calls);
#   t_ext       one -j run;
#   t_counters  the software set in one 2proc run, and each of -P cpi,
#               arch, dcache, instr, tlbmem with the table the machine
#               picks (without a PMU: exit 71, never 64);
#   t_faults    the failures that pass through interposable libc calls:
#               stdout on /dev/full or closed, an allocation that fails,
#               and a stray TCP client;
#   t_trace     what strace sees (the loader changes start-up): one
#               bracket per mode, bare and non-bare, and the thread names;
#   t_strace    one pinned system-call sequence per mode (the compared
#               window starts after the loader's work).
# New files follow the same rule.  IPC_TEST_DYNAMIC=all runs every case
# on both binaries.

TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
IPC_STATIC=$TOP/ipc/ipc-static
IPC_DYNAMIC=$TOP/ipc/ipc-dynamic
BINS="$IPC_STATIC $IPC_DYNAMIC"
if [ "${IPC_TEST_DYNAMIC:-}" = all ]; then
	BINS_FULL=$BINS
else
	BINS_FULL=$IPC_STATIC
fi
# in_full BIN: BIN is one of $BINS_FULL.
in_full() {
	case " $BINS_FULL " in *" $1 "*) return 0 ;; esac
	return 1
}
# TCP ports for tests: a per-run base (run.sh sets one for all files) so
# that parallel runs do not collide, kept below Linux's ephemeral range
# (32768-60999), where a client socket in TIME_WAIT would make bind() fail
# despite SO_REUSEADDR.  Each file owns a range of 100 offsets.
IPC_TEST_PORT=${IPC_TEST_PORT:-$((10000 + $$ % 20000))}
if [ -n "${IPC_TEST_TMPD:-}" ]; then
	TMPD=$IPC_TEST_TMPD
	mkdir -p "$TMPD"
else
	# Run by hand: this process owns the directory.
	TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-tests.XXXXXX")
	trap 'rm -rf "$TMPD"' EXIT
fi
# LeakSanitizer cannot work under ptrace: for a sanitizer build, runs made
# through strace (however invoked, timeout included) keep every other check
# but leak detection.
if [ -n "${ASAN_OPTIONS:-}" ] && _strace=$(command -v strace); then
	mkdir -p "$TMPD/bin"
	printf '#!/bin/sh\nASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" exec %s "$@"\n' \
	    "$_strace" >"$TMPD/bin/strace"
	chmod +x "$TMPD/bin/strace"
	PATH=$TMPD/bin:$PATH
fi
OUT=$TMPD/out
ERR=$TMPD/err
RC=0
PASSED=0
FAILED=0
SKIPPED=0
# Seconds a single benchmark run may take before it counts as a hang.
RUN_TIMEOUT=${RUN_TIMEOUT:-60}

# selected NAME: NAME matches one of the case patterns run.sh was given
# (IPC_TEST_CASES, shell patterns one per line), or none was given.
selected() {
	[ -n "${IPC_TEST_CASES:-}" ] || return 0
	_sel=1
	while IFS= read -r _sp; do
		# shellcheck disable=SC2254 # the pattern is meant to glob
		case $1 in $_sp) _sel=0 ;; esac
	done <<EOF
$IPC_TEST_CASES
EOF
	return $_sel
}

# _verdict KIND NAME: record one verdict for run.sh, which counts them and
# checks that no name repeats; an unselected case is recorded as "-".
_verdict() {
	[ -n "${IPC_TEST_VERDICTS:-}" ] || return 0
	echo "$1 $2" >>"$IPC_TEST_VERDICTS"
}

# pass NAME [NOTE]: the case passed; NOTE (say, a measured value) goes
# after the name, never into it.
pass() {
	if ! selected "$1"; then _verdict - "$1"; return; fi
	PASSED=$((PASSED + 1)); _verdict ok "$1"
	if [ -n "${2:-}" ]; then echo "ok $1: $2"; else echo "ok $1"; fi
}
fail() {
	if ! selected "$1"; then _verdict - "$1"; return; fi
	FAILED=$((FAILED + 1)); _verdict FAIL "$1"; echo "FAIL $1: $2"
	if [ -s "$OUT" ]; then echo "  stdout:"; sed 's/^/    /' "$OUT" | head -20; fi
	if [ -s "$ERR" ]; then echo "  stderr:"; sed 's/^/    /' "$ERR" | head -20; fi
}
skip() {
	if ! selected "$1"; then _verdict - "$1"; return; fi
	SKIPPED=$((SKIPPED + 1)); _verdict SKIP "$1"; echo "SKIP $1: $2"
}

# fail_diff NAME WHY WANT GOT: fail, and show how file GOT differs from
# file WANT.
fail_diff() {
	fail "$1" "$2"
	selected "$1" && diff -u "$3" "$4" | head -20
}

# run BIN ARGS...: run with a timeout; sets $RC and fills $OUT and $ERR.
# Fresh files each time: a process an earlier run left behind (a 2proc
# child whose parent failed) still writes into that run's files, never
# into this one's.
run() {
	rm -f "$OUT" "$ERR"
	timeout -k 5 "$RUN_TIMEOUT" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# port N: the Nth test port of this run.
port() { echo $((IPC_TEST_PORT + $1)); }

# next_port N: the first test port at offset >= N that no local socket
# uses (a stray TIME_WAIT socket from another run would make bind() fail);
# sets NEXT_PORTN and NEXT_PORT.  Without ss(8) it takes offset N.
next_port() {
	NEXT_PORTN=$1
	_ptry=0
	while [ "$_ptry" -lt 50 ]; do
		_ptry=$((_ptry + 1))
		NEXT_PORT=$(port "$NEXT_PORTN")
		have ss || return 0
		ss -Htan "( sport = :$NEXT_PORT )" 2>/dev/null | grep -q . ||
		    return 0
		NEXT_PORTN=$((NEXT_PORTN + 1))
	done
}

# expect NAME RC STDOUT_ERE STDERR_ERE: judge the last run.  An empty ERE
# means "must be empty"; the EREs must match the whole text (all lines).
expect() {
	_n=$1 _rc=$2 _o=$3 _e=$4
	if [ "$RC" != "$_rc" ]; then fail "$_n" "exit $RC, want $_rc"; return; fi
	if ! _match "$OUT" "$_o"; then fail "$_n" "stdout does not match /$_o/"; return; fi
	if ! _match "$ERR" "$_e"; then fail "$_n" "stderr does not match /$_e/"; return; fi
	pass "$_n"
}

# _match FILE ERE: empty ERE -> file empty; else every line matches the ERE
# taken as alternatives per line, and the file is not empty.
_match() {
	if [ -z "$2" ]; then [ ! -s "$1" ]; return; fi
	[ -s "$1" ] || return 1
	! grep -Evq -- "^($2)\$" "$1"
}

# py_check NAME SCRIPT ARGS...: run the python3 checker SCRIPT with ARGS
# on $OUT of the last run, which must have exited 0 with nothing on
# stderr; SCRIPT prints why and exits non-zero when the check fails.
# $PY_CHECK names the interpreter (default python3).
py_check() {
	_pn=$1 _ps=$2 _pp=${PY_CHECK:-python3}; shift 2
	if ! have "$_pp"; then skip "$_pn" "$_pp not installed"; return; fi
	if [ "$RC" != 0 ]; then fail "$_pn" "exit $RC"; return; fi
	if [ -s "$ERR" ]; then fail "$_pn" "stderr not empty"; return; fi
	_pwhy=$("$_pp" "$_ps" "$@" <"$OUT" 2>&1)
	if [ $? -eq 0 ]; then pass "$_pn"; else fail "$_pn" "$_pwhy"; fi
}

# python_with CODE: the first of /usr/bin/python3 (Debian's: system
# packages, and quick to start) and python3 that runs CODE without error,
# e.g. 'import scipy.stats'; empty if neither does.
python_with() {
	for _pw in /usr/bin/python3 python3; do
		if have "$_pw" && "$_pw" -c "$1" >/dev/null 2>&1; then
			echo "$_pw"; return
		fi
	done
}

# The rate line of the reference output.
RATE='[0-9]+\.[0-9]{2} KBytes/sec'

# name BIN: the program name of a binary path.
name() { echo "${1##*/}"; }

have() { command -v "$1" >/dev/null 2>&1; }

# now_ms: wall-clock milliseconds (whole seconds where date(1) has no %N
# and there is no python3).
now_ms() {
	_nm=$(date +%s%N 2>/dev/null)
	case $_nm in
	'' | *[!0-9]*)
		python3 -c 'import time; print(int(time.time() * 1000))' \
		    2>/dev/null || echo $(($(date +%s) * 1000))
		;;
	*)	echo "${_nm%??????}" ;;
	esac
}

# pid_alive PID: PID exists and is not a zombie (an orphan may stay a
# zombie until init reaps it; it is gone for our purpose).
pid_alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	'' | Z*) return 1 ;;
	esac
	return 0
}

# wait_gone PID TENTHS: wait up to TENTHS tenths of a second for PID to
# be gone (see pid_alive); false if it is still alive then.
wait_gone() {
	_wg=0
	while pid_alive "$1"; do
		[ "$_wg" -ge $(($2 * 2)) ] && return 1
		sleep 0.05
		_wg=$((_wg + 1))
	done
	return 0
}

# child_of PID: print the first child process of PID, waiting up to 5 s.
child_of() {
	_ci=0
	while [ "$_ci" -lt 100 ]; do
		_cc=$(pgrep -P "$1" 2>/dev/null | head -n 1)
		if [ -n "$_cc" ]; then echo "$_cc"; return 0; fi
		sleep 0.05
		_ci=$((_ci + 1))
	done
	return 1
}

# live_trace_why: why the live tracing legs (make check-trace) cannot
# run here, on stdout, or nothing when they can: asked for
# (IPC_CHECK_TRACE), no sanitizer (its runtime makes clock_gettime calls
# of its own), bpftrace, root, and tracefs (mounted here when missing).
live_trace_why() {
	if [ -z "${IPC_CHECK_TRACE:-}" ]; then
		echo "live tracing runs under make check-trace"
	elif [ -n "${IPC_SANITIZED:-}" ]; then
		echo "sanitizer build: its runtime makes clock_gettime calls of its own"
	elif ! have bpftrace; then
		echo "bpftrace not installed (apt-get install bpftrace)"
	elif [ "$(id -u)" != 0 ]; then
		echo "bpftrace needs root"
	elif [ ! -d /sys/kernel/tracing/events ] &&
	    { ! mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
	    [ ! -d /sys/kernel/tracing/events ]; }; then
		echo "tracefs cannot be mounted here"
	fi
}

# faultinject_usable NAME: tests/faultinject.so (which make test builds)
# can be preloaded into ipc-dynamic here; else skip NAME, saying why.
faultinject_usable() {
	if [ -n "${IPC_SANITIZED:-}" ]; then
		skip "$1" "sanitizer build"
		return 1
	fi
	if [ ! -f "$TOP/tests/faultinject.so" ]; then
		skip "$1" "tests/faultinject.so not built (make test builds it)"
		return 1
	fi
	return 0
}

# cg_make NAME LIMIT: create a memory cgroup NAME-PID of LIMIT bytes, a
# child of our own (so only our processes are in it and only they can be
# OOM-killed), with swap forbidden too: the v1 memory controller, else
# cgroup v2 with the memory controller delegated.  Sets CG to its
# directory, or CGWHY to why there is none (not root, no controller).
cg_make() {
	CG= CGWHY=
	if [ "$(id -u)" != 0 ]; then CGWHY="not root"; return 1; fi
	_cgp=$(sed -n 's/^[0-9]*:\([^:]*,\)*memory\(,[^:]*\)*:\(.*\)$/\3/p' /proc/self/cgroup 2>/dev/null | head -n 1)
	if [ -n "$_cgp" ] && [ -f "/sys/fs/cgroup/memory${_cgp%/}/memory.limit_in_bytes" ]; then
		CG="/sys/fs/cgroup/memory${_cgp%/}/$1-$$"
		if ! mkdir "$CG" 2>/dev/null; then
			CGWHY="cannot create $CG"; CG=; return 1
		fi
		echo "$2" >"$CG/memory.limit_in_bytes" 2>/dev/null || {
			rmdir "$CG"; CG=; CGWHY="cannot set memory.limit_in_bytes"; return 1; }
		[ -f "$CG/memory.memsw.limit_in_bytes" ] &&
		    echo "$2" >"$CG/memory.memsw.limit_in_bytes" 2>/dev/null
		return 0
	fi
	_cgp=$(sed -n 's/^0::\(.*\)$/\1/p' /proc/self/cgroup 2>/dev/null)
	for _cgm in /sys/fs/cgroup/unified /sys/fs/cgroup; do
		grep -qw memory "$_cgm/cgroup.controllers" 2>/dev/null || continue
		CG="$_cgm${_cgp%/}/$1-$$"
		if ! mkdir "$CG" 2>/dev/null; then
			CGWHY="cannot create $CG"; CG=; return 1
		fi
		if ! echo "$2" >"$CG/memory.max" 2>/dev/null; then
			rmdir "$CG"; CG=
			CGWHY="the memory controller is not delegated to our cgroup v2 ($_cgm${_cgp%/})"
			return 1
		fi
		echo 0 >"$CG/memory.swap.max" 2>/dev/null
		return 0
	done
	CGWHY="no cgroup memory controller (v1 or v2) here"
	return 1
}

# cg_run ARGS...: run (as run does) inside the cgroup cg_make made.
cg_run() {
	run sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CG" "$@"
}

# cg_remove: remove the cgroup once its last process has gone.
cg_remove() {
	_cgi=0
	while ! rmdir "$CG" 2>/dev/null && [ "$_cgi" -lt 50 ]; do
		sleep 0.1
		_cgi=$((_cgi + 1))
	done
	CG=
}

# expect_counter_block NAME SET "COUNTERS": the last run exited 0, printed
# nothing on stderr, and its stdout is exactly the 2017–18 reference
# counter block of -P SET with these set-specific COUNTERS (the trailer
# and ratios for a hardware set; plain counts for sw), then the rate line.
# Values are compared as N or N.N.
expect_counter_block() {
	if [ "$RC" != 0 ]; then fail "$1" "exit $RC, want 0"; return; fi
	if [ -s "$ERR" ]; then fail "$1" "stderr not empty"; return; fi
	{
		echo ""
		echo "  pmctype: $2"
		if [ "$2" = sw ]; then
			for _cb in $3; do echo "  $_cb: N"; done
		else
			echo "  INSTR_EXECUTED: N"
			echo "  CLOCK_CYCLES: N"
			echo "  CLOCK_CYCLES/INSTR_EXECUTED: N.N"
			for _cb in $3; do
				echo "  $_cb: N"
				echo "  $_cb/INSTR_EXECUTED: N.N"
				echo "  $_cb/CLOCK_CYCLES: N.N"
			done
		fi
		echo ""
		echo "N.N KBytes/sec"
	} >"$TMPD/block.want"
	sed -E -e 's/: [0-9]+$/: N/' -e 's/: [0-9]+\.[0-9]+$/: N.N/' \
	    -e 's/^[0-9]+\.[0-9]+ KBytes\/sec$/N.N KBytes\/sec/' \
	    "$OUT" >"$TMPD/block.got"
	if cmp -s "$TMPD/block.want" "$TMPD/block.got"; then
		pass "$1"
	else
		fail_diff "$1" "stdout is not the -P $2 block (values as N)" \
		    "$TMPD/block.want" "$TMPD/block.got"
	fi
}
