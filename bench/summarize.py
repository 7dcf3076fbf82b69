#!/usr/bin/env python3
"""Summarize bench/compare.sh results: per case and relay, the median server CPU per delivery (the
runs in brackets), its ratio to the Node relay's, and the median p99. Any number of result files."""
import json, sys, statistics as st
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.startswith('{')]
cases = sorted({r['case'] for r in rows if 'case' in r}, key=lambda c: (c.startswith('rate'), c))
labels = sorted({r['label'] for r in rows if 'label' in r}, key=lambda l: (l == 'node', l != 'jam', l))
def med(xs): return st.median(xs) if xs else float('nan')
fmt = lambda xs: ', '.join(f'{x:.2f}' for x in xs)
print('| case | relay | CPU µs/delivery (runs) | ratio to node | p99 ms (runs) | other CPU % (max) |')
print('| --- | --- | --- | --- | --- | --- |')
for c in cases:
    ok = lambda l: [r for r in rows if r.get('case') == c and r.get('label') == l and r.get('ok')]
    node = med([r['server_us_per_delivery'] for r in ok('node')])
    for l in labels:
        rs = ok(l)
        if not rs:
            continue
        us = [r['server_us_per_delivery'] for r in rs]
        p99 = [r['p99_ms'] for r in rs]
        other = max(r.get('other_cpu_pct', 0) for r in rs)
        print(f'| {c} | {l} | {med(us):.2f} ({fmt(us)}) | {med(us) / node:.2f} | {med(p99):.1f} ({fmt(p99)}) | {other:.0f} |')
