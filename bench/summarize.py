#!/usr/bin/env python3
"""Summarize bench/compare.sh results: per case and relay, the median server CPU per delivery (the
runs in brackets), its ratio to the Node relay's, and the median p99. Any number of result files.

--pairs: per case and relay, each run against the Node run of the same rep (the next Node run of that
case in the same file): in how many pairs its p99 and its CPU per delivery were at or below Node's, the
median ratios, and the same for the quiet pairs only (both runs under --quiet-steal, default 10, % steal)."""
import json, sys, statistics as st
args = sys.argv[1:]
pairs = '--pairs' in args
quiet_steal = float(args[args.index('--quiet-steal') + 1]) if '--quiet-steal' in args else 10.0
files = [a for i, a in enumerate(args) if not a.startswith('--') and (i == 0 or args[i - 1] != '--quiet-steal')]
rows = [dict(json.loads(l), _file=f, _at=i) for f in files for i, l in enumerate(open(f)) if l.startswith('{')]
cases = sorted({r['case'] for r in rows if 'case' in r}, key=lambda c: (c.startswith('rate'), c))
labels = sorted({r['label'] for r in rows if 'label' in r}, key=lambda l: (l == 'node', l != 'jam', l))
def med(xs): return st.median(xs) if xs else float('nan')
fmt = lambda xs: ', '.join(f'{x:.2f}' for x in xs)

def paired(case, label):
    """(run, node run) for each run of label in case, with the next Node run of that case in its file."""
    out = []
    for r in rows:
        if r.get('case') == case and r.get('label') == label and r.get('ok'):
            nxt = [n for n in rows if n['_file'] == r['_file'] and n['_at'] > r['_at'] and n.get('case') == case and n.get('label') == 'node']
            if nxt and nxt[0].get('ok'):
                out.append((r, nxt[0]))
    return out

if pairs:
    print('| case | relay | pairs | p99 at or below Node\'s | median p99 ratio | CPU at or below Node\'s | median CPU ratio | quiet pairs: p99 at or below, median ratio |')
    print('| --- | --- | --- | --- | --- | --- | --- | --- |')
    for c in cases:
        for l in labels:
            ps = paired(c, l) if l != 'node' else []
            if not ps:
                continue
            p99 = [a['p99_ms'] / b['p99_ms'] for a, b in ps]
            cpu = [a['server_us_per_delivery'] / b['server_us_per_delivery'] for a, b in ps]
            q = [a['p99_ms'] / b['p99_ms'] for a, b in ps if max(a.get('host_steal_pct', 100), b.get('host_steal_pct', 100)) < quiet_steal]
            quiet = f'{sum(x <= 1 for x in q)} of {len(q)}, {med(q):.2f}' if q else 'none'
            print(f'| {c} | {l} | {len(ps)} | {sum(x <= 1 for x in p99)} | {med(p99):.2f} | {sum(x <= 1 for x in cpu)} | {med(cpu):.2f} | {quiet} |')
    sys.exit(0)

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
