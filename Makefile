# Top-level entry points: build, test, benchmark.  The real build lives in
# ipc/Makefile so that `make -C ipc` (as the lab notebooks run it) works too.

# The LD_PRELOAD interposer tests/t_inject.sh puts under ipc-dynamic;
# built by `make test` (WERROR=-Werror applies to it as to ipc/).
FAULTINJECT =	tests/faultinject.so
WERROR =

all:
	cd ipc && $(MAKE) all

# Builds both binaries, the unit tests and the test helpers, then runs
# everything; the last line printed is "N passed, N failed".  TESTS picks
# files or cases (see tests/run.sh), e.g. make test TESTS=t_core
test: all tests/perfprobe $(FAULTINJECT)
	cd ipc && $(MAKE) unit-tests
	sh tests/run.sh $(TESTS)

# perf_event_open(2) probe for tests/t_counters.sh (Linux; elsewhere it
# answers "unknown").
tests/perfprobe: tests/perfprobe.c
	$(CC) -std=c11 -O2 -Wall -Wextra $(WERROR) $(CFLAGS) -o tests/perfprobe \
	    tests/perfprobe.c

check: test

# The suite FLAKY_RUNS times (default 10), with FLAKY_LOAD CPU hogs beside
# it (default 0), naming every case that did not pass every time; TESTS
# picks files or cases as for `make test`.  Last line: "N passed, N
# failed", counting cases.
FLAKY_RUNS =	10
FLAKY_LOAD =	0
check-flaky: all tests/perfprobe $(FAULTINJECT)
	cd ipc && $(MAKE) unit-tests
	sh tests/check_flaky.sh -n $(FLAKY_RUNS) -l $(FLAKY_LOAD) $(TESTS)

# Rewrites tests/golden/strace-*.txt from traced runs of the current build
# (each from three runs that agree).  For a change that alters a run's
# system calls on purpose; review the diff and say why in the commit.
# Run it in a network namespace of its own, like the tests:
#   unshare -n sh -c 'ip link set lo up; make golden-strace'
golden-strace: all
	IPC_STRACE_REGEN=1 sh tests/run.sh t_strace

# The hardware-counter path on an emulated Arm PMU (qemu-system-aarch64);
# downloads Debian's arm64 kernel and busybox once (tests/pmu/cache).
# Not part of `make test`.  Last line: "N passed, N failed".
check-pmu:
	sh tests/pmu/run.sh

# The tracing scripts live (root and bpftrace; tracefs is mounted if
# missing): every script in every mode and IPC type, a traced sweep with
# its probe-effect figures, and the brackets where the C library's clock
# is a system call (tests/t_libclock.sh).  A few minutes.
check-trace: all $(FAULTINJECT)
	IPC_CHECK_TRACE=1 TOP="$$(pwd)" sh -c '. tests/lib.sh; \
	    . tests/t_bpftrace.sh; . tests/t_sweep_trace.sh; \
	    . tests/t_libclock.sh; \
	    echo "$$PASSED passed, $$FAILED failed"; [ "$$FAILED" -eq 0 ]'

bench: all
	sh bench/run.sh
	sh bench/latency.sh
	sh bench/shmem.sh
	sh bench/semantics.sh
	sh bench/trace.sh
	sh bench/sweep.sh
	python3 bench/stability_sim.py
	sh bench/compare.sh

# Executes examples/lab2-ipc.ipynb headless (jupyter nbconvert, Debian's
# python3 kernel) on small totals; ends with "N passed, N failed".
check-notebook: all
	sh tests/notebook.sh

# Installation: the three binaries, ipc-sweep and the manual page (with
# ipc-dynamic.1 and ipc-benchmark.1 links to it).  `make install
# PREFIX=/usr DESTDIR=/tmp/pkg` stages a package; `make uninstall` with the same variables removes
# exactly what install put there.
PREFIX ?=	/usr/local
DESTDIR ?=
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
INSTALL_BIN =	ipc/ipc-static ipc/ipc-dynamic ipc/ipc-benchmark tools/ipc-sweep
INSTALL_MAN1 =	ipc/ipc-static.1
MAN1_LINKS =	ipc-dynamic.1 ipc-benchmark.1

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	for f in $(INSTALL_BIN); do \
		install -m 755 $$f $(DESTDIR)$(BINDIR)/ || exit 1; \
	done
	for f in $(INSTALL_MAN1); do \
		install -m 644 $$f $(DESTDIR)$(MANDIR)/man1/ || exit 1; \
	done
	for l in $(MAN1_LINKS); do \
		ln -sf ipc-static.1 $(DESTDIR)$(MANDIR)/man1/$$l || exit 1; \
	done

uninstall:
	for f in $(INSTALL_BIN); do rm -f $(DESTDIR)$(BINDIR)/$${f##*/}; done
	for f in $(INSTALL_MAN1) $(MAN1_LINKS); do \
		rm -f $(DESTDIR)$(MANDIR)/man1/$${f##*/}; \
	done

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop bench/pingloop tests/perfprobe $(FAULTINJECT)

# --- fault injection, fuzzing, ARM ---
$(FAULTINJECT): tests/faultinject.c
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra $(WERROR) -fPIC \
	    -shared -o $(FAULTINJECT) tests/faultinject.c -ldl -lpthread

# A bounded argument fuzzer (fixed seed; about a minute).
check-fuzz: all
	sh tests/check_fuzz.sh

# BeagleBone-class builds: armhf cross-builds run under qemu-arm-static.
check-arm:
	sh tests/check_arm.sh
# --- end of fault injection, fuzzing, ARM ---

# --- hard cases ---
# tests/t_hard.sh's slow legs (root; a few minutes): the memory guard over
# a grid of sizes in a 512 MiB memory cgroup, a shmem child killed at 500
# random instants and, under gdb, at every step of the hand-off.  Last
# line: "N passed, N failed".
check-hard: all $(FAULTINJECT)
	IPC_HARD_SLOW=1 TOP="$$(pwd)" sh -c '. tests/lib.sh; \
	    . tests/t_hard.sh; \
	    echo "$$PASSED passed, $$FAILED failed"; [ "$$FAILED" -eq 0 ]'
# --- end of hard cases ---

# --- sweep hard cases ---
# tests/t_sweep_safe.sh with many samples of its random classes (200
# pairs of concurrent sweeps on one output, 200 signals at random
# instants) and its slow cases (a few minutes; root for the
# mount-namespace cases).  Last line: "N passed, N failed".
check-sweep: all
	IPC_SWEEP_SAMPLES=200 IPC_SWEEP_SLOW=1 TOP="$$(pwd)" sh -c '. tests/lib.sh; \
	    . tests/t_sweep_safe.sh; \
	    echo "$$PASSED passed, $$FAILED failed"; [ "$$FAILED" -eq 0 ]'
# --- end of sweep hard cases ---

.PHONY: all test check check-flaky golden-strace check-pmu check-trace \
	check-fuzz check-arm check-notebook check-hard check-sweep bench \
	install uninstall clean
