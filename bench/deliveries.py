#!/usr/bin/env python3
"""Per message, from bench/deliveries.sh's logs: when the first receiver read it (after the send), how
long the rest took (spread), when the last one read it; medians and p90 over the messages of each log."""
import sys
from collections import defaultdict

def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] / 1000

for f in sys.argv[1:]:
    msgs = defaultdict(list)
    for line in open(f):
        seq, _, now, ts = line.split()
        msgs[int(seq)].append((float(now), float(ts)))
    first, spread, last, every = [], [], [], []
    for d in msgs.values():
        d.sort()
        lat = [now - ts for now, ts in d]
        every += lat
        first.append(lat[0]); last.append(lat[-1]); spread.append(lat[-1] - lat[0])
    print(f"{f}: {len(msgs)} messages, p50 {q(every, .5):.2f} ms, p99 {q(every, .99):.2f} ms | "
          f"first delivery: median {q(first, .5):.2f} p90 {q(first, .9):.2f} | "
          f"spread: median {q(spread, .5):.2f} p90 {q(spread, .9):.2f} | last: median {q(last, .5):.2f} p90 {q(last, .9):.2f}")
