# Counter tests (-P): every set name is accepted; a bogus one gives the
# usage text; hardware sets either run and print L41's block or, without a
# PMU, fail with exit 71 naming the event and the reason; the software set
# prints its block in every mode and IPC type, and counts what the loop
# does in every thread and process: the page faults of both 16 MiB buffers
# (receiver writes, sender reads), none taken before the timed loop, and
# the 2proc child's context switches.  Run by tests/run.sh after
# tests/lib.sh (run/expect/pass/fail/skip, $BINS, $BINS_FULL, $OUT, $ERR,
# $RC, $TMPD, next_port).  ipc-dynamic gets the software set's block in
# one 2proc run (lib.sh explains the subset).

# Port offsets 300..399 belong to this file.
TP_PORTN=300
TP_HWSETS="l1d l1i l2 mem tlb axi"
TP_MODES="1thread 2thread 2proc"
TP_TYPES="pipe local tcp"
TP_OS=$(uname -s)

# tp_port [TYPE]: for TCP (the default), move to this file's next free
# test port; other types keep the current one.
tp_port() {
	[ "${1:-tcp}" = tcp ] || return 0
	next_port $((TP_PORTN + 1))
	TP_PORTN=$NEXT_PORTN
	TP_PORT=$NEXT_PORT
}
TP_PORT=$(port "$TP_PORTN")

# tp_value NAME: the integer on the "  NAME: N" line of the last stdout.
tp_value() {
	sed -n "s/^  $1: \([0-9][0-9]*\)\$/\1/p" "$OUT" | head -n 1
}

# tp_rusage FIELD: the count on the -g "  FIELD: N ..." line of stdout.
tp_rusage() {
	sed -n "s/^  $1: \([0-9][0-9]*\) .*/\1/p" "$OUT" | head -n 1
}

# tp_set_counters SET: the set-specific counter names of SET on this
# machine, in report order (the trailer comes first and is not listed).
tp_set_counters() {
	case $1 in
	l1d)	echo "L1_DCACHE_ACCESS L1_DCACHE_REFILL" ;;
	l1i)	echo "L1_ICACHE_REFILL" ;;
	l2)	if [ "$TP_OS" = Linux ] && [ "$TP_A8" = no ]; then
			echo "L2_ACCESS L2_REFILL"
		else
			echo "L2_ACCESS"
		fi ;;
	mem)	echo "MEM_READ MEM_WRITE" ;;
	tlb)	echo "ITLB_REFILL DTLB_REFILL" ;;
	axi)	echo "AXI_READ AXI_WRITE" ;;
	sw)	if [ "$TP_OS" = Linux ]; then
			echo "PAGE_FAULTS CONTEXT_SWITCHES CPU_MIGRATIONS TASK_CLOCK"
		else
			echo "PAGE_FAULTS"
		fi ;;
	esac
}

# tp_expect_block NAME SET: the last run exited 0, printed nothing on
# stderr, and its stdout is exactly the counter block of SET and the rate.
tp_expect_block() {
	expect_counter_block "$1" "$2" "$(tp_set_counters "$2")"
}

# tp_probe hw|sw: how the kernel answers a counter like ours, asked of
# perf_event_open(2) directly by tests/perfprobe (built by `make test`):
# yes, nopmu, denied, nosys or unknown.
tp_probe() {
	if [ "$TP_OS" != Linux ]; then echo unknown; return; fi
	if [ ! -x "$TOP/tests/perfprobe" ]; then echo unbuilt; return; fi
	"$TOP/tests/perfprobe" "$1" 2>/dev/null || echo unknown
}

# TP_A8: is this the L41 board's CPU (Arm Cortex-A8), whose raw events and
# original l2 set apply?
if grep -q '^CPU implementer.*0x41' /proc/cpuinfo 2>/dev/null &&
    grep -q '^CPU part.*0xc08' /proc/cpuinfo 2>/dev/null; then
	TP_A8=yes
else
	TP_A8=no
fi
TP_PARANOID=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)
TP_PMU=$(tp_probe hw)
TP_SWP=$(tp_probe sw)
echo "# counters: os $TP_OS, probe hw '$TP_PMU' sw '$TP_SWP', cortex-a8 $TP_A8, perf_event_paranoid '${TP_PARANOID:-n/a}', uid $(id -u)"

# On FreeBSD everything needs hwpmc(4); without it every set must fail.
TP_HWPMC=n/a
if [ "$TP_OS" = FreeBSD ]; then
	if kldstat -q -m hwpmc 2>/dev/null; then TP_HWPMC=yes; else TP_HWPMC=no; fi
fi

# --- the parser ---------------------------------------------------------------

for b in $BINS_FULL; do
	n=$(name "$b")
	# A bogus set is a usage error: exit 64, the usage text, no stdout.
	for tp_bad in bogus upper empty; do
		case $tp_bad in
		bogus)	tp_arg=bogus ;;
		upper)	tp_arg=L1D ;;
		empty)	tp_arg= ;;
		esac
		run "$b" -B -P "$tp_arg" 1thread
		if [ "$RC" = 64 ] && [ ! -s "$OUT" ] &&
		    grep -q "^$n \[-Bqsv\]" "$ERR" &&
		    grep -q -- '-P l1d|l1i|l2|mem|tlb|axi' "$ERR"; then
			pass "counters-usage-P-$tp_bad-$n"
		else
			fail "counters-usage-P-$tp_bad-$n" "exit $RC; want 64, empty stdout, the usage text on stderr"
		fi
	done
done

# --- hardware sets --------------------------------------------------------------

for b in $BINS_FULL; do
	n=$(name "$b")
	for s in $TP_HWSETS; do
		run "$b" -B -P "$s" -b 4096 -t 65536 2thread
		# Accepted: whatever happens next, it is not a usage error.
		if [ "$RC" != 64 ] && ! grep -q "^$n \[-Bqsv\]" "$ERR"; then
			pass "counters-accepts-$s-$n"
		else
			fail "counters-accepts-$s-$n" "-P $s was refused as a usage error"
		fi
		tn="counters-hw-$s-$n"
		case $TP_OS/$TP_PMU/$TP_HWPMC in
		Linux/nopmu/*)
			expect "$tn-fails-without-pmu" 71 "" \
			    "$n: FAIL: perf_event_open INSTR_EXECUTED \(.+\): this machine has no such hardware event, or no PMU at all .*: (No such file or directory|Operation not supported|No such device)"
			skip "$tn-runs" "no hardware PMU here (perf_event_open: $TP_PMU)"
			;;
		Linux/denied/*)
			expect "$tn-fails-when-denied" 71 "" \
			    "$n: FAIL: perf_event_open INSTR_EXECUTED \(.+\): kernel.perf_event_paranoid is $TP_PARANOID; .*(root|CAP_PERFMON).*"
			skip "$tn-runs" "counters refused (perf_event_paranoid $TP_PARANOID, not root)"
			;;
		Linux/nosys/*)
			expect "$tn-fails-without-perf" 71 "" \
			    "$n: FAIL: perf_event_open INSTR_EXECUTED \(.+\): Function not implemented"
			skip "$tn-runs" "no perf_event_open here (ENOSYS)"
			;;
		Linux/yes/*)
			if [ "$RC" = 71 ] && grep -q "no such hardware event" "$ERR"; then
				# A real PMU may lack a generic event (LLC on
				# some CPUs): refused by name, never faked.
				expect "$tn-refuses-missing-event" 71 "" \
				    "$n: FAIL: perf_event_open [A-Z0-9_]+ \(.+\): this machine has no such hardware event.*"
				skip "$tn-runs" "$(sed -n 's/.*perf_event_open \([A-Z0-9_]*\) .*/\1/p' "$ERR") not supported by this CPU"
			else
				tp_expect_block "$tn-runs" "$s"
			fi
			;;
		FreeBSD/*/no)
			expect "$tn-fails-without-hwpmc" 71 "" \
			    "$n: FAIL: pmc_init .*kldload hwpmc.*"
			skip "$tn-runs" "hwpmc(4) not loaded"
			;;
		*)
			skip "$tn-runs" "cannot tell whether this machine has the events ($TP_OS, probe $TP_PMU)"
			;;
		esac
	done
done

# --- the software set: its block in every mode and IPC type --------------------

if [ "$TP_OS" = Linux ]; then
	TP_SW=$TP_SWP
elif [ "$TP_HWPMC" = yes ]; then
	TP_SW=yes
else
	TP_SW=nohwpmc
fi
# tp_sw NAME BIN MODE TYPE: one -P sw run, judged by what the probe said.
tp_sw() {
	_sn=$1 _sb=$2
	_sp=$(name "$_sb")
	tp_port "$4"
	run "$_sb" -B -P sw -b 4096 -t 262144 -i "$4" -p "$TP_PORT" "$3"
	case $TP_SW in
	yes)
		tp_expect_block "$_sn" sw ;;
	denied)
		expect "$_sn-fails-when-denied" 71 "" \
		    "$_sp: FAIL: perf_event_open PAGE_FAULTS \(.+\): kernel.perf_event_paranoid is $TP_PARANOID; .*(root|CAP_PERFMON).*" ;;
	nosys)
		expect "$_sn-fails-without-perf" 71 "" \
		    "$_sp: FAIL: perf_event_open PAGE_FAULTS \(.+\): Function not implemented" ;;
	nohwpmc)
		expect "$_sn-fails-without-hwpmc" 71 "" \
		    "$_sp: FAIL: pmc_init .*kldload hwpmc.*" ;;
	*)
		skip "$_sn" "software counters: probe says '$TP_SW'" ;;
	esac
}

# One 2proc run (the child counted too) on ipc-dynamic.
in_full "$IPC_DYNAMIC" ||
    tp_sw "counters-sw-2proc-pipe-$(name "$IPC_DYNAMIC")" "$IPC_DYNAMIC" 2proc pipe
for b in $BINS_FULL; do
	n=$(name "$b")
	for m in $TP_MODES; do
		for ty in $TP_TYPES; do
			tp_sw "counters-sw-$m-$ty-$n" "$b" "$m" "$ty"
		done
	done
	[ "$TP_SW" = yes ] || continue

	# -q prints nothing, counters or not: stdout stays empty.
	run "$b" -B -q -P sw -b 4096 -t 262144 2proc
	expect "counters-sw-quiet-$n" 0 "" ""

	# -v: the block comes after the configuration's time line and
	# before the rate, which stays the last line.
	run "$b" -B -v -P sw -b 4096 -t 262144 2thread
	tp_t=$(grep -n '^  time: ' "$OUT" | head -n 1 | cut -d: -f1)
	tp_p=$(grep -n '^  pmctype: sw$' "$OUT" | head -n 1 | cut -d: -f1)
	if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ -n "$tp_t" ] &&
	    [ -n "$tp_p" ] && [ "$tp_p" -gt "$tp_t" ] &&
	    tail -n 1 "$OUT" | grep -Eq "^$RATE\$" &&
	    [ "$(grep -c '^  pmctype: ' "$OUT")" = 1 ]; then
		pass "counters-sw-verbose-order-$n"
	else
		fail "counters-sw-verbose-order-$n" "want one pmctype block after '  time:' and the rate line last (exit $RC)"
	fi
done

# --- the software set counts the loop's work in every thread and process -------

if [ "$TP_OS" != Linux ] || [ "$TP_SW" != yes ]; then
	for b in $BINS_FULL; do
		for t in pagefaults-2thread-both pagefaults-2proc-child \
		    prefault-not-counted ctxsw-2proc-child ctxsw-scale; do
			if [ "$TP_OS" != Linux ]; then
				skip "counters-sw-$t-$(name "$b")" "the thresholds are Linux's (perf software events)"
			else
				skip "counters-sw-$t-$(name "$b")" "software counters: probe says '$TP_SW'"
			fi
		done
	done
else
	# 16 MiB buffers, untouched before the loop (no -f): the receiver's
	# read() faults in its buffer page by page and the sender's write()
	# faults in its own (read faults, zero page).  With transparent huge
	# pages "always" a fault can map 2 MiB, so count faults per 2 MiB.
	tp_pg=$(getconf PAGESIZE 2>/dev/null || echo 4096)
	tp_thp=$(sed -n 's/.*\[\(.*\)\].*/\1/p' \
	    /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
	if [ "$tp_thp" = always ]; then
		tp_per=$((16777216 / 2097152))
	else
		tp_per=$((16777216 / tp_pg))
	fi
	tp_big="-B -P sw -b 16777216 -t 16777216"

	# 2thread: faults of both buffers, so both threads were counted; the
	# receiver alone could account for one buffer at most.
	for b in $BINS_FULL; do
		n=$(name "$b")
		# shellcheck disable=SC2086
		run "$b" $tp_big 2thread
		pf=$(tp_value PAGE_FAULTS)
		if [ "$RC" = 0 ] && [ -n "$pf" ] && [ "$pf" -ge $((2 * tp_per)) ]; then
			pass "counters-sw-pagefaults-2thread-both-$n" "$pf >= 2 x $tp_per"
		else
			fail "counters-sw-pagefaults-2thread-both-$n" "PAGE_FAULTS '$pf', want >= $((2 * tp_per)) (both 16 MiB buffers; THP '$tp_thp'; exit $RC)"
		fi

		# 2proc: the sender is the child; only it touches the write
		# buffer, so the total shows the child was counted.
		# shellcheck disable=SC2086
		run "$b" $tp_big 2proc
		pf=$(tp_value PAGE_FAULTS)
		if [ "$RC" = 0 ] && [ -n "$pf" ] && [ "$pf" -ge $((2 * tp_per)) ]; then
			pass "counters-sw-pagefaults-2proc-child-$n" "$pf >= 2 x $tp_per"
		else
			fail "counters-sw-pagefaults-2proc-child-$n" "PAGE_FAULTS '$pf', want >= $((2 * tp_per)) (the child's buffer too; THP '$tp_thp'; exit $RC)"
		fi

		# -f takes those faults before the start stamp: outside the
		# counted window, so (almost) none are left.
		# shellcheck disable=SC2086
		run "$b" -f $tp_big 2thread
		pf=$(tp_value PAGE_FAULTS)
		if [ "$RC" = 0 ] && [ -n "$pf" ] && [ "$pf" -lt $((tp_per / 4 + 64)) ]; then
			pass "counters-sw-prefault-not-counted-$n" "$pf"
		else
			fail "counters-sw-prefault-not-counted-$n" "PAGE_FAULTS '$pf' with -f, want < $((tp_per / 4 + 64)) (exit $RC)"
		fi
	done

	# 2proc on one CPU with 4 KiB blocks: parent and child take turns, so
	# about half of all switches are the child's.  -g reports the
	# getrusage switches of the process and its reaped child; the
	# counter must see most of them.  And 16 times the writes must give
	# clearly more switches.  At real-time priority (chrt -f), so that
	# other load on the CPU cannot add preemptions at random: the
	# switches are then the turns alone (about 2 per 64 KiB pipe fill:
	# 6 and 126 here, every time, beside two CPU hogs).
	if ! have taskset || ! taskset -c 0 true 2>/dev/null; then
		tp_why="taskset cannot pin to CPU 0"
	elif ! have chrt || ! chrt -f 1 true 2>/dev/null; then
		tp_why="chrt -f cannot give real-time priority here (root)"
	else
		tp_why=
	fi
	for b in $BINS_FULL; do
		n=$(name "$b")
		if [ -n "$tp_why" ]; then
			skip "counters-sw-ctxsw-2proc-child-$n" "$tp_why"
			skip "counters-sw-ctxsw-scale-$n" "$tp_why"
			continue
		fi
		run chrt -f 1 taskset -c 0 "$b" -B -g -P sw -b 4096 -t 4194304 2proc
		cs4=$(tp_value CONTEXT_SWITCHES)
		tp_v=$(tp_rusage nvcsw)
		tp_i=$(tp_rusage nivcsw)
		ru=$(( ${tp_v:-0} + ${tp_i:-0} ))
		if [ "$RC" = 0 ] && [ -n "$cs4" ] && [ "$ru" -gt 0 ] &&
		    [ $((cs4 * 4)) -ge $((ru * 3)) ] && [ "$cs4" -ge 64 ]; then
			pass "counters-sw-ctxsw-2proc-child-$n" "$cs4 of $ru by getrusage"
		else
			fail "counters-sw-ctxsw-2proc-child-$n" "CONTEXT_SWITCHES '$cs4', getrusage nvcsw+nivcsw '$ru': want >= 3/4 of it and >= 64 (exit $RC)"
		fi
		run chrt -f 1 taskset -c 0 "$b" -B -P sw -b 4096 -t 262144 2proc
		cs1=$(tp_value CONTEXT_SWITCHES)
		if [ "$RC" = 0 ]; then
			run chrt -f 1 taskset -c 0 "$b" -B -P sw -b 4096 \
			    -t 4194304 2proc
			cs4=$(tp_value CONTEXT_SWITCHES)
		fi
		if [ "$RC" = 0 ] && [ -n "$cs1" ] && [ -n "$cs4" ] &&
		    [ "$cs4" -ge $((2 * cs1)) ] && [ "$cs4" -ge 64 ]; then
			pass "counters-sw-ctxsw-scale-$n" "256 KiB: $cs1, 4 MiB: $cs4"
		else
			fail "counters-sw-ctxsw-scale-$n" "CONTEXT_SWITCHES 256 KiB/4 MiB: ${cs1:-?}/${cs4:-?}; want 4 MiB >= 2 x 256 KiB and >= 64 (exit $RC)"
		fi
	done
fi

# --- the 2020-24 sets, cpi, and the event-table override ----------------------
#
# Accepted (never 64); on a machine without a PMU each fails with exit 71
# naming its first counter (INST_RETIRED for the 2020-24 sets,
# INSTR_EXECUTED for cpi) and "no such hardware event", whichever table
# is used; an invalid IPC_PMC_TABLE is a usage error naming the variable.

TP_NEWSETS="arch dcache instr tlbmem cpi"
# The table the program picks here without IPC_PMC_TABLE.
if [ "$TP_A8" = yes ]; then
	TP_AUTO=cortex-a8
elif grep -q '^CPU part.*0xd08' /proc/cpuinfo 2>/dev/null &&
    ! grep '^CPU part' /proc/cpuinfo | grep -vq 0xd08; then
	TP_AUTO=cortex-a72
else
	TP_AUTO=generic
fi

# tp_first SET: the first counter SET opens, the one a PMU-less run names.
tp_first() {
	case $1 in
	cpi)	echo INSTR_EXECUTED ;;
	*)	echo INST_RETIRED ;;
	esac
}

# tp_event SET TABLE: how -v/errors describe that first counter's event.
tp_event() {
	case $1/$2 in
	cpi/cortex-a8)	echo 'raw 0x08' ;;
	cpi/*)		echo 'instructions \(PERF_COUNT_HW_INSTRUCTIONS\)' ;;
	*/cortex-a72)	echo 'raw 0x08' ;;
	*)		echo 'instructions \(PERF_COUNT_HW_INSTRUCTIONS\)' ;;
	esac
}

# Every set on both binaries with the table this machine picks; the
# other tables, and the rest, on the full-coverage binary.
for b in $BINS; do
	n=$(name "$b")
	tp_tabs='"" cortex-a8 cortex-a72 generic'
	in_full "$b" || tp_tabs='""'
	for s in $TP_NEWSETS; do
		eval "set -- $tp_tabs"
		for tp_tab; do
			tn="counters-new-$s-${tp_tab:-auto}-$n"
			if [ -n "$tp_tab" ]; then
				run env IPC_PMC_TABLE="$tp_tab" "$b" -B -P "$s" -b 4096 -t 65536 2thread
			else
				run env -u IPC_PMC_TABLE "$b" -B -P "$s" -b 4096 -t 65536 2thread
			fi
			case $TP_OS/$TP_PMU in
			Linux/nopmu)
				# Without an override this machine is generic.
				expect "$tn-fails-without-pmu" 71 "" \
				    "$n: FAIL: perf_event_open $(tp_first "$s") \($(tp_event "$s" "${tp_tab:-$TP_AUTO}")\): this machine has no such hardware event, or no PMU at all .*: (No such file or directory|Operation not supported|No such device)"
				;;
			*)
				if [ "$RC" != 64 ]; then
					pass "$tn-accepted"
				else
					fail "$tn-accepted" "-P $s was refused as a usage error"
				fi
				;;
			esac
		done
	done

	in_full "$b" || continue
	# An invalid table is a usage error, whatever the set; the message
	# names the variable, the value and the valid names.
	for tp_bad in bogus CORTEX-A72 cortex-a9 " generic"; do
		run env IPC_PMC_TABLE="$tp_bad" "$b" -B -P dcache 2thread
		expect "counters-table-invalid-$(echo "$tp_bad" | tr -c 'a-zA-Z0-9\n' _)-$n" 64 "" \
		    "$n: FAIL: IPC_PMC_TABLE=$tp_bad: unknown event table \(cortex-a8, cortex-a72 or generic\)"
	done
	run env IPC_PMC_TABLE=bogus "$b" -B -P l1d 2thread
	expect "counters-table-invalid-old-set-$n" 64 "" \
	    "$n: FAIL: IPC_PMC_TABLE=bogus: unknown event table \(cortex-a8, cortex-a72 or generic\)"
	# Without -P the variable is not consulted.
	run env IPC_PMC_TABLE=bogus "$b" -B -b 4096 -t 65536 2thread
	expect "counters-table-ignored-without-P-$n" 0 "$RATE" ""
	# The software set ignores the table.
	if [ "$TP_SWP" = yes ]; then
		run env IPC_PMC_TABLE=bogus "$b" -B -P sw -b 4096 -t 65536 2thread
		tp_expect_block "counters-table-ignored-by-sw-$n" sw
	else
		skip "counters-table-ignored-by-sw-$n" "software counters: probe says '$TP_SWP'"
	fi

	# The usage text lists the new sets in its extensions part.
	run "$b" -P bogus 2thread
	if [ "$RC" = 64 ] && grep -q '^    -P cpi ' "$ERR" &&
	    grep -q '^    -P arch|dcache|instr|tlbmem' "$ERR" &&
	    grep -q 'IPC_PMC_TABLE' "$ERR"; then
		pass "counters-usage-lists-new-sets-$n"
	else
		fail "counters-usage-lists-new-sets-$n" "want the cpi, arch|dcache|instr|tlbmem and IPC_PMC_TABLE extension lines (exit $RC)"
	fi
done

# -j: counter_running_fraction in every run_extras entry (not in the datum,
# which notebooks plot key by key), a number, 1 for sw (software events are
# never multiplexed); same keys in every datum; the table and why in
# benchmark_configuration (sw ignores IPC_PMC_TABLE).
if [ "$TP_SWP" = yes ] && have python3; then
	for b in $BINS_FULL; do
		n=$(name "$b")
		run env IPC_PMC_TABLE=cortex-a72 "$b" -B -j -n 3 -w 1 -P sw -b 4096 -t 65536 2proc
		if [ "$RC" = 0 ] && python3 - "$OUT" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
d = j["benchmark_samples"]
keys = [sorted(x) for x in d]
assert len(d) == 3 and all(k == keys[0] for k in keys)
assert all("counter_running_fraction" not in x for x in d)
e = j["run_extras"]
assert len(e) == 3 and all(x["counter_running_fraction"] == 1 for x in e)
assert all(isinstance(v, (int, float)) for x in d for v in x.values())
c = j["benchmark_configuration"]
assert c["pmc_table"] == "generic" and "software" in c["pmc_table_source"]
EOF
		then
			pass "counters-json-running-fraction-sw-$n"
		else
			fail "counters-json-running-fraction-sw-$n" "want counter_running_fraction 1 in each of 3 run_extras, all numeric (exit $RC)"
		fi
	done
else
	skip "counters-json-running-fraction-sw" "needs software counters and python3"
fi
