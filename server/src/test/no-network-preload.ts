/**
 * Preload for the no-network test (`node --require …/no-network-preload.js`, or NODE_OPTIONS so
 * that worker threads and child processes get it too): every way node has to reach the network
 * — TCP/TLS connections, HTTP(S)/HTTP2 requests, fetch, DNS, UDP, TCP listening — throws, and the
 * attempt is appended to the file named by AWSDP_NET_LOG (one JSON line each).
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const LOG = process.env.AWSDP_NET_LOG;

function blocked(api: string): (...args: unknown[]) => never {
  return (...args: unknown[]) => {
    const line = JSON.stringify({ api, pid: process.pid, thread: isMainThread ? 'main' : 'worker', args: args.map((a) => (typeof a === 'object' ? JSON.stringify(a)?.slice(0, 200) : String(a))), stack: new Error().stack?.split('\n').slice(2, 8) });
    if (LOG) fs.appendFileSync(LOG, `${line}\n`);
    throw new Error(`network access blocked by the no-network test: ${api}`);
  };
}

function patch(moduleName: string, names: string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(moduleName) as Record<string, unknown>;
  for (const n of names) if (typeof m[n] === 'function') m[n] = blocked(`${moduleName}.${n}`);
}

patch('node:net', ['connect', 'createConnection']);
patch('node:tls', ['connect']);
patch('node:http', ['request', 'get']);
patch('node:https', ['request', 'get']);
patch('node:http2', ['connect']);
patch('node:dgram', ['createSocket']);
patch('node:dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dnsPromises = require('node:dns').promises as Record<string, unknown>;
for (const n of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) if (typeof dnsPromises[n] === 'function') dnsPromises[n] = blocked(`dns.promises.${n}`);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = require('node:net') as typeof import('node:net');
net.Socket.prototype.connect = blocked('net.Socket.prototype.connect') as never;
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: import('node:net').Server, ...args: unknown[]) {
  // Listening on a TCP port is reported (a pipe or a file descriptor is local).
  const first = args[0] as { port?: unknown } | number | string | undefined;
  if (typeof first === 'number' || (typeof first === 'object' && first !== null && 'port' in first)) blocked('net.Server.prototype.listen(port)')(...args);
  return listen.apply(this, args as Parameters<typeof listen>);
} as typeof listen;

const g = globalThis as Record<string, unknown>;
for (const n of ['fetch', 'WebSocket', 'EventSource']) if (typeof g[n] === 'function') g[n] = blocked(n);
