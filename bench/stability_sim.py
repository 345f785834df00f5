#!/usr/bin/env python3
# How often the stability verdict's regime rule (docs/trust.md) calls
# one-regime noise "multimodal", and how often it finds two real regimes,
# on simulated samples: a fixed seed, 1000 samples per row, the rule as
# tests/stability_check.py implements it (which the tests hold to
# ipc/stability.c).  Prints one table; takes a few seconds.
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
    __file__)), "..", "tests"))
from stability_check import judge  # noqa: E402

TRIALS = 1000
R = random.Random(7)
NOISE = (
    ("normal, CV 10%", lambda: R.gauss(100, 10)),
    ("normal, CV 30%", lambda: R.gauss(100, 30)),
    ("log-normal, sigma 0.3", lambda: 100 * math.exp(R.gauss(0, 0.3))),
    ("slow tail (100 - exponential, mean 10)",
     lambda: 100 - R.expovariate(1 / 10)),
    ("uniform 50..150", lambda: R.uniform(50, 150)),
)


def mix(n1, m1, c1, n2, m2, c2):
    return lambda: ([R.gauss(m1, m1 * c1) for _ in range(n1)] +
                    [R.gauss(m2, m2 * c2) for _ in range(n2)])


TWO = (
    ("8 runs at 1.8M (CV 15%) + 13 at 4.3M (CV 8%)",
     mix(8, 1.8e6, .15, 13, 4.3e6, .08)),
    ("10 at 100 + 11 at 150 (CV 5%)", mix(10, 100, .05, 11, 150, .05)),
    ("10 at 100 + 11 at 130 (CV 5%)", mix(10, 100, .05, 11, 130, .05)),
)


def share(gen):
    return sum(judge(gen())["verdict"] == "multimodal"
               for _ in range(TRIALS)) / TRIALS


print("one regime: share called multimodal (%d samples each)" % TRIALS)
print("%-40s %7s %7s %7s %7s" % ("noise", "n=6", "n=11", "n=21", "n=51"))
for name, draw in NOISE:
    print("%-40s %s" % (name, " ".join(
        "%6.1f%%" % (100 * share(lambda: [draw() for _ in range(n)]))
        for n in (6, 11, 21, 51))))
print("two regimes: share found")
for name, gen in TWO:
    print("%-40s %6.1f%%" % (name, 100 * share(gen)))
