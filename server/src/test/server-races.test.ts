/**
 * Open documents against the workspace scan, through the bundled server over stdio: what a user saw
 * in a real workbench (an opened file without diagnostics for 90 s while the machine was busy, a
 * closed file keeping its buffer's problems). Every wait is driven by messages; nothing is timed.
 *
 * - An opened Terraform file reads its module's other files from disk before it is analysed. Each
 *   read was an await, and each await let one more batch of a running workspace scan go first: with
 *   a large module the file got its diagnostics only once the whole scan was over. The scan now waits
 *   for the open documents' analyses between its batches.
 * - A file closed with unsaved problems goes back to what the file on disk says: when the disk text
 *   was clean, nothing was published and the buffer's problems stayed for good.
 * - A client may spell a file's URI otherwise than Node does (VS Code writes `%40` for `@`): a disk
 *   result under Node's spelling replaced the open buffer's diagnostics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { EDITOR_CAPABILITIES, pathToUri, TestClient, writeFileAt as write } from './server-lsp-client';

const OPEN_POLICY = `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2)}\n`;
const NOT_A_POLICY = '{"name": "not a policy"}\n';
/** A bucket policy without the TLS Deny, whole in one file: DP201 whatever the module's other files say. */
const TF_POLICY = `resource "aws_s3_bucket_policy" "p" {
  bucket = "logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::logs/*"
    }]
  })
}
`;

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).filter(Boolean);

async function scan(client: TestClient): Promise<{ files: number; cancelled: boolean }> {
  return (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'awsdp.scanWorkspace', arguments: [] })) as never;
}

/** A round trip: every message the server wrote before answering has been received. */
async function roundTrip(client: TestClient, uri: string): Promise<void> {
  await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
}

describe('open documents and the workspace scan', () => {
  test('an opened Terraform file of a large module is analysed while a scan runs, not after it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-race-module-'));
    // JSON files first (the scan's order), then a module of 150 files: opening one reads the 149 others.
    for (let i = 0; i < 1500; i++) write(root, `a/${String(i).padStart(4, '0')}.json`, OPEN_POLICY);
    for (let i = 0; i < 149; i++) write(root, `z/m${String(i).padStart(3, '0')}.tf`, `resource "null_resource" "n${i}" {}\n`);
    const main = write(root, 'z/main.tf', TF_POLICY);
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}), initializationOptions: { changeDelayMs: 0 } });
    try {
      const result = scan(client);
      // Once the scan has published its first file, open the Terraform file.
      await client.diagnostics(pathToUri(path.join(root, 'a', '0000.json')), (p) => codes(p).includes('DP201'));
      const u = pathToUri(main);
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'terraform', version: 1, text: TF_POLICY } });
      const mine = await client.diagnosticsFor(u, 1);
      assert.deepEqual(codes(mine), ['DP201']);
      const lastFile = pathToUri(path.join(root, 'a', '1499.json'));
      const before = client.published.slice(0, client.published.indexOf(mine));
      assert.ok(!before.some((p) => p.uri === lastFile), `the opened file waited for the scan: ${before.filter((p) => p.uri.includes('/a/')).length} scanned files were published first`);
      const summary = await result;
      assert.equal(summary.cancelled, false);
      assert.equal(summary.files, 1650);
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a file closed with a problem only in its buffer goes back to its clean disk state', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-race-close-'));
    const file = write(root, 'p/policy.json', NOT_A_POLICY);
    write(root, 'p/other.json', OPEN_POLICY);
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}) });
    try {
      assert.equal((await scan(client)).cancelled, false);
      const u = pathToUri(file);
      // An unsaved edit that has a problem; the file on disk has none.
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'json', version: 1, text: NOT_A_POLICY } });
      await client.diagnosticsFor(u, 1);
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: OPEN_POLICY }] });
      assert.deepEqual(codes(await client.diagnosticsFor(u, 2)), ['DP201']);
      const cleared = client.diagnostics(u, (p) => p.version === undefined && p.diagnostics.length === 0, { includePast: false });
      await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
      await cleared;
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a disk result never replaces an open buffer\'s diagnostics, however the client spells the URI', async () => {
    // VS Code writes `@` as `%40` in a file URI; Node's pathToFileURL keeps it.
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-race-uri-'));
    const file = write(root, 'env@prod/policy.json', OPEN_POLICY);
    const marker = write(root, 'env@prod/zz-marker.json', OPEN_POLICY);
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}) });
    try {
      assert.equal((await scan(client)).cancelled, false);
      const nodeUri = pathToUri(file);
      const clientUri = nodeUri.replace('env@prod', 'env%40prod');
      assert.notEqual(clientUri, nodeUri);
      await client.diagnostics(nodeUri, (p) => codes(p).includes('DP201'));
      // The buffer fixes the problem (unsaved): no diagnostics.
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: clientUri, languageId: 'json', version: 1, text: NOT_A_POLICY } });
      assert.deepEqual((await client.diagnosticsFor(clientUri, 1)).diagnostics, []);
      const mark = client.published.length;
      // A file watcher event for it (and for a marker file of the same batch): the disk still has the problem.
      const markerUri = pathToUri(marker);
      const markerSeen = client.diagnostics(markerUri, () => true, { includePast: false });
      await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [
          { uri: clientUri, type: FileChangeType.Changed },
          { uri: markerUri, type: FileChangeType.Changed },
        ],
      });
      await markerSeen;
      await roundTrip(client, clientUri);
      const after = client.published.slice(mark).filter((p) => p.uri === nodeUri || p.uri === clientUri);
      assert.deepEqual(after, [], 'the disk state was published over the open buffer');
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an open document whose analysis the time budget stopped', () => {
  // A busy machine stops an analysis at the budget (2 s in the editor); the file then showed
  // "analysis stopped" until the next edit. Here the budget is a microsecond, so every analysis stops.
  test('is analysed again by itself after a pause, a bounded number of times per version; an edit starts over', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-race-retry-'));
    const file = write(root, 'policy.json', OPEN_POLICY);
    const env = { ...process.env, AWSDP_FILE_BUDGET_MS: '0.001', AWSDP_RETRY_DELAYS_MS: '20,40' };
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}), initializationOptions: { changeDelayMs: 0 }, env });
    const u = pathToUri(file);
    const stopped = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => typeof d.message === 'string' && /^analysis stopped after \d+ ms: .*\(time budget 0\.001 ms\)/.test(d.message));
    const ofVersion = (v: number) => client.published.filter((p) => p.uri === u && p.version === v);
    try {
      for (const [version, send] of [
        [1, () => client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'json', version: 1, text: OPEN_POLICY } })],
        [2, () => client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: OPEN_POLICY + '\n' }] })],
      ] as const) {
        let seen = 0;
        // The first analysis, then one per retry delay (two), all of the same version.
        const third = client.diagnostics(u, (p) => p.version === version && stopped(p) && ++seen === 3, { includePast: false });
        await send();
        await third;
        // No more: wait well past the last delay, then a round trip (everything sent before it has arrived).
        await new Promise((r) => setTimeout(r, 400));
        await roundTrip(client, u);
        assert.equal(ofVersion(version).length, 3, `version ${version}: the first analysis and two retries, then none`);
        assert.ok(ofVersion(version).every(stopped));
      }
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
