#!/usr/bin/env python3
"""The 2020-24 lab-2 notebooks' metric loop, replayed over a small sweep.

usage: course_replay.py BINARY TYPE MODE "FLAGS" SIZE[,SIZE...]

Their cell, per buffer size: output = !ipc/ipc-benchmark -i TYPE -t TOTAL
-b SIZE -j -P dcache -n N -g -v MODE; then j = json.loads(' '.join(output)),
samples = j["benchmark_samples"], and one panel per key of the first datum,
each point float(x[metric]).  Here with the flags given (-P sw where the
course had a hardware set; -B so the suite does not sleep).  Every panel
must be a key the course's datum had for the same flags, or a key of one of
our flags the user gave; every key the course had must be there.  Prints
the panels and exits 0, or prints the reason and exits 1.
"""
import json
import subprocess
import sys

TOTAL = 262144
RUNS = 3

# The course's datum (2020-24 libxo version), by flag.
COURSE = {
    "": ["bandwidth", "time"],
    "-g": ["stime", "utime", "msgsnd", "msgrcv", "nvcsw", "nivcsw"],
}
# Keys of our flags (or our additions to a course flag), by flag.
OURS = {
    "-g": ["minflt", "majflt"],
    "-P sw": ["PAGE_FAULTS", "CONTEXT_SWITCHES", "CPU_MIGRATIONS",
              "TASK_CLOCK"],
    "-s": ["sndbuf", "rcvbuf"],
    "-V": ["verified"],
}


def die(msg):
    print(msg)
    sys.exit(1)


def wanted(flags):
    """(keys the course had, keys our flags add) for this flag string."""
    words = " " + flags + " "
    course, ours = list(COURSE[""]), []
    for flag in ("-g", "-P sw", "-s", "-V"):
        if " %s " % flag in words:
            course += COURSE.get(flag, [])
            ours += OURS.get(flag, [])
    return course, ours


def main():
    binary, ipc, mode, flags, sizes = sys.argv[1:6]
    course, ours = wanted(flags)
    panels = None
    for size in sizes.split(","):
        argv = [binary, "-B", "-i", ipc, "-t", str(TOTAL), "-b", size,
                "-j"] + flags.split() + ["-n", str(RUNS), "-v", mode]
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        output = r.stdout.decode().splitlines()  # what `!` captures
        if r.returncode != 0:
            die("%s: exit %d: %s" % (" ".join(argv), r.returncode,
                                     " ".join(output)[-200:]))
        j = json.loads(' '.join(output))
        samples = j["benchmark_samples"]
        if panels is None:
            panels = {metric: [] for metric in samples[0].keys()}
        for x in samples:
            for metric in panels:
                panels[metric].append(float(x[metric]))
    stray = [m for m in panels if m not in course + ours]
    if stray:
        die("panels that are neither the course's keys for %r nor keys of "
            "flags given: %s" % (flags, ", ".join(stray)))
    missing = [m for m in course if m not in panels]
    if missing:
        die("the course's keys missing: %s" % ", ".join(missing))
    print("%d panels: %s" % (len(panels), ", ".join(panels)))


if __name__ == "__main__":
    main()
