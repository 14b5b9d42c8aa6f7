/**
 * The VS Code client's trace decision and output banner (client/src/trace.ts, no VS Code import):
 * `awsdp.trace.server` turns protocol tracing on by itself (the trace channel reports log level
 * Trace exactly while it is `messages` or `verbose`), and the output channel's first line names
 * version, server, transport, roots and config files. Tested on the compiled client (client/out).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './server-lsp-client';

/** The shape of client/src/trace.ts (another TypeScript project: loaded at run time). */
interface TraceModule {
  tracing(v: unknown): boolean;
  traceSetting(v: unknown): string;
  bannerLine(info: { version: string; transport: string; serverPath: string; roots: readonly string[]; configFiles: readonly string[] }): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const trace = require(path.join(REPO_ROOT, 'client', 'out', 'trace.js')) as TraceModule;

test('awsdp.trace.server: messages and verbose trace, off and anything else do not', () => {
  assert.equal(trace.tracing('messages'), true);
  assert.equal(trace.tracing('verbose'), true);
  assert.equal(trace.tracing('off'), false);
  assert.equal(trace.tracing(undefined), false);
  assert.equal(trace.tracing('yes'), false);
  assert.equal(trace.traceSetting('verbose'), 'verbose');
});

test('the output banner says version, server, transport, roots and config files', () => {
  const line = trace.bannerLine({ version: '0.1.0', transport: 'Node IPC', serverPath: 'dist/server.js', roots: ['/w/a', '/w/b'], configFiles: ['a/.awsdp.yaml'] });
  assert.equal(line, 'awsdp 0.1.0 — language server dist/server.js over Node IPC; workspace roots: /w/a, /w/b; config files: a/.awsdp.yaml');
  assert.match(trace.bannerLine({ version: '1', transport: 'stdio', serverPath: 's', roots: [], configFiles: [] }), /roots: \(no folder open\); config files: none$/);
});
