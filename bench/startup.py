#!/usr/bin/env python3
"""Start-up times of whole commands, interleaved: each round runs every command once, in turn, so that a
slow minute of a shared VM slows all of them alike (hyperfine runs one command's runs in a row, and the
commands measured last take the VM's slowdowns). The first command is the anchor for the ratios.

    bench/startup.py [--runs N] [--store FILE] 'name=command' ...

FILE (default a.json) is removed before every run, so each add-track writes a new store. Prints per
command the median, min and max wall ms, the median CPU ms (user + sys of the command and its children)
and the median's ratio to the anchor's. Two warm-up rounds are not counted. A command that fails is
reported and counted all the same.
"""
import argparse
import os
import resource
import statistics
import subprocess
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--runs", type=int, default=30)
parser.add_argument("--store", default="a.json")
parser.add_argument("commands", nargs="+", metavar="name=command")
args = parser.parse_args()
commands = [c.split("=", 1) for c in args.commands]
wall = {name: [] for name, _ in commands}
cpu = {name: [] for name, _ in commands}
for round_ in range(args.runs + 2):
    for name, command in commands:
        if os.path.exists(args.store):
            os.remove(args.store)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        code = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        end = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code:
            print(f"{name}: exit {code}")
        if round_ >= 2:
            wall[name].append((end - start) * 1000)
            cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
anchor = statistics.median(wall[commands[0][0]])
print(f"{'command':28s} {'median':>7s} {'min':>7s} {'max':>7s} {'ratio':>6s} {'cpu':>7s}")
for name, _ in commands:
    m = statistics.median(wall[name])
    print(f"{name:28s} {m:7.1f} {min(wall[name]):7.1f} {max(wall[name]):7.1f} {m / anchor:6.2f} {statistics.median(cpu[name]):7.1f}")
