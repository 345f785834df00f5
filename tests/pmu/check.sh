# SPDX-License-Identifier: BSD-2-Clause
#
# Judges the runs the emulated-PMU guest made (tests/pmu/cases.sh), on the
# host.  Sourced by tests/pmu/run.sh after the boot, with tests/lib.sh's
# helpers (pass, fail, skip, expect, have, $OUT, $ERR, $RC, $TMPD) and
# PM_CASES, the directory holding NAME.rc, NAME.out and NAME.err for each
# guest run NAME, and PM_COUNTERS, the guest PMU's counter count.
# Case names are "pmu-" and the guest run's name; measured values follow
# the name in parentheses.  A new check is a pc_run line in cases.sh and a
# block here, in the matching section.

PM_SETS="l1d l1i l2 mem tlb axi"
PM_MODES="1thread 2thread 2proc"
PM_TYPES="pipe local tcp"
# The program's name in its messages (ipc-static: FAIL: ...).
PM_N=ipc-static
# How close repeated runs must agree, in percent.
PM_REPEAT_PCT=3
# The fewest instructions a 16 MiB transfer can take: the kernel copies
# every byte twice (into and out of the pipe or socket), and even at 16
# bytes per load and per store that is 2 x 2 x 16 MiB / 16.  Counting
# user mode alone gives about 35 thousand.
PM_FLOOR=4194304

# pm_forget: no last run, for a verdict computed from several runs.
pm_forget() {
	RC=none
	: >"$OUT"
	: >"$ERR"
}

# pm_case NAME: make guest run NAME the last run ($RC, $OUT, $ERR).
# Returns 1, with RC "none" and both files empty, if it did not run.
pm_case() {
	pm_forget
	[ -f "$PM_CASES/$1.rc" ] || return 1
	RC=$(cat "$PM_CASES/$1.rc")
	cp "$PM_CASES/$1.out" "$OUT"
	cp "$PM_CASES/$1.err" "$ERR"
}

# pm_value NAME: the integer on the "  NAME: N" line of the last stdout.
pm_value() {
	sed -n "s/^  $1: \([0-9][0-9]*\)\$/\1/p" "$OUT" | head -n 1
}

# pm_set_counters SET TABLE: the set-specific counters of SET under TABLE
# (cortex-a8 or generic), in report order; the trailer is not listed.
pm_set_counters() {
	case $1 in
	l1d)	echo "L1_DCACHE_ACCESS L1_DCACHE_REFILL" ;;
	l1i)	echo "L1_ICACHE_REFILL" ;;
	l2)	if [ "$2" = generic ]; then
			echo "L2_ACCESS L2_REFILL"
		else
			echo "L2_ACCESS"
		fi ;;
	mem)	echo "MEM_READ MEM_WRITE" ;;
	tlb)	echo "ITLB_REFILL DTLB_REFILL" ;;
	axi)	echo "AXI_READ AXI_WRITE" ;;
	sw)	echo "PAGE_FAULTS CONTEXT_SWITCHES CPU_MIGRATIONS TASK_CLOCK" ;;
	esac
}

# pm_expect_block NAME SET TABLE: the last run exited 0, printed nothing
# on stderr, and its stdout is exactly the reference counter block of SET
# and the rate line, values written as N or N.N (tests/lib.sh).
pm_expect_block() {
	expect_counter_block "$1" "$2" "$(pm_set_counters "$2" "$3")"
}

# pm_mean_set KEY VALUE / pm_mean KEY: keep and look up the mean count
# of a mode and type ("2thread-pipe") for the checks that compare them.
PM_MEANS=
pm_mean_set() {
	PM_MEANS="$PM_MEANS $1=$2"
}
pm_mean() {
	for _pm_kv in $PM_MEANS; do
		case $_pm_kv in
		"$1="*)	echo "${_pm_kv#*=}"; return ;;
		esac
	done
	echo 0
}

# pm_within A B PCT: A and B (> 0) differ by at most PCT percent of the
# larger.
pm_within() {
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN {
		m = a > b ? a : b; d = a > b ? a - b : b - a
		exit !(a > 0 && b > 0 && d * 100 <= p * m) }'
}

# pm_ratio_in A B LO HI: LO <= A / B <= HI.
pm_ratio_in() {
	awk -v a="$1" -v b="$2" -v lo="$3" -v hi="$4" 'BEGIN {
		exit !(b > 0 && a / b >= lo && a / b <= hi) }'
}

# pm_ratio A B: A / B to two decimals.
pm_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# --- the guest -----------------------------------------------------------------

if [ "${PM_COUNTERS:-0}" -ge 4 ] && [ "$PM_PMUS" != "${PM_PMUS#*armv8_pmuv3}" ]; then
	pass "pmu-guest-has-pmu ($PM_COUNTERS counters)"
else
	fail "pmu-guest-has-pmu" "guest PMU: '$PM_PMUS', '${PM_COUNTERS:-0}' counters; want armv8_pmuv3 with >= 4"
fi

# --- generic table: the set's own event is missing, named, exit 71 --------------

for s in $PM_SETS; do
	pm_case "generic-$s"
	pm_first=$(pm_set_counters "$s" generic | cut -d' ' -f1)
	expect "pmu-generic-$s" 71 "" \
	    "$PM_N: FAIL: perf_event_open $pm_first \(.+\): this machine has no such hardware event, or no PMU at all \(common in VMs; -P sw needs none\): (No such file or directory|Operation not supported|No such device)"
done
pm_case generic-sw
pm_expect_block pmu-generic-sw sw generic

# --- cortex-a8 table: the reference block, counted ------------------------------

for s in $PM_SETS; do
	pm_case "raw-$s"
	pm_expect_block "pmu-raw-$s-block" "$s" cortex-a8
	pm_i=$(pm_value INSTR_EXECUTED)
	pm_c=$(pm_value CLOCK_CYCLES)
	if [ "$RC" = 0 ] && [ "${pm_i:-0}" -gt 0 ] && [ "${pm_c:-0}" -gt 0 ]; then
		pass "pmu-raw-$s-counts (INSTR_EXECUTED $pm_i, CLOCK_CYCLES $pm_c)"
	else
		fail "pmu-raw-$s-counts" "INSTR_EXECUTED '$pm_i', CLOCK_CYCLES '$pm_c'; want both > 0 (exit $RC)"
	fi
done

# -v names the raw events actually opened, none multiplexed.
pm_case raw-verbose
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
    grep -qx '  counter INSTR_EXECUTED: raw 0x08' "$OUT" &&
    grep -qx '  counter L1_DCACHE_ACCESS: raw 0x04' "$OUT" &&
    grep -qx '  counter L1_DCACHE_REFILL: raw 0x03' "$OUT" &&
    ! grep -q 'multiplexed' "$OUT"; then
	pass "pmu-raw-verbose-events"
else
	fail "pmu-raw-verbose-events" "want -v to list raw 0x08, 0x04, 0x03 and nothing multiplexed (exit $RC)"
fi

# --- every mode and type: counted, kernel included, repeatable -------------------

for m in $PM_MODES; do
	for t in $PM_TYPES; do
		pm_v=
		pm_ok=yes
		for r in 1 2; do
			pm_case "raw-$m-$t-$r"
			pm_i=$(pm_value INSTR_EXECUTED)
			pm_v="$pm_v ${pm_i:-0}"
			if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
				pm_ok="no (run $r: exit $RC)"
			elif [ "${pm_i:-0}" -lt "$PM_FLOOR" ]; then
				pm_ok="no (run $r: below $PM_FLOOR, the kernel's copies)"
			fi
		done
		pm_forget
		# shellcheck disable=SC2086
		set -- $pm_v
		pm_mean_set "$m-$t" $(( ($1 + $2) / 2 ))
		if [ "$pm_ok" = yes ] && pm_within "$1" "$2" "$PM_REPEAT_PCT"; then
			pass "pmu-instr-$m-$t (INSTR_EXECUTED$pm_v)"
		else
			fail "pmu-instr-$m-$t" "INSTR_EXECUTED$pm_v: want two runs >= $PM_FLOOR within $PM_REPEAT_PCT % (ok: $pm_ok)"
		fi
	done
done

# The sender thread and the 2proc child are counted: at least 90 % of
# what one thread doing both ends executes (each alone is about half).
pm_forget
for m in 2thread 2proc; do
	for t in $PM_TYPES; do
		pm_a=$(pm_mean "$m-$t")
		pm_b=$(pm_mean "1thread-$t")
		if pm_ratio_in "$pm_a" "$pm_b" 0.9 1000; then
			pass "pmu-inherit-$m-$t ($pm_a vs 1thread $pm_b: $(pm_ratio "$pm_a" "$pm_b"))"
		else
			fail "pmu-inherit-$m-$t" "INSTR_EXECUTED $m $pm_a vs 1thread $pm_b ($(pm_ratio "$pm_a" "$pm_b")): want >= 0.9; the other thread or process is not counted"
		fi
	done
done

# --- linear in the data: 4 x the bytes, 4 x the instructions (+-10 %) -----------

for pm_s in 2thread-pipe 2proc-tcp; do
	pm_case "raw-$pm_s-64m"
	pm_i=$(pm_value INSTR_EXECUTED)
	pm_b=$(pm_mean "$pm_s")
	if [ "$RC" = 0 ] && [ -n "$pm_i" ] && pm_ratio_in "$pm_i" "$pm_b" 3.6 4.4; then
		pass "pmu-scale-$pm_s (64 MiB $pm_i / 16 MiB $pm_b = $(pm_ratio "$pm_i" "$pm_b"))"
	else
		fail "pmu-scale-$pm_s" "INSTR_EXECUTED 64 MiB '$pm_i' / 16 MiB '$pm_b' = $(pm_ratio "${pm_i:-0}" "$pm_b"): want 3.6..4.4 (exit $RC)"
	fi
done

# --- -j -n 3 -w 1: three data, each one run's count -----------------------------

pm_case raw-json
if ! have python3; then
	skip pmu-json-per-run "python3 not found"
elif [ "$RC" != 0 ] || [ -s "$ERR" ]; then
	fail pmu-json-per-run "exit $RC, want 0 and empty stderr"
elif pm_why=$(python3 - "$OUT" "$(pm_mean 2thread-pipe)" 2>&1 <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
base = float(sys.argv[2])
data = doc["benchmark_samples"]
seen = [d.get("INSTR_EXECUTED") for d in data]
if len(data) != 3:
    sys.exit("%d data, want 3" % len(data))
if any(list(d) != list(data[0]) for d in data):
    sys.exit("keys differ between data")
for d in data:
    for k, v in d.items():
        float(v)
for d in data:
    v = d.get("INSTR_EXECUTED", 0)
    if not (v > 0 and d.get("CLOCK_CYCLES", 0) > 0):
        sys.exit("INSTR_EXECUTED %s: want > 0, CLOCK_CYCLES too" % seen)
    # One run's worth: not a running total, not the warm-up's too.
    if abs(v - base) > 0.05 * base:
        sys.exit("INSTR_EXECUTED %s: want each within 5 %% of one "
                 "run's %d" % (seen, base))
print(" ".join(str(v) for v in seen))
EOF
); then
	pass "pmu-json-per-run (INSTR_EXECUTED $pm_why; one run $(pm_mean 2thread-pipe))"
else
	fail pmu-json-per-run "$pm_why"
fi

# --- multiplexed: scaled, and -v says so ----------------------------------------

pm_case hog-mux
expect pmu-hog-holds-some 0 "pmu-hog: holding $((PM_COUNTERS - 2)) of $((PM_COUNTERS - 2)) counters" ""
pm_case raw-2thread-pipe-64m
pm_b=$(pm_value INSTR_EXECUTED)
pm_case raw-mux
pm_i=$(pm_value INSTR_EXECUTED)
pm_m=$(grep -c '^  counter .*(multiplexed: value scaled)$' "$OUT")
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
    grep -q '^  counter INSTR_EXECUTED: raw 0x08 (multiplexed: value scaled)$' "$OUT" &&
    pm_within "${pm_i:-0}" "${pm_b:-0}" 10; then
	pass "pmu-multiplexed-scaled (INSTR_EXECUTED $pm_i vs $pm_b alone; $pm_m counters scaled)"
else
	fail "pmu-multiplexed-scaled" "INSTR_EXECUTED '$pm_i' vs '$pm_b' alone: want within 10 % and -v to say 'multiplexed: value scaled' ($pm_m counters say so; exit $RC)"
fi

# --- no counter left: "never ran", exit 71 ---------------------------------------

pm_case hog-all
expect pmu-hog-holds-all 0 "pmu-hog: holding $PM_COUNTERS of $PM_COUNTERS counters" ""
pm_case raw-neverran
expect pmu-never-ran 71 "" \
    "$PM_N: FAIL: counter INSTR_EXECUTED \(raw 0x08\) never ran: too many counters for the PMU"

# --- an unprivileged user ----------------------------------------------------------

pm_case user-paranoid2
expect pmu-user-paranoid2-refused 71 "" \
    "$PM_N: FAIL: perf_event_open INSTR_EXECUTED \(raw 0x08\): kernel.perf_event_paranoid is 2; counting kernel work needs it <= 1 \(sysctl kernel.perf_event_paranoid=1\), or root, or CAP_PERFMON: (Permission denied|Operation not permitted)"
pm_case user-paranoid1
pm_expect_block pmu-user-paranoid1-counts l1d cortex-a8

# --- cpi, the 2020-24 sets, IPC_PMC_TABLE, the JSON field -------------------

# pm_expect_2020 NAME SET: the last run exited 0 with nothing on stderr,
# its stdout is exactly the 2020-24 block of SET (its six counters,
# CYCLES_PER_INSTRUCTION, its rates) and the rate line, values as N or
# N.N, and INST_RETIRED and CPU_CYCLES counted.
pm_expect_2020() {
	if [ "$RC" != 0 ]; then fail "$1" "exit $RC, want 0"; return; fi
	if [ -s "$ERR" ]; then fail "$1" "stderr not empty"; return; fi
	case $2 in
	arch)	pm_c="LD_SPEC ST_SPEC EXC_RETURN BR_RETURN_SPEC"; pm_r= ;;
	dcache)	pm_c="L1D_CACHE L1D_CACHE_REFILL L2D_CACHE L2D_CACHE_REFILL"
		pm_r="L1D_CACHE_HIT_RATE L2D_CACHE_HIT_RATE" ;;
	instr)	pm_c="L1I_CACHE L1I_CACHE_REFILL BR_MIS_PRED BR_PRED"
		pm_r="L1I_CACHE_HIT_RATE BR_PRED_RATE" ;;
	tlbmem)	pm_c="L1D_TLB_REFILL L1I_TLB_REFILL MEM_ACCESS BUS_ACCESS"
		pm_r= ;;
	esac
	{
		echo ""
		echo "  pmctype: $2"
		for c in INST_RETIRED CPU_CYCLES $pm_c; do echo "  $c: N"; done
		for r in CYCLES_PER_INSTRUCTION $pm_r; do echo "  $r: N.N"; done
		echo ""
		echo "N.N KBytes/sec"
	} >"$TMPD/pm.want"
	sed -E -e 's/: [0-9]+$/: N/' -e 's/: -?[0-9]+\.[0-9]+$/: N.N/' \
	    -e 's/^[0-9]+\.[0-9]+ KBytes\/sec$/N.N KBytes\/sec/' \
	    "$OUT" >"$TMPD/pm.got"
	pm_i=$(pm_value INST_RETIRED)
	pm_y=$(pm_value CPU_CYCLES)
	if ! cmp -s "$TMPD/pm.want" "$TMPD/pm.got"; then
		fail "$1" "stdout is not the -P $2 block of 2020-24 (values as N)"
		diff -u "$TMPD/pm.want" "$TMPD/pm.got" | head -20
	elif [ "${pm_i:-0}" -gt 0 ] && [ "${pm_y:-0}" -gt 0 ]; then
		pass "$1 (INST_RETIRED $pm_i, CPU_CYCLES $pm_y)"
	else
		fail "$1" "INST_RETIRED '$pm_i', CPU_CYCLES '$pm_y'; want both > 0"
	fi
}

# The base set counts on either table, and -v says which table and why.
pm_case generic-cpi
pm_i=$(pm_value INSTR_EXECUTED)
pm_c=$(pm_value CLOCK_CYCLES)
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ "${pm_i:-0}" -gt 0 ] &&
    [ "${pm_c:-0}" -gt 0 ] &&
    grep -qx '  counter INSTR_EXECUTED: instructions (PERF_COUNT_HW_INSTRUCTIONS)' "$OUT" &&
    grep -qx '  pmc table: generic (/proc/cpuinfo: no Cortex-A8 or Cortex-A72 on every processor)' "$OUT" &&
    grep -Eqx '  CLOCK_CYCLES/INSTR_EXECUTED: [0-9]+\.[0-9]{6}' "$OUT"; then
	pass "pmu-generic-cpi (INSTR_EXECUTED $pm_i, CLOCK_CYCLES $pm_c)"
else
	fail "pmu-generic-cpi" "want INSTR_EXECUTED and CLOCK_CYCLES > 0 with generic events, their ratio, and '  pmc table: generic (/proc/cpuinfo: ...)' (exit $RC)"
fi
pm_case raw-cpi
pm_i=$(pm_value INSTR_EXECUTED)
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ "${pm_i:-0}" -gt 0 ] &&
    grep -qx '  counter INSTR_EXECUTED: raw 0x08' "$OUT" &&
    grep -qx '  pmc table: cortex-a8 (/proc/cpuinfo: every processor is a Cortex-A8 (implementer 0x41, part 0xc08))' "$OUT"; then
	pass "pmu-raw-cpi (INSTR_EXECUTED $pm_i)"
else
	fail "pmu-raw-cpi" "want raw 0x08 counted and the cortex-a8 table named with its reason (exit $RC)"
fi

# IPC_PMC_TABLE wins over /proc/cpuinfo (which says Cortex-A8 here); a
# name that is no table is a usage error.
pm_case override-generic
pm_i=$(pm_value INSTR_EXECUTED)
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] && [ "${pm_i:-0}" -gt 0 ] &&
    grep -qx '  counter INSTR_EXECUTED: instructions (PERF_COUNT_HW_INSTRUCTIONS)' "$OUT" &&
    grep -qx '  pmc table: generic (from IPC_PMC_TABLE)' "$OUT"; then
	pass "pmu-override-generic (INSTR_EXECUTED $pm_i)"
else
	fail "pmu-override-generic" "want the generic events and '  pmc table: generic (from IPC_PMC_TABLE)' despite a Cortex-A8 /proc/cpuinfo (exit $RC)"
fi
pm_case override-invalid
expect pmu-override-invalid 64 "" \
    "$PM_N: FAIL: IPC_PMC_TABLE=cortex-a9: unknown event table \(cortex-a8, cortex-a72 or generic\)"

# The 2020-24 sets with generic events: their first cache or TLB event
# is missing here, named, exit 71.
for s in arch dcache instr tlbmem; do
	pm_case "generic-$s"
	case $s in
	arch)	pm_first=LD_SPEC ;;
	dcache)	pm_first=L1D_CACHE ;;
	instr)	pm_first=L1I_CACHE ;;
	tlbmem)	pm_first=L1D_TLB_REFILL ;;
	esac
	expect "pmu-generic-$s" 71 "" \
	    "$PM_N: FAIL: perf_event_open $pm_first \(.+\): this machine has no such hardware event, or no PMU at all \(common in VMs; -P sw needs none\): (No such file or directory|Operation not supported|No such device)"
done

# With the Cortex-A72 table each runs and prints that version's block,
# its trailer counted (the rest of this PMU reads 0, and so do the rates).
for s in arch dcache instr tlbmem; do
	pm_case "a72-$s"
	pm_expect_2020 "pmu-a72-$s" "$s"
done
pm_case a72-verbose
if [ "$RC" = 0 ] && [ ! -s "$ERR" ] &&
    grep -qx '  counter INST_RETIRED: raw 0x08' "$OUT" &&
    grep -qx '  counter CPU_CYCLES: raw 0x11' "$OUT" &&
    grep -qx '  counter L2D_CACHE_REFILL: raw 0x17' "$OUT" &&
    grep -qx '  pmc table: cortex-a72 (from IPC_PMC_TABLE)' "$OUT"; then
	pass "pmu-a72-verbose-events"
else
	fail "pmu-a72-verbose-events" "want -v to list raw 0x08, 0x11, 0x17 and '  pmc table: cortex-a72 (from IPC_PMC_TABLE)' (exit $RC)"
fi

# -j: every datum all-numeric with the same keys in that version's
# order, counter_running_fraction (in run_extras) 1 undisturbed and in
# (0, 1) for every run while another process holds all but two counters,
# and the table and why in benchmark_configuration.
pm_case hog-mux-json
expect pmu-hog-holds-some-json 0 "pmu-hog: holding $((PM_COUNTERS - 2)) of $((PM_COUNTERS - 2)) counters" ""
for pm_j in a72-json a72-mux-json; do
	pm_case "$pm_j"
	if ! have python3; then
		skip "pmu-$pm_j" "python3 not found"
	elif [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		fail "pmu-$pm_j" "exit $RC, want 0 and empty stderr"
	elif pm_why=$(python3 - "$OUT" "$pm_j" 2>&1 <<'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1]))
muxed = sys.argv[2] == "a72-mux-json"
conf = doc["benchmark_configuration"]
if (conf.get("pmc_table"), conf.get("pmc_table_source")) != \
        ("cortex-a72", "from IPC_PMC_TABLE"):
    sys.exit("benchmark_configuration: pmc_table %r, pmc_table_source %r"
             % (conf.get("pmc_table"), conf.get("pmc_table_source")))
data = doc["benchmark_samples"]
if len(data) != (2 if muxed else 3):
    sys.exit("%d data" % len(data))
if any(list(d) != list(data[0]) for d in data):
    sys.exit("keys differ between data")
for d in data:
    for v in d.values():
        float(v)
want = ["INST_RETIRED", "CPU_CYCLES", "L1D_CACHE", "L1D_CACHE_REFILL",
        "L2D_CACHE", "L2D_CACHE_REFILL", "CYCLES_PER_INSTRUCTION",
        "L1D_CACHE_HIT_RATE", "L2D_CACHE_HIT_RATE"]
got = [k for k in data[0] if k in want]
if got != want:
    sys.exit("counter keys %s, want %s" % (got, want))
for d in data:
    if not (d["INST_RETIRED"] > 0 and d["CPU_CYCLES"] > 0):
        sys.exit("INST_RETIRED or CPU_CYCLES not counted")
fr = [e["counter_running_fraction"] for e in doc["run_extras"]]
if len(fr) != len(data):
    sys.exit("%d run_extras for %d data" % (len(fr), len(data)))
if muxed and not all(0 < f < 1 for f in fr):
    sys.exit("counter_running_fraction %s: want each in (0, 1)" % fr)
if not muxed and fr != [1] * len(fr):
    sys.exit("counter_running_fraction %s: want 1 in each" % fr)
print("counter_running_fraction %s, INST_RETIRED %s"
      % (fr, [d["INST_RETIRED"] for d in data]))
PYEOF
); then
		pass "pmu-$pm_j ($pm_why)"
	else
		fail "pmu-$pm_j" "$pm_why"
	fi
done
