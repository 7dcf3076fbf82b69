#!/usr/bin/env bash
# kill -9 of `jam add-track` at random moments, RUNS times (default 1000): after every kill the store must
# be valid JSON holding either the old content (byte for byte) or the old tracks plus the new one.
# Usage: scripts/kill-add-track.sh [RUNS] [MAX_DELAY_MS]   (needs jq; run after `mvn package`)
# Prints one summary line; exits 1 at the first store that is neither old nor new.
set -euo pipefail
runs=${1:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
jam="$here/bin/jam"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store="$work/s.json"
printf '[\n{"trackname":"t0","data":[[1,2,3,4]]}\n]\n' >"$store"

# kill moments are drawn over 0 to twice one whole run on this machine
printf '{"trackname":"warm","data":[[1,2,3,4]]}' >"$work/warm.json"
t0=$(date +%s%N)
"$jam" add-track -q --store "$store" "$work/warm.json" >/dev/null
max_delay=${2:-$(( ($(date +%s%N) - t0) / 1000000 * 2 ))}

old=0 new=0 i=0
trap 'echo "kill -9 of add-track: stopped after $((i - 1)) runs: $old left the old store, $new the new one, 0 broken"; exit 130' INT TERM
row=$(printf '[440,null,580,332],%.0s' $(seq 200))
for ((i = 1; i <= runs; i++)); do
  cp "$store" "$work/before.json"
  before_count=$(jq length "$store")
  printf '{"trackname":"t%d","data":[%s[1,2,3,4]]}' "$i" "$row" >"$work/in.json"
  delay=$(( RANDOM * 32768 + RANDOM ))
  delay=$(( delay % (max_delay + 1) ))
  "$jam" add-track -q --store "$store" "$work/in.json" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! jq -e 'type == "array"' "$store" >/dev/null 2>&1; then
    echo "run $i (kill after ${delay} ms): the store is not valid JSON" >&2
    cp "$store" "$here/broken-store.json"
    exit 1
  fi
  if cmp -s "$store" "$work/before.json"; then
    old=$((old + 1))
  elif [[ $(jq length "$store") == $((before_count + 1)) && $(jq -r '.[-1].trackname' "$store") == "t$i" ]] \
      && jq -e --slurpfile b "$work/before.json" '.[:-1] == $b[0]' "$store" >/dev/null; then
    new=$((new + 1))
  else
    echo "run $i (kill after ${delay} ms): the store is neither the old nor the new content" >&2
    cp "$store" "$here/broken-store.json"
    exit 1
  fi
  rm -f "$work"/*.tmp "$work"/.*.tmp 2>/dev/null || true
  (( i % 100 == 0 )) && echo "after $i runs: $old old, $new new, 0 broken" >&2
done
echo "kill -9 of add-track: $runs runs, kill after 0-$max_delay ms: $old left the old store, $new the new one, 0 broken"
