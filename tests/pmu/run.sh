#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# `make check-pmu`: the hardware-counter path on a PMU that counts.  No
# machine of this project has one, so ipc-static is built for aarch64 and
# booted in qemu-system-aarch64 (Cortex-A57 with its PMU, one vCPU,
# -icount shift=0 so that instructions count).  The guest runs the list
# in tests/pmu/cases.sh and powers off; tests/pmu/check.sh judges each
# run here.  Nothing runs on the host's counters or reads its /proc.
#
# Steps: fetch.sh (Debian's arm64 kernel and busybox, cached), image.sh
# (cross build and initramfs), boot, split the console log, check.sh.
# Skips, with the reason, where the emulator, the cross compiler or the
# downloads cannot be had.  The last line is "N passed, N failed".
#
# Environment: PMU_CACHE (downloads; default tests/pmu/cache), PMU_SRC
# (the sources to build; default ipc/), PMU_TIMEOUT (seconds for the
# whole boot; default 300), PMU_KEEP=1 (keep the work directory).

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$TOP/tests/lib.sh"
trap cleanup_lib EXIT

PMU_CACHE=${PMU_CACHE:-$TOP/tests/pmu/cache}
PMU_SRC=${PMU_SRC:-$TOP/ipc}
PMU_TIMEOUT=${PMU_TIMEOUT:-300}
PM_HERE=$TOP/tests/pmu

# pm_skip_all WHY: the leg cannot run here; say why and succeed.
pm_skip_all() {
	skip pmu "$1"
	echo "$PASSED passed, $FAILED failed"
	exit 0
}

for t in qemu-system-aarch64 aarch64-linux-gnu-gcc cpio timeout; do
	have "$t" || pm_skip_all "$t not found (Debian: qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio)"
done
if ! pm_why=$(sh "$PM_HERE/fetch.sh" "$PMU_CACHE"); then
	pm_skip_all "no guest kernel or busybox: $pm_why"
fi

pm_t0=$(date +%s)
PM_WORK=$(mktemp -d "${TMPDIR:-/tmp}/ipc-pmu.XXXXXX") ||
    { echo "FAIL pmu: mktemp"; echo "0 passed, 1 failed"; exit 1; }
if ! pm_why=$(sh "$PM_HERE/image.sh" "$PMU_SRC" "$PMU_CACHE/busybox" "$PM_WORK"); then
	fail pmu-guest-image "$pm_why"
	echo "work directory kept: $PM_WORK"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi

echo "# pmu: built in $(( $(date +%s) - pm_t0 )) s; booting $(tr '\n' ' ' <"$PMU_CACHE/VERSION" 2>/dev/null)"
pm_t0=$(date +%s)
# -smp 1: with two vCPUs instruction counts are not per task.  -icount
# shift=0: without it the emulated PMU counts no instructions.  -nic none:
# otherwise qemu wants a network ROM it does not ship.
timeout -k 10 "$PMU_TIMEOUT" qemu-system-aarch64 -M virt \
    -cpu cortex-a57,pmu=on -smp 1 -icount shift=0 -m 1024 \
    -nographic -no-reboot -nic none \
    -kernel "$PMU_CACHE/Image" -initrd "$PM_WORK/initrd.cpio" \
    -append "console=ttyAMA0 quiet loglevel=1 panic=-1" \
    </dev/null >"$PM_WORK/console.log" 2>&1
pm_rc=$?
echo "# pmu: guest done in $(( $(date +%s) - pm_t0 )) s (qemu exit $pm_rc)"

# One NAME.rc, NAME.out, NAME.err per framed block (see tests/pmu/init).
PM_CASES=$PM_WORK/cases
mkdir -p "$PM_CASES"
tr -d '\r' <"$PM_WORK/console.log" | awk -v d="$PM_CASES" '
	/^@@PMU-CASE / {
		name = $2; out = d "/" name ".out"; err = d "/" name ".err"
		print $3 > (d "/" name ".rc"); close(d "/" name ".rc")
		printf "" > out; printf "" > err; inside = 1; next
	}
	/^@@PMU-END / { close(out); close(err); inside = 0; next }
	inside && /^O\|/ { print substr($0, 3) > out; next }
	inside && /^E\|/ { print substr($0, 3) > err; next }
'
pm_guest=$(tr -d '\r' <"$PM_WORK/console.log" | sed -n 's/^@@PMU-GUEST //p' | head -n 1)
echo "# pmu: guest $pm_guest"
PM_COUNTERS=$(echo "$pm_guest" | sed -n 's/.* counters \([0-9]*\) .*/\1/p')
PM_PMUS=$(echo "$pm_guest" | sed -n 's/.* pmus \(.*\)/\1/p')

if tr -d '\r' <"$PM_WORK/console.log" | grep -qx '@@PMU-DONE'; then
	pass pmu-guest-finished
else
	fail pmu-guest-finished "the guest did not reach the end of its list (qemu exit $pm_rc; timeout $PMU_TIMEOUT s); console log tail:"
	tail -n 20 "$PM_WORK/console.log"
fi
# shellcheck source=tests/pmu/check.sh
. "$PM_HERE/check.sh"

if [ "$FAILED" -gt 0 ] || [ -n "${PMU_KEEP:-}" ]; then
	echo "work directory kept: $PM_WORK"
else
	rm -rf "$PM_WORK"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
