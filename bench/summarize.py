#!/usr/bin/env python3
"""Summarize bench/compare.sh results: per case, jam vs node medians and the ratio jam/node."""
import json, sys, statistics as st
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.startswith('{')]
cases = sorted({r['case'] for r in rows if 'case' in r}, key=lambda c: (c.startswith('rate'), c))
def med(xs): return st.median(xs) if xs else float('nan')
print('| case | relay CPU µs/delivery jam (runs) | node (runs) | ratio jam/node | p99 ms jam | p99 ms node | other CPU % (max) |')
print('| --- | --- | --- | --- | --- | --- | --- |')
for c in cases:
    j = [r for r in rows if r.get('case') == c and r.get('label') == 'jam' and r.get('ok')]
    n = [r for r in rows if r.get('case') == c and r.get('label') == 'node' and r.get('ok')]
    ju = [r['server_us_per_delivery'] for r in j]; nu = [r['server_us_per_delivery'] for r in n]
    jp = [r['p99_ms'] for r in j]; np_ = [r['p99_ms'] for r in n]
    other = max([r.get('other_cpu_pct', 0) for r in j + n] or [0])
    fmt = lambda xs: ', '.join(f'{x:.2f}' for x in xs)
    print(f'| {c} | {med(ju):.2f} ({fmt(ju)}) | {med(nu):.2f} ({fmt(nu)}) | {med(ju)/med(nu):.2f} | '
          f'{med(jp):.2f} | {med(np_):.2f} | {other:.0f} |')
