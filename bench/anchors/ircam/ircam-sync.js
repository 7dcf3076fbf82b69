// @ircam/sync's SyncServer and SyncClients, as its README shows them, over WebSocket; the clients connect
// through the ports given on stdin (jam's DelayProxy, so both sides see the same delays).
//   node ircam-sync.js [tuned]   prints "PORT n", then reads one line: [{"port":P,"offset":MS},...]
// Each client's clock is the true clock plus its offset; after SETTLE_MS, every 100 ms for MEASURE_MS
// it records each client's error (its estimate of the server's time minus the server's time) and prints
// one JSON line: {"errors":[[...per client...],...]}. "tuned": pings as often as jam does (a series of
// 10 every 0.5 s) instead of the library's default (a series every 10 to 20 s).
const { SyncServer, SyncClient } = require('@ircam/sync');
const WebSocket = require('ws');
const readline = require('readline');

const SETTLE_MS = Number(process.env.SETTLE_MS || 20000);
const MEASURE_MS = Number(process.env.MEASURE_MS || 10000);
const tuned = process.argv[2] === 'tuned';
const trueSeconds = () => (performance.timeOrigin + performance.now()) / 1000;

const syncServer = new SyncServer(trueSeconds);
const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
wss.on('connection', (socket) => {
  const receive = (callback) => socket.on('message', (request) => {
    request = JSON.parse(request);
    if (request[0] === 0) callback(request[1], request[2]);
  });
  const send = (pingId, clientPingTime, serverPingTime, serverPongTime) =>
    socket.send(JSON.stringify([1, pingId, clientPingTime, serverPingTime, serverPongTime]));
  syncServer.start(send, receive);
});
wss.on('listening', () => console.log('PORT ' + wss.address().port));

const rl = readline.createInterface({ input: process.stdin });
rl.once('line', (line) => {
  const peers = JSON.parse(line);
  const clients = peers.map(({ port, offset }) => {
    const local = () => trueSeconds() + offset / 1000;
    const options = tuned ? { pingSeriesDelay: { min: 0.5, max: 0.5 } } : {};
    const client = new SyncClient(local, options);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    socket.on('open', () => {
      const send = (pingId, clientPingTime) => socket.send(JSON.stringify([0, pingId, clientPingTime]));
      const receive = (callback) => socket.on('message', (m) => {
        const r = JSON.parse(m);
        if (r[0] === 1) callback(r[1], r[2], r[3], r[4]);
      });
      client.start(send, receive, () => {});
    });
    return { client, local };
  });
  const errors = [];
  setTimeout(() => {
    const timer = setInterval(() => {
      errors.push(clients.map(({ client, local }) => (client.getSyncTime(local()) - trueSeconds()) * 1000));
    }, 100);
    setTimeout(() => {
      clearInterval(timer);
      console.log(JSON.stringify({ errors }));
      process.exit(0);
    }, MEASURE_MS);
  }, SETTLE_MS);
});
