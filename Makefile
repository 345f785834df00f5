# Top-level entry points: build, test, benchmark.  The real build lives in
# ipc/Makefile so that `make -C ipc` (as the lab notebooks run it) works too.

all:
	cd ipc && $(MAKE) all

# Builds both binaries, the unit tests and the test helpers, then runs
# everything; the last line printed is "N passed, N failed".  TESTS picks
# files or cases (see tests/run.sh), e.g. make test TESTS=t_core
test: all tests/perfprobe
	cd ipc && $(MAKE) unit-tests
	sh tests/run.sh $(TESTS)

# perf_event_open(2) probe for tests/t_counters.sh (Linux; elsewhere it
# answers "unknown").
tests/perfprobe: tests/perfprobe.c
	$(CC) -std=c11 -O2 -Wall -Wextra $(WERROR) $(CFLAGS) -o tests/perfprobe \
	    tests/perfprobe.c

check: test

bench: all
	sh bench/run.sh

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop tests/perfprobe

.PHONY: all test check bench clean
