/**
 * The language server and AWS SDK/CLI config files: Scan Workspace reports a project's `.aws/config`
 * without opening it, the file watcher analyses a created `.aws/credentials`, and the server asks the
 * client to watch those files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidChangeWatchedFilesNotification, ExecuteCommandRequest, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { WATCHED_GLOBS } from '../server/server';
import { compileGlobs } from '../engine/glob';
import { EDITOR_CAPABILITIES, pathToUri, TestClient, writeFileAt as write } from './server-lsp-client';

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).filter(Boolean);

describe('AWS config files in the language server', () => {
  let root: string;
  let client: TestClient;
  const uri = (rel: string) => pathToUri(path.join(root, rel));

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-awsconfig-'));
    write(root, 'deploy/.aws/config', '[profile deploy]\nregion = us-east-2\nuse_fips_endpoint = false\n');
    write(root, 'deploy/config', '[profile deploy]\nuse_fips_endpoint = false\n');
    client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}) });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('the server watches .aws/config and .aws/credentials', () => {
    const watched = compileGlobs(WATCHED_GLOBS);
    for (const f of ['a/.aws/config', '.aws/credentials']) assert.ok(watched(f), f);
    assert.equal(watched('a/config'), false);
  });

  test('Scan Workspace reports .aws/config; a config file outside .aws is not read', async () => {
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'awsdp.scanWorkspace', arguments: [] });
    const p = await client.diagnostics(uri('deploy/.aws/config'));
    assert.deepEqual(codes(p), ['DP403']);
    assert.deepEqual(p.diagnostics[0].range, { start: { line: 2, character: 20 }, end: { line: 2, character: 25 } });
    assert.ok(!client.published.some((x) => x.uri === uri('deploy/config')));
  });

  test('watcher: a created .aws/credentials is analysed', async () => {
    const created = write(root, 'ci/.aws/credentials', '[ci]\nregion = us-gov-west-1\n');
    const next = client.diagnostics(uri('ci/.aws/credentials'), (p) => codes(p).includes('DP404'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(created), type: FileChangeType.Created }] });
    const p = await next;
    assert.equal(p.diagnostics[0].severity, 2); // GovCloud: a warning
  });
});
