# Integration tests for describe, -j describe and -v: the host description
# (sysinfo.c) as rendered by report.c.  Run by tests/run.sh after
# tests/lib.sh (run/expect/pass/fail/skip, $BINS, $BINS_FULL, $OUT, $ERR,
# $RC, $TMPD).  Values are checked against independent sources (uname,
# getconf, /proc, /sys, sysctl), never against numbers baked into the
# test.  ipc-dynamic gets describe and -j describe; options alongside
# describe and -v run on $BINS_FULL (lib.sh explains the subset).

# td_val KEY: the value printed as "  KEY: value" in the last text run.
td_val() {
	awk -v k="  $1: " 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$OUT"
}

# td_line TEXT: the number of the first line that is exactly TEXT, or empty.
td_line() {
	awk -v t="$1" '$0 == t { print NR; exit }' "$OUT"
}

# td_ncpu: online CPUs as sysconf(_SC_NPROCESSORS_ONLN) counts them.
# nproc(1) counts the affinity mask instead, which differs under taskset
# or in a container, so it is only the fallback.
td_ncpu() {
	getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null
}

# td_want NAME KEY EXPECTED: the text value of KEY must equal EXPECTED.
td_want() {
	_tv=$(td_val "$2")
	if [ -z "$3" ]; then
		skip "$1" "no reference value for $2 on this host"
	elif [ "$_tv" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "$2 is '$_tv', want '$3'"
	fi
}

# td_reference: "KEY=VALUE" lines of what this host should report, one
# per key checked, from sources independent of the binary.
td_reference() {
	echo "hw.ncpu=$(td_ncpu)"
	echo "hw.machine=$(uname -m)"
	echo "kern.ostype=$(uname -s)"
	echo "kern.osrelease=$(uname -r)"
	case $(uname -s) in
	Linux)
		echo "ifnet.name=lo"
		echo "ifnet.mtu=$(cat /sys/class/net/lo/mtu 2>/dev/null)"
		echo "fs.pipe-max-size=$(cat /proc/sys/fs/pipe-max-size 2>/dev/null)"
		echo "net.core.wmem_max=$(cat /proc/sys/net/core/wmem_max 2>/dev/null)"
		echo "net.core.rmem_max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null)"
		echo "net.ipv4.tcp_congestion_control=$(cat /proc/sys/net/ipv4/tcp_congestion_control 2>/dev/null)"
		echo "kernel.perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)"
		# Only the host's network namespace has this file: elsewhere
		# (a container, unshare -n) describe says unknown (JSON null).
		echo "net.core.netdev_max_backlog=$(cat /proc/sys/net/core/netdev_max_backlog 2>/dev/null || echo unknown)"
		;;
	FreeBSD)
		echo "ifnet.name=lo0"
		echo "ifnet.mtu=$(ifconfig lo0 2>/dev/null | sed -n 's/.* mtu \([0-9]*\).*/\1/p' | head -n 1)"
		echo "kern.ipc.maxsockbuf=$(sysctl -n kern.ipc.maxsockbuf 2>/dev/null)"
		echo "kern.ipc.pipe_mindirect=$(sysctl -n kern.ipc.pipe_mindirect 2>/dev/null)"
		echo "net.inet.tcp.cc.algorithm=$(sysctl -n net.inet.tcp.cc.algorithm 2>/dev/null)"
		;;
	esac
}

td_reference >"$TMPD/td_ref"

# The JSON checker: one document; the three host containers (plus the
# benchmark configuration) are objects of scalars; reference keys have the
# reference value; integer keys are JSON numbers, or null exactly where
# the reference says unknown, never strings.
cat >"$TMPD/td_check.py" <<'PYEOF'
import json, sys

def main():
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    ref = {}
    with open(sys.argv[2]) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            if v:
                ref[k] = v
    host = ("hardware_configuration", "os_configuration",
        "network_ipc_configuration")
    if not isinstance(doc, dict):
        return "top level is not an object"
    keys = list(doc)
    for c in host + ("benchmark_configuration",):
        if not isinstance(doc.get(c), dict):
            return "missing container %s" % c
    if [k for k in keys if k in host] != list(host):
        return "host containers out of order: %r" % keys
    # Integer keys of the description (README: Host description).
    ints = {"hw.ncpu", "hw.physmem", "ifnet.mtu", "fs.pipe-max-size",
        "pipe.default_capacity", "fs.pipe-user-pages-soft",
        "net.core.wmem_max", "net.core.rmem_max", "net.core.wmem_default",
        "net.core.rmem_default", "net.core.netdev_max_backlog",
        "clock.monotonic.resolution_ns", "kernel.perf_event_paranoid",
        "kern.ipc.maxsockbuf", "kern.ipc.pipe_mindirect"}
    flat = {}
    for c in host:
        for k, v in doc[c].items():
            if k == "hw.pagesizes":
                # L41's libxo list: instances each carrying "pagesize".
                if not isinstance(v, list) or not v or not all(
                        isinstance(p, dict) and list(p) == ["pagesize"]
                        and isinstance(p["pagesize"], int) for p in v):
                    return "hw.pagesizes is %r, want [{pagesize: N}, ...]" % (v,)
                flat[k] = v
                continue
            if v is None and k in ints:
                if ref.get(k) != "unknown":
                    return "%s is null, want %r" % (k, ref.get(k, "a number"))
            elif isinstance(v, (dict, list)) or v is None or isinstance(v, bool):
                return "%s.%s is not a scalar" % (c, k)
            elif k in ints and not isinstance(v, int):
                return "%s is %r, want a JSON integer or null" % (k, v)
            if isinstance(v, str) and v == "":
                return "%s.%s is empty" % (c, k)
            if k in flat:
                return "key %s appears twice" % k
            flat[k] = v
    for k in ("hw.ncpu", "hw.physmem", "ifnet.mtu"):
        if not isinstance(flat.get(k), int):
            return "%s is %r, want a JSON integer" % (k, flat.get(k))
    for k in ("hw.machine", "hw.model", "kern.ostype", "kern.osrelease",
            "kern.ident", "kern.hostname", "ifnet.name"):
        if not isinstance(flat.get(k), str):
            return "%s is %r, want a JSON string" % (k, flat.get(k))
    for k, want in ref.items():
        got = flat.get(k)
        if got is None and want == "unknown" and k in ints and k in flat:
            continue
        if got is None or str(got) != want:
            return "%s is %r, want %r" % (k, got, want)
        if want.lstrip("-").isdigit() and not isinstance(got, int):
            return "%s is %r, want a JSON number" % (k, got)
    return None

try:
    why = main()
except Exception as e:
    why = "%s: %s" % (type(e).__name__, e)
if why:
    print(why)
    sys.exit(1)
PYEOF

for b in $BINS; do
	n=$(name "$b")

	# describe: exit 0, silent stderr, nothing measured.
	run "$b" describe
	cp "$OUT" "$TMPD/td_plain.$n"
	expect "describe-quiet-stderr-$n" 0 '.*' ''
	if grep -q 'KBytes/sec' "$OUT"; then
		fail "describe-runs-nothing-$n" "a rate line was printed"
	else
		pass "describe-runs-nothing-$n"
	fi

	# The three section headers, in L41's order.
	h=$(td_line 'Hardware configuration:')
	o=$(td_line 'OS configuration:')
	w=$(td_line 'Network and IPC configuration:')
	if [ -n "$h" ] && [ -n "$o" ] && [ -n "$w" ] && [ "$h" -lt "$o" ] &&
	    [ "$o" -lt "$w" ]; then
		pass "describe-section-headers-$n"
	else
		fail "describe-section-headers-$n" "lines '$h' '$o' '$w'"
	fi

	# Every described key against its independent source.
	while IFS='=' read -r key want; do
		td_want "describe-key-$key-$n" "$key" "$want"
	done <"$TMPD/td_ref"

	# Numeric keys that must always resolve on Linux, in any namespace.
	if [ "$(uname -s)" = Linux ]; then
		bad=
		for key in hw.physmem pipe.default_capacity \
		    clock.monotonic.resolution_ns; do
			td_val "$key" | grep -Eqx '[0-9]+' || bad="$bad $key"
		done
		if [ -z "$bad" ]; then
			pass "describe-linux-numeric-keys-$n"
		else
			fail "describe-linux-numeric-keys-$n" "not numbers:$bad"
		fi
	fi

	# -j describe: one JSON document with typed values.
	run "$b" -j describe
	expect "describe-json-quiet-stderr-$n" 0 '.*' ''
	if ! have python3; then
		skip "describe-json-$n" "no python3"
	elif why=$(python3 "$TMPD/td_check.py" "$OUT" "$TMPD/td_ref" 2>&1); then
		pass "describe-json-$n"
	else
		fail "describe-json-$n" "$why"
	fi
	cp "$OUT" "$TMPD/td_json.$n"

	# In a network namespace of its own, as in a container: the same
	# keys in the same order with the same JSON types, except that an
	# integer the namespace hides (netdev_max_backlog) is null, and
	# unknown in text.
	if ! have python3; then
		skip "describe-netns-$n" "no python3"
	elif ! unshare -n true 2>/dev/null; then
		skip "describe-netns-$n" "cannot make a network namespace (unshare -n needs root)"
	else
		td_ns=$(unshare -n cat /proc/sys/net/core/netdev_max_backlog 2>/dev/null ||
		    echo unknown)
		run unshare -n "$b" -j describe
		cp "$OUT" "$TMPD/td_nsjson.$n"
		run unshare -n "$b" describe
		if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
			expect "describe-netns-$n" 0 ".*" ""
		elif [ "$(td_val net.core.netdev_max_backlog)" != "$td_ns" ]; then
			fail "describe-netns-$n" "net.core.netdev_max_backlog is '$(td_val net.core.netdev_max_backlog)', want '$td_ns'"
		elif why=$(python3 - "$TMPD/td_json.$n" "$TMPD/td_nsjson.$n" <<'PYEOF' 2>&1
import json, sys
here, ns = (json.load(open(f)) for f in sys.argv[1:3])
for c in ("hardware_configuration", "os_configuration",
        "network_ipc_configuration"):
    if list(here[c]) != list(ns[c]):
        sys.exit("%s: keys %r here, %r in the namespace" % (c, list(here[c]), list(ns[c])))
    for k, v in here[c].items():
        w = ns[c][k]
        if type(v) is not type(w) and not (
                {type(v), type(w)} == {int, type(None)}):
            sys.exit("%s is %r here, %r in the namespace" % (k, v, w))
PYEOF
		); then
			pass "describe-netns-$n"
		else
			fail "describe-netns-$n" "$why"
		fi
	fi
done

for b in $BINS_FULL; do
	n=$(name "$b")

	# Options are accepted alongside describe and still run nothing: the
	# output is the plain describe's host description, then the
	# configuration block with the options' values, and nothing else (no
	# time, no run details, no rate).
	# The load average moves between the two runs: it is not compared.
	run "$b" -i tcp -b 1024 -t 4096 describe
	sed -e '/^Benchmark configuration:$/,$d' -e 's/^  vm.loadavg: .*/  vm.loadavg: L/' \
	    "$TMPD/td_plain.$n" >"$TMPD/td_opts.want"
	printf 'Benchmark configuration:\n  buffersize: 1024\n  totalsize: 4096\n  blockcount: 4\n  mode: describe\n  ipctype: tcp\n' \
	    >>"$TMPD/td_opts.want"
	sed 's/^  vm.loadavg: .*/  vm.loadavg: L/' "$OUT" >"$TMPD/td_opts.got"
	if [ "$RC" != 0 ] || [ -s "$ERR" ]; then
		expect "describe-with-options-$n" 0 '.*' ''
	elif cmp -s "$TMPD/td_opts.want" "$TMPD/td_opts.got"; then
		pass "describe-with-options-$n"
	else
		fail_diff "describe-with-options-$n" \
		    "stdout is not the host description and the options' configuration" \
		    "$TMPD/td_opts.want" "$TMPD/td_opts.got"
	fi

	# -v on a real run prints the host description before the sample.
	run "$b" -v -B -i pipe -b 4096 -t 65536 2thread
	h=$(td_line 'Hardware configuration:')
	w=$(td_line 'Network and IPC configuration:')
	r=$(grep -En "$RATE" "$OUT" | head -n 1 | cut -d: -f1)
	if [ "$RC" -ne 0 ]; then
		fail "describe-verbose-host-$n" "exit $RC"
	elif [ -s "$ERR" ]; then
		fail "describe-verbose-host-$n" "stderr not empty"
	elif [ -n "$h" ] && [ -n "$w" ] && [ -n "$r" ] && [ "$w" -lt "$r" ]; then
		pass "describe-verbose-host-$n"
	else
		fail "describe-verbose-host-$n" "headers '$h' '$w', rate line '$r'"
	fi
done
