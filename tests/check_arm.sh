#!/bin/sh
# make check-arm: BeagleBone-class Linux builds, checked on every commit.
# Cross-builds ipc-static, ipc-dynamic and the unit tests with Debian's
# arm-linux-gnueabihf-gcc for a Cortex-A8 (-mcpu=cortex-a8 -Werror), once
# with the default armhf ABI (32-bit time_t) and once with the 64-bit
# time_t ABI of Debian 13 / Ubuntu 24.04 (-D_TIME_BITS=64
# -D_FILE_OFFSET_BITS=64).  Everything is linked statically, so that
# qemu-arm-static (called directly, no binfmt) runs it without an ARM
# sysroot.  Under the emulator: every mode x type with -v and -j (rate
# positive, JSON valid), describe, the unit tests, -P (the emulator has no
# perf_event_open: exit 71 saying so) and a 1 TiB buffer (64: beyond
# SSIZE_MAX on 32-bit).  Ends with "N passed, N failed".

TOP=$(cd "$(dirname "$0")/.." && pwd)
CA_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipc-arm.XXXXXX")
trap 'rm -rf "$CA_TMP"' EXIT
OUT=$CA_TMP/out
ERR=$CA_TMP/err
RC=0
PASSED=0
FAILED=0
RATE='[0-9]+\.[0-9]{2} KBytes/sec'
# A port base of our own, below Linux's ephemeral range (as tests/lib.sh).
CA_PORT=$((10000 + $$ % 20000 + 870))

pass() { PASSED=$((PASSED + 1)); echo "ok $1"; }
fail() {
	FAILED=$((FAILED + 1)); echo "FAIL $1: $2"
	if [ -s "$OUT" ]; then echo "  stdout:"; sed 's/^/    /' "$OUT" | head -20; fi
	if [ -s "$ERR" ]; then echo "  stderr:"; sed 's/^/    /' "$ERR" | head -20; fi
}
skip() { echo "SKIP $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }
# run ARGS...: run with a timeout; sets $RC, fills $OUT and $ERR.
run() {
	timeout -k 5 120 "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
}

CA_CC=${ARM_CC:-arm-linux-gnueabihf-gcc}
CA_QEMU=${ARM_QEMU:-qemu-arm-static}
CA_PY=
for _p in /usr/bin/python3 python3; do
	if "$_p" -c 'import json' 2>/dev/null; then CA_PY=$_p; break; fi
done

# ca_json_ok MIN_SAMPLES: $OUT is one JSON document; with MIN_SAMPLES > 0,
# benchmark_samples has that many data, each with a positive bandwidth.
# Without python only a weaker check is possible: braces first and last,
# and a positive "bandwidth" figure.
ca_json_ok() {
	if [ -n "$CA_PY" ]; then
		"$CA_PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
if n:
    s = d["benchmark_samples"]
    assert len(s) == n and all(x["bandwidth"] > 0 for x in s), s
else:
    assert "hardware_configuration" in d
' "$OUT" "$1" 2>/dev/null
		return
	fi
	head -c 1 "$OUT" | grep -q '{' && tail -n 1 "$OUT" | grep -q '}' &&
	    { [ "$1" = 0 ] || grep -Eq '"bandwidth": *[0-9.]*[1-9]' "$OUT"; }
}

# ca_rate_ok: the last line of $OUT is a rate line with a positive rate.
ca_rate_ok() {
	tail -n 1 "$OUT" | grep -Eq "^$RATE\$" &&
	    ! tail -n 1 "$OUT" | grep -Eq '^0\.00 KBytes/sec$'
}

if ! have "$CA_CC"; then
	skip "arm" "$CA_CC not installed (apt-get install gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)"
	echo "$PASSED passed, $FAILED failed"
	exit 0
fi
have "$CA_QEMU" || echo "# $CA_QEMU not installed: builds only (apt-get install qemu-user-static)"
[ -n "$CA_PY" ] || echo "# no python3: JSON checked only weakly (braces and a positive bandwidth)"
echo "# strace and counter tests do not apply under qemu-user: strace would see"
echo "# the emulator's own system calls, not the guest's, and qemu-user has no"
echo "# perf_event_open (ENOSYS; checked below as a plain 71)."

for abi in default time64; do
	case $abi in
	default) flags="-mcpu=cortex-a8" ;;
	time64) flags="-mcpu=cortex-a8 -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64" ;;
	esac
	d=$CA_TMP/$abi
	mkdir -p "$d"
	cp -R "$TOP/ipc" "$TOP/tests" "$d/"
	make -C "$d/ipc" clean >/dev/null 2>&1
	if make -C "$d/ipc" CC="$CA_CC" WERROR=-Werror CFLAGS="$flags" \
	    LDFLAGS=-static all unit-tests >"$d/build.log" 2>&1; then
		pass "arm-build-$abi ($flags, static)"
	else
		: >"$OUT"; cp "$d/build.log" "$ERR"
		fail "arm-build-$abi" "cross-build with $flags -Werror failed"
		continue
	fi
	if ! have "$CA_QEMU"; then
		skip "arm-run-$abi" "$CA_QEMU not installed"
		continue
	fi
	q="$CA_QEMU"

	# The unit tests, relayed as one case (their own lines are indented).
	timeout -k 5 300 "$q" "$d/ipc/unit-tests" \
	    >"$OUT" 2>"$ERR"
	RC=$?
	sed -n -E "s/^(FAIL|SKIP|#) /  \\1 /p" "$OUT"
	_last=$(tail -n 1 "$OUT")
	case "$RC:$_last" in
	0:*" passed, 0 failed") pass "arm-unit-tests-$abi ($_last)" ;;
	*) fail "arm-unit-tests-$abi" "exit $RC, last line '$_last'" ;;
	esac

	for m in 1thread 2thread 2proc; do
		for ty in pipe local tcp; do
			CA_PORT=$((CA_PORT + 1))
			run "$q" "$d/ipc/ipc-static" -B -v -b 65536 -t 1048576 \
			    -i "$ty" -p "$CA_PORT" "$m"
			if [ "$RC" = 0 ] && ca_rate_ok && [ ! -s "$ERR" ]; then
				pass "arm-run-verbose-$m-$ty-$abi ($(tail -n 1 "$OUT"))"
			else
				fail "arm-run-verbose-$m-$ty-$abi" "exit $RC; want 0, a positive rate last, empty stderr"
			fi
			CA_PORT=$((CA_PORT + 1))
			run "$q" "$d/ipc/ipc-dynamic" -B -j -n 2 -b 65536 \
			    -t 1048576 -i "$ty" -p "$CA_PORT" "$m"
			if [ "$RC" = 0 ] && ca_json_ok 2 && [ ! -s "$ERR" ]; then
				pass "arm-run-json-$m-$ty-$abi"
			else
				fail "arm-run-json-$m-$ty-$abi" "exit $RC; want 0, valid JSON with 2 positive bandwidths"
			fi
		done
	done

	run "$q" "$d/ipc/ipc-static" describe
	if [ "$RC" = 0 ] && grep -q '^Hardware configuration:' "$OUT" &&
	    [ ! -s "$ERR" ]; then
		pass "arm-describe-$abi"
	else
		fail "arm-describe-$abi" "exit $RC; want 0 and the host description"
	fi
	run "$q" "$d/ipc/ipc-static" -j describe
	if [ "$RC" = 0 ] && ca_json_ok 0; then
		pass "arm-describe-json-$abi"
	else
		fail "arm-describe-json-$abi" "exit $RC; want 0 and valid JSON"
	fi

	# qemu-user has no perf_event_open: ENOSYS, said plainly.
	run "$q" "$d/ipc/ipc-static" -B -P sw -b 4096 -t 65536 2thread
	if [ "$RC" = 71 ] && [ ! -s "$OUT" ] && grep -q \
	    '^ipc-static: FAIL: perf_event_open .*this kernel has no perf events' \
	    "$ERR"; then
		pass "arm-counters-enosys-$abi"
	else
		fail "arm-counters-enosys-$abi" "exit $RC; want 71 saying there are no perf events"
	fi

	# 1 TiB is beyond SSIZE_MAX on 32-bit: a usage error, not 71.
	run "$q" "$d/ipc/ipc-static" -B -b 1099511627776 -t 1099511627776 1thread
	if [ "$RC" = 64 ] && [ ! -s "$OUT" ]; then
		pass "arm-1tib-buffer-usage-$abi"
	else
		fail "arm-1tib-buffer-usage-$abi" "exit $RC, want 64"
	fi
	skip "arm-strace-$abi" "qemu-user: strace sees the emulator's system calls, not the guest's"
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
