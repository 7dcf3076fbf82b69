// Node `ws` clients against a wss:// relay, as a browser-style app connects on first contact (a full
// TLS handshake each): SEQ one after another, then BURST at once. A client is registered when it has
// the relay's first `collect`; each waits at most WITHIN_MS for it from its start. All stay open until
// the end. Prints one JSON line: {"sequential":OK,"burst":OK,"slowest_ms":N,"failures":[...]}.
//
//   node wss-clients.js URL CA_PEM SEQ BURST [WITHIN_MS]     (ws from NODE_PATH or ../shared/bench)
'use strict';
const fs = require('node:fs');
const WebSocket = require('ws');

const [url, caFile, seq, burst, within = '5000'] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const WITHIN_MS = Number(within);
const open = [];
const failures = [];
let slowest = 0;

function register(who) {
  return new Promise((resolve) => {
    const start = Date.now();
    const ws = new WebSocket(url, { ca, perMessageDeflate: false });
    open.push(ws);
    const timer = setTimeout(() => done(`not registered within ${WITHIN_MS} ms`), WITHIN_MS);
    let finished = false;
    function done(failure) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (failure) failures.push(`${who}: ${failure}`);
      else slowest = Math.max(slowest, Date.now() - start);
      resolve(!failure);
    }
    ws.on('message', (data) => { if (String(data) === 'collect') done(null); });
    ws.on('error', (e) => done(e.message));
    ws.on('close', (code) => done(`closed (${code})`));
  });
}

(async () => {
  let sequential = 0;
  for (let i = 0; i < Number(seq); i++) {
    if (await register(`sequential client ${i}`)) sequential++;
  }
  const all = [];
  for (let i = 0; i < Number(burst); i++) all.push(register(`burst client ${i}`));
  const burstOk = (await Promise.all(all)).filter(Boolean).length;
  console.log(JSON.stringify({ sequential, burst: burstOk, slowest_ms: slowest, failures: failures.slice(0, 5) }));
  for (const ws of open) ws.terminate();
  process.exit(0);
})();
