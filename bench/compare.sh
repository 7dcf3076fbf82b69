#!/usr/bin/env bash
# Side by side: jam's relay and the tutorials' Node relay, under the same load generator
# (../shared/bench/loadgen.js), case by case, interleaved, each relay started fresh per case.
# Prints one JSON line per run to stdout (and appends it to $RESULTS); see docs/performance.md.
#
#   bench/compare.sh [REPS]          (default 3)
#   CASES='rate-64B-n1000-50hz bcast-64B-n1000' bench/compare.sh 2   only the cases named
#   LOADGEN=jam bench/compare.sh   the same cases through 'jam bench' instead of loadgen.js
#   PIN=1 bench/compare.sh      relay on CPU 1, load generator on CPU 0 (as ../shared/bench/run.sh's PIN=1)
#   WARMUP=case bench/compare.sh   warm each relay with the case itself for 2 s (default: 3 s of
#       broadcast to 100 peers), so that the JIT has adapted to the case before it is measured
#   RELAYS='jam /path/to/other/jam/checkout node' bench/compare.sh    A/B a change: a path runs that
#       checkout's bin/jam, labelled jam@<folder name> (default RELAYS='jam node')
#   TLS=1 bench/compare.sh      over wss://: jam serve --tls-cert/--tls-key, the Node relay behind Node's
#       https server (bench/anchors/node-wss-relay.js), one self-signed certificate for both, and the
#       load generator's ws-package client (--client ws) trusting it; labels get a -wss suffix.
#       CLIENT=ws alone runs the same client over ws://, the figure to set wss:// against.
# Needs: node, npm ci done in ../shared/bench, target/jam.jar built (bin/jam builds it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
jam_home=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$jam_home/../shared/bench}
reps=${1:-3}
RESULTS=${RESULTS:-$here/results/compare-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
[ -d "$shared/node_modules/ws" ] || { echo "compare.sh: run 'npm ci' in $shared first" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

tls_args=() url_scheme=ws client_args=()
if [ "${TLS:-0}" = 1 ]; then
  tls_dir=$(mktemp -d)
  trap 'rm -rf "$tls_dir"' EXIT
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls_dir/key.pem" -out "$tls_dir/cert.pem" -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null \
    || { echo "compare.sh: openssl could not make a certificate" >&2; exit 2; }
  tls_args=(--tls-cert "$tls_dir/cert.pem" --tls-key "$tls_dir/key.pem")
  export NODE_EXTRA_CA_CERTS=$tls_dir/cert.pem TLS_CERT=$tls_dir/cert.pem TLS_KEY=$tls_dir/key.pem SHARED_BENCH=$shared
  url_scheme=wss CLIENT=ws
fi
if [ "$url_scheme" = wss ] && [ "${LOADGEN:-node}" = jam ]; then
  echo "compare.sh: jam bench speaks ws:// only; TLS=1 needs the Node load generator" >&2; exit 2
fi
[ -n "${CLIENT:-}" ] && client_args=(--client "$CLIENT")
suffix=; [ "$url_scheme" = wss ] && suffix=-wss

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
relay_cpu=() loadgen_cpu=()
if [ "${PIN:-0}" = 1 ]; then relay_cpu=(taskset -c 1) loadgen_cpu=(taskset -c 0); fi
label() { case $1 in jam | node) echo "$1$suffix" ;; *) echo "jam@$(basename "$1")$suffix" ;; esac; }
start() { # relay port -> sets PID; relay is node, jam (this checkout) or another checkout's folder
  if [ "$1" = node ]; then
    local anchor=$shared/anchors/node-ws-relay.js
    [ "$url_scheme" = wss ] && anchor=$here/anchors/node-wss-relay.js
    setsid "${relay_cpu[@]}" node "$anchor" "$2" > /dev/null 2>&1 &
  else
    local home=$jam_home
    [ "$1" = jam ] || home=$1
    setsid "${relay_cpu[@]}" "$home/bin/jam" serve -q --host 127.0.0.1 --port "$2" "${tls_args[@]}" > /dev/null 2>&1 &
  fi
  PID=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
stop() { kill -TERM -- "-$PID" 2>/dev/null || kill "$PID"; wait "$PID" 2>/dev/null; }

run_case() { # name loadgen-args...
  local name=$1; shift
  case " ${CASES:-$name} " in *" $name "*) ;; *) return 0 ;; esac
  for relay in ${RELAYS:-jam node}; do
    local port; port=$(free_port)
    start "$relay" "$port" || { echo "compare.sh: $relay did not start" >&2; continue; }
    if [ "${WARMUP:-}" = case ]; then
      node "$shared/loadgen.js" --url "$url_scheme://127.0.0.1:$port/socket" "${client_args[@]}" --quiet "$@" --duration 2 > /dev/null 2>&1 # warm-up
    else
      node "$shared/loadgen.js" --url "$url_scheme://127.0.0.1:$port/socket" "${client_args[@]}" --peers 100 --payload 64 --duration 3 --quiet > /dev/null 2>&1 # warm-up
    fi
    # jam holds a peer's end of stream up to 1 s for its close frame (HeldEndOfStream): let the warm-up's
    # peers go before measuring, so their closing is in neither relay's measured seconds
    sleep 1.5
    if [ "${LOADGEN:-node}" = jam ]; then # the same case through jam bench; --payload is its --size
      local args=() a
      for a in "$@"; do [ "$a" = --payload ] && args+=(--size) || args+=("$a"); done
      "${loadgen_cpu[@]}" "$jam_home/bin/jam" bench --json --no-warmup --server-pid "$PID" "${args[@]}" \
        "ws://127.0.0.1:$port/socket" 2>/dev/null | tail -1 \
        | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
            console.log(JSON.stringify({label:process.argv[1],case:process.argv[2],loadgen:"jam bench",...r}))})' \
          "$(label "$relay")" "$name" | tee -a "$RESULTS"
    else
      "${loadgen_cpu[@]}" node "$shared/loadgen.js" --url "$url_scheme://127.0.0.1:$port/socket" "${client_args[@]}" --server-pid "$PID" --label "$(label "$relay")" --case "$name" --quiet "$@" 2>/dev/null \
        | tail -1 | tee -a "$RESULTS"
    fi
    stop
    sleep 1
  done
}

for rep in $(seq 1 "$reps"); do
  run_case bcast-64B-n100   --peers 100  --payload 64   --duration 6
  run_case bcast-64B-n1000  --peers 1000 --payload 64   --duration 6
  run_case bcast-8KiB-n100  --peers 100  --payload 8192 --duration 6
  run_case bcast-8KiB-n1000 --peers 1000 --payload 8192 --duration 6
  run_case rate-64B-n1000-50hz  --peers 1000 --payload 64 --rate 50  --duration 5
  run_case rate-64B-n100-500hz  --peers 100  --payload 64 --rate 500 --duration 5
done
echo "compare.sh: results in $RESULTS" >&2
