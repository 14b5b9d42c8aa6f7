/**
 * Entry point of the awsdp language server (dist/server.js, bin awsdp-language-server).
 * Speaks LSP over --stdio (the default), --node-ipc, --socket=<port> or --pipe=<name>.
 */
import { existsSync } from 'node:fs';
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { redactSecrets } from '../engine/index';
import { FramingGuard } from './framing';
import { startServer } from './server';

const TRANSPORT = /^--(stdio|node-ipc|socket|pipe)(=|$)/;
if (!process.argv.some((a) => TRANSPORT.test(a))) process.argv.push('--stdio');

const connection = createLspConnection();
redirectConsole(connection);

// Logged with credential-shaped text masked: an exception message may quote a file.
process.on('uncaughtException', (e) => connection.console.error(redactSecrets(`awsdp: uncaught exception: ${e?.stack ?? e}`)));
process.on('unhandledRejection', (e) => connection.console.error(redactSecrets(`awsdp: unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`)));

// In the bundle the wasm files sit next to this file; run from sources, the engine finds them itself.
const wasmDir = existsSync(`${__dirname}/tree-sitter-terraform.wasm`) ? __dirname : undefined;
startServer(connection, { wasmDir });

/**
 * On --stdio the framing is checked (framing.ts): at the first malformed header the server says why
 * on stderr and exits with status 1, so that the client restarts it (it would otherwise wait for
 * ever on a broken stream). Other transports are vscode-languageserver's own.
 */
function createLspConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const input = process.stdin.pipe(
    new FramingGuard((reason) => {
      process.stderr.write(`awsdp: JSON-RPC framing error on stdin (${reason}); exiting so that the client restarts the server\n`);
      process.exit(1);
    }),
  );
  return createConnection(ProposedFeatures.all, input, process.stdout);
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
