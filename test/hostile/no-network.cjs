// Preloaded (node -r no-network.cjs ...) into a CLI or server process under
// test: every way Node has to reach a network (sockets, DNS, HTTP(S), HTTP/2,
// TLS, UDP, fetch, WebSocket) is replaced by a stub that records the attempt
// in the file named by QIPP_NET_LOG and throws. The offline test asserts the
// file stays empty: nothing in the product asks for the network.
const fs = require('node:fs');

const log = process.env.QIPP_NET_LOG;
function attempt(what) {
  if (log) fs.appendFileSync(log, `${process.pid} ${what}\n`);
  throw new Error(`qipp test: network access attempted (${what})`);
}

const net = require('node:net');
net.Socket.prototype.connect = function connect(...args) {
  const o = args[0];
  return attempt(`net.Socket.connect ${JSON.stringify(typeof o === 'object' && o ? { host: o.host, port: o.port, path: o.path } : args.slice(0, 2))}`);
};
for (const name of ['connect', 'createConnection']) net[name] = (...args) => attempt(`net.${name} ${JSON.stringify(args[0])}`);

const dns = require('node:dns');
for (const name of Object.keys(dns)) {
  if (typeof dns[name] === 'function' && /^(lookup|resolve)/.test(name)) dns[name] = (host) => attempt(`dns.${name} ${host}`);
}
for (const name of Object.keys(dns.promises)) {
  if (typeof dns.promises[name] === 'function' && /^(lookup|resolve)/.test(name)) dns.promises[name] = async (host) => attempt(`dns.promises.${name} ${host}`);
}

for (const mod of ['http', 'https']) {
  const m = require(`node:${mod}`);
  m.request = (url) => attempt(`${mod}.request ${String(url?.href ?? url?.host ?? url)}`);
  m.get = (url) => attempt(`${mod}.get ${String(url?.href ?? url?.host ?? url)}`);
}
require('node:http2').connect = (url) => attempt(`http2.connect ${url}`);
require('node:tls').connect = (...args) => attempt(`tls.connect ${JSON.stringify(args[0])}`);
require('node:dgram').createSocket = (type) => attempt(`dgram.createSocket ${JSON.stringify(type)}`);
if (typeof globalThis.fetch === 'function') globalThis.fetch = async (url) => attempt(`fetch ${url}`);
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = function WebSocket(url) { attempt(`WebSocket ${url}`); };
