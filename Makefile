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
	sh bench/sweep.sh

# Executes examples/lab2-ipc.ipynb headless (jupyter nbconvert, Debian's
# python3 kernel) on small totals; ends with "N passed, N failed".
check-notebook: all
	sh tests/notebook.sh

# Installation: the two binaries, ipc-sweep and the manual page (with an
# ipc-dynamic.1 link to it).  `make install PREFIX=/usr DESTDIR=/tmp/pkg`
# stages a package; `make uninstall` with the same variables removes
# exactly what install put there.
PREFIX ?=	/usr/local
DESTDIR ?=
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
INSTALL_BIN =	ipc/ipc-static ipc/ipc-dynamic tools/ipc-sweep
INSTALL_MAN1 =	ipc/ipc-static.1
MAN1_LINKS =	ipc-dynamic.1

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
	rm -f bench/handloop

.PHONY: all test check bench check-notebook install uninstall clean
