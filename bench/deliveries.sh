#!/usr/bin/env bash
# Every delivery of one fixed-rate case, for looking inside a p99: a copy of ../shared/bench/loadgen.js,
# patched on the fly to log each delivery (sequence number, receiver, receive and send time in us),
# runs the case against a fresh relay, warmed as compare.sh warms it; bench/deliveries.py reads the log.
#
#   bench/deliveries.sh RELAY OUT [loadgen options]     RELAY: jam, node, or another checkout's folder
#   bench/deliveries.sh jam /tmp/j --peers 1000 --payload 64 --rate 50 --duration 5   (the default case)
#   python3 bench/deliveries.py /tmp/j.txt /tmp/n.txt     first delivery, spread, last delivery per message
# Writes OUT.txt (the deliveries) and OUT.json (loadgen's result line). Needs what compare.sh needs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jam_home=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$jam_home/../shared/bench}
relay=$1 out=$2
shift 2
[ $# -gt 0 ] || set -- --peers 1000 --payload 64 --rate 50 --duration 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$shared/loadgen.js" "$tmp/loadgen.js" <<'PY'
import sys
src = open(sys.argv[1]).read()
hook = "      lastSeq[k] = seq;\n      delivered++; lastDeliveryUs = now;"
emit = "function emit(obj, code) {"
if src.count(hook) != 1 or src.count(emit) != 1:
    sys.exit("deliveries.sh: loadgen.js changed; update the patch in this script")
src = src.replace(hook, "      lastSeq[k] = seq;\n      if (DN < DMAX) { DSEQ[DN] = seq; DR[DN] = r; DNOW[DN] = now; DTS[DN] = ts; DN++; }\n"
                  "      delivered++; lastDeliveryUs = now;")
src = src.replace(emit, """const DMAX = 4000000; let DN = 0;
const DSEQ = new Int32Array(DMAX), DR = new Int32Array(DMAX), DNOW = new Float64Array(DMAX), DTS = new Float64Array(DMAX);
function emit(obj, code) {
  if (process.env.DELIVERIES) { const lines = [];
    for (let i = 0; i < DN; i++) lines.push(DSEQ[i] + ' ' + DR[i] + ' ' + DNOW[i].toFixed(1) + ' ' + DTS[i]);
    require('node:fs').writeFileSync(process.env.DELIVERIES, lines.join('\\n') + '\\n'); }""")
open(sys.argv[2], 'w').write(src)
PY
ln -s "$shared/node_modules" "$tmp/node_modules"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
case $relay in
  node) setsid node "$shared/anchors/node-ws-relay.js" "$port" > /dev/null 2>&1 & ;;
  jam) setsid "$jam_home/bin/jam" serve -q --host 127.0.0.1 --port "$port" > /dev/null 2>&1 & ;;
  *) setsid "$relay/bin/jam" serve -q --host 127.0.0.1 --port "$port" > /dev/null 2>&1 & ;;
esac
pid=$!
trap 'kill -TERM -- "-$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
up=
for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && up=1 && break; sleep 0.1; done
[ -n "$up" ] || { echo "deliveries.sh: $relay did not start within 60 s" >&2; exit 1; }
node "$shared/loadgen.js" --port "$port" --peers 100 --payload 64 --duration 3 --quiet > /dev/null 2>&1 # warm-up
sleep 1.5
DELIVERIES=$out.txt node "$tmp/loadgen.js" --port "$port" --server-pid "$pid" --label "$relay" --quiet "$@" 2> /dev/null \
  | tail -1 > "$out.json"
cat "$out.json"
