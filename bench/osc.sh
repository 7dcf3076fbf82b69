#!/usr/bin/env bash
# OSC timing (docs/osc.md): scheduled bang -> bundle time tag and send, immediate bang -> OSC, OSC in ->
# the relay. Runs jam.timing.OscRun (test sources) through bin/jam; one JSON line a run, appended to
# bench/results/osc-DATE.jsonl.
#   bench/osc.sh                 200 bangs 50 ms apart, 100 ms lookahead
#   RUNS=3 bench/osc.sh          three times
#   bench/osc.sh 400 25 200      bangs, interval ms, lookahead ms
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile
bin/jam --version >/dev/null # builds the jar if needed
cp=$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null || mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
out=bench/results/osc-$(date -u +%Y%m%d).jsonl
for _ in $(seq "${RUNS:-1}"); do
  java -cp "target/classes:target/test-classes:$cp" jam.timing.OscRun "$@" | tee -a "$out"
done
