#!/usr/bin/env bash
# Soak: PEERS peers (default 1000) with steady traffic (RATE messages/s, default 20, each delivered to
# every peer) for DURATION (default 5m) against `bin/jam serve`, sampling the relay's RSS and heap every
# INTERVAL seconds (default 5). Prints the samples as CSV, bench's JSON result, and a summary:
# RSS and heap in the first and the last fifth of the run, messages lost.
# Usage: scripts/soak.sh [DURATION] [PEERS] [RATE] [INTERVAL]     (Linux; needs jcmd from the JDK)
set -euo pipefail
duration=${1:-5m} peers=${2:-1000} rate=${3:-20} interval=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
jam="$here/bin/jam"
work=$(mktemp -d)
serve_pid= sampler_pid=
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

"$jam" serve --host 127.0.0.1 --port 0 -q >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 200); do [[ -s $work/serve.out ]] && break; sleep 0.1; done
url=$(head -n 1 "$work/serve.out")
[[ $url == ws://* ]] || { echo "soak: jam serve did not start: $(cat "$work/serve.err")" >&2; exit 1; }

sample() {
  echo "seconds,rss_kib,heap_used_kib,heap_committed_kib"
  local start=$SECONDS
  while kill -0 "$serve_pid" 2>/dev/null; do
    local rss heap used committed
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$serve_pid/status" 2>/dev/null || echo "")
    heap=$(jcmd "$serve_pid" GC.heap_info 2>/dev/null | grep -m1 -E 'total [0-9]+K, used [0-9]+K' || true)
    committed=$(sed -E 's/.*total ([0-9]+)K.*/\1/' <<<"$heap")
    used=$(sed -E 's/.*used ([0-9]+)K.*/\1/' <<<"$heap")
    echo "$((SECONDS - start)),$rss,$used,$committed"
    sleep "$interval"
  done
}
sample >"$work/samples.csv" &
sampler_pid=$!

echo "soak: $peers peers, $rate messages/s, $duration against $url (relay pid $serve_pid)" >&2
set +e
"$jam" bench "$url" --peers "$peers" --rate "$rate" --duration "$duration" --size 64 --no-warmup --json \
  --server-pid "$serve_pid" -q >"$work/bench.json"
bench_exit=$?
set -e
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=

cat "$work/samples.csv"
cat "$work/bench.json"
awk -F, 'NR > 1 && $2 != "" { n++; t[n] = $1; r[n] = $2; h[n] = $3 }
  END {
    k = int(n / 5); if (k < 1) k = 1
    for (i = 1; i <= k; i++) { r1 += r[i]; h1 += h[i] }
    for (i = n - k + 1; i <= n; i++) { r2 += r[i]; h2 += h[i] }
    for (i = 1; i <= n; i++) { if (r[i] > rmax) rmax = r[i]; if (h[i] > hmax) hmax = h[i] }
    printf "soak: %d samples over %d s; RSS first fifth %.0f MiB, last fifth %.0f MiB, max %.0f MiB;", n, t[n], r1 / k / 1024, r2 / k / 1024, rmax / 1024
    printf " heap used first fifth %.0f MiB, last fifth %.0f MiB, max %.0f MiB\n", h1 / k / 1024, h2 / k / 1024, hmax / 1024
  }' "$work/samples.csv"
jq -r '"soak: \(.messages) messages sent, \(.delivered) of \(.expected) deliveries, \(.lost) lost, out of order \(.out_of_order)"' "$work/bench.json" 2>/dev/null || true
exit "$bench_exit"
