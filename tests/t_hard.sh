# Hard cases: holes an adversarial user found, each as a class sampled
# over many inputs, not one case each.  A report that outgrows
# RLIMIT_FSIZE is a write error (74 with a message), never a SIGXFSZ
# death; -c with two CPUs in 1thread is refused.  Uses only lib.sh's
# helpers; state in TH_* variables.  Port offsets 1700..1799 belong to
# this file.

TH_PORTN=1700

# th_port: the next free TCP test port of this file, in TH_PORT.
th_port() {
	next_port $((TH_PORTN + 1))
	TH_PORTN=$NEXT_PORTN
	TH_PORT=$NEXT_PORT
}

# --- a report beyond RLIMIT_FSIZE -------------------------------------------
# The limit (in 512-byte blocks, as sh's ulimit -f counts) cuts the
# report at several places: in the text report, the -v description and
# the JSON document, in every mode.  The file holds exactly the limit,
# and the run says why it stopped.
for b in $BINS; do
	n=$(name "$b")
	for th_case in "1:-v:1thread" "2:-v:2thread" "3:-j:2proc" \
	    "1:-j -v:2proc" "4:-v -g -n 3:2thread"; do
		th_blocks=${th_case%%:*}
		th_rest=${th_case#*:}
		th_flags=${th_rest%%:*}
		th_mode=${th_rest#*:}
		th_name="hard-fsize-$th_blocks-$(echo "$th_flags" |
		    tr -d ' -')-$th_mode-$n"
		# ipc-dynamic: the JSON case only (stdio is libc's).
		if ! in_full "$b"; then
			case $th_case in 3:*) ;; *) continue ;; esac
		fi
		rm -f "$TMPD/fsize.out"
		# shellcheck disable=SC2086
		run sh -c 'ulimit -f "$1"; shift; exec "$@" >"$0"' \
		    "$TMPD/fsize.out" "$th_blocks" "$b" -B $th_flags \
		    -b 4096 -t 65536 "$th_mode"
		th_size=$(wc -c <"$TMPD/fsize.out" | tr -d ' ')
		if [ "$th_size" != $((th_blocks * 512)) ]; then
			fail "$th_name" "stdout file holds $th_size bytes, want $((th_blocks * 512))"
			continue
		fi
		expect "$th_name" 74 "" "$n: FAIL: stdout: File too large"
	done
	# Under the limit nothing changes.
	run sh -c 'ulimit -f 64; exec "$@"' sh "$b" -B -b 4096 -t 65536 2thread
	expect "hard-fsize-under-limit-$n" 0 "$RATE" ""
done

# --- -c with two CPUs in 1thread -------------------------------------------
# One thread cannot be on two CPUs: whichever two (a CPU that exists or
# not), the run is refused before anything runs; the same CPU twice is
# one CPU, and two CPUs stay fine where there are two threads.
for th_pin in 4095,0 0,1 1,0 0,4095 17,3; do
	run "$IPC_STATIC" -B -c "$th_pin" -b 4096 -t 65536 1thread
	expect "hard-pin-1thread-two-cpus-$(echo "$th_pin" | tr , .)" 64 "" \
	    "ipc-static: FAIL: -c $th_pin: 1thread sends and receives in one thread, on one CPU: give one"
done
run "$IPC_DYNAMIC" -B -j -c 4095,0 -b 4096 -t 65536 1thread
expect "hard-pin-1thread-two-cpus-json-ipc-dynamic" 64 "" \
    "ipc-dynamic: FAIL: -c 4095,0: 1thread sends and receives in one thread, on one CPU: give one"
run "$IPC_STATIC" -B -c 0,0 -b 4096 -t 65536 1thread
expect "hard-pin-1thread-same-cpu-twice" 0 "$RATE" ""

# --- -V below 8-byte buffers: a duplicate the pattern would repeat over -----
# A duplicate of d bytes sent again at offset AT (tests/verify_preload.c's
# write()), which the receiver must catch where the bytes first differ
# (within 8 bytes of AT): d at and around 256 messages, where a header
# of one byte per message would repeat, and other lengths, for buffer
# sizes 1 to 7 and every mode.
TH_PRELOAD=
if [ -z "${IPC_SANITIZED:-}" ] &&
    ${CC:-cc} -std=c11 -D_GNU_SOURCE -shared -fPIC \
    -o "$TMPD/verify_preload.so" "$TOP/tests/verify_preload.c" -ldl \
    >"$TMPD/preload.log" 2>&1; then
	TH_PRELOAD=$TMPD/verify_preload.so
fi
if [ -z "$TH_PRELOAD" ]; then
	skip "hard-verify-small-buffer-duplicates" "sanitizer build or no shared-library build"
else
	for th_b in 1 2 3 5 7; do
		th_ds="256 255 257 1024 3"
		[ "$th_b" = 1 ] || th_ds="$th_ds $((256 * th_b))"
		for th_d in $th_ds; do
			for th_at in 1000 $((2048 * th_b + 1)); do
				# Only what was sent can be sent again.
				[ "$th_d" -le "$th_at" ] || continue
				th_t=$((8192 * th_b))
				th_m=2thread
				case $th_d.$th_at in
				256.1000) th_m=1thread ;;
				257.1000) th_m=2proc ;;
				esac
				run env IPC_VERIFY_AT=$th_at IPC_VERIFY_FAULT=dup \
				    IPC_VERIFY_LEN=$th_d LD_PRELOAD="$TH_PRELOAD" \
				    "$IPC_DYNAMIC" -B -V -b "$th_b" -t "$th_t" \
				    -i pipe "$th_m"
				th_offs=$th_at
				for th_i in 1 2 3 4 5 6 7; do
					th_offs="$th_offs|$((th_at + th_i))"
				done
				expect "hard-verify-dup-b$th_b-d$th_d-at$th_at-$th_m" 74 "" \
				    "ipc-dynamic: FAIL: verify: wrong byte at offset ($th_offs): expected 0x[0-9a-f]{2}, saw 0x[0-9a-f]{2}"
			done
		done
	done
fi
