# SPDX-License-Identifier: BSD-2-Clause
#
# What the `make bench` scripts share, sourced once they have set TOP,
# CC and BENCH (their name in messages): a private TMPD, removed on exit;
# die(); bench/spawntime built as SPAWNTIME; NULLPROG, a trivial binary,
# linked statically if the C library can be (STATIC is then -static, for
# the hand-written yardsticks too); NCPU; PIN, taskset's prefix for CPU 0
# (empty without taskset); and AWKLIB, the order statistics of
# bench/stats.awk for the scripts' awk programs.

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipc-$(echo "$BENCH" | tr / -).XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT TERM
SPAWNTIME=$TMPD/spawntime
NULLPROG=$TMPD/null

die() { echo "$BENCH: $*" >&2; exit 1; }

$CC -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o "$SPAWNTIME" \
    "$TOP/bench/spawntime.c" || die "cannot build spawntime"
STATIC=-static
printf 'int main(void) { return (0); }\n' >"$TMPD/null.c"
if ! $CC -O2 -static -o "$NULLPROG" "$TMPD/null.c" 2>/dev/null; then
	echo "note: no static libc; helpers linked dynamically"
	STATIC=
	$CC -O2 -o "$NULLPROG" "$TMPD/null.c" || die "cannot build null"
fi
NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
PIN=
if command -v taskset >/dev/null 2>&1; then
	PIN="taskset -c 0"
else
	echo "note: no taskset; pinned rows skipped"
fi
AWKLIB=$(cat "$TOP/bench/stats.awk")
