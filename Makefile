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

# The tracing scripts live (root and bpftrace; tracefs is mounted if
# missing): every script in every mode and IPC type.  A few minutes.
check-trace: all
	IPC_CHECK_TRACE=1 TOP="$$(pwd)" sh -c '. tests/lib.sh; \
	    trap cleanup_lib EXIT; . tests/t_bpftrace.sh; \
	    echo "$$PASSED passed, $$FAILED failed"; [ "$$FAILED" -eq 0 ]'

bench: all
	sh bench/run.sh
	sh bench/trace.sh

clean:
	cd ipc && $(MAKE) clean
	rm -f bench/handloop

.PHONY: all test check check-trace bench clean
