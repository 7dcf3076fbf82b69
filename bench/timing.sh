#!/usr/bin/env bash
# How close together scheduled bangs sound on jam peers (docs/timing.md), and @ircam/sync's offset error
# under the same delays. Runs jam.timing.TimingRun (test sources) through bin/jam; one JSON line a run,
# appended to bench/results/timing-DATE.jsonl.
#   bench/timing.sh              the goal: 10 peers, 50 bangs; sync on, sync off, and a 4 ms asymmetry
#   RUNS=3 bench/timing.sh       each configuration 3 times
#   ANCHOR=1 bench/timing.sh     also @ircam/sync vs jam's clock error (needs node; npm ci in bench/anchors/ircam)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile
bin/jam --version >/dev/null # builds the jar if needed
cp=$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null || mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
out=bench/results/timing-$(date -u +%Y%m%d).jsonl
runs=${RUNS:-1}
run() { java -cp "target/classes:target/test-classes:$cp" "$@" | tee -a "$out"; }
for _ in $(seq "$runs"); do
  #                     peers bangs offset minDelay maxDelay jitter asymmetry sync
  run jam.timing.TimingRun 10 50 500 5 80 10 0 true
  run jam.timing.TimingRun 10 50 500 5 80 10 0 false
  run jam.timing.TimingRun 10 50 500 5 80 10 4 true
done
if [ "${ANCHOR:-0}" = 1 ]; then
  for _ in $(seq "$runs"); do
    run jam.timing.SyncCompare 10 500 5 80 10 default
    run jam.timing.SyncCompare 10 500 5 80 10 tuned
  done
fi
