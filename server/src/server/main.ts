/**
 * Entry point of the awsdp language server (dist/server.js, bin awsdp-language-server).
 * Speaks LSP over --stdio (the default), --node-ipc, --socket=<port> or --pipe=<name>.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { redactSecrets } from '../engine/index';
import { FramingGuard, transportOf } from './framing';
import { startServer } from './server';

const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=|$)/;
if (!process.argv.some((a) => TRANSPORT.test(a))) process.argv.push('--stdio');

const connection = createLspConnection();
redirectConsole(connection);

// Logged with credential-shaped text masked: an exception message may quote a file.
process.on('uncaughtException', (e) => {
  // --node-ipc: Node's IPC channel throws here when a line it read is not JSON, and drops the rest of
  // what it read with it (messages lost without an answer). That is this transport's framing error:
  // exit with status 1 so that the client restarts the server, as on the other transports.
  if (isIpcChannelError(e)) {
    process.stderr.write(`awsdp: JSON-RPC framing error on the IPC channel (${e instanceof SyntaxError ? 'a message that is not JSON' : 'an unreadable message'}); exiting so that the client restarts the server\n`);
    process.exit(1);
  }
  connection.console.error(redactSecrets(`awsdp: uncaught exception: ${e?.stack ?? e}`));
});
process.on('unhandledRejection', (e) => connection.console.error(redactSecrets(`awsdp: unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`)));

// In the bundle the wasm files sit next to this file; run from sources, the engine finds them itself.
const wasmDir = existsSync(`${__dirname}/tree-sitter-terraform.wasm`) ? __dirname : undefined;
startServer(connection, { wasmDir, version: packageVersion(), transport: process.argv.find((a) => TRANSPORT.test(a))?.replace(/^--/, '').replace(/=.*/, '') });

/** The version of the package this server belongs to (dist/../package.json), for the first log line. */
function packageVersion(): string | undefined {
  for (const p of [`${__dirname}/../package.json`, `${__dirname}/../../../package.json`]) {
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'aws-data-protection') return pkg.version;
    } catch {
      // not there
    }
  }
  return undefined;
}

/**
 * On --stdio, --socket and --pipe (a byte stream framed by Content-Length headers) the framing is
 * checked (framing.ts): at the first malformed header the server says why on stderr and exits with
 * status 1, so that the client restarts it (it would otherwise wait for ever on a broken stream).
 * --node-ipc has no headers: Node's IPC channel carries one JSON value per line, and a line that is
 * not JSON makes it throw (see the uncaughtException handler above: the server exits with status 1).
 */
function createLspConnection(): Connection {
  const t = transportOf(process.argv.slice(2));
  if (t.kind === 'node-ipc') return createConnection(ProposedFeatures.all);
  const guarded = (input: NodeJS.ReadableStream, where: string) =>
    input.pipe(
      new FramingGuard((reason) => {
        process.stderr.write(`awsdp: JSON-RPC framing error on ${where} (${reason}); exiting so that the client restarts the server\n`);
        process.exit(1);
      }),
    );
  if (t.kind === 'stdio') return createConnection(ProposedFeatures.all, guarded(process.stdin, 'stdin'), process.stdout);
  // As vscode-languageserver does for these options: the client listens, the server connects.
  const socket = t.kind === 'socket' ? netConnect(t.port, '127.0.0.1') : netConnect(t.pipe);
  const where = t.kind === 'socket' ? `socket port ${t.port}` : 'the pipe';
  socket.on('error', (e) => {
    process.stderr.write(`awsdp: cannot use ${where}: ${e.message}\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, guarded(socket, where), socket);
}

/** An exception thrown by Node's IPC channel while reading what the client sent (--node-ipc). */
function isIpcChannelError(e: unknown): boolean {
  return transportOf(process.argv.slice(2)).kind === 'node-ipc' && e instanceof Error && /\(node:internal\/child_process/.test(e.stack ?? '');
}

/** Stray console output must never reach stdout (it would corrupt the --stdio stream). */
function redirectConsole(c: Connection): void {
  console.log = (...args: unknown[]) => c.console.log(format(...args));
  console.info = (...args: unknown[]) => c.console.info(format(...args));
  console.warn = (...args: unknown[]) => c.console.warn(format(...args));
  console.error = (...args: unknown[]) => c.console.error(format(...args));
  console.debug = (...args: unknown[]) => c.console.log(format(...args));
  console.trace = (...args: unknown[]) => c.console.log(format(...args));
}
