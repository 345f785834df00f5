# Shared helpers for the integration tests (POSIX sh).  Sourced by run.sh;
# each tests/t_*.sh file is then sourced in turn and reports its cases with
# pass/fail/skip.  Every case checks exit status, stdout and stderr together.

TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
IPC_STATIC=$TOP/ipc/ipc-static
IPC_DYNAMIC=$TOP/ipc/ipc-dynamic
BINS="$IPC_STATIC $IPC_DYNAMIC"
# TCP ports for tests: a per-run base so parallel runs do not collide,
# kept below Linux's ephemeral range (32768-60999), where a client socket
# in TIME_WAIT would make bind() fail despite SO_REUSEADDR.
IPC_TEST_PORT=${IPC_TEST_PORT:-$((10000 + $$ % 20000))}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-tests.XXXXXX")
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

pass() { PASSED=$((PASSED + 1)); echo "ok $1"; }
fail() {
	FAILED=$((FAILED + 1)); echo "FAIL $1: $2"
	if [ -s "$OUT" ]; then echo "  stdout:"; sed 's/^/    /' "$OUT" | head -20; fi
	if [ -s "$ERR" ]; then echo "  stderr:"; sed 's/^/    /' "$ERR" | head -20; fi
}
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP $1: $2"; }

# run BIN ARGS...: run with a timeout; sets $RC and fills $OUT and $ERR.
run() {
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

# The rate line of the reference output.
RATE='[0-9]+\.[0-9]{2} KBytes/sec'

# name BIN: the program name of a binary path.
name() { basename "$1"; }

have() { command -v "$1" >/dev/null 2>&1; }

cleanup_lib() { rm -rf "$TMPD"; }
