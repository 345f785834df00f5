# Top-level entry points: build, test, benchmark.  The real build lives in
# ipc/Makefile so that `make -C ipc` (as the lab notebooks run it) works too.

all:
	cd ipc && $(MAKE) all

# Builds both binaries and the unit tests, then runs everything; the last
# line printed is "N passed, N failed".
test: all
	cd ipc && $(MAKE) unit-tests
	sh tests/run.sh

check: test

# The hardware-counter path on an emulated Arm PMU (qemu-system-aarch64);
# downloads Debian's arm64 kernel and busybox once (tests/pmu/cache).
# Not part of `make test`.  Last line: "N passed, N failed".
check-pmu:
	sh tests/pmu/run.sh

bench: all
	sh bench/run.sh
	sh bench/shmem.sh
	sh bench/semantics.sh

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop

.PHONY: all test check check-pmu bench clean
