# The shape of the C sources: no file in ipc/ over 600 lines, each
# opening with a comment that says what it holds; every header compiles
# on its own (make -C ipc check-headers) and no header includes itself;
# ipc/Makefile gives each object exactly the headers it includes.
# tests/source_check.py does the checking.  Last, each check is shown a
# copy of the sources with one fact broken, and must catch it.  Sourced
# after tests/lib.sh.  No TCP ports; no binary is run.

SC_D=$TMPD/source
SC_CHECK=$TOP/tests/source_check.py
SC_CC=${CC:-cc}
mkdir -p "$SC_D"

# sc_check NAME CHECK TREE: source_check.py's CHECK over TREE must hold.
sc_check() {
	: >"$OUT"
	python3 "$SC_CHECK" "$3" "$2" >"$ERR" 2>&1
	if [ $? -eq 0 ]; then pass "$1"; else fail "$1" "$2 does not hold"; fi
}

# sc_headers NAME TREE: every header of TREE/ipc compiles on its own.
sc_headers() {
	timeout -k 5 120 make -s -C "$2/ipc" check-headers CC="$SC_CC" \
	    WERROR=-Werror >"$OUT" 2>"$ERR"
	RC=$?
	if [ "$RC" -eq 0 ] && [ ! -s "$ERR" ]; then
		pass "$1"
	else
		fail "$1" "make check-headers: exit $RC"
	fi
}

# sc_mutant NAME CHECK FILE SED: in a copy of the sources, apply the
# sed(1) script SED to FILE; CHECK ("headers-alone" or a source_check.py
# check) must then fail.
sc_mutant() {
	_sm=$SC_D/$1
	rm -rf "$_sm"; mkdir -p "$_sm/ipc" "$_sm/tests"
	cp "$TOP"/ipc/*.[ch] "$TOP/ipc/Makefile" "$_sm/ipc/"
	cp "$TOP"/tests/unit*.[ch] "$_sm/tests/"
	sed -e "$4" "$_sm/$3" >"$_sm/edited" && mv "$_sm/edited" "$_sm/$3"
	if cmp -s "$TOP/$3" "$_sm/$3"; then
		fail "$1" "the edit changed nothing in $3"; return
	fi
	if [ "$2" = headers-alone ]; then
		timeout -k 5 120 make -s -C "$_sm/ipc" check-headers \
		    CC="$SC_CC" >"$_sm/why" 2>&1
	else
		python3 "$SC_CHECK" "$_sm" "$2" >"$_sm/why" 2>&1
	fi
	if [ $? -ne 0 ] && [ -s "$_sm/why" ]; then
		pass "$1"
	else
		: >"$OUT"; : >"$ERR"
		fail "$1" "$2 still holds after: $4 on $3"
	fi
}

# 600 lines to make any file too long.
_i=0
while [ $_i -lt 600 ]; do echo; _i=$((_i + 1)); done >"$SC_D/lines600"

if ! have python3; then
	skip src-checks "python3 not installed"
else
	sc_check src-length length "$TOP"
	sc_check src-opening opening "$TOP"
	sc_check src-deps deps "$TOP"
	sc_check src-headers-listed headers "$TOP"
	sc_check src-cycles cycles "$TOP"

	sc_mutant src-catches-length length ipc/names.c "\$r $SC_D/lines600"
	sc_mutant src-catches-no-opening opening ipc/ipc-static.c \
	    '/^ \* Identity of the statically/d'
	sc_mutant src-catches-length-apology opening ipc/names.c \
	    's/^ \* and the two look-ups/ * and, as it is long, the two/'
	sc_mutant src-catches-dep-missing deps ipc/Makefile \
	    '/^resources.o verify.o: verify.h$/d'
	sc_mutant src-catches-dep-extra deps ipc/Makefile \
	    's/^resources.o verify.o: verify.h$/& shmem.h/'
	sc_mutant src-catches-unit-dep deps ipc/Makefile \
	    's/^\(unit_verify.o:.*\) verify.h$/\1/'
	sc_mutant src-catches-header-unlisted headers ipc/Makefile \
	    's/ transport.h verify.h$/ transport.h/'
	sc_mutant src-catches-cycle cycles ipc/sysinfo.h \
	    's/^#include "ipc.h"$/#include "sysinfo_probes.h"/'
fi

if ! have "$SC_CC"; then
	skip src-headers-alone "no C compiler ($SC_CC)"
else
	sc_headers src-headers-alone "$TOP"
	sc_mutant src-catches-header-not-alone headers-alone ipc/verify.h \
	    '/^#include <stdint.h>$/d'
fi

# On an OS that is neither Linux nor FreeBSD the per-OS code falls back
# to portable stubs: every ipc/*.c must still be warning-free there (a
# helper used only inside an OS's #if is an unused function elsewhere).
# clang -U__linux__ on this machine stands in for such an OS; each file
# alone, as the build compiles it.
if ! have clang; then
	skip src-other-os-clang "clang not installed"
else
	: >"$OUT"; : >"$ERR"
	for _sf in "$TOP"/ipc/*.c; do
		timeout -k 5 60 clang -std=c11 -Wall -Wextra -Werror -U__linux__ \
		    -U__FreeBSD__ -D_GNU_SOURCE -fsyntax-only -I"$TOP/ipc" \
		    "$_sf" >>"$ERR" 2>&1
	done
	if [ -s "$ERR" ]; then
		fail src-other-os-clang "not warning-free with neither __linux__ nor __FreeBSD__"
	else
		pass src-other-os-clang
	fi
fi
