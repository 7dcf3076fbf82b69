// Drives pages of a running `jam serve` in Debian's headless Chromium (playwright-core, never a
// downloaded browser), for BrowserIT. Prints one JSON line: what each page did and saw.
//
//   node pages.mjs builtin PAGE_URL OUT_DIR     three pages of jam's own page (screenshots to OUT_DIR)
//   node pages.mjs tutorial PAGE_URL            three pages of the second tutorial's client (--static)
//
// What a page plays is observed from outside the page: an init script wraps the Web Audio methods that
// start a sound (AudioBufferSourceNode.start, OscillatorNode.start) and records each call, before any of
// the page's own code runs. Nothing in the page knows about the test.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [mode, pageUrl, outDir] = process.argv.slice(2);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const WAIT = 15_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
  ],
});

function recordAudio() {
  window.__played = [];
  const wrap = (proto, kind) => {
    const start = proto.start;
    proto.start = function (when = 0, ...rest) {
      window.__played.push({
        kind,
        when,
        now: this.context.currentTime,
        duration: kind === 'buffer' && this.buffer ? this.buffer.duration : null,
        hz: kind === 'osc' ? this.frequency.value : null,
      });
      return start.call(this, when, ...rest);
    };
  };
  wrap(AudioBufferSourceNode.prototype, 'buffer');
  wrap(OscillatorNode.prototype, 'osc');
}

const errors = [];
async function open(name, { width = 1000, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addInitScript(recordAudio);
  await context.route('https://unpkg.com/**', (route) => {
    const url = route.request().url();
    const file = url.includes('lit-html')
      ? here('./node_modules/lit-html/lit-html.js')
      : url.includes('sc-components') ? here('./stubs/sc-components.js') : null;
    return file
      ? route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(file) })
      : route.fulfill({ status: 404, body: '' });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(pageUrl);
  return page;
}

const played = (page) => page.evaluate(() => window.__played);
const buffersOf = async (page, seconds) =>
  (await played(page)).filter((p) => p.kind === 'buffer' && Math.abs(p.duration - seconds) < 0.01);

async function until(what, cond) {
  const end = Date.now() + WAIT;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

const names = (page) =>
  page.$$eval('#tracks .track-name', (els) => els.map((e) => e.textContent));

async function builtin() {
  const [a, b, c] = [await open('a'), await open('b'), await open('c', { width: 390, height: 844 })];
  for (const p of [a, b, c]) await p.waitForSelector('#status[data-state="open"]', { timeout: WAIT });
  const result = {};

  // the join's hostile track reaches every page as text
  await until('the hostile track in every page', async () =>
    (await Promise.all([a, b, c].map(names))).every((n) => n.some((x) => x.startsWith('<script>'))));
  result.hostile = await c.evaluate(() => ({
    names: [...document.querySelectorAll('#tracks .track-name')].map((e) => e.textContent),
    scripts: document.querySelectorAll('#tracks script, #tracks img').length,
    pwned: window.__pwned === true,
  }));

  // a name given in page a (it reconnects to give it): page b lists it, as text, with the count
  await a.fill('#you', 'ana <b>');
  await a.locator('#you').press('Enter');
  await a.locator('#you').blur();
  await until('ana in b', async () => (await b.textContent('#here')).includes('ana <b>'));
  await a.waitForSelector('#status[data-state="open"]', { timeout: WAIT });
  result.here = { b: await b.textContent('#here'), bold: await b.locator('#here b').count() };

  // a track made in page a: cells, a name, save
  await a.locator('.cell[data-step="0"][data-voice="0"]').click();
  await a.locator('.cell[data-step="2"][data-voice="1"]').click();
  await a.keyboard.press('ArrowRight'); // the keyboard moves in the grid, Space switches a step
  await a.keyboard.press('Space');
  await a.fill('#name', 'made in a');
  await a.click('button[type="submit"]');
  await until('the new track in b and c', async () =>
    (await names(b)).includes('made in a') && (await names(c)).includes('made in a'));
  result.stored = await a.evaluate(() => JSON.parse(localStorage.getItem('tracks')));
  result.tracks = { a: await names(a), b: await names(b), c: await names(c) };

  // a bang clicked in a (named): every page plays the kick (0.45 s buffer), a included, on the
  // relay's echo; the join hears from whom
  await a.click('.pad button[data-sound="kick"]');
  await until('the kick in every page', async () =>
    (await Promise.all([a, b, c].map((p) => buffersOf(p, 0.45)))).every((k) => k.length === 1));
  // and key 5 in c: the bell everywhere
  await c.locator('body').press('5');
  await until('the bell in every page', async () =>
    (await Promise.all([a, b, c].map((p) => buffersOf(p, 1.6)))).every((k) => k.length === 1));
  result.kicks = (await Promise.all([a, b, c].map((p) => buffersOf(p, 0.45)))).map((k) => k.length);
  result.bells = (await Promise.all([a, b, c].map((p) => buffersOf(p, 1.6)))).map((k) => k.length);

  // a bang scheduled 800 ms ahead on the relay's clock (its system clock; this machine's): a page
  // starts it at the context time that maps to that moment, not on arrival
  await until('a clock in b', async () => (await b.textContent('#clock')).startsWith('shared clock'));
  const sent = await a.evaluate(async () => {
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/');
    await new Promise((r) => ws.addEventListener('open', r));
    const at = Date.now() + 800;
    ws.send(JSON.stringify({ type: 'bang', sound: 'snare', at }));
    return at;
  });
  await until('the scheduled snare in b', async () => (await buffersOf(b, 0.3)).length === 1);
  const [snare] = await buffersOf(b, 0.3);
  result.scheduled = { aheadS: snare.when - snare.now, sentAt: sent };

  // play a track: its notes as oscillators, 300 ms apart
  const before = (await played(b)).filter((p) => p.kind === 'osc').length;
  await b.locator('.track', { hasText: 'made in a' }).locator('button.play').click();
  await until('the track in b', async () => (await played(b)).filter((p) => p.kind === 'osc').length >= before + 3);
  const notes = (await played(b)).filter((p) => p.kind === 'osc').slice(before);
  result.notes = notes.map((n) => ({ hz: n.hz, after: Number((n.when - notes[0].when).toFixed(3)) }));

  // a track played together (jam play --together's message) 900 ms ahead, rows 150 ms apart: every
  // page starts its notes ahead, at that moment, not on arrival
  const counts = await Promise.all([a, b, c].map(async (p) => (await played(p)).filter((x) => x.kind === 'osc').length));
  await a.evaluate(async () => {
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/');
    await new Promise((r) => ws.addEventListener('open', r));
    ws.send(JSON.stringify({ type: 'play', at: Date.now() + 900, step_ms: 150, trackname: 'together', data: [[440], [], [660]] }));
  });
  await until('the track together in every page', async () =>
    (await Promise.all([a, b, c].map(async (p, i) => (await played(p)).filter((x) => x.kind === 'osc').length - counts[i]))).every((n) => n >= 2));
  result.together = await Promise.all(
    [a, b, c].map(async (p, i) => {
      const n = (await played(p)).filter((x) => x.kind === 'osc').slice(counts[i]);
      return { hz: n.map((x) => x.hz), aheadS: n[0].when - n[0].now, stepS: Number((n[1].when - n[0].when).toFixed(3)) };
    }),
  );

  if (outDir) {
    await c.screenshot({ path: `${outDir}/page-phone.png`, fullPage: true });
    await a.setViewportSize({ width: 1280, height: 860 });
    await a.screenshot({ path: `${outDir}/page-desktop.png`, fullPage: true });
  }
  return result;
}

async function tutorial() {
  const pages = [await open('x'), await open('y'), await open('z')];
  for (const p of pages) await p.waitForSelector('sc-bang', { timeout: WAIT });
  // main.js adds its message listener after loading the sample: wait for that fetch to be done
  for (const p of pages) {
    await until('the sample loaded', () =>
      p.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('sample.wav'))));
  }
  await new Promise((r) => setTimeout(r, 300)); // decodeAudioData's promise, then the listener
  // The tutorial's client plays on any message, `collect` too: on a slow machine its listener can be
  // in place before the relay's collect arrives. Count from here.
  const buffers = async () =>
    (await Promise.all(pages.map(played))).map((p) => p.filter((x) => x.kind === 'buffer').length);
  const before = await buffers();
  await pages[0].click('sc-bang');
  await until('three sounds', async () => (await buffers()).every((n, i) => n >= before[i] + 1));
  await new Promise((r) => setTimeout(r, 300)); // a second sound anywhere would show here
  return { sounds: (await buffers()).map((n, i) => n - before[i]), before };
}

try {
  const result = mode === 'tutorial' ? await tutorial() : await builtin();
  console.log(JSON.stringify({ ...result, errors }));
} finally {
  await browser.close();
}
