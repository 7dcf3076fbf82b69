#!/usr/bin/env bash
# A cluster over NATS against one relay, side by side: the same broadcast (jam bench) with its sender
# and receivers on one relay ("single"), and with its sender on relay A and its receivers on relay B,
# both `jam serve --cluster` over one nats-server ("cluster"). Cases interleaved, single then cluster,
# everything started fresh per run on free loopback ports and warmed with 3 s of the case itself.
# CPU: every process that relays, from /proc (--server-pid, repeated: A, B, nats-server in that order).
# Before each measured run it waits while the 1-minute load average is above $MAX_LOAD (default 1.5;
# at most $LOAD_WAIT seconds, default 900) and records the load average it started at.
# Prints one JSON line per run to stdout and appends it to $RESULTS; see docs/performance.md,
# "A cluster over NATS"; bench/cluster.py FILE summarizes per pair.
#
#   bench/cluster.sh [PAIRS]                       (default 3)
#   CASES='rate-64B-n100-1000hz' bench/cluster.sh 5 only the cases named
# Needs: nats-server (Debian's), python3, target/jam.jar built (bin/jam builds it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
jam_home=$(cd "$here/.." && pwd)
pairs=${1:-3}
RESULTS=${RESULTS:-$here/results/cluster-$(date -u +%Y%m%d).jsonl}
MAX_LOAD=${MAX_LOAD:-1.5}
LOAD_WAIT=${LOAD_WAIT:-900}
NATS=${NATS:-nats-server}
command -v "$NATS" > /dev/null || { echo "cluster.sh: $NATS not found (apt-get install nats-server)" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
logs=$(mktemp -d)
pids=()
trap 'stop_all; rm -rf "$logs"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
await_line() { # file text
  for _ in $(seq 1 150); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}
relay() { # port [nats-url] -> sets PID
  local log=$logs/relay-$1.log
  if [ -n "${2:-}" ]; then
    setsid "$jam_home/bin/jam" serve --host 127.0.0.1 --port "$1" --cluster "$2" > /dev/null 2> "$log" &
  else
    setsid "$jam_home/bin/jam" serve --host 127.0.0.1 --port "$1" > /dev/null 2> "$log" &
  fi
  PID=$!
  pids+=("$PID")
  await_port "$1" || return 1
  if [ -n "${2:-}" ]; then await_line "$log" 'cluster: relay ' || return 1; fi
}
nats() { # port -> sets PID
  setsid "$NATS" -a 127.0.0.1 -p "$1" > "$logs/nats-$1.log" 2>&1 &
  PID=$!
  pids+=("$PID")
  await_port "$1"
}
stop_all() {
  local p
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2> /dev/null || kill "$p" 2> /dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
  pids=()
}
await_quiet() {
  local waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    python3 -c "import sys; sys.exit(0 if $load <= $MAX_LOAD else 1)" && return 0
    [ "$waited" -ge "$LOAD_WAIT" ] && { echo "cluster.sh: load $load after ${waited} s of waiting; measuring anyway" >&2; return 0; }
    [ "$waited" = 0 ] && echo "cluster.sh: load $load > $MAX_LOAD, waiting" >&2
    sleep 15
    waited=$((waited + 15))
  done
}

run() { # setup name rep jam-bench-args...
  local setup=$1 name=$2 rep=$3; shift 3
  local url sender=() server=() roles
  if [ "$setup" = single ]; then
    local p; p=$(free_port)
    relay "$p" || { echo "cluster.sh: the relay did not start" >&2; stop_all; return 0; }
    url=ws://127.0.0.1:$p/ server=(--server-pid "$PID") roles='["relay"]'
  else
    local n a b pa pb pn
    n=$(free_port); nats "$n" || { echo "cluster.sh: nats-server did not start" >&2; stop_all; return 0; }
    pn=$PID
    a=$(free_port); relay "$a" "nats://127.0.0.1:$n" || { echo "cluster.sh: relay A did not start" >&2; stop_all; return 0; }
    pa=$PID
    b=$(free_port); relay "$b" "nats://127.0.0.1:$n" || { echo "cluster.sh: relay B did not start" >&2; stop_all; return 0; }
    pb=$PID
    url=ws://127.0.0.1:$b/ sender=(--sender-url "ws://127.0.0.1:$a/")
    server=(--server-pid "$pa" --server-pid "$pb" --server-pid "$pn") roles='["A","B","nats"]'
  fi
  "$jam_home/bin/jam" bench -q --json "$url" "${sender[@]}" "$@" --duration 3s > /dev/null 2>&1 # warm-up
  # jam holds a peer's end of stream up to 1 s for its close frame: let the warm-up's peers go
  sleep 1.5
  await_quiet
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  "$jam_home/bin/jam" bench -q --json "$url" "${sender[@]}" "${server[@]}" "$@" 2> "$logs/bench.err" | tail -1 \
    | python3 -c 'import json, sys
r = json.loads(sys.stdin.read())
setup, name, rep, load, roles = sys.argv[1:6]
after = open("/proc/loadavg").read().split()[:3]
head = {"case": name, "setup": setup, "pair": int(rep), "roles": json.loads(roles),
        "load_before": [float(x) for x in load.split()], "load_after": [float(x) for x in after]}
print(json.dumps({**head, **r}))' "$setup" "$name" "$rep" "$load" "$roles" \
    | tee -a "$RESULTS" || cat "$logs/bench.err" >&2
  stop_all
  sleep 1
}

run_case() { # name rep jam-bench-args...
  local name=$1 rep=$2; shift 2
  case " ${CASES:-$name} " in *" $name "*) ;; *) return 0 ;; esac
  run single "$name" "$rep" "$@"
  run cluster "$name" "$rep" "$@"
}

for rep in $(seq 1 "$pairs"); do
  run_case rate-64B-n100-200hz  "$rep" --peers 100  --size 64 --rate 200  --duration 10s
  run_case rate-64B-n100-500hz  "$rep" --peers 100  --size 64 --rate 500  --duration 10s
  run_case rate-64B-n100-1000hz "$rep" --peers 100  --size 64 --rate 1000 --duration 10s
  run_case rate-64B-n1000-50hz  "$rep" --peers 1000 --size 64 --rate 50   --duration 10s
done
echo "cluster.sh: results in $RESULTS; bench/cluster.py $RESULTS" >&2
