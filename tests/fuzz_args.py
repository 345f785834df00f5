#!/usr/bin/env python3
"""A bounded argument fuzzer for ipc-static and ipc-dynamic.

Usage: fuzz_args.py [--seed N] [--cases N] [--jobs N] [--port-base P]
                    [--timeout S] BIN...

Generates argument vectors from the program's real flag table (below),
with values at and beyond their limits, junk, repeated flags, clusters,
operands in the wrong places and `describe`, runs each under -B with
small totals, and judges every run:
  * the exit status is 0, 64, 71 or 74: no signal death, no hang;
  * it is 64 exactly when a model of the option parser (getopt with
    glibc's "+" prefix, then the range and cross-flag checks) says the
    command line is invalid;
  * nothing on stdout on failure, and a diagnostic on stderr;
  * on success, nothing on stderr and: nothing with -q; one JSON document
    with -j (one datum per -n run); the host description for describe;
    otherwise one rate line per -n run.
Prints one FAIL line per bad case (with a command to replay it), a tally
of exit codes, and "N passed, N failed" last; exits 1 on any failure.

The flag table is the one thing to extend when a flag or a value lands:
FLAGS maps each option letter the program accepts to how its value is
checked and which values to try.  A letter or value the program does not
know yet can be listed with known=False (or among the bad values), so that
it must give 64 until the table says otherwise.
"""

import concurrent.futures
import json
import random
import re
import shlex
import subprocess
import sys

SSIZE_MAX = 2**63 - 1
MAX_ITERATIONS = 100000
MAX_CPU = 4095
MODES = ["1thread", "2thread", "2proc", "describe"]
# With -V the rate line says that every byte was checked in the loop.
RATE = re.compile(r"^[0-9]+\.[0-9]{2} KBytes/sec"
                  r"( \(-V: every byte checked in the loop\))?$")
# -l prints time per round trip instead (and -V says so too).
LATENCY = re.compile(r"^[0-9]+\.[0-9]{3} usec/round-trip"
                     r"( \(-V: every echoed byte checked in the loop\))?$")
DEFAULT_ROUNDTRIPS = 10000
DIGITS = re.compile(r"[0-9]+", re.ASCII)


def number(lo, hi):
    """parse_number(): ASCII digits only, no sign or blanks, in range."""
    def check(s):
        return DIGITS.fullmatch(s) is not None and lo <= int(s) <= hi
    return check


def pinning(s):
    """parse_pinning(): "N" or "S,R", each 0..MAX_CPU."""
    cpu = number(0, MAX_CPU)
    if "," not in s:
        return cpu(s)
    first, rest = s.split(",", 1)
    return 0 < len(first) < 32 and cpu(first) and cpu(rest)


def one_of(*names):
    return lambda s: s in names


JUNK = ["", " ", "-1", "+5", " 1", "1 ", "1k", "0x10", "4096.0", "abc",
        "1e3", "١", "é", "-", "--", "00004096", "0"]
EDGE = [str(SSIZE_MAX), str(SSIZE_MAX + 1), str(2**64 - 1), str(2**64),
        "99999999999999999999999", "1099511627776"]
SMALL_SIZES = ["1", "7", "512", "4096", "65536", "131072", "1048576"]


class Flag:
    """One option letter: takes an argument or not, how the program
    checks that argument (the model), values to try (good ones mostly,
    bad ones a quarter of the time; the labels only steer the mix, the
    check decides), and whether the program knows the letter at all
    (known=False: a flag still to come, a usage error today)."""

    def __init__(self, arg=False, check=None, good=(), bad=(), known=True,
                 weight=1.0):
        self.arg = arg
        self.check = check
        self.good = list(good)
        self.bad = list(bad)
        self.known = known
        self.weight = weight


FLAGS = {
    "B": Flag(),
    "q": Flag(weight=0.3),
    "s": Flag(weight=0.5),
    "v": Flag(),
    "f": Flag(weight=0.5),
    "g": Flag(weight=0.5),
    "j": Flag(),
    "b": Flag(True, number(1, SSIZE_MAX), SMALL_SIZES, JUNK + EDGE),
    "t": Flag(True, number(1, SSIZE_MAX), SMALL_SIZES + ["262144", "3000"],
              JUNK + EDGE),
    "i": Flag(True, one_of("pipe", "local", "tcp", "shmem"),
              ["pipe", "local", "tcp", "shmem"],
              ["PIPE", "tcp ", "", "udp", "unix", "shm"], weight=1.5),
    "P": Flag(True, one_of("l1d", "l1i", "l2", "mem", "tlb", "axi", "sw",
                           "cpi", "arch", "dcache", "instr", "tlbmem"),
              ["sw", "sw", "l1d", "l1i", "l2", "mem", "tlb", "axi", "cpi",
               "arch", "dcache", "instr", "tlbmem"],
              ["none", "", "SW", "DCACHE"], weight=0.5),
    "p": Flag(True, number(1, 65535), ["1", "65535"],
              ["65536", "0", "-1", "", "10141x"], weight=0.5),
    "n": Flag(True, number(1, MAX_ITERATIONS), ["1", "2", "3", "99999",
              "100000"], ["100001", "0"] + JUNK[:6]),
    "w": Flag(True, number(0, MAX_ITERATIONS), ["0", "1", "2", "100000"],
              ["100001"] + JUNK[:6], weight=0.7),
    "c": Flag(True, pinning, ["0", "1", "0,1", "1,0", "0,0", "4095", "00",
              "1,4095"], [",", "1,", ",1", "0,0,0", "1;0", "", "-1", "4096"],
              weight=0.5),
    "V": Flag(weight=0.3),
    "l": Flag(weight=0.7),
    "x": Flag(known=False, weight=0.1),
    "h": Flag(known=False, weight=0.1),
}


def predict(argv):
    """Model of config_parse() + config_validate(): None for a usage
    error (exit 64), else the parsed configuration as a dict."""
    cfg = {"B": False, "q": False, "s": False, "v": False, "f": False,
           "g": False, "j": False, "l": False, "b": 131072, "t": None,
           "i": "pipe", "P": None, "p": 10141, "n": 1, "w": 0, "c": None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-":
            break
        j = 1
        while j < len(a):
            f = FLAGS.get(a[j])
            if f is None or not f.known:
                return None
            if not f.arg:
                cfg[a[j]] = True
                j += 1
                continue
            if j + 1 < len(a):
                val = a[j + 1:]
            elif i + 1 < len(argv):
                i += 1
                val = argv[i]
            else:
                return None                 # option requires an argument
            if not f.check(val):
                return None
            cfg[a[j]] = int(val) if a[j] in "btpnw" else val
            break
        i += 1
    operands = argv[i:]
    if len(operands) != 1 or operands[0] not in MODES:
        return None
    cfg["mode"] = operands[0]
    if cfg["t"] is None:
        # -l without -t: DEFAULT_ROUNDTRIPS messages, fewer only where
        # that would not fit in a ssize_t.
        cfg["t"] = cfg["b"] * min(DEFAULT_ROUNDTRIPS, SSIZE_MAX // cfg["b"]) \
            if cfg["l"] else 16777216
    if cfg["s"] and cfg["i"] not in ("local", "tcp"):
        return None
    if cfg["mode"] == "1thread" and cfg["c"] is not None and "," in \
            cfg["c"] and len({int(x) for x in cfg["c"].split(",")}) > 1:
        return None                         # two CPUs for one thread
    if cfg["n"] + cfg["w"] > MAX_ITERATIONS:
        return None
    if cfg["t"] % cfg["b"] != 0:
        return None                         # "not a multiple" (also 64)
    return cfg


def item(rng, letter):
    """One flag occurrence as argv words: separate or attached value."""
    f = FLAGS[letter]
    if not f.arg:
        return ["-" + letter]
    val = rng.choice(f.bad if f.bad and rng.random() < 0.25 else f.good)
    if rng.random() < 0.3 and val != "":
        return ["-" + letter + val]
    return ["-" + letter, val]


def generate(rng):
    """One argument vector (without the program name)."""
    letters = list(FLAGS)
    weights = [FLAGS[k].weight for k in letters]
    words = []
    for _ in range(rng.randint(0, 6)):
        words += item(rng, rng.choices(letters, weights)[0])
    r = rng.random()
    if r < 0.08 and words:
        # A cluster: no-argument letters, maybe one with an argument last.
        c = "-" + "".join(rng.choice("BqsvfgjVl") for _ in range(3))
        if rng.random() < 0.5:
            c += rng.choice("btn") + rng.choice(["4096", "", "1"])
        words.insert(rng.randrange(len(words) + 1), c)
    elif r < 0.12:
        words.insert(rng.randrange(len(words) + 1),
                     rng.choice(["-", "---", "-?", "-:", "-Z", "", " ",
                                 "é", "-bé", "--"]))
    mode = rng.choice(MODES) if rng.random() < 0.9 else \
        rng.choice(["3thread", "", "2PROC", "1thread ", "Describe"])
    r = rng.random()
    if r < 0.06:
        pass                                # no operand
    elif r < 0.10:
        words += [mode, rng.choice(MODES)]  # two operands
    elif r < 0.16 and words:
        words.insert(rng.randrange(len(words)), mode)   # operand too early
    elif r < 0.20:
        words += ["--", mode]
    else:
        words.append(mode)
    return words


def bounded(cfg):
    """A valid command line is run only if it cannot take long: small
    buffers and totals, few runs (a 1 TiB buffer is refused up front)."""
    if cfg is None or cfg["mode"] == "describe":
        return True
    if cfg["n"] + cfg["w"] > 3:
        return False
    if cfg["b"] >= 2**40:
        return True
    if cfg["l"]:
        # A round trip is a few microseconds at small sizes.
        return cfg["b"] <= 64 << 10 and cfg["t"] <= 16 << 20 and \
            cfg["t"] // cfg["b"] <= DEFAULT_ROUNDTRIPS
    return cfg["b"] <= 4 << 20 and cfg["t"] <= 16 << 20 and \
        cfg["t"] // cfg["b"] <= 4096


def judge(args, cfg, rc, out, err):
    """None if the run is right, else why not."""
    if rc is None:
        return "no exit within the time limit (hang)"
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc not in (0, 64, 71, 74):
        return "exit %d, not one of 0, 64, 71, 74" % rc
    if (rc == 64) != (cfg is None):
        return "exit %d, but the parser model says %s" % (
            rc, "usage error (64)" if cfg is None else "valid")
    if rc != 0:
        if out:
            return "exit %d with output on stdout" % rc
        if not err.strip():
            return "exit %d with nothing on stderr" % rc
        return None
    if err:
        return "success with output on stderr"
    lines = out.splitlines()
    if cfg["q"]:
        return "stdout not empty with -q" if out else None
    if cfg["j"]:
        try:
            doc = json.loads(out)
        except ValueError as e:
            return "-j output is not JSON: %s" % e
        if cfg["mode"] == "describe":
            return None if "hardware_configuration" in doc else \
                "describe -j lacks hardware_configuration"
        got = len(doc.get("benchmark_samples", []))
        return None if got == cfg["n"] else \
            "-j has %d samples, want %d" % (got, cfg["n"])
    if cfg["mode"] == "describe":
        return None if "Hardware configuration:" in lines else \
            "describe printed no host description"
    line = LATENCY if cfg["l"] else RATE
    rates = sum(1 for ln in lines if line.match(ln))
    return None if rates == cfg["n"] else \
        "%d %s lines, want %d" % (rates, "latency" if cfg["l"] else "rate",
                                  cfg["n"])


def run_case(binary, args, timeout):
    try:
        p = subprocess.run([binary] + args, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b""
    return p.returncode, p.stdout, p.stderr


def main():
    seed, cases, jobs, port_base, timeout = 9, 2000, 2, 20900, 20.0
    bins = []
    argv = sys.argv[1:]
    while argv:
        a = argv.pop(0)
        if a == "--seed":
            seed = int(argv.pop(0))
        elif a == "--cases":
            cases = int(argv.pop(0))
        elif a == "--jobs":
            jobs = int(argv.pop(0))
        elif a == "--port-base":
            port_base = int(argv.pop(0))
        elif a == "--timeout":
            timeout = float(argv.pop(0))
        else:
            bins.append(a)
    if not bins:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2

    rng = random.Random(seed)
    todo = []
    while len(todo) < cases:
        words = generate(rng)
        # Always bare, and a TCP port of our own unless a later -p wins.
        port = port_base + 1 + len(todo) % 99
        args = ["-B", "-p", str(port)] + words
        cfg = predict(args)
        if not bounded(cfg):
            continue
        todo.append((bins[len(todo) % len(bins)], args, cfg))

    print("# fuzz: seed %d, %d cases, %s" % (seed, cases, " ".join(bins)))
    passed = failed = 0
    tally = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(run_case, b, a, timeout) for b, a, _ in todo]
        for n, ((b, a, cfg), fut) in enumerate(zip(todo, futs)):
            rc, out, err = fut.result()
            why = judge(a, cfg, rc, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace"))
            tally[rc] = tally.get(rc, 0) + 1
            if why is None:
                passed += 1
                continue
            failed += 1
            print("FAIL fuzz-case-%d: %s" % (n, why))
            print("  replay: %s" % " ".join(shlex.quote(w) for w in [b] + a))
            for name, data in (("stdout", out), ("stderr", err)):
                text = data.decode("utf-8", "replace").splitlines()[:6]
                if text:
                    print("  %s:\n%s" % (name, "\n".join(
                        "    " + ln for ln in text)))
    print("# exit codes: %s" % ", ".join(
        "%s: %d" % ("hang" if k is None else k, v)
        for k, v in sorted(tally.items(), key=lambda kv: str(kv[0]))))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
