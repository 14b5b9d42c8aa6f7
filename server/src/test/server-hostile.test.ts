/**
 * The hostile inputs (hostile-inputs.ts) through the language server over stdio: every file is
 * answered with diagnostics, slow files are cut at the time budget with a notice while the other
 * files keep being served, and the server is alive (and exits cleanly) at the end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver/node';
import { DEFAULT_BUDGET_MS, LineIndex, MAX_MESSAGE_LENGTH } from '../engine/index';
import { HOSTILE } from './hostile-inputs';
import { pathToUri, TestClient } from './server-lsp-client';
import { withinTime } from './timing';

const LANGUAGE: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.tf': 'terraform' };
const languageOf = (p: string) => LANGUAGE[path.extname(p)] ?? 'plaintext';

const POLICY = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n';

function checkDiagnostics(text: string, diags: Diagnostic[], what: string): void {
  const lines = new LineIndex(text);
  for (const d of diags) {
    assert.ok(d.range.start.line >= 0 && d.range.end.line < lines.lineCount, `${what}: range inside the document`);
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    assert.ok(message.length <= MAX_MESSAGE_LENGTH + 40, `${what}: bounded message`);
    assert.doesNotMatch(message, /internal error/, `${what}: ${message}`);
  }
}

describe('language server: hostile files over stdio', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'awsdp-hostile-lsp-'));
    client = await TestClient.start({ rootDir: root });
  });

  after(() => {
    client?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  test('every hostile file is answered; slow ones end at the budget with a notice', async () => {
    const t0 = Date.now();
    for (const [i, [name, file, make]] of HOSTILE.entries()) {
      // One directory each: Terraform files of one directory are one module (each other's context).
      const p = path.join(root, String(i), file);
      const uri = pathToUri(p);
      const text = make();
      const s = performance.now();
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: languageOf(p), version: 1, text } });
      const published = await client.diagnosticsFor(uri, 1);
      const ms = performance.now() - s;
      checkDiagnostics(text, published.diagnostics, name);
      if (process.env.AWSDP_TEST_VERBOSE) process.stdout.write(`# ${name}: ${Math.round(ms)} ms\n`);
      // The budget, plus moving megabytes over the pipe and the step in flight when it ran out (timing lane).
      withinTime(ms, DEFAULT_BUDGET_MS + 8000, `${name}: answered`);
      await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    process.stdout.write(`# server: ${HOSTILE.length} hostile files answered in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  });

  test('a file that runs out of time says so, and the next file is served right after', async () => {
    const slowUri = pathToUri(path.join(root, 'slow', 'main.tf'));
    const fastUri = pathToUri(path.join(root, 'fast', 'policy.json'));
    const slow = 'locals { x = 1 }\n'.repeat(300_000);
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: slowUri, languageId: 'terraform', version: 1, text: slow } });
    const s = performance.now();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: fastUri, languageId: 'json', version: 1, text: POLICY } });
    const fast = await client.diagnosticsFor(fastUri, 1);
    withinTime(performance.now() - s, DEFAULT_BUDGET_MS + 3000, 'the small file waited at most one budget');
    assert.deepEqual(
      fast.diagnostics.map((d) => d.code),
      ['DP201'],
    );
    const stopped = await client.diagnosticsFor(slowUri, 1);
    assert.match(stopped.diagnostics.map((d) => d.message).join('\n'), /analysis stopped after \d+ ms: parsing Terraform did not finish in time/);
    // An edit of the slow file is cut again; the server stays responsive.
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: slowUri, version: 2 }, contentChanges: [{ text: slow + 'locals { y = 2 }\n' }] });
    await client.diagnosticsFor(slowUri, 2);
  });

  test('a file over the size limit is skipped with a warning', async () => {
    const uri = pathToUri(path.join(root, 'big', 'policy.json'));
    const text = POLICY + ' '.repeat(11 * 1024 * 1024);
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const d = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(
      d.diagnostics.map((x) => x.message),
      ['file skipped: larger than 10 MB'],
    );
  });

  test('the server is alive at the end, sent no telemetry, and exits cleanly', async () => {
    const uri = pathToUri(path.join(root, 'last', 'policy.json'));
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: POLICY } });
    const d = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(
      d.diagnostics.map((x) => x.code),
      ['DP201'],
    );
    assert.deepEqual(client.otherNotifications, [], 'no telemetry/event or other notification');
    assert.deepEqual(client.unexpectedRequests, []);
    assert.doesNotMatch(client.logs.join('\n'), /uncaught|unhandled|failed/i, 'nothing failed in the server');
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr, '');
  });
});
