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

# The hardware-counter path on an emulated Arm PMU (qemu-system-aarch64);
# downloads Debian's arm64 kernel and busybox once (tests/pmu/cache).
# Not part of `make test`.  Last line: "N passed, N failed".
check-pmu:
	sh tests/pmu/run.sh

# The tracing scripts live (root and bpftrace; tracefs is mounted if
# missing): every script in every mode and IPC type.  A few minutes.
check-trace: all
	IPC_CHECK_TRACE=1 TOP="$$(pwd)" sh -c '. tests/lib.sh; \
	    trap cleanup_lib EXIT; . tests/t_bpftrace.sh; \
	    echo "$$PASSED passed, $$FAILED failed"; [ "$$FAILED" -eq 0 ]'

bench: all
	sh bench/run.sh
	sh bench/shmem.sh
	sh bench/semantics.sh
	sh bench/trace.sh

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop tests/perfprobe $(FAULTINJECT)

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

.PHONY: all test check check-pmu check-trace bench clean check-fuzz check-arm
