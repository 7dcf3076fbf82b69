#!/usr/bin/env python3
"""bench/cluster.sh's results per pair: a case's single run against its cluster run of the same pair.

    bench/cluster.py bench/results/cluster-YYYYMMDD.jsonl [--markdown]

Per pair: p50 and p99 (ms) single / cluster, what the cluster adds at p99, CPU per delivery of every
process that relays (single: the relay; cluster: A + B + nats-server) and its ratio, and each process's
share: A per message published, B per delivery, nats-server per message; then the medians per case.
"""
import json
import statistics
import sys


def load(paths):
    runs = []
    for path in paths:
        with open(path) as f:
            runs += [json.loads(line) for line in f if line.strip()]
    return runs


def share(run, role, per):
    for r, p in zip(run.get("roles", []), run.get("server_cpu_by_pid") or []):
        if r == role:
            return p.get("us_per_" + per)
    return None


def pairs(runs):
    by = {}
    for r in runs:
        by.setdefault((r["case"], r["pair"], r.get("date", "")[:10]), {}).setdefault(r["setup"], r)
    out = []
    for (case, pair, _), two in sorted(by.items()):
        if "single" in two and "cluster" in two:
            out.append((case, pair, two["single"], two["cluster"]))
    return out


def row(case, pair, s, c):
    return {
        "case": case,
        "pair": pair,
        "ok": s.get("ok") and c.get("ok"),
        "p50": (s["p50_ms"], c["p50_ms"]),
        "p99": (s["p99_ms"], c["p99_ms"]),
        "added_p99": c["p99_ms"] - s["p99_ms"],
        "added_p50": c["p50_ms"] - s["p50_ms"],
        "cpu": (s["server_us_per_delivery"], c["server_us_per_delivery"]),
        "cpu_ratio": c["server_us_per_delivery"] / s["server_us_per_delivery"],
        "p99_ratio": c["p99_ms"] / s["p99_ms"],
        "a_per_msg": share(c, "A", "message"),
        "b_per_delivery": share(c, "B", "delivery"),
        "nats_per_msg": share(c, "nats", "message"),
        "single_per_msg": s["server_us_per_delivery"] * s["peers"],
        "load": (s["load_before"][0], c["load_before"][0]),
        "steal": (s.get("host_steal_pct"), c.get("host_steal_pct")),
        "other": (s.get("other_cpu_pct"), c.get("other_cpu_pct")),
    }


def main(argv):
    md = "--markdown" in argv
    rows = [row(*p) for p in pairs(load([a for a in argv if not a.startswith("--")]))]
    if md:
        print("| case | pair | p50 ms single / cluster | p99 ms single / cluster | added at p99, ms"
              " | CPU µs per delivery, single / cluster (A+B+NATS) | ratio | A µs per message"
              " | B µs per delivery | NATS µs per message | load (1 min) |")
        print("|" + " --- |" * 11)
    for r in rows:
        if md:
            print(f"| {r['case']} | {r['pair']} | {r['p50'][0]:.2f} / {r['p50'][1]:.2f}"
                  f" | {r['p99'][0]:.2f} / {r['p99'][1]:.2f} | {r['added_p99']:+.2f}"
                  f" | {r['cpu'][0]:.2f} / {r['cpu'][1]:.2f} | {r['cpu_ratio']:.2f}"
                  f" | {r['a_per_msg']:.0f} | {r['b_per_delivery']:.2f} | {r['nats_per_msg']:.0f}"
                  f" | {r['load'][0]:.2f}, {r['load'][1]:.2f} |")
        else:
            print(f"{r['case']:22} pair {r['pair']}  p50 {r['p50'][0]:.2f}/{r['p50'][1]:.2f}"
                  f"  p99 {r['p99'][0]:.2f}/{r['p99'][1]:.2f} (+{r['added_p99']:.2f})"
                  f"  CPU/delivery {r['cpu'][0]:.2f}/{r['cpu'][1]:.2f} (x{r['cpu_ratio']:.2f})"
                  f"  A/msg {r['a_per_msg']}  B/delivery {r['b_per_delivery']}  NATS/msg {r['nats_per_msg']}"
                  f"  load {r['load']}  steal {r['steal']}  other {r['other']}"
                  f"{'' if r['ok'] else '  NOT OK'}")
    print()
    for case in sorted({r["case"] for r in rows}):
        rs = [r for r in rows if r["case"] == case]
        med = lambda k: statistics.median(r[k] for r in rs)
        print(f"{case}: {len(rs)} pairs; median added p99 {med('added_p99'):+.2f} ms (p50 {med('added_p50'):+.2f}),"
              f" p99 ratio {med('p99_ratio'):.2f}, CPU per delivery ratio {med('cpu_ratio'):.2f};"
              f" A {med('a_per_msg'):.0f} µs/message, B {med('b_per_delivery'):.2f} µs/delivery,"
              f" NATS {med('nats_per_msg'):.0f} µs/message; single relay {med('single_per_msg'):.0f} µs/message;"
              f" added p99 <= 1 ms in {sum(r['added_p99'] <= 1 for r in rs)} of {len(rs)}")


if __name__ == "__main__":
    main(sys.argv[1:])
