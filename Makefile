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

bench: all
	sh bench/run.sh
	sh bench/shmem.sh

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop

.PHONY: all test check bench clean
