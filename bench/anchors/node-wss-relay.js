#!/usr/bin/env node
// The tutorials' Node relay (../shared/bench/anchors/node-ws-relay.js), unchanged, behind Node's https
// server instead of its http one: what a user of that relay would run for wss://. TLS_CERT and TLS_KEY
// name PEM files; SHARED_BENCH the harness folder (default ../../../shared/bench from here).
//
//   TLS_CERT=cert.pem TLS_KEY=key.pem node bench/anchors/node-wss-relay.js PORT
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');

const options = { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) };
http.createServer = (handler) => https.createServer(options, handler);
const shared = process.env.SHARED_BENCH || path.join(__dirname, '..', '..', '..', 'shared', 'bench');
require(path.resolve(shared, 'anchors', 'node-ws-relay.js'));
