# The documents against the program and against each other: the manual
# page is lint-clean; the usage text, the manual page, README.md and
# docs/ agree on the flags, IPC types, counter sets, modes and exit codes;
# every benchmark command line they show is one the program accepts; and
# every transcript block (commands after "$ ", then their output) prints
# what it shows, unless it is marked illustrative.  tests/doc_check.py
# does the checking; docs/development.md documents the rules.  Last, the
# checker is shown copies of the documents with one fact broken each, and
# must catch every one.  Sourced after tests/lib.sh.  No TCP ports.

TD_D=$TMPD/docs
mkdir -p "$TD_D"
TD_CHECK=$TOP/tests/doc_check.py

if have mandoc; then
	# mandoc also checks .Xr targets against this machine's manual
	# database; those lines are about the machine, not the page.
	mandoc -T lint "$TOP/ipc/ipc-static.1" >"$OUT" 2>"$ERR"
	RC=$?
	grep -v 'outdated mandoc.db' "$ERR" >"$ERR.page"; mv "$ERR.page" "$ERR"
	expect man-lint 0 "" ""
else
	skip man-lint "mandoc not installed"
fi

# td_verdicts FILE: report doc_check.py's verdict lines as cases; the
# indented lines under a FAIL are its details.
td_verdicts() {
	: >"$OUT"; : >"$ERR"
	while IFS= read -r _tl; do
		case $_tl in
		"ok "*)	_tn=${_tl#ok }; _tw=
			case $_tn in *:*) _tw=${_tn#*: }; _tn=${_tn%%:*} ;; esac
			pass "$_tn" "$_tw" ;;
		"FAIL "*) _tn=${_tl#FAIL }; fail "${_tn%%:*}" "${_tn#*: }" ;;
		"SKIP "*) _tn=${_tl#SKIP }; skip "${_tn%%:*}" "${_tn#*: }" ;;
		*)	echo "$_tl" ;;
		esac
	done <"$1"
}

"$IPC_STATIC" >/dev/null 2>"$TD_D/usage"
if ! have python3; then
	skip docs-check "python3 not installed"
else
	timeout -k 5 600 python3 "$TD_CHECK" "$TOP" "$IPC_STATIC" \
	    "$TD_D/usage" >"$TD_D/verdicts" 2>"$TD_D/stderr"
	RC=$?
	if [ "$RC" != 0 ] || [ -s "$TD_D/stderr" ]; then
		cp "$TD_D/stderr" "$ERR"
		fail docs-check "tests/doc_check.py exited $RC"
	else
		td_verdicts "$TD_D/verdicts"
	fi
fi

# td_mutant NAME CASE PART FILE SED: in a copy of the documents, apply
# the sed(1) script SED to FILE; the checker's PART must then fail CASE.
td_mutant() {
	_tm=$TD_D/$1
	rm -rf "$_tm"; mkdir -p "$_tm/ipc"
	cp -R "$TOP/README.md" "$TOP/docs" "$_tm/"
	cp "$TOP/ipc/ipc-static.1" "$_tm/ipc/"
	ln -s "$IPC_STATIC" "$_tm/ipc/ipc-static"
	if [ -n "$5" ]; then
		sed -e "$5" "$_tm/$4" >"$_tm/edited" && mv "$_tm/edited" "$_tm/$4"
		if cmp -s "$TOP/$4" "$_tm/$4"; then
			fail "$1" "the edit changed nothing in $4"; return
		fi
	else
		cp "$TD_D/tiny.md" "$_tm/$4"
	fi
	python3 "$TD_CHECK" "$_tm" "$IPC_STATIC" "$TD_D/usage" "$3" \
	    >"$_tm/verdicts" 2>&1
	if grep -q "^FAIL $2: " "$_tm/verdicts"; then
		pass "$1"
	else
		: >"$OUT"; cp "$_tm/verdicts" "$ERR"
		fail "$1" "no FAIL $2 after: ${5:-a tiny $4}"
	fi
}

if have python3; then
	td_mutant docs-catches-man-flag docs-flags-man texts ipc/ipc-static.1 \
	    '/^\.It Fl g$/d'
	td_mutant docs-catches-man-history docs-flags-man-history texts \
	    ipc/ipc-static.1 's/^\.Fl cfgjlnVw ,$/.Fl cfgjlnw ,/'
	td_mutant docs-catches-readme-stale-flag docs-flags-readme texts \
	    README.md 's/^| `-f` | pre-fault/| `-F` | pre-fault/'
	td_mutant docs-catches-counter-set docs-counter-sets texts \
	    docs/counters.md '/^| `tlbmem` |/d'
	td_mutant docs-catches-exit-code docs-exit-codes texts docs/errors.md \
	    '/^| 70 /d'
	td_mutant docs-catches-span docs-flag-spans texts docs/measuring.md \
	    's/`-c 0`/`-i shm`/'
	td_mutant docs-catches-index docs-index texts docs/README.md \
	    '/^| \[trust\.md\]/d'
	td_mutant docs-catches-readme-length docs-readme-length texts \
	    README.md 'p'
	td_mutant docs-catches-json-key docs-json-keys keys docs/json.md \
	    's/`accounting`/`accountin`/'
	td_mutant docs-catches-command docs-commands commands \
	    docs/measuring.md 's/`-c 0`/`ipc\/ipc-static -k 2thread`/'
	# A README of one transcript whose output is wrong, and one block
	# marked illustrative that shows no command.
	printf '%s\n' '```' '$ ipc/ipc-static -B -b 4096 -t 4096 1thread' \
	    '1.00 KB/s' '```' '<!-- illustrative: no command -->' '```' \
	    'ipc/ipc-static 1thread' '```' >"$TD_D/tiny.md"
	td_mutant docs-catches-block-output docs-block-README-1 blocks \
	    README.md ''
	td_mutant docs-catches-stray-mark docs-blocks-marked blocks \
	    README.md ''
fi
