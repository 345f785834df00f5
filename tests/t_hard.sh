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
