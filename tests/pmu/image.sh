#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# image.sh SRC BUSYBOX WORK: build the guest of the emulated-PMU leg into
# WORK/initrd.cpio.  ipc-static is built for aarch64 (static) from the
# sources in SRC (normally ipc/) in a copy under WORK/build, so the host's
# objects in ipc/ are never touched and a throwaway variant of the sources
# can be checked the same way.  The guest tools (pmu-hog, pmu-runas), the
# busybox binary BUSYBOX, /init and /cases.sh complete the image.
# Exit 0, or 1 with the build log's tail on stdout.

SRC=$1
BUSYBOX=$2
WORK=$3
HERE=$(cd "$(dirname "$0")" && pwd)
XCC=${PMU_CC:-aarch64-linux-gnu-gcc}
B=$WORK/build
R=$WORK/root

rm -rf "$B" "$R"
mkdir -p "$B" "$R/bin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" || exit 1
# The whole directory, then clean: host objects or binaries in SRC must
# not end up in the aarch64 link.
cp -R "$SRC/." "$B/" || exit 1
if ! { make -C "$B" clean && make -C "$B" CC="$XCC" WERROR=-Werror \
    ipc-static; } >"$B/log" 2>&1; then
	echo "aarch64 build of ipc-static failed:"
	tail -n 20 "$B/log"
	exit 1
fi
for t in hog runas; do
	if ! "$XCC" -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
	    -o "$B/pmu-$t" "$HERE/$t.c" >>"$B/log" 2>&1; then
		echo "aarch64 build of pmu-$t failed:"
		tail -n 20 "$B/log"
		exit 1
	fi
done
cp "$BUSYBOX" "$B/ipc-static" "$B/pmu-hog" "$B/pmu-runas" "$R/bin/" &&
    cp "$HERE/init" "$R/init" && cp "$HERE/cases.sh" "$R/cases.sh" &&
    chmod 755 "$R/init" "$R"/bin/* || exit 1
(cd "$R" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio" ||
    { echo "cpio failed"; exit 1; }
exit 0
