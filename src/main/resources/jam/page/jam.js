// jam's peer page: served by `jam serve` from the jar, a peer of the relay it came from.
// - connects to the page's own origin ('/', with ?token= from the page's URL), reconnects with backoff;
// - answers "collect" with the tracks in localStorage "tracks" (the first tutorial's app), renders the
//   session's tracks de-duplicated as `jam join` does (by string "id", else canonical JSON), as text;
// - plays jam's sounds (bang, kick, snare, hat, bell), synthesized as jam.sound.Synth does, on
//   "trigger-output" and on {"type":"bang"} (with "at", on the relay's clock: clock-ping/pong below);
// - a pad sends the bang every peer plays ("from" the name field, when filled); a track plays as
//   `jam play` does (300 ms steps, 0.5 s sines);
// - a step grid makes a track, saved to localStorage and shared at once.
// Network text reaches the document through textContent only. No dependencies, no build step.

const STEP_S = 0.3; // jam.sound.Score.TRACK_STEP
const NOTE_S = 0.5; // Score.TRACK_NOTE
const VOICE_GAIN = 0.12; // SineVoice.GAIN
const SOUNDS = ['bang', 'kick', 'snare', 'hat', 'bell'];
const MAX_AHEAD_MS = 60_000; // a bang further ahead is ignored, as jam join does
const MAX_LATE_MS = 2_000; // a bang later than this is dropped; less late, it plays at once
const GRID_STEPS = 8;
const GRID_PITCHES = [523.25, 392.0, 329.63, 261.63]; // C5 G4 E4 C4: one voice each, top to bottom

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- sound: jam.sound.Synth in Web Audio

let audio = null;
const buffers = new Map();

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each recipe fills a clip of `seconds` at `rate`, as Synth's, then finish() fades its ends and sets its peak.
const RECIPES = {
  bang(rate) {
    const out = new Float32Array(Math.round(0.25 * rate));
    const noise = mulberry32(1);
    let phase = 0;
    for (let k = 0; k < out.length; k++) {
      const t = k / rate;
      phase += (2 * Math.PI * (220 + 440 * Math.exp(-t / 0.012))) / rate;
      const tone = (Math.sin(phase) + 0.35 * Math.sin(2 * phase)) * Math.exp(-t / 0.06);
      const click = (noise() * 2 - 1) * 0.4 * Math.exp(-t / 0.006);
      out[k] = tone + click;
    }
    return finish(out, rate, 0.6);
  },
  kick(rate) {
    const out = new Float32Array(Math.round(0.45 * rate));
    let phase = 0;
    for (let k = 0; k < out.length; k++) {
      const t = k / rate;
      phase += (2 * Math.PI * (45 + 110 * Math.exp(-t / 0.035))) / rate;
      out[k] = Math.sin(phase) * Math.exp(-t / 0.14);
    }
    return finish(out, rate, 0.7);
  },
  snare(rate) {
    const out = new Float32Array(Math.round(0.3 * rate));
    const noise = mulberry32(2);
    let previous = 0;
    for (let k = 0; k < out.length; k++) {
      const t = k / rate;
      const white = noise() * 2 - 1;
      const bright = white - 0.6 * previous;
      previous = white;
      const body = Math.sin(2 * Math.PI * 180 * t) * Math.exp(-t / 0.045);
      out[k] = 0.5 * body + 0.7 * bright * Math.exp(-t / 0.07);
    }
    return finish(out, rate, 0.55);
  },
  hat(rate) {
    const out = new Float32Array(Math.round(0.12 * rate));
    const noise = mulberry32(3);
    let x1 = 0;
    let x2 = 0;
    for (let k = 0; k < out.length; k++) {
      const t = k / rate;
      const x = noise() * 2 - 1;
      const high = x - 2 * x1 + x2;
      x2 = x1;
      x1 = x;
      out[k] = high * Math.exp(-t / 0.02);
    }
    return finish(out, rate, 0.4);
  },
  bell(rate) {
    const ratio = [1, 2.0, 2.76, 5.4, 8.93];
    const level = [1, 0.5, 0.45, 0.25, 0.12];
    const decay = [0.9, 0.6, 0.4, 0.2, 0.1];
    const out = new Float32Array(Math.round(1.6 * rate));
    for (let k = 0; k < out.length; k++) {
      const t = k / rate;
      let sum = 0;
      for (let p = 0; p < ratio.length; p++) {
        sum += level[p] * Math.exp(-t / decay[p]) * Math.sin(2 * Math.PI * 660 * ratio[p] * t);
      }
      out[k] = sum;
    }
    return finish(out, rate, 0.5);
  },
};

function finish(clip, rate, peak) {
  const fadeIn = Math.round(rate / 1000);
  const fadeOut = Math.round(rate / 100);
  for (let k = 0; k < fadeIn; k++) clip[k] *= k / fadeIn;
  for (let k = 0; k < fadeOut; k++) clip[clip.length - 1 - k] *= k / fadeOut;
  let max = 0;
  for (const x of clip) max = Math.max(max, Math.abs(x));
  const scale = peak / max;
  for (let k = 0; k < clip.length; k++) clip[k] *= scale;
  return clip;
}

function ensureAudio() {
  if (audio) return audio;
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return null;
  audio = new Ctx({ latencyHint: 'interactive' });
  audio.addEventListener('statechange', showSoundState);
  showSoundState();
  return audio;
}

function buffer(name) {
  if (!buffers.has(name)) {
    const samples = RECIPES[name](audio.sampleRate);
    const b = audio.createBuffer(1, samples.length, audio.sampleRate);
    b.copyToChannel(samples, 0);
    buffers.set(name, b);
  }
  return buffers.get(name);
}

/** Plays `name` (an unknown or missing one: bang) at context time `when` (0: now). */
function playSound(name, when = 0) {
  const sound = SOUNDS.includes(normalize(name)) ? normalize(name) : 'bang';
  flash(sound);
  if (!ensureAudio()) return;
  const src = audio.createBufferSource();
  src.buffer = buffer(sound);
  src.connect(audio.destination);
  src.start(when);
}

function normalize(name) {
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

/** One sine note of a track as SineVoice plays it: 10 ms attack, 100 ms raised-cosine release. */
function playNote(hz, when, out) {
  const osc = audio.createOscillator();
  osc.frequency.value = hz;
  const gain = audio.createGain();
  gain.gain.setValueAtTime(0, when);
  gain.gain.linearRampToValueAtTime(VOICE_GAIN, when + 0.01);
  gain.gain.setValueAtTime(VOICE_GAIN, when + NOTE_S - 0.1);
  const release = new Float32Array(16).map((_, i) => VOICE_GAIN * (0.5 + 0.5 * Math.cos((Math.PI * i) / 15)));
  gain.gain.setValueCurveAtTime(release, when + NOTE_S - 0.1, 0.1);
  osc.connect(gain).connect(out);
  osc.start(when);
  osc.stop(when + NOTE_S);
  return osc;
}

/** A track's rows as jam.sound.Score plays them: row i at `start + i * stepS`, a note per frequency. */
function playRows(data, start, stepS, out) {
  data.forEach((row, i) => {
    if (!Array.isArray(row)) return;
    for (const hz of row) {
      if (typeof hz === 'number' && hz > 0 && hz < audio.sampleRate / 2) playNote(hz, start + i * stepS, out);
    }
  });
}

function showSoundState() {
  const off = !audio || audio.state !== 'running';
  $('sound').hidden = !off;
}

// Browsers start audio only after a gesture: the first click or key anywhere resumes it.
for (const type of ['pointerdown', 'keydown']) {
  window.addEventListener(
    type,
    () => {
      if (ensureAudio() && audio.state !== 'running') audio.resume().then(showSoundState, () => {});
    },
    { capture: true },
  );
}

// ---------------------------------------------------------------- the relay's clock (docs/protocol.md)

const clock = { offset: null, samples: [], n: 0, sent: new Map(), working: true, timer: null };
const localNow = () => performance.timeOrigin + performance.now();

function ping() {
  if (!socket || socket.readyState !== WebSocket.OPEN || !clock.working) return;
  const n = ++clock.n;
  const t0 = Number(localNow().toFixed(3));
  clock.sent.set(n, t0);
  socket.send(`{"type":"clock-ping","n":${n},"t0":${t0}}`);
  setTimeout(() => {
    if (clock.sent.has(n) && clock.offset === null && clock.working) noClock('no answer within a second');
    clock.sent.delete(n);
  }, 1000);
}

function pong(m, t3) {
  const t0 = clock.sent.get(m.n);
  if (t0 === undefined || t0 !== m.t0) return; // not ours
  clock.sent.delete(m.n);
  // a relay that answers pings is a jam relay: only then say hello (a tutorial's would broadcast it)
  if (!who.greeted) hello();
  const delay = t3 - t0 - (m.t2 - m.t1);
  const offset = (m.t1 - t0 + (m.t2 - t3)) / 2;
  clock.samples.push({ delay, offset });
  if (clock.samples.length > 32) clock.samples.shift();
  // the minimum-delay pong of the latest ones: the least queueing, the best estimate
  clock.offset = clock.samples.reduce((a, b) => (b.delay < a.delay ? b : a)).offset;
  showClock();
}

// ---------------------------------------------------------------- who is here

const who = { greeted: false, peers: new Map(), count: 0, you: null };

/** The name in the page's name field, as a hello gives it (1 to 32 characters), or ''. */
const myName = () => $('you').value.trim().slice(0, 32);

function hello() {
  who.greeted = true;
  const name = myName();
  socket.send(JSON.stringify(name ? { type: 'hello', name } : { type: 'hello' }));
}

function showWho() {
  const names = [...who.peers.entries()]
    .filter(([id, name]) => id !== who.you && name)
    .map(([, name]) => printable(name));
  const others = Math.max(0, who.count - 1);
  $('here').textContent =
    who.count === 0
      ? ''
      : `${who.count} here` +
        (others === 0 ? ': just you' : names.length ? `: you, ${names.join(', ')}` + (others > names.length ? ` and ${others - names.length} more` : '') : '');
}

function presenceMessage(m) {
  if (m.type === 'presence' && Array.isArray(m.peers)) {
    who.peers = new Map(
      m.peers.filter((p) => p && typeof p.id === 'string').map((p) => [p.id, typeof p.name === 'string' ? p.name : null]),
    );
    who.you = typeof m.you === 'string' ? m.you : null;
  } else if (typeof m.id === 'string') {
    const name = typeof m.name === 'string' ? m.name : null;
    if (m.type === 'joined') who.peers.set(m.id, name);
    else who.peers.delete(m.id);
    note(`${name ? printable(name) : 'a peer'} ${m.type} (${m.count} here)`);
  }
  if (Number.isInteger(m.count)) who.count = m.count;
  showWho();
}

function noClock(why) {
  clock.working = false;
  clock.offset = 0;
  clearInterval(clock.timer);
  $('clock').textContent = `this device's clock (${why})`;
}

function startClock() {
  who.greeted = false;
  clock.samples = [];
  clock.sent.clear();
  clock.working = true;
  clock.offset = null;
  clearInterval(clock.timer);
  for (let i = 0; i < 20; i++) setTimeout(ping, i * 50);
  clock.timer = setInterval(ping, 1000);
}

function showClock() {
  const best = clock.samples.reduce((a, b) => (b.delay < a.delay ? b : a));
  $('clock').textContent = `shared clock, ±${Math.max(0.1, best.delay / 2).toFixed(1)} ms`;
}

const relayNow = () => localNow() + (clock.offset ?? 0);

/** The AudioContext time at which the relay's clock reads `relayMs`. */
function contextTimeAt(relayMs) {
  const ts = audio.getOutputTimestamp ? audio.getOutputTimestamp() : null;
  const localMs = relayMs - (clock.offset ?? 0);
  if (ts && ts.performanceTime > 0) {
    return ts.contextTime + (localMs - (performance.timeOrigin + ts.performanceTime)) / 1000;
  }
  return audio.currentTime + (localMs - localNow()) / 1000;
}

function bang(sound, at) {
  if (typeof at !== 'number') return playSound(sound);
  const ahead = at - relayNow();
  if (ahead > MAX_AHEAD_MS) return note(`ignored a bang ${Math.round(ahead / 1000)} s ahead`);
  if (ahead < -MAX_LATE_MS) return note('dropped a bang that came more than 2 s late');
  if (!ensureAudio() || ahead <= 0) return playSound(sound);
  setTimeout(() => flash(normalize(sound)), ahead);
  const src = audio.createBufferSource();
  src.buffer = buffer(SOUNDS.includes(normalize(sound)) ? normalize(sound) : 'bang');
  src.connect(audio.destination);
  src.start(Math.max(audio.currentTime, contextTimeAt(at)));
}

/**
 * {"type":"play"} (jam play --together): the track's rows `step_ms` apart, its first at `at` on the
 * relay's clock, as jam join plays it; bounds as for bangs.
 */
function playTogether(msg) {
  if (!Array.isArray(msg.data) || typeof msg.at !== 'number' || typeof msg.step_ms !== 'number') return;
  if (!(msg.step_ms >= 10 && msg.step_ms <= 10_000)) return;
  const ahead = msg.at - relayNow();
  if (ahead > MAX_AHEAD_MS) return note(`ignored a track ${Math.round(ahead / 1000)} s ahead`);
  if (ahead < -MAX_LATE_MS) return note('dropped a track that came more than 2 s late');
  if (!ensureAudio()) return;
  const out = audio.createGain();
  out.connect(audio.destination);
  playRows(msg.data, Math.max(audio.currentTime, contextTimeAt(msg.at)), msg.step_ms / 1000, out);
  const name = typeof msg.trackname === 'string' ? msg.trackname : '(no name)';
  note(`playing ${printable(name)} together`);
}

// ---------------------------------------------------------------- tracks

const tracks = []; // the session's, in arrival order, each once
const seen = new Set();

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort(); // UTF-16 code units, as jam sorts
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v); // numbers by value: 440, 4.4e2 and 440.0 are one
}

const identity = (t) => (typeof t.id === 'string' ? `id:${t.id}` : `json:${canonical(t)}`);

function addTracks(list) {
  let added = false;
  for (const t of list) {
    const key = identity(t);
    if (seen.has(key)) continue;
    seen.add(key);
    tracks.push(t);
    added = true;
  }
  if (added) renderTracks();
}

/** The tracks in a message, in the three shapes jam.track.Payload accepts; [] for anything else. */
function tracksIn(value) {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const one = (item) => {
    if (isObject(item)) return [item];
    if (typeof item === 'string') {
      try {
        const parsed = JSON.parse(item);
        return isObject(parsed) ? [parsed] : [];
      } catch {
        return [];
      }
    }
    return [];
  };
  if (Array.isArray(value)) return value.flatMap(one);
  if (isObject(value)) return Object.values(value).filter(isObject);
  return [];
}

/** A name for people: control characters, bidi overrides and separators shown as escapes (jam.text.Printable). */
function printable(s) {
  const named = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e', '\x07': '\\a', '\b': '\\b' };
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) =>
    named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const nameOf = (t) => (typeof t.trackname === 'string' && t.trackname.trim() ? printable(t.trackname) : '(no name)');
const stepsOf = (t) => (Array.isArray(t.data) ? t.data.length : 0);

const playing = new Map(); // track key -> { out, timer }

function renderTracks() {
  const list = $('tracks');
  list.replaceChildren();
  for (const t of tracks) {
    const key = identity(t);
    const li = document.createElement('li');
    li.className = 'track';
    const name = document.createElement('span');
    name.className = 'track-name';
    name.textContent = nameOf(t);
    const meta = document.createElement('span');
    meta.className = 'track-meta';
    const steps = stepsOf(t);
    const where = [t.city, t.countryCode].filter((x) => typeof x === 'string' && x).map(printable).join(', ');
    meta.textContent = `${steps} ${steps === 1 ? 'step' : 'steps'}${where ? ` · ${where}` : ''}${mine(t) ? ' · yours' : ''}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'play';
    const on = playing.has(key);
    button.textContent = on ? '■ Stop' : '▶ Play';
    button.setAttribute('aria-pressed', String(on));
    button.setAttribute('aria-label', `${on ? 'Stop' : 'Play'} ${nameOf(t)}`);
    button.disabled = steps === 0;
    button.addEventListener('click', () => (playing.has(key) ? stopTrack(key) : playTrack(t)));
    const text = document.createElement('div');
    text.className = 'track-text';
    text.append(name, meta);
    li.append(text, button);
    list.append(li);
  }
  $('track-count').textContent = tracks.length ? String(tracks.length) : '';
  $('no-tracks').hidden = tracks.length > 0;
}

function playTrack(t) {
  if (!ensureAudio()) return;
  const key = identity(t);
  stopTrack(key, false);
  const out = audio.createGain();
  out.connect(audio.destination);
  playRows(t.data, audio.currentTime + 0.05, STEP_S, out);
  const ms = ((t.data.length - 1) * STEP_S + NOTE_S) * 1000 + 100;
  playing.set(key, { out, timer: setTimeout(() => stopTrack(key), ms) });
  renderTracks();
}

function stopTrack(key, render = true) {
  const p = playing.get(key);
  if (!p) return;
  clearTimeout(p.timer);
  p.out.disconnect(); // silences every note still to come
  playing.delete(key);
  if (render) renderTracks();
}

// localStorage "tracks", exactly as the first tutorial's app keeps it
function storedTracks() {
  try {
    const v = JSON.parse(localStorage.getItem('tracks') || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function _save(track) {
  let tracks = JSON.parse(localStorage.getItem('tracks') || '[]');
  localStorage.setItem('tracks', JSON.stringify([...tracks, track]));
}

const mine = (t) => storedTracks().some((s) => identity(s) === identity(t));

function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context; LANs are http
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------- the connection

let socket = null;
let retry = 0;
let everOpen = false;

/** The room from ?room= (the relay's rule: 1 to 64 of A-Z a-z 0-9 . _ -), or '' for the default. */
function roomName() {
  const room = new URLSearchParams(location.search).get('room') || '';
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(room) ? room : '';
}

function relayUrl() {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/${roomName()}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function state(text, kind) {
  $('state').textContent = text;
  $('status').dataset.state = kind;
}

function connect() {
  state(everOpen ? 'reconnecting…' : 'connecting…', 'connecting');
  const ws = new WebSocket(relayUrl());
  socket = ws;
  ws.addEventListener('open', () => {
    everOpen = true;
    retry = 0;
    state('connected', 'open');
    startClock();
  });
  ws.addEventListener('message', (event) => received(event.data, localNow()));
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    clearInterval(clock.timer);
    who.count = 0;
    who.peers.clear();
    showWho();
    const wait = Math.min(8000, 500 * 2 ** retry++);
    state(`disconnected; trying again in ${Math.round(wait / 1000) || 1} s`, 'closed');
    setTimeout(connect, wait);
  });
}

function send(text) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(text);
    return true;
  }
  note('not connected: nothing was sent');
  return false;
}

function received(data, t3) {
  if (typeof data !== 'string') return;
  if (data === 'collect') {
    send(localStorage.getItem('tracks') || '[]');
    return;
  }
  if (data === 'trigger-output') {
    playSound('bang');
    return;
  }
  let value;
  try {
    value = JSON.parse(data);
  } catch {
    return; // not JSON: not for this page
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.type === 'string') {
    if (value.type === 'bang') {
      if (value.at !== undefined && typeof value.at !== 'number') return;
      bang(value.sound, value.at);
    } else if (value.type === 'play') {
      playTogether(value);
    } else if (['presence', 'joined', 'left'].includes(value.type)) {
      presenceMessage(value);
    } else if (value.type === 'clock-pong') {
      pong(value, t3);
    } else if (value.type === 'clock-ping' && clock.sent.has(value.n)) {
      noClock('the relay echoes pings');
    }
    return;
  }
  addTracks(tracksIn(value));
}

// ---------------------------------------------------------------- the page

let noteTimer = null;
function note(text) {
  $('note').textContent = text;
  clearTimeout(noteTimer);
  noteTimer = setTimeout(() => ($('note').textContent = ''), 4000);
}

function flash(sound) {
  const b = document.querySelector(`.pad button[data-sound="${sound}"]`);
  if (!b) return;
  b.classList.remove('hit');
  void b.offsetWidth; // restart the animation
  b.classList.add('hit');
}

function buildPad() {
  const pad = $('pad');
  SOUNDS.forEach((sound, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.sound = sound;
    b.className = `sound-${sound}`;
    const label = document.createElement('span');
    label.textContent = sound;
    const key = document.createElement('kbd');
    key.textContent = String(i + 1);
    b.append(label, key);
    b.setAttribute('aria-label', `${sound}, for everyone (key ${i + 1})`);
    // "from": who banged, for the others' OSC and consoles (the tutorials' clients ignore it)
    b.addEventListener('click', () => {
      const from = myName();
      send(JSON.stringify(from ? { type: 'bang', sound, from } : { type: 'bang', sound }));
    });
    pad.append(b);
  });
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
    const i = Number(e.key) - 1;
    if (Number.isInteger(i) && i >= 0 && i < SOUNDS.length) {
      e.preventDefault();
      pad.children[i].click();
    }
  });
}

const grid = []; // grid[step][voice]: on or off

function buildGrid() {
  const el = $('grid');
  el.style.setProperty('--steps', String(GRID_STEPS));
  for (let s = 0; s < GRID_STEPS; s++) grid.push(GRID_PITCHES.map(() => false));
  GRID_PITCHES.forEach((hz, v) => {
    for (let s = 0; s < GRID_STEPS; s++) {
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'cell';
      cell.dataset.step = String(s);
      cell.dataset.voice = String(v);
      cell.tabIndex = s === 0 && v === 0 ? 0 : -1;
      cell.setAttribute('aria-pressed', 'false');
      cell.setAttribute('aria-label', `step ${s + 1}, ${Math.round(hz)} Hz`);
      cell.addEventListener('click', () => {
        grid[s][v] = !grid[s][v];
        cell.setAttribute('aria-pressed', String(grid[s][v]));
        if (grid[s][v] && ensureAudio()) playNote(hz, audio.currentTime, audio.destination);
      });
      el.append(cell);
    }
  });
  // arrow keys move between cells; Tab leaves the grid
  el.addEventListener('keydown', (e) => {
    const cell = e.target.closest('.cell');
    const move = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!cell || !move) return;
    e.preventDefault();
    const s = (Number(cell.dataset.step) + move[0] + GRID_STEPS) % GRID_STEPS;
    const v = (Number(cell.dataset.voice) + move[1] + GRID_PITCHES.length) % GRID_PITCHES.length;
    const next = el.querySelector(`.cell[data-step="${s}"][data-voice="${v}"]`);
    cell.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}

function gridTrack(name) {
  return {
    trackname: name,
    data: grid.map((voices) => voices.map((on, v) => (on ? GRID_PITCHES[v] : null))),
    id: newId(),
  };
}

function clearGrid() {
  for (const cell of $('grid').children) cell.setAttribute('aria-pressed', 'false');
  grid.forEach((voices) => voices.fill(false));
}

function buildMaker() {
  $('preview').addEventListener('click', () => {
    if (playing.has('id:preview')) return stopTrack('id:preview');
    playTrack({ ...gridTrack('preview'), id: 'preview' });
  });
  $('maker').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('name').value.trim();
    if (!name) return $('name').focus();
    if (!grid.some((voices) => voices.some(Boolean))) return note('switch on a step or two first');
    const track = gridTrack(name);
    _save(track);
    send(localStorage.getItem('tracks') || '[]'); // shared now, not at the next collect
    $('name').value = '';
    clearGrid();
    note(`saved “${printable(name)}” and shared it`);
  });
}

/** Your name, kept in localStorage "jam-name"; the relay takes it once a connection, so a change reconnects. */
function buildWho() {
  $('you').value = localStorage.getItem('jam-name') || '';
  $('you').addEventListener('change', () => {
    localStorage.setItem('jam-name', $('you').value.trim().slice(0, 32));
    if (socket && socket.readyState === WebSocket.OPEN && who.greeted) socket.close(1000, 'new name');
  });
}

function start() {
  if (roomName()) {
    $('room').textContent = roomName();
    document.title = `jam · ${roomName()}`;
  }
  buildWho();
  buildPad();
  buildGrid();
  buildMaker();
  $('sound').addEventListener('click', () => ensureAudio() && audio.resume().then(showSoundState, () => {}));
  // tracks are rendered from the relay's messages, never from localStorage (the first tutorial)
  ensureAudio();
  connect();
}

start();
