// Clients written the way the two tutorials show (../shared/seeds/), run in Node with its browser-style
// WebSocket, against the relay URL in argv[2]. Prints one JSON line: what each page saw.
//
// Tutorial 1 ("Sharing tracks over WebSockets"): each page keeps tracks in localStorage, answers
// "collect" with them, and renders tracks from incoming messages, never from localStorage.
// Tutorial 2 ("WebSockets 101"): a page sends "trigger-input" and plays a sound on every message.
const url = process.argv[2];
const origin = url.replace(/\/socket$/, '');

function makeLocalStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
}

function trackPage(name, track) {
  const localStorage = makeLocalStorage();
  const rendered = [];
  function _save(track) {
    let tracks = JSON.parse(localStorage.getItem("tracks") || "[]")
    localStorage.setItem("tracks", JSON.stringify([...tracks, track]))
  }
  _save(track);
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.onmessage = function (msg) {
      if (msg.data === "collect") {
        ws.send(localStorage.getItem("tracks") || "[]")
        return
      }
      let tracks
      try { tracks = JSON.parse(msg.data) } catch (e) { return }
      if (!Array.isArray(tracks)) return
      for (const t of tracks) {
        if (!rendered.some((r) => r.trackname === t.trackname)) rendered.push(t)
      }
    }
    ws.onclose = function () {}
    ws.addEventListener('open', () => resolve({ name, ws, rendered }))
  });
}

function bangPage(name) {
  const socket = new WebSocket(origin.replace('http', 'ws') + '/');
  const played = [];
  socket.addEventListener('message', (event) => { played.push(event.data); });
  socket.addEventListener('error', (err) => console.error(err.message));
  return new Promise((resolve) => socket.addEventListener('open', () => resolve({ name, socket, played })));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms = 10000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(20);
}

const a = await trackPage('a', { trackname: 'riff', data: [[440, null, 580, 332]], city: 'London', countryCode: 'gb' });
const b = await trackPage('b', { trackname: 'bass', data: [[110, null, null, 55]], city: 'Paris', countryCode: 'fr' });
await until(() => a.rendered.length === 2 && b.rendered.length === 2);

const x = await bangPage('x');
const y = await bangPage('y');
await until(() => x.played.includes('collect') && y.played.includes('collect')); // each page's own, on joining
x.played.length = 0; y.played.length = 0;
x.socket.send('trigger-input');
await until(() => x.played.includes('trigger-output') && y.played.includes('trigger-output'));

console.log(JSON.stringify({
  a: a.rendered.map((t) => t.trackname).sort(),
  b: b.rendered.map((t) => t.trackname).sort(),
  x: x.played.filter((m) => m.startsWith('trigger')),
  y: y.played.filter((m) => m.startsWith('trigger')),
}));
let closed = 0;
for (const p of [a.ws, b.ws, x.socket, y.socket]) {
  p.addEventListener('close', () => closed++);
  p.close();
}
await until(() => closed === 4); // the close handshakes done, before the process ends
process.exit(0);
