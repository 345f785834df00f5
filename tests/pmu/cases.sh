# SPDX-License-Identifier: BSD-2-Clause
#
# The runs of the emulated-PMU leg, in the order the guest makes them.
# Sourced by the guest's /init (tests/pmu/init), which provides:
#   pc_run NAME CMD...   run CMD, print its exit status, stdout, stderr
#   pc_table NAME        event table from now on: cortex-a8 | generic
#   pc_paranoid N        set kernel.perf_event_paranoid
#   pc_hog NAME N        hold N PMU counters (pmu-hog), report as NAME
#   pc_hog_stop          release them
#   pc_next_port         a fresh TCP port in $PC_PORT
#   $IPC                 the program as the cases call it (ipc-static)
#   $RUNAS               pmu-runas UID CMD...: run as an unprivileged user
#   $PC_COUNTERS         counters the guest's PMU has (7 for qemu's A57)
# Each NAME is judged on the host by tests/pmu/check.sh, under the same
# name.  A new check is one pc_run line here and one block there.
#
# Guest facts the numbers rest on: one vCPU (with two, instruction counts
# are not per task), `-icount shift=0` (INSTR_EXECUTED counts; cycles are
# instructions), and a PMU that counts nothing else (cache, TLB and bus
# events read 0).

# $IPC and $RUNAS are split into words on purpose.
# shellcheck disable=SC2086
PC_SETS="l1d l1i l2 mem tlb axi"
PC_MODES="1thread 2thread 2proc"
PC_TYPES="pipe local tcp"

# --- generic table: perf's generic events, most of which this PMU lacks ----
pc_table generic
for s in $PC_SETS; do
	pc_run "generic-$s" $IPC -B -P "$s" -b 4096 -t 65536 2thread
done
pc_run generic-sw $IPC -B -P sw 2thread

# --- cortex-a8 table: L41's raw events ---------------------------------------
pc_table cortex-a8
# Every set prints the reference block.
for s in $PC_SETS; do
	pc_run "raw-$s" $IPC -B -P "$s" 2thread
done
# Which events were used.
pc_run raw-verbose $IPC -B -v -P l1d 2thread

# Every mode and IPC type, twice (16 MiB in 128 KiB writes).
for m in $PC_MODES; do
	for t in $PC_TYPES; do
		for r in 1 2; do
			pc_next_port
			pc_run "raw-$m-$t-$r" $IPC -B -P l1d -i "$t" -p "$PC_PORT" "$m"
		done
	done
done

# Four times the data (64 MiB); the 16 MiB runs above are the base.  The
# first is also the unmultiplexed baseline of raw-mux.
pc_run raw-2thread-pipe-64m $IPC -B -P l1d -t 67108864 2thread
pc_next_port
pc_run raw-2proc-tcp-64m $IPC -B -P l1d -i tcp -p "$PC_PORT" -t 67108864 2proc

# Three measured runs after a warm-up, as JSON: one value per run.
pc_run raw-json $IPC -B -j -n 3 -w 1 -P l1d 2thread

# Another process holds all but two counters: our four share the rest,
# turn by turn (64 MiB: some 70 ms of guest time, many turns).
pc_hog hog-mux $((PC_COUNTERS - 2))
pc_run raw-mux $IPC -B -v -P l1d -t 67108864 2thread
pc_hog_stop

# Another process holds every counter: ours never run.
pc_hog hog-all "$PC_COUNTERS"
pc_run raw-neverran $IPC -B -P l1d 2thread
pc_hog_stop

# An unprivileged user: refused at paranoid 2, counted at 1.
pc_paranoid 2
pc_run user-paranoid2 $RUNAS 1000 $IPC -B -P l1d 2thread
pc_paranoid 1
pc_run user-paranoid1 $RUNAS 1000 $IPC -B -P l1d 2thread

# --- cpi, the 2020-24 sets, IPC_PMC_TABLE, the JSON field --------------------
pc_table generic
# The base set: instructions and cycles are all this PMU counts, and
# they are there on the generic table too.
pc_run generic-cpi $IPC -B -v -P cpi 2thread
# The 2020-24 sets' generic events: this PMU lacks the cache, TLB and
# bus ones.
for s in arch dcache instr tlbmem; do
	pc_run "generic-$s" $IPC -B -P "$s" 2thread
done
# The Cortex-A72's raw events, chosen by IPC_PMC_TABLE on this A57:
# every 2020-24 set runs; only INST_RETIRED and CPU_CYCLES count.
for s in arch dcache instr tlbmem; do
	pc_run "a72-$s" env IPC_PMC_TABLE=cortex-a72 $IPC -B -P "$s" 2thread
done
pc_run a72-verbose env IPC_PMC_TABLE=cortex-a72 $IPC -B -v -P dcache 2thread
pc_run a72-json env IPC_PMC_TABLE=cortex-a72 $IPC -B -j -n 3 -w 1 -P dcache 2thread
# Six counters on the two the hog leaves: multiplexed, and -j says so.
pc_hog hog-mux-json $((PC_COUNTERS - 2))
pc_run a72-mux-json env IPC_PMC_TABLE=cortex-a72 $IPC -B -j -n 2 -P dcache -t 67108864 2thread
pc_hog_stop

pc_table cortex-a8
pc_run raw-cpi $IPC -B -v -P cpi 2thread
# IPC_PMC_TABLE wins over /proc/cpuinfo; a bad name is a usage error.
pc_run override-generic env IPC_PMC_TABLE=generic $IPC -B -v -P cpi 2thread
pc_run override-invalid env IPC_PMC_TABLE=cortex-a9 $IPC -B -P cpi 2thread
pc_table generic
