#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# fetch.sh CACHE: make sure CACHE holds what the emulated-PMU guest boots
# from Debian's archive, downloading only Debian packages:
#   CACHE/Image    the arm64 kernel (the vmlinuz of linux-image-*-arm64-
#                  unsigned, a plain arm64 Image that qemu boots as is)
#   CACHE/busybox  busybox-static:arm64, the guest's whole userland
#   CACHE/VERSION  which packages they came from
# What is there already is reused.  Exit 0 when both files are there,
# 2 with the reason on stdout when they cannot be had (no apt, no arm64
# architecture, no network), so that the leg can skip.

CACHE=$1
mkdir -p "$CACHE" || { echo "cannot create $CACHE"; exit 2; }
[ -s "$CACHE/Image" ] && [ -s "$CACHE/busybox" ] && exit 0

for t in apt-get apt-cache dpkg dpkg-deb tar; do
	command -v "$t" >/dev/null 2>&1 ||
	    { echo "$t not found: fetching needs Debian's apt"; exit 2; }
done
if [ "$(dpkg --print-architecture)" != arm64 ] &&
    ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "arm64 is not a dpkg architecture here (dpkg --add-architecture arm64 && apt-get update)"
	exit 2
fi

# The kernel the archive currently points at: the unsigned twin of what
# the linux-image-arm64 metapackage depends on; failing that, the newest
# unsigned arm64 kernel apt knows of.  No version is written down here,
# since the archive drops old ones.
kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\{0,1\}$/\1-unsigned/p' |
    head -n 1)
if [ -z "$kpkg" ] || ! apt-cache show "$kpkg:arm64" >/dev/null 2>&1; then
	kpkg=$(apt-cache search --names-only \
	    '^linux-image-[0-9.]+-[0-9]+-arm64-unsigned$' 2>/dev/null |
	    cut -d' ' -f1 | sort -V | tail -n 1)
fi
[ -n "$kpkg" ] ||
    { echo "apt knows no linux-image-*-arm64-unsigned package (apt-get update?)"; exit 2; }

dl=$CACHE/download.$$
rm -rf "$dl"
mkdir -p "$dl/x" || { echo "cannot create $dl"; exit 2; }
# apt-get download writes into the current directory.
if ! (cd "$dl" && apt-get download "$kpkg:arm64" busybox-static:arm64) \
    >"$dl/log" 2>&1; then
	echo "apt-get download $kpkg:arm64 busybox-static:arm64 failed (no network?): $(grep -E '^(E|Err):' "$dl/log" | head -n 1)"
	rm -rf "$dl"
	exit 2
fi
# Only the two files are unpacked: the kernel's modules are 350 MB.
for deb in "$dl"/*.deb; do
	dpkg-deb --fsys-tarfile "$deb" |
	    tar -x -C "$dl/x" --wildcards './boot/vmlinuz-*' './bin/busybox' \
	    2>/dev/null
done
img=
for f in "$dl"/x/boot/vmlinuz-*; do
	[ -s "$f" ] && img=$f
done
if [ -z "$img" ] || [ ! -s "$dl/x/bin/busybox" ]; then
	echo "the downloaded packages hold no boot/vmlinuz-* or bin/busybox"
	rm -rf "$dl"
	exit 2
fi
mv "$img" "$CACHE/Image"
mv "$dl/x/bin/busybox" "$CACHE/busybox"
for f in "$dl"/*.deb; do
	basename "$f"
done >"$CACHE/VERSION"
rm -rf "$dl"
exit 0
